"""`newsbench validate-submission / score / compare` end to end, and the --errors output."""

from __future__ import annotations

import hashlib
import json
import xml.dom.minidom
from pathlib import Path

import pytest

from newsbench import jsonio
from newsbench.cli import main
from newsbench.evaluation.errors import confusion_matrices, document_errors
from newsbench.evaluation.registry import TASK_VERSIONS
from newsbench.evaluation.scorer import gold_from_documents
from newsbench.evaluation.submission import submission_from_documents
from newsbench.model import PredictedArgument, PredictedEventMention, PredictedMention, Submission, SubmissionDocument
from scenario_docs import EVENT_TEXT, SYSTEM, event_document, find

GOLD_FILE = Path(__file__).resolve().parents[2] / "corpus" / "gold" / "000_4164b09bde8f35a7.json"


def _predictions() -> Submission:
    t = EVENT_TEXT
    mentions = (
        PredictedMention(*find(t, "Militants"), "ORG", "NOM", "a"),        # mistyped
        PredictedMention(*find(t, "US embassy"), "FAC", "NOM", "b"),       # partial (no article)
        PredictedMention(*find(t, "US"), "GPE", "NAM", None),              # correct
        PredictedMention(*find(t, "Saturday"), "PER", "NAM", None),        # spurious
    )                                                                       # They, two guards: missed
    ems = (PredictedEventMention(*find(t, "attacked"), "Conflict.Attack", None, None,
                                 (PredictedArgument("Target", *find(t, "Militants")),)),
           PredictedEventMention(*find(t, "killed"), "Conflict.Attack"))
    return Submission(SYSTEM, (SubmissionDocument("events-doc", mentions=mentions, event_mentions=ems),))


def test_document_errors_lists_every_kind():
    gold = gold_from_documents([event_document()])
    errors = document_errors(gold.documents["events-doc"], _predictions().documents[0],
                             ["entities_all", "events"])
    ents = errors["entities_all"]
    assert [m["text"] for m in ents["missed"]] == ["They", "two guards"]
    assert [m["text"] for m in ents["spurious"]] == ["Saturday"]
    assert ents["mistyped"] == [{"start": 0, "end": 9, "text": "Militants", "gold": "PER", "predicted": "ORG"}]
    assert ents["partial"][0]["gold"]["text"] == "the US embassy"
    assert ents["partial"][0]["predicted"]["text"] == "US embassy"
    triggers = errors["events"]["triggers"]
    assert [m["text"] for m in triggers["missed"]] == ["assault"]
    assert triggers["mistyped"] == [{"start": 52, "end": 58, "text": "killed", "gold": "Life.Die",
                                     "predicted": "Conflict.Attack"}]
    arguments = errors["events"]["arguments"]
    assert [(a["filler"]["text"], a["gold"], a["predicted"]) for a in arguments["mistyped"]] == \
        [("Militants", "Attacker", "Target")]
    assert {a["filler"]["text"] for a in arguments["missed"]} == {"the US embassy", "Saturday", "They", "two guards"}


def test_confusion_matrices_over_span_matched_items():
    gold = gold_from_documents([event_document()])
    m = confusion_matrices(gold.documents, _predictions())
    ents = m["entities_all"]
    assert ents["labels"] == ["PER", "ORG", "GPE"]
    assert ents["matrix"] == [[0, 1, 0], [0, 0, 0], [0, 0, 1]]  # Militants PER->ORG, US GPE->GPE
    assert m["event_types"]["labels"] == ["Life.Die", "Conflict.Attack"]
    assert m["event_types"]["matrix"] == [[0, 1], [0, 1]]
    assert m["argument_roles"]["labels"] == ["Attacker", "Target"] and m["argument_roles"]["matrix"] == [[0, 1], [0, 0]]


@pytest.fixture()
def workspace(tmp_path):
    doc = event_document()
    (tmp_path / "gold").mkdir()
    jsonio.write_document(tmp_path / "gold" / f"{doc.doc_id}.json", doc)
    jsonio.write_json(tmp_path / "perfect.json", jsonio.submission_to_json(submission_from_documents([doc])))
    jsonio.write_json(tmp_path / "system.json", jsonio.submission_to_json(_predictions()))
    return tmp_path


