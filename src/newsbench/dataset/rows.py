"""One gold document's rows in every config: spans aligned to sentences and tokens, the IOB2 columns, and a
notice wherever the tokens cannot carry an annotation exactly (see :mod:`newsbench.dataset`)."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple
from collections.abc import Iterable, Mapping, Sequence

from .. import jsonio
from ..model import LAYERS, Document, EventMention, Mention, Timex, span_within
from ..ontology import Ontology, load_ontology
from ..problems import Problem, family_checks, problem
from ..text import sentence_token_ranges
from .features import label_sets, per_ontology

NOTICE_CHECKS: Mapping[str, str] = family_checks("notice")


# --- alignment of character spans to tokens and sentences ----------------------------------------------------


class Placement(NamedTuple):
    """Where a character span falls in the sentence split of its document (a named tuple: a document places
    hundreds of spans)."""

    sentence: int
    """Index of the sentence holding the span's first character."""
    last_sentence: int
    token_start: int | None
    """Token offsets [token_start, token_end) inside ``sentence``; None when the span crosses sentences."""
    token_end: int | None
    exact: bool
    """True when the span starts and ends on token boundaries."""


class AlignedSentence(NamedTuple):
    """A sentence [start, end) of the text and the run [first, last) of the text's tokens it holds."""

    start: int
    end: int
    first: int
    last: int


class Aligner:
    """Sentences and tokens of one text (the split of :func:`newsbench.text.split_sentences`, kept as offset lists
    rather than a Token per token), with span lookup by bisection."""

    def __init__(self, text: str):
        self.text = text
        starts, ends, words, ranges = sentence_token_ranges(text)
        self._starts: list[int] = starts
        self._ends: list[int] = ends
        self._words: list[str] = words
        self.sentences = tuple(AlignedSentence(starts[i], ends[j - 1], i, j) for i, j in ranges)
        self._sentence_of: list[int] = [k for k, (i, j) in enumerate(ranges) for _ in range(i, j)]
        self._first_token: list[int] = [i for i, _ in ranges]

    @property
    def n_tokens(self) -> int:
        """How many tokens the text has."""
        return len(self._starts)

    def token_lists(self) -> tuple[list[str], list[int], list[int]]:
        """The texts, starts and ends of the text's tokens (a sentence's are ``[s.first:s.last]`` of each)."""
        return self._words, self._starts, self._ends

    def token_range(self, p: Placement) -> tuple[int, int]:
        """The code points [start, end) of the tokens a placement inside one sentence covers."""
        first = self._first_token[p.sentence]
        assert p.token_start is not None and p.token_end is not None  # a placement inside one sentence
        return self._starts[first + p.token_start], self._ends[first + p.token_end - 1]

    def place_all(self, spans: Iterable[tuple[int, int]]) -> list[Placement]:
        """Where each span [start, end) falls: its sentence and token offsets (None where it crosses sentences). One
        loop for them all: a document places hundreds, and a call per span cost a fifth of the conversion."""
        starts, ends, sentence_of, first_token = self._starts, self._ends, self._sentence_of, self._first_token
        right, left, new = bisect.bisect_right, bisect.bisect_left, tuple.__new__  # the named tuple's own __new__ and
        # _make are Python functions
        placed = []
        for start, end in spans:
            # The span is trimmed and non-empty (validated), so it holds at least one token's character.
            i = right(ends, start)
            j = left(starts, end)
            first, last = sentence_of[i], sentence_of[j - 1]
            exact = starts[i] == start and ends[j - 1] == end
            if first != last:
                placed.append(new(Placement, (first, last, None, None, exact)))
            else:
                base = first_token[first]
                placed.append(new(Placement, (first, last, i - base, j - base, exact)))
        return placed

    def context(self, p: Placement) -> tuple[str, int, int]:
        """The text of the sentences a placement spans, with their start and end."""
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
    # sorted on (start, end, index) tuples: no Python key function called per item
    keys = zip([x.start for x in items], [x.end for x in items], range(len(items)), strict=True)
    return [(i, items[i]) for _, _, i in sorted(keys)]


