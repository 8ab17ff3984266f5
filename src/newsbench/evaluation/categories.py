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

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from .codes import column, in_each_other, sorted_unique
from .matching import category_parts
from .metrics import SCHEMAS

_MAX_KEY = 2 ** 62
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Triple = tuple[int, int, str]
"""An item: (start, end, label)."""


@dataclass(frozen=True)
class BatchItems:
    """The items of a batch's documents, one side: parallel arrays (any order, duplicates allowed) and the
    labels their label numbers index (sorted, so that numbers order as the labels do)."""

    doc: IntArray
    start: IntArray
    end: IntArray
    label: IntArray
    n_docs: int

    @classmethod
    def of_mentions(cls, gold: MentionColumns, pred: MentionColumns) -> tuple[BatchItems, BatchItems, list[str]]:
        """Both sides from the mentions' columns, and the labels."""
        labels = sorted(set(gold.types).union(pred.types))
        label_id = {label: k for k, label in enumerate(labels)}

        def side(c: MentionColumns) -> BatchItems:
            return cls(c.doc, c.start, c.end, _renumbered(c.type, c.types, label_id), c.n_docs)

        return side(gold), side(pred), labels

    @classmethod
    def of_sets(cls, items: Sequence[Set[Triple]], label_id: Mapping[str, int]) -> BatchItems:
        """From each document's set of (start, end, label) tuples."""
        flat: list[int | str] = list(chain.from_iterable(chain.from_iterable(items)))
        if len(flat) != 3 * sum(map(len, items)):
            raise ValueError("expected (start, end, label) items")
        n = len(flat) // 3
        return cls(np.repeat(np.arange(len(items), dtype=np.int64), [len(x) for x in items]),
                   np.fromiter(flat[0::3], dtype=np.int64, count=n), np.fromiter(flat[1::3], dtype=np.int64, count=n),
                   np.fromiter((label_id[str(x)] for x in flat[2::3]), dtype=np.int64, count=n), len(items))

    def where(self, mask: BoolArray) -> BatchItems:
        """The items where ``mask`` is true."""
        return BatchItems(self.doc[mask], self.start[mask], self.end[mask], self.label[mask], self.n_docs)


