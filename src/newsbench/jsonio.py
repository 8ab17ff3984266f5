"""Reading and writing the JSON formats. The only module that knows JSON key names.

Converters assume input that already passed the JSON Schema (see :mod:`newsbench.validate`).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

from .model import (
    AnnotatedLayer,
    Argument,
    Document,
    Entity,
    Event,
    EventDate,
    EventMention,
    EventPlace,
    Meta,
    Mention,
    PredictedArgument,
    PredictedEventMention,
    PredictedMention,
    PredictedTimex,
    PredictedToponym,
    StandoffSource,
    Submission,
    SubmissionDocument,
    SystemInfo,
    Timex,
    Toponym,
)

# Array key of each layer in a gold document, in the order the format writes them.
LAYER_KEYS: dict[type, str] = {
    Entity: "entities",
    Mention: "mentions",
    Timex: "timexes",
    Event: "events",
    EventMention: "event_mentions",
    Toponym: "toponyms",
}
SUBMISSION_LAYER_KEYS: dict[type, str] = {
    PredictedMention: "mentions",
    PredictedTimex: "timexes",
    PredictedEventMention: "event_mentions",
    PredictedToponym: "toponyms",
}


def json_pointer(*parts: str | int) -> str:
    """RFC 6901 pointer from path parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def item_pointer(cls: type, index: int, *rest: str | int) -> str:
    """Pointer to item ``index`` of the layer holding ``cls`` items (gold or submission)."""
    key = LAYER_KEYS.get(cls) or SUBMISSION_LAYER_KEYS[cls]
    return json_pointer(key, index, *rest)


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


# --- gold documents --------------------------------------------------------------------------


def meta_from_json(d: dict) -> Meta:
    return Meta(
        sha256=d["sha256"], title=d["title"], language=d["language"], outlet=d["outlet"], url=d["url"],
        published=d["published"], updated=d["updated"], anchor_date=d["anchor_date"],
    )


def meta_to_json(m: Meta) -> dict:
    return {
        "sha256": m.sha256, "title": m.title, "language": m.language, "outlet": m.outlet, "url": m.url,
        "published": m.published, "updated": m.updated, "anchor_date": m.anchor_date,
    }


def annotated_from_json(d: dict | None) -> tuple[AnnotatedLayer, ...] | None:
    if d is None:
        return None
    return tuple(AnnotatedLayer(layer=k, ranges=tuple((r[0], r[1]) for r in v)) for k, v in d.items())


def annotated_to_json(layers: tuple[AnnotatedLayer, ...] | None) -> dict | None:
    if layers is None:
        return None
    return {a.layer: [[start, end] for start, end in a.ranges] for a in layers}


def document_from_json(d: dict) -> Document:
    return Document(
        schema_version=d["schema_version"],
        annotated=annotated_from_json(d.get("annotated")),
        doc_id=d["doc_id"],
        text=d["text"],
        meta=meta_from_json(d["meta"]),
        entities=tuple(Entity(id=e["id"], type=e["type"], subtype=e.get("subtype")) for e in d["entities"]),
        mentions=tuple(
            Mention(
                id=m["id"], entity=m["entity"], type=m["type"], level=m["level"], start=m["start"], end=m["end"],
                text=m["text"], head_start=m["head_start"], head_end=m["head_end"],
            )
            for m in d["mentions"]
        ),
        timexes=tuple(
            Timex(id=t["id"], start=t["start"], end=t["end"], text=t["text"], type=t["type"], value=t["value"])
            for t in d["timexes"]
        ),
        events=tuple(
            Event(
                id=e["id"], type=e["type"], polarity=e["polarity"], tense=e["tense"], genericity=e["genericity"],
                modality=e["modality"],
                place=EventPlace(
                    geonames_id=e["place"]["geonames_id"], lat=e["place"]["lat"], lon=e["place"]["lon"],
                    precision=e["place"]["precision"],
                ) if "place" in e else None,
                date=EventDate(value=e["date"]["value"], precision=e["date"]["precision"]) if "date" in e else None,
            )
            for e in d["events"]
        ),
        event_mentions=tuple(
            EventMention(
                id=m["id"], event=m["event"], start=m["start"], end=m["end"], text=m["text"],
                arguments=tuple(Argument(role=a["role"], ref=a["ref"]) for a in m["arguments"]),
            )
            for m in d["event_mentions"]
        ),
        toponyms=tuple(
            Toponym(
                mention=t["mention"], reading=t["reading"], geonames_id=t["geonames_id"], lat=t["lat"], lon=t["lon"],
                feature=t["feature"], source=t["source"], uncertainty_km=t["uncertainty_km"],
            )
            for t in d["toponyms"]
        ),
    )