def document_rows(doc: Document, file: str = "", ontology: Ontology | None = None) -> DocumentRows:
    """Rows of every config for one valid document, with ClassLabel values as indices."""
    onto = ontology or load_ontology()
    conversion = _Conversion(doc, file, onto)
    entity_rows, event_rows = conversion.sentence_rows()
    rows = {"documents": [conversion.document_row()], "entities": entity_rows, "events": event_rows,
            "toponyms": conversion.toponym_rows(), "timexes": conversion.timex_rows()}
    return DocumentRows(rows, tuple(conversion.notices), document_stats(doc, conversion.al, conversion.realis),
                        _examples(rows))


def _examples(rows: Mapping[str, list[dict]]) -> dict[str, int | None]:
    """Per config, the first row worth showing on the card: a sentence with a name, an event mention with
    arguments (else any event mention), any toponym or timex."""
    entity_rows, event_rows = rows["entities"], rows["events"]
    event = next((k for k, r in enumerate(event_rows) if any(m["arguments"] for m in r["event_mentions"])), None)
    return {
        "documents": 0,
        "entities": next((k for k, r in enumerate(entity_rows) if any(r["ner_tags"])), None),
        "events": event if event is not None else next((k for k, r in enumerate(event_rows) if r["event_mentions"]),
                                                       None),
        "toponyms": 0 if rows["toponyms"] else None,
        "timexes": 0 if rows["timexes"] else None,
    }


