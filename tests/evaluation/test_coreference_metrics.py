"""MUC, B-cubed, CEAF-e and the CoNLL average reproduce the published worked examples.

Expected numbers come from the test cases of the reference coreference scorer (conll/reference-coreference-
scorers, test/CorefMetricTestConfig.pm and test/TestCases.README, the implementation described by Pradhan et al.
2014, "Scoring Coreference Partitions of Predicted Mentions: A Reference Implementation", ACL), which include the
examples of the B-cubed paper (Bagga & Baldwin 1998, "Algorithms for Scoring Coreference Chains": TC-D, TC-E)
and of the MUC paper (Vilain et al. 1995: TC-F to TC-L). Letters are mentions; capital B is a mention
overlapping b; {x} is a cluster.
"""

from __future__ import annotations

import math

import pytest

from newsbench.evaluation.matching import cluster_partition
from newsbench.evaluation.metrics import b_cubed, ceaf_e, conll, muc


def clusters(spec: str) -> list[set[str]]:
    """'{a} {bc} {def}' -> [{'a'}, {'b','c'}, {'d','e','f'}]; a mention is a letter (B10 repeats B)."""
    return [set(part.strip("{}")) for part in spec.split()]


KEY_A = "{a} {bc} {def}"
# (case, key, response, expected {metric: (recall, precision)})
CASES = [
    ("A1", KEY_A, "{a} {bc} {def}", {"muc": (1, 1), "b_cubed": (6 / 6, 6 / 6), "ceaf_e": (1, 1)}),
    ("A2", KEY_A, "{a} {de}", {"muc": (1 / 3, 1 / 1), "b_cubed": ((7 / 3) / 6, 3 / 3), "ceaf_e": (0.6, 0.9)}),
    ("A3", KEY_A, "{a} {bcx} {defy} {z}",
     {"muc": (3 / 3, 3 / 5), "b_cubed": (6 / 6, (4 + 7 / 12) / 9), "ceaf_e": (0.88571, 0.66429)}),
    ("A4", KEY_A, "{a} {bcx} {dy} {z}",
     {"muc": (1 / 3, 1 / 3), "b_cubed": ((3 + 1 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7), "ceaf_e": (0.73333, 0.55)}),
    ("A5", KEY_A, "{a} {bcxB} {dy} {z}",
     {"muc": (1 / 3, 1 / 4), "b_cubed": ((3 + 1 / 3) / 6, 2.5 / 8), "ceaf_e": (0.68889, 0.51667)}),
    ("A6", KEY_A, "{a} {bcx} {dy} {Bz}",
     {"muc": (1 / 3, 1 / 4), "b_cubed": ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 8), "ceaf_e": (0.73333, 0.55)}),
    ("A10", KEY_A, "{a} {b} {c} {d} {e} {f}", {"muc": (0, 0), "b_cubed": (3 / 6, 6 / 6)}),
    ("A11", KEY_A, "{abcdef}", {"muc": (3 / 3, 3 / 5), "b_cubed": (6 / 6, (1 / 6 + 2 * 2 / 6 + 3 * 3 / 6) / 6)}),
    ("A12", KEY_A, "{a} {x} {y} {c} {d} {e} {z}", {"muc": (0, 0), "b_cubed": ((1 + 1 / 2 + 2 / 3) / 6, 4 / 7)}),
    ("A13", KEY_A, "{axycdez}",
     {"muc": (1 / 3, 1 / 6), "b_cubed": ((1 + 1 / 2 + 2 * 2 / 3) / 6, (1 / 7 + 1 / 7 + 2 * 2 / 7) / 7)}),
    # Bagga & Baldwin 1998: merging a small cluster into a big one vs merging two big ones (MUC cannot tell)
    ("D1", "{12345} {67} {89ABC}", "{12345} {6789ABC}", {"muc": (9 / 9, 9 / 10), "b_cubed": (12 / 12, 16 / 21)}),
    ("E1", "{12345} {67} {89ABC}", "{1234589ABC} {67}",
     {"muc": (9 / 9, 9 / 10), "b_cubed": (1, 7 / 12)}),
    # Vilain et al. 1995
    ("F1", "{ABCD}", "{AB} {CD}", {"muc": (2 / 3, 2 / 2)}),
    ("G1", "{AB} {CD}", "{ABCD}", {"muc": (2 / 2, 2 / 3)}),
    ("H1", "{ABCD}", "{ABCD}", {"muc": (1, 1)}),
    ("J1", "{ABC}", "{AC}", {"muc": (1 / 2, 1 / 1)}),
    ("K1", "{BCDEGHJ}", "{ABC} {DEF} {GHI}", {"muc": (3 / 6, 3 / 6)}),
    ("L1", "{ABC} {DEFG}", "{AB} {CD} {FGH}", {"muc": (2 / 5, 2 / 4)}),
    ("M1", "{abcdef}", "{abcdef}", {"muc": (1, 1), "b_cubed": (1, 1), "ceaf_e": (1, 1)}),
    ("M2", "{abcdef}", "{a} {b} {c} {d} {e} {f}", {"muc": (0, 0)}),
    ("N1", "{a} {b} {c} {d} {e} {f}", "{a} {b} {c} {d} {e} {f}", {"muc": (0, 0), "b_cubed": (1, 1), "ceaf_e": (1, 1)}),
]
METRICS = {"muc": muc, "b_cubed": b_cubed, "ceaf_e": ceaf_e}


