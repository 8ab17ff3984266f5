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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from .. import __version__, jsonio
from ..model import (
    SCHEMA_VERSION, Document, PredictedEventMention, PredictedMention, PredictedTimex, PredictedToponym, Submission,
    SubmissionDocument,
)
from ..ontology import Ontology, load_ontology
from ..paths import gold_dir as default_gold_dir
from ..validate import (
    Problem, display_path, document_problems, read_json_file, schema_problems, schema_validator,
)
from .matching import (
    ARGUMENT_METRICS, MATCH_MODES, GoldDocument, argument_sets, bio_chunks, cluster_partition, relaxed_pairs,
    schema_categories,
)
from .metrics import (
    ACCURACY_RADIUS_KM, KINDS, PRF, SCHEMA_KINDS, SCHEMAS, Kind, auc_from_errors, b_cubed, ceaf_e, conll, macro,
    muc, resolution_error_km,
)
from .submission import SubmissionReport, check_submission, read_submission, SUBMISSION_CHECKS

RESULT_VERSION = "1.0"
TASKS = ("entities", "entities_all", "bio", "coreference", "timexes", "events", "toponyms")
TASK_VERSIONS = {task: "1.0" for task in TASKS}
"""Bumped whenever a task's definition changes, so that results of different definitions are never compared."""
TASK_LAYER = {"entities": "mentions", "entities_all": "mentions", "bio": "mentions", "coreference": "mentions",
              "timexes": "timexes", "events": "event_mentions", "toponyms": "toponyms"}
ATTRIBUTES = ("polarity", "tense", "genericity", "modality", "realis")
UNTYPED = "-"
"""Per-type bucket of a prediction without the label a breakdown needs (and no gold item at its span)."""
NO_RESOLUTION_READINGS = ("Homonym",)
"""Toponyms read as Homonym name no place: they count for recognition, not for resolution."""


@dataclass(frozen=True)
class MetricSpec:
    task: str
    name: str
    kind: str
    """A kind of :data:`newsbench.evaluation.metrics.KINDS`, or conll / median / auc (computed from others)."""
    breakdown: str | None = None
    """What the per-type rows are keyed by (entity_type, level, event_type, role, timex_type, reading)."""
    sources: tuple[str, ...] = ()
    """conll: the three metrics averaged; median/auc: the item list they are computed from."""

    @property
    def key(self) -> str:
        return f"{self.task}/{self.name}"

    @property
    def fields(self) -> tuple[str, ...]:
        return KINDS[self.kind].fields if self.kind in KINDS else ()


def metric_specs(task: str) -> list[MetricSpec]:
    """The metrics of a task, in report order."""
    if task in ("entities", "entities_all"):
        return [MetricSpec(task, s, SCHEMA_KINDS[s].name, "entity_type") for s in SCHEMAS] + [
            MetricSpec(task, "mention_detection", "prf", "level")]
    if task == "bio":
        return [MetricSpec(task, "strict", "prf", "entity_type")]
    if task == "coreference":
        return [MetricSpec(task, m, "ratio") for m in ("muc", "b_cubed", "ceaf_e")] + [
            MetricSpec(task, "conll", "conll", sources=("muc", "b_cubed", "ceaf_e"))]
    if task == "timexes":
        return [MetricSpec(task, "strict", "prf", "timex_type"), MetricSpec(task, "relaxed", "prf", "timex_type"),
                MetricSpec(task, "value_accuracy", "accuracy", "timex_type"),
                MetricSpec(task, "type_accuracy", "accuracy", "timex_type")]
    if task == "events":
        specs = [MetricSpec(task, "trigger_identification", "prf"),
                 MetricSpec(task, "trigger_classification", "prf", "event_type")]
        for mode in MATCH_MODES:
            for base in ARGUMENT_METRICS:
                specs.append(MetricSpec(task, f"{base}_{mode}", "prf", "role" if "classification" in base else None))
        specs += [MetricSpec(task, f"attribute_{a}", "accuracy") for a in ATTRIBUTES]
        return specs
    if task == "toponyms":
        return [MetricSpec(task, "strict", "prf", "reading"), MetricSpec(task, "reading_accuracy", "accuracy", "reading"),
                MetricSpec(task, "acc_at_161km", "accuracy", "reading"), MetricSpec(task, "mean_km", "mean", "reading"),
                MetricSpec(task, "median_km", "median", "reading", sources=("resolution",)),
                MetricSpec(task, "auc", "auc", "reading", sources=("resolution",))]
    raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")


