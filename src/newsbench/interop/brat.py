"""brat standoff: ``<doc_id>.txt`` (the text, byte for byte) and ``<doc_id>.ann`` (the annotations), plus a
``<doc_id>.meta.json`` sidecar with the document's header (schema version, doc id, metadata) that brat ignores.

How newsbench writes a document (offsets are code points into the .txt, half-open, as brat counts them):

- a mention is ``T<n>\\t<ACE type> <start> <end>\\t<text>``, with attributes ``Level`` (NAM/NOM/PRO) and
  ``Subtype`` (its entity's), a timex is a ``T`` of its TIMEX3 type (DATE, TIME, DURATION, SET), a trigger a ``T``
  of its event type (``Conflict.Attack``);
- an entity of several mentions is an equivalence ``*\\tEquiv T<a> T<b> ...`` (brat's name for one);
- an event mention is ``E<n>\\t<event type>:T<trigger> <Role>:T<filler> ...`` (a role repeated as ``Role2``,
  ``Role3``: brat's convention), with attributes ``Polarity``, ``Tense``, ``Genericity``, ``Modality``;
- a toponym is the attribute ``Reading`` on its mention and a normalization ``N<n>\\tReference T<n> GeoNames:<id>``
  when it has a GeoNames id;
- what brat has no place for goes in one ``AnnotatorNotes`` per annotation, a JSON object: the newsbench ids
  (``id``, ``entity``, ``event``), a mention's ``head`` [start, end], a timex's ``value``, a toponym's ``lat``,
  ``lon``, ``feature``, ``source``, ``uncertainty_km``, an event's ``place`` and ``date``.

A span that runs over a line break is written as fragments (``s1 e1;s2 e2``), split at the line breaks, as brat
does. Reading brat written by other tools: T types that are ACE types are mentions (level NAM unless a ``Level``
attribute says otherwise), TIMEX3 types timexes (need a ``value``), toponym readings (``Literal``, ``Metonymic``,
...) name mentions of type GPE with that reading (coordinates from the note: JSON, or ``lat, lon``; a GeoNames id
from a ``Reference`` normalization); equivalences and ``Coreference`` relations join mentions into entities; every
other type is counted as not carried.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Mapping

from .. import jsonio
from ..corpus import seed_meta_from_text
from ..evaluation.submission import submission_from_documents
from ..model import (UNKNOWN, Argument, Document, Entity, Event, EventDate, EventMention, EventPlace, Mention,
                     SubmissionDocument, Timex, Toponym)
from ..ontology import Ontology, load_ontology
from ..validate import display_path
from .common import ImportFailed, ImportMapping, ImportResult, PlaceRule, coordinate_radius_km, count_items, declared
from .common import load_mapping as load_import_mapping
from .problems import Conversion, interop_problem
from .units import id_order

FORMAT = "brat"
_LINE_BREAK_RUN = re.compile(r"\s*[\r\n][\s]*")
_LAT_LON = re.compile(r"(-?\d{1,2}(?:\.\d+)?)\s*[,;/ ]\s*(-?\d{1,3}(?:\.\d+)?)")
_ROLE_NUMBER = re.compile(r"\d+$")


# --- writing ----------------------------------------------------------------------------------------


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at its line breaks (with the white space around them), as brat writes such a span."""
    out, pos = [], start
    for match in _LINE_BREAK_RUN.finditer(text, start, end):
        if match.start() > pos:
            out.append((pos, match.start()))
        pos = match.end()
    if pos < end:
        out.append((pos, end))
    return out


