"""The ``newsbench ls ...`` and ``preannotate`` subcommands: parse, call the library, print.

Loaded by :mod:`newsbench.cli` when one of them runs; each command's arguments are added by the function
:data:`ARGUMENTS` maps its name to. The SDK is imported only by ``push``/``pull``.
"""

from __future__ import annotations

import argparse
import os
import string
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .. import jsonio
from ..baselines.spacy_sm import BaselineUnavailable
from ..cli_common import EXIT_OK, EXIT_PROBLEMS, add_seed_options, print_problems, print_warnings, seeds_option
from ..model import LAYERS
from ..paths import seeds_dir
from ..problems import Problem, problem
from .client import ClientProblem, pull, push
from .config import label_config
from .convert import blocking, export_tasks, import_export, inputs_to_tasks, load_inputs
from .preannotate import preannotate, preannotation_systems, write_preannotation

DEFAULT_URL = "http://localhost:8080"


# --- ls --------------------------------------------------------------------------------------


def cmd_ls_config(args: argparse.Namespace) -> int:
    """``newsbench ls config``: the labeling config generated from the ontology."""
    if args.output:
        jsonio.check_output_file(args.output)
    xml = label_config()
    if args.output:
        jsonio.write_text_atomic(args.output, xml)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(xml)
    return EXIT_OK


def _tasks(args: argparse.Namespace) -> tuple[list[dict], list[Problem]]:
    seeds = seeds_option(args)
    inputs = load_inputs(args.paths, seeds=seeds)
    if inputs.problems:
        return [], list(inputs.problems)

    return inputs_to_tasks(inputs, as_predictions=args.as_ == "predictions", model_version=args.model_version,
                           seeds=seeds if seeds is not None else seeds_dir())


def cmd_ls_export(args: argparse.Namespace) -> int:
    """``newsbench ls export``: Label Studio tasks of documents or a submission."""
    jsonio.check_output_file(args.output)
    tasks, problems = _tasks(args)
    print_problems(problems)
    if blocking(problems):
        return EXIT_PROBLEMS
    export_tasks(tasks, args.output)
    print(f"wrote {len(tasks)} task(s) to {args.output}")
    return EXIT_OK


def cmd_ls_import(args: argparse.Namespace) -> int:
    """``newsbench ls import``: documents from a Label Studio export, validated."""
    jsonio.check_output_folder(args.output)
    name = args.name or ("{doc_id}/pass-{annotator}.json" if args.passes else "{doc_id}.json")
    result = import_export(args.exports, args.output, name=name, source=args.source, annotator=args.annotator,
                           model_version=args.model_version, seeds=seeds_option(args), declare=args.declare,
                           passes=args.passes)
    print_warnings(result.warnings)  # on stderr: --json's list holds the problems and notes
    print_problems(result.problems, args.json)
    if result.blocking:
        print(f"import failed: {len(result.blocking)} problem(s); {args.output} left as it was", file=sys.stderr)
        return EXIT_PROBLEMS
    for d in result.documents:
        print(f"{d.document.doc_id}: from {d.source}", file=sys.stderr)
    if not args.json:
        print(f"imported {len(result.written)} {'pass(es)' if args.passes else 'document(s)'} into {args.output}")
    return EXIT_OK


def _push(args: argparse.Namespace, tasks: list[dict]) -> int:
    try:
        r = push(args.url, args.project, tasks, update_config=args.update_config, annotators=args.annotators)
    except ClientProblem as e:
        print_problems([e.problem])
        return EXIT_PROBLEMS
    print(f"project {r.project_id} ({'created' if r.created else 'existing'}"
          f"{', config updated' if r.config_updated else ''}): {r.imported} task(s) imported, "
          f"{r.predictions_added} prediction(s) added to existing tasks, {len(r.skipped)} already there")
    return EXIT_OK


def cmd_ls_push(args: argparse.Namespace) -> int:
    """``newsbench ls push``: create or update a project's tasks on a server."""
    tasks, problems = _tasks(args)
    print_problems(problems)
    if blocking(problems):
        return EXIT_PROBLEMS
    return _push(args, tasks)


def cmd_ls_pull(args: argparse.Namespace) -> int:
    """``newsbench ls pull``: a project's full export from a server."""
    jsonio.check_output_file(args.output)
    try:
        r = pull(args.url, args.project, args.output)
    except ClientProblem as e:
        print_problems([e.problem])
        return EXIT_PROBLEMS
    print(f"project {r.project_id}: {r.tasks} task(s), {r.annotations} annotation(s), {r.predictions} "
          f"prediction(s) -> {r.path}")
    return EXIT_OK


def _name_template(text: str) -> str:
    """An argparse type: a relative file name template with {doc_id} (and, with --passes, {annotator}) as its only
    fields, never leaving the folder."""
    fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    path = PurePosixPath(text)
    if "doc_id" not in fields or not set(fields) <= {"doc_id", "annotator"}:
        raise argparse.ArgumentTypeError(f"expected a template with {{doc_id}} (and at most {{annotator}}) and no "
                                         f"other field, found {text!r}")
    if path.is_absolute() or ".." in path.parts or text.endswith("/") or "\\" in text or "\0" in text:
        raise argparse.ArgumentTypeError(f"expected a relative file name inside the output folder, found {text!r}")
    return text


