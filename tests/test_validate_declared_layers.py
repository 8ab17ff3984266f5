"""Format 1.1 declared layers in the validator: what a partly annotated document may and may not hold."""

from dataclasses import replace
from pathlib import Path

import pytest

from newsbench import jsonio
from newsbench.model import AnnotatedLayer, UNKNOWN
from newsbench.validate import document_problems, schema_file_problems

MINI = Path(__file__).parent / "data" / "valid" / "mini.json"
BASE = jsonio.read_document(MINI)
WHOLE = ((0, len(BASE.text)),)


def declare(doc, **ranges):
    layers = {"entities": WHOLE, "timexes": WHOLE, "events": WHOLE, "toponyms": WHOLE, **ranges}
    return replace(doc, schema_version="1.1",
                   annotated=tuple(AnnotatedLayer(k, v) for k, v in layers.items() if v is not None))


def checks(doc) -> set[str]:
    found = schema_file_problems(jsonio.document_to_json(doc), "document.schema.json", "x.json")
    return {p.check for p in found or document_problems(doc, "x.json")}


def test_a_format_1_0_document_and_its_explicit_declaration_are_both_valid():
    assert BASE.schema_version == "1.0" and BASE.annotated is None and checks(BASE) == set()
    assert checks(declare(BASE)) == set()


def test_toponym_carriers_need_no_entities_layer_but_other_mentions_do():
    toponym_mentions = {t.mention for t in BASE.toponyms}
    carriers = tuple(m for m in BASE.mentions if m.id in toponym_mentions)
    only = replace(BASE, mentions=carriers, entities=tuple(e for e in BASE.entities
                                                           if any(m.entity == e.id for m in carriers)),
                   timexes=(), events=(), event_mentions=())
    assert checks(declare(only, entities=None, timexes=None, events=None)) == set()
    assert checks(declare(replace(only, mentions=BASE.mentions, entities=BASE.entities), entities=None, timexes=None,
                          events=None)) == {"layer-undeclared-items"}


def test_where_a_layer_is_declared_every_item_lies_in_its_ranges():
    baghdad = BASE.text.index("Baghdad")
    # a toponym carrier outside the entities range is outside, even though toponyms cover it
    assert checks(declare(BASE, entities=((0, baghdad),))) == {"item-outside-annotated"}


def test_unknown_anchor_date_is_valid_with_or_without_timexes():
    """GUIDELINES §1.4 (issue 15): a text whose text and metadata state no date has anchor "unknown", and its timexes
    carry X where the anchor would give a value; anything else that is not a calendar date is still a problem."""
    unknown = replace(BASE, meta=replace(BASE.meta, anchor_date=UNKNOWN))
    assert checks(declare(unknown)) == set()
    assert checks(declare(replace(unknown, timexes=(), event_mentions=tuple(
        replace(em, arguments=tuple(a for a in em.arguments if a.role != "Time")) for em in BASE.event_mentions)),
        timexes=None)) == set()
    assert checks(unknown) == set()  # format 1.0: every layer is annotated, timexes included
    assert checks(replace(BASE, meta=replace(BASE.meta, anchor_date="2021-02-30"))) == {"anchor-date-invalid"}


@pytest.mark.parametrize("ranges", [((0, 0),), ((5, 3),), ((0, 10), (5, 20)), ((10, 20), (0, 5))])
def test_malformed_ranges_are_reported(ranges):
    assert "annotated-range-invalid" in checks(declare(BASE, timexes=ranges))


def test_empty_range_list_fails_the_schema():
    data = jsonio.document_to_json(declare(BASE))
    data["annotated"]["timexes"] = []
    assert {p.check for p in schema_file_problems(data, "document.schema.json", "x.json")} == {"schema-range"}