def _note(target: str, data: Mapping[str, Any]) -> str:
    return f"AnnotatorNotes {target}\t" + json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write_ann(doc: Document) -> str:
    """The .ann text of ``doc`` (see the module docstring)."""
    lines: list[str] = []
    counters = {"T": 0, "E": 0, "A": 0, "N": 0, "#": 0}

    def add(prefix: str, body: str) -> str:
        counters[prefix] += 1
        ident = f"{prefix}{counters[prefix]}"
        lines.append(f"{ident}\t{body}" if prefix != "#" else f"#{counters['#']}\t{body}")
        return ident

    def written(start: int, end: int) -> str:
        return " ".join(doc.text[s:e] for s, e in fragments(doc.text, start, end))

    def span(label: str, start: int, end: int) -> str:
        offsets = ";".join(f"{s} {e}" for s, e in fragments(doc.text, start, end))
        return add("T", f"{label} {offsets}\t{written(start, end)}")

    entities = {e.id: e for e in doc.entities}
    events = {e.id: e for e in doc.events}
    toponyms = {t.mention: t for t in doc.toponyms}
    brat_id: dict[str, str] = {}
    by_entity: dict[str, list[str]] = {}
    for m in doc.mentions:
        t = brat_id[m.id] = span(m.type, m.start, m.end)
        by_entity.setdefault(m.entity, []).append(t)
        add("A", f"Level {t} {m.level}")
        if entities[m.entity].subtype:
            add("A", f"Subtype {t} {entities[m.entity].subtype}")
        note: dict[str, Any] = {"id": m.id, "entity": m.entity, "head": [m.head_start, m.head_end]}
        top = toponyms.get(m.id)
        if top is not None:
            add("A", f"Reading {t} {top.reading}")
            if top.geonames_id is not None:
                add("N", f"Reference {t} GeoNames:{top.geonames_id}\t{written(m.start, m.end)}")
            note |= {"lat": top.lat, "lon": top.lon, "feature": top.feature, "source": top.source,
                     "uncertainty_km": top.uncertainty_km}
        add("#", _note(t, note))
    for members in by_entity.values():
        if len(members) > 1:
            lines.append("*\tEquiv " + " ".join(members))
    for x in doc.timexes:
        t = brat_id[x.id] = span(x.type, x.start, x.end)
        add("#", _note(t, {"id": x.id, "value": x.value}))
    for em in doc.event_mentions:
        event = events[em.event]
        trigger = span(event.type, em.start, em.end)
        seen: dict[str, int] = {}
        args = []
        for a in em.arguments:
            seen[a.role] = seen.get(a.role, 0) + 1
            args.append(f"{a.role}{seen[a.role] if seen[a.role] > 1 else ''}:{brat_id[a.ref]}")
        e = add("E", " ".join([f"{event.type}:{trigger}", *args]))
        for name, value in event.attributes.items():
            add("A", f"{name.capitalize()} {e} {value}")
        note = {"id": em.id, "event": em.event}
        if event.place is not None:
            note["place"] = {"geonames_id": event.place.geonames_id, "lat": event.place.lat, "lon": event.place.lon,
                             "precision": event.place.precision}
        if event.date is not None:
            note["date"] = {"value": event.date.value, "precision": event.date.precision}
        add("#", _note(e, note))
    return "".join(line + "\n" for line in lines)


def header_json(doc: Document) -> dict:
    """The document without its text and layers: what the .meta.json sidecar holds."""
    bare = jsonio.document_to_json(replace(doc, text="", entities=(), mentions=(), timexes=(), events=(),
                                           event_mentions=(), toponyms=()))
    return {k: v for k, v in bare.items() if k != "text" and k not in jsonio.LAYER_KEYS.values()}


def export_document(doc: Document) -> dict[str, str]:
    """File name -> text (UTF-8 when written) of the three files of one document."""
    return {f"{doc.doc_id}.txt": doc.text, f"{doc.doc_id}.ann": write_ann(doc),
            f"{doc.doc_id}.meta.json": jsonio.dumps(header_json(doc))}


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class TextBound:
    """A brat text-bound annotation (T line): id, type and its fragments' offsets."""

    id: str
    type: str
    fragments: list[tuple[int, int]]
    text: str
    line: int


@dataclass
class BratEvent:
    """A brat event (E line): id, type, trigger and its role:filler arguments."""

    id: str
    type: str
    trigger: str
    arguments: list[tuple[str, str]]
    line: int


