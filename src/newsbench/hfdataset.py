"""The Hugging Face dataset: typed Parquet configs built from the gold, and the card's generated parts.

``datasets`` 5.x runs no loading scripts, so the repository itself is the dataset repo: Parquet files under
``corpus/data/<config>/<split>.parquet`` (features embedded) plus the YAML front matter of README.md, which
declares the configs and their features. Both come from the feature definitions in this module, which read
every label inventory from the ontology.

Configs: ``documents`` (default; one row per article, every layer), ``entities`` (one row per sentence:
tokens, IOB2 tags over the name (NAM) mentions, all mentions as spans), ``events`` (one row per sentence,
ACE05-E style: triggers and in-sentence arguments with token spans), ``toponyms`` (one row per toponym) and
``timexes`` (one row per time expression). Sentences and tokens come from :mod:`newsbench.text`.

Two IOB2 columns, because ACE mention extents are whole noun phrases ("the Sabreen news channel on
Telegram, which is affiliated with Iran-backed Shiite militias" is one ORG name mention, head "Sabreen"):

- ``ner_tags``: the *heads* of the name mentions — CoNLL-style names, what a flat NER tagger learns;
- ``extent_ner_tags``: the *extents* of the name mentions, outermost where they nest.

Rules where the tokens cannot carry an annotation exactly (each case is reported as a notice):

- A span whose boundary falls inside a token is mapped to the smallest run of tokens covering it
  (check ``span-cuts-token``); its character offsets stay exact.
- A span that runs over a sentence boundary belongs to the sentence where it starts, with null token
  offsets, and is not in the IOB2 columns (``span-crosses-sentence``).
- Where names nest, the IOB2 columns hold the outermost (``name-nested``); of two names whose tokens cross,
  the one starting first (then the longer) is kept (``name-overlap``).
- An event argument whose filler lies outside the trigger's sentence is not in the ``events`` config (the
  count is kept in ``arguments_outside_sentence``); ``documents`` keeps every argument.
- A config/split without rows gets no file and is not declared (``datasets`` cannot load an empty split).

Output is deterministic: documents in split order then doc id order, rows in text order, fixed Parquet
writer settings, no timestamps (building twice gives the same bytes). The build validates every gold
document, writes into a temporary folder and swaps it in only when all are valid; memory is bounded by a few
chunks of documents in flight, not by the corpus size.
"""

from __future__ import annotations

import bisect
import gc
import json
import os
import re
import tempfile
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from . import jsonio
from .model import LAYERS, Document, EventMention, Mention, Timex
from .ontology import Ontology, load_ontology
from .paths import corpus_dir as default_corpus_dir
from .text import Sentence, iob2_tags, split_sentences
from .validate import InvalidInput, Problem, display_path, json_type, read_json_file, validate_file

CONFIGS: tuple[str, ...] = ("documents", "entities", "events", "toponyms", "timexes")
DEFAULT_CONFIG = "documents"
SPLITS: tuple[str, ...] = ("train", "validation", "test")
STATS_MARKERS = ("<!-- BEGIN GENERATED STATS -->", "<!-- END GENERATED STATS -->")
EXAMPLES_MARKERS = ("<!-- BEGIN GENERATED EXAMPLES -->", "<!-- END GENERATED EXAMPLES -->")

# Documents are converted in chunks of this many (one per worker task); each chunk's rows become one row group
# per config. At most IN_FLIGHT_CHUNKS chunks are held at once: that, not the corpus size, bounds the memory.
CHUNK_DOCS = 128
IN_FLIGHT_CHUNKS = 4
# Below this many documents the build converts in its own process: starting workers costs more than it saves.
PARALLEL_MIN_DOCS = 256
PARQUET_OPTIONS: Mapping[str, Any] = {
    "compression": "zstd", "compression_level": 1, "use_dictionary": True, "write_statistics": True,
    "version": "2.6", "data_page_version": "1.0", "store_schema": True,
}

# Card metadata the build writes into the README's YAML front matter besides configs and dataset_info.
# The lead owns these values; change them here (the front matter itself is generated, never hand-edited).
CARD_METADATA: Mapping[str, Any] = {
    "pretty_name": "newsbench",
    "license": "other",
    "license_name": "newsbench-mixed",
    "license_link": "README.md#licence-and-attribution",
    "annotations_creators": ["machine-generated"],  # AI model sessions annotated, no human (DATASHEET §4)
    "language_creators": ["found"],
    "multilinguality": ["monolingual"],
    "source_datasets": ["original"],
    "task_categories": ["token-classification"],
    "task_ids": ["named-entity-recognition"],
    "tags": ["news", "entity-coreference", "event-extraction", "ace2005", "toponym-resolution", "geoparsing",
             "timex"],
}

