"""nervaluate's four schemas over many documents at once: :func:`newsbench.evaluation.matching.category_parts`
for a batch, with the common cases in numpy.

Per document, exact matches (same span and label) are taken first; what is left pairs up through overlaps. The
overlap graph of the left items falls apart into components that the greedy alignments of every schema treat
independently (a prediction only ever takes a gold item it overlaps, and the span-first step of exact/partial
only pairs items that overlap). A component of one gold item and one prediction -- nearly every one in practice
-- pairs them under every schema, which numpy counts for the whole batch; an item that overlaps nothing is
missed or spurious; the few components with more items go through ``category_parts`` itself, so that the counts
are its counts by construction.

Items are coded as one int64 each, ordered as the tuples (document, start, end, label) are: the batch's
documents are laid end to end (document d's offsets shifted by ``base[d]``), and a key is
``(start * (size + 1) + end) * labels + label``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter
from collections.abc import Set as AbstractSet
from typing import Any
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from .matching import Item, category_parts
from .metrics import SCHEMAS

_MAX_KEY = 2 ** 62


@dataclass(frozen=True)
class BatchItems:
    """The items of a batch's documents, one side: parallel arrays (any order, duplicates allowed) and the
    labels their label numbers index (sorted, so that numbers order as the labels do)."""

    doc: np.ndarray[Any, Any]
    start: np.ndarray[Any, Any]
    end: np.ndarray[Any, Any]
    label: np.ndarray[Any, Any]
    n_docs: int

    @classmethod
    def of_objects(cls, objects: Sequence[Sequence[Any]], label_id: Mapping[str, int],
                   levels: AbstractSet[str | None] | None = None) -> BatchItems:
        """From each document's objects with ``start``, ``end``, ``type`` and ``level`` (mentions, predicted
        mentions): those whose level is one of ``levels`` (None: all)."""
        flat = list(chain.from_iterable(objects))
        doc = np.repeat(np.arange(len(objects), dtype=np.int64), [len(x) for x in objects])
        if levels is not None:
            keep = np.fromiter(map(levels.__contains__, map(attrgetter("level"), flat)), dtype=bool, count=len(flat))
            if not keep.all():
                flat, doc = list(compress(flat, keep)), doc[keep]
        n = len(flat)
        start = np.fromiter(map(attrgetter("start"), flat), dtype=np.int64, count=n)
        end = np.fromiter(map(attrgetter("end"), flat), dtype=np.int64, count=n)
        label = np.fromiter(map(label_id.__getitem__, map(attrgetter("type"), flat)), dtype=np.int64, count=n)
        return cls(doc, start, end, label, len(objects))

    @classmethod
    def of_sets(cls, items: Sequence[AbstractSet[Item]], label_id: Mapping[str, int]) -> BatchItems:
        """From each document's set of (start, end, label) tuples."""
        flat = list(chain.from_iterable(chain.from_iterable(items)))
        if len(flat) != 3 * sum(map(len, items)):
            raise ValueError("expected (start, end, label) items")
        n = len(flat) // 3
        return cls(np.repeat(np.arange(len(items), dtype=np.int64), [len(x) for x in items]),
                   np.fromiter(flat[0::3], dtype=np.int64, count=n), np.fromiter(flat[1::3], dtype=np.int64, count=n),
                   np.fromiter(map(label_id.__getitem__, flat[2::3]), dtype=np.int64, count=n), len(items))

    def where(self, mask: np.ndarray[Any, Any]) -> BatchItems:
        """The items where ``mask`` is true."""
        return BatchItems(self.doc[mask], self.start[mask], self.end[mask], self.label[mask], self.n_docs)


@dataclass(frozen=True)
class BatchParts:
    """What :func:`batch_category_parts` returns: per schema one (documents x 5) row of counts a document, the
    exact matches per label, per label the extra fields of :class:`~newsbench.evaluation.matching.CategoryParts`
    summed over the batch, and per document the span counts (gold spans, predicted spans, shared spans)."""

    overall: Mapping[str, np.ndarray[Any, Any]]
    exact: Counter[Any]
    extra: tuple[tuple[str, int, int, int, int, int, int], ...]
    spans: np.ndarray[Any, Any]


