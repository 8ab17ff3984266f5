"""msgspec types compiled from a JSON Schema: a decoder that accepts only JSON the schema accepts, in one pass at C
speed, so that a valid file needs neither a parse into dicts nor a separate schema check.

Only the keywords the repository's schemas use are compiled (:data:`KEYWORDS`); a schema with any other keyword
compiles to None and its files take the general path (parse, then the JSON Schema). The compiled types are as strict
as the schema or stricter (an integer is a JSON integer, never ``1.0``, as :func:`newsbench.validate.schema_validator`
has it): whatever they refuse, the general path judges and names. An absent optional key is None, as in the model,
and so is a null there; the types omit defaults when encoding, so the caller's count of the colons in the bytes
against those of the re-encoded value (:func:`newsbench.validate.strict_value`) finds the null and leaves it to the
general path, as it does a repeated key. Patterns are checked after decoding, the strings of array items once per
process (:class:`StrictDecoder`): ids repeat across the documents of a corpus, and a regular expression called from
msgspec on every id costs more than the decoding itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from types import GenericAlias
from typing import Annotated, Any, Literal

import msgspec

# Keywords that say nothing about validity; the keywords compiled (any other refuses the schema).
_NOTES = frozenset({"description", "$comment", "title", "$schema", "$id"})
KEYWORDS = frozenset({"type", "enum", "properties", "required", "additionalProperties", "items", "prefixItems",
                      "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern"})
_EACH = "*"  # a path step over every item of an array
_MEMO_LIMIT = 1 << 12
"""Strings a pattern remembers as matching (memory stays flat in the corpus's size; past it, strings are matched
every time)."""


class _Refused(Exception):
    """A part of the schema the compiler does not translate."""


@dataclass(frozen=True)
class _Pattern:
    """The strings at ``path`` of a decoded value (field names, :data:`_EACH` over an array) must match ``regex``."""

    path: tuple[str, ...]
    regex: re.Pattern[str]

    def values(self, root: Any) -> Iterator[str]:
        objs: Iterator[Any] = iter((root,))
        for step in self.path:
            objs = chain.from_iterable(objs) if step == _EACH else map(attrgetter(step), objs)
        return objs


class StrictDecoder:
    """JSON bytes to the compiled type of a schema; :meth:`decode` is None where the schema may not accept them."""

    def __init__(self, kind: Any, patterns: Iterable[_Pattern]):
        self._decoder = msgspec.json.Decoder(kind)
        # (one string a document, such as its doc id or checksum, is matched: remembering it would not pay)
        self._patterns = tuple((p, set[str]() if _EACH in p.path else None) for p in patterns)

    def decode(self, raw: bytes | memoryview) -> Any:
        """The decoded value; None when msgspec refuses the bytes or a string misses its pattern."""
        try:
            value = self._decoder.decode(raw)
        except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
            return None
        for pattern, known in self._patterns:
            if known is None:
                if not all(map(pattern.regex.search, pattern.values(value))):
                    return None
                continue
            if known.issuperset(pattern.values(value)):
                continue  # every string already matched once (the common case: a set lookup each, at C speed)
            for s in pattern.values(value):
                if s not in known:
                    if pattern.regex.search(s) is None:
                        return None
                    if len(known) < _MEMO_LIMIT:
                        known.add(s)
        return value


def strict_decoder(schema: Any, name: str) -> StrictDecoder | None:
    """The strict decoder of ``schema`` (its types named after ``name``); None when the schema uses what the
    compiler does not translate."""
    try:
        kind, patterns = _compiled(schema, name)
    except _Refused:
        return None
    return StrictDecoder(kind, patterns)


def _meta(node: Any, names: dict[str, str]) -> dict[str, Any]:
    return {to: node[key] for key, to in names.items() if key in node}


def _compiled(node: Any, name: str) -> tuple[Any, list[_Pattern]]:
    """(the type, its patterns) of a schema node; :class:`_Refused` where the node is not translated."""
    if not isinstance(node, dict):
        raise _Refused(name)
    keys = set(node) - _NOTES
    if keys - KEYWORDS:
        raise _Refused(name)
    if "enum" in node:
        values = node["enum"]
        if keys != {"enum"} or not values or not (all(type(v) is str for v in values)
                                                  or all(type(v) is int for v in values)):
            raise _Refused(name)
        return Literal[tuple(values)], []
    kind = node.get("type")
    if isinstance(kind, list):  # [T, "null"]
        if len(kind) != 2 or "null" not in kind or kind[0] == kind[1]:
            raise _Refused(name)
        inner, patterns = _compiled({**node, "type": next(k for k in kind if k != "null")}, name)
        if patterns:
            raise _Refused(name)
        return inner | None, []
    if kind == "string":
        _only(keys, {"pattern", "minLength", "maxLength"}, name)
        meta = _meta(node, {"minLength": "min_length", "maxLength": "max_length"})
        patterns = [_Pattern((), re.compile(node["pattern"]))] if "pattern" in node else []
        return (Annotated[str, msgspec.Meta(**meta)] if meta else str), patterns
    if kind in ("integer", "number"):
        _only(keys, {"minimum", "maximum"}, name)
        meta = _meta(node, {"minimum": "ge", "maximum": "le"})
        base = int if kind == "integer" else float
        return (Annotated[base, msgspec.Meta(**meta)] if meta else base), []
    if kind == "array":
        return _array(node, keys, name)
    if kind == "object":
        return _object(node, keys, name)
    raise _Refused(name)


def _only(keys: set[str], allowed: set[str], name: str) -> None:
    if keys - {"type"} - allowed:
        raise _Refused(name)


def _array(node: Any, keys: set[str], name: str) -> tuple[Any, list[_Pattern]]:
    if "prefixItems" in node:  # a fixed-length tuple
        _only(keys, {"prefixItems", "minItems", "maxItems"}, name)
        n = len(node["prefixItems"])
        parts = [_compiled(x, name) for x in node["prefixItems"]]
        if node.get("minItems") != n or node.get("maxItems") != n or any(p for _, p in parts):
            raise _Refused(name)
        return GenericAlias(tuple, tuple(t for t, _ in parts)), []
    _only(keys, {"items", "minItems", "maxItems"}, name)
    if "items" not in node:  # any values: their nesting is not bounded
        raise _Refused(name)
    item, patterns = _compiled(node["items"], name + "Item")
    meta = _meta(node, {"minItems": "min_length", "maxItems": "max_length"})
    kind = GenericAlias(tuple, (item, ...))
    return (Annotated[kind, msgspec.Meta(**meta)] if meta else kind), [
        _Pattern((_EACH, *p.path), p.regex) for p in patterns]


def _object(node: Any, keys: set[str], name: str) -> tuple[Any, list[_Pattern]]:
    _only(keys, {"properties", "required", "additionalProperties"}, name)
    if node.get("additionalProperties") is not False or not isinstance(node.get("properties"), dict):
        raise _Refused(name)
    required = set(node.get("required", ()))
    if required - set(node["properties"]):
        raise _Refused(name)
    fields: list[tuple[Any, ...]] = []
    patterns = []
    for key, sub in node["properties"].items():
        kind, found = _compiled(sub, name + key.title().replace("_", ""))
        if key in required:
            fields.append((key, kind))
        elif found:  # a pattern under an optional key: its path could pass through None
            raise _Refused(name)
        else:
            fields.append((key, kind | None, None))
        patterns += [_Pattern((key, *p.path), p.regex) for p in found]
    try:
        struct = msgspec.defstruct(name, fields, kw_only=True, forbid_unknown_fields=True, frozen=True,
                                   omit_defaults=True)
    except (TypeError, ValueError):  # a key that cannot be a field name
        raise _Refused(name) from None
    return struct, patterns
