"""The in-memory data model: small frozen dataclasses, linked by id.

Offsets everywhere are Unicode code points into ``Document.text``, half-open: ``text[start:end]``.
JSON key names are known only to :mod:`newsbench.jsonio`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from collections.abc import Iterable, Mapping, Sequence

SCHEMA_VERSION = "1.1"
UNKNOWN = "unknown"
LAYERS = ("entities", "timexes", "events", "toponyms")
"""The layers a document can declare annotated: entities (mentions, heads, types, coreference), timexes, events
(event mentions, attributes, arguments, event coreference), toponyms (readings and resolutions of place names)."""


@dataclass(frozen=True, slots=True)
class Meta:
    """A document's metadata: checksum of its seed text, title, source and the dates it is anchored to."""

    sha256: str
    title: str
    language: str
    outlet: str
    url: str
    published: str
    updated: str
    anchor_date: str
    """The date relative time expressions resolve against (ISO 8601 YYYY-MM-DD)."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A discourse entity: the ACE type (and subtype) its mentions share."""

    id: str
    type: str
    subtype: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity: its extent and head as code-point offsets, and its level."""

    id: str
    entity: str
    type: str
    level: str
    start: int
    end: int
    text: str
    head_start: int
    head_end: int


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression with its TIMEX3 type and normalised value."""

    id: str
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where an event happened: a GeoNames id (or none), coordinates and a geo precision code."""

    geonames_id: int | None
    lat: float
    lon: float
    precision: int


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened: an ISO 8601 value and a date precision code."""

    value: str
    precision: int


@dataclass(frozen=True, slots=True)
class Event:
    """An event (coreference cluster of event mentions): its ACE subtype and the four ACE attributes."""

    id: str
    type: str
    polarity: str
    tense: str
    genericity: str
    modality: str
    place: EventPlace | None = None
    date: EventDate | None = None

    @property
    def attributes(self) -> dict[str, str]:
        """The four ACE attributes by name."""
        return {
            "polarity": self.polarity,
            "tense": self.tense,
            "genericity": self.genericity,
            "modality": self.modality,
        }


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of an event mention: its role and the id of the mention or timex filling it."""

    role: str
    ref: str
    """A mention id, or a timex id for the role Time."""


@dataclass(frozen=True, slots=True)
class EventMention:
    """One mention of an event: the trigger's extent and its arguments."""

    id: str
    event: str
    start: int
    end: int
    text: str
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True)
class Toponym:
    """The reading and resolution of a place-name mention (a GeoNames id, or coordinates from a named source)."""

    mention: str
    reading: str
    geonames_id: int | None
    lat: float
    lon: float
    feature: str
    source: str
    uncertainty_km: float | None


@dataclass(frozen=True, slots=True)
class AnnotatedLayer:
    """A layer annotated on part of a text: the half-open code-point ranges its annotation covers."""

    layer: str
    ranges: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Document:
    """A gold document: the text, its metadata and every annotation layer, linked by id."""

    doc_id: str
    text: str
    meta: Meta
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    event_mentions: tuple[EventMention, ...] = ()
    toponyms: tuple[Toponym, ...] = ()
    schema_version: str = SCHEMA_VERSION
    annotated: tuple[AnnotatedLayer, ...] | None = None
    """The declared layers; None declares every layer over the whole text (what a format 1.0 document means)."""

    def annotated_ranges(self, layer: str) -> tuple[tuple[int, int], ...]:
        """The ranges of the text where ``layer`` is annotated; () where the document does not annotate it."""
        if self.annotated is None:
            return ((0, len(self.text)),)
        return next((a.ranges for a in self.annotated if a.layer == layer), ())

    def annotates(self, layer: str) -> bool:
        """Whether the document annotates layer anywhere."""
        return bool(self.annotated_ranges(layer))


def span_within(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """True when the span [start, end) lies inside one of ``ranges`` (half-open, code points), e.g. a document's
    :meth:`Document.annotated_ranges` of a layer."""
    return any(s <= start and end <= e for s, e in ranges)


def declare_whole(doc: Document, layers: Iterable[str]) -> Document:
    """``doc`` with ``layers`` declared annotated over its whole text, its other declarations kept (a document
    without declarations already annotates every layer and is returned as it is)."""
    if doc.annotated is None:
        return doc
    whole = ((0, len(doc.text)),)
    wanted = set(layers)
    kept = {a.layer: a.ranges for a in doc.annotated}
    kept.update((layer, whole) for layer in wanted)
    return replace(doc, annotated=tuple(AnnotatedLayer(layer, kept[layer]) for layer in LAYERS if layer in kept))


@dataclass(frozen=True, slots=True)
class StandoffSource:
    """Where a standoff pass's text comes from: a development-corpus file read by a registered importer."""

    format: str
    """The importer's name (``newsbench import`` formats)."""
    corpus: str
    """Folder of the development corpora (``gum-news``, ``meantime-en``, ``geovirus``)."""
    file: str
    """Path of the source file inside that folder, with ``/`` separators."""
    article: int
    """Index of the document among those the importer reads from the file (0-based)."""
    text_sha256: str
    """sha256 of the text's UTF-8 bytes."""
    text_length: int
    """Length of the text in code points."""


@dataclass(frozen=True, slots=True)
class StandoffRound:
    """The annotation round a standoff pass belongs to: its number and the guidelines it was made with."""

    number: int
    """1, 2, ...: each round is one double annotation of its own articles."""
    guidelines: str
    """The commit (hex) of ``schema/GUIDELINES.md`` the annotators were given."""


# --- system submissions: spans by offsets, no gold ids ------------------------------------------


@dataclass(frozen=True, slots=True)
class SystemInfo:
    """A submitting system's name, version, description, link and parameters."""

    name: str
    version: str
    description: str
    url: str | None = None
    params: Mapping[str, object] | None = None


@dataclass(frozen=True, slots=True)
class PredictedMention:
    """A predicted mention: a span with a type, optionally a level and a cluster id."""

    start: int
    end: int
    type: str
    level: str | None = None
    cluster: str | None = None


@dataclass(frozen=True, slots=True)
class PredictedTimex:
    """A predicted time expression: a span, optionally with a type and a value."""

    start: int
    end: int
    type: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class PredictedArgument:
    """A predicted argument: a role and the span of its filler."""

    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PredictedEventMention:
    """A predicted trigger: a span and an event type, optionally a cluster, attributes, arguments."""

    start: int
    end: int
    type: str
    cluster: str | None = None
    attributes: Mapping[str, str] | None = None
    arguments: tuple[PredictedArgument, ...] = ()


@dataclass(frozen=True, slots=True)
class PredictedToponym:
    """A predicted toponym: a span, optionally a reading and a resolution."""

    start: int
    end: int
    reading: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class SubmissionDocument:
    """One document's predictions. A layer that is None was not predicted (not the same as empty)."""

    doc_id: str
    mentions: tuple[PredictedMention, ...] | None = None
    timexes: tuple[PredictedTimex, ...] | None = None
    event_mentions: tuple[PredictedEventMention, ...] | None = None
    toponyms: tuple[PredictedToponym, ...] | None = None


@dataclass(frozen=True, slots=True)
class Submission:
    """A system's predictions: who made them and one entry per document."""

    system: SystemInfo
    documents: Sequence[SubmissionDocument] = field(default_factory=tuple)
    """A tuple, or documents read from a file when used (a JSON Lines submission)."""
