"""The assignment solver loaded from scipy's extension module is scipy.optimize's own function."""

from __future__ import annotations

import pytest

from newsbench.evaluation.assignment import linear_sum_assignment

optimize = pytest.importorskip("scipy.optimize")


def test_it_is_scipy_optimizes_function():
    assert linear_sum_assignment() is optimize.linear_sum_assignment
