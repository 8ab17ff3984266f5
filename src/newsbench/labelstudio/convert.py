"""Gold documents <-> Label Studio tasks and exports, without loss.

Export: a gold :class:`~newsbench.model.Document` becomes one task whose ``data`` holds the text, the doc id and
what Label Studio cannot show (format version, seed metadata, the order of entities, events and toponyms), and
whose annotation (or prediction) holds one result per region and per-region value and one relation per argument
(see :mod:`newsbench.labelstudio.config` and docs/labelstudio.md). A system submission becomes predictions.

Import: a Label Studio JSON export (plain or snapshot), or a tasks file made by the export, becomes gold
documents again. Every region is re-checked against the task text (code points), every value against the
ontology, every relation against its regions; then the document goes through the validator (JSON Schema and
semantic checks). Problems are collected with check ids; the ``NOTE_CHECKS`` among them do not block.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from .. import jsonio
from ..annotation.rounds import PASSES, ROUNDS
from ..corpus import read_seed_meta
from ..gazetteer.lookup import Place, load_gazetteer
from ..model import (
    SCHEMA_VERSION, AnnotatedLayer, Argument, Document, Entity, Event, EventDate, EventMention, EventPlace, Meta,
    Mention, PredictedToponym, Submission, SubmissionDocument, Timex, Toponym, declare_whole,
)
from ..ontology import Ontology, load_ontology
from ..problems import Problem, checks_of_severity, problem
from ..progress import track
from ..validate import (
    _describe, display_path, document_paths, document_problems, document_warnings, expected_doc_id,
    json_type, read_json_file, schema_problems, schema_validator,
)
from .config import (
    COREFERENCE, DATA_ENTITIES, DATA_EVENTS, DATA_PLACES, ENTITY, ENTITY_REF, EVENT_REF, HEAD, HEAD_LABEL, PLACE,
    ROLE, SPAN_CONTROLS, TEXT, TIMEX, TO_CHECK, TRIGGER, RegionControl, region_controls, span_labels, subtype_control,
)

# Problems that are reported but do not stop an import or an export.
NOTE_CHECKS = checks_of_severity("note", "labelstudio")

# Keys of the task's ``data``: the text and doc id are shown to the annotator; the rest rides along untouched.
DATA_TEXT, DATA_DOC_ID, DATA_NEWSBENCH = "text", "doc_id", "newsbench"

_TOPONYM_FIELDS = ("reading", "geonames_id", "lat", "lon", "feature", "source", "uncertainty_km")
_PLACE_FIELDS = ("place_geonames_id", "place_lat", "place_lon", "place_precision")
_DATE_FIELDS = ("date_value", "date_precision")
_INTEGER_CONTROLS = frozenset({"geonames_id", "place_geonames_id"})
_SAME_VALUE = {ENTITY_REF: "entity_id", EVENT_REF: "event_id"}
HEAD_SUFFIX = ".head"
"""A head region exported from the gold is named after its mention (<mention id>.head); one drawn in the UI
belongs to the innermost mention that contains it."""


def blocking(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop an import (notes left out)."""
    return [p for p in problems if p.check not in NOTE_CHECKS]


# --- export ----------------------------------------------------------------------------------


class _Results:
    """Builds a Label Studio result list: regions, their per-region values, relations."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def region(self, rid: str, control: str, start: int, end: int, text: str, label: str) -> None:
        self.items.append({"id": rid, "from_name": control, "to_name": TEXT, "type": "labels",
                           "value": {"start": start, "end": end, "text": text, "labels": [label]}})

    def value(self, rid: str, control: RegionControl, start: int, end: int, value: Any) -> None:
        if value is None:
            return
        if control.kind == "choices":
            payload: Any = [str(value)]
        elif control.kind == "textarea":
            payload = [value]
        else:
            payload = value
        key = {"choices": "choices", "textarea": "text", "number": "number"}[control.kind]
        self.items.append({"id": rid, "from_name": control.name, "to_name": TEXT, "type": control.kind,
                           "value": {"start": start, "end": end, key: payload}})

    def relation(self, source: str, target: str, role: str) -> None:
        self.items.append({"from_id": source, "to_id": target, "type": "relation", "direction": "right",
                           "labels": [role]})


def _first_of_cluster(items: Iterable[Any], cluster: str) -> set[str]:
    """The ids of the items that come first in their cluster (``cluster``: the attribute naming it)."""
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(getattr(item, cluster), item.id)
    return set(first.values())


def document_results(doc: Document, onto: Ontology | None = None) -> list[dict]:
    """The Label Studio result list of a valid gold document (an annotation's or a prediction's ``result``).

    A value of the entity or event (subtype; attributes, place, date) is written once, on the cluster's first
    mention: the import gives it to every mention, so changing it there changes the whole cluster."""
    controls = {c.name: c for c in region_controls(onto)}
    out = _Results()
    entities = {e.id: e for e in doc.entities}
    events = {e.id: e for e in doc.events}
    toponyms = {t.mention: t for t in doc.toponyms}
    first_mentions = _first_of_cluster(doc.mentions, "entity")
    first_triggers = _first_of_cluster(doc.event_mentions, "event")
    for m in doc.mentions:
        put = lambda name, v, m=m: out.value(m.id, controls[name], m.start, m.end, v)  # noqa: E731
        out.region(m.id, ENTITY, m.start, m.end, m.text, m.type)
        put("level", m.level)
        put("entity_id", m.entity)
        entity = entities.get(m.entity)
        if entity is not None and entity.subtype is not None and m.id in first_mentions:
            put(subtype_control(m.type), entity.subtype)
        if (m.head_start, m.head_end) != (m.start, m.end):
            out.region(m.id + HEAD_SUFFIX, HEAD, m.head_start, m.head_end, doc.text[m.head_start:m.head_end],
                       HEAD_LABEL)
        t = toponyms.get(m.id)
        if t is not None:
            for name in _TOPONYM_FIELDS:
                put(name, getattr(t, name))
    for t in doc.timexes:
        out.region(t.id, TIMEX, t.start, t.end, t.text, t.type)
        out.value(t.id, controls["timex_value"], t.start, t.end, t.value)
    for em in doc.event_mentions:
        put = lambda name, v, em=em: out.value(em.id, controls[name], em.start, em.end, v)  # noqa: E731
        event = events.get(em.event)
        out.region(em.id, TRIGGER, em.start, em.end, em.text, event.type if event else "")
        put("event_id", em.event)
        if event is None or em.id not in first_triggers:
            continue
        for name, value in event.attributes.items():
            put(name, value)
        if event.place is not None:
            put("place_geonames_id", event.place.geonames_id)
            put("place_lat", event.place.lat)
            put("place_lon", event.place.lon)
            put("place_precision", event.place.precision)
        if event.date is not None:
            put("date_value", event.date.value)
            put("date_precision", event.date.precision)
    for em in doc.event_mentions:
        for arg in em.arguments:
            out.relation(em.id, arg.ref, arg.role)
    return out.items


def task_data(doc: Document) -> dict:
    """The task's ``data``: what the annotator sees plus what Label Studio cannot express, carried verbatim."""
    newsbench: dict[str, Any] = {
        "schema_version": doc.schema_version,
        "meta": jsonio.meta_to_json(doc.meta),
        # Label Studio has no order for clusters or toponym records: keep the gold's order here
        "order": {
            "entities": [e.id for e in doc.entities],
            "events": [e.id for e in doc.events],
            "toponyms": [t.mention for t in doc.toponyms],
        },
    }
    if doc.annotated is not None:  # the declared layers (format 1.1) come back with the annotation
        newsbench["annotated"] = jsonio.annotated_to_json(doc.annotated)
    return {DATA_TEXT: doc.text, DATA_DOC_ID: doc.doc_id, DATA_NEWSBENCH: newsbench}


