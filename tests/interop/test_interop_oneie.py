"""OneIE / TextEE JSON lines: the ACE05-E shape, lossless round trips and submission-from scoring identically."""

import json
import re
from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from newsbench.evaluation.submission import submission_from_documents
from newsbench.interop import oneie
from newsbench.interop.problems import Conversion
from newsbench.interop.units import export_units
from newsbench.model import AnnotatedLayer, Submission, SystemInfo

from interop_helpers import annotator_c, gold_doc, pass_c_doc, reference, canonical, scores
from strategies import documents

LOSSLESS = ("mentions", "timexes", "event_mentions")


def back(docs, text=None):
    conversion = Conversion()
    out = oneie.submission_documents(text if text is not None else oneie.export(docs, Conversion()), "x.jsonl",
                                     {d.doc_id: d for d in docs}, conversion)
    return out, conversion


def test_lines_have_the_ace05e_shape_with_token_offsets():
    doc = gold_doc()
    lines = [json.loads(x) for x in oneie.export([doc], Conversion()).splitlines()]
    assert {"doc_id", "sent_id", "tokens", "sentence", "entity_mentions", "relation_mentions",
            "event_mentions", "wnd_id", "text"} <= set(lines[0])  # TextEE's load_E2E_data reads wnd_id and text
    mentions = trig = 0
    for line in lines:
        for m in line["entity_mentions"]:
            # the mention's tokens, end exclusive, are its text without white space
            assert "".join(line["tokens"][m["start"]:m["end"]]) == re.sub(r"\s", "", m["text"])
            assert m["entity_type"] in ("PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA")
            mentions += 1
        for em in line["event_mentions"]:
            t = em["trigger"]
            assert "".join(line["tokens"][t["start"]:t["end"]]) == re.sub(r"\s", "", t["text"])
            assert re.fullmatch(r"[A-Za-z]+:[A-Za-z-]+", em["event_type"])
            # TextEE (utils.load_E2E_data) and OneIE look every argument up among the line's entity mentions only
            ids = {m["id"] for m in line["entity_mentions"]}
            assert all(a["entity_id"] in ids for a in em["arguments"])
            times = {x["id"] for x in line["timex_mentions"]}
            assert all(a["entity_id"] in times for a in em.get("time_arguments", ()))
            trig += 1
    assert (mentions, trig) == (len(doc.mentions), len(doc.event_mentions))


def test_gold_round_trip_is_identical_on_every_layer_the_format_carries():
    doc = gold_doc()
    conversion = Conversion()
    oneie.export([doc], conversion)
    assert conversion.note_lines() == [f"note: {len(doc.toponyms)} x not-carried-layer: oneie: toponyms (no place "
                                       "in the format)"]
    out, conversion = back([doc])
    assert not conversion.problems and not conversion.notes
    assert canonical(out[0], LOSSLESS) == reference(doc, LOSSLESS)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_round_trip_is_identical(doc):
    out, conversion = back([doc])
    assert not conversion.problems
    assert canonical(out[0], LOSSLESS) == reference(doc, LOSSLESS)


def test_submission_from_an_export_of_pass_c_scores_as_annotator_c():
    tasks = ["entities", "entities_all", "bio", "coreference", "timexes", "events"]
    out, conversion = back([pass_c_doc()])
    assert not conversion.problems
    converted = Submission(SystemInfo("c", "1", "converted"), tuple(out))
    expected = scores(annotator_c(), tasks)
    assert expected["entities"]["strict"]["f1"] < 1  # a real system-vs-gold comparison, not the gold against itself
    assert scores(converted, tasks) == expected


def test_a_token_that_is_not_in_the_gold_text_is_a_problem_naming_the_line():
    doc = gold_doc()
    lines = oneie.export([doc], Conversion()).splitlines()
    first = json.loads(lines[1])
    first["tokens"][0] = "-LRB-"
    del first["sentence_start"]
    _, conversion = back([doc], "\n".join([lines[0], json.dumps(first)]))
    assert [(p.check, p.pointer) for p in conversion.problems] == [("interop-token-unaligned", "line 2")]


def test_malformed_lines_and_unknown_documents_are_problems():
    doc = gold_doc()
    _, conversion = back([doc], '{"doc_id": 1}\nnot json\n{"doc_id": "nope", "tokens": []}\n')
    assert [p.check for p in conversion.problems] == ["interop-input-malformed", "interop-input-malformed",
                                                      "interop-unknown-doc"]


def test_labels_outside_the_ontology_are_counted_not_converted():
    doc = gold_doc()
    line = {"doc_id": doc.doc_id, "tokens": ["Iraq"], "entity_mentions": [
        {"id": "a", "entity_type": "TIM", "start": 0, "end": 1},
        {"id": "b", "entity_type": "GPE", "start": 0, "end": 1}]}
    out, conversion = back([doc], json.dumps(line))
    assert not conversion.problems
    assert [(m.start, m.end, m.type) for m in out[0].mentions] == [(0, 4, "GPE")]
    assert conversion.note_lines() == ["note: 1 x not-carried-label: oneie: entity_type 'TIM'"]


