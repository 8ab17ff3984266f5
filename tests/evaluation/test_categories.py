"""The batch kernel of the entities task gives category_parts' counts, document by document and label by label,
for any gold (nested, crossing) and any predictions (overlapping one another too), one document or many."""

from __future__ import annotations

from collections import Counter

import pytest
from eval_strategies import flat_predictions, gold_items, spans
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbench.evaluation.categories import (
    BatchItems, MentionColumns, batch_category_parts, level_counts, sets_category_parts,
)
from newsbench.evaluation.matching import category_parts
from newsbench.evaluation.metrics import SCHEMAS
from newsbench.evaluation.tasks import add_label_counts
from newsbench.model import PredictedMention


def assert_same_as_per_document(gold, pred, schemas=SCHEMAS):
    batch = sets_category_parts([set(g) for g in gold], [set(p) for p in pred], schemas)
    exact: Counter = Counter()
    extra: dict[str, list[int]] = {}
    for d, (g, p) in enumerate(zip(gold, pred, strict=True)):
        one = category_parts(g, p, schemas)
        for schema in schemas:
            assert tuple(batch.overall[schema][d].tolist()) == one.overall[schema], (d, schema)
        exact.update(item[2] for item in one.exact)
        add_label_counts(extra, one.extra)
        gold_spans, pred_spans = {x[:2] for x in g}, {x[:2] for x in p}
        assert tuple(batch.spans[d].tolist()) == (len(gold_spans), len(pred_spans), len(gold_spans & pred_spans))
    assert batch.exact == exact
    assert {x[0]: list(x[1:]) for x in batch.extra} == extra


@st.composite
def documents(draw, flat: bool):
    gold = draw(st.lists(gold_items(max_items=12), min_size=0, max_size=6))
    if flat:
        return gold, [draw(flat_predictions(g)) for g in gold]
    return gold, [draw(st.lists(spans(), max_size=12)) for _ in gold]


@settings(max_examples=300, deadline=None)
@given(documents(flat=True))
def test_flat_predictions(docs):
    assert_same_as_per_document(*docs)


@settings(max_examples=300, deadline=None)
@given(documents(flat=False), st.sampled_from([SCHEMAS, ("strict",), ("exact", "ent_type")]))
def test_any_predictions_any_schemas(docs, schemas):
    """Overlapping predictions make components of many items: those go through category_parts."""
    assert_same_as_per_document(*docs, schemas)


@pytest.mark.parametrize("pred", [
    [(2, 9, "PER")], [(2, 9, "ORG")], [(0, 4, "ORG"), (20, 30, "PER")], [(3, 12, "GPE")],  # one over several gold
])
def test_a_prediction_over_several_gold_items(pred):
    assert_same_as_per_document([[(0, 4, "PER"), (5, 9, "ORG"), (0, 3, "LOC"), (10, 12, "PER")]], [pred])


@pytest.mark.parametrize("pred", [
    [(0, 3, "PER"), (2, 6, "ORG")], [(1, 3, "ORG"), (0, 10, "PER")], [(0, 10, "ORG"), (5, 9, "ORG"), (1, 2, "PER")],
])
def test_several_predictions_over_one_gold_item(pred):
    assert_same_as_per_document([[(0, 10, "PER"), (20, 25, "ORG")]], [pred])


def test_nothing_and_empty_documents():
    batch = sets_category_parts([], [])
    assert batch.overall["strict"].shape == (0, 5) and not batch.extra and not batch.exact
    assert_same_as_per_document([[], [(0, 3, "PER")], []], [[(1, 2, "ORG")], [], []])


def test_items_of_objects():
    mentions = [PredictedMention(10, 12, "GPE"), PredictedMention(0, 4, "PER", "NAM")]
    gold, pred, labels = BatchItems.of_mentions(MentionColumns.of([mentions, []]),
                                                MentionColumns.of([[], mentions[1:]]))
    assert labels == ["GPE", "PER"] and gold.doc.tolist() == [0, 0] and gold.label.tolist() == [0, 1]
    assert pred.doc.tolist() == [1] and pred.start.tolist() == [0] and pred.label.tolist() == [1]
    parts = batch_category_parts(gold, pred, labels)
    assert parts.overall["strict"].tolist() == [[0, 0, 0, 2, 0], [0, 0, 0, 0, 1]]
    assert parts.spans.tolist() == [[2, 0, 0], [0, 1, 0]]
    # kept by level: the gold's NAM mentions, the predictions without a level
    gold, pred, labels = BatchItems.of_mentions(MentionColumns.of([mentions], {"NAM"}),
                                                MentionColumns.of([mentions], {None}))
    assert labels == ["GPE", "PER"] and gold.start.tolist() == [0] and pred.start.tolist() == [10]


def test_items_must_be_triples():
    with pytest.raises(ValueError, match="start, end, label"):
        sets_category_parts([{(0, 1, "PER", "x")}], [set()])


LEVELS = ("NAM", "NOM", "PRO")


@st.composite
def leveled(draw, gold: bool):
    """Mentions with a level (the gold may repeat a span with another level; a prediction may have none)."""
    items = draw(st.lists(spans(max_pos=30, max_len=6), max_size=10))
    levels = LEVELS if gold else (*LEVELS, None)
    return [PredictedMention(s, e, t, draw(st.sampled_from(levels))) for s, e, t in items]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(leveled(gold=True), leveled(gold=False)), max_size=5))
def test_level_counts_equal_the_tuple_sets(docs):
    expected: dict[str, list[int]] = {}
    for gold, pred in docs:
        at = {(m.start, m.end): m.level for m in gold}  # the last gold mention at a span gives its level
        g = {(m.start, m.end, m.level) for m in gold}
        p = {(m.start, m.end, m.level or at.get((m.start, m.end), "-")) for m in pred}
        for label, items in (("tp", g & p), ("fp", p - g), ("fn", g - p)):
            for x in items:
                expected.setdefault(x[2], [0, 0, 0])[("tp", "fp", "fn").index(label)] += 1
    got = level_counts(MentionColumns.of([g for g, _ in docs]),
                       MentionColumns.of([p for _, p in docs]), "-")
    assert {k: list(v) for k, v in got.items()} == expected
