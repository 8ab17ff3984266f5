"""The ontology: label meanings are data in schema/ontology.json, read through ontology.py; the code follows them."""

import copy
import json
from dataclasses import fields
from pathlib import Path

import pytest

from newsbench import jsonio
from newsbench.model import Event
from newsbench.ontology import load_ontology, parse_ontology
from newsbench.paths import schema_dir
from newsbench.validate import TIMEX_VALUE_PATTERNS, document_problems, validate_file

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"


def ontology_data() -> dict:
    return json.loads((schema_dir() / "ontology.json").read_text(encoding="utf-8"))


def fixture_document(check: str):
    path = DATA / "invalid" / check / "mini.json"
    return jsonio.document_from_json(json.loads(path.read_text(encoding="utf-8"))), str(path)


def test_the_meanings_name_labels_of_the_inventories():
    onto = load_ontology()
    assert onto.name_level in onto.mention_levels and onto.pronoun_level in onto.mention_levels
    assert set(onto.toponym_required_entity_types) <= set(onto.toponym_entity_types)
    assert set(onto.no_place_readings) <= set(onto.toponym_readings)
    assert set(onto.attribute_defaults) <= set(onto.attributes)
    assert not set(onto.value_roles_excluded) & set(onto.roles)


@pytest.mark.parametrize("change, complaint", [
    (lambda d: d["mention_level_kinds"].update(name="NAME"), "mention level 'NAME'"),
    (lambda d: d["toponym_required"].update(entity_types=["PER"]), "toponym entity type 'PER'"),
    (lambda d: d["toponym_readings_without_place"].update(readings=["Ship"]), "reading 'Ship'"),
    (lambda d: d["event_attribute_defaults"]["values"].update(tense="LATER"), "default tense='LATER'"),
    (lambda d: d["event_attribute_defaults"]["values"].update(certainty="HIGH"), "a default for 'certainty'"),
    (lambda d: d["event_types"]["Justice.Fine"]["roles"].append("Money"), "value role 'Money' annotated"),
])
def test_an_ontology_that_contradicts_itself_is_refused(change, complaint):
    data = copy.deepcopy(ontology_data())
    change(data)
    with pytest.raises(ValueError, match="inconsistent") as raised:
        parse_ontology(data)
    assert complaint in str(raised.value)


def test_which_entity_types_need_a_toponym_is_read_from_the_ontology():
    doc, file = fixture_document("toponym-missing")
    assert {p.check for p in document_problems(doc, file, seeds=SEEDS)} == {"toponym-missing"}
    data = ontology_data()
    data["toponym_required"]["entity_types"] = ["LOC"]
    assert document_problems(doc, file, ontology=parse_ontology(data), seeds=SEEDS) == []


def test_which_readings_name_no_place_is_read_from_the_ontology():
    doc, file = fixture_document("toponym-entity-type")
    (problem,) = document_problems(doc, file, seeds=SEEDS)
    assert problem.check == "toponym-entity-type" and "(or reading Homonym)" in problem.message
    data = ontology_data()
    data["toponym_readings_without_place"]["readings"] = ["Homonym", doc.toponyms[-1].reading]
    assert document_problems(doc, file, ontology=parse_ontology(data), seeds=SEEDS) == []


def test_an_excluded_value_role_is_named_as_such(tmp_path):
    doc = json.loads((DATA / "valid" / "mini.json").read_text(encoding="utf-8"))
    mention = next(m for m in doc["event_mentions"] if m["arguments"])
    mention["arguments"][0]["role"] = "Crime"
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (problem,) = validate_file(path, seeds=SEEDS).problems
    assert problem.check == "schema-enum"
    assert problem.message.endswith(f"found \"Crime\" (an excluded value role: {load_ontology().value_roles_why})")
    mention["arguments"][0]["role"] = "Nonsense"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (problem,) = validate_file(path, seeds=SEEDS).problems
    assert "value role" not in problem.message


def test_the_format_keys_of_the_attributes_are_the_ontology_attributes():
    """model.Event's attribute fields and jsonio's keys for them are format keys: they must be the ontology's."""
    onto = load_ontology()
    assert set(onto.attributes) <= {f.name for f in fields(Event)}
    values = {name: values[0] for name, values in onto.attributes.items()}
    assert Event("V1", onto.event_types[0], **values).attributes == values
    assert set(TIMEX_VALUE_PATTERNS) == set(onto.timex_types)

