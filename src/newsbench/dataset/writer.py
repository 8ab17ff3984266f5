"""Validated gold documents converted chunk by chunk (in worker processes for a large corpus) and streamed into
one Parquet file per config and split; memory is bounded by the chunks in flight, not by the corpus size."""

from __future__ import annotations

import gc
import multiprocessing
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from operator import itemgetter
from pathlib import Path
from typing import Any
from collections.abc import Iterator, Mapping, Sequence

from ..problems import Problem
from ..progress import track
from ..validate import InvalidInput, display_path, gold_paths, read_documents
from .features import CONFIGS, all_features, arrow_schemas, decoded
from .rows import document_rows
from .splits import SPLITS, read_splits, split_problems

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
    shared: bool = False
    """The events table's sentence columns are the entities table's (see :func:`_tables`)."""

    def __reduce__(self) -> tuple:
        # A worker sends its chunk to the parent pickled, and Arrow pickles every column's buffers anew: the columns
        # the events table shares are left out of it (a third of the bytes sent) and taken back on arrival.
        if not self.shared:
            return _Chunk, tuple(getattr(self, f.name) for f in fields(self))
        events = self.tables["events"]
        own = events.drop_columns([n for n in events.column_names if n in _SHARED_SENTENCE_COLUMNS]) \
            .replace_schema_metadata(None)  # the schema is sent whole beside it
        return _with_shared_columns, (replace(self, tables={**self.tables, "events": own}, shared=False),
                                      events.schema)


def _with_shared_columns(chunk: _Chunk, schema: Any) -> _Chunk:
    """The chunk as it was before pickling: its events table with the columns it shares taken from entities."""
    import pyarrow as pa  # lazy: the hf extra

    own, entities = chunk.tables["events"], chunk.tables["entities"]
    columns = [(entities if f.name in _SHARED_SENTENCE_COLUMNS else own).column(f.name) for f in schema]
    events = pa.Table.from_arrays(columns, schema=schema)
    return replace(chunk, tables={**chunk.tables, "events": events}, shared=True)


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
    assert schemas is not None  # given, or set by the worker's initializer
    problems: list[Problem] = []
    rows: dict[str, list[dict]] = {c: [] for c in CONFIGS}
    notices: list[Problem] = []
    stats: Counter = Counter()
    examples: dict[str, int] = {}
    languages: set[str] = set()
    # one reader (and cache) for the whole chunk; no warnings: build reports none (only problems and notices)
    for result in read_documents(paths, seeds=seeds, cache="read", warnings=False):
        problems.extend(result.problems)
        if problems or result.document is None:  # keep validating, stop converting
            continue
        doc = result.document
        out = document_rows(doc, display_path(result.path))
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
    return _Chunk(split, (), _tables(rows, schemas), len(paths), tuple(notices), stats, examples, frozenset(languages),
                  _same_sentences(rows))


# The entities and events configs have one row per sentence, in the same order, and these columns in common:
# they are converted to Arrow once and shared by both tables (unless declared layers give them different sentences).
_SHARED_SENTENCE_COLUMNS = frozenset({"doc_id", "sentence_index", "sentence_start", "sentence_end", "text", "tokens",
                                      "token_starts", "token_ends", "mentions"})


def _same_sentences(rows: Mapping[str, list[dict]]) -> bool:
    """Whether the entities and events rows are the same sentences (then _tables shares their common columns)."""
    entity_rows, event_rows = rows["entities"], rows["events"]
    return len(entity_rows) == len(event_rows) and all(
        a["doc_id"] == b["doc_id"] and a["sentence_index"] == b["sentence_index"] for a,
        b in zip(entity_rows, event_rows, strict=True))


def _tables(rows: Mapping[str, list[dict]], schemas: Mapping[str, Any]) -> dict[str, Any]:
    """One Arrow table per config, built column by column."""
    import pyarrow as pa  # lazy: the hf extra

    shared: dict[str, Any] = {}
    tables = {}
    same = _same_sentences(rows)
    for config in CONFIGS:
        columns = []
        for f in schemas[config]:
            if same and config in ("entities", "events") and f.name in _SHARED_SENTENCE_COLUMNS:
                if f.name not in shared:
                    shared[f.name] = pa.array(list(map(itemgetter(f.name), rows[config])), type=f.type)
                assert shared[f.name].type == f.type
                columns.append(shared[f.name])
            else:
                columns.append(pa.array(list(map(itemgetter(f.name), rows[config])), type=f.type))
        tables[config] = pa.Table.from_arrays(columns, schema=schemas[config])
    return tables


def _chunks(jobs: Sequence[tuple[str, list[Path]]], seeds: Path, schemas: dict[str, Any],
            workers: int) -> Iterator[_Chunk]:
    """Converted chunks in job order; at most IN_FLIGHT_CHUNKS held at once, whatever the corpus size."""
    if workers <= 1 or sum(len(paths) for _, paths in jobs) < PARALLEL_MIN_DOCS:
        for split, paths in jobs:
            yield _convert_chunk(split, paths, seeds, schemas)
        return

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
        import pyarrow.parquet as pq  # lazy: the hf extra

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
class Written:
    """What the writer wrote: the files, rows per config and split, documents per split."""

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
    return gold_paths(Path(corpus) / "gold")


def write_data(corpus: Path, dest: Path, workers: int) -> Written:
    """Validate the splits and every gold document and write the Parquet files under ``dest``.
    Raises InvalidInput with every problem found (the caller throws ``dest`` away)."""
    corpus = Path(corpus)
    gold = {p.stem: p for p in _gold_paths(corpus)}
    splits, problems = read_splits(corpus)
    if splits is not None:
        problems += split_problems(corpus, splits, gold)
    if problems or splits is None:  # no splits without a problem
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
        for chunk in track(_chunks(jobs, corpus / "seeds", schemas, workers), f"build ({CHUNK_DOCS} documents a chunk)",
                           total=len(jobs), unit="chunk"):
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
                    examples[config] = decoded(chunk.tables[config].slice(k, 1).to_pylist()[0], features[config])
    finally:
        for writer in writers.values():
            writer.close()
    if problems:
        raise InvalidInput(problems)
    return Written(
        files=tuple(writers[name].paths[c] for name in SPLITS if name in writers for c in CONFIGS
                    if c in writers[name].paths),
        rows={c: {name: writers[name].rows[c] for name in SPLITS if name in writers and writers[name].rows[c]}
              for c in CONFIGS},
        documents={name: documents[name] for name in SPLITS if name in writers},
        notices=tuple(notices), stats=stats, examples=examples, languages=tuple(sorted(languages)),
    )
