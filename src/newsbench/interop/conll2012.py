"""CoNLL-2012 coreference columns, as the reference coreference scorer reads them.

One ``#begin document (<doc_id>); part 000`` ... ``#end document`` block per document, a blank line after each
sentence (a unit of :mod:`.units`), one line per token with the 12 columns document id, part number, word number
(in the sentence), word, POS, parse bit, predicate lemma, predicate frameset, word sense, speaker, named entities
and coreference, separated by tabs (the reference scorer and scorch split on white space, the
``conllu`` library on tabs). Columns newsbench has nothing for hold ``-`` (``*`` in the parse
column). The named-entity column brackets the outermost name (NAM) mentions with their ACE type, OntoNotes style
(``(GPE)``, ``(PER*`` ... ``*)``); the coreference column carries every mention: ``(n`` where a mention of
entity n starts, ``n)`` where it ends, ``(n)`` for a one-token mention, parts joined by ``|``; entities are
numbered in the order of their ids. Two mentions of one entity whose spans cross cannot be written so that the
scorer reads them back (it closes the last opened); the later one is counted as not carried.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..model import Document, PredictedMention, SubmissionDocument
from ..ontology import load_ontology
from .problems import Conversion, interop_problem
from .units import Unaligned, align_sentence, declared_part, export_units, id_order, units_within

FORMAT = "conll2012"
_BEGIN = re.compile(r"#begin document \((?P<doc>.*)\); part (?P<part>\S+)\s*$")
_PART = re.compile(r"\((\d+)\)|\((\d+)|(\d+)\)")


def _crossing(doc: Document) -> set[str]:
    """Ids of mentions that cross an earlier mention of the same entity (start inside it, end outside)."""
    out = set()
    by_entity: dict[str, list] = defaultdict(list)
    for m in doc.mentions:
        by_entity[m.entity].append(m)
    for mentions in by_entity.values():
        kept: list = []
        for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
            if any(k.start < m.start < k.end < m.end for k in kept):
                out.add(m.id)
            else:
                kept.append(m)
    return out


def outermost_names(mentions: Iterable) -> list:
    """NAM mentions that no other NAM mention contains or crosses earlier: what a flat NE column can bracket."""
    out: list = []
    name = load_ontology().name_level
    for m in sorted((m for m in mentions if m.level == name), key=lambda m: (m.start, -m.end)):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def export_document(doc: Document, conversion: Conversion, like: Iterable[Document] = ()) -> str:
    """One document's block; ``like``: documents of the same text whose token and sentence cuts the export also
    makes, so that a key and a response file line up token by token."""
    for layer, items in (("timexes", doc.timexes), ("event mentions", doc.event_mentions),
                         ("toponyms", doc.toponyms)):
        conversion.note("not-carried-layer", f"{FORMAT}: {layer}", len(items))
    doc, windows = declared_part(doc, ("entities",), FORMAT, conversion)
    like = [declared_part(other, ("entities",), FORMAT, Conversion())[0] for other in like]  # cut as the export is
    conversion.note("not-carried-layer", f"{FORMAT}: mention heads and levels (the columns have no place)",
                    len(doc.mentions))
    crossing = _crossing(doc)
    conversion.note("not-carried-span", f"{FORMAT}: a mention crossing another of its entity", len(crossing))
    mentions = [m for m in doc.mentions if m.id not in crossing]
    names = outermost_names(mentions)
    conversion.note("not-carried-label", f"{FORMAT}: entity type of a mention that is not an outermost name",
                    len(mentions) - len(names))
    number = {e: str(k) for k, e in enumerate(sorted({m.entity for m in mentions}, key=id_order))}
    opens: dict[int, list] = defaultdict(list)
    closes: dict[int, list] = defaultdict(list)
    for m in mentions:
        opens[m.start].append(m)
        closes[m.end].append(m)
    ne_open = {m.start: m for m in names}
    ne_close = {m.end: m for m in names}
    lines = [f"#begin document ({doc.doc_id}); part 000"]
    for unit in units_within(doc, export_units(doc, like), windows, FORMAT, conversion):
        for k, (s, e) in enumerate(unit.tokens):
            single = [m for m in opens[s] if m.end == e]
            parts = [f"({number[m.entity]}" for m in sorted(opens[s], key=lambda m: -m.end) if m.end != e]
            parts += [f"({number[m.entity]})" for m in single]
            parts += [f"{number[m.entity]})" for m in sorted(closes[e], key=lambda m: -m.start) if m.start != s]
            ne = "*"
            if s in ne_open:
                ne = f"({ne_open[s].type}" + (")" if ne_open[s].end == e else "*")
            elif e in ne_close:
                ne = "*)"
            lines.append("\t".join((doc.doc_id, "0", str(k), doc.text[s:e], "-", "*", "-", "-", "-", "-", ne,
                                   "|".join(parts) or "-")))
        lines.append("")
    lines.append("#end document")
    return "\n".join(lines) + "\n"


def export(docs: Iterable[Document], conversion: Conversion,
           like: Mapping[str, Iterable[Document]] | None = None) -> str:
    """The documents as one CoNLL-2012 file (``like``: per doc id, documents whose parts to line up with)."""
    return "".join(export_document(d, conversion, (like or {}).get(d.doc_id, ())) for d in docs)


# --- reading ----------------------------------------------------------------------------------------


def read_documents(text: str, file: str, conversion: Conversion) -> dict[str, list[list[tuple[int, list[str]]]]]:
    """doc id -> sentences -> (line number, columns). Parts of one document are read as one document."""
    docs: dict[str, list[list[tuple[int, list[str]]]]] = {}
    current: list[list[tuple[int, list[str]]]] | None = None
    sentence: list[tuple[int, list[str]]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#begin document"):
            match = _BEGIN.match(raw)
            if match is None:
                conversion.problems.append(interop_problem(
                    "interop-input-malformed", file, None, f"line {n}",
                    f"expected '#begin document (<id>); part <n>', found {raw!r}"))
                return {}
            current = docs.setdefault(match["doc"], [])
        elif raw.startswith("#end document"):
            if sentence and current is not None:
                current.append(sentence)
            sentence, current = [], None
        elif raw.startswith("#"):
            continue
        elif not raw.strip():
            if sentence and current is not None:
                current.append(sentence)
            sentence = []
        else:
            columns = raw.split()
            if current is None or len(columns) < 4:
                conversion.problems.append(interop_problem(
                    "interop-input-malformed", file, None, f"line {n}",
                    "expected a token line (at least 4 columns) inside a #begin document block"))
                return {}
            sentence.append((n, columns))
    return docs


def submission_documents(text: str, file: str, gold: Mapping[str, Document], conversion: Conversion, *,
                         default_type: str | None = None) -> list[SubmissionDocument]:
    """Mentions with coreference clusters from a system's CoNLL-2012 file (the last column), their types from
    the named-entity column (a bracket of exactly the mention's tokens; else the one type the named mentions of
    its cluster share; else ``default_type``). A mention with a bracket is a name (level NAM); others have none."""
    onto = load_ontology()
    out = []
    for doc_id, sentences in read_documents(text, file, conversion).items():
        if doc_id not in gold:
            where = f"line {sentences[0][0][0]}" if sentences else ""
            conversion.problems.append(interop_problem("interop-unknown-doc", file, doc_id, where,
                                                       f"expected a doc_id of the gold ({len(gold)} documents)"))
            continue
        words = [(n, cols) for sentence in sentences for n, cols in sentence]
        spans, pos = [], 0
        try:
            for sentence in sentences:  # in document order; a sentence may be left out
                found, pos = align_sentence(gold[doc_id].text, [cols[3] for _, cols in sentence], pos)
                spans += found
        except Unaligned as e:
            conversion.problems.append(interop_problem("interop-token-unaligned", file, doc_id,
                                                       f"line {sentence[e.index][0]}", str(e)))
            continue
        mentions = _mentions(words, spans, file, doc_id, conversion)
        if mentions is None:
            continue
        names = _named_spans(words, spans, onto, conversion)
        cluster_types: dict[str, Counter] = defaultdict(Counter)
        for span, cluster in mentions:
            if span in names:
                cluster_types[cluster][names[span]] += 1
        predicted, untyped = [], []
        for span, cluster in mentions:
            types = cluster_types[cluster]
            mtype = names.get(span) or (next(iter(types)) if len(types) == 1 else default_type)
            if mtype is None:
                untyped.append(span)
            else:
                predicted.append(PredictedMention(*span, mtype, onto.name_level if span in names else None, cluster))
        if untyped:
            conversion.problems.append(interop_problem(
                "interop-type-missing", file, doc_id, f"code points [{untyped[0][0]}, {untyped[0][1]})",
                f"expected an entity type for every mention (a named-entity bracket, one type among the named "
                f"mentions of its cluster, or --default-type), found {len(untyped)} mention(s) without one"))
            continue
        out.append(SubmissionDocument(doc_id=doc_id, mentions=tuple(predicted)))
    return out


def _mentions(words: Sequence[tuple[int, Sequence[str]]], spans: Sequence[tuple[int, int]], file: str, doc_id: str,
              conversion: Conversion) -> list[tuple[tuple[int, int], str]] | None:
    """(span, cluster) of the coreference column; None after a problem."""
    stacks: dict[str, list[int]] = defaultdict(list)
    out: list[tuple[tuple[int, int], str]] = []
    for (n, cols), (s, e) in zip(words, spans, strict=True):
        column = cols[-1]
        if column in ("-", "_"):
            continue
        for part in column.split("|"):
            match = _PART.fullmatch(part)
            if match is None:
                conversion.problems.append(interop_problem(
                    "interop-input-malformed", file, doc_id, f"line {n}",
                    f"expected (n, n) or (n) in the coreference column, found {part!r}"))
                return None
            single, opening, closing = match.groups()
            if single is not None:
                out.append(((s, e), single))
            elif opening is not None:
                stacks[opening].append(s)
            elif not stacks[closing]:
                conversion.problems.append(interop_problem(
                    "interop-input-malformed", file, doc_id, f"line {n}",
                    f"expected an open mention of cluster {closing} to close, found none"))
                return None
            else:
                out.append(((stacks[closing].pop(), e), closing))
    open_left = [c for c, starts in stacks.items() if starts]
    if open_left:
        conversion.problems.append(interop_problem(
            "interop-input-malformed", file, doc_id, "",
            f"expected every mention closed, found cluster(s) {', '.join(open_left)} open"))
        return None
    return out


def _named_spans(words, spans, onto, conversion: Conversion) -> dict[tuple[int, int], str]:
    """Code-point span -> ACE type of the named-entity column's brackets (when the line has that column)."""
    out: dict[tuple[int, int], str] = {}
    open_at: tuple[int, str] | None = None
    for (_, cols), (s, e) in zip(words, spans, strict=True):
        if len(cols) < 12:
            continue
        ne = cols[10]
        if ne.startswith("("):
            label = ne[1:].rstrip("*)")
            open_at = (s, label)
        if ne.endswith(")") and open_at is not None:
            start, label = open_at
            if label in onto.entity_types:
                out[(start, e)] = label
            else:
                conversion.note("not-carried-label", f"{FORMAT}: named-entity label {label!r}")
            open_at = None
    return out
