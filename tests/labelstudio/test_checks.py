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
    elif check == "ls-cluster-conflict":  # em1 says EV1 is POSITIVE
        em2 = find(t, "em2", "trigger")["value"]
        results(t).append({"id": "em2", "from_name": "polarity", "to_name": "text", "type": "choices",
                           "value": {"start": em2["start"], "end": em2["end"], "choices": ["NEGATIVE"]}})
    elif check == "ls-relation-dangling":
        relation(t, "em1", "m1")["to_id"] = "nowhere"
    elif check == "ls-relation-endpoint":
        relation(t, "em1", "m1")["from_id"] = "m5"
    elif check in ("ls-role-unlinked", "ls-role-filler-unmatched"):  # an argument drawn as a role region
        start = DOC.text.index("Rockets")
        results(t).append({"id": "r1", "from_name": "role", "to_name": "text", "type": "labels",
                           "value": {"start": start, "end": start + 7, "text": "Rockets", "labels": ["Instrument"]}})
        if check == "ls-role-filler-unmatched":  # no mention at "Rockets"
            results(t).append({"from_id": "em1", "to_id": "r1", "type": "relation", "direction": "right"})
    elif check == "ls-cluster-near-miss":
        find(t, "m5", "entity_id")["value"]["text"] = ["E11"]  # meant E1, which the task knows
    else:
        raise AssertionError(check)
    return [t]


READER_CHECKS = ["ls-task-unannotated", "ls-multiple-annotations", "ls-task-malformed", "ls-task-duplicate",
                 "ls-prediction-ids-only", "ls-region-out-of-range", "ls-region-text-mismatch", "ls-region-duplicate",
                 "ls-label-unknown", "ls-attribute-missing", "ls-attribute-invalid", "ls-cluster-conflict",
                 "ls-relation-dangling", "ls-relation-endpoint", "ls-cluster-near-miss", "ls-role-unlinked",
                 "ls-role-filler-unmatched"]


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
    next(r for r in find_first["result"] if r.get("id") == "m4"
         and r["from_name"] == "level")["value"]["choices"] = ["PRO"]
    latest = documents_from_tasks(tasks)
    assert latest.documents[0].document == DOC and "annotation 2 by b@x.invalid" in latest.documents[0].source
    first = documents_from_tasks(tasks, annotator="1")
    assert first.problems == ()
    assert {m.id: m.level for m in first.documents[0].document.mentions}["m4"] == "PRO"
    assert documents_from_tasks(tasks, annotator="b@x.invalid").documents[0].document == DOC


def test_regions_without_optional_values_inherit_from_their_cluster():
    t = task()  # em2 is the second mention of EV1, m5 of E1: they carry no value of the cluster, and take em1's, m1's
    carried = {r["from_name"] for r in results(t) if r.get("id") in ("em2", "m5") and r.get("type") != "labels"}
    assert carried == {"event_id", "entity_id", "level"}
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
    texts = "".join(p.read_text(encoding="utf-8")
                    for p in [*here.glob("test_*.py"), here.parent / "annotation" / "test_agreement.py"])
    mine = [c for c in CHECKS if c.startswith(("ls-", "passes-", "decision-"))]
    assert len(mine) == 29
    assert [c for c in mine if f'"{c}"' not in texts] == []


def test_validator_problems_point_into_the_export_task_and_region():
    t = task()
    find(t, "m6", "entity")["value"]["labels"] = ["ORG"]  # E5 becomes ORG: Victim of em3 wants a PER
    other = json.loads(json.dumps(documents_to_tasks([sample_document("other_0001")])[0]))
    (p,) = documents_from_tasks([other, t], file="export.json").problems
    assert p.check == "argument-filler-type" and p.file == "export.json"
    region = p.message.split("region '")[1].split("'")[0]
    index = next(i for i, r in enumerate(results(t)) if r.get("id") == region and r.get("type") == "labels")
    assert p.pointer == f"/1/annotations/0/result/{index}" and "(document /event_mentions/" in p.message


# --- the annotator's screen: heads by selection, coreference by links, ids optional (issue 14) -----------


def _without_ids(t: dict) -> None:
    for r in list(results(t)):
        if r.get("from_name") in ("entity_id", "event_id"):
            results(t).remove(r)


def test_a_head_is_a_region_selected_inside_its_mention():
    t = task()
    head = find(t, "m1.head", "head")
    head["id"] = "x7Yq2"  # drawn in the UI: Label Studio's own id; it belongs to the innermost mention around it
    result = documents_from_tasks([t])
    assert result.problems == () and result.documents[0].document == DOC
    m1 = next(m for m in DOC.mentions if m.id == "m1")
    assert (m1.head_start, m1.head_end) != (m1.start, m1.end)  # the sample's m1 has a head of its own
    outside = copy.deepcopy(head)
    outside.update(id="zz", value={**head["value"], "start": 0, "end": 7, "text": DOC.text[0:7]})
    results(t).append(outside)
    (p,) = documents_from_tasks([t]).problems
    assert p.check == "ls-attribute-invalid" and "innermost mention" in p.message


