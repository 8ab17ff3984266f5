"""OneIE / TextEE JSON lines in the ACE05-E shape: one line per unit (a sentence, see :mod:`.units`) with
``tokens``, ``entity_mentions`` (``entity_type``, ``mention_type``, ``entity_subtype``, token ``start``/``end``,
end exclusive), ``event_mentions`` (``event_type`` as ``Type:Subtype``, ``trigger`` with token offsets,
``arguments`` naming an entity mention by ``entity_id`` with its ``role`` and, as TextEE writes them, its token
``start``/``end``) and an empty ``relation_mentions``; TextEE's ``wnd_id``, ``text`` and ``lang`` too.

Beside the ACE05-E keys (readers ignore keys they do not know) a line carries what newsbench needs to come back
exactly: ``sentence_start`` (code point of the unit in the document text), ``entity_id`` on a mention (its
coreference cluster), ``head_start``/``head_end`` (token offsets of its head), ``event_id`` and ``attributes`` on
an event mention, and ``timex_mentions`` (``timex_type``, ``value``, token offsets), which an event mention's
``time_arguments`` name (ACE05-E, and OneIE's loader, have no time mentions: ``arguments`` name entity mentions only).
Toponyms have no place in the format (counted as not carried).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..model import (Document, Mention, PredictedArgument, PredictedEventMention, PredictedMention, PredictedTimex,
                     SubmissionDocument, Timex)
from ..ontology import load_ontology
from .problems import Conversion, interop_problem
from .units import (Unaligned, align_sentence, align_tokens, declared_part, export_units, span_of_tokens, token_index,
                    units_within)

FORMAT = "oneie"


def ace_event_type(event_type: str) -> str:
    """newsbench ``Conflict.Attack`` as ACE05-E writes it, ``Conflict:Attack``."""
    return event_type.replace(".", ":", 1)


def newsbench_event_type(event_type: str) -> str:
    """The newsbench event type of an ACE05-E one (``Conflict:Attack`` -> ``Conflict.Attack``)."""
    return event_type.replace(":", ".", 1)


def export_document(doc: Document, conversion: Conversion) -> list[dict[str, Any]]:
    """The JSON lines (as objects) of one document: the sentences where its declared layers are annotated."""
    conversion.note("not-carried-layer", f"{FORMAT}: toponyms (no place in the format)", len(doc.toponyms))
    doc, windows = declared_part(doc, ("entities", "timexes", "events"), FORMAT, conversion)
    entities = {e.id: e for e in doc.entities}
    events = {e.id: e for e in doc.events}
    lines = []
    for k, unit in enumerate(units_within(doc, export_units(doc), windows, FORMAT, conversion)):
        first, after = token_index(unit)

        def tok(start: int, end: int) -> dict[str, int]:
            return {"start": first[start], "end": after[end]}

        def inside(start: int) -> bool:
            return unit.start <= start < unit.end

        mentions = [m for m in doc.mentions if inside(m.start)]
        timexes = [t for t in doc.timexes if inside(t.start)]
        entity_refs = {m.id for m in mentions}
        line: dict[str, Any] = {
            "doc_id": doc.doc_id,
            "sent_id": f"{doc.doc_id}-{k}",
            "wnd_id": f"{doc.doc_id}-{k}",
            "lang": doc.meta.language,
            "sentence": doc.text[unit.start:unit.end],
            "text": doc.text[unit.start:unit.end],
            "sentence_start": unit.start,
            "tokens": [doc.text[s:e] for s, e in unit.tokens],
            "entity_mentions": [
                {"id": m.id, "entity_id": m.entity, "text": m.text, "entity_type": m.type,
                 **({"entity_subtype": entities[m.entity].subtype} if entities[m.entity].subtype else {}),
                 "mention_type": m.level, **tok(m.start, m.end),
                 "head_start": first[m.head_start], "head_end": after[m.head_end]}
                for m in mentions],
            "timex_mentions": [
                {"id": t.id, "text": t.text, "timex_type": t.type, "value": t.value, **tok(t.start, t.end)}
                for t in timexes],
            "relation_mentions": [],
            "event_mentions": [
                {"id": em.id, "event_id": em.event, "event_type": ace_event_type(events[em.event].type),
                 "attributes": events[em.event].attributes,
                 "trigger": {"text": em.text, **tok(em.start, em.end)},
                 "arguments": [{"entity_id": a.ref, "role": a.role} for a in em.arguments if a.ref in entity_refs],
                 "time_arguments": [{"entity_id": a.ref, "role": a.role} for a in em.arguments
                                    if a.ref not in entity_refs]}
                for em in doc.event_mentions if inside(em.start)],
        }
        refs: dict[str, Mention | Timex] = {m.id: m for m in mentions} | {t.id: t for t in timexes}
        for em in line["event_mentions"]:
            for a in em["arguments"] + em["time_arguments"]:
                filler = refs[a["entity_id"]]
                a |= {"text": filler.text, **tok(filler.start, filler.end)}
        lines.append(line)
    return lines


def export(docs: Iterable[Document], conversion: Conversion) -> str:
    """The whole corpus as JSON lines (UTF-8 text, one object per line)."""
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for doc in docs
                   for line in export_document(doc, conversion))


# --- submission-from ------------------------------------------------------------------------------


def read_lines(text: str, file: str, conversion: Conversion) -> list[dict]:
    """The JSON objects of a JSON-lines text; a line that is not one is a problem."""
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except json.JSONDecodeError as e:
            conversion.problems.append(interop_problem("interop-input-malformed", file, None, f"line {n}",
                                                       f"expected a JSON object, found invalid JSON ({e.msg})"))
            continue
        if not isinstance(line, dict) or not isinstance(line.get("doc_id"), str) \
                or not isinstance(line.get("tokens"), list) or not all(isinstance(t, str) for t in line["tokens"]):
            conversion.problems.append(interop_problem(
                "interop-input-malformed", file, None, f"line {n}",
                "expected an object with a string doc_id and a list of string tokens"))
            continue
        line["_line"] = n
        if "graph" in line and "entity_mentions" not in line and "event_mentions" not in line:
            line = _from_graph(line, file, n, conversion)
            if line is None:
                continue
        out.append(line)
    return out


def _from_graph(line: dict, file: str, n: int, conversion: Conversion) -> dict | None:
    """A line of OneIE's own prediction output (``predict.py``: ``graph`` with ``entities`` [start, end, type,
    mention type, score], ``triggers`` [start, end, event type, score] and ``roles`` [trigger index, entity index,
    role, score], token offsets end exclusive) in the ACE05-E shape; None after a problem."""
    graph = line["graph"]
    try:
        entities = [{"id": f"graph-entity-{k}", "entity_type": e[2], "start": e[0], "end": e[1],
                     **({"mention_type": e[3]} if len(e) > 4 else {})} for k, e in enumerate(graph["entities"])]
        triggers = [{"event_type": t[2], "trigger": {"start": t[0], "end": t[1]}, "arguments": []}
                    for t in graph["triggers"]]
        for trigger, entity, role, *_ in graph.get("roles", ()):
            triggers[trigger]["arguments"].append({"entity_id": entities[entity]["id"], "role": role})
    except (KeyError, IndexError, TypeError, ValueError):
        conversion.problems.append(interop_problem(
            "interop-input-malformed", file, line["doc_id"], f"line {n}",
            "expected OneIE's graph: entities [start, end, type, mention type, score], triggers [start, end, type, "
            "score], roles [trigger, entity, role, score]"))
        return None
    return {**line, "entity_mentions": entities, "event_mentions": triggers}


def submission_documents(text: str, file: str, gold: Mapping[str, Document],
                         conversion: Conversion) -> list[SubmissionDocument]:
    """A system's JSON lines (the shape :func:`export` writes, the newsbench keys optional; or OneIE's prediction
    output, see :func:`_from_graph`) as submission documents: token offsets become code-point offsets by aligning
    each line's tokens to the gold text."""
    onto = load_ontology()
    lines = read_lines(text, file, conversion)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        by_doc[line["doc_id"]].append(line)
    has = {key: any(key in line for line in lines) for key in ("entity_mentions", "timex_mentions", "event_mentions")}
    out = []
    for doc_id, doc_lines in by_doc.items():
        if doc_id not in gold:
            conversion.problems.append(interop_problem("interop-unknown-doc", file, doc_id,
                                                       f"line {doc_lines[0]['_line']}",
                                                       f"expected a doc_id of the gold ({len(gold)} documents)"))
            continue
        gold_text = gold[doc_id].text
        mentions: list[PredictedMention] = []
        timexes: list[PredictedTimex] = []
        event_mentions: list[PredictedEventMention] = []
        pos = 0
        for line in doc_lines:
            where = f"line {line['_line']}"
            start = line.get("sentence_start")
            try:
                if isinstance(start, int) and not isinstance(start, bool):
                    spans, pos = align_tokens(gold_text, line["tokens"], start)
                else:  # lines in document order; a sentence without predictions may be left out
                    spans, pos = align_sentence(gold_text, line["tokens"], pos)
            except Unaligned as e:
                conversion.problems.append(interop_problem("interop-token-unaligned", file, doc_id, where, str(e)))
                break
            _line_items(line, spans, where, file, doc_id, onto, conversion, mentions, timexes, event_mentions)
        out.append(SubmissionDocument(
            doc_id=doc_id,
            mentions=tuple(mentions) if has["entity_mentions"] else None,
            timexes=tuple(timexes) if has["timex_mentions"] else None,
            event_mentions=tuple(event_mentions) if has["event_mentions"] else None,
        ))
    return out


