"""The tasks: each one's version, layers, title, metrics, headline columns and the function that scores one
document -- the one file to change to add or redefine a task.

A scoring function gets a batch of :class:`DocumentInput` (one gold document and the submission's predictions for
it, each layer kept to the ranges the gold annotates) with one count row each, writes each document's counts into
its row (metric key -> the metric kind's count fields: sets of hashable tuples intersected, as spaCy's scorer
does) and adds the per-label counts, item lists and notes to :class:`Totals`. A task that scores a document at a
time wraps its function in :func:`each_document`; the entities, bio and events tasks count a whole batch in numpy
(:mod:`newsbench.evaluation.categories`, :mod:`newsbench.evaluation.codes`), and tests prove their counts equal the
tuple sets'. The scorer turns the summed counts into scores by kind
(:mod:`newsbench.evaluation.metrics`); nothing here computes a P/R/F.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from functools import cached_property
from itertools import accumulate, chain
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np

from ..model import (
    PredictedEventMention,
    PredictedMention,
    Submission,
    SubmissionDocument,
)
from ..ontology import Ontology, load_ontology
from .categories import BatchItems, MentionColumns, batch_category_parts, level_counts
from .codes import IntArray, SetCounts, column, joint, set_counts
from .matching import (
    ARGUMENT_METRICS,
    MATCH_MODES,
    BatchText,
    GoldDocument,
    GoldMentions,
    batch_bio_chunks,
    cluster_partition,
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
    gold annotates it; shared views (the predicted mentions' sets) are built once for all tasks."""

    __slots__ = ("_mentions", "gold", "mention_rows", "ontology", "prediction", "row")

    def __init__(self, gold: GoldDocument, prediction: SubmissionDocument, row: int, ontology: Ontology,
                 mention_rows: tuple[MentionColumns, int] | None = None):
        self.gold = gold
        self.prediction = prediction
        self.row = row
        """The document's row in the count table (item lists record it)."""
        self.ontology = ontology
        self.mention_rows = mention_rows
        """The predicted mentions of the document's batch as columns (every level, as the entry has them, read
        once by the submission checks) and the document's number there; None: not read."""
        self._mentions: PredictedMentions | None = None

    def layer(self, layer: str, declared: str) -> Sequence[Any]:
        """The predictions of a submission layer inside the ranges where the gold annotates ``declared``."""
        return inside(getattr(self.prediction, layer), self.gold.doc.annotated_ranges(declared),
                      len(self.gold.doc.text))

    @property
    def mentions(self) -> PredictedMentions:
        """The predicted mentions inside the ranges where the gold annotates entities, in their shapes."""
        if self._mentions is None:
            self._mentions = PredictedMentions(self.layer("mentions", "entities"))
        return self._mentions


def inside(items: Sequence[Any] | None, ranges: tuple[tuple[int, int], ...], length: int) -> Sequence[Any]:
    """The predictions whose span lies inside one of the ranges where the gold annotates their layer (a checked
    submission's spans all lie inside a text of ``length`` code points)."""
    if not items or ranges == ((0, length),):
        return items or ()
    return tuple(i for i in items if any(s <= i.start and i.end <= e for s, e in ranges))


_span_and_type = attrgetter("start", "end", "type")


def _no_items() -> tuple[list[int], list[str], list[float]]:
    """An empty item list (documents, labels, values); a module-level function, so that Totals pickle."""
    return [], [], []


class Totals:
    """What scoring accumulates over documents besides the per-document rows: per-label counts (one Counter
    per count field, updated at C speed), the toponym resolution items, and side notes."""

    def __init__(self) -> None:
        self.labels: dict[str, list[Counter[str]]] = {}
        self.exact: dict[str, Counter[str]] = defaultdict(Counter)  # categories: exact matches per label
        self.extra: dict[str, dict[str, list[int]]] = defaultdict(dict)  # categories: see CategoryParts.extra
        self.items: dict[str, tuple[list[int], list[str], list[float]]] = defaultdict(_no_items)
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
_CLUSTER = attrgetter("cluster")


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
    gold = MentionColumns.of([d.gold.doc.mentions for d in docs], *((gold_names,) if names_only else (None, True)))
    pred = _predicted_columns(docs)
    if names_only:
        pred = pred.of_levels(_PREDICTED_NAMES)
    parts = batch_category_parts(*BatchItems.of_mentions(gold, pred))
    for schema in SCHEMAS:
        key = f"{task}/{schema}"
        for out, row in zip(outs, parts.overall[schema].tolist(), strict=True):
            out[key] = tuple(row)
    totals.exact[task].update(parts.exact)
    add_label_counts(totals.extra[task], parts.extra)
    # mention detection: spans only; per level, a prediction without a level takes the gold level at its span
    key = f"{task}/mention_detection"
    spans = parts.spans.tolist()
    for out, (gold_spans, pred_spans, shared) in zip(outs, spans, strict=True):
        out[key] = (shared, pred_spans - shared, gold_spans - shared)
    if names_only:  # one level: the per-level counts are the span counts
        g, p, n = parts.spans.sum(axis=0).tolist() if spans else (0, 0, 0)
        totals.count(key, NAME_LEVEL, n, p - n, g - n)
    else:
        for label, (tp, fp, fn) in level_counts(gold, pred, UNTYPED).items():
            totals.count(key, label, tp, fp, fn)


