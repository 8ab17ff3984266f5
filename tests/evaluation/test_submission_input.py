"""The submission format: the schema agrees with the ontology and with jsonio, and bad input gives problems
(check id, document, pointer), never a score."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings, strategies as st

from eval_strategies import corpora, submissions
from newsbench import jsonio
from newsbench.evaluation.scorer import gold_from_documents, score_files, score_submission
from newsbench.evaluation.submission import (
    LAYERS, SPAN_RULES, SUBMISSION_CHECKS, _document_problems, _document_warnings, _problem, check_submission,
    conflicting_keys, first_by, submission_report, validate_submission,
)
from newsbench.model import (
    PredictedArgument, PredictedEventMention, PredictedMention, PredictedTimex, PredictedToponym, Submission,
    SubmissionDocument,
)
from newsbench.ontology import load_ontology
from newsbench.paths import schema_dir
from newsbench.validate import schema_problems, schema_validator
from scenario_docs import SYSTEM, event_document

SCHEMA = json.loads((schema_dir() / "submission.schema.json").read_text(encoding="utf-8"))
ONTOLOGY_JSON = json.loads((schema_dir() / "ontology.json").read_text(encoding="utf-8"))
ONTOLOGY = load_ontology()


def _items(layer: str) -> dict:
    return SCHEMA["properties"]["documents"]["items"]["properties"][layer]["items"]["properties"]


def test_label_enums_equal_the_ontology():
    assert _items("mentions")["type"]["enum"] == list(ONTOLOGY_JSON["entity_types"])
    assert _items("mentions")["level"]["enum"] == list(ONTOLOGY_JSON["mention_levels"])
    assert _items("timexes")["type"]["enum"] == list(ONTOLOGY_JSON["timex_types"])
    assert _items("event_mentions")["type"]["enum"] == list(ONTOLOGY_JSON["event_types"])
    assert _items("event_mentions")["arguments"]["items"]["properties"]["role"]["enum"] == list(ONTOLOGY_JSON["roles"])
    attributes = _items("event_mentions")["attributes"]["properties"]
    for name, values in ONTOLOGY_JSON["event_attributes"].items():
        assert attributes[name]["enum"] == values
    assert attributes["realis"]["enum"] == ONTOLOGY_JSON["realis"]["values"]
    assert set(attributes) == set(ONTOLOGY_JSON["event_attributes"]) | {"realis"}
    assert _items("toponyms")["reading"]["enum"] == list(ONTOLOGY_JSON["toponym_readings"])


FULL = {
    "system": {"name": "sys", "version": "1.2", "description": "all keys", "url": "https://example.org/sys",
               "params": {"model": "x", "threshold": 0.5}},
    "documents": [{
        "doc_id": "doc-0",
        "mentions": [{"start": 0, "end": 3, "type": "PER", "level": "NAM", "cluster": "c1"}],
        "timexes": [{"start": 4, "end": 8, "type": "DATE", "value": "2021-10-30"}],
        "event_mentions": [{"start": 9, "end": 12, "type": "Conflict.Attack", "cluster": "v1",
                            "attributes": {"polarity": "POSITIVE", "tense": "PAST", "genericity": "SPECIFIC",
                                           "modality": "ASSERTED", "realis": "ACTUAL"},
                            "arguments": [{"role": "Attacker", "start": 0, "end": 3}]}],
        "toponyms": [{"start": 13, "end": 20, "reading": "Literal", "geonames_id": 98182, "lat": 33.3, "lon": 44.4}],
    }, {"doc_id": "doc-1"}],
}


def test_every_schema_key_is_read_by_jsonio():
    """A submission using every key of the schema survives from_json -> to_json unchanged."""
    assert schema_problems(FULL, schema_validator("submission.schema.json"), "full.json") == []
    assert jsonio.submission_to_json(jsonio.submission_from_json(FULL)) == FULL


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_generated_submissions_are_schema_valid_and_round_trip(data):
    docs = data.draw(corpora())
    sub = data.draw(submissions(docs))
    as_json = jsonio.submission_to_json(sub)
    assert schema_problems(as_json, schema_validator("submission.schema.json"), "gen.json") == []
    again = jsonio.submission_from_json(json.loads(json.dumps(as_json)))
    assert jsonio.submission_to_json(again) == as_json


@pytest.mark.parametrize("mutate,check,pointer", [
    (lambda d: d.pop("system"), "schema-required", ""),
    (lambda d: d["system"].pop("description"), "schema-required", "/system"),
    (lambda d: d["documents"][0]["mentions"][0].update(type="PERSON"), "schema-enum", "/documents/0/mentions/0/type"),
    (lambda d: d["documents"][0]["event_mentions"][0]["arguments"][0].update(role="Crime"), "schema-enum",
     "/documents/0/event_mentions/0/arguments/0/role"),
    (lambda d: d["documents"][0]["mentions"][0].update(id="m1"), "schema-unknown-key", "/documents/0/mentions/0"),
    (lambda d: d["documents"][0]["mentions"][0].update(start=-1), "schema-range", "/documents/0/mentions/0/start"),
    (lambda d: d["documents"][0]["event_mentions"][0]["attributes"].update(tense="PASTY"), "schema-enum",
     "/documents/0/event_mentions/0/attributes/tense"),
])
def test_schema_problems(tmp_path, mutate, check, pointer):
    data = json.loads(json.dumps(FULL))
    mutate(data)
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    submission, problems = validate_submission(path)
    assert submission is None
    assert (check, pointer) in {(p.check, p.pointer) for p in problems}


@pytest.mark.parametrize("raw,check", [
    (b"", "file-empty"), (b"\xef\xbb\xbf{}", "file-has-bom"), (b"{\"system\": ", "json-malformed"),
    (b"\xff\xfe", "file-not-utf8"), (b'{"system": {}, "system": {}}', "json-duplicate-key"),
])
def test_unreadable_files(tmp_path, raw, check):
    path = tmp_path / "sub.json"
    path.write_bytes(raw)
    submission, problems = validate_submission(path)
    assert submission is None and [p.check for p in problems] == [check]


def _gold():
    doc = event_document()
    return doc, gold_from_documents([doc])


def _check(*docs, strict=False):
    _, gold = _gold()
    return check_submission(Submission(SYSTEM, tuple(docs)), "sub.json", gold.texts, strict=strict)


def test_gold_checks_unknown_doc_span_range_empty_span_role():
    doc, _ = _gold()
    n = len(doc.text)
    attack = PredictedEventMention(10, 18, "Conflict.Attack", arguments=(PredictedArgument("Victim", 0, 9),))
    problems, _ = _check(
        SubmissionDocument("events-doc", mentions=(PredictedMention(0, n + 1, "PER"), PredictedMention(5, 5, "PER")),
                           event_mentions=(attack,)),
        SubmissionDocument("no-such-doc", mentions=()),
    )
    found = {(p.check, p.doc_id, p.pointer) for p in problems}
    assert ("submission-span-out-of-range", "events-doc", "/documents/0/mentions/0") in found
    assert ("submission-span-empty", "events-doc", "/documents/0/mentions/1") in found
    assert ("submission-role-not-allowed", "events-doc", "/documents/0/event_mentions/0/arguments/0/role") in found
    assert ("submission-unknown-doc", "no-such-doc", "/documents/1/doc_id") in found
    assert all(p.check in SUBMISSION_CHECKS for p in problems)
    assert all("expected" in p.message and "found" in p.message for p in problems)


def test_latitude_without_longitude_is_a_problem(tmp_path):
    data = json.loads(json.dumps(FULL))
    data["documents"][0]["toponyms"][0].pop("lon")
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _, problems = validate_submission(path)
    assert [(p.check, p.pointer)
            for p in problems] == [("submission-coordinates-incomplete", "/documents/0/toponyms/0")]


def test_duplicate_doc_is_a_problem():
    problems, _ = _check(SubmissionDocument("events-doc", mentions=()), SubmissionDocument("events-doc", mentions=()))
    assert [p.check for p in problems] == ["submission-duplicate-doc"]


def test_missing_document_is_a_warning_or_with_strict_a_problem():
    problems, warnings = _check()
    assert problems == [] and [w.check for w in warnings] == ["submission-document-missing"]
    problems, warnings = _check(strict=True)
    assert [p.check for p in problems] == ["submission-document-missing"] and warnings == []


def test_missing_document_scores_as_empty_predictions():
    doc, gold = _gold()
    result, problems = score_submission(Submission(SYSTEM, ()), gold, tasks=["entities_all"], bootstrap=0)
    assert problems == []
    assert result.scores["entities_all"]["strict"]["counts"]["missed"] == len(doc.mentions)
    assert [w.check for w in result.warnings] == ["submission-document-missing"]
    result, problems = score_submission(Submission(SYSTEM, ()), gold, tasks=["entities_all"], bootstrap=0,
                                        strict=True)
    assert result is None and [p.check for p in problems] == ["submission-document-missing"]


def test_duplicates_are_counted_once_with_a_warning():
    doc, gold = _gold()
    m = doc.mentions[0]
    pm = PredictedMention(m.start, m.end, m.type, m.level, "c")
    once = Submission(SYSTEM, (SubmissionDocument("events-doc", mentions=(pm,)),))
    twice = Submission(SYSTEM, (SubmissionDocument("events-doc", mentions=(pm, pm, pm)),))
    r1, _ = score_submission(once, gold, tasks=["entities_all", "coreference"], bootstrap=0)
    r2, _ = score_submission(twice, gold, tasks=["entities_all", "coreference"], bootstrap=0)
    assert r1.scores == r2.scores
    dup = [w for w in r2.warnings if w.check == "submission-duplicate-item"]
    assert len(dup) == 1 and dup[0].pointer == "/documents/0/mentions" and "2 repeated" in dup[0].message


def test_conflicting_duplicates_use_the_first_in_sorted_order_with_a_warning():
    doc, gold = _gold()
    m = doc.mentions[0]
    a = PredictedMention(m.start, m.end, m.type, m.level, "b-cluster")
    b = PredictedMention(m.start, m.end, m.type, m.level, "a-cluster")
    r1, _ = score_submission(Submission(SYSTEM, (SubmissionDocument("events-doc", mentions=(a, b)),)), gold,
                             tasks=["coreference"], bootstrap=0)
    r2, _ = score_submission(Submission(SYSTEM, (SubmissionDocument("events-doc", mentions=(b, a)),)), gold,
                             tasks=["coreference"], bootstrap=0)
    assert r1.scores == r2.scores
    assert "submission-conflicting-duplicate" in {w.check for w in r1.warnings}


def test_layer_missing_in_some_documents_warns():
    d1 = dataclasses.replace(event_document(), doc_id="d1")
    d2 = dataclasses.replace(event_document(), doc_id="d2")
    gold = gold_from_documents([d1, d2])
    sub = Submission(SYSTEM, (SubmissionDocument("d1", mentions=()), SubmissionDocument("d2")))
    _, warnings = check_submission(sub, "s.json", gold.texts)
    assert [(w.check, w.doc_id) for w in warnings] == [("submission-layer-missing", "d2")]


def test_report_from_a_file_with_gold(tmp_path):
    _, gold = _gold()
    data = {"system": {"name": "s", "version": "1", "description": "d"},
            "documents": [{"doc_id": "events-doc", "mentions": [{"start": 0, "end": 9999, "type": "PER"}]}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = submission_report(path, gold.texts)
    assert report.submission is not None
    assert [p.check for p in report.problems] == ["submission-span-out-of-range"]
    assert report.problems[0].file.endswith("s.json")


def test_realis_values_come_from_the_ontology():
    assert tuple(_items("event_mentions")["attributes"]["properties"]["realis"]["enum"]) == \
        load_ontology().realis_values


# --- the per-entry checks (their fast paths) against their item-by-item definition -----------------------------

_EVENT_TYPES = ("Conflict.Attack", "Life.Die", "Contact.Meet")


@st.composite
def _messy_documents(draw, text_length: int) -> SubmissionDocument:
    """An entry with every kind of problem and warning the per-entry checks find, each now and then."""
    pos = st.integers(-1, text_length + 2)

    def spans(n: int) -> list[tuple[int, int]]:
        out = [(draw(pos), draw(pos)) for _ in range(n)]
        return out + out[:draw(st.integers(0, 2))]  # repeated spans now and then

    def layer(make, n_max: int = 5):
        if draw(st.integers(0, 4)) == 0:
            return None
        return tuple(make(s, e) for s, e in spans(draw(st.integers(0, n_max))))

    labels = st.sampled_from(("PER", "ORG"))
    mentions = layer(lambda s, e: PredictedMention(s, e, draw(labels), draw(st.sampled_from((None, "NAM", "PRO"))),
                                                   draw(st.sampled_from((None, "c1", "c2")))))
    timexes = layer(lambda s, e: PredictedTimex(s, e, draw(st.sampled_from((None, "DATE"))),
                                                draw(st.sampled_from((None, "2021")))))

    def event(s: int, e: int) -> PredictedEventMention:
        etype = draw(st.sampled_from(_EVENT_TYPES))
        roles = st.sampled_from((*ONTOLOGY.event_roles[etype][:2], "Buyer"))
        args = tuple(PredictedArgument(draw(roles), a, b) for a, b in spans(draw(st.integers(0, 3))))
        return PredictedEventMention(s, e, etype, draw(st.sampled_from((None, "v1"))),
                                     draw(st.sampled_from((None, {"Tense": "PAST"}))), args)

    events = layer(event)
    coords = st.sampled_from(((None, None), (1.0, 2.0), (1.0, None), (None, 2.0)))
    toponyms = layer(lambda s, e: PredictedToponym(s, e, draw(st.sampled_from((None, "Literal"))), None,
                                                   *draw(coords)))
    return SubmissionDocument("d", mentions, timexes, events, toponyms)


def _reference_checks(doc: SubmissionDocument, file: str, text_length: int, layers_used: set[str]):
    """The per-entry problems and warnings, item by item, in the order the checks report them."""
    base = "/documents/0"
    problems, warnings = [], []

    def span(pointer: str, s: int, e: int) -> None:
        if s >= e:
            problems.append(_problem("submission-span-empty", file, "d", pointer,
                                     f"expected start < end, found [{s}, {e})"))
        elif s < 0:
            problems.append(_problem("submission-span-out-of-range", file, "d", pointer,
                                     "expected start >= 0 (offsets are code points from the text's start), "
                                     f"found [{s}, {e})"))
        elif e > text_length:
            problems.append(_problem("submission-span-out-of-range", file, "d", pointer,
                                     f"expected end <= {text_length} (the text's length in code points), "
                                     f"found [{s}, {e})"))

    for layer in ("mentions", "timexes", "event_mentions", "toponyms"):
        for j, item in enumerate(getattr(doc, layer) or ()):
            span(f"{base}/{layer}/{j}", item.start, item.end)
            for k, a in enumerate(getattr(item, "arguments", ())):
                span(f"{base}/{layer}/{j}/arguments/{k}", a.start, a.end)
    for j, t in enumerate(doc.toponyms or ()):
        if (t.lat is None) != (t.lon is None):
            problems.append(_problem("submission-coordinates-incomplete", file, "d", f"{base}/toponyms/{j}",
                                     f"expected lat and lon together, found only {'lat' if t.lon is None else 'lon'}"))
    for j, em in enumerate(doc.event_mentions or ()):
        allowed = ONTOLOGY.event_roles[em.type]
        for k, a in enumerate(em.arguments):
            if a.role not in allowed:
                problems.append(_problem("submission-role-not-allowed", file, "d",
                                         f"{base}/event_mentions/{j}/arguments/{k}/role",
                                         f"expected a role of {em.type} ({', '.join(allowed)}), found {a.role}"))
    for layer in ("mentions", "timexes", "event_mentions", "toponyms"):
        items = getattr(doc, layer)
        if items is None:
            if layer in layers_used:
                warnings.append(_problem("submission-layer-missing", file, "d", base,
                                         f"expected `{layer}` (other documents have it), found none; scored as empty"))
            continue
        frozen = [(x.start, x.end, x.type, x.cluster, tuple(sorted(x.attributes.items())) if x.attributes else
                   x.attributes, x.arguments) for x in items] if layer == "event_mentions" else list(items)
        repeated = len(frozen) - len(set(frozen))
        rule = SPAN_RULES[layer]
        by_key = {}
        for x in items:
            by_key.setdefault(rule.key(x), []).append(x)
        conflicts = sum(len({rule.identity(x) for x in group}) > 1 for group in by_key.values())
        if repeated:
            warnings.append(_problem("submission-duplicate-item", file, "d", f"{base}/{layer}",
                                     f"expected distinct items, found {repeated} repeated; each counted once"))
        if conflicts:
            key = "span and type" if layer == "event_mentions" else "span"
            warnings.append(_problem("submission-conflicting-duplicate", file, "d", f"{base}/{layer}",
                                     f"expected one prediction per {key} in `{layer}`, found {conflicts} predicted "
                                     f"more than once with different {SPAN_RULES[layer].fields}; the first in sorted "
                                     "order is scored"))
        for j, em in enumerate(items if layer == "event_mentions" else ()):
            if len(em.arguments) > len(set(em.arguments)):
                warnings.append(_problem("submission-duplicate-item", file, "d", f"{base}/{layer}/{j}/arguments",
                                         f"expected distinct arguments, found "
                                         f"{len(em.arguments) - len(set(em.arguments))} repeated; each counted once"))
    return problems, warnings


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 12).flatmap(lambda n: st.tuples(st.just(n), _messy_documents(n))))
def test_entry_checks_equal_their_item_by_item_definition(case):
    text_length, doc = case
    layers_used = {"mentions", "timexes", "event_mentions", "toponyms"}
    found = (_document_problems(doc, 0, "sub.json", text_length, ONTOLOGY),
             _document_warnings(doc, 0, "sub.json", layers_used))
    assert found == _reference_checks(doc, "sub.json", text_length, layers_used)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12).flatmap(_messy_documents))
def test_the_scored_prediction_of_each_key_is_the_first_in_the_rules_order(doc):
    """first_by: per key (in the order keys first come), the item that sorts first by the rule's order; and
    conflicting_keys: the keys whose items disagree on the rule's identity."""
    for layer, rule in SPAN_RULES.items():
        items = getattr(doc, layer) or ()
        by_key = {}
        for x in items:
            by_key.setdefault(rule.key(x), []).append(x)
        chosen = first_by(items, rule)
        assert list(chosen) == list(by_key)
        assert all(chosen[k] is min(group, key=rule.order) for k, group in by_key.items())
        assert conflicting_keys(items, rule) == sum(len({rule.identity(x) for x in g}) > 1 for g in by_key.values())


