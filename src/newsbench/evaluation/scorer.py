"""The scorer: every task and metric of a submission against the gold, from one pass over the documents.

Each document gives counts (sets of hashable tuples, intersected, as spaCy's scorer does); the corpus scores
are computed from the summed counts (micro), with per-type rows and their unweighted mean (macro) beside.
The per-document counts are kept so that :mod:`newsbench.evaluation.significance` can resample documents.

Entry points: :func:`load_gold`, :func:`score_submission` (typed objects in, :class:`ScoreResult` out),
:func:`score_files` (what ``newsbench score`` calls), :func:`format_table`.
"""

from __future__ import annotations

import gc
import hashlib
import json
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .. import __version__, jsonio
from ..model import SCHEMA_VERSION, Document, Submission, SubmissionDocument
from ..ontology import Ontology, load_ontology
from ..paths import gold_dir as default_gold_dir
from ..problems import Problem, problem
from ..validate import (
    display_path, document_problems, read_json_file, schema_file_problems,
)
from .counts import CountTable
from .errors import write_error_analysis
from .matching import GoldDocument, label_rows
from .metrics import EMPTY, KINDS, NO_DOCUMENTS, PRF, Kind, auc_from_errors, conll, macro
from .registry import (
    MIN_DOCUMENTS, REGISTRY, TASK_DECLARED_LAYER, TASK_LAYER, TASK_VERSIONS, TASKS, MetricSpec, Task, metric_specs,
    unavailable_reason,
)
from .significance import bootstrap_intervals
from .submission import check_submission, read_submission
from .tables import DIRECTION_MARKS, aligned, format_count, format_value
from .tasks import DocumentInput, Totals, add_label_counts

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
    """Every ``<doc_id>.json`` of ``directory`` (default corpus/gold). With ``validate`` each file must pass the
    JSON Schema and the validator's semantic checks (against ``<directory>/../seeds`` when that folder exists)."""
    onto = ontology or load_ontology()
    directory = Path(directory) if directory is not None else default_gold_dir()
    paths = sorted(directory.glob("*.json"))
    if not paths:
        return None, [problem("gold-empty", display_path(directory), None, "",
                              f"expected gold documents (*.json) in {display_path(directory)}, found none")]
    seeds = directory.parent / "seeds"
    problems: list[Problem] = []
    docs: dict[str, GoldDocument] = {}
    digests: dict[str, str] = {}
    for path in paths:
        data, found = read_json_file(path)
        file = display_path(path)
        if data is None:
            problems.extend(found)
            continue
        if validate:
            found = schema_file_problems(data, "document.schema.json", file)
            if found:
                problems.extend(found)
                continue
        doc = jsonio.document_from_json(data)
        if validate:
            problems.extend(document_problems(doc, file, ontology=onto, seeds=seeds if seeds.is_dir() else None,
                                              expected_id=path.stem))
        docs[doc.doc_id] = GoldDocument(doc, onto)
        digests[doc.doc_id] = hashlib.sha256(path.read_bytes()).hexdigest()
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
    value = float(np.median(values)) if kind == "median" else auc_from_errors(values)
    return {"value": value, "counts": {"n": int(values.size)}, "flags": []}


BATCH = 512
"""Documents scored together: the entities tasks count a batch at once in numpy."""


def score_batch(golds: Sequence[GoldDocument], predictions: Sequence[SubmissionDocument | None],
                tasks: Sequence[Task], first_row: int, ontology: Ontology, zeros: Mapping[str, tuple[Any, ...]],
                totals: Totals) -> list[dict[str, tuple[Any, ...]]]:
    """The count rows of consecutive documents (rows ``first_row``, ``first_row + 1``, ...): per document, metric
    key -> its kind's count fields (``zeros`` for every metric a task did not score); the per-type counts, items
    and notes go to ``totals``. A task is scored on a document only when its gold annotates the task's layer
    (somewhere), and only on predictions inside the ranges the layer is annotated."""
    docs = [DocumentInput(g, p or SubmissionDocument(g.doc.doc_id), first_row + k, ontology)
            for k, (g, p) in enumerate(zip(golds, predictions, strict=True))]
    outs: list[dict[str, tuple[Any, ...]]] = [dict(zeros) for _ in docs]
    for t in tasks:
        scored = [k for k, g in enumerate(golds) if g.doc.annotated_ranges(t.declared_layer)]
        t.score([docs[k] for k in scored], [outs[k] for k in scored], totals)
    return outs


def _score_documents(doc_ids: Sequence[str], gold: GoldCorpus, by_doc: Mapping[str, SubmissionDocument],
                     tasks: Sequence[Task], onto: Ontology, keep_indexes: bool, column_keys: Sequence[str],
                     totals: Totals, flat: array[Any], zeros: Mapping[str, tuple[Any, ...]]) -> None:
    """Score every document, a batch at a time: its row goes to ``flat`` (one row per document, columns as
    ``column_keys``)."""
    for first in range(0, len(doc_ids), BATCH):
        ids = doc_ids[first:first + BATCH]
        golds = [gold.documents[i] for i in ids]
        for out in score_batch(golds, [by_doc.get(i) for i in ids], tasks, first, onto, zeros, totals):
            for key in column_keys:
                flat.extend(out[key])
        if not keep_indexes:
            for gd in golds:
                gd.release()


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
    layers = {layer for d in submission.documents for layer in TASK_LAYER.values() if getattr(d, layer) is not None}
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


