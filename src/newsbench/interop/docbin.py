"""spaCy ``DocBin`` for names (needs spaCy: the ``baselines`` extra).

Each document becomes one spaCy ``Doc`` whose text is the document text exactly (white space that is not a single
space after a token is kept as whitespace tokens, spaCy's own convention) with ``user_data["doc_id"]``. Its
``ents`` are the outermost name (NAM) mentions, labelled with their ACE type (ents cannot overlap); the span group
``doc.spans["names"]`` holds every name mention, nested ones included. Other mentions, timexes, events and toponyms
have no place (counted as not carried).

Reading a system's DocBin: the ``names`` span group when a Doc has one, else its ``ents``; labels that are ACE types
are kept, spaCy's OntoNotes labels map as the spacy-sm baseline maps them (PERSON -> PER, ...), others are counted.
A Doc is matched to its gold document by ``user_data["doc_id"]``, else by its text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping

import spacy
from spacy.tokens import Doc, DocBin, Span, SpanGroup

from ..baselines.spacy_sm import load_mapping
from ..model import Document, PredictedMention, SubmissionDocument
from ..ontology import load_ontology
from .conll2012 import outermost_names
from .problems import Conversion, interop_problem
from .units import export_units

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


def to_spacy(doc: Document, vocab, conversion: Conversion) -> Doc:
    names = [m for m in doc.mentions if m.level == "NAM"]
    for layer, n in (("mentions that are not names", len(doc.mentions) - len(names)), ("timexes", len(doc.timexes)),
                     ("event mentions", len(doc.event_mentions)), ("toponyms", len(doc.toponyms))):
        conversion.note("not-carried-layer", f"{FORMAT}: {layer}", n)
    tokens = [t for unit in export_units(doc) for t in unit.tokens]
    words, spaces = _words(doc.text, tokens)
    out = Doc(vocab, words=words, spaces=spaces)
    assert out.text == doc.text
    out.user_data["doc_id"] = doc.doc_id

    def span(m) -> Span:
        return out.char_span(m.start, m.end, label=m.type, alignment_mode="strict")

    out.ents = [span(m) for m in outermost_names(names)]
    out.spans[SPAN_GROUP] = SpanGroup(out, name=SPAN_GROUP, spans=[span(m) for m in names])
    return out


@lru_cache(maxsize=1)
def _vocab():
    """A blank English vocabulary, made once (spacy.blank takes a few hundred ms)."""
    return spacy.blank("en").vocab


def export(docs: Iterable[Document], conversion: Conversion) -> bytes:
    vocab = _vocab()
    bin_ = DocBin(store_user_data=True)
    for doc in docs:
        bin_.add(to_spacy(doc, vocab, conversion))
    return bin_.to_bytes()


def submission_documents(data: bytes, file: str, gold: Mapping[str, Document],
                         conversion: Conversion) -> list[SubmissionDocument]:
    onto = load_ontology()
    spacy_labels = {label: rule.type for label, rule in load_mapping().labels.items() if rule.layer == "mention"}
    by_text = {d.text: d.doc_id for d in gold.values()}
    try:
        docs = list(DocBin().from_bytes(data).get_docs(_vocab()))
    except Exception as e:  # spaCy raises assorted errors (ValueError, KeyError, msgpack's) on bytes that are not a DocBin
        conversion.problems.append(interop_problem("interop-input-malformed", file, None, "",
                                                   f"expected DocBin bytes (DocBin.to_bytes), found an unreadable file ({type(e).__name__})"))
        return []
    out = []
    for k, sdoc in enumerate(docs):
        doc_id = sdoc.user_data.get("doc_id") or by_text.get(sdoc.text)
        if doc_id not in gold:
            conversion.problems.append(interop_problem("interop-unknown-doc", file, doc_id, f"doc {k}",
                                                       "expected user_data['doc_id'] or the text of a gold document"))
            continue
        if sdoc.text != gold[doc_id].text:
            conversion.problems.append(interop_problem("interop-text-mismatch", file, doc_id, f"doc {k}",
                                                       "expected the gold document's text exactly (Doc.text)"))
            continue
        spans = sdoc.spans[SPAN_GROUP] if SPAN_GROUP in sdoc.spans else sdoc.ents
        mentions = []
        for s in spans:
            etype = s.label_ if s.label_ in onto.entity_types else spacy_labels.get(s.label_)
            if etype is None:
                conversion.note("not-carried-label", f"{FORMAT}: label {s.label_}")
                continue
            mentions.append(PredictedMention(s.start_char, s.end_char, etype, "NAM"))
        out.append(SubmissionDocument(doc_id=doc_id, mentions=tuple(mentions)))
    return out
