"""Error analysis (``newsbench score --errors DIR``): per document, the items behind every error count, and type
confusion matrices over span-matched items.

DIR receives ``<doc_id>.json`` per document (missed / spurious / mistyped / partial items of every task),
``index.json`` (the error counts per document and task), and one SVG heat map per confusion matrix
(``confusion_<name>.svg``). The matrices also go into the result file under ``confusion``.
"""

from __future__ import annotations

import html
import json
import warnings
from collections import defaultdict
from pathlib import Path
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from .. import jsonio
from ..model import PredictedTimex, PredictedToponym, Submission, SubmissionDocument
from ..ontology import load_ontology
from .matching import GoldDocument, align, relaxed_pairs
from .metrics import ACCURACY_RADIUS_KM, resolution_error_km

CONFUSIONS = ("entities", "entities_all", "event_types", "argument_roles")


def _span(text: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end], **extra}


def _entity_errors(gd: GoldDocument, pred: SubmissionDocument, names_only: bool) -> dict[str, list[Any]]:
    text = gd.doc.text
    gold = gd.name_items if names_only else gd.mention_items
    items = {(m.start, m.end, m.type) for m in pred.mentions or ()
             if not names_only or m.level in (None, gd.ontology.name_level)}
    a = align(gold, items, "strict")
    mistyped = [(g, p) for g, p in a.incorrect if g[:2] == p[:2]]
    partial = [(g, p) for g, p in a.incorrect if g[:2] != p[:2]]
    return {
        "missed": [_span(text, s, e, type=t) for s, e, t in a.missed],
        "spurious": [_span(text, s, e, type=t) for s, e, t in a.spurious],
        "mistyped": [_span(text, g[0], g[1], gold=g[2], predicted=p[2]) for g, p in mistyped],
        "partial": [{"gold": _span(text, *g[:2], type=g[2]), "predicted": _span(text, *p[:2], type=p[2])}
                    for g, p in partial],
    }


def _timex_errors(gd: GoldDocument, pred: SubmissionDocument) -> dict[str, list[Any]]:
    text = gd.doc.text
    gold = gd.timex_by_span
    chosen: dict[tuple[int, int], PredictedTimex] = {}
    for t in sorted(pred.timexes or (), key=lambda t: (t.start, t.end, t.type or "", t.value or "")):
        chosen.setdefault((t.start, t.end), t)
    pairs = relaxed_pairs([(s, e, "") for s, e in gold], [(s, e, "") for s, e in chosen])
    matched_gold = {g[:2] for g, _ in pairs}
    matched_pred = {p[:2] for _, p in pairs}
    out: dict[str, list[Any]] = {
        "missed": [_span(text, s, e, type=gold[(s, e)].type) for s, e in sorted(set(gold) - matched_gold)],
        "spurious": [_span(text, s, e) for s, e in sorted(set(chosen) - matched_pred)],
        "partial": [{"gold": _span(text, *g[:2]), "predicted": _span(text, *p[:2])} for g, p in pairs
                    if g[:2] != p[:2]],
        "wrong_value": [], "mistyped": [],
    }
    for g, p in pairs:
        gt, pt = gold[g[:2]], chosen[p[:2]]
        if pt.value != gt.value:
            out["wrong_value"].append(_span(text, *g[:2], gold=gt.value, predicted=pt.value))
        if pt.type != gt.type:
            out["mistyped"].append(_span(text, *g[:2], gold=gt.type, predicted=pt.type))
    return out


def _event_errors(gd: GoldDocument, pred: SubmissionDocument) -> dict[str, Any]:
    text = gd.doc.text
    gold_t = {(t.start, t.end, t.type) for t in gd.triggers}
    pred_t = {(e.start, e.end, e.type) for e in pred.event_mentions or ()}
    trig = align(gold_t, pred_t, "exact")
    gold_args = gd.argument_items["span"]
    pred_args = {(e.start, e.end, e.type, ("s", a.start, a.end), a.role)
                 for e in pred.event_mentions or () for a in e.arguments}

    def arg_json(a: tuple[Any, ...], **extra: Any) -> dict[str, Any]:
        return {"trigger": _span(text, a[0], a[1], type=a[2]), "filler": _span(text, a[3][1], a[3][2]), **extra}

    gold_by = defaultdict(set)
    for a in gold_args:
        gold_by[a[:4]].add(a[4])
    pred_by = defaultdict(set)
    for a in pred_args:
        pred_by[a[:4]].add(a[4])
    missed, spurious, mistyped = [], [], []
    for key in sorted(set(gold_by) | set(pred_by), key=repr):
        g, p = sorted(gold_by.get(key, set()) - pred_by.get(key, set())), \
            sorted(pred_by.get(key, set()) - gold_by.get(key, set()))
        for gr, pr in zip(g, p, strict=False):
            mistyped.append(arg_json(key, gold=gr, predicted=pr))
        missed += [arg_json(key, role=r) for r in g[len(p):]]
        spurious += [arg_json(key, role=r) for r in p[len(g):]]
    return {
        "triggers": {
            "missed": [_span(text, s, e, type=t) for s, e, t in trig.missed],
            "spurious": [_span(text, s, e, type=t) for s, e, t in trig.spurious],
            "mistyped": [_span(text, g[0], g[1], gold=g[2], predicted=p[2]) for g, p in trig.correct if g[2] != p[2]],
            "partial": [{"gold": _span(text, *g[:2], type=g[2]), "predicted": _span(text, *p[:2], type=p[2])}
                        for g, p in trig.incorrect],
        },
        "arguments": {"missed": missed, "spurious": spurious, "mistyped": mistyped},
    }


