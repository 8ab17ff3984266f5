"""The tasks: each one's version, layers, title, metrics, headline columns and the function that scores one
document -- the one file to change to add or redefine a task.

A scoring function gets a batch of :class:`DocumentInput` (one gold document and the submission's predictions for
it, each layer kept to the ranges the gold annotates) with one count row each, writes each document's counts into
its row (metric key -> the metric kind's count fields: sets of hashable tuples intersected, as spaCy's scorer
does) and adds the per-label counts, item lists and notes to :class:`Totals`. A task that scores a document at a
time wraps its function in :func:`each_document`; the entities, bio, events and timexes tasks count a whole
batch in numpy (:mod:`newsbench.evaluation.categories`, :mod:`newsbench.evaluation.codes`), and tests prove their
counts equal the tuple sets'. The scorer turns the summed counts into scores by kind
(:mod:`newsbench.evaluation.metrics`); nothing here computes a P/R/F.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from itertools import accumulate, chain, count
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from ..model import (
    Argument,
    Event,
    EventMention,
    PredictedEventMention,
    PredictedMention,
    Submission,
    SubmissionDocument,
    Timex,
)
from ..ontology import Ontology, load_ontology
from .categories import BatchItems, MentionColumns, batch_category_parts, level_counts
from .codes import IntArray, SetCounts, column, first_at, joint, set_counts
from .matching import (
    ARGUMENT_METRICS,
    MATCH_MODES,
    BatchText,
    GoldDocument,
    GoldMentions,
    batch_bio_chunks,
    cluster_partition,
    id_ranks,
    relaxed_pairs,
)
from .metrics import ACCURACY_RADIUS_KM, SCHEMA_KINDS, SCHEMAS, coreference_counts, resolution_error_km
from .spec import KM, LOWER, CountRow, MetricSpec, ScoreBatch, Task
from .submission import SPAN_RULES, first_by

VERSION = "1.1"
"""Every task's version today (1.1: directions and units, null for empty values, intervals only from enough
documents)."""
ATTRIBUTES = (*load_ontology().attributes, "realis")
"""The scored event attributes: the ontology's, and the ERE realis derived from them."""
_BASE_ATTRIBUTES = ATTRIBUTES[:-1]
UNTYPED = "-"
"""Per-type bucket of a prediction without the label a breakdown needs (and no gold item at its span)."""
NAME_LEVEL = load_ontology().name_level
"""The mention level of a name (the ontology's ``mention_level_kinds``)."""
_PREDICTED_NAMES = frozenset({NAME_LEVEL, None})
"""The levels of the predictions the names tasks keep: names, and predictions without a level."""


# --- what a scoring function gets --------------------------------------------------------------------


class DocumentInput:
    """One gold document and the submission's predictions for it, each layer restricted to the ranges where the
    gold annotates it; the predicted mentions inside the entities' ranges are picked once for all tasks."""

    __slots__ = ("_mentions", "gold", "gold_columns", "mention_rows", "ontology", "prediction", "row")

    def __init__(self, gold: GoldDocument, prediction: SubmissionDocument, row: int, ontology: Ontology,
                 mention_rows: tuple[MentionColumns, int] | None = None,
                 gold_columns: dict[tuple[int, ...], GoldMentions] | None = None):
        self.gold = gold
        self.prediction = prediction
        self.row = row
        """The document's row in the count table (item lists record it)."""
        self.ontology = ontology
        self.mention_rows = mention_rows
        """The predicted mentions of the document's batch as columns (every level, as the entry has them, read
        once by the submission checks) and the document's number there; None: not read."""
        self.gold_columns = gold_columns
        """The gold mention columns made so far for the tasks of the document's batch, by the rows of the documents
        they hold (one dict shared by the batch's documents: see :func:`gold_mention_columns`); None: none kept."""
        self._mentions: Sequence[PredictedMention] | None = None

    def layer(self, layer: str, declared: str) -> Sequence[Any]:
        """The predictions of a submission layer inside the ranges where the gold annotates ``declared``."""
        return inside(getattr(self.prediction, layer), self.gold.doc.annotated_ranges(declared),
                      len(self.gold.doc.text))

    @property
    def mentions(self) -> Sequence[PredictedMention]:
        """The predicted mentions inside the ranges where the gold annotates entities."""
        if self._mentions is None:
            self._mentions = self.layer("mentions", "entities")
        return self._mentions


def gold_mention_columns(docs: Sequence[DocumentInput]) -> GoldMentions:
    """The documents' gold mentions as columns, made once for the tasks of a batch that read them (bio and events)
    when the documents share their batch's ``gold_columns``."""
    kept = docs[0].gold_columns if docs else None
    if kept is None or any(d.gold_columns is not kept for d in docs):
        return GoldMentions.of([d.gold.doc for d in docs])
    rows = tuple(d.row for d in docs)
    columns = kept.get(rows)
    if columns is None:
        columns = kept[rows] = GoldMentions.of([d.gold.doc for d in docs])
    return columns


def inside(items: Sequence[Any] | None, ranges: tuple[tuple[int, int], ...], length: int) -> Sequence[Any]:
    """The predictions whose span lies inside one of the ranges where the gold annotates their layer (a checked
    submission's spans all lie inside a text of ``length`` code points)."""
    if not items or ranges == ((0, length),):
        return items or ()
    return tuple(i for i in items if any(s <= i.start and i.end <= e for s, e in ranges))


def _no_items() -> tuple[array[int], list[str], array[float]]:
    """An empty item list (documents, labels, values); a module-level function, so that Totals pickle. Documents
    and values are machine numbers (8 bytes an item, not a Python object each): the list grows with the corpus."""
    return array("q"), [], array("d")


