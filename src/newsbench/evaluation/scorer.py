"""The scorer: every task and metric of a submission against the gold, from one pass over the documents.

Each document gives counts (sets of hashable tuples, intersected, as spaCy's scorer does); the corpus scores
are computed from the summed counts (micro), with per-type rows and their unweighted mean (macro) beside.
The per-document counts are kept so that :mod:`newsbench.evaluation.significance` can resample documents.

Entry points: :func:`load_gold`, :func:`score_submission` (typed objects in, :class:`ScoreResult` out),
:func:`score_files` (what ``newsbench score`` calls), :func:`format_table`.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import multiprocessing
import os
import tempfile
from array import array
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice, pairwise
from pathlib import Path
from typing import Any
from collections.abc import Iterator

import numpy as np

from .. import __version__, jsonio
from ..model import SCHEMA_VERSION, Document, Submission, SubmissionDocument
from ..ontology import Ontology, load_ontology
from ..paths import gold_dir as default_gold_dir
from ..problems import Problem
from ..validate import (
    auto_workers, collector_paused, display_path, gold_paths, read_documents, ValidatedCache,
)
from .counts import CountTable
from .errors import write_error_analysis
from .categories import MentionColumns
from .matching import GoldDocument, GoldMentions, label_rows
from .metrics import EMPTY, KINDS, NO_DOCUMENTS, PRF, Kind, auc_from_errors, conll, macro, median
from .registry import (
    metric_specs, MetricSpec, MIN_DOCUMENTS, REGISTRY, Task, TASK_DECLARED_LAYER, TASK_VERSIONS, TASKS,
    unavailable_reason,
)
from .significance import bootstrap_intervals
from .submission import LAYERS, SubmissionChecks, document_layers, gold_empty, read_submission
from .tables import DIRECTION_MARKS, aligned, format_count, format_value
from .tasks import DocumentInput, Totals, add_label_counts
from collections.abc import Iterable, Mapping, Sequence

RESULT_VERSION = "1.1"
"""1.1: every metric records its direction, unit, documents and items; empty values are null; an interval is
null with its reason when too few documents carry the metric."""


# --- the gold --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldCorpus:
    """The gold documents ready for scoring, with the corpus checksum and where they came from."""

    documents: Mapping[str, GoldDocument]
    sha256: str
    """sha256 of the lines '<doc_id> <sha256 of the file's bytes>\\n' in doc_id order."""
    path: str
    schema_version: str = SCHEMA_VERSION

    @property
    def texts(self) -> dict[str, Document]:
        """Doc id -> gold document."""
        return {doc_id: g.doc for doc_id, g in self.documents.items()}


def corpus_sha256(digests: Mapping[str, str]) -> str:
    return hashlib.sha256("".join(f"{d} {digests[d]}\n" for d in sorted(digests)).encode("utf-8")).hexdigest()


def load_gold(directory: Path | None = None, *, validate: bool = True,
              ontology: Ontology | None = None) -> tuple[GoldCorpus | None, list[Problem]]:
    """Every ``<doc_id>.json`` of ``directory`` (default corpus/gold), read by the one reader
    (:func:`newsbench.validate.read_documents`). With ``validate`` each file must pass the JSON Schema and the
    validator's semantic checks (against ``<directory>/../seeds`` when that folder exists)."""
    onto = ontology or load_ontology()
    directory = Path(directory) if directory is not None else default_gold_dir()
    paths = gold_paths(directory)
    if not paths:
        return None, [gold_empty(directory)]
    seeds = directory.parent / "seeds"
    problems: list[Problem] = []
    docs: dict[str, GoldDocument] = {}
    digests: dict[str, str] = {}
    for result in read_documents(paths, level="full" if validate else "none",
                                 seeds=seeds if seeds.is_dir() else None, ontology=ontology, progress="read the gold",
                                 warnings=False):  # the scorer reports none of the gold's
        problems.extend(result.problems)
        if result.document is not None and result.sha256 is not None:
            docs[result.document.doc_id] = GoldDocument(result.document, onto)
            digests[result.document.doc_id] = result.sha256
    if problems:
        return None, problems
    return GoldCorpus(docs, corpus_sha256(digests), display_path(directory)), []


def gold_from_documents(documents: Iterable[Document], ontology: Ontology | None = None) -> GoldCorpus:
    """A gold corpus from in-memory documents (tests, benchmarks); its sha256 hashes their canonical JSON."""
    onto = ontology or load_ontology()
    docs = {d.doc_id: GoldDocument(d, onto) for d in documents}
    digests = {d: hashlib.sha256(jsonio.dumps(jsonio.document_to_json(g.doc)).encode("utf-8")).hexdigest()
               for d, g in docs.items()}
    return GoldCorpus(docs, corpus_sha256(digests), "<memory>")


