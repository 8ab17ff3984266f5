"""The leaderboard (``newsbench leaderboard``): score every system folder, write the result files, render the views.

A system folder ``eval/systems/<name>/`` holds ``system.json`` (metadata, see :data:`REQUIRED_METADATA`) and
``submission.json`` (schema/submission.schema.json). :func:`build_leaderboard` scores each folder with the
scorer's own functions (:func:`~newsbench.evaluation.scorer.load_gold`,
:func:`~newsbench.evaluation.submission.read_submission`, :func:`~newsbench.evaluation.scorer.score_submission`)
and writes

- ``eval/results/<name>.json``: the scorer's result (what ``newsbench score`` writes, paths relative to the
  repository) plus the folder's ``system.json`` under ``leaderboard.metadata``;
- ``eval/LEADERBOARD.md`` and ``eval/leaderboard.html``, rendered from those result JSONs: the render functions
  take the parsed result files and never compute a score. The HTML's document view also shows the gold and the
  submissions' spans, with error marks from :mod:`newsbench.evaluation.errors`.

Rebuilding gives byte-identical files: no timestamps, systems in name order, fixed number formats, the seeded
bootstrap. :func:`check_leaderboard` rebuilds in memory and lists the files that differ (``--check``).

A broken system folder (no or invalid ``system.json``, no or invalid submission, a submission that fails the
gold checks) stops the build: it is reported by name with its problems, nothing is written, and the previous
outputs stay as they were (the command exits 1).

Rows are ranked by the registry's primary metric (:data:`~newsbench.evaluation.registry.PRIMARY`) in its
direction; reference rows (``"reference": true`` in system.json: the oracle, the empty system, annotator passes)
are listed apart and never take the best mark of a column.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from collections.abc import Mapping, Sequence

from .. import jsonio
from ..model import Submission
from ..paths import gold_dir as default_gold_dir, repo_root
from ..problems import Problem, family_checks, problem
from ..validate import json_type, read_json_file
from .leaderboard_html import document_view, render_html
from .leaderboard_view import (
    SUBMIT_STEPS, Cell, breakdown_cell, breakdown_types, cell, context,
    direction, gold_items, headline_rows, intervals_note, is_reference, legend_note, metadata, metric_entry,
    names_note, ranked, task_metrics, tasks_present,
)
from .registry import HEADLINE, REGISTRY
from .scorer import GoldCorpus, load_gold, score_submission
from .submission import read_submission
from .tables import DIRECTION_MARKS, aligned

SYSTEM_FILE = "system.json"
SUBMISSION_FILE = "submission.json"
RESULTS_DIR = "results"
MARKDOWN_FILE = "LEADERBOARD.md"
HTML_FILE = "leaderboard.html"

REQUIRED_METADATA: dict[str, type] = {
    "name": str, "version": str, "description": str, "predicts": dict, "run": dict, "dependencies": list,
}
"""The fields every system.json must have, and their JSON types (str: string, dict: object, list: array)."""
OPTIONAL_METADATA: dict[str, type] = {"reference": bool}
"""Fields system.json may have: ``reference`` (true: a reference row -- oracle, empty, an annotator pass -- shown
apart from the systems and never ranked)."""

LEADERBOARD_CHECKS: dict[str, str] = family_checks("leaderboard")
"""Check ids of the folder checks; the files' own problems keep the validator's and the scorer's check ids."""


# --- system folders --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemFolder:
    """A system folder that passed the folder checks: its metadata and its parsed submission."""

    name: str
    path: Path
    metadata: Mapping[str, Any]
    submission: Submission
    submission_path: Path


