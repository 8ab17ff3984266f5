"""CoNLL-U with CorefUD ``Entity=`` annotation in MISC (GUM and the other CorefUD corpora), read with ``conllu``.

Text: sentences from ``# text =`` joined by one space, paragraphs (``# newpar``) by a blank line, documents split
at ``# newdoc id``; each token's offsets come from finding its form in the sentence text (``SpaceAfter=No`` is
checked against it). Mentions: from ``Entity=`` brackets on syntactic words; the fields are named by the file's
``# global.Entity`` line (GUM: ``GRP-etype-infstat-salience-centering-minspan-link-identity``); the head is the
CorefUD ``head`` field where present, else the word of the span whose syntactic head lies outside it, widened to
the adjacent parts of a name; level NAM when the head is a proper noun, PRO when a pronoun, NOM otherwise.
Classes map to ACE types through schema/import_mapping.json (``place`` by the place rule). Timexes: GUM's
``<date when=…>`` and ``<time when=…>`` markup (``XML=`` in MISC), with the ``when`` value (DATE, or TIME).
Not carried, counted per reason (docs/interop.md): unmapped classes, discontinuous mentions, bridging, split
antecedents, Wikipedia links (newsbench's format has no field for them; counted per linked entity), dates without a
single value (ranges, bounds), the other per-mention attributes, comments, MISC keys and XML markup, the trees.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator, Sequence

import conllu

from ..model import Document, Timex
from ..ontology import load_ontology
from ..validate import timex_value_ok
from .common import (
    ImportFailed, ImportMapping, ImportResult, PlaceRule, SourceMention, build_entities, count_items, declared,
    import_each, make_meta, make_timex,
)

FORMAT = "corefud"
DEFAULT_FIELDS = ("eid", "etype", "head", "other")
_XML_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+:::\"[^\"]*\")*)\s*(/?)>")
_COMMENTS_READ = frozenset({"newdoc id", "newpar", "newpar id", "sent_id", "text", "global.Entity", "meta::title",
                            "meta::sourceURL", "meta::dateCreated", "meta::dateModified"})
_MISC_READ = frozenset({"Entity", "SpaceAfter", "XML", "Bridge", "SplitAnte"})
"""What the importer reads; every other comment (per sentence) and MISC key (per token) is counted as not carried."""
TIME_ELEMENTS = ("date", "time")
"""The TEI elements of GUM's XML markup that carry normalised times (``when``, or a range)."""
_XML_ATTR = re.compile(r"([\w.-]+):::\"([^\"]*)\"")


@dataclass
class _Word:
    start: int
    end: int
    form: str
    head: int
    upos: str
    xpos: str
    deprel: str
    misc: dict


def read_corefud(paths: Sequence[Path], *, mapping: ImportMapping | None = None,
                 rule: PlaceRule | None = None) -> ImportResult:
    """Import CoNLL-U + CorefUD files; one newsbench document per ``# newdoc id`` (doc id: that id)."""
    def documents_of(path: Path, mapping: ImportMapping, rule: PlaceRule, result: ImportResult) -> list[Document]:
        docs, fields = [], DEFAULT_FIELDS
        for sentences in _documents(path):
            fields = _entity_fields(sentences[0], fields)  # a file declares its fields once, before its first doc
            docs.append(_document(path, sentences, fields, mapping, rule, result))
        return docs
    return import_each(paths, mapping, rule, documents_of)


def _documents(path: Path) -> Iterator[list[conllu.TokenList]]:
    try:
        with path.open(encoding="utf-8") as f:
            current: list[conllu.TokenList] = []
            for sentence in conllu.parse_incr(f):
                if "newdoc id" in sentence.metadata and current:
                    yield current
                    current = []
                current.append(sentence)
            if current:
                yield current
    except (OSError, UnicodeDecodeError, conllu.exceptions.ParseException) as e:
        raise ImportFailed(path, "/", f"expected CoNLL-U, found {e}") from None


