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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from .. import __version__, jsonio
from ..model import (
    LAYERS, SCHEMA_VERSION, Document, PredictedEventMention, PredictedMention, PredictedTimex, PredictedToponym,
    Submission, SubmissionDocument,
)
from ..ontology import Ontology, load_ontology
from ..paths import gold_dir as default_gold_dir
from ..validate import (
    Problem, display_path, document_problems, read_json_file, schema_file_problems,
)
from .matching import (
    ARGUMENT_METRICS, MATCH_MODES, GoldDocument, argument_sets, bio_chunks, category_parts, cluster_partition,
    head_mapped, label_rows, relaxed_pairs,
)
from .metrics import (
    ACCURACY_RADIUS_KM, EMPTY, KINDS, NO_DOCUMENTS, PRF, SCHEMAS, Kind, auc_from_errors, conll, coreference_counts, macro,
    resolution_error_km,
)
from .registry import (
    ATTRIBUTES, MIN_DOCUMENTS, TASK_DECLARED_LAYER, TASK_LAYER, TASK_VERSIONS, TASKS, MetricSpec, metric_spec,
    metric_specs, unavailable_reason,
)
from .submission import SPAN_RULES, check_submission, first_by, read_submission
from .tables import DIRECTION_MARKS, aligned, format_count, format_value

RESULT_VERSION = "1.1"
"""1.1: every metric records its direction, unit, documents and items; empty values are null; an interval is
null with its reason when too few documents carry the metric."""
UNTYPED = "-"
"""Per-type bucket of a prediction without the label a breakdown needs (and no gold item at its span)."""


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


# --- predictions of one document, normalised -----------------------------------------------------


_span_of = attrgetter("start", "end")
_span_and_type = attrgetter("start", "end", "type")


class _Totals:
    """What scoring accumulates over documents besides the per-document rows: per-label counts (one Counter
    per count field, updated at C speed), the toponym resolution items, and side notes."""

    def __init__(self):
        self.labels: dict[str, list[Counter]] = {}
        self.exact: dict[str, Counter] = defaultdict(Counter)  # categories: exact matches per label
        self.extra: dict[str, dict[str, list[int]]] = defaultdict(dict)  # categories: see CategoryParts.extra
        self.items: dict[str, tuple[list[int], list[str], list[float]]] = defaultdict(lambda: ([], [], []))
        self.bio_gold_dropped = 0
        self.bio_extent_gold_dropped = 0
        self.bio_predicted_dropped = 0

    def fields(self, key: str, n: int) -> list[Counter]:
        acc = self.labels.get(key)
        if acc is None:
            acc = self.labels[key] = [Counter() for _ in range(n)]
        return acc

    def prf(self, key: str, gold: frozenset | set, pred: frozenset | set) -> tuple[int, int, int]:
        """(tp, fp, fn) of two tuple sets; their last element is the label the per-type counts go to."""
        tp = gold & pred
        acc = self.fields(key, 3)
        n = len(tp)
        # empty sets are common (few triggers and arguments a document); skipping them saves Counter.update calls
        if n:
            acc[0].update(map(_LAST, tp))
        if len(pred) > n:
            acc[1].update(map(_LAST, pred - tp))
        if len(gold) > n:
            acc[2].update(map(_LAST, gold - tp))
        return (n, len(pred) - n, len(gold) - n)

    def accuracy(self, key: str, label: str, correct: bool) -> None:
        acc = self.fields(key, 2)
        acc[0][label] += correct
        acc[1][label] += 1


_LAST = itemgetter(-1)


def add_label_counts(totals: dict[str, list[int]], rows: Iterable[Sequence[int]]) -> None:
    """Add per-label count rows ``(label, *counts)`` into ``totals`` (label -> counts), in place."""
    for label, *values in rows:
        acc = totals.get(label)
        if acc is None:
            totals[label] = values
        else:
            for i, v in enumerate(values):
                acc[i] += v