def _predicted_columns(docs: Sequence[DocumentInput]) -> MentionColumns:
    """The documents' predicted mentions inside the ranges where the gold annotates entities, with their levels:
    from the columns the submission checks read when every document has them, else from the objects."""
    shared = docs[0].mention_rows if docs else None
    if shared is None or any(d.mention_rows is None or d.mention_rows[0] is not shared[0] for d in docs):
        return MentionColumns.of([d.mentions.mentions for d in docs], None, True)
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


class PredictedMentions:
    """The predicted mentions of one document in the shapes the mention tasks use, each built on first use."""

    def __init__(self, mentions: Sequence[PredictedMention]):
        self.mentions = mentions

    @cached_property
    def _names(self) -> Sequence[PredictedMention]:
        """The names (a prediction without a level counts as one); ``mentions`` itself when all are."""
        names = [m for m in self.mentions if m.level is None or m.level == NAME_LEVEL]
        return names if len(names) < len(self.mentions) else self.mentions

    @cached_property
    def items(self) -> set[tuple[int, int, str]]:
        """Every prediction as (start, end, type)."""
        return set(map(_span_and_type, self.mentions))

    @cached_property
    def names(self) -> set[tuple[int, int, str]]:
        """The names as (start, end, type)."""
        return self.items if self._names is self.mentions else set(map(_span_and_type, self._names))


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
    gold = GoldMentions.of([d.gold.doc for d in docs])
    name = docs[0].gold.ontology.name_level if docs else NAME_LEVEL
    names = np.flatnonzero(np.array([m.level == name for m in gold.mentions], dtype=bool))
    predicted = [d.mentions.names for d in docs]
    flat: list[Any] = list(chain.from_iterable(chain.from_iterable(predicted)))
    gold_types = [gold.mentions[k].type for k in names.tolist()]
    labels: list[str] = sorted(set(gold_types).union(flat[2::3]))
    label_id = {label: k for k, label in enumerate(labels)}
    n_labels = max(len(labels), 1)
    # tie-breaks as numbers in their order: the gold's mention position; a prediction's label; a head-mapped
    # prediction's (0, gold position) before its (1, label)
    after = max((len(doc.gold.doc.mentions) for doc in docs), default=0) + 1
    g_doc, g_tie = gold.doc[names], gold.position[names]
    g_label = column([label_id[t] for t in gold_types])
    n_doc = np.repeat(np.arange(len(docs), dtype=np.int64), [len(p) for p in predicted])
    n_start, n_end = column(flat[0::3]), column(flat[1::3])
    n_label = column([label_id[t] for t in flat[2::3]])
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
    gd, pm = doc.gold, doc.mentions
    # a span is one mention for coreference whatever its types; if its predictions name different clusters,
    # the first in sorted order decides
    chosen = first_by(pm.mentions, SPAN_RULES["mentions"])
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


def _score_timexes(doc: DocumentInput, out: CountRow, totals: Totals) -> None:
    gd, timexes = doc.gold, doc.layer("timexes", "timexes")
    chosen = first_by(timexes, SPAN_RULES["timexes"])
    gold_by_span = gd.timex_by_span
    gold_typed, pred_typed = _score_labelled_spans("timexes/strict", gold_by_span, chosen, attrgetter("type"), out,
                                                   totals)
    pairs = _relaxed({(s, e, "") for s, e in gold_by_span}, {(s, e, "") for s, e in chosen})
    n = len(pairs)
    out["timexes/relaxed"] = (n, len(chosen) - n, len(gold_by_span) - n)
    acc = totals.fields("timexes/relaxed", 3)
    # per label, each label's items alone: equal items pair, and only the labels with items left on both sides
    # are aligned by overlap
    shared = gold_typed & pred_typed
    paired = Counter(map(_LAST, shared))
    if len(gold_typed) > len(shared) and len(pred_typed) > len(shared):
        gold_of = _by_label(gold_typed - shared)
        for label, left in _by_label(pred_typed - shared).items():
            if label in gold_of:
                paired[label] += len(relaxed_pairs(gold_of[label], left))
    gold_n, pred_n = Counter(map(_LAST, gold_typed)), Counter(map(_LAST, pred_typed))
    for label in gold_n.keys() | pred_n.keys():
        k = paired[label]
        acc[0][label] += k
        acc[1][label] += pred_n[label] - k
        acc[2][label] += gold_n[label] - k
    values = types = 0
    value_acc, type_acc = totals.fields("timexes/value_accuracy", 2), totals.fields("timexes/type_accuracy", 2)
    for gold_item, pred_item in pairs:
        gt, pt = gold_by_span[(gold_item[0], gold_item[1])], chosen[(pred_item[0], pred_item[1])]
        value, typed = pt.value == gt.value, pt.type == gt.type
        values += value
        types += typed
        value_acc[0][gt.type] += value  # accuracies per label: (correct, total)
        value_acc[1][gt.type] += 1
        type_acc[0][gt.type] += typed
        type_acc[1][gt.type] += 1
    out["timexes/value_accuracy"] = (values, n)
    out["timexes/type_accuracy"] = (types, n)


