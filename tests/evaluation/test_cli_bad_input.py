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


def _edited(result, tmp_path, edit) -> str:
    data = json.loads(result.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("edit, check", [
    (lambda d: d["per_document"].update(counts=[[1, 2]]), "result-malformed"),
    (lambda d: d["per_document"].update(counts=[]), "result-malformed"),
    (lambda d: d["per_document"].update(columns=d["per_document"]["columns"][:-3]), "result-malformed"),
    (lambda d: d["per_document"].update(items={"toponyms/resolution": {"doc": [7], "value": [1.0]}}),
     "result-malformed"),
    (lambda d: d["task_versions"].update({"nosuch": "1.1"}), "result-malformed"),
    (lambda d: d["per_document"].update(items={"toponyms/resolution": {"doc": [0], "value": ["x"]}}), "schema-type"),
    (lambda d: d["gold"].update(sha256=5), "schema-type"),
    (lambda d: d.update(submission="x"), "schema-type"),
    (lambda d: d.update(task_versions={"entities": 3}), "schema-type"),
    (lambda d: d["per_document"]["counts"][0].__setitem__(0, -1), "schema-range"),
])
def test_compare_a_malformed_result_is_a_problem_not_a_traceback(result, tmp_path, capsys, edit, check):
    """Before: ValueError, TypeError or AttributeError tracebacks from inside the resampling."""
    edited = _edited(result, tmp_path, edit)
    assert main(["compare", str(result), edited]) == 1
    err = capsys.readouterr().err
    assert f" {check}: " in err and "Traceback" not in err and "edited.json" in err