NOTICE_CHECKS: Mapping[str, str] = {
    "span-cuts-token": "a span boundary falls inside a token: token offsets cover the smallest run of tokens around it",
    "span-crosses-sentence": "a span runs over a sentence boundary: null token offsets, not in the IOB2 columns",
    "name-nested": "a name's head or extent lies inside another's tokens: only the outermost is in the IOB2 column",
    "name-overlap": "two names' tokens cross: the one starting first (then the longer) is in the IOB2 column",
    "sentence-partly-annotated": "a sentence runs over the end of a declared range: its items are in the documents "
                                 "config only, not in the entities or events config",
}


# --- feature definitions -------------------------------------------------------------------------------------


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class LabelSets:
    """The ClassLabel names of every closed inventory, in ontology order."""

    entity_types: tuple[str, ...]
    entity_subtypes: tuple[str, ...]
    mention_levels: tuple[str, ...]
    timex_types: tuple[str, ...]
    event_types: tuple[str, ...]
    roles: tuple[str, ...]
    attributes: Mapping[str, tuple[str, ...]]
    realis: tuple[str, ...]
    readings: tuple[str, ...]
    ner_tags: tuple[str, ...]

    @classmethod
    def from_ontology(cls, onto: Ontology) -> "LabelSets":
        return cls(
            entity_types=onto.entity_types,
            entity_subtypes=tuple(_unique(s for t in onto.entity_types for s in onto.entity_subtypes[t])),
            mention_levels=onto.mention_levels,
            timex_types=onto.timex_types,
            event_types=onto.event_types,
            roles=onto.roles,
            attributes=dict(onto.attributes),
            realis=onto.realis_values,
            readings=onto.toponym_readings,
            ner_tags=("O",) + tuple(f"{p}-{t}" for t in onto.entity_types for p in ("B", "I")),
        )

    def index(self) -> dict[str, dict[str, int]]:
        """label -> ClassLabel index, per inventory."""
        out = {name: {label: i for i, label in enumerate(getattr(self, name))}
               for name in ("entity_types", "entity_subtypes", "mention_levels", "timex_types", "event_types",
                            "roles", "realis", "readings", "ner_tags")}
        for attr, values in self.attributes.items():
            out[attr] = {label: i for i, label in enumerate(values)}
        return out


def _per_ontology(fn):
    """Cache ``fn(onto)`` per ontology object (an Ontology holds mappings, so it is not hashable)."""
    cache: dict[int, tuple[Ontology, Any]] = {}

    def cached(onto: Ontology | None = None):
        onto = onto or load_ontology()
        if id(onto) not in cache:
            cache[id(onto)] = (onto, fn(onto))
        return cache[id(onto)][1]

    cached.__doc__, cached.__name__ = fn.__doc__, fn.__name__
    return cached


@_per_ontology
def label_sets(onto: Ontology | None = None) -> LabelSets:
    return LabelSets.from_ontology(onto or load_ontology())


