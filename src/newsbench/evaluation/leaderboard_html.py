"""eval/leaderboard.html: one static, self-contained page (inline CSS, JS and SVG; no external resource; works from
``file://``). Its style and script are package data: evaluation/static/leaderboard.css and leaderboard.js.

- :func:`document_view`: the data of the document view -- each gold document's text and spans, and per system its
  predicted spans, every item marked correct / missed / spurious / mistyped / partial by the scorer's error
  analysis (:func:`newsbench.evaluation.errors.document_errors`). No score is computed here.
- :func:`render_html`: the page from the parsed result files (every number is looked up in them) and that view.
  The view is embedded as JSON in a ``<script type="application/json">`` block; the page's script renders the
  document view and sorts tables. All text goes into the page escaped (``html.escape``; the JSON block escapes
  ``<``, ``>`` and ``&``); the script inserts text with ``textContent`` only.
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from importlib import resources
from typing import Any
from collections.abc import Callable, Mapping, Sequence

from ..model import Argument, Mention, Submission, SubmissionDocument, Timex
from .errors import document_errors
from .leaderboard_view import (
    MISSING, NOT_AVAILABLE, SUBMIT_STEPS, Cell, breakdown_cell, breakdown_types, cell, context,
    direction, gold_items, headline_rows, intervals_note, is_lower_better, is_reference, legend_note, metadata,
    metric_entry, names_note, tasks_present, task_metrics,
)
from .matching import GoldDocument, GoldTrigger
from .metrics import ACCURACY_RADIUS_KM, MAX_ERROR_KM
from .registry import HEADLINE, HIGHER, LOWER, PRIMARY, TASK_LAYER, TASK_TITLES
from .scorer import GoldCorpus
from .tables import DIRECTION_MARKS, format_value

STATUSES: tuple[tuple[str, str], ...] = (
    ("correct", "correct: the system has the gold item (same span and label)"),
    ("missed", "missed: a gold item the system does not have (gold side)"),
    ("spurious", "spurious: a predicted item that overlaps no gold item (system side)"),
    ("mistyped", "mistyped: right span, wrong label (type, value, reading, role or place; see the tooltip)"),
    ("partial", "partial: overlaps a gold item with other boundaries"),
)
RESOLUTION_ITEMS = "toponyms/resolution"
PALETTE = ("#1b6ca8", "#d1495b", "#2e933c", "#8e5bb5", "#e08a00", "#00798c", "#6b4226", "#c2185b")


def esc(value: Any) -> str:
    """``value`` as HTML text (quotes escaped too)."""
    return html.escape(str(value), quote=True)


# --- the document view's data ---------------------------------------------------------------------


def _key(d: Mapping[str, Any], label: str | None = None) -> tuple[Any, ...]:
    return (d["start"], d["end"]) if label is None else (d["start"], d["end"], d[label])


def _status(missed_or_spurious: bool, why: Sequence[str], partial: bool) -> dict[str, Any]:
    status = "missed" if missed_or_spurious else "partial" if partial else "mistyped" if why else "correct"
    out: dict[str, Any] = {"st": status}
    if why:
        out["why"] = "; ".join(why)
    return out


def _span_text(text: str, d: Mapping[str, Any]) -> str:
    return f"[{d['start']}, {d['end']}) “{text[d['start']:d['end']]}”"


def _typed_span_marks(text: str, err: Mapping[str, Any]) -> tuple[set[Any], set[Any], dict[Any, Any], dict[Any, Any],
                                                                  set[Any], set[Any]]:
    """From the error analysis of a typed-span layer (mentions, triggers): the missed and spurious keys, the reasons
    shown beside gold and predicted spans, and the partially matched keys of each side."""
    missed = {_key(x, "type") for x in err["missed"]}
    spurious = {_key(x, "type") for x in err["spurious"]}
    why_gold: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    why_pred: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for x in err["mistyped"]:
        why_gold[_key(x, "gold")].append(f"predicted {x['predicted']}")
        why_pred[_key(x, "predicted")].append(f"gold {x['gold']}")
    partial_gold, partial_pred = set(), set()
    for x in err["partial"]:
        g, p = _key(x["gold"], "type"), _key(x["predicted"], "type")
        partial_gold.add(g)
        partial_pred.add(p)
        why_gold[g].append(f"predicted {p[2]} {_span_text(text, x['predicted'])}")
        why_pred[p].append(f"gold {g[2]} {_span_text(text, x['gold'])}")
    return missed, spurious, why_gold, why_pred, partial_gold, partial_pred


def _mention_layer(gd: GoldDocument, pred: SubmissionDocument, err: Mapping[str, Any]) -> dict[str, Any]:
    text = gd.doc.text
    missed, spurious, why_gold, why_pred, partial_gold, partial_pred = _typed_span_marks(text, err)
    gold = [_status(k in missed, why_gold.get(k, ()), k in partial_gold)
            for k in ((m.start, m.end, m.type) for m in _gold_mentions(gd))]
    items = []
    chosen: dict[tuple[Any, ...], Any] = {}
    for m in sorted(pred.mentions or (), key=lambda m: (m.start, m.end, m.type, m.level or "", m.cluster or "")):
        chosen.setdefault((m.start, m.end, m.type), m)
    for k, m in chosen.items():
        item = {"s": m.start, "e": m.end, "label": m.type,
                "info": " · ".join(x for x in (m.level, f"cluster {m.cluster}" if m.cluster else None) if x)}
        status = _status(k in spurious, why_pred.get(k, ()), k in partial_pred)
        if status["st"] == "missed":
            status["st"] = "spurious"
        items.append({**item, **status})
    return {"gold": gold, "pred": items}


def _gold_mentions(gd: GoldDocument) -> list[Mention]:
    return sorted(gd.doc.mentions, key=lambda m: (m.start, -m.end, m.id))


def _timex_layer(gd: GoldDocument, pred: SubmissionDocument, err: Mapping[str, Any]) -> dict[str, Any]:
    text = gd.doc.text
    missed = {_key(x) for x in err["missed"]}
    spurious = {_key(x) for x in err["spurious"]}
    partner: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    why_gold: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    why_pred: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for x in err["partial"]:
        g, p = _key(x["gold"]), _key(x["predicted"])
        partner[p] = g
        why_gold[g].append(f"predicted {_span_text(text, x['predicted'])}")
        why_pred[p].append(f"gold {_span_text(text, x['gold'])}")
    wrong: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for x in err["mistyped"]:
        wrong[_key(x)].append(f"type: gold {x['gold']}, predicted {x['predicted']}")
    for x in err["wrong_value"]:
        wrong[_key(x)].append(f"value: gold {x['gold']}, predicted {x['predicted']}")
    partial_gold = set(partner.values())
    gold = [_status(k in missed, why_gold.get(k, []) + wrong.get(k, []), k in partial_gold)
            for k in ((t.start, t.end) for t in _gold_timexes(gd))]
    chosen: dict[tuple[Any, ...], Any] = {}
    for t in sorted(pred.timexes or (), key=lambda t: (t.start, t.end, t.type or "", t.value or "")):
        chosen.setdefault((t.start, t.end), t)
    items = []
    for k, t in chosen.items():
        g = partner.get(k, k)
        status = _status(k in spurious, why_pred.get(k, []) + wrong.get(g, []), k in partner)
        if status["st"] == "missed":
            status["st"] = "spurious"
        items.append({"s": t.start, "e": t.end, "label": t.type or "?", "info": t.value or "", **status})
    return {"gold": gold, "pred": items}


def _gold_timexes(gd: GoldDocument) -> list[Timex]:
    return sorted(gd.doc.timexes, key=lambda t: (t.start, -t.end, t.id))


def _event_layer(gd: GoldDocument, pred: SubmissionDocument, err: Mapping[str, Any]) -> dict[str, Any]:
    text = gd.doc.text
    triggers, arguments = err["triggers"], err["arguments"]
    missed, spurious, why_gold, why_pred, partial_gold, partial_pred = _typed_span_marks(text, triggers)

    def arg_key(x: Mapping[str, Any], role: str) -> tuple[Any, ...]:
        t, f = x["trigger"], x["filler"]
        return (t["start"], t["end"], t["type"], f["start"], f["end"], x[role])

    arg_missed = {arg_key(x, "role") for x in arguments["missed"]}
    arg_spurious = {arg_key(x, "role") for x in arguments["spurious"]}
    arg_why_gold = {arg_key(x, "gold"): f"predicted role {x['predicted']}" for x in arguments["mistyped"]}
    arg_why_pred = {arg_key(x, "predicted"): f"gold role {x['gold']}" for x in arguments["mistyped"]}
    spans = {m.id: (m.start, m.end) for m in gd.doc.mentions}
    spans.update({t.id: (t.start, t.end) for t in gd.doc.timexes})
    gold = []
    for t in _gold_triggers(gd):
        k = (t.start, t.end, t.type)
        status = _status(k in missed, why_gold.get(k, ()), k in partial_gold)
        args = []
        for a in _sorted_gold_args(t, spans):
            ak = k + spans[a.ref] + (a.role,)
            why = arg_why_gold.get(ak)
            args.append({"st": "missed" if ak in arg_missed else "mistyped" if why else "correct",
                         **({"why": why} if why else {})})
        gold.append({**status, "args": args})
    pooled: dict[tuple[Any, ...], dict[str, Any]] = {}
    for em in sorted(pred.event_mentions or (), key=lambda e: (e.start, e.end, e.type, e.cluster or "")):
        k = (em.start, em.end, em.type)
        entry = pooled.setdefault(k, {"cluster": em.cluster, "attributes": em.attributes, "args": set()})
        entry["args"].update((a.start, a.end, a.role) for a in em.arguments)
    items = []
    for k, entry in pooled.items():
        status = _status(k in spurious, why_pred.get(k, ()), k in partial_pred)
        if status["st"] == "missed":
            status["st"] = "spurious"
        args = []
        for s, e, role in sorted(entry["args"]):
            ak = k + (s, e, role)
            why = arg_why_pred.get(ak)
            args.append({"role": role, "s": s, "e": e,
                         "st": "spurious" if ak in arg_spurious else "mistyped" if why else "correct",
                         **({"why": why} if why else {})})
        info = [f"cluster {entry['cluster']}"] if entry["cluster"] else []
        if entry["attributes"]:
            info.append("/".join(str(v) for _, v in sorted(entry["attributes"].items())))
        items.append({"s": k[0], "e": k[1], "label": k[2], "info": " · ".join(info), **status, "args": args})
    return {"gold": gold, "pred": items}


def _gold_triggers(gd: GoldDocument) -> list[GoldTrigger]:
    return sorted(gd.triggers, key=lambda t: (t.start, -t.end, t.type, t.mention.id))


def _sorted_gold_args(trigger: GoldTrigger, spans: Mapping[str, tuple[int, int]]) -> list[Argument]:
    return sorted(trigger.mention.arguments, key=lambda a: (spans[a.ref], a.role))


def _toponym_layer(gd: GoldDocument, pred: SubmissionDocument, err: Mapping[str, Any]) -> dict[str, Any]:
    missed = {_key(x) for x in err["missed"]}
    spurious = {_key(x) for x in err["spurious"]}
    why: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    why_pred: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for x in err["misread"]:
        why[_key(x)].append(f"reading: predicted {x['predicted']}")
        why_pred[_key(x)].append(f"reading: gold {x['gold']}")
    for x in err["far"]:
        where = f"resolved {x['error_km']:.1f} km from the gold place (GeoNames {x['gold_geonames_id']}, " \
                f"predicted {x['predicted_geonames_id']})"
        why[_key(x)].append(where)
        why_pred[_key(x)].append(where)
    gold = [_status(k in missed, why.get(k, ()), False) for k in (s for s, _ in _gold_toponyms(gd))]
    chosen: dict[tuple[Any, ...], Any] = {}
    for t in sorted(pred.toponyms or (), key=lambda t: (t.start, t.end, t.reading or "", t.geonames_id or 0)):
        chosen.setdefault((t.start, t.end), t)
    items = []
    for k, t in chosen.items():
        status = _status(k in spurious, why_pred.get(k, ()), False)
        if status["st"] == "missed":
            status["st"] = "spurious"
        items.append({"s": t.start, "e": t.end, "label": t.reading or "?", "info": _place(t.geonames_id, t.lat, t.lon),
                      **status})
    return {"gold": gold, "pred": items}


def _gold_toponyms(gd: GoldDocument) -> list[tuple[tuple[int, int], Any]]:
    spans = {m.id: (m.start, m.end) for m in gd.doc.mentions}
    return sorted(((spans[t.mention], t) for t in gd.doc.toponyms), key=lambda x: (x[0][0], -x[0][1], x[1].mention))


def _place(geonames_id: int | None, lat: float | None, lon: float | None) -> str:
    where = f"GeoNames {geonames_id}" if geonames_id is not None else "no GeoNames id"
    if lat is not None and lon is not None:
        where += f" ({lat:.4f}, {lon:.4f})"
    return where


def _gold_items(gd: GoldDocument) -> dict[str, list[dict[str, Any]]]:
    doc = gd.doc
    spans = {m.id: (m.start, m.end) for m in doc.mentions}
    spans.update({t.id: (t.start, t.end) for t in doc.timexes})
    events = []
    for t in _gold_triggers(gd):
        e = t.event
        args = [{"role": a.role, "s": spans[a.ref][0], "e": spans[a.ref][1]} for a in _sorted_gold_args(t, spans)]
        events.append({"s": t.start, "e": t.end, "label": t.type,
                       "info": f"event {e.id} · {e.polarity}/{e.tense}/{e.genericity}/{e.modality}", "args": args})
    return {
        "mentions": [{"s": m.start, "e": m.end, "label": m.type, "info": f"{m.level} · entity {m.entity}"}
                     for m in _gold_mentions(gd)],
        "timexes": [{"s": t.start, "e": t.end, "label": t.type, "info": t.value} for t in _gold_timexes(gd)],
        "events": events,
        "toponyms": [{"s": s[0], "e": s[1], "label": t.reading, "info": _place(t.geonames_id, t.lat, t.lon)}
                     for s, t in _gold_toponyms(gd)],
    }


VIEW_LAYERS: tuple[tuple[str, str, str, Callable[..., dict[str, Any]]], ...] = (
    # (id, label, the task whose error analysis marks the layer, the function that builds it)
    ("mentions", "Entity mentions", "entities_all", _mention_layer),
    ("timexes", "Time expressions", "timexes", _timex_layer),
    ("events", "Event triggers and arguments", "events", _event_layer),
    ("toponyms", "Toponyms", "toponyms", _toponym_layer),
)
"""The document view's layers."""