# --- the corpus ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreResult:
    """What :func:`score_submission` returns; :meth:`to_json` is the result file."""

    tasks: tuple[str, ...]
    specs: tuple[MetricSpec, ...]
    scores: Mapping[str, Mapping[str, dict[str, Any]]]
    table: CountTable
    warnings: tuple[Problem, ...]
    notes: Mapping[str, Any]
    gold_sha256: str
    gold_path: str
    system: Mapping[str, Any]
    options: Mapping[str, Any]
    submission_file: str | None = None
    submission_sha256: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self, *, per_document: bool = True) -> dict[str, Any]:
        """The result file's JSON (``per_document``: with the per-document count table)."""
        onto = load_ontology()
        out: dict[str, Any] = {
            "newsbench_version": __version__,
            "result_version": RESULT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "ontology_version": onto.version,
            "gold": {"sha256": self.gold_sha256, "path": self.gold_path, "documents": len(self.table.doc_ids)},
            "submission": {"path": self.submission_file, "sha256": self.submission_sha256, "system": dict(self.system)},
            "task_versions": {t: TASK_VERSIONS[t] for t in self.tasks},
            "task_documents": {t: next(iter(self.scores[t].values()))["documents"] for t in self.tasks},
            "options": dict(self.options),
            "warnings": [w.to_json() for w in self.warnings],
            "notes": dict(self.notes),
            "scores": {t: dict(m) for t, m in self.scores.items()},
        }
        out.update(self.extra)
        if per_document:
            out["per_document"] = self.table.to_json()
        return out

    def json_text(self) -> Iterator[str]:
        """The result file's text, ``json.dumps(self.to_json(), ensure_ascii=False)``, in pieces: the per-document
        table a block of rows at a time (:meth:`CountTable.json_text`), so that memory does not grow with it."""
        head = json.dumps(self.to_json(per_document=False), ensure_ascii=False)
        yield head[:-1] + ', "per_document": '  # the table is the last key
        yield from self.table.json_text()
        yield "}"


def _prf_json(kind: Kind, values: Sequence[float] | np.ndarray[Any, Any]) -> dict[str, Any]:
    s = kind.scores(np.asarray(values, dtype=float))
    out: dict[str, Any] = {k: float(v) for k, v in s.items()}
    out["counts"] = {f: _number(v) for f, v in zip(kind.fields, values, strict=True)}
    out["flags"] = list(kind.flags(values))
    if kind.value_only and EMPTY in out["flags"]:
        out["value"] = None  # an accuracy or distance over no items has no value (0 would be the best distance)
    return out


def _items_json(kind: Kind, values: Sequence[float] | np.ndarray[Any, Any]) -> int | float | dict[str, int | float]:
    """What a metric counts: its items (value-only kinds), or its gold and predicted items (the recall and the
    precision denominators: gold and predicted spans, mentions, links or entities)."""
    terms = np.asarray(values, dtype=float) @ kind.matrix
    if kind.value_only:
        return _number(terms[1])
    return {"gold": _number(terms[3]), "predicted": _number(terms[1])}


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


def _macro_json(rows: Mapping[str, dict[str, Any]], value_only: bool) -> dict[str, Any]:
    if value_only:  # over the types that have a value
        values = [r["value"] for r in rows.values() if r["value"] is not None]
        return {"value": sum(values) / len(values) if values else None, "types": len(values)}
    m = macro(PRF(r["precision"], r["recall"], r["f1"]) for r in rows.values())
    return {"precision": m.precision, "recall": m.recall, "f1": m.f1, "types": len(rows)}


def _item_scores(kind: str, values: np.ndarray[Any, Any]) -> dict[str, Any]:
    if not values.size:
        return {"value": None, "counts": {"n": 0}, "flags": [EMPTY]}
    value = median(values) if kind == "median" else auc_from_errors(values)
    return {"value": value, "counts": {"n": int(values.size)}, "flags": []}


BATCH = 128
"""Documents scored together: the entities tasks count a batch at once in numpy. Small enough that a batch's
mention objects stay in the processor's caches between the passes that read them (start and end, then levels,
then types): 128 took less CPU than 512 (`scripts/bench_batch.py`; figures in eval/README.md section 5)."""


def score_batch(golds: Sequence[GoldDocument], predictions: Sequence[SubmissionDocument | None],
                tasks: Sequence[Task], first_row: int, ontology: Ontology, zeros: Mapping[str, tuple[Any, ...]],
                totals: Totals, mentions: MentionColumns | None = None) -> list[dict[str, tuple[Any, ...]]]:
    """The count rows of consecutive documents (rows ``first_row``, ``first_row + 1``, ...): per document, metric
    key -> its kind's count fields (``zeros`` for every metric a task did not score); the per-type counts, items
    and notes go to ``totals``. A task is scored on a document only when its gold annotates the task's layer
    (somewhere), and only on predictions inside the ranges the layer is annotated. ``mentions``: the predictions'
    mentions as columns, every level, document k's numbered k (None: read from the predictions when needed)."""
    gold_columns: dict[tuple[int, ...], GoldMentions] = {}  # the gold mention columns the tasks share
    docs = [DocumentInput(g, p or SubmissionDocument(g.doc.doc_id), first_row + k, ontology,
                          None if mentions is None else (mentions, k), gold_columns)
            for k, (g, p) in enumerate(zip(golds, predictions, strict=True))]
    outs: list[dict[str, tuple[Any, ...]]] = [dict(zeros) for _ in docs]
    for t in tasks:
        scored = [k for k, g in enumerate(golds) if g.doc.annotated_ranges(t.declared_layer)]
        t.score([docs[k] for k in scored], [outs[k] for k in scored], totals)
    return outs


