"""The baselines on the development corpora (newsbench.baselines.development) and the table in eval/README.md §7."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbench.baselines import development
from newsbench.model import (AnnotatedLayer, Document, PredictedMention, PredictedTimex, PredictedToponym,
                             SubmissionDocument)
from newsbench.paths import repo_root


def test_predictions_are_kept_where_the_corpus_annotates_their_layer(make_doc):
    doc = make_doc("0123456789 0123456789")
    gold = Document(doc.doc_id, doc.text, doc.meta, annotated=(AnnotatedLayer("entities", ((0, 10),)),))
    pred = SubmissionDocument(
        doc.doc_id,
        mentions=(PredictedMention(0, 4, "PER", "NAM"), PredictedMention(8, 14, "PER", "NAM"),
                  PredictedMention(12, 16, "ORG", "NAM")),
        timexes=(PredictedTimex(0, 4, "DATE", "2020"),),
        toponyms=(PredictedToponym(0, 4, "Literal", None, 1.0, 2.0),),
    )
    kept = development.restrict(pred, gold)
    assert development.restrict(pred, replace(gold, annotated=None)) == pred  # no declaration: all of the text
    assert [(m.start, m.end) for m in kept.mentions] == [(0, 4)]  # inside the annotated range only
    assert kept.timexes is None and kept.toponyms is None  # layers the corpus does not annotate are not scored


def test_predicted_mentions_of_a_kind_the_corpus_does_not_annotate_are_left_out(make_doc):
    # made-up text; "Albanian" and "Albanians" are demonyms of the table
    made = make_doc("Albanian officials met Albanians in Albania.")
    doc = Document(made.doc_id, made.text, made.meta)
    spans = [(0, 8), (23, 32), (36, 43)]
    pred = SubmissionDocument(doc.doc_id, mentions=tuple(PredictedMention(s, e, "GPE", "NAM") for s, e in spans))
    kept = development.restrict(pred, doc, ("adjectival demonyms",))
    # the adjective form goes; the plural noun (people, GUIDELINES R14) and the place name stay
    assert [(m.start, m.end) for m in kept.mentions] == spans[1:]
    assert development.restrict(pred, doc) == pred  # no kinds: nothing left out
    assert development.DEV_CORPORA["gum-news"].unannotated == ("adjectival demonyms",)
    assert not development.DEV_CORPORA["meantime"].unannotated and not development.SEED.unannotated


def _published_rows() -> dict[tuple[str, str], list[str]]:
    text = (repo_root() / "eval" / "README.md").read_text(encoding="utf-8").split("## 7.", 1)[1]
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| rules |") or line.startswith("| spacy-sm |"):
            rows[(cells[0], cells[1])] = cells[3:]
    return rows


@pytest.mark.parametrize("corpus", sorted(development.DEV_CORPORA))
def test_published_rules_rows_are_what_the_command_computes(dev_corpora, corpus):
    c = development.DEV_CORPORA[corpus]
    row = development.headline(development.evaluate("rules", c, development.load_corpus(c, dev_corpora)))
    expected = ["—" if v is None else f"{v:.3f}" for v in row.values()]
    assert _published_rows()[("rules", corpus)] == expected


def test_the_table_has_every_system_on_every_corpus_and_the_seed():
    rows = _published_rows()
    for system in ("rules", "spacy-sm"):
        for corpus in [*development.DEV_CORPORA, "seed (test)"]:
            assert (system, corpus) in rows
    assert all(re.fullmatch(r"—|[01]\.\d{3}", v) for cells in rows.values() for v in cells)


def test_the_chance_of_doing_as_well_as_the_seed_is_the_binomial_tail_by_hand():
    # 3 or 4 of 4 at a rate of one half: (C(4,3) + C(4,4)) / 2**4 = 5 / 16
    assert development.at_least_as_well(0.5, 3, 4) == pytest.approx(5 / 16)
    # 2 or more of 3 at 0.8: 3 * 0.8**2 * 0.2 + 0.8**3 = 0.384 + 0.512
    assert development.at_least_as_well(0.8, 2, 3) == pytest.approx(0.896)
    assert development.at_least_as_well(0.3, 0, 7) == pytest.approx(1.0)  # at least none: certain


@given(st.floats(0.01, 0.99), st.integers(1, 60))
def test_all_of_n_has_the_chance_rate_to_the_n(rate, n):
    assert development.at_least_as_well(rate, n, n) == pytest.approx(rate ** n, rel=1e-9)


def _accuracy(correct: int, total: int) -> dict:
    return {"value": correct / total if total else None, "counts": {"correct": correct, "total": total}}


def test_seed_comparisons_read_the_seeds_counts_and_the_corpus_rate():
    dev = {"toponyms": {"acc_at_161km": _accuracy(9, 10)}, "timexes": {"value_accuracy": _accuracy(0, 0)}}
    seed = {"toponyms": {"acc_at_161km": _accuracy(2, 2)}, "timexes": {"value_accuracy": _accuracy(3, 4)}}
    [found] = development.seed_comparisons(dev, seed)  # no timex items on the corpus: nothing to compare
    assert (found.column, found.rate, found.correct, found.total) == ("Acc@161km", 0.9, 2, 2)
    assert found.chance == pytest.approx(0.81)