def _score_entities(task: str, gd: GoldDocument, pm: "_PredictedMentions", out: dict, totals: _Totals) -> None:
    names_only = task == "entities"
    gold = gd.name_items if names_only else gd.mention_items
    pred = pm.names if names_only else pm.items
    parts = category_parts(gold, pred)
    for schema in SCHEMAS:
        out[f"{task}/{schema}"] = parts.overall[schema]
    totals.exact[task].update(map(_LAST, parts.exact))
    add_label_counts(totals.extra[task], parts.extra)
    # mention detection: spans only; per level, a prediction without a level takes the gold level at its span
    if names_only:
        gold_spans, pred_spans = gd.name_levels, pm.name_levels
    else:
        gold_spans, pred_spans = gd.mention_levels, pm.levels(gd.level_by_span)
    key = f"{task}/mention_detection"
    totals.prf(key, gold_spans, pred_spans)
    spans_g, spans_p = gd.name_spans if names_only else gd.mention_spans, pm.name_spans if names_only else pm.spans
    n = len(spans_g & spans_p)
    out[key] = (n, len(spans_p) - n, len(spans_g) - n)


class _PredictedMentions:
    """The predicted mentions of one document in the shapes the mention tasks use, each built once."""

    __slots__ = ("mentions", "items", "names", "spans", "name_spans", "name_levels", "_levels")

    def __init__(self, mentions: Sequence[PredictedMention], name_level: str):
        self.mentions = mentions
        self.items = set(map(_span_and_type, mentions))
        names = [m for m in mentions if m.level is None or m.level == name_level]
        self.names = set(map(_span_and_type, names)) if len(names) < len(mentions) else self.items
        self.spans = set(map(_span_of, mentions))
        self.name_spans = set(map(_span_of, names)) if len(names) < len(mentions) else self.spans
        self.name_levels = {(s, e, name_level) for s, e in self.name_spans}
        self._levels = None

    def levels(self, gold_level: Mapping[tuple[int, int], str]) -> set[tuple[int, int, str]]:
        if self._levels is None:
            self._levels = {(m.start, m.end, m.level or gold_level.get((m.start, m.end), UNTYPED))
                            for m in self.mentions}
        return self._levels


def _score_bio(gd: GoldDocument, pm: _PredictedMentions, out: dict, totals: _Totals) -> None:
    # strict: the predicted name spans against the name extents (the dataset's extent_ner_tags); strict_head:
    # against the name heads (ner_tags), a predicted span counting through the gold head it covers
    pred, pred_dropped = bio_chunks(gd.grid, pm.names)
    pred_heads, _ = bio_chunks(gd.grid, head_mapped(gd, pm.names))
    extents, extents_dropped = gd.bio_extent_chunks
    heads, heads_dropped = gd.bio_chunks
    totals.bio_extent_gold_dropped += extents_dropped
    totals.bio_gold_dropped += heads_dropped
    totals.bio_predicted_dropped += pred_dropped
    out["bio/strict"] = totals.prf("bio/strict", extents, pred)
    out["bio/strict_head"] = totals.prf("bio/strict_head", heads, pred_heads)


def _score_coreference(gd: GoldDocument, pm: _PredictedMentions, out: dict, totals: _Totals) -> None:
    # a span is one mention for coreference whatever its types; if its predictions name different clusters,
    # the first in sorted order decides
    chosen = first_by(pm.mentions, SPAN_RULES["mentions"])
    response = cluster_partition((span, m.cluster) for span, m in chosen.items())
    c = coreference_counts(gd.entity_clusters, response)
    out["coreference/muc"] = c.muc.values()
    out["coreference/b_cubed"] = c.b_cubed.values()
    out["coreference/ceaf_e"] = c.ceaf_e.values()


def _inherit(label: str | None, span: tuple[int, int], gold_label: Mapping[tuple[int, int], str]) -> str:
    return label if label is not None else gold_label.get(span, UNTYPED)


