"""spaCy DocBin for names: read back by spaCy's own DocBin, round trips, submission-from scoring identically."""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from newsbench.interop.conll2012 import outermost_names
from newsbench.interop.problems import Conversion
from newsbench.model import AnnotatedLayer, Submission, SystemInfo

from interop_helpers import annotator_c, gold_doc, pass_c_doc, scores
from strategies import documents

spacy = pytest.importorskip("spacy", reason="spaCy (the baselines extra) is not installed")
from spacy.tokens import Doc, DocBin  # noqa: E402

from newsbench.interop import docbin  # noqa: E402


VOCAB = spacy.blank("en").vocab


def read_with_spacy(data: bytes) -> list:
    return list(DocBin().from_bytes(data).get_docs(VOCAB))


def names(doc) -> list:
    return sorted((m.start, m.end, m.type) for m in doc.mentions if m.level == "NAM")


def test_spacy_reads_the_text_the_ents_and_every_name():
    doc = gold_doc()
    (sdoc,) = read_with_spacy(docbin.export([doc], Conversion()))
    assert sdoc.text == doc.text and sdoc.user_data["doc_id"] == doc.doc_id
    assert [(e.start_char, e.end_char, e.label_) for e in sdoc.ents] == [
        (m.start, m.end, m.type) for m in outermost_names(doc.mentions)]
    assert sorted((s.start_char, s.end_char, s.label_) for s in sdoc.spans["names"]) == names(doc)
    assert len(sdoc.ents) < len(sdoc.spans["names"])  # the gold nests names: only the span group has them all


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_round_trip_keeps_the_text_and_every_name(doc):
    data = docbin.export([doc], Conversion())
    (sdoc,) = read_with_spacy(data)
    assert sdoc.text == doc.text
    conversion = Conversion()
    (back,) = docbin.submission_documents(data, "x.spacy", {doc.doc_id: doc}, conversion)
    assert not conversion.problems
    assert sorted((m.start, m.end, m.type) for m in back.mentions) == names(doc)


def test_submission_from_an_export_of_pass_c_scores_as_annotator_c_on_names():
    gold = gold_doc()
    conversion = Conversion()
    out = docbin.submission_documents(docbin.export([pass_c_doc()], Conversion()), "c.spacy", {gold.doc_id: gold},
                                      conversion)
    assert not conversion.problems
    converted = scores(Submission(SystemInfo("c", "1", "converted"), tuple(out)), ["entities", "bio"])
    assert converted == scores(annotator_c(), ["entities", "bio"])


def test_a_spacy_ner_output_maps_ontonotes_labels_and_counts_the_rest():
    gold = gold_doc()
    nlp = spacy.blank("en")
    sdoc = nlp(gold.text)
    sdoc.ents = [sdoc.char_span(0, 4, label="GPE"), sdoc.char_span(5, 12, label="PRODUCT")]
    bin_ = DocBin()  # no user data: matched to the gold by its text
    bin_.add(sdoc)
    conversion = Conversion()
    (back,) = docbin.submission_documents(bin_.to_bytes(), "sys.spacy", {gold.doc_id: gold}, conversion)
    assert [(m.start, m.end, m.type, m.level) for m in back.mentions] == [(0, 4, "GPE", "NAM")]
    assert conversion.note_lines() == ["note: 1 x not-carried-label: docbin: label PRODUCT"]


def test_bytes_that_are_not_a_docbin_and_a_foreign_text_are_problems():
    gold = gold_doc()
    conversion = Conversion()
    assert docbin.submission_documents(b"not a docbin", "x.spacy", {gold.doc_id: gold}, conversion) == []
    assert [p.check for p in conversion.problems] == ["interop-input-malformed"]
    other = DocBin(store_user_data=True)
    sdoc = Doc(spacy.blank("en").vocab, words=["Elsewhere"])
    sdoc.user_data["doc_id"] = gold.doc_id
    other.add(sdoc)
    conversion = Conversion()
    docbin.submission_documents(other.to_bytes(), "x.spacy", {gold.doc_id: gold}, conversion)
    assert [p.check for p in conversion.problems] == ["interop-text-mismatch"]


def test_a_document_annotated_on_part_of_its_text_becomes_a_doc_of_that_part():
    doc = gold_doc()
    first, cut = doc.text.index("\n\n") + 2, doc.text.index("\n\n", 400)  # from the second paragraph on
    inside = [m for m in doc.mentions if first <= m.start and m.end <= cut]
    kept = {m.entity for m in inside}
    partial = replace(doc, annotated=(AnnotatedLayer("entities", ((first, cut),)),), mentions=tuple(inside),
                      entities=tuple(e for e in doc.entities if e.id in kept), timexes=(), events=(),
                      event_mentions=(), toponyms=())
    data = docbin.export([partial], Conversion())
    (sdoc,) = read_with_spacy(data)
    assert sdoc.text == doc.text[first:cut] and sdoc.user_data["start"] == first > 0
    conversion = Conversion()
    (back,) = docbin.submission_documents(data, "x", {doc.doc_id: doc}, conversion)
    assert sorted((m.start, m.end, m.type) for m in back.mentions) == names(partial)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(declare=True))
def test_a_partly_declared_document_gives_back_its_declared_names(doc):
    data = docbin.export([doc], Conversion())
    for sdoc in read_with_spacy(data):
        start = sdoc.user_data["start"]
        assert sdoc.text == doc.text[start:start + len(sdoc.text)]
    back = docbin.submission_documents(data, "x", {doc.doc_id: doc}, Conversion())
    got = sorted((m.start, m.end, m.type) for d in back for m in d.mentions)
    assert got == (names(doc) if doc.annotates("entities") else [])
