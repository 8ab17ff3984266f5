"""Sets of tuples as int64 codes, counted for a whole batch of documents at once.

A tuple of small non-negative ints (one column each) is one int64 in mixed radix; every code of a batch includes
what makes it unique to its document (an offset into the batch's texts laid end to end, or an id interned per
document), so that intersecting the batch's gold and predicted codes intersects each document's tuple sets.
``set_counts`` then gives what ``len(gold & pred)``, ``len(pred - gold)`` and ``len(gold - pred)`` give a
document, for every document of the batch, with the codes behind each count for per-label rows.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
_MAX = 2 ** 62


def column(values: Sequence[int], below: int | None = None) -> IntArray:
    """A list of ints as a (writable) column. Packed by ``struct``, not ``np.array``: about a third of the
    instructions an element (callgrind, 60,000 ints: 112 against 339). ``below``: every value is in
    ``[0, below)``; up to 256, they go through a byte string (a fourth of struct's CPU time: 200,000 ints)."""
    if below is not None and below <= 256:
        return np.frombuffer(bytearray(values), dtype=np.uint8).astype(np.int64)
    out: IntArray = np.frombuffer(bytearray(struct.pack(f"{len(values)}q", *values)), dtype=np.int64)
    return out


def combine(*columns: IntArray, radix: int | None = None) -> IntArray:
    """One code per row of the columns (equal rows, equal codes): mixed radix, where a partial code that would
    overflow is first replaced by its rank among the partial codes. ``radix``: the last column's (default: its
    largest value + 1), so that ``code % radix`` is the last column."""
    acc = columns[0]
    for k, col in enumerate(columns[1:], start=2):
        r = radix if radix is not None and k == len(columns) else (int(col.max()) + 1 if col.size else 1)
        if acc.size and (int(acc.max()) + 1) * r >= _MAX:
            acc = np.unique(acc, return_inverse=True)[1].astype(np.int64).reshape(-1)
        acc = acc * r + col
    return acc


def joint(gold: Sequence[IntArray], pred: Sequence[IntArray], radix: int | None = None) -> tuple[IntArray, IntArray]:
    """:func:`combine` of both sides' columns at once (one radix per column for both: comparable codes)."""
    n = gold[0].size
    both = combine(*(np.concatenate([g, p]) for g, p in zip(gold, pred, strict=True)), radix=radix)
    return both[:n], both[n:]


def in_each_other(a: IntArray, b: IntArray) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Whether each of ``a`` is in ``b`` and each of ``b`` in ``a``, both sorted and duplicate-free: one binary
    search of the shorter's values in the longer (at a batch's sizes, fewer operations than the
    merge, a stable argsort of both, that it replaces)."""
    if a.size > b.size:
        b_in_a, a_in_b = in_each_other(b, a)
        return a_in_b, b_in_a
    in_a = np.zeros(b.size, dtype=bool)
    if not b.size:
        return np.zeros(a.size, dtype=bool), in_a
    at = np.minimum(np.searchsorted(b, a), b.size - 1)
    in_b: npt.NDArray[np.bool_] = b[at] == a
    in_a[at[in_b]] = True
    return in_b, in_a


def sorted_unique(values: IntArray) -> IntArray:
    """The distinct values of a sorted array (np.unique without its sort)."""
    if not values.size:
        return values
    first = np.empty(values.size, dtype=bool)
    first[0] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    distinct: IntArray = values[first]
    return distinct


def first_at(codes: IntArray, ranks: IntArray, wanted: IntArray) -> IntArray:
    """Per wanted code, the index of the item with that code and the lowest rank, or -1 (a dict from code to the
    first item, looked up)."""
    order = np.lexsort((ranks, codes))
    distinct, at = np.unique(codes[order], return_index=True)
    if not distinct.size:
        return np.full(wanted.size, -1, dtype=np.int64)
    where = np.minimum(np.searchsorted(distinct, wanted), distinct.size - 1)
    found: IntArray = np.where(distinct[where] == wanted, order[at[where]], -1)
    return found


@dataclass(frozen=True)
class SetCounts:
    """Per document, the counts of the gold and predicted sets, and the (unique) codes behind them."""

    tp: IntArray
    fp: IntArray
    fn: IntArray
    shared: IntArray
    """Codes on both sides (true positives)."""
    pred_only: IntArray
    gold_only: IntArray

    def rows(self) -> list[tuple[int, int, int]]:
        """(tp, fp, fn) per document."""
        return list(zip(self.tp.tolist(), self.fp.tolist(), self.fn.tolist(), strict=True))


def set_counts(gold: IntArray, gold_doc: IntArray, pred: IntArray, pred_doc: IntArray, n_docs: int) -> SetCounts:
    """The counts of each document's gold and predicted code sets (codes unique to their document; duplicates
    count once, as in a set); ``gold_doc`` / ``pred_doc``: the document of each code."""
    g, gi = np.unique(gold, return_index=True)
    p, pi = np.unique(pred, return_index=True)
    g_shared, p_shared = in_each_other(g, p)
    g_doc, p_doc = gold_doc[gi], pred_doc[pi]
    tp = np.bincount(g_doc[g_shared], minlength=n_docs)
    return SetCounts(tp, np.bincount(p_doc, minlength=n_docs) - tp, np.bincount(g_doc, minlength=n_docs) - tp,
                     g[g_shared], p[~p_shared], g[~g_shared])
