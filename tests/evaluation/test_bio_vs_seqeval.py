"""The `bio` task equals seqeval 1.2.2 in strict mode with the IOB2 scheme."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from eval_strategies import corpora, submissions
from strategies import documents
from newsbench.dataset.features import label_sets
from newsbench.dataset.rows import document_rows
from newsbench.evaluation.matching import GoldDocument, TokenGrid, bio_chunks, head_mapped, iob2_sequences
from newsbench.evaluation.metrics import Counts
from newsbench.evaluation.scorer import gold_from_documents, score_submission
from newsbench.ontology import load_ontology
from newsbench.text import iob2_spans

TAGS = st.sampled_from(["O", "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-GPE", "I-GPE"])


def strict_chunks(sequences):
    """Chunks as newsbench decodes IOB2 (text.iob2_spans: a stray I- starts nothing, as seqeval's strict mode)."""
    return {(k, i, j, label) for k, seq in enumerate(sequences) for i, j, label in iob2_spans(seq)}


def seqeval_scores(y_true, y_pred):
    kw = dict(mode="strict", scheme=IOB2, zero_division=0)
    return precision_score(y_true, y_pred, **kw), recall_score(y_true, y_pred, **kw), f1_score(y_true, y_pred, **kw)


@st.composite
def tag_corpora(draw):
    lengths = draw(st.lists(st.integers(0, 12), min_size=1, max_size=5))
    y_true = [draw(st.lists(TAGS, min_size=n, max_size=n)) for n in lengths]
    y_pred = [draw(st.lists(TAGS, min_size=n, max_size=n)) for n in lengths]
    return y_true, y_pred


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # seqeval's report averages empty rows
@settings(max_examples=500, deadline=None)
@given(tag_corpora())
def test_strict_iob2_counts_equal_seqeval(corpus):
    """Arbitrary tag sequences, invalid ones included (stray I-, type changes inside a chunk)."""
    y_true, y_pred = corpus
    counts = Counts.from_sets(strict_chunks(y_true), strict_chunks(y_pred))
    p, r, f = seqeval_scores(y_true, y_pred)
    assert math.isclose(counts.precision, p, abs_tol=1e-12)
    assert math.isclose(counts.recall, r, abs_tol=1e-12)
    assert math.isclose(counts.f1, f, abs_tol=1e-12)
    report = classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    gold, pred = strict_chunks(y_true), strict_chunks(y_pred)
    for label in ("PER", "ORG", "GPE"):
        if label in report:
            c = Counts.from_sets({x for x in gold if x[3] == label}, {x for x in pred if x[3] == label})
            assert c.tp + c.fn == report[label]["support"]
            assert math.isclose(c.f1, report[label]["f1-score"], abs_tol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_scorer_bio_equals_seqeval_on_the_entities_tokens(data):
    """Through the scorer: generated documents and submissions; the predicted name spans and the gold name extents
    (heads, predictions mapped to the heads they cover) encoded over the tokens of newsbench.text, scored by
    seqeval strict IOB2 -- the same P/R/F as `bio` strict (strict_head)."""
    docs = data.draw(corpora())
    sub = data.draw(submissions(docs))
    result, problems = score_submission(sub, gold_from_documents(docs), tasks=["bio"], bootstrap=0)
    assert problems == []
    by_id = {d.doc_id: d for d in sub.documents}
    onto = load_ontology()
    for metric, attribute in (("strict", "bio_extent_chunks"), ("strict_head", "bio_chunks")):
        y_true, y_pred = [], []
        for doc in docs:
            grid = TokenGrid.of(doc.text)
            gold = GoldDocument(doc, onto)
            gold_chunks, _ = getattr(gold, attribute)
            names = {(m.start, m.end, m.type) for m in by_id[doc.doc_id].mentions if m.level in (None, "NAM")}
            pred_chunks, _ = bio_chunks(grid, head_mapped(gold, names) if metric == "strict_head" else names)
            y_true += iob2_sequences(grid, gold_chunks)
            y_pred += iob2_sequences(grid, pred_chunks)
        p, r, f = seqeval_scores(y_true, y_pred)
        s = result.scores["bio"][metric]
        assert math.isclose(s["precision"], p, abs_tol=1e-12), metric
        assert math.isclose(s["recall"], r, abs_tol=1e-12), metric
        assert math.isclose(s["f1"], f, abs_tol=1e-12), metric


@settings(max_examples=80, deadline=None)
@given(documents())
def test_gold_tags_equal_the_entities_config_columns(doc):
    """The gold side of `bio` is exactly the dataset's `entities` config: ner_tags (name heads) and
    extent_ner_tags (name extents), sentence by sentence."""
    onto = load_ontology()
    names = label_sets(onto).ner_tags
    rows = document_rows(doc, "gen.json", onto).rows["entities"]
    gold = GoldDocument(doc, onto)
    for column, attribute in (("extent_ner_tags", "bio_extent_chunks"), ("ner_tags", "bio_chunks")):
        mine = iob2_sequences(gold.grid, getattr(gold, attribute)[0])
        theirs = [[names[i] for i in row[column]] for row in sorted(rows, key=lambda r: r["sentence_index"])]
        assert mine == theirs, column


def test_iob2_representation_rules():
    """A span is mapped to the tokens it touches; spans crossing a sentence or holding no token are not encoded;
    of nested spans the outermost is kept."""
    text = "The US embassy in Baghdad. Iran said so."
    grid = TokenGrid.of(text)
    items = {(4, 14, "FAC"), (4, 6, "GPE"),   # "US embassy" and nested "US"
             (19, 25, "GPE"),                  # inside the token "Baghdad": the whole token
             (18, 31, "ORG"),                  # crosses the sentence end
             (14, 15, "PER")}                  # a space: no token
    chunks, dropped = bio_chunks(grid, items)
    assert chunks == {(0, 1, 3, "FAC"), (0, 4, 5, "GPE")}
    assert dropped == 3
    assert iob2_sequences(grid, chunks)[0] == ["O", "B-FAC", "I-FAC", "O", "B-GPE", "O"]
