"""The annotation subcommands: ``status``, ``agree``, ``adjudicate`` and ``standoff ...``: parse, call the
library, print.

Loaded by :mod:`newsbench.cli` only when one of them runs (its command table names this module); each command's
arguments are added by the function :data:`ARGUMENTS` maps its name to.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .. import jsonio
from ..cli_common import (EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, add_seed_options, print_problems, print_warnings,
                          seeds_option)
from ..jsonio import write_bytes_atomic, write_document, write_json
from ..model import StandoffRound
from ..problems import Problem
from .rounds import document_status, status_table
from .standoff import check_output_path, rebuild, strip, write_packet


# --- status --------------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    """``newsbench status``: each document's stage, from seed to gold."""
    rows = [r for r in document_status() if not args.doc_ids or r.doc_id in args.doc_ids]
    print(status_table(rows))
    return EXIT_OK


# --- standoff passes on development-corpus texts ------------------------------------------------


def cmd_standoff_rebuild(args: argparse.Namespace) -> int:
    """``newsbench standoff rebuild``: full documents from standoff passes and their source texts."""
    problems: list[Problem] = []
    built = []
    for path in args.passes:
        doc, found = rebuild(path, corpora=args.corpora)
        problems += found
        if doc is not None:
            out = args.output / path.stem / f"{doc.doc_id}.json"
            unsafe = check_output_path(out, holds_text=True)
            problems += unsafe
            if not unsafe:
                built.append((out, doc))
    print_problems(problems, args.json)
    if problems:  # nothing is written unless every pass rebuilds
        return EXIT_PROBLEMS
    for out, doc in built:
        write_document(out, doc)
        print(out)
    return EXIT_OK


def cmd_standoff_strip(args: argparse.Namespace) -> int:
    """``newsbench standoff strip``: a standoff pass (offsets and labels, no text) from a document."""
    if _round_misgiven(args):
        return EXIT_USAGE
    data, problems = strip(args.document, args.source, round_=_round(args), corpora=args.corpora)
    problems = problems or check_output_path(args.output)
    print_problems(problems, args.json)
    if problems:
        return EXIT_PROBLEMS
    write_json(args.output, data)
    print(args.output)
    return EXIT_OK


def cmd_standoff_agree(args: argparse.Namespace) -> int:
    """``newsbench standoff agree``: agreement of the standoff passes, with each other and the human annotation."""
    # lazy: loads numpy (the eval extra)
    from .standoff_agreement import Section, disagreements, rebuild_all, sections, sections_json, sections_markdown

    rebuilt, problems = rebuild_all(args.root, corpora=args.corpora)
    parts: list[Section] = []
    if rebuilt is not None:
        if args.round is not None and args.round not in {r.number for r in rebuilt.rounds()}:
            known = ", ".join(str(r.number) for r in rebuilt.rounds())
            print(f"newsbench standoff agree: --round {args.round}: the passes are of round(s) {known}",
                  file=sys.stderr)
            return EXIT_USAGE
        parts, problems = sections(rebuilt, only=args.round)
    print_problems(problems, args.json)
    if problems:
        return EXIT_PROBLEMS
    if args.output is not None:
        write_bytes_atomic(args.output, sections_json(parts).encode("utf-8"))
    if args.json:
        print(sections_json(parts), end="")
    elif args.disagreements:
        assert rebuilt is not None  # rebuild_all gives problems whenever it gives nothing
        print(disagreements(rebuilt, only=args.round), end="")
    else:
        print(sections_markdown(parts), end="")
    return EXIT_OK


def cmd_standoff_packet(args: argparse.Namespace) -> int:
    """``newsbench standoff packet``: the files an annotator needs for one development article."""
    if _round_misgiven(args):
        return EXIT_USAGE
    paths, problems = write_packet(args.format, args.corpus, args.file, args.article, args.output,
                                   round_=_round(args), corpora=args.corpora)
    print_problems(problems, args.json)
    for path in paths:
        print(path)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _round(args: argparse.Namespace) -> StandoffRound | None:
    """The round given by ``--round`` and ``--guidelines`` (both or neither: :func:`_round_misgiven`)."""
    return None if args.round is None else StandoffRound(args.round, args.guidelines)


def _round_misgiven(args: argparse.Namespace) -> bool:
    """True (and the usage error printed) when only one of ``--round`` and ``--guidelines`` is given."""
    if (args.round is None) == (args.guidelines is None):
        return False
    print(f"newsbench standoff {args.standoff_command}: --round and --guidelines go together", file=sys.stderr)
    return True


