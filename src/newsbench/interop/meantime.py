"""MEANTIME / NewsReader CAT XML: ``<token t_id sentence>`` and ``<Markables>`` (ENTITY_MENTION, ENTITY,
EVENT_MENTION, EVENT, TIMEX3, …) with ``<Relations>`` (REFERS_TO, HAS_PARTICIPANT, TLINK, …).

Text: the tokens detokenised (rules in :func:`detokenise`), one sentence a line. Entity mentions become
mentions of the entity their REFERS_TO names (coreference), typed by the entity's ``ent_type`` through
schema/import_mapping.json (LOC by the place rule; PRO, FIN, MIX are not ACE types and are not carried). Level from
``syntactic_type`` (NAM, NOM, PRO; PRE.NAM/PRE.NOM premodifiers as NAM/NOM; APP, HLS, PTV, ARC as NOM; CONJ —
conjoined mentions — not carried); where it is empty, inferred (a pronoun: PRO; every word capitalised: NAM; else
NOM) and counted. Head: the ``head`` attribute's word where given, else for names the name inside the extent
(:func:`_name_head`: no descriptor, apposition, bracket or title), for pronouns the whole extent and, for
nominals, the last word before a preposition, relative pronoun, comma or bracket.
TIMEX3 with values become timexes; the document creation time gives the anchor date (else the dateline,
counted; else "unknown").
Events: MEANTIME's classes (OTHER, SPEECH_COGNITIVE, GRAMMATICAL, …) are not ACE subtypes, so the events layer is
not declared (the report says why) and event mentions, events and their relations are counted as not carried;
:func:`read_meantime_events` reads them, with attributes, coreference and participants, for development.
MEANTIME annotates only the first sentences of each document: entities and timexes are declared over the range
from the start of the text to the end of the last sentence holding an annotated token.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Document
from ..validate import timex_value_ok
from .common import (
    ImportFailed, ImportMapping, ImportResult, PlaceRule, SourceMention, build_entities, count_items, declared,
    import_each, make_meta, make_timex, parse_xml,
)
from ..ontology import load_ontology

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


@dataclass(frozen=True)
class _Tokens:
    """A CAT XML document's text, detokenised one sentence a line, and where each token is in it."""

    text: str
    span_of: dict[str, tuple[int, int]]
    sentence_of: dict[str, int]
    sentence_end: list[int]
    position: dict[str, int]
    """Each token's index in document order (t_ids need not be numbers)."""

    def anchors(self, path: Path, el: ET.Element) -> list[str]:
        """A markable's token ids in document order; :class:`ImportFailed` for an id the document lacks."""
        ids = [a.get("t_id", "") for a in el.findall("token_anchor")]
        if any(i not in self.span_of for i in ids):
            raise ImportFailed(path, f"markable {el.get('m_id')}", f"expected token ids of the document, found {ids}")
        return sorted(ids, key=self.position.__getitem__)

    def contiguous(self, ids: list[str]) -> bool:
        return self.position[ids[-1]] - self.position[ids[0]] + 1 == len(set(ids))


def _tokens(path: Path, root: ET.Element) -> _Tokens:
    tokens = root.findall("token")
    if not tokens or root.find("Markables") is None:
        raise ImportFailed(path, "/", "expected <token> elements and <Markables>, found none")
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
    return _Tokens("".join(lines), span_of, sentence_of, sentence_end,
                   {t.get("t_id", ""): n for n, t in enumerate(tokens)})


def _relations(root: ET.Element) -> ET.Element:
    relations = root.find("Relations")
    return relations if relations is not None else ET.Element("Relations")


def _refers(relations: ET.Element) -> dict[str, str]:
    """REFERS_TO: each source mention's m_id -> the entity or event it refers to."""
    refers: dict[str, str] = {}
    for rel in relations.iter("REFERS_TO"):
        target = rel.find("target")
        for source in rel.findall("source"):
            if target is not None:
                refers[source.get("m_id", "")] = target.get("m_id", "")
    return refers


def _markables(root: ET.Element) -> ET.Element:
    """The document's <Markables>, which :func:`_tokens` has checked is there."""
    found = root.find("Markables")
    assert found is not None  # _tokens refuses a document without one
    return found


def _annotated_end(path: Path, toks: _Tokens, markables: ET.Element) -> int:
    """The end of the last sentence holding a token of some markable (0: nothing annotated): MEANTIME annotates
    the first sentences of each document only."""
    last = max((toks.sentence_of[i] for el in markables for i in toks.anchors(path, el)), default=-1)
    return toks.sentence_end[last] if last >= 0 else 0