@dataclass
class Standoff:
    """The parsed lines of one .ann file."""

    spans: dict[str, TextBound] = field(default_factory=dict)
    events: dict[str, BratEvent] = field(default_factory=dict)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    references: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    equivalences: list[list[str]] = field(default_factory=list)


def parse_ann(text: str, file: str, doc_id: str, conversion: Conversion) -> Standoff:
    """The annotation lines of a .ann file; a line that is not brat standoff is a problem."""
    out = Standoff()

    def malformed(n: int, raw: str, expected: str) -> None:
        conversion.problems.append(interop_problem("interop-input-malformed", file, doc_id, f"line {n}",
                                                   f"expected {expected}, found {raw[:60]!r}"))

    for n, raw in enumerate(text.split("\n"), 1):  # brat's lines end at \n only (a text may hold \u2028 etc.)
        raw = raw.removesuffix("\r")
        if not raw.strip():
            continue
        ident, _, rest = raw.partition("\t")
        kind = ident[:1]
        body, _, tail = rest.partition("\t")
        try:
            if kind == "T":
                label, offsets = body.split(" ", 1)
                frags = [tuple(map(int, part.split())) for part in offsets.split(";")]
                if not frags or any(len(f) != 2 for f in frags):
                    raise ValueError
                out.spans[ident] = TextBound(ident, label, [(s, e) for s, e in frags], tail, n)
            elif kind == "E":
                head, *args = body.split()
                label, trigger = head.split(":", 1)
                out.events[ident] = BratEvent(ident, label, trigger,
                                              [tuple(a.split(":", 1)) for a in args], n)  # type: ignore[misc]
                if any(len(a) != 2 for a in out.events[ident].arguments):
                    raise ValueError
            elif kind in ("A", "M"):
                name, target, *value = body.split()
                out.attributes.setdefault(target, {})[name] = value[0] if value else "true"
            elif kind == "N":
                _, target, reference = body.split()
                db, _, ref = reference.partition(":")
                out.references.setdefault(target, []).append((db, ref))
            elif kind == "#":
                _, target = body.split()
                out.notes.setdefault(target, []).append(tail)
            elif kind == "*":
                _, *members = body.split()
                out.equivalences.append(members)
            elif kind == "R":
                label, arg1, arg2 = body.split()
                if label.lower() in ("coreference", "coref"):
                    out.equivalences.append([arg1.split(":", 1)[1], arg2.split(":", 1)[1]])
                else:
                    conversion.note("not-carried-label", f"{FORMAT}: relation {label}")
            else:
                raise ValueError
        except (ValueError, IndexError):
            malformed(n, raw, "a brat standoff line (T, E, A, M, N, R, * or #)")
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_span(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in v)


def _is_place(v: Any) -> bool:
    return (isinstance(v, dict) and set(v) == {"geonames_id", "lat", "lon", "precision"} and _is_number(v["lat"])
            and _is_number(v["lon"]) and isinstance(v["precision"], int)
            and (v["geonames_id"] is None or isinstance(v["geonames_id"], int)))


def _is_date(v: Any) -> bool:
    return isinstance(v, dict) and set(v) == {"value", "precision"} and isinstance(v["value"], str) and isinstance(
        v["precision"], int)


# The fields of newsbench's AnnotatorNotes objects and what each must be; others are counted, not read.
_NOTE_FIELDS = {
    "id": lambda v: isinstance(v, str) and bool(v), "entity": lambda v: isinstance(v, str) and bool(v),
    "event": lambda v: isinstance(v, str) and bool(v), "value": lambda v: isinstance(v, str),
    "feature": lambda v: isinstance(v, str), "source": lambda v: isinstance(v, str) and bool(v),
    "head": _is_span, "lat": _is_number, "lon": _is_number,
    "uncertainty_km": lambda v: v is None or _is_number(v),
    "geonames_id": lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
    "place": _is_place, "date": _is_date,
}


