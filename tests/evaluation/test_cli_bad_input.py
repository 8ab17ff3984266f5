"""Bad input to score/compare is a problem with a check id (exit 1) or a usage error (exit 2), never a traceback."""

import json

import pytest

from newsbench.cli import main
from newsbench.paths import repo_root

SUBMISSION = repo_root() / "eval" / "systems" / "rules" / "submission.json"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    assert main(["score", str(SUBMISSION), "--out", str(folder), "--bootstrap", "20", "--tasks", "entities"]) == 0
    return folder / "submission.result.json"  # --out naming a folder writes inside it


def test_out_folder_gets_the_default_name(result):
    assert json.loads(result.read_text(encoding="utf-8"))["scores"]["entities"]


def test_compare_a_submission_is_result_malformed(result, capsys):
    assert main(["compare", str(result), str(SUBMISSION)]) == 1
    assert "result-malformed" in capsys.readouterr().err


def test_compare_malformed_json_is_json_malformed(result, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["compare", str(result), str(broken)]) == 1
    assert "json-malformed" in capsys.readouterr().err


def test_compare_results_on_other_gold_is_incomparable(result, tmp_path, capsys):
    other = json.loads(result.read_text(encoding="utf-8"))
    other["gold"]["sha256"] = "0" * 64
    path = tmp_path / "other.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    assert main(["compare", str(result), str(path)]) == 1
    assert "results-incomparable" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["score", str(SUBMISSION), "--bootstrap", "-5"],
                                  ["compare", "a.json", "b.json", "--resamples", "0"]])
def test_negative_counts_are_usage_errors(argv):
    assert main(argv) == 2
