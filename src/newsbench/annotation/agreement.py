"""Inter-annotator agreement between two annotation passes, with the scorer's own matching and metrics.

Pass B is scored as a submission against pass A (:func:`newsbench.evaluation.submission.submission_from_documents`
and :func:`newsbench.evaluation.scorer.score_submission`): span F1 by entity type and mention level, coreference
(MUC, B³, CEAF-e, CoNLL), triggers, arguments, timexes and their values, toponyms and their resolution. F1 is
symmetric in the two passes; precision and recall swap. Beside it, Cohen's kappa (scikit-learn) for each
categorical attribute on the items both passes have at the same span.

A pass is a folder of documents, one document file, or a Label Studio export (one annotator's annotations).
"""

from __future__ import annotations

import glob
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..evaluation.submission import submission_from_documents
from ..evaluation.tables import format_value
from ..labelstudio.convert import documents_from_tasks
from ..model import Document, SystemInfo, span_within
from ..ontology import Ontology, load_ontology
from ..problems import Problem, checks_of_severity, problem
from ..validate import (
    display_path, gold_paths, read_documents, read_json_file,
)

AGREEMENT_TASKS = ("entities_all", "coreference", "timexes", "events", "toponyms")
NOTE_CHECKS = checks_of_severity("note", "agreement")

# The rows of the readable table: (task, metric, show the per-type rows).
TABLE_ROWS: tuple[tuple[str, str, bool], ...] = (
    ("entities_all", "strict", True),
    ("entities_all", "mention_detection", True),
    ("coreference", "muc", False),
    ("coreference", "b_cubed", False),
    ("coreference", "ceaf_e", False),
    ("coreference", "conll", False),
    ("events", "trigger_identification", False),
    ("events", "trigger_classification", False),
    ("events", "argument_identification_span", False),
    ("events", "argument_classification_span", False),
    ("events", "argument_classification_attached_span", False),
    ("events", "argument_classification_coref", False),
    ("timexes", "strict", False),
    ("timexes", "relaxed", False),
    ("timexes", "value_accuracy", False),
    ("timexes", "type_accuracy", False),
    ("toponyms", "strict", False),
    ("toponyms", "reading_accuracy", False),
    ("toponyms", "acc_at_161km", False),
    ("toponyms", "median_km", False),
)


# --- reading a pass --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pass:
    """One annotation pass: where it comes from and its documents."""

    source: str
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()
    """The documents' warnings (``newsbench validate``'s, e.g. ``span-cuts-token``): shown, never blocking."""


def load_pass(path: Path, *, annotator: str | None = None, seeds: Path | None = None,
              ontology: Ontology | None = None) -> Pass:
    """Documents of one pass: a folder of ``*.json`` documents, one document, a glob pattern of documents
    (``corpus/annotations/*/pass-a.json``), or a Label Studio export/tasks file (of whose annotations
    ``annotator``'s, or by default the most recently updated, are read). Validated."""
    path = Path(path)
    onto = ontology or load_ontology()
    source = display_path(path)
    if any(ch in str(path) for ch in "*?["):  # a pattern, e.g. corpus/annotations/*/pass-a.json
        files = [Path(f) for f in sorted(glob.glob(str(path)))]
    else:
        files = gold_paths(path) if path.is_dir() else [path]
    docs: list[Document] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for f in files:
        if not _task_list(f):
            for read in read_documents([f], seeds=seeds, ontology=ontology, check_file_name=False):
                problems.extend(read.problems)
                if read.document is not None and not read.problems:
                    docs.append(read.document)
                    warnings.extend(read.warnings)
            continue
        data, found = read_json_file(f)
        if data is None:
            problems.extend(found)
            continue
        result = documents_from_tasks(data, file=display_path(f), annotator=annotator, seeds=seeds, onto=onto)
        docs.extend(d.document for d in result.documents)
        warnings.extend(result.warnings)
        problems.extend(result.problems)
    return Pass(source, tuple(docs), tuple(problems), tuple(warnings))


def _task_list(path: Path) -> bool:
    """Whether the file holds a JSON array (Label Studio tasks), not a document."""
    try:
        with open(path, "rb") as f:
            return f.read(4096).lstrip().startswith(b"[")
    except OSError:
        return False