@dataclass(frozen=True)
class MentionColumns:
    """The mentions of a batch's documents, one side, as columns (in document order, then the mentions' order);
    types and levels, read from the mention objects on first use (a checks-only or names-only reader never
    reads the rest), as numbers into the values they take (in order of first appearance)."""

    doc: IntArray
    start: IntArray
    end: IntArray
    n_docs: int
    rows: Sequence[Any] = field(repr=False)
    """The mention objects (with start, end, type, level)."""
    index: IntArray | None = field(default=None, repr=False)
    """Each mention's position in ``rows`` (None: ``rows`` themselves, in order)."""

    @classmethod
    def of(cls, docs: Sequence[Sequence[Any]], keep: Set[Any] | None = None) -> MentionColumns:
        """The columns of each document's mentions (objects with start, end, type, level); ``keep``: only the
        mentions of these levels."""
        # reading the objects is most of the time: one list comprehension a column (its attribute reads are the
        # interpreter's specialised ones), numbers through struct (fewer instructions than array('q') or numpy's
        # own conversions: measured with callgrind)
        if keep is None:
            counts = list(map(len, docs))
            rows: list[Any] = list(chain.from_iterable(docs))
            return cls(np.repeat(np.arange(len(docs), dtype=np.int64), counts), column([m.start for m in rows]),
                       column([m.end for m in rows]), len(docs), rows)
        counts, rows, starts, ends, codes = [], [], [], [], []
        only = next(iter(keep)) if len(keep) == 1 else None
        number = _PairNumbering()
        for ms in docs:
            part = [m for m in ms if m.level == only] if len(keep) == 1 else [m for m in ms if m.level in keep]
            counts.append(len(part))
            rows += part
            # a document's kept mentions read while they are in the processor's cache: every column, the (level,
            # type) numbers too (a pass a column over the whole batch took about a fifth more CPU)
            starts += [m.start for m in part]
            ends += [m.end for m in part]
            codes += [number[m.level][m.type] for m in part]
        out = cls(np.repeat(np.arange(len(docs), dtype=np.int64), counts), column(starts), column(ends), len(docs),
                  rows)
        out.__dict__["_labels"] = (column(codes, len(number.pairs)), number.pairs)
        return out

    def _objects(self) -> Sequence[Any]:
        if self.index is None:
            return self.rows
        rows = self.rows
        return [rows[k] for k in self.index.tolist()]

    @cached_property
    def _labels(self) -> tuple[IntArray, list[tuple[Any, str]]]:
        """Each mention's (level, type) number and the pairs they index (in order of first appearance): both read
        in one pass over the objects, which costs less than a pass each (each object and string touched once)."""
        number = _PairNumbering()
        codes = [number[m.level][m.type] for m in self._objects()]
        return column(codes, len(number.pairs)), number.pairs

    @cached_property
    def _types(self) -> tuple[IntArray, list[str]]:
        codes, pairs = self._labels
        return _split(codes, [t for _, t in pairs])

    @cached_property
    def _levels(self) -> tuple[IntArray, list[Any]]:
        codes, pairs = self._labels
        return _split(codes, [level for level, _ in pairs])

    @property
    def type(self) -> IntArray:
        """Each mention's type number."""
        return self._types[0]

    @property
    def types(self) -> list[str]:
        """The types the type numbers index."""
        return self._types[1]

    @property
    def level(self) -> IntArray:
        """Each mention's level number."""
        return self._levels[0]

    @property
    def levels(self) -> list[Any]:
        """The levels the level numbers index."""
        return self._levels[1]

    def where(self, mask: BoolArray) -> MentionColumns:
        """The mentions where ``mask`` is true (the types and levels already read kept, not read again)."""
        index = np.flatnonzero(mask) if self.index is None else self.index[mask]
        out = MentionColumns(self.doc[mask], self.start[mask], self.end[mask], self.n_docs, self.rows, index)
        for name in _CODED:
            if name in self.__dict__:
                codes, values = self.__dict__[name]
                out.__dict__[name] = (codes[mask], values)
        return out

    def of_levels(self, keep: Set[Any]) -> MentionColumns:
        """The mentions of these levels."""
        wanted = np.array([v in keep for v in self.levels] or [False], dtype=bool)
        return self.where(wanted[self.level])

    def of_documents(self, docs: IntArray, rows: BoolArray | None = None) -> MentionColumns:
        """The mentions of documents ``docs`` (increasing), numbered 0, 1, ... in that order; ``rows``: only the
        mentions where it is true among them."""
        if rows is None and docs.size == self.n_docs:  # every document (increasing): these columns themselves
            return self
        number = np.full(self.n_docs, -1, dtype=np.int64)
        number[docs] = np.arange(docs.size, dtype=np.int64)
        mask = number[self.doc] >= 0
        if rows is not None:
            mask &= rows
        picked = self.where(mask)
        out = MentionColumns(number[picked.doc], picked.start, picked.end, int(docs.size), picked.rows, picked.index)
        out.__dict__.update({k: v for k, v in picked.__dict__.items() if k in _CODED})
        return out


def _numbering() -> defaultdict[Any, int]:
    """Value -> number, numbered in order of first appearance as values are looked up (``list(numbering)``: the
    values so numbered)."""
    number: defaultdict[Any, int] = defaultdict()
    number.default_factory = number.__len__  # a new value takes the next number
    return number


_CODED = ("_labels", "_types", "_levels")
"""MentionColumns' cached codes, kept by its subsets."""