def _score_documents(golds: Iterable[GoldDocument], checks: SubmissionChecks, tasks: Sequence[Task], onto: Ontology,
                     keep_indexes: bool, column_keys: Sequence[str], totals: Totals, flat: array[Any],
                     zeros: Mapping[str, tuple[Any, ...]], first_row: int = 0,
                     halted: Sequence[Any] = (), rows: _RowFile | None = None) -> tuple[str, ...]:
    """Check every gold document's entry and score it (in doc id order), a batch of consecutive ones at a time: its
    row goes to ``flat`` (one row per document, columns as ``column_keys``), or, given ``rows``, to that file once
    the batch is scored (``flat`` then holds one batch). Returns the doc ids, in row order. Once a problem is found
    (by the checks, or in ``halted``: the gold's own) the rest is only checked. Only the batch's documents are held:
    a streamed gold stays flat in memory."""
    doc_ids: list[str] = []
    it = iter(golds)
    while batch := list(islice(it, BATCH)):
        predictions, mentions = _checked_batch(batch, checks)
        if not checks.failed and not halted:
            for out in score_batch(batch, predictions, tasks, first_row + len(doc_ids), onto, zeros, totals, mentions):
                flat.extend(chain.from_iterable(map(out.__getitem__, column_keys)))
            if rows is not None:
                rows.put(first_row + len(doc_ids), flat)
                del flat[:]
            doc_ids.extend(g.doc_id for g in batch)
        if not keep_indexes:
            for gd in batch:
                gd.release()
        del batch, predictions, mentions  # else they hold this batch while the next one is read: two batches alive
    return tuple(doc_ids)


def _checked_batch(golds: Sequence[GoldDocument], checks: SubmissionChecks
                   ) -> tuple[list[SubmissionDocument | None], MentionColumns | None]:
    """The entries of consecutive gold documents, checked, and their mentions as columns when the checks read that
    layer: read once, their spans checked as arrays (the item loops look again only at a document whose spans are
    not clean, to name its problems), then scored from the same columns."""
    entries = [checks.entry(g.doc_id) for g in golds]
    mentions, clean = None, [False] * len(golds)
    if "mentions" in checks.layers:
        mentions = MentionColumns.of([e.mentions or () if e is not None else () for e in entries])
        clean = _clean_spans(mentions, np.array([len(g.doc.text) for g in golds], dtype=np.int64))
    for g, e, ok in zip(golds, entries, clean, strict=True):
        if e is not None:
            checks.check_document(g.doc_id, len(g.doc.text), entry=e, clean_spans=_MENTIONS if ok else frozenset())
    return entries, mentions


_MENTIONS = frozenset({"mentions"})


