"""The arguments of the ``validate-submission``, ``score``, ``compare`` and ``leaderboard`` subcommands. Loaded by
:mod:`newsbench.cli` when one of them runs; each command's arguments are added by the function :data:`ARGUMENTS`
maps its name to, and its work is :mod:`newsbench.evaluation.actions`' function, imported only when it runs (so that
``--help`` stays cheap)."""

from __future__ import annotations

from collections.abc import Callable

import argparse
from pathlib import Path

from ..cli_common import Later

ACTIONS = "newsbench.evaluation.actions"


def _count(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer >= ``minimum`` (a negative resample count is a usage error, exit 2)."""
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected an integer >= {minimum}, found {value}")
        return value
    return parse


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, found {text}")
    return value


def _workers(text: str) -> int | None:
    return None if text == "auto" else _positive(text)


def add_validate_submission_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench validate-submission``."""
    p.add_argument("file", type=Path, help="the submission: JSON, or JSON Lines when it ends in .jsonl "
                   "(eval/README.md §1)")
    p.add_argument("--gold", type=Path, help="gold folder (default: corpus/gold)")
    p.add_argument("--no-gold", action="store_true", help="check without the gold (no doc id / span range checks)")
    p.add_argument("--strict", action="store_true", help="a gold document missing from the submission is a problem")
    p.add_argument("--json", action="store_true", help="print problems and warnings as JSON")
    p.set_defaults(func=Later(ACTIONS, "cmd_validate_submission"))


def add_score_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench score``."""
    p.add_argument("pred", type=Path, help="the submission (schema/submission.schema.json; JSON Lines when it ends "
                   "in .jsonl)")
    p.add_argument("--gold", type=Path, help="gold folder (default: corpus/gold)")
    p.add_argument("--tasks", nargs="+", metavar="TASK",
                   help="tasks to score (default: every task the submission has predictions for)")
    p.add_argument("--out", type=Path, help="result file (default: <submission stem>.result.json beside it)")
    p.add_argument("--bootstrap", type=_count(0), default=1000, metavar="N",
                   help="bootstrap resamples (default 1000; 0: none)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap (default 0)")
    p.add_argument("--errors", type=Path, metavar="DIR", help="write the error analysis to DIR")
    p.add_argument("--strict", action="store_true", help="a gold document missing from the submission is a problem")
    p.add_argument("--by-type", action="store_true", help="print the per-type rows too")
    p.add_argument("--workers", type=_workers, default=None, metavar="N|auto",
                   help="check the submission and score the gold in N processes (default auto: one per core, for a "
                   "corpus large enough that they pay; the result is the same)")
    p.set_defaults(func=Later(ACTIONS, "cmd_score"))


def add_compare_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench compare``."""
    p.add_argument("a", type=Path)
    p.add_argument("b", type=Path)
    p.add_argument("--resamples", type=_count(1), default=1000, metavar="N",
                   help="resamples of each test (default 1000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, help="also write the comparison as JSON")
    p.set_defaults(func=Later(ACTIONS, "cmd_compare"))


def add_leaderboard_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench leaderboard``."""
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    p.add_argument("--bootstrap", type=_count(0), default=1000, metavar="N", help="bootstrap resamples (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap (default 0)")
    p.add_argument("--systems", type=Path, help="folder of system folders (default: eval/systems)")
    p.add_argument("--gold", type=Path, help="gold folder (default: corpus/gold)")
    p.add_argument("--out", type=Path, help="output folder (default: eval)")
    p.set_defaults(func=Later(ACTIONS, "cmd_leaderboard"))


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "validate-submission": add_validate_submission_arguments, "score": add_score_arguments,
    "compare": add_compare_arguments, "leaderboard": add_leaderboard_arguments}
