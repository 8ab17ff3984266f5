"""The validator: exactly the right check id fires on each fixture; the corpus validates."""

import dataclasses
import json
from pathlib import Path

import pytest

from newsbench.annotation.standoff import read_header, rebuild
from newsbench.cli import main
from newsbench.model import Document, Entity, Mention
from newsbench.ontology import load_ontology
from newsbench.paths import corpus_dir, schema_dir
from newsbench.problems import registered
from newsbench.validate import (CHECKS, _SCHEMA_KEYWORD_CHECKS, corpus_document_paths, document_problems,
                                document_warnings, read_documents, timex_value_ok, validate_file)

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
# Checks of the corpus layer (seed files, ingest) are proven in test_corpus.py on a temporary corpus.
# file-unreadable needs a file the test makes unreadable: tests/test_hostile_input.py.
CORPUS_LEVEL = {"doc-id-unsafe", "seed-conflict", "seed-meta-missing", "seed-meta-invalid", "seed-anchor-date-missing",
                "file-unreadable"}
# Families with fixtures of their own: tests/labelstudio/test_checks.py (ls-*), tests/annotation/test_agreement.py,
# tests/interop/test_commands.py (import-*), tests/test_cli_core.py (extra-missing),
# tests/annotation/test_agreement.py (gold-exists), tests/test_jsonio.py and tests/test_hostile_input.py (output-*).
OWN_FIXTURES = ("ls-", "passes-", "decision-", "import-", "extra-", "gold-", "output-")
FIXTURE_CHECKS = sorted(p.name for p in (DATA / "invalid").iterdir())


def fixture_file(check: str) -> Path:
    found = sorted((DATA / "invalid" / check).glob("*.json"))
    return found[0] if found else DATA / "invalid" / check / "mini.json"


def test_every_check_has_a_fixture():
    document_checks = {c for c in CHECKS if not c.startswith(OWN_FIXTURES)}
    assert set(FIXTURE_CHECKS) == document_checks - CORPUS_LEVEL


@pytest.mark.parametrize("check", FIXTURE_CHECKS)
def test_fixture_fires_exactly_its_check(check):
    result = validate_file(fixture_file(check), seeds=SEEDS, cache="off")
    found = (*result.problems, *result.warnings)
    assert {p.check for p in found} == {check}
    if registered(check).severity == "warning":  # reported, and the document still passes
        assert result.problems == () and result.document is not None
    else:
        assert result.warnings == ()
    for p in found:
        assert p.file.endswith(".json") and p.message.startswith("expected")
        assert p.pointer == "" or p.pointer.startswith("/")


def test_valid_fixture_is_clean():
    result = validate_file(DATA / "valid" / "mini.json", seeds=SEEDS)
    assert result.problems == ()
    assert result.document is not None and result.document.doc_id == "mini"


def test_problem_line_names_file_doc_pointer_and_check():
    (p,) = validate_file(fixture_file("span-text-mismatch"), seeds=SEEDS).problems
    assert str(p) == (f"{p.file} [mini] /mentions/0 span-text-mismatch: expected 'Militant' at [0, 9), "
                      f"found 'Militants'")


def test_all_problems_reported_not_just_the_first(tmp_path):
    doc = json.loads((DATA / "valid" / "mini.json").read_text(encoding="utf-8"))
    doc["mentions"][0]["text"] = "x"
    doc["mentions"][1]["type"] = "PER"
    doc["timexes"][0]["value"] = "soon"
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    checks = sorted(p.check for p in validate_file(path, seeds=SEEDS).problems)
    assert checks == ["mention-type-mismatch", "span-text-mismatch", "timex-value-malformed"]


