"""The corpus on disk: seed ingest, seed metadata, and a summary of what is annotated."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterator, Sequence

from . import jsonio
from .model import LAYERS, UNKNOWN, Document, Meta
from .paths import corpus_dir
from .problems import Problem, problem
from .validate import (display_path, listed_names, parse_json_bytes, read_file_bytes, read_json_file,
                       schema_file_problems)

DOC_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")

# Datelines: a line that is only a date (and time), optionally after a label. A date inside a sentence is not one.
_MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), 1) for name in names}
_UPDATED_LABELS = frozenset({"updated", "last updated", "modified", "last modified"})
_LABEL = (r"(?:(?P<label>last updated|updated|last modified|modified|first published|published|posted|date)"
          r"(?:\s+on)?\s*:?\s+)?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE = (r"(?:(?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2}),?\s+(?P<y1>\d{4})"
         r"|(?P<d2>\d{1,2})\s+(?P<m2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4})"
         r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))")
_TIME = (r"(?P<{h}>\d{{1,2}})[:.](?P<{mi}>\d{{2}})(?::\d{{2}}(?:\.\d+)?)?\s*(?P<{ap}>[ap]\.?m\.?)?"
         r"(?:\s*(?:z|[a-z]{{2,5}}|[+-]\d{{2}}:?\d{{2}}|utc[+-]\d{{1,2}}))?")
_DATELINE = re.compile(
    r"^\s*" + _LABEL + r"(?:" + _TIME.format(h="h0", mi="mi0", ap="ap0") + r",?\s+)?" + _WEEKDAY + _DATE
    + r"(?:(?:,?\s+(?:at\s+)?|t)" + _TIME.format(h="h1", mi="mi1", ap="ap1") + r")?\s*$", re.IGNORECASE)


def parse_dateline(line: str) -> tuple[str, str] | None:
    """("published" | "updated", ISO 8601 date or minute timestamp) of a dateline, or None for any other line."""
    match = _DATELINE.match(line)
    if not match or len(line) > 100:
        return None
    g = match.groupdict()
    year, month, day = next((g[f"y{i}"], g[f"m{i}"], g[f"d{i}"]) for i in (1, 2, 3) if g[f"y{i}"])
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    hour, minute, ampm = next(((g[f"h{i}"], g[f"mi{i}"], g[f"ap{i}"]) for i in (0, 1) if g[f"h{i}"]),
                              (None, None, None))
    try:
        stamp = dt.date(int(year), number or 0, int(day)).isoformat()
        if hour is not None and minute is not None:  # the pattern captures both or neither
            h = int(hour)
            if ampm:
                if not 1 <= h <= 12:
                    return None
                h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
            stamp += "T" + dt.time(h, int(minute)).strftime("%H:%M")
    except ValueError:
        return None
    label = (g["label"] or "published").lower()
    return ("updated" if label in _UPDATED_LABELS else "published"), stamp


def seed_meta_from_text(raw: bytes, *, language: str = "en", title: str | None = None, outlet: str | None = None,
                        url: str | None = None, published: str | None = None, updated: str | None = None,
                        anchor_date: str | None = None) -> Meta:
    """Metadata stated by the text itself, or given (the options win); the rest is "unknown" (never guessed).

    The datelines are the first lines that hold only a date (and time), with or without a label such as
    "Updated:", "Published", "Last updated on" (see :func:`parse_dateline`). Relative dates resolve against the
    newest dateline: the version we hold. The anchor date stays "unknown" when nothing gives one (the caller
    refuses such a seed: see :func:`ingest`).
    """
    text = raw.decode("utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        hit = parse_dateline(line)
        if hit is not None:
            found.setdefault(*hit)
    published = published or found.get("published", UNKNOWN)
    updated = updated or found.get("updated", UNKNOWN)
    newest = updated if updated != UNKNOWN else published
    return Meta(
        sha256=hashlib.sha256(raw).hexdigest(),
        title=title or text.split("\n", 1)[0].strip(),
        language=language,
        outlet=outlet or UNKNOWN,
        url=url or UNKNOWN,
        published=published,
        updated=updated,
        anchor_date=anchor_date or (newest[:10] if newest != UNKNOWN else UNKNOWN),
    )


def meta_problems(data: object, file: str, doc_id: str | None) -> list[Problem]:
    """The document schema's rules for ``meta`` (a .meta.json file on its own), then what a pattern cannot say: the
    dates are real dates."""
    problems = [problem(p.check, p.file, doc_id, p.pointer, p.message)
                for p in schema_file_problems(data, "document.schema.json", file, part="meta")]
    if problems or not isinstance(data, dict):
        return problems
    for key in ("published", "updated", "anchor_date"):
        value = data[key]
        if value == UNKNOWN:
            continue
        try:
            if key == "anchor_date" or len(value) == 10:
                dt.date.fromisoformat(value)
            else:
                dt.datetime.fromisoformat(value)
        except ValueError:
            what = '"unknown" or a real date YYYY-MM-DD' if key == "anchor_date" else \
                '"unknown", an ISO 8601 date YYYY-MM-DD or a timestamp YYYY-MM-DDTHH:MM'
            problems.append(problem("seed-meta-invalid", file, doc_id, f"/{key}", f"expected {what}, found {value!r}"))
    return problems


def meta_path(doc_id: str, corpus: Path | None = None) -> Path:
    """The metadata file beside seed ``doc_id``'s text."""
    return (corpus or corpus_dir()) / "seeds" / f"{doc_id}.meta.json"


