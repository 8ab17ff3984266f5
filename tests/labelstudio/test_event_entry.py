"""Entering events in few actions: attribute defaults, arguments as role regions, event-level values set once."""

from __future__ import annotations

import dataclasses
import re

import pytest
from sample import sample_document
from test_checks import drop, find, relation, results, task

from newsbench.labelstudio.config import ROLE, label_config, region_controls
from newsbench.labelstudio.convert import documents_from_tasks, documents_to_tasks
from newsbench.ontology import load_ontology
from newsbench.paths import schema_dir

DOC = sample_document()
ONTO = load_ontology()


def imported(t: dict):
    result = documents_from_tasks([t])
    assert result.problems == (), result.problems
    return result.documents[0].document


def checks(t: dict) -> list[str]:
    return [p.check for p in documents_from_tasks([t]).problems]


def span_of(rid: str) -> tuple[int, int]:
    item = next(x for x in (*DOC.mentions, *DOC.timexes) if x.id == rid)
    return item.start, item.end


def role_region(t: dict, rid: str, role: str, filler: str) -> None:
    start, end = span_of(filler)
    results(t).append({"id": rid, "from_name": ROLE, "to_name": "text", "type": "labels",
                       "value": {"start": start, "end": end, "text": DOC.text[start:end], "labels": [role]}})


def choose(t: dict, rid: str, control: str, value: str) -> None:
    """A per-region choice on region ``rid``, as the UI saves it."""
    region = next(r for r in results(t) if r.get("id") == rid and r.get("type") == "labels")["value"]
    results(t).append({"id": rid, "from_name": control, "to_name": "text", "type": "choices",
                       "value": {"start": region["start"], "end": region["end"], "choices": [value]}})


def link(t: dict, a: str, b: str, labels=None) -> None:
    results(t).append({"from_id": a, "to_id": b, "type": "relation", "direction": "right",
                       **({"labels": labels} if labels is not None else {})})


# --- attribute defaults ---------------------------------------------------------------------------------------


def test_the_defaults_are_data_and_the_guidelines_state_them():
    assert dict(ONTO.attribute_defaults) == {"polarity": "POSITIVE", "genericity": "SPECIFIC", "modality": "ASSERTED"}
    for name, value in ONTO.attribute_defaults.items():
        assert value in ONTO.attributes[name]
    assert "tense" not in ONTO.attribute_defaults  # every tense is a decision against the DCT
    guidelines = (schema_dir() / "GUIDELINES.md").read_text(encoding="utf-8")
    section = guidelines.split("### 4.5 Attributes", 1)[1].split("\n### ", 1)[0]
    assert re.search(r"default", section, re.I) and all(v in section for v in ONTO.attribute_defaults.values())


def test_an_event_without_polarity_genericity_or_modality_has_the_defaults():
    t = task()
    for em in ("em1", "em2", "em4"):  # EV1 and EV3 are POSITIVE, SPECIFIC, ASSERTED
        for name in ("polarity", "genericity", "modality"):
            if any(r.get("id") == em and r["from_name"] == name for r in results(t)):
                drop(t, em, name)
    assert imported(t) == DOC


def test_a_value_other_than_the_default_must_be_chosen_and_tense_stays_required():
    t = task()
    drop(t, "em3", "modality")  # EV2 is OTHER: without the choice it would be the default ASSERTED
    doc = imported(t)
    assert {e.id: e.modality for e in doc.events}["EV2"] == "ASSERTED"
    t = task()
    drop(t, "em3", "tense")
    assert checks(t) == ["ls-attribute-missing"]


def test_the_attribute_controls_say_their_default_and_have_hotkeys_for_the_other_values():
    controls = {c.name: c for c in region_controls()}
    assert controls["polarity"].hint.endswith("none = POSITIVE)") and "none =" not in controls["tense"].hint
    for name, values in ONTO.attributes.items():
        keys = dict(zip(values, controls[name].hotkeys, strict=True))
        default = ONTO.attribute_defaults.get(name)
        assert all(keys.get(v) for v in values if v != default) and not keys.get(default, "")
    used = re.findall(r'hotkey="([^"]+)"', label_config())
    assert len(used) == len(set(used)) and "u" not in used  # u is Label Studio's own (unselect)


# --- arguments as role regions ---------------------------------------------------------------------------------


def test_a_role_region_linked_to_a_trigger_is_one_argument():
    """"Victim" selected over "two guards" with the role label, linked to "wounded" without a label: the argument
    em3 -> m6 Victim, as the labelled relation gave it; so are a timex-filled role and a link drawn backwards."""
    t = task()
    for trigger, filler in (("em3", "m6"), ("em3", "m3"), ("em4", "t2")):
        results(t).remove(relation(t, trigger, filler))
    role_region(t, "r1", "Victim", "m6")
    link(t, "em3", "r1")
    role_region(t, "r2", "Place", "m3")
    link(t, "r2", "em3", labels=[])
    role_region(t, "r3", "Time", "t2")
    link(t, "em4", "r3", labels=["Time"])  # the role named twice, the same: fine
    assert imported(t) == DOC