def _entity_fields(sentence: conllu.TokenList, fields: tuple[str, ...]) -> tuple[str, ...]:
    declared_fields = sentence.metadata.get("global.Entity")
    if not declared_fields:
        return fields
    names = declared_fields.split("-")
    return ("eid", *names[1:])  # the first field is the entity id, whatever its name (GUM: GRP)


_COLUMNS = ("id", "form", "lemma", "upos", "xpos", "feats", "head", "deprel", "deps", "misc")


def _check_columns(path: Path, sent_id: str, sentence: conllu.TokenList) -> None:
    """Every token has the ten CoNLL-U columns, with an id and, for words, a head that are numbers."""
    for n, token in enumerate(sentence, start=1):
        if len(token) != len(_COLUMNS) or any(k not in token for k in _COLUMNS):
            raise ImportFailed(path, f"sentence {sent_id} line {n} of its tokens",
                               f"expected {len(_COLUMNS)} tab-separated columns, found {len(token)}")
        tid, head = token["id"], token["head"]
        if not (isinstance(tid, int) or (isinstance(tid, tuple) and len(tid) == 3 and tid[1] in "-."
                and all(isinstance(x, int) for x in (tid[0], tid[2])))) or not (head is None or isinstance(head, int)):
            raise ImportFailed(path, f"sentence {sent_id} line {n} of its tokens",
                               f"expected a word id and head that are numbers, found id {tid!r} and head {head!r}")


def _align(path: Path, sent_id: str, sentence: conllu.TokenList, text: str, offset: int,
           not_carried: Counter) -> dict[int, _Word]:
    """Each syntactic word's code-point span in the document, found in the sentence's ``# text``.

    The words of a multiword token get their own spans where their forms spell the token, else its whole span.
    """
    _check_columns(path, sent_id, sentence)
    by_id = {t["id"]: t for t in sentence if isinstance(t["id"], int)}
    for t in sentence:
        tid = t["id"]
        if isinstance(tid, tuple) and tid[1] == "-" and not all(w in by_id for w in range(tid[0], tid[2] + 1)):
            raise ImportFailed(path, f"sentence {sent_id} token {tid[0]}-{tid[2]}",
                               "expected the words of the multiword token to follow it, found some missing")
    words: dict[int, _Word] = {}
    covered: set[int] = set()
    cursor = 0
    for token in sentence:
        tid = token["id"]
        if isinstance(tid, tuple) and tid[1] == ".":
            not_carried["empty-node"] += 1
            continue
        if isinstance(tid, int) and tid in covered:
            continue
        form = token["form"]
        while cursor < len(text) and text[cursor].isspace():
            cursor += 1
        if text[cursor:cursor + len(form)] != form:
            raise ImportFailed(path, f"sentence {sent_id} token {tid}",
                               f"expected {form!r} at code point {cursor} of its # text, found "
                               f"{text[cursor:cursor + len(form)]!r}")
        start = offset + cursor
        cursor += len(form)
        parts = [by_id[w] for w in range(tid[0], tid[2] + 1)] if isinstance(tid, tuple) else [token]
        spelled = "".join(t["form"] for t in parts) == form
        pos = start
        for t in parts:
            end = pos + len(t["form"]) if spelled else start + len(form)
            words[t["id"]] = _Word(pos if spelled else start, end, t["form"], t["head"] or 0, t["upos"],
                                   t["xpos"] or "", t["deprel"] or "", t["misc"] or {})
            pos = end
            covered.add(t["id"])
    return words