def with_options(data: dict, results: Sequence[dict]) -> dict:
    """The task data plus the options of the choosing controls: the entities and events the results name (each
    shown with its first mention's text) and the gazetteer places the text's names may be."""
    named: dict[str, dict[str, str]] = {"entity_id": {}, "event_id": {}}
    text_of = {r["id"]: r["value"]["text"] for r in results if r.get("type") == "labels"}
    for r in results:
        if r.get("from_name") in named and r["value"].get("text"):
            named[r["from_name"]].setdefault(r["value"]["text"][0], text_of.get(r["id"], ""))
    option = lambda cid, text: {"value": cid, "html": html.escape(f"{text} ({cid})")}  # noqa: E731
    return {**data, DATA_ENTITIES: [option(c, t) for c, t in named["entity_id"].items()],
            DATA_EVENTS: [option(c, t) for c, t in named["event_id"].items()],
            DATA_PLACES: place_options(data[DATA_TEXT])}


_NAME = re.compile(r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}")


def place_value(place: Place) -> str:
    """A gazetteer record as a choice: its GeoNames id, or name@lat,lon for a record without one."""
    return str(place.geonames_id) if place.geonames_id is not None else f"{place.name}@{place.lat},{place.lon}"


def place_options(text: str, per_name: int = 3) -> list[dict]:
    """Choices for the place control: the gazetteer's best records for every capitalised name (and its parts)."""
    gazetteer = load_gazetteer()
    found: dict[str, Place] = {}
    for match in _NAME.finditer(text):
        words = match[0].split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                for place in gazetteer.lookup(" ".join(words[i:i + n]))[:per_name]:
                    found.setdefault(place_value(place), place)
    return [{"value": v,
             "html": html.escape(f"{p.name} · {p.feature} {p.country_code} · {p.lat}, {p.lon} · {p.source}")}
            for v, p in found.items()]


def place_record(value: str) -> Place | None:
    """The gazetteer record a place choice names (see :func:`place_value`), or None."""
    gazetteer = load_gazetteer()
    if value.isdigit():
        return gazetteer.by_id(int(value))
    name, _, at = value.rpartition("@")
    return next((p for p in gazetteer.lookup(name) if f"{p.lat},{p.lon}" == at), None)


def document_task(doc: Document, *, as_predictions: bool = False, model_version: str = "gold",
                  onto: Ontology | None = None) -> dict:
    """One Label Studio task for a gold document: as an annotation, or as a prediction for pre-annotation."""
    results = document_results(doc, onto)
    data = with_options(task_data(doc), results)
    if as_predictions:
        return {"data": data, "predictions": [{"model_version": model_version, "result": results}]}
    return {"data": data, "annotations": [{"result": results}]}


def documents_to_tasks(docs: Iterable[Document], *, as_predictions: bool = False, model_version: str = "gold",
                       onto: Ontology | None = None) -> list[dict]:
    """One Label Studio task per document (as an annotation, or as predictions)."""
    return [document_task(d, as_predictions=as_predictions, model_version=model_version, onto=onto)
            for d in track(docs, "tasks from documents")]


def submission_results(sdoc: SubmissionDocument, text: str, file: str,
                       onto: Ontology | None = None) -> tuple[list[dict], list[Problem]]:
    """Prediction results for one submitted document; items Label Studio cannot show are reported, not kept.

    Complete for the import: entity and event cluster ids get distinct prefixes (systems may number both alike),
    a toponym's feature and source come from its gazetteer record, and a text value the system did not give is
    :data:`TO_CHECK` (the import refuses it until someone fills it in)."""
    controls = {c.name: c for c in region_controls(onto)}
    out = _Results()
    notes: list[Problem] = []

    def note(pointer: str, message: str) -> None:
        notes.append(problem("ls-prediction-dropped", file, sdoc.doc_id, pointer, message))

    mention_at: dict[tuple[int, int], str] = {}
    timex_at: dict[tuple[int, int], str] = {}
    for i, m in enumerate(sdoc.mentions or ()):
        rid = f"m{i + 1}"
        mention_at.setdefault((m.start, m.end), rid)
        out.region(rid, ENTITY, m.start, m.end, text[m.start:m.end], m.type)
        out.value(rid, controls["level"], m.start, m.end, m.level)
        out.value(rid, controls["entity_id"], m.start, m.end, f"E-{m.cluster}" if m.cluster else f"E{i + 1}")
    for i, t in enumerate(sdoc.timexes or ()):
        if t.type is None:
            note(jsonio.json_pointer("documents", sdoc.doc_id, "timexes", i),
                 f"expected a timex type to label the region, found none at [{t.start}, {t.end})")
            continue
        rid = f"t{i + 1}"
        timex_at.setdefault((t.start, t.end), rid)
        out.region(rid, TIMEX, t.start, t.end, text[t.start:t.end], t.type)
        out.value(rid, controls["timex_value"], t.start, t.end, t.value if t.value else TO_CHECK)
    for i, tp in enumerate(sdoc.toponyms or ()):
        rid = mention_at.get((tp.start, tp.end))
        if rid is None:
            note(jsonio.json_pointer("documents", sdoc.doc_id, "toponyms", i),
                 f"expected a predicted mention at [{tp.start}, {tp.end}) to carry the toponym, found none")
            continue
        for name in ("reading", "geonames_id", "lat", "lon"):
            out.value(rid, controls[name], tp.start, tp.end, getattr(tp, name))
        place = gazetteer_record(tp, text[tp.start:tp.end])
        out.value(rid, controls["feature"], tp.start, tp.end, place.feature if place else TO_CHECK)
        out.value(rid, controls["source"], tp.start, tp.end, place.source if place else TO_CHECK)
        if place is not None:
            out.value(rid, controls["uncertainty_km"], tp.start, tp.end, place.uncertainty_km)
    relations: list[tuple[str, str, str]] = []
    for i, em in enumerate(sdoc.event_mentions or ()):
        rid = f"em{i + 1}"
        out.region(rid, TRIGGER, em.start, em.end, text[em.start:em.end], em.type)
        out.value(rid, controls["event_id"], em.start, em.end, f"EV-{em.cluster}" if em.cluster else f"EV{i + 1}")
        for name, value in (em.attributes or {}).items():
            if name in controls:
                out.value(rid, controls[name], em.start, em.end, value)
        for j, arg in enumerate(em.arguments):
            table = timex_at if onto_role_filler(onto, arg.role) == "timex" else mention_at
            target = table.get((arg.start, arg.end))
            if target is None:
                note(jsonio.json_pointer("documents", sdoc.doc_id, "event_mentions", i, "arguments", j),
                     f"expected a predicted region at [{arg.start}, {arg.end}) for role {arg.role}, found none")
            else:
                relations.append((rid, target, arg.role))
    for source, target, role in relations:
        out.relation(source, target, role)
    return out.items, notes


def gazetteer_record(tp: PredictedToponym, name: str) -> Place | None:
    """The shipped gazetteer's record a predicted toponym resolves to: by GeoNames id, else the record of that name
    at the predicted coordinates, else the only record there (a demonym names its place by another word); None
    when there is none."""
    gazetteer = load_gazetteer()
    if tp.geonames_id is not None:
        return gazetteer.by_id(tp.geonames_id)
    named = [p for p in gazetteer.lookup(name) if (p.lat, p.lon) == (tp.lat, tp.lon)]
    there = named or [p for p in gazetteer if p.geonames_id is None and (p.lat, p.lon) == (tp.lat, tp.lon)]
    return there[0] if len(there) == 1 else None


