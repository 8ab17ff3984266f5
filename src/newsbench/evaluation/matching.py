"""Span matching: exact keys, overlap alignment with the MUC/SemEval-2013 categories, head matching, and the
gold-side indexes the scorer looks predictions up in.

Items are plain tuples ``(start, end, label)`` with half-open code-point offsets, so that exact matching is a
set intersection. Overlap alignment follows nervaluate 1.2.1's definitions (see :func:`align`), made
independent of input order: both sides are sorted, exact matches are taken first, and the remaining
predictions are aligned greedily in that order.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from itertools import accumulate, chain, pairwise, repeat
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ..model import Document, Event, EventMention, Mention, Timex, Toponym
from ..ontology import Ontology
from ..text import sentence_token_ranges, token_offsets
from .codes import combine, first_at, joint
from .metrics import SCHEMAS, Categories
from collections.abc import Hashable, Iterable, Mapping, Sequence

Item = tuple[Any, ...]  # (start, end, label, ...): the first two fields are always the half-open span
Pair = tuple[Item, Item]
"""A gold item and the prediction matched to it."""
Adjacency = Sequence[Sequence[int]] | Mapping[int, Sequence[int]]
"""Per prediction (by index), the indexes of the gold items it overlaps."""


def overlaps(gold: Item, pred: Item) -> bool:
    """nervaluate's overlap: the spans share at least one code point, and at least 1% of the gold span
    (``100 * shared >= len(gold)``; nervaluate's default ``min_overlap_percentage=1.0``)."""
    shared = min(gold[1], pred[1]) - max(gold[0], pred[0])
    return bool(shared > 0 and 100 * shared >= gold[1] - gold[0])


def boundary_distance(gold: Item, pred: Item) -> int:
    """How far the prediction's boundaries are from the gold item's, in code points."""
    return int(abs(pred[0] - gold[0]) + abs(pred[1] - gold[1]))


@dataclass(frozen=True)
class Alignment:
    """How predictions and gold items pair up under one schema; pairs are (gold, pred)."""

    correct: tuple[tuple[Item, Item], ...] = ()
    incorrect: tuple[tuple[Item, Item], ...] = ()
    partial: tuple[tuple[Item, Item], ...] = ()
    missed: tuple[Item, ...] = ()
    spurious: tuple[Item, ...] = ()

    @property
    def categories(self) -> Categories:
        """The alignment's counts per category."""
        return Categories(len(self.correct), len(self.incorrect), len(self.partial), len(self.missed),
                          len(self.spurious))


class _Window:
    """Gold items sorted by (start, end, label), with the ones still unmatched; finds those overlapping a span."""

    def __init__(self, gold: Sequence[Item]):
        self.items = list(gold)
        self.starts = [g[0] for g in self.items]
        self.max_len = max((g[1] - g[0] for g in self.items), default=0)
        self.free = [True] * len(self.items)

    def overlapping(self, pred: Item) -> Iterable[int]:
        """Indices of free gold items overlapping ``pred``, in sorted order."""
        lo = bisect_left(self.starts, pred[0] - self.max_len + 1)
        hi = bisect_left(self.starts, pred[1])
        for k in range(lo, hi):
            if self.free[k] and overlaps(self.items[k], pred):
                yield k

    def unmatched(self) -> tuple[Item, ...]:
        return tuple(g for g, free in zip(self.items, self.free, strict=True) if free)


def _first_overlap(gold: Sequence[Item], pred: Sequence[Item]) -> tuple[list[Pair], tuple[Item, ...], list[Item]]:
    """Each prediction in order takes the first free overlapping gold item. Returns (pairs, missed, spurious)."""
    window = _Window(gold)
    pairs, spurious = [], []
    for p in pred:
        k = next(iter(window.overlapping(p)), None)
        if k is None:
            spurious.append(p)
        else:
            window.free[k] = False
            pairs.append((window.items[k], p))
    return pairs, window.unmatched(), spurious


def _closest_same_label(gold: Sequence[Item], pred: Sequence[Item]
                        ) -> tuple[list[Pair], list[Pair], tuple[Item, ...], list[Item]]:
    """nervaluate's ent_type step: a prediction takes the free overlapping gold item of its label with the
    closest boundaries (ties: the first), else the first free overlapping item of another label (incorrect).
    Returns (correct pairs, incorrect pairs, missed, spurious)."""
    window = _Window(gold)
    correct, incorrect, spurious = [], [], []
    for p in pred:
        best = other = None
        for k in window.overlapping(p):
            g = window.items[k]
            if g[2] == p[2]:
                if best is None or boundary_distance(g, p) < boundary_distance(window.items[best], p):
                    best = k
            elif other is None:
                other = k
        if best is not None:
            window.free[best] = False
            correct.append((window.items[best], p))
        elif other is not None:
            window.free[other] = False
            incorrect.append((window.items[other], p))
        else:
            spurious.append(p)
    return correct, incorrect, window.unmatched(), spurious


def _span_matches(gold: Sequence[Item], pred: Sequence[Item]) -> tuple[list[Pair], list[Item], list[Item]]:
    """Pairs with equal spans (labels may differ), one-to-one in sorted order; returns (pairs, gold left, pred left)."""
    by_span: dict[tuple[int, int], list[Item]] = defaultdict(list)
    for g in gold:
        by_span[(g[0], g[1])].append(g)
    pairs, pred_left = [], []
    for p in pred:
        bucket = by_span.get((p[0], p[1]))
        if bucket:
            pairs.append((bucket.pop(0), p))
        else:
            pred_left.append(p)
    taken = {id(g) for g, _ in pairs}
    return pairs, [g for g in gold if id(g) not in taken], pred_left


def align(gold: Iterable[Item], pred: Iterable[Item], schema: str) -> Alignment:
    """Align gold and predicted ``(start, end, label)`` items under a nervaluate schema.

    - strict: correct = same span and label; a prediction overlapping a free gold item otherwise is
      incorrect (it takes the first such item); else spurious.
    - exact: correct = same span (any label); overlapping otherwise: incorrect.
    - partial: correct = same span (any label); overlapping otherwise: partial.
    - ent_type: correct = same span and label, or an overlapping free gold item of the same label (the one with
      the closest boundaries); an overlapping one of another label: incorrect.
    Gold items left free are missed. Duplicates are counted once; exact matches are taken before overlaps.
    """
    gold = sorted(set(gold))
    pred = sorted(set(pred))
    if schema in ("strict", "ent_type"):
        exact = set(gold) & set(pred)
        correct = [(p, p) for p in pred if p in exact]
        gold_left = [g for g in gold if g not in exact]
        pred_left = [p for p in pred if p not in exact]
    elif schema in ("exact", "partial"):
        correct, gold_left, pred_left = _span_matches(gold, pred)
    else:
        raise ValueError(f"unknown schema {schema!r}; expected one of {', '.join(SCHEMAS)}")
    if schema == "ent_type":
        more, incorrect, missed, spurious = _closest_same_label(gold_left, pred_left)
        return Alignment(tuple(correct + more), tuple(incorrect), (), missed, tuple(spurious))
    pairs, missed, spurious = _first_overlap(gold_left, pred_left)
    if schema == "partial":
        return Alignment(tuple(correct), (), tuple(pairs), missed, tuple(spurious))
    return Alignment(tuple(correct), tuple(pairs), (), missed, tuple(spurious))


@dataclass(frozen=True)
class SchemaCategories:
    """Categories of every schema, overall and per label (per label as nervaluate: each label's items scored
    alone, so a wrong label is a miss for one label and a spurious item for the other)."""

    overall: Mapping[str, Categories]
    by_label: Mapping[str, Mapping[str, Categories]]


@dataclass(frozen=True)
class CategoryParts:
    """:func:`schema_categories` in the form that sums cheaply over documents: the overall 5-tuples per schema,
    the exact (span and label) matches, and per label what the items that are not exact matches give:
    (label, overlaps, missed, spurious) for strict/exact/partial -- an overlap is incorrect under strict and
    exact and partial under partial -- followed by (overlaps of the same label, missed, spurious) for
    ent_type. Empty when every prediction is an exact match."""

    overall: Mapping[str, tuple[int, int, int, int, int]]
    exact: frozenset[Any]
    extra: tuple[tuple[str, int, int, int, int, int, int], ...]




def category_parts(gold: Iterable[Item], pred: Iterable[Item], schemas: Sequence[str] = SCHEMAS) -> CategoryParts:
    """The counts of :func:`align` for the four schemas in one pass that aligns only what is not an exact
    match (the common case costs two set operations). ``schemas`` may name fewer schemas (strict only for a
    plain NER score): the others are then missing from ``overall`` and their ``extra`` fields are 0."""
    gold_set = gold if isinstance(gold, (set, frozenset)) else set(gold)
    pred_set = pred if isinstance(pred, (set, frozenset)) else set(pred)
    exact = gold_set & pred_set
    n_exact = len(exact)
    if len(gold_set) == n_exact == len(pred_set):
        row: tuple[int, int, int, int, int] = (n_exact, 0, 0, 0, 0)
        return CategoryParts(dict.fromkeys(schemas, row), frozenset(exact), ())
    gold_left = sorted(gold_set - exact)
    pred_left = sorted(pred_set - exact)
    adjacent = _adjacency(gold_left, pred_left)
    if not any(adjacent):
        row = (n_exact, 0, 0, len(gold_left), len(pred_left))
        missed, spurious = Counter(g[2] for g in gold_left), Counter(p[2] for p in pred_left)
        return CategoryParts(dict.fromkeys(schemas, row), frozenset(exact), tuple(
            (label, 0, missed[label], spurious[label], 0, missed[label], spurious[label])
            for label in missed.keys() | spurious.keys()))
    overall = _overall_rows(n_exact, gold_left, pred_left, adjacent, schemas)
    return CategoryParts(overall, frozenset(exact), _label_extra(gold_left, pred_left, adjacent, "ent_type" in schemas))


def _adjacency(gold_left: Sequence[Item], pred_left: Sequence[Item]) -> list[list[int]]:
    """Which gold items each prediction overlaps, in sorted order: everything after walks these short lists
    instead of searching again."""
    adjacent: list[list[int]] = []
    if gold_left and pred_left:
        starts = [g[0] for g in gold_left]
        reach = max(g[1] - g[0] for g in gold_left) - 1
        for ps, pe, *_ in pred_left:
            near = []
            for k in range(bisect_left(starts, ps - reach), bisect_left(starts, pe)):
                gs, ge = gold_left[k][0], gold_left[k][1]
                shared = (pe if pe < ge else ge) - (ps if ps > gs else gs)
                if shared > 0 and 100 * shared >= ge - gs:  # as overlaps()
                    near.append(k)
            adjacent.append(near)
    return adjacent


def _overall_rows(n_exact: int, gold_left: Sequence[Item], pred_left: Sequence[Item],
                  adjacent: Sequence[Sequence[int]], schemas: Sequence[str]) -> dict[str,
                                                                                     tuple[int, int, int, int, int]]:
    """Each schema's (correct, incorrect, partial, missed, spurious) from the exact matches and the alignment of
    what is left."""
    n_gold, n_pred = len(gold_left), len(pred_left)
    all_preds = range(n_pred)
    overall: dict[str, tuple[int, int, int, int, int]] = {}
    if "strict" in schemas:
        strict_pairs = _greedy_first(adjacent, all_preds, [True] * n_gold)
        overall["strict"] = (n_exact, strict_pairs, 0, n_gold - strict_pairs, n_pred - strict_pairs)
    if "exact" in schemas or "partial" in schemas:
        # same spans (another label) pair first, then overlaps
        free = [True] * n_gold
        span_at: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for k, g in enumerate(gold_left):
            span_at[g[:2]].append(k)
        span_matched = set()
        for i, p in enumerate(pred_left):
            bucket = span_at.get(p[:2])
            if bucket:
                free[bucket.pop(0)] = False
                span_matched.add(i)
        n_span = len(span_matched)
        pairs = _greedy_first(adjacent, [i for i in all_preds if i not in span_matched], free)
        overall["exact"] = (n_exact + n_span, pairs, 0, n_gold - n_span - pairs, n_pred - n_span - pairs)
        overall["partial"] = (n_exact + n_span, 0, pairs, n_gold - n_span - pairs, n_pred - n_span - pairs)
    if "ent_type" in schemas:
        et_correct, et_incorrect = _greedy_closest(adjacent, gold_left, pred_left, all_preds, [True] * n_gold)
        overall["ent_type"] = (n_exact + et_correct, et_incorrect, 0, n_gold - et_correct - et_incorrect,
                               n_pred - et_correct - et_incorrect)
    return {s: overall[s] for s in schemas}


def _label_extra(gold_left: Sequence[Item], pred_left: Sequence[Item], adjacent: Sequence[Sequence[int]],
                 closest: bool) -> tuple[tuple[str, int, int, int, int, int, int], ...]:
    """Per label, its items alone (nervaluate's per-type rows): see :attr:`CategoryParts.extra`."""
    n_gold = len(gold_left)
    gold_count = Counter(g[2] for g in gold_left)
    preds_of: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pred_left):
        preds_of[p[2]].append(i)
    extra = []
    for label in set(gold_count) | set(preds_of):
        g_n, idx = gold_count.get(label, 0), preds_of.get(label, [])
        same = {i: [k for k in adjacent[i] if gold_left[k][2] == label] for i in idx} if g_n else {}
        if any(same.values()):
            inc = _greedy_first(same, idx, [True] * n_gold)
            near = _greedy_closest(same, gold_left, pred_left, idx, [True] * n_gold)[0] if closest else 0
        else:
            inc = near = 0
        extra.append((label, inc, g_n - inc, len(idx) - inc, near, g_n - near, len(idx) - near))
    return tuple(extra)


