"""``newsbench build [--check]``: parse, call :mod:`newsbench.dataset.build`, print (loaded by :mod:`newsbench.cli`
when it runs; its arguments are added by the function :data:`ARGUMENTS` maps its name to)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable

from ..cli_common import EXIT_OK, EXIT_PROBLEMS, print_problems
from ..validate import InvalidInput
from . import build as dataset_build
from .rows import NOTICE_CHECKS


def cmd_build(args: argparse.Namespace) -> int:
    """Build the dataset and the card (or, with --check, list the stale files); a summary of the notices."""
    try:
        if args.check:
            stale = dataset_build.check()
        else:
            result = dataset_build.build()
    except InvalidInput as e:
        print_problems(e.problems)
        print(f"newsbench build: {len(e.problems)} problem(s); nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.check:
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        print(f"build --check: {len(stale)} stale file(s)" + ("; run `newsbench build`" if stale else ""))
        return EXIT_PROBLEMS if stale else EXIT_OK
    for check, n in sorted(Counter(n.check for n in result.notices).items()):
        print(f"note: {n} x {check}: {NOTICE_CHECKS[check]}" + ("" if args.verbose else " (--verbose lists them)"))
    if args.verbose:
        for notice in result.notices:
            print(f"note: {notice}")
    for config, splits in result.rows.items():
        print(f"{config:<10} " + ", ".join(f"{split} {rows} rows" for split, rows in splits.items()))
    print(f"built {len(result.files)} file(s) from {sum(result.documents.values())} document(s); card: {result.readme}")
    return EXIT_OK


def add_build_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench build``."""
    p.add_argument("--check", action="store_true", help="exit 1 if the committed files are stale against the gold")
    p.add_argument("--verbose", action="store_true", help="list every notice (annotations the tokens cannot carry)")
    p.set_defaults(func=cmd_build)


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {"build": add_build_arguments}
