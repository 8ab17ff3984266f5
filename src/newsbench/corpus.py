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
from typing import Callable, Iterator

from . import jsonio
from .model import LAYERS, UNKNOWN, Document, Meta
from .paths import corpus_dir
from .validate import Problem, display_path, read_file_bytes, read_json_file

DOC_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_UPDATED = re.compile(r"^Updated: (?P<stamp>[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M)\s*$", re.MULTILINE)
_PUBLISHED = re.compile(r"^Published: (?P<stamp>[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M)\s*$", re.MULTILINE)


def _stamp(pattern: re.Pattern[str], text: str) -> str:
    """ISO 8601 minute timestamp of a dateline the text states, or "unknown"."""
    match = pattern.search(text)
    if not match:
        return UNKNOWN
    return dt.datetime.strptime(match["stamp"], "%B %d, %Y, %I:%M %p").strftime("%Y-%m-%dT%H:%M")


def seed_meta_from_text(raw: bytes, *, language: str = "en") -> Meta:
    """Metadata stated by the text itself; what it does not state is "unknown" (never guessed)."""
    text = raw.decode("utf-8")
    published, updated = _stamp(_PUBLISHED, text), _stamp(_UPDATED, text)
    # Relative dates resolve against the newest dateline the text gives: the version we hold.
    anchor = updated if updated != UNKNOWN else published
    return Meta(
        sha256=hashlib.sha256(raw).hexdigest(),
        title=text.split("\n", 1)[0].strip(),
        language=language,
        outlet=UNKNOWN,
        url=UNKNOWN,
        published=published,
        updated=updated,
        anchor_date=anchor[:10] if anchor != UNKNOWN else UNKNOWN,
    )


def meta_path(doc_id: str, corpus: Path | None = None) -> Path:
    return (corpus or corpus_dir()) / "seeds" / f"{doc_id}.meta.json"


def read_seed_meta(doc_id: str, corpus: Path | None = None) -> tuple[Meta | None, list[Problem]]:
    path = meta_path(doc_id, corpus)
    data, problems = read_json_file(path)
    if data is None:
        return None, [Problem("seed-meta-missing", p.file, doc_id, p.pointer, p.message) for p in problems]
    try:
        return jsonio.meta_from_json(data), []
    except (KeyError, TypeError) as e:
        return None, [Problem("seed-meta-missing", display_path(path), doc_id, "",
                              f"expected the metadata keys of format v1, found {type(e).__name__} {e}")]


@dataclass(frozen=True)
class IngestResult:
    doc_id: str
    seed: Path | None
    created: bool
    problems: tuple[Problem, ...] = ()


def ingest(source: Path, doc_id: str | None = None, *, corpus: Path | None = None,
           language: str = "en") -> IngestResult:
    """Copy a seed article byte-exact into corpus/seeds/ with its metadata; refuse unsafe ids and conflicts."""
    corpus = corpus or corpus_dir()
    source = Path(source)
    doc_id = doc_id if doc_id is not None else source.stem
    file = display_path(source)
    if not DOC_ID_PATTERN.fullmatch(doc_id):
        return IngestResult(doc_id, None, False, (Problem(
            "doc-id-unsafe", file, None, "", f"expected a doc id matching {DOC_ID_PATTERN.pattern}, found {doc_id!r}"),))
    raw, problem = read_file_bytes(source, file, doc_id, "text file")
    if raw is None:
        pass
    elif not raw.strip():
        problem = Problem("file-empty", file, doc_id, "", f"expected article text, found {len(raw)} bytes of white space")
    elif raw.startswith(b"\xef\xbb\xbf"):
        problem = Problem("file-has-bom", file, doc_id, "", "expected UTF-8 without a byte order mark, found EF BB BF")
    else:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problem = Problem("file-not-utf8", file, doc_id, "", f"expected UTF-8, found byte 0x{raw[e.start]:02X} at byte {e.start}")
    if problem:
        return IngestResult(doc_id, None, False, (problem,))
    return store_seed(corpus / "seeds", doc_id, raw, lambda: seed_meta_from_text(raw, language=language), file=file)


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


def store_seed(seeds: Path, doc_id: str, raw: bytes, meta: Callable[[], Meta], *, file: str = "") -> IngestResult:
    """Write ``seeds/<doc_id>.txt`` byte-exact and, when it is new or has none, its ``.meta.json`` (``meta()``
    gives the metadata); the same bytes already stored are kept, different ones are a ``seed-conflict``. Under the
    corpus lock: two writers of one id never leave one's text with the other's metadata."""
    seeds = Path(seeds).resolve()
    target = seeds / f"{doc_id}.txt"
    if not DOC_ID_PATTERN.fullmatch(doc_id) or target.resolve().parent != seeds:
        return IngestResult(doc_id, None, False, (Problem("doc-id-unsafe", file, doc_id, "",
                                                          f"expected a doc id matching {DOC_ID_PATTERN.pattern}"),))
    with corpus_lock(seeds.parent):
        return _store_seed(seeds, target, doc_id, raw, meta, file)


def _store_seed(seeds: Path, target: Path, doc_id: str, raw: bytes, meta: Callable[[], Meta], file: str
                ) -> IngestResult:
    if target.exists() or target.is_symlink():
        existing, unread = read_file_bytes(target, display_path(target), doc_id, "seed text")
        if existing is None:
            return IngestResult(doc_id, target, False, (unread,))
        if existing != raw:
            return IngestResult(doc_id, target, False, (Problem(
                "seed-conflict", file, doc_id, "",
                f"expected the bytes already stored at {display_path(target)} (sha256 {hashlib.sha256(existing).hexdigest()[:12]}…), "
                f"found different bytes (sha256 {hashlib.sha256(raw).hexdigest()[:12]}…)"),))
        created = False
    else:
        jsonio.write_bytes_atomic(target, raw)
        created = True
    meta_file = seeds / f"{doc_id}.meta.json"
    if created or not meta_file.exists():
        jsonio.write_json(meta_file, jsonio.meta_to_json(meta()))
    return IngestResult(doc_id, target, created)


def seed_ids(corpus: Path | None = None) -> list[str]:
    return sorted(p.stem for p in ((corpus or corpus_dir()) / "seeds").glob("*.txt"))


def check_seeds(corpus: Path | None = None) -> list[Problem]:
    """Every seed has metadata whose sha256 matches its bytes."""
    corpus = corpus or corpus_dir()
    problems: list[Problem] = []
    for doc_id in seed_ids(corpus):
        seed = corpus / "seeds" / f"{doc_id}.txt"
        raw, unread = read_file_bytes(seed, display_path(seed), doc_id, "seed text")
        if raw is None:
            problems.append(unread)
            continue
        meta, found = read_seed_meta(doc_id, corpus)
        problems.extend(found)
        digest = hashlib.sha256(raw).hexdigest()
        if meta is not None and meta.sha256 != digest:
            problems.append(Problem("seed-sha256-mismatch", display_path(meta_path(doc_id, corpus)), doc_id, "/sha256",
                                    f"expected {digest}, found {meta.sha256}"))
    return problems


@dataclass(frozen=True)
class CorpusSummary:
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