def document_view(gold: GoldCorpus, submissions: Mapping[str, Submission]) -> dict[str, Any]:
    """The document view's data: per gold document its text and gold items, and per system (name order) each
    layer's predicted items and the status of every gold item -- or None where the system does not predict the
    layer. Items are ``{s, e, label, info, st, why?, args?}`` (offsets in code points, half open)."""
    names = sorted(submissions)
    tasks = tuple(task for _, _, task, _ in VIEW_LAYERS)
    documents = []
    for doc_id, gd in sorted(gold.documents.items()):
        systems: dict[str, Any] = {}
        for name in names:
            pred = next((d for d in submissions[name].documents if d.doc_id == doc_id), None)
            pred = pred or SubmissionDocument(doc_id)
            err = document_errors(gd, pred, tasks)
            systems[name] = {layer: build(gd, pred, err[task]) if _predicts(submissions[name], TASK_LAYER[task])
                             else None for layer, _, task, build in VIEW_LAYERS}
        documents.append({"doc_id": doc_id, "title": gd.doc.meta.title, "text": gd.doc.text,
                          "gold": _gold_items(gd), "systems": systems})
    return {"systems": names, "layers": [{"id": k, "label": v} for k, v, _, _ in VIEW_LAYERS],
            "statuses": [{"id": k, "label": v} for k, v in STATUSES], "documents": documents}