# --- the gold --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldCorpus:
    documents: Mapping[str, GoldDocument]
    sha256: str
    """sha256 of the lines '<doc_id> <sha256 of the file's bytes>\\n' in doc_id order."""
    path: str
    schema_version: str = SCHEMA_VERSION

    @property
    def texts(self) -> dict[str, Document]:
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
        return None, [Problem("gold-empty", display_path(directory), None, "",
                              f"expected gold documents (*.json) in {display_path(directory)}, found none")]
    seeds = directory.parent / "seeds"
    problems: list[Problem] = []
    docs: dict[str, GoldDocument] = {}
    digests: dict[str, str] = {}
    validator = schema_validator("document.schema.json")
    for path in paths:
        data, found = read_json_file(path)
        file = display_path(path)
        if data is None:
            problems.extend(found)
            continue
        if validate:
            found = schema_problems(data, validator, file)
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


# --- predictions of one document, normalised -----------------------------------------------------


def _first_by(items: Iterable, key, order, identity=None) -> tuple[dict, int]:
    """Per key, the item first in ``order``; and how many keys had items that disagree (by ``identity``,
    default ``order``): a repeated identical item is a duplicate, not a conflict."""
    identity = identity or order
    groups: dict[Any, list] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    chosen, conflicts = {}, 0
    for k, group in groups.items():
        chosen[k] = min(group, key=order)
        conflicts += len({identity(x) for x in group}) > 1
    return chosen, conflicts


def _mention_order(m: PredictedMention):
    return (m.type, m.level or "", m.cluster or "")


def _event_order(e: PredictedEventMention):
    return (e.cluster or "", tuple(sorted((e.attributes or {}).items())),
            tuple(sorted((a.role, a.start, a.end) for a in e.arguments)))


def _event_identity(e: PredictedEventMention):
    return (e.cluster or "", tuple(sorted((e.attributes or {}).items())))  # arguments are pooled, not chosen


def _toponym_order(t: PredictedToponym):
    return (t.reading or "", t.geonames_id or 0, t.lat is None, t.lat or 0.0, t.lon or 0.0)


@dataclass
class _Notes:
    """Per-document side information: conflicts resolved, spans IOB2 could not represent."""

    conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    bio_gold_dropped: int = 0
    bio_predicted_dropped: int = 0


# --- per-document scoring ------------------------------------------------------------------------


class _DocScores:
    """Counts of one document: micro values per metric key, per-type values, and items (toponym errors)."""

    __slots__ = ("micro", "by_type", "items")

    def __init__(self):
        self.micro: dict[str, tuple] = {}
        self.by_type: dict[str, dict[str, tuple]] = {}
        self.items: dict[str, list[tuple[str, float]]] = {}