def _count(gold: GoldCorpus, submission: Submission, tasks: Sequence[str], specs: Sequence[MetricSpec],
           onto: Ontology, keep_indexes: bool) -> _Counted:
    by_doc = {d.doc_id: d for d in submission.documents}
    doc_ids = tuple(sorted(gold.documents))
    column_specs = [s for s in specs if s.kind in KINDS]
    columns = tuple(f"{s.key}/{f}" for s in column_specs for f in s.fields)
    slices = {}
    at = 0
    for s in column_specs:
        slices[s.key] = slice(at, at + len(s.fields))
        at += len(s.fields)
    totals = Totals()
    flat = array("d")  # the per-document rows, one after the other (8 bytes a count)
    # Scoring makes many small tuples and sets and no reference cycles worth collecting; with the collector on,
    # its full passes re-walk every object alive (the loaded corpus, kept gold lookups), which costs more than
    # the scoring itself on a large corpus. It is switched back on below, whatever happens.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _score_documents(doc_ids, gold, by_doc, [REGISTRY[t] for t in tasks], onto, keep_indexes,
                         [s.key for s in column_specs], totals, flat,
                         {s.key: (0,) * len(s.fields) for s in column_specs})
    finally:
        if collecting:
            gc.enable()
    counts = np.frombuffer(flat, dtype=float).reshape(len(doc_ids), len(columns)).copy()
    items = {}
    for spec in specs:  # an item list exists even when no document has items
        for source in spec.sources if spec.kind in ("median", "auc") else ():
            docs, _, values = totals.items[f"{spec.task}/{source}"]
            items[f"{spec.task}/{source}"] = (np.asarray(docs, dtype=np.int64), np.asarray(values, dtype=float))
    return _Counted(CountTable(doc_ids, columns, counts, items), counts.sum(axis=0), slices,
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
                     confidence: float = 0.95, ontology: Ontology | None = None, keep_indexes: bool = True
                     ) -> tuple[ScoreResult | None, list[Problem]]:
    """Score a submission against the gold. Returns (result, []) or (None, problems): a submission with any
    problem (see :mod:`newsbench.evaluation.submission`) is not scored.

    ``keep_indexes``: keep each gold document's lookups (tokens, tuple sets) for the next submission scored
    against the same :class:`GoldCorpus` (faster when scoring many systems); False releases them document by
    document, so that memory does not grow with the corpus."""
    onto = ontology or load_ontology()
    problems, warnings = check_submission(submission, file, gold.texts, strict=strict, ontology=onto)
    if problems:
        return None, problems
    tasks = _selected_tasks(tasks, submission)
    specs = tuple(s for t in tasks for s in REGISTRY[t].metrics)
    counted = _count(gold, submission, tasks, specs, onto, keep_indexes)
    table = counted.table

    intervals = {}
    if bootstrap > 0 and len(table.doc_ids) >= MIN_DOCUMENTS:  # fewer documents: no interval is reported anyway
        intervals = bootstrap_intervals(table, specs, n_resamples=bootstrap, seed=seed, confidence=confidence)

    task_documents = {t: sum(g.doc.annotates(TASK_DECLARED_LAYER[t]) for g in gold.documents.values())
                      for t in tasks}
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
    options = {"tasks": list(tasks), "bootstrap": bootstrap, "seed": seed, "confidence": confidence,
               "strict": strict}
    return ScoreResult(tasks, specs, scores, table, tuple(warnings), notes_json, gold.sha256, gold.path, system,
                       options), []


def score_files(pred: Path, gold_dir: Path | None = None, *, tasks: Sequence[str] | None = None,
                bootstrap: int = 1000, seed: int = 0, strict: bool = False, errors_dir: Path | None = None,
                out: Path | None = None) -> tuple[ScoreResult | None, list[Problem]]:
    """``newsbench score``: load and check the gold and the submission, score, write the result file (and the
    error analysis when ``errors_dir`` is given)."""
    gold, problems = load_gold(gold_dir)
    if gold is None:
        return None, problems
    submission, problems = read_submission(pred)
    if submission is None:
        return None, problems
    file = display_path(pred)
    result, problems = score_submission(submission, gold, tasks=tasks, bootstrap=bootstrap, seed=seed,
                                        strict=strict, file=file, keep_indexes=False)
    if result is None:
        return None, problems
    digest = hashlib.sha256(Path(pred).read_bytes()).hexdigest()
    extra: dict[str, Any] = {}
    if errors_dir is not None:
        extra["confusion"] = write_error_analysis(submission, gold, errors_dir, result.tasks)
    result = ScoreResult(**{**result.__dict__, "submission_file": file, "submission_sha256": digest, "extra": extra})
    if out is not None:
        jsonio.write_text_atomic(Path(out), json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    return result, []


def default_result_path(pred: Path) -> Path:
    """Where ``newsbench score`` writes the result without --out: beside the submission, <stem>.result.json."""
    pred = Path(pred)
    stem = pred.name[:-5] if pred.name.endswith(".json") else pred.name
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