class _PairNumbering(dict[Any, dict[str, int]]):
    """Level -> type -> the number of the pair, numbered in order of first appearance as pairs are looked up
    (``pairs``: the pairs so numbered)."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[Any, str]] = []

    def __missing__(self, level: Any) -> dict[str, int]:
        types = self[level] = _TypeNumbering(level, self.pairs)
        return types


class _TypeNumbering(dict[str, int]):
    """Type -> the number of (``level``, type) among ``pairs``, for :class:`_PairNumbering`."""

    def __init__(self, level: Any, pairs: list[tuple[Any, str]]):
        super().__init__()
        self.level, self.pairs = level, pairs

    def __missing__(self, type_: str) -> int:
        n = self[type_] = len(self.pairs)
        self.pairs.append((self.level, type_))
        return n


def _split(codes: IntArray, values: Sequence[Any]) -> tuple[IntArray, list[Any]]:
    """Codes into ``values`` (repeats allowed) as numbers into the distinct values (in order of first appearance),
    and those values."""
    number = _numbering()
    table = np.array([number[v] for v in values] or [0], dtype=np.int64)
    out: IntArray = table[codes]
    return out, list(number)


def _renumbered(codes: IntArray, values: Sequence[Any], new: Mapping[Any, int]) -> IntArray:
    """Numbers into ``values`` as the numbers ``new`` gives the values."""
    table = np.array([new[v] for v in values] or [0], dtype=np.int64)
    out: IntArray = table[codes]
    return out


@dataclass(frozen=True)
class BatchParts:
    """What :func:`batch_category_parts` returns: per schema one (documents x 5) row of counts a document, the
    exact matches per label, per label the extra fields of :class:`~newsbench.evaluation.matching.CategoryParts`
    summed over the batch, and per document the span counts (gold spans, predicted spans, shared spans)."""

    overall: Mapping[str, IntArray]
    exact: Counter[str]
    extra: tuple[tuple[str, int, int, int, int, int, int], ...]
    spans: IntArray


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

    def encode(self, items: BatchItems) -> IntArray:
        """The sorted, duplicate-free codes of the items."""
        base = self.base[items.doc]
        codes: IntArray = np.unique(((base + items.start) * (self.size + 1) + base + items.end) * self.labels
                                    + items.label)
        return codes

    def encode_spans(self, items: BatchItems) -> IntArray:
        """The span codes (labels left out) of the items, in their order, duplicates kept."""
        base = self.base[items.doc]
        spans: IntArray = (base + items.start) * (self.size + 1) + base + items.end
        return spans

    def decode(self, codes: IntArray) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """(document, start, end, label) of sorted codes (start and end as positions in the batch)."""
        label = codes % self.labels
        span = codes // self.labels
        start, end = span // (self.size + 1), span % (self.size + 1)
        doc = np.repeat(np.arange(self.base.size, dtype=np.int64), self.per_document(codes, self.labels))
        return doc, start, end, label

    def per_document(self, codes: IntArray, scale: int) -> IntArray:
        """How many of sorted codes each document has, its codes starting at ``base * (size + 1) * scale``
        (``scale``: ``labels`` for item codes, 1 for span codes): one search a document, not one a code."""
        counts: IntArray = np.diff(np.searchsorted(codes, self.base * ((self.size + 1) * scale)), append=codes.size)
        return counts


def _edges(gs: IntArray, ge: IntArray, gd: IntArray, ps: IntArray, pe: IntArray, pd: IntArray,
           base: IntArray) -> tuple[IntArray, IntArray]:
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
             labels: Sequence[str]) -> Iterator[tuple[int, set[Triple], set[Triple]]]:
    """Per document with items in components of more than one edge: (document, its gold items, its predictions)
    as (start, end, label) sets; items are (document, start, end, label number) with offsets in the document."""
    def grouped(items: Iterable[tuple[int, int, int, int]]) -> dict[int, set[Triple]]:
        out: dict[int, set[Triple]] = {}
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
    g_exact, p_exact = in_each_other(g_all, p_all)
    spans = _span_counts(code, g_all, p_all)
    exact_codes = g_all[g_exact]
    exact_per_doc = code.per_document(exact_codes, code.labels)
    exact_label = exact_codes % code.labels
    gd, gs, ge, gl = code.decode(g_all[~g_exact])
    pd, ps, pe, pl = code.decode(p_all[~p_exact])
    edge_p, edge_g = _edges(gs, ge, gd, ps, pe, pd, code.base)
    deg_p = np.bincount(edge_p, minlength=ps.size)
    deg_g = np.bincount(edge_g, minlength=gs.size)
    pairing = _pairings(edge_p, edge_g, deg_p, deg_g, (ps[edge_p] == gs[edge_g]) & (pe[edge_p] == ge[edge_g]),
                        pl, gl)
    overall = _rows(exact_per_doc, np.concatenate([gd[deg_g == 0], np.repeat(pd[pairing.p_stars], pairing.p_extra)]),
                    np.concatenate([pd[deg_p == 0], np.repeat(gd[pairing.g_stars], pairing.g_extra)]),
                    np.concatenate([pd[pairing.pairs_p], gd[pairing.pairs_g]]), pairing.same_span,
                    pairing.label_correct, schemas)

    # per label: left gold and predictions of the label, and the same-label pairs of the components resolved above
    g_left = np.bincount(gl, minlength=n_labels)
    p_left = np.bincount(pl, minlength=n_labels)
    inc = np.bincount(pairing.same_label_labels, minlength=n_labels)
    near = inc.copy() if "ent_type" in schemas else np.zeros(n_labels, dtype=np.int64)  # as category_parts
    # items of the other components: category_parts, document by document
    tangled_g = np.zeros(gs.size, dtype=bool)
    tangled_g[edge_g[pairing.tangled]] = True
    tangled_p = np.zeros(ps.size, dtype=bool)
    tangled_p[edge_p[pairing.tangled]] = True
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


@dataclass(frozen=True)
class _Pairing:
    """The components of the overlap graph whose alignment is the same under every schema's greedy order: one
    prediction and one gold item; one prediction over several gold items that overlap nothing else (a star
    around the prediction: it takes one of them); one gold item under several predictions that overlap nothing
    else (one of them takes it). One pair each, located by ``pairs_p`` (one-edge components, then prediction
    stars) and ``pairs_g`` (gold stars); the per-pair arrays follow that order."""

    pairs_p: IntArray
    pairs_g: IntArray
    same_span: BoolArray
    """exact and partial pair two equal spans."""
    label_correct: BoolArray
    """ent_type's pair has one label."""
    same_label_labels: IntArray
    """The label of each component whose items of one label pair up (the per-label rows)."""
    p_stars: IntArray
    p_extra: IntArray
    """Per prediction star, the gold items left missed."""
    g_stars: IntArray
    g_extra: IntArray
    """Per gold star, the predictions left spurious."""
    tangled: BoolArray
    """Per edge: its component is none of these."""