@pytest.mark.parametrize("case,key,response,expected", CASES, ids=[c[0] for c in CASES])
def test_reference_scorer_cases(case, key, response, expected):
    for name, (recall, precision) in expected.items():
        prf = METRICS[name](clusters(key), clusters(response)).prf
        assert math.isclose(prf.recall, recall, abs_tol=1e-5), (name, "recall")
        assert math.isclose(prf.precision, precision, abs_tol=1e-5), (name, "precision")


def test_b_cubed_f1_of_the_reference_cases():
    # published F values: A2 14/25, A3 110/163, A5 0.4 (rounded)
    assert math.isclose(b_cubed(clusters(KEY_A), clusters("{a} {de}")).prf.f1, 14 / 25)
    assert math.isclose(b_cubed(clusters(KEY_A), clusters("{a} {bcx} {defy} {z}")).prf.f1, 110 / 163)
    assert round(b_cubed(clusters(KEY_A), clusters("{a} {bcxB} {dy} {z}")).prf.f1, 4) == 0.4


def test_duplicate_mentions_are_counted_once_A7():
    """A7: b repeated in its own cluster is de-duplicated; numbers as A4."""
    response = cluster_partition([("a", "1"), ("b", "2"), ("c", "2"), ("x", "2"), ("b", "2"), ("d", "3"),
                                  ("y", "3"), ("z", "4")])
    assert math.isclose(b_cubed(clusters(KEY_A), response).prf.precision, 17 / 42)
    assert math.isclose(ceaf_e(clusters(KEY_A), response).prf.recall, 2.2 / 3)


def test_conll_is_the_mean_of_the_three_f1():
    key, response = clusters(KEY_A), clusters("{a} {bcx} {dy} {z}")
    parts = [METRICS[m](key, response).prf for m in ("muc", "b_cubed", "ceaf_e")]
    c = conll(*parts)
    assert math.isclose(c.f1, sum(p.f1 for p in parts) / 3)
    # A4: MUC F 1/3, B3 F 2*(5/9)*(17/42)/(5/9+17/42), CEAF-e F 0.62857
    expected = (1 / 3 + 2 * (5 / 9) * (17 / 42) / ((5 / 9) + (17 / 42)) + 0.62857) / 3
    assert math.isclose(c.f1, expected, abs_tol=1e-5)


def test_sums_over_documents_as_the_reference_scorer():
    """Corpus scores are ratios of numerator and denominator sums, not means of document scores."""
    doc1 = muc(clusters("{ab}"), clusters("{ab}"))
    doc2 = muc(clusters("{abcde}"), clusters("{a} {b} {c} {d} {e}"))
    total = doc1 + doc2
    assert math.isclose(total.prf.recall, 1 / 5)
