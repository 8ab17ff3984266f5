"""Regenerates tests/data/golden/synthetic-result.json: the scorer's result (every task, 200 bootstrap resamples) on
a small synthetic corpus, kept so that a faster scorer can be proven to give today's numbers.

    .venv/bin/python tests/data/make_golden_results.py

Run it only when a change of the scores is intended (a new task version, a new synthetic generator), and say why
in the commit. The corpus is made by newsbench.synthetic with the parameters below (meaningless text, no corpus
text); the result's file paths are left out.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from newsbench.evaluation.scorer import score_files
from newsbench.synthetic import write_corpus

GOLDEN = Path(__file__).resolve().parent / "golden" / "synthetic-result.json"
CORPUS = {"documents": 40, "seed": 11, "sentences": 12}
OPTIONS = {"bootstrap": 200, "seed": 7}


def make_corpus(root: Path) -> tuple[Path, Path]:
    """The synthetic corpus's gold folder and submission, written under ``root``."""
    write_corpus(root, CORPUS["documents"], seed=CORPUS["seed"], sentences=CORPUS["sentences"],
                 submission=root / "sub.json")
    return root / "corpus" / "gold", root / "sub.json"


def without_paths(result: dict[str, Any]) -> dict[str, Any]:
    """The result without the two places that name where the files were."""
    return {**result, "gold": {**result["gold"], "path": None}, "submission": {**result["submission"], "path": None}}


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        gold, submission = make_corpus(Path(scratch))
        result, problems = score_files(submission, gold, **OPTIONS)
        assert result is not None and not problems, problems
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(without_paths(result.to_json()), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