def _pairings(edge_p: IntArray, edge_g: IntArray, deg_p: IntArray, deg_g: IntArray, same_span: BoolArray,
              pl: IntArray, gl: IntArray) -> _Pairing:
    """The components :class:`_Pairing` resolves, from the overlap edges and the left items' degrees."""
    same_label = pl[edge_p] == gl[edge_g]
    simple = (deg_p[edge_p] == 1) & (deg_g[edge_g] == 1)
    p_star = (deg_p >= 2) & (np.bincount(edge_p, weights=deg_g[edge_g] > 1, minlength=deg_p.size) == 0)
    g_star = (deg_g >= 2) & (np.bincount(edge_g, weights=deg_p[edge_p] > 1, minlength=deg_g.size) == 0)
    in_p, in_g = p_star[edge_p], g_star[edge_g]
    pc, gc = np.flatnonzero(p_star), np.flatnonzero(g_star)

    def any_of(node: IntArray, edges: BoolArray, flag: BoolArray, centres: IntArray, size: int) -> BoolArray:
        found: BoolArray = np.bincount(node[edges], weights=flag[edges], minlength=size)[centres] > 0
        return found

    # a prediction star: the prediction takes a gold item of its span if there is one (exact, partial), one of
    # its label if there is one (ent_type), else the first; a gold star: a prediction of its span takes it
    # (exact, partial), else the first prediction, under ent_type too
    p_span = any_of(edge_p, in_p, same_span, pc, deg_p.size)
    p_label = any_of(edge_p, in_p, same_label, pc, deg_p.size)
    g_span = any_of(edge_g, in_g, same_span, gc, deg_g.size)
    g_label = any_of(edge_g, in_g, same_label, gc, deg_g.size)
    first = np.full(deg_g.size, deg_p.size, dtype=np.int64)
    np.minimum.at(first, edge_g[in_g], edge_p[in_g])
    sp = edge_p[simple]
    return _Pairing(
        np.concatenate([sp, pc]), gc, np.concatenate([same_span[simple], p_span, g_span]),
        np.concatenate([same_label[simple], p_label, pl[first[gc]] == gl[gc]]),
        np.concatenate([pl[sp][same_label[simple]], pl[pc][p_label], gl[gc][g_label]]),
        pc, deg_p[pc] - 1, gc, deg_g[gc] - 1, ~(simple | in_p | in_g))


def _rows(exact_per_doc: IntArray, missed_docs: IntArray, spurious_docs: IntArray, pair_docs: IntArray,
          same_span: BoolArray, label_correct: BoolArray, schemas: Sequence[str]) -> dict[str, IntArray]:
    """Each schema's (documents x 5) counts from the exact matches, the items left missed and spurious and the
    pairs (their documents; whether exact/partial pair equal spans, whether ent_type's pair has one label)."""
    n_docs = exact_per_doc.size
    missed = np.bincount(missed_docs, minlength=n_docs)
    spurious = np.bincount(spurious_docs, minlength=n_docs)
    pairs = np.bincount(pair_docs, minlength=n_docs)
    span_pairs = np.bincount(pair_docs[same_span], minlength=n_docs)
    label_pairs = np.bincount(pair_docs[label_correct], minlength=n_docs)
    zero = np.zeros(n_docs, dtype=np.int64)
    rows = {
        "strict": [exact_per_doc, pairs, zero, missed, spurious],
        "exact": [exact_per_doc + span_pairs, pairs - span_pairs, zero, missed, spurious],
        "partial": [exact_per_doc + span_pairs, zero, pairs - span_pairs, missed, spurious],
        "ent_type": [exact_per_doc + label_pairs, pairs - label_pairs, zero, missed, spurious],
    }
    return {s: np.stack(rows[s], axis=1) for s in schemas}