def relative_path(path: Path) -> str:
    """The path relative to the repository root (posix) when it is inside it, else as given: result files and
    pages must not depend on the folder the command runs from."""
    try:
        return Path(path).resolve().relative_to(repo_root()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _metadata_problems(data: Any, name: str, file: str) -> list[Problem]:
    if not isinstance(data, dict):
        return [problem("system-metadata-invalid", file, None, "",
                        f"expected a JSON object, found {json_type(data)}")]
    out = []
    for key, kind in REQUIRED_METADATA.items():
        names: dict[type, str] = {str: "a string", dict: "an object", list: "an array"}
        wanted = names[kind]
        if key not in data:
            out.append(problem("system-metadata-invalid", file, None, f"/{key}",
                               f"expected `{key}` ({wanted}), found none"))
        elif not isinstance(data[key], kind) or (kind is str and not data[key].strip()):
            out.append(problem("system-metadata-invalid", file, None, f"/{key}",
                               f"expected `{key}` to be {wanted} (non-empty), found {json.dumps(data[key])[:60]}"))
    for key, kind in OPTIONAL_METADATA.items():
        if key in data and not isinstance(data[key], kind):
            out.append(problem("system-metadata-invalid", file, None, f"/{key}",
                               f"expected `{key}` to be true or false, found {json.dumps(data[key])[:60]}"))
    if isinstance(data.get("name"), str) and data["name"] != name:
        out.append(problem("system-name-mismatch", file, None, "/name",
                           f"expected the folder name {name!r}, found {data['name']!r}"))
    return out


def load_system_folder(folder: Path) -> tuple[SystemFolder | None, list[Problem]]:
    """Read and check one system folder (metadata, submission schema); the gold checks come with scoring."""
    folder = Path(folder)
    name = folder.name
    meta_path, sub_path = folder / SYSTEM_FILE, folder / SUBMISSION_FILE
    problems: list[Problem] = []
    metadata = None
    if not meta_path.is_file():
        problems.append(problem("system-metadata-missing", relative_path(meta_path), None, "",
                                f"expected {SYSTEM_FILE} with the system's metadata "
                                f"({', '.join(REQUIRED_METADATA)}), found none"))
    else:
        metadata, found = read_json_file(meta_path)
        found = found or _metadata_problems(metadata, name, relative_path(meta_path))
        problems.extend(found)
    submission = None
    if not sub_path.is_file():
        problems.append(problem("system-submission-missing", relative_path(sub_path), None, "",
                                f"expected the system's predictions in {SUBMISSION_FILE}, found none"))
    else:
        submission, found = read_submission(sub_path)
        problems.extend(found)
        if submission is not None and submission.system.name != name:
            problems.append(problem("system-name-mismatch", relative_path(sub_path), None, "/system/name",
                                    f"expected the folder name {name!r}, found {submission.system.name!r}"))
    if problems:
        return None, problems
    assert metadata is not None and submission is not None  # both read, or a problem
    return SystemFolder(name, folder, metadata, submission, sub_path), []


def system_folders(systems_dir: Path) -> list[Path]:
    """The system folders of ``systems_dir``, in name order (hidden folders are not systems)."""
    systems_dir = Path(systems_dir)
    if not systems_dir.is_dir():
        return []
    return sorted((p for p in systems_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.name)


# --- scoring --------------------------------------------------------------------------------------


def score_system(system: SystemFolder, gold: GoldCorpus, *, bootstrap: int = 1000, seed: int = 0
                 ) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The result JSON of one system (as :func:`~newsbench.evaluation.scorer.score_files` builds it, with
    repository-relative paths) plus ``leaderboard.metadata`` (its system.json); or (None, problems)."""
    file = relative_path(system.submission_path)
    result, problems = score_submission(system.submission, gold, bootstrap=bootstrap, seed=seed, file=file)
    if result is None:
        return None, problems
    digest = hashlib.sha256(system.submission_path.read_bytes()).hexdigest()
    result = replace(result, submission_file=file, submission_sha256=digest,
                     gold_path=relative_path(Path(gold.path)) if gold.path != "<memory>" else gold.path,
                     extra={"leaderboard": {"system_dir": relative_path(system.path),
                                            "metadata": dict(system.metadata)}})
    return result.to_json(), []


def result_text(result: Mapping[str, Any]) -> str:
    """A result file's text: stable, diff-friendly JSON."""
    return jsonio.dumps(result)


# --- the build --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaderboardBuild:
    """What a build produced (in memory until :func:`build_leaderboard` writes it)."""

    files: Mapping[Path, str]
    """Every file of the leaderboard and its text."""
    results: Mapping[str, Mapping[str, Any]]
    """System name -> its parsed result file (what the pages were rendered from)."""
    broken: Mapping[str, tuple[Problem, ...]]
    """Broken system folders, by name, with their problems: nothing is rendered or written then."""
    problems: tuple[Problem, ...] = ()
    """Problems that stop the whole build (the gold could not be loaded); nothing is written then."""
    results_dir: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether every system folder was scored without a problem."""
        return not self.problems and not self.broken


def plan_leaderboard(systems_dir: Path | None = None, gold: Path | None = None, out: Path | None = None, *,
                     bootstrap: int = 1000, seed: int = 0) -> LeaderboardBuild:
    """Score every system folder and render both pages, in memory."""
    root = repo_root()
    systems_dir = Path(systems_dir) if systems_dir is not None else root / "eval" / "systems"
    out = Path(out) if out is not None else root / "eval"
    corpus, problems = load_gold(Path(gold) if gold is not None else default_gold_dir())
    if corpus is None:
        return LeaderboardBuild({}, {}, {}, tuple(problems))
    if not systems_dir.is_dir():
        return LeaderboardBuild({}, {}, {}, (problem("systems-dir-missing", relative_path(systems_dir), None, "",
                                                     "expected a folder of system folders, found none"),))
    folders, broken = [], {}
    for folder in system_folders(systems_dir):
        system, problems = load_system_folder(folder)
        if system is None:
            broken[folder.name] = tuple(problems)
        else:
            folders.append(system)
    return render_build(corpus, folders, broken, out, bootstrap=bootstrap, seed=seed)


def render_build(corpus: GoldCorpus, systems: Sequence[SystemFolder], broken: Mapping[str, Sequence[Problem]],
                 out: Path, *, bootstrap: int = 1000, seed: int = 0) -> LeaderboardBuild:
    """Score ``systems`` against ``corpus`` and render the pages (in memory); systems whose submission fails the
    gold checks join ``broken``. With any broken folder nothing is rendered (``files`` is empty)."""
    out = Path(out)
    broken = {k: tuple(v) for k, v in broken.items()}
    files: dict[Path, str] = {}
    results: dict[str, dict[str, Any]] = {}
    scored: list[SystemFolder] = []
    for system in sorted(systems, key=lambda s: s.name):
        result, problems = score_system(system, corpus, bootstrap=bootstrap, seed=seed)
        if result is None:
            broken[system.name] = tuple(problems)
            continue
        text = result_text(result)
        files[out / RESULTS_DIR / f"{system.name}.json"] = text
        results[system.name] = json.loads(text)  # render from exactly what the file holds
        scored.append(system)
    broken_folders = {name: tuple(found) for name, found in sorted(broken.items())}
    if broken_folders:
        return LeaderboardBuild({}, results, broken_folders, results_dir=out / RESULTS_DIR)
    files[out / MARKDOWN_FILE] = render_markdown(results)
    view = document_view(corpus, {s.name: s.submission for s in scored})
    files[out / HTML_FILE] = render_html(results, view)
    return LeaderboardBuild(files, results, broken_folders, results_dir=out / RESULTS_DIR)


def build_leaderboard(systems_dir: Path | None = None, gold: Path | None = None, out: Path | None = None, *,
                      bootstrap: int = 1000, seed: int = 0) -> LeaderboardBuild:
    """Score every system folder and write ``<out>/results/<name>.json``, ``<out>/LEADERBOARD.md`` and
    ``<out>/leaderboard.html`` (defaults: eval/systems, corpus/gold, eval). Result files of systems whose folder
    is gone are removed. Nothing is written when the gold cannot be loaded or a system folder is broken (so a broken
    folder's committed result is kept)."""
    build = plan_leaderboard(systems_dir, gold, out, bootstrap=bootstrap, seed=seed)
    if not build.ok:
        return build
    for path, text in sorted(build.files.items()):
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            jsonio.write_text_atomic(path, text)
    for path in _stale_results(build):
        path.unlink()
    return build


def _stale_results(build: LeaderboardBuild) -> list[Path]:
    if build.results_dir is None or not build.results_dir.is_dir():
        return []
    # A broken system keeps its committed result: only a system whose folder is gone loses it.
    return sorted(p for p in build.results_dir.glob("*.json") if p not in build.files and p.stem not in build.broken)


def check_leaderboard(systems_dir: Path | None = None, gold: Path | None = None, out: Path | None = None, *,
                      bootstrap: int = 1000, seed: int = 0) -> tuple[list[str], LeaderboardBuild]:
    """(stale files, the build): the files a rebuild would change, add or remove, as repository-relative paths."""
    build = plan_leaderboard(systems_dir, gold, out, bootstrap=bootstrap, seed=seed)
    if not build.ok:
        return [], build
    stale = [relative_path(p) for p, text in sorted(build.files.items())
             if not p.is_file() or p.read_bytes() != text.encode("utf-8")]
    stale += [relative_path(p) for p in _stale_results(build)]
    return stale, build


def load_results(results_dir: Path) -> dict[str, dict[str, Any]]:
    """The result files of a results folder, by system name (the file stem)."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(results_dir).glob("*.json"))}


# --- the plain-text table (the CLI) -----------------------------------------------------------------


def format_leaderboard(results: Mapping[str, Mapping[str, Any]]) -> str:
    """The headline table as plain text: systems ranked by the primary metric, then the reference rows;
    ``—`` where a system does not predict the task."""
    systems, references = ranked(results)
    rows = [["#", "system"] + [f"{h.label} {DIRECTION_MARKS[h.spec.direction]}" for h in HEADLINE]]
    for rank, name in enumerate(systems, 1):
        rows.append([str(rank), name] + [cell(metric_entry(results[name], h.task, h.metric)).text for h in HEADLINE])
    for name in references:
        rows.append(["ref", name] + [cell(metric_entry(results[name], h.task, h.metric)).text for h in HEADLINE])
    return "\n".join(aligned(rows, [True, False] + [True] * len(HEADLINE)))


# --- Markdown --------------------------------------------------------------------------------------


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _md_cell(c: Cell, best: bool = False) -> str:
    text = f"**{c.text}**" if best else c.text
    interval = f"{c.interval} ({c.support})" if c.interval and c.support else c.interval
    return f"{text} {interval}".strip()


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], align_right_from: int = 1) -> list[str]:
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i < align_right_from else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render_markdown(results: Mapping[str, Mapping[str, Any]]) -> str:
    """eval/LEADERBOARD.md from the parsed result files."""
    names = sorted(results)
    ctx = context(results)
    lines = ["# newsbench leaderboard", "",
             "Generated by `newsbench leaderboard` from `eval/results/*.json`; do not edit by hand "
             "(`newsbench leaderboard --check` fails when this page is stale). The interactive page with per-type "
             "breakdowns, toponym error distances and a document view is `eval/leaderboard.html`.", ""]
    if ctx is None:
        lines += ["No system could be scored.", ""]
    else:
        lines += [f"- newsbench {ctx.newsbench_version}",
                  f"- gold: `{ctx.gold_path}`, {ctx.documents} document(s), sha256 `{ctx.gold_sha256}`",
                  f"- {intervals_note(ctx, results)}",
                  f"- {legend_note()}",
                  f"- {names_note()}",
                  ""]
        lines += ["## Headline", ""]
        rows = [[rank, _md(n)] + [_md_cell(c, best) for c, best in cells]
                for rank, n, cells in headline_rows(results)]
        header = ["#", "System"] + [f"{h.label} {DIRECTION_MARKS[h.spec.direction]}" for h in HEADLINE]
        lines += _md_table(header, rows, align_right_from=2) + [""]
        lines += ["## Systems", ""]
        rows = []
        for n in names:
            meta = metadata(results[n])
            predicts = ", ".join(meta.get("predicts", {})) or "—"
            run = meta.get("run", {}).get("command", "") if isinstance(meta.get("run"), dict) else ""
            deps = "; ".join(_dependency(d) for d in meta.get("dependencies", []))
            sha = results[n]["submission"]["sha256"]
            warnings = len(results[n].get("warnings", []))
            rows.append([f"**{_md(n)}**" + (" (reference)" if is_reference(results[n]) else ""),
                         _md(meta.get("version", "")), _md(meta.get("description", "")),
                         _md(predicts), f"`{_md(run)}`" if run else "", _md(deps) or "—", f"`{sha[:12]}`",
                         str(warnings)])
        lines += _md_table(["System", "Version", "Description", "Predicts", "Run", "Dependencies",
                            "Submission sha256", "Warnings"], rows, align_right_from=7) + [""]
        for task in tasks_present(results):
            lines += _markdown_task(results, names, task)
    lines += ["## How to submit", ""] + [f"{i}. {step}" for i, step in enumerate(SUBMIT_STEPS, 1)] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _dependency(d: Any) -> str:
    if not isinstance(d, Mapping):
        return str(d)
    name = d.get("name", "?")
    if d.get("version"):
        return f"{name} {d['version']}"
    if d.get("sha256"):
        return f"{name} (sha256 {str(d['sha256'])[:12]})"
    return str(name)


def _direction_mark(results: Mapping[str, Mapping[str, Any]], task: str, metric: str) -> str:
    entry = next((e for e in (metric_entry(r, task, metric) for _, r in sorted(results.items())) if e), None)
    return DIRECTION_MARKS[direction(entry)] if entry else ""


def _markdown_task(results: Mapping[str, Mapping[str, Any]], names: Sequence[str], task: str) -> list[str]:
    scored = [n for n in names if task in results[n].get("scores", {})]
    lines = [f"## {REGISTRY[task].title if task in REGISTRY else task} (`{task}`)", ""]
    rows = [[f"`{m}` {_direction_mark(results, task, m)}"] + [_md_cell(cell(metric_entry(results[n], task, m)))
                                                               for n in scored]
            for m in task_metrics(results, task)]
    lines += _md_table(["Metric"] + [f"**{_md(n)}**" for n in scored], rows) + [""]
    for metric in REGISTRY[task].summary_breakdowns if task in REGISTRY else ():
        types = breakdown_types(results, task, metric)
        if not types:
            continue
        by = next((entry.get("breakdown") for entry in (metric_entry(results[n], task, metric) for n in scored)
                   if entry), None) or "type"
        lines += [f"Per {by.replace('_', ' ')}, `{metric}`:", ""]
        rows = []
        for t in types:
            gold = gold_items(results, task, metric, t)
            row = [_md(t)] + ([str(gold)] if gold is not None else [])
            for n in scored:
                row.append(breakdown_cell(metric_entry(results[n], task, metric), t).text)
            rows.append(row)
        gold_column = ["gold"] if gold_items(results, task, metric, types[0]) is not None else []
        lines += _md_table([by.replace("_", " ")] + gold_column + [f"**{_md(n)}**" for n in scored], rows) + [""]
    return lines


__all__ = [
    "LEADERBOARD_CHECKS",
    "OPTIONAL_METADATA",
    "REQUIRED_METADATA",
    "LeaderboardBuild",
    "SystemFolder",
    "build_leaderboard",
    "check_leaderboard",
    "format_leaderboard",
    "load_results",
    "load_system_folder",
    "plan_leaderboard",
    "render_build",
    "render_markdown",
    "score_system",
    "system_folders",
]