def _add_round_options(q: argparse.ArgumentParser, what: str) -> None:
    q.add_argument("--round", type=_positive, metavar="N", help=f"the annotation round {what} (1, 2, ...)")
    q.add_argument("--guidelines", type=_commit, metavar="COMMIT",
                   help="with --round: the commit of schema/GUIDELINES.md the annotators were given (hex)")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a round number >= 1, found {value!r}")
    return int(value)


def _commit(value: str) -> str:
    if not jsonio.COMMIT.fullmatch(value):
        raise argparse.ArgumentTypeError(f"expected a commit of 7-40 lowercase hex digits, found {value!r}")
    return value


# --- agree and adjudicate ------------------------------------------------------------------------


def _passes(args: argparse.Namespace):
    from .agreement import load_pass  # lazy: loads numpy (the eval extra)

    seeds = seeds_option(args)
    return (load_pass(args.a, annotator=args.annotator_a, seeds=seeds),
            load_pass(args.b, annotator=args.annotator_b, seeds=seeds))


def cmd_agree(args: argparse.Namespace) -> int:
    """``newsbench agree``: agreement between two annotation passes."""
    from .agreement import agreement, agreement_json, agreement_table  # lazy: loads numpy (the eval extra)

    if args.output:
        jsonio.check_output_file(args.output)
    a, b = _passes(args)
    result, problems = agreement(a, b, reference=args.reference)
    print_warnings([*a.warnings, *b.warnings])
    print_problems(problems)
    if result is None:
        return EXIT_PROBLEMS
    if args.output:
        jsonio.write_text_atomic(args.output, agreement_json(result))
    print(agreement_json(result) if args.json else agreement_table(result), end="" if args.json else "\n")
    return EXIT_OK


def cmd_adjudicate(args: argparse.Namespace) -> int:
    """``newsbench adjudicate``: the disagreements of two passes, merged by the decisions given."""
    # lazy: loads numpy (the eval extra)
    from .adjudication import Decision, adjudicate, decisions_from_options, read_decisions, write_adjudication

    jsonio.check_output_folder(args.output)
    a, b = _passes(args)
    decisions: dict[tuple[str, str], Decision] = {}
    problems: list[Problem] = []
    if args.decisions is not None:
        decisions, problems = read_decisions(args.decisions)
        if problems:
            print_problems(problems)
            return EXIT_PROBLEMS
    if args.decide or args.set:
        found = adjudicate(a, b, {}, seeds=seeds_option(args))
        given, problems = decisions_from_options(found.items, args.decide, args.set)
        if problems:
            print_problems(problems)
            return EXIT_PROBLEMS
        decisions = {**decisions, **given}
    result = adjudicate(a, b, decisions, decisions_file=str(args.decisions or "decisions"), seeds=seeds_option(args))
    print_warnings([*a.warnings, *b.warnings, *result.warnings])
    print_problems(result.problems)
    if [p for p in result.problems if p.check not in ("passes-partial", "decision-missing")]:
        print(f"adjudication failed; {args.output} left as it was", file=sys.stderr)
        return EXIT_PROBLEMS
    write_adjudication(result, args.output, a.source, b.source)
    for note in result.notes:
        print(note, file=sys.stderr)
    print(f"{len(result.items)} disagreement(s), {result.undecided} undecided; report: "
          f"{args.output / 'disagreements.txt'}; merged document(s) written: {len(result.merged)}")
    if result.undecided:
        return EXIT_PROBLEMS
    if args.gold:
        from .adjudication import install_gold  # lazy: loads numpy (the eval extra)

        installed = install_gold(result.merged, split=args.split, replace=args.replace_gold)
        print_problems(installed.problems)
        if installed.problems:
            return EXIT_PROBLEMS
        for path, (doc_id, split) in zip(installed.written, installed.splits.items(), strict=True):
            print(f"{doc_id}: into the gold as {path}, split {split}")
    return EXIT_OK


def _add_pass_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", type=Path, help="pass A: a folder of documents, a document, a quoted glob pattern "
                                        "('corpus/annotations/*/pass-a.json'), or a Label Studio export")
    p.add_argument("b", type=Path, help="pass B: likewise")
    p.add_argument("--annotator-a", help="with an export: pass A is this annotator's (user id or email)")
    p.add_argument("--annotator-b", help="with an export: pass B is this annotator's (user id or email)")
    add_seed_options(p)


