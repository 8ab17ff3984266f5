"""Hypothesis strategies for valid newsbench documents and the pieces of text they annotate.

Generated texts mix ASCII words with astral characters (emoji), combining marks, non-Latin scripts and
CRLF line ends, so that every code-point offset path is exercised.
"""

from __future__ import annotations

import hashlib

from hypothesis import strategies as st

from newsbench.model import (
    LAYERS, AnnotatedLayer, Argument, Document, Entity, Event, EventDate, EventMention, EventPlace, Meta, Mention,
    Timex, Toponym,
)
from newsbench.ontology import load_ontology

ONTOLOGY = load_ontology()

WORDS = st.sampled_from([
    "Baghdad", "rockets", "embassy", "the", "militia", "fired", "Zürich", "café", "e\u0301te\u0301",  # combining acute
    "\U0001F680", "\U0001F1EE\U0001F1F6", "\U00010348", "Багдад", "بغداد", "東京", "ok", "A", "x",
])
SEPARATORS = st.sampled_from([" ", " ", " ", "\r\n", "\n\n", ", ", " – "])

TIMEX_VALUES = {
    "DATE": st.sampled_from(["2021-10-30", "2020-01", "2017", "PAST_REF", "2021-W43", "2021-Q4", "XXXX-10"]),
    "TIME": st.sampled_from(["2021-10-30TNI", "2021-10-31T09:58", "2021-10-30T23:15:00"]),
    "DURATION": st.sampled_from(["P18M", "P3D", "PT2H", "P1Y6M", "PXY"]),
    "SET": st.sampled_from(["P1D", "XXXX-WXX-1", "P1W"]),
}
FEATURES = st.sampled_from(["A.PCLI", "P.PPLC", "P.PPLX", "S.AIRP", "L.AREA"])


@st.composite
def texts(draw, min_words: int = 8, max_words: int = 40) -> str:
    words = draw(st.lists(WORDS, min_size=min_words, max_size=max_words))
    seps = draw(st.lists(SEPARATORS, min_size=len(words) - 1, max_size=len(words) - 1))
    return "".join(w + s for w, s in zip(words, seps + [""], strict=True))


def word_spans(text: str) -> list[tuple[int, int]]:
    """Code-point spans of the whitespace-free words of ``text``."""
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace() or ch in ",–":
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    return spans


@st.composite
def phrase_spans(draw, words: list[tuple[int, int]]) -> tuple[int, int]:
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i, min(i + 2, len(words) - 1)))
    return words[i][0], words[j][1]


def meta_for(text: str) -> Meta:
    return Meta(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), title=text.split("\n", 1)[0].strip(),
                language="en", outlet="unknown", url="unknown", published="unknown", updated="2021-10-31T09:58",
                anchor_date="2021-10-31")