class _Conversion:
    """One document on its way to rows: its sentences and tokens, where each span falls in them, the label
    indices, and the notices so far (in the order they arise: placements first, then sentence by sentence)."""

    def __init__(self, doc: Document, file: str, onto: Ontology):
        self.doc, self.file, self.onto = doc, file, onto
        self.idx = _label_index(onto)
        self.notices: list[Problem] = []
        self.al = Aligner(doc.text)
        self.mentions = {m.id: m for m in doc.mentions}
        self.timexes = {t.id: t for t in doc.timexes}
        self.events = {e.id: e for e in doc.events}
        self.realis = {e.id: onto.realis(e.attributes) for e in doc.events}
        self.fillers: dict[str, Mention | Timex] = {**self.timexes, **self.mentions}
        """An argument's filler by id: a mention, else a time expression."""
        mentions = doc.mentions
        self.mention_place = self._placed(Mention, mentions, [(m.start, m.end) for m in mentions])
        heads = [i for i, m in enumerate(mentions) if m.head_start != m.start or m.head_end != m.end]
        self.head_place = {**self.mention_place, **self._placed(
            Mention, [mentions[i] for i in heads], [(mentions[i].head_start, mentions[i].head_end) for i in heads],
            heads, "head_start")}
        self.timex_place = self._placed(Timex, doc.timexes, [(t.start, t.end) for t in doc.timexes])
        self.trigger_place = self._placed(EventMention, doc.event_mentions,
                                          [(em.start, em.end) for em in doc.event_mentions])

    def notice(self, check: str, pointer: str, message: str) -> None:
        """Record that the rows carry an annotation only approximately (a ``NOTICE_CHECKS`` id)."""
        self.notices.append(problem(check, self.file, self.doc.doc_id, pointer, message, family="notice"))

    def _placed(self, kind: type, items: Sequence[Any], spans: list[tuple[int, int]],
                where: Sequence[int] | None = None, *field: str) -> dict[str, Placement]:
        """Item id -> the placement of its span in ``spans``; a notice for each span that crosses sentences or cuts
        a token (its pointer, item ``where[k]`` (default ``k``) of ``kind`` and ``field``, made only then: most
        spans need none)."""
        text = self.doc.text
        placed = self.al.place_all(spans)
        for k, p in enumerate(placed):
            if p.exact and p.token_start is not None:
                continue
            (start, end), pointer = spans[k], jsonio.item_pointer(kind, k if where is None else where[k], *field)
            if p.token_start is None:
                self.notice("span-crosses-sentence", pointer,
                            f"expected {text[start:end]!r} [{start}, {end}) inside one sentence, found it in "
                            f"sentences {p.sentence}-{p.last_sentence}: null token offsets")
            else:
                first, last = self.al.token_range(p)
                self.notice("span-widened-to-tokens", pointer,
                            f"expected {text[start:end]!r} [{start}, {end}) on token boundaries, found it inside "
                            f"the tokens {text[first:last]!r} [{first}, {last}): token offsets cover them")
        return dict(zip([x.id for x in items], placed, strict=True))

    # documents ------------------------------------------------------------------------------------------------

    def document_row(self) -> dict:
        """The ``documents`` config's one row: every layer, character offsets."""
        doc, idx, meta, mentions, fillers = self.doc, self.idx, self.doc.meta, self.mentions, self.fillers
        return {
            "doc_id": doc.doc_id, "title": meta.title, "text": doc.text, "language": meta.language,
            "outlet": meta.outlet, "url": meta.url, "published": meta.published, "updated": meta.updated,
            "anchor_date": meta.anchor_date, "sha256": meta.sha256,
            "entities": [{"id": e.id, "type": idx["entity_types"][e.type],
                          "subtype": None if e.subtype is None else idx["entity_subtypes"][e.subtype]}
                         for e in doc.entities],
            "mentions": [{"id": m.id, "entity": m.entity, "type": idx["entity_types"][m.type],
                          "level": idx["mention_levels"][m.level], "start": m.start, "end": m.end, "text": m.text,
                          "head_start": m.head_start, "head_end": m.head_end} for m in doc.mentions],
            "timexes": [{"id": t.id, "start": t.start, "end": t.end, "text": t.text,
                         "type": idx["timex_types"][t.type], "value": t.value} for t in doc.timexes],
            "events": [{"id": e.id, "type": idx["event_types"][e.type],
                        **{name: idx[name][value] for name, value in e.attributes.items()},
                        "realis": idx["realis"][self.realis[e.id]],
                        "place": None if e.place is None else {
                            "geonames_id": e.place.geonames_id, "lat": e.place.lat, "lon": e.place.lon,
                            "precision": e.place.precision},
                        "date": None if e.date is None else {"value": e.date.value, "precision": e.date.precision}}
                       for e in doc.events],
            "event_mentions": [{"id": em.id, "event": em.event, "type": idx["event_types"][self.events[em.event].type],
                                "start": em.start, "end": em.end, "text": em.text,
                                "arguments": [{"role": idx["roles"][a.role], "ref": a.ref, "start": f.start,
                                               "end": f.end, "text": f.text}
                                              for a in em.arguments for f in (fillers[a.ref],)]}
                               for em in doc.event_mentions],
            "toponyms": [{"mention": t.mention, "start": mentions[t.mention].start, "end": mentions[t.mention].end,
                          "text": mentions[t.mention].text, "reading": idx["readings"][t.reading],
                          "geonames_id": t.geonames_id, "lat": t.lat, "lon": t.lon, "feature": t.feature,
                          "source": t.source, "uncertainty_km": t.uncertainty_km} for t in doc.toponyms],
            "annotated": [{"layer": layer, "start": start, "end": end} for layer in LAYERS
                          for start, end in doc.annotated_ranges(layer)],
        }

    # sentences: entities and events ---------------------------------------------------------------------------

    def _mentions_by_sentence(self) -> tuple[list[list[dict]], list[list[Name]], list[list[Name]]]:
        """Per sentence: its mentions' rows, and its names' heads and extents as token spans (for IOB2)."""
        idx, n = self.idx, len(self.al.sentences)
        mentions_in: list[list[dict]] = [[] for _ in range(n)]
        heads_in: list[list[Name]] = [[] for _ in range(n)]
        extents_in: list[list[Name]] = [[] for _ in range(n)]
        for i, m in _sorted_by_span(self.doc.mentions):
            p, h = self.mention_place[m.id], self.head_place[m.id]
            head_here = h.token_start is not None and h.sentence == p.sentence
            mentions_in[p.sentence].append({
                "id": m.id, "entity": m.entity, "type": idx["entity_types"][m.type],
                "level": idx["mention_levels"][m.level], "start": m.start, "end": m.end,
                "token_start": p.token_start, "token_end": p.token_end, "text": m.text,
                "head_start": m.head_start, "head_end": m.head_end,
                "head_token_start": h.token_start if head_here else None,
                "head_token_end": h.token_end if head_here else None})
            if m.level == self.onto.name_level:
                if p.token_start is not None and p.token_end is not None:  # both or neither
                    extents_in[p.sentence].append(Name(p.token_start, p.token_end, m.start, i, m.type))
                if h.token_start is not None and h.token_end is not None:
                    heads_in[h.sentence].append(Name(h.token_start, h.token_end, m.head_start, i, m.type))
        return mentions_in, heads_in, extents_in

    def _timexes_by_sentence(self) -> list[list[dict]]:
        idx = self.idx
        timexes_in: list[list[dict]] = [[] for _ in self.al.sentences]
        for _, t in _sorted_by_span(self.doc.timexes):
            p = self.timex_place[t.id]
            timexes_in[p.sentence].append({
                "id": t.id, "type": idx["timex_types"][t.type], "value": t.value, "start": t.start, "end": t.end,
                "token_start": p.token_start, "token_end": p.token_end, "text": t.text})
        return timexes_in

    def _triggers_by_sentence(self) -> list[list[dict]]:
        """Per sentence: its event mentions' rows, with the arguments whose filler is in the same sentence."""
        idx = self.idx
        triggers_in: list[list[dict]] = [[] for _ in self.al.sentences]
        for _, em in _sorted_by_span(self.doc.event_mentions):
            p = self.trigger_place[em.id]
            event = self.events[em.event]
            arguments, outside = [], 0
            for a in em.arguments:
                f = self.fillers[a.ref]
                fp = self.mention_place[a.ref] if a.ref in self.mentions else self.timex_place[a.ref]
                if fp.sentence != p.sentence or fp.last_sentence != p.sentence:
                    outside += 1
                    continue
                arguments.append({"role": idx["roles"][a.role], "ref": a.ref, "start": f.start, "end": f.end,
                                  "token_start": fp.token_start, "token_end": fp.token_end, "text": f.text})
            triggers_in[p.sentence].append({
                "id": em.id, "event": em.event, "type": idx["event_types"][event.type],
                **{name: idx[name][value] for name, value in event.attributes.items()},
                "realis": idx["realis"][self.realis[event.id]], "start": em.start, "end": em.end,
                "token_start": p.token_start, "token_end": p.token_end, "text": em.text,
                "arguments": arguments, "arguments_outside_sentence": outside})
        return triggers_in

    def _ner_tags(self, n_tokens: int, names: list[Name], column: str) -> list[int]:
        """One IOB2 column of a sentence of ``n_tokens`` tokens: the outermost names, each dropped one reported;
        ClassLabel indices, ``B-<type>`` on a name's first token, ``I-<type>`` on the others, ``O`` elsewhere
        (read back by :func:`newsbench.text.iob2_spans`)."""
        tags = self.idx["ner_tags"]
        codes = [tags["O"]] * n_tokens
        if not names:
            return codes
        kept = select_outermost(names)
        for name in names:
            if name not in kept:
                _report_dropped_name(name, kept, self.doc, column, self.notice)
        for a in kept:
            codes[a.token_start] = tags["B-" + a.type]
            codes[a.token_start + 1:a.token_end] = [tags["I-" + a.type]] * (a.token_end - a.token_start - 1)
        return codes

    def sentence_rows(self) -> tuple[list[dict], list[dict]]:
        """The entities and events configs' rows: a sentence is a row of a layer's config only where the layer is
        annotated over all of it."""
        doc, text = self.doc, self.doc.text
        mentions_in, heads_in, extents_in = self._mentions_by_sentence()
        timexes_in, triggers_in = self._timexes_by_sentence(), self._triggers_by_sentence()
        entity_rows: list[dict] = []
        event_rows: list[dict] = []
        entity_ranges, event_ranges = doc.annotated_ranges("entities"), doc.annotated_ranges("events")
        # a layer annotated over the whole text (most documents) holds every sentence: no range test per sentence
        every_entity, every_event = (span_within(ranges, 0, len(text)) for ranges in (entity_ranges, event_ranges))
        words_of, starts_of, ends_of = self.al.token_lists()
        doc_id = doc.doc_id
        for k, s in enumerate(self.al.sentences):
            words, starts, ends = words_of[s.first:s.last], starts_of[s.first:s.last], ends_of[s.first:s.last]
            sentence_text = text[s.start:s.end]
            ner_tags = self._ner_tags(len(words), heads_in[k], "ner_tags")
            extent_ner_tags = self._ner_tags(len(words), extents_in[k], "extent_ner_tags")
            if every_entity or span_within(entity_ranges, s.start, s.end):
                entity_rows.append({
                    "doc_id": doc_id, "sentence_index": k, "sentence_start": s.start, "sentence_end": s.end,
                    "text": sentence_text, "tokens": words, "token_starts": starts, "token_ends": ends,
                    "ner_tags": ner_tags, "extent_ner_tags": extent_ner_tags, "mentions": mentions_in[k]})
            else:
                self._partly_annotated("entities", entity_ranges, mentions_in[k], k, s)
            if every_event or span_within(event_ranges, s.start, s.end):
                event_rows.append({
                    "doc_id": doc_id, "sentence_index": k, "sentence_start": s.start, "sentence_end": s.end,
                    "text": sentence_text, "tokens": words, "token_starts": starts, "token_ends": ends,
                    "event_mentions": triggers_in[k], "mentions": mentions_in[k], "timexes": timexes_in[k]})
            else:
                self._partly_annotated("events", event_ranges, triggers_in[k], k, s)
        return entity_rows, event_rows

    def _partly_annotated(self, layer: str, ranges: tuple[tuple[int, int], ...], held: list[dict], k: int,
                          s: AlignedSentence) -> None:
        """A notice for a sentence with items that runs over the end of the layer's annotated ranges."""
        if held and any(start < s.end and s.start < end for start, end in ranges):
            self.notice("sentence-partly-annotated", jsonio.json_pointer("annotated", layer),
                        f"expected sentence {k} [{s.start}, {s.end}) inside the {layer} ranges "
                        f"{[list(r) for r in ranges]}, found it running over their end: its {len(held)} "
                        f"item(s) are in the documents config only")

    # toponyms and timexes ---------------------------------------------------------------------------------------

    def toponym_rows(self) -> list[dict]:
        """The ``toponyms`` config's rows, in text order, each with its sentence as context."""
        doc, idx, mentions = self.doc, self.idx, self.mentions
        rows = []
        for _, t in sorted(enumerate(doc.toponyms), key=lambda p: (mentions[p[1].mention].start,
                                                                     mentions[p[1].mention].end, p[0])):
            m = mentions[t.mention]
            ctx, ctx_start, ctx_end = self.al.context(self.mention_place[m.id])
            rows.append({
                "doc_id": doc.doc_id, "mention": m.id, "entity": m.entity, "type": idx["entity_types"][m.type],
                "start": m.start, "end": m.end, "text": m.text, "reading": idx["readings"][t.reading],
                "geonames_id": t.geonames_id, "lat": t.lat, "lon": t.lon, "feature": t.feature, "source": t.source,
                "uncertainty_km": t.uncertainty_km, "context": ctx, "context_start": ctx_start,
                "context_end": ctx_end})
        return rows

    def timex_rows(self) -> list[dict]:
        """The ``timexes`` config's rows, in text order, each with its sentence as context."""
        doc, idx = self.doc, self.idx
        rows = []
        for _, t in _sorted_by_span(doc.timexes):
            ctx, ctx_start, ctx_end = self.al.context(self.timex_place[t.id])
            rows.append({
                "doc_id": doc.doc_id, "id": t.id, "start": t.start, "end": t.end, "text": t.text,
                "type": idx["timex_types"][t.type], "value": t.value, "anchor_date": doc.meta.anchor_date,
                "context": ctx, "context_start": ctx_start, "context_end": ctx_end})
        return rows


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
    reach = 0  # the kept names are sorted and disjoint: a later-starting name crosses one iff it starts before this
    for name in sorted(names, key=lambda s: (s.token_start, -s.token_end, s.char_start, s.gold_index)):
        if name.token_start >= reach:
            kept.append(name)
            reach = name.token_end
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


def document_stats(doc: Document, al: Aligner, realis: Mapping[str, str]) -> Counter:
    """Counts for the card, keyed by (table, *keys): additive over documents (``realis``: each event's, by id)."""
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
    c.update(("realis", realis[e.id]) for e in doc.events)
    c.update(("toponyms", t.reading) for t in doc.toponyms)
    return c