def _predicts(submission: Submission, layer: str) -> bool:
    return any(getattr(d, layer) is not None for d in submission.documents)


# --- the page -------------------------------------------------------------------------------------


def json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element or open markup: <, > and & (and the two JavaScript line
    separators) as \\u escapes, which JSON.parse reads back unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):
        text = text.replace(ch, escape)
    return text


def _sort_attr(c: Cell) -> str:
    return "" if c.sort is None else f"{c.sort:.6f}"


def _td(c: Cell, extra_class: str = "", best: bool = False) -> str:
    title = f' title="{esc(c.detail)}"' if c.detail else ""
    support = f" · {c.support}" if c.support else ""
    interval = f'<span class="ci">{esc(c.interval + support)}</span>' if c.interval else ""
    reason = f' data-ci-reason="{esc(c.interval_reason)}"' if c.interval_reason else ""
    cls = ("num" + (" missing" if c.sort is None else "") + (" best" if best else "")
           + (f" {extra_class}" if extra_class else ""))
    mark = '<span class="best-mark" aria-label="best">★</span>' if best else ""
    return (f'<td class="{cls}" data-sort="{_sort_attr(c)}"{title}{reason}><span class="v">{esc(c.text)}</span>{mark}'
            f'{interval}</td>')


def _sortable_header(label: str, lower_is_better: bool, title: str = "", sort: str = "none") -> str:
    first = "ascending" if lower_is_better else "descending"
    mark = DIRECTION_MARKS[LOWER if lower_is_better else HIGHER]
    tip = f' title="{esc(title)}"' if title else ""
    return (f'<th scope="col" aria-sort="{sort}" data-first="{first}"{tip}><button type="button">'
            f'{esc(label)} <span class="dir">{mark}</span></button></th>')