def test_only_declared_layers_and_sentences_inside_the_annotated_ranges_are_written():
    doc = gold_doc()
    units = export_units(doc)
    cut = units[3].end  # entities annotated up to the end of the fourth sentence only; events not declared
    mentions = tuple(m for m in doc.mentions if m.end <= cut)
    kept = {m.entity for m in mentions}
    partial = replace(doc, annotated=(AnnotatedLayer("entities", ((0, cut),)),), mentions=mentions,
                      entities=tuple(e for e in doc.entities if e.id in kept), timexes=(), toponyms=())
    conversion = Conversion()
    lines = [json.loads(x) for x in oneie.export([partial], conversion).splitlines()]
    assert [line["sentence_start"] for line in lines] == [u.start for u in units[:4]]
    assert sum(len(line["entity_mentions"]) for line in lines) == len(mentions)
    assert all(line["event_mentions"] == [] for line in lines)
    assert conversion.notes[("not-carried-layer", "oneie: events (not declared annotated)")] == len(
        doc.event_mentions)


def test_token_offsets_outside_the_line_and_unknown_argument_fillers_are_problems():
    doc = gold_doc()
    line = {"doc_id": doc.doc_id, "tokens": ["Iraq", "rockets"],
            "entity_mentions": [{"id": "a", "entity_type": "GPE", "start": 0, "end": 3}],
            "event_mentions": [{"event_type": "Conflict:Attack", "trigger": {"start": 1, "end": 2},
                                "arguments": [{"entity_id": "nobody", "role": "Target"}]}]}
    _, conversion = back([doc], json.dumps(line))
    assert [(p.check, p.pointer) for p in conversion.problems] == [
        ("interop-span-invalid", "line 1 /entity_mentions/0"),
        ("interop-reference-dangling", "line 1 /event_mentions/0/arguments/0")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(declare=True))
def test_every_item_of_a_partly_declared_document_is_written_or_counted(doc):
    conversion = Conversion()
    text = oneie.export([doc], conversion)
    back = oneie.submission_documents(text, "x", {doc.doc_id: doc}, Conversion())
    out = back[0] if back else None
    for layer, items, name, key in (("entities", doc.mentions, "mentions", "mentions"),
                                    ("timexes", doc.timexes, "timexes", "timexes"),
                                    ("events", doc.event_mentions, "event mentions", "event_mentions")):
        written = len(getattr(out, key) or ()) if out else 0
        counted = (conversion.notes[("not-carried-layer", f"oneie: {layer} (not declared annotated)")]
                   + conversion.notes[("not-carried-span",
                                       f"oneie: {name} in a sentence that is not wholly in the annotated ranges")])
        assert written + counted == len(items), layer


def test_a_system_output_without_some_sentences_is_aligned_to_the_ones_it_has():
    doc = gold_doc()
    lines = [json.loads(x) for x in oneie.export([doc], Conversion()).splitlines()]
    kept = [line for k, line in enumerate(lines) if k % 2]  # every other sentence, no sentence_start
    for line in kept:
        del line["sentence_start"]
    out, conversion = back([doc], "\n".join(map(json.dumps, kept)))
    assert not conversion.problems
    expected = sorted(repr(m) for m in reference_mentions(doc, [k for k in range(len(lines)) if k % 2]))
    assert sorted(map(repr, out[0].mentions)) == expected


def reference_mentions(doc, unit_numbers):
    units = export_units(doc)
    inside = [(units[k].start, units[k].end) for k in unit_numbers]
    return [m for m in submission_from_documents([doc]).documents[0].mentions
            if any(a <= m.start < b for a, b in inside)]


def as_oneie_prediction(line: dict) -> dict:
    """A line as OneIE's predict.py writes its output: tokens and a graph of index lists, no ids or clusters."""
    index = {m["id"]: k for k, m in enumerate(line["entity_mentions"])}
    return {"doc_id": line["doc_id"], "sent_id": line["sent_id"], "tokens": line["tokens"],
            "token_ids": [f"x:{k}" for k in range(len(line["tokens"]))],
            "graph": {"entities": [[m["start"], m["end"], m["entity_type"], m["mention_type"], 1.0]
                                   for m in line["entity_mentions"]],
                      "triggers": [[e["trigger"]["start"], e["trigger"]["end"], e["event_type"], 1.0]
                                   for e in line["event_mentions"]],
                      "relations": [],
                      "roles": [[t, index[a["entity_id"]], a["role"], 1.0]
                                for t, e in enumerate(line["event_mentions"]) for a in e["arguments"]]}}


def test_oneie_prediction_output_converts_to_the_same_mentions_triggers_and_arguments():
    doc = gold_doc()
    lines = [as_oneie_prediction(json.loads(x)) for x in oneie.export([doc], Conversion()).splitlines()]
    out, conversion = back([doc], "\n".join(map(json.dumps, lines)))
    assert not conversion.problems
    ref = submission_from_documents([doc]).documents[0]
    assert sorted((m.start, m.end, m.type, m.level) for m in out[0].mentions) == sorted(
        (m.start, m.end, m.type, m.level) for m in ref.mentions)
    # OneIE's graph has no time mentions: the Time arguments are the only difference
    assert sorted((e.start, e.end, e.type, tuple(sorted((a.role, a.start, a.end) for a in e.arguments)))
                  for e in out[0].event_mentions) == sorted(
        (e.start, e.end, e.type, tuple(sorted((a.role, a.start, a.end) for a in e.arguments if a.role != "Time")))
        for e in ref.event_mentions)
    bad = dict(lines[0], graph={"entities": [[0, 1]], "triggers": []})
    _, conversion = back([doc], json.dumps(bad))
    assert [p.check for p in conversion.problems] == ["interop-input-malformed"]
