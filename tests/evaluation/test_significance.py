"""Bootstrap intervals and the paired tests: vectorised resampling equals the naive loop, determinism, and the
tests' behaviour on identical and clearly different systems."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from eval_strategies import corpora, submissions
from newsbench.evaluation import significance
from newsbench.evaluation.metrics import KINDS, auc_from_errors
from newsbench.evaluation.registry import MIN_DOCUMENTS, TASK_VERSIONS, unavailable_reason
from newsbench.evaluation.scorer import CountTable, gold_from_documents, metric_specs, score_submission
from newsbench.evaluation.significance import (
    IncomparableResults, _weighted_auc, _weighted_median, bootstrap_samples, compare_results,
)
from newsbench.evaluation.submission import submission_from_documents
from newsbench.model import (Document, Entity, Meta, Mention, PredictedMention, Submission, SubmissionDocument,
                             SystemInfo)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 20000), min_size=1, max_size=30), st.data())
def test_weighted_median_and_auc_equal_the_repeated_multiset(values, data):
    values = np.sort(np.asarray(values))
    weights = np.asarray([data.draw(st.lists(st.integers(0, 3), min_size=len(values), max_size=len(values)))
                          for _ in range(3)], dtype=float)
    med, auc = _weighted_median(values, weights), _weighted_auc(values, weights)
    for row in range(3):
        multiset = np.repeat(values, weights[row].astype(int))
        if not multiset.size:  # nothing drawn: no value (a 0 would be the best distance)
            assert math.isnan(med[row]) and math.isnan(auc[row])
            continue
        assert math.isclose(med[row], float(np.median(multiset)), rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(auc[row], auc_from_errors(multiset), rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 20000), min_size=1, max_size=30), st.data(), st.integers(1, 4), st.integers(1, 3))
def test_rank_windows_fall_back_to_every_item(values, data, window, end_window):
    """The middle and end ranks are first looked for in windows of the sorted items; with windows this small the
    ranks often lie outside them, and the result is still the one over every item."""
    values = np.sort(np.asarray(values))
    weights = np.asarray([data.draw(st.lists(st.integers(0, 3), min_size=len(values), max_size=len(values)))
                          for _ in range(4)], dtype=float)
    expected = _weighted_median(values, weights), _weighted_auc(values, weights)
    with patch.object(significance, "_WINDOW", window), patch.object(significance, "_END_WINDOW", end_window):
        found = _weighted_median(values, weights), _weighted_auc(values, weights)
    np.testing.assert_array_equal(found[0], expected[0])
    np.testing.assert_array_equal(found[1], expected[1])


def _result(docs, sub, bootstrap=0, seed=0):
    result, problems = score_submission(sub, gold_from_documents(docs), bootstrap=bootstrap, seed=seed)
    assert problems == []
    return result


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_vectorised_bootstrap_equals_the_naive_loop(data):
    """Resample documents by index with the same random stream, re-score each resample from its summed counts."""
    docs = data.draw(corpora(min_docs=2))
    result = _result(docs, data.draw(submissions(docs)))
    table, specs = result.table, result.specs
    samples = bootstrap_samples(table, specs, n_resamples=7, seed=3)
    rng = np.random.default_rng(3)
    draws = rng.integers(0, len(table.doc_ids), size=(7, len(table.doc_ids)))
    for r, idx in enumerate(draws):
        sums = table.counts[idx].sum(axis=0)
        for spec in specs:
            if spec.kind not in KINDS:
                continue
            cols = table.column_index(spec.key, spec.fields)
            kind = KINDS[spec.kind]
            expected = kind.scores(sums[cols])
            for stat, value in expected.items():
                got = samples[spec.key][stat][r]
                if kind.value_only and (sums[cols] @ kind.matrix)[1] == 0:  # no items drawn: no value
                    assert math.isnan(got), (spec.key, stat)
                else:
                    assert math.isclose(got, float(value), abs_tol=1e-12), (spec.key, stat)
        doc_of, km = table.items["toponyms/resolution"]
        chosen = np.concatenate([km[doc_of == d] for d in idx]) if km.size else np.zeros(0)
        if not chosen.size:
            assert math.isnan(samples["toponyms/median_km"]["value"][r])
            assert math.isnan(samples["toponyms/auc"]["value"][r])
            continue
        assert math.isclose(samples["toponyms/median_km"]["value"][r], float(np.median(chosen)), abs_tol=1e-9)
        assert math.isclose(samples["toponyms/auc"]["value"][r], auc_from_errors(chosen), abs_tol=1e-9)


@settings(max_examples=5, deadline=None)
@given(st.data())
def test_bootstrap_is_deterministic_and_intervals_are_ordered(data):
    docs = data.draw(corpora(min_docs=4, max_docs=4))
    sub = data.draw(submissions(docs))
    a = _result(docs, sub, bootstrap=200, seed=11).to_json()
    b = _result(docs, sub, bootstrap=200, seed=11).to_json()
    assert a["scores"] == b["scores"]
    for task, metrics in a["scores"].items():
        for name, m in metrics.items():  # 4 documents: too few for an interval, and the entry says so
            expected = "no items" if m.get("value", 0) is None else "4 documents (at least 10 needed)"
            assert m["ci"] is None and m["ci_reason"] == expected, (task, name)
    intervals = significance.bootstrap_intervals(_result(docs, sub).table, _result(docs, sub).specs,
                                                 n_resamples=200, seed=11)
    for key, stats in intervals.items():
        for stat, interval in stats.items():
            assert interval is None or interval[0] <= interval[1], (key, stat)


@settings(max_examples=5, deadline=None)
@given(st.data())
def test_chunking_does_not_change_the_random_stream(data):
    docs = data.draw(corpora(min_docs=3, max_docs=3))
    result = _result(docs, data.draw(submissions(docs)))
    first = bootstrap_samples(result.table, result.specs, n_resamples=250, seed=5)
    chunk = significance.CHUNK
    try:
        significance.CHUNK = 250
        again = bootstrap_samples(result.table, result.specs, n_resamples=250, seed=5)
    finally:
        significance.CHUNK = chunk
    for key in first:
        for stat in first[key]:
            assert np.array_equal(first[key][stat], again[key][stat], equal_nan=True), key


def _synthetic(rate: float, n_docs: int = 400, seed: int = 0) -> dict:
    """A result JSON with NER-like counts: each document has 20 gold items, of which a share ``rate`` is found."""
    rng = np.random.default_rng(seed)
    specs = metric_specs("entities")
    columns = tuple(f"{s.key}/{f}" for s in specs for f in s.fields)
    counts = np.zeros((n_docs, len(columns)))
    for d in range(n_docs):
        tp = rng.binomial(20, rate)
        for s in specs:
            start = columns.index(f"{s.key}/{s.fields[0]}")
            if s.kind == "prf":
                counts[d, start:start + 3] = (tp, 2, 20 - tp)
            else:  # correct, incorrect, partial, missed, spurious
                counts[d, start:start + 5] = (tp, 0, 0, 20 - tp, 2)
    table = CountTable(tuple(f"d{i}" for i in range(n_docs)), columns, counts)
    return {"gold": {"sha256": "x" * 64}, "task_versions": {"entities": TASK_VERSIONS["entities"]},
            "per_document": table.to_json()}


def test_compare_identical_systems_gives_no_difference():
    a = _synthetic(0.7)
    rows = compare_results(a, a, n_resamples=200, seed=1)
    assert rows and all(r.delta == 0 and r.p_bootstrap == 1.0 and r.p_randomization == 1.0 for r in rows)


def test_compare_detects_a_clear_difference_and_not_noise():
    better, worse = _synthetic(0.8, seed=1), _synthetic(0.6, seed=2)
    strict = {r.metric: r for r in compare_results(worse, better, n_resamples=500, seed=2)}["strict"]
    assert strict.delta > 0.1
    assert strict.p_bootstrap < 0.01 and strict.p_randomization < 0.01
    assert strict.delta_interval[0] > 0
    same_a, same_b = _synthetic(0.7, seed=3), _synthetic(0.7, seed=4)
    noise = {r.metric: r for r in compare_results(same_a, same_b, n_resamples=500, seed=2)}["strict"]
    assert (noise.p_randomization > 0.01 and noise.delta_interval[0] < 0 < noise.delta_interval[1]) or \
        abs(noise.delta) < 0.02


def test_compare_refuses_results_on_different_gold_or_documents():
    a = _synthetic(0.7)
    b = dict(a, gold={"sha256": "y" * 64})
    with pytest.raises(IncomparableResults):
        compare_results(a, b)
    c = dict(a, per_document=dict(a["per_document"], doc_ids=list(reversed(a["per_document"]["doc_ids"]))))
    with pytest.raises(IncomparableResults):
        compare_results(a, c)
    d = dict(a, task_versions={"entities": "0.9"})
    with pytest.raises(IncomparableResults):
        compare_results(a, d)


@settings(max_examples=5, deadline=None)
@given(st.data())
def test_compare_on_real_results_round_trips_through_json(data):
    docs = data.draw(corpora(min_docs=3, max_docs=3))
    gold_sub = submission_from_documents(docs)
    other = data.draw(submissions(docs))
    a = _result(docs, gold_sub).to_json()
    b = _result(docs, dataclasses.replace(other, system=gold_sub.system)).to_json()
    rows = compare_results(a, b, n_resamples=50)
    by = {(r.task, r.metric): r for r in rows}
    assert by[("entities_all", "strict")].a == a["scores"]["entities_all"]["strict"]["f1"]
    assert by[("entities_all", "strict")].b == pytest.approx(b["scores"]["entities_all"]["strict"]["f1"])
    assert by[("toponyms", "median_km")].statistic == "value"


# --- agreement with scipy on a corpus large enough to speak (issue 10's done-when) -------------------------

WORDS = ("Baghdad", "Tehran", "Iraq", "Mosul", "Basra")


def _fifty_documents(n_docs: int = 50, seed: int = 7):
    """A synthetic gold of ``n_docs`` documents (6 to 14 GPE names each) and two systems: A finds a name with
    probability 0.70, B with 0.78; each sometimes mistypes one (PER)."""
    rng = np.random.default_rng(seed)
    docs, subs = [], {"A": [], "B": []}
    for d in range(n_docs):
        k = int(rng.integers(6, 15))
        names = [WORDS[int(i)] for i in rng.integers(0, len(WORDS), size=k)]
        text = " and ".join(names) + "."
        starts = [sum(len(n) + 5 for n in names[:i]) for i in range(k)]
        mentions = tuple(Mention(f"M{i}", f"E{i}", "GPE", "NAM", s, s + len(n), n, s, s + len(n))
                         for i, (s, n) in enumerate(zip(starts, names, strict=True)))
        docs.append(Document(f"doc-{d:03d}", text, Meta(hashlib.sha256(text.encode()).hexdigest(), "t", "en",
                                                         "unknown", "unknown", "unknown", "unknown", "2021-10-31"),
                             entities=tuple(Entity(f"E{i}", "GPE") for i in range(k)), mentions=mentions))
        for system, rate in (("A", 0.70), ("B", 0.78)):
            found = [PredictedMention(m.start, m.end, "PER" if rng.random() < 0.1 else "GPE", "NAM")
                     for m in mentions if rng.random() < rate]
            subs[system].append(SubmissionDocument(docs[-1].doc_id, mentions=tuple(found)))
    info = {s: SystemInfo(s, "1", f"system {s}") for s in subs}
    return docs, {s: Submission(info[s], tuple(v)) for s, v in subs.items()}


def _strict_f1(counts: np.ndarray) -> float:
    """entities/strict F1 from summed (correct, incorrect, partial, missed, spurious), as the scorer defines it."""
    return float(KINDS["categories"].scores(counts)["f1"])


def test_fifty_documents_agree_with_scipy_bootstrap_and_permutation_test():
    stats = pytest.importorskip("scipy.stats")
    docs, subs = _fifty_documents()
    n_resamples = 4000
    results = {s: _result(docs, sub, bootstrap=n_resamples, seed=3) for s, sub in subs.items()}
    table = results["A"].table
    cols = table.column_index("entities/strict", KINDS["categories"].fields)
    counts = {s: r.table.counts[:, cols] for s, r in results.items()}
    n = len(docs)

    # the interval: newsbench's percentile bootstrap against scipy.stats.bootstrap(method="percentile")
    entry = results["A"].scores["entities"]["strict"]
    assert entry["documents"] == entry["documents_with_items"] == n and "ci_reason" not in entry
    ours = entry["ci"]["f1"]
    theirs = stats.bootstrap((np.arange(n),), lambda idx: _strict_f1(counts["A"][idx].sum(axis=0)),
                             n_resamples=n_resamples, method="percentile", vectorized=False,
                             random_state=np.random.default_rng(11)).confidence_interval
    spread = float(np.std(bootstrap_samples(table, results["A"].specs, n_resamples=n_resamples, seed=3)
                          ["entities/strict"]["f1"]))
    # Monte-Carlo error of a 2.5% / 97.5% quantile of N draws: sqrt(q (1 - q) / N) / density, the density of a
    # normal of that spread at its 1.96 point; two independent estimates; four standard errors allowed
    tolerance = 4 * math.sqrt(2) * math.sqrt(0.025 * 0.975 / n_resamples) * spread / 0.0584
    assert abs(ours[0] - theirs.low) <= tolerance, (ours, theirs, tolerance)
    assert abs(ours[1] - theirs.high) <= tolerance, (ours, theirs, tolerance)
    assert 0 < ours[1] - ours[0] < 0.5

    # the p-value: approximate randomisation against scipy.stats.permutation_test(permutation_type="samples"),
    # which swaps each document's counts between the two systems as compare does
    a, b = results["A"].to_json(), results["B"].to_json()
    row = next(r for r in compare_results(a, b, n_resamples=n_resamples, seed=5)
               if (r.task, r.metric) == ("entities", "strict"))
    stacked = np.concatenate([counts["A"], counts["B"]])

    def delta(x, y):  # x: the rows standing for A, y: for B (indices into the stacked table)
        return _strict_f1(stacked[y].sum(axis=0)) - _strict_f1(stacked[x].sum(axis=0))

    test = stats.permutation_test((np.arange(n), np.arange(n) + n), delta, permutation_type="samples",
                                  n_resamples=n_resamples, vectorized=False, alternative="two-sided",
                                  random_state=np.random.default_rng(13))
    assert row.delta == pytest.approx(test.statistic, abs=1e-12) and row.delta > 0
    p, q = row.p_randomization, float(test.pvalue)
    assert 0.001 < q < 0.5, q  # a difference the test can neither dismiss nor take for certain
    error = math.sqrt(q * (1 - q) * 2 / n_resamples)
    assert abs(p - q) <= 4 * error + 2 / n_resamples, (p, q)
    # and the paired bootstrap's p-value and interval say the same thing
    assert row.delta_interval[0] < row.delta < row.delta_interval[1]
    assert abs(row.p_bootstrap - q) <= 0.1


def test_too_few_documents_give_no_interval_and_no_p_value():
    docs, subs = _fifty_documents(n_docs=9)
    results = {s: _result(docs, sub, bootstrap=100).to_json() for s, sub in subs.items()}
    entry = results["A"]["scores"]["entities"]["strict"]
    assert entry["ci"] is None and entry["ci_reason"] == "9 documents (at least 10 needed)"
    row = next(r for r in compare_results(results["A"], results["B"], n_resamples=100)
               if (r.task, r.metric) == ("entities", "strict"))
    assert row.p_bootstrap is None and row.p_randomization is None and row.delta_interval is None
    assert row.reason == "9 documents (at least 10 needed)" and row.delta is not None and row.better == "b"
    assert MIN_DOCUMENTS == 10 and unavailable_reason(10, 10) is None
    assert unavailable_reason(12, 3) == "3 of 12 documents have items (at least 10 needed)"
