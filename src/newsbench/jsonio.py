"""Reading and writing the JSON formats. The only module that knows JSON key names.

Converters assume input that already passed the JSON Schema (see :mod:`newsbench.validate`).
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import errno
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import msgspec

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
    StandoffRound,
    StandoffSource,
    Submission,
    SubmissionDocument,
    SystemInfo,
    Timex,
    Toponym,
)
from .paths import display_path
from .problems import Problem, ProblemsError, problem, registered

JSONObject = dict[str, Any]
"""A JSON object as :func:`json.loads` gives it."""
T = TypeVar("T")

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


def meta_from_json(d: JSONObject) -> Meta:
    """A document's meta block."""
    return Meta(
        sha256=d["sha256"], title=d["title"], language=d["language"], outlet=d["outlet"], url=d["url"],
        published=d["published"], updated=d["updated"], anchor_date=d["anchor_date"],
    )


def meta_to_json(m: Meta) -> JSONObject:
    """The JSON meta block of a document."""
    return {
        "sha256": m.sha256, "title": m.title, "language": m.language, "outlet": m.outlet, "url": m.url,
        "published": m.published, "updated": m.updated, "anchor_date": m.anchor_date,
    }


def annotated_from_json(d: JSONObject | None) -> tuple[AnnotatedLayer, ...] | None:
    """The declared layers of a format 1.1 document; None where it declares none (format 1.0)."""
    if d is None:
        return None
    return tuple(AnnotatedLayer(layer=k, ranges=tuple((r[0], r[1]) for r in v)) for k, v in d.items())


def annotated_to_json(layers: tuple[AnnotatedLayer, ...] | None) -> JSONObject | None:
    """The JSON ``annotated`` block; None where the document declares no layers."""
    if layers is None:
        return None
    return {a.layer: [[start, end] for start, end in a.ranges] for a in layers}


def document_from_json(d: JSONObject) -> Document:
    """A gold document from its JSON (already valid against the schema)."""
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


def document_to_json(doc: Document) -> JSONObject:
    """The JSON of a gold document, keys in the format's order."""
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

STANDOFF_VERSION = 2
# Version 1 headers (before rounds) are still read as a text's source; a pass needs version 2's round.
_STANDOFF_VERSIONS = (1, 2)
# A git commit, as a round names its guidelines by.
COMMIT = re.compile(r"[0-9a-f]{7,40}")
# Layers whose items quote the text in a "text" key; a standoff pass drops those keys.
_SPAN_LAYER_KEYS = ("mentions", "timexes", "event_mentions")


def standoff_header_to_json(source: StandoffSource, round_: StandoffRound | None = None) -> JSONObject:
    """The ``standoff`` object of a pass and of a packet's ``meta.json``: the annotation round (a pass always has
    one), where the text is, and its checksum."""
    head: JSONObject = {"version": STANDOFF_VERSION}
    if round_ is not None:
        head["round"] = {"number": round_.number, "guidelines": round_.guidelines}
    head.update({
        "source": {"format": source.format, "corpus": source.corpus, "file": source.file, "article": source.article},
        "text_sha256": source.text_sha256,
        "text_length": source.text_length,
    })
    return head


def standoff_to_json(doc: Document, source: StandoffSource, round_: StandoffRound) -> JSONObject:
    """``doc`` without any text taken from its source: no ``text``, no ``meta.title``, no span texts."""
    d = document_to_json(doc)
    del d["text"]
    del d["meta"]["title"]
    for key in _SPAN_LAYER_KEYS:
        for item in d[key]:
            del item["text"]
    return {"standoff": standoff_header_to_json(source, round_), "document": d}


def standoff_source_from_json(d: JSONObject) -> StandoffSource:
    """The ``standoff`` header of a pass or of a packet's ``meta.json``; KeyError or TypeError when it has none."""
    head, src = d["standoff"], d["standoff"]["source"]
    if head["version"] not in _STANDOFF_VERSIONS:
        raise KeyError(f"version {head['version']!r}")
    fields = (src["format"], src["corpus"], src["file"], src["article"], head["text_sha256"], head["text_length"])
    if not all(isinstance(v, str) for v in fields[:3] + fields[4:5]) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in (fields[3], fields[5])):
        raise TypeError("expected strings for format, corpus, file, text_sha256 and integers for article, text_length")
    return StandoffSource(*fields)