@_per_ontology
def all_features(onto: Ontology | None = None) -> dict[str, Any]:
    """config name -> ``datasets.Features``: the one definition the Parquet schema and the card YAML come from."""
    from datasets import ClassLabel, Features, List, Value

    labels = label_sets(onto)
    string, i32, i8, f64 = Value("string"), Value("int32"), Value("int8"), Value("float64")

    def label(names: Sequence[str]) -> ClassLabel:
        return ClassLabel(names=list(names))

    attributes = {name: label(values) for name, values in labels.attributes.items()}
    mention = {"id": string, "entity": string, "type": label(labels.entity_types),
               "level": label(labels.mention_levels), "start": i32, "end": i32, "text": string,
               "head_start": i32, "head_end": i32}
    token_span = {"token_start": i32, "token_end": i32}
    sentence = {"doc_id": string, "sentence_index": i32, "sentence_start": i32, "sentence_end": i32,
                "text": string, "tokens": List(string), "token_starts": List(i32), "token_ends": List(i32)}
    timex = {"id": string, "start": i32, "end": i32, "text": string, "type": label(labels.timex_types),
             "value": string}
    toponym = {"reading": label(labels.readings), "geonames_id": i32, "lat": f64, "lon": f64, "feature": string,
               "source": string, "uncertainty_km": f64}
    context = {"context": string, "context_start": i32, "context_end": i32}
    sentence_mention = {**mention, **token_span, "head_token_start": i32, "head_token_end": i32}
    sentence_mention = {k: sentence_mention[k] for k in
                        ("id", "entity", "type", "level", "start", "end", "token_start", "token_end", "text",
                         "head_start", "head_end", "head_token_start", "head_token_end")}

    return {
        "documents": Features({
            "doc_id": string, "title": string, "text": string, "language": string, "outlet": string, "url": string,
            "published": string, "updated": string, "anchor_date": string, "sha256": string,
            "entities": List({"id": string, "type": label(labels.entity_types),
                              "subtype": label(labels.entity_subtypes)}),
            "mentions": List(mention),
            "timexes": List(timex),
            "events": List({"id": string, "type": label(labels.event_types), **attributes,
                            "realis": label(labels.realis),
                            "place": {"geonames_id": i32, "lat": f64, "lon": f64, "precision": i8},
                            "date": {"value": string, "precision": i8}}),
            "event_mentions": List({"id": string, "event": string, "type": label(labels.event_types),
                                    "start": i32, "end": i32, "text": string,
                                    "arguments": List({"role": label(labels.roles), "ref": string, "start": i32,
                                                       "end": i32, "text": string})}),
            "toponyms": List({"mention": string, "start": i32, "end": i32, "text": string, **toponym}),
            "annotated": List({"layer": string, "start": i32, "end": i32}),
        }),
        "entities": Features({
            **sentence,
            "ner_tags": List(label(labels.ner_tags)),
            "extent_ner_tags": List(label(labels.ner_tags)),
            "mentions": List(sentence_mention),
        }),
        "events": Features({
            **sentence,
            "event_mentions": List({
                "id": string, "event": string, "type": label(labels.event_types), **attributes,
                "realis": label(labels.realis), "start": i32, "end": i32, **token_span, "text": string,
                "arguments": List({"role": label(labels.roles), "ref": string, "start": i32, "end": i32,
                                   **token_span, "text": string}),
                "arguments_outside_sentence": i32,
            }),
            "mentions": List(sentence_mention),
            "timexes": List({"id": string, "type": label(labels.timex_types), "value": string, "start": i32,
                             "end": i32, **token_span, "text": string}),
        }),
        "toponyms": Features({
            "doc_id": string, "mention": string, "entity": string, "type": label(labels.entity_types),
            "start": i32, "end": i32, "text": string, **toponym, **context,
        }),
        "timexes": Features({
            "doc_id": string, **timex, "anchor_date": string, **context,
        }),
    }


@_per_ontology
def arrow_schemas(onto: Ontology | None = None) -> dict[str, Any]:
    """config -> pyarrow schema, with the features embedded as the ``huggingface`` metadata datasets reads."""
    return {config: features.arrow_schema for config, features in all_features(onto).items()}


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


@_per_ontology
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
        if m.level == "NAM":
            if p.token_start is not None:
                extents_in[p.sentence].append(Name(p.token_start, p.token_end, m.start, i, m.type))
            if h.token_start is not None:
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

    entity_rows, event_rows = [], []
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


# --- splits ----------------------------------------------------------------------------------------------------

SPLIT_CHECKS: Mapping[str, str] = {
    "splits-missing": "corpus/splits.json does not exist",
    "splits-malformed": "corpus/splits.json is not {\"splits\": {<split>: [<doc_id>, ...]}}",
    "split-name-unknown": "a split is not one of train, validation, test",
    "split-doc-repeated": "a document is listed more than once (in one split or in several)",
    "split-doc-unknown": "a listed document has neither a seed nor a gold file",
    "split-doc-missing": "a gold document is in no split",
    "gold-missing": "there is no gold document to build from",
}


def splits_path(corpus: Path) -> Path:
    return Path(corpus) / "splits.json"