def pair_documents(a: Pass, b: Pass, *, reference: bool = False) -> tuple[list[tuple[Document, Document]],
                                                                          list[Problem]]:
    """The documents both passes annotated, paired by doc id. A document in one pass only is noted
    (``passes-partial``) and left out; a document whose text differs between the passes is a problem, and so is one
    whose declared layers differ — unless ``reference``: then A is a reference annotation (a corpus's own, often
    partial) and B need only declare every layer and range A declares; the scorer compares them on A's."""
    by_a = {d.doc_id: d for d in a.documents}
    by_b = {d.doc_id: d for d in b.documents}
    problems = []
    for doc_id in sorted(by_a.keys() ^ by_b.keys()):
        here, there = (a, b) if doc_id in by_a else (b, a)
        problems.append(problem("passes-partial", here.source, doc_id, "",
                                f"expected {doc_id!r} in both passes, found it only in {here.source} (not in "
                                f"{there.source}): left out"))
    pairs = []
    for doc_id in sorted(by_a.keys() & by_b.keys()):
        da, db = by_a[doc_id], by_b[doc_id]
        if da.text != db.text:
            problems.append(problem("passes-mismatch", b.source, doc_id, "/text",
                                    f"expected the text of {a.source} ({len(da.text)} code points), found a different "
                                    f"text ({len(db.text)} code points)"))
        elif da.annotated != db.annotated and not (reference and _covers(db, da)):
            problems.append(problem("passes-mismatch", b.source, doc_id, "/annotated",
                                    f"expected the layers {a.source} declares annotated, found other layers or "
                                    "ranges"))
        else:
            pairs.append((da, db))
    if not pairs and not any(p.check == "passes-mismatch" for p in problems):
        problems.append(problem("passes-mismatch", b.source, None, "",
                                f"expected documents shared with {a.source}, found none"))
    return pairs, problems


def _covers(b: Document, a: Document) -> bool:
    """True when every range of every layer ``a`` declares lies inside a range ``b`` declares for that layer."""
    return all(span_within(b.annotated_ranges(layer.layer), s, e)
               for layer in a.annotated or () for s, e in layer.ranges) and a.annotated is not None


# --- Cohen's kappa on matched items ----------------------------------------------------------


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa of one attribute over the items both passes annotate, with its counts."""

    attribute: str
    items: int
    """Items both passes have at the same span (the pairs the kappa is computed on)."""
    observed: float
    """Observed agreement (share of pairs with the same value); 0 when there are no pairs."""
    kappa: float | None
    """Cohen's kappa; None when undefined (no pairs, or both passes used one and the same value throughout)."""
    labels: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The kappa's JSON: items, observed agreement, kappa and the labels seen."""
        return {"items": self.items, "observed": self.observed, "kappa": self.kappa, "labels": list(self.labels)}


def cohen_kappa(attribute: str, pairs: Sequence[tuple[str, str]]) -> Kappa:
    """Cohen's kappa of ``attribute`` over (pass A label, pass B label) pairs."""
    from sklearn.metrics import cohen_kappa_score  # lazy: the eval extra

    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    labels = tuple(sorted(set(a) | set(b)))
    if not pairs:
        return Kappa(attribute, 0, 0.0, None, labels)
    observed = sum(x == y for x, y in pairs) / len(pairs)
    if len(labels) < 2:
        return Kappa(attribute, len(pairs), observed, None, labels)  # chance agreement is 1: kappa is 0/0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        k = float(cohen_kappa_score(a, b, labels=list(labels)))
    return Kappa(attribute, len(pairs), observed, None if k != k else k, labels)


def _matched(a_items: Iterable[tuple], b_items: Iterable[tuple]) -> list[tuple[tuple, tuple]]:
    """Pairs of items with the same span, one to one (the scorer's ``exact`` alignment)."""
    from ..evaluation.matching import align  # lazy: loads numpy (the eval extra)

    return list(align(a_items, b_items, "exact").correct)


def _items_and_values(onto: Ontology) -> dict[str, tuple[Callable[[Document], list[tuple]], int]]:
    """Per attribute: the items to align, (start, end, value...), and where the attribute's value sits."""

    def mentions(doc: Document) -> list[tuple]:
        entities = {e.id: e for e in doc.entities}
        return [(m.start, m.end, m.type, m.level, entities[m.entity].subtype or "-") for m in doc.mentions]

    def triggers(doc: Document) -> list[tuple]:
        events = {e.id: e for e in doc.events}
        out = []
        for em in doc.event_mentions:
            e = events[em.event]
            out.append((em.start, em.end, e.type, *(e.attributes[a] for a in onto.attributes),
                        onto.realis(e.attributes)))
        return out

    def timexes(doc: Document) -> list[tuple]:
        return [(t.start, t.end, t.type) for t in doc.timexes]

    def toponyms(doc: Document) -> list[tuple]:
        by_id = {m.id: m for m in doc.mentions}
        return [(by_id[t.mention].start, by_id[t.mention].end, t.reading) for t in doc.toponyms]

    out: dict[str, tuple[Callable[[Document], list[tuple]], int]] = {
        "entity_type": (mentions, 2), "mention_level": (mentions, 3), "entity_subtype": (mentions, 4),
           "event_type": (triggers, 2)}
    for k, name in enumerate(onto.attributes):
        out[f"event_{name}"] = (triggers, 3 + k)
    out["event_realis"] = (triggers, 3 + len(onto.attributes))
    out["timex_type"] = (timexes, 2)
    out["toponym_reading"] = (toponyms, 2)
    return out