def _score_labelled_spans(key: str, gold: Mapping[tuple[int, int], Any], chosen: Mapping[tuple[int, int], Any],
                          label_of, out: dict, totals: _Totals) -> tuple[frozenset, set]:
    """Extent match: the document's counts over spans; the per-label rows over (span, label), where a prediction
    without a label takes the gold label at its span. Returns the (start, end, label) sets of gold and prediction."""
    gold_label = {span: label_of(g) for span, g in gold.items()}
    gold_labelled = frozenset((s, e, label) for (s, e), label in gold_label.items())
    pred_labelled = {(s, e, _inherit(label_of(p), (s, e), gold_label)) for (s, e), p in chosen.items()}
    totals.prf(key, gold_labelled, pred_labelled)
    out[key] = _counts(set(gold), set(chosen))
    return gold_labelled, pred_labelled


def _score_timexes(gd: GoldDocument, timexes: Sequence[PredictedTimex], out: dict, totals: _Totals) -> None:
    chosen = first_by(timexes, SPAN_RULES["timexes"])
    gold_by_span = gd.timex_by_span
    gold_typed, pred_typed = _score_labelled_spans("timexes/strict", gold_by_span, chosen, attrgetter("type"), out,
                                                   totals)
    pairs = relaxed_pairs([(s, e, "") for s, e in gold_by_span], [(s, e, "") for s, e in chosen])
    n = len(pairs)
    out["timexes/relaxed"] = (n, len(chosen) - n, len(gold_by_span) - n)
    acc = totals.fields("timexes/relaxed", 3)
    for label in {x[2] for x in gold_typed} | {x[2] for x in pred_typed}:
        g = [x for x in gold_typed if x[2] == label]
        p = [x for x in pred_typed if x[2] == label]
        k = len(relaxed_pairs(g, p))
        acc[0][label] += k
        acc[1][label] += len(p) - k
        acc[2][label] += len(g) - k
    values = types = 0
    for g, p in pairs:
        gt, pt = gold_by_span[(g[0], g[1])], chosen[(p[0], p[1])]
        values += pt.value == gt.value
        types += pt.type == gt.type
        totals.accuracy("timexes/value_accuracy", gt.type, pt.value == gt.value)
        totals.accuracy("timexes/type_accuracy", gt.type, pt.type == gt.type)
    out["timexes/value_accuracy"] = (values, n)
    out["timexes/type_accuracy"] = (types, n)


def _counts(gold: set, pred: set) -> tuple[int, int, int]:
    n = len(gold & pred)
    return (n, len(pred) - n, len(gold) - n)


_ARGUMENT_KEYS = {mode: [(base, f"events/{base}_{mode}", "classification" in base) for base in ARGUMENT_METRICS]
                  for mode in MATCH_MODES}


def _score_events(gd: GoldDocument, ems: Sequence[PredictedEventMention], out: dict, totals: _Totals,
                  onto: Ontology) -> None:
    chosen = first_by(ems, SPAN_RULES["event_mentions"])
    out["events/trigger_identification"] = _counts(gd.trigger_spans, {(s, e) for s, e, _ in chosen})
    out["events/trigger_classification"] = totals.prf("events/trigger_classification", gd.trigger_items,
                                                      set(chosen))
    gold_sets = gd.argument_sets
    # arguments of duplicate trigger predictions are pooled (sets): a repeated prediction counts once
    attached: dict[str, set] = {mode: set() for mode in MATCH_MODES}
    for e in ems:
        for a in e.arguments:
            for mode, filler in zip(MATCH_MODES, gd.filler_keys(a.start, a.end, a.role)):
                attached[mode].add((e.start, e.end, e.type, filler, a.role))
    for mode in MATCH_MODES:
        pred_sets = argument_sets(attached[mode])
        gold_mode = gold_sets[mode]
        for base, key, by_role in _ARGUMENT_KEYS[mode]:
            if by_role:
                out[key] = totals.prf(key, gold_mode[base], pred_sets[base])
            else:
                out[key] = _counts(gold_mode[base], pred_sets[base])
    # attributes on triggers matched by span (a prediction of the same type first)
    pred_at: dict[tuple[int, int], list[PredictedEventMention]] = defaultdict(list)
    for (s, e, _), em in sorted(chosen.items()):
        pred_at[(s, e)].append(em)
    correct = dict.fromkeys(ATTRIBUTES, 0)
    total = 0
    for t, gold_attrs in zip(gd.triggers, gd.trigger_attributes):
        candidates = pred_at.get((t.start, t.end))
        if not candidates:
            continue
        same = next((i for i, c in enumerate(candidates) if c.type == t.type), 0)
        p = candidates.pop(same)
        total += 1
        pred_attrs = dict(p.attributes or {})
        if "realis" not in pred_attrs and all(a in pred_attrs for a in onto.attributes):
            pred_attrs["realis"] = onto.realis(pred_attrs)
        for a in ATTRIBUTES:
            correct[a] += pred_attrs.get(a) == gold_attrs[a]
    for a in ATTRIBUTES:
        out[f"events/attribute_{a}"] = (correct[a], total)