def read_splits(corpus: Path) -> tuple[dict[str, list[str]] | None, list[Problem]]:
    """split -> doc ids as listed in corpus/splits.json (None if the file cannot be read as such), and the
    problems of its shape."""
    path = splits_path(corpus)
    file = display_path(path)
    if not path.is_file():
        return None, [Problem("splits-missing", file, None, "", "expected a file listing every gold document's "
                              "split, found none")]
    data, problems = read_json_file(path)
    if data is None:
        return None, problems
    if isinstance(data, dict) and set(data) - {"$comment", "splits"}:
        problems.append(Problem("splits-malformed", file, None, "", "expected only the keys $comment and splits, "
                                f"found {', '.join(sorted(set(data) - {'$comment', 'splits'}))}"))
    splits = data.get("splits") if isinstance(data, dict) else None
    if not isinstance(splits, dict):
        return None, [Problem("splits-malformed", file, None, "/splits",
                            f"expected an object of split -> list of doc ids, found {json_type(splits)}")]
    out: dict[str, list[str]] = {}
    for name, ids in splits.items():
        pointer = jsonio.json_pointer("splits", name)
        if name not in SPLITS:
            problems.append(Problem("split-name-unknown", file, None, pointer,
                                    f"expected one of {', '.join(SPLITS)}, found {name!r}"))
            continue
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(Problem("splits-malformed", file, None, pointer,
                                    f"expected a list of doc ids, found {json.dumps(ids)[:60]}"))
            continue
        out[name] = ids
    return out, problems


def split_problems(corpus: Path, splits: Mapping[str, list[str]], gold_ids: Iterable[str]) -> list[Problem]:
    """Every gold document in exactly one split; every listed document known."""
    corpus = Path(corpus)
    file = display_path(splits_path(corpus))
    problems: list[Problem] = []
    where: dict[str, str] = {}
    for name in SPLITS:
        for k, doc_id in enumerate(splits.get(name, [])):
            pointer = jsonio.json_pointer("splits", name, k)
            if doc_id in where:
                problems.append(Problem("split-doc-repeated", file, doc_id, pointer,
                                        f"expected each document in one split once, found {doc_id!r} also at "
                                        f"{where[doc_id]}"))
                continue
            where[doc_id] = pointer
            if not (corpus / "seeds" / f"{doc_id}.txt").is_file() and not (corpus / "gold" / f"{doc_id}.json").is_file():
                problems.append(Problem("split-doc-unknown", file, doc_id, pointer,
                                        f"expected a seed or gold document {doc_id!r}, found neither"))
    gold_ids = list(gold_ids)
    for doc_id in gold_ids:
        if doc_id not in where:
            problems.append(Problem("split-doc-missing", file, doc_id, "/splits",
                                    f"expected gold document {doc_id!r} in one of {', '.join(SPLITS)}, found it in none"))
    if not gold_ids:
        problems.append(Problem("gold-missing", display_path(corpus / "gold"), None, "",
                                "expected at least one gold document <doc_id>.json, found none"))
    return problems


# --- conversion and streamed writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chunk:
    """A run of documents of one split, converted together: one Arrow table per config."""

    split: str
    problems: tuple[Problem, ...] = ()
    tables: Mapping[str, Any] = field(default_factory=dict)
    documents: int = 0
    notices: tuple[Problem, ...] = ()
    stats: Counter = field(default_factory=Counter)
    examples: Mapping[str, int] = field(default_factory=dict)
    """Per config, the row (in this chunk's table) of the first row worth showing on the card."""
    languages: frozenset[str] = frozenset()


_worker_schemas: dict[str, Any] | None = None


def _init_worker(schemas: dict[str, Any]) -> None:
    global _worker_schemas
    _worker_schemas = schemas
    # A worker allocates many small, acyclic objects per document; the default collection threshold makes the
    # cycle collector run every few hundred of them and costs ~13% of the conversion time.
    gc.freeze()
    gc.set_threshold(100_000, 50, 50)


def _convert_chunk(split: str, paths: Sequence[Path], seeds: Path,
                   schemas: dict[str, Any] | None = None) -> _Chunk:
    """Validate a run of gold files and turn them into one Arrow table per config (runs in a worker)."""
    schemas = schemas or _worker_schemas
    problems: list[Problem] = []
    rows: dict[str, list[dict]] = {c: [] for c in CONFIGS}
    notices: list[Problem] = []
    stats: Counter = Counter()
    examples: dict[str, int] = {}
    languages: set[str] = set()
    for path in paths:
        result = validate_file(path, seeds=seeds)
        problems.extend(result.problems)
        if problems or result.document is None:  # keep validating, stop converting
            continue
        doc = result.document
        out = document_rows(doc, display_path(path))
        for config in CONFIGS:
            k = out.example[config]
            if k is not None and config not in examples:
                examples[config] = len(rows[config]) + k
            rows[config].extend(out.rows[config])
        notices.extend(out.notices)
        stats.update(out.stats)
        languages.add(doc.meta.language)
    if problems:
        return _Chunk(split, problems=tuple(problems))
    return _Chunk(split, (), _tables(rows, schemas), len(paths), tuple(notices), stats, examples, frozenset(languages))


