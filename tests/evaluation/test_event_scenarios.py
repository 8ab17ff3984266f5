"""Hand-computed scenario tables for every event metric under every matching mode.

Gold (scenario_docs.EVENT_TEXT): "Militants attacked the US embassy on Saturday. They killed two guards in the
assault."  attacked = Conflict.Attack (Attacker Militants, Target 'the US embassy' with head 'embassy', Time
Saturday); killed = Life.Die (Agent They, Victim 'two guards'); assault = a second mention of the Attack, no
arguments. 'They' and 'Militants' are one entity.

Gold argument tuples: span/head mode 5 per metric (Attack: Militants, embassy, Saturday; Die: They, guards);
coref mode: unattached sets have 5 items too (Attack E1 / E2 / T1, Die E1 / E4), attached ones 5.
"""

from __future__ import annotations

import pytest

from newsbench.evaluation.scorer import gold_from_documents, score_submission
from newsbench.validate import document_problems
from scenario_docs import event_document, event_submission, trigger

MODES = ("span", "head", "coref")
ARGS = ("argument_identification", "argument_classification", "argument_identification_attached",
        "argument_classification_attached")


def scores(*triggers):
    result, problems = score_submission(event_submission(*triggers), gold_from_documents([event_document()]),
                                        tasks=["events"], bootstrap=0)
    assert problems == []
    return result.scores["events"]


def counts(s, metric):
    c = s[metric]["counts"]
    return (c["tp"], c["fp"], c["fn"])


def test_the_scenario_document_is_valid():
    assert document_problems(event_document(), "scenario") == []


def test_gold_against_itself():
    from newsbench.evaluation.submission import submission_from_documents

    result, _ = score_submission(submission_from_documents([event_document()]),
                                 gold_from_documents([event_document()]), tasks=["events"], bootstrap=0)
    for name, m in result.scores["events"].items():
        assert (m.get("f1") if "f1" in m else m["value"]) == 1.0, name