# --- the checks while scoring: the mentions layer as columns, only the layers the tasks read ---------------------

@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_checks_while_scoring_find_what_check_submission_finds(data):
    """score_submission checks a batch's mentions as arrays (the item loops only where they are not clean): the same
    problems and warnings as check_submission, with every layer checked; with only the entities task, those of the
    layers it reads (the submission's other layers as if absent), and the result names the layers not checked."""
    base = event_document()
    n = data.draw(st.integers(1, 5))
    gold = gold_from_documents([dataclasses.replace(base, doc_id=f"d{k}") for k in range(n)])
    entries = [dataclasses.replace(data.draw(_messy_documents(len(base.text))), doc_id=f"d{k}")
               for k in data.draw(st.permutations(range(n)))[:data.draw(st.integers(0, n))]]
    sub = Submission(SYSTEM, tuple(entries))

    def scored(submission, **kw):
        result, problems = score_submission(submission, gold, bootstrap=0, file="sub.json", **kw)
        return (problems, list(result.warnings)) if result is not None else (problems, None)

    problems, warnings = check_submission(sub, "sub.json", gold.texts)
    assert scored(sub, tasks=["entities_all"], layers=LAYERS) == (problems, None if problems else warnings)
    only = Submission(SYSTEM, tuple(dataclasses.replace(e, timexes=None, event_mentions=None, toponyms=None)
                                    for e in entries))
    problems, warnings = check_submission(only, "sub.json", gold.texts)
    assert scored(sub, tasks=["entities"]) == (problems, None if problems else warnings)
    if not problems:
        result, _ = score_submission(sub, gold, tasks=["entities"], bootstrap=0)
        unchecked = sorted({layer for e in entries for layer in LAYERS[1:] if getattr(e, layer) is not None})
        assert result.options.get("layers_not_checked", []) == unchecked