def test_one_role_region_can_serve_two_triggers():
    t = task()
    results(t).remove(relation(t, "em3", "m3"))
    results(t).remove(relation(t, "em1", "m3"))
    role_region(t, "r1", "Place", "m3")
    link(t, "em1", "r1")
    link(t, "em3", "r1")
    doc = imported(t)
    args = {em.id: {(a.role, a.ref) for a in em.arguments} for em in doc.event_mentions}
    assert ("Place", "m3") in args["em1"] and ("Place", "m3") in args["em3"]


@pytest.mark.parametrize("case", ["no mention there", "a mention for a timex role"])
def test_a_role_region_needs_exactly_one_filler_at_its_span(case):
    t = task()
    if case == "no mention there":
        start = DOC.text.index("Rockets")
        results(t).append({"id": "r1", "from_name": ROLE, "to_name": "text", "type": "labels",
                           "value": {"start": start, "end": start + 7, "text": "Rockets", "labels": ["Instrument"]}})
    else:
        role_region(t, "r1", "Time", "m6")  # Time is filled by a timex: no timex at "two guards"
    link(t, "em1", "r1")
    (p,) = documents_from_tasks([t], file="export.json").problems
    assert p.check == "ls-role-filler-unmatched" and p.message.startswith("expected")
    assert p.pointer.startswith("/0/annotations/0/result/")


def test_a_role_region_without_a_trigger_or_with_another_role_on_its_link_is_a_problem():
    t = task()
    role_region(t, "r1", "Victim", "m6")
    assert checks(t) == ["ls-role-unlinked"]
    link(t, "r1", "m6")
    assert checks(t) == ["ls-relation-endpoint"]
    t = task()
    role_region(t, "r1", "Victim", "m6")
    link(t, "em3", "r1", labels=["Agent"])
    assert checks(t) == ["ls-attribute-invalid"]


def test_the_role_labels_are_the_ontologys_roles():
    t = task()
    role_region(t, "r1", "Killer", "m6")
    link(t, "em3", "r1")
    assert checks(t) == ["ls-label-unknown"]
    assert f'<Labels name="{ROLE}"' in label_config()


# --- event-level values entered once ---------------------------------------------------------------------------


def test_event_and_entity_values_are_exported_once_per_cluster():
    """On the first mention of the event (entity) only: changing it there changes the event."""
    t = task()
    on = lambda rid, name: any(r.get("id") == rid and r["from_name"] == name for r in results(t))  # noqa: E731
    for name in ("polarity", "tense", "genericity", "modality", "place_lat", "date_value"):
        assert on("em1", name) and not on("em2", name)  # EV1 = em1, em2
    assert on("m1", "subtype_FAC") and not on("m5", "subtype_FAC")  # E1 = m1, m5
    find(t, "em1", "polarity")["value"]["choices"] = ["NEGATIVE"]
    doc = imported(t)
    assert {e.id: e.polarity for e in doc.events}["EV1"] == "NEGATIVE"
    assert imported(task()) == DOC


def test_a_value_set_on_any_mention_stands_for_the_event_and_two_values_conflict():
    t = task()
    drop(t, "em1", "modality")
    choose(t, "em2", "modality", "OTHER")
    assert {e.id: e.modality for e in imported(t).events}["EV1"] == "OTHER"
    choose(t, "em1", "modality", "ASSERTED")
    assert checks(t) == ["ls-cluster-conflict"]


def test_an_event_type_chosen_once_retags_the_whole_event():
    t = task()
    find(t, "em2", "trigger")["value"]["labels"] = ["Conflict.Demonstrate"]  # differs: the chosen type decides
    choose(t, "em1", "event_type", "Conflict.Attack")
    assert imported(t) == DOC
    t = task()
    choose(t, "em3", "event_type", "Life.Die")
    expected = dataclasses.replace(DOC, events=tuple(dataclasses.replace(e, type="Life.Die") if e.id == "EV2" else e
                                                     for e in DOC.events))
    assert imported(t) == expected
    t = task()
    choose(t, "em1", "event_type", "Conflict.Attack")
    choose(t, "em2", "event_type", "Conflict.Demonstrate")
    assert checks(t) == ["ls-cluster-conflict"]


def test_the_round_trip_of_the_tasks_is_unchanged():
    (t,) = documents_to_tasks([DOC])
    assert documents_from_tasks([t]).documents[0].document == DOC


def test_a_task_exported_with_the_values_on_every_mention_still_imports_the_same():
    """Tasks and exports made before the values were written once carry them on every mention of the cluster."""
    t = task()
    for first, others, names in (("em1", ["em2"], ("polarity", "tense", "genericity", "modality", "place_geonames_id",
                                                   "place_lat", "place_lon", "place_precision", "date_value",
                                                   "date_precision")),
                                 ("m1", ["m5"], ("subtype_FAC",))):
        for name in names:
            value = find(t, first, name)
            for other in others:
                span = find(t, other, "trigger" if other.startswith("em") else "entity")["value"]
                results(t).append({**value, "id": other, "value": {**value["value"], "start": span["start"],
                                                                   "end": span["end"]}})
    assert imported(t) == DOC
