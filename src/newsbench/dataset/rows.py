"""One gold document's rows in every config: spans aligned to sentences and tokens, the IOB2 columns, and a
notice wherever the tokens cannot carry an annotation exactly (see :mod:`newsbench.dataset`)."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple
from collections.abc import Mapping, Sequence

from .. import jsonio
from ..model import LAYERS, Document, EventMention, Mention, Timex
from ..ontology import Ontology, load_ontology
from ..text import Sentence, iob2_tags, split_sentences
from ..validate import Problem
from .features import label_sets, per_ontology

NOTICE_CHECKS: Mapping[str, str] = {
    "span-cuts-token": "a span boundary falls inside a token: token offsets cover the smallest run of tokens around it",
    "span-crosses-sentence": "a span runs over a sentence boundary: null token offsets, not in the IOB2 columns",
    "name-nested": "a name's head or extent lies inside another's tokens: only the outermost is in the IOB2 column",
    "name-overlap": "two names' tokens cross: the one starting first (then the longer) is in the IOB2 column",
    "sentence-partly-annotated": "a sentence runs over the end of a declared range: its items are in the documents "
                                 "config only, not in the entities or events config",
}


# --- alignment of character spans to tokens and sentences ----------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where a character span falls in the sentence split of its document."""

    sentence: int
    """Index of the sentence holding the span's first character."""
    last_sentence: int
    token_start: int | None
    """Token offsets [token_start, token_end) inside ``sentence``; None when the span crosses sentences."""
    token_end: int | None
    exact: bool
    """True when the span starts and ends on token boundaries."""


class Aligner:
    """Sentences and tokens of one text, with span lookup by bisection."""

    def __init__(self, text: str):
        self.text = text
        self.sentences: tuple[Sentence, ...] = split_sentences(text)
        tokens = [t for s in self.sentences for t in s.tokens]
        self._starts: list[int] = [t.start for t in tokens]
        self._ends: list[int] = [t.end for t in tokens]
        self._sentence_of: list[int] = [k for k, s in enumerate(self.sentences) for _ in s.tokens]
        self._first_token: list[int] = []
        count = 0
        for s in self.sentences:
            self._first_token.append(count)
            count += len(s.tokens)

    @property
    def n_tokens(self) -> int:
        return len(self._starts)

    def place(self, start: int, end: int) -> Placement:
        # The span is trimmed and non-empty (validated), so it holds at least one token's character.
        i = bisect.bisect_right(self._ends, start)
        j = bisect.bisect_left(self._starts, end)
        first, last = self._sentence_of[i], self._sentence_of[j - 1]
        exact = self._starts[i] == start and self._ends[j - 1] == end
        if first != last:
            return Placement(first, last, None, None, exact)
        base = self._first_token[first]
        return Placement(first, last, i - base, j - base, exact)

    def context(self, p: Placement) -> tuple[str, int, int]:
        start, end = self.sentences[p.sentence].start, self.sentences[p.last_sentence].end
        return self.text[start:end], start, end


# --- row builders ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRows:
    """The rows one gold document contributes to each config, with what the conversion had to approximate."""

    rows: Mapping[str, list[dict]]
    notices: tuple[Problem, ...]
    stats: Counter
    example: Mapping[str, int | None]
    """Per config, the index of the first row worth showing as the card's example (None: no such row)."""


@per_ontology
def _label_index(onto: Ontology) -> dict[str, dict[str, int]]:
    return label_sets(onto).index()


def _sorted_by_span(items: Sequence[Any]) -> list[tuple[int, Any]]:
    return sorted(enumerate(items), key=lambda p: (p[1].start, p[1].end, p[0]))