# The entities and events configs have one row per sentence, in the same order, and these columns in common:
# they are converted to Arrow once and shared by both tables (unless declared layers give them different sentences).
_SHARED_SENTENCE_COLUMNS = frozenset({"doc_id", "sentence_index", "sentence_start", "sentence_end", "text", "tokens",
                                      "token_starts", "token_ends", "mentions"})


def _tables(rows: Mapping[str, list[dict]], schemas: Mapping[str, Any]) -> dict[str, Any]:
    """One Arrow table per config, built column by column."""
    import pyarrow as pa

    shared: dict[str, Any] = {}
    tables = {}
    entity_rows, event_rows = rows["entities"], rows["events"]
    same = len(entity_rows) == len(event_rows) and all(
        a["doc_id"] == b["doc_id"] and a["sentence_index"] == b["sentence_index"] for a, b in zip(entity_rows, event_rows))
    for config in CONFIGS:
        columns = []
        for f in schemas[config]:
            if same and config in ("entities", "events") and f.name in _SHARED_SENTENCE_COLUMNS:
                if f.name not in shared:
                    shared[f.name] = pa.array([r[f.name] for r in rows[config]], type=f.type)
                assert shared[f.name].type == f.type
                columns.append(shared[f.name])
            else:
                columns.append(pa.array([r[f.name] for r in rows[config]], type=f.type))
        tables[config] = pa.Table.from_arrays(columns, schema=schemas[config])
    return tables


def _chunks(jobs: Sequence[tuple[str, list[Path]]], seeds: Path, schemas: dict[str, Any],
            workers: int) -> Iterator[_Chunk]:
    """Converted chunks in job order; at most IN_FLIGHT_CHUNKS held at once, whatever the corpus size."""
    if workers <= 1 or sum(len(paths) for _, paths in jobs) < PARALLEL_MIN_DOCS:
        for split, paths in jobs:
            yield _convert_chunk(split, paths, seeds, schemas)
        return
    import multiprocessing

    # spawn, not fork: the parent may hold pyarrow's threads, which fork does not copy safely. (So a script
    # that calls build() with workers > 1 needs the usual `if __name__ == "__main__":` guard.)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker, initargs=(schemas,)) as pool:
        queued = iter(jobs)
        pending: deque = deque()

        def submit_next() -> None:
            for split, paths in queued:
                pending.append(pool.submit(_convert_chunk, split, paths, seeds))
                return

        for _ in range(IN_FLIGHT_CHUNKS):
            submit_next()
        while pending:
            done = pending.popleft().result()
            submit_next()
            yield done


class _SplitWriter:
    """One ParquetWriter per config for one split, opened at the config's first row (``datasets`` cannot load
    a split without rows, so such a file is not written); each chunk's table becomes one row group."""

    def __init__(self, dest: Path, split: str, schemas: dict[str, Any]):
        self.dest, self.split, self.schemas = dest, split, schemas
        self.paths: dict[str, Path] = {}
        self.writers: dict[str, Any] = {}
        self.rows: Counter = Counter()

    def add(self, tables: Mapping[str, Any]) -> None:
        import pyarrow.parquet as pq

        for config, table in tables.items():
            if not table.num_rows:
                continue
            if config not in self.writers:
                path = self.dest / config / f"{self.split}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                self.paths[config] = path
                self.writers[config] = pq.ParquetWriter(path, self.schemas[config], **PARQUET_OPTIONS)
            self.writers[config].write_table(table, row_group_size=table.num_rows)
            self.rows[config] += table.num_rows

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


@dataclass(frozen=True)
class _Written:
    files: tuple[Path, ...]
    rows: Mapping[str, Mapping[str, int]]
    """config -> split -> rows."""
    documents: Mapping[str, int]
    """split -> documents."""
    notices: tuple[Problem, ...]
    stats: Mapping[str, Counter]
    """split -> counts (see :func:`document_stats`)."""
    examples: Mapping[str, dict]
    """config -> the example row, as Python values with ClassLabels by name."""
    languages: tuple[str, ...]


def _gold_paths(corpus: Path) -> list[Path]:
    return sorted((Path(corpus) / "gold").glob("*.json"))


