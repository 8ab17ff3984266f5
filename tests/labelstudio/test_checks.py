"""Each Label Studio check id fires, alone, on one small fixture made by breaking the sample's task."""

from __future__ import annotations

import copy
import json

import pytest

from newsbench.labelstudio.convert import (
    NOTE_CHECKS, documents_from_tasks, documents_to_tasks, submission_to_tasks,
)
from newsbench.model import PredictedMention, PredictedTimex, Submission, SubmissionDocument, SystemInfo
from newsbench.validate import CHECKS
from sample import sample_document

DOC = sample_document()


def task(**kw) -> dict:
    return json.loads(json.dumps(documents_to_tasks([DOC], **kw)[0]))


def results(t: dict) -> list[dict]:
    return t["annotations"][0]["result"]


def find(t: dict, rid: str, control: str) -> dict:
    return next(r for r in results(t) if r.get("id") == rid and r.get("from_name") == control)


def drop(t: dict, rid: str, control: str) -> None:
    results(t).remove(find(t, rid, control))


def relation(t: dict, source: str, target: str) -> dict:
    return next(r for r in results(t) if r.get("type") == "relation" and (r["from_id"], r["to_id"]) == (source, target))


def fixture(check: str) -> list[dict]:
    t = task()
    if check == "ls-task-unannotated":
        t["annotations"] = [dict(t["annotations"][0], was_cancelled=True)]
    elif check == "ls-multiple-annotations":
        second = copy.deepcopy(t["annotations"][0])
        t["annotations"][0].update(id=1, updated_at="2026-01-01T00:00:00Z", completed_by=1)
        second.update(id=2, updated_at="2026-01-02T00:00:00Z", completed_by={"id": 2, "email": "b@x.invalid"})
        t["annotations"].append(second)
    elif check == "ls-task-malformed":
        del t["data"]["doc_id"]
    elif check == "ls-task-duplicate":
        return [t, copy.deepcopy(t)]
    elif check == "ls-prediction-ids-only":
        t["predictions"] = [17]
    elif check == "ls-region-out-of-range":
        find(t, "m3", "entity")["value"]["end"] = len(DOC.text) + 5
    elif check == "ls-region-text-mismatch":
        find(t, "m3", "entity")["value"]["text"] = "Bagdad"
    elif check == "ls-region-duplicate":
        twin = copy.deepcopy(find(t, "t2", "timex"))
        twin["id"] = "m3"
        results(t).append(twin)
    elif check == "ls-label-unknown":
        find(t, "m4", "entity")["value"]["labels"] = ["PERSON"]
    elif check == "ls-attribute-missing":
        drop(t, "m4", "level")
    elif check == "ls-attribute-invalid":
        find(t, "m4", "level")["value"]["choices"] = ["NOM", "PRO"]
    elif check == "ls-cluster-conflict":
        find(t, "em2", "polarity")["value"]["choices"] = ["NEGATIVE"]
    elif check == "ls-relation-dangling":
        relation(t, "em1", "m1")["to_id"] = "nowhere"
    elif check == "ls-relation-endpoint":
        relation(t, "em1", "m1")["from_id"] = "m5"
    else:
        raise AssertionError(check)
    return [t]


READER_CHECKS = ["ls-task-unannotated", "ls-multiple-annotations", "ls-task-malformed", "ls-task-duplicate",
                 "ls-prediction-ids-only", "ls-region-out-of-range", "ls-region-text-mismatch", "ls-region-duplicate",
                 "ls-label-unknown", "ls-attribute-missing", "ls-attribute-invalid", "ls-cluster-conflict",
                 "ls-relation-dangling", "ls-relation-endpoint"]


def test_the_unbroken_task_imports_cleanly():
    result = documents_from_tasks([task()])
    assert result.problems == () and result.documents[0].document == DOC


@pytest.mark.parametrize("check", READER_CHECKS)
def test_fixture_fires_exactly_its_check(check):
    source = "predictions" if check == "ls-prediction-ids-only" else "annotations"
    result = documents_from_tasks(fixture(check), file="export.json", source=source)
    assert {p.check for p in result.problems} == {check}
    for p in result.problems:
        assert p.check in CHECKS
        assert p.message.startswith("expected") and p.pointer.startswith("/") and p.file == "export.json"
    assert (result.blocking == []) == (check in NOTE_CHECKS)


