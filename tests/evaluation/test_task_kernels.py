"""The batch kernels of the tasks count what the simple definitions count: each document's sets of hashable tuples,
intersected (spaCy's scorer), on generated gold documents and submissions, one batch of several documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Set
from typing import Any

import numpy as np
from eval_strategies import corpora, submissions
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbench.evaluation.codes import combine, joint, set_counts
from newsbench.evaluation.matching import ARGUMENT_METRICS, MATCH_MODES, GoldDocument, argument_sets
from newsbench.evaluation.registry import REGISTRY
from newsbench.evaluation.submission import SPAN_RULES, first_by
from newsbench.evaluation.tasks import DocumentInput, Totals
from newsbench.model import SubmissionDocument
from newsbench.ontology import load_ontology

ONTOLOGY = load_ontology()


def _prf(key: str, gold: Set[Any], pred: Set[Any], labels: dict[str, list[Counter[str]]] | None) -> tuple[int, ...]:
    tp = gold & pred
    if labels is not None:
        acc = labels.setdefault(key, [Counter(), Counter(), Counter()])
        for c, items in zip(acc, (tp, pred - tp, gold - tp), strict=True):
            c.update(x[-1] for x in items)
    return (len(tp), len(pred) - len(tp), len(gold) - len(tp))


def events_by_definition(gd: GoldDocument, pred: SubmissionDocument, labels: dict[str, list[Counter[str]]]
                         ) -> dict[str, tuple[int, ...]]:
    """The events task's triggers and arguments of one document, as tuple sets."""
    ems = pred.event_mentions or ()
    chosen = first_by(ems, SPAN_RULES["event_mentions"])
    out = {"events/trigger_identification": _prf("", {(t.start, t.end) for t in gd.triggers},
                                                 {(s, e) for s, e, _ in chosen}, None),
           "events/trigger_classification": _prf("events/trigger_classification",
                                                 {(t.start, t.end, t.type) for t in gd.triggers}, set(chosen), labels)}
    for mode in MATCH_MODES:
        gold = argument_sets(gd.argument_items[mode])
        attached = {(e.start, e.end, e.type, gd.filler_keys(a.start, a.end, a.role)[MATCH_MODES.index(mode)], a.role)
                    for e in ems for a in e.arguments}
        predicted = argument_sets(attached)
        for base in ARGUMENT_METRICS:
            key = f"events/{base}_{mode}"
            out[key] = _prf(key, gold[base], predicted[base], labels if "classification" in base else None)
    return out


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_events_kernel_counts_the_tuple_sets(data):
    docs = data.draw(corpora(max_docs=5))
    sub = data.draw(submissions(docs))
    golds = [GoldDocument(d, ONTOLOGY) for d in docs]
    inputs = [DocumentInput(g, p, k, ONTOLOGY) for k, (g, p) in enumerate(zip(golds, sub.documents, strict=True))]
    outs: list[dict[str, tuple[Any, ...]]] = [{} for _ in docs]
    totals = Totals()
    REGISTRY["events"].score(inputs, outs, totals)
    labels: dict[str, list[Counter[str]]] = {}
    for g, p, out in zip(golds, sub.documents, outs, strict=True):
        expected = events_by_definition(g, p, labels)
        assert {k: out[k] for k in expected} == expected
    got = {k: [+c for c in v] for k, v in totals.labels.items() if k in labels}
    assert got == {k: [+c for c in v] for k, v in labels.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2 ** 40), st.integers(0, 5)), max_size=8),
                min_size=2, max_size=2))
def test_codes_are_sets_of_tuples(sides):
    """Equal rows get equal codes on both sides, whatever their size (partial codes that would overflow are
    ranked first), and set_counts counts each document's set."""
    gold, pred = ([np.array([row[k] for row in side], dtype=np.int64) for k in range(3)] for side in sides)
    g_code, p_code = joint(gold, pred, radix=6)
    for code, side in ((g_code, sides[0]), (p_code, sides[1])):
        assert (code % 6).tolist() == [row[2] for row in side]
    rows = {row: code for side, codes in zip(sides, (g_code, p_code), strict=True)
            for row, code in zip(side, codes.tolist(), strict=True)}
    assert len(set(rows.values())) == len(rows)
    counted = set_counts(g_code, gold[0], p_code, pred[0], 4)
    for d in range(4):
        g = {row for row in sides[0] if row[0] == d}
        p = {row for row in sides[1] if row[0] == d}
        assert (counted.tp[d], counted.fp[d], counted.fn[d]) == (len(g & p), len(p - g), len(g - p))
    assert combine(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).size == 0