def onto_role_filler(onto: Ontology | None, role: str) -> str:
    """What fills ``role``: a mention or a timex."""
    return (onto or load_ontology()).role_filler.get(role, "mention")


def submission_to_tasks(sub: Submission, base_documents: Mapping[str, Document], *, model_version: str,
                        file: str = "submission", onto: Ontology | None = None) -> tuple[list[dict], list[Problem]]:
    """Tasks with the submission's predictions; ``base_documents`` supply text and metadata by doc id
    (the gold, or seed-only documents)."""
    tasks, problems = [], []
    for i, sdoc in enumerate(sub.documents):
        base = base_documents.get(sdoc.doc_id)
        if base is None:
            problems.append(problem("ls-task-malformed", file, sdoc.doc_id, jsonio.json_pointer("documents", i),
                                    f"expected a seed or gold text for {sdoc.doc_id!r}, found none"))
            continue
        results, notes = submission_results(sdoc, base.text, file, onto)
        problems.extend(notes)
        data = with_options(task_data(Document(doc_id=base.doc_id, text=base.text, meta=base.meta,
                                               schema_version=base.schema_version)), results)
        tasks.append({"data": data, "predictions": [{"model_version": model_version, "result": results}]})
    return tasks, problems


# --- import ----------------------------------------------------------------------------------


@dataclass
class _Region:
    id: str
    control: str
    start: int
    end: int
    text: str
    label: str
    pointer: str
    values: dict[str, Any] = field(default_factory=dict)
    value_pointers: dict[str, str] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)
    """Controls whose value was reported as invalid: not reported again as missing."""

    @property
    def item_id(self) -> str:
        """The region id as the item's id: Label Studio's own ids may begin with "_" or "-", which the format's ids
        may not, so those get an "r" in front."""
        return self.id if _ITEM_ID.fullmatch(self.id) else "r" + re.sub(r"[^A-Za-z0-9_.:-]", "-", self.id)[:127]


_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")


@dataclass(frozen=True)
class ImportedDocument:
    """A document read from a task, with which annotation it came from."""

    document: Document
    source: str
    """Which annotation or prediction was read, e.g. "annotation 12 by ann@x" or "prediction (gold)"."""
    annotation: Mapping[str, Any] | None = None
    """The annotation read (its id, completed_by, updated_at), None for a prediction."""


@dataclass(frozen=True)
class ImportResult:
    """The documents an import read, its problems and the files it wrote."""

    documents: tuple[ImportedDocument, ...]
    problems: tuple[Problem, ...]
    written: tuple[Path, ...] = ()
    warnings: tuple[Problem, ...] = ()
    """The imported documents' warnings (``newsbench validate``'s), pointed at their regions: shown, never
    blocking."""

    @property
    def blocking(self) -> list[Problem]:
        """The problems that stop the import."""
        return blocking(self.problems)

    @property
    def notes(self) -> list[Problem]:
        """The notes: problems that do not stop the import."""
        return [p for p in self.problems if p.check in NOTE_CHECKS]




# Keys of a Label Studio result that hold a string (ids are compared and hashed: a list there is a problem).
_RESULT_STRING_KEYS = ("id", "type", "from_name", "to_name", "from_id", "to_id")


def _order_problem(order: Any) -> str | None:
    """What is wrong with the task data's ``order`` hint (cluster ids per layer), or None."""
    if not isinstance(order, dict):
        return f"expected an object of id lists, found {json_type(order)}"
    for key, ids in order.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return f"expected {key} as a list of id strings, found {_describe(ids)}"
    return None


