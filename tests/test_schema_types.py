"""The schemas' strict types (newsbench.schema_types) accept only what the general path accepts: JSON that passes
every JSON-level check and the JSON Schema (jsonschema, the validator that decides), for documents and submission
entries mutated one value, key or byte pattern at a time; and they accept the valid files themselves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbench import schema_types, validate
from newsbench.jsonio import document_from_json
from newsbench.paths import repo_root

DATA = Path(__file__).parent / "data"
MINI = (DATA / "valid" / "mini.json").read_bytes()
GOLD = sorted((repo_root() / "corpus" / "gold").glob("*.json"))[:3]
SUBMISSION = json.loads((repo_root() / "eval" / "systems" / "rules" / "submission.json").read_text("utf-8"))
ENTRIES = [doc for doc in SUBMISSION["documents"][:3]]
SYSTEM = {"name": "-", "version": "-", "description": "-"}
DOCUMENT = validate.schema_decoder("document.schema.json")
ENTRY = validate.schema_decoder("submission.schema.json", "properties", "documents", "items")
REPLACEMENTS = [None, True, 0, -1, 1.5, 100000001, 2147483648, "", "x", " M1", "M1\n", "PER", "NAM", "unknown",
                "A.ADM1", "2021-10-30", "1.1", "0" * 64, [], [1], [0, 1], [0, 1, 2], {}, {"x": 1}]


def _generally_valid(raw: bytes, entry: bool) -> bool:
    """Whether the general path (the careful parser, then jsonschema) finds no problem."""
    data, problems = validate.parse_json_bytes(raw, "f", fast=False)
    if problems:
        return False
    if entry:
        data, name = {"system": SYSTEM, "documents": [data]}, "submission.schema.json"
    else:
        name = "document.schema.json"
    return not validate.schema_problems(data, validate.schema_validator(name), "f")


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out += _paths(v, (*at, i))
    return out


def _mutated(value: Any, path: tuple[Any, ...], action: str, new: Any) -> bytes:
    """``value`` (a copy) with the node at ``path`` replaced, deleted, given an extra key or a repeated key."""
    value = json.loads(json.dumps(value))
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    node = parent[path[-1]] if path else value
    if action == "replace" and path:
        parent[path[-1]] = new
    elif action == "delete" and path:
        del parent[path[-1]]
    elif action in ("extra", "repeat") and isinstance(node, dict) and node:
        node["\u0000mark"] = new
        key = next(iter(node)) if action == "repeat" else "extra"
        return json.dumps(value, ensure_ascii=False).replace('"\\u0000mark"', json.dumps(key)).encode("utf-8")
    elif action == "whole-float" and isinstance(node, int) and not isinstance(node, bool):
        parent[path[-1]] = "\u0000float"
        return json.dumps(value).replace('"\\u0000float"', f"{node}.0").encode("utf-8")
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


BASES = [(json.loads(MINI), False), *((json.loads(p.read_bytes()), False) for p in GOLD),
         *((entry, True) for entry in ENTRIES)]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[bytes, bool]:
    value, entry = draw(st.sampled_from(BASES))
    path = draw(st.sampled_from(_paths(value)))
    action = draw(st.sampled_from(["replace", "replace", "delete", "extra", "repeat", "whole-float"]))
    return _mutated(value, path, action, draw(st.sampled_from(REPLACEMENTS))), entry


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_strict_types_accept_only_what_the_schema_accepts(case: tuple[bytes, bool]) -> None:
    raw, entry = case
    if validate.strict_value(raw, ENTRY if entry else DOCUMENT) is not None:
        assert _generally_valid(raw, entry)


@pytest.mark.parametrize("raw", [MINI, *(p.read_bytes() for p in GOLD)], ids=["mini", *(p.stem for p in GOLD)])
def test_valid_documents_take_the_strict_path_to_the_same_document(raw: bytes) -> None:
    assert validate.strict_value(raw, DOCUMENT) is not None
    doc, problems = validate._checked(raw, "f", fast=True)
    assert not problems and doc == document_from_json(validate.parse_json_bytes(raw, "f", fast=False)[0])


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["doc_id"])
def test_valid_entries_take_the_strict_path(entry: dict[str, Any]) -> None:
    assert validate.strict_value(json.dumps(entry).encode(), ENTRY) is not None


@pytest.mark.parametrize("mutation", [
    (("entities", 0, "subtype"), "replace", None),  # null for an optional key the schema types as an enum
    (("mentions", 0), "repeat", "M9"),
    (("mentions", 0, "start"), "whole-float", None),
    (("mentions", 0), "extra", 1),
    (("mentions", 0, "id"), "replace", "M1\n"),
    (("meta",), "delete", None),
])
def test_each_kind_of_invalid_document_is_left_to_the_general_path(mutation: tuple[Any, str, Any]) -> None:
    raw = _mutated(json.loads(MINI), *mutation)
    assert validate.strict_value(raw, DOCUMENT) is None


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"a": {"type": "string", "format": "date"}}, "additionalProperties": False},
    {"type": "object", "properties": {"a": {"type": "integer"}}},  # extra keys allowed: not compiled
    {"type": "array"},  # items of any kind: nesting not bounded
    {"type": "object", "properties": {"a": {"type": "string", "pattern": "x"}}, "additionalProperties": False},
])
def test_a_schema_with_what_the_compiler_does_not_translate_has_no_strict_decoder(schema: Any) -> None:
    assert schema_types.strict_decoder(schema, "S") is None
