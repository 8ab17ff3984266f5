"""Tokens and sentence-like units for the token-based export formats (OneIE/TextEE JSON lines, CoNLL-2012, DocBin),
and the way back: a system's tokens aligned to a gold text.

An exporter writes its own tokens, so it chooses them to carry every annotation exactly: the tokens of
:mod:`newsbench.text`, cut again at every annotated span's start and end. A unit is one sentence of
:func:`newsbench.text.sentence_token_ranges`, or several consecutive ones where an annotation (a mention, a head,
a timex, a trigger, or a trigger with one of its arguments) runs over a sentence boundary: nothing is dropped.
Offsets are code points into the document text, half-open.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise
from dataclasses import dataclass, replace
from collections.abc import Iterable, Sequence

from ..model import Document
from .problems import Conversion
from ..text import sentence_token_ranges


@dataclass(frozen=True)
class Unit:
    """A run of whole tokens [start, end) of the text; ``tokens`` are (start, end) pairs into the text."""

    start: int
    end: int
    tokens: tuple[tuple[int, int], ...]


def annotation_spans(doc: Document) -> list[tuple[int, int]]:
    """Every span an export must keep inside one unit and on token boundaries."""
    spans = [(m.start, m.end) for m in doc.mentions] + [(m.head_start, m.head_end) for m in doc.mentions]
    spans += [(t.start, t.end) for t in doc.timexes]
    items = {m.id: (m.start, m.end) for m in doc.mentions} | {t.id: (t.start, t.end) for t in doc.timexes}
    for em in doc.event_mentions:
        spans.append((em.start, em.end))
        for a in em.arguments:
            s, e = items[a.ref]
            spans.append((min(s, em.start), max(e, em.end)))
    return spans


def export_units(doc: Document, like: Iterable[Document] = ()) -> list[Unit]:
    """The units of ``doc`` with tokens cut at every annotation boundary (see the module docstring), and at those
    of the documents ``like`` too (other annotations of the same text), so that their exports line up."""
    starts, ends, _, ranges = sentence_token_ranges(doc.text)
    spans = annotation_spans(doc) + [span for other in like for span in annotation_spans(other)]
    cuts = sorted({b for span in spans for b in span})
    tokens: list[tuple[int, int]] = []
    first_token: list[int] = []  # per sentence, the index of its first cut token
    for i, j in ranges:
        first_token.append(len(tokens))
        for s, e in zip(starts[i:j], ends[i:j], strict=True):
            inner = cuts[bisect_right(cuts, s):bisect_left(cuts, e)]
            bounds = [s, *inner, e]
            tokens.extend(pairwise(bounds))
    # sentence k covers tokens [first_token[k], first_token[k + 1]); join sentences that a span runs over
    sentence_starts = [tokens[k][0] for k in first_token]
    joined = [False] * len(first_token)  # joined[k]: sentence k continues the unit of sentence k - 1
    for s, e in spans:
        a = bisect_right(sentence_starts, s) - 1
        b = bisect_left(sentence_starts, e) - 1
        for k in range(max(a, 0) + 1, b + 1):
            joined[k] = True
    units: list[Unit] = []
    bounds = [k for k in range(len(first_token)) if not joined[k]] + [len(first_token)]
    for k, k_next in pairwise(bounds):
        lo = first_token[k]
        hi = first_token[k_next] if k_next < len(first_token) else len(tokens)
        units.append(Unit(tokens[lo][0], tokens[hi - 1][1], tuple(tokens[lo:hi])))
    return units


def token_index(unit: Unit) -> tuple[dict[int, int], dict[int, int]]:
    """Maps from a token's start offset to its index in the unit, and from a token's end offset to index + 1."""
    return ({s: i for i, (s, _) in enumerate(unit.tokens)}, {e: i + 1 for i, (_, e) in enumerate(unit.tokens)})


class Unaligned(ValueError):
    """A token of a system's output is not the next piece of the gold text."""

    def __init__(self, index: int, token: str, found: str):
        super().__init__(f"expected token {index} {token!r} next in the gold text, found {found!r}")
        self.index, self.token, self.found = index, token, found


