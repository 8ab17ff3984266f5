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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from .. import jsonio
from ..model import Submission
from ..paths import gold_dir as default_gold_dir, repo_root
from ..validate import Problem, json_type, read_json_file
from .registry import HEADLINE, HIGHER, LOWER, MIN_DOCUMENTS, PRIMARY, RATIO, REGISTRY, TASKS, Headline
from .scorer import GoldCorpus, load_gold, score_submission
from .submission import read_submission
from .tables import DIRECTION_MARKS, aligned, format_count, format_value

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

LEADERBOARD_CHECKS: dict[str, str] = {
    "system-metadata-missing": "a system folder has no system.json",
    "system-metadata-invalid": "system.json is not an object, or a required field is missing or of the wrong type, "
                               "or the optional `reference` is not a boolean",
    "system-name-mismatch": "the name in system.json or in the submission's `system` differs from the folder name",
    "system-submission-missing": "a system folder has no submission.json",
    "systems-dir-missing": "the folder of system folders (eval/systems) does not exist",
}
"""Check ids of the folder checks; the files' own problems keep the validator's and the scorer's check ids."""


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
    for key, kind in OPTIONAL_METADATA.items():
        if key in data and not isinstance(data[key], kind):
            out.append(Problem("system-metadata-invalid", file, None, f"/{key}",
                               f"expected `{key}` to be true or false, found {json.dumps(data[key])[:60]}"))
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
    """Broken system folders, by name, with their problems: nothing is rendered or written then."""
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
    gold checks join ``broken``. With any broken folder nothing is rendered (``files`` is empty)."""
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
    if broken:
        return LeaderboardBuild({}, results, broken, results_dir=out / RESULTS_DIR)
    files[out / MARKDOWN_FILE] = render_markdown(results)
    view = document_view(corpus, {s.name: s.submission for s in scored})
    files[out / HTML_FILE] = render_html(results, view)
    return LeaderboardBuild(files, results, broken, results_dir=out / RESULTS_DIR)


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


# --- reading result files (no computation: every number is looked up) ---------------------------------


def metric_entry(result: Mapping[str, Any], task: str, metric: str) -> Mapping[str, Any] | None:
    return result.get("scores", {}).get(task, {}).get(metric)


def main_statistic(entry: Mapping[str, Any]) -> str:
    return "f1" if "f1" in entry else "value"


def direction(entry: Mapping[str, Any]) -> str:
    """The metric's direction, as its result file records it."""
    return entry.get("direction", HIGHER)


def is_lower_better(entry: Mapping[str, Any]) -> bool:
    return direction(entry) == LOWER


@dataclass(frozen=True)
class Cell:
    """A metric as displayed: its main statistic, interval, and the value tables sort by (None: no value)."""

    text: str
    interval: str = ""
    sort: float | None = None
    detail: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)
    interval_reason: str = ""
    """Why the interval is not shown (too few documents, no items), when it is not."""
    support: str = ""
    """What the number was computed from: documents and items (shown beside an interval)."""


def cell(entry: Mapping[str, Any] | None, unit: str | None = None) -> Cell:
    """The display of a result entry (a metric, or a per-type row with its metric's ``unit``). ``—``: not scored
    (the system does not predict the task); ``n/a``: no items to compute it from (an accuracy or distance over
    nothing). An interval the data cannot support is not shown; its reason is kept for the tooltip."""
    if entry is None:
        return Cell(MISSING)
    unit = entry.get("unit", unit or RATIO)
    flags = tuple(entry.get("flags", ()))
    stat = main_statistic(entry)
    counts = ", ".join(f"{k} {format_count(v)}" for k, v in entry.get("counts", {}).items())
    if entry[stat] is None:
        return Cell(NOT_AVAILABLE, detail=counts, flags=flags, interval_reason=entry.get("ci_reason", ""))
    value = float(entry[stat])
    ci = (entry.get("ci") or {}).get(stat)
    interval = f"[{format_value(ci[0], unit)}, {format_value(ci[1], unit)}]" if ci else ""
    detail = counts
    if stat == "f1":
        detail = f"P {entry['precision']:.4f}, R {entry['recall']:.4f}" + (f"; {counts}" if counts else "")
    if flags:
        detail += f" ({', '.join(flags)})"
    support = ""
    if "documents" in entry:  # what the number (and its interval) was computed from
        items = entry.get("items")
        items = f"{items['gold']} gold, {items['predicted']} predicted" if isinstance(items, Mapping) else items
        support = f"{entry['documents']} doc(s), {items} item(s)" if not isinstance(entry.get("items"), Mapping) \
            else f"{entry['documents']} doc(s), {items}"
        detail += f"; {support}"
    reason = entry.get("ci_reason", "")
    if reason:
        detail += f"; no interval: {reason}"
    return Cell(format_value(value, unit), interval, value, detail, flags, reason, support)


def breakdown_cell(entry: Mapping[str, Any] | None, label: str) -> Cell:
    """A per-type row of a metric: ``—`` when the metric is not scored, ``n/a`` when the system's result has no row
    for the type (no gold item and no prediction of it)."""
    if entry is None:
        return Cell(MISSING)
    row = entry.get("by_type", {}).get(label)
    return cell(row, entry.get("unit")) if row is not None else Cell(NOT_AVAILABLE)


def gold_items(results: Mapping[str, Mapping[str, Any]], task: str, metric: str, label: str) -> int | None:
    """The gold items of a type for a P/R metric (its recall denominator, the same in every result), or None."""
    for _, r in sorted(results.items()):
        entry = metric_entry(r, task, metric)
        if entry is None or "f1" not in entry:
            continue
        items = entry.get("by_type", {}).get(label, {}).get("items")
        return int(items["gold"]) if isinstance(items, Mapping) else 0
    return None