class _Reader:
    """Reads one annotation's result list into a document, collecting problems."""

    def __init__(self, onto: Ontology, file: str, doc_id: str | None, text: str, base: str):
        self.onto, self.file, self.doc_id, self.text, self.base = onto, file, doc_id, text, base
        self.problems: list[Problem] = []
        self.labels = span_labels(onto)
        self.controls = {c.name: c for c in region_controls(onto)}

    def add(self, check: str, pointer: str, message: str) -> None:
        self.problems.append(problem(check, self.file, self.doc_id, pointer, message))

    # -- regions and values

    def read(self, results: Any) -> tuple[list[_Region], list[tuple[str, str, str]]]:
        if not isinstance(results, list):
            self.add("ls-task-malformed", self.base, f"expected a list of results, found {json_type(results)}")
            return [], []
        regions: dict[str, _Region] = {}
        rejected: set[str] = set()
        values: list[tuple[int, dict]] = []
        relations: list[tuple[int, dict]] = []
        for i, item in enumerate(results):
            where = f"{self.base}/{i}"
            if not isinstance(item, dict):
                self.add("ls-task-malformed", where, f"expected a result object, found {json_type(item)}")
                continue
            wrong = next((key for key in _RESULT_STRING_KEYS if not isinstance(item.get(key, ""), str)), None)
            if wrong is not None:
                self.add("ls-task-malformed", f"{where}/{wrong}", f"expected a string, found {json_type(item[wrong])}")
                if isinstance(item.get("id"), str):
                    rejected.add(item["id"])
            elif item.get("type") == "relation":
                relations.append((i, item))
            elif item.get("from_name") in SPAN_CONTROLS:
                region = self._region(item, where)
                if region is None:
                    if isinstance(item.get("id"), str):
                        rejected.add(item["id"])  # its values and relations would only repeat the problem
                    continue
                if region.id in regions:
                    self.add("ls-region-duplicate", where, f"expected one label result per region, found region "
                             f"{region.id!r} again (first at {regions[region.id].pointer})")
                else:
                    regions[region.id] = region
            elif item.get("from_name") in self.controls:
                values.append((i, item))
            else:
                self.add("ls-label-unknown", where + "/from_name",
                         f"expected a control of the generated config, found {item.get('from_name')!r}")
        for i, item in values:
            if item.get("id") not in rejected or item.get("id") in regions:
                self._value(item, f"{self.base}/{i}", regions)
        edges = [edge for i, item in relations
                 if not ({item.get("from_id"), item.get("to_id")} & (rejected - regions.keys()))
                 for edge in self._relation(item, f"{self.base}/{i}", regions)]
        linked = {item.get(key) for _, item in relations for key in ("from_id", "to_id")}
        return list(regions.values()), self._role_fillers(list(regions.values()), edges, linked)

    def _role_fillers(self, regions: list[_Region], edges: list[tuple[str, str, str]], linked: set[Any]
                      ) -> list[tuple[str, str, str]]:
        """An argument drawn as a role region (its label the role) linked to a trigger: the edge goes to the filler,
        the one mention region (timex region, for a role a timex fills) at the role region's span."""
        at: dict[tuple[str, int, int], list[_Region]] = defaultdict(list)
        for r in regions:
            at[(r.control, r.start, r.end)].append(r)
        fillers: dict[str, str] = {}
        roles = [r for r in regions if r.control == ROLE]
        for r in roles:
            if r.id not in linked:
                self.add("ls-role-unlinked", r.pointer, f"expected role region {r.id!r} {r.text!r} ({r.label}) to be "
                         "linked to a trigger, found no relation")
                continue
            kind = TIMEX if onto_role_filler(self.onto, r.label) == "timex" else ENTITY
            found = at[(kind, r.start, r.end)]
            if len(found) == 1:
                fillers[r.id] = found[0].id
            else:
                self.add("ls-role-filler-unmatched", r.pointer, f"expected one {kind} region at [{r.start}, {r.end}) "
                         f"{r.text!r} to fill the role {r.label} of role region {r.id!r}, found {len(found)}")
        role_ids = {r.id for r in roles}
        return [(a, fillers.get(b, b), role) for a, b, role in edges if b not in role_ids or b in fillers]

    def _offsets(self, value: Any, where: str) -> tuple[int, int] | None:
        if not isinstance(value, dict):
            self.add("ls-task-malformed", where + "/value", f"expected a value object, found {value!r}")
            return None
        start, end = value.get("start"), value.get("end")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= len(self.text)):
            self.add("ls-region-out-of-range", where + "/value",
                     f"expected integer offsets 0 <= start < end <= {len(self.text)}, found [{start!r}, {end!r})")
            return None
        return start, end

    def _region(self, item: dict, where: str) -> _Region | None:
        rid = item.get("id")
        if not isinstance(rid, str) or not rid:
            self.add("ls-task-malformed", where + "/id", f"expected a region id, found {rid!r}")
            return None
        offsets = self._offsets(item.get("value"), where)
        if offsets is None:
            return None
        start, end = offsets
        value = item["value"]
        found = self.text[start:end]
        if value.get("text") != found:
            self.add("ls-region-text-mismatch", where + "/value/text",
                     f"expected the task text at [{start}, {end}) {found!r}, found {value.get('text')!r}")
            return None
        control = item["from_name"]
        labels = value.get("labels")
        if not isinstance(labels, list) or len(labels) != 1:
            self.add("ls-attribute-invalid", where + "/value/labels",
                     f"expected exactly one {control} label, found {labels!r}")
            return None
        if labels[0] not in self.labels[control]:
            self.add("ls-label-unknown", where + "/value/labels/0",
                     f"expected a {control} label of the ontology, found {labels[0]!r}")
            return None
        return _Region(rid, control, start, end, found, labels[0], where)

    def _value(self, item: dict, where: str, regions: dict[str, _Region]) -> None:
        control = self.controls[item["from_name"]]
        region = regions.get(item.get("id"))  # type: ignore[arg-type]
        if region is None:
            self.add("ls-attribute-invalid", where + "/id",
                     f"expected the id of a labelled region for {control.name}, found {item.get('id')!r}")
            return
        if region.control != control.region:
            self.add("ls-attribute-invalid", where + "/from_name",
                     f"expected {control.name} on a {control.region} region, found it on {region.control} region "
                     f"{region.id!r}")
            return
        value = item.get("value")
        if not isinstance(value, dict) or (value.get("start"), value.get("end")) != (region.start, region.end):
            got = (value.get("start"), value.get("end")) if isinstance(value, dict) else value
            self.add("ls-attribute-invalid", where + "/value",
                     f"expected the region's offsets [{region.start}, {region.end}), found {got!r}")
            return
        if control.labels and region.label not in control.labels:
            self.add("ls-attribute-invalid", where + "/from_name", f"expected {control.name} only on "
                     f"{', '.join(control.labels)} regions, found it on {region.label} region {region.id!r}")
            return
        # every type's subtypes have their own control: one value, "subtype"; an entity or event chosen from the
        # list is its id
        key = "subtype" if control.name.startswith("subtype_") else _SAME_VALUE.get(control.name, control.name)
        if key in region.values and control.name in _SAME_VALUE:
            parsed = self._parse(control, value, where)
            if parsed is not None and parsed != region.values[key]:
                self.add("ls-attribute-invalid", where, f"expected {control.name} to name the {key} the region "
                         f"carries ({region.values[key]!r}), found {parsed!r}")
            return
        if key in region.values:
            self.add("ls-attribute-invalid", where, f"expected one {key} per region, found a second one "
                     f"on {region.id!r} (first at {region.value_pointers[key]})")
            return
        before = len(self.problems)
        parsed = self._parse(control, value, where)
        if len(self.problems) > before:
            region.invalid.add(key)
        elif parsed is not None:
            region.values[key] = parsed
            region.value_pointers[key] = where

    def _parse(self, control: RegionControl, value: dict, where: str) -> Any:
        if control.kind == "choices":
            got = value.get("choices")
            if not isinstance(got, list) or len(got) != 1:
                self.add("ls-attribute-invalid", where + "/value/choices",
                         f"expected exactly one {control.name}, found {got!r}")
                return None
            if control.options:
                return got[0] if isinstance(got[0], str) else None  # checked where it is used
            if got[0] not in control.values:
                self.add("ls-label-unknown", where + "/value/choices/0",
                         f"expected a {control.name} of the ontology ({', '.join(control.values)}), found {got[0]!r}")
                return None
            return int(got[0]) if control.name.endswith("precision") else got[0]
        if control.kind == "textarea":
            got = value.get("text")
            got = [got] if isinstance(got, str) else got
            if not isinstance(got, list) or not all(isinstance(s, str) for s in got):
                self.add("ls-attribute-invalid", where + "/value/text",
                         f"expected text for {control.name}, found {got!r}")
                return None
            got = [s for s in got if s != ""]
            if len(got) > 1:
                self.add("ls-attribute-invalid", where + "/value/text",
                         f"expected one {control.name}, found {len(got)}: {got!r}")
                return None
            if got == [TO_CHECK]:
                self.add("ls-value-to-check", where + "/value/text",
                         f"expected {control.name} to be filled in, found the pre-annotation's mark {TO_CHECK!r}")
                return None
            return got[0] if got else None
        got = value.get("number")
        if got is None:
            return None
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            self.add("ls-attribute-invalid", where + "/value/number",
                     f"expected a number for {control.name}, found {got!r}")
            return None
        if control.name in _INTEGER_CONTROLS:
            if got != int(got):
                self.add("ls-attribute-invalid", where + "/value/number",
                         f"expected an integer for {control.name}, found {got!r}")
                return None
            return int(got)
        # canonical: Label Studio's UI saves 33.0 as 33; the gold's floats stay floats, byte for byte
        return float(got)

    def _relation(self, item: dict, where: str, regions: dict[str, _Region]) -> list[tuple[str, str, str]]:
        ends = []
        for key in ("from_id", "to_id"):
            rid = item.get(key)
            if rid not in regions:
                self.add("ls-relation-dangling", f"{where}/{key}", f"expected the id of a region, found {rid!r}")
                return []
            ends.append(regions[rid])
        a, b = ends
        labels = item.get("labels")
        if isinstance(labels, list) and COREFERENCE in labels:
            # a coreference link: two mentions of one entity, or two triggers of one event
            if labels != [COREFERENCE] or a.control != b.control or a.control not in (ENTITY, TRIGGER):
                self.add("ls-relation-endpoint", where, f"expected a {COREFERENCE} relation alone, between two "
                         f"mentions or two triggers, found {labels!r} on {a.control} {a.id!r} -> {b.control} {b.id!r}")
                return []
            return [(a.id, b.id, COREFERENCE)]
        # the relation joins a trigger to its argument; the arrow's direction carries no extra meaning
        if a.control != TRIGGER and b.control == TRIGGER:
            a, b = b, a
        if a.control != TRIGGER or b.control not in (ENTITY, TIMEX, ROLE):
            self.add("ls-relation-endpoint", where, f"expected a relation between a trigger and a mention, timex or "
                     f"role region, found {ends[0].control} {ends[0].id!r} -> {ends[1].control} {ends[1].id!r}")
            return []
        if b.control == ROLE:  # the role region names the role; the link needs none
            if labels not in (None, [], [b.label]):
                self.add("ls-attribute-invalid", where + "/labels", f"expected no role on the link from trigger "
                         f"{a.id!r} to role region {b.id!r} (the region names it: {b.label}), found {labels!r}")
                return []
            return [(a.id, b.id, b.label)]
        if not isinstance(labels, list) or not labels:
            self.add("ls-attribute-missing", where + "/labels",
                     f"expected an argument role on the relation {a.id!r} -> {b.id!r}, found {labels!r}")
            return []
        edges = []
        for k, role in enumerate(labels):
            if not isinstance(role, str) or role not in self.onto.role_filler:
                self.add("ls-label-unknown", f"{where}/labels/{k}", f"expected an argument role of the ontology, "
                         f"found {role!r}")
                return []
            # several roles on one relation become several arguments, in order
            edges.append((a.id, b.id, role))
        return edges

    # -- building the document

    def require(self, region: _Region, name: str) -> Any:
        if name not in region.values and name not in region.invalid:
            self.add("ls-attribute-missing", region.pointer,
                     f"expected {name} on {region.control} region {region.id!r} {region.text!r}, found none")
        return region.values.get(name)

    def cluster_value(self, regions: list[_Region], name: str, what: str, *, required: bool) -> Any:
        """One value for a cluster: regions that carry it must agree; regions without it inherit it."""
        carried = [(r, r.values[name]) for r in regions if name in r.values]
        distinct = list(dict.fromkeys(v for _, v in carried))
        if len(distinct) > 1:
            r0 = carried[0][0]
            self.add("ls-cluster-conflict", r0.value_pointers[name],
                     f"expected one {name} for {what}, found {', '.join(repr(v) for v in distinct)} on regions "
                     f"{', '.join(repr(r.id) for r, _ in carried)}")
            return None
        if not distinct:
            if required and not any(name in r.invalid for r in regions):
                self.add("ls-attribute-missing", regions[0].pointer,
                         f"expected {name} for {what} on one of its regions "
                         f"{', '.join(repr(r.id) for r in regions)}, found none")
            return None
        return distinct[0]

    def cluster_label(self, regions: list[_Region], what: str, chosen_by: str) -> str:
        """The type of an entity or event: a type chosen for the whole cluster (``chosen_by``, ``entity_type`` or
        ``event_type``, on any of its regions; those that carry one must agree) stands for all its mentions; else
        every region of the cluster must carry the same label (the first wins)."""
        chosen = self.cluster_value(regions, chosen_by, what, required=False)
        if chosen is not None:
            return chosen
        labels = list(dict.fromkeys(r.label for r in regions))
        if len(labels) > 1:
            self.add("ls-cluster-conflict", regions[0].pointer, f"expected one type for {what}, found "
                     f"{', '.join(labels)} on regions {', '.join(repr(r.id) for r in regions)}")
        return labels[0]

    def apply_place(self, r: _Region) -> None:
        """A gazetteer place chosen for a toponym gives its GeoNames id, coordinates, feature, source and radius;
        a field also given by hand must agree."""
        place = place_record(r.values[PLACE])
        where = r.value_pointers[PLACE]
        if place is None:
            self.add("ls-label-unknown", where, f"expected a place of the shipped gazetteer, found {r.values[PLACE]!r}")
            return
        for name in ("geonames_id", "lat", "lon", "feature", "source", "uncertainty_km"):
            value = getattr(place, name)
            if name in r.values and r.values[name] != value:
                self.add("ls-attribute-invalid", r.value_pointers[name], f"expected {name} {value!r} of the chosen "
                         f"place {place.name!r}, found {r.values[name]!r}")
            elif value is not None:
                r.values[name] = value

    def heads(self, regions: list[_Region]) -> dict[str, tuple[int, int]]:
        """mention region id -> its head, from the head regions: the one named after it (<id>.head), else the
        innermost mention region that contains the head region (a head equal to a mention is that mention's)."""
        mentions = {r.id: r for r in regions if r.control == ENTITY}
        out: dict[str, tuple[int, int]] = {}
        for h in (r for r in regions if r.control == HEAD):
            named = mentions.get(h.id[:-len(HEAD_SUFFIX)]) if h.id.endswith(HEAD_SUFFIX) else None
            around = [m for m in mentions.values() if m.start <= h.start and h.end <= m.end]
            if named is not None and named in around:
                owner = named
            else:
                inner = min((m.end - m.start for m in around), default=None)
                owners = [m for m in around if m.end - m.start == inner]
                if len(owners) != 1:
                    self.add("ls-attribute-invalid", h.pointer, f"expected the head {h.text!r} at [{h.start}, {h.end}) "
                             f"inside exactly one innermost mention, found {len(owners)}"
                             + (f": {', '.join(repr(m.id) for m in owners)}" if owners else ""))
                    continue
                owner = owners[0]
            if owner.id in out:
                self.add("ls-attribute-invalid", h.pointer, f"expected one head for mention {owner.id!r} "
                         f"{owner.text!r}, found a second one at [{h.start}, {h.end})")
                continue
            out[owner.id] = (h.start, h.end)
        return out

    def clusters(self, regions: list[_Region], control: str, key: str, prefix: str,
                 links: Sequence[tuple[str, str]], known: Sequence[str]) -> dict[str, str]:
        """region id -> cluster id for the regions of ``control``: the same ``key`` value, or a Coreference link,
        puts two regions in one cluster; a cluster takes the id its regions carry (two different ids joined by a
        link conflict), or ``prefix`` + its first region's id. A typed id on one region that the task did not know
        (``known``: the ids of its data) and that is one edit away from one it knew is noted
        (``ls-cluster-near-miss``): "E55" for "E5" would silently split the entity."""
        mine = [r for r in regions if r.control == control]
        parent = {r.id: r.id for r in mine}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        first: dict[str, str] = {}
        for r in mine:
            if key in r.values:
                parent[find(r.id)] = find(first.setdefault(r.values[key], r.id))
        for a, b in links:
            if a in parent and b in parent:
                parent[find(b)] = find(a)
        groups: dict[str, list[_Region]] = defaultdict(list)
        for r in mine:
            groups[find(r.id)].append(r)
        out: dict[str, str] = {}
        for members in groups.values():
            ids = list(dict.fromkeys(r.values[key] for r in members if key in r.values))
            if len(ids) > 1:
                self.add("ls-cluster-conflict", members[0].pointer, f"expected one {key} for the regions a "
                         f"{COREFERENCE} link joins ({', '.join(repr(r.id) for r in members)}), found "
                         f"{', '.join(map(repr, ids))}")
            cid = ids[0] if ids else prefix + members[0].item_id
            out.update((r.id, cid) for r in members)
        uses: defaultdict[str, int] = defaultdict(int)
        for r in mine:
            if key in r.values:
                uses[r.values[key]] += 1
        for cid, n in uses.items():
            near = [k for k in known if n == 1 and cid not in known and _one_edit(cid, k)]
            if near:
                r = next(r for r in mine if r.values.get(key) == cid)
                self.add("ls-cluster-near-miss", r.value_pointers[key], f"expected {key} {cid!r} on {r.id!r} "
                         f"{r.text!r} to be meant, found it on this mention only and one edit away from "
                         f"{', '.join(map(repr, near))}: a typo would split the cluster")
        return out

    def document(self, regions: list[_Region], edges: list[tuple[str, str, str]], doc_id: str, meta: Meta,
                 schema_version: str, order: Mapping[str, Sequence[str]]) -> Document:
        mentions, entity_regions, toponyms = [], defaultdict(list), []
        timexes, event_regions, event_mentions = [], defaultdict(list), []
        arguments: dict[str, list[Argument]] = defaultdict(list)
        links = [(a, b) for a, b, role in edges if role == COREFERENCE]
        item_ids = {r.id: r.item_id for r in regions}
        for source, target, role in edges:
            if role != COREFERENCE:
                arguments[source].append(Argument(role=role, ref=item_ids[target]))
        heads = self.heads(regions)
        entity_of = self.clusters(regions, ENTITY, "entity_id", "E-", links, order.get("entities", ()))
        event_of = self.clusters(regions, TRIGGER, "event_id", "EV-", links, order.get("events", ()))
        for r in regions:
            if r.control == ENTITY:
                level, entity = self.require(r, "level"), entity_of[r.id]
                head = heads.get(r.id, (r.start, r.end))  # no head region: the head is the whole mention
                mentions.append(Mention(id=r.item_id, entity=entity, type=r.label, level=level or "",
                                        start=r.start, end=r.end, text=r.text, head_start=head[0], head_end=head[1]))
                entity_regions[entity].append(r)
                if PLACE in r.values:
                    self.apply_place(r)
                if any(name in r.values for name in _TOPONYM_FIELDS):
                    fields = {name: r.values.get(name) for name in _TOPONYM_FIELDS}
                    for name in ("reading", "lat", "lon", "feature", "source"):
                        self.require(r, name)
                    toponyms.append(Toponym(mention=r.item_id, reading=fields["reading"] or "",
                                            geonames_id=fields["geonames_id"], lat=fields["lat"] or 0.0,
                                            lon=fields["lon"] or 0.0, feature=fields["feature"] or "",
                                            source=fields["source"] or "", uncertainty_km=fields["uncertainty_km"]))
            elif r.control == TIMEX:
                value = self.require(r, "timex_value")
                timexes.append(Timex(id=r.item_id, start=r.start, end=r.end, text=r.text, type=r.label, value=value
                                     or ""))
            elif r.control == TRIGGER:
                event = event_of[r.id]
                event_mentions.append(EventMention(id=r.item_id, event=event, start=r.start, end=r.end, text=r.text,
                                                   arguments=tuple(arguments.get(r.id, ()))))
                event_regions[event].append(r)

        entities = []
        for eid in _ordered(entity_regions, order.get("entities", ())):
            rs = entity_regions[eid]
            what = f"entity {eid!r}"
            entities.append(Entity(id=eid, type=self.cluster_label(rs, what, "entity_type"),
                                   subtype=self.cluster_value(rs, "subtype", what, required=False)))
        entity_type = {e.id: e.type for e in entities}
        mentions = [m if m.type == entity_type.get(m.entity, m.type) else replace(m, type=entity_type[m.entity])
                    for m in mentions]
        events = []
        for eid in _ordered(event_regions, order.get("events", ())):
            rs = event_regions[eid]
            what = f"event {eid!r}"
            event_type = self.cluster_label(rs, what, "event_type")
            # an attribute no region carries is its default (GUIDELINES M4), where the ontology gives one
            defaults = self.onto.attribute_defaults
            attrs = {name: _or(self.cluster_value(rs, name, what, required=name not in defaults),
                               defaults.get(name, ""))
                     for name in self.onto.attributes}
            place = date = None
            if any(name in r.values for r in rs for name in _PLACE_FIELDS):
                p = {name: self.cluster_value(rs, name, what, required=name != "place_geonames_id")
                     for name in _PLACE_FIELDS}
                place = EventPlace(geonames_id=p["place_geonames_id"], lat=_or(p["place_lat"], 0.0),
                                   lon=_or(p["place_lon"], 0.0), precision=_or(p["place_precision"], 0))
            if any(name in r.values for r in rs for name in _DATE_FIELDS):
                d = {name: self.cluster_value(rs, name, what, required=True) for name in _DATE_FIELDS}
                date = EventDate(value=d["date_value"] or "", precision=_or(d["date_precision"], 0))
            events.append(Event(id=eid, type=event_type, place=place, date=date, **attrs))
        toponym_rank = {m: i for i, m in enumerate(order.get("toponyms", ()))}
        toponyms.sort(key=lambda t: toponym_rank.get(t.mention, len(toponym_rank)))  # stable for new ones
        return Document(doc_id=doc_id, text=self.text, meta=meta, entities=tuple(entities), mentions=tuple(mentions),
                        timexes=tuple(timexes), events=tuple(events), event_mentions=tuple(event_mentions),
                        toponyms=tuple(toponyms), schema_version=schema_version)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one inserted, deleted or replaced character."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def _ordered(clusters: Mapping[str, Any], hint: Sequence[str]) -> list[str]:
    """Cluster ids in the order the task data recorded, then new ones in order of first appearance."""
    known = [c for c in hint if c in clusters]
    return known + [c for c in clusters if c not in set(known)]


