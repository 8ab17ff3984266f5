"""``newsbench import FORMAT PATH... -o DIR``: the CLI side of the importers (parses, calls, prints)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..cli_common import EXIT_OK, EXIT_PROBLEMS, print_problems
from ..jsonio import check_output_folder
from ..problems import Problem, problem
from ..validate import InvalidInput
from .common import ImportFailed
from .importers import IMPORTERS, import_files, seed_conflicts, validate_imported, write_imported


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
                          "not_carried": dict(sorted(result.not_carried.items()))}, indent=1))
    else:
        for line in result.report_lines():
            print(line)
        print(f"wrote {len(written)} document(s) to {out}")
    return EXIT_OK


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Register the ``import`` subcommand."""
    p = sub.add_parser("import", help="import an annotated corpus in another format as newsbench documents")
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