class _Coding:
    """The int64 code of the items of one batch (both sides): see the module's docstring."""

    def __init__(self, gold: BatchItems, pred: BatchItems, n_labels: int):
        extent = np.zeros(gold.n_docs, dtype=np.int64)
        np.maximum.at(extent, gold.doc, gold.end)
        np.maximum.at(extent, pred.doc, pred.end)
        # one position between documents: no span reaches into the next document
        self.base = np.concatenate([[0], np.cumsum(extent + 1)[:-1]]).astype(np.int64)
        self.size = int(self.base[-1] + extent[-1] + 1) if gold.n_docs else 1
        self.labels = max(n_labels, 1)
        if (self.size + 1) ** 2 * self.labels >= _MAX_KEY:
            raise OverflowError("the batch's texts are too long for one int64 code")

    def encode(self, items: BatchItems) -> np.ndarray[Any, Any]:
        """The sorted, duplicate-free codes of the items."""
        base = self.base[items.doc]
        codes: np.ndarray[Any, Any] = np.unique(
            ((base + items.start) * (self.size + 1) + base + items.end) * self.labels + items.label)
        return codes

    def decode(self, codes: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any],
                                                           np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """(document, start, end, label) of codes (start and end as positions in the batch)."""
        label = codes % self.labels
        span = codes // self.labels
        start, end = span // (self.size + 1), span % (self.size + 1)
        return np.searchsorted(self.base, start, side="right") - 1, start, end, label


