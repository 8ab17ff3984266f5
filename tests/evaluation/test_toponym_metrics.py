"""Toponym recognition and resolution against hand-computed distances.

Distances are checked against geometry that can be done by hand on a sphere of radius R = 6371.0088 km (a degree
of the equator is pi R / 180, a quarter meridian pi R / 2, antipodes pi R) and, for real places, against the
spherical law of cosines -- a different formula from the scorer's haversine.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from newsbench.evaluation.metrics import (
    MAX_ERROR_KM, auc_from_errors, median, resolution_error_km, resolution_scores,
)
from newsbench.evaluation.scorer import gold_from_documents, score_submission
from newsbench.model import PredictedToponym, Submission, SubmissionDocument
from newsbench.paths import repo_root
from newsbench.validate import document_problems
from scenario_docs import BAGHDAD, SYSTEM, TEHRAN, TOPONYM_TEXT, find, toponym_document

R = 6371.0088


def law_of_cosines_km(a, b):
    (lat1, lon1), (lat2, lon2) = (map(math.radians, a[:2]), map(math.radians, b[:2]))
    c = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return R * math.acos(max(-1.0, min(1.0, c)))


@pytest.mark.parametrize("a,b,expected,rel", [
    ((0, 0), (0, 1), math.pi * R / 180, 1e-12),            # one degree of the equator: 111.195 km
    ((0, 0), (90, 0), math.pi * R / 2, 1e-12),             # equator to pole: 10007.543 km
    ((0, 179.5), (0, -179.5), math.pi * R / 180, 1e-12),   # across the antimeridian
    # same latitude phi, longitudes dlon apart: central angle 2 asin(cos(phi) sin(dlon / 2))
    ((60, 0), (60, 1), 2 * R * math.asin(0.5 * math.sin(math.radians(0.5))), 1e-12),
    # antipodes: pi R = 20015.114 km (haversine loses digits next to h = 1: a relative 1e-8)
    ((10, 20), (-10, -160), math.pi * R, 1e-7),
])
def test_haversine_hand_computed(a, b, expected, rel):
    assert resolution_error_km(*a, None, *b, None) == pytest.approx(expected, rel=rel)


def test_real_places_against_the_law_of_cosines():
    d = resolution_error_km(BAGHDAD[0], BAGHDAD[1], None, TEHRAN[0], TEHRAN[1], None)
    assert d == pytest.approx(law_of_cosines_km(BAGHDAD, TEHRAN), rel=1e-9)
    assert 685 < d < 700  # Baghdad - Tehran is about 690 km


def test_same_geonames_id_is_zero_and_no_coordinates_is_the_maximum():
    assert resolution_error_km(33.3, 44.4, 98182, 0.0, 0.0, 98182) == 0.0
    assert resolution_error_km(33.3, 44.4, 98182, None, None, 112931) == MAX_ERROR_KM


def test_resolution_scores_by_hand():
    errors = [0.0, 100.0, 161.0, 1000.0]
    s = resolution_scores(errors)
    assert s.acc_at_161km == 3 / 4          # <= 161 km counts
    assert s.mean_km == 1261 / 4
    assert s.median_km == (100 + 161) / 2
    y = [math.log(1), math.log(101), math.log(162), math.log(1001)]
    trapezoids = (y[0] + y[1]) / 2 + (y[1] + y[2]) / 2 + (y[2] + y[3]) / 2
    assert s.auc == pytest.approx(trapezoids / (3 * math.log(20039)), rel=1e-12)
    assert auc_from_errors([5.0]) == pytest.approx(math.log(6) / math.log(20039))
    assert auc_from_errors([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(math.log(20040) / math.log(20039))
    assert resolution_scores([]).flags == ("empty",)


def test_scorer_toponyms_scenario():
    """Baghdad: right GeoNames id, wrong coordinates (0 km); Tehran: Baghdad's coordinates (~690 km, beyond
    161); Washington: no coordinates (20039 km); Iraqi: missed; Jordan (a person, Homonym): recognised, not
    resolved; 'Rockets': spurious."""
    doc = toponym_document()
    assert document_problems(doc, "scenario") == []
    t = TOPONYM_TEXT
    preds = (
        PredictedToponym(*find(t, "Baghdad"), "Literal", BAGHDAD[2], 0.0, 0.0),
        PredictedToponym(*find(t, "Tehran"), "Literal", None, BAGHDAD[0], BAGHDAD[1]),
        PredictedToponym(*find(t, "Washington"), "Literal"),
        PredictedToponym(*find(t, "Jordan"), None, None, 31.9, 35.9),
        PredictedToponym(*find(t, "Rockets"), "Literal", None, 1.0, 1.0),
    )
    sub = Submission(SYSTEM, (SubmissionDocument("toponyms-doc", toponyms=preds),))
    result, problems = score_submission(sub, gold_from_documents([doc]), tasks=["toponyms"], bootstrap=0)
    assert problems == []
    s = result.scores["toponyms"]
    assert s["strict"]["counts"] == {"tp": 4, "fp": 1, "fn": 1}
    # readings: Baghdad, Tehran right; Washington Literal vs Metonymic wrong; Jordan none vs Homonym wrong
    assert s["reading_accuracy"]["counts"] == {"correct": 2, "total": 4}
    d = law_of_cosines_km(BAGHDAD, TEHRAN)
    errors = [0.0, d, MAX_ERROR_KM]
    assert s["acc_at_161km"]["counts"] == {"correct": 1, "total": 3}
    assert s["mean_km"]["value"] == pytest.approx(sum(errors) / 3, rel=1e-9)
    assert s["median_km"]["value"] == pytest.approx(d, rel=1e-9)
    y = sorted(math.log(1 + e) for e in errors)
    assert s["auc"]["value"] == pytest.approx((sum(y) - (y[0] + y[-1]) / 2) / (2 * math.log(20039)), rel=1e-9)
    by = s["strict"]["by_type"]
    # Jordan, predicted without a reading, takes the gold reading (Homonym); Washington read Literal is a
    # false Literal and a missed Metonymic; Rockets is a false Literal
    assert by["Homonym"]["counts"] == {"tp": 1, "fp": 0, "fn": 0}
    assert by["Literal"]["counts"] == {"tp": 2, "fp": 2, "fn": 0}
    assert "-" not in by
    assert by["Metonymic"]["counts"] == {"tp": 0, "fp": 0, "fn": 1}
    assert by["Demonym"]["counts"] == {"tp": 0, "fp": 0, "fn": 1}
    assert s["median_km"]["by_type"]["Literal"]["value"] == pytest.approx(d / 2, rel=1e-9)
    assert "Homonym" not in s["mean_km"]["by_type"]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 10, 11, 64, 101])
def test_median_is_the_float_np_median_gives(size):
    rng = np.random.default_rng(size)
    for values in (rng.uniform(0, MAX_ERROR_KM, size), rng.integers(0, 3, size).astype(float),
                   np.full(size, 0.1), rng.exponential(500, size)):
        assert median(values) == float(np.median(values))
        with_nan = values.copy()
        with_nan[size // 2] = math.nan
        assert math.isnan(median(with_nan)) and math.isnan(np.median(with_nan))


def test_scoring_the_oracle_does_not_import_numpy_ma(tmp_path):
    """np.median imports numpy.ma (about 100 million instructions) on its first call; the scorer's median does not."""
    oracle = repo_root() / "eval" / "systems" / "oracle" / "submission.json"
    code = (f"import sys\nfrom newsbench.cli import main\n"
            f"assert main(['score', {str(oracle)!r}, '--out', {str(tmp_path / 'r.json')!r}]) == 0\n"
            f"import numpy as np\nnp.median(np.arange(3.0)) if sys.argv[1:] else None\n"
            f"print('numpy.ma' in sys.modules)")
    for argv, loaded in (([], "False"), (["--median"], "True")):  # the check can fail: np.median loads it
        done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=repo_root(),
                              check=True)
        assert done.stdout.strip().splitlines()[-1] == loaded