def read_seed_meta(doc_id: str, corpus: Path | None = None) -> tuple[Meta | None, list[Problem]]:
    """A seed's metadata, or None with ``seed-meta-missing`` problems."""
    path = meta_path(doc_id, corpus)
    data, problems = read_json_file(path)
    if data is None:
        return None, [problem("seed-meta-missing", p.file, doc_id, p.pointer, p.message) for p in problems]
    try:
        return jsonio.meta_from_json(data), []
    except (KeyError, TypeError) as e:
        return None, [problem("seed-meta-missing", display_path(path), doc_id, "",
                              f"expected the metadata keys of format v1, found {type(e).__name__} {e}")]


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one text did: its doc id, the seed path, whether it was created, and its problems."""

    doc_id: str
    seed: Path | None
    created: bool
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class MetaOptions:
    """Metadata given on the command line; None: taken from the text (or "unknown")."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    anchor_date: str | None = None

    def given(self) -> bool:
        """Whether any metadata was given."""
        return any(v is not None for v in vars(self).values())


def ingest(source: Path, doc_id: str | None = None, *, corpus: Path | None = None, language: str = "en",
           **options: str | None) -> IngestResult:
    """Copy a seed article byte-exact into corpus/seeds/ with its metadata; refuse unsafe ids, conflicts, and a
    seed without an anchor date (give one with ``anchor_date``). ``options`` are the fields of
    :class:`MetaOptions`; given ones replace what the text states (also for a seed already stored)."""
    given = MetaOptions(**options)
    corpus = corpus or corpus_dir()
    source = Path(source)
    doc_id = doc_id if doc_id is not None else source.stem
    file = display_path(source)
    if not DOC_ID_PATTERN.fullmatch(doc_id):
        return IngestResult(doc_id, None, False, (problem(
            "doc-id-unsafe", file, None, "",
            f"expected a doc id matching {DOC_ID_PATTERN.pattern}, found {doc_id!r}"),))
    raw, fault = read_file_bytes(source, file, doc_id, "text file")
    if raw is None:
        pass
    elif not raw.strip():
        fault = problem("file-empty", file, doc_id, "", f"expected article text, found {len(raw)} bytes of white space")
    elif raw.startswith(b"\xef\xbb\xbf"):
        fault = problem("file-has-bom", file, doc_id, "", "expected UTF-8 without a byte order mark, found EF BB BF")
    else:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            fault = problem("file-not-utf8", file, doc_id, "",
                            f"expected UTF-8, found byte 0x{raw[e.start]:02X} at byte {e.start}")
    if fault or raw is None:
        assert fault is not None  # read_file_bytes gives a problem whenever it gives no bytes
        return IngestResult(doc_id, None, False, (fault,))
    return store_seed(corpus / "seeds", doc_id, raw, lambda: seed_meta_from_text(raw, language=language, **vars(given)),
                      file=file, replace_meta=given.given(), require_anchor=True)