def _toponym_errors(gd: GoldDocument, pred: SubmissionDocument) -> dict[str, list[Any]]:
    text = gd.doc.text
    gold = gd.toponym_at
    chosen: dict[tuple[int, int], PredictedToponym] = {}
    for t in sorted(pred.toponyms or (), key=lambda t: (t.start, t.end, t.reading or "", t.geonames_id or 0)):
        chosen.setdefault((t.start, t.end), t)
    out: dict[str, list[Any]] = {
        "missed": [_span(text, s, e, reading=gold[(s, e)].reading) for s, e in sorted(set(gold) - set(chosen))],
        "spurious": [_span(text, s, e) for s, e in sorted(set(chosen) - set(gold))],
        "misread": [], "far": [],
    }
    for span in sorted(set(gold) & set(chosen)):
        g, p = gold[span], chosen[span]
        if p.reading != g.reading:
            out["misread"].append(_span(text, *span, gold=g.reading, predicted=p.reading))
        error = resolution_error_km(g.lat, g.lon, g.geonames_id, p.lat, p.lon, p.geonames_id)
        if error > ACCURACY_RADIUS_KM:
            out["far"].append(_span(text, *span, error_km=round(error, 3), gold_geonames_id=g.geonames_id,
                                    predicted_geonames_id=p.geonames_id))
    return out


def document_errors(gd: GoldDocument, pred: SubmissionDocument, tasks: Sequence[str]) -> dict[str, Any]:
    """The error items of one document for the tasks scored."""
    out: dict[str, Any] = {"doc_id": gd.doc_id}
    if "entities" in tasks or "bio" in tasks:
        out["entities"] = _entity_errors(gd, pred, names_only=True)
    if "entities_all" in tasks or "coreference" in tasks:
        out["entities_all"] = _entity_errors(gd, pred, names_only=False)
    if "timexes" in tasks:
        out["timexes"] = _timex_errors(gd, pred)
    if "events" in tasks:
        out["events"] = _event_errors(gd, pred)
    if "toponyms" in tasks:
        out["toponyms"] = _toponym_errors(gd, pred)
    return out


def _type_pairs(gold: Iterable[tuple[Any, ...]], pred: Iterable[tuple[Any, ...]]) -> list[tuple[str, str]]:
    """(gold label, predicted label) of items matched by span, one-to-one, same labels paired first."""
    a = align(gold, pred, "exact")
    return [(g[-1], p[-1]) for g, p in a.correct]


def confusion_pairs(gold_docs: Mapping[str, GoldDocument], submission: Submission) -> dict[str, list[tuple[str, str]]]:
    """(gold label, predicted label) pairs per confusion matrix, over the matched items."""
    by_doc = {d.doc_id: d for d in submission.documents}
    pairs: dict[str, list[tuple[str, str]]] = {name: [] for name in CONFUSIONS}
    for doc_id, gd in sorted(gold_docs.items()):
        pred = by_doc.get(doc_id) or SubmissionDocument(doc_id)
        mentions = pred.mentions or ()
        pairs["entities"] += _type_pairs(gd.name_items, {(m.start, m.end, m.type) for m in mentions
                                                          if m.level in (None, gd.ontology.name_level)})
        pairs["entities_all"] += _type_pairs(gd.mention_items, {(m.start, m.end, m.type) for m in mentions})
        pairs["event_types"] += _type_pairs({(t.start, t.end, t.type) for t in gd.triggers},
                                            {(e.start, e.end, e.type) for e in pred.event_mentions or ()})
        gold_roles = defaultdict(list)
        for a in gd.argument_items["span"]:
            gold_roles[(a[0], a[1], a[3])].append(a[4])
        pred_roles = defaultdict(list)
        for e in pred.event_mentions or ():
            for a in e.arguments:
                pred_roles[(e.start, e.end, ("s", a.start, a.end))].append(a.role)
        for key in sorted(set(gold_roles) & set(pred_roles), key=repr):
            g, p = sorted(set(gold_roles[key])), sorted(set(pred_roles[key]))
            same = sorted(set(g) & set(p))
            pairs["argument_roles"] += [(r, r) for r in same]
            pairs["argument_roles"] += list(zip([r for r in g if r not in same], [r for r in p if r not in same],
                                                strict=False))
    return pairs


