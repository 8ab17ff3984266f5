"""The compiled yes/no schema check answers exactly as jsonschema, on generated and mutated submissions."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings, strategies as st

from eval_strategies import corpora, submissions
from newsbench import jsonio
from newsbench.evaluation.fastschema import Unsupported, compile_schema
from newsbench.evaluation.submission import SUBMISSION_SCHEMA
from newsbench.paths import schema_dir
from newsbench.validate import schema_validator

SCHEMA = json.loads((schema_dir() / SUBMISSION_SCHEMA).read_text(encoding="utf-8"))
FAST = compile_schema(SCHEMA)
SLOW = schema_validator(SUBMISSION_SCHEMA)

ODD_VALUES = st.sampled_from([None, True, False, 0, -1, 1.0, 1.5, 10**9, "", "x", "PER", "Conflict.Attack",
                              "1 bad id", "doc\n", [], {}, [1], {"start": 0}, float(2**31), -0.0])


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))


@st.composite
def mutated(draw):
    docs = draw(corpora(max_docs=2))
    data = jsonio.submission_to_json(draw(submissions(docs)))
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(0, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(ODD_VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "start", "lat", "cluster"]))] = draw(ODD_VALUES)
        else:
            parent.append(draw(ODD_VALUES))
    return data


@settings(max_examples=400, deadline=None)
@given(mutated())
def test_compiled_check_equals_jsonschema(data):
    assert FAST(data) == SLOW.is_valid(data)


def test_integral_floats_are_integers_as_in_jsonschema():
    data = {"system": {"name": "n", "version": "1", "description": "d"},
            "documents": [{"doc_id": "d", "mentions": [{"start": 1.0, "end": 2, "type": "PER"}]}]}
    assert FAST(data) is SLOW.is_valid(data) is True
    data["documents"][0]["mentions"][0]["start"] = True
    assert FAST(data) is SLOW.is_valid(data) is False


def test_unsupported_keywords_are_refused():
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "dependentRequired": {"a": ["b"]}})
    with pytest.raises(Unsupported):
        compile_schema({"oneOf": [{"type": "string"}]})