def test_coreference_links_join_mentions_and_triggers_without_typed_ids():
    t = task()
    _without_ids(t)
    by_entity = {}
    for m in DOC.mentions:
        by_entity.setdefault(m.entity, []).append(m.id)
    by_event = {}
    for em in DOC.event_mentions:
        by_event.setdefault(em.event, []).append(em.id)
    for ids in (*by_entity.values(), *by_event.values()):
        for other in ids[1:]:
            results(t).append({"from_id": other, "to_id": ids[0], "type": "relation", "direction": "right",
                               "labels": ["Coreference"]})
    result = documents_from_tasks([t])
    assert result.problems == ()
    (doc,) = [d.document for d in result.documents]

    def groups(d, items, key):
        return sorted(sorted(x.id for x in items(d) if key(x) == c) for c in {key(x) for x in items(d)})

    assert groups(doc, lambda d: d.mentions, lambda m: m.entity) == groups(DOC, lambda d: d.mentions,
                                                                           lambda m: m.entity)
    assert groups(doc, lambda d: d.event_mentions, lambda e: e.event) == groups(
        DOC, lambda d: d.event_mentions, lambda e: e.event)
    assert {e.id for e in doc.entities} == {f"E-{ids[0]}" for ids in by_entity.values()}


def test_a_link_between_two_entities_with_different_ids_is_a_conflict():
    t = task()
    results(t).append({"from_id": "m3", "to_id": "m1", "type": "relation", "direction": "right",
                       "labels": ["Coreference"]})
    checks = {p.check for p in documents_from_tasks([t]).problems}
    assert "ls-cluster-conflict" in checks
    t = task()
    results(t).append({"from_id": "m3", "to_id": "em1", "type": "relation", "direction": "right",
                       "labels": ["Coreference"]})
    assert {p.check for p in documents_from_tasks([t]).problems} == {"ls-relation-endpoint"}


def test_an_entity_chosen_from_the_list_is_its_id_and_a_place_fills_the_toponym():
    from newsbench.gazetteer.lookup import load_gazetteer

    t = task()
    assert {o["value"] for o in t["data"]["entities"]} == {e.id for e in DOC.entities}
    ref = copy.deepcopy(find(t, "m5", "entity_id"))
    drop(t, "m5", "entity_id")
    ref.update(from_name="entity_ref", type="choices")
    ref["value"] = {"start": ref["value"]["start"], "end": ref["value"]["end"], "choices": ["E1"]}
    results(t).append(ref)
    result = documents_from_tasks([t])
    assert result.problems == () and result.documents[0].document == DOC
    t = task()  # the typed id says E1, the choice another entity: a conflict, not a silent pick
    results(t).append({**ref, "value": {**ref["value"], "choices": ["E2"]}})
    (p,) = documents_from_tasks([t]).problems
    assert p.check == "ls-attribute-invalid" and "entity_ref" in p.message

    baghdad = load_gazetteer().lookup("Baghdad")[0]
    assert str(baghdad.geonames_id) in {o["value"] for o in task()["data"]["places"]}
    t = task()
    toponym = next(x for x in DOC.toponyms)
    for name in ("geonames_id", "lat", "lon", "feature", "source", "uncertainty_km"):
        if any(r.get("id") == toponym.mention and r.get("from_name") == name for r in results(t)):
            drop(t, toponym.mention, name)
    region = find(t, toponym.mention, "entity")
    place = lookup = load_gazetteer().lookup(region["value"]["text"])[0]
    results(t).append({"id": toponym.mention, "from_name": "place", "to_name": "text", "type": "choices",
                       "value": {"start": region["value"]["start"], "end": region["value"]["end"],
                                 "choices": [str(place.geonames_id)]}})
    result = documents_from_tasks([t])
    assert result.problems == ()
    (got,) = [x for x in result.documents[0].document.toponyms if x.mention == toponym.mention]
    assert (got.geonames_id, got.lat, got.lon, got.feature, got.source) == (
        lookup.geonames_id, lookup.lat, lookup.lon, lookup.feature, lookup.source)


def test_a_label_studio_region_id_that_is_no_item_id_gets_one():
    """Label Studio names a drawn region e.g. "_X-56XpgdE"; the format's ids begin with a letter or digit."""
    t = task()
    for r in results(t):
        for key in ("id", "from_id", "to_id"):
            if r.get(key) == "m1":
                r[key] = "_X-56XpgdE"
    result = documents_from_tasks([t])
    assert result.problems == ()
    (doc,) = [d.document for d in result.documents]
    assert "r_X-56XpgdE" in {m.id for m in doc.mentions}
    assert any(a.ref == "r_X-56XpgdE" for em in doc.event_mentions for a in em.arguments)


def test_an_entity_type_chosen_once_retags_every_mention():
    import dataclasses

    t = task()
    drop(t, "m1", "subtype_FAC")  # E1, "the embassy": FAC with a FAC subtype (on its first mention)
    m5 = find(t, "m5", "entity")
    results(t).append({"id": "m5", "from_name": "entity_type", "to_name": "text", "type": "choices",
                       "value": {"start": m5["value"]["start"], "end": m5["value"]["end"], "choices": ["ORG"]}})
    result = documents_from_tasks([t])
    assert result.problems == ()
    expected = dataclasses.replace(
        DOC,
        entities=tuple(dataclasses.replace(e, type="ORG", subtype=None) if e.id == "E1" else e for e in DOC.entities),
        mentions=tuple(dataclasses.replace(m, type="ORG") if m.entity == "E1" else m for m in DOC.mentions))
    assert result.documents[0].document == expected
    m1 = find(t, "m1", "entity")["value"]
    results(t).append({"id": "m1", "from_name": "entity_type", "to_name": "text", "type": "choices",
                       "value": {"start": m1["start"], "end": m1["end"], "choices": ["GPE"]}})
    assert [p.check for p in documents_from_tasks([t]).problems] == ["ls-cluster-conflict"]  # two types chosen
