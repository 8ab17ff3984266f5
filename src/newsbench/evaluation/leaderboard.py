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

A broken system folder (no or invalid ``system.json``, no or invalid submission) is reported by name with its
problems and skipped; the others are scored and rendered. The command then exits 1 so that CI notices.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from .. import jsonio
from ..model import Submission
from ..paths import gold_dir as default_gold_dir, repo_root
from ..validate import Problem, json_type, read_json_file
from .scorer import TASKS, GoldCorpus, load_gold, score_submission
from .submission import read_submission

SYSTEM_FILE = "system.json"
SUBMISSION_FILE = "submission.json"
RESULTS_DIR = "results"
MARKDOWN_FILE = "LEADERBOARD.md"
HTML_FILE = "leaderboard.html"

REQUIRED_METADATA: dict[str, type] = {
    "name": str, "version": str, "description": str, "predicts": dict, "run": dict, "dependencies": list,
}
"""The fields every system.json must have, and their JSON types (str: string, dict: object, list: array)."""

LEADERBOARD_CHECKS: dict[str, str] = {
    "system-metadata-missing": "a system folder has no system.json",
    "system-metadata-invalid": "system.json is not an object, or a required field is missing or of the wrong type",
    "system-name-mismatch": "the name in system.json or in the submission's `system` differs from the folder name",
    "system-submission-missing": "a system folder has no submission.json",
    "systems-dir-missing": "the folder of system folders (eval/systems) does not exist",
}
"""Check ids of the folder checks; the files' own problems keep the validator's and the scorer's check ids."""


@dataclass(frozen=True)
class Headline:
    """One column of the headline table: a metric of a task and its main statistic."""

    task: str
    metric: str
    label: str
    lower_is_better: bool = False

    @property
    def key(self) -> str:
        return f"{self.task}/{self.metric}"


HEADLINE: tuple[Headline, ...] = (
    Headline("entities", "strict", "Names F1"),
    Headline("entities_all", "strict", "Mentions F1"),
    Headline("coreference", "conll", "Coref CoNLL F1"),
    Headline("timexes", "strict", "Timex F1"),
    Headline("timexes", "value_accuracy", "Timex value acc."),
    Headline("events", "trigger_classification", "Trigger F1"),
    Headline("events", "argument_classification_span", "Argument F1"),
    Headline("toponyms", "strict", "Toponym F1"),
    Headline("toponyms", "acc_at_161km", "Acc@161km"),
    Headline("toponyms", "auc", "Toponym AUC", lower_is_better=True),
)

TASK_TITLES: dict[str, str] = {
    "entities": "Named entities (NAM mentions)",
    "entities_all": "All entity mentions (NAM, NOM, PRO)",
    "bio": "Named entities as IOB2 chunks",
    "coreference": "Entity coreference",
    "timexes": "Time expressions",
    "events": "Events (ACE 2005 triggers, arguments, attributes)",
    "toponyms": "Toponyms (reading and GeoNames resolution)",
}

BREAKDOWNS_MD: dict[str, tuple[str, ...]] = {
    "entities": ("strict",), "entities_all": ("strict",), "bio": ("strict",), "timexes": ("strict",),
    "events": ("trigger_classification", "argument_classification_span"), "toponyms": ("strict", "acc_at_161km"),
}
"""The per-type breakdowns the Markdown page shows (the HTML page shows every breakdown)."""