def document_to_json(doc: Document) -> dict:
    return _drop_none({
        "schema_version": doc.schema_version,
        "doc_id": doc.doc_id,
        "text": doc.text,
        "meta": meta_to_json(doc.meta),
        "annotated": annotated_to_json(doc.annotated),
        "entities": [_drop_none({"id": e.id, "type": e.type, "subtype": e.subtype}) for e in doc.entities],
        "mentions": [
            {
                "id": m.id, "entity": m.entity, "type": m.type, "level": m.level, "start": m.start, "end": m.end,
                "text": m.text, "head_start": m.head_start, "head_end": m.head_end,
            }
            for m in doc.mentions
        ],
        "timexes": [
            {"id": t.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
            for t in doc.timexes
        ],
        "events": [
            _drop_none({
                "id": e.id, "type": e.type, "polarity": e.polarity, "tense": e.tense, "genericity": e.genericity,
                "modality": e.modality,
                "place": {
                    "geonames_id": e.place.geonames_id, "lat": e.place.lat, "lon": e.place.lon,
                    "precision": e.place.precision,
                } if e.place else None,
                "date": {"value": e.date.value, "precision": e.date.precision} if e.date else None,
            })
            for e in doc.events
        ],
        "event_mentions": [
            {
                "id": m.id, "event": m.event, "start": m.start, "end": m.end, "text": m.text,
                "arguments": [{"role": a.role, "ref": a.ref} for a in m.arguments],
            }
            for m in doc.event_mentions
        ],
        "toponyms": [
            {
                "mention": t.mention, "reading": t.reading, "geonames_id": t.geonames_id, "lat": t.lat, "lon": t.lon,
                "feature": t.feature, "source": t.source, "uncertainty_km": t.uncertainty_km,
            }
            for t in doc.toponyms
        ],
    })


# --- standoff passes (annotation of a development-corpus text, without the text) ----------------

STANDOFF_VERSION = 1
# Layers whose items quote the text in a "text" key; a standoff pass drops those keys.
_SPAN_LAYER_KEYS = ("mentions", "timexes", "event_mentions")


def standoff_header_to_json(source: StandoffSource) -> dict:
    """The ``standoff`` object of a pass and of a packet's ``meta.json``: where the text is, and its checksum."""
    return {
        "version": STANDOFF_VERSION,
        "source": {"format": source.format, "corpus": source.corpus, "file": source.file, "article": source.article},
        "text_sha256": source.text_sha256,
        "text_length": source.text_length,
    }


def standoff_to_json(doc: Document, source: StandoffSource) -> dict:
    """``doc`` without any text taken from its source: no ``text``, no ``meta.title``, no span texts."""
    d = document_to_json(doc)
    del d["text"]
    del d["meta"]["title"]
    for key in _SPAN_LAYER_KEYS:
        for item in d[key]:
            del item["text"]
    return {"standoff": standoff_header_to_json(source), "document": d}


def standoff_source_from_json(d: dict) -> StandoffSource:
    """The ``standoff`` header of a pass or of a packet's ``meta.json``; KeyError or TypeError when it has none."""
    head, src = d["standoff"], d["standoff"]["source"]
    if head["version"] != STANDOFF_VERSION:
        raise KeyError(f"version {head['version']!r}")
    fields = (src["format"], src["corpus"], src["file"], src["article"], head["text_sha256"], head["text_length"])
    if not all(isinstance(v, str) for v in fields[:3] + fields[4:5]) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in (fields[3], fields[5])):
        raise TypeError("expected strings for format, corpus, file, text_sha256 and integers for article, text_length")
    return StandoffSource(*fields)


def packet_meta_to_json(doc: Document, source: StandoffSource) -> dict:
    """``meta.json`` of an annotation packet: the doc id, the document's meta block and its standoff header."""
    return {"doc_id": doc.doc_id, "meta": meta_to_json(doc.meta), "standoff": standoff_header_to_json(source)}


def document_json_from_standoff(d: dict, text: str, title: str) -> dict:
    """The full document JSON of a standoff pass, given its source text and title (spans cut from ``text``)."""
    doc = copy.deepcopy(d["document"])
    doc["text"] = text
    doc["meta"] = {"title": title, **doc["meta"]}
    for key in _SPAN_LAYER_KEYS:
        for item in doc[key]:
            item["text"] = text[item["start"]:item["end"]]
    return doc


# --- submissions -----------------------------------------------------------------------------


def _layer(d: dict, key: str, convert) -> tuple | None:
    return tuple(convert(x) for x in d[key]) if key in d else None