# scenario -> {metric: (tp, fp, fn) per mode (span, head, coref)}
SCENARIOS = {
    # the Attacker of 'attacked' predicted on 'assault' (the same event type, the wrong trigger)
    "argument attached to the wrong trigger": (
        [trigger("attacked", "Conflict.Attack"), trigger("assault", "Conflict.Attack", ("Attacker", "Militants"))],
        {"trigger_identification": (2, 0, 1), "trigger_classification": (2, 0, 1),
         "argument_identification": [(1, 0, 4)] * 3,
         "argument_classification": [(1, 0, 4)] * 3,
         "argument_identification_attached": [(0, 1, 5)] * 3,
         "argument_classification_attached": [(0, 1, 5)] * 3}),
    # Militants predicted as the Target of 'attacked' (it is the Attacker)
    "correct span, wrong role": (
        [trigger("attacked", "Conflict.Attack", ("Target", "Militants"))],
        {"trigger_identification": (1, 0, 2), "trigger_classification": (1, 0, 2),
         "argument_identification": [(1, 0, 4)] * 3,
         "argument_classification": [(0, 1, 5)] * 3,
         "argument_identification_attached": [(1, 0, 4)] * 3,
         "argument_classification_attached": [(0, 1, 5)] * 3}),
    # the Agent of 'killed' is 'They'; the system names 'Militants', the same entity
    "coreferent filler": (
        [trigger("killed", "Life.Die", ("Agent", "Militants"))],
        {"trigger_identification": (1, 0, 2), "trigger_classification": (1, 0, 2),
         "argument_identification": [(0, 1, 5), (0, 1, 5), (1, 0, 4)],
         "argument_classification": [(0, 1, 5), (0, 1, 5), (1, 0, 4)],
         "argument_identification_attached": [(0, 1, 5), (0, 1, 5), (1, 0, 4)],
         "argument_classification_attached": [(0, 1, 5), (0, 1, 5), (1, 0, 4)]}),
    # the Target given as 'US embassy' (no article): not the extent, but inside it and containing its head
    "filler matched by its head": (
        [trigger("attacked", "Conflict.Attack", ("Target", "US embassy"), ("Attacker", "Militants"))],
        {"trigger_identification": (1, 0, 2), "trigger_classification": (1, 0, 2),
         "argument_identification": [(1, 1, 4), (2, 0, 3), (2, 0, 3)],
         "argument_classification": [(1, 1, 4), (2, 0, 3), (2, 0, 3)],
         "argument_identification_attached": [(1, 1, 4), (2, 0, 3), (2, 0, 3)],
         "argument_classification_attached": [(1, 1, 4), (2, 0, 3), (2, 0, 3)]}),
    # right trigger span, wrong event type: identification counts it, classification and all arguments do not
    "trigger with the wrong type": (
        [trigger("killed", "Conflict.Attack", ("Attacker", "They"))],
        {"trigger_identification": (1, 0, 2), "trigger_classification": (0, 1, 3),
         "argument_identification": [(0, 1, 5), (0, 1, 5), (1, 0, 4)],
         "argument_classification": [(0, 1, 5), (0, 1, 5), (1, 0, 4)],
         "argument_identification_attached": [(0, 1, 5)] * 3,
         "argument_classification_attached": [(0, 1, 5)] * 3}),
    # the time argument: a timex filler, matched by its extent in every mode
    "time argument": (
        [trigger("attacked", "Conflict.Attack", ("Time", "Saturday"))],
        {"trigger_identification": (1, 0, 2), "trigger_classification": (1, 0, 2),
         "argument_identification": [(1, 0, 4)] * 3,
         "argument_classification": [(1, 0, 4)] * 3,
         "argument_identification_attached": [(1, 0, 4)] * 3,
         "argument_classification_attached": [(1, 0, 4)] * 3}),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_table(name):
    triggers, table = SCENARIOS[name]
    s = scores(*triggers)
    for metric, expected in table.items():
        if metric.startswith("trigger"):
            assert counts(s, metric) == expected, metric
        else:
            for mode, want in zip(MODES, expected, strict=True):
                assert counts(s, f"{metric}_{mode}") == want, (metric, mode)


def test_attribute_accuracy_on_matched_triggers():
    """attacked: all four right (realis derived: ACTUAL, right); killed: modality wrong, realis given explicitly
    as OTHER (right); assault: no attributes (all wrong). The gold realis of killed is OTHER (modality OTHER)."""
    right = {"polarity": "POSITIVE", "tense": "PAST", "genericity": "SPECIFIC", "modality": "ASSERTED"}
    s = scores(trigger("attacked", "Conflict.Attack", attributes=right),
               trigger("killed", "Life.Die", attributes={**right, "realis": "OTHER"}),
               trigger("assault", "Conflict.Attack"))
    expected = {"polarity": 2, "tense": 2, "genericity": 2, "modality": 1, "realis": 2}
    for attribute, correct in expected.items():
        assert s[f"attribute_{attribute}"]["counts"] == {"correct": correct, "total": 3}, attribute
        assert s[f"attribute_{attribute}"]["value"] == correct / 3


def test_attributes_are_judged_on_span_matched_triggers_even_with_the_wrong_type():
    s = scores(trigger("killed", "Conflict.Attack", attributes={"polarity": "POSITIVE"}))
    assert s["attribute_polarity"]["counts"] == {"correct": 1, "total": 1}
    assert s["attribute_modality"]["counts"] == {"correct": 0, "total": 1}


def test_role_breakdown_and_macro():
    s = scores(trigger("attacked", "Conflict.Attack", ("Target", "Militants"), ("Time", "Saturday")))
    by = s["argument_classification_span"]["by_type"]
    assert by["Time"]["counts"] == {"tp": 1, "fp": 0, "fn": 0}
    assert by["Target"]["counts"] == {"tp": 0, "fp": 1, "fn": 1}
    assert by["Attacker"]["counts"] == {"tp": 0, "fp": 0, "fn": 1}
    macro = s["argument_classification_span"]["macro"]
    assert macro["types"] == 5 and macro["f1"] == pytest.approx((1 + 0 + 0 + 0 + 0) / 5)