def read_export(path: Path) -> tuple[list[dict], list[Problem]]:
    """The tasks of a Label Studio JSON export or of a tasks file made by ``newsbench ls export``."""
    data, problems = read_json_file(path)
    if data is None:
        return [], problems
    file = display_path(path)
    if isinstance(data, dict):
        data = [data]  # a single task
    if not isinstance(data, list):
        return [], [problem("ls-task-malformed", file, None, "", f"expected a JSON list of tasks, found "
                            f"{json_type(data)}")]
    return data, []


def _completed_by(annotation: Mapping[str, Any]) -> tuple[str | None, str | None]:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        return (str(who["id"]) if "id" in who else None), who.get("email")
    return (str(who) if who is not None else None), None


def _describe_annotation(annotation: dict) -> str:
    uid, email = _completed_by(annotation)
    return f"annotation {annotation.get('id', '?')} by {email or ('user ' + uid if uid else 'unknown')}"


def choose_annotation(task: dict, where: str, file: str, doc_id: str, *, annotator: str | None = None
                      ) -> tuple[int, dict] | Problem | None:
    """The annotation to import: not cancelled, by ``annotator`` (user id or email) if given, and of several the
    most recently updated (then the highest id). Returns (index, annotation), None, or a problem note."""
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list):
        return problem("ls-task-malformed", file, doc_id, where + "/annotations", "expected a list of annotations")
    live = [(k, a) for k, a in enumerate(annotations) if isinstance(a, dict) and not a.get("was_cancelled")]
    if annotator is not None:
        live = [(k, a) for k, a in live if annotator in _completed_by(a)]
    if not live:
        by = f" by {annotator}" if annotator is not None else ""
        return problem("ls-task-unannotated", file, doc_id, where,
                       f"expected an annotation{by} that was not cancelled, found none: task skipped")
    live.sort(key=lambda ka: (str(ka[1].get("updated_at") or ""), ka[1].get("id") or 0, ka[0]))
    return live[-1]