def _by_label(items: Iterable[tuple[int, int, str]]) -> dict[str, set[tuple[int, int, str]]]:
    """(start, end, label) items grouped by label."""
    out: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for x in items:
        out[x[2]].add(x)
    return out


def _relaxed(gold: Set[tuple[int, int, str]], pred: Set[tuple[int, int, str]]) -> list[tuple[Any, Any]]:
    """:func:`~newsbench.evaluation.matching.relaxed_pairs` of items whose spans are unique on each side: equal items
    are its same-span pairs, and only what is left is aligned by overlap."""
    shared = gold & pred
    pairs: list[tuple[Any, Any]] = [(x, x) for x in shared]
    if len(gold) > len(shared) and len(pred) > len(shared):
        pairs += relaxed_pairs(gold - shared, pred - shared)
    return pairs


def _counts(gold: Set[Any], pred: Set[Any]) -> tuple[int, int, int]:
    n = len(gold & pred)
    return (n, len(pred) - n, len(gold) - n)


_ARGUMENT_KEYS = {mode: [(base, f"events/{base}_{mode}", "classification" in base) for base in ARGUMENT_METRICS]
                  for mode in MATCH_MODES}


def _score_events(docs: Sequence[DocumentInput], outs: Sequence[CountRow], totals: Totals) -> None:
    """Triggers and arguments: each document's tuple sets (see :func:`newsbench.evaluation.matching.argument_sets`)
    as int64 codes, counted for the whole batch (:mod:`newsbench.evaluation.codes`); attributes a document at a
    time. Filler keys are interned per document, so that equal keys get one id."""
    n_docs = len(docs)
    base = list(accumulate((len(d.gold.doc.text) + 1 for d in docs), initial=0))
    width = base[-1] + 1
    types: dict[str, int] = {}
    roles: dict[str, int] = {}
    # triggers: (document, span in the batch, type) one after the other; arguments: (document, trigger span, type,
    # role, filler id under each mode), filler ids numbering each document's filler keys
    trig: list[int] = []
    pred_trig: list[int] = []
    args: list[int] = []
    pred_args: list[int] = []
    chosen_of = []
    for d, doc in enumerate(docs):
        gd, b = doc.gold, base[d]
        ems = doc.layer("event_mentions", "events")
        chosen = first_by(ems, SPAN_RULES["event_mentions"])
        chosen_of.append(chosen)
        for into, items in ((trig, gd.trigger_items), (pred_trig, chosen)):
            for s, e, label in items:
                t = types.get(label)
                if t is None:
                    t = types[label] = len(types)
                into.extend((d, (b + s) * width + b + e, t))
        fillers: dict[Any, int] = {}
        for s, e, label, role, keys in gd.argument_rows:
            r = roles.get(role)
            if r is None:
                r = roles[role] = len(roles)
            args.extend((d, (b + s) * width + b + e, types[label], r))
            for key in keys:
                f = fillers.get(key)
                if f is None:
                    f = fillers[key] = len(fillers)
                args.append(f)
        # arguments of duplicate trigger predictions are pooled (sets): a repeated prediction counts once
        for em in ems:
            if em.arguments:
                span, t = (b + em.start) * width + b + em.end, types.get(em.type)
                if t is None:
                    t = types[em.type] = len(types)
                for a in em.arguments:
                    r = roles.get(a.role)
                    if r is None:
                        r = roles[a.role] = len(roles)
                    pred_args.extend((d, span, t, r))
                    for key in gd.filler_keys(a.start, a.end, a.role):
                        f = fillers.get(key)
                        if f is None:
                            f = fillers[key] = len(fillers)
                        pred_args.append(f)
    type_names, role_names = list(types), list(roles)
    n_types, n_roles = max(len(types), 1), max(len(roles), 1)
    g_trig, p_trig = _columns(trig, 3), _columns(pred_trig, 3)
    rows = {"events/trigger_identification": set_counts(g_trig[1], g_trig[0], p_trig[1], p_trig[0], n_docs)}
    key = "events/trigger_classification"
    g_code, p_code = joint(g_trig[1:], p_trig[1:], n_types)
    rows[key] = set_counts(g_code, g_trig[0], p_code, p_trig[0], n_docs)
    totals.count_labels(key, type_names, rows[key], n_types)
    g_args, p_args = _columns(args, 4 + len(MATCH_MODES)), _columns(pred_args, 4 + len(MATCH_MODES))
    g_doc, g_type, g_role, p_doc, p_type, p_role = g_args[0], g_args[2], g_args[3], p_args[0], p_args[2], p_args[3]
    g_trigger, p_trigger = joint(g_args[1:3], p_args[1:3])  # the trigger: span and type (its document in the span)
    for m, mode in enumerate(MATCH_MODES):
        gf, pf = g_args[4 + m], p_args[4 + m]
        # the tuple sets of argument_sets(), the role last (a code's role is its remainder)
        sets = {"argument_identification": joint((g_doc, gf, g_type), (p_doc, pf, p_type)),
                "argument_classification": joint((g_doc, gf, g_type, g_role), (p_doc, pf, p_type, p_role), n_roles),
                "argument_identification_attached": joint((g_trigger, gf), (p_trigger, pf)),
                "argument_classification_attached": joint((g_trigger, gf, g_role), (p_trigger, pf, p_role), n_roles)}
        for base_name, key, by_role in _ARGUMENT_KEYS[mode]:
            g_code, p_code = sets[base_name]
            rows[key] = set_counts(g_code, g_doc, p_code, p_doc, n_docs)
            if by_role:
                totals.count_labels(key, role_names, rows[key], n_roles)
    for key, counted in rows.items():
        for out, row in zip(outs, counted.rows(), strict=True):
            out[key] = row
    realis: dict[tuple[tuple[str, str], ...], str] = {}  # the batch's attribute values -> their realis
    for doc, out, chosen in zip(docs, outs, chosen_of, strict=True):
        _score_attributes(doc, out, chosen, realis)


