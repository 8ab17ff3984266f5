"""Confidence intervals and significance tests by resampling documents.

Every resample reweights the per-document counts of a :class:`~newsbench.evaluation.scorer.CountTable`
(weights @ counts) and recomputes each metric from the summed counts with the same formula as the point
estimate -- never by averaging per-document scores. Resampling is vectorised: a chunk of resamples is one
matrix product, so 1,000 resamples over 10,000 documents take well under a second.

- :func:`bootstrap_intervals`: document-level bootstrap, percentile intervals.
- :func:`compare_results`: paired bootstrap and approximate randomisation between two results on the same gold
  (:func:`result_problems` first: what compare reads from a result file, checked).
All randomness comes from ``numpy.random.default_rng(seed)``: the same seed gives the same numbers.

Statistics say when they cannot speak: a metric carried by fewer than :data:`MIN_DOCUMENTS` documents gets no
interval and no p-value, only the reason (:func:`unavailable_reason`). A resample in which a value-only metric
has no items (an accuracy or a distance over nothing) has no value (NaN) and is left out of the percentiles.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from .. import jsonio
from ..problems import Problem, problem
from ..validate import schema_file_problems
from .metrics import KINDS, MAX_ERROR_KM
from .registry import (
    HIGHER, MIN_DOCUMENTS, TASK_VERSIONS, TASKS, MetricSpec, metric_specs, plural, unavailable_reason,
)
from .counts import CountTable
from .tables import DIRECTION_MARKS, aligned, format_value

CHUNK = 100
"""Resamples drawn and evaluated at once; fixed, so that the random stream and the results do not depend on memory."""
_TOLERANCE = 1e-12
_WINDOW = 2048
"""Half the width of the window of sorted items in which a resample's middle ranks are first looked for."""
_END_WINDOW = 256
"""Width of the windows at the ends of the sorted items where the first and the last item drawn are looked for."""


def resample_weights(n_docs: int, n_resamples: int, rng: np.random.Generator) -> Iterator[np.ndarray[Any, Any]]:
    """Chunks (b x n_docs) of bootstrap multiplicities: how often each document is drawn, n_docs draws with
    replacement per resample."""
    done = 0
    while done < n_resamples:
        b = min(CHUNK, n_resamples - done)
        draws = rng.integers(0, n_docs, size=(b, n_docs))
        # as floats: the weighted sums are float products (exact: small integers). Counted row by row: a row's
        # n_docs bins stay in cache, where one count over b * n_docs bins does not (3-4x slower at 10k documents)
        weights = np.empty((b, n_docs))
        for row, drawn in zip(weights, draws, strict=True):
            row[:] = np.bincount(drawn, minlength=n_docs)
        yield weights
        done += b