def _headline_table(results: Mapping[str, Mapping[str, Any]]) -> str:
    head = ['<th scope="col" class="rank">#</th>',
            '<th scope="col" aria-sort="none" data-first="ascending" data-type="text">'
            '<button type="button">System</button></th>']
    for h in HEADLINE:
        sort = ("ascending" if h.lower_is_better else "descending") if h == PRIMARY else "none"
        head.append(_sortable_header(h.label, h.lower_is_better, f"{h.task} / {h.metric}: "
                                     + ("lower" if h.lower_is_better else "higher") + " is better"
                                     + (" (ranks the systems)" if h == PRIMARY else ""), sort))
    systems: list[str] = []
    references: list[str] = []
    for rank, name, cells in headline_rows(results):
        tds = [f'<td class="rank">{esc(rank)}</td>',
               f'<th scope="row" data-sort="{esc(name)}"><a href="#system-{esc(name)}">{esc(name)}</a></th>']
        tds += [_td(c, best=best) for c, best in cells]
        row = f'<tr data-system="{esc(name)}">{"".join(tds)}</tr>'
        (references if rank == "ref" else systems).append(row)
    width = len(HEADLINE) + 2
    parts = ['<div class="table-wrap"><table id="leaderboard" class="sortable scores">', "<thead><tr>" + "".join(head)
             + "</tr></thead>", '<tbody class="systems-rows">', *systems, "</tbody>"]
    if references:
        parts += ['<tbody class="reference-rows">', f'<tr class="group"><th scope="rowgroup" colspan="{width}">'
                  'Reference rows (not ranked): the gold itself, the empty submission, annotator passes</th></tr>',
                  *references, "</tbody>"]
    return "\n".join(parts + ["</table></div>"])