def _document(path: Path, sentences: list[conllu.TokenList], fields: tuple[str, ...], mapping: ImportMapping,
              rule: PlaceRule, result: ImportResult) -> Document:
    meta = sentences[0].metadata
    doc_id = meta.get("newdoc id") or path.stem
    not_carried: Counter = Counter()
    parts: list[str] = []
    length = 0
    found: list[SourceMention] = []
    dates: list[tuple[int, int, str, dict]] = []
    links: set[str] = set()
    open_tags: list[tuple[str, int, dict]] = []
    for sentence in sentences:
        sent_id = sentence.metadata.get("sent_id", "?")
        text = sentence.metadata.get("text")
        if text is None:
            raise ImportFailed(path, f"sentence {sent_id}", "expected a # text = line, found none")
        if parts:
            sep = "\n\n" if "newpar" in sentence.metadata or "newpar id" in sentence.metadata else " "
            parts.append(sep)
            length += len(sep)
        words = _align(path, sent_id, sentence, text, length, not_carried)
        parts.append(text)
        length += len(text)
        not_carried["dependency-tree"] += 1
        not_carried.update(f"comment:{key}" for key in sentence.metadata if key not in _COMMENTS_READ)
        not_carried.update(f"misc:{key}" for t in sentence for key in (t["misc"] or {}) if key not in _MISC_READ)
        found.extend(_mentions(path, sent_id, words, fields, mapping, not_carried, links))
        dates.extend(_xml_spans(sentence, words, open_tags, not_carried))
    full = "".join(parts)
    timexes: list[Timex] = []
    for start, end, name, attrs in sorted(dates, key=lambda d: (d[0], d[1])):
        type_, value = _timex_value(name, attrs.get("when"))
        if value is None:
            not_carried["date-without-single-value"] += 1
        elif not timex_value_ok(type_, value):
            not_carried["date-value-not-timex3"] += 1
        else:
            timexes.append(make_timex(len(timexes) + 1, full, start, end, type_, value))
    entities, mentions = build_entities(full, found, rule, not_carried)
    not_carried["wikipedia-link"] += len(links)
    created = meta.get("meta::dateCreated", "")
    doc = Document(
        doc_id=doc_id, text=full,
        meta=make_meta(full, title=meta.get("meta::title", ""), url=meta.get("meta::sourceURL", ""),
                       published=created, updated=meta.get("meta::dateModified", ""), anchor_date=created[:10]),
        entities=entities, mentions=mentions, timexes=tuple(timexes),
        annotated=declared({"entities": [(0, len(full))], "timexes": [(0, len(full))]}),
    )
    result.not_carried.update(+not_carried)
    count_items(result, doc)
    return doc


def _brackets(value: str) -> Iterator[tuple[str, str, bool]]:
    """("open", fields, closed_here) and ("close", eid, True) items of one ``Entity=`` value, in order."""
    i = 0
    while i < len(value):
        if value[i] == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            closed = j < len(value) and value[j] == ")"
            yield "open", value[i + 1:j], closed
            i = j + 1 if closed else j
        else:
            j = value.find(")", i)
            if j < 0:
                raise ValueError(f"unbalanced Entity value {value!r}")
            yield "close", value[i:j], True
            i = j + 1