def _json_note(standoff: Standoff, target: str, conversion: Conversion) -> dict[str, Any]:
    """The fields of the first JSON object among the target's notes that have the expected types."""
    for note in standoff.notes.get(target, ()):
        try:
            data = json.loads(note)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            out = {k: v for k, v in data.items() if k in _NOTE_FIELDS and _NOTE_FIELDS[k](v)}
            for k in data.keys() - out.keys():
                conversion.note("not-carried-label", f"{FORMAT}: note field {k!r} (unknown, or of another type)")
            return out
    return {}


def _coordinates(standoff: Standoff, target: str, note: Mapping[str, Any]) -> tuple[str, str] | None:
    """The latitude and longitude as written (a JSON note's numbers, else the first "lat, lon" of a note)."""
    if isinstance(note.get("lat"), (int, float)) and isinstance(note.get("lon"), (int, float)):
        return repr(float(note["lat"])), repr(float(note["lon"]))
    for text in standoff.notes.get(target, ()):
        match = _LAT_LON.search(text)
        if match:
            return match[1], match[2]
    return None


def _geonames_id(standoff: Standoff, target: str) -> int | None:
    for db, ref in standoff.references.get(target, ()):
        if db.lower() == "geonames" and ref.isdigit():
            return int(ref)
    return None


def _joined(tb: TextBound, text: str, file: str, doc_id: str, conversion: Conversion) -> tuple[int, int] | None:
    """The one span of a text-bound annotation; fragments join when only white space lies between them."""
    frags = sorted(tb.fragments)
    if any(not 0 <= s < e <= len(text) for s, e in frags):
        conversion.problems.append(interop_problem("interop-span-invalid", file, doc_id, f"line {tb.line}",
                                                   f"expected offsets 0 <= start < end <= {len(text)}, found {frags}"))
        return None
    if any(text[a_end:b_start].strip() for (_, a_end), (b_start, _) in pairwise(frags)):
        conversion.note("not-carried-span", f"{FORMAT}: discontinuous span")
        return None
    written = " ".join(text[s:e] for s, e in frags)
    if tb.text and tb.text != written:
        conversion.problems.append(interop_problem(
            "interop-text-mismatch", file, doc_id, f"line {tb.line}",
            f"expected {written[:40]!r} (the .txt at its offsets), found {tb.text[:40]!r}"))
        return None
    return frags[0][0], frags[-1][1]


@dataclass
class _Read:
    """Text-bound annotations sorted into newsbench layers (spans already checked)."""

    mentions: dict[str, tuple[int, int]] = field(default_factory=dict)
    timexes: dict[str, tuple[int, int]] = field(default_factory=dict)
    readings: dict[str, str] = field(default_factory=dict)


def _sort_spans(standoff: Standoff, text: str, file: str, doc_id: str, onto: Ontology,
                conversion: Conversion) -> _Read:
    triggers = {e.trigger for e in standoff.events.values()}
    out = _Read()
    for tb in standoff.spans.values():
        if tb.id in triggers:
            continue
        kind = ("mention" if tb.type in onto.entity_types or tb.type in onto.toponym_readings
                else "timex" if tb.type in onto.timex_types else None)
        if kind is None:
            conversion.note("not-carried-label", f"{FORMAT}: text-bound type {tb.type}")
            continue
        span = _joined(tb, text, file, doc_id, conversion)
        if span is None:
            continue
        if kind == "mention":
            out.mentions[tb.id] = span
            reading = standoff.attributes.get(tb.id, {}).get("Reading")
            if tb.type in onto.toponym_readings:
                reading = tb.type
            if reading is not None:
                out.readings[tb.id] = reading
        else:
            out.timexes[tb.id] = span
    return out


