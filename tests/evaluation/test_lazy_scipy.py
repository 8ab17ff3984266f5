"""scipy's assignment solver is loaded only when CEAF has clusters to assign, and without scipy.optimize (which
costs about 1.6 billion instructions to import)."""

from __future__ import annotations

import subprocess
import sys

from newsbench.paths import repo_root


def _loads_scipy(code: str) -> bool:
    script = f"import sys\n{code}\nprint(any(m.partition('.')[0] == 'scipy' for m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=repo_root(), check=True)
    return done.stdout.strip().splitlines()[-1] == "True"


def test_scoring_the_oracle_does_not_import_scipy(tmp_path):
    oracle = repo_root() / "eval" / "systems" / "oracle" / "submission.json"
    code = (f"from newsbench.cli import main\n"
            f"assert main(['score', {str(oracle)!r}, '--out', {str(tmp_path / 'r.json')!r}]) == 0")
    assert not _loads_scipy(code)


def test_contested_clusters_import_scipy():
    """The check above can fail: a response cluster that shares mentions with two key clusters needs it."""
    code = ("from newsbench.evaluation.metrics import coreference_counts\n"
            "coreference_counts([frozenset({1, 2}), frozenset({3, 4})], [frozenset({1, 3}), frozenset({2, 4})])")
    assert _loads_scipy(code)


def test_the_solver_loads_without_scipy_optimize():
    code = ("from newsbench.evaluation.assignment import linear_sum_assignment\n"
            "linear_sum_assignment()\n"
            "assert 'scipy.optimize' not in sys.modules, sorted(m for m in sys.modules if 'scipy' in m)")
    assert _loads_scipy(code)