def _write_data(corpus: Path, dest: Path, workers: int) -> _Written:
    """Validate the splits and every gold document and write the Parquet files under ``dest``.
    Raises InvalidInput with every problem found (the caller throws ``dest`` away)."""
    corpus = Path(corpus)
    gold = {p.stem: p for p in _gold_paths(corpus)}
    splits, problems = read_splits(corpus)
    if splits is not None:
        problems += split_problems(corpus, splits, gold)
    if problems:
        raise InvalidInput(problems)
    jobs: list[tuple[str, list[Path]]] = []
    for name in SPLITS:
        paths = [gold[doc_id] for doc_id in sorted(set(splits.get(name, ())) & gold.keys())]
        jobs += [(name, paths[i:i + CHUNK_DOCS]) for i in range(0, len(paths), CHUNK_DOCS)]
    schemas = arrow_schemas()
    features = all_features()
    writers: dict[str, _SplitWriter] = {}
    notices: list[Problem] = []
    stats: dict[str, Counter] = {}
    documents: Counter = Counter()
    examples: dict[str, dict] = {}
    languages: set[str] = set()
    try:
        for chunk in _chunks(jobs, corpus / "seeds", schemas, workers):
            problems.extend(chunk.problems)
            if problems:  # keep validating to report everything, but write nothing more
                continue
            if chunk.split not in writers:
                writers[chunk.split] = _SplitWriter(dest, chunk.split, schemas)
            writers[chunk.split].add(chunk.tables)
            notices.extend(chunk.notices)
            stats.setdefault(chunk.split, Counter()).update(chunk.stats)
            documents[chunk.split] += chunk.documents
            languages |= chunk.languages
            for config, k in chunk.examples.items():
                if config not in examples:
                    examples[config] = _decoded(chunk.tables[config].slice(k, 1).to_pylist()[0], features[config])
    finally:
        for writer in writers.values():
            writer.close()
    if problems:
        raise InvalidInput(problems)
    return _Written(
        files=tuple(writers[name].paths[c] for name in SPLITS if name in writers for c in CONFIGS
                    if c in writers[name].paths),
        rows={c: {name: writers[name].rows[c] for name in SPLITS if name in writers and writers[name].rows[c]}
              for c in CONFIGS},
        documents={name: documents[name] for name in SPLITS if name in writers},
        notices=tuple(notices), stats=stats, examples=examples, languages=tuple(sorted(languages)),
    )


def _decoded(value: Any, feature: Any) -> Any:
    """A stored value with its ClassLabel indices replaced by their names."""
    from datasets import ClassLabel, List

    if value is None:
        return None
    if isinstance(feature, ClassLabel):
        return feature.int2str(value)
    if isinstance(feature, List):
        return [_decoded(v, feature.feature) for v in value]
    if isinstance(feature, dict):
        return {k: _decoded(value[k], f) for k, f in feature.items()}
    return value


# --- the dataset card ----------------------------------------------------------------------------------------

CARD_CHECKS: Mapping[str, str] = {
    "card-missing": "the README (dataset card) does not exist",
    "card-markers-missing": "the README lacks a pair of generated-section markers, or has them more than once or "
                            "out of order",
}
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
GENERATED_NOTE = "<!-- generated by `newsbench build` from corpus/gold and corpus/splits.json; do not edit -->"


def card_problems(readme: Path) -> list[Problem]:
    """The README exists and has each marker pair exactly once, BEGIN before END."""
    file = display_path(readme)
    if not Path(readme).is_file():
        return [Problem("card-missing", file, None, "", "expected the README that is the dataset card, found none")]
    text = Path(readme).read_text(encoding="utf-8")
    problems = []
    for begin, end in (STATS_MARKERS, EXAMPLES_MARKERS):
        counts = (text.count(begin), text.count(end))
        if counts != (1, 1) or text.index(begin) > text.index(end):
            problems.append(Problem(
                "card-markers-missing", file, None, "",
                f"expected the lines {begin} and {end} once each, in that order, around the generated section, "
                f"found them {counts[0]} and {counts[1]} time(s)"))
    return problems


def size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "n>1M"


def front_matter(written: _Written, out: Path, readme: Path) -> str:
    """The card's YAML metadata: configs and dataset_info from the same Features the Parquet files embed."""
    import yaml

    base = Path(readme).resolve().parent

    def rel(path: Path) -> str:
        return Path(os.path.relpath(Path(path).resolve(), base)).as_posix()

    features = all_features()
    meta: dict[str, Any] = {**CARD_METADATA, "language": list(written.languages),
                            "size_categories": [size_category(sum(written.documents.values()))]}
    # A config without any row (e.g. no toponym annotated yet) cannot be loaded, so it is not declared.
    declared = [c for c in CONFIGS if written.rows[c]]
    meta["configs"] = [
        {"config_name": config,
         "data_files": [{"split": split, "path": rel(Path(out) / config / f"{split}.parquet")}
                        for split in written.rows[config]],
         **({"default": True} if config == DEFAULT_CONFIG else {})}
        for config in declared
    ]
    meta["dataset_info"] = [{"config_name": c, "features": features[c]._to_yaml_list()} for c in declared]
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=120) + "---\n"


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    right = ["---"] + ["--:"] * (len(header) - 1)
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(right) + " |"] + \
        ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]