class Totals:
    """What scoring accumulates over documents besides the per-document rows: per-label counts (one Counter
    per count field, updated at C speed), the toponym resolution items, and side notes."""

    def __init__(self) -> None:
        self.labels: dict[str, list[Counter[str]]] = {}
        self.exact: dict[str, Counter[str]] = defaultdict(Counter)  # categories: exact matches per label
        self.extra: dict[str, dict[str, list[int]]] = defaultdict(dict)  # categories: see CategoryParts.extra
        self.items: dict[str, tuple[array[int], list[str], array[float]]] = defaultdict(_no_items)
        self.bio_gold_dropped = 0
        self.bio_extent_gold_dropped = 0
        self.bio_predicted_dropped = 0

    def fields(self, key: str, n: int) -> list[Counter[str]]:
        """The ``n`` Counters (one per count field) of a metric's per-label counts."""
        acc = self.labels.get(key)
        if acc is None:
            acc = self.labels[key] = [Counter() for _ in range(n)]
        return acc

    def prf(self, key: str, gold: Set[Any], pred: Set[Any]) -> tuple[int, int, int]:
        """(tp, fp, fn) of two tuple sets; their last element is the label the per-type counts go to."""
        tp = gold & pred
        acc = self.fields(key, 3)
        n = len(tp)
        # empty sets are common (few triggers and arguments a document); skipping them saves Counter.update calls
        if n:
            acc[0].update(map(_LAST, tp))
        if len(pred) > n:
            acc[1].update(map(_LAST, pred - tp))
        if len(gold) > n:
            acc[2].update(map(_LAST, gold - tp))
        return (n, len(pred) - n, len(gold) - n)

    def count(self, key: str, label: str, tp: int, fp: int, fn: int) -> None:
        """Add (tp, fp, fn) to one label's counts (as :meth:`prf` does: only the counts that are not zero)."""
        acc = self.fields(key, 3)
        for c, n in zip(acc, (tp, fp, fn), strict=True):
            if n:
                c[label] += n

    def count_labels(self, key: str, names: Sequence[str], counted: SetCounts, radix: int) -> None:
        """Add the per-label counts of coded tuple sets whose label number is ``code % radix`` (``names[k]``: label
        number k's label), as :meth:`prf` adds those of tuple sets."""
        acc = self.fields(key, 3)
        for c, codes in zip(acc, (counted.shared, counted.pred_only, counted.gold_only), strict=True):
            if codes.size:
                for k, n in enumerate(np.bincount(codes % radix, minlength=len(names)).tolist()):
                    if n:
                        c[names[k]] += n


_LAST = itemgetter(-1)
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_CLUSTER = attrgetter("cluster")
_ID, _ENTITY, _EVENT, _REF, _ROLE, _TYPE = (attrgetter(a) for a in ("id", "entity", "event", "ref", "role", "type"))
_ARGUMENTS = attrgetter("arguments")
_VALUE = attrgetter("value")
_START_END = attrgetter("start", "end")


def add_label_counts(totals: dict[str, list[int]], rows: Iterable[Sequence[Any]]) -> None:
    """Add per-label count rows ``(label, *counts)`` into ``totals`` (label -> counts), in place."""
    for label, *values in rows:
        acc = totals.get(label)
        if acc is None:
            totals[label] = values
        else:
            for i, v in enumerate(values):
                acc[i] += v


