"""Today's numbers, kept: every path of the scorer gives, on a fixed synthetic corpus, exactly the result recorded
in tests/data/golden/synthetic-result.json (regenerated only on purpose by tests/data/make_golden_results.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsbench.evaluation.scorer import load_gold, score_files, score_submission
from newsbench.evaluation.submission import read_submission
from newsbench.paths import repo_root

_spec = importlib.util.spec_from_file_location("make_golden_results",
                                               repo_root() / "tests" / "data" / "make_golden_results.py")
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    return golden.make_corpus(tmp_path_factory.mktemp("golden"))


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(golden.GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("workers", [1, 2])
def test_the_streamed_scorer_gives_the_recorded_result(corpus, expected, workers):
    gold, submission = corpus
    result, problems = score_files(submission, gold, workers=workers, **golden.OPTIONS)
    assert problems == [] and result is not None
    assert golden.without_paths(result.to_json()) == expected


def test_the_in_memory_scorer_gives_the_recorded_result(corpus, expected):
    gold, submission = corpus
    documents, problems = load_gold(gold)
    assert problems == []
    parsed, problems = read_submission(submission)
    assert problems == [] and parsed is not None
    result, problems = score_submission(parsed, documents, file=str(submission), **golden.OPTIONS)
    assert problems == []
    got = golden.without_paths(result.to_json())
    assert got["scores"] == expected["scores"] and got["per_document"] == expected["per_document"]
    assert got["gold"]["sha256"] == expected["gold"]["sha256"]