def _document(path: Path, root: ET.Element, mapping: ImportMapping, rule: PlaceRule, result: ImportResult) -> Document:
    toks = _tokens(path, root)
    text, span_of = toks.text, toks.span_of
    token_text = {t.get("t_id", ""): t.text or "" for t in root.findall("token")}
    markables = _markables(root)
    relations = _relations(root)
    not_carried: Counter = Counter()

    def anchors(el: ET.Element) -> list[str]:
        return toks.anchors(path, el)

    contiguous = toks.contiguous

    entity_type = {e.get("m_id", ""): e.get("ent_type", "") for e in markables.iter("ENTITY")}
    not_carried["dbpedia-link"] += sum(1 for e in markables.iter("ENTITY") if e.get("external_ref"))
    refers = _refers(relations)
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
        if h is None and level == load_ontology().name_level:
            first, last = _name_head(words, mapping.titles if ace == "PER" else frozenset())
            head_start, head_end = span_of[ids[first]][0], span_of[ids[last]][1]
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
            if any(el.get(k) and el.get(k) != el.get("m_id", "") for k in ("anchorTimeID", "beginPoint", "endPoint")):
                not_carried["timex-anchoring"] += 1  # TIMEX3 anchors and durations' end points: no such fields
    timexes.sort()
    carried_timexes = tuple(make_timex(i + 1, text, s, e, t, v) for i, (s, e, t, v) in enumerate(timexes))
    # every other markable (EVENT_MENTION, EVENT, VALUE, SIGNAL, …) and relation (HAS_PARTICIPANT, TLINK, …)
    not_carried.update(el.tag.lower() for el in markables if el.tag not in _MARKABLES_READ)
    not_carried.update(el.tag.lower() for el in relations if el.tag != "REFERS_TO")
    event_ids = {e.get("m_id", "") for e in markables.iter("EVENT")}
    not_carried["refers_to-event"] += sum(1 for target in refers.values() if target in event_ids)
    not_carried["refers_to-unresolved"] += sum(1 for target in refers.values()
                                               if target not in event_ids and target not in entity_type)
    if not anchor:
        anchor = _dateline(text)
        result.carried["anchor-date-from-dateline"] += bool(anchor)
    end = _annotated_end(path, toks, markables)
    layers = {"entities": [(0, end)], "timexes": [(0, end)]} if end else {}
    title = text.split("\n", 1)[0]
    doc = Document(
        doc_id=f"meantime_{root.get('doc_id')}", text=text,
        meta=make_meta(text, title=title, url=root.get("url", ""), published=anchor, anchor_date=anchor),
        entities=entities, mentions=mentions, timexes=carried_timexes, annotated=declared(layers),
    )
    result.not_carried.update(+not_carried)
    result.undeclared.setdefault("events", UNDECLARED_EVENTS)
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


_NAME_CONNECTORS = {"of", "and", "&", "de", "du", "del", "la", "le", "van", "von", "der", "al", "bin", "y"}
_DETERMINERS = {"the", "a", "an"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "on", "located", "outside", "inside", "from"}


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _name_head(words: Sequence[str], titles: frozenset[str]) -> tuple[int, int]:
    """First and last word of the name inside a name mention's extent, where MEANTIME gives no head word. Its
    name extents hold descriptors, appositions and brackets (made-up examples: "Ruritanian carmaker Acme", "the
    Globex Space Agency (GSA)", "low cost airline, Acme Air", "the Acme Arena in Springfield"); the head is the
    name (guidelines R5): the words before a bracket; of the parts between commas, the first, unless it ends in a
    lower-case word (a descriptor) or is a person's titles only; in that part, the words before a place
    preposition; there, the last run of capitalised words (connectors such as "of" inside), without a leading
    article ("The" opening a sentence) and, for persons, the titles of ``head_rule.titles``. No capitalised run:
    the whole extent."""
    end = next((i for i, w in enumerate(words) if w in ("(", "-LRB-")), len(words))
    parts: list[tuple[int, int]] = []
    start = 0
    for i in range(end + 1):
        if i == end or words[i] == ",":
            if start < i:
                parts.append((start, i))
            start = i + 1
    for k, (a, b) in enumerate(parts):
        more = k + 1 < len(parts)
        if more and not _capitalised(words[b - 1]):
            continue  # a descriptor before the name: "low cost airline, Acme Air"
        b = next((i for i in range(a + 1, b) if words[i].lower() in _PLACE_PREPOSITIONS
                  and any(_capitalised(w) for w in words[a:i])), b)
        run = None
        i = b - 1
        while i >= a:
            if _capitalised(words[i]):
                j = i
                while j - 1 >= a and (_capitalised(words[j - 1]) or (
                        words[j - 1].lower() in _NAME_CONNECTORS and j - 2 >= a and _capitalised(words[j - 2]))):
                    j -= 1
                run = (j, i)
                break
            i -= 1
        if run is None:
            continue
        j, i = run
        while j < i and words[j].lower() in _DETERMINERS:  # "The GAO" at the start of a sentence
            j += 1
        last_title = max((x for x in range(j, i + 1) if words[x].rstrip(".").lower() in titles), default=None)
        if last_title is not None:
            rest = [x for x in range(last_title + 1, i + 1)]
            if not rest or not _capitalised(words[rest[0]]):
                if more:
                    continue  # a person's titles only: "the Prime Minister of Ruritania, Mr. Ann Lee"
                return j, i
            j = rest[0]
        return j, i
    return 0, len(words) - 1


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