@contextlib.contextmanager
def corpus_lock(corpus: Path) -> Iterator[None]:
    """Hold the corpus folder's exclusive lock (flock on the folder itself: no lock file to leave behind), so
    concurrent writers of the corpus run one after the other."""
    corpus.mkdir(parents=True, exist_ok=True)
    fd = os.open(corpus, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def store_seed(seeds: Path, doc_id: str, raw: bytes, meta: Callable[[], Meta], *, file: str = "",
               replace_meta: bool = False, require_anchor: bool = False) -> IngestResult:
    """Write ``seeds/<doc_id>.txt`` byte-exact and, when it is new, has none or ``replace_meta``, its ``.meta.json``
    (``meta()`` gives the metadata, which must follow the schema's rules; with ``require_anchor`` it must state an
    anchor date). The same bytes already stored are kept, different ones are a ``seed-conflict``; on any problem
    nothing is written. Under the corpus lock: two writers of one id never leave one's text with the other's
    metadata."""
    seeds = Path(seeds).resolve()
    target = seeds / f"{doc_id}.txt"
    if not DOC_ID_PATTERN.fullmatch(doc_id) or target.resolve().parent != seeds:
        return IngestResult(doc_id, None, False, (problem("doc-id-unsafe", file, doc_id, "",
                                                          f"expected a doc id matching {DOC_ID_PATTERN.pattern}"),))
    with corpus_lock(seeds.parent):
        return _store_seed(seeds, target, doc_id, raw, meta, file, replace_meta, require_anchor)


def _store_seed(seeds: Path, target: Path, doc_id: str, raw: bytes, meta: Callable[[], Meta], file: str,
                replace_meta: bool, require_anchor: bool) -> IngestResult:
    exists = target.exists() or target.is_symlink()
    if exists:
        existing, unread = read_file_bytes(target, display_path(target), doc_id, "seed text")
        if existing is None:
            assert unread is not None  # no bytes: a problem
            return IngestResult(doc_id, target, False, (unread,))
        if existing != raw:
            return IngestResult(doc_id, target, False, (problem(
                "seed-conflict", file, doc_id, "",
                f"expected the bytes already stored at {display_path(target)} "
                f"(sha256 {hashlib.sha256(existing).hexdigest()[:12]}…), "
                f"found different bytes (sha256 {hashlib.sha256(raw).hexdigest()[:12]}…)"),))
    meta_file = seeds / f"{doc_id}.meta.json"
    if exists and meta_file.exists() and not replace_meta:
        return IngestResult(doc_id, target, False)
    stated = meta()
    if require_anchor and stated.anchor_date == UNKNOWN:
        return IngestResult(doc_id, None, False, (problem(
            "seed-anchor-date-missing", file, doc_id, "/anchor_date",
            "expected a dateline in the text (e.g. \"Updated: October 31, 2021, 9:58 AM\", \"Published 31 October "
            "2021\", a line \"2021-10-31\") or --anchor-date YYYY-MM-DD, found neither: nothing ingested"),))
    found = meta_problems(jsonio.meta_to_json(stated), file, doc_id)
    if found:
        return IngestResult(doc_id, None, False, tuple(found))
    if not exists:
        jsonio.write_bytes_atomic(target, raw)
    jsonio.write_json(meta_file, jsonio.meta_to_json(stated))
    return IngestResult(doc_id, target, not exists)


def ingest_sources(paths: Sequence[Path]) -> list[Path]:
    """The texts to ingest: files as given, folders as their *.txt files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


def ingest_many(paths: Sequence[Path], *, corpus: Path | None = None, language: str = "en",
                **options: str | None) -> list[IngestResult]:
    """:func:`ingest` each text of ``paths`` (folders give their *.txt files), doc id = file stem."""
    return [ingest(p, corpus=corpus, language=language, **options) for p in ingest_sources(paths)]


def seed_ids(corpus: Path | None = None) -> list[str]:
    """The doc ids of the corpus's seeds, sorted."""
    return sorted(os.path.splitext(name)[0] for name in listed_names((corpus or corpus_dir()) / "seeds", "*.txt"))


def check_seeds(corpus: Path | None = None) -> list[Problem]:
    """Every seed has metadata that follows the schema's rules and whose sha256 matches its bytes."""
    corpus = corpus or corpus_dir()
    seeds = os.fspath(corpus / "seeds")  # the files as strings: a Path per seed costs more than its check
    problems: list[Problem] = []
    for doc_id in seed_ids(corpus):
        path = os.path.join(seeds, f"{doc_id}.meta.json")
        file = display_path(path)
        meta_raw, _ = read_file_bytes(path, file, what="JSON file")
        # typed: no field of the metadata is a number, so a whole float (1.0) is refused as any number is; no data:
        # read_seed_meta names the problem below
        data = parse_json_bytes(meta_raw, file, typed=True)[0] if meta_raw is not None else None
        found = meta_problems(data, file, doc_id) if data is not None else []
        if found:
            problems.extend(found)
            continue
        seed = os.path.join(seeds, f"{doc_id}.txt")
        raw, unread = read_file_bytes(seed, display_path(seed), doc_id, "seed text")
        if raw is None:
            assert unread is not None  # no bytes: a problem
            problems.append(unread)
            continue
        # meta that passed the schema has every key, each a string: read it as it is (not parsed again)
        meta, found = (jsonio.meta_from_json(data), []) if data is not None else read_seed_meta(doc_id, corpus)
        problems.extend(found)
        digest = hashlib.sha256(raw).hexdigest()
        if meta is not None and meta.sha256 != digest:
            problems.append(problem("seed-sha256-mismatch", file, doc_id, "/sha256",
                                    f"expected {digest}, found {meta.sha256}"))
    return problems


@dataclass(frozen=True)
class CorpusSummary:
    """Counts over a corpus, per layer and label, for the dataset card."""

    documents: int = 0
    code_points: int = 0
    entities: Counter = field(default_factory=Counter)
    mentions_by_level: Counter = field(default_factory=Counter)
    mentions_by_type: Counter = field(default_factory=Counter)
    timexes_by_type: Counter = field(default_factory=Counter)
    events_by_type: Counter = field(default_factory=Counter)
    event_mentions: int = 0
    arguments: int = 0
    toponyms_by_reading: Counter = field(default_factory=Counter)
    layers_annotated: Counter = field(default_factory=Counter)
    """Per layer, the documents that annotate it (format 1.1 declared layers; a 1.0 document annotates all)."""
    layers_partial: Counter = field(default_factory=Counter)
    """Per layer, the documents that annotate it over part of their text only."""


def summarise(docs: list[Document]) -> CorpusSummary:
    """The counts of ``docs`` for the dataset card."""
    s = CorpusSummary(documents=len(docs), code_points=sum(len(d.text) for d in docs),
                      event_mentions=sum(len(d.event_mentions) for d in docs),
                      arguments=sum(len(m.arguments) for d in docs for m in d.event_mentions))
    for d in docs:
        s.entities.update(e.type for e in d.entities)
        s.mentions_by_level.update(m.level for m in d.mentions)
        s.mentions_by_type.update(m.type for m in d.mentions)
        s.timexes_by_type.update(t.type for t in d.timexes)
        s.events_by_type.update(e.type for e in d.events)
        s.toponyms_by_reading.update(t.reading for t in d.toponyms)
        s.layers_annotated.update(layer for layer in LAYERS if d.annotates(layer))
        s.layers_partial.update(layer for layer in LAYERS
                                if d.annotates(layer) and d.annotated_ranges(layer) != ((0, len(d.text)),))
    return s
