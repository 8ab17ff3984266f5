"""Properties of the gold that must never regress (not a frozen copy of it)."""

from dataclasses import fields

import pytest

from newsbench import jsonio
from newsbench.gazetteer.lookup import load_gazetteer
from newsbench.model import Entity, Event, EventMention, Mention, Timex, Toponym
from newsbench.ontology import load_ontology
from newsbench.paths import gold_dir
from newsbench.validate import validate_file

GOLD_FILES = sorted(gold_dir().glob("*.json"))
ONTOLOGY = load_ontology()


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.stem)
def gold(request):
    result = validate_file(request.param)
    assert result.problems == ()
    return result.document


def test_there_is_gold():
    assert GOLD_FILES


def test_every_layer_is_annotated(gold):
    for layer in (gold.entities, gold.mentions, gold.timexes, gold.events, gold.event_mentions, gold.toponyms):
        assert layer
    assert {m.level for m in gold.mentions} == set(ONTOLOGY.mention_levels)


def test_every_place_name_mention_has_a_toponym(gold):
    with_toponym = {t.mention for t in gold.toponyms}
    for m in gold.mentions:
        if m.level == "NAM" and m.type in ("GPE", "LOC"):
            assert m.id in with_toponym, m


def test_every_event_mention_trigger_matches_its_text_and_roles_are_allowed(gold):
    events = {e.id: e for e in gold.events}
    for em in gold.event_mentions:
        assert gold.text[em.start:em.end] == em.text
        allowed = ONTOLOGY.event_roles[events[em.event].type]
        assert all(a.role in allowed for a in em.arguments), em


def test_every_coordinate_without_a_geonames_id_has_a_source_and_a_radius(gold):
    for t in gold.toponyms:
        if t.geonames_id is None:
            assert t.source != "GeoNames" and t.source.strip()
            assert t.uncertainty_km and t.uncertainty_km > 0


def test_toponym_coordinates_are_the_shipped_gazetteer_records(gold):
    """Coordinates are copied from corpus/gazetteer.jsonl, never typed by hand (GUIDELINES §5.3)."""
    gazetteer = load_gazetteer()
    by_point = {(p.lat, p.lon) for p in gazetteer}
    for t in gold.toponyms:
        if t.geonames_id is not None:
            place = gazetteer.by_id(t.geonames_id)
            assert place is not None and (place.lat, place.lon) == (t.lat, t.lon), t
        else:
            assert (t.lat, t.lon) in by_point, t


def test_relative_dates_resolve_against_the_anchor(gold):
    assert gold.meta.anchor_date == "2021-10-31"
    values = {t.text: t.value for t in gold.timexes}
    assert values.get("late on Saturday") == "2021-10-30"


def test_only_actual_events_are_grounded(gold):
    for e in gold.events:
        if e.place is not None or e.date is not None:
            assert ONTOLOGY.realis(e.attributes) == "ACTUAL", e


def test_the_model_and_the_schema_name_the_same_fields():
    import json

    from newsbench.paths import schema_dir

    props = json.loads((schema_dir() / "document.schema.json").read_text(encoding="utf-8"))["properties"]
    for cls in (Entity, Mention, Timex, Event, EventMention, Toponym):
        schema_keys = set(props[jsonio.LAYER_KEYS[cls]]["items"]["properties"])
        assert {f.name for f in fields(cls)} == schema_keys, cls.__name__