def _line_items(line: dict, spans: list[tuple[int, int]], where: str, file: str, doc_id: str, onto,
                conversion: Conversion, mentions: list, timexes: list, event_mentions: list) -> None:
    def span(item: Any, pointer: str) -> tuple[int, int] | None:
        i, j = (item.get("start"), item.get("end")) if isinstance(item, dict) else (None, None)
        if not (isinstance(i, int) and isinstance(j, int) and 0 <= i < j <= len(spans)):
            conversion.problems.append(interop_problem(
                "interop-span-invalid", file, doc_id, f"{where} {pointer}",
                f"expected token offsets 0 <= start < end <= {len(spans)}, found {i!r}, {j!r}"))
            return None
        return span_of_tokens(spans, i, j)

    def listed(value: Any, pointer: str) -> list[tuple[int, dict]]:
        """(index, object) of a list of objects; anything else is a problem."""
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(x, dict) for x in value):
            return list(enumerate(value))
        conversion.problems.append(interop_problem("interop-input-malformed", file, doc_id, f"{where} {pointer}",
                                                   f"expected a list of objects, found {json.dumps(value)[:40]}"))
        return []

    refs: dict[str, tuple[int, int]] = {}

    def located(key: str) -> Iterator[tuple[dict[str, Any], tuple[int, int]]]:
        """(item, code-point span) of the line's ``key`` items; one with an id can be named by an argument."""
        for k, item in listed(line.get(key), f"/{key}"):
            s = span(item, f"/{key}/{k}")
            if s is not None:
                if isinstance(item.get("id"), str):
                    refs[item["id"]] = s
                yield item, s

    for m, s in located("entity_mentions"):
        etype = m.get("entity_type")
        if not isinstance(etype, str) or etype not in onto.entity_types:
            conversion.note("not-carried-label", f"{FORMAT}: entity_type {etype!r}")
            continue
        level = m.get("mention_type") if m.get("mention_type") in onto.mention_levels else None
        cluster = m.get("entity_id") if isinstance(m.get("entity_id"), str) and m.get("entity_id") else None
        mentions.append(PredictedMention(*s, etype, level, cluster))
    for t, s in located("timex_mentions"):
        ttype = t.get("timex_type") if t.get("timex_type") in onto.timex_types else None
        value = t.get("value") if isinstance(t.get("value"), str) else None
        timexes.append(PredictedTimex(*s, ttype, value))
    for k, em in listed(line.get("event_mentions"), "/event_mentions"):
        s = span(em.get("trigger"), f"/event_mentions/{k}/trigger")
        if s is None:
            continue
        etype = newsbench_event_type(str(em.get("event_type")))
        if etype not in onto.event_types:
            conversion.note("not-carried-label", f"{FORMAT}: event_type {em.get('event_type')!r}")
            continue
        arguments = []
        for key, a_k, a in [(name, a_k, a) for name in ("arguments", "time_arguments")
                            for a_k, a in listed(em.get(name), f"/event_mentions/{k}/{name}")]:
            pointer = f"/event_mentions/{k}/{key}/{a_k}"
            if "start" in a:  # TextEE writes the argument's own token offsets
                a_span = span(a, pointer)
            elif isinstance(a.get("entity_id"), str) and a["entity_id"] in refs:
                a_span = refs[a["entity_id"]]
            else:
                conversion.problems.append(interop_problem(
                    "interop-reference-dangling", file, doc_id, f"{where} {pointer}",
                    f"expected entity_id to name a mention of the line, found {a.get('entity_id')!r}"))
                continue
            if a_span is not None:
                arguments.append(PredictedArgument(str(a.get("role")), *a_span))
        attributes = em.get("attributes")
        cluster = em.get("event_id") if isinstance(em.get("event_id"), str) and em.get("event_id") else None
        event_mentions.append(PredictedEventMention(
            *s, etype, cluster,
            dict(attributes) if isinstance(attributes, dict) else None, tuple(arguments)))