def each_document(score: Callable[[DocumentInput, CountRow, Totals], None]) -> ScoreBatch:
    """A task's batch scoring function from one that scores a document at a time."""
    def score_batch(docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
        for doc, out in zip(docs, outs, strict=True):
            score(doc, out, totals)

    return score_batch


def _score_entities(task: str, docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
    names_only = task == "entities"
    gold_names = frozenset({docs[0].gold.ontology.name_level}) if docs else frozenset()  # as GoldDocument.name_items
    gold = MentionColumns.of([d.gold.doc.mentions for d in docs], gold_names if names_only else None)
    pred = _predicted_columns(docs)
    if names_only:
        pred = pred.of_levels(_PREDICTED_NAMES)
    parts = batch_category_parts(*BatchItems.of_mentions(gold, pred))
    totals.exact[task].update(parts.exact)
    add_label_counts(totals.extra[task], parts.extra)
    # mention detection: spans only; per level, a prediction without a level takes the gold level at its span
    key = f"{task}/mention_detection"
    gold_spans, pred_spans, shared = parts.spans.T
    detection = np.stack([shared, pred_spans - shared, gold_spans - shared], axis=1)
    for k, rows in zip([*(f"{task}/{s}" for s in SCHEMAS), key], [*map(parts.overall.__getitem__, SCHEMAS), detection],
                       strict=True):
        for out, row in zip(outs, map(tuple, rows.tolist()), strict=True):
            out[k] = row
    if names_only:  # one level: the per-level counts are the span counts
        g, p, n = parts.spans.sum(axis=0).tolist()
        totals.count(key, NAME_LEVEL, n, p - n, g - n)
    else:
        for label, (tp, fp, fn) in level_counts(gold, pred, UNTYPED).items():
            totals.count(key, label, tp, fp, fn)


def _predicted_columns(docs: Sequence[DocumentInput]) -> MentionColumns:
    """The documents' predicted mentions inside the ranges where the gold annotates entities, with their levels:
    from the columns the submission checks read when every document has them, else from the objects."""
    shared = docs[0].mention_rows if docs else None
    if shared is None or any(d.mention_rows is None or d.mention_rows[0] is not shared[0] for d in docs):
        return MentionColumns.of([d.mentions for d in docs])
    columns = shared[0]
    numbers = np.array([d.mention_rows[1] for d in docs if d.mention_rows is not None], dtype=np.int64)
    rows = None
    for d in docs:  # a document annotated in parts: only the predictions inside its ranges (as `inside`)
        ranges = d.gold.doc.annotated_ranges("entities")
        if ranges != ((0, len(d.gold.doc.text)),) and d.mention_rows is not None:
            if rows is None:
                rows = np.ones(columns.doc.size, dtype=bool)
            lo, hi = np.searchsorted(columns.doc, [d.mention_rows[1], d.mention_rows[1] + 1]).tolist()
            starts, ends = columns.start[lo:hi], columns.end[lo:hi]
            rows[lo:hi] = False
            for s, e in ranges:
                rows[lo:hi] |= (s <= starts) & (ends <= e)
    return columns.of_documents(numbers, rows)


def _score_names(docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
    _score_entities("entities", docs, outs, totals)


def _score_all_mentions(docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
    _score_entities("entities_all", docs, outs, totals)


def _score_bio(docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
    """strict: the predicted name spans against the name extents (the dataset's extent_ner_tags); strict_head:
    against the name heads (ner_tags), a predicted span counting through the gold head it covers. The chunks of
    :func:`newsbench.evaluation.matching.bio_chunks`, of the whole batch at once (the gold mentions as columns, the
    texts placed in bulk: :class:`newsbench.evaluation.matching.BatchText`)."""
    text = BatchText([d.gold.doc.text for d in docs])
    gold = gold_mention_columns(docs)
    name = docs[0].gold.ontology.name_level if docs else NAME_LEVEL
    names = np.flatnonzero(np.array([m.level == name for m in gold.mentions], dtype=bool))
    # the predicted names as the entities tasks read them (columns); a repeated item counts once in the chunks
    pred = _predicted_columns(docs).of_levels(_PREDICTED_NAMES)
    gold_types = [gold.mentions[k].type for k in names.tolist()]
    labels: list[str] = sorted(set(gold_types).union(map(pred.types.__getitem__, np.unique(pred.type).tolist())))
    label_id = {label: k for k, label in enumerate(labels)}
    n_labels = max(len(labels), 1)
    # tie-breaks as numbers in their order: the gold's mention position; a prediction's label; a head-mapped
    # prediction's (0, gold position) before its (1, label)
    after = max((len(doc.gold.doc.mentions) for doc in docs), default=0) + 1
    g_doc, g_tie = gold.doc[names], gold.position[names]
    g_label = column([label_id[t] for t in gold_types])
    n_doc, n_start, n_end = pred.doc, pred.start, pred.end
    n_label = np.array([label_id.get(t, 0) for t in pred.types] or [0], dtype=np.int64)[pred.type]
    extents = batch_bio_chunks(text, g_doc, gold.start[names], gold.end[names], g_label, g_tie)
    gold_heads = batch_bio_chunks(text, g_doc, gold.head_start[names], gold.head_end[names], g_label, g_tie)
    pred = batch_bio_chunks(text, n_doc, n_start, n_end, n_label, n_label)
    match = gold.head_match(n_doc, n_start, n_end)
    found = match >= 0
    at = match[found]

    def head_mapped(gold_side: IntArray, otherwise: IntArray) -> IntArray:
        mapped = otherwise.copy()
        mapped[found] = gold_side[at]
        return mapped

    pred_heads = batch_bio_chunks(text, n_doc, head_mapped(gold.head_start, n_start), head_mapped(gold.head_end, n_end),
                                  n_label, head_mapped(gold.position, after + n_label))
    totals.bio_extent_gold_dropped += extents.dropped
    totals.bio_gold_dropped += gold_heads.dropped
    totals.bio_predicted_dropped += pred.dropped
    for key, g, p in (("bio/strict", extents, pred), ("bio/strict_head", gold_heads, pred_heads)):
        g_code, p_code = joint((g.first, g.stop, g.label), (p.first, p.stop, p.label), n_labels)
        counted = set_counts(g_code, g.doc, p_code, p.doc, len(docs))
        totals.count_labels(key, labels, counted, n_labels)
        for out, row in zip(outs, counted.rows(), strict=True):
            out[key] = row


def _score_coreference(doc: DocumentInput, out: CountRow, totals: Totals) -> None:
    gd = doc.gold
    # a span is one mention for coreference whatever its types; if its predictions name different clusters,
    # the first in sorted order decides
    chosen = first_by(doc.mentions, SPAN_RULES["mentions"])
    response = cluster_partition(zip(chosen, map(_CLUSTER, chosen.values()), strict=True))
    c = coreference_counts(gd.entity_clusters, response)
    out["coreference/muc"] = c.muc.values()
    out["coreference/b_cubed"] = c.b_cubed.values()
    out["coreference/ceaf_e"] = c.ceaf_e.values()


def _inherit(label: str | None, span: tuple[int, int], gold_label: Mapping[tuple[int, int], str]) -> str:
    return label if label is not None else gold_label.get(span, UNTYPED)


def _score_labelled_spans(key: str, gold: Mapping[tuple[int, int], Any], chosen: Mapping[tuple[int, int], Any],
                          label_of: Callable[[Any], str], out: CountRow, totals: Totals
                          ) -> tuple[frozenset[tuple[int, int, str]], set[tuple[int, int, str]]]:
    """Extent match: the document's counts over spans; the per-label rows over (span, label), where a prediction
    without a label takes the gold label at its span. Returns the (start, end, label) sets of gold and prediction."""
    gold_label = {span: label_of(g) for span, g in gold.items()}
    gold_labelled = frozenset((s, e, label) for (s, e), label in gold_label.items())
    pred_labelled = {(s, e, _inherit(label_of(p), (s, e), gold_label)) for (s, e), p in chosen.items()}
    totals.prf(key, gold_labelled, pred_labelled)
    out[key] = _counts(set(gold), set(chosen))
    return gold_labelled, pred_labelled


def _counts(gold: Set[Any], pred: Set[Any]) -> tuple[int, int, int]:
    n = len(gold & pred)
    return (n, len(pred) - n, len(gold) - n)


class _SpanItems:
    """A batch's gold and predicted items of a layer, one item per span on each side (the gold's lookup by span;
    the predictions :func:`newsbench.evaluation.submission.first_by` keeps), as columns, each item's label numbered
    (``labels``: the labels, None among them when a prediction has none)."""

    def __init__(self, gold: Sequence[Mapping[tuple[int, int], Any]], chosen: Sequence[Mapping[tuple[int, int], Any]],
                 label_of: Callable[[Any], str | None]):
        self.n_docs = n_docs = len(gold)
        self.gold: list[Any] = list(chain.from_iterable(g.values() for g in gold))
        self.pred: list[Any] = list(chain.from_iterable(c.values() for c in chosen))
        self.gold_spans: list[tuple[int, int]] = list(chain.from_iterable(gold))
        self.pred_spans: list[tuple[int, int]] = list(chain.from_iterable(chosen))
        docs = np.arange(n_docs, dtype=np.int64)
        self.g_doc = np.repeat(docs, [len(g) for g in gold])
        self.p_doc = np.repeat(docs, [len(c) for c in chosen])
        self.g_start, self.g_end = _span_columns(self.gold_spans)
        self.p_start, self.p_end = _span_columns(self.pred_spans)
        self.g_span, self.p_span = joint((self.g_doc, self.g_start, self.g_end), (self.p_doc, self.p_start, self.p_end))
        self.labels, numbers = _interned([*map(label_of, self.gold), *map(label_of, self.pred), UNTYPED])
        n_gold = len(self.gold)
        self.g_label, self.p_raw = numbers[:n_gold], numbers[n_gold:-1]
        """The label numbers of the gold items and of the predictions as predicted."""
        self.at = first_at(self.g_span, np.arange(n_gold, dtype=np.int64), self.p_span)
        """Per prediction, the gold item at its span, or -1."""
        inherited = np.where(self.at >= 0, self.g_label[np.maximum(self.at, 0)] if n_gold else 0, numbers[-1])
        self.p_label = np.where(self.p_raw == (self.labels.index(None) if None in self.labels else -1), inherited,
                                self.p_raw)
        """Per prediction, its label, else the gold label at its span, else UNTYPED."""

    def score_strict(self, key: str, outs: Sequence[CountRow], totals: Totals) -> None:
        """Extent match: each document's counts over spans; the per-label rows over (span, label)."""
        for out, row in zip(outs, set_counts(self.g_span, self.g_doc, self.p_span, self.p_doc, self.n_docs).rows(),
                            strict=True):
            out[key] = row
        n_labels = len(self.labels)
        g_code, p_code = joint((self.g_span, self.g_label), (self.p_span, self.p_label), n_labels)
        totals.count_labels(key, self.labels, set_counts(g_code, self.g_doc, p_code, self.p_doc, self.n_docs),
                            n_labels)

    def exact_pairs(self) -> tuple[IntArray, IntArray]:
        """(gold, prediction) indexes of the items with equal spans, in span order."""
        pred = np.flatnonzero(self.at >= 0)
        pred = pred[np.argsort(self.p_span[pred], kind="stable")]
        return self.at[pred], pred

    def overlap_pairs(self, gold: IntArray, pred: IntArray, gold_group: IntArray, pred_group: IntArray
                      ) -> tuple[list[int], list[int]]:
        """(gold, prediction) indexes of :func:`~newsbench.evaluation.matching.relaxed_pairs` of the gold items
        ``gold`` and the predictions ``pred`` of each group (``gold_group``, ``pred_group``: their groups, within a
        document; no span on both sides of a group) that has both. Each prediction in span order takes the first
        free gold item (in span order) it overlaps: where no two predictions of a group overlap the same gold item
        first, each takes that one (no earlier one can have taken it), counted for every group at once; the other
        groups are aligned one by one."""
        both = np.intersect1d(gold_group, pred_group)
        if not both.size:
            return [], []
        gold, gold_group = gold[np.isin(gold_group, both)], gold_group[np.isin(gold_group, both)]
        pred, pred_group = pred[np.isin(pred_group, both)], pred_group[np.isin(pred_group, both)]
        order = np.lexsort((self.g_span[gold], gold_group))
        gold, gold_group = gold[order], gold_group[order]
        order = np.lexsort((self.p_span[pred], pred_group))
        pred, pred_group = pred[order], pred_group[order]
        # every (gold, prediction) pair of a group, gold-major, that overlaps (matching.overlaps)
        lo = np.searchsorted(pred_group, gold_group)
        n = np.searchsorted(pred_group, gold_group, side="right") - lo
        g = np.repeat(np.arange(gold.size, dtype=np.int64), n)
        p = np.arange(g.size, dtype=np.int64) - np.repeat(np.cumsum(n) - n - lo, n)
        gs, ge, ps, pe = self.g_start[gold[g]], self.g_end[gold[g]], self.p_start[pred[p]], self.p_end[pred[p]]
        shared = np.minimum(ge, pe) - np.maximum(gs, ps)
        found = (shared > 0) & (100 * shared >= ge - gs)
        g, p = g[found], p[found]
        taker, at = np.unique(p, return_index=True)
        first = g[at]  # (g ascends: a prediction's first pair has its first gold item)
        values, counts = np.unique(first, return_counts=True)
        contested = np.isin(gold_group[first], gold_group[values[counts > 1]])
        out_gold: list[int] = gold[first[~contested]].tolist()
        out_pred: list[int] = pred[taker[~contested]].tolist()
        groups = np.unique(gold_group[first[contested]])
        g_cuts = np.searchsorted(gold_group, [groups, groups + 1]).T.tolist()
        p_cuts = np.searchsorted(pred_group, [groups, groups + 1]).T.tolist()
        g_sorted, p_sorted = gold.tolist(), pred.tolist()
        gold_spans, pred_spans = self.gold_spans, self.pred_spans
        for (g_lo, g_hi), (p_lo, p_hi) in zip(g_cuts, p_cuts, strict=True):
            # (start, end, "", index): the spans are distinct on each side, so the index changes no order
            for a, b in relaxed_pairs([(*gold_spans[k], "", k) for k in g_sorted[g_lo:g_hi]],
                                      [(*pred_spans[k], "", k) for k in p_sorted[p_lo:p_hi]]):
                out_gold.append(a[3])
                out_pred.append(b[3])
        return out_gold, out_pred


def _span_columns(spans: Sequence[tuple[int, int]]) -> tuple[IntArray, IntArray]:
    """The start and end columns of (start, end) spans."""
    flat = np.fromiter(chain.from_iterable(spans), dtype=np.int64, count=2 * len(spans))
    return flat[0::2].copy(), flat[1::2].copy()


def _per_document(doc: IntArray, n_docs: int, *flags: npt.NDArray[np.bool_]) -> list[list[int]]:
    """Per document, how many of the rows (of documents ``doc``) each flag marks, then how many rows it has."""
    return [np.bincount(doc[f], minlength=n_docs).tolist() for f in flags] + [np.bincount(doc, minlength=n_docs)
                                                                              .tolist()]


def _add_per_label(acc: Sequence[Counter[str]], labels: Sequence[Any], label: IntArray,
                   *flags: npt.NDArray[np.bool_] | None) -> None:
    """Add to each Counter of ``acc`` the rows per label (``label``: each row's label number) its flag marks
    (None: every row); only counts that are not zero, as :meth:`Totals.count`."""
    for c, f in zip(acc, flags, strict=True):
        for k, n in enumerate(np.bincount(label if f is None else label[f], minlength=len(labels)).tolist()):
            if n:
                c[labels[k]] += n


def _score_timexes(docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
    """strict: extent match (per type over span and type, a prediction without a type taking the gold's at its
    span); relaxed: one-to-one overlap matching (:func:`~newsbench.evaluation.matching.relaxed_pairs`; per type,
    each type's items alone); value and type accuracy on the relaxed pairs. The whole batch as columns
    (:class:`_SpanItems`); only the items left after equal spans (per type: equal items) are aligned by overlap,
    document by document."""
    items = _SpanItems([d.gold.timex_by_span for d in docs],
                       [first_by(d.layer("timexes", "timexes"), SPAN_RULES["timexes"]) for d in docs], _TYPE)
    n_docs, labels, n_labels = len(docs), items.labels, len(items.labels)
    items.score_strict("timexes/strict", outs, totals)
    g_doc, p_doc, g_label, p_label = items.g_doc, items.p_doc, items.g_label, items.p_label
    # relaxed: equal spans pair, then what is left on both sides of a document by overlap
    gold, pred = items.exact_pairs()
    paired = np.zeros(g_doc.size, dtype=bool)
    paired[gold] = True
    g_left, p_left = np.flatnonzero(~paired), np.flatnonzero(items.at < 0)
    more_gold, more_pred = items.overlap_pairs(g_left, p_left, g_doc[g_left], p_doc[p_left])
    gold, pred = np.concatenate([gold, column(more_gold)]), np.concatenate([pred, column(more_pred)])
    pair_doc = g_doc[gold]
    n_pairs = np.bincount(pair_doc, minlength=n_docs).tolist()
    n_gold, n_pred = np.bincount(g_doc, minlength=n_docs).tolist(), np.bincount(p_doc, minlength=n_docs).tolist()
    for out, n, g, p in zip(outs, n_pairs, n_gold, n_pred, strict=True):
        out["timexes/relaxed"] = (n, p - n, g - n)
    # per type: equal items pair, then each type's items left on both sides of a document by overlap
    at = items.at
    typed = np.flatnonzero(at >= 0)
    typed = typed[p_label[typed] == g_label[at[typed]]]
    taken = np.zeros(g_doc.size, dtype=bool)
    taken[at[typed]] = True
    g_rest = np.flatnonzero(~taken)
    p_rest = np.setdiff1d(np.arange(p_doc.size, dtype=np.int64), typed, assume_unique=True)
    more_gold, _ = items.overlap_pairs(g_rest, p_rest, g_doc[g_rest] * n_labels + g_label[g_rest],
                                       p_doc[p_rest] * n_labels + p_label[p_rest])
    counts = [np.bincount(x, minlength=n_labels).tolist()
              for x in (np.concatenate([p_label[typed], g_label[column(more_gold)]]), p_label, g_label)]
    for k, (tp, n_p, n_g) in enumerate(zip(*counts, strict=True)):
        totals.count("timexes/relaxed", labels[k], tp, n_p - tp, n_g - tp)
    # value and type accuracy on the relaxed pairs, per gold type
    _, values = _interned([*map(_VALUE, items.gold), *map(_VALUE, items.pred)])
    same_value = values[gold] == values[g_doc.size + pred]
    same_type = g_label[gold] == items.p_raw[pred]
    for key, same in (("timexes/value_accuracy", same_value), ("timexes/type_accuracy", same_type)):
        for out, n, t in zip(outs, *_per_document(pair_doc, n_docs, same), strict=True):
            out[key] = (n, t)
        _add_per_label(totals.fields(key, 2), labels, g_label[gold], same, None)

_ARGUMENT_KEYS = {mode: [(base, f"events/{base}_{mode}", "classification" in base) for base in ARGUMENT_METRICS]
                  for mode in MATCH_MODES}
_SPAN_KEY, _MENTION_KEY, _TIMEX_KEY, _ENTITY_KEY = 0, 1, 2, 3
"""The kinds of a filler key as a number (see :meth:`newsbench.evaluation.matching.GoldDocument.filler_keys`): a
span ("s", start, end), a mention, a timex or an entity (by its id, numbered per document)."""


def _interned(labels: list[Any]) -> tuple[list[Any], IntArray]:
    """The distinct labels in order of first appearance, and each label's number among them."""
    names = list(dict.fromkeys(labels))
    number = {label: k for k, label in enumerate(names)}
    return names, column(list(map(number.__getitem__, labels)), len(names))


def _numbered(numbers: dict[Any, int], key: Any) -> int:
    """The number of ``key`` in ``numbers``, a new one (the next) for a new key."""
    k = numbers.get(key)
    if k is None:
        k = numbers[key] = len(numbers)
    return k


class _EventColumns:
    """A batch's gold and predicted triggers and arguments as columns: what the events kernel counts.

    Triggers: (document, start, end, type) of the gold event mentions and of the predictions each span and type
    keeps (:func:`newsbench.evaluation.submission.first_by`). Arguments: the trigger's (document, start, end, type),
    the role and the filler's key under each mode as (kind, a, b) columns (see
    :meth:`newsbench.evaluation.matching.GoldDocument.filler_keys`): every gold argument, and every predicted one
    (those of a repeated trigger prediction pooled), whose keys are resolved for the whole batch at once. Mentions
    and timexes are numbered by their position in their document (where ids repeat, in an invalid gold, by the
    position the id names, as the gold lookups do), entities per document."""

    def __init__(self, docs: Sequence[DocumentInput]):
        self.docs = docs
        gdocs = [d.gold.doc for d in docs]
        self.mentions = gold_mention_columns(docs)
        self.ontology = docs[0].ontology if docs else load_ontology()
        self.mention_number: list[dict[str, int]] = []
        self.timex_number: list[dict[str, int]] = []
        self.repeats: list[int] = []
        """The documents whose mention or timex ids repeat."""
        self.timexes: list[Timex] = []
        self.trig_events: list[Event] = []
        """Per gold trigger, its event."""
        self.pred_trig_items: list[PredictedEventMention] = []
        """The prediction each predicted trigger keeps, in trigger order."""
        gold_ems: list[EventMention] = []
        gold_args: list[Argument] = []
        refs: list[int] = []  # per gold argument: its mention's index in the batch, or -1 - its timex's index
        entities: list[int | None] = []  # per batch mention: its entity's number in its document
        em_counts, t_counts, pred_counts, pred_em_counts = [], [], [], []
        pred_keys: list[tuple[int, int, str]] = []
        pred_ems: list[PredictedEventMention] = []
        m_first = t_first = 0
        for d, (doc, gdoc) in enumerate(zip(docs, gdocs, strict=True)):
            mentions, timexes = gdoc.mentions, gdoc.timexes
            numbers = dict(zip(map(_ID, mentions), count()))
            timex_numbers = dict(zip(map(_ID, timexes), count()))
            self.mention_number.append(numbers)
            self.timex_number.append(timex_numbers)
            if len(numbers) < len(mentions) or len(timex_numbers) < len(timexes):
                self.repeats.append(d)
            entity_number = {e.id: k for k, e in enumerate(gdoc.entities)}
            numbered = list(map(entity_number.get, map(_ENTITY, mentions)))
            if None in numbered:  # an invalid gold: a mention of an entity the document does not list
                numbered = [_numbered(entity_number, m.entity) for m in mentions]
            entities += numbered
            self.timexes += timexes
            ems = gdoc.event_mentions
            em_counts.append(len(ems))
            t_counts.append(len(timexes))
            if ems:
                events = {e.id: e for e in gdoc.events}
                self.trig_events += map(events.__getitem__, map(_EVENT, ems))
                gold_ems += ems
                args = list(chain.from_iterable(map(_ARGUMENTS, ems)))
                gold_args += args
                found = list(map(numbers.get, map(_REF, args)))
                refs += ([m_first + k if k is not None else -1 - t_first - timex_numbers[a.ref]
                          for k, a in zip(found, args, strict=True)] if None in found else
                         [m_first + k for k in found if k is not None])
            m_first += len(mentions)
            t_first += len(timexes)
            predicted = doc.layer("event_mentions", "events")
            chosen = first_by(predicted, SPAN_RULES["event_mentions"])
            pred_keys += chosen
            self.pred_trig_items += chosen.values()
            pred_counts.append(len(chosen))
            # arguments of duplicate trigger predictions are pooled (sets): a repeated prediction counts once
            with_args = [em for em in predicted if em.arguments]
            pred_ems += with_args
            pred_em_counts.append(len(with_args))
        self.entity = np.array(entities, dtype=np.int64)
        n_docs = len(docs)
        doc_numbers = np.arange(n_docs, dtype=np.int64)
        self.t_doc = np.repeat(doc_numbers, t_counts)
        self.t_start, self.t_end = _offsets(self.timexes)
        self.t_position = np.arange(len(self.timexes), dtype=np.int64) - np.repeat(_firsts(t_counts), t_counts)
        # gold triggers and arguments
        g_doc = np.repeat(doc_numbers, em_counts)
        g_start, g_end = _offsets(gold_ems)
        self.trig = (g_doc, g_start, g_end)
        self.gold_ems = gold_ems
        trigger = np.repeat(np.arange(len(gold_ems), dtype=np.int64), [len(em.arguments) for em in gold_ems])
        ref = column(refs)
        mention = ref >= 0
        g, t = np.where(mention, ref, 0), np.where(mention, 0, -1 - ref)
        m = self.mentions
        spans = (np.where(mention, self._at(m.start, g), self._at(self.t_start, t)),
                 np.where(mention, self._at(m.end, g), self._at(self.t_end, t)))
        none = np.zeros(ref.size, dtype=np.int64)
        timex_at = self._at(self.t_position, t)
        self.gold_keys = (
            (none, *spans),
            (np.where(mention, _MENTION_KEY, _TIMEX_KEY), np.where(mention, self._at(m.position, g), timex_at), none),
            (np.where(mention, _ENTITY_KEY, _TIMEX_KEY), np.where(mention, self._at(self.entity, g), timex_at), none))
        # predicted triggers and arguments
        p_doc = np.repeat(doc_numbers, pred_counts)
        p_start = np.fromiter(map(_FIRST, pred_keys), dtype=np.int64, count=len(pred_keys))
        p_end = np.fromiter(map(_SECOND, pred_keys), dtype=np.int64, count=len(pred_keys))
        self.pred_trig = (p_doc, p_start, p_end)
        per_em = [len(em.arguments) for em in pred_ems]
        pred_args = list(chain.from_iterable(map(_ARGUMENTS, pred_ems)))
        e_start, e_end = _offsets(pred_ems)
        a_start, a_end = _offsets(pred_args)
        self.pred_arg = (np.repeat(np.repeat(doc_numbers, pred_em_counts), per_em), np.repeat(e_start, per_em),
                         np.repeat(e_end, per_em), a_start, a_end)
        self.types, type_numbers = _interned([*map(_TYPE, self.trig_events), *map(_THIRD, pred_keys),
                                              *map(_TYPE, pred_ems)])
        self.trig_type, self.pred_trig_type, pred_em_type = np.split(type_numbers,
                                                                     [len(gold_ems), len(gold_ems) + len(pred_keys)])
        self.arg_doc, self.arg_trigger = g_doc[trigger], (g_doc[trigger], g_start[trigger], g_end[trigger],
                                                          self.trig_type[trigger])
        self.pred_arg_type = np.repeat(pred_em_type, per_em)
        self.roles, role_numbers = _interned([*map(_ROLE, gold_args), *map(_ROLE, pred_args)])
        self.arg_role, self.pred_arg_role = np.split(role_numbers, [len(gold_args)])

    @staticmethod
    def _at(values: IntArray, where: IntArray) -> IntArray:
        """``values[where]``, or zeros when there are no values (``where`` then holds only zeros)."""
        return values[where] if values.size else np.zeros(where.size, dtype=np.int64)

    def filler_keys(self) -> list[tuple[IntArray, IntArray, IntArray]]:
        """Per mode, the (kind, a, b) columns of the predicted arguments' filler keys
        (:meth:`newsbench.evaluation.matching.GoldDocument.filler_keys`, for the whole batch at once)."""
        doc, start, end = self.pred_arg[0], self.pred_arg[3], self.pred_arg[4]
        span = (np.full(doc.size, _SPAN_KEY, dtype=np.int64), start, end)
        if not doc.size:
            return [span, span, span]
        mentions = self.mentions
        match = mentions.head_match(doc, start, end)
        # the timex with exactly the span (the first by id), for a role filled by timexes first
        t_code, p_code = joint((self.t_doc, self.t_start, self.t_end), (doc, start, end))
        timex = first_at(t_code, id_ranks(self.t_doc, self.t_start, self.t_end, self.t_position, self.timexes),
                         p_code)
        role_filler = self.ontology.role_filler
        timex_role = np.array([role_filler.get(r) == "timex" for r in self.roles], dtype=bool)[self.pred_arg_role]
        use_timex = (timex >= 0) & (timex_role | (match < 0))
        use_mention = (match >= 0) & ~use_timex
        timex_at = self._numbers(self.timex_number, self.timexes, doc, timex, self.t_position)
        mention_at = self._numbers(self.mention_number, mentions.mentions, doc, match, mentions.position)
        entity_at = self._at(self.entity, np.maximum(match, 0))
        b = np.where(use_timex | use_mention, 0, end)
        head = (np.where(use_timex, _TIMEX_KEY, np.where(use_mention, _MENTION_KEY, _SPAN_KEY)),
                np.where(use_timex, timex_at, np.where(use_mention, mention_at, start)), b)
        coref = (np.where(use_timex, _TIMEX_KEY, np.where(use_mention, _ENTITY_KEY, _SPAN_KEY)),
                 np.where(use_timex, timex_at, np.where(use_mention, entity_at, start)), b)
        return [span, head, coref]

    def _numbers(self, numbers: list[dict[str, int]], items: Sequence[Any], doc: IntArray, found: IntArray,
                 position: IntArray) -> IntArray:
        """The number of each found item (an index into ``items``, -1: none, numbered 0) in its document: its
        position, or in a document whose ids repeat, the position its id names."""
        at = np.where(found >= 0, self._at(position, np.maximum(found, 0)), 0)
        for d in self.repeats:
            where = np.flatnonzero((doc == d) & (found >= 0))
            at[where] = [numbers[d][items[g].id] for g in found[where].tolist()]
        return at


def _offsets(items: Sequence[Any]) -> tuple[IntArray, IntArray]:
    """The start and end columns of items with offsets."""
    flat = np.fromiter(chain.from_iterable(map(_START_END, items)), dtype=np.int64, count=2 * len(items))
    return flat[0::2].copy(), flat[1::2].copy()


def _firsts(counts: Sequence[int]) -> IntArray:
    """Where each group of consecutive items starts, from the groups' sizes."""
    return np.array(list(accumulate(counts, initial=0))[:-1], dtype=np.int64)


def _score_events(docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
    """Triggers and arguments: each document's tuple sets (see :func:`newsbench.evaluation.matching.argument_sets`)
    as int64 codes, counted for the whole batch (:mod:`newsbench.evaluation.codes`) from the batch's columns
    (:class:`_EventColumns`); then the attributes (:func:`_score_attributes`)."""
    n_docs = len(docs)
    cols = _EventColumns(docs)
    n_types, n_roles = max(len(cols.types), 1), max(len(cols.roles), 1)
    g_doc, p_doc = cols.trig[0], cols.pred_trig[0]
    g_span, p_span = joint(cols.trig, cols.pred_trig)
    rows = {"events/trigger_identification": set_counts(g_span, g_doc, p_span, p_doc, n_docs)}
    key = "events/trigger_classification"
    g_code, p_code = joint((g_span, cols.trig_type), (p_span, cols.pred_trig_type), n_types)
    rows[key] = set_counts(g_code, g_doc, p_code, p_doc, n_docs)
    totals.count_labels(key, cols.types, rows[key], n_types)
    g_doc, p_doc, g_type, p_type, g_role, p_role = (cols.arg_doc, cols.pred_arg[0], cols.arg_trigger[3],
                                                    cols.pred_arg_type, cols.arg_role, cols.pred_arg_role)
    # the trigger: its document, span and type
    g_trigger, p_trigger = joint(cols.arg_trigger, (*cols.pred_arg[:3], p_type))
    for mode, g_key, p_key in zip(MATCH_MODES, cols.gold_keys, cols.filler_keys(), strict=True):
        gf, pf = joint(g_key, p_key)
        # the tuple sets of argument_sets(), the role last (a code's role is its remainder)
        sets = {"argument_identification": joint((g_doc, gf, g_type), (p_doc, pf, p_type)),
                "argument_classification": joint((g_doc, gf, g_type, g_role), (p_doc, pf, p_type, p_role), n_roles),
                "argument_identification_attached": joint((g_trigger, gf), (p_trigger, pf)),
                "argument_classification_attached": joint((g_trigger, gf, g_role), (p_trigger, pf, p_role), n_roles)}
        for base_name, key, by_role in _ARGUMENT_KEYS[mode]:
            g_code, p_code = sets[base_name]
            rows[key] = set_counts(g_code, g_doc, p_code, p_doc, n_docs)
            if by_role:
                totals.count_labels(key, cols.roles, rows[key], n_roles)
    for key, counted in rows.items():
        for out, row in zip(outs, counted.rows(), strict=True):
            out[key] = row
    _score_attributes(cols, g_span, p_span, outs)


def _score_attributes(cols: _EventColumns, g_span: IntArray, p_span: IntArray, outs: Sequence[CountRow]) -> None:
    """The event attributes on triggers matched by span: each document's gold triggers in span order (then type and
    mention id) each take a prediction of their span, one of their type first, else the first by type; each
    prediction once. The realis is derived from the four attributes when it is not predicted and they all are."""
    n_docs = len(outs)
    g_doc = cols.trig[0]
    type_rank = np.argsort(np.argsort(np.array(cols.types, dtype=object))) if cols.types else column([])
    taken = np.full(g_span.size, -1, dtype=np.int64)
    if g_span.size and p_span.size:
        g_exact, p_exact = joint((g_span, cols.trig_type), (p_span, cols.pred_trig_type))
        exact = first_at(p_exact, np.arange(p_exact.size, dtype=np.int64), g_exact)
        first = first_at(p_span, type_rank[cols.pred_trig_type], g_span)
        _, at, counts = np.unique(g_span, return_inverse=True, return_counts=True)
        taken = np.where(exact >= 0, exact, first)
        shared = counts[at.reshape(-1)] > 1
        if shared.any():  # several gold triggers at one span take its predictions in turn
            _take_in_turn(cols, g_span, p_span, np.flatnonzero(shared), taken)
    gold = np.flatnonzero(taken >= 0)
    pred = taken[gold]
    values: list[dict[Any, int]] = [{} for _ in ATTRIBUTES]
    gold_rows: dict[Any, list[int]] = {}
    pred_rows: dict[Any, list[int]] = {}
    onto = cols.ontology
    g_values = []
    for k in gold.tolist():
        event = cols.trig_events[k]
        key = (event.polarity, event.tense, event.genericity, event.modality)
        row = gold_rows.get(key)
        if row is None:
            attrs = event.attributes
            row = gold_rows[key] = [_numbered(v, x) for v, x in zip(
                values, (*(attrs[a] for a in _BASE_ATTRIBUTES), onto.realis(attrs)), strict=True)]
        g_values.append(row)
    p_values = []
    for k in pred.tolist():
        attrs = cols.pred_trig_items[k].attributes or {}
        key = tuple(attrs.items())
        row = pred_rows.get(key)
        if row is None:
            # the realis predicted, else derived from the four attributes when all are predicted
            if "realis" in attrs:
                realis = attrs["realis"]
            elif all(a in attrs for a in onto.attributes):
                realis = onto.realis(attrs)
            else:
                realis = None
            row = pred_rows[key] = [_numbered(v, x) for v, x in zip(
                values, (*(attrs.get(a) for a in _BASE_ATTRIBUTES), realis), strict=True)]
        p_values.append(row)
    doc = g_doc[gold]
    total = np.bincount(doc, minlength=n_docs).tolist()
    same = (np.array(g_values, dtype=np.int64).reshape(-1, len(ATTRIBUTES))
            == np.array(p_values, dtype=np.int64).reshape(-1, len(ATTRIBUTES)))
    for k, a in enumerate(ATTRIBUTES):
        key = f"events/attribute_{a}"
        for out, n, t in zip(outs, np.bincount(doc[same[:, k]], minlength=n_docs).tolist(), total, strict=True):
            out[key] = (n, t)


def _take_in_turn(cols: _EventColumns, g_span: IntArray, p_span: IntArray, shared: IntArray, taken: IntArray) -> None:
    """The predictions taken by gold triggers that share a span (``shared``), in turn: in order of type and mention
    id, each takes the one of its type if still free, else the first free one by type."""
    spans = set(g_span[shared].tolist())
    preds: dict[int, list[int]] = defaultdict(list)
    for i in np.flatnonzero(np.isin(p_span, list(spans))).tolist():
        preds[int(p_span[i])].append(i)
    golds: dict[int, list[int]] = defaultdict(list)
    for k in shared.tolist():
        golds[int(g_span[k])].append(k)
    pred_types = cols.pred_trig_type.tolist()
    order = [(cols.types[t], em.id) for t, em in zip(cols.trig_type.tolist(), cols.gold_ems, strict=True)]
    for span, ks in golds.items():
        left = sorted(preds.get(span, ()), key=lambda i: cols.types[pred_types[i]])
        for k in sorted(ks, key=order.__getitem__):
            if not left:
                taken[k] = -1
                continue
            label = order[k][0]
            same = next((i for i, p in enumerate(left) if cols.types[pred_types[p]] == label), 0)
            taken[k] = left.pop(same)


def _columns(flat: list[int], n: int) -> list[IntArray]:
    """The ``n`` columns of rows laid one after the other in ``flat``."""
    table = np.array(flat, dtype=np.int64).reshape(-1, n)
    return [np.ascontiguousarray(table[:, k]) for k in range(n)]


def _score_toponyms(doc: DocumentInput, out: CountRow, totals: Totals) -> None:
    gd, toponyms, row = doc.gold, doc.layer("toponyms", "toponyms"), doc.row
    chosen = first_by(toponyms, SPAN_RULES["toponyms"])
    gold = gd.toponym_at
    _score_labelled_spans("toponyms/strict", gold, chosen, attrgetter("reading"), out, totals)
    reading = [0, 0]
    within = [0, 0]
    km = [0.0, 0]
    docs, labels, values = totals.items["toponyms/resolution"]
    reading_acc, within_acc = totals.fields("toponyms/reading_accuracy", 2), totals.fields("toponyms/acc_at_161km", 2)
    km_acc = totals.fields("toponyms/mean_km", 2)
    no_place = doc.ontology.no_place_readings
    for span in sorted(set(gold) & set(chosen)):
        g, p = gold[span], chosen[span]
        same = p.reading == g.reading
        reading[0] += same
        reading[1] += 1
        reading_acc[0][g.reading] += same  # accuracies per label: (correct, total)
        reading_acc[1][g.reading] += 1
        if g.reading in no_place:  # the name denotes no place: recognised, not resolved
            continue
        error = resolution_error_km(g.lat, g.lon, g.geonames_id, p.lat, p.lon, p.geonames_id)
        close = error <= ACCURACY_RADIUS_KM
        within[0] += close
        within[1] += 1
        km[0] += error
        km[1] += 1
        within_acc[0][g.reading] += close
        within_acc[1][g.reading] += 1
        km_acc[0][g.reading] += error  # type: ignore[assignment]  # a Counter of km sums: floats, not ints
        km_acc[1][g.reading] += 1
        docs.append(row)
        labels.append(sys.intern(g.reading))  # one string a label, not one an item (decoded from each document)
        values.append(error)
    out["toponyms/reading_accuracy"] = tuple(reading)
    out["toponyms/acc_at_161km"] = tuple(within)
    out["toponyms/mean_km"] = tuple(km)


def _bio_notes(totals: Totals) -> dict[str, int]:
    return {"gold_extents_not_in_iob2": totals.bio_extent_gold_dropped,
            "gold_heads_not_in_iob2": totals.bio_gold_dropped,
            "predicted_spans_not_in_iob2": totals.bio_predicted_dropped}


def _has_clusters(submission: Submission) -> bool:
    """Coreference is predicted when some mention has a cluster id."""
    return any(m.cluster is not None for d in submission.documents for m in d.mentions or ())


# --- the tasks ---------------------------------------------------------------------------------------


def _entity_metrics(task: str) -> tuple[MetricSpec, ...]:
    return tuple(MetricSpec(task, s, SCHEMA_KINDS[s].name, "entity_type") for s in SCHEMAS) + (
        MetricSpec(task, "mention_detection", "prf", "level"),)


def _event_metrics() -> tuple[MetricSpec, ...]:
    specs = [MetricSpec("events", "trigger_identification", "prf"),
             MetricSpec("events", "trigger_classification", "prf", "event_type")]
    for mode in MATCH_MODES:
        for base in ARGUMENT_METRICS:
            specs.append(MetricSpec("events", f"{base}_{mode}", "prf", "role" if "classification" in base else None))
    specs += [MetricSpec("events", f"attribute_{a}", "accuracy") for a in ATTRIBUTES]
    return tuple(specs)


DEFINITIONS: tuple[Task, ...] = (
    Task("entities", VERSION, "mentions", "entities", "Named entities (NAM mentions)", _entity_metrics("entities"),
         _score_names, headline=(("strict", "Names F1 (ACE extents)"),), summary_breakdowns=("strict",)),
    Task("entities_all", VERSION, "mentions", "entities", "All entity mentions (NAM, NOM, PRO)",
         _entity_metrics("entities_all"), _score_all_mentions, headline=(("strict", "Mentions F1"),),
         summary_breakdowns=("strict",)),
    # names as the `entities` config's ner_tags encode them (IOB2 over NAM heads): what a CoNLL-style tagger learns
    Task("bio", VERSION, "mentions", "entities", "Named entities as IOB2 chunks",
         (MetricSpec("bio", "strict", "prf", "entity_type"), MetricSpec("bio", "strict_head", "prf", "entity_type")),
         _score_bio, headline=(("strict_head", "Names F1"),), summary_breakdowns=("strict",),
         notes=_bio_notes),
    Task("coreference", VERSION, "mentions", "entities", "Entity coreference",
         tuple(MetricSpec("coreference", m, "ratio") for m in ("muc", "b_cubed", "ceaf_e"))
         + (MetricSpec("coreference", "conll", "conll", sources=("muc", "b_cubed", "ceaf_e")),),
         each_document(_score_coreference), headline=(("conll", "Coref CoNLL F1"),), covered=_has_clusters),
    Task("timexes", VERSION, "timexes", "timexes", "Time expressions",
         (MetricSpec("timexes", "strict", "prf", "timex_type"), MetricSpec("timexes", "relaxed", "prf", "timex_type"),
          MetricSpec("timexes", "value_accuracy", "accuracy", "timex_type"),
          MetricSpec("timexes", "type_accuracy", "accuracy", "timex_type")),
         _score_timexes, headline=(("strict", "Timex F1"), ("value_accuracy", "Timex value acc.")),
         summary_breakdowns=("strict",)),
    Task("events", VERSION, "event_mentions", "events", "Events (ACE 2005 triggers, arguments, attributes)",
         _event_metrics(), _score_events,
         headline=(("trigger_classification", "Trigger F1"), ("argument_classification_span", "Argument F1")),
         summary_breakdowns=("trigger_classification", "argument_classification_span")),
    Task("toponyms", VERSION, "toponyms", "toponyms", "Toponyms (reading and GeoNames resolution)",
         (MetricSpec("toponyms", "strict", "prf", "reading"),
          MetricSpec("toponyms", "reading_accuracy", "accuracy", "reading"),
          MetricSpec("toponyms", "acc_at_161km", "accuracy", "reading"),
          MetricSpec("toponyms", "mean_km", "mean", "reading", direction=LOWER, unit=KM),
          MetricSpec("toponyms", "median_km", "median", "reading", sources=("resolution",), direction=LOWER, unit=KM),
          MetricSpec("toponyms", "auc", "auc", "reading", sources=("resolution",), direction=LOWER)),
         each_document(_score_toponyms),
         headline=(("strict", "Toponym F1"), ("acc_at_161km", "Acc@161km"), ("auc", "Toponym AUC")),
         summary_breakdowns=("strict", "acc_at_161km")),
)
"""Every task, in report order."""
PRIMARY_METRIC = ("bio", "strict_head")
"""(task, metric) the leaderboard ranks systems by; its column leads the headline table."""
