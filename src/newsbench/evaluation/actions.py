"""What the ``validate-submission``, ``score``, ``compare`` and ``leaderboard`` subcommands do once their arguments
are parsed (by :mod:`newsbench.evaluation.commands`, which names these functions without importing this module, so
that ``newsbench score --help`` loads none of the reading and checking below): call the library, print. Exit 0
clean, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import json
import sys

from .. import jsonio
from ..cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_problems
from ..validate import display_path, read_json_file
from .submission import _problem, gold_documents, submission_report


def cmd_validate_submission(args: argparse.Namespace) -> int:
    """``newsbench validate-submission``: a submission's problems (schema, ontology, gold)."""
    gold_docs = None
    if not args.no_gold:
        gold_docs, problems = gold_documents(args.gold)
        if gold_docs is None:
            print_problems(problems)
            print("(give --no-gold to check the submission on its own)", file=sys.stderr)
            return EXIT_PROBLEMS
    report = submission_report(args.file, gold_docs, strict=args.strict)
    if args.json:
        print(json.dumps({"problems": [p.to_json() for p in report.problems],
                          "warnings": [w.to_json() for w in report.warnings]}, ensure_ascii=False, indent=1))
    else:
        print_problems(report.problems)
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
        docs = len(report.submission.documents) if report.submission else 0
        print(f"{args.file}: {docs} document(s), {len(report.problems)} problem(s), {len(report.warnings)} warning(s)")
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    """``newsbench score``: score a submission against the gold; write the result file."""
    from .registry import TASKS  # lazy: loads numpy (the eval extra)
    from .scorer import default_result_path, format_table, score_files  # lazy: loads numpy (the eval extra)

    unknown = [t for t in args.tasks or () if t not in TASKS]
    if unknown:
        print(f"newsbench score: unknown task(s) {', '.join(unknown)}; expected some of {', '.join(TASKS)}",
              file=sys.stderr)
        return EXIT_USAGE
    out = args.out or default_result_path(args.pred)
    if out.is_dir() and not out.is_symlink():  # --out names a folder: the result goes inside it, default name
        out = out / default_result_path(args.pred).name
    jsonio.check_output_file(out)
    if args.errors is not None:
        jsonio.check_output_folder(args.errors)
    result, problems = score_files(args.pred, args.gold, tasks=args.tasks, bootstrap=args.bootstrap, seed=args.seed,
                                   strict=args.strict, errors_dir=args.errors, out=out, workers=args.workers)
    if result is None:
        print_problems(problems)
        return EXIT_PROBLEMS
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(format_table(result.to_json(per_document=False), by_type=args.by_type))
    print(f"result: {out}" + (f"; errors: {args.errors}" if args.errors else ""))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """``newsbench compare``: two result files metric by metric, with paired intervals and p-values."""
    from .significance import (  # lazy: loads numpy (the eval extra)
        ComparisonReport, IncomparableResults, compare_results, format_comparison, result_problems,
    )

    if args.out:
        jsonio.check_output_file(args.out)
    results, problems = [], []
    for path in (args.a, args.b):
        data, found = read_json_file(path)
        problems.extend(found if data is None else result_problems(data, display_path(path)))
        results.append(data)
    if problems:
        print_problems(problems)
        return EXIT_PROBLEMS
    try:
        rows = compare_results(results[0], results[1], n_resamples=args.resamples, seed=args.seed)
    except IncomparableResults as e:
        print_problems([_problem("results-incomparable", display_path(args.b), None, "", str(e))])
        return EXIT_PROBLEMS
    report = ComparisonReport.of(results, (args.a, args.b), rows, resamples=args.resamples, seed=args.seed)
    print(format_comparison(rows, report.a.name, report.b.name, documents=report.documents))
    if args.out:
        jsonio.write_text_atomic(args.out, json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


# --- leaderboard --------------------------------------------------------------------------------------


def cmd_leaderboard(args: argparse.Namespace) -> int:
    """``newsbench leaderboard``: exit 0 when every folder was scored (and, with --check, nothing is stale);
    1 when a folder is broken (nothing is written then), the gold cannot be loaded, or (--check) a file is stale."""
    # lazy: loads numpy (the eval extra)
    from .leaderboard import HTML_FILE, MARKDOWN_FILE, build_leaderboard, check_leaderboard, format_leaderboard

    options = dict(systems_dir=args.systems, gold=args.gold, out=args.out, bootstrap=args.bootstrap, seed=args.seed)
    if args.out is not None and not args.check:
        jsonio.check_output_folder(args.out)
    if args.check:
        stale, build = check_leaderboard(**options)
    else:
        stale, build = [], build_leaderboard(**options)
    for p in build.problems:
        print(p, file=sys.stderr)
    if build.problems:
        return EXIT_PROBLEMS
    if build.broken:  # one bad folder stops the render: the previous outputs stay as they were
        for name, problems in build.broken.items():
            print(f"broken system folder {name}: {len(problems)} problem(s)", file=sys.stderr)
            for p in problems:
                print(f"  {p}", file=sys.stderr)
        print(f"nothing written: fix the folder(s) above ({', '.join(build.broken)}) and run again", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.check:
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        if stale:
            print("the leaderboard is stale: run `newsbench leaderboard` and commit the result", file=sys.stderr)
        else:
            print(f"leaderboard up to date ({len(build.files)} file(s) checked)")
    else:
        print(f"wrote {len(build.files)} file(s): {len(build.results)} result(s), {MARKDOWN_FILE}, {HTML_FILE}")
    print(format_leaderboard(build.results))
    return EXIT_PROBLEMS if stale else EXIT_OK