@st.composite
def documents(draw, doc_id: str = "doc-1", declare: bool = False) -> Document:
    """A document that passes every semantic check (given its own text as the seed). ``declare``: also draw its
    declared layers (format 1.1): none (1.0 meaning), or every layer that has items plus any of the others."""
    text = draw(texts())
    words = word_spans(text)
    entity_types = ONTOLOGY.entity_types
    spans = draw(st.lists(phrase_spans(words), min_size=1, max_size=12, unique=True))
    entities: list[Entity] = []
    mentions: list[Mention] = []
    for k, (start, end) in enumerate(spans):
        if entities and draw(st.booleans()):
            entity = draw(st.sampled_from(entities))  # coreference: another mention of an existing entity
        else:
            etype = draw(st.sampled_from(entity_types))
            subtype = draw(st.none() | st.sampled_from(ONTOLOGY.entity_subtypes[etype]))
            entity = Entity(f"E{len(entities) + 1}", etype, subtype)
            entities.append(entity)
        head_start, head_end = draw(st.sampled_from([w for w in words if start <= w[0] and w[1] <= end]))
        mentions.append(Mention(f"M{k + 1}", entity.id, entity.type, draw(st.sampled_from(ONTOLOGY.mention_levels)),
                                start, end, text[start:end], head_start, head_end))
    timexes = []
    for k, (start, end) in enumerate(draw(st.lists(phrase_spans(words), max_size=3, unique=True))):
        ttype = draw(st.sampled_from(ONTOLOGY.timex_types))
        timexes.append(Timex(f"T{k + 1}", start, end, text[start:end], ttype, draw(TIMEX_VALUES[ttype])))
    events: list[Event] = []
    event_mentions: list[EventMention] = []
    for k, (start, end) in enumerate(draw(st.lists(phrase_spans(words), max_size=4, unique=True))):
        if events and draw(st.booleans()):
            event = draw(st.sampled_from(events))
        else:
            attrs = {name: draw(st.sampled_from(values)) for name, values in ONTOLOGY.attributes.items()}
            place = draw(st.none() | st.builds(EventPlace, st.none() | st.integers(1, 10**7),
                                               st.floats(-90, 90), st.floats(-180, 180),
                                               st.sampled_from(ONTOLOGY.geo_precisions)))
            date = draw(st.none() | st.builds(EventDate, st.sampled_from(["2021-10-30", "2020-01", "2017"]),
                                              st.sampled_from(ONTOLOGY.date_precisions)))
            event = Event(f"V{len(events) + 1}", draw(st.sampled_from(ONTOLOGY.event_types)), place=place, date=date,
                          **attrs)
            events.append(event)
        arguments: list[Argument] = []
        for role in draw(st.lists(st.sampled_from(ONTOLOGY.event_roles[event.type]), max_size=3)):
            if ONTOLOGY.role_filler[role] == "timex":
                candidates = [t.id for t in timexes]
            else:
                candidates = [m.id for m in mentions if m.type in ONTOLOGY.role_entity_types[role]]
            if candidates:
                argument = Argument(role, draw(st.sampled_from(candidates)))  # fillers may be shared across events
                if argument not in arguments:
                    arguments.append(argument)
        event_mentions.append(EventMention(f"EM{k + 1}", event.id, start, end, text[start:end], tuple(arguments)))
    toponyms = []
    for m in mentions:
        needs = m.level == "NAM" and m.type in ("GPE", "LOC")
        if needs or (m.level == "NAM" and m.type == "FAC" and draw(st.booleans())):
            geonames_id = draw(st.none() | st.integers(1, 10**7))
            toponyms.append(Toponym(
                m.id, draw(st.sampled_from(ONTOLOGY.toponym_readings)), geonames_id,
                draw(st.floats(-90, 90)), draw(st.floats(-180, 180)), draw(FEATURES),
                "GeoNames" if geonames_id else "a named reference",
                None if geonames_id else draw(st.floats(0.1, 500)),
            ))
    annotated = None
    if declare and draw(st.booleans()):
        by_id = {m.id: m for m in mentions}
        items = {"entities": mentions, "timexes": timexes, "events": event_mentions,
                 "toponyms": [by_id[t.mention] for t in toponyms]}  # every GPE/LOC name has its record here
        layers = []
        for layer in LAYERS:
            if not items[layer] and draw(st.booleans()):
                continue  # a layer with nothing in it may be left undeclared
            # the whole text, or from its start to the end of the layer's last item (a partly annotated text)
            last = max((i.end for i in items[layer]), default=draw(st.integers(1, len(text))))
            end = len(text) if draw(st.booleans()) else last
            layers.append(AnnotatedLayer(layer, ((0, end),)))
        annotated = tuple(layers)
    return Document(doc_id=doc_id, text=text, meta=meta_for(text), entities=tuple(entities),
                    mentions=tuple(mentions), timexes=tuple(timexes), events=tuple(events),
                    event_mentions=tuple(event_mentions), toponyms=tuple(toponyms), annotated=annotated)