def _systems_section(results: Mapping[str, Mapping[str, Any]]) -> str:
    rows = []
    for name in sorted(results):
        r = results[name]
        meta = metadata(r)
        predicts = meta.get("predicts", {})
        run = meta.get("run") if isinstance(meta.get("run"), Mapping) else {}
        details = []
        if predicts:
            details.append(("Predicts", "<ul>" + "".join(f"<li><b>{esc(k)}</b>: {esc(v)}</li>"
                                                         for k, v in predicts.items()) + "</ul>"))
        if run:
            details.append(("Run", "<ul>" + "".join(f"<li><b>{esc(k)}</b>: <code>{esc(_plain(v))}</code></li>"
                                                    for k, v in run.items()) + "</ul>"))
        deps = meta.get("dependencies", [])
        if deps:
            details.append(("Dependencies", "<ul>" + "".join(f"<li><code>{esc(_dependency_text(d))}</code></li>"
                                                             for d in deps) + "</ul>"))
        details.append(("Submission", f'<code>{esc(r["submission"]["path"])}</code>, sha256 '
                                      f'<code>{esc(r["submission"]["sha256"])}</code>'))
        warnings = r.get("warnings", [])
        if warnings:
            details.append(("Warnings", "<ul>" + "".join(f"<li><code>{esc(w['check'])}</code> {esc(w['message'])}"
                                                         f"</li>" for w in warnings) + "</ul>"))
        inner = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in details)
        ref = ' <span class="tag">reference</span>' if is_reference(r) else ""
        rows.append(f'<tr id="system-{esc(name)}"><th scope="row">{esc(name)}{ref}</th>'
                    f'<td>{esc(meta.get("version", ""))}'
                    f'</td><td>{esc(meta.get("description", ""))}<details><summary>metadata</summary>'
                    f'<table class="meta">{inner}</table></details></td><td>{esc(", ".join(predicts) or MISSING)}'
                    f'</td><td class="num">{len(warnings)}</td></tr>')
    return ('<section id="systems"><h2>Systems</h2><div class="table-wrap"><table class="systems"><thead><tr>'
            '<th scope="col">system</th><th scope="col">version</th><th scope="col">description</th>'
            '<th scope="col">predicts</th><th scope="col">warnings</th></tr></thead><tbody>' + "\n".join(rows)
            + "</tbody></table></div></section>")