def test_cli_validate_score_compare(workspace, capsys):
    w = workspace
    assert main(["validate-submission", str(w / "system.json"), "--gold", str(w / "gold")]) == 0
    assert main(["score", str(w / "system.json"), "--gold", str(w / "gold"), "--bootstrap", "50",
                 "--errors", str(w / "errors")]) == 0
    out = capsys.readouterr().out
    assert "entities_all" in out and "result:" in out
    result = json.loads((w / "system.result.json").read_text(encoding="utf-8"))
    assert result["gold"]["documents"] == 1 and len(result["gold"]["sha256"]) == 64
    assert result["task_versions"]["events"] == TASK_VERSIONS["events"]
    assert result["options"]["bootstrap"] == 50
    assert set(result["scores"]) == {"entities", "entities_all", "bio", "coreference", "events"}
    strict = result["scores"]["entities_all"]["strict"]  # one document: no interval, and the reason
    assert strict["ci"] is None and strict["ci_reason"] == "1 document (at least 10 needed)"
    assert strict["documents"] == 1 and strict["items"] == {"gold": 5, "predicted": 4}
    assert result["confusion"]["entities_all"]["matrix"] == [[0, 1, 0], [0, 0, 0], [0, 0, 1]]
    errors = json.loads((w / "errors" / "events-doc.json").read_text(encoding="utf-8"))
    assert errors["entities_all"]["spurious"][0]["text"] == "Saturday"
    index = json.loads((w / "errors" / "index.json").read_text(encoding="utf-8"))
    assert index["documents"]["events-doc"]["entities_all"]["missed"] == 2
    for name in ("entities", "entities_all", "event_types", "argument_roles"):
        xml.dom.minidom.parse(str(w / "errors" / f"confusion_{name}.svg"))  # well-formed
    assert main(["score", str(w / "perfect.json"), "--gold", str(w / "gold"), "--bootstrap", "50",
                 "--out", str(w / "perfect.result.json")]) == 0
    capsys.readouterr()
    assert main(["compare", str(w / "system.result.json"), str(w / "perfect.result.json"), "--resamples", "50",
                 "--out", str(w / "cmp.json")]) == 0
    cmp = json.loads((w / "cmp.json").read_text(encoding="utf-8"))
    row = next(r for r in cmp["comparisons"] if r["task"] == "entities_all" and r["metric"] == "strict")
    assert row["delta"] > 0 and row["b"] == 1.0 and row["better"] == "b" and row["direction"] == "higher"
    assert row["p_bootstrap"] is None and row["p_randomization"] is None and row["delta_ci"] is None
    assert row["reason"] == "1 document (at least 10 needed)"
    assert cmp["a"]["name"] == SYSTEM.name and cmp["a"]["result"] == str(w / "system.result.json")
    assert cmp["b"]["sha256"] == hashlib.sha256((w / "perfect.result.json").read_bytes()).hexdigest()


def test_cli_bad_submission_exits_1_and_writes_nothing(workspace, capsys):
    w = workspace
    data = json.loads((w / "system.json").read_text(encoding="utf-8"))
    data["documents"][0]["mentions"][0]["end"] = 10_000
    data["documents"].append({"doc_id": "nope"})
    (w / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate-submission", str(w / "bad.json"), "--gold", str(w / "gold")]) == 1
    err = capsys.readouterr().err
    assert "submission-span-out-of-range" in err and "submission-unknown-doc" in err
    assert main(["score", str(w / "bad.json"), "--gold", str(w / "gold")]) == 1
    assert not (w / "bad.result.json").exists()
    assert main(["score", str(w / "system.json"), "--gold", str(w / "gold"), "--tasks", "nosuch"]) == 2
    assert main(["score", str(w / "system.json"), "--gold", str(w / "empty")]) == 1
    assert "gold-empty" in capsys.readouterr().err


def test_cli_strict_turns_a_missing_document_into_a_problem(workspace, capsys):
    w = workspace
    (w / "none.json").write_text(json.dumps({"system": {"name": "n", "version": "1", "description": "d"},
                                             "documents": []}), encoding="utf-8")
    assert main(["score", str(w / "none.json"), "--gold", str(w / "gold"), "--bootstrap", "0",
                 "--tasks", "entities_all"]) == 0
    assert "submission-document-missing" in capsys.readouterr().err
    assert main(["score", str(w / "none.json"), "--gold", str(w / "gold"), "--strict", "--tasks", "entities_all"]) == 1


@pytest.mark.skipif(not GOLD_FILE.exists(), reason="the gold of the seed document is not annotated yet")
def test_the_real_gold_scored_against_itself(tmp_path, capsys):
    doc = jsonio.read_document(GOLD_FILE)
    jsonio.write_json(tmp_path / "gold-sub.json", jsonio.submission_to_json(submission_from_documents([doc])))
    assert main(["validate-submission", str(tmp_path / "gold-sub.json"), "--strict"]) == 0
    assert main(["score", str(tmp_path / "gold-sub.json"), "--bootstrap", "100", "--out",
                 str(tmp_path / "r.json")]) == 0
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    for task, metrics in result["scores"].items():
        for name, m in metrics.items():
            if m["flags"] or m["kind"] == "conll":
                continue
            assert m.get("f1", m.get("value")) == (0.0 if m["kind"] in ("mean", "median", "auc") else 1.0), (task, name)