def _edges(gs: np.ndarray[Any, Any], ge: np.ndarray[Any, Any], gd: np.ndarray[Any, Any], ps: np.ndarray[Any, Any],
           pe: np.ndarray[Any, Any], pd: np.ndarray[Any, Any],
           base: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """(prediction, gold) index pairs that overlap as nervaluate counts it (the spans share a code point and at
    least 1% of the gold span), in (prediction, gold) order; the gold items are sorted by start."""
    if not gs.size or not ps.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    length = ge - gs
    reach = np.zeros(base.size, dtype=np.int64)
    np.maximum.at(reach, gd, length)
    # candidates: the gold items of the document that start in [start - reach + 1, end)
    lo = np.searchsorted(gs, np.maximum(ps - reach[pd] + 1, base[pd]))
    hi = np.searchsorted(gs, pe)
    counts = np.maximum(hi - lo, 0)
    p = np.repeat(np.arange(ps.size), counts)
    g = lo[p] + (np.arange(p.size) - np.repeat(np.cumsum(counts) - counts, counts))
    shared = np.minimum(pe[p], ge[g]) - np.maximum(ps[p], gs[g])
    keep = (shared > 0) & (100 * shared >= length[g])
    return p[keep], g[keep]


def _tangled(gold: Iterable[tuple[int, int, int, int]], pred: Iterable[tuple[int, int, int, int]],
             labels: Sequence[str]) -> Iterator[tuple[int, set[Item], set[Item]]]:
    """Per document with items in components of more than one edge: (document, its gold items, its predictions)
    as (start, end, label) sets; items are (document, start, end, label number) with offsets in the document."""
    def grouped(items: Iterable[tuple[int, int, int, int]]) -> dict[int, set[Item]]:
        out: dict[int, set[Item]] = {}
        for d, s, e, k in items:
            out.setdefault(d, set()).add((s, e, labels[k]))
        return out

    gold_of, pred_of = grouped(gold), grouped(pred)
    for d in sorted(gold_of.keys() | pred_of.keys()):
        yield d, gold_of.get(d, set()), pred_of.get(d, set())


def batch_category_parts(gold: BatchItems, pred: BatchItems, labels: Sequence[str],
                         schemas: Sequence[str] = SCHEMAS) -> BatchParts:
    """:func:`~newsbench.evaluation.matching.category_parts` of every document of a batch, with the same counts;
    ``labels``: the sorted labels the items' label numbers index."""
    n_docs, n_labels = gold.n_docs, len(labels)
    if n_docs == 0:
        empty = np.zeros((0, 5), dtype=np.int64)
        return BatchParts({s: empty for s in schemas}, Counter(), (), np.zeros((0, 3), dtype=np.int64))
    code = _Coding(gold, pred, n_labels)
    g_all, p_all = code.encode(gold), code.encode(pred)
    g_exact = np.isin(g_all, p_all, assume_unique=True)
    p_exact = np.isin(p_all, g_all, assume_unique=True)
    spans = _span_counts(code, g_all, p_all, n_docs)
    exact_doc, _, _, exact_label = code.decode(g_all[g_exact])
    exact_per_doc = np.bincount(exact_doc, minlength=n_docs)
    gd, gs, ge, gl = code.decode(g_all[~g_exact])
    pd, ps, pe, pl = code.decode(p_all[~p_exact])
    edge_p, edge_g = _edges(gs, ge, gd, ps, pe, pd, code.base)
    deg_p = np.bincount(edge_p, minlength=ps.size)
    deg_g = np.bincount(edge_g, minlength=gs.size)
    simple = (deg_p[edge_p] == 1) & (deg_g[edge_g] == 1)
    sp, sg = edge_p[simple], edge_g[simple]

    missed = np.bincount(gd[deg_g == 0], minlength=n_docs)
    spurious = np.bincount(pd[deg_p == 0], minlength=n_docs)
    pairs = np.bincount(pd[sp], minlength=n_docs)
    same_span = (ps[sp] == gs[sg]) & (pe[sp] == ge[sg])
    span_pairs = np.bincount(pd[sp][same_span], minlength=n_docs)
    same_label = pl[sp] == gl[sg]
    label_pairs = np.bincount(pd[sp][same_label], minlength=n_docs)
    zero = np.zeros(n_docs, dtype=np.int64)
    rows = {
        "strict": [exact_per_doc, pairs, zero, missed, spurious],
        "exact": [exact_per_doc + span_pairs, pairs - span_pairs, zero, missed, spurious],
        "partial": [exact_per_doc + span_pairs, zero, pairs - span_pairs, missed, spurious],
        "ent_type": [exact_per_doc + label_pairs, pairs - label_pairs, zero, missed, spurious],
    }
    overall = {s: np.stack(rows[s], axis=1) for s in schemas}

    # per label: left gold and predictions of the label, and the same-label pairs of one-edge components
    g_left = np.bincount(gl, minlength=n_labels)
    p_left = np.bincount(pl, minlength=n_labels)
    inc = np.bincount(pl[sp][same_label], minlength=n_labels)
    near = inc.copy() if "ent_type" in schemas else np.zeros(n_labels, dtype=np.int64)  # as category_parts
    # items of a component with more than one edge: category_parts, document by document
    tangled_g = deg_g > 0
    tangled_g[sg] = False
    tangled_p = deg_p > 0
    tangled_p[sp] = False
    label_id = {label: k for k, label in enumerate(labels)}
    for d, sub_g, sub_p in _tangled(_local(code, gd, gs, ge, gl, tangled_g), _local(code, pd, ps, pe, pl, tangled_p),
                                    labels):
        parts = category_parts(sub_g, sub_p, schemas)
        for s in schemas:
            overall[s][d] += parts.overall[s]
        for label, sub_inc, _, _, sub_near, _, _ in parts.extra:
            inc[label_id[label]] += sub_inc
            near[label_id[label]] += sub_near
    extra = tuple((labels[k], int(inc[k]), int(g_left[k] - inc[k]), int(p_left[k] - inc[k]), int(near[k]),
                   int(g_left[k] - near[k]), int(p_left[k] - near[k]))
                  for k in range(n_labels) if g_left[k] or p_left[k])
    exact_labels = np.bincount(exact_label, minlength=n_labels).tolist()
    exact = Counter({labels[k]: n for k, n in enumerate(exact_labels) if n})
    return BatchParts(overall, exact, extra, spans)


def _local(code: _Coding, d: np.ndarray[Any, Any], s: np.ndarray[Any, Any], e: np.ndarray[Any, Any],
           label: np.ndarray[Any, Any], mask: np.ndarray[Any, Any]) -> Iterator[tuple[int, int, int, int]]:
    """(document, start, end, label number) of the masked items, offsets in their document."""
    base = code.base[d[mask]]
    return zip(d[mask].tolist(), (s[mask] - base).tolist(), (e[mask] - base).tolist(), label[mask].tolist(),
               strict=True)


def _span_counts(code: _Coding, gold: np.ndarray[Any, Any], pred: np.ndarray[Any, Any], n_docs: int) -> np.ndarray[Any,
                                                                                                                   Any]:
    """Per document (gold spans, predicted spans, spans on both sides), whatever the labels."""
    g_spans = np.unique(gold // code.labels)
    p_spans = np.unique(pred // code.labels)
    shared = g_spans[np.isin(g_spans, p_spans, assume_unique=True)]

    def per_doc(spans: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.bincount(np.searchsorted(code.base, spans // (code.size + 1), side="right") - 1, minlength=n_docs)

    return np.stack([per_doc(g_spans), per_doc(p_spans), per_doc(shared)], axis=1)


def sets_category_parts(gold: Sequence[AbstractSet[Item]], pred: Sequence[AbstractSet[Item]],
                        schemas: Sequence[str] = SCHEMAS) -> BatchParts:
    """:func:`batch_category_parts` of each document's (start, end, label) sets."""
    labels = sorted({x[2] for items in (*gold, *pred) for x in items})
    label_id = {label: k for k, label in enumerate(labels)}
    return batch_category_parts(BatchItems.of_sets(gold, label_id), BatchItems.of_sets(pred, label_id), labels,
                                schemas)