# --- events, for development: read, not carried ----------------------------------------------------------------

UNDECLARED_EVENTS = (
    "MEANTIME's event classes (OTHER, SPEECH_COGNITIVE, GRAMMATICAL, MIX) are not ACE 2005 subtypes and its "
    "participants are PropBank roles: event mentions are counted, not carried; "
    "newsbench.interop.meantime.read_meantime_events reads them (docs/interop.md)")
EVENT_ATTRIBUTES = ("pred", "pos", "tense", "aspect", "certainty", "polarity", "time", "modality", "special_cases")
"""The EVENT_MENTION attributes :func:`read_meantime_events` returns (all MEANTIME has, but ``comment``)."""


@dataclass(frozen=True)
class MeantimeParticipant:
    """A HAS_PARTICIPANT link of an event mention: its role and the participant markable's span (None: no tokens)."""

    role: str
    framework: str
    target: str
    span: tuple[int, int] | None


@dataclass(frozen=True)
class MeantimeEventMention:
    """One EVENT_MENTION: its span (code points, half-open, first to last token), MEANTIME's attributes, the EVENT
    it refers to (mentions sharing it corefer), that event's class, and its participants."""

    m_id: str
    start: int
    end: int
    text: str
    contiguous: bool
    """False when its tokens do not follow one another (the span then covers the gap)."""
    attributes: Mapping[str, str]
    event: str | None
    event_class: str | None
    participants: tuple[MeantimeParticipant, ...]


@dataclass(frozen=True)
class MeantimeEvents:
    """The event annotation of one document, over the same text and doc id as the importer's document."""

    doc_id: str
    text: str
    annotated_end: int
    """Annotation covers the text from 0 to here (the importer's declared ranges)."""
    mentions: tuple[MeantimeEventMention, ...]
    without_tokens: int
    """EVENT_MENTION elements with no token (none in MEANTIME English): not in ``mentions``."""


def read_meantime_events(paths: Sequence[Path]) -> list[MeantimeEvents]:
    """Every event mention of MEANTIME CAT XML files, with attributes, coreference and participants, for
    development (deriving trigger lexicons, measuring trigger detection); nothing here becomes a newsbench event."""
    out = []
    for path in map(Path, paths):
        root = parse_xml(path, "CAT XML")
        toks = _tokens(path, root)
        markables = _markables(root)
        relations = _relations(root)
        refers = _refers(relations)
        event_class = {e.get("m_id", ""): e.get("class") for e in markables.iter("EVENT")}
        spans = {}
        for el in markables:
            ids = toks.anchors(path, el)
            if ids:
                spans[el.get("m_id", "")] = (toks.span_of[ids[0]][0], toks.span_of[ids[-1]][1])
        participants: dict[str, list[MeantimeParticipant]] = {}
        for rel in relations.iter("HAS_PARTICIPANT"):
            source, target = rel.find("source"), rel.find("target")
            if source is not None and target is not None:
                participants.setdefault(source.get("m_id", ""), []).append(MeantimeParticipant(
                    rel.get("sem_role", ""), rel.get("sem_role_framework", ""), target.get("m_id", ""),
                    spans.get(target.get("m_id", ""))))
        mentions, without = [], 0
        for el in markables.iter("EVENT_MENTION"):
            ids = toks.anchors(path, el)
            if not ids:
                without += 1
                continue
            m_id = el.get("m_id", "")
            start, end = spans[m_id]
            referent = refers.get(m_id)
            event = referent if referent in event_class else None
            mentions.append(MeantimeEventMention(
                m_id, start, end, toks.text[start:end], toks.contiguous(ids),
                {k: el.get(k) or "" for k in EVENT_ATTRIBUTES}, event, event_class.get(event) if event else None,
                tuple(participants.get(m_id, ()))))
        end = _annotated_end(path, toks, markables)
        out.append(MeantimeEvents(f"meantime_{root.get('doc_id', '')}", toks.text, end,
                                  tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.m_id))), without))
    return out
