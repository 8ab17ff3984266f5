"""The corpus subcommands ``ingest``, ``validate`` and ``stats``: parse, call the library, print.

Loaded by :mod:`newsbench.cli` only when one of them runs (its command table names this module); each command's
arguments are added by the function :data:`ARGUMENTS` maps its name to.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path

from .cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_problems, print_warnings
from .corpus import MetaOptions, check_seeds, ingest, ingest_sources, summarise
from .paths import gold_dir, seeds_dir
from .problems import Problem
from .validate import (InvalidInput, check_documents, gold_paths, load_valid_documents, prepare_checks,
                       run_beside)


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
    problems: list[Problem] = []
    warnings: list[Problem] = []
    files = 0
    prepare_checks()  # before the seed checks and the workers fork
    # the whole corpus: its seeds are checked too, beside the documents
    with contextlib.nullcontext(list) if args.paths else run_beside(check_seeds) as seed_problems:
        # every file checked in full (the cache only records what passed), one document in memory at a time
        for result in check_documents(args.paths or None, seeds=args.seeds or seeds_dir(), progress="validate"):
            problems.extend(result.problems)
            warnings.extend(result.warnings)
            files += 1
        problems = seed_problems() + problems
    print_warnings(warnings)  # on stderr in both modes: --json's list on stdout holds the problems only
    print_problems(problems, args.json)
    if not args.json:
        noted = f", {len(warnings)} warning(s)" if warnings else ""
        print(f"validated {files} file(s): {len(problems)} problem(s){noted}")
    return EXIT_PROBLEMS if problems or (args.strict and warnings) else EXIT_OK


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


def _gold_paths() -> list[Path]:
    return gold_paths(gold_dir())


def add_ingest_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench ingest``."""
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


def add_validate_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench validate``."""
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/gold and corpus/annotations)")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.add_argument("--seeds", type=Path, help="folder of seed texts to check against (default: corpus/seeds)")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too (e.g. head-whole-nominal)")
    p.set_defaults(func=cmd_validate)


def add_stats_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench stats``."""
    p.add_argument("paths", nargs="*", type=Path)
    p.add_argument("--seeds", type=Path, help="folder of seed texts to check against (default: corpus/seeds)")
    p.set_defaults(func=cmd_stats)


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "ingest": add_ingest_arguments, "validate": add_validate_arguments, "stats": add_stats_arguments}