def _prf_by_label(gold: set, pred: set, label_of) -> dict[str, tuple[int, int, int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in gold:
        row = out[label_of(item)]
        if item in pred:
            row[0] += 1
        else:
            row[2] += 1
    for item in pred:
        if item not in gold:
            out[label_of(item)][1] += 1
    return {k: tuple(v) for k, v in out.items()}


def _prf(gold: set, pred: set) -> tuple[int, int, int]:
    tp = len(gold & pred)
    return (tp, len(pred) - tp, len(gold) - tp)


def _label(item) -> str:
    return item[-1]


def _score_entities(task: str, gd: GoldDocument, mentions: Sequence[PredictedMention], out: _DocScores) -> None:
    names_only = task == "entities"
    gold = gd.name_items if names_only else gd.mention_items
    pred = {(m.start, m.end, m.type) for m in mentions if not names_only or m.level in (None, "NAM")}
    sc = schema_categories(gold, pred)
    for schema in SCHEMAS:
        key = f"{task}/{schema}"
        out.micro[key] = sc.overall[schema].values()
        out.by_type[key] = {label: c[schema].values() for label, c in sc.by_label.items()}
    # mention detection: spans only; per level, a prediction without a level takes the gold level at its span
    gold_levels = gd.level_by_span
    gold_spans = {(s, e, "NAM" if names_only else gold_levels[(s, e)]) for s, e, _ in gold}
    pred_spans = set()
    for m in mentions:
        if names_only and m.level not in (None, "NAM"):
            continue
        level = "NAM" if names_only else (m.level or gold_levels.get((m.start, m.end), UNTYPED))
        pred_spans.add((m.start, m.end, level))
    key = f"{task}/mention_detection"
    out.micro[key] = _prf({(s, e) for s, e, _ in gold_spans}, {(s, e) for s, e, _ in pred_spans})
    out.by_type[key] = _prf_by_label(gold_spans, pred_spans, _label)


def _score_bio(gd: GoldDocument, mentions: Sequence[PredictedMention], out: _DocScores, notes: _Notes) -> None:
    gold, gold_dropped = gd.bio_chunks
    pred, pred_dropped = bio_chunks(gd.grid, {(m.start, m.end, m.type) for m in mentions if m.level in (None, "NAM")})
    notes.bio_gold_dropped += gold_dropped
    notes.bio_predicted_dropped += pred_dropped
    out.micro["bio/strict"] = _prf(gold, pred)
    out.by_type["bio/strict"] = _prf_by_label(gold, pred, _label)


def _score_coreference(gd: GoldDocument, mentions: Sequence[PredictedMention], out: _DocScores,
                       notes: _Notes) -> None:
    # a span is one mention for coreference whatever its types; if its predictions name different clusters,
    # the first in sorted order decides
    chosen, conflicts = _first_by(mentions, key=lambda m: (m.start, m.end), order=_mention_order,
                                  identity=lambda m: m.cluster)
    notes.conflicts["coreference"] += conflicts
    response = cluster_partition((span, m.cluster) for span, m in chosen.items())
    key = gd.entity_clusters
    out.micro["coreference/muc"] = muc(key, response).values()
    out.micro["coreference/b_cubed"] = b_cubed(key, response).values()
    out.micro["coreference/ceaf_e"] = ceaf_e(key, response).values()


def _inherit(label: str | None, span: tuple[int, int], gold_label: Mapping[tuple[int, int], str]) -> str:
    return label if label is not None else gold_label.get(span, UNTYPED)


def _score_timexes(gd: GoldDocument, timexes: Sequence[PredictedTimex], out: _DocScores, notes: _Notes) -> None:
    chosen, conflicts = _first_by(timexes, key=lambda t: (t.start, t.end), order=lambda t: (t.type or "", t.value or ""))
    notes.conflicts["timexes"] += conflicts
    gold_by_span = gd.timex_by_span
    gold_type = {span: t.type for span, t in gold_by_span.items()}
    gold_typed = {(s, e, t.type) for (s, e), t in gold_by_span.items()}
    pred_typed = {(s, e, _inherit(t.type, (s, e), gold_type)) for (s, e), t in chosen.items()}
    out.micro["timexes/strict"] = _prf(set(gold_by_span), set(chosen))
    out.by_type["timexes/strict"] = _prf_by_label(gold_typed, pred_typed, _label)
    pairs = relaxed_pairs([(s, e, "") for s, e in gold_by_span], [(s, e, "") for s, e in chosen])
    n = len(pairs)
    out.micro["timexes/relaxed"] = (n, len(chosen) - n, len(gold_by_span) - n)
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for label in {x[2] for x in gold_typed} | {x[2] for x in pred_typed}:
        g = [x for x in gold_typed if x[2] == label]
        p = [x for x in pred_typed if x[2] == label]
        k = len(relaxed_pairs(g, p))
        by[label] = [k, len(p) - k, len(g) - k]
    out.by_type["timexes/relaxed"] = {k: tuple(v) for k, v in by.items()}
    value: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    typed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g, p in pairs:
        gt, pt = gold_by_span[(g[0], g[1])], chosen[(p[0], p[1])]
        value[gt.type][0] += pt.value == gt.value
        value[gt.type][1] += 1
        typed[gt.type][0] += pt.type == gt.type
        typed[gt.type][1] += 1
    out.micro["timexes/value_accuracy"] = (sum(v[0] for v in value.values()), n)
    out.by_type["timexes/value_accuracy"] = {k: tuple(v) for k, v in value.items()}
    out.micro["timexes/type_accuracy"] = (sum(v[0] for v in typed.values()), n)
    out.by_type["timexes/type_accuracy"] = {k: tuple(v) for k, v in typed.items()}


def _score_events(gd: GoldDocument, ems: Sequence[PredictedEventMention], out: _DocScores, notes: _Notes,
                  onto: Ontology) -> None:
    chosen, conflicts = _first_by(ems, key=lambda e: (e.start, e.end, e.type), order=_event_order,
                                  identity=_event_identity)
    notes.conflicts["events"] += conflicts
    triggers = gd.triggers
    gold_id = {(t.start, t.end) for t in triggers}
    gold_cls = {(t.start, t.end, t.type) for t in triggers}
    out.micro["events/trigger_identification"] = _prf(gold_id, {(s, e) for s, e, _ in chosen})
    out.micro["events/trigger_classification"] = _prf(gold_cls, set(chosen))
    out.by_type["events/trigger_classification"] = _prf_by_label(gold_cls, set(chosen), _label)
    gold_sets = gd.argument_sets
    for mode in MATCH_MODES:
        # arguments of duplicate trigger predictions are pooled (sets): a repeated prediction counts once
        attached = {(e.start, e.end, e.type, gd.filler_key(a.start, a.end, a.role, mode), a.role)
                    for e in ems for a in e.arguments}
        pred_sets = argument_sets(attached)
        for base in ARGUMENT_METRICS:
            key = f"events/{base}_{mode}"
            out.micro[key] = _prf(gold_sets[mode][base], pred_sets[base])
            if "classification" in base:
                out.by_type[key] = _prf_by_label(gold_sets[mode][base], pred_sets[base], _label)
    # attributes on triggers matched by span (a prediction of the same type first)
    pred_at: dict[tuple[int, int], list[PredictedEventMention]] = defaultdict(list)
    for (s, e, _), em in sorted(chosen.items()):
        pred_at[(s, e)].append(em)
    correct = dict.fromkeys(ATTRIBUTES, 0)
    total = 0
    for t in triggers:
        candidates = pred_at.get((t.start, t.end))
        if not candidates:
            continue
        same = next((i for i, c in enumerate(candidates) if c.type == t.type), 0)
        p = candidates.pop(same)
        total += 1
        gold_attrs = t.event.attributes
        gold_attrs = {**gold_attrs, "realis": onto.realis(gold_attrs)}
        pred_attrs = dict(p.attributes or {})
        if "realis" not in pred_attrs and all(a in pred_attrs for a in onto.attributes):
            pred_attrs["realis"] = onto.realis(pred_attrs)
        for a in ATTRIBUTES:
            correct[a] += pred_attrs.get(a) == gold_attrs[a]
    for a in ATTRIBUTES:
        out.micro[f"events/attribute_{a}"] = (correct[a], total)


def _score_toponyms(gd: GoldDocument, toponyms: Sequence[PredictedToponym], out: _DocScores, notes: _Notes) -> None:
    chosen, conflicts = _first_by(toponyms, key=lambda t: (t.start, t.end), order=_toponym_order)
    notes.conflicts["toponyms"] += conflicts
    gold = gd.toponym_at
    gold_reading = {span: t.reading for span, t in gold.items()}
    gold_typed = {(s, e, t.reading) for (s, e), t in gold.items()}
    pred_typed = {(s, e, _inherit(t.reading, (s, e), gold_reading)) for (s, e), t in chosen.items()}
    out.micro["toponyms/strict"] = _prf(set(gold), set(chosen))
    out.by_type["toponyms/strict"] = _prf_by_label(gold_typed, pred_typed, _label)
    reading: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    within: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    km: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    items = []
    for span in sorted(set(gold) & set(chosen)):
        g, p = gold[span], chosen[span]
        reading[g.reading][0] += p.reading == g.reading
        reading[g.reading][1] += 1
        if g.reading in NO_RESOLUTION_READINGS:
            continue
        error = resolution_error_km(g.lat, g.lon, g.geonames_id, p.lat, p.lon, p.geonames_id)
        within[g.reading][0] += error <= ACCURACY_RADIUS_KM
        within[g.reading][1] += 1
        km[g.reading][0] += error
        km[g.reading][1] += 1
        items.append((g.reading, error))
    for name, table in (("reading_accuracy", reading), ("acc_at_161km", within), ("mean_km", km)):
        out.micro[f"toponyms/{name}"] = tuple(sum(v[i] for v in table.values()) for i in range(2))
        out.by_type[f"toponyms/{name}"] = {k: tuple(v) for k, v in table.items()}
    out.items["toponyms/resolution"] = items


# --- the corpus ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountTable:
    """Per-document counts: one row per gold document, one column per (metric, count field)."""

    doc_ids: tuple[str, ...]
    columns: tuple[str, ...]
    """'<task>/<metric>/<field>'."""
    counts: np.ndarray
    items: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    """Item lists (toponym errors): name -> (document row of each item, value)."""

    def column_index(self, key: str, fields: Sequence[str]) -> list[int]:
        where = {c: i for i, c in enumerate(self.columns)}
        return [where[f"{key}/{f}"] for f in fields]

    def to_json(self) -> dict[str, Any]:
        counts = self.counts
        as_int = np.all(counts == np.round(counts), axis=0)
        rows = [[int(v) if as_int[j] else float(v) for j, v in enumerate(row)] for row in counts.tolist()]
        return {"doc_ids": list(self.doc_ids), "columns": list(self.columns), "counts": rows,
                "items": {k: {"doc": d.tolist(), "value": v.tolist()} for k, (d, v) in self.items.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CountTable":
        counts = np.asarray(data["counts"], dtype=float).reshape(len(data["doc_ids"]), len(data["columns"]))
        items = {k: (np.asarray(v["doc"], dtype=np.int64), np.asarray(v["value"], dtype=float))
                 for k, v in data.get("items", {}).items()}
        return cls(tuple(data["doc_ids"]), tuple(data["columns"]), counts, items)


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
        onto = load_ontology()
        out: dict[str, Any] = {
            "newsbench_version": __version__,
            "result_version": RESULT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "ontology_version": onto.version,
            "gold": {"sha256": self.gold_sha256, "path": self.gold_path, "documents": len(self.table.doc_ids)},
            "submission": {"path": self.submission_file, "sha256": self.submission_sha256, "system": dict(self.system)},
            "task_versions": {t: TASK_VERSIONS[t] for t in self.tasks},
            "options": dict(self.options),
            "warnings": [w.to_json() for w in self.warnings],
            "notes": dict(self.notes),
            "scores": {t: dict(m) for t, m in self.scores.items()},
        }
        out.update(self.extra)
        if per_document:
            out["per_document"] = self.table.to_json()
        return out


def _prf_json(kind: Kind, values: Sequence[float]) -> dict[str, Any]:
    s = kind.scores(np.asarray(values, dtype=float))
    out: dict[str, Any] = {k: float(v) for k, v in s.items()}
    out["counts"] = {f: _number(v) for f, v in zip(kind.fields, values)}
    out["flags"] = list(kind.flags(values))
    return out


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


def _macro_json(rows: Mapping[str, dict[str, Any]], value_only: bool) -> dict[str, Any]:
    if value_only:
        values = [r["value"] for r in rows.values()]
        return {"value": sum(values) / len(values) if values else 0.0, "types": len(values)}
    m = macro(PRF(r["precision"], r["recall"], r["f1"]) for r in rows.values())
    return {"precision": m.precision, "recall": m.recall, "f1": m.f1, "types": len(rows)}


def _item_scores(kind: str, values: np.ndarray) -> dict[str, Any]:
    if kind == "median":
        return {"value": float(np.median(values)) if values.size else 0.0, "counts": {"n": int(values.size)},
                "flags": [] if values.size else ["empty"]}
    return {"value": auc_from_errors(values), "counts": {"n": int(values.size)},
            "flags": [] if values.size else ["empty"]}


def covered_tasks(submission: Submission) -> tuple[str, ...]:
    """Tasks whose layer the submission predicts (coreference: some mention has a cluster id)."""
    layers = {layer for d in submission.documents for layer in TASK_LAYER.values() if getattr(d, layer) is not None}
    out = [t for t in TASKS if TASK_LAYER[t] in layers]
    if "coreference" in out and not any(m.cluster is not None for d in submission.documents for m in d.mentions or ()):
        out.remove("coreference")
    return tuple(out)


def score_submission(submission: Submission, gold: GoldCorpus, *, tasks: Sequence[str] | None = None,
                     bootstrap: int = 1000, seed: int = 0, strict: bool = False, file: str = "<submission>",
                     confidence: float = 0.95, ontology: Ontology | None = None
                     ) -> tuple[ScoreResult | None, list[Problem]]:
    """Score a submission against the gold. Returns (result, []) or (None, problems): a submission with any
    problem (see :mod:`newsbench.evaluation.submission`) is not scored."""
    onto = ontology or load_ontology()
    problems, warnings = check_submission(submission, file, gold.texts, strict=strict, ontology=onto)
    if problems:
        return None, problems
    tasks = tuple(tasks) if tasks else covered_tasks(submission)
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ValueError(f"unknown task(s) {', '.join(unknown)}; expected some of {', '.join(TASKS)}")
    tasks = tuple(t for t in TASKS if t in tasks)
    specs = tuple(s for t in tasks for s in metric_specs(t))
    by_doc = {d.doc_id: d for d in submission.documents}
    doc_ids = tuple(sorted(gold.documents))

    column_specs = [s for s in specs if s.kind in KINDS]
    columns = tuple(f"{s.key}/{f}" for s in column_specs for f in s.fields)
    rows = np.zeros((len(doc_ids), len(columns)))
    by_type_totals: dict[str, dict[str, np.ndarray]] = defaultdict(dict)
    item_docs: dict[str, list[int]] = defaultdict(list)
    item_values: dict[str, list[float]] = defaultdict(list)
    item_labels: dict[str, list[str]] = defaultdict(list)
    notes = _Notes()
    slices = {}
    at = 0
    for s in column_specs:
        slices[s.key] = slice(at, at + len(s.fields))
        at += len(s.fields)

    for row, doc_id in enumerate(doc_ids):
        gd = gold.documents[doc_id]
        pred = by_doc.get(doc_id) or SubmissionDocument(doc_id)
        out = _DocScores()
        mentions = pred.mentions or ()
        for task in tasks:
            if task in ("entities", "entities_all"):
                _score_entities(task, gd, mentions, out)
            elif task == "bio":
                _score_bio(gd, mentions, out, notes)
            elif task == "coreference":
                _score_coreference(gd, mentions, out, notes)
            elif task == "timexes":
                _score_timexes(gd, pred.timexes or (), out, notes)
            elif task == "events":
                _score_events(gd, pred.event_mentions or (), out, notes, onto)
            elif task == "toponyms":
                _score_toponyms(gd, pred.toponyms or (), out, notes)
        line = rows[row]
        for key, values in out.micro.items():
            line[slices[key]] = values
        for key, table in out.by_type.items():
            totals = by_type_totals[key]
            for label, values in table.items():
                if label in totals:
                    totals[label] += values
                else:
                    totals[label] = np.asarray(values, dtype=float)
        for key, items in out.items.items():
            for label, value in items:
                item_docs[key].append(row)
                item_labels[key].append(label)
                item_values[key].append(value)

    items = {k: (np.asarray(item_docs[k], dtype=np.int64), np.asarray(item_values[k], dtype=float))
             for k in item_docs}
    for spec in specs:  # an item list exists even when no document has items
        for source in spec.sources:
            if spec.kind in ("median", "auc"):
                items.setdefault(f"{spec.task}/{source}", (np.zeros(0, np.int64), np.zeros(0)))
    table = CountTable(doc_ids, columns, rows, items)
    sums = rows.sum(axis=0)

    intervals = {}
    if bootstrap > 0:
        from .significance import bootstrap_intervals

        intervals = bootstrap_intervals(table, specs, n_resamples=bootstrap, seed=seed, confidence=confidence)

    scores: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in tasks}
    for spec in specs:
        if spec.kind in KINDS:
            kind = KINDS[spec.kind]
            entry = {"kind": spec.kind, **_prf_json(kind, sums[slices[spec.key]])}
            if spec.breakdown:
                rows_json = {label: _prf_json(kind, values)
                             for label, values in sorted(by_type_totals.get(spec.key, {}).items())}
                entry["breakdown"] = spec.breakdown
                entry["by_type"] = rows_json
                entry["macro"] = _macro_json(rows_json, kind.value_only)
        elif spec.kind == "conll":
            parts = [scores[spec.task][name] for name in spec.sources]
            c = conll(*(PRF(p["precision"], p["recall"], p["f1"], tuple(p["flags"])) for p in parts))
            entry = {"kind": "conll", "precision": c.precision, "recall": c.recall, "f1": c.f1,
                     "counts": {}, "flags": list(c.flags), "sources": list(spec.sources)}
        else:
            source = f"{spec.task}/{spec.sources[0]}"
            labels = np.asarray(item_labels.get(source, []), dtype=object)
            values = items[source][1]
            entry = {"kind": spec.kind, **_item_scores(spec.kind, values), "source": source}
            if spec.breakdown:
                rows_json = {label: _item_scores(spec.kind, values[labels == label])
                             for label in sorted(set(labels.tolist()))}
                entry["breakdown"] = spec.breakdown
                entry["by_type"] = rows_json
                entry["macro"] = _macro_json(rows_json, True)
        if spec.key in intervals:
            entry["ci"] = intervals[spec.key]
        scores[spec.task][spec.name] = entry

    warnings = list(warnings)
    for task, n in sorted(notes.conflicts.items()):
        if n:
            warnings.append(Problem("submission-conflicting-duplicate", file, None, "/documents",
                                    f"expected one prediction per {task} span, found {n} spans predicted more than "
                                    f"once with different fields; the first in sorted order is scored"))
    notes_json: dict[str, Any] = {}
    if "bio" in tasks:
        notes_json["bio"] = {"gold_spans_not_representable": notes.bio_gold_dropped,
                             "predicted_spans_not_representable": notes.bio_predicted_dropped}
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
                                        strict=strict, file=file)
    if result is None:
        return None, problems
    digest = hashlib.sha256(Path(pred).read_bytes()).hexdigest()
    extra: dict[str, Any] = {}
    if errors_dir is not None:
        from .errors import write_error_analysis

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
    """The result as a plain-text table: one line per metric (P, R, F1 or value, 95% interval of F1/value)."""
    lines = [f"{'task':<13}{'metric':<40}{'P':>8}{'R':>8}{'F1/value':>10}  {'95% CI':<17} counts"]
    for task, metrics in result["scores"].items():
        for name, m in metrics.items():
            lines.append(_line(task, name, m))
            if by_type:
                for label, row in m.get("by_type", {}).items():
                    lines.append(_line("", f"  {label}", row))
    return "\n".join(lines)


def _line(task: str, name: str, m: Mapping[str, Any]) -> str:
    if "f1" in m:
        p, r, main = f"{m['precision']:.4f}", f"{m['recall']:.4f}", f"{m['f1']:.4f}"
        ci = m.get("ci", {}).get("f1")
    else:
        p = r = ""
        main = f"{m['value']:.4f}" if m["kind"] != "mean" and m["kind"] != "median" else f"{m['value']:.1f}"
        ci = m.get("ci", {}).get("value")
    interval = f"[{ci[0]:.4f}, {ci[1]:.4f}]" if ci else ""
    counts = " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in m.get("counts", {}).items())
    flags = f" ({', '.join(m['flags'])})" if m.get("flags") else ""
    return f"{task:<13}{name:<40}{p:>8}{r:>8}{main:>10}  {interval:<17} {counts}{flags}"


__all__ = [
    "TASKS", "TASK_VERSIONS", "MetricSpec", "metric_specs", "GoldCorpus", "load_gold", "gold_from_documents",
    "ScoreResult", "CountTable", "score_submission", "score_files", "format_table", "covered_tasks",
    "SubmissionReport", "SUBMISSION_CHECKS",
]
