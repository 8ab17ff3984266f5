"""What every ``newsbench`` subcommand shares: the exit codes, problem printing and common options.

A leaf below :mod:`newsbench.cli` and the command modules its table names (``*/commands.py``,
``corpus_commands``, ``pipeline_commands``): they import this, and nothing here imports any of them back.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .paths import seeds_dir
from .problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass(frozen=True)
class Later:
    """A command's function named by its module and name, imported when the command runs: a parser's
    ``set_defaults(func=Later(...))`` keeps ``newsbench COMMAND --help`` from loading what only the work needs
    (tests/test_import_graph.py reads these as imports of the module that names them, in the cycle check)."""

    module: str
    """Absolute module name, e.g. ``newsbench.evaluation.actions``."""
    name: str

    def __call__(self, args: argparse.Namespace) -> int:
        """Import the module, run the function on the parsed arguments; its exit code."""
        # A command imports some hundred modules: with the collector on, its passes re-walk every object the
        # imports made so far, to find no garbage (module objects live until the process ends). Frozen after, the
        # later passes (and forked workers') skip them.
        gc.disable()
        try:
            function = getattr(importlib.import_module(self.module), self.name)
        finally:
            gc.enable()
        gc.freeze()
        code: int = function(args)
        return code


def print_problems(problems: Sequence[Problem], as_json: bool = False) -> None:
    """Problems one per line on stderr, or as a JSON list on stdout (every subcommand reports this way)."""
    if as_json:
        print(json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=1))
    else:
        for p in problems:
            print(p, file=sys.stderr)


def print_warnings(warnings: Sequence[Problem]) -> None:
    """Warnings one per line on stderr, each after ``warning:`` (they never stop a command)."""
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)


def add_seed_options(p: argparse.ArgumentParser) -> None:
    """``--seeds DIR`` and ``--no-seeds``, read back by :func:`seeds_option`."""
    p.add_argument("--seeds", type=Path, help="seed folder to check texts against (default: corpus/seeds)")
    p.add_argument("--no-seeds", action="store_true", help="do not check texts against seeds")


def seeds_option(args: argparse.Namespace) -> Path | None:
    """The seed folder the options of :func:`add_seed_options` name (None: do not check texts against seeds)."""
    if args.no_seeds:
        return None
    return args.seeds if args.seeds is not None else seeds_dir()