def _local(code: _Coding, d: IntArray, s: IntArray, e: IntArray, label: IntArray, mask: BoolArray
           ) -> Iterator[tuple[int, int, int, int]]:
    """(document, start, end, label number) of the masked items, offsets in their document."""
    base = code.base[d[mask]]
    return zip(d[mask].tolist(), (s[mask] - base).tolist(), (e[mask] - base).tolist(), label[mask].tolist(),
               strict=True)


def _span_counts(code: _Coding, gold: IntArray, pred: IntArray) -> IntArray:
    """Per document (gold spans, predicted spans, spans on both sides), whatever the labels."""
    g_spans = sorted_unique(gold // code.labels)  # sorted codes give sorted spans
    p_spans = sorted_unique(pred // code.labels)
    both = g_spans[in_each_other(g_spans, p_spans)[0]]
    return np.stack([code.per_document(g_spans, 1), code.per_document(p_spans, 1), code.per_document(both, 1)],
                    axis=1)


def sets_category_parts(gold: Sequence[Set[Triple]], pred: Sequence[Set[Triple]],
                        schemas: Sequence[str] = SCHEMAS) -> BatchParts:
    """:func:`batch_category_parts` of each document's (start, end, label) sets."""
    labels = sorted({x[2] for items in (*gold, *pred) for x in items})
    label_id = {label: k for k, label in enumerate(labels)}
    return batch_category_parts(BatchItems.of_sets(gold, label_id), BatchItems.of_sets(pred, label_id), labels,
                                schemas)


def level_counts(gold: MentionColumns, pred: MentionColumns, untyped: str) -> dict[str, tuple[int, int, int]]:
    """Per level, (tp, fp, fn) of the batch's mentions as (start, end, level) sets a document,
    where a prediction without a level takes the level of the gold mention at its span (the last such
    mention in the document's order) or ``untyped``. Only levels with a count are returned."""
    labels = sorted((set(gold.levels) | set(pred.levels) | {untyped}) - {None})
    label_id: dict[Any, int] = {label: k for k, label in enumerate(labels)}
    label_id[None] = -1

    def side(c: MentionColumns, level: IntArray, levels: list[Any]) -> BatchItems:
        return BatchItems(c.doc, c.start, c.end, _renumbered(level, levels, label_id), c.n_docs)

    g, p = side(gold, gold.level, gold.levels), side(pred, pred.level, pred.levels)
    if not g.n_docs:
        return {}
    code = _Coding(g, p, len(labels))
    inherit = p.label < 0
    if inherit.any():
        # the gold level at each span: the last gold mention there (reversed, np.unique's first index is the last)
        g_span = code.encode_spans(g)[::-1]
        spans, first = np.unique(g_span, return_index=True)
        wanted = code.encode_spans(p.where(inherit))
        at = np.minimum(np.searchsorted(spans, wanted), max(spans.size - 1, 0))
        found = spans[at] == wanted if spans.size else np.zeros(wanted.size, dtype=bool)
        label = p.label.copy()
        label[inherit] = np.where(found, g.label[::-1][first[at]] if spans.size else 0, label_id[untyped])
        p = BatchItems(p.doc, p.start, p.end, label, p.n_docs)
    g_codes, p_codes = code.encode(g), code.encode(p)
    shared = in_each_other(g_codes, p_codes)[0]
    n = max(len(labels), 1)
    tp = np.bincount(g_codes[shared] % code.labels, minlength=n).tolist()
    gold_n = np.bincount(g_codes % code.labels, minlength=n).tolist()
    pred_n = np.bincount(p_codes % code.labels, minlength=n).tolist()
    return {label: (tp[k], pred_n[k] - tp[k], gold_n[k] - tp[k]) for k, label in enumerate(labels)
            if gold_n[k] or pred_n[k]}