def add_agree_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench agree``."""
    _add_pass_options(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of the table")
    p.add_argument("-o", "--output", type=Path, help="also write the JSON here")
    p.add_argument("--reference", action="store_true",
                   help="A is a reference annotation (e.g. a corpus's own, partial): compare only on the layers "
                        "and ranges A declares; B must declare at least those")
    p.set_defaults(func=cmd_agree)


def add_adjudicate_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench adjudicate``."""
    _add_pass_options(p)
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="folder for disagreements.json/.txt and, once all is decided, the merged documents")
    p.add_argument("--decisions", type=Path, help="the report with a decision filled in for each item: A, B, or C "
                                                  "with the adjudicator's own value in a \"C\" key")
    p.add_argument("--decide", action="append", default=[], metavar="ITEM=A|B|C",
                   help="decide an item on the command line (repeatable; ITEM as in the report, or DOC_ID/ITEM); "
                        "C takes the value of the pass that has the item, changed by --set")
    p.add_argument("--set", action="append", default=[], metavar="ITEM.FIELD=VALUE",
                   help="with --decide ITEM=C: the adjudicator's value of one field (JSON for numbers and null, "
                        "else text), e.g. --set timex:10-19.value=2020-05-13")
    p.add_argument("--gold", action="store_true",
                   help="once all is decided, put the merged documents into corpus/gold and corpus/splits.json "
                        "(a listed document keeps its split; a new one goes to --split)")
    p.add_argument("--split", choices=("train", "validation", "test"), default="test",
                   help="with --gold: the split of a document not yet listed (default: test)")
    p.add_argument("--replace-gold", action="store_true", help="with --gold: replace a different gold document")
    p.set_defaults(func=cmd_adjudicate)


# --- parsers ---------------------------------------------------------------------------------------


def add_status_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench status``."""
    p.add_argument("doc_ids", nargs="*", metavar="DOC_ID", help="only these documents (default: all)")
    p.set_defaults(func=cmd_status)


def add_standoff_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench standoff rebuild|strip|agree|packet``."""
    standoff = p.add_subparsers(dest="standoff_command", metavar="COMMAND", required=True)
    corpora_help = "the development corpora (default: $NEWSBENCH_CORPORA or shared/corpora beside the checkout)"
    q = standoff.add_parser("rebuild", help="rebuild full documents from standoff passes and the corpora "
                                             "(refused when a text's sha256 differs)")
    q.add_argument("passes", nargs="+", type=Path, help="standoff pass files (corpus/standoff/<doc_id>/<pass>.json)")
    q.add_argument("-o", "--output", type=Path, required=True, help="folder; writes OUTPUT/<pass>/<doc_id>.json")
    q.set_defaults(func=cmd_standoff_rebuild)
    q = standoff.add_parser("strip", help="make a standoff pass from a full document on a development-corpus text")
    q.add_argument("document", type=Path, help="a valid newsbench document")
    q.add_argument("-s", "--source", type=Path, required=True,
                   help="a JSON file with the text's standoff header: the packet's meta.json, or another pass")
    q.add_argument("-o", "--output", type=Path, required=True, help="the standoff pass file to write")
    _add_round_options(q, "the pass belongs to (default: the source header's)")
    q.set_defaults(func=cmd_standoff_strip)
    q = standoff.add_parser("agree", help="rebuild every standoff pass and print its agreement: pass A vs pass B per "
                                           "corpus and overall, each pass vs the corpus's human annotation per corpus")
    q.add_argument("--root", type=Path,
                   help="folder of <doc_id>/pass-a.json and pass-b.json (default: corpus/standoff)")
    q.add_argument("--disagreements", action="store_true",
                   help="list every item on which A and B differ, per document and layer, instead of the table")
    q.add_argument("-o", "--output", type=Path, help="also write every comparison's full result as JSON here")
    q.add_argument("--round", type=_positive, metavar="N", help="only round N (default: each round, then all pooled)")
    q.set_defaults(func=cmd_standoff_agree)
    q = standoff.add_parser("packet", help="write an annotation packet (text.txt, meta.json) for one source article")
    q.add_argument("--format", required=True, help="importer name (as for newsbench import)")
    q.add_argument("--corpus", required=True, help="folder of the development corpora: gum-news, meantime-en, geovirus")
    q.add_argument("--file", required=True, help="source file inside that folder")
    q.add_argument("--article", type=int, default=0, help="index of the article among those the file holds (default 0)")
    q.add_argument("-o", "--output", type=Path, required=True, help="packet folder (never inside the repository)")
    _add_round_options(q, "the packet is for, written into its meta.json")
    q.set_defaults(func=cmd_standoff_packet)
    for q in standoff.choices.values():
        q.add_argument("--corpora", type=Path, help=corpora_help)
        q.add_argument("--json", action="store_true", help="print the problems as JSON")


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "status": add_status_arguments, "standoff": add_standoff_arguments, "agree": add_agree_arguments,
    "adjudicate": add_adjudicate_arguments}
