"""Confidence intervals and significance tests by resampling documents.

Every resample reweights the per-document counts of a :class:`~newsbench.evaluation.scorer.CountTable`
(weights @ counts) and recomputes each metric from the summed counts with the same formula as the point
estimate -- never by averaging per-document scores. Resampling is vectorised: a chunk of resamples is one
matrix product, so 1,000 resamples over 10,000 documents take well under a second.

- :func:`bootstrap_intervals`: document-level bootstrap, percentile intervals.
- :func:`compare_results`: paired bootstrap and approximate randomisation between two results on the same gold.
All randomness comes from ``numpy.random.default_rng(seed)``: the same seed gives the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from .metrics import KINDS, MAX_ERROR_KM
from .scorer import TASK_VERSIONS, CountTable, MetricSpec, metric_specs

CHUNK = 100
"""Resamples drawn and evaluated at once; fixed, so that the random stream and the results do not depend on memory."""
_ITEM_CHUNK_ELEMENTS = 4_000_000
"""Upper bound on resamples x items evaluated at once for the item metrics (median, AUC)."""
_TOLERANCE = 1e-12


def resample_weights(n_docs: int, n_resamples: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Chunks (b x n_docs) of bootstrap multiplicities: how often each document is drawn, n_docs draws with
    replacement per resample."""
    done = 0
    while done < n_resamples:
        b = min(CHUNK, n_resamples - done)
        draws = rng.integers(0, n_docs, size=(b, n_docs))
        flat = (draws + (np.arange(b) * n_docs)[:, None]).ravel()
        yield np.bincount(flat, minlength=b * n_docs).reshape(b, n_docs).astype(float)
        done += b


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Median of the multiset where item i appears weights[r, i] times, per row r; values sorted ascending."""
    out = np.zeros(weights.shape[0])
    if values.size == 0:
        return out
    step = max(1, _ITEM_CHUNK_ELEMENTS // values.size)
    for lo in range(0, weights.shape[0], step):
        cum = np.cumsum(weights[lo:lo + step], axis=1)
        total = cum[:, -1]
        k1 = np.floor((total - 1) / 2)
        k2 = np.floor(total / 2)
        i1 = np.minimum((cum <= k1[:, None]).sum(axis=1), values.size - 1)
        i2 = np.minimum((cum <= k2[:, None]).sum(axis=1), values.size - 1)
        out[lo:lo + step] = np.where(total > 0, (values[i1] + values[i2]) / 2, 0.0)
    return out


def _weighted_auc(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The GeoWebNews AUC (see :func:`newsbench.evaluation.metrics.auc_from_errors`) per weight row;
    values sorted ascending."""
    out = np.zeros(weights.shape[0])
    if values.size == 0:
        return out
    y = np.log1p(values)
    n = weights.sum(axis=1)
    total = weights @ y
    present = weights > 0
    first = y[np.argmax(present, axis=1)]
    last = y[values.size - 1 - np.argmax(present[:, ::-1], axis=1)]
    log_max = math.log(MAX_ERROR_KM)
    many = n >= 2
    out[many] = (total[many] - (first[many] + last[many]) / 2) / ((n[many] - 1) * log_max)
    one = n == 1
    out[one] = first[one] / log_max
    return out


def _evaluate(specs: Sequence[MetricSpec], tables: Sequence[CountTable],
              weights: Sequence[np.ndarray]) -> dict[str, dict[str, np.ndarray]]:
    """Every metric per weight row, for the documents of ``tables`` weighted by ``weights`` (summed over tables:
    approximate randomisation mixes two systems' documents)."""
    sums = sum(w @ t.counts for w, t in zip(weights, tables))
    out: dict[str, dict[str, np.ndarray]] = {}
    where = {c: i for i, c in enumerate(tables[0].columns)}
    for spec in specs:
        if spec.kind in KINDS:
            cols = [where[f"{spec.key}/{f}"] for f in spec.fields]
            out[spec.key] = KINDS[spec.kind].scores(sums[:, cols])
        elif spec.kind == "conll":
            parts = [out[f"{spec.task}/{name}"] for name in spec.sources]
            out[spec.key] = {stat: sum(p[stat] for p in parts) / len(parts) for stat in ("precision", "recall", "f1")}
        else:
            source = f"{spec.task}/{spec.sources[0]}"
            values = np.concatenate([t.items[source][1] for t in tables])
            item_weights = np.concatenate([w[:, t.items[source][0]] for w, t in zip(weights, tables)], axis=1)
            order = np.argsort(values, kind="stable")
            values, item_weights = values[order], item_weights[:, order]
            compute = _weighted_median if spec.kind == "median" else _weighted_auc
            out[spec.key] = {"value": compute(values, item_weights)}
    return out


def _interval(samples: np.ndarray, confidence: float) -> list[float]:
    tail = 100 * (1 - confidence) / 2
    lo, hi = np.percentile(samples, [tail, 100 - tail])
    return [float(lo), float(hi)]