def _entity_classes(standoff: Standoff, members: Iterable[str]) -> dict[str, str]:
    """brat id -> the smallest brat id of its coreference class (equivalences and Coreference relations)."""
    parent = {m: m for m in members}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in standoff.equivalences:
        group = [g for g in group if g in parent]
        for other in group[1:]:
            a, b = find(group[0]), find(other)
            parent[max(a, b, key=_number)] = min(a, b, key=_number)
    return {m: find(m) for m in parent}


def _number(brat_id: str) -> tuple[int, str]:
    digits = brat_id[1:]
    return (int(digits) if digits.isdigit() else 0, brat_id)


def _place_types(standoff: Standoff, read: _Read, classes: Mapping[str, str], text: str, onto: Ontology,
                 rule: PlaceRule) -> dict[str, str]:
    """brat class -> ACE type of the classes whose mentions are bare toponym readings (GPE, LOC or FAC by the
    importers' place rule, from the head words and names)."""
    members: dict[str, list[tuple[int, int]]] = {}
    for tid, span in read.mentions.items():
        if standoff.spans[tid].type not in onto.entity_types:
            members.setdefault(classes[tid], []).append(span)
    return {c: rule.type_of((text[s:e].split()[-1] for s, e in spans), (text[s:e] for s, e in spans))
            for c, spans in members.items()}


def document_from_standoff(doc_id: str, text: str, standoff: Standoff, header: Mapping[str, Any] | None,
                           file: str, conversion: Conversion, rule: PlaceRule) -> Document | None:
    """A newsbench document from parsed brat; None after a problem. Without a header (brat written by other
    tools) the document declares, over the whole text, each layer the file has items of."""
    onto = load_ontology()
    before = len(conversion.problems)
    read = _sort_spans(standoff, text, file, doc_id, onto, conversion)
    classes = _entity_classes(standoff, read.mentions)
    place_types = _place_types(standoff, read, classes, text, onto, rule)
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    toponyms: list[Toponym] = []
    refs: dict[str, str] = {}
    for tid, (start, end) in read.mentions.items():
        tb, attrs, note = standoff.spans[tid], standoff.attributes.get(tid, {}), _json_note(standoff, tid, conversion)
        mtype = tb.type if tb.type in onto.entity_types else place_types[classes[tid]]
        entity_id = str(note.get("entity") or f"E{_number(classes[tid])[0]}")
        if entity_id not in entities:
            entities[entity_id] = Entity(entity_id, mtype, attrs.get("Subtype"))
        mention_id = refs[tid] = str(note.get("id") or f"M{_number(tid)[0]}")
        head = note.get("head", [start, end])
        mentions.append(Mention(mention_id, entity_id, mtype, attrs.get("Level", onto.name_level), start, end,
                                text[start:end], int(head[0]), int(head[1])))
        if tid in read.readings:
            coordinates = _coordinates(standoff, tid, note)
            if coordinates is None:
                conversion.note("not-carried-span", f"{FORMAT}: toponym without coordinates")
                continue
            geonames_id = note.get("geonames_id", _geonames_id(standoff, tid))
            radius = note["uncertainty_km"] if "uncertainty_km" in note else (
                None if geonames_id else coordinate_radius_km(*coordinates))
            toponyms.append(Toponym(
                mention_id, read.readings[tid], geonames_id, float(coordinates[0]), float(coordinates[1]),
                str(note.get("feature", UNKNOWN)),
                str(note.get("source") or ("GeoNames" if geonames_id else f"AnnotatorNotes of {file}")), radius))
    timexes = []
    for tid, (start, end) in read.timexes.items():
        note = _json_note(standoff, tid, conversion)
        value = note.get("value") or standoff.attributes.get(tid, {}).get("Value")
        if not isinstance(value, str):
            conversion.note("not-carried-label", f"{FORMAT}: timex without a value")
            continue
        timex_id = refs[tid] = str(note.get("id") or tid)
        timexes.append(Timex(timex_id, start, end, text[start:end], standoff.spans[tid].type, value))
    events: dict[str, Event] = {}
    event_mentions = []
    for eid, be in standoff.events.items():
        tb = standoff.spans.get(be.trigger)
        event_type = be.type.replace(":", ".", 1)
        if tb is None:
            conversion.problems.append(interop_problem("interop-reference-dangling", file, doc_id, f"line {be.line}",
                                                       f"expected a text-bound trigger {be.trigger}, found none"))
            continue
        if event_type not in onto.event_types:
            conversion.note("not-carried-label", f"{FORMAT}: event type {be.type}")
            continue
        span = _joined(tb, text, file, doc_id, conversion)
        if span is None:
            continue
        note, attrs = _json_note(standoff, eid, conversion), standoff.attributes.get(eid, {})
        event_id = str(note.get("event") or f"V{_number(eid)[0]}")
        if event_id not in events:
            place, date = note.get("place"), note.get("date")
            events[event_id] = Event(
                event_id, event_type,
                **{a: attrs.get(a.capitalize(), onto.attribute_defaults.get(a) or _UNSTATED[a])
                   for a in onto.attributes},
                place=EventPlace(**place) if place else None, date=EventDate(**date) if date else None)
        arguments = []
        for role, ref in be.arguments:
            if ref not in refs:
                conversion.problems.append(interop_problem(
                    "interop-reference-dangling", file, doc_id, f"line {be.line}",
                    f"expected argument {role}:{ref} to name a mention or timex, found none"))
                continue
            arguments.append(Argument(_ROLE_NUMBER.sub("", role), refs[ref]))
        event_mentions.append(EventMention(str(note.get("id") or f"EM{_number(eid)[0]}"), event_id, *span,
                                           text[span[0]:span[1]], tuple(arguments)))
    if len(conversion.problems) > before:
        return None
    base = jsonio.document_from_json({**_default_header(doc_id, text), **(header or {}), "text": text,
                                      **{key: [] for key in jsonio.LAYER_KEYS.values()}})
    if header is None:
        has = {"entities": any(standoff.spans[t].type in onto.entity_types for t in read.mentions),
               "timexes": bool(timexes), "events": bool(event_mentions), "toponyms": bool(toponyms)}
        base = replace(base, annotated=declared({layer: [(0, len(text))] for layer, yes in has.items() if yes}))
    def by_id(items):
        return tuple(sorted(items, key=lambda x: id_order(x.id)))

    return replace(base, text=text, entities=by_id(entities.values()), mentions=tuple(mentions), timexes=tuple(timexes),
                   events=by_id(events.values()), event_mentions=tuple(event_mentions), toponyms=tuple(toponyms))


