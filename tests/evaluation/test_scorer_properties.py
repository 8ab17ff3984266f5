"""Properties of the whole scorer on generated gold documents and submissions."""

from __future__ import annotations

import dataclasses
import math
import random

from hypothesis import given, settings, strategies as st

from eval_strategies import corpora, submissions
from newsbench.evaluation.metrics import KINDS
from newsbench.evaluation.scorer import TASKS, gold_from_documents, score_submission
from newsbench.evaluation.submission import submission_from_documents
from newsbench.model import Document

ZERO_IS_PERFECT = ("mean", "median", "auc")


def score(sub, docs, tasks=TASKS):
    result, problems = score_submission(sub, gold_from_documents(docs), tasks=tasks, bootstrap=0)
    assert problems == [], problems
    return result


@settings(max_examples=80, deadline=None)
@given(corpora())
def test_gold_against_itself_is_perfect_everywhere(docs):
    result = score(submission_from_documents(docs), docs)
    for task, metrics in result.scores.items():
        for name, m in metrics.items():
            rows = [("", m)] + list(m.get("by_type", {}).items())
            for label, row in rows:
                main = row.get("f1", row.get("value"))
                if row["flags"] == ["empty"]:  # an accuracy or distance over nothing has no value
                    assert main is None, (task, name, label)
                elif m["kind"] in ZERO_IS_PERFECT:
                    assert main == 0.0, (task, name, label)
                elif m["kind"] == "conll":  # MUC has no links to score when every entity is a singleton
                    assert main == sum(metrics[p]["f1"] for p in m["sources"]) / 3
                elif row["flags"]:  # nothing to find and nothing predicted
                    assert set(row["flags"]) >= {"no_gold", "no_predictions"}, (task, name, label, row["flags"])
                    assert main == 0.0
                else:
                    assert main == 1.0, (task, name, label)
                    if "precision" in row:
                        assert row["precision"] == row["recall"] == 1.0
    assert result.warnings == ()


def _shuffled(sub, seed: int):
    rnd = random.Random(seed)

    def shuffle(items):
        items = list(items)
        rnd.shuffle(items)
        return tuple(items)

    docs = []
    for d in sub.documents:
        ems = tuple(dataclasses.replace(e, arguments=shuffle(e.arguments)) for e in d.event_mentions)
        docs.append(dataclasses.replace(d, mentions=shuffle(d.mentions), timexes=shuffle(d.timexes),
                                        event_mentions=shuffle(ems), toponyms=shuffle(d.toponyms)))
    return dataclasses.replace(sub, documents=shuffle(docs))


def _close(a, b, path=""):
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _close(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{path}/{i}")
    elif isinstance(a, float):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), path
    else:
        assert a == b, path


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_scores_do_not_depend_on_document_or_item_order(data):
    docs = data.draw(corpora())
    sub = data.draw(submissions(docs))
    first = score(sub, docs).to_json()
    docs_shuffled = list(reversed(docs))
    again = score(_shuffled(sub, data.draw(st.integers(0, 10**6))), docs_shuffled).to_json()
    _close(first["scores"], again["scores"])
    _close(first["per_document"], again["per_document"])


def _subset(doc: Document, keep) -> Document:
    """The document without the mentions and timexes ``keep`` rejects (unless something refers to them)."""
    referenced = {a.ref for em in doc.event_mentions for a in em.arguments} | {t.mention for t in doc.toponyms}
    mentions = tuple(m for m in doc.mentions if m.id in referenced or keep(m.id))
    timexes = tuple(t for t in doc.timexes if t.id in referenced or keep(t.id))
    entities = tuple(e for e in doc.entities if any(m.entity == e.id for m in mentions))
    return dataclasses.replace(doc, mentions=mentions, timexes=timexes, entities=entities)


SYMMETRIC = {
    "entities": ("strict", "exact", "partial", "ent_type", "mention_detection"),
    "entities_all": ("strict", "exact", "partial", "ent_type", "mention_detection"),
    "bio": ("strict",),
    "coreference": ("muc", "b_cubed", "ceaf_e"),
    "timexes": ("strict", "relaxed"),
    "events": ("trigger_identification", "trigger_classification", "argument_classification_attached_span"),
    "toponyms": ("strict",),
}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_swapping_gold_and_prediction_swaps_precision_and_recall(data):
    docs = data.draw(corpora())
    rnd = random.Random(data.draw(st.integers(0, 10**6)))
    others = [_subset(d, lambda _id: rnd.random() < 0.6) for d in docs]
    forward = score(submission_from_documents(others), docs).scores
    backward = score(submission_from_documents(docs), others).scores
    for task, names in SYMMETRIC.items():
        for name in names:
            f, b = forward[task][name], backward[task][name]
            assert math.isclose(f["precision"], b["recall"], abs_tol=1e-12), (task, name)
            assert math.isclose(f["recall"], b["precision"], abs_tol=1e-12), (task, name)
            assert math.isclose(f["f1"], b["f1"], abs_tol=1e-12), (task, name)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_corpus_counts_are_the_sums_of_the_document_counts(data):
    docs = data.draw(corpora(min_docs=2))
    sub = data.draw(submissions(docs))
    whole = score(sub, docs)
    for doc in docs:
        one = score(dataclasses.replace(sub, documents=tuple(d for d in sub.documents if d.doc_id == doc.doc_id)),
                    [doc])
        row = whole.table.counts[whole.table.doc_ids.index(doc.doc_id)]
        assert list(one.table.counts[0]) == list(row)
    sums = whole.table.counts.sum(axis=0)
    for task, metrics in whole.scores.items():
        for name, m in metrics.items():
            if m["kind"] not in KINDS:  # conll, median, auc: computed from other metrics or from items
                continue
            for field, value in m["counts"].items():
                column = whole.table.columns.index(f"{task}/{name}/{field}")
                assert math.isclose(sums[column], value, abs_tol=1e-9)