def standoff_round_from_json(d: JSONObject) -> StandoffRound | None:
    """The round of a standoff header (None when it names none: a version 1 header, or a packet made without one);
    TypeError when it is malformed."""
    got = d["standoff"].get("round")
    if got is None:
        return None
    number, commit = (got.get("number"), got.get("guidelines")) if isinstance(got, dict) else (None, None)
    if not (isinstance(number, int) and not isinstance(number, bool) and number >= 1
            and isinstance(commit, str) and COMMIT.fullmatch(commit)):
        raise TypeError("expected round {\"number\": an integer >= 1, \"guidelines\": a commit of 7-40 lowercase "
                        f"hex digits}}, found {got!r}")
    return StandoffRound(number, commit)


def packet_meta_to_json(doc: Document, source: StandoffSource, round_: StandoffRound | None = None) -> JSONObject:
    """``meta.json`` of an annotation packet: the doc id, the document's meta block and its standoff header."""
    return {"doc_id": doc.doc_id, "meta": meta_to_json(doc.meta), "standoff": standoff_header_to_json(source, round_)}


def document_json_from_standoff(d: JSONObject, text: str, title: str) -> JSONObject:
    """The full document JSON of a standoff pass, given its source text and title (spans cut from ``text``)."""
    doc: JSONObject = copy.deepcopy(d["document"])
    doc["text"] = text
    doc["meta"] = {"title": title, **doc["meta"]}
    for key in _SPAN_LAYER_KEYS:
        for item in doc[key]:
            item["text"] = text[item["start"]:item["end"]]
    return doc


# --- submissions -----------------------------------------------------------------------------


def _layer(d: JSONObject, key: str, convert: Callable[[Any], T]) -> tuple[T, ...] | None:
    return tuple(convert(x) for x in d[key]) if key in d else None


def submission_from_json(d: JSONObject) -> Submission:
    """A submission from its JSON (already valid against the submission schema)."""
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


def submission_to_json(sub: Submission) -> JSONObject:
    """The JSON of a submission; a layer that is None is left out (not predicted)."""
    def doc_json(doc: SubmissionDocument) -> JSONObject:
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


class OutputError(ProblemsError):
    """An output path that cannot take the write, with the check id the CLI reports it under (never a traceback)."""

    def __init__(self, check: str, path: Path, message: str):
        registered(check)
        super().__init__(f"{path}: {message}")
        self.check, self.path, self.message = check, Path(path), message
        self.problems = [self.problem]

    @property
    def problem(self) -> Problem:
        """The output problem as a Problem (check id, file, message)."""
        return problem(self.check, display_path(self.path), None, "", self.message)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:  # ENOTDIR (a parent is a file), ELOOP, EACCES: the parent check names it
        if e.errno in (errno.ENOTDIR, errno.ELOOP):
            return None
        raise OutputError("output-not-writable", path,
                          f"expected a path that can be inspected, found {e.strerror}") from None