def _mentions(path: Path, sent_id: str, words: dict[int, _Word], fields: tuple[str, ...], mapping: ImportMapping,
              not_carried: Counter, links: set[str]) -> list[SourceMention]:
    open_: dict[str, list[tuple[int, dict]]] = {}
    spans: list[tuple[int, int, dict]] = []
    for wid in sorted(words):
        misc = words[wid].misc
        for key in ("Bridge", "SplitAnte"):
            if key in misc:
                not_carried[key.lower()] += len(misc[key].split(","))
        value = misc.get("Entity")
        if not value:
            continue
        try:
            items = list(_brackets(value))
        except ValueError as e:
            raise ImportFailed(path, f"sentence {sent_id} word {wid}", f"expected CorefUD Entity brackets, found {e}") \
                from None
        for kind, item, closed in items:
            if kind == "open":
                attrs = dict(zip(fields, item.split("-", len(fields) - 1), strict=False))
                eid = attrs.get("eid", "")
                if closed:
                    spans.append((wid, wid, attrs))
                else:
                    open_.setdefault(eid, []).append((wid, attrs))
            else:
                if not open_.get(item):
                    raise ImportFailed(path, f"sentence {sent_id} word {wid}",
                                       f"expected an open mention of entity {item!r} to close, found none")
                start_wid, attrs = open_[item].pop()
                spans.append((start_wid, wid, attrs))
    if any(open_.values()):
        raise ImportFailed(path, f"sentence {sent_id}", "expected every mention to close in its sentence, found "
                                                        f"{sorted(k for k, v in open_.items() if v)} open")
    onto = load_ontology()
    out = []
    for first, last, attrs in spans:
        eid = attrs.get("eid", "")
        if "[" in eid:
            not_carried["discontinuous-mention"] += 1
            continue
        etype = attrs.get("etype", "")
        ace = mapping.ace_class(FORMAT, etype)
        if ace is None:
            not_carried[f"class-unmapped:{etype or 'none'}"] += 1
            continue
        ids = [w for w in sorted(words) if first <= w <= last]
        head = _head(ids, words, attrs)
        name = _descriptor_name(head, first, last, words)
        level = onto.name_level if name else {"PROPN": onto.name_level, "PRON": onto.pronoun_level}.get(
            words[head].upos, onto.nominal_level)
        if name:
            h_first, h_last = _name_run(*name, first, last, words)
        else:
            h_first, h_last = _name_run(head, head, first, last, words) if level == onto.name_level else (head, head)
        if ace == "PER" and level == onto.name_level:
            h_first, h_last, level = _without_titles(h_first, h_last, words, mapping.titles)
        identity = attrs.get("identity", "")
        if identity and identity != "_":
            links.add(eid)
        if any(attrs.get(k) for k in ("infstat", "salience", "centering")):
            not_carried["mention-attributes"] += 1
        out.append(SourceMention(words[first].start, words[last].end, words[h_first].start, words[h_last].end,
                                 level, eid, ace))
    return out


_NAME_PARTS = ("flat", "compound")


def _name_run(h_first: int, h_last: int, first: int, last: int, words: dict[int, _Word]) -> tuple[int, int]:
    """The head word widened to the adjacent words inside the span that hang on it (or on the run) as parts of a
    name (``flat``, ``compound``, or ``amod`` by a proper noun by UPOS or PTB tag): "Ann Lee", "New Zealand"."""
    def part(w: int) -> bool:
        word = words.get(w)
        return (word is not None and first <= w <= last and h_first <= word.head <= h_last
                and (word.deprel.split(":")[0] in _NAME_PARTS
                     or (word.deprel == "amod" and (word.upos == "PROPN" or word.xpos.startswith("NNP")))))

    while True:
        if part(h_first - 1):
            h_first -= 1
        elif part(h_last + 1):
            h_last += 1
        elif _hyphenated(words, h_last, h_last + 1, h_last + 2, first, last):
            h_last += 2
        elif _hyphenated(words, h_first, h_first - 1, h_first - 2, first, last):
            h_first -= 2
        else:
            return h_first, h_last


def _descriptor_name(head: int, first: int, last: int, words: dict[int, _Word]) -> tuple[int, int] | None:
    """The first and last word of a name right after a common-noun head, as its ``flat`` dependents ("actor Ann
    Lee", "team member Ann Lee-Park": GUM heads the phrase by the descriptor), else None. The guidelines' R5 makes
    such a phrase a name mention headed by the name, with the descriptor in its extent."""
    if words[head].upos != "NOUN":
        return None
    flat = {w for w in range(head + 1, last + 1) if w in words and words[w].head == head
            and words[w].deprel == "flat" and (words[w].upos == "PROPN" or words[w].xpos.startswith("NNP"))}
    if head + 1 not in flat:
        return None
    end = head + 1
    while True:
        if end + 1 in flat:
            end += 1
        elif end + 2 in flat and _hyphenated(words, end, end + 1, end + 2, first, last):
            end += 2
        else:
            return head + 1, end


