"""Counts and the scores derived from them: P/R/F, the MUC/SemEval-2013 categories, coreference metrics,
accuracies and toponym-resolution distances.

Every score is a ratio of summed counts. A *kind* says which counts a metric keeps and how they turn into
(precision numerator, precision denominator, recall numerator, recall denominator); the same vectorised
formula gives the point estimate and every bootstrap resample, so the two can never disagree.
An empty denominator gives 0 and a flag (``no_predictions`` / ``no_gold`` / ``empty``), never NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..gazetteer.lookup import haversine_km
from .assignment import linear_sum_assignment

NO_PREDICTIONS = "no_predictions"
"""Flag: precision's denominator is 0 (nothing predicted), so precision is reported as 0."""
NO_GOLD = "no_gold"
"""Flag: recall's denominator is 0 (nothing to find), so recall is reported as 0."""
EMPTY = "empty"
"""Flag: an accuracy or distance has no items, so it has no value (null)."""
NO_DOCUMENTS = "no_documents"
"""Flag: no gold document declares the metric's layer annotated, so the metric has no value (null)."""

# GeoWebNews (Gritta et al.) normalise log errors by log(20039 km), about half the earth's circumference, and
# give a toponym that was not resolved at all that maximum error.
MAX_ERROR_KM = 20039.0
ACCURACY_RADIUS_KM = 161.0  # 100 miles


# --- kinds: count fields and their formula ------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """Which counts a metric keeps (``fields``) and how they give the four ratio terms.

    ``p_num`` ... ``r_den`` hold one coefficient per field: e.g. for P/R/F over (tp, fp, fn) the precision
    denominator is 1*tp + 1*fp + 0*fn. ``value_only`` kinds (accuracy, mean) report ``value = p_num / p_den``.
    """

    name: str
    fields: tuple[str, ...]
    p_num: tuple[float, ...]
    p_den: tuple[float, ...]
    r_num: tuple[float, ...]
    r_den: tuple[float, ...]
    value_only: bool = False

    @property
    def matrix(self) -> np.ndarray[Any, Any]:
        """fields x 4 matrix: summed counts @ matrix = (p_num, p_den, r_num, r_den)."""
        return np.array([self.p_num, self.p_den, self.r_num, self.r_den], dtype=float).T

    def scores(self, sums: np.ndarray[Any, Any]) -> dict[str, np.ndarray[Any, Any]]:
        """Scores from summed counts; ``sums`` has the fields on its last axis (any leading shape)."""
        terms = np.asarray(sums, dtype=float) @ self.matrix
        p = safe_divide(terms[..., 0], terms[..., 1])
        if self.value_only:
            return {"value": p}
        r = safe_divide(terms[..., 2], terms[..., 3])
        return {"precision": p, "recall": r, "f1": safe_divide(2 * p * r, p + r)}

    def flags(self, sums: Sequence[float] | np.ndarray[Any, Any]) -> tuple[str, ...]:
        """Why summed counts give no value: empty (a value-only kind without items), or no predictions / no gold."""
        terms = np.asarray(sums, dtype=float) @ self.matrix
        if self.value_only:
            return (EMPTY,) if terms[1] <= 0 else ()
        return tuple(flag for flag, den in ((NO_PREDICTIONS, terms[1]), (NO_GOLD, terms[3])) if den <= 0)


PRF_KIND = Kind("prf", ("tp", "fp", "fn"), (1, 0, 0), (1, 1, 0), (1, 0, 0), (1, 0, 1))
# nervaluate / SemEval-2013: ACT = COR + INC + PAR + SPU, POS = COR + INC + PAR + MIS.
CATEGORY_FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
EXACT_CATEGORIES_KIND = Kind("categories", CATEGORY_FIELDS,
                             (1, 0, 0, 0, 0), (1, 1, 1, 0, 1), (1, 0, 0, 0, 0), (1, 1, 1, 1, 0))
"""strict and exact schemas: P = COR / ACT, R = COR / POS."""
PARTIAL_CATEGORIES_KIND = Kind("categories_partial", CATEGORY_FIELDS,
                               (1, 0, 0.5, 0, 0), (1, 1, 1, 0, 1), (1, 0, 0.5, 0, 0), (1, 1, 1, 1, 0))
"""partial and ent_type schemas: P = (COR + 0.5 PAR) / ACT, R = (COR + 0.5 PAR) / POS."""
RATIO_KIND = Kind("ratio", ("p_num", "p_den", "r_num", "r_den"),
                  (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1))
"""Coreference metrics: precision and recall are each a ratio of sums over documents."""
ACCURACY_KIND = Kind("accuracy", ("correct", "total"), (1, 0), (0, 1), (1, 0), (0, 1), value_only=True)
MEAN_KIND = Kind("mean", ("sum", "n"), (1, 0), (0, 1), (1, 0), (0, 1), value_only=True)

KINDS: dict[str, Kind] = {k.name: k for k in
                          (PRF_KIND, EXACT_CATEGORIES_KIND, PARTIAL_CATEGORIES_KIND, RATIO_KIND, ACCURACY_KIND,
                           MEAN_KIND)}


def safe_divide(num: ArrayLike, den: ArrayLike) -> np.ndarray[Any, Any]:
    """num / den elementwise, 0 where den is 0."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den > 0)
    return out


