"""scipy (its assignment solver, ~0.2 s to import) is loaded only when CEAF has clusters to assign."""

from __future__ import annotations

import subprocess
import sys

from newsbench.paths import repo_root


def _loads_scipy(code: str) -> bool:
    script = f"import sys\n{code}\nprint('scipy' in sys.modules)\n"
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
