"""``newsbench import FORMAT PATH... -o DIR``, ``export FORMAT`` and ``submission-from FORMAT``: the CLI side of the
importers and exporters (parses, calls, prints). Loaded by :mod:`newsbench.cli` when one of them runs; each command's
arguments are added by the function :data:`ARGUMENTS` maps its name to."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from ..cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_problems
from ..jsonio import check_output_folder
from ..model import SystemInfo
from ..ontology import load_ontology
from ..paths import gold_dir
from ..problems import Problem, problem
from ..validate import InvalidInput
from .common import ImportFailed
from .exporters import FORMATS, export_files, submission_from_files
from .importers import IMPORTERS, import_files, seed_conflicts, validate_imported, write_imported
from .problems import Conversion


def _failure(e: ImportFailed, check: str) -> Problem:
    return problem(check, e.file, None, e.where, e.message)


def cmd_import(args: argparse.Namespace) -> int:
    """``newsbench import``: convert a corpus of another format into validated newsbench documents."""
    out = Path(args.output)
    check_output_folder(out)
    try:
        result = import_files(args.format, args.paths, mapping=args.mapping)
    except ImportFailed as e:
        check = "import-mapping-invalid" if args.mapping and e.file == str(args.mapping) else "import-source-invalid"
        print_problems([_failure(e, check)], args.json)
        return EXIT_PROBLEMS
    problems = validate_imported(result)
    if args.seeds is not None:
        problems += seed_conflicts(result, args.seeds)
    if problems:
        print_problems(problems, args.json)
        print(f"newsbench import: {len(problems)} problem(s) in the imported documents; nothing written",
              file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        written = write_imported(result, out, args.seeds)
    except InvalidInput as e:  # a seed that cannot be stored (the output paths are checked as every command's are)
        print_problems(e.problems, args.json)
        return EXIT_PROBLEMS
    if args.json:
        print(json.dumps({"format": args.format, "output": str(out), "documents": len(written),
                          "carried": dict(sorted(result.carried.items())),
                          "not_carried": dict(sorted(result.not_carried.items())),
                          "undeclared_layers": dict(sorted(result.undeclared.items()))}, indent=1))
    else:
        for line in result.report_lines():
            print(line)
        print(f"wrote {len(written)} document(s) to {out}")
    return EXIT_OK


def _report(conversion: Conversion, done: str) -> int:
    print_problems(conversion.problems)
    for line in conversion.note_lines():
        print(line, file=sys.stderr)
    if conversion.problems:
        print(f"{len(conversion.problems)} problem(s); nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(done)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """``newsbench export``: write documents in another format."""
    if args.like and args.format != "conll2012":
        print("newsbench export: --like lines up CoNLL-2012 key and response files; it is for conll2012 only",
              file=sys.stderr)
        return EXIT_USAGE
    paths = args.paths or [gold_dir()]
    conversion = export_files(args.format, paths, args.out, like=args.like or ())
    return _report(conversion, f"exported to {args.out} ({args.format})")


def cmd_submission_from(args: argparse.Namespace) -> int:
    """``newsbench submission-from``: a submission from a system's output in another format."""
    system = None
    if args.name or args.version or args.description:
        system = SystemInfo(args.name or args.inputs[0].stem, args.version or "unknown",
                            args.description or f"converted from {args.format} by newsbench submission-from")
    conversion = submission_from_files(args.format, args.inputs, args.out, gold=args.gold, system=system,
                                       default_type=args.default_type)
    return _report(conversion, f"wrote the submission {args.out}")


def _formats() -> str:
    return "; ".join(f"{f.name}: {f.description}; carries {f.layers}" for f in FORMATS.values())


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench export``."""
    p.description = f"Formats: {_formats()}."
    p.add_argument("format", choices=sorted(FORMATS))
    p.add_argument("paths", nargs="*", type=Path, help="documents or folders (default: corpus/gold)")
    p.add_argument("-o", "--out", type=Path, required=True, help="output file (brat: output folder)")
    p.add_argument("--like", nargs="+", type=Path, metavar="PATH",
                   help="conll2012: documents of the same texts (e.g. the gold, when exporting a system's pass) whose "
                        "token and sentence cuts the export also makes, so that a key and a response file line up")
    p.set_defaults(func=cmd_export)


def add_submission_from_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench submission-from``."""
    p.description = f"Formats: {_formats()}. Token-based formats are aligned to the gold texts."
    p.add_argument("format", choices=sorted(FORMATS))
    p.add_argument("inputs", nargs="+", type=Path, help="the system's output files (brat: folders or .ann files)")
    p.add_argument("-o", "--out", type=Path, required=True, help="the submission to write (JSON)")
    p.add_argument("--gold", type=Path, help="gold folder (default: corpus/gold)")
    p.add_argument("--name", help="system name (default: the first input's stem)")
    p.add_argument("--version", help="system version (default: unknown)")
    p.add_argument("--description", help="system description")
    p.add_argument("--default-type", choices=load_ontology().entity_types,
                   help="conll2012: the ACE type of a mention the named-entity column does not type")
    p.set_defaults(func=cmd_submission_from)


def add_import_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench import``."""
    p.add_argument("format", choices=sorted(IMPORTERS),
                   help="; ".join(f"{i.name}: {i.description}" for i in IMPORTERS.values()))
    p.add_argument("paths", nargs="+", type=Path, help="source files or folders")
    p.add_argument("-o", "--output", required=True, type=Path, help="folder to write <doc_id>.json files to")
    p.add_argument("--seeds", type=Path, metavar="DIR",
                   help="also write each text and its metadata as a seed there (e.g. corpus/seeds), so that the "
                        "documents validate, build and score as corpus documents")
    p.add_argument("--mapping", type=Path, help="class mapping table (default: schema/import_mapping.json)")
    p.add_argument("--json", action="store_true", help="print the report (or the problems) as JSON")
    p.set_defaults(func=cmd_import)


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "import": add_import_arguments, "export": add_export_arguments, "submission-from": add_submission_from_arguments}
