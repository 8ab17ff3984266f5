"""The fuzz suite at CI size: mutated gold documents, submissions and Label Studio exports through the real CLI give
no traceback, no wrong exit code, no problem without a check id, no partial or stray file. scripts/fuzz.py runs the
same harness at 10,000 inputs per surface (README, "Reliability")."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from fuzzing import SURFACES, mutated_json

EXAMPLES = int(os.environ.get("NEWSBENCH_FUZZ_EXAMPLES", "120"))


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_mutated_inputs_never_break_the_cli(surface, tmp_path):
    make_base, check = SURFACES[surface]
    bases = make_base(tmp_path)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutated_json(bases))
    def fuzz(raw):
        with tempfile.TemporaryDirectory(dir=tmp_path) as work:
            assert check(raw, Path(work)) == []

    fuzz()