# --- the dataclasses of the Python API -----------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the flags that say when they have no value."""

    precision: float
    recall: float
    f1: float
    flags: tuple[str, ...] = ()


def prf(kind: Kind, values: Sequence[float]) -> PRF:
    """P/R/F1 of summed counts of a kind."""
    s = kind.scores(np.asarray(values, dtype=float))
    return PRF(float(s["precision"]), float(s["recall"]), float(s["f1"]), kind.flags(values))


@dataclass(frozen=True)
class Counts:
    """True positives, false positives, false negatives: what every P/R/F here is computed from."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    kind: ClassVar[Kind] = PRF_KIND

    @classmethod
    def from_sets(cls, gold: set[Any], predicted: set[Any]) -> Counts:
        """The counts of two item sets."""
        tp = len(gold & predicted)
        return cls(tp, len(predicted) - tp, len(gold) - tp)

    def values(self) -> tuple[int, int, int]:
        """(tp, fp, fn)."""
        return (self.tp, self.fp, self.fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def prf(self) -> PRF:
        """P/R/F1 of the counts."""
        return prf(self.kind, self.values())

    @property
    def precision(self) -> float:
        """Precision of the counts."""
        return self.prf.precision

    @property
    def recall(self) -> float:
        """Recall of the counts."""
        return self.prf.recall

    @property
    def f1(self) -> float:
        """F1 of the counts."""
        return self.prf.f1


@dataclass(frozen=True)
class Categories:
    """The MUC/SemEval-2013 categories (nervaluate's correct/incorrect/partial/missed/spurious)."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def values(self) -> tuple[int, int, int, int, int]:
        """(correct, incorrect, partial, missed, spurious)."""
        return (self.correct, self.incorrect, self.partial, self.missed, self.spurious)

    def __add__(self, other: Categories) -> Categories:
        return Categories(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    @property
    def actual(self) -> int:
        """Predictions counted: correct, incorrect, partial and spurious."""
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def possible(self) -> int:
        """Gold items counted: correct, incorrect, partial and missed."""
        return self.correct + self.incorrect + self.partial + self.missed

    def prf(self, schema: str) -> PRF:
        """P/R/F1 under one schema's weighting of the categories."""
        return prf(SCHEMA_KINDS[schema], self.values())


SCHEMAS = ("strict", "exact", "partial", "ent_type")
SCHEMA_KINDS: dict[str, Kind] = {"strict": EXACT_CATEGORIES_KIND, "exact": EXACT_CATEGORIES_KIND,
                                 "partial": PARTIAL_CATEGORIES_KIND, "ent_type": PARTIAL_CATEGORIES_KIND}


@dataclass(frozen=True)
class RatioCounts:
    """Precision and recall as separate ratios (coreference metrics); numerators may be fractional."""

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    def values(self) -> tuple[float, float, float, float]:
        """(precision numerator, precision denominator, recall numerator, recall denominator)."""
        return (self.p_num, self.p_den, self.r_num, self.r_den)

    def __add__(self, other: RatioCounts) -> RatioCounts:
        return RatioCounts(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    @property
    def prf(self) -> PRF:
        """P/R/F1 of the ratio counts."""
        return prf(RATIO_KIND, self.values())


@dataclass(frozen=True)
class Accuracy:
    """Correct out of total."""

    correct: int = 0
    total: int = 0

    def values(self) -> tuple[int, int]:
        """(correct, total)."""
        return (self.correct, self.total)

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def value(self) -> float:
        """correct / total; 0 without items."""
        return self.correct / self.total if self.total else 0.0


def macro(rows: Iterable[PRF]) -> PRF:
    """Unweighted mean of per-type precision, recall and F1 (F1 macro = mean of per-type F1s)."""
    rows = list(rows)
    if not rows:
        return PRF(0.0, 0.0, 0.0, (EMPTY,))
    n = len(rows)
    return PRF(sum(r.precision for r in rows) / n, sum(r.recall for r in rows) / n, sum(r.f1 for r in rows) / n)


# --- coreference ---------------------------------------------------------------------------------
# Clusters are sets of hashable mention keys (here: (start, end) spans). Key and response may contain
# different mentions ("twinless" mentions); the definitions below are those of the reference scorer
# (Pradhan et al. 2014), which uses every mention of the key for recall and every mention of the response
# for precision, singletons included.


@dataclass(frozen=True)
class CoreferenceCounts:
    """MUC, B-cubed and CEAF-e ratio counts of one partition against another."""

    muc: RatioCounts
    b_cubed: RatioCounts
    ceaf_e: RatioCounts


def coreference_counts(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> CoreferenceCounts:
    """MUC, B-cubed and CEAF-e of a response partition against a key partition, from one table of cluster
    overlaps |K_i & R_j| (mentions are any hashable keys; the two sides may hold different mentions).

    - MUC (Vilain et al. 1995): recall = sum_K (|K| - |p(K)|) / sum_K (|K| - 1), where p(K) partitions K by the
      response clusters and every key mention absent from the response is a part of its own; precision swaps
      key and response.
    - B-cubed (Bagga & Baldwin 1998): recall = sum_K sum_R |K & R|^2 / |K| over the number of key mentions;
      precision = sum_R sum_K |K & R|^2 / |R| over the number of response mentions.
    - CEAF-e (Luo 2005): phi4(K, R) = 2 |K & R| / (|K| + |R|); the one-to-one alignment of clusters with the
      largest total similarity (Kuhn-Munkres); recall = total / #key clusters, precision = total / #response
      clusters.
    """
    keys: list[frozenset[Hashable]] = [c if isinstance(c, frozenset) else frozenset(c) for c in key]
    responses: list[frozenset[Hashable]] = [c if isinstance(c, frozenset) else frozenset(c) for c in response]
    keys = [c for c in keys if c]
    responses = [c for c in responses if c]
    overlaps = _overlaps(keys, responses)
    key_size, response_size = list(map(len, keys)), list(map(len, responses))
    key_hits = [0] * len(keys)
    key_parts = [0] * len(keys)
    response_hits = [0] * len(responses)
    response_parts = [0] * len(responses)
    b3_recall = b3_precision = 0.0
    for (i, j), n in overlaps.items():
        key_hits[i] += n
        key_parts[i] += 1
        response_hits[j] += n
        response_parts[j] += 1
        b3_recall += n * n / key_size[i]
        b3_precision += n * n / response_size[j]
    # |K| - |p(K)| = |K| - (clusters touched + mentions untouched) = hits - clusters touched
    n_key, n_response = sum(key_size), sum(response_size)
    muc_counts = RatioCounts(float(sum(response_hits) - sum(response_parts)), float(n_response - len(responses)),
                             float(sum(key_hits) - sum(key_parts)), float(n_key - len(keys)))
    b3_counts = RatioCounts(b3_precision, float(n_response), b3_recall, float(n_key))
    total = 0.0
    contested = {}
    for (i, j), n in overlaps.items():
        similarity = 2.0 * n / (key_size[i] + response_size[j])
        if key_parts[i] == 1 and response_parts[j] == 1:
            total += similarity  # K_i and R_j share mentions with nothing else: aligned in every optimum
        else:
            contested[(i, j)] = similarity
    if contested:
        rows = sorted({i for i, _ in contested})
        cols = sorted({j for _, j in contested})
        ri = {i: k for k, i in enumerate(rows)}
        ci = {j: k for k, j in enumerate(cols)}
        sim = np.zeros((len(rows), len(cols)))
        for (i, j), value in contested.items():
            sim[ri[i], ci[j]] = value
        r, c = linear_sum_assignment()(sim, maximize=True)
        total += float(sim[r, c].sum())
    return CoreferenceCounts(muc_counts, b3_counts, RatioCounts(total, float(len(responses)), total, float(len(keys))))


def _overlaps(key: list[frozenset[Any]], response: list[frozenset[Any]]) -> dict[tuple[int, int], int]:
    """|K_i & R_j| for every pair that shares a mention."""
    of = {m: j for j, c in enumerate(response) for m in c}
    out: dict[tuple[int, int], int] = {}
    for i, c in enumerate(key):
        for m in c:
            j = of.get(m)
            if j is not None:
                out[(i, j)] = out.get((i, j), 0) + 1
    return out


def muc(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> RatioCounts:
    """MUC link-based counts (see :func:`coreference_counts`)."""
    return coreference_counts(key, response).muc


def b_cubed(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> RatioCounts:
    """B-cubed mention-based counts (see :func:`coreference_counts`)."""
    return coreference_counts(key, response).b_cubed


def ceaf_e(key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]) -> RatioCounts:
    """Entity-based CEAF counts (see :func:`coreference_counts`)."""
    return coreference_counts(key, response).ceaf_e


def conll(muc_prf: PRF, b3_prf: PRF, ceafe_prf: PRF) -> PRF:
    """The CoNLL-2012 score: the unweighted mean of the MUC, B-cubed and CEAF-e F1 (precision and recall
    reported beside are the means of the three precisions and recalls)."""
    parts = (muc_prf, b3_prf, ceafe_prf)
    return PRF(sum(p.precision for p in parts) / 3, sum(p.recall for p in parts) / 3, sum(p.f1 for p in parts) / 3,
               tuple(sorted({f for p in parts for f in p.flags})))


# --- toponym resolution --------------------------------------------------------------------------


def resolution_error_km(gold_lat: float, gold_lon: float, gold_geonames_id: int | None,
                        lat: float | None, lon: float | None, geonames_id: int | None) -> float:
    """Error of one resolved toponym: 0 when both name the same GeoNames id, else the haversine distance
    between the coordinates, else (no coordinates predicted) the maximum error."""
    if geonames_id is not None and gold_geonames_id is not None and geonames_id == gold_geonames_id:
        return 0.0
    if lat is None or lon is None:
        return MAX_ERROR_KM
    return haversine_km(gold_lat, gold_lon, lat, lon)


@dataclass(frozen=True)
class ResolutionScores:
    """Toponym resolution over the matched items: acc@161km, mean and median km, AUC, flags."""

    n: int
    acc_at_161km: float
    mean_km: float
    median_km: float
    auc: float
    flags: tuple[str, ...] = ()


def auc_from_errors(errors_km: Sequence[float] | np.ndarray[Any, Any]) -> float:
    """GeoWebNews AUC: the trapezoidal area under the sorted curve of ln(1 + error km), divided by
    ln(20039) and by the (n - 1) unit steps of the x axis; 0 is perfect, 1 the worst. One item: ln(1+e)/ln(20039)."""
    y = np.sort(np.log1p(np.asarray(errors_km, dtype=float)))
    if y.size == 0:
        return 0.0
    if y.size == 1:
        return float(y[0] / math.log(MAX_ERROR_KM))
    area = y.sum() - (y[0] + y[-1]) / 2  # np.trapz of the sorted values with unit spacing
    return float(area / ((y.size - 1) * math.log(MAX_ERROR_KM)))


def median(values: np.ndarray[Any, Any]) -> float:
    """The median of a non-empty float array, the float ``np.median`` gives (the middle value, or the mean of the
    two middle ones; NaN when one is NaN), without its masked-array check: that imports numpy.ma, about 100
    million instructions of every ``newsbench score`` (tests/evaluation/test_toponym_metrics.py)."""
    lo, hi = (values.size - 1) // 2, values.size // 2
    part = np.partition(values, (lo, hi, values.size - 1))  # a NaN sorts last
    if math.isnan(part[-1]):
        return math.nan
    return float(part[hi] if lo == hi else (part[lo] + part[hi]) / 2)


def resolution_scores(errors_km: Sequence[float]) -> ResolutionScores:
    """acc@161km (share of errors <= 161 km), mean and median error in km, and the GeoWebNews AUC."""
    e = np.asarray(errors_km, dtype=float)
    if e.size == 0:
        return ResolutionScores(0, 0.0, 0.0, 0.0, 0.0, (EMPTY,))
    return ResolutionScores(int(e.size), float(np.mean(e <= ACCURACY_RADIUS_KM)), float(e.mean()),
                            median(e), auc_from_errors(e))