def stats_markdown(written: _Written, onto: Ontology | None = None) -> str:
    onto = onto or load_ontology()
    total: Counter = Counter()
    for counts in written.stats.values():
        total.update(counts)

    def count(*key: str) -> int:
        return total[key]

    lines = [GENERATED_NOTE, "", "**Documents**", ""]
    lines += _table(["split", "documents", "sentences", "tokens", "code points"],
                    [[s, c["documents", ], c["sentences", ], c["tokens", ], c["code_points", ]]
                     for s, c in written.stats.items()]
                    + [["**total**", count("documents"), count("sentences"), count("tokens"), count("code_points")]])
    levels = onto.mention_levels
    lines += ["", "**Entities and mentions by type and level** (an entity is a coreference cluster of mentions)", ""]
    lines += _table(["type", "entities", *levels, "mentions"],
                    [[t, count("entities", t), *(count("mentions", t, lv) for lv in levels),
                      sum(count("mentions", t, lv) for lv in levels)] for t in onto.entity_types]
                    + [["**total**", sum(count("entities", t) for t in onto.entity_types),
                        *(sum(count("mentions", t, lv) for t in onto.entity_types) for lv in levels),
                        sum(v for k, v in total.items() if k[0] == "mentions")]])
    lines += ["", "**Time expressions by type**", ""]
    lines += _table(["type", "timexes"], [[t, count("timexes", t)] for t in onto.timex_types]
                    + [["**total**", sum(count("timexes", t) for t in onto.timex_types)]])
    lines += ["", "**Events by type** (an event is a coreference cluster of event mentions; types with none are "
              "left out)", ""]
    lines += _table(["type", "events", "event mentions"],
                    [[t, count("events", t), count("event_mentions", t)] for t in onto.event_types
                     if count("event_mentions", t)]
                    + [["**total**", sum(count("events", t) for t in onto.event_types),
                        sum(count("event_mentions", t) for t in onto.event_types)]])
    lines += ["", "**Event arguments by role** (roles with none are left out) and **events by realis**", ""]
    lines += _table(["role", "arguments"], [[r, count("arguments", r)] for r in onto.roles if count("arguments", r)]
                    + [["**total**", sum(count("arguments", r) for r in onto.roles)]])
    lines += [""]
    lines += _table(["realis", "events"], [[r, count("realis", r)] for r in onto.realis_values])
    lines += ["", "**Toponyms by reading**", ""]
    lines += _table(["reading", "toponyms"], [[r, count("toponyms", r)] for r in onto.toponym_readings]
                    + [["**total**", sum(count("toponyms", r) for r in onto.toponym_readings)]])
    return "\n".join(lines)