def _greedy_first(adjacent: Adjacency, preds: Iterable[int], free: list[bool]) -> int:
    """Predictions in order each take their first free overlapping gold item; returns the pairs made."""
    pairs = 0
    for i in preds:
        for k in adjacent[i]:
            if free[k]:
                free[k] = False
                pairs += 1
                break
    return pairs


def _greedy_closest(adjacent: Adjacency, gold: Sequence[Item], pred: Sequence[Item], preds: Iterable[int],
                    free: list[bool]) -> tuple[int, int]:
    """nervaluate's ent_type step over adjacency lists; returns (correct, incorrect) pair counts."""
    correct = incorrect = 0
    for i in preds:
        p = pred[i]
        best = other = None
        for k in adjacent[i]:
            if not free[k]:
                continue
            if gold[k][2] == p[2]:
                if best is None or boundary_distance(gold[k], p) < boundary_distance(gold[best], p):
                    best = k
            elif other is None:
                other = k
        if best is not None:
            free[best] = False
            correct += 1
        elif other is not None:
            free[other] = False
            incorrect += 1
    return correct, incorrect


def label_rows(exact: int, overlaps: int, missed: int, spurious: int, near: int, et_missed: int,
               et_spurious: int) -> dict[str, tuple[int, int, int, int, int]]:
    """Per schema (correct, incorrect, partial, missed, spurious) of one label alone."""
    return {"strict": (exact, overlaps, 0, missed, spurious), "exact": (exact, overlaps, 0, missed, spurious),
            "partial": (exact, 0, overlaps, missed, spurious), "ent_type": (exact + near, 0, 0, et_missed, et_spurious)}