def cmd_preannotate(args: argparse.Namespace) -> int:
    """``newsbench preannotate``: Label Studio tasks with a baseline's predictions for chosen seeds."""
    try:
        result = preannotate(args.doc_ids, args.system)
    except BaselineUnavailable as e:
        print_problems([problem("extra-missing", f"newsbench preannotate --system {args.system}", None, "", str(e))])
        return EXIT_PROBLEMS
    print_problems(result.problems)
    if blocking(result.problems):
        return EXIT_PROBLEMS
    for path in write_preannotation(result, args.output):
        print(f"wrote {path}", file=sys.stderr)
    print(f"{len(result.tasks)} document(s) pre-annotated by {result.model_version}")
    if args.push:
        return _push(args, list(result.tasks))
    return EXIT_OK


def _add_task_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path,
                   help="gold documents or folders, system submissions, or tasks files written by `ls export`")
    p.add_argument("--as", dest="as_", choices=("annotations", "predictions"), default="annotations",
                   help="put gold documents in as annotations (default) or as predictions for pre-annotation; "
                        "submissions always go in as predictions")
    p.add_argument("--model-version", help="predictions' model version (default: gold, or the submission's "
                                           "system name and version)")
    add_seed_options(p)


def _add_server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", default=os.environ.get("LABEL_STUDIO_URL", DEFAULT_URL),
                   help=f"Label Studio URL (default: $LABEL_STUDIO_URL or {DEFAULT_URL}); token from "
                        "$LABEL_STUDIO_API_KEY")
    p.add_argument("--project", default="newsbench", help="project title (default: newsbench)")


def _add_push_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--update-config", action="store_true",
                   help="replace an existing project's config when it differs from the ontology's")
    p.add_argument("--annotators", type=int, default=2, metavar="N",
                   help="independent annotations per task (Label Studio's overlap; default 2)")


def add_ls_arguments(ls: argparse.ArgumentParser) -> None:
    """``newsbench ls`` and its actions."""
    lsub = ls.add_subparsers(dest="ls_command", metavar="ACTION")
    lsub.required = True

    p = lsub.add_parser("config", help="print (or write) the labeling config generated from the ontology")
    p.add_argument("-o", "--output", type=Path, help="write the XML here instead of printing it")
    p.set_defaults(func=cmd_ls_config)

    p = lsub.add_parser("export", help="gold documents or a submission -> Label Studio tasks (JSON)")
    _add_task_options(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="tasks file to write")
    p.set_defaults(func=cmd_ls_export)

    p = lsub.add_parser("import", help="Label Studio JSON export (plain or snapshot) -> gold documents, validated")
    p.add_argument("exports", nargs="+", type=Path, help="export or tasks files")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write documents into (all or nothing)")
    p.add_argument("--name", type=_name_template, help="file name inside the folder (default: {doc_id}.json, with "
                                                      "--passes {doc_id}/pass-{annotator}.json)")
    p.add_argument("--annotator", help="import this annotator's annotation (user id or email); default: of several, "
                                       "the most recently updated")
    p.add_argument("--passes", action="store_true",
                   help="one pass per annotator and task (their most recent annotation), e.g. -o corpus/annotations; "
                        "who made each is recorded in ../rounds/<doc_id>/passes.json")
    p.add_argument("--source", choices=("annotations", "predictions"), default="annotations")
    p.add_argument("--model-version", help="with --source predictions: which model version")
    p.add_argument("--declare", nargs="+", choices=LAYERS, default=[], metavar="LAYER",
                   help="layers now annotated over the whole text, added to the declaration a partly annotated "
                        f"document carries ({', '.join(LAYERS)})")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    add_seed_options(p)
    p.set_defaults(func=cmd_ls_import)

    p = lsub.add_parser("push", help="create/update a project with the generated config and add tasks")
    _add_task_options(p)
    _add_server_options(p)
    _add_push_options(p)
    p.set_defaults(func=cmd_ls_push)

    p = lsub.add_parser("pull", help="download a snapshot export (full predictions and annotations)")
    _add_server_options(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="export file to write")
    p.set_defaults(func=cmd_ls_pull)


def add_preannotate_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench preannotate``."""
    p.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="ingested seeds (corpus/seeds/<DOC_ID>.txt)")
    p.add_argument("--system", required=True, choices=preannotation_systems(), help="the baseline to run")
    p.add_argument("-o", "--output", type=Path, help="also write the tasks here (for `newsbench ls push FILE`)")
    p.add_argument("--push", action="store_true", help="push the tasks to the Label Studio project at once")
    _add_server_options(p)
    _add_push_options(p)
    p.set_defaults(func=cmd_preannotate)


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "ls": add_ls_arguments, "preannotate": add_preannotate_arguments}
