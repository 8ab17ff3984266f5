"""The ``newsbench pipeline`` subcommand: run every step of the main job in order, print each step's outcome.

Loaded by :mod:`newsbench.cli` only when it runs (the pipeline loads every step's modules).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .cli_common import EXIT_OK, EXIT_PROBLEMS, print_problems
from .corpus_commands import cmd_stats
from .pipeline import pipeline_steps, run_pipeline


def cmd_pipeline(args: argparse.Namespace) -> int:
    """``newsbench pipeline``: check, validate, build, run the baselines and render the leaderboard."""
    def started(i: int, n: int, name: str) -> None:
        print(f"[{i}/{n}] {name} ...", flush=True)

    def done(step) -> None:
        status = "ok" if not step.outcome.problems else f"{len(step.outcome.problems)} problem(s)"
        print(f"      {status} in {step.seconds:.1f} s: {step.outcome.summary}", flush=True)
        print_problems(step.outcome.problems)

    results = run_pipeline(pipeline_steps(bootstrap=args.bootstrap, seed=args.seed), on_start=started, on_done=done)
    if any(r.outcome.problems for r in results):
        return EXIT_PROBLEMS
    print()
    cmd_stats(argparse.Namespace(paths=[], seeds=None))
    for r in results:
        if r.outcome.report:
            print()
            print(r.outcome.report)
    return EXIT_OK


def add_pipeline_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench pipeline``."""
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples of the leaderboard's intervals (default 1000, as committed)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap (default 0, as committed)")
    p.set_defaults(func=cmd_pipeline)


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {"pipeline": add_pipeline_arguments}