def _score_toponyms(gd: GoldDocument, toponyms: Sequence[PredictedToponym], out: dict, totals: _Totals,
                    row: int) -> None:
    chosen = first_by(toponyms, SPAN_RULES["toponyms"])
    gold = gd.toponym_at
    _score_labelled_spans("toponyms/strict", gold, chosen, attrgetter("reading"), out, totals)
    reading = [0, 0]
    within = [0, 0]
    km = [0.0, 0]
    docs, labels, values = totals.items["toponyms/resolution"]
    for span in sorted(set(gold) & set(chosen)):
        g, p = gold[span], chosen[span]
        reading[0] += p.reading == g.reading
        reading[1] += 1
        totals.accuracy("toponyms/reading_accuracy", g.reading, p.reading == g.reading)
        if g.reading in gd.ontology.no_place_readings:  # the name denotes no place: recognised, not resolved
            continue
        error = resolution_error_km(g.lat, g.lon, g.geonames_id, p.lat, p.lon, p.geonames_id)
        within[0] += error <= ACCURACY_RADIUS_KM
        within[1] += 1
        km[0] += error
        km[1] += 1
        totals.accuracy("toponyms/acc_at_161km", g.reading, error <= ACCURACY_RADIUS_KM)
        acc = totals.fields("toponyms/mean_km", 2)
        acc[0][g.reading] += error
        acc[1][g.reading] += 1
        docs.append(row)
        labels.append(g.reading)
        values.append(error)
    out["toponyms/reading_accuracy"] = tuple(reading)
    out["toponyms/acc_at_161km"] = tuple(within)
    out["toponyms/mean_km"] = tuple(km)


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

    def documents_with_items(self, spec: MetricSpec) -> np.ndarray:
        """Per document (row), whether it has items of the metric: a non-empty denominator, or an item of
        the list a median or AUC is computed from. conll: any of its three metrics."""
        if spec.kind in KINDS:
            cols = self.column_index(spec.key, spec.fields)
            terms = self.counts[:, cols] @ KINDS[spec.kind].matrix
            return (terms[:, 1] > 0) | (terms[:, 3] > 0)
        if spec.kind == "conll":
            out = np.zeros(len(self.doc_ids), dtype=bool)
            for name in spec.sources:
                out |= self.documents_with_items(metric_spec(spec.task, name))
            return out
        docs, _ = self.items.get(f"{spec.task}/{spec.sources[0]}", (np.zeros(0, dtype=np.int64), None))
        out = np.zeros(len(self.doc_ids), dtype=bool)
        out[np.asarray(docs, dtype=np.int64)] = True
        return out

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


def _prf_json(kind: Kind, values: Sequence[float]) -> dict[str, Any]:
    s = kind.scores(np.asarray(values, dtype=float))
    out: dict[str, Any] = {k: float(v) for k, v in s.items()}
    out["counts"] = {f: _number(v) for f, v in zip(kind.fields, values)}
    out["flags"] = list(kind.flags(values))
    if kind.value_only and EMPTY in out["flags"]:
        out["value"] = None  # an accuracy or distance over no items has no value (0 would be the best distance)
    return out


def _items_json(kind: Kind, values: Sequence[float]) -> int | float | dict[str, int | float]:
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


def _item_scores(kind: str, values: np.ndarray) -> dict[str, Any]:
    if not values.size:
        return {"value": None, "counts": {"n": 0}, "flags": [EMPTY]}
    value = float(np.median(values)) if kind == "median" else auc_from_errors(values)
    return {"value": value, "counts": {"n": int(values.size)}, "flags": []}


