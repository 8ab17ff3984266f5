"""Reading the leaderboard's result files for its pages: cells, ranking, best marks, the context and the notes.

Nothing here computes a score: every number is looked up in a parsed result file (what ``newsbench score``
writes). Both renderers -- the Markdown page in :mod:`newsbench.evaluation.leaderboard` and the HTML page in
:mod:`newsbench.evaluation.leaderboard_html` -- read the results through these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .registry import HEADLINE, HIGHER, LOWER, MIN_DOCUMENTS, PRIMARY, RATIO, TASKS, Headline
from .tables import DIRECTION_MARKS, format_count, format_value

MISSING = "—"
NOT_AVAILABLE = "n/a"


# --- reading result files (no computation: every number is looked up) ---------------------------------


def metric_entry(result: Mapping[str, Any], task: str, metric: str) -> Mapping[str, Any] | None:
    """A metric's entry in a result file, or None when the result has none."""
    entry: Mapping[str, Any] | None = result.get("scores", {}).get(task, {}).get(metric)
    return entry


def main_statistic(entry: Mapping[str, Any]) -> str:
    return "f1" if "f1" in entry else "value"


def direction(entry: Mapping[str, Any]) -> str:
    """The metric's direction, as its result file records it."""
    return str(entry.get("direction", HIGHER))


def is_lower_better(entry: Mapping[str, Any]) -> bool:
    """Whether the entry's metric is better low."""
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
    def key(name: str) -> tuple[int, float, str]:
        value = cell(metric_entry(results[name], headline.task, headline.metric)).sort
        if value is None:
            return (1, 0.0, name)
        return (0, value if headline.lower_is_better else -value, name)

    names = sorted(results, key=key)
    return [n for n in names if not is_reference(results[n])], [n for n in names if is_reference(results[n])]


def best_value(results: Mapping[str, Mapping[str, Any]], names: Sequence[str], task: str, metric: str
               ) -> float | None:
    """The best value of a metric among ``names`` (the systems, never reference rows), by its direction."""
    found = [(cell(e).sort, is_lower_better(e)) for e in (metric_entry(results[n], task, metric) for n in names)
             if e is not None]
    values = [(v, lower) for v, lower in found if v is not None]
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

    def joined(get: Callable[[Mapping[str, Any]], Any]) -> str:
        return " / ".join(dict.fromkeys(str(get(r)) for _, r in sorted(results.items())))

    first = next(iter(sorted(results.items())))[1]
    return Context(joined(lambda r: r["newsbench_version"]), joined(lambda r: r["gold"]["sha256"]),
                   joined(lambda r: r["gold"]["path"]), int(first["gold"]["documents"]),
                   int(first["options"]["bootstrap"]), int(first["options"]["seed"]),
                   float(first["options"]["confidence"]))


def tasks_present(results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The tasks any result scores, in registry order."""
    present = {t for r in results.values() for t in r.get("scores", {})}
    return [t for t in TASKS if t in present]


def task_metrics(results: Mapping[str, Mapping[str, Any]], task: str) -> list[str]:
    """The metric names of a task, in the scorer's report order (first result that has the task)."""
    names: dict[str, None] = {}
    for _, r in sorted(results.items()):
        names.update(dict.fromkeys(r.get("scores", {}).get(task, {})))
    return list(names)


def breakdown_types(results: Mapping[str, Mapping[str, Any]], task: str, metric: str) -> list[str]:
    """The per-type labels any result has for the metric, sorted."""
    types: set[str] = set()
    for r in results.values():
        entry = metric_entry(r, task, metric)
        if entry:
            types.update(entry.get("by_type", {}))
    return sorted(types)


def metadata(result: Mapping[str, Any]) -> Mapping[str, Any]:
    """The system's metadata: system.json as the leaderboard keeps it, else the submission's ``system``."""
    meta: Mapping[str, Any] = (result.get("leaderboard", {}).get("metadata")
                               or result.get("submission", {}).get("system", {}))
    return meta


def interval_reasons(results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The distinct reasons, over every metric of every result, why an interval is not shown."""
    reasons = {m["ci_reason"] for r in results.values() for metrics in r.get("scores", {}).values()
               for m in metrics.values() if m.get("ci_reason")}
    return sorted(reasons)


def intervals_note(ctx: Context, results: Mapping[str, Mapping[str, Any]]) -> str:
    """How the intervals were made, and why some are not shown."""
    note = (f"{ctx.confidence:.0%} intervals: document-level bootstrap, {ctx.bootstrap} resamples, seed {ctx.seed} "
            f"(percentile intervals), shown only for metrics carried by at least {MIN_DOCUMENTS} documents.")
    reasons = interval_reasons(results)
    if reasons:
        note += " Intervals hidden here: " + "; ".join(reasons) + "."
    return note


def legend_note() -> str:
    """What the marks, the ranking and the empty cells mean."""
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


__all__ = [
    "MISSING",
    "NOT_AVAILABLE",
    "SUBMIT_STEPS",
    "Cell",
    "Context",
    "best_value",
    "breakdown_cell",
    "breakdown_types",
    "cell",
    "context",
    "direction",
    "gold_items",
    "headline_rows",
    "intervals_note",
    "is_lower_better",
    "is_reference",
    "legend_note",
    "metadata",
    "metric_entry",
    "names_note",
    "ranked",
    "task_metrics",
    "tasks_present",
]