def _abbreviated(value: Any, depth: int = 0) -> Any:
    """Long strings cut, lists shortened (scalars to 12 items, structs to 2), with a note of what was left out."""
    if isinstance(value, str):
        return value if len(value) <= 160 else value[:160] + f"… (+{len(value) - 160} code points)"
    if isinstance(value, dict):
        return {k: _abbreviated(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        keep = 2 if any(isinstance(v, dict) for v in value) else 12
        out = [_abbreviated(v, depth + 1) for v in value[:keep]]
        return out + ([f"… (+{len(value) - keep} more)"] if len(value) > keep else [])
    return value


def _render_example(row: Mapping[str, Any]) -> str:
    """JSON with one field per line and one list item of structs per line."""
    def inline(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for key, value in row.items():
        if isinstance(value, list) and any(isinstance(v, dict) for v in value):
            items = ",\n".join(f"  {inline(v)}" for v in value)
            fields.append(f" {inline(key)}: [\n{items}\n ]")
        else:
            fields.append(f" {inline(key)}: {inline(value)}")
    return "{\n" + ",\n".join(fields) + "\n}"


def examples_markdown(written: _Written) -> str:
    lines = [GENERATED_NOTE, "",
             "One real row per config, abbreviated (long strings cut, long lists shortened). ClassLabel fields are "
             "shown by name; the Parquet files store their index.", ""]
    for config in CONFIGS:
        lines += [f"`{config}`", ""]
        if config in written.examples:
            lines += ["```json", _render_example(_abbreviated(written.examples[config])), "```", ""]
        else:
            lines += ["(no row yet)", ""]
    return "\n".join(lines).rstrip("\n")


def render_readme(current: str, written: _Written, out: Path, readme: Path) -> str:
    """``current`` with its front matter and the two generated sections replaced; everything else untouched."""
    body = _FRONT_MATTER.sub("", current, count=1)
    for (begin, end), content in ((STATS_MARKERS, stats_markdown(written)), (EXAMPLES_MARKERS, examples_markdown(written))):
        head, rest = body.split(begin, 1)
        _, tail = rest.split(end, 1)
        body = f"{head}{begin}\n{content}\n{end}{tail}"
    return front_matter(written, out, readme) + body


# --- build and check ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    files: tuple[Path, ...]
    """The Parquet files written, config by config within each split."""
    readme: Path
    rows: Mapping[str, Mapping[str, int]]
    """config -> split -> rows."""
    documents: Mapping[str, int]
    """split -> documents."""
    notices: tuple[Problem, ...]
    """Where the sentence-level configs could not carry an annotation exactly (see the module docstring)."""


def _locations(corpus: Path | None, out: Path | None, readme: Path | None) -> tuple[Path, Path, Path]:
    corpus = Path(corpus) if corpus is not None else default_corpus_dir()
    out = Path(out) if out is not None else corpus / "data"
    readme = Path(readme) if readme is not None else corpus.parent / "README.md"
    return corpus, out, readme


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def build(corpus_dir: Path | None = None, out_dir: Path | None = None, *, readme: Path | None = None,
          workers: int | None = None) -> BuildResult:
    """Build ``out_dir/<config>/<split>.parquet`` (default corpus/data) from ``corpus_dir`` (default corpus/)
    and regenerate the card's front matter and generated sections in ``readme`` (default README.md beside
    the corpus folder).

    Raises :class:`InvalidInput` with every problem (splits, gold documents, card markers) when the input is
    not valid; ``out_dir`` and the README are then left untouched. Otherwise the new data folder replaces
    the old one whole.
    """
    corpus, out, readme = _locations(corpus_dir, out_dir, readme)
    problems = card_problems(readme)
    if problems:
        raise InvalidInput(problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    with jsonio.replace_folder(out) as staging:  # corpus/data is the old or the new complete folder at every instant
        written = _write_data(corpus, staging, workers or default_workers())
        text = render_readme(readme.read_text(encoding="utf-8"), written, out, readme)
    jsonio.write_text_atomic(readme, text)
    files = tuple(out / p.relative_to(staging) for p in written.files)
    return BuildResult(files, readme, written.rows, written.documents, written.notices)


def _same_parquet(a: Path, b: Path) -> bool:
    """Same bytes, or (written by another pyarrow version) the same schema, metadata and rows."""
    if a.read_bytes() == b.read_bytes():
        return True
    import pyarrow.parquet as pq

    ta, tb = pq.read_table(a), pq.read_table(b)
    return ta.schema.equals(tb.schema, check_metadata=True) and ta.equals(tb)


def check(corpus_dir: Path | None = None, out_dir: Path | None = None, *, readme: Path | None = None,
          workers: int | None = None) -> list[Path]:
    """The committed files that are stale against the gold: Parquet files that differ, are missing or are left
    over, and the README if its generated parts differ. Empty when everything is up to date.
    Raises :class:`InvalidInput` like :func:`build`."""
    corpus, out, readme = _locations(corpus_dir, out_dir, readme)
    problems = card_problems(readme)
    if problems:
        raise InvalidInput(problems)
    with tempfile.TemporaryDirectory(prefix="newsbench-check-") as tmp:
        fresh = Path(tmp)
        written = _write_data(corpus, fresh, workers or default_workers())
        expected = {p.relative_to(fresh) for p in written.files}
        present = {p.relative_to(out) for p in out.rglob("*") if p.is_file()} if out.is_dir() else set()
        stale = sorted(out / rel for rel in expected | present
                       if rel not in expected or rel not in present or not _same_parquet(fresh / rel, out / rel))
        current = readme.read_text(encoding="utf-8")
        if render_readme(current, written, out, readme) != current:
            stale.append(readme)
    return stale