def is_reference(result: Mapping[str, Any]) -> bool:
    """A reference row (oracle, empty, an annotator pass): ``"reference": true`` in its system.json."""
    return metadata(result).get("reference") is True


def ranked(results: Mapping[str, Mapping[str, Any]], headline: Headline = PRIMARY) -> tuple[list[str], list[str]]:
    """(systems, reference rows): each best first by ``headline`` in its direction, those without a value last,
    ties by name."""
    def key(name: str):
        value = cell(metric_entry(results[name], headline.task, headline.metric)).sort
        if value is None:
            return (1, 0.0, name)
        return (0, value if headline.lower_is_better else -value, name)

    names = sorted(results, key=key)
    return [n for n in names if not is_reference(results[n])], [n for n in names if is_reference(results[n])]


def best_value(results: Mapping[str, Mapping[str, Any]], names: Sequence[str], task: str, metric: str
               ) -> float | None:
    """The best value of a metric among ``names`` (the systems, never reference rows), by its direction."""
    values = [(cell(e).sort, is_lower_better(e)) for e in (metric_entry(results[n], task, metric) for n in names)
              if e is not None]
    values = [(v, lower) for v, lower in values if v is not None]
    if not values:
        return None
    lower = values[0][1]
    return min(v for v, _ in values) if lower else max(v for v, _ in values)


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


def interval_reasons(results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The distinct reasons, over every metric of every result, why an interval is not shown."""
    reasons = {m["ci_reason"] for r in results.values() for metrics in r.get("scores", {}).values()
               for m in metrics.values() if m.get("ci_reason")}
    return sorted(reasons)


def intervals_note(ctx: Context, results: Mapping[str, Mapping[str, Any]]) -> str:
    note = (f"{ctx.confidence:.0%} intervals: document-level bootstrap, {ctx.bootstrap} resamples, seed {ctx.seed} "
            f"(percentile intervals), shown only for metrics carried by at least {MIN_DOCUMENTS} documents.")
    reasons = interval_reasons(results)
    if reasons:
        note += " Intervals hidden here: " + "; ".join(reasons) + "."
    return note


def legend_note() -> str:
    return (f"{DIRECTION_MARKS[HIGHER]} higher is better, {DIRECTION_MARKS[LOWER]} lower is better (each metric's "
            f"direction is in its result file). Rows are ranked by {PRIMARY.label} (`{PRIMARY.key}`); the best value "
            f"of each column among the systems is marked; reference rows (oracle, empty, annotator passes) are "
            f"listed apart and never ranked. `{MISSING}`: the system does not predict that task; `{NOT_AVAILABLE}`: "
            f"nothing to compute the metric from.")


def names_note() -> str:
    """Which names column a tagger trained on the dataset's ``ner_tags`` reads."""
    return (f"{PRIMARY.label} (`{PRIMARY.key}`) scores names the way the `entities` config's `ner_tags` encode them "
            f"(IOB2 over the heads of the name mentions): read it for a CoNLL-style tagger. "
            f"{HEADLINE[1].label} (`{HEADLINE[1].key}`) scores the whole ACE extents.")


SUBMIT_STEPS: tuple[str, ...] = (
    "Write your predictions as one submission file (`schema/submission.schema.json`; eval/README.md §1) and check "
    "it: `newsbench validate-submission my-system.json`.",
    "Make a folder `eval/systems/<name>/` with `submission.json` (that file, its `system.name` equal to `<name>`) "
    "and `system.json`: `name`, `version`, `description`, `predicts` (layer -> what), `run` (how it was made, e.g. "
    "`command`), `dependencies` (list); optional `reference` (true only for reference rows).",
    "Run `newsbench leaderboard`: it scores every folder and rewrites `eval/results/`, `eval/LEADERBOARD.md` and "
    "`eval/leaderboard.html`; a folder with a problem stops it (its check id is printed) and nothing is written.",
    "Commit the folder and the regenerated files; CI runs `newsbench leaderboard --check`.",
)


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


def headline_rows(results: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, list[tuple[Cell, bool]]]]:
    """The headline table's rows: (rank or "ref", name, per column (cell, is the best value among systems)).
    The best value is bold in Markdown and starred in the HTML page."""
    systems, references = ranked(results)
    best = {h.key: best_value(results, systems, h.task, h.metric) for h in HEADLINE}
    out = []
    for rank, name in [(str(i), n) for i, n in enumerate(systems, 1)] + [("ref", n) for n in references]:
        cells = []
        for h in HEADLINE:
            c = cell(metric_entry(results[name], h.task, h.metric))
            cells.append((c, rank != "ref" and c.sort is not None and c.sort == best[h.key]))
        out.append((rank, name, cells))
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
        by = next((metric_entry(results[n], task, metric).get("breakdown") for n in scored
                   if metric_entry(results[n], task, metric)), "type")
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
    "REQUIRED_METADATA", "LEADERBOARD_CHECKS", "HEADLINE", "Headline", "SystemFolder", "LeaderboardBuild",
    "load_system_folder", "system_folders", "score_system", "plan_leaderboard", "render_build",
    "build_leaderboard", "check_leaderboard", "load_results", "render_markdown", "format_leaderboard", "cell",
    "breakdown_cell", "context", "Context", "Cell", "OPTIONAL_METADATA", "ranked", "best_value", "is_reference",
    "headline_rows", "SUBMIT_STEPS",
]