def document_rows(doc: Document, file: str = "", ontology: Ontology | None = None) -> DocumentRows:
    """Rows of every config for one valid document, with ClassLabel values as indices."""
    onto = ontology or load_ontology()
    idx = _label_index(onto)
    P = jsonio.item_pointer
    notices: list[Problem] = []

    def notice(check: str, pointer: str, message: str) -> None:
        notices.append(Problem(check, file, doc.doc_id, pointer, message))

    text = doc.text
    al = Aligner(text)
    mentions = {m.id: m for m in doc.mentions}
    timexes = {t.id: t for t in doc.timexes}
    events = {e.id: e for e in doc.events}
    realis = {e.id: onto.realis(e.attributes) for e in doc.events}

    def placed(where: tuple, start: int, end: int) -> Placement:
        """``where``: the item's pointer parts, joined only for a notice (most spans need none)."""
        p = al.place(start, end)
        if p.token_start is None:
            notice("span-crosses-sentence", P(*where),
                   f"expected {text[start:end]!r} [{start}, {end}) inside one sentence, found it in sentences "
                   f"{p.sentence}-{p.last_sentence}: null token offsets")
        elif not p.exact:
            covered = al.sentences[p.sentence].tokens[p.token_start:p.token_end]
            notice("span-cuts-token", P(*where),
                   f"expected {text[start:end]!r} [{start}, {end}) on token boundaries, found it inside the "
                   f"tokens {text[covered[0].start:covered[-1].end]!r} [{covered[0].start}, {covered[-1].end}): "
                   f"token offsets cover them")
        return p

    mention_place = {m.id: placed((Mention, i), m.start, m.end) for i, m in enumerate(doc.mentions)}
    head_place = {m.id: placed((Mention, i, "head_start"), m.head_start, m.head_end)
                  for i, m in enumerate(doc.mentions) if (m.head_start, m.head_end) != (m.start, m.end)}
    head_place.update((m.id, mention_place[m.id]) for m in doc.mentions if m.id not in head_place)
    timex_place = {t.id: placed((Timex, i), t.start, t.end) for i, t in enumerate(doc.timexes)}
    trigger_place = {em.id: placed((EventMention, i), em.start, em.end) for i, em in enumerate(doc.event_mentions)}

    def filler(ref: str) -> Mention | Timex:
        return mentions[ref] if ref in mentions else timexes[ref]

    # documents -----------------------------------------------------------------------------------------------
    meta = doc.meta
    document = {
        "doc_id": doc.doc_id, "title": meta.title, "text": text, "language": meta.language, "outlet": meta.outlet,
        "url": meta.url, "published": meta.published, "updated": meta.updated, "anchor_date": meta.anchor_date,
        "sha256": meta.sha256,
        "entities": [{"id": e.id, "type": idx["entity_types"][e.type],
                      "subtype": None if e.subtype is None else idx["entity_subtypes"][e.subtype]}
                     for e in doc.entities],
        "mentions": [{"id": m.id, "entity": m.entity, "type": idx["entity_types"][m.type],
                      "level": idx["mention_levels"][m.level], "start": m.start, "end": m.end, "text": m.text,
                      "head_start": m.head_start, "head_end": m.head_end} for m in doc.mentions],
        "timexes": [{"id": t.id, "start": t.start, "end": t.end, "text": t.text, "type": idx["timex_types"][t.type],
                     "value": t.value} for t in doc.timexes],
        "events": [{"id": e.id, "type": idx["event_types"][e.type],
                    **{name: idx[name][value] for name, value in e.attributes.items()},
                    "realis": idx["realis"][realis[e.id]],
                    "place": None if e.place is None else {
                        "geonames_id": e.place.geonames_id, "lat": e.place.lat, "lon": e.place.lon,
                        "precision": e.place.precision},
                    "date": None if e.date is None else {"value": e.date.value, "precision": e.date.precision}}
                   for e in doc.events],
        "event_mentions": [{"id": em.id, "event": em.event, "type": idx["event_types"][events[em.event].type],
                            "start": em.start, "end": em.end, "text": em.text,
                            "arguments": [{"role": idx["roles"][a.role], "ref": a.ref, "start": filler(a.ref).start,
                                           "end": filler(a.ref).end, "text": filler(a.ref).text}
                                          for a in em.arguments]}
                           for em in doc.event_mentions],
        "toponyms": [{"mention": t.mention, "start": mentions[t.mention].start, "end": mentions[t.mention].end,
                      "text": mentions[t.mention].text, "reading": idx["readings"][t.reading],
                      "geonames_id": t.geonames_id, "lat": t.lat, "lon": t.lon, "feature": t.feature,
                      "source": t.source, "uncertainty_km": t.uncertainty_km} for t in doc.toponyms],
        "annotated": [{"layer": layer, "start": start, "end": end} for layer in LAYERS
                      for start, end in doc.annotated_ranges(layer)],
    }

    # sentences: entities and events ---------------------------------------------------------------------------
    n = len(al.sentences)
    mentions_in: list[list[dict]] = [[] for _ in range(n)]
    heads_in: list[list[Name]] = [[] for _ in range(n)]
    extents_in: list[list[Name]] = [[] for _ in range(n)]
    for i, m in _sorted_by_span(doc.mentions):
        p, h = mention_place[m.id], head_place[m.id]
        head_here = h.token_start is not None and h.sentence == p.sentence
        mentions_in[p.sentence].append({
            "id": m.id, "entity": m.entity, "type": idx["entity_types"][m.type],
            "level": idx["mention_levels"][m.level], "start": m.start, "end": m.end,
            "token_start": p.token_start, "token_end": p.token_end, "text": m.text,
            "head_start": m.head_start, "head_end": m.head_end,
            "head_token_start": h.token_start if head_here else None,
            "head_token_end": h.token_end if head_here else None})
        if m.level == onto.name_level:
            if p.token_start is not None and p.token_end is not None:  # both or neither
                extents_in[p.sentence].append(Name(p.token_start, p.token_end, m.start, i, m.type))
            if h.token_start is not None and h.token_end is not None:
                heads_in[h.sentence].append(Name(h.token_start, h.token_end, m.head_start, i, m.type))
    timexes_in: list[list[dict]] = [[] for _ in range(n)]
    for _, t in _sorted_by_span(doc.timexes):
        p = timex_place[t.id]
        timexes_in[p.sentence].append({
            "id": t.id, "type": idx["timex_types"][t.type], "value": t.value, "start": t.start, "end": t.end,
            "token_start": p.token_start, "token_end": p.token_end, "text": t.text})
    triggers_in: list[list[dict]] = [[] for _ in range(n)]
    for _, em in _sorted_by_span(doc.event_mentions):
        p = trigger_place[em.id]
        event = events[em.event]
        arguments, outside = [], 0
        for a in em.arguments:
            f = filler(a.ref)
            fp = mention_place[a.ref] if a.ref in mentions else timex_place[a.ref]
            if fp.sentence != p.sentence or fp.last_sentence != p.sentence:
                outside += 1
                continue
            arguments.append({"role": idx["roles"][a.role], "ref": a.ref, "start": f.start, "end": f.end,
                              "token_start": fp.token_start, "token_end": fp.token_end, "text": f.text})
        triggers_in[p.sentence].append({
            "id": em.id, "event": em.event, "type": idx["event_types"][event.type],
            **{name: idx[name][value] for name, value in event.attributes.items()},
            "realis": idx["realis"][realis[event.id]], "start": em.start, "end": em.end,
            "token_start": p.token_start, "token_end": p.token_end, "text": em.text,
            "arguments": arguments, "arguments_outside_sentence": outside})

    entity_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    entity_ranges, event_ranges = doc.annotated_ranges("entities"), doc.annotated_ranges("events")
    for k, s in enumerate(al.sentences):
        base = {"doc_id": doc.doc_id, "sentence_index": k, "sentence_start": s.start, "sentence_end": s.end,
                "text": text[s.start:s.end], "tokens": [t.text for t in s.tokens],
                "token_starts": [t.start for t in s.tokens], "token_ends": [t.end for t in s.tokens]}
        tags = {}
        for column, names in (("ner_tags", heads_in[k]), ("extent_ner_tags", extents_in[k])):
            if not names:
                tags[column] = [idx["ner_tags"]["O"]] * len(s.tokens)
                continue
            kept = select_outermost(names)
            for name in names:
                if name not in kept:
                    _report_dropped_name(name, kept, doc, column, notice)
            tags[column] = [idx["ner_tags"][tag] for tag in
                            iob2_tags(len(s.tokens), [(a.token_start, a.token_end, a.type) for a in kept])]
        # a sentence is a row of a layer's config only where the layer is annotated over all of it
        for layer, ranges, held, rows_of, row in (
                ("entities", entity_ranges, mentions_in[k], entity_rows,
                 lambda: {**base, **tags, "mentions": mentions_in[k]}),
                ("events", event_ranges, triggers_in[k], event_rows, lambda: {
                    **base, "event_mentions": triggers_in[k], "mentions": mentions_in[k], "timexes": timexes_in[k]})):
            if _covered(s, ranges):
                rows_of.append(row())
            elif held and any(start < s.end and s.start < end for start, end in ranges):
                notice("sentence-partly-annotated", jsonio.json_pointer("annotated", layer),
                       f"expected sentence {k} [{s.start}, {s.end}) inside the {layer} ranges "
                       f"{[list(r) for r in ranges]}, found it running over their end: its {len(held)} item(s) are "
                       f"in the documents config only")

    # toponyms and timexes ---------------------------------------------------------------------------------------
    toponym_rows = []
    for _, t in sorted(enumerate(doc.toponyms), key=lambda p: (mentions[p[1].mention].start,
                                                                 mentions[p[1].mention].end, p[0])):
        m = mentions[t.mention]
        ctx, ctx_start, ctx_end = al.context(mention_place[m.id])
        toponym_rows.append({
            "doc_id": doc.doc_id, "mention": m.id, "entity": m.entity, "type": idx["entity_types"][m.type],
            "start": m.start, "end": m.end, "text": m.text, "reading": idx["readings"][t.reading],
            "geonames_id": t.geonames_id, "lat": t.lat, "lon": t.lon, "feature": t.feature, "source": t.source,
            "uncertainty_km": t.uncertainty_km, "context": ctx, "context_start": ctx_start, "context_end": ctx_end})
    timex_rows = []
    for _, t in _sorted_by_span(doc.timexes):
        ctx, ctx_start, ctx_end = al.context(timex_place[t.id])
        timex_rows.append({
            "doc_id": doc.doc_id, "id": t.id, "start": t.start, "end": t.end, "text": t.text,
            "type": idx["timex_types"][t.type], "value": t.value, "anchor_date": meta.anchor_date,
            "context": ctx, "context_start": ctx_start, "context_end": ctx_end})

    rows = {"documents": [document], "entities": entity_rows, "events": event_rows, "toponyms": toponym_rows,
            "timexes": timex_rows}
    example = {
        "documents": 0,
        "entities": next((k for k, r in enumerate(entity_rows) if any(r["ner_tags"])), None),
        "events": next((k for k, r in enumerate(event_rows) if any(m["arguments"] for m in r["event_mentions"])),
                       next((k for k, r in enumerate(event_rows) if r["event_mentions"]), None)),
        "toponyms": 0 if toponym_rows else None,
        "timexes": 0 if timex_rows else None,
    }
    return DocumentRows(rows, tuple(notices), document_stats(doc, al, onto), example)


