"""MEANTIME / NewsReader CAT XML: ``<token t_id sentence>`` and ``<Markables>`` (ENTITY_MENTION, ENTITY,
EVENT_MENTION, EVENT, TIMEX3, …) with ``<Relations>`` (REFERS_TO, HAS_PARTICIPANT, TLINK, …).

Text: the tokens detokenised (rules in :func:`detokenise`), one sentence a line. Entity mentions become
mentions of the entity their REFERS_TO names (coreference), typed by the entity's ``ent_type`` through
schema/import_mapping.json (LOC by the place rule; PRO, FIN, MIX are not ACE types and are not carried). Level from
``syntactic_type`` (NAM, NOM, PRO; PRE.NAM/PRE.NOM premodifiers as NAM/NOM; APP, HLS, PTV, ARC as NOM; CONJ —
conjoined mentions — not carried); where it is empty, inferred (a pronoun: PRO; every word capitalised: NAM; else
NOM) and counted. Head: the ``head`` attribute's word where given, else the whole extent for names and pronouns
and, for nominals, the last word before a preposition, relative pronoun, comma or bracket.
TIMEX3 with values become timexes; the document creation time gives the anchor date (else the dateline,
counted; else "unknown").
Events: MEANTIME's classes (OTHER, SPEECH_COGNITIVE, GRAMMATICAL, …) are not ACE subtypes, so the events layer is
not declared and event mentions, events and their relations are counted as not carried.
MEANTIME annotates only the first sentences of each document: entities and timexes are declared over the range
from the start of the text to the end of the last sentence holding an annotated token.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from collections.abc import Sequence

from ..model import Document
from ..ontology import load_ontology
from ..validate import timex_value_ok
from .common import (
    ImportFailed, ImportMapping, ImportResult, PlaceRule, SourceMention, build_entities, count_items, declared,
    import_each, make_meta, make_timex, parse_xml,
)

FORMAT = "meantime"
# MEANTIME's syntactic_type -> the kind of mention it is (the ontology's mention_level_kinds gives its level)
LEVEL_KINDS = {"NAM": "name", "NOM": "nominal", "PRO": "pronoun", "PRE.NAM": "name", "PRE.NOM": "nominal",
               "APP": "nominal", "HLS": "nominal", "PTV": "nominal", "ARC": "nominal"}
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", "%", ")", "]", "}", "''", "n't", "'s", "'re", "'ve", "'ll",
                    "'d", "'m", "'", "…"}
_NO_SPACE_AFTER = {"(", "[", "{", "``", "$", "#"}
_PRONOUNS = {"i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his",
             "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "this", "that", "these",
             "those", "who", "whom", "whose", "which", "himself", "herself", "itself", "themselves", "ourselves"}
_NOMINAL_HEAD_STOPS = {"of", "in", "on", "at", "for", "with", "from", "by", "to", "that", "which", "who", "whose",
                       ",", "(", "-LRB-"}
_MARKABLES_READ = frozenset({"ENTITY_MENTION", "ENTITY", "TIMEX3"})
_SMALL_WORDS = {"of", "the", "and", "for", "de", "in", "on", "a", "an", "&"}


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens with single spaces except before closing punctuation and clitics, after opening brackets and
    currency signs, and inside straight double quotes (which alternate open / close). Returns the text and each
    token's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    quote_open = False
    glue_next = True
    for tok in tokens:
        is_quote = tok == '"'
        space = not glue_next and tok not in _NO_SPACE_BEFORE and not (is_quote and quote_open)
        if space:
            parts.append(" ")
            pos += 1
        spans.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
        glue_next = tok in _NO_SPACE_AFTER or tok.endswith("$") or (is_quote and not quote_open)
        if is_quote:
            quote_open = not quote_open
    return "".join(parts), spans


def read_meantime(paths: Sequence[Path], *, mapping: ImportMapping | None = None,
                  rule: PlaceRule | None = None) -> ImportResult:
    """Import MEANTIME CAT XML files; document ids are ``meantime_<doc_id>``."""
    def documents_of(path: Path, mapping: ImportMapping, rule: PlaceRule, result: ImportResult) -> list[Document]:
        return [_document(path, parse_xml(path, "CAT XML"), mapping, rule, result)]
    return import_each(paths, mapping, rule, documents_of)


def _document(path: Path, root: ET.Element, mapping: ImportMapping, rule: PlaceRule, result: ImportResult) -> Document:
    tokens = root.findall("token")
    markables = root.find("Markables")
    if not tokens or markables is None:
        raise ImportFailed(path, "/", "expected <token> elements and <Markables>, found none")
    token_text = {t.get("t_id", ""): t.text or "" for t in tokens}
    position = {t.get("t_id", ""): n for n, t in enumerate(tokens)}  # document order (t_ids need not be numbers)
    sentences: dict[str, list[ET.Element]] = {}
    for t in tokens:
        sentences.setdefault(t.get("sentence", ""), []).append(t)
    lines: list[str] = []
    span_of: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    sentence_end: list[int] = []
    pos = 0
    for k, toks in enumerate(sentences.values()):
        if lines:
            lines.append("\n")
            pos += 1
        line, spans = detokenise([t.text or "" for t in toks])
        for t, (s, e) in zip(toks, spans, strict=True):
            span_of[t.get("t_id", "")] = (pos + s, pos + e)
            sentence_of[t.get("t_id", "")] = k
        lines.append(line)
        pos += len(line)
        sentence_end.append(pos)
    text = "".join(lines)
    relations = root.find("Relations")
    relations = relations if relations is not None else ET.Element("Relations")
    not_carried: Counter = Counter()
    last_sentence = -1

    def anchors(el: ET.Element) -> list[str]:
        """The markable's token ids in document order."""
        ids = [a.get("t_id", "") for a in el.findall("token_anchor")]
        if any(i not in span_of for i in ids):
            raise ImportFailed(path, f"markable {el.get('m_id')}", f"expected token ids of the document, found {ids}")
        return sorted(ids, key=position.__getitem__)

    def contiguous(ids: list[str]) -> bool:
        return position[ids[-1]] - position[ids[0]] + 1 == len(set(ids))

    for el in markables:
        ids = anchors(el)
        if ids:
            last_sentence = max(last_sentence, max(sentence_of[i] for i in ids))
    entity_type = {e.get("m_id", ""): e.get("ent_type", "") for e in markables.iter("ENTITY")}
    not_carried["dbpedia-link"] += sum(1 for e in markables.iter("ENTITY") if e.get("external_ref"))
    refers: dict[str, str] = {}
    for rel in relations.iter("REFERS_TO"):
        target = rel.find("target")
        for source in rel.findall("source"):
            if target is not None:
                refers[source.get("m_id", "")] = target.get("m_id", "")
    found: list[SourceMention] = []
    inferred = 0
    for el in markables.iter("ENTITY_MENTION"):
        ids = anchors(el)
        m_id = el.get("m_id", "")
        if not ids:
            not_carried["mention-without-tokens"] += 1
            continue
        if not contiguous(ids):
            not_carried["discontinuous-mention"] += 1
            continue
        target = refers.get(m_id)
        if target is None or target not in entity_type:
            not_carried["mention-without-entity"] += 1
            continue
        ace = mapping.ace_class(FORMAT, entity_type[target])
        if ace is None:
            not_carried[f"class-unmapped:{entity_type[target] or 'none'}"] += 1
            continue
        syntactic = el.get("syntactic_type") or ""
        words = [token_text[i] for i in ids]
        if syntactic == "CONJ":
            not_carried["conjoined-mention"] += 1
            continue
        kind = LEVEL_KINDS.get(syntactic)
        level = load_ontology().mention_level_kinds[kind] if kind else None
        if level is None:
            level = _infer_level(words)
            inferred += 1
        start, end = span_of[ids[0]][0], span_of[ids[-1]][1]
        h = _head_index(words, level, el.get("head") or "")
        head_start, head_end = (start, end) if h is None else span_of[ids[h]]
        found.append(SourceMention(start, end, head_start, head_end, level, target, ace))
    entities, mentions = build_entities(text, found, rule, not_carried)
    timexes = []
    anchor = ""
    for el in markables.iter("TIMEX3"):
        ids = anchors(el)
        value, type_ = el.get("value") or "", el.get("type") or ""
        if el.get("functionInDocument") == "CREATION_TIME" and timex_value_ok("DATE", value) and len(value) >= 10:
            anchor = value[:10]
        if not ids:
            not_carried["timex-without-tokens"] += 1
        elif not contiguous(ids):
            not_carried["discontinuous-timex"] += 1
        elif not timex_value_ok(type_, value):
            not_carried["timex-value-not-timex3"] += 1
        else:
            timexes.append((span_of[ids[0]][0], span_of[ids[-1]][1], type_, value))
            if any(el.get(k) and el.get(k) != el.get("m_id") for k in ("anchorTimeID", "beginPoint", "endPoint")):
                not_carried["timex-anchoring"] += 1  # TIMEX3 anchors and durations' end points: no such fields
    timexes.sort()
    carried_timexes = tuple(make_timex(i + 1, text, s, e, t, v) for i, (s, e, t, v) in enumerate(timexes))
    # every other markable (EVENT_MENTION, EVENT, VALUE, SIGNAL, …) and relation (HAS_PARTICIPANT, TLINK, …)
    not_carried.update(el.tag.lower() for el in markables if el.tag not in _MARKABLES_READ)
    not_carried.update(el.tag.lower() for el in relations if el.tag != "REFERS_TO")
    event_ids = {e.get("m_id") for e in markables.iter("EVENT")}
    not_carried["refers_to-event"] += sum(1 for target in refers.values() if target in event_ids)
    not_carried["refers_to-unresolved"] += sum(1 for target in refers.values()
                                               if target not in event_ids and target not in entity_type)
    if not anchor:
        anchor = _dateline(text)
        result.carried["anchor-date-from-dateline"] += bool(anchor)
    end = sentence_end[last_sentence] if last_sentence >= 0 else 0
    layers = {"entities": [(0, end)], "timexes": [(0, end)]} if end else {}
    title = text.split("\n", 1)[0]
    doc = Document(
        doc_id=f"meantime_{root.get('doc_id')}", text=text,
        meta=make_meta(text, title=title, url=root.get("url", ""), published=anchor, anchor_date=anchor),
        entities=entities, mentions=mentions, timexes=carried_timexes, annotated=declared(layers),
    )
    result.not_carried.update(+not_carried)
    result.carried["mentions-level-inferred"] += inferred
    count_items(result, doc)
    return doc


def _dateline(text: str) -> str:
    """The date of the dateline (the second line, "September 01, 2007"), ISO 8601, or "" when it is not one."""
    lines = text.split("\n")
    try:
        return dt.datetime.strptime(lines[1].strip(), "%B %d, %Y").date().isoformat() if len(lines) > 1 else ""
    except ValueError:
        return ""


def _infer_level(words: Sequence[str]) -> str:
    onto = load_ontology()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return onto.pronoun_level
    content = [w for w in words if w.lower() not in _SMALL_WORDS and re.search(r"\w", w)]
    if content and all(w[:1].isupper() or w[:1].isdigit() for w in content):
        return onto.name_level
    return onto.nominal_level


def _head_index(words: Sequence[str], level: str, head: str) -> int | None:
    """Index of the head word; None: the whole extent."""
    if head and head in words:
        return len(words) - 1 - words[::-1].index(head) if level == load_ontology().nominal_level else words.index(head)
    if level != load_ontology().nominal_level:
        return None
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _NOMINAL_HEAD_STOPS:
            return i - 1
    return len(words) - 1