def _hyphenated(words: dict[int, _Word], inner: int, dash: int, outer: int, first: int, last: int) -> bool:
    """Word ``dash`` is a hyphen written without spaces between proper nouns ``inner`` (in the run) and ``outer`` (in
    the span): the parts of a hyphenated name ("El-Hassan", "Chung-tai") stay together, as the guidelines' heads do."""
    if not (first <= min(dash, outer) and max(dash, outer) <= last) or dash not in words or outer not in words:
        return False
    a, b, c = sorted((inner, dash, outer))
    return (words[dash].form == "-" and words[a].end == words[b].start and words[b].end == words[c].start
            and all(words[w].upos == "PROPN" or words[w].xpos.startswith("NNP") for w in (inner, outer)))


def _without_titles(h_first: int, h_last: int, words: dict[int, _Word], titles: frozenset[str]
                    ) -> tuple[int, int, str]:
    """A person's name head without the titles before it ("US President Barack Obama" -> "Barack Obama"), and its
    level: a head of titles only ("Prime Minister") is a NOM mention headed by its last word (guidelines R5)."""
    last_title = max((w for w in range(h_first, h_last + 1) if words[w].form.rstrip(".").lower() in titles),
                     default=None)
    onto = load_ontology()
    if last_title is None:
        return h_first, h_last, onto.name_level
    if last_title == h_last:
        return h_last, h_last, onto.nominal_level
    return last_title + 1, h_last, onto.name_level


def _head(ids: list[int], words: dict[int, _Word], attrs: dict) -> int:
    """The CorefUD ``head`` (1-based in the mention) if given, else the span's syntactic head."""
    given = attrs.get("head", "")
    if given.isdigit() and 1 <= int(given) <= len(ids):
        return ids[int(given) - 1]
    inside = set(ids)
    outside = [w for w in ids if words[w].head not in inside and words[w].upos != "PUNCT"]
    return outside[0] if outside else ids[-1]


def _timex_value(element: str, when: str | None) -> tuple[str, str | None]:
    """TIMEX3 type and value of a ``<date when>`` (DATE, or TIME when it has a time of day) or ``<time when>``
    (TIME; a bare clock time gets an unknown date, ``XXXX-XX-XXT15:11:00``)."""
    if when is None:
        return "DATE", None
    if element == "time" and not when[:4].isdigit() and not when.startswith("XXXX"):
        return "TIME", f"XXXX-XX-XXT{when}"
    return ("TIME" if "T" in when or element == "time" else "DATE"), when


def _xml_spans(sentence: conllu.TokenList, words: dict[int, _Word], stack: list[tuple[str, int, dict]],
               not_carried: Counter) -> Iterator[tuple[int, int, str, dict]]:
    """Spans of ``<date>`` and ``<time>`` elements in ``XML=`` MISC values: a tag opens before its token and closes
    after it (``stack`` holds the elements still open, across sentences). The other elements (GUM: links, quotes,
    highlighting, …) are counted as ``xml-markup:<name>``."""
    for token in sentence:
        tid = token["id"]
        if isinstance(tid, tuple) and tid[1] == ".":
            continue
        first = tid[0] if isinstance(tid, tuple) else tid
        last = tid[2] if isinstance(tid, tuple) else tid
        if first not in words:
            continue
        value = (token["misc"] or {}).get("XML")
        if not value:
            continue
        for m in _XML_TAG.finditer(value):
            closing, name, attr_text, self_closing = m.groups()
            if name not in TIME_ELEMENTS and not closing:
                not_carried[f"xml-markup:{name}"] += 1
            if closing:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        _, start, attrs = stack.pop(i)
                        if name in TIME_ELEMENTS:
                            yield start, words[last].end, name, attrs
                        break
            elif self_closing:
                if name in TIME_ELEMENTS:
                    yield words[first].start, words[last].end, name, dict(_XML_ATTR.findall(attr_text))
            else:
                stack.append((name, words[first].start, dict(_XML_ATTR.findall(attr_text))))