LOWER_IS_BETTER_KINDS = ("mean", "median", "auc")
DISTANCE_KINDS = ("mean", "median")
MISSING = "—"
NOT_AVAILABLE = "n/a"


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
        return [Problem("system-metadata-invalid", file, None, "",
                        f"expected a JSON object, found {json_type(data)}")]
    out = []
    for key, kind in REQUIRED_METADATA.items():
        wanted = {str: "a string", dict: "an object", list: "an array"}[kind]
        if key not in data:
            out.append(Problem("system-metadata-invalid", file, None, f"/{key}",
                               f"expected `{key}` ({wanted}), found none"))
        elif not isinstance(data[key], kind) or (kind is str and not data[key].strip()):
            out.append(Problem("system-metadata-invalid", file, None, f"/{key}",
                               f"expected `{key}` to be {wanted} (non-empty), found {json.dumps(data[key])[:60]}"))
    if isinstance(data.get("name"), str) and data["name"] != name:
        out.append(Problem("system-name-mismatch", file, None, "/name",
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
        problems.append(Problem("system-metadata-missing", relative_path(meta_path), None, "",
                                f"expected {SYSTEM_FILE} with the system's metadata "
                                f"({', '.join(REQUIRED_METADATA)}), found none"))
    else:
        metadata, found = read_json_file(meta_path)
        found = found or _metadata_problems(metadata, name, relative_path(meta_path))
        problems.extend(found)
    submission = None
    if not sub_path.is_file():
        problems.append(Problem("system-submission-missing", relative_path(sub_path), None, "",
                                f"expected the system's predictions in {SUBMISSION_FILE}, found none"))
    else:
        submission, found = read_submission(sub_path)
        problems.extend(found)
        if submission is not None and submission.system.name != name:
            problems.append(Problem("system-name-mismatch", relative_path(sub_path), None, "/system/name",
                                    f"expected the folder name {name!r}, found {submission.system.name!r}"))
    if problems:
        return None, problems
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
    """System folders skipped, by name, with their problems."""
    problems: tuple[Problem, ...] = ()
    """Problems that stop the whole build (the gold could not be loaded); nothing is written then."""
    results_dir: Path | None = None

    @property
    def ok(self) -> bool:
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
        return LeaderboardBuild({}, {}, {}, (Problem("systems-dir-missing", relative_path(systems_dir), None, "",
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
    gold checks join ``broken``."""
    from .leaderboard_html import document_view, render_html

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
    broken = dict(sorted(broken.items()))
    files[out / MARKDOWN_FILE] = render_markdown(results, broken)
    view = document_view(corpus, {s.name: s.submission for s in scored})
    files[out / HTML_FILE] = render_html(results, view, broken)
    return LeaderboardBuild(files, results, broken, results_dir=out / RESULTS_DIR)


def build_leaderboard(systems_dir: Path | None = None, gold: Path | None = None, out: Path | None = None, *,
                      bootstrap: int = 1000, seed: int = 0) -> LeaderboardBuild:
    """Score every system folder and write ``<out>/results/<name>.json``, ``<out>/LEADERBOARD.md`` and
    ``<out>/leaderboard.html`` (defaults: eval/systems, corpus/gold, eval). Result files of systems whose folder
    is gone are removed; a broken folder's result is kept. Nothing is written when the gold cannot be loaded."""
    build = plan_leaderboard(systems_dir, gold, out, bootstrap=bootstrap, seed=seed)
    if build.problems:
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
    if build.problems:
        return [], build
    stale = [relative_path(p) for p, text in sorted(build.files.items())
             if not p.is_file() or p.read_bytes() != text.encode("utf-8")]
    stale += [relative_path(p) for p in _stale_results(build)]
    return stale, build


def load_results(results_dir: Path) -> dict[str, dict[str, Any]]:
    """The result files of a results folder, by system name (the file stem)."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(results_dir).glob("*.json"))}


# --- reading result files (no computation: every number is looked up) ---------------------------------


def metric_entry(result: Mapping[str, Any], task: str, metric: str) -> Mapping[str, Any] | None:
    return result.get("scores", {}).get(task, {}).get(metric)


def main_statistic(entry: Mapping[str, Any]) -> str:
    return "f1" if "f1" in entry else "value"


def is_lower_better(entry: Mapping[str, Any]) -> bool:
    return entry.get("kind") in LOWER_IS_BETTER_KINDS


@dataclass(frozen=True)
class Cell:
    """A metric as displayed: its main statistic, interval, and the value tables sort by (None: no value)."""

    text: str
    interval: str = ""
    sort: float | None = None
    detail: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)


def format_number(value: float, kind: str | None) -> str:
    return f"{value:.1f}" if kind in DISTANCE_KINDS else f"{value:.4f}"


def cell(entry: Mapping[str, Any] | None, kind: str | None = None) -> Cell:
    """The display of a result entry (a metric, or a per-type row with its metric's ``kind``). ``—``: not scored
    (the system does not predict the task); ``n/a``: no items to compute it from (an accuracy or distance over
    nothing)."""
    if entry is None:
        return Cell(MISSING)
    kind = entry.get("kind", kind)
    flags = tuple(entry.get("flags", ()))
    stat = main_statistic(entry)
    counts = ", ".join(f"{k} {_count(v)}" for k, v in entry.get("counts", {}).items())
    if stat == "value" and "empty" in flags:
        return Cell(NOT_AVAILABLE, detail=counts, flags=flags)
    value = float(entry[stat])
    ci = entry.get("ci", {}).get(stat)
    interval = f"[{format_number(ci[0], kind)}, {format_number(ci[1], kind)}]" if ci else ""
    detail = counts
    if stat == "f1":
        detail = f"P {entry['precision']:.4f}, R {entry['recall']:.4f}" + (f"; {counts}" if counts else "")
    if flags:
        detail += f" ({', '.join(flags)})"
    return Cell(format_number(value, kind), interval, value, detail, flags)


def breakdown_cell(entry: Mapping[str, Any] | None, label: str) -> Cell:
    """A per-type row of a metric: ``—`` when the metric is not scored, ``n/a`` when the system's result has no row
    for the type (no gold item and no prediction of it)."""
    if entry is None:
        return Cell(MISSING)
    row = entry.get("by_type", {}).get(label)
    return cell(row, entry.get("kind")) if row is not None else Cell(NOT_AVAILABLE)


def _count(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)


@dataclass(frozen=True)
class Context:
    """What a page says about how its results were made (read from the result files)."""

    newsbench_version: str
    gold_sha256: str
    gold_path: str
    documents: int
    bootstrap: int
    seed: int
    confidence: float


def context(results: Mapping[str, Mapping[str, Any]]) -> Context | None:
    """The common context of the results; None when there are none. Results that disagree (another gold, another
    newsbench, other options) are joined with ' / ' so that the page shows the mismatch instead of hiding it."""
    if not results:
        return None

    def joined(get) -> str:
        return " / ".join(dict.fromkeys(str(get(r)) for _, r in sorted(results.items())))

    first = next(iter(sorted(results.items())))[1]
    return Context(joined(lambda r: r["newsbench_version"]), joined(lambda r: r["gold"]["sha256"]),
                   joined(lambda r: r["gold"]["path"]), int(first["gold"]["documents"]),
                   int(first["options"]["bootstrap"]), int(first["options"]["seed"]),
                   float(first["options"]["confidence"]))


def tasks_present(results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    present = {t for r in results.values() for t in r.get("scores", {})}
    return [t for t in TASKS if t in present]


def task_metrics(results: Mapping[str, Mapping[str, Any]], task: str) -> list[str]:
    """The metric names of a task, in the scorer's report order (first result that has the task)."""
    names: dict[str, None] = {}
    for _, r in sorted(results.items()):
        names.update(dict.fromkeys(r.get("scores", {}).get(task, {})))
    return list(names)


def breakdown_types(results: Mapping[str, Mapping[str, Any]], task: str, metric: str) -> list[str]:
    types: set[str] = set()
    for r in results.values():
        entry = metric_entry(r, task, metric)
        if entry:
            types.update(entry.get("by_type", {}))
    return sorted(types)


def metadata(result: Mapping[str, Any]) -> Mapping[str, Any]:
    return result.get("leaderboard", {}).get("metadata") or result.get("submission", {}).get("system", {})


def intervals_note(ctx: Context) -> str:
    note = (f"{ctx.confidence:.0%} intervals: document-level bootstrap, {ctx.bootstrap} resamples, seed {ctx.seed} "
            f"(percentile intervals).")
    if ctx.documents < 2:
        note += (f" The gold has {ctx.documents} document, so every resample is that document and the intervals "
                 f"collapse to the point estimate.")
    return note


# --- the plain-text table (the CLI) -----------------------------------------------------------------


def format_leaderboard(results: Mapping[str, Mapping[str, Any]]) -> str:
    """The headline table as plain text: one row per system, ``—`` where it does not predict the task."""
    width = max([len("system")] + [len(n) for n in results]) + 2
    cols = [(h, max(len(h.label), 8) + 2) for h in HEADLINE]
    lines = ["system".ljust(width) + "".join(h.label.rjust(w) for h, w in cols)]
    for name, result in sorted(results.items()):
        lines.append(name.ljust(width) + "".join(cell(metric_entry(result, h.task, h.metric)).text.rjust(w)
                                                 for h, w in cols))
    return "\n".join(lines)


# --- Markdown --------------------------------------------------------------------------------------


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _md_cell(c: Cell) -> str:
    return f"{c.text} {c.interval}".strip()


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], align_right_from: int = 1) -> list[str]:
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i < align_right_from else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render_markdown(results: Mapping[str, Mapping[str, Any]],
                    broken: Mapping[str, Sequence[Problem]] | None = None) -> str:
    """eval/LEADERBOARD.md from the parsed result files (and the names and problems of skipped folders)."""
    broken = broken or {}
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
                  f"- {intervals_note(ctx)}",
                  f"- `{MISSING}`: the system does not predict that task; `{NOT_AVAILABLE}`: nothing to compute "
                  f"the metric from. Toponym AUC and distances: lower is better; everything else: higher is better.",
                  ""]
        lines += ["## Headline", ""]
        rows = [[f"**{_md(n)}**"] + [_md_cell(cell(metric_entry(results[n], h.task, h.metric))) for h in HEADLINE]
                for n in names]
        lines += _md_table(["System"] + [h.label for h in HEADLINE], rows) + [""]
        lines += ["## Systems", ""]
        rows = []
        for n in names:
            meta = metadata(results[n])
            predicts = ", ".join(meta.get("predicts", {})) or "—"
            run = meta.get("run", {}).get("command", "") if isinstance(meta.get("run"), dict) else ""
            deps = "; ".join(_dependency(d) for d in meta.get("dependencies", []))
            sha = results[n]["submission"]["sha256"]
            warnings = len(results[n].get("warnings", []))
            rows.append([f"**{_md(n)}**", _md(meta.get("version", "")), _md(meta.get("description", "")),
                         _md(predicts), f"`{_md(run)}`" if run else "", _md(deps) or "—", f"`{sha[:12]}`",
                         str(warnings)])
        lines += _md_table(["System", "Version", "Description", "Predicts", "Run", "Dependencies",
                            "Submission sha256", "Warnings"], rows, align_right_from=7) + [""]
        for task in tasks_present(results):
            lines += _markdown_task(results, names, task)
    if broken:
        lines += ["## Skipped system folders", "",
                  "These folders were not scored (fix the problems and rebuild):", ""]
        for name, problems in broken.items():
            lines.append(f"- **{_md(name)}**")
            lines += [f"  - `{p.check}` {_md(p.file)} {_md(p.pointer or '/')}: {_md(p.message)}" for p in problems]
        lines.append("")
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


def _markdown_task(results: Mapping[str, Mapping[str, Any]], names: Sequence[str], task: str) -> list[str]:
    scored = [n for n in names if task in results[n].get("scores", {})]
    lines = [f"## {TASK_TITLES.get(task, task)} (`{task}`)", ""]
    rows = [[f"`{m}`"] + [_md_cell(cell(metric_entry(results[n], task, m))) for n in scored]
            for m in task_metrics(results, task)]
    lines += _md_table(["Metric"] + [f"**{_md(n)}**" for n in scored], rows) + [""]
    for metric in BREAKDOWNS_MD.get(task, ()):
        types = breakdown_types(results, task, metric)
        if not types:
            continue
        by = next((metric_entry(results[n], task, metric).get("breakdown") for n in scored
                   if metric_entry(results[n], task, metric)), "type")
        lines += [f"Per {by.replace('_', ' ')}, `{metric}`:", ""]
        rows = []
        for t in types:
            row = [_md(t)]
            for n in scored:
                row.append(breakdown_cell(metric_entry(results[n], task, metric), t).text)
            rows.append(row)
        lines += _md_table([by.replace("_", " ")] + [f"**{_md(n)}**" for n in scored], rows) + [""]
    return lines


__all__ = [
    "REQUIRED_METADATA", "LEADERBOARD_CHECKS", "HEADLINE", "Headline", "SystemFolder", "LeaderboardBuild",
    "load_system_folder", "system_folders", "score_system", "plan_leaderboard", "render_build",
    "build_leaderboard", "check_leaderboard", "load_results", "render_markdown", "format_leaderboard", "cell",
    "breakdown_cell", "context", "Context", "Cell",
]
