"""The ``newsbench run-baseline`` subcommand (loaded by :mod:`newsbench.cli` when it runs; its arguments are added
by the function :data:`ARGUMENTS` maps its name to)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .. import jsonio
from ..cli_common import EXIT_OK, EXIT_PROBLEMS
from .registry import SYSTEMS, run_baseline
from .spacy_sm import BaselineUnavailable


def cmd_run_baseline(args: argparse.Namespace) -> int:
    """``newsbench run-baseline``: regenerate a baseline's submission in eval/systems/<name>/."""
    if args.out is not None:
        jsonio.check_output_folder(args.out)
    try:
        result = run_baseline(args.name, args.out)
    except BaselineUnavailable as e:
        print(f"newsbench run-baseline {args.name}: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    for p in result.problems:
        print(p, file=sys.stderr)
    if result.submission_path is None:
        print(f"{args.name}: no documents, nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
    print(f"{args.name}: {result.documents} document(s) ({counts}) -> {result.submission_path}, {result.system_path}")
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def add_run_baseline_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench run-baseline``."""
    p.add_argument("name", choices=sorted(SYSTEMS), help="the system")
    p.add_argument("--out", type=Path, help="folder for submission.json and system.json (default: eval/systems/<name>)")
    p.set_defaults(func=cmd_run_baseline)


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {"run-baseline": add_run_baseline_arguments}