def align_tokens(text: str, tokens: Sequence[str], start: int = 0) -> tuple[list[tuple[int, int]], int]:
    """Code-point spans of ``tokens`` read in order from ``text[start:]``, white space between them skipped;
    and the offset after the last. A token that is not the next piece of the text raises :class:`Unaligned`."""
    out: list[tuple[int, int]] = []
    pos = start
    n = len(text)
    for i, token in enumerate(tokens):
        while pos < n and text[pos].isspace() and not text.startswith(token, pos):
            pos += 1
        if not token or not text.startswith(token, pos):
            raise Unaligned(i, token, text[pos:pos + max(len(token), 1)])
        out.append((pos, pos + len(token)))
        pos += len(token)
    return out, pos


def align_sentence(text: str, tokens: Sequence[str], start: int) -> tuple[list[tuple[int, int]], int]:
    """:func:`align_tokens` for one sentence of a system's output that may skip sentences of the text: the
    sentence starts at the first place from ``start`` on where all its tokens follow one another."""
    if not tokens:
        return [], start
    try:
        return align_tokens(text, tokens, start)
    except Unaligned as first_failure:
        at = text.find(tokens[0], start + 1)
        while at != -1:
            try:
                return align_tokens(text, tokens, at)
            except Unaligned:
                at = text.find(tokens[0], at + 1)
        raise first_failure from None


def span_of_tokens(spans: Sequence[tuple[int, int]], i: int, j: int) -> tuple[int, int]:
    """The code-point span of tokens [i, j) (exclusive end, as OneIE and TextEE write it)."""
    return spans[i][0], spans[j - 1][1]


def id_order(item_id: str) -> tuple[int, str]:
    """Ids like E2 before E10: by their digits where they have some, then as text."""
    digits = re.sub(r"\D", "", item_id)
    return (int(digits) if digits else -1, item_id)


def declared_part(doc: Document, layers: Sequence[str], fmt: str,
                  conversion: Conversion) -> tuple[Document, list[tuple[int, int]]]:
    """What a token format may write of ``doc``: the items of the ``layers`` (of ``entities``, ``timexes``,
    ``events``) that the document declares annotated, and the ranges where all of those are annotated. A format
    without a place for declarations would present an undeclared layer, or an unannotated sentence, as annotated
    with nothing: such items are counted as not carried instead (arguments whose filler is not carried too)."""
    keep = [layer for layer in layers if doc.annotates(layer)]
    for layer, items in (("entities", doc.mentions), ("timexes", doc.timexes), ("events", doc.event_mentions)):
        if layer in layers and layer not in keep:
            conversion.note("not-carried-layer", f"{fmt}: {layer} (not declared annotated)", len(items))
    mentions = doc.mentions if "entities" in keep else ()
    timexes = doc.timexes if "timexes" in keep else ()
    refs = {m.id for m in mentions} | {t.id for t in timexes}
    event_mentions = []
    for em in doc.event_mentions if "events" in keep else ():
        arguments = tuple(a for a in em.arguments if a.ref in refs)
        conversion.note("not-carried-span", f"{fmt}: argument whose filler is not carried",
                        len(em.arguments) - len(arguments))
        event_mentions.append(replace(em, arguments=arguments))
    part = replace(doc, entities=doc.entities if mentions else (), mentions=mentions, timexes=timexes,
                   events=doc.events if event_mentions else (), event_mentions=tuple(event_mentions))
    windows = [(0, len(doc.text))] if keep else []  # a document declaring none of them has nothing to write
    conversion.note("not-carried-layer", f"{fmt}: document that declares none of its layers annotated", not keep)
    for layer in keep:
        windows = [(max(a, c), min(b, d)) for a, b in windows for c, d in doc.annotated_ranges(layer)
                   if max(a, c) < min(b, d)]
    return part, windows


def units_within(doc: Document, units: Sequence[Unit], windows: Sequence[tuple[int, int]], fmt: str,
                 conversion: Conversion) -> list[Unit]:
    """The units that lie inside one of ``windows``; the items of the others are counted as not carried."""
    kept: list[Unit] = []
    dropped: list[Unit] = []
    for unit in units:
        (kept if any(a <= unit.start and unit.end <= b for a, b in windows) else dropped).append(unit)
    for name, items in (("mentions", doc.mentions), ("timexes", doc.timexes), ("event mentions", doc.event_mentions)):
        n = sum(any(u.start <= x.start < u.end for u in dropped) for x in items)
        conversion.note("not-carried-span",
                        f"{fmt}: {name} in a sentence that is not wholly in the annotated ranges", n)
    return kept