def _covered(sentence: Any, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= sentence.start and sentence.end <= end for start, end in ranges)


class Name(NamedTuple):
    """A name mention's head or extent as a token span of its sentence."""

    token_start: int
    token_end: int
    char_start: int
    gold_index: int
    """The mention's index in the gold's mentions."""
    type: str


def select_outermost(names: Sequence[Name]) -> list[Name]:
    """The names that go into IOB2: outermost first; where token spans cross, the one starting first (then the
    longer); of identical token spans, the one earliest in the text, then in the gold."""
    kept: list[Name] = []
    for name in sorted(names, key=lambda s: (s.token_start, -s.token_end, s.char_start, s.gold_index)):
        if all(name.token_end <= k.token_start or k.token_end <= name.token_start for k in kept):
            kept.append(name)
    return kept


def _report_dropped_name(name: Name, kept: Sequence[Name], doc: Document, column: str, notice) -> None:
    part = "head" if column == "ner_tags" else "extent"
    m = doc.mentions[name.gold_index]
    for k in kept:
        if not (name.token_end <= k.token_start or k.token_end <= name.token_start):
            other = doc.mentions[k.gold_index]
            nested = k.token_start <= name.token_start and name.token_end <= k.token_end
            pointer = jsonio.item_pointer(Mention, name.gold_index, *(["head_start"] if part == "head" else []))
            shown = (lambda x: doc.text[x.head_start:x.head_end]) if part == "head" else (lambda x: x.text)
            notice("name-nested" if nested else "name-overlap", pointer,
                   f"expected the {part} {shown(m)!r} of {m.id} in {column}, found its tokens "
                   f"{'inside' if nested else 'crossing'} those of {shown(other)!r} of {other.id}, which is tagged")
            return


def document_stats(doc: Document, al: Aligner, onto: Ontology) -> Counter:
    """Counts for the card, keyed by (table, *keys): additive over documents."""
    c: Counter = Counter()
    c["documents", ] += 1
    c["sentences", ] += len(al.sentences)
    c["tokens", ] += al.n_tokens
    c["code_points", ] += len(doc.text)
    c.update(("entities", e.type) for e in doc.entities)
    c.update(("mentions", m.type, m.level) for m in doc.mentions)
    c.update(("timexes", t.type) for t in doc.timexes)
    c.update(("events", e.type) for e in doc.events)
    event_type = {e.id: e.type for e in doc.events}
    c.update(("event_mentions", event_type[m.event]) for m in doc.event_mentions)
    c.update(("arguments", a.role) for m in doc.event_mentions for a in m.arguments)
    c.update(("realis", onto.realis(e.attributes)) for e in doc.events)
    c.update(("toponyms", t.reading) for t in doc.toponyms)
    return c