# An attribute the brat file does not state takes the ontology's default; tense has none (GUIDELINES M3), and a
# source that states no tense gets UNSPECIFIED: it does not say.
_UNSTATED = {"tense": "UNSPECIFIED"}


def _default_header(doc_id: str, text: str) -> dict:
    """The header of a brat document without a .meta.json: what the text states (see corpus.seed_meta_from_text)."""
    doc = Document(doc_id=doc_id, text="", meta=seed_meta_from_text(text.encode("utf-8")))
    return header_json(doc)


def read_pair(ann_path: Path, conversion: Conversion) -> tuple[str, str, Standoff, dict | None] | None:
    """(doc id, text, parsed annotations, header or None) of ``X.ann`` with its ``X.txt``; None after a problem."""
    file = display_path(ann_path)
    doc_id = ann_path.stem
    txt = ann_path.with_suffix(".txt")
    if not txt.is_file():
        conversion.problems.append(interop_problem("interop-input-malformed", file, doc_id, "",
                                                   f"expected the text beside it at {display_path(txt)}, found none"))
        return None
    try:
        text = txt.read_bytes().decode("utf-8")
        ann = ann_path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        conversion.problems.append(interop_problem(
            "interop-input-malformed", file, doc_id, "",
            f"expected UTF-8, found byte 0x{e.object[e.start]:02X} at {e.start}"))
        return None
    header = None
    meta = ann_path.with_suffix(".meta.json")
    if meta.is_file():
        try:
            header = json.loads(meta.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            conversion.problems.append(interop_problem("interop-input-malformed", display_path(meta), doc_id, "",
                                                       "expected the JSON header newsbench writes, found invalid JSON"))
            return None
    before = len(conversion.problems)
    standoff = parse_ann(ann, file, doc_id, conversion)
    return (doc_id, text, standoff, header) if len(conversion.problems) == before else None


def ann_paths(paths: Iterable[Path]) -> list[Path]:
    """The .ann files of ``paths``: a folder gives its *.ann files, a file its own .ann."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.ann")) if p.is_dir() else [p.with_suffix(".ann")])
    return out


def import_documents(paths: Iterable[Path], conversion: Conversion,
                     mapping: ImportMapping | None = None) -> list[Document]:
    """Documents from brat folders or ``.ann``/``.txt`` files (``mapping``: the importers' table, for the place
    rule)."""
    rule = PlaceRule(mapping or load_import_mapping())
    out = []
    for ann in ann_paths(paths):
        pair = read_pair(ann, conversion)
        if pair is not None:
            doc = document_from_standoff(*pair, display_path(ann), conversion, rule)
            if doc is not None:
                out.append(doc)
    return out


def read_brat(paths: Iterable[Path], *, mapping: ImportMapping | None = None) -> ImportResult:
    """The importer registry's entry (``newsbench import brat``): documents from ``.ann`` files (with their
    ``.txt``), what was not carried counted per reason; a problem raises :class:`ImportFailed` naming its check id."""
    conversion = Conversion()
    documents = import_documents(paths, conversion, mapping)
    if conversion.problems:
        first = conversion.problems[0]
        more = f" (and {len(conversion.problems) - 1} more)" if len(conversion.problems) > 1 else ""
        raise ImportFailed(first.file, first.pointer or "/", f"{first.check}: {first.message}{more}")
    result = ImportResult(documents=documents)
    for (check, detail), n in conversion.notes.items():
        result.not_carried[f"{check} {detail}"] += n
    for doc in documents:
        count_items(result, doc)
    return result


def submission_documents(paths: Iterable[Path], gold: Mapping[str, Document],
                         conversion: Conversion) -> list[SubmissionDocument]:
    """A system's brat output (the .txt must be the gold text) as submission documents: every layer brat carries."""
    rule = PlaceRule(load_import_mapping())
    out = []
    for ann in ann_paths(paths):
        file = display_path(ann)
        if ann.stem not in gold:
            conversion.problems.append(interop_problem("interop-unknown-doc", file, ann.stem, "",
                                                       f"expected a doc_id of the gold ({len(gold)} documents)"))
            continue
        pair = read_pair(ann, conversion)
        if pair is None:
            continue
        doc_id, text, standoff, _ = pair
        if text != gold[doc_id].text:
            conversion.problems.append(interop_problem("interop-text-mismatch", display_path(ann.with_suffix(".txt")),
                                                       doc_id, "", "expected the gold document's text byte for byte"))
            continue
        doc = document_from_standoff(doc_id, text, standoff, None, file, conversion, rule)
        if doc is not None:
            out.append(doc)
    return _predicted_layers(list(submission_from_documents(out).documents))


def _predicted_layers(documents: list[SubmissionDocument]) -> list[SubmissionDocument]:
    """A layer is predicted when some document of the input has an item of it (a names-only output predicts no
    events); it is then predicted, possibly empty, for every document."""
    layers = [name for name in ("mentions", "timexes", "event_mentions", "toponyms")
              if any(getattr(d, name) for d in documents)]
    return [replace(d, mentions=d.mentions if "mentions" in layers else None,
                    timexes=d.timexes if "timexes" in layers else None,
                    event_mentions=d.event_mentions if "event_mentions" in layers else None,
                    toponyms=d.toponyms if "toponyms" in layers else None) for d in documents]