class _Items:
    """An item list (toponym errors) of one or more tables, sorted once: each resample then only reweights it.

    Weighted median and GeoWebNews AUC of a resample follow from the cumulative weights along the sorted values:
    the median sits where the cumulative weight passes half the total, the AUC needs the total of ln(1 + e)
    (per-document sums, reweighted), the count, and the smallest and largest value drawn."""

    def __init__(self, sources: Sequence[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]], n_docs: int):
        values = np.concatenate([v for _, v in sources]) if sources else np.zeros(0)
        table = np.concatenate([np.full(len(v), t) for t, (_, v) in enumerate(sources)]) if sources else np.zeros(0,
                                                                                                                  int)
        docs = np.concatenate([d for d, _ in sources]) if sources else np.zeros(0, int)
        order = np.argsort(values, kind="stable")
        self.values = values[order]
        self.log_values = np.log1p(self.values)
        self.table, self.docs = table[order], docs[order]
        self.per_table = [(self.table == t) for t in range(len(sources))]
        self.doc_log_sums = [np.bincount(d, weights=np.log1p(v), minlength=n_docs) for d, v in sources]
        self._below: dict[tuple[int, int], np.ndarray[Any, Any]] = {}

    def _item_weights(self, weights: Sequence[np.ndarray[Any, Any]], lo: int, hi: int) -> np.ndarray[Any, Any]:
        """(b x hi - lo) weights of the sorted items lo..hi-1: their documents' weights in their table."""
        docs = self.docs[lo:hi]
        if len(weights) == 1:
            return np.take(weights[0], docs, axis=1)
        out = np.zeros((weights[0].shape[0], hi - lo), dtype=weights[0].dtype)
        for w, mask in zip(weights, self.per_table, strict=True):
            inside = mask[lo:hi]
            out[:, inside] = w[:, docs[inside]]
        return out

    def _weight_below(self, weights: Sequence[np.ndarray[Any, Any]], lo: int) -> np.ndarray[Any, Any]:
        """Per weight row, the total weight of the sorted items 0..lo-1 (float products of integers: exact)."""
        total = np.zeros(weights[0].shape[0])
        for t, w in enumerate(weights):
            per_doc = self._below.get((t, lo))
            if per_doc is None:  # the same windows for every chunk of resamples: counted once
                docs = self.docs[:lo][self.table[:lo] == t]
                per_doc = self._below[(t, lo)] = np.bincount(docs, minlength=w.shape[1]).astype(float)
            total += w @ per_doc
        return total.astype(np.int64)

    def _positions(self, weights: Sequence[np.ndarray[Any, Any]], targets: Sequence[np.ndarray[Any, Any]], lo: int,
                   hi: int
                   ) -> list[np.ndarray[Any, Any]]:
        """Per target array and weight row, the first sorted item whose cumulative weight exceeds the row's
        target: the cumulative weights are computed over items lo..hi-1 only (with the weight below lo), and over
        all items for the rows whose answer lies outside that window."""
        m = self.values.size
        lo, hi = max(lo, 0), min(hi, m)
        below = self._weight_below(weights, lo)
        cum = below[:, None] + np.cumsum(self._item_weights(weights, lo, hi), axis=1)
        out = []
        for target in targets:
            found = lo + np.count_nonzero(cum <= target[:, None], axis=1)
            outside = ~((below <= target) & (cum[:, -1] > target))
            if outside.any() and (lo, hi) != (0, m):
                rows = np.nonzero(outside)[0]
                found[rows] = self._positions([w[rows] for w in weights], [target[rows]], 0, m)[0]
            out.append(found)
        return out

    def statistics(self, weights: Sequence[np.ndarray[Any, Any]]) -> dict[str, np.ndarray[Any, Any]]:
        """median and auc per weight row (one weight matrix per source table). The ranks they need (the two
        middle ones, the first and the last item drawn) are searched in windows of the sorted items where they
        nearly always are, then among all items for the rows where they are not."""
        b = weights[0].shape[0]
        median, auc = np.full(b, np.nan), np.full(b, np.nan)
        m = self.values.size
        if m == 0:
            return {"median": median, "auc": auc}
        as_float = [np.asarray(w, dtype=float) for w in weights]
        n = self._weight_below(as_float, m)
        drawn = np.nonzero(n > 0)[0]
        if not drawn.size:
            return {"median": median, "auc": auc}
        weights, as_float, n = [w[drawn] for w in weights], [w[drawn] for w in as_float], n[drawn]
        # the ranks' windows: the middle of the sorted items, and their two ends
        middle = m // 2
        lower, upper = self._positions(as_float, [(n - 1) // 2, n // 2], middle - _WINDOW, middle + _WINDOW)
        first, = self._positions(as_float, [np.zeros_like(n)], 0, _END_WINDOW)
        last, = self._positions(as_float, [n - 1], m - _END_WINDOW, m)
        median[drawn] = (self.values[lower] + self.values[upper]) / 2
        first_log, last_log = self.log_values[first], self.log_values[last]
        log_total = sum(w @ sums for w, sums in zip(weights, self.doc_log_sums, strict=True))
        log_max = math.log(MAX_ERROR_KM)
        with np.errstate(divide="ignore", invalid="ignore"):
            many = (log_total - (first_log + last_log) / 2) / ((n - 1) * log_max)
        auc[drawn] = np.where(n == 1, first_log / log_max, many)
        return {"median": median, "auc": auc}


class _Plan:
    """How to compute every metric from weighted tables: column indices per metric, item lists per source."""

    def __init__(self, specs: Sequence[MetricSpec], tables: Sequence[CountTable]):
        self.specs = list(specs)
        self.tables = list(tables)
        where = {c: i for i, c in enumerate(tables[0].columns)}
        self.columns = {s.key: [where[f"{s.key}/{f}"] for f in s.fields] for s in specs if s.kind in KINDS}
        n_docs = len(tables[0].doc_ids)
        sources = {f"{s.task}/{s.sources[0]}" for s in specs if s.kind in ("median", "auc")}
        self.items = {src: _Items([t.items[src] for t in tables], n_docs) for src in sources}
        # one table (the bootstrap): the product needs only its distinct columns that are not all zero (many
        # metrics share a count, e.g. the gold items of a layer)
        self.distinct: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None
        if len(tables) == 1:
            counts = tables[0].counts
            used = np.flatnonzero(np.any(counts != 0, axis=0))
            first: dict[bytes, int] = {}  # a column's bytes -> its number among the distinct columns
            columns = counts.T[used]  # one copy, each used column a contiguous row (not a strided read per column)
            inverse = np.asarray([first.setdefault(c.tobytes(), len(first)) for c in columns], dtype=np.int64)
            keep = used[np.unique(inverse, return_index=True)[1]]
            self.distinct = (np.ascontiguousarray(counts[:, keep]), used, inverse)

    def _sums(self, weights: Sequence[np.ndarray[Any, Any]]) -> np.ndarray[Any, Any]:
        """The weighted column sums, one row per weight row."""
        if self.distinct is None:
            total = cast("np.ndarray[Any, Any]", sum(w @ t.counts for w, t in zip(weights, self.tables, strict=True)))
            return total
        distinct, used, inverse = self.distinct
        sums = np.zeros((weights[0].shape[0], self.tables[0].counts.shape[1]))
        sums[:, used] = (weights[0] @ distinct)[:, inverse]
        return sums

    def evaluate(self, weights: Sequence[np.ndarray[Any, Any]]) -> dict[str, dict[str, np.ndarray[Any, Any]]]:
        """Every metric per weight row; ``weights`` holds one (b x documents) matrix per table (approximate
        randomisation mixes two systems' documents)."""
        weights = [np.asarray(w, dtype=float) for w in weights]  # converted once for every product below
        sums = self._sums(weights)
        item_stats = {src: items.statistics(weights) for src, items in self.items.items()}
        out: dict[str, dict[str, np.ndarray[Any, Any]]] = {}
        for spec in self.specs:
            if spec.kind in KINDS:
                kind = KINDS[spec.kind]
                counts = sums[:, self.columns[spec.key]]
                out[spec.key] = kind.scores(counts)
                if kind.value_only:  # no items drawn: no value (a 0 would be the best distance)
                    out[spec.key]["value"][(counts @ kind.matrix)[:, 1] <= 0] = np.nan
            elif spec.kind == "conll":
                parts = [out[f"{spec.task}/{name}"] for name in spec.sources]
                out[spec.key] = {stat: cast("np.ndarray[Any, Any]", sum(p[stat] for p in parts)) / len(parts)
                                 for stat in ("precision", "recall", "f1")}
            else:
                out[spec.key] = {"value": item_stats[f"{spec.task}/{spec.sources[0]}"][spec.kind]}
        return out


def _weighted_median(values: np.ndarray[Any, Any], weights: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Median of the multiset where sorted item i appears weights[r, i] times, per row r."""
    return _Items([(np.arange(values.size), values)], values.size).statistics([weights])["median"]


def _weighted_auc(values: np.ndarray[Any, Any], weights: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The GeoWebNews AUC of the same multisets (see :func:`newsbench.evaluation.metrics.auc_from_errors`)."""
    return _Items([(np.arange(values.size), values)], values.size).statistics([weights])["auc"]


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """The matrix products here are small; a multi-threaded BLAS spends more on coordination than on work, and
    on a busy machine it is many times slower (measured: 4.5 s vs 0.5 s for 1,000 resamples x 10,000 docs)."""
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn (the eval extra)
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _interval(samples: np.ndarray[Any, Any], confidence: float) -> list[float] | None:
    """The percentile interval of the samples that have a value (None when none has)."""
    samples = samples[~np.isnan(samples)]
    if not samples.size:
        return None
    tail = 100 * (1 - confidence) / 2
    lo, hi = np.percentile(samples, [tail, 100 - tail])
    return [float(lo), float(hi)]


def bootstrap_samples(table: CountTable, specs: Sequence[MetricSpec], *, n_resamples: int = 1000,
                      seed: int = 0) -> dict[str, dict[str, np.ndarray[Any, Any]]]:
    """Every metric on ``n_resamples`` document-level bootstrap resamples: key -> statistic -> array."""
    rng = np.random.default_rng(seed)
    plan = _Plan(specs, [table])
    with _one_blas_thread():
        chunks = [plan.evaluate([w]) for w in resample_weights(len(table.doc_ids), n_resamples, rng)]
    return {key: {stat: np.concatenate([c[key][stat] for c in chunks]) for stat in chunks[0][key]}
            for key in chunks[0]} if chunks else {}


def bootstrap_intervals(table: CountTable, specs: Sequence[MetricSpec], *, n_resamples: int = 1000, seed: int = 0,
                        confidence: float = 0.95) -> dict[str, dict[str, list[float] | None]]:
    """Percentile intervals: key -> statistic (precision/recall/f1 or value) -> [low, high] (None: no resample
    had a value). Every metric is resampled, whatever its support: the caller decides what it may report."""
    if not table.doc_ids:
        return {}
    samples = bootstrap_samples(table, specs, n_resamples=n_resamples, seed=seed)
    return {key: {stat: _interval(v, confidence) for stat, v in stats.items()} for key, stats in samples.items()}


# --- comparing two systems -------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One metric of two systems on the same documents; delta = b - a. ``a``/``b`` are None when the system has no
    items for the metric (an empty value); ``reason`` says why the delta, its interval or the p-values are None."""

    task: str
    metric: str
    statistic: str
    direction: str
    unit: str
    a: float | None
    b: float | None
    delta: float | None
    delta_interval: tuple[float, float] | None
    p_bootstrap: float | None
    p_randomization: float | None
    documents: int
    """Documents in which either system or the gold has items of the metric (what the tests resample)."""
    reason: str | None = None

    @property
    def better(self) -> str | None:
        """"a" or "b": the system the metric's direction favours; None for a tie or without both values."""
        if self.delta is None or self.delta == 0:
            return None
        return "b" if (self.delta > 0) == (self.direction == HIGHER) else "a"

    def to_json(self) -> dict[str, Any]:
        """The comparison row as JSON."""
        return {"task": self.task, "metric": self.metric, "statistic": self.statistic, "direction": self.direction,
                "unit": self.unit, "a": self.a, "b": self.b, "delta": self.delta,
                "delta_ci": list(self.delta_interval) if self.delta_interval is not None else None,
                "p_bootstrap": self.p_bootstrap, "p_randomization": self.p_randomization,
                "documents": self.documents, "better": self.better, "reason": self.reason}


@dataclass(frozen=True)
class ComparedSystem:
    """A compared system: its name (the result's submission's, else the file's stem), its result file and that
    file's sha256."""

    name: str
    result: str
    sha256: str


@dataclass(frozen=True)
class ComparisonReport:
    """What ``newsbench compare --out`` writes: the two systems, the documents, the options and every row."""

    a: ComparedSystem
    b: ComparedSystem
    documents: int
    resamples: int
    seed: int
    rows: tuple[Comparison, ...]

    @classmethod
    def of(cls, results: Sequence[Mapping[str, Any]], paths: Sequence[Path], rows: Sequence[Comparison], *,
           resamples: int, seed: int) -> ComparisonReport:
        """The report of two results: the systems (names, files, checksums) and the comparison rows."""
        systems = []
        for result, path in zip(results, paths, strict=True):
            name = (result.get("submission") or {}).get("system", {}).get("name") or Path(path).stem
            systems.append(ComparedSystem(str(name), str(path), hashlib.sha256(Path(path).read_bytes()).hexdigest()))
        return cls(systems[0], systems[1], len(results[0]["per_document"]["doc_ids"]), resamples, seed, tuple(rows))

    def to_json(self) -> dict[str, Any]:
        """The report as JSON."""
        return {"a": dataclasses.asdict(self.a), "b": dataclasses.asdict(self.b), "documents": self.documents,
                "resamples": self.resamples, "seed": self.seed, "comparisons": [r.to_json() for r in self.rows]}


class IncomparableResults(ValueError):
    """The two results were not computed on the same gold, documents, or task definitions."""


RESULT_SCHEMA = "result.schema.json"


def result_problems(data: Any, file: str) -> list[Problem]:
    """Why a parsed file cannot be compared: the JSON Schema of what compare reads (schema/result.schema.json),
    then the shapes the schema cannot say (``result-malformed``): a row of counts per document and a count per
    column, item documents in range with a value each, known tasks whose metrics all have their columns."""
    def malformed(pointer: str, message: str) -> list[Problem]:
        return [problem("result-malformed", file, None, pointer, message)]

    problems = schema_file_problems(data, RESULT_SCHEMA, file)
    if problems:  # what is wrong, each with its schema check id, under one result-malformed
        return malformed("", f"expected a newsbench result file (from `newsbench score`, {RESULT_SCHEMA}), found "
                             f"{plural(len(problems), 'problem')}") + problems

    table = data["per_document"]
    n, width = len(table["doc_ids"]), len(table["columns"])
    if len(table["counts"]) != n:
        return malformed("/per_document/counts", f"expected a row of counts per document ({n}), found "
                                                 f"{len(table['counts'])} rows")
    for i, row in enumerate(table["counts"]):
        if len(row) != width:
            return malformed(f"/per_document/counts/{i}", f"expected a count per column ({width}), found {len(row)}")
    for name, listed in table.get("items", {}).items():
        if len(listed["doc"]) != len(listed["value"]) or any(d >= n for d in listed["doc"]):
            return malformed(jsonio.json_pointer("per_document", "items", name),
                             f"expected one value per item and item documents below "
                                                            f"{n}, found {len(listed['doc'])} documents and "
                                                            f"{len(listed['value'])} values")
    columns = set(table["columns"])
    for task in data["task_versions"]:
        if task not in TASKS:
            return malformed(jsonio.json_pointer("task_versions", task),
                             f"expected tasks of {', '.join(TASKS)}, found {task!r}")
        for spec in metric_specs(task):
            missing = [f"{spec.key}/{f}" for f in spec.fields if f"{spec.key}/{f}" not in columns]
            if missing:
                return malformed("/per_document/columns", f"expected the count columns of {spec.key}, found no "
                                                          f"{', '.join(missing)}")
    return []


def comparable_specs(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[MetricSpec]:
    """The metrics both results report, after checking they can be compared at all."""
    if a["gold"]["sha256"] != b["gold"]["sha256"]:
        raise IncomparableResults(f"expected results on the same gold, found gold sha256 {a['gold']['sha256'][:12]}… "
                                  f"and {b['gold']['sha256'][:12]}…")
    if "per_document" not in a or "per_document" not in b:
        raise IncomparableResults("expected results with per-document counts (per_document), found none")
    if a["per_document"]["doc_ids"] != b["per_document"]["doc_ids"]:
        raise IncomparableResults("expected the same documents in both results, found different doc ids")
    tasks = [t for t in a["task_versions"] if t in b["task_versions"]]
    for t in tasks:
        if a["task_versions"][t] != b["task_versions"][t]:
            raise IncomparableResults(f"expected the same definition of task {t}, found versions "
                                      f"{a['task_versions'][t]} and {b['task_versions'][t]}")
        if a["task_versions"][t] != TASK_VERSIONS.get(t):
            raise IncomparableResults(f"expected task {t} version {TASK_VERSIONS.get(t)} (this scorer), found "
                                      f"{a['task_versions'][t]}: rescore both submissions")
    return [s for t in tasks for s in metric_specs(t)]


def compare_results(a: Mapping[str, Any], b: Mapping[str, Any], *, n_resamples: int = 1000, seed: int = 0,
                    confidence: float = 0.95) -> list[Comparison]:
    """Paired bootstrap and approximate randomisation for every metric both results report.

    - paired bootstrap: the same resampled documents for both systems; delta* per resample; the interval is the
      percentile interval of delta*, and p = (1 + #{|delta* - delta| >= |delta|}) / (N + 1) (the bootstrap
      distribution shifted to the null of no difference).
    - approximate randomisation: each document's counts are swapped between the systems with probability 1/2;
      p = (1 + #{|delta_r| >= |delta|}) / (N + 1).
    Resamples in which either system has no value for the metric are left out of both. A metric carried by fewer
    than :data:`MIN_DOCUMENTS` documents, or empty for a system, gets no interval and no p-value, only the reason.
    """
    with _one_blas_thread():
        return _compare(a, b, n_resamples, seed, confidence)


def _compare(a: Mapping[str, Any], b: Mapping[str, Any], n_resamples: int, seed: int,
             confidence: float) -> list[Comparison]:
    specs = comparable_specs(a, b)
    ta, tb = CountTable.from_json(a["per_document"]), CountTable.from_json(b["per_document"])
    if ta.columns != tb.columns:
        keep = [c for c in ta.columns if c in set(tb.columns)]
        ta = _select(ta, keep)
        tb = _select(tb, keep)
    n = len(ta.doc_ids)
    ones = np.ones((1, n))
    plan_a, plan_b, plan_ab = _Plan(specs, [ta]), _Plan(specs, [tb]), _Plan(specs, [ta, tb])
    observed_a, observed_b = plan_a.evaluate([ones]), plan_b.evaluate([ones])
    rng = np.random.default_rng(seed)
    boot: dict[str, list[np.ndarray[Any, Any]]] = {s.key: [] for s in specs}
    for w in resample_weights(n, n_resamples, rng):
        ra, rb = plan_a.evaluate([w]), plan_b.evaluate([w])
        for s in specs:
            boot[s.key].append(rb[s.key][s.statistic] - ra[s.key][s.statistic])
    rand: dict[str, list[np.ndarray[Any, Any]]] = {s.key: [] for s in specs}
    done = 0
    while done < n_resamples:
        size = min(CHUNK, n_resamples - done)
        swap = (rng.random((size, n)) < 0.5).astype(np.int32)
        keep = 1 - swap
        ra = plan_ab.evaluate([keep, swap])
        rb = plan_ab.evaluate([swap, keep])
        for s in specs:
            rand[s.key].append(rb[s.key][s.statistic] - ra[s.key][s.statistic])
        done += size
    out = []
    for s in specs:
        stat = s.statistic
        va, vb = _value(observed_a[s.key][stat][0]), _value(observed_b[s.key][stat][0])
        support = int(np.count_nonzero(ta.documents_with_items(s) | tb.documents_with_items(s)))
        common: dict[str, Any] = dict(task=s.task, metric=s.name, statistic=stat,
                      direction=s.direction, unit=s.unit, a=va, b=vb, documents=support)
        if a.get("scores", {}).get(s.task, {}).get(s.name, {}).get("documents") == 0:  # one gold for both
            common.update(a=None, b=None)
            out.append(Comparison(**common, delta=None, delta_interval=None, p_bootstrap=None, p_randomization=None,
                                  reason="0 documents annotate this layer"))
            continue
        if va is None or vb is None:
            empty = "A and B" if va is None and vb is None else "A" if va is None else "B"
            out.append(Comparison(**common, delta=None, delta_interval=None, p_bootstrap=None, p_randomization=None,
                                  reason=f"no items in {empty}"))
            continue
        delta = vb - va
        reason = unavailable_reason(n, support)
        if reason is not None:
            out.append(Comparison(**common, delta=delta, delta_interval=None, p_bootstrap=None, p_randomization=None,
                                  reason=reason))
            continue
        deltas = _finite(np.concatenate(boot[s.key]))
        permuted = _finite(np.concatenate(rand[s.key]))
        p_boot = (1 + int(np.sum(np.abs(deltas - delta) >= abs(delta) - _TOLERANCE))) / (deltas.size + 1)
        p_rand = (1 + int(np.sum(np.abs(permuted) >= abs(delta) - _TOLERANCE))) / (permuted.size + 1)
        interval = _interval(deltas, confidence)
        out.append(Comparison(**common, delta=delta, delta_interval=(interval[0], interval[1]) if interval else None,
                              p_bootstrap=p_boot, p_randomization=p_rand))
    return out


def _value(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _finite(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    finite: np.ndarray[Any, Any] = x[~np.isnan(x)]
    return finite


def _select(table: CountTable, columns: Sequence[str]) -> CountTable:
    where = {c: i for i, c in enumerate(table.columns)}
    return CountTable(table.doc_ids, tuple(columns), table.counts[:, [where[c] for c in columns]], table.items)


# --- the table ---------------------------------------------------------------------------------------

def format_comparison(rows: Sequence[Comparison], name_a: str = "A", name_b: str = "B", *,
                      documents: int | None = None) -> str:
    """The comparison as a plain-text table: full system names, aligned columns, the direction of every metric
    (↑ higher / ↓ lower is better), the better system by that direction (``*``), the documents carrying the
    metric, and why an interval or p-value is absent."""
    head = ["task", "metric", "", name_a, name_b, "delta", "better", "95% CI of delta", "p boot", "p AR", "docs",
            "note"]
    table = [head]
    for r in rows:
        ci = "" if r.delta_interval is None else \
            f"[{format_value(r.delta_interval[0], r.unit, True)}, {format_value(r.delta_interval[1], r.unit, True)}]"
        better = {"a": name_a, "b": name_b}.get(r.better or "", "=" if r.delta == 0 else "")
        table.append([r.task, r.metric, DIRECTION_MARKS[r.direction], format_value(r.a, r.unit),
                      format_value(r.b, r.unit), format_value(r.delta, r.unit, True), better, ci,
                      "—" if r.p_bootstrap is None else f"{r.p_bootstrap:.4f}",
                      "—" if r.p_randomization is None else f"{r.p_randomization:.4f}", str(r.documents),
                      r.reason or ""])
    lines = [f"A = {name_a}, B = {name_b}; delta = B - A"
             + (f"; {plural(documents, 'document')}" if documents is not None else "")
             + f"; ↑ higher is better, ↓ lower is better; p-values and intervals need at least {MIN_DOCUMENTS} "
               f"documents with items"]
    reasons = {r.reason for r in rows if r.reason and r.p_bootstrap is None and r.delta is not None}
    if rows and len(reasons) == 1 and all(r.p_bootstrap is None for r in rows):
        lines.append(f"no p-value or interval: {next(iter(reasons))}")
    lines += aligned(table, [False, False, False, True, True, True, False, False, True, True, True, False])
    return "\n".join(lines)