def confusion_matrices(gold_docs: Mapping[str, GoldDocument], submission: Submission) -> dict[str, dict[str, Any]]:
    """Type confusion over span-matched items (rows gold, columns predicted), via scikit-learn."""
    from sklearn.metrics import confusion_matrix  # lazy: the eval extra

    onto = load_ontology()
    order = {"entities": onto.entity_types, "entities_all": onto.entity_types, "event_types": onto.event_types,
             "argument_roles": onto.roles}
    out = {}
    for name, pairs in confusion_pairs(gold_docs, submission).items():
        seen = {x for pair in pairs for x in pair}
        labels = [label for label in order[name] if label in seen]
        with warnings.catch_warnings():  # one label only is a fine 1 x 1 matrix here, labels are given
            warnings.simplefilter("ignore", UserWarning)
            matrix = confusion_matrix([g for g, _ in pairs], [p for _, p in pairs], labels=labels).tolist() \
                if labels else []
        out[name] = {"rows": "gold", "columns": "predicted", "labels": labels, "matrix": matrix,
                     "pairs": len(pairs)}
    return out


def confusion_svg(title: str, labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> str:
    """A self-contained SVG heat map of a confusion matrix (rows gold, columns predicted)."""
    cell, left, top = 28, 210, 210
    n = len(labels)
    width, height = left + cell * n + 20, top + cell * n + 40
    peak = max((v for row in matrix for v in row), default=0) or 1
    esc = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="11">',
             f'<text x="10" y="18" font-size="14">{esc(title)} (rows: gold, columns: predicted)</text>']
    for i, label in enumerate(labels):
        y = top + i * cell + cell * 0.65
        parts.append(f'<text x="{left - 6}" y="{y:.1f}" text-anchor="end">{esc(label)}</text>')
        x = left + i * cell + cell * 0.65
        parts.append(f'<text transform="translate({x:.1f},{top - 6}) rotate(-60)">{esc(label)}</text>')
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            shade = 255 - int(200 * v / peak)
            fill = f"rgb({shade},{shade},255)" if i == j else f"rgb(255,{shade},{shade})"
            x, y = left + j * cell, top + i * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#ccc"/>')
            if v:
                parts.append(f'<text x="{x + cell / 2}" y="{y + cell * 0.65:.1f}" text-anchor="middle">{v}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


class _Gold(Protocol):
    """What the error analysis reads of a gold corpus (the scorer's GoldCorpus)."""

    @property
    def documents(self) -> Mapping[str, GoldDocument]: ...


def write_error_analysis(submission: Submission, gold: _Gold, directory: Path, tasks: Sequence[str]) -> dict[str, Any]:
    """Write the per-document error files, index.json and the confusion SVGs; return the confusion matrices."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    by_doc = {d.doc_id: d for d in submission.documents}
    index: dict[str, Any] = {}
    for doc_id, gd in sorted(gold.documents.items()):
        errors = document_errors(gd, by_doc.get(doc_id) or SubmissionDocument(doc_id), tasks)
        jsonio.write_text_atomic(directory / f"{doc_id}.json", json.dumps(errors, ensure_ascii=False, indent=1) + "\n")
        index[doc_id] = _counts(errors)
    jsonio.write_text_atomic(directory / "index.json", json.dumps({"documents": index}, indent=1) + "\n")
    matrices = confusion_matrices(gold.documents, submission)
    for name, m in matrices.items():
        jsonio.write_text_atomic(directory / f"confusion_{name}.svg", confusion_svg(name, m["labels"], m["matrix"]))
    return matrices


def _counts(errors: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for task, value in errors.items():
        if isinstance(value, Mapping):
            out[task] = {k: (len(v) if isinstance(v, list) else _counts({"x": v})["x"]) for k, v in value.items()}
    return out
