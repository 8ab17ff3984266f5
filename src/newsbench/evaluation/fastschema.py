"""A fast yes/no JSON Schema check for large submissions.

jsonschema validates a 10,000-document submission in about a minute; scoring it takes seconds. This module
compiles a schema that uses only a small set of keywords into nested Python closures that answer "valid or
not" roughly twenty times faster. It never reports problems: when it says "not valid" (or cannot compile a
schema), the caller runs jsonschema to list every problem with its pointer, so the messages stay the
validator's. It answers exactly as jsonschema does for the keywords it accepts (tested against jsonschema on
generated and mutated submissions); a schema with any other assertion keyword is refused at compile time.
"""

from __future__ import annotations

import re
from typing import Any, Callable

Check = Callable[[Any], bool]
# Closures bind their parameters as default arguments: each check keeps its own bound, not the last one.

_ANNOTATIONS = {"$schema", "$id", "title", "description", "$comment", "default", "examples"}
_SUPPORTED = {"type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "maximum",
              "minLength", "maxLength", "pattern"}


class Unsupported(ValueError):
    """The schema uses a keyword this compiler does not implement: use jsonschema."""


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _is_integer(x: Any) -> bool:
    # JSON Schema: an integer is a number with a zero fractional part (1.0 counts, as in jsonschema)
    return (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
}


def compile_schema(schema: dict) -> Check:
    """A function telling whether an instance is valid under ``schema``; raises :class:`Unsupported`."""
    unknown = set(schema) - _SUPPORTED - _ANNOTATIONS
    if unknown:
        raise Unsupported(f"keywords not supported: {', '.join(sorted(unknown))}")
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        tests = [_TYPES[n] for n in names]
        checks.append(tests[0] if len(tests) == 1 else (lambda x, tests=tests: any(t(x) for t in tests)))
    if "enum" in schema:
        values = schema["enum"]
        if all(isinstance(v, str) for v in values):
            allowed = frozenset(values)
            checks.append(lambda x, allowed=allowed: isinstance(x, str) and x in allowed)
        else:
            raise Unsupported("enum of other values than strings")
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda x, low=low: not _is_number(x) or x >= low)
    if "maximum" in schema:
        high = schema["maximum"]
        checks.append(lambda x, high=high: not _is_number(x) or x <= high)
    if "minLength" in schema:
        shortest = schema["minLength"]
        checks.append(lambda x, shortest=shortest: not isinstance(x, str) or len(x) >= shortest)
    if "maxLength" in schema:
        longest = schema["maxLength"]
        checks.append(lambda x, longest=longest: not isinstance(x, str) or len(x) <= longest)
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search  # jsonschema searches (the patterns anchor themselves)
        checks.append(lambda x, search=search: not isinstance(x, str) or search(x) is not None)
    if "items" in schema:
        item = compile_schema(schema["items"])
        checks.append(lambda x, item=item: not isinstance(x, list) or all(map(item, x)))
    if {"properties", "required", "additionalProperties"} & set(schema):
        checks.append(_object_check(schema))
    if not checks:
        return lambda x: True
    if len(checks) == 1:
        return checks[0]
    return lambda x, checks=tuple(checks): all(check(x) for check in checks)


def _object_check(schema: dict) -> Check:
    properties = {k: compile_schema(v) for k, v in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    additional = schema.get("additionalProperties", True)
    if additional not in (True, False):
        raise Unsupported("additionalProperties with a schema")
    known = frozenset(properties)

    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True
        for key in required:
            if key not in x:
                return False
        if additional is False and not known.issuperset(x):
            return False
        for key, value in x.items():
            sub = properties.get(key)
            if sub is not None and not sub(value):
                return False
        return True

    return check
