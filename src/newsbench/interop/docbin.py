"""spaCy ``DocBin`` for names (needs spaCy: the ``baselines`` extra).

Each document becomes one spaCy ``Doc`` whose text is the document text exactly (white space that is not a single
space after a token is kept as whitespace tokens, spaCy's own convention) with ``user_data["doc_id"]``; a
document that annotates entities on part of its text only becomes one Doc per annotated range, its text that
range's, with ``user_data["start"]`` (the range's first code point). Its
``ents`` are the outermost name (NAM) mentions, labelled with their ACE type (ents cannot overlap); the span group
``doc.spans["names"]`` holds every name mention, nested ones included. Other mentions, timexes, events and toponyms
have no place (counted as not carried).

Reading a system's DocBin: the ``names`` span group when a Doc has one, else its ``ents``; labels that are ACE types
are kept, spaCy's OntoNotes labels map as the spacy-sm baseline maps them (PERSON -> PER, ...), others are counted.
A Doc is matched to its gold document by ``user_data["doc_id"]``, else by its text.
"""

from __future__ import annotations

from functools import lru_cache
from collections.abc import Iterable, Mapping

import spacy
from spacy.tokens import Doc, DocBin, Span, SpanGroup

from ..baselines.spacy_sm import load_mapping
from ..model import Document, Mention, PredictedMention, SubmissionDocument
from ..ontology import load_ontology
from .conll2012 import outermost_names
from .problems import Conversion, interop_problem
from .units import declared_part, export_units

FORMAT = "docbin"
SPAN_GROUP = "names"


def _words(text: str, tokens: Iterable[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags that rebuild ``text`` exactly from code-point tokens."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for s, e in [*tokens, (len(text), len(text))]:
        gap = text[pos:s]
        if gap:
            if words and gap.startswith(" ") and not spaces[-1]:
                spaces[-1], gap = True, gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        if s < e:
            words.append(text[s:e])
            spaces.append(False)
        pos = e
    return words, spaces


def to_spacy(doc: Document, vocab, conversion: Conversion) -> list[Doc]:
    """One spaCy Doc per range where ``doc`` annotates entities (one for the whole text when it all is), with
    ``user_data["start"]`` the range's first code point in the document text."""
    name = load_ontology().name_level
    for layer, n in (("mentions that are not names", sum(m.level != name for m in doc.mentions)),
                     ("timexes", len(doc.timexes)), ("event mentions", len(doc.event_mentions)),
                     ("toponyms", len(doc.toponyms))):
        conversion.note("not-carried-layer", f"{FORMAT}: {layer}", n)
    part, windows = declared_part(doc, ("entities",), FORMAT, conversion)
    names = [m for m in part.mentions if m.level == name]
    tokens = [t for unit in export_units(part) for t in unit.tokens]
    out = []
    for start, end in windows:
        text = doc.text[start:end]
        words, spaces = _words(text, [(s - start, e - start) for s, e in tokens if start <= s and e <= end])
        sdoc = Doc(vocab, words=words, spaces=spaces)
        assert sdoc.text == text
        sdoc.user_data["doc_id"] = doc.doc_id
        sdoc.user_data["start"] = start

        def span(m: Mention) -> Span:
            found = sdoc.char_span(m.start - start, m.end - start, label=m.type, alignment_mode="strict")
            assert found is not None  # the words are cut at every token boundary, and mentions are token spans
            return found

        inside = [m for m in names if start <= m.start and m.end <= end]
        sdoc.ents = [span(m) for m in outermost_names(inside)]
        sdoc.spans[SPAN_GROUP] = SpanGroup(sdoc, name=SPAN_GROUP, spans=[span(m) for m in inside])
        out.append(sdoc)
    return out


@lru_cache(maxsize=1)
def _vocab():
    """A blank English vocabulary, made once (spacy.blank takes a few hundred ms)."""
    return spacy.blank("en").vocab


def export(docs: Iterable[Document], conversion: Conversion) -> bytes:
    """The documents as the bytes of a spaCy DocBin."""
    vocab = _vocab()
    bin_ = DocBin(store_user_data=True)
    for doc in docs:
        for sdoc in to_spacy(doc, vocab, conversion):
            bin_.add(sdoc)
    return bin_.to_bytes()


def submission_documents(data: bytes, file: str, gold: Mapping[str, Document],
                         conversion: Conversion) -> list[SubmissionDocument]:
    """The predictions a DocBin's ents (or span group) carry, per gold document."""
    onto = load_ontology()
    spacy_labels = {label: rule.type for label, rule in load_mapping().labels.items() if rule.layer == "mention"}
    by_text = {d.text: d.doc_id for d in gold.values()}
    try:
        docs = list(DocBin().from_bytes(data).get_docs(_vocab()))
    except Exception as e:  # spaCy raises assorted errors (ValueError, KeyError, msgpack's) on other bytes
        conversion.problems.append(interop_problem(
            "interop-input-malformed", file, None, "",
            f"expected DocBin bytes (DocBin.to_bytes), found an unreadable file ({type(e).__name__})"))
        return []
    out: dict[str, list[PredictedMention]] = {}
    for k, sdoc in enumerate(docs):
        doc_id = sdoc.user_data.get("doc_id") or by_text.get(sdoc.text)
        start = sdoc.user_data.get("start", 0)
        if not isinstance(doc_id, str) or doc_id not in gold:
            conversion.problems.append(interop_problem("interop-unknown-doc", file, doc_id, f"doc {k}",
                                                       "expected user_data['doc_id'] or the text of a gold document"))
            continue
        if not isinstance(start, int) or sdoc.text != gold[doc_id].text[start:start + len(sdoc.text)]:
            conversion.problems.append(interop_problem(
                "interop-text-mismatch", file, doc_id, f"doc {k}",
                "expected the gold document's text exactly (Doc.text, from user_data['start'] when given)"))
            continue
        spans = sdoc.spans.get(SPAN_GROUP, sdoc.ents)
        mentions = out.setdefault(doc_id, [])
        for s in spans:
            etype = s.label_ if s.label_ in onto.entity_types else spacy_labels.get(s.label_)
            if etype is None:
                conversion.note("not-carried-label", f"{FORMAT}: label {s.label_}")
                continue
            mentions.append(PredictedMention(start + s.start_char, start + s.end_char, etype, onto.name_level))
    return [SubmissionDocument(doc_id=doc_id, mentions=tuple(mentions)) for doc_id, mentions in out.items()]