def _inside(items: Sequence | None, ranges: tuple[tuple[int, int], ...], length: int) -> Sequence:
    """The predictions whose span lies inside one of the ranges where the gold annotates their layer (a checked
    submission's spans all lie inside a text of ``length`` code points)."""
    if not items or ranges == ((0, length),):
        return items or ()
    return tuple(i for i in items if any(s <= i.start and i.end <= e for s, e in ranges))


def _score_documents(doc_ids: Sequence[str], gold: GoldCorpus, by_doc: Mapping[str, SubmissionDocument],
                     tasks: Sequence[str], onto: Ontology, keep_indexes: bool, column_keys: Sequence[str],
                     totals: _Totals, flat: array, zeros: Mapping[str, tuple]) -> None:
    """Score every document: its counts go to ``flat`` (one row per document, columns as ``column_keys``), the
    per-type counts, items and notes to ``totals``. A task is scored only on documents whose gold annotates its
    layer (their row is zeros otherwise), and only on predictions inside the ranges the layer is annotated."""
    mention_tasks = [t for t in tasks if TASK_LAYER[t] == "mentions"]
    for row, doc_id in enumerate(doc_ids):
        gd = gold.documents[doc_id]
        pred = by_doc.get(doc_id) or SubmissionDocument(doc_id)
        out: dict[str, tuple] = dict(zeros)
        ranges = {layer: gd.doc.annotated_ranges(layer) for layer in LAYERS}
        n = len(gd.doc.text)
        if mention_tasks and ranges["entities"]:
            pm = _PredictedMentions(_inside(pred.mentions, ranges["entities"], n), onto.name_level)
            for task in mention_tasks:
                if task == "bio":
                    _score_bio(gd, pm, out, totals)
                elif task == "coreference":
                    _score_coreference(gd, pm, out, totals)
                else:
                    _score_entities(task, gd, pm, out, totals)
        if "timexes" in tasks and ranges["timexes"]:
            _score_timexes(gd, _inside(pred.timexes, ranges["timexes"], n), out, totals)
        if "events" in tasks and ranges["events"]:
            _score_events(gd, _inside(pred.event_mentions, ranges["events"], n), out, totals, onto)
        if "toponyms" in tasks and ranges["toponyms"]:
            _score_toponyms(gd, _inside(pred.toponyms, ranges["toponyms"], n), out, totals, row)
        for key in column_keys:
            flat.extend(out[key])
        if not keep_indexes:
            gd.release()