def choose_prediction(task: dict, where: str, file: str, doc_id: str, model_version: str | None
                      ) -> tuple[int, dict] | Problem:
    """The task's prediction to read (by model version, else the only one), or a problem."""
    predictions = task.get("predictions") or []
    if not isinstance(predictions, list):
        return problem("ls-task-malformed", file, doc_id, where + "/predictions", "expected a list of predictions")
    if any(not isinstance(p, dict) for p in predictions):
        return problem("ls-prediction-ids-only", file, doc_id, where + "/predictions",
                       "expected predictions in full, found prediction ids (a plain export): pull a snapshot export")
    live = [(k, p) for k, p in enumerate(predictions) if model_version is None
            or p.get("model_version") == model_version]
    if not live:
        return problem("ls-task-unannotated", file, doc_id, where, f"expected a prediction"
                       f"{' of model version ' + model_version if model_version else ''}, found none: task skipped")
    live.sort(key=lambda kp: (str(kp[1].get("updated_at") or kp[1].get("created_at") or ""), kp[1].get("id") or 0,
                              kp[0]))
    return live[-1]


def documents_from_tasks(tasks: Sequence[Any], *, file: str = "export.json", source: str = "annotations",
                         annotator: str | None = None, model_version: str | None = None,
                         seeds: Path | None = None, onto: Ontology | None = None,
                         declare: Sequence[str] = ()) -> ImportResult:
    """Read gold documents out of Label Studio tasks and validate each (schema + semantic checks).

    ``source`` is "annotations" (default) or "predictions". ``seeds``: check text and sha256 against
    ``seeds/<doc_id>.txt`` too (and take missing metadata from the seed's .meta.json). ``declare``: layers the
    annotation now covers over the whole text, added to the declaration the task carries (a partly annotated
    document whose events were annotated in Label Studio: ``declare=("events",)``).
    """
    onto = onto or load_ontology()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    imported: list[ImportedDocument] = []
    seen: dict[str, int] = {}
    for t, task in enumerate(tasks):
        where = f"/{t}"
        data = task.get("data") if isinstance(task, dict) else None
        text = data.get(DATA_TEXT) if isinstance(data, dict) else None
        doc_id = data.get(DATA_DOC_ID) if isinstance(data, dict) else None
        if not isinstance(text, str) or not isinstance(doc_id, str):
            problems.append(problem("ls-task-malformed", file, doc_id if isinstance(doc_id, str) else None,
                                    where + "/data", "expected data with a text and a doc_id string, found "
                                    f"{sorted(data) if isinstance(data, dict) else json_type(data)}"))
            continue
        if doc_id in seen:
            problems.append(problem("ls-task-duplicate", file, doc_id, where + "/data/doc_id",
                                    f"expected one task per document, found {doc_id!r} also in task /{seen[doc_id]}"))
            continue
        seen[doc_id] = t
        carried = data.get(DATA_NEWSBENCH) if isinstance(data, dict) else None
        extra: dict[str, Any] = carried if isinstance(carried, dict) else {}
        meta = _task_meta(extra, doc_id, seeds)
        if meta is None:
            problems.append(problem("ls-task-malformed", file, doc_id, where + "/data/" + DATA_NEWSBENCH,
                                    "expected the document's metadata in the task data (or a seed .meta.json), "
                                    "found none"))
            continue
        if source == "predictions":
            chosen = choose_prediction(task, where, file, doc_id, model_version)
            kind = "predictions"
        else:
            chosen = choose_annotation(task, where, file, doc_id, annotator=annotator)
            kind = "annotations"
            n_live = sum(1 for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled"))
            if isinstance(chosen, tuple) and annotator is None and n_live > 1:
                others = [_describe_annotation(a) for a in task["annotations"]
                          if isinstance(a, dict) and not a.get("was_cancelled") and a is not chosen[1]]
                problems.append(problem("ls-multiple-annotations", file, doc_id, where + "/annotations",
                                        f"expected one annotation, found {n_live}: imported the most recently updated, "
                                        f"{_describe_annotation(chosen[1])}; not imported: {'; '.join(others)} "
                                        "(choose with --annotator)"))
        if isinstance(chosen, Problem) or chosen is None:
            if isinstance(chosen, Problem):
                problems.append(chosen)
            continue
        k, picked = chosen
        reader = _Reader(onto, file, doc_id, text, f"{where}/{kind}/{k}/result")
        regions, edges = reader.read(picked.get("result"))
        order = extra.get("order", {})
        order_problem = _order_problem(order)
        if order_problem is not None:
            problems.append(problem("ls-task-malformed", file, doc_id, f"{where}/data/{DATA_NEWSBENCH}/order",
                                    order_problem))
            continue
        schema_version = (extra["schema_version"] if isinstance(extra.get("schema_version"), str)
                          else SCHEMA_VERSION)
        doc = reader.document(regions, edges, doc_id, meta, schema_version, order)
        annotated = _task_annotated(extra.get("annotated"))
        if annotated is False:
            problems.append(problem("ls-task-malformed", file, doc_id, where + "/data/" + DATA_NEWSBENCH + "/annotated",
                                    "expected the declared layers as {layer: [[start, end], ...]}, found "
                                    f"{json_type(extra.get('annotated'))}"))
            continue
        doc = declare_whole(replace(doc, annotated=annotated), declare)
        problems.extend(reader.problems)
        if reader.problems:
            continue  # the document is incomplete: validating it would only repeat these problems
        checked = validate_document(doc, file, seeds=seeds, onto=onto)
        problems.extend(_in_export(p, doc, {r.id: r.pointer for r in regions}, where) for p in checked)
        if not checked:
            pointers = {r.id: r.pointer for r in regions}
            warnings.extend(_in_export(w, doc, pointers, where) for w in document_warnings(doc, file, ontology=onto))
            label = (_describe_annotation(picked) if kind == "annotations"
                     else f"prediction {picked.get('id', '?')} ({picked.get('model_version')})")
            imported.append(ImportedDocument(doc, label, picked if kind == "annotations" else None))
    return ImportResult(tuple(imported), tuple(problems), warnings=tuple(warnings))


def _in_export(found: Problem, doc: Document, region_pointers: Mapping[str, str], task_pointer: str) -> Problem:
    """A problem of the rebuilt document pointed at the export: the region (or the task data) it comes from, with
    the document pointer and the region id in the message."""
    parts = found.pointer.split("/")
    layer, index = (parts[1], int(parts[2])) if len(parts) > 2 and parts[2].isdigit() else (None, -1)
    region = None
    if layer in ("mentions", "timexes", "event_mentions"):
        region = getattr(doc, layer)[index].id
    elif layer == "toponyms":
        region = doc.toponyms[index].mention
    elif layer == "entities":
        region = next((m.id for m in doc.mentions if m.entity == doc.entities[index].id), None)
    elif layer == "events":
        region = next((m.id for m in doc.event_mentions if m.event == doc.events[index].id), None)
    pointer = region_pointers.get(region, f"{task_pointer}/data") if region is not None else f"{task_pointer}/data"
    where = f"document {found.pointer or '/'}" + (f", region {region!r}" if region is not None else "")
    return problem(found.check, found.file, found.doc_id, pointer, f"{found.message} ({where})")


def _task_annotated(value: Any) -> tuple[AnnotatedLayer, ...] | Literal[False] | None:
    """The declared layers carried in the task data; None where absent, False where malformed."""
    if value is None:
        return None
    ok = isinstance(value, dict) and all(
        isinstance(ranges, list) and all(isinstance(r, list) and len(r) == 2 and all(
            isinstance(x, int) and not isinstance(x, bool) for x in r) for r in ranges)
        for ranges in value.values())
    return jsonio.annotated_from_json(value) if ok else False


def _task_meta(extra: Mapping[str, Any], doc_id: str, seeds: Path | None) -> Meta | None:
    meta = extra.get("meta")
    if isinstance(meta, dict):
        try:
            return jsonio.meta_from_json(meta)
        except (KeyError, TypeError):
            pass
    if seeds is not None:
        found, _ = read_seed_meta(doc_id, Path(seeds).parent)
        return found
    return None


def validate_document(doc: Document, file: str, *, seeds: Path | None = None,
                      onto: Ontology | None = None) -> list[Problem]:
    """JSON Schema and semantic checks on a document built from Label Studio results."""
    problems = schema_problems(jsonio.document_to_json(doc), schema_validator("document.schema.json"), file)
    if problems:
        return problems
    return document_problems(doc, file, ontology=onto, seeds=seeds)


def import_export(paths: Sequence[Path], out_dir: Path, *, name: str = "{doc_id}.json", source: str = "annotations",
                  annotator: str | None = None, model_version: str | None = None, seeds: Path | None = None,
                  onto: Ontology | None = None, declare: Sequence[str] = (), passes: bool = False) -> ImportResult:
    """Import Label Studio exports into ``out_dir`` (files named by ``name``), all or nothing.

    ``passes``: every annotator's own annotation of each task (their most recent) becomes a pass, named with
    ``{annotator}`` too (default ``{doc_id}/pass-{annotator}.json``; the annotator is the e-mail's local part, or
    ``user<ID>``); who made each pass is recorded in ``<out_dir>/../rounds/<doc_id>/passes.json``.
    When any blocking problem is found, or nothing is imported (``ls-nothing-imported``), nothing is written;
    otherwise the documents replace their files in ``out_dir`` through a temporary copy of the folder and a rename,
    so the folder is never half-updated.
    """
    documents: list[ImportedDocument] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    names: dict[int, str] = {}
    for path in paths:
        tasks, read_problems = read_export(Path(path))
        problems.extend(read_problems)
        who = annotators(tasks) if passes else {annotator: None}
        for uid, slug in who.items():
            result = documents_from_tasks(tasks, file=display_path(path), source=source, annotator=uid,
                                          model_version=model_version, seeds=seeds, onto=onto, declare=declare)
            for d in result.documents:
                names[id(d)] = name.format(doc_id=d.document.doc_id, annotator=slug)
            documents.extend(result.documents)
            problems.extend(p for p in result.problems if p not in problems)
            warnings.extend(result.warnings)
    files_of = [names[id(d)] for d in documents]
    for file in sorted({f for f in files_of if files_of.count(f) > 1}):
        problems.append(problem("ls-task-duplicate", ", ".join(map(str, paths)), file.split("/")[0], "",
                                f"expected one task for {file}, found {files_of.count(file)}"))
    if not documents and not blocking(problems):
        problems.append(problem("ls-nothing-imported", ", ".join(map(str, paths)), None, "",
                                "expected at least one annotation to import"
                                f"{' by ' + annotator if annotator else ''}, found none: nothing written"))
    if blocking(problems):
        return ImportResult(tuple(documents), tuple(problems), warnings=tuple(warnings))
    files = {names[id(d)]: jsonio.dumps(jsonio.document_to_json(d.document)) for d in documents}
    written = jsonio.replace_files_atomically(Path(out_dir), files)
    if passes:
        _record_passes(documents, names, Path(out_dir).resolve().parent / ROUNDS, [str(p) for p in paths])
    return ImportResult(tuple(documents), tuple(problems), tuple(written), tuple(warnings))


def annotators(tasks: Sequence[Any]) -> dict[str, str]:
    """user id -> file-name slug of everyone with a live annotation: the e-mail's local part (the whole e-mail made
    safe if two share one), else "user<ID>"."""
    found: dict[str, str | None] = {}
    for task in tasks:
        for a in (task.get("annotations") or []) if isinstance(task, dict) else []:
            if isinstance(a, dict) and not a.get("was_cancelled"):
                uid, email = _completed_by(a)
                if uid is not None:
                    found.setdefault(uid, email)
    local = [e.split("@")[0] for e in found.values() if e]
    safe = lambda text: re.sub(r"[^A-Za-z0-9_.-]", "-", text)  # noqa: E731
    return {uid: safe(e.split("@")[0] if local.count(e.split("@")[0]) == 1 else e) if e else f"user{uid}"
            for uid, e in found.items()}


def _record_passes(documents: Sequence[ImportedDocument], names: Mapping[int, str], rounds: Path,
                   exports: Sequence[str]) -> None:
    """Who made each pass: rounds/<doc_id>/passes.json, one entry per pass file (newer pulls replace older)."""
    by_doc: dict[str, list[ImportedDocument]] = defaultdict(list)
    for d in documents:
        by_doc[d.document.doc_id].append(d)
    for doc_id, docs in by_doc.items():
        path = rounds / doc_id / PASSES
        data, _ = read_json_file(path) if path.is_file() else (None, [])
        entries = {e["file"]: e for e in (data or {}).get("passes", []) if isinstance(e, dict) and "file" in e}
        for d in docs:
            uid, email = _completed_by(d.annotation or {})
            file = names[id(d)].rsplit("/", 1)[-1]
            entries[file] = {"file": file, "annotator": email, "user_id": int(uid) if uid and uid.isdigit() else uid,
                             "annotation_id": (d.annotation or {}).get("id"),
                             "updated_at": (d.annotation or {}).get("updated_at"), "export": ", ".join(exports)}
        jsonio.write_text_atomic(path, jsonio.dumps({"doc_id": doc_id, "passes": sorted(entries.values(),
                                                                                       key=lambda e: e["file"])}))


def export_tasks(tasks: Sequence[dict], path: Path) -> None:
    """Write tasks as a Label Studio import file, atomically."""
    jsonio.write_text_atomic(Path(path), json.dumps(list(tasks), ensure_ascii=False, indent=1) + "\n")


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What ``newsbench ls export`` / ``push`` read: gold documents, submissions, or ready tasks files."""

    documents: tuple[Document, ...] = ()
    submissions: tuple[tuple[str, Submission], ...] = ()
    tasks: tuple[dict, ...] = ()
    problems: tuple[Problem, ...] = ()


def load_inputs(paths: Sequence[Path], *, seeds: Path | None = None) -> Inputs:
    """Read gold documents (files or folders), submissions (an object with ``system``) and tasks files (a JSON
    list, as written by ``ls export``); gold documents and submissions are validated."""
    documents, submissions, tasks, problems = [], [], [], []
    for path in document_paths(paths):
        data, read_problems = read_json_file(path)
        file = display_path(path)
        if data is None:
            problems.extend(read_problems)
        elif isinstance(data, list):
            tasks.extend(data)
        elif isinstance(data, dict) and "system" in data and "documents" in data:
            found = schema_problems(data, schema_validator("submission.schema.json"), file)
            problems.extend(found)
            if not found:
                submissions.append((file, jsonio.submission_from_json(data)))
        else:
            found = schema_problems(data, schema_validator("document.schema.json"), file)
            if not found:
                doc = jsonio.document_from_json(data)
                found = document_problems(doc, file, seeds=seeds, expected_id=expected_doc_id(path))
                if not found:
                    documents.append(doc)
            problems.extend(found)
    return Inputs(tuple(documents), tuple(submissions), tuple(tasks), tuple(problems))


def seed_documents(doc_ids: Iterable[str], seeds: Path) -> dict[str, Document]:
    """Unannotated documents (text and metadata) for the seeds that exist."""
    out = {}
    for doc_id in doc_ids:
        text_path = Path(seeds) / f"{doc_id}.txt"
        meta, _ = read_seed_meta(doc_id, Path(seeds).parent)
        if text_path.is_file() and meta is not None:
            out[doc_id] = Document(doc_id=doc_id, text=text_path.read_bytes().decode("utf-8"), meta=meta)
    return out


def inputs_to_tasks(inputs: Inputs, *, as_predictions: bool = False, model_version: str | None = None,
                    seeds: Path | None = None, onto: Ontology | None = None) -> tuple[list[dict], list[Problem]]:
    """Tasks for everything read: gold as annotations (or predictions), submissions as predictions over the gold's
    text or, for documents without gold among the inputs, the seed's."""
    tasks = list(inputs.tasks)
    tasks += documents_to_tasks(inputs.documents, as_predictions=as_predictions,
                                model_version=model_version or "gold", onto=onto)
    problems: list[Problem] = []
    gold = {d.doc_id: d for d in inputs.documents}
    for file, sub in inputs.submissions:
        wanted = [d.doc_id for d in sub.documents if d.doc_id not in gold]
        base = {**(seed_documents(wanted, seeds) if seeds is not None else {}), **gold}
        version = model_version or f"{sub.system.name} {sub.system.version}"
        sub_tasks, found = submission_to_tasks(sub, base, model_version=version, file=file, onto=onto)
        problems += found
        by_doc = {t["data"][DATA_DOC_ID]: t for t in tasks if isinstance(t.get("data"), dict)}
        for task in sub_tasks:
            there = by_doc.get(task["data"][DATA_DOC_ID])
            if there is None:
                tasks.append(task)
            else:  # one task per document: the predictions join the gold's task
                there.setdefault("predictions", []).extend(task["predictions"])
    return tasks, problems