@pytest.mark.parametrize("tasks", [None, ["entities"]])
def test_a_span_before_the_text_is_a_problem_not_a_crash(tasks):
    """An in-memory submission meets no schema: a negative start is refused as out of range (it crashed the
    entities kernel's np.bincount), by check_submission and by score_submission alike."""
    _, gold = _gold()
    entry = SubmissionDocument("events-doc", mentions=(PredictedMention(-1, 3, "PER", "NAM"),),
                               timexes=(PredictedTimex(-4, -2, "DATE", "2021"),))
    problems, _ = check_submission(Submission(SYSTEM, (entry,)), "sub.json", gold.texts)
    assert [(p.check, p.pointer) for p in problems] == [
        ("submission-span-out-of-range", "/documents/0/mentions/0"),
        ("submission-span-out-of-range", "/documents/0/timexes/0")]
    result, problems = score_submission(Submission(SYSTEM, (entry,)), gold, tasks=tasks, bootstrap=0)
    expected = ["/documents/0/mentions/0"] + (["/documents/0/timexes/0"] if tasks is None else [])
    assert result is None and [p.pointer for p in problems] == expected
    assert {p.check for p in problems} == {"submission-span-out-of-range"}


def test_a_layer_no_task_reads_is_checked_only_when_asked(tmp_path):
    """A bad time expression does not stop the entities task of score_submission (its result says the timexes
    were not checked), but stops it with every layer checked, and stops `newsbench score --tasks entities`."""
    doc, gold = _gold()
    entry = SubmissionDocument("events-doc", mentions=(PredictedMention(0, 3, "PER", "NAM"),),
                               timexes=(PredictedTimex(0, len(doc.text) + 5, "DATE", "2021"),))
    sub = Submission(SYSTEM, (entry,))
    result, problems = score_submission(sub, gold, tasks=["entities"], bootstrap=0)
    assert problems == [] and result.options["layers_not_checked"] == ["timexes"]
    assert result.to_json()["options"]["layers_not_checked"] == ["timexes"]
    result, problems = score_submission(sub, gold, tasks=["entities", "timexes"], bootstrap=0)
    assert result is None and [p.check for p in problems] == ["submission-span-out-of-range"]
    result, problems = score_submission(sub, gold, tasks=["entities"], bootstrap=0, layers=LAYERS)
    assert result is None and [(p.check, p.pointer) for p in problems] == [
        ("submission-span-out-of-range", "/documents/0/timexes/0")]
    gold_dir = tmp_path / "corpus" / "gold"
    gold_dir.mkdir(parents=True)
    (gold_dir / "events-doc.json").write_text(jsonio.dumps(jsonio.document_to_json(doc)), encoding="utf-8")
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(jsonio.submission_to_json(sub)), encoding="utf-8")
    for workers in (1, 2):
        result, problems = score_files(path, gold_dir, tasks=["entities"], bootstrap=0, workers=workers)
        assert result is None and [p.check for p in problems] == ["submission-span-out-of-range"]


def test_scoring_one_layer_still_warns_of_that_layer_missing():
    """score_submission skips the item checks of an entry whose checked layers all have clean spans; an entry
    without the layer is not skipped: its layer-missing warning is there, as check_submission gives it."""
    d1 = dataclasses.replace(event_document(), doc_id="d1")
    d2 = dataclasses.replace(event_document(), doc_id="d2")
    gold = gold_from_documents([d1, d2])
    sub = Submission(SYSTEM, (SubmissionDocument("d1", mentions=(PredictedMention(0, 3, "PER", "NAM"),)),
                              SubmissionDocument("d2")))
    result, problems = score_submission(sub, gold, tasks=["entities"], bootstrap=0)
    assert problems == [] and [(w.check, w.doc_id) for w in result.warnings] == [("submission-layer-missing", "d2")]
