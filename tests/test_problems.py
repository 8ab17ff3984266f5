"""newsbench.problems: the one registry of check ids, and the one constructor that refuses any other id."""

import ast
import re
from pathlib import Path

import pytest

from newsbench.problems import (
    FAMILIES,
    REGISTRY,
    Problem,
    UnregisteredCheckError,
    checks_of_severity,
    family_checks,
    markdown_table,
    problem,
    registered,
    with_tables,
)

SRC = Path(__file__).parents[1] / "src" / "newsbench"
# Functions (and the helpers that wrap newsbench.problems.problem) whose first argument is a check id.
REPORTERS = {"problem", "_problem", "interop_problem", "report", "add", "note", "notice", "fail", "bad", "OutputError"}


def test_problem_refuses_an_unregistered_id():
    with pytest.raises(UnregisteredCheckError, match="no-such-check"):
        problem("no-such-check", "f.json", None, "", "expected x, found y")
    with pytest.raises(UnregisteredCheckError):
        registered("json-invalid")  # the gazetteer's old name: the validator's json-malformed is the one id


def test_a_family_helper_refuses_another_family_s_id():
    assert problem("interop-unknown-doc", "f", None, "", "m", family="interop").check == "interop-unknown-doc"
    with pytest.raises(UnregisteredCheckError, match="family 'document'"):
        problem("json-malformed", "f", None, "", "m", family="interop")


def test_problem_renders_one_line_and_utf8_json():
    p = problem("json-malformed", "a\u2028b.json", "d\x1b", "/x", "expected JSON, found \ud800")
    assert isinstance(p, Problem)
    assert str(p) == "a\\u2028b.json [d\\x1b] /x json-malformed: expected JSON, found \\ud800"
    assert p.to_json() == {"check": "json-malformed", "file": "a\u2028b.json", "doc_id": "d\x1b", "pointer": "/x",
                           "message": "expected JSON, found \\ud800"}
    assert str(problem("file-missing", "f", None, "", "m")) == "f [-] / file-missing: m"


def test_registry_ids_are_kebab_case_with_a_family_severity_and_meaning():
    for check in REGISTRY.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check.id)
        assert check.family in FAMILIES and check.severity in ("problem", "warning", "note") and check.meaning
    assert sum(len(family_checks(f)) for f in FAMILIES) == len(REGISTRY)
    with pytest.raises(UnregisteredCheckError):
        family_checks("no-such-family")


def test_notes_are_the_ones_that_never_stop_a_command():
    assert checks_of_severity("note", "labelstudio") == {"ls-task-unannotated", "ls-multiple-annotations",
                                                         "ls-prediction-dropped", "ls-cluster-near-miss"}
    assert checks_of_severity("note", "agreement") == {"passes-partial"}
    assert checks_of_severity("warning") == {"submission-document-missing", "submission-layer-missing",
                                             "submission-duplicate-item", "submission-conflicting-duplicate",
                                             "head-whole-nominal", "span-cuts-token", "argument-outside-sentence"}


def test_tables_render_every_family_and_refuse_a_missing_block():
    assert markdown_table("output").count("\n| `output-") == len(family_checks("output"))
    with pytest.raises(UnregisteredCheckError):
        with_tables("<!-- check-ids: output -->\n<!-- /check-ids -->\n")


def _literal_check_ids() -> list[tuple[str, int, str]]:
    """(file, line, id) of every string literal passed as the check id of a reporter in the package's source."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in REPORTERS and isinstance(node.args[0].value, str) and "-" in node.args[0].value:
                out.append((str(path.relative_to(SRC)), node.lineno, node.args[0].value))
    return out


def test_every_check_id_written_in_the_source_is_registered():
    found = _literal_check_ids()
    assert len(found) > 200  # the scan sees the reporters
    assert [(f, line, check) for f, line, check in found if check not in REGISTRY] == []


def test_no_problem_is_made_but_through_problem():
    """``Problem(`` appears in newsbench.problems alone: every other module calls problem(), which checks the id."""
    direct = [f"{path.relative_to(SRC)}:{n}" for path in sorted(SRC.rglob("*.py")) if path.name != "problems.py"
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"(?<![A-Za-z_.])Problem\(", line)]
    assert direct == []