def _by_type_totals(specs: Sequence[MetricSpec], totals: _Totals) -> dict[str, dict[str, tuple]]:
    """Per metric, label -> summed count fields."""
    out: dict[str, dict[str, tuple]] = {}
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
    """Tasks whose layer the submission predicts (coreference: some mention has a cluster id)."""
    layers = {layer for d in submission.documents for layer in TASK_LAYER.values() if getattr(d, layer) is not None}
    out = [t for t in TASKS if TASK_LAYER[t] in layers]
    if "coreference" in out and not any(m.cluster is not None for d in submission.documents for m in d.mentions or ()):
        out.remove("coreference")
    return tuple(out)


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
    column_keys = [s.key for s in column_specs]
    slices = {}
    at = 0
    for s in column_specs:
        slices[s.key] = slice(at, at + len(s.fields))
        at += len(s.fields)
    totals = _Totals()
    flat = array("d")  # the per-document rows, one after the other (8 bytes a count)
    # Scoring makes many small tuples and sets and no reference cycles worth collecting; with the collector on,
    # its full passes re-walk every object alive (the loaded corpus, kept gold lookups), which costs more than
    # the scoring itself on a large corpus. It is switched back on below, whatever happens.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _score_documents(doc_ids, gold, by_doc, tasks, onto, keep_indexes, column_keys, totals, flat,
                         {s.key: (0,) * len(s.fields) for s in column_specs})
    finally:
        if collecting:
            gc.enable()

    counts = np.frombuffer(flat, dtype=float).reshape(len(doc_ids), len(columns)).copy()
    items = {}
    for spec in specs:  # an item list exists even when no document has items
        for source in spec.sources if spec.kind in ("median", "auc") else ():
            docs, labels, values = totals.items[f"{spec.task}/{source}"]
            items[f"{spec.task}/{source}"] = (np.asarray(docs, dtype=np.int64), np.asarray(values, dtype=float))
    item_labels = {k: v[1] for k, v in totals.items.items()}
    table = CountTable(doc_ids, columns, counts, items)
    sums = counts.sum(axis=0)
    by_type_totals = _by_type_totals(specs, totals)

    intervals = {}
    if bootstrap > 0 and len(doc_ids) >= MIN_DOCUMENTS:  # fewer documents: no interval is reported anyway
        from .significance import bootstrap_intervals

        intervals = bootstrap_intervals(table, specs, n_resamples=bootstrap, seed=seed, confidence=confidence)

    task_documents = {t: sum(g.doc.annotates(TASK_DECLARED_LAYER[t]) for g in gold.documents.values())
                      for t in tasks}
    scores: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in tasks}
    for spec in specs:
        entry: dict[str, Any] = {"kind": spec.kind, "direction": spec.direction, "unit": spec.unit}
        if spec.kind in KINDS:
            kind = KINDS[spec.kind]
            entry.update(_prf_json(kind, sums[slices[spec.key]]))
            entry["items"] = _items_json(kind, sums[slices[spec.key]])
            if spec.breakdown:
                rows_json = {label: {**_prf_json(kind, values), "items": _items_json(kind, values)}
                             for label, values in sorted(by_type_totals.get(spec.key, {}).items())}
                entry["breakdown"] = spec.breakdown
                entry["by_type"] = rows_json
                entry["macro"] = _macro_json(rows_json, kind.value_only)
        elif spec.kind == "conll" and task_documents[spec.task] == 0:  # its sources have no value to average
            entry.update({"precision": None, "recall": None, "f1": None, "counts": {}, "flags": [],
                          "sources": list(spec.sources), "items": scores[spec.task][spec.sources[1]]["items"]})
        elif spec.kind == "conll":
            parts = [scores[spec.task][name] for name in spec.sources]
            c = conll(*(PRF(p["precision"], p["recall"], p["f1"], tuple(p["flags"])) for p in parts))
            entry.update({"precision": c.precision, "recall": c.recall, "f1": c.f1, "counts": {},
                          "flags": list(c.flags), "sources": list(spec.sources), "items": parts[1]["items"]})
        else:
            source = f"{spec.task}/{spec.sources[0]}"
            labels = np.asarray(item_labels.get(source, []), dtype=object)
            values = items[source][1]
            entry.update(_item_scores(spec.kind, values))
            entry.update({"source": source, "items": int(values.size)})
            if spec.breakdown:
                rows_json = {}
                for label in sorted(set(labels.tolist())):
                    row = _item_scores(spec.kind, values[labels == label])
                    rows_json[label] = {**row, "items": row["counts"]["n"]}
                entry["breakdown"] = spec.breakdown
                entry["by_type"] = rows_json
                entry["macro"] = _macro_json(rows_json, True)
        entry["documents"] = task_documents[spec.task]
        entry["documents_with_items"] = int(np.count_nonzero(table.documents_with_items(spec)))
        if entry["documents"] == 0:
            _without_documents(entry)
        reason = _interval_reason(entry, bootstrap)
        entry["ci"] = intervals.get(spec.key) if reason is None else None
        if reason is not None:
            entry["ci_reason"] = reason
        scores[spec.task][spec.name] = entry

    notes_json: dict[str, Any] = {}
    if "bio" in tasks:
        notes_json["bio"] = {"gold_extents_not_in_iob2": totals.bio_extent_gold_dropped,
                             "gold_heads_not_in_iob2": totals.bio_gold_dropped,
                             "predicted_spans_not_in_iob2": totals.bio_predicted_dropped}
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
    "TASKS", "TASK_VERSIONS", "MetricSpec", "metric_specs", "GoldCorpus", "load_gold", "gold_from_documents",
    "ScoreResult", "CountTable", "score_submission", "score_files", "format_table", "covered_tasks",
]