def schema_categories(gold: Iterable[Item], pred: Iterable[Item]) -> SchemaCategories:
    """The counts of :func:`align` for all four schemas, overall and per label."""
    parts = category_parts(gold, pred)
    exact = Counter(item[2] for item in parts.exact)
    extra = {x[0]: x[1:] for x in parts.extra}
    by_label = {label: {s: Categories(*v) for s, v in label_rows(exact[label], *extra.get(label, (0,) * 6)).items()}
                for label in exact.keys() | extra.keys()}
    return SchemaCategories({s: Categories(*v) for s, v in parts.overall.items()}, by_label)


def relaxed_pairs(gold: Iterable[Item], pred: Iterable[Item]) -> list[tuple[Item, Item]]:
    """One-to-one overlap matching (same spans first, then each prediction in order takes the first free
    overlapping gold item): the pairs of nervaluate's partial schema, correct and partial together."""
    a = align(gold, pred, "partial")
    return list(a.correct) + list(a.partial)


# --- IOB2 over the `entities` tokens ---------------------------------------------------------------


@dataclass(frozen=True)
class TokenGrid:
    """Where the tokens of a text start and end (newsbench.text's sentences and tokens), kept compact: which
    spans an IOB2 encoding can represent."""

    starts: array[Any]
    """Code-point offset of each token's first code point, in text order."""
    ends: array[Any]
    """Code-point offset just after each token."""
    sentence_of: array[Any]
    """Sentence index of each token."""
    first_token: array[Any]
    """Index of each sentence's first token."""

    @classmethod
    def of(cls, text: str) -> TokenGrid:
        """The token grid of a text (its sentences' token offsets)."""
        # the offsets of split_sentences' sentences and tokens, without making a Token per token; every token is
        # in a sentence
        starts, ends, _, ranges = sentence_token_ranges(text)
        sentence_of = array("l")
        for si, (i, j) in enumerate(ranges):
            sentence_of.extend(repeat(si, j - i))
        return cls(array("l", starts), array("l", ends), sentence_of, array("l", [i for i, _ in ranges]))

    @property
    def sentence_lengths(self) -> list[int]:
        """Tokens per sentence."""
        bounds = list(self.first_token) + [len(self.starts)]
        return [b - a for a, b in pairwise(bounds)]

    def place(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(sentence, first token, last token + 1) of the tokens [start, end) touches -- a boundary inside a token
        takes the whole token, as the dataset's `entities` config does -- or None when the span holds no token or
        runs over a sentence boundary. Token indices count within the sentence."""
        i = bisect_right(self.ends, start)
        j = bisect_left(self.starts, end)
        if i >= j:
            return None
        s = self.sentence_of[i]
        if self.sentence_of[j - 1] != s:
            return None
        base = self.first_token[s]
        return s, i - base, j - base


def bio_chunks(grid: TokenGrid, items: Iterable[tuple[Any, ...]]) -> tuple[set[tuple[int, int, int, str]], int]:
    """The token chunks (sentence, i, j, label) an IOB2 encoding of ``items`` holds -- the rules of the dataset's
    `entities` config -- and how many items it cannot hold.

    Items are (start, end, label) or (start, end, label, tie-break). A span is mapped to the tokens it touches;
    spans with no token or running over a sentence boundary are not encoded. Of items whose tokens overlap, the
    outermost is kept: in order of first token, then last token (longest first), then start offset, then the
    tie-break (the gold uses the mention's position in the file, as the dataset does; predictions their label).
    """
    placed = []
    dropped = 0
    # TokenGrid.place inlined: this loop runs for every name of every document, twice per submission
    starts, ends, sentence_of, first_token = grid.starts, grid.ends, grid.sentence_of, grid.first_token
    for item in set(items):
        i = bisect_right(ends, item[0])
        j = bisect_left(starts, item[1])
        if i >= j or sentence_of[i] != sentence_of[j - 1]:
            dropped += 1
            continue
        s = sentence_of[i]
        base = first_token[s]
        placed.append((s, i - base, base - j, item[0], item[3] if len(item) > 3 else item[2], item[2]))
    placed.sort()
    chunks: set[tuple[int, int, int, str]] = set()
    sentence, reach = -1, 0  # kept chunks of a sentence do not overlap, so the last one reaches furthest
    for s, i, neg_j, _, _, label in placed:
        if s == sentence and i < reach:
            dropped += 1
            continue
        sentence, reach = s, -neg_j
        chunks.add((s, i, -neg_j, label))
    return chunks, dropped


_SPACE, _LETTER, _MARK = 1, 2, 4
_CLASS = np.array([_SPACE * chr(c).isspace() for c in range(0x3001)], dtype=np.uint8)
"""Per code point up to U+3000 (none above is white space): white space, as the tokeniser's patterns count it;
an ASCII letter; a code point after which a sentence may end."""
_CLASS[ord("A"):ord("Z") + 1] = _CLASS[ord("a"):ord("z") + 1] = _LETTER
_CLASS[[ord(c) for c in ".!?"]] = _MARK
_CLASS[ord("\n")] |= _MARK


def _prefix_counts(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int32]:
    """How many of the mask's items before each position are true (one more position than the mask; int32: a
    batch's text is far shorter than 2 ** 31)."""
    out = np.zeros(mask.size + 1, dtype=np.int32)
    np.cumsum(mask, dtype=np.int32, out=out[1:])
    return out


class BatchText:
    """The texts of a batch's documents laid end to end (document d at ``base[d]``, a newline after each), and what
    placing spans on their tokens (:meth:`TokenGrid.place`) needs, found without tokenising the texts: no token
    holds white space, so a run of other code points is tokenised alone exactly as in the whole text, and a run of
    ASCII letters is one token; only the other runs a span ends in are tokenised."""

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        self.text = "".join(t + "\n" for t in texts)
        self.base = np.array(list(accumulate((len(t) + 1 for t in texts), initial=0))[:-1], dtype=np.int64)
        points = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32)
        classes = _CLASS[np.minimum(points, 0x3000)]
        classes[points > 0x3000] = 0
        self.space = (classes & _SPACE).astype(bool)
        edge = np.diff(np.concatenate([[1], self.space, [1]]).astype(np.int8))
        self.run_start, self.run_end = np.flatnonzero(edge == -1), np.flatnonzero(edge == 1)
        """The runs of code points that are not white space, in order (half-open)."""
        self._starts_before, self._ends_before = _prefix_counts(edge == -1), _prefix_counts(edge == 1)
        """How many runs start (end) before each position: np.searchsorted of a position, by lookup."""
        other = _prefix_counts(classes & _LETTER == 0)
        self.simple = other[self.run_end] == other[self.run_start]
        """Per run: ASCII letters only (one token)."""
        self.marks = _prefix_counts(classes & _MARK > 0)
        """How many of '.', '!', '?' and newline come before each position: a sentence ends only after one."""
        self._sentences: dict[int, tuple[list[int], list[int]]] = {}

    def place(self, doc: npt.NDArray[np.int64], start: npt.NDArray[np.int64], end: npt.NDArray[np.int64]
              ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Per span [start, end) of document ``doc``: where (in the batch text) the first token it touches starts
        and the last one ends, and whether IOB2 holds it (some token touched, all in one sentence) -- the tokens
        [i, j) of :meth:`TokenGrid.place`, named by their offsets."""
        n, runs = len(self.text), self.run_start.size
        s, e = start + self.base[doc], end + self.base[doc]
        if not runs or not s.size:
            return s, e, np.zeros(s.size, dtype=bool)
        # the first token ending after s holds code point s, else it is the next run's first; the last token
        # starting before e holds e - 1, else it is the previous run's last
        after = self._starts_before[s + 1]  # the runs starting at or before s
        in_space = self.space[np.minimum(s, n - 1)] | (s >= n)
        q_s = np.where(in_space, np.where(after < runs, self.run_start[np.minimum(after, runs - 1)], n), s)
        before = self._ends_before[e] - 1  # the last run ending at or before e - 1
        q_e = np.where((e >= 1) & ~self.space[np.maximum(e - 1, 0)], e - 1,
                       np.where(before >= 0, self.run_end[np.maximum(before, 0)] - 1, -1))
        token_start, token_end, run = self._tokens_at(np.concatenate([q_s, q_e]))
        k = s.size
        first, last_start, last_end = token_start[:k], token_start[k:], token_end[k:]
        ok = (q_s < n) & (q_e >= 0) & (first <= last_start)
        # a sentence ends between the two tokens only after a mark in the first token's run or later
        marked = np.flatnonzero(ok & (self.marks[last_start] > self.marks[self.run_start[run[:k]]]))
        for at in marked.tolist():
            ok[at] = self._one_sentence(int(doc[at]), int(first[at]), int(last_start[at]))
        return first, last_end, ok

    def _tokens_at(self, q: npt.NDArray[np.int64]
                   ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Start, end and run of the token holding each position (not white space; others give any token)."""
        valid = (q >= 0) & (q < len(self.text))
        run = np.maximum(self._starts_before[np.clip(q, 0, len(self.text) - 1) + 1] - 1, 0)
        token_start, token_end = self.run_start[run], self.run_end[run]
        hard = valid & ~self.simple[run]
        if hard.any():
            # the runs tokenised in one call, one space between them (tokens do not cross white space)
            runs = np.unique(run[hard])
            a, b = self.run_start[runs], self.run_end[runs]
            at = np.concatenate([[0], np.cumsum(b - a + 1)[:-1]])
            starts, ends, _ = token_offsets(" ".join(self.text[x:y] for x, y in zip(a.tolist(), b.tolist(),
                                                                                       strict=True)))
            starts_, ends_ = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
            shift = (a - at)[np.searchsorted(at, starts_, side="right") - 1]
            ends_ += shift
            where = np.searchsorted(ends_, q[hard], side="right")
            token_start[hard] = (starts_ + shift)[where]
            token_end[hard] = ends_[where]
        return token_start, token_end, run

    def _one_sentence(self, doc: int, first: int, last: int) -> bool:
        """Whether the tokens starting at ``first`` and ``last`` (batch offsets) are in one sentence of
        :func:`newsbench.text.sentence_token_ranges` (the document tokenised whole: the rare spans near a mark)."""
        if doc not in self._sentences:
            starts, _, _, ranges = sentence_token_ranges(self.texts[doc])
            self._sentences[doc] = (starts, [i for i, _ in ranges])
        starts, firsts = self._sentences[doc]
        base = int(self.base[doc])
        return bool(bisect_right(firsts, bisect_left(starts, first - base))
                    == bisect_right(firsts, bisect_left(starts, last - base)))


@dataclass(frozen=True)
class BatchChunks:
    """What :func:`batch_bio_chunks` returns: the chunks kept (where their first token starts and their last token
    ends in the batch text, label number and document of each, duplicate-free) and how many items were not
    encoded."""

    first: npt.NDArray[np.int64]
    stop: npt.NDArray[np.int64]
    label: npt.NDArray[np.int64]
    doc: npt.NDArray[np.int64]
    dropped: int


def batch_bio_chunks(text: BatchText, doc: npt.NDArray[np.int64], start: npt.NDArray[np.int64],
                     end: npt.NDArray[np.int64], label: npt.NDArray[np.int64], tie: npt.NDArray[np.int64]
                     ) -> BatchChunks:
    """:func:`bio_chunks` of every document of a batch at once: items as columns (document, offsets in the
    document, label number ordered as the labels, tie-break as a number ordered as the tie-breaks). A chunk
    (sentence, i, j, label) of :func:`bio_chunks` is (first, stop, label) here: where token i starts and token
    j - 1 ends in the batch text (offsets order as token numbers do, and token i < token j' exactly when token i
    starts before token j' - 1 ends).

    Items whose tokens overlap no earlier item's are kept in numpy; each run of items that overlap is resolved in
    order, as :func:`bio_chunks` resolves them (a kept item ends a sentence's reach, and an item of a later
    sentence starts past it)."""
    s, e = start + text.base[doc], end + text.base[doc]
    # set(items): duplicate items count once
    _, unique = np.unique(combine(s, e, label, tie), return_index=True)
    doc, start, end, s, label, tie = doc[unique], start[unique], end[unique], s[unique], label[unique], tie[unique]
    i, j, ok = text.place(doc, start, end)
    dropped = int(np.count_nonzero(~ok))
    doc, s, i, j, label, tie = doc[ok], s[ok], i[ok], j[ok], label[ok], tie[ok]
    order = np.lexsort((label, tie, s, -j, i))
    doc, i, j, label = doc[order], i[order], j[order], label[order]
    # an item is kept when its first token is past every earlier item's last one; the runs of items where some
    # item is not are resolved item by item (a kept chunk reaches as far as the items it overlaps do not)
    reach = np.maximum.accumulate(j) if j.size else j
    tangled = np.zeros(i.size, dtype=bool)
    tangled[1:] = i[1:] < reach[:-1]
    keep = np.ones(i.size, dtype=bool)
    if tangled.any():
        group = np.cumsum(~tangled)
        redo = np.flatnonzero(np.isin(group, group[tangled]))
        far = 0
        for k, ii, jj, inside in zip(redo.tolist(), i[redo].tolist(), j[redo].tolist(), tangled[redo].tolist(),
                                     strict=True):
            if inside and ii < far:
                keep[k] = False
                continue
            far = jj
        dropped += int(np.count_nonzero(~keep))
    doc, i, j, label = doc[keep], i[keep], j[keep], label[keep]
    _, unique = np.unique(combine(i, j, label), return_index=True)
    return BatchChunks(i[unique], j[unique], label[unique], doc[unique], dropped)


@dataclass(frozen=True)
class GoldMentions:
    """Every gold mention of a batch's documents as columns (documents in order, each one's mentions in its
    order): what the batch kernels look predicted spans up in."""

    mentions: list[Mention]
    doc: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    head_start: npt.NDArray[np.int64]
    head_end: npt.NDArray[np.int64]
    position: npt.NDArray[np.int64]
    """Each mention's index in its document's mentions."""

    @classmethod
    def of(cls, docs: Sequence[Document]) -> GoldMentions:
        """The columns of the documents' mentions."""
        mentions = [m for d in docs for m in d.mentions]
        counts = [len(d.mentions) for d in docs]
        first = np.repeat(np.array(list(accumulate(counts, initial=0))[:-1], dtype=np.int64), counts)
        table = np.fromiter(chain.from_iterable(map(_OFFSETS, mentions)), dtype=np.int64,
                            count=4 * len(mentions)).reshape(-1, 4)
        doc = np.repeat(np.arange(len(docs), dtype=np.int64), counts)
        start, end, head_start, head_end = (np.ascontiguousarray(table[:, k]) for k in range(4))
        return cls(mentions, doc, start, end, head_start, head_end, np.arange(len(mentions), dtype=np.int64) - first)

    def _ranks(self) -> npt.NDArray[np.int64]:
        return id_ranks(self.doc, self.start, self.end, self.position, self.mentions)

    def head_match(self, doc: npt.NDArray[np.int64], start: npt.NDArray[np.int64], end: npt.NDArray[np.int64]
                   ) -> npt.NDArray[np.int64]:
        """:meth:`GoldDocument.head_match` of each predicted span of document ``doc``: the index of the mention it
        head-matches (the one with exactly its extent, else the shortest extent holding it whose head it holds,
        then the first by start and id), or -1."""
        out = np.full(doc.size, -1, dtype=np.int64)
        if not self.doc.size or not doc.size:
            return out
        ranks = self._ranks()
        width = int(max(self.end.max(), end.max())) + 1
        # the candidates: mentions of the document whose head starts inside the span
        key = self.doc * width + self.head_start
        by_head = np.argsort(key, kind="stable")
        lo = np.searchsorted(key[by_head], doc * width + start)
        hi = np.searchsorted(key[by_head], doc * width + end)
        counts = np.maximum(hi - lo, 0)
        p = np.repeat(np.arange(doc.size), counts)
        g = by_head[lo[p] + (np.arange(p.size) - np.repeat(np.cumsum(counts) - counts, counts))]
        fits = (self.start[g] <= start[p]) & (end[p] <= self.end[g]) & (self.head_end[g] <= end[p])
        p, g = p[fits], g[fits]
        best = np.lexsort((ranks[g], self.start[g], self.end[g] - self.start[g], p))
        p, g = p[best], g[best]
        first = np.ones(p.size, dtype=bool)
        first[1:] = p[1:] != p[:-1]
        out[p[first]] = g[first]
        # the mention with exactly the span wins (the first by id), whatever its head
        g_span, p_span = joint((self.doc, self.start, self.end), (doc, start, end))
        exact = first_at(g_span, ranks, p_span)
        return np.where(exact >= 0, exact, out)


def id_ranks(doc: npt.NDArray[np.int64], start: npt.NDArray[np.int64], end: npt.NDArray[np.int64],
             position: npt.NDArray[np.int64], items: Sequence[Any]) -> npt.NDArray[np.int64]:
    """An order of a batch's items (objects with an ``id``) that follows their ids within a document where a rule
    needs it, two items of a document sharing a span: their positions when none do, else the ids' order."""
    spans = combine(doc, start, end)
    if np.unique(spans).size == spans.size:
        return position
    order = sorted(range(len(items)), key=lambda k: (int(doc[k]), items[k].id))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[np.array(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
    return ranks


def head_mapped(gold: GoldDocument, items: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Predicted (start, end, label) items with each span replaced by the head of the gold mention it head-matches
    (:meth:`GoldDocument.head_match`: inside the extent, covering the head); a span matching none stays as is.
    The tie-break for IOB2 (see :func:`bio_chunks`) is the gold mention's position, as on the gold side, so that
    two names sharing a head are resolved alike on both sides."""
    out = []
    position, at = gold.mention_position, gold.mention_at
    for start, end, label, *_ in items:
        m = at.get((start, end))  # head_match's first rule, without a call for the many exact extents
        if m is None:
            m = gold.head_match(start, end)
        if m is None:
            out.append((start, end, label, (1, label)))
        else:
            out.append((m.head_start, m.head_end, label, (0, position[m.id])))
    return out


def iob2_sequences(grid: TokenGrid, chunks: Iterable[tuple[int, int, int, str]]) -> list[list[str]]:
    """IOB2 tags per sentence for non-overlapping chunks (as :func:`bio_chunks` returns)."""
    tags = [["O"] * n for n in grid.sentence_lengths]
    for si, i, j, label in chunks:
        tags[si][i] = f"B-{label}"
        for k in range(i + 1, j):
            tags[si][k] = f"I-{label}"
    return tags


# --- gold-side indexes ---------------------------------------------------------------------------

FillerKey = tuple[Any, ...]  # ("s", start, end) | ("m", mention id) | ("e", entity id) | ("t", timex id)
MATCH_MODES = ("span", "head", "coref")


class GoldTrigger(NamedTuple):
    """A gold event mention as the scorer reads it: its span, its event's type, the mention and event. A named
    tuple rather than a dataclass: every gold event mention makes one per scoring, and tuples are several times
    cheaper to make."""

    start: int
    end: int
    type: str
    mention: EventMention
    event: Event


@dataclass(frozen=True)
class GoldDocument:
    """A gold document with the lookups scoring needs; each is built on first use and kept."""

    doc: Document
    ontology: Ontology = field(repr=False, compare=False)

    @property
    def doc_id(self) -> str:
        """The document's id."""
        return self.doc.doc_id

    def release(self) -> None:
        """Forget the lookups built so far (they are rebuilt on next use): memory stays flat while scoring."""
        cached = self.__dict__
        for name in _GOLD_LOOKUPS.intersection(cached):  # the few built (a lookup per key present, not per lookup)
            del cached[name]

    @cached_property
    def mentions_by_id(self) -> dict[str, Mention]:
        """Mention id -> mention."""
        return {m.id: m for m in self.doc.mentions}

    @cached_property
    def timexes_by_id(self) -> dict[str, Timex]:
        """Timex id -> timex."""
        return {t.id: t for t in self.doc.timexes}

    @cached_property
    def mention_position(self) -> dict[str, int]:
        """Mention id -> its index in the document's mentions."""
        return {m.id: k for k, m in enumerate(self.doc.mentions)}

    @cached_property
    def mention_items(self) -> frozenset[Item]:
        """Every mention as (start, end, type)."""
        return frozenset((m.start, m.end, m.type) for m in self.doc.mentions)

    @cached_property
    def name_items(self) -> frozenset[Item]:
        """Name mentions (the ontology's name level) as (start, end, type)."""
        name = self.ontology.name_level
        return frozenset((m.start, m.end, m.type) for m in self.doc.mentions if m.level == name)

    @cached_property
    def entity_clusters(self) -> list[frozenset[tuple[int, int]]]:
        """Coreference key: the mention spans of each entity."""
        clusters: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for m in self.doc.mentions:
            clusters[m.entity].add((m.start, m.end))
        return [frozenset(c) for _, c in sorted(clusters.items())]

    @cached_property
    def grid(self) -> TokenGrid:
        """The document's token grid."""
        return TokenGrid.of(self.doc.text)

    @cached_property
    def timex_by_span(self) -> dict[tuple[int, int], Timex]:
        """Span -> the timex there (the first by id when two share one)."""
        at = {(t.start, t.end): t for t in self.doc.timexes}
        if len(at) == len(self.doc.timexes):  # no span shared: no order to follow
            return at
        return {(t.start, t.end): t for t in sorted(self.doc.timexes, key=lambda t: (t.start, t.end, t.id))[::-1]}

    @cached_property
    def triggers(self) -> tuple[GoldTrigger, ...]:
        """The gold triggers in span order."""
        events = {e.id: e for e in self.doc.events}
        return tuple(sorted((GoldTrigger(em.start, em.end, events[em.event].type, em, events[em.event])
                             for em in self.doc.event_mentions), key=lambda t: (t.start, t.end, t.type, t.mention.id)))

    @cached_property
    def _heads(self) -> tuple[list[int], list[Mention]]:
        # by head start (head_match compares the candidates itself)
        ordered = sorted(self.doc.mentions, key=_HEAD_START)
        return [m.head_start for m in ordered], ordered

    def head_match(self, start: int, end: int) -> Mention | None:
        """The gold mention a predicted span [start, end) head-matches: the span lies inside the mention's extent
        and contains its head. The mention with exactly that extent wins, else the shortest, then the first."""
        exact = self.mention_at.get((start, end))
        if exact is not None:
            return exact
        heads, ordered = self._heads
        best = None
        for k in range(bisect_left(heads, start), bisect_left(heads, end)):
            m = ordered[k]
            if m.start <= start and end <= m.end and m.head_end <= end and (
                    best is None or (m.end - m.start, m.start, m.id) < (best.end - best.start, best.start, best.id)):
                best = m
        return best

    @cached_property
    def mention_at(self) -> dict[tuple[int, int], Mention]:
        """Span -> the mention there (the first by id when two share one)."""
        at = {(m.start, m.end): m for m in self.doc.mentions}
        if len(at) == len(self.doc.mentions):  # no extent shared (as the validator requires): no order to follow
            return at
        return {(m.start, m.end): m for m in sorted(self.doc.mentions, key=_ID, reverse=True)}

    def filler_keys(self, start: int, end: int, role: str) -> tuple[FillerKey, FillerKey, FillerKey]:
        """The identities a predicted argument span gets under the modes span, head and coref (see
        :meth:`gold_filler_keys`): a span that resolves to no gold filler keeps its offsets, so that under
        head and coref it can only be a false positive. A role filled by time expressions looks at the
        timexes first."""
        span = ("s", start, end)
        timex = self.timex_by_span.get((start, end))
        if timex is not None and self.ontology.role_filler.get(role) == "timex":
            return span, ("t", timex.id), ("t", timex.id)
        mention = self.head_match(start, end)
        if mention is not None:
            return span, ("m", mention.id), ("e", mention.entity)
        if timex is not None:
            return span, ("t", timex.id), ("t", timex.id)
        return span, span, span

    def gold_filler_keys(self, ref: str) -> tuple[FillerKey, FillerKey, FillerKey]:
        """A gold filler's identities under the modes span, head and coref: span: its extent; head: the filler
        itself (matched through its head); coref: its entity (a timex: itself)."""
        mention = self.mentions_by_id.get(ref)
        if mention is not None:
            return ("s", mention.start, mention.end), ("m", mention.id), ("e", mention.entity)
        timex = self.timexes_by_id[ref]
        return ("s", timex.start, timex.end), ("t", timex.id), ("t", timex.id)

    @cached_property
    def argument_rows(self) -> tuple[tuple[int, int, str, str, tuple[FillerKey, ...]], ...]:
        """Every gold argument: (trigger start, trigger end, event type, role, its filler key under each mode)."""
        return tuple((t.start, t.end, t.type, a.role, self.gold_filler_keys(a.ref))
                     for t in self.triggers for a in t.mention.arguments)

    @cached_property
    def argument_items(self) -> dict[str, frozenset[tuple[Any, ...]]]:
        """Gold argument tuples per mode: (trigger start, trigger end, event type, filler key, role)."""
        return {mode: frozenset((s, e, label, keys[m], role) for s, e, label, role, keys in self.argument_rows)
                for m, mode in enumerate(MATCH_MODES)}

    @cached_property
    def bio_chunks(self) -> tuple[set[tuple[int, int, int, str]], int]:
        """The IOB2 chunks of the heads of the NAM mentions (the dataset's `ner_tags`), and how many such heads
        IOB2 cannot hold."""
        name = self.ontology.name_level
        return bio_chunks(self.grid, [(m.head_start, m.head_end, m.type, (0, k))
                                      for k, m in enumerate(self.doc.mentions) if m.level == name])

    @cached_property
    def bio_extent_chunks(self) -> tuple[set[tuple[int, int, int, str]], int]:
        """The IOB2 chunks of the extents of the NAM mentions (the dataset's `extent_ner_tags`)."""
        name = self.ontology.name_level
        return bio_chunks(self.grid, [(m.start, m.end, m.type, k) for k, m in enumerate(self.doc.mentions)
                                      if m.level == name])

    @cached_property
    def toponym_at(self) -> dict[tuple[int, int], Toponym]:
        """The span of each toponym's mention -> the toponym."""
        by_id = self.mentions_by_id
        return {(by_id[t.mention].start, by_id[t.mention].end): t for t in self.doc.toponyms}


_ID = attrgetter("id")
_HEAD_START = attrgetter("head_start")
_OFFSETS = attrgetter("start", "end", "head_start", "head_end")
_GOLD_LOOKUPS = frozenset(name for name, v in vars(GoldDocument).items() if isinstance(v, cached_property))
"""The names of GoldDocument's cached lookups (what :meth:`GoldDocument.release` forgets)."""

ARGUMENT_METRICS = ("argument_identification", "argument_classification", "argument_identification_attached",
                    "argument_classification_attached")


def argument_sets(attached: Iterable[tuple[Any, ...]]) -> dict[str, frozenset[Any]]:
    """The tuple sets of the four argument metrics, from (trigger start, trigger end, event type, filler key,
    role) tuples: identification keeps (event type, filler), classification adds the role, the attached
    variants add the trigger span."""
    attached = frozenset(attached)
    return {
        "argument_classification_attached": attached,
        "argument_identification_attached": frozenset(a[:4] for a in attached),
        "argument_classification": frozenset(a[2:] for a in attached),
        "argument_identification": frozenset(a[2:4] for a in attached),
    }


def cluster_partition(items: Iterable[tuple[Hashable, Hashable | None]]) -> list[frozenset[Any]]:
    """Clusters from (mention key, cluster id or None) pairs; a mention without a cluster id is a singleton."""
    clusters: dict[Hashable, list[Any]] = {}
    singletons = []
    for key, cluster in items:
        if cluster is None:
            singletons.append(frozenset((key,)))
        elif cluster in clusters:
            clusters[cluster].append(key)
        else:
            clusters[cluster] = [key]
    return [frozenset(clusters[c]) for c in sorted(clusters, key=str)] + singletons