def test_huge_integer_is_a_problem_not_a_traceback(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text((DATA / "valid" / "mini.json").read_text(encoding="utf-8").replace(
        '"start": 0', '"start": ' + "9" * 5000, 1), encoding="utf-8")
    assert {p.check for p in validate_file(path, seeds=SEEDS).problems} == {"json-number-invalid"}


def test_every_schema_keyword_has_a_check_id():
    def keywords(node):
        if isinstance(node, dict):
            for k, v in node.items():
                yield k
                yield from keywords(v)
        elif isinstance(node, list):
            for v in node:
                yield from keywords(v)

    assertion_words = {"required", "type", "enum", "const", "pattern", "additionalProperties", "minimum", "maximum",
                       "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems",
                       "uniqueItems", "format", "oneOf", "anyOf", "allOf", "not", "minProperties", "if"}
    for schema in schema_dir().glob("*.schema.json"):
        used = set(keywords(json.loads(schema.read_text(encoding="utf-8")))) & assertion_words
        assert used <= set(_SCHEMA_KEYWORD_CHECKS), (schema.name, used - set(_SCHEMA_KEYWORD_CHECKS))
    assert set(_SCHEMA_KEYWORD_CHECKS.values()) <= set(CHECKS)


def test_schema_enums_equal_the_ontology():
    onto = load_ontology()
    props = json.loads((schema_dir() / "document.schema.json").read_text(encoding="utf-8"))["properties"]

    def item(layer):
        return props[layer]["items"]["properties"]

    assert tuple(item("entities")["type"]["enum"]) == onto.entity_types
    assert set(item("entities")["subtype"]["enum"]) == {s for v in onto.entity_subtypes.values() for s in v}
    assert tuple(item("mentions")["level"]["enum"]) == onto.mention_levels
    assert tuple(item("timexes")["type"]["enum"]) == onto.timex_types
    assert tuple(item("events")["type"]["enum"]) == onto.event_types
    for name, values in onto.attributes.items():
        assert tuple(item("events")[name]["enum"]) == values
    assert tuple(item("event_mentions")["arguments"]["items"]["properties"]["role"]["enum"]) == onto.roles
    assert tuple(item("toponyms")["reading"]["enum"]) == onto.toponym_readings
    assert tuple(item("events")["place"]["properties"]["precision"]["enum"]) == onto.geo_precisions
    assert tuple(item("events")["date"]["properties"]["precision"]["enum"]) == onto.date_precisions


def test_ontology_has_the_33_ace_subtypes_and_allowed_roles_exist():
    onto = load_ontology()
    assert len(onto.event_types) == 33
    for roles in onto.event_roles.values():
        assert "Time" in roles and set(roles) <= set(onto.roles)


def test_repository_corpus_validates(capsys):
    assert main(["validate", "--strict"]) == 0
    assert "warning" not in capsys.readouterr().err


WHOLE_NOMINAL = {"the farmer": (0, 10), "two private clinics": (0, 19)}


def _with_nominal(text: str, head: tuple[int, int], level: str = "NOM") -> Document:
    """A one-mention document of ``text``, a PER mention of the whole text with ``head``."""
    doc = validate_file(DATA / "valid" / "mini.json", seeds=SEEDS).document
    assert doc is not None
    mention = Mention("M1", "E1", "PER", level, 0, len(text), text, *head)
    return dataclasses.replace(doc, text=text, entities=(Entity("E1", "PER", "Individual"),), mentions=(mention,),
                               timexes=(), events=(), event_mentions=(), toponyms=())


@pytest.mark.parametrize("text", sorted(WHOLE_NOMINAL))
def test_a_nominal_headed_by_its_whole_extent_is_a_warning(text):
    doc = _with_nominal(text, WHOLE_NOMINAL[text])
    assert document_problems(doc, "x.json") == []
    (w,) = document_warnings(doc, "x.json")
    assert (w.check, w.pointer) == ("head-whole-nominal", "/mentions/0/head_start")
    assert registered(w.check).severity == "warning"
    assert w.message.startswith("expected the head noun") and repr(text) in w.message


@pytest.mark.parametrize(("text", "head", "level"), [
    ("the farmer", (4, 10), "NOM"),  # the head noun alone (GUIDELINES 2.5)
    ("two private clinics", (12, 19), "NOM"),
    ("farmers", (0, 7), "NOM"),  # one word: the noun is the whole extent
    ("pro-Iranian militias", (12, 20), "NOM"),
    ("Mustafa Al Kadhimi", (0, 18), "NAM"),  # a name's head is the complete name
    ("All three", (4, 9), "NOM"),  # a headless phrase: the numeral is the head
])
def test_a_nominal_headed_by_its_noun_or_a_name_is_no_warning(text, head, level):
    assert document_warnings(_with_nominal(text, head, level), "x.json") == []


def test_validate_reports_warnings_and_passes_unless_strict(capsys):
    fixture = str(fixture_file("head-whole-nominal"))
    assert main(["validate", fixture, "--seeds", str(SEEDS)]) == 0
    captured = capsys.readouterr()
    assert "warning: " in captured.err and "head-whole-nominal" in captured.err
    assert "0 problem(s), 1 warning(s)" in captured.out
    assert main(["validate", fixture, "--seeds", str(SEEDS), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "head-whole-nominal" in captured.err  # the list holds problems only
    assert main(["validate", fixture, "--seeds", str(SEEDS), "--strict"]) == 1


def test_a_file_with_warnings_is_checked_again_not_trusted_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSBENCH_CACHE", str(tmp_path / "cache"))
    for _ in range(2):
        (result,) = read_documents([fixture_file("head-whole-nominal")], seeds=SEEDS)
        assert result.problems == () and [w.check for w in result.warnings] == ["head-whole-nominal"]


def test_committed_standoff_passes_flag_only_round_3_pass_a_whole_nominal_heads(dev_corpora):
    """Round 3's pass A left the head of 51 multi-word nominals at the whole extent (the previous session's note);
    every other committed pass heads its nominals by their noun."""
    flagged: dict[tuple[int, str], int] = {}
    for path in sorted((corpus_dir() / "standoff").glob("*/pass-*.json")):
        _, _, round_, _ = read_header(path)
        doc, problems = rebuild(path, corpora=dev_corpora)
        assert round_ is not None and doc is not None, problems
        warnings = document_warnings(doc, str(path))
        assert {w.check for w in warnings} <= {"head-whole-nominal"}
        key = (round_.number, path.stem)
        flagged[key] = flagged.get(key, 0) + len(warnings)
    assert flagged[(3, "pass-a")] == 51
    assert {k: n for k, n in flagged.items() if n and k != (3, "pass-a")} == {}
    assert {1, 2, 3} <= {r for r, _ in flagged}


def test_cli_exit_codes(capsys):
    assert main(["validate", str(DATA / "valid" / "mini.json"), "--seeds", str(SEEDS)]) == 0
    assert main(["validate", str(fixture_file("span-text-mismatch")), "--seeds", str(SEEDS)]) == 1
    assert "span-text-mismatch" in capsys.readouterr().err
    assert main(["validate", "--no-such-option"]) == 2
    assert main(["validate", str(fixture_file("json-malformed")), "--json", "--seeds", str(SEEDS)]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed[0]["check"] == "json-malformed" and printed[0]["pointer"] == ""


def test_corpus_paths_include_gold_and_passes():
    for p in corpus_document_paths():
        assert p.parent.name == "gold" or p.parent.parent.name == "annotations"


def test_an_id_with_a_trailing_newline_fails_the_schema(tmp_path):
    """Python's re lets `$` match before a final newline; the schema's patterns end in (?![\\s\\S]) instead."""
    doc = json.loads((DATA / "valid" / "mini.json").read_text(encoding="utf-8"))
    doc["mentions"][0]["id"] = "M1\n"
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert {p.check for p in validate_file(path, seeds=SEEDS).problems} == {"schema-pattern"}


@pytest.mark.parametrize("value", ["2021-10-31T08:00Z", "2021-10-31T08:00:30Z", "2021-10-31T15:00-05:00",
                                   "2021-10-31T15:00+05:30", "2021-10-31T08Z"])
def test_time_value_with_a_stated_time_zone_is_well_formed(value):
    """GUIDELINES §3.3: a zone the text states is written as Z (UTC) or a ±hh:mm offset after the clock time."""
    assert timex_value_ok("TIME", value)


@pytest.mark.parametrize("value", ["2021-10-31Z", "2021-10-31TNIZ", "2021-10-31T08:00+5", "2021-10-31T08:00 UTC",
                                   "2021-10-31T08:00z", "2021-10-31T08:00+05:00Z"])
def test_time_zone_only_after_a_clock_time_and_in_iso_form(value):
    assert not timex_value_ok("TIME", value)