def _columns(flat: list[int], n: int) -> list[IntArray]:
    """The ``n`` columns of rows laid one after the other in ``flat``."""
    table = np.array(flat, dtype=np.int64).reshape(-1, n)
    return [np.ascontiguousarray(table[:, k]) for k in range(n)]


def _score_attributes(doc: DocumentInput, out: CountRow, chosen: Mapping[tuple[int, int, str], Any],
                      realis: dict[tuple[tuple[str, str], ...], str]) -> None:
    """The event attributes of one document, on its triggers matched by span (``realis``: known values' realis)."""
    gd, onto = doc.gold, doc.ontology
    # attributes on triggers matched by span (a prediction of the same type first)
    pred_at: dict[tuple[int, int], list[PredictedEventMention]] = {}
    for key in sorted(chosen):  # the keys (start, end, type) are distinct
        at = pred_at.get(key[:2])
        if at is None:
            pred_at[key[:2]] = [chosen[key]]
        else:
            at.append(chosen[key])
    correct = [0] * len(ATTRIBUTES)
    total = 0
    for t, gold_attrs in zip(gd.triggers, gd.trigger_attributes, strict=True) if pred_at else ():
        candidates = pred_at.get((t.start, t.end))
        if not candidates:
            continue
        same = next((i for i, c in enumerate(candidates) if c.type == t.type), 0) if len(candidates) > 1 else 0
        p = candidates.pop(same)
        total += 1
        attrs = p.attributes or {}
        # the realis predicted, else derived from the four attributes when all are predicted
        if "realis" in attrs:
            value = attrs["realis"]
        elif all(a in attrs for a in onto.attributes):
            values = tuple(attrs.items())
            value = realis.get(values)
            if value is None:
                value = realis[values] = onto.realis(attrs)
        else:
            value = None
        for k, a in enumerate(_BASE_ATTRIBUTES):
            correct[k] += attrs.get(a) == gold_attrs[a]
        correct[-1] += value == gold_attrs["realis"]
    for a, n in zip(ATTRIBUTES, correct, strict=True):
        out[f"events/attribute_{a}"] = (n, total)


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
        labels.append(g.reading)
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
         each_document(_score_timexes), headline=(("strict", "Timex F1"), ("value_accuracy", "Timex value acc.")),
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