def attribute_kappas(pairs: Sequence[tuple[Document, Document]], onto: Ontology | None = None) -> dict[str, Kappa]:
    """Cohen's kappa per attribute (entity type, level, subtype, event attributes, timex type, reading)."""
    onto = onto or load_ontology()
    out = {}
    cache: dict[tuple[int, Callable], list[tuple[tuple, tuple]]] = {}
    for attribute, (items, at) in _items_and_values(onto).items():
        values: list[tuple[str, str]] = []
        for k, (da, db) in enumerate(pairs):
            key = (k, items)
            if key not in cache:
                cache[key] = _matched(items(da), items(db))
            values.extend((ga[at], gb[at]) for ga, gb in cache[key])
        out[attribute] = cohen_kappa(attribute, values)
    return out


# --- the whole comparison ----------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementResult:
    """Agreement of two passes: per-layer F1 with counts and per-attribute kappas."""

    a: str
    b: str
    doc_ids: tuple[str, ...]
    scores: Mapping[str, Mapping[str, dict[str, Any]]]
    """The scorer's scores of B against A, per task and metric (with counts and per-type rows)."""
    kappas: Mapping[str, Kappa]
    problems: tuple[Problem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The agreement result as JSON."""
        return {
            "a": self.a, "b": self.b, "documents": list(self.doc_ids),
            "note": "pass B scored against pass A with the scorer's matching; F1 is symmetric, P and R swap",
            "layers": {t: dict(m) for t, m in self.scores.items()},
            "kappa": {name: k.to_json() for name, k in self.kappas.items()},
            "notes": [p.to_json() for p in self.problems],
        }


def agreement(a: Pass, b: Pass, *, ontology: Ontology | None = None,
              reference: bool = False) -> tuple[AgreementResult | None, list[Problem]]:
    """Agreement of two passes; (None, problems) when a pass has problems or their texts differ. With ``reference``
    pass A is a reference whose declared layers and ranges limit the comparison (see :func:`pair_documents`)."""
    from ..evaluation.scorer import gold_from_documents, score_submission  # lazy: loads numpy (the eval extra)

    onto = ontology or load_ontology()
    problems = list(a.problems) + list(b.problems)
    pairs, found = pair_documents(a, b, reference=reference)
    problems += found
    if [p for p in problems if p.check not in NOTE_CHECKS]:
        return None, problems
    gold = gold_from_documents([da for da, _ in pairs], onto)
    sub = submission_from_documents([db for _, db in pairs], SystemInfo("pass B", "1", b.source))
    result, score_problems = score_submission(sub, gold, tasks=AGREEMENT_TASKS, bootstrap=0, file=b.source,
                                              ontology=onto)
    if result is None:
        return None, problems + score_problems
    return AgreementResult(a.source, b.source, tuple(da.doc_id for da, _ in pairs), result.scores,
                           attribute_kappas(pairs, onto), tuple(problems)), problems


def _row(task: str, name: str, m: Mapping[str, Any]) -> str:
    counts = " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in m.get("counts", {}).items())
    if "f1" in m:
        p, r, f = (format_value(m[k], m.get("unit", "")) for k in ("precision", "recall", "f1"))
        return f"{task:<13}{name:<40}{p:>8}{r:>8}{f:>10}  {counts}"
    value = format_value(m["value"], m.get("unit", ""))  # None (—): nothing to compute it from
    return f"{task:<13}{name:<40}{'':>8}{'':>8}{value:>10}  {counts}"


def agreement_table(result: AgreementResult) -> str:
    """The readable table: per-layer F1 (P and R of B against A) and the kappas."""
    lines = [f"agreement of {result.b} (B) with {result.a} (A) on {len(result.doc_ids)} document(s)", "",
             f"{'layer':<13}{'metric':<40}{'P':>8}{'R':>8}{'F1/value':>10}  counts"]
    for task, name, per_type in TABLE_ROWS:
        m = result.scores.get(task, {}).get(name)
        if m is None:
            continue
        lines.append(_row(task, name, m))
        if per_type:
            for label, row in m.get("by_type", {}).items():
                lines.append(_row("", f"  {label}", row))
    lines += ["", f"{'attribute (matched items)':<30}{'items':>7}{'observed':>10}{'kappa':>9}  values"]
    for name, k in result.kappas.items():
        kappa = "n/a" if k.kappa is None else f"{k.kappa:.4f}"
        lines.append(f"{name:<30}{k.items:>7}{k.observed:>10.4f}{kappa:>9}  {', '.join(k.labels)}")
    return "\n".join(lines)


def agreement_json(result: AgreementResult) -> str:
    """The agreement result as indented JSON text."""
    return json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n"