def _plain(v: Any) -> str:
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _dependency_text(d: Any) -> str:
    if not isinstance(d, Mapping):
        return str(d)
    return " ".join(f"{k}={v}" if k != "name" else str(v) for k, v in d.items())


def _task_section(results: Mapping[str, Mapping[str, Any]], task: str) -> str:
    names = [n for n in sorted(results) if task in results[n].get("scores", {})]
    head = "".join(f'<th scope="col">{esc(n)}</th>' for n in names)
    rows = []
    for metric in task_metrics(results, task):
        entries = [metric_entry(results[n], task, metric) for n in names]
        first = next((e for e in entries if e is not None), None)
        mark = DIRECTION_MARKS[direction(first)] if first else ""
        hint = "lower is better" if first and is_lower_better(first) else "higher is better"
        rows.append(f'<tr><th scope="row"><code>{esc(metric)}</code> <span class="dir" title="{hint}">{mark}</span>'
                    f'</th>' + "".join(_td(cell(e)) for e in entries) + "</tr>")
    parts = [f'<section id="task-{esc(task)}" class="task"><h2>{esc(TASK_TITLES.get(task, task))} '
             f'<code>{esc(task)}</code></h2>',
             f'<div class="table-wrap"><table class="scores task-table"><thead><tr><th scope="col">metric</th>{head}'
             f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>']
    first_breakdown = True
    for metric in task_metrics(results, task):
        types = breakdown_types(results, task, metric)
        if not types:
            continue
        by = next((entry.get("breakdown") for entry in (metric_entry(results[n], task, metric) for n in names)
                   if entry), None) or "type"
        with_gold = gold_items(results, task, metric, types[0]) is not None
        body = []
        for t in types:
            gold = f'<td class="num gold">{gold_items(results, task, metric, t)}</td>' if with_gold else ""
            body.append(f'<tr><th scope="row">{esc(t)}</th>{gold}'
                        + "".join(_td(breakdown_cell(metric_entry(results[n], task, metric), t)) for n in names)
                        + "</tr>")
        macro = []
        for n in names:
            entry = metric_entry(results[n], task, metric)
            m = (entry or {}).get("macro")
            stat = "f1" if m is not None and "f1" in m else "value"
            if m is None:
                macro.append(_td(Cell(MISSING if entry is None else NOT_AVAILABLE)))
            elif not m.get("types") or m[stat] is None:
                macro.append(_td(Cell(NOT_AVAILABLE, detail="no types to average")))
            else:
                macro.append(_td(Cell(format_value(m[stat], (entry or {}).get("unit", "ratio")), sort=m[stat],
                                      detail=f"unweighted mean over {m['types']} types")))
        gold_macro = "<td></td>" if with_gold else ""
        body.append(f'<tr class="macro"><th scope="row">macro average</th>{gold_macro}{"".join(macro)}</tr>')
        gold_head = '<th scope="col" title="gold items of the type">gold</th>' if with_gold else ""
        parts.append(f'<details class="breakdown"{" open" if first_breakdown else ""}><summary>Per '
                     f'{esc(by.replace("_", " "))}: <code>{esc(metric)}</code></summary><div class="table-wrap">'
                     f'<table class="scores"><thead><tr><th scope="col">{esc(by.replace("_", " "))}</th>{gold_head}'
                     f'{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div></details>')
        first_breakdown = False
    parts.append("</section>")
    return "\n".join(parts)


def _x(km: float, width: float) -> float:
    return width * math.log1p(km) / math.log1p(MAX_ERROR_KM)


def toponym_plot(results: Mapping[str, Mapping[str, Any]]) -> str:
    """An inline SVG: per system, the cumulative distribution of its toponym resolution errors on a log(1+km)
    axis, from the error items its result file lists (``per_document.items["toponyms/resolution"]``)."""
    series = []
    for name in sorted(results):
        items = results[name].get("per_document", {}).get("items", {}).get(RESOLUTION_ITEMS)
        if items is not None and items.get("value"):
            series.append((name, sorted(float(v) for v in items["value"])))
    if not series:
        return '<p class="note">No system resolves toponyms yet.</p>'
    left, top, width, height = 56, 14, 560, 240
    parts = [f'<svg id="toponym-plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 190} '
             f'{top + height + 52}" role="img" aria-labelledby="toponym-plot-title">',
             '<title id="toponym-plot-title">Cumulative distribution of toponym resolution errors (km, log scale)'
             '</title>',
             f'<g transform="translate({left},{top})" font-size="11" font-family="sans-serif">',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff" stroke="#999"/>']
    for frac in (0, 0.25, 0.5, 0.75, 1):
        y = height * (1 - frac)
        parts.append(f'<line x1="0" x2="{width}" y1="{y:.2f}" y2="{y:.2f}" stroke="#eee"/>'
                     f'<text x="-6" y="{y + 4:.2f}" text-anchor="end">{frac:.2f}</text>')
    for km in (0, 1, 10, 100, 1000, 10000, MAX_ERROR_KM):
        x = _x(km, width)
        parts.append(f'<line x1="{x:.2f}" x2="{x:.2f}" y1="{height}" y2="{height + 4}" stroke="#333"/>'
                     f'<text x="{x:.2f}" y="{height + 16}" text-anchor="middle">{km:g}</text>')
    x161 = _x(ACCURACY_RADIUS_KM, width)
    parts.append(f'<line x1="{x161:.2f}" x2="{x161:.2f}" y1="0" y2="{height}" stroke="#777" stroke-dasharray="4 3"/>'
                 f'<text x="{x161 + 4:.2f}" y="12" fill="#555">{ACCURACY_RADIUS_KM:g} km</text>')
    parts.append(f'<text x="{width / 2:.2f}" y="{height + 34}" text-anchor="middle">error (km, log(1 + km) scale)'
                 f'</text><text transform="translate(-42,{height / 2:.2f}) rotate(-90)" text-anchor="middle">'
                 f'share of resolved toponyms</text>')
    k = len(series)
    for i, (name, values) in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        n = len(values)
        path = [f"M0.00,{height:.2f}"]
        done = 0
        for j, v in enumerate(values):
            done = j + 1
            if j + 1 < n and values[j + 1] == v:
                continue
            path.append(f"H{_x(v, width):.2f}V{height * (1 - done / n):.2f}")
        path.append(f"H{width:.2f}")
        stroke = 1.5 + 1.5 * (k - 1 - i)  # wider first: identical curves stay visible as nested stripes
        parts.append(f'<path class="cdf" data-system="{esc(name)}" d="{"".join(path)}" fill="none" '
                     f'stroke="{colour}" stroke-width="{stroke:.1f}" stroke-opacity="0.85">'
                     f'<title>{esc(name)}: {n} resolved toponyms</title></path>')
        ly = 10 + 18 * i
        parts.append(f'<line x1="{width + 16}" x2="{width + 40}" y1="{ly}" y2="{ly}" stroke="{colour}" '
                     f'stroke-width="{stroke:.1f}"/><text x="{width + 46}" y="{ly + 4}">{esc(name)} (n={n})</text>')
    parts.append("</g></svg>")
    return "\n".join(parts)


def _toponym_summary(results: Mapping[str, Mapping[str, Any]]) -> str:
    metrics = ("acc_at_161km", "mean_km", "median_km", "auc")
    names = [n for n in sorted(results) if "toponyms" in results[n].get("scores", {})]
    if not names:
        return ""
    head = "".join(f'<th scope="col"><code>{m}</code></th>' for m in metrics)
    rows = "".join(f'<tr><th scope="row">{esc(n)}</th>'
                   + "".join(_td(cell(metric_entry(results[n], "toponyms", m))) for m in metrics) + "</tr>"
                   for n in names)
    return (f'<div class="table-wrap"><table class="scores"><thead><tr><th scope="col">system</th>{head}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>')


def _inline(text: str) -> str:
    """Escaped text with its `code` spans as <code> (the notes are written once, for both pages, in Markdown)."""
    parts = esc(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _submit_section() -> str:
    steps = "".join(f"<li>{_inline(step)}</li>" for step in SUBMIT_STEPS)
    return ('<section id="submit"><h2>How to submit</h2><ol class="steps">' + steps + "</ol>"
            "<p class=\"note\">The whole procedure, the submission format and every metric's definition: "
            "<code>eval/README.md</code>.</p></section>")


def _legend() -> str:
    return ('<ul class="legend">' + "".join(f'<li><mark class="hl st-{k}">{esc(k)}</mark> {esc(v.split(": ", 1)[1])}'
                                            f'</li>' for k, v in STATUSES) + "</ul>")


def _static(name: str) -> str:
    """A file of the page's style or script, shipped as package data (evaluation/static/)."""
    return resources.files(__package__).joinpath("static").joinpath(name).read_text(encoding="utf-8")


def render_html(results: Mapping[str, Mapping[str, Any]], view: Mapping[str, Any]) -> str:
    """The page, from the parsed result files and the document view (:func:`document_view`)."""
    ctx = context(results)
    tasks = tasks_present(results)
    nav = ['<a href="#headline">Headline</a>', '<a href="#systems">Systems</a>']
    nav += [f'<a href="#task-{esc(t)}">{esc(t)}</a>' for t in tasks]
    nav += ['<a href="#toponym-errors">Toponym errors</a>', '<a href="#document">Document view</a>',
            '<a href="#submit">How to submit</a>']
    if ctx is None:
        facts = "<p>No system could be scored.</p>"
    else:
        facts = (f'<p class="facts">newsbench <b id="newsbench-version">{esc(ctx.newsbench_version)}</b> · gold '
                 f'<code>{esc(ctx.gold_path)}</code>, {ctx.documents} document(s), sha256 '
                 f'<code id="gold-sha256">{esc(ctx.gold_sha256)}</code></p>'
                 f'<p class="note" id="intervals-note">{_inline(intervals_note(ctx, results))}</p>'
                 f'<p class="note">{_inline(legend_note())} Hover a number for its precision, recall and counts.</p>'
                 f'<p class="note" id="names-note">{_inline(names_note())}</p>')
    body = [
        '<header><h1>newsbench leaderboard</h1>', facts, f'<nav>{" · ".join(nav)}</nav></header>',
        '<main>',
        '<section id="headline"><h2>Headline</h2>',
        '<p class="note">Click a column header to sort (again to reverse); systems without a value stay last, '
        'reference rows stay apart.</p>',
        _headline_table(results), '</section>',
        _systems_section(results),
        *(_task_section(results, t) for t in tasks),
        '<section id="toponym-errors"><h2>Toponym error distances</h2>',
        '<p class="note">Per system, the share of its resolved toponyms (gold toponyms it found, Homonyms excluded) '
        'whose predicted place lies within a distance of the gold place; an unresolved toponym counts as '
        f'{MAX_ERROR_KM:g} km. Higher and further left is better.</p>',
        toponym_plot(results), _toponym_summary(results), '</section>',
        '<section id="document"><h2>Document view</h2>',
        '<div class="controls"><label>Document <select id="doc-select"></select></label> '
        '<label>System <select id="system-select"></select></label> '
        '<label>Layer <select id="layer-select"></select></label></div>',
        _legend(),
        '<div class="panes"><div class="pane-box"><h3 id="gold-title">Gold</h3><div id="pane-gold" class="pane">'
        '</div></div><div class="pane-box"><h3 id="system-title">System</h3><div id="pane-system" class="pane">'
        '</div></div></div>',
        '<div id="event-lists" class="panes"><div class="pane-box"><h3>Gold events</h3><ol id="events-gold"></ol>'
        '</div><div class="pane-box"><h3>System events</h3><ol id="events-system"></ol></div></div>',
        '</section>', _submit_section(), '</main>',
        '<footer><p>Generated by <code>newsbench leaderboard</code> from <code>eval/results/*.json</code>. '
        'Self-contained: no external resources.</p></footer>',
    ]
    css, script = (_static(name) for name in ("leaderboard.css", "leaderboard.js"))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>newsbench leaderboard</title>\n<style>\n" + css + "</style>\n</head>\n<body>\n"
            + "\n".join(part for part in body if part) + "\n"
            + '<script type="application/json" id="newsbench-data">' + json_for_script({"view": view})
            + "</script>\n<script>\n" + script + "</script>\n</body>\n</html>\n")