def test_multiple_annotations_take_the_latest_or_the_named_annotator():
    tasks = fixture("ls-multiple-annotations")
    find_first = tasks[0]["annotations"][0]
    next(r for r in find_first["result"] if r.get("id") == "m4" and r["from_name"] == "level")["value"]["choices"] = ["PRO"]
    latest = documents_from_tasks(tasks)
    assert latest.documents[0].document == DOC and "annotation 2 by b@x.invalid" in latest.documents[0].source
    first = documents_from_tasks(tasks, annotator="1")
    assert first.problems == ()
    assert {m.id: m.level for m in first.documents[0].document.mentions}["m4"] == "PRO"
    assert documents_from_tasks(tasks, annotator="b@x.invalid").documents[0].document == DOC


def test_regions_without_optional_values_inherit_from_their_cluster():
    t = task()
    for control in ("polarity", "tense", "genericity", "modality", "place_lat", "place_lon", "place_precision",
                    "place_geonames_id", "date_value", "date_precision"):
        drop(t, "em2", control)  # em2 is the second mention of EV1: it takes EV1's values from em1
    drop(t, "m5", "subtype")
    result = documents_from_tasks([t])
    assert result.problems == () and result.documents[0].document == DOC


def test_a_relation_drawn_from_argument_to_trigger_still_names_the_argument():
    t = task()
    r = relation(t, "em1", "m1")
    r["from_id"], r["to_id"] = r["to_id"], r["from_id"]
    result = documents_from_tasks([t])
    assert result.problems == () and result.documents[0].document == DOC


def test_validator_problems_come_through_with_their_own_ids():
    t = task()
    find(t, "m1", "head_end")["value"]["number"] = len(DOC.text)  # a head reaching past its mention
    (p,) = documents_from_tasks([t]).problems
    assert p.check == "head-outside-extent" and p.pointer.startswith("/0/annotations/0/result/")
    assert "(document /mentions/0/head_start, region 'm1')" in p.message
    t = task()
    find(t, "m6", "entity")["value"]["labels"] = ["ORG"]  # E5 becomes ORG: Victim of em3 wants a PER
    (p,) = documents_from_tasks([t]).problems
    assert p.check == "argument-filler-type" 


def test_prediction_dropped_for_what_label_studio_cannot_show():
    sub = Submission(SystemInfo("sys", "1", "test"), (SubmissionDocument(
        DOC.doc_id, mentions=(PredictedMention(31, 38, "GPE"),),
        timexes=(PredictedTimex(0, 7),)),))
    tasks, problems = submission_to_tasks(sub, {DOC.doc_id: DOC}, model_version="sys 1")
    assert {p.check for p in problems} == {"ls-prediction-dropped"} and all(p.check in CHECKS for p in problems)
    assert [r["from_name"] for r in tasks[0]["predictions"][0]["result"] if r["type"] == "labels"] == ["entity"]


def test_every_new_check_id_is_proven_by_a_test():
    from pathlib import Path

    here = Path(__file__).parent
    texts = "".join(p.read_text(encoding="utf-8") for p in [*here.glob("test_*.py"), here.parent / "test_agreement.py"])
    mine = [c for c in CHECKS if c.startswith(("ls-", "passes-", "decision-"))]
    assert len(mine) == 24
    assert [c for c in mine if f'"{c}"' not in texts] == []


def test_validator_problems_point_into_the_export_task_and_region():
    t = task()
    find(t, "m1", "head_end")["value"]["number"] = len(DOC.text)
    other = json.loads(json.dumps(documents_to_tasks([sample_document("other_0001")])[0]))
    (p,) = documents_from_tasks([other, t], file="export.json").problems
    region = next(i for i, r in enumerate(results(t)) if r.get("id") == "m1" and r.get("from_name") == "entity")
    assert p.check == "head-outside-extent" and p.file == "export.json"
    assert p.pointer == f"/1/annotations/0/result/{region}"
    assert "region 'm1'" in p.message and "/mentions/0/head_start" in p.message