def bootstrap_samples(table: CountTable, specs: Sequence[MetricSpec], *, n_resamples: int = 1000,
                      seed: int = 0) -> dict[str, dict[str, np.ndarray]]:
    """Every metric on ``n_resamples`` document-level bootstrap resamples: key -> statistic -> array."""
    rng = np.random.default_rng(seed)
    chunks = [_evaluate(specs, [table], [w]) for w in resample_weights(len(table.doc_ids), n_resamples, rng)]
    return {key: {stat: np.concatenate([c[key][stat] for c in chunks]) for stat in chunks[0][key]}
            for key in chunks[0]} if chunks else {}


def bootstrap_intervals(table: CountTable, specs: Sequence[MetricSpec], *, n_resamples: int = 1000, seed: int = 0,
                        confidence: float = 0.95) -> dict[str, dict[str, list[float]]]:
    """Percentile intervals: key -> statistic (precision/recall/f1 or value) -> [low, high]."""
    if not table.doc_ids:
        return {}
    samples = bootstrap_samples(table, specs, n_resamples=n_resamples, seed=seed)
    return {key: {stat: _interval(v, confidence) for stat, v in stats.items()} for key, stats in samples.items()}


# --- comparing two systems -------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One metric of two systems on the same documents; delta = b - a."""

    task: str
    metric: str
    statistic: str
    a: float
    b: float
    delta: float
    delta_interval: tuple[float, float]
    p_bootstrap: float
    p_randomization: float

    def to_json(self) -> dict[str, Any]:
        return {"task": self.task, "metric": self.metric, "statistic": self.statistic, "a": self.a, "b": self.b,
                "delta": self.delta, "delta_ci": list(self.delta_interval), "p_bootstrap": self.p_bootstrap,
                "p_randomization": self.p_randomization}


class IncomparableResults(ValueError):
    """The two results were not computed on the same gold, documents, or task definitions."""


def _main_statistic(spec: MetricSpec) -> str:
    if spec.kind in KINDS:
        return "value" if KINDS[spec.kind].value_only else "f1"
    return "f1" if spec.kind == "conll" else "value"


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
    """
    specs = comparable_specs(a, b)
    ta, tb = CountTable.from_json(a["per_document"]), CountTable.from_json(b["per_document"])
    if ta.columns != tb.columns:
        keep = [c for c in ta.columns if c in set(tb.columns)]
        ta = _select(ta, keep)
        tb = _select(tb, keep)
    n = len(ta.doc_ids)
    ones = np.ones((1, n))
    observed_a, observed_b = _evaluate(specs, [ta], [ones]), _evaluate(specs, [tb], [ones])
    rng = np.random.default_rng(seed)
    boot: dict[str, list[np.ndarray]] = {s.key: [] for s in specs}
    for w in resample_weights(n, n_resamples, rng):
        ra, rb = _evaluate(specs, [ta], [w]), _evaluate(specs, [tb], [w])
        for s in specs:
            stat = _main_statistic(s)
            boot[s.key].append(rb[s.key][stat] - ra[s.key][stat])
    rand: dict[str, list[np.ndarray]] = {s.key: [] for s in specs}
    done = 0
    while done < n_resamples:
        size = min(CHUNK, n_resamples - done)
        swap = (rng.random((size, n)) < 0.5).astype(float)
        keep = 1.0 - swap
        ra = _evaluate(specs, [ta, tb], [keep, swap])
        rb = _evaluate(specs, [ta, tb], [swap, keep])
        for s in specs:
            stat = _main_statistic(s)
            rand[s.key].append(rb[s.key][stat] - ra[s.key][stat])
        done += size
    out = []
    for s in specs:
        stat = _main_statistic(s)
        va, vb = float(observed_a[s.key][stat][0]), float(observed_b[s.key][stat][0])
        delta = vb - va
        deltas = np.concatenate(boot[s.key]) if boot[s.key] else np.zeros(0)
        permuted = np.concatenate(rand[s.key]) if rand[s.key] else np.zeros(0)
        p_boot = (1 + int(np.sum(np.abs(deltas - delta) >= abs(delta) - _TOLERANCE))) / (deltas.size + 1)
        p_rand = (1 + int(np.sum(np.abs(permuted) >= abs(delta) - _TOLERANCE))) / (permuted.size + 1)
        interval = tuple(_interval(deltas, confidence)) if deltas.size else (delta, delta)
        out.append(Comparison(s.task, s.name, stat, va, vb, delta, interval, p_boot, p_rand))
    return out


def _select(table: CountTable, columns: Sequence[str]) -> CountTable:
    where = {c: i for i, c in enumerate(table.columns)}
    return CountTable(table.doc_ids, tuple(columns), table.counts[:, [where[c] for c in columns]], table.items)


def format_comparison(rows: Sequence[Comparison], name_a: str = "A", name_b: str = "B") -> str:
    lines = [f"{'task':<13}{'metric':<40}{'stat':<6}{name_a[:9]:>10}{name_b[:9]:>10}{'delta':>9}  "
             f"{'95% CI of delta':<20}{'p boot':>8}{'p AR':>8}"]
    for r in rows:
        ci = f"[{r.delta_interval[0]:+.4f}, {r.delta_interval[1]:+.4f}]"
        lines.append(f"{r.task:<13}{r.metric:<40}{r.statistic:<6}{r.a:>10.4f}{r.b:>10.4f}{r.delta:>+9.4f}  "
                     f"{ci:<20}{r.p_bootstrap:>8.4f}{r.p_randomization:>8.4f}")
    return "\n".join(lines)