def submission_from_json(d: dict) -> Submission:
    s = d["system"]
    return Submission(
        system=SystemInfo(
            name=s["name"], version=s["version"], description=s["description"], url=s.get("url"),
            params=s.get("params"),
        ),
        documents=tuple(
            SubmissionDocument(
                doc_id=doc["doc_id"],
                mentions=_layer(doc, "mentions", lambda m: PredictedMention(
                    start=m["start"], end=m["end"], type=m["type"], level=m.get("level"), cluster=m.get("cluster"))),
                timexes=_layer(doc, "timexes", lambda t: PredictedTimex(
                    start=t["start"], end=t["end"], type=t.get("type"), value=t.get("value"))),
                event_mentions=_layer(doc, "event_mentions", lambda e: PredictedEventMention(
                    start=e["start"], end=e["end"], type=e["type"], cluster=e.get("cluster"),
                    attributes=e.get("attributes"),
                    arguments=tuple(PredictedArgument(role=a["role"], start=a["start"], end=a["end"])
                                    for a in e.get("arguments", ())))),
                toponyms=_layer(doc, "toponyms", lambda t: PredictedToponym(
                    start=t["start"], end=t["end"], reading=t.get("reading"), geonames_id=t.get("geonames_id"),
                    lat=t.get("lat"), lon=t.get("lon"))),
            )
            for doc in d["documents"]
        ),
    )


def submission_to_json(sub: Submission) -> dict:
    def doc_json(doc: SubmissionDocument) -> dict:
        out: dict[str, Any] = {"doc_id": doc.doc_id}
        if doc.mentions is not None:
            out["mentions"] = [
                _drop_none({"start": m.start, "end": m.end, "type": m.type, "level": m.level, "cluster": m.cluster})
                for m in doc.mentions
            ]
        if doc.timexes is not None:
            out["timexes"] = [
                _drop_none({"start": t.start, "end": t.end, "type": t.type, "value": t.value}) for t in doc.timexes
            ]
        if doc.event_mentions is not None:
            out["event_mentions"] = [
                _drop_none({
                    "start": e.start, "end": e.end, "type": e.type, "cluster": e.cluster,
                    "attributes": dict(e.attributes) if e.attributes is not None else None,
                    "arguments": [{"role": a.role, "start": a.start, "end": a.end} for a in e.arguments],
                })
                for e in doc.event_mentions
            ]
        if doc.toponyms is not None:
            out["toponyms"] = [
                _drop_none({
                    "start": t.start, "end": t.end, "reading": t.reading, "geonames_id": t.geonames_id,
                    "lat": t.lat, "lon": t.lon,
                })
                for t in doc.toponyms
            ]
        return out

    s = sub.system
    return {
        "system": _drop_none({
            "name": s.name, "version": s.version, "description": s.description, "url": s.url,
            "params": dict(s.params) if s.params is not None else None,
        }),
        "documents": [doc_json(d) for d in sub.documents],
    }


# --- files -----------------------------------------------------------------------------------


def dumps(data: Any) -> str:
    """Stable, diff-friendly JSON: nested objects indented, each item of a list of objects on one line."""

    def render(value: Any, indent: int) -> str:
        pad = " " * indent
        if isinstance(value, dict) and value:
            inner = ",\n".join(
                f'{pad} {json.dumps(k, ensure_ascii=False)}: {render(v, indent + 1)}' for k, v in value.items()
            )
            return "{\n" + inner + "\n" + pad + "}"
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            inner = ",\n".join(f"{pad} {json.dumps(v, ensure_ascii=False)}" for v in value)
            return "[\n" + inner + "\n" + pad + "]"
        return json.dumps(value, ensure_ascii=False)

    return render(data, 0) + "\n"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file and a rename: never half-written."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file the mode open() would have
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_files_atomically(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` (relative path -> text) into ``out_dir``: build the new folder beside it, then swap."""
    out_dir = Path(out_dir)
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out_dir.name}.new."))
    try:
        target = staging / "tree"
        if out_dir.exists():
            shutil.copytree(out_dir, target, symlinks=True)
        else:
            target.mkdir()
        for rel, text in files.items():
            dest = target / rel
            if not dest.resolve().is_relative_to(target.resolve()):
                raise ValueError(f"refusing to write outside the output folder: {rel}")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
        if out_dir.exists():
            old = staging / "old"
            os.rename(out_dir, old)
            try:
                os.rename(target, out_dir)
            except BaseException:
                os.rename(old, out_dir)
                raise
        else:
            os.rename(target, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / rel for rel in files]


def write_json(path: Path, data: Any) -> None:
    write_text_atomic(path, dumps(data))


def write_document(path: Path, doc: Document) -> None:
    write_json(path, document_to_json(doc))


def read_document(path: Path) -> Document:
    """Read a gold document without validating it; use :func:`newsbench.validate.load_valid_document` for input."""
    return document_from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def read_documents(paths: Iterable[Path]) -> list[Document]:
    return [read_document(p) for p in paths]