def _clean_spans(columns: MentionColumns, lengths: np.ndarray[Any, Any]) -> list[bool]:
    """Per document, whether every span has 0 <= start < end <= the text's length (``lengths``) and no span is
    there twice."""
    bad = (columns.start < 0) | (columns.start >= columns.end) | (columns.end > lengths[columns.doc])
    flagged = np.zeros(columns.n_docs, dtype=bool)
    flagged[columns.doc[bad]] = True
    good = ~bad
    d, s, e = columns.doc[good], columns.start[good], columns.end[good]
    if d.size:
        low = min(int(s.min()), 0)
        width = int(lengths.max()) - low + 1
        if (columns.n_docs + 1) * width * width < 2 ** 62:  # a span as one int64: sort, and compare neighbours
            codes = np.sort((d * width + (s - low)) * width + (e - low))
            flagged[codes[1:][codes[1:] == codes[:-1]] // (width * width)] = True
        else:
            order = np.lexsort((e, s, d))
            d, s, e = d[order], s[order], e[order]
            flagged[d[1:][(d[1:] == d[:-1]) & (s[1:] == s[:-1]) & (e[1:] == e[:-1])]] = True
    clean: list[bool] = (~flagged).tolist()
    return clean


def _by_type_totals(specs: Sequence[MetricSpec], totals: Totals) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Per metric, label -> summed count fields."""
    out: dict[str, dict[str, tuple[Any, ...]]] = {}
    for spec in specs:
        if not spec.breakdown or spec.kind not in KINDS:
            continue
        if spec.kind.startswith("categories"):
            exact = totals.exact[spec.task]
            extra = totals.extra[spec.task]
            out[spec.key] = {label: label_rows(exact[label], *extra.get(label, (0,) * 6))[spec.name]
                             for label in exact.keys() | extra.keys()}
        else:
            acc = totals.labels.get(spec.key, [])
            labels = {label for c in acc for label in c}
            out[spec.key] = {label: tuple(c[label] for c in acc) for label in labels}
    return out


def _without_documents(entry: dict[str, Any]) -> None:
    """A metric of a layer that no gold document annotates: no value at all (null, flagged), not 0."""
    for key in ("precision", "recall", "f1", "value"):
        if key in entry:
            entry[key] = None
    if "macro" in entry:
        entry["macro"] = {key: (None if key != "types" else value) for key, value in entry["macro"].items()}
    entry["flags"] = [NO_DOCUMENTS]


def _interval_reason(entry: Mapping[str, Any], bootstrap: int) -> str | None:
    """Why a metric has no interval: no resamples asked for, no document annotates its layer, no value, or too
    few documents carry it."""
    if entry["documents"] == 0:
        return "0 documents annotate this layer"
    if bootstrap <= 0:
        return "no bootstrap (--bootstrap 0)"
    if entry.get("value", 0) is None:
        return "no items"
    return unavailable_reason(entry["documents"], entry["documents_with_items"])


def covered_tasks(submission: Submission) -> tuple[str, ...]:
    """Tasks whose layer the submission predicts (and that the task's own test, if any, finds predicted)."""
    layers = set().union(*(layers for _, layers in document_layers(submission.documents)))
    return tuple(t.name for t in REGISTRY.values()
                 if t.layer in layers and (t.covered is None or t.covered(submission)))


def _selected_tasks(tasks: Sequence[str] | None, submission: Submission) -> tuple[str, ...]:
    """The tasks asked for (default: those the submission covers), in registry order."""
    tasks = tuple(tasks) if tasks else covered_tasks(submission)
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ValueError(f"unknown task(s) {', '.join(unknown)}; expected some of {', '.join(TASKS)}")
    return tuple(t for t in TASKS if t in tasks)


@dataclass(frozen=True)
class _Counted:
    """Every document scored: the count table, its column sums, the per-type sums and the item labels."""

    table: CountTable
    sums: np.ndarray[Any, Any]
    slices: Mapping[str, slice]
    by_type: Mapping[str, Mapping[str, tuple[Any, ...]]]
    item_labels: Mapping[str, list[str]]
    totals: Totals


def _column_specs(specs: Sequence[MetricSpec]) -> list[MetricSpec]:
    return [s for s in specs if s.kind in KINDS]


def _score_into(golds: Iterable[GoldDocument], checks: SubmissionChecks, tasks: Sequence[str],
                specs: Sequence[MetricSpec], onto: Ontology, keep_indexes: bool, first_row: int = 0,
                halted: Sequence[Any] = (), rows: _RowFile | None = None) -> tuple[tuple[str, ...], array[Any], Totals]:
    """The doc ids, count rows (one after the other; none when they go to ``rows``) and per-type totals of the gold
    documents scored against their checked entries (rows from ``first_row``; see :func:`_score_documents`)."""
    column_specs = _column_specs(specs)
    totals = Totals()
    flat = array("d")  # the per-document rows, one after the other (8 bytes a count)
    # Loading and scoring make many small objects and no reference cycles worth collecting; with the collector on,
    # its full passes re-walk every object alive (the loaded corpus, kept gold lookups), which costs more than
    # the scoring itself on a large corpus.
    with collector_paused():
        doc_ids = _score_documents(golds, checks, [REGISTRY[t] for t in tasks], onto, keep_indexes,
                                   [s.key for s in column_specs], totals, flat,
                                   {s.key: (0,) * len(s.fields) for s in column_specs}, first_row, halted, rows)
    return doc_ids, flat, totals


def _columns(specs: Sequence[MetricSpec]) -> tuple[str, ...]:
    """The count table's columns: '<task>/<metric>/<field>' of every metric of a count kind."""
    return tuple(f"{s.key}/{f}" for s in _column_specs(specs) for f in s.fields)


def _counted(doc_ids: tuple[str, ...], counts: np.ndarray[Any, Any], totals: Totals, specs: Sequence[MetricSpec],
             mapping: mmap.mmap | None = None) -> _Counted:
    """``counts``: the rows, one a document (:func:`_columns`); ``mapping``: the file mapping they are read from,
    if any (:attr:`CountTable.mapping`)."""
    column_specs = _column_specs(specs)
    columns = _columns(specs)
    slices = {}
    at = 0
    for s in column_specs:
        slices[s.key] = slice(at, at + len(s.fields))
        at += len(s.fields)
    items = {}
    for spec in specs:  # an item list exists even when no document has items
        for source in spec.sources if spec.kind in ("median", "auc") else ():
            docs, _, values = totals.items[f"{spec.task}/{source}"]
            items[f"{spec.task}/{source}"] = (np.asarray(docs, dtype=np.int64), np.asarray(values, dtype=float))
    table = CountTable(doc_ids, columns, counts, items, mapping)
    return _Counted(table, table.column_sums(), slices,
                    _by_type_totals(specs, totals), {k: v[1] for k, v in totals.items.items()}, totals)


def _counts_entry(spec: MetricSpec, counted: _Counted) -> dict[str, Any]:
    """A metric of a count kind: its scores from the summed counts, per type when it has a breakdown."""
    kind = KINDS[spec.kind]
    sums = counted.sums[counted.slices[spec.key]]
    entry = {**_prf_json(kind, sums), "items": _items_json(kind, sums)}
    if spec.breakdown:
        rows_json = {label: {**_prf_json(kind, values), "items": _items_json(kind, values)}
                     for label, values in sorted(counted.by_type.get(spec.key, {}).items())}
        entry.update({"breakdown": spec.breakdown, "by_type": rows_json,
                      "macro": _macro_json(rows_json, kind.value_only)})
    return entry


def _conll_entry(spec: MetricSpec, task_scores: Mapping[str, Mapping[str, Any]], documents: int) -> dict[str, Any]:
    """The CoNLL average of its source metrics (already scored): none when no document annotates the layer."""
    parts = [task_scores[name] for name in spec.sources]
    if documents == 0:  # its sources have no value to average
        return {"precision": None, "recall": None, "f1": None, "counts": {}, "flags": [],
                "sources": list(spec.sources), "items": parts[1]["items"]}
    c = conll(*(PRF(p["precision"], p["recall"], p["f1"], tuple(p["flags"])) for p in parts))
    return {"precision": c.precision, "recall": c.recall, "f1": c.f1, "counts": {}, "flags": list(c.flags),
            "sources": list(spec.sources), "items": parts[1]["items"]}


def _items_entry(spec: MetricSpec, counted: _Counted) -> dict[str, Any]:
    """A median or AUC over an item list (toponym errors), per type when it has a breakdown."""
    source = f"{spec.task}/{spec.sources[0]}"
    labels = np.asarray(counted.item_labels.get(source, []), dtype=object)
    values = counted.table.items[source][1]
    entry = {**_item_scores(spec.kind, values), "source": source, "items": int(values.size)}
    if spec.breakdown:
        rows_json = {}
        for label in sorted(set(labels.tolist())):
            row = _item_scores(spec.kind, values[labels == label])
            rows_json[label] = {**row, "items": row["counts"]["n"]}
        entry.update({"breakdown": spec.breakdown, "by_type": rows_json, "macro": _macro_json(rows_json, True)})
    return entry


def score_submission(submission: Submission, gold: GoldCorpus, *, tasks: Sequence[str] | None = None,
                     bootstrap: int = 1000, seed: int = 0, strict: bool = False, file: str = "<submission>",
                     confidence: float = 0.95, ontology: Ontology | None = None, keep_indexes: bool = True,
                     layers: Sequence[str] | None = None) -> tuple[ScoreResult | None, list[Problem]]:
    """Score a submission against the gold. Returns (result, []) or (None, problems): a submission with any
    problem (see :mod:`newsbench.evaluation.submission`) is not scored.

    ``layers``: the submission layers whose items are checked; None: those the selected tasks read (a layer no
    task reads is not checked, and the result's options name it: ``layers_not_checked``). The doc ids are always
    checked. ``keep_indexes``: keep each gold document's lookups (tokens, tuple sets) for the next submission
    scored against the same :class:`GoldCorpus` (faster when scoring many systems); False releases them document
    by document, so that memory does not grow with the corpus."""
    onto = ontology or load_ontology()
    tasks = _selected_tasks(tasks, submission)
    checks = SubmissionChecks(submission, file, list(gold.documents), strict=strict, ontology=onto,
                              layers=_task_layers(tasks) if layers is None else layers)
    specs = tuple(s for t in tasks for s in REGISTRY[t].metrics)
    doc_ids, flat, totals = _score_into((gold.documents[d] for d in sorted(gold.documents)), checks, tasks, specs,
                                        onto, keep_indexes)
    problems, warnings = checks.result()
    if problems:
        return None, problems
    task_documents = {t: sum(g.doc.annotates(TASK_DECLARED_LAYER[t]) for g in gold.documents.values())
                      for t in tasks}
    counts = np.frombuffer(flat, dtype=float).reshape(len(doc_ids), len(_columns(specs))).copy()
    counted = _counted(doc_ids, counts, totals, specs)
    return _result(submission, counted, tasks, specs, task_documents, warnings, gold.sha256, gold.path,
                   bootstrap=bootstrap, seed=seed, confidence=confidence, strict=strict,
                   unchecked=sorted(checks.layers_used - set(checks.layers))), []


def _task_layers(tasks: Sequence[str]) -> tuple[str, ...]:
    """The submission layers the tasks read."""
    read = {REGISTRY[t].layer for t in tasks}
    return tuple(layer for layer in LAYERS if layer in read)


def _result(submission: Submission, counted: _Counted, tasks: Sequence[str], specs: Sequence[MetricSpec],
            task_documents: Mapping[str, int], warnings: Sequence[Problem], gold_sha256: str, gold_path: str, *,
            bootstrap: int, seed: int, confidence: float, strict: bool, unchecked: Sequence[str] = ()
            ) -> ScoreResult:
    """The result of the counted documents: the scores from the summed counts, intervals from the rows."""
    table = counted.table

    intervals = {}
    if bootstrap > 0 and len(table.doc_ids) >= MIN_DOCUMENTS:  # fewer documents: no interval is reported anyway
        intervals = bootstrap_intervals(table, specs, n_resamples=bootstrap, seed=seed, confidence=confidence)

    scores: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in tasks}
    for spec in specs:
        entry: dict[str, Any] = {"kind": spec.kind, "direction": spec.direction, "unit": spec.unit}
        if spec.kind in KINDS:
            entry.update(_counts_entry(spec, counted))
        elif spec.kind == "conll":
            entry.update(_conll_entry(spec, scores[spec.task], task_documents[spec.task]))
        else:
            entry.update(_items_entry(spec, counted))
        entry["documents"] = task_documents[spec.task]
        entry["documents_with_items"] = int(np.count_nonzero(table.documents_with_items(spec)))
        if entry["documents"] == 0:
            _without_documents(entry)
        reason = _interval_reason(entry, bootstrap)
        entry["ci"] = intervals.get(spec.key) if reason is None else None
        if reason is not None:
            entry["ci_reason"] = reason
        scores[spec.task][spec.name] = entry

    notes_json = {t: dict(notes(counted.totals)) for t in tasks if (notes := REGISTRY[t].notes) is not None}
    system = jsonio.submission_to_json(Submission(submission.system))["system"]
    options: dict[str, Any] = {"tasks": list(tasks), "bootstrap": bootstrap, "seed": seed, "confidence": confidence,
                               "strict": strict}
    if unchecked:  # layers the submission has that no selected task reads: their items were not checked
        options["layers_not_checked"] = list(unchecked)
    return ScoreResult(tuple(tasks), tuple(specs), scores, table, tuple(warnings), notes_json, gold_sha256, gold_path,
                       system, options)


def score_streamed(submission: Submission, directory: Path, *, tasks: Sequence[str] | None = None,
                   bootstrap: int = 1000, seed: int = 0, strict: bool = False, file: str = "<submission>",
                   confidence: float = 0.95, workers: int | None = 1) -> tuple[ScoreResult | None, list[Problem]]:
    """:func:`load_gold` and :func:`score_submission` in one pass over the gold folder: each gold document is read,
    checked, scored against its prediction and dropped, so memory does not grow with the gold. The result and the
    problems are those of the two calls (the gold's problems first). ``workers`` > 1: consecutive runs of the gold
    files are scored in that many processes (forked: they share the submission) and their counts added up in
    order, with the same result (None: :func:`auto_workers`)."""
    paths = gold_paths(directory)
    if not paths:
        return None, [gold_empty(directory)]
    workers = auto_workers(len(paths)) if workers is None else workers
    onto = load_ontology()
    seeds = Path(directory).parent / "seeds"
    tasks = _selected_tasks(tasks, submission)
    specs = tuple(s for t in tasks for s in REGISTRY[t].metrics)
    cuts = [len(paths) * k // max(1, workers) for k in range(max(1, workers) + 1)]
    runs = [(a, b) for a, b in pairwise(cuts) if a < b]
    with _RowFile(len(_columns(specs))) as rows:
        job = _ShardJob(paths, seeds if seeds.is_dir() else None, tasks, specs,
                        SubmissionChecks(submission, file, [p.stem for p in paths], strict=strict, ontology=onto),
                        rows)
        shards = _scored_shards(job, runs)
        counts, mapping = rows.read(sum(len(shard.doc_ids) for shard in shards))
    gold_problems = [p for shard in shards for p in shard.gold_problems]
    store = ValidatedCache.open()
    for shard in shards:  # a file read without problems: found valid (its warnings were not computed)
        for doc_id, digest in shard.digests.items():
            store.add(digest, doc_id, job.seeds is not None, clean=False)
        for i, (problems, warnings) in shard.checked.items() if len(runs) > 1 else ():  # else checked here
            job.checks.add_checked(i, problems, warnings)
    store.save()
    if gold_problems:
        return None, gold_problems
    problems, warnings = job.checks.result()
    if problems:
        return None, problems
    totals = shards[0].totals
    for shard in shards[1:]:
        _add_totals(totals, shard.totals)
    task_documents = {t: sum(shard.task_documents[t] for shard in shards) for t in tasks}
    digests = {d: h for shard in shards for d, h in shard.digests.items()}
    counted = _counted(tuple(d for shard in shards for d in shard.doc_ids), counts, totals, specs, mapping)
    return _result(submission, counted, tasks, specs, task_documents, warnings, corpus_sha256(digests),
                   display_path(directory), bootstrap=bootstrap, seed=seed, confidence=confidence, strict=strict), []


def _scored_shards(job: _ShardJob, runs: Sequence[tuple[int, int]]) -> list[_Shard]:
    """Each run of gold files scored: here when there is one, else in a forked worker each."""
    if len(runs) == 1:
        return [_score_shard(job, *runs[0])]
    global _JOB
    _JOB = job  # what the forked workers read
    try:
        with ProcessPoolExecutor(len(runs), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_score_shard_of_job, runs))
    finally:
        _JOB = None


class _RowFile:
    """The count rows of a streamed scoring, written a batch at a time at their rows' place in one unlinked
    temporary file that the forked workers share (positioned writes): no process holds the rows while it scores,
    and none pickles them back; the caller reads them once, as the count table. A context manager: the file is
    closed on leaving."""

    def __init__(self, columns: int):
        self.file = tempfile.TemporaryFile(prefix="newsbench-rows-")  # noqa: SIM115  (closed by __exit__)
        self.width = columns * 8

    def __enter__(self) -> _RowFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def put(self, first_row: int, flat: array[float]) -> None:
        """Rows ``first_row``, ``first_row + 1``, ... (``flat``: one after the other)."""
        with memoryview(flat) as view:
            data, at = view.cast("B"), first_row * self.width
            while data:
                written = os.pwrite(self.file.fileno(), data, at)
                data, at = data[written:], at + written

    def read(self, rows: int) -> tuple[np.ndarray[Any, Any], mmap.mmap | None]:
        """The first ``rows`` rows, as a (rows, columns) matrix mapped from the file (each shard writes from its
        first row on, so the file holds at least as many rows as the shards scored), and its mapping (none for no
        rows): the table reads it a block at a time (:meth:`CountTable.blocks`), so that memory does not grow with
        the rows. The mapping outlives the file's closing."""
        if rows == 0:
            return np.zeros((0, self.width // 8)), None
        mapping = mmap.mmap(self.file.fileno(), rows * self.width, access=mmap.ACCESS_READ)
        return np.frombuffer(mapping, dtype=float).reshape(rows, self.width // 8), mapping


@dataclass(frozen=True)
class _ShardJob:
    paths: Sequence[Path]
    seeds: Path | None
    tasks: tuple[str, ...]
    specs: tuple[MetricSpec, ...]
    checks: SubmissionChecks
    rows: _RowFile


@dataclass(frozen=True)
class _Shard:
    """What scoring a run of consecutive gold files gives back (pickled, from a worker)."""

    doc_ids: tuple[str, ...]
    totals: Totals
    gold_problems: list[Problem]
    digests: dict[str, str]
    """Doc id -> sha256, of the files read without problems."""
    task_documents: dict[str, int]
    checked: dict[int, tuple[list[Problem], list[Problem]]]
    """Submission entry -> its problems and warnings."""


_JOB: _ShardJob | None = None


def _score_shard_of_job(run: tuple[int, int]) -> _Shard:
    assert _JOB is not None
    return _score_shard(_JOB, *run)


def _score_shard(job: _ShardJob, start: int, stop: int) -> _Shard:
    """Read, check and score gold files ``start``..``stop`` (rows from ``start``) against their predictions."""
    onto = load_ontology()
    checks = job.checks
    gold_problems: list[Problem] = []
    digests: dict[str, str] = {}
    task_documents = dict.fromkeys(job.tasks, 0)
    checked: dict[int, tuple[list[Problem], list[Problem]]] = {}

    def golds() -> Iterator[GoldDocument]:
        # one bar, in the process scoring the first run of files (each worker would draw its own over the others)
        bar = "score" if stop == len(job.paths) else f"score (the first {stop} of {len(job.paths)} documents)"
        for read in read_documents(job.paths[start:stop], seeds=job.seeds, cache="read",
                                   progress=bar if start == 0 else None, warnings=False):  # score reports none
            doc = read.document
            gold_problems.extend(read.problems)
            if doc is None or read.problems or read.sha256 is None:
                continue
            digests[doc.doc_id] = read.sha256  # (the doc id is the file's: else a problem)
            for t in job.tasks:
                task_documents[t] += doc.annotates(TASK_DECLARED_LAYER[t])
            yield GoldDocument(doc, onto)

    doc_ids, _, totals = _score_into(golds(), checks, job.tasks, job.specs, onto, keep_indexes=False,
                                     first_row=start, halted=gold_problems, rows=job.rows)
    for doc_id in digests:  # what the checks found, for the caller (a worker's checks are its own copy)
        if doc_id in checks.entries and any(found := checks.checked(checks.entries[doc_id])):
            checked[checks.entries[doc_id]] = found
    return _Shard(doc_ids, totals, gold_problems, digests, task_documents, checked)


# Per-label sums of floats, with the item list whose values they add up (in row order): merging replays the items
# of the later shards one by one, so that every sum is the same float the single pass computes.
_FLOAT_SUMS = {"toponyms/mean_km": "toponyms/resolution"}


def _add_totals(totals: Totals, more: Totals) -> None:
    """Add the totals of the next rows (``more``) to ``totals``, in place, as one pass over all rows would."""
    for key, counters in more.labels.items():
        acc = totals.fields(key, len(counters))
        for k, (into, add) in enumerate(zip(acc, counters, strict=True)):
            if k == 0 and key in _FLOAT_SUMS:
                _, labels, values = more.items[_FLOAT_SUMS[key]]
                for label, value in zip(labels, values, strict=True):
                    into[label] += value  # type: ignore[assignment]  # a Counter summing kilometres (floats)
            else:
                into.update(add)
    for task, counter in more.exact.items():
        totals.exact[task].update(counter)
    for task, rows in more.extra.items():
        add_label_counts(totals.extra[task], ([label, *values] for label, values in rows.items()))
    for key, (docs, labels, values) in more.items.items():
        mine = totals.items[key]
        mine[0].extend(docs)
        mine[1].extend(labels)
        mine[2].extend(values)
    totals.bio_gold_dropped += more.bio_gold_dropped
    totals.bio_extent_gold_dropped += more.bio_extent_gold_dropped
    totals.bio_predicted_dropped += more.bio_predicted_dropped


def score_files(pred: Path, gold_dir: Path | None = None, *, tasks: Sequence[str] | None = None,
                bootstrap: int = 1000, seed: int = 0, strict: bool = False, errors_dir: Path | None = None,
                out: Path | None = None, workers: int | None = None) -> tuple[ScoreResult | None, list[Problem]]:
    """``newsbench score``: load and check the gold and the submission, score (in ``workers`` processes, None: as
    many as pay; see :func:`score_streamed`), write the result file (and the error analysis when ``errors_dir`` is
    given)."""
    directory = Path(gold_dir) if gold_dir is not None else default_gold_dir()
    file = display_path(pred)
    with collector_paused():
        submission, problems = read_submission(pred, workers=workers)
    gold = None
    if submission is None or errors_dir is not None:  # the gold's problems come first; the error analysis needs it all
        gold, gold_problems = load_gold(directory)
        if gold is None:
            return None, gold_problems
    if submission is None:
        return None, problems
    if gold is None:
        result, problems = score_streamed(submission, directory, tasks=tasks, bootstrap=bootstrap, seed=seed,
                                          strict=strict, file=file, workers=workers)
    else:
        result, problems = score_submission(submission, gold, tasks=tasks, bootstrap=bootstrap, seed=seed,
                                            strict=strict, file=file, keep_indexes=False, layers=LAYERS)
    if result is None:
        return None, problems
    digest = jsonio.file_sha256(pred)
    extra: dict[str, Any] = {}
    if errors_dir is not None and gold is not None:
        extra["confusion"] = write_error_analysis(submission, gold, errors_dir, result.tasks)
    result = ScoreResult(**{**result.__dict__, "submission_file": file, "submission_sha256": digest, "extra": extra})
    if out is not None:
        jsonio.write_chunks_atomic(Path(out), (text.encode("utf-8") for text in chain(result.json_text(), "\n")))
    return result, []


def default_result_path(pred: Path) -> Path:
    """Where ``newsbench score`` writes the result without --out: beside the submission, <stem>.result.json (the
    stem without .json or .jsonl)."""
    pred = Path(pred)
    stem = pred.name.removesuffix(".jsonl") if pred.name.endswith(".jsonl") else pred.name.removesuffix(".json")
    return pred.with_name(stem + ".result.json")


def format_table(result: Mapping[str, Any], *, by_type: bool = False) -> str:
    """The result as a plain-text table: one line per metric (direction, P, R, F1 or value, the 95% interval of
    F1/value or why there is none, documents, items, counts)."""
    rows = [["task", "metric", "", "P", "R", "F1/value", "95% CI", "docs", "items", "counts"]]
    for task, metrics in result["scores"].items():
        for name, m in metrics.items():
            rows.append(_line(task, name, m, m))
            if by_type:
                for label, row in m.get("by_type", {}).items():
                    rows.append(_line("", f"  {label}", row, m))
    return "\n".join(aligned(rows, [False, False, False, True, True, True, False, True, True, False]))


def _line(task: str, name: str, m: Mapping[str, Any], metric: Mapping[str, Any]) -> list[str]:
    """One row; ``metric`` is the metric entry itself or, for a per-type row, the metric it belongs to."""
    unit = metric.get("unit", "ratio")
    stat = "f1" if "f1" in m else "value"
    p, r = (format_value(m["precision"], unit), format_value(m["recall"], unit)) if stat == "f1" else ("", "")
    ci = (m.get("ci") or {}).get(stat)
    interval = f"[{format_value(ci[0], unit)}, {format_value(ci[1], unit)}]" if ci else m.get("ci_reason", "")
    items = m.get("items", "")
    if isinstance(items, Mapping):
        items = f"{format_count(items['gold'])} gold, {format_count(items['predicted'])} pred."
    counts = " ".join(f"{k}={format_count(v)}" for k, v in m.get("counts", {}).items())
    flags = f" ({', '.join(m['flags'])})" if m.get("flags") else ""
    mark = DIRECTION_MARKS[metric["direction"]] if "direction" in metric and m is metric else ""
    return [task, name, mark, p, r, format_value(m[stat], unit), interval, str(m.get("documents", "")),
            format_count(items) if not isinstance(items, str) else items, counts + flags]


__all__ = [
    "TASKS",
    "TASK_DECLARED_LAYER",
    "TASK_VERSIONS",
    "CountTable",
    "DocumentInput",
    "GoldCorpus",
    "MetricSpec",
    "ScoreResult",
    "add_label_counts",
    "covered_tasks",
    "format_table",
    "gold_from_documents",
    "load_gold",
    "metric_specs",
    "score_batch",
    "score_files",
    "score_submission",
]