def _check_parent(path: Path) -> None:
    """The folder ``path`` goes into exists, or can be made: its nearest existing ancestor is a writable folder."""
    parent = path.parent
    while not parent.exists() and not parent.is_symlink() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError("output-parent-missing", path,
                          f"expected a folder (or nothing) at {parent} to write {path.name} into, found "
                          f"{_kind(os.lstat(parent).st_mode) if parent.is_symlink() or parent.exists() else 'none'}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError("output-not-writable", path, f"expected a writable folder {parent}, found it read-only")


def check_output_file(path: Path) -> None:
    """Raise :class:`OutputError` unless ``path`` can be (re)written as a regular file: it is absent or a regular
    file (never a folder, device, pipe, socket or symlink) in an existing, writable folder."""
    _check_output(Path(path), folder=False)


def check_output_folder(path: Path) -> None:
    """Raise :class:`OutputError` unless ``path`` can be made or replaced as a folder: it is absent or a folder
    (not a symlink) in an existing, writable folder."""
    _check_output(Path(path), folder=True)


def output_problems(path: Path, *, folder: bool = False) -> list[Problem]:
    """:func:`check_output_file` (or, with ``folder``, :func:`check_output_folder`) as a list of problems, for a
    command that gathers every problem before it reports: empty when ``path`` can take the write."""
    try:
        _check_output(Path(path), folder=folder)
    except OutputError as e:
        return [e.problem]
    return []


def _check_output(path: Path, *, folder: bool) -> None:
    st = _lstat(path)
    if st is not None and not (stat.S_ISDIR if folder else stat.S_ISREG)(st.st_mode):
        check, wanted = ("output-not-folder", "a folder") if folder else ("output-not-file", "a regular file")
        raise OutputError(check, path, f"expected {wanted} (or nothing) to write, found {_kind(st.st_mode)}, "
                          "which is left as it is")
    _check_parent(path)


def _kill_point(name: str) -> None:
    """Die here as ``kill -9`` would when $NEWSBENCH_KILL_AT names this instant (scripts/kill_loop.py aims at the
    instants between writing and renaming that random kills rarely hit)."""
    if os.environ.get("NEWSBENCH_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file and a rename: never half-written."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (:func:`write_chunks_atomic`)."""
    write_chunks_atomic(path, (data,))


def write_chunks_atomic(path: Path, chunks: Iterable[bytes]) -> None:
    """The one file writer: ``chunks`` one after the other (made as they are written: a large file is never held
    whole) into a temporary file beside ``path``, then a rename over it. Refuses (:class:`OutputError`) a path that
    is not a regular file; a failed write (disk full) leaves the old file and no temporary file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError("output-parent-missing", path, f"expected a folder to write {path.name} into, found "
                          f"{e.strerror}") from None
    check_output_file(path)
    _sweep_temporary_files(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.swap-{os.getpid()}-", suffix=".tmp")
    except OSError as e:
        raise OutputError("output-write-failed", path, f"expected to write the file, found {e.strerror}") from None
    written = 0
    try:
        with os.fdopen(fd, "wb") as f:
            for data in chunks:
                written += f.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file the mode open() would have
        _kill_point("file-before-rename")
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError("output-write-failed", path, f"expected to write the file ({written} bytes written), found "
                          f"{e.strerror or e}; the previous file is left as it was") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# A write that failed for want of room or a working disk (not a bug): output-write-failed.
_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG}
# Linux's renameat2(2) flag that swaps two paths in one step (ext4, xfs, btrfs, tmpfs).
_RENAME_EXCHANGE, _AT_FDCWD = 2, -100
_SWAP = re.compile(r"\.(?P<name>.+)\.swap-(?P<pid>[0-9]+)-[^/]*")


def _exchange(a: Path, b: Path) -> bool:
    """Swap folders ``a`` and ``b`` atomically; False where the system or file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_SWEPT: set[Path] = set()


def _sweep_temporary_files(folder: Path) -> None:
    """Remove the temporary files killed runs left in ``folder`` (once per folder and process: a folder of 10,000
    error files is listed once, not once per file)."""
    if folder in _SWEPT:
        return
    _SWEPT.add(folder)
    for leftover in folder.glob(".*.swap-*.tmp"):
        m = _SWAP.fullmatch(leftover.name)
        if m is not None and not _alive(int(m["pid"])) and not leftover.is_dir():
            leftover.unlink(missing_ok=True)


def _sweep(out: Path) -> None:
    """Remove the staging folders that killed runs left beside ``out``; put back a folder a killed fallback swap had
    moved aside (only where the atomic exchange is not available)."""
    for leftover in sorted(out.parent.glob(f".{glob.escape(out.name)}.swap-*")):
        m = _SWAP.fullmatch(leftover.name)
        if m is None or m["name"] != out.name or _alive(int(m["pid"])):
            continue
        if not leftover.is_dir() or leftover.is_symlink():
            continue
        if leftover.name.endswith("-aside") and not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def replace_folder(out: Path) -> Iterator[Path]:
    """The one folder swap: yields an empty staging folder beside ``out``; when the block ends without an error,
    the staging folder takes ``out``'s place in one atomic exchange, so ``out`` is the old complete folder or the
    new complete one at every instant, then the old one is removed. On an error ``out`` is untouched. What a
    killed run leaves (``.<name>.swap-<pid>-*``) is removed by the next run."""
    out = Path(out)
    check_output_folder(out)
    _sweep(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.swap-{os.getpid()}-", dir=out.parent))
    except OSError as e:
        raise OutputError("output-write-failed", out,
                          f"expected to make a folder beside it, found {e.strerror}") from None
    try:
        yield staging
        os.chmod(staging, 0o777 & ~_UMASK)  # mkdtemp makes 0700
        _kill_point("folder-before-swap")
        if not out.exists():
            os.rename(staging, out)
        elif not _exchange(staging, out):  # two renames; a kill between them is repaired by the next run's sweep
            aside = staging.with_name(staging.name + "-aside")
            os.rename(out, aside)
            os.rename(staging, out)
            staging = aside
        _kill_point("folder-after-swap")
    except OSError as e:
        if e.errno not in _WRITE_FAILURES:
            raise
        raise OutputError("output-write-failed", out, f"expected to write the folder, found {e.strerror}; the "
                          "previous folder is left as it was") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after the exchange: the old folder


def replace_files_atomically(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` (relative path -> text; the CLI checks the names stay inside) into ``out_dir``: a copy of the
    folder with the files replaced takes its place in one atomic swap (:func:`replace_folder`)."""
    out_dir = Path(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError("output-parent-missing", out_dir,
                          f"expected a folder to hold it, found {e.strerror}") from None
    with replace_folder(out_dir) as staging:
        if out_dir.is_dir():
            shutil.copytree(out_dir, staging, symlinks=True, dirs_exist_ok=True)
        for rel, text in files.items():
            write_text_atomic(staging / rel, text)
    return [out_dir / rel for rel in files]


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as the repository's canonical JSON, atomically."""
    write_text_atomic(path, dumps(data))


def write_document(path: Path, doc: Document) -> None:
    """Write a gold document atomically."""
    write_json(path, document_to_json(doc))


def read_document(path: Path) -> Document:
    """Read a gold document without validating it; use :func:`newsbench.validate.read_documents` for input."""
    return document_from_json(json.loads(Path(path).read_text(encoding="utf-8")))


# --- typed decoding (msgspec): JSON bytes straight into the model, at the parse floor ----------------------------
# These decoders trust their input's shape: they serve files that already passed the validator (the digest cache of
# :mod:`newsbench.validate`) or the JSON Schema. Any other shape raises :data:`DECODE_ERRORS`. A whole number in a
# field the model types as float (``"lat": 33``) comes out as the float it equals (33.0).


class _DocumentJSON(msgspec.Struct, frozen=True):
    schema_version: str
    doc_id: str
    text: str
    meta: Meta
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    timexes: tuple[Timex, ...]
    events: tuple[Event, ...]
    event_mentions: tuple[EventMention, ...]
    toponyms: tuple[Toponym, ...]
    annotated: dict[str, tuple[tuple[int, int], ...]] | None = None


class _SubmissionJSON(msgspec.Struct, frozen=True):
    system: SystemInfo
    documents: tuple[SubmissionDocument, ...]


_DOCUMENT_DECODER = msgspec.json.Decoder(_DocumentJSON)
_SUBMISSION_DOCUMENT_DECODER = msgspec.json.Decoder(SubmissionDocument)
_SUBMISSION_DECODER = msgspec.json.Decoder(_SubmissionJSON)
DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError)
"""What the typed decoders raise on bytes of another shape (malformed JSON included)."""


def decode_document(raw: bytes | memoryview) -> Document:
    """The gold document of JSON bytes (equal to :func:`document_from_json` of the parsed JSON)."""
    return _document(_DOCUMENT_DECODER.decode(raw))


def convert_document(value: Any) -> Document:
    """The gold document of a value msgspec parsed from JSON (:func:`decode_document` of its bytes, from the objects
    already made: about half the time of decoding the bytes again)."""
    return _document(msgspec.convert(value, _DocumentJSON))


def strict_document(value: Any, raw: bytes | memoryview) -> Document:
    """The gold document of ``raw`` from ``value``, what the document schema's strict types
    (:mod:`newsbench.schema_types`) decoded from it: made from its objects (about half the time of decoding the
    bytes again), but for an ``annotated`` block, whose layers keep the order of the bytes (a Struct has none)."""
    if value.annotated is not None:
        return decode_document(raw)
    return _document(msgspec.convert(value, _DocumentJSON, from_attributes=True))


def _document(d: _DocumentJSON) -> Document:
    annotated = None if d.annotated is None else tuple(AnnotatedLayer(k, v) for k, v in d.annotated.items())
    return Document(doc_id=d.doc_id, text=d.text, meta=d.meta, entities=d.entities, mentions=d.mentions,
                    timexes=d.timexes, events=d.events, event_mentions=d.event_mentions, toponyms=d.toponyms,
                    schema_version=d.schema_version, annotated=annotated)


def decode_submission(raw: bytes | memoryview) -> Submission:
    """The submission of JSON bytes (equal to :func:`submission_from_json` of the parsed JSON)."""
    d = _SUBMISSION_DECODER.decode(raw)
    return Submission(d.system, d.documents)


def decode_submission_document(raw: bytes | memoryview) -> SubmissionDocument:
    """One entry of a submission's ``documents`` (one line of a JSON Lines submission)."""
    return _SUBMISSION_DOCUMENT_DECODER.decode(raw)


def convert_submission_document(value: Any) -> SubmissionDocument:
    """:func:`decode_submission_document` of the bytes msgspec parsed ``value`` from, from the objects made."""
    return msgspec.convert(value, SubmissionDocument)


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The sha256 of a file's bytes, read in chunks (a large submission is not held whole for it)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
