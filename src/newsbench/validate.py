"""The validator: JSON Schema plus semantic checks, every problem collected with a stable check id.

A problem names the file, the document, a JSON pointer and what was expected and found, e.g.
``corpus/gold/x.json [x] /mentions/3 span-text-mismatch: expected 'Baghdad', found 'Baghda'``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import gc
import hashlib
import json
import math
import multiprocessing
import os
import re
import stat
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from itertools import chain, compress, repeat
from bisect import bisect_right
from operator import attrgetter, le, lt, sub
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import msgspec

from . import __version__, jsonio, schema_types
from .model import LAYERS, Document, EventMention, Mention, Timex, Toponym, Entity, Event
from .ontology import Ontology, load_ontology
from .model import SCHEMA_VERSION, UNKNOWN
from .paths import cache_dir, corpus_dir, schema_dir, seeds_dir
from .paths import display_path as display_path  # re-exported: the validator's callers name files through it
from .problems import LONE_SURROGATE as _SURROGATE
from .problems import Problem, family_checks, problem
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from .progress import track
from .text import inside_word, no_cut_between, no_offset_inside_word, sentence_cuts, word_around
from . import text as _text

if TYPE_CHECKING:
    import jsonschema

# The validator's families of check ids (the ids themselves are registered in newsbench.problems).
CHECKS: dict[str, str] = family_checks("document", "import", "labelstudio", "agreement", "output")

_SCHEMA_KEYWORD_CHECKS = {
    "required": "schema-required",
    "type": "schema-type",
    "enum": "schema-enum",
    "const": "schema-enum",
    "pattern": "schema-pattern",
    "additionalProperties": "schema-unknown-key",
    "minimum": "schema-range",
    "maximum": "schema-range",
    "exclusiveMinimum": "schema-range",
    "exclusiveMaximum": "schema-range",
    "minLength": "schema-range",
    "maxLength": "schema-range",
    "minItems": "schema-range",
    "maxItems": "schema-range",
}

# Above this many digits an integer is not an offset or an id but an attack on int() (CPython caps at 4300).
_MAX_INT_DIGITS = 20


class InvalidInput(Exception):
    """Raised by the ``load_valid_*`` helpers; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class _Reporter:
    file: str
    doc_id: str | None

    def __call__(self, check: str, pointer: str, message: str) -> Problem:
        return problem(check, self.file, self.doc_id, pointer, message)


# --- level 1: bytes and JSON -----------------------------------------------------------------


class WholeFloat(float):
    """A JSON number written with a fraction or an exponent whose value is whole (``0.0``, ``1e2``): a number, never
    an integer. JSON Schema counts it as an integer; newsbench's schema check does not (see
    :func:`schema_file_problems`), so ``"start": 0.0`` is a ``schema-type`` problem."""

    __slots__ = ()


# A \\uD800-\\uDFFF escape in the raw JSON: only then can a parsed string hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _surrogate_problems(data: Any, report: _Reporter) -> list[Problem]:
    """Every string or key of ``data`` holding a lone surrogate (a pair of escapes is one astral character)."""
    out: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                out.append(report("json-text-invalid", jsonio.json_pointer(*path), f"expected Unicode text, found "
                                  f"{value[:40]!r} with a lone surrogate"))
        elif isinstance(value, dict):
            for k, v in value.items():
                if _SURROGATE.search(k):
                    out.append(report("json-text-invalid", jsonio.json_pointer(*path), f"expected Unicode text, "
                                      f"found the key {k[:40]!r} with a lone surrogate"))
                stack.append((v, (*path, k)))
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
    return sorted(out, key=lambda p: p.pointer)


def read_file_bytes(path: Path | str, file: str, doc_id: str | None = None, what: str = "file"
                    ) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file, or a ``file-missing`` (also a folder, a dangling symlink, a symlink loop, a
    device) or ``file-unreadable`` problem."""
    raw = _regular_file_bytes(path)
    if raw is not None:
        return raw, None
    path = Path(path)  # the file is not there, not regular, or not readable: which one
    if not path.is_file():
        return None, problem("file-missing", file, doc_id, "", f"expected a {what} at {path}, found none")
    try:
        return path.read_bytes(), None
    except OSError as e:
        return None, problem("file-unreadable", file, doc_id, "", f"expected a readable {what}, found "
                             f"{e.strerror or e}")


# No newsbench format nests deeper than ~8 levels; deeper JSON is refused while it is parsed, so nothing that walks
# the data later (the schema checks, the writers) can run out of stack.
_MAX_JSON_DEPTH = 100


@contextlib.contextmanager
def _nesting_limit(depth: int) -> Iterator[None]:
    """Let Python's stack grow only ``depth`` frames beyond the current one (json's parser counts one per level)."""
    frame, used = sys._getframe(), 0
    while frame is not None:
        frame, used = frame.f_back, used + 1
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(min(before, used + depth))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def read_json_file(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a JSON file; on any problem return (None, problems). The value is an object or an array whose numbers
    are ints and floats as written (:class:`WholeFloat` for ``1.0``) and whose text is Unicode scalar values."""
    file = display_path(path)
    raw, problem = read_file_bytes(path, file, what="JSON file")
    if raw is None:
        assert problem is not None  # no bytes: a problem
        return None, [problem]
    return parse_json_bytes(raw, file)


def parse_json_bytes(raw: bytes, file: str, *, fast: bool = True, typed: bool = False) -> tuple[Any, list[Problem]]:
    """:func:`read_json_file` of bytes already read from ``file``: every JSON-level check (encoding, duplicate keys,
    numbers, surrogates, nesting, the top-level kind). Bytes that pass them all are parsed at C speed
    (:func:`_parsed_fast`) unless not ``fast``; the others by the careful parser, which names each problem.
    ``typed``: the caller decodes the bytes into the model too and, where that fails, parses them again carefully
    (its whole floats are plain floats here)."""
    data = _parsed_fast(raw, typed) if fast else None
    if data is not None:
        return data, []
    report = _Reporter(file, None)
    if not raw.strip():
        return None, [report("file-empty", "", f"expected a JSON document, found {len(raw)} bytes of white space")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [report("file-has-bom", "", "expected UTF-8 without a byte order mark, found EF BB BF")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [report("file-not-utf8", "", f"expected UTF-8, found byte 0x{raw[e.start]:02X} at byte {e.start}")]
    found: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = Counter(k for k, _ in items)
        for key, n in keys.items():
            if n > 1:
                found.append(report("json-duplicate-key", "", f"expected each key once, found {key!r} {n} times"))
        return dict(items)

    def number(kind: str) -> Callable[[str], int | float]:
        def parse(s: str) -> int | float:
            if kind == "int" and len(s.lstrip("-")) > _MAX_INT_DIGITS:
                found.append(report("json-number-invalid", "", f"expected a number of at most {_MAX_INT_DIGITS} "
                                    f"digits, found one of {len(s.lstrip('-'))} digits ({s[:12]}…)"))
                return 0
            if kind == "int":
                return int(s)
            value = float(s)
            if not math.isfinite(value):
                found.append(report("json-number-invalid", "", f"expected a finite number, found {s[:24]}"))
            return WholeFloat(value) if value.is_integer() else value
        return parse

    def constant(name: str) -> int:
        found.append(report("json-number-invalid", "", f"expected a JSON number, found {name}"))
        return 0

    try:
        with _nesting_limit(_MAX_JSON_DEPTH):
            data = json.loads(text, object_pairs_hook=pairs, parse_int=number("int"), parse_float=number("float"),
                              parse_constant=constant)
    except json.JSONDecodeError as e:
        return None, [report("json-malformed", "", f"expected well-formed JSON, found {e.msg} at line {e.lineno} "
                             f"column {e.colno}")]
    except RecursionError:
        return None, [report("json-malformed", "", f"expected JSON nested at most about {_MAX_JSON_DEPTH} levels "
                             "deep, found deeper nesting")]
    if not found and _SURROGATE_ESCAPE.search(text):
        found = _surrogate_problems(data, report)
    if not found and not isinstance(data, (dict, list)):
        found = [report("json-top-level", "", f"expected an object or an array, found {json_type(data)}")]
    if found:
        return None, found
    return data, []


# What the fast parser leaves to the careful one: a surrogate or colon escape (see _parsed_fast), an integer of more
# than _MAX_INT_DIGITS digits, and, unless the caller decodes typed (``typed``: its decoder refuses a float where the
# model has an integer, as the schema does), a number with an exponent or a whole fraction (1.0: a WholeFloat) that
# is not inside a word (a sha256's "79e7" is none). Found inside strings too: those files (rare) go the careful way.
_ESCAPES = re.compile(rb"\\u[dD][89abcdefABCDEF]|\\u003[aA]")
_DIGIT_RUN = b"0" * (_MAX_INT_DIGITS + 1)
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_NUMBER_FORMS = re.compile(rb"(?<![0-9A-Za-z_.\"])-?[0-9]+(?:\.[0-9]+)?[eE]|(?<![0-9A-Za-z_.\"])-?[0-9]+\.0+(?![0-9])")


def careful_only(raw: bytes, typed: bool) -> bool:
    """Whether only the careful parser can judge ``raw`` (see above)."""
    if _ESCAPES.search(raw):  # (no `b"\\u" in raw` before it: a two-byte `in` scans 3x slower than the search)
        return True
    if _DIGIT_RUN in raw.translate(_DIGITS_AS_ZERO):
        return True
    return not typed and _NUMBER_FORMS.search(raw) is not None


_NOT_STRUCTURE = bytes(set(range(256)) - set(b"[]{}:"))
_FAST_ENCODER = msgspec.json.Encoder()


def _parsed_fast(raw: bytes, typed: bool = False) -> Any:
    """The value of ``raw`` when it passes every JSON-level check, parsed by msgspec, else None; no Python work per
    value. msgspec refuses what is not strict UTF-8 JSON (a byte order mark, NaN, a number out of range, trailing
    data); a repeated key is the one thing it lets through (the last one wins), so the re-encoded value then has
    fewer colons than the bytes (a colon outside a string is a key's, and a colon inside one is written as itself
    unless escaped as \\u003a, which goes the careful way). Nesting: pairs of brackets are removed pass by pass
    (each pass takes away at most two levels), so bytes whose brackets are gone within _MAX_JSON_DEPTH / 2 passes
    nest less deeply than the careful parser allows. (Brackets inside strings could hide a deeper structure: the
    schemas bound every value's depth but a submission's free-form ``params``, which the submission reader checks.)"""
    if careful_only(raw, typed):
        return None
    try:
        data = msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None
    structure = raw.translate(None, _NOT_STRUCTURE)  # one pass over the bytes for the colons and the brackets
    if not isinstance(data, (dict, list)) or structure.count(b":") != _FAST_ENCODER.encode(data).count(b":"):
        return None
    brackets = structure.replace(b":", b"")
    for _ in range(_MAX_JSON_DEPTH // 2 - 1):
        if not brackets:
            return data
        brackets = brackets.replace(b"{}", b"").replace(b"[]", b"")
    return None


def nesting_depth(value: Any) -> int:
    """How deeply a parsed value nests (a scalar: 0; ``[]``: 1)."""
    depth, level = 0, [(value, 1)]
    while level:
        item, d = level.pop()
        if isinstance(item, (dict, list)):
            depth = max(depth, d)
            level.extend((v, d + 1) for v in (item.values() if isinstance(item, dict) else item))
    return depth


# --- level 2: JSON Schema --------------------------------------------------------------------


@cache
def _schema(name: str, part: str | None) -> Any:
    """``schema/<name>``, or the schema of its top-level property ``part`` (``meta``: a seed's .meta.json)."""
    schema = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return schema if part is None else {"$schema": schema["$schema"], **schema["properties"][part]}


@cache
def schema_validator(name: str, part: str | None = None) -> jsonschema.protocols.Validator:
    """A JSON Schema 2020-12 validator for ``schema/<name>`` (or its property ``part``, see :func:`_schema`)."""
    # deferred: its import is slow, and a document jsonschema-rs accepts (the hf and eval extras) never needs it
    import jsonschema

    schema = _schema(name, part)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # An integer is a JSON integer: 1.0 is a number (JSON Schema itself counts it as an integer).
    strict = cls.TYPE_CHECKER.redefine("integer", lambda _, v: isinstance(v, int) and not isinstance(v, bool))
    # jsonschema's stubs leave extend() untyped
    validator: jsonschema.protocols.Validator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        cls, type_checker=strict)(schema)
    return validator


@cache
def _compiled_validator(name: str, part: str | None = None) -> Any:
    """jsonschema-rs's compiled validator of ``schema/<name>`` (or its property ``part``) when that optional package
    is installed, else None."""
    try:
        import jsonschema_rs  # lazy: optional (the hf and eval extras)
    except ImportError:
        return None
    return jsonschema_rs.validator_for(_end_anchored(_schema(name, part)))


_END_OF_TEXT = "(?![\\s\\S])"


def _end_anchored(schema: Any) -> Any:
    """``schema`` with each pattern's end-of-text lookahead written as ``\\z``: the same strings match, and
    jsonschema-rs checks a document's ids in half the time (its lookaround engine is slower)."""
    if isinstance(schema, dict):
        return {k: v.replace(_END_OF_TEXT, "\\z") if k == "pattern" and isinstance(v, str) else _end_anchored(v)
                for k, v in schema.items()}
    if isinstance(schema, list):
        return list(map(_end_anchored, schema))
    return schema


@cache
def schema_decoder(name: str, *path: str) -> schema_types.StrictDecoder | None:
    """The strict decoder (:mod:`newsbench.schema_types`) of ``schema/<name>``, or of its node at ``path`` (keys
    from the top: ``"properties", "documents", "items"``); None where the schema has what it does not compile."""
    node = _schema(name, None)
    for key in path:
        node = node[key]
    return schema_types.strict_decoder(node, "Strict" + "".join(k.title() for k in path if k != "properties"))


def strict_value(raw: bytes, decoder: schema_types.StrictDecoder | None) -> Any:
    """The value of ``raw`` decoded by a schema's strict types when ``raw`` passes every JSON-level check and the
    schema, else None (then the general path, :func:`parse_json_bytes` and the schema, judges and names). The
    types forbid unknown keys and bound the nesting; a repeated key (msgspec keeps the last) or a null for an
    optional key (which the re-encoding leaves out) leaves fewer colons in the re-encoded value than in the bytes,
    as in :func:`_parsed_fast`."""
    if decoder is None or careful_only(raw, typed=True):
        return None
    value = decoder.decode(raw)
    if value is None or raw.count(b":") != _FAST_ENCODER.encode(value).count(b":"):
        return None
    return value


def schema_file_problems(data: Any, name: str, file: str, part: str | None = None) -> list[Problem]:
    """The JSON Schema problems of ``data`` against ``schema/<name>`` (or its top-level property ``part``).

    jsonschema lists problems, so their pointers and messages are the same everywhere; a document that the
    compiled validator (jsonschema-rs, in the ``hf`` and ``eval`` extras: ~100x faster) finds valid skips that
    pass. Where the two differ (jsonschema-rs's ``$`` does not match before a final newline), jsonschema decides.
    """
    compiled = _compiled_validator(name, part)
    if compiled is not None and _compiled_accepts(compiled, data):
        return []
    return schema_problems(data, schema_validator(name, part), file)


def _map_whole_floats(value: Any, change: Callable[[float], float]) -> Any:
    if isinstance(value, WholeFloat):
        return change(float(value))
    if isinstance(value, dict):
        return {k: _map_whole_floats(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_whole_floats(v, change) for v in value]
    return value


def _compiled_accepts(compiled: Any, data: Any) -> bool:
    """Whether jsonschema-rs finds ``data`` valid with strict integers; False sends the data to jsonschema.

    jsonschema-rs counts 1.0 as an integer and cannot judge a :class:`WholeFloat` (it answers no, or raises).
    So when it does not accept the data as read, and the data holds whole floats, it checks three copies: the
    floats as plain floats (every range exact), and each moved one step up and one step down (``math.nextafter``):
    a whole float where an integer belongs fails both moved copies, while one in a number's range passes at least
    one of them unless it sits on both bounds (then jsonschema decides, as for any "no")."""
    try:
        if compiled.is_valid(data):
            return True
    except ValueError:  # a WholeFloat where it checks numbers
        pass
    seen: list[float] = []

    def record(f: float) -> float:
        seen.append(f)
        return f

    plain = _map_whole_floats(data, record)
    if not seen or max(map(abs, seen)) >= 2 ** 52 or not compiled.is_valid(plain):  # beyond 2**52 a step is whole
        return False
    return any(compiled.is_valid(_map_whole_floats(data, partial(_step, to=to))) for to in (math.inf, -math.inf))


def _step(f: float, to: float) -> float:
    return math.nextafter(f, to)


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages ("found an array", not "found list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {str: "a string", list: "an array", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_problems(data: Any, validator: jsonschema.protocols.Validator, file: str) -> list[Problem]:
    """The JSON Schema problems of ``data``, each with a check id and a pointer."""
    doc_id = data.get("doc_id") if isinstance(data, dict) and isinstance(data.get("doc_id"), str) else None
    report = _Reporter(file, doc_id)
    out = []
    for error in sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        check = _SCHEMA_KEYWORD_CHECKS[str(error.validator)]  # a test proves every keyword the schemas use is mapped
        pointer = jsonio.json_pointer(*error.absolute_path)
        if error.validator == "required":
            message = f"expected key {error.message.split(' ')[0]}, found it missing"
        elif error.validator == "additionalProperties":
            message = f"expected only the format's keys, found {error.message.split('(')[-1].rstrip(')')}"
        elif error.validator == "enum":
            allowed = cast("list[Any]", error.validator_value)  # an enum's value is the list of allowed values
            message = f"expected one of {', '.join(map(str, allowed))}, found {_describe(error.instance)}"
            if list(error.absolute_path)[-1:] == ["role"] and error.instance in load_ontology().value_roles_excluded:
                message += f" (an excluded value role: {load_ontology().value_roles_why})"
        else:
            message = (f"expected {error.validator} {_describe(error.validator_value)}, "
                       f"found {_describe(error.instance)}")
        out.append(report(check, pointer, message))
    return out


# --- level 3: semantics ----------------------------------------------------------------------

_DATE = r"(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|XXXX)(?:-(?:[0-9]{2}|XX)(?:-(?:[0-9]{2}|XX))?)?"
_DATE_OTHER = r"[0-9]{4}-W(?:[0-9]{2}|XX)(?:-WE)?|[0-9]{4}-(?:SP|SU|FA|WI|Q[1-4]|H[12])|[0-9]{2,3}"
_DATE_REF = r"PRESENT_REF|PAST_REF|FUTURE_REF"
# A clock time may carry the zone the text states: Z for UTC, else a +hh:mm / -hh:mm offset (GUIDELINES §3.3).
_TIME_OF_DAY = r"T(?:[0-9]{2}(?::[0-9]{2}(?::[0-9]{2})?)?(?:Z|[+-][0-9]{2}(?::[0-9]{2})?)?|MO|MI|AF|EV|NI|DT)"
_DURATION = (r"P(?:(?:[0-9]+(?:\.[0-9]+)?|X)[YMWD])+(?:T(?:(?:[0-9]+(?:\.[0-9]+)?|X)[HMS])+)?"
             r"|PT(?:(?:[0-9]+(?:\.[0-9]+)?|X)[HMS])+")
_SET_DAY = r"XXXX-WXX-[1-7]"
TIMEX_VALUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "DATE": re.compile(f"(?:{_DATE}|{_DATE_OTHER}|{_DATE_REF})"),
    "TIME": re.compile(f"(?:{_DATE}|{_SET_DAY}){_TIME_OF_DAY}"),
    "DURATION": re.compile(_DURATION),
    "SET": re.compile(f"(?:{_DURATION}|{_DATE}|{_SET_DAY}(?:{_TIME_OF_DAY})?)"),
}


def timex_value_ok(timex_type: str, value: str) -> bool:
    """Whether ``value`` is a TIMEX3 value of ``timex_type``."""
    pattern = TIMEX_VALUE_PATTERNS.get(timex_type)
    return bool(pattern and pattern.fullmatch(value))


def expected_doc_id(path: Path | str) -> str:
    """Gold files are named <doc_id>.json; annotation passes live in corpus/annotations/<doc_id>/.

    ``Path(path).parent.name`` or ``.stem`` read from the string's components (a reader names every file it reads:
    a Path per file costs more than the name)."""
    parts = [part for part in os.fspath(path).split(os.sep) if part and part != os.curdir]  # as Path parses them
    if len(parts) >= 3 and parts[-3] == "annotations":
        return parts[-2]
    name = parts[-1] if parts else ""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


class _Span(Protocol):
    """An item with a half-open code-point extent."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class _TextSpan(_Span, Protocol):
    """An item with an extent and the text it covers."""

    @property
    def text(self) -> str: ...


class _Identified(Protocol):
    """An item with a document-wide id."""

    @property
    def id(self) -> str: ...


def _span_problems(report: _Reporter, text: str, cls: type, index: int, item: _TextSpan) -> Iterator[Problem]:
    if not 0 <= item.start < item.end <= len(text):
        yield report("span-out-of-range", jsonio.item_pointer(cls, index),
                     f"expected 0 <= start < end <= {len(text)}, found [{item.start}, {item.end})")
        return
    found = text[item.start:item.end]
    if found != item.text:
        yield report("span-text-mismatch", jsonio.item_pointer(cls, index),
                     f"expected {item.text!r} at [{item.start}, {item.end}), found {found!r}")
    elif found != found.strip():
        yield report("span-untrimmed", jsonio.item_pointer(cls, index),
                     f"expected a span without surrounding white space, found {found!r}")


def _spans_clean(text: str, items: Sequence[_TextSpan], starts: list[int] | None = None,
                 ends: list[int] | None = None) -> bool:
    """Every item's span lies in ``text``, covers the item's text and is trimmed: the common case, checked without a
    Python call per item (:func:`_span_problems` finds and names the problems where it does not hold). ``starts``,
    ``ends``: the items' columns, when the caller has them."""
    if not items:
        return True
    starts = list(map(_START, items)) if starts is None else starts
    ends = list(map(_END, items)) if ends is None else ends
    if min(starts) < 0 or max(ends) > len(text) or not all(map(lt, starts, ends)):
        return False
    found = list(map(text.__getitem__, map(slice, starts, ends)))
    return found == list(map(_TEXT, items)) and found == list(map(str.strip, found))


_START, _END, _TEXT = attrgetter("start"), attrgetter("end"), attrgetter("text")
_ID, _TYPE, _SUBTYPE, _LEVEL = attrgetter("id"), attrgetter("type"), attrgetter("subtype"), attrgetter("level")
_ENTITY, _EVENT, _ARGUMENTS, _MENTION = attrgetter("entity"), attrgetter("event"), attrgetter("arguments"), \
    attrgetter("mention")
_HEAD_START, _HEAD_END, _ROLE, _REF = attrgetter("head_start"), attrgetter("head_end"), attrgetter("role"), \
    attrgetter("ref")
_VALUE, _DATE_OF, _READING = attrgetter("value"), attrgetter("date"), attrgetter("reading")
_GEONAMES_ID = attrgetter("geonames_id")
_TIMEX_FILLER = object()
"""What fills a timex role, beside a mention's entity type (see :class:`_Allowed`)."""


@dataclass(frozen=True)
class _Allowed:
    """The ontology's rules as sets of allowed tuples, so that a document's items are checked a column at a time."""

    subtypes: frozenset[tuple[str, str | None]]
    """(entity type, subtype or None)."""
    roles: frozenset[tuple[str, str]]
    """(event type, role)."""
    fillers: frozenset[tuple[str, object]]
    """(role, entity type of a mention filling it, or _TIMEX_FILLER)."""
    toponym_kinds: frozenset[tuple[str, str, str]]
    """(mention level, entity type, reading) of a name mention with a toponym record."""
    needs_toponym: frozenset[tuple[str, str]]
    """(mention level, entity type) of a mention that needs a toponym record."""


_ALLOWED: dict[int, tuple[Ontology, _Allowed]] = {}


def _allowed(onto: Ontology) -> _Allowed:
    """:class:`_Allowed` of ``onto`` (made once per ontology object)."""
    known = _ALLOWED.get(id(onto))
    if known is not None and known[0] is onto:
        return known[1]
    allowed = _Allowed(
        subtypes=frozenset({(t, None) for t in onto.entity_types}
                           | {(t, s) for t, subs in onto.entity_subtypes.items() for s in subs}),
        roles=frozenset((t, r) for t, roles in onto.event_roles.items() for r in roles),
        fillers=frozenset((r, _TIMEX_FILLER) if kind == "timex" else (r, t)
                          for r, kind in onto.role_filler.items()
                          for t in (onto.role_entity_types.get(r, ()) if kind != "timex" else (None,))),
        toponym_kinds=frozenset((onto.name_level, t, r) for r in onto.toponym_readings for t in onto.entity_types
                                if t in onto.toponym_entity_types or r in onto.no_place_readings),
        needs_toponym=frozenset((onto.name_level, t) for t in onto.toponym_required_entity_types))
    _ALLOWED[id(onto)] = (onto, allowed)
    return allowed


class _Memo:
    """The values a test was found to hold for, remembered (up to :data:`_MEMO_LIMIT`), so that a column of values
    already seen (ids, timex values, repeated from document to document) costs a set difference."""

    def __init__(self, test: Callable[..., object]):
        self.test, self.held = test, set[Any]()

    def holds(self, values: Iterable[Any]) -> bool:
        """Whether the test holds for every value (a tuple value is passed as the test's arguments)."""
        new = set(values).difference(self.held)
        if not all(self.test(*v) if isinstance(v, tuple) else self.test(v) for v in new):
            return False
        if len(self.held) < _MEMO_LIMIT:
            self.held |= new
        return True


_MEMO_LIMIT = 1 << 16


def document_problems(doc: Document, file: str, *, ontology: Ontology | None = None,
                      seeds: Path | None = None, expected_id: str | None = None) -> list[Problem]:
    """Semantic checks on a schema-valid document."""
    return _problems(doc, ontology or load_ontology(), _Reporter(file, doc.doc_id), _index(doc), seeds, expected_id)


def _problems(doc: Document, onto: Ontology, report: _Reporter, index: _Index, seeds: Path | None,
              expected_id: str | None) -> list[Problem]:
    """:func:`document_problems`, with the document's :class:`_Index` made once for both kinds of checks."""
    # in the order the problems are listed: the document and its seed, ids, entities, timexes, events, toponyms
    return [*_seed_problems(doc, report, seeds, expected_id), *_declared_layer_problems(doc, report),
            *_id_problems(doc, report), *_entity_problems(doc, onto, report, index),
            *_timex_problems(doc, report, index), *_event_problems(doc, onto, report, index),
            *_toponym_problems(doc, onto, report, index.mentions)]


@dataclass(frozen=True)
class _Index:
    """What several checks of one document read, taken from it once (:func:`_index`): its mentions by id (a repeated
    id: the last one, as the checks read it) and the offsets of its spans, a list per field."""

    mentions: dict[str, Mention]
    starts: list[int]
    """The mentions' starts; then their ends, head starts and head ends."""
    ends: list[int]
    head_starts: list[int]
    head_ends: list[int]
    timex_starts: list[int]
    timex_ends: list[int]
    trigger_starts: list[int]
    """The event mentions' starts; then their ends."""
    trigger_ends: list[int]


def _index(doc: Document) -> _Index:
    ms, ts, ems = doc.mentions, doc.timexes, doc.event_mentions
    return _Index(dict(zip(map(_ID, ms), ms, strict=True)), list(map(_START, ms)), list(map(_END, ms)),
                  list(map(_HEAD_START, ms)), list(map(_HEAD_END, ms)), list(map(_START, ts)), list(map(_END, ts)),
                  list(map(_START, ems)), list(map(_END, ems)))


def document_warnings(doc: Document, file: str, *, ontology: Ontology | None = None) -> list[Problem]:
    """What the semantic checks report without refusing the document (severity ``warning``): heads left at a nominal
    mention's whole extent, spans that cut a word, arguments from outside their trigger's sentence."""
    return _warnings(doc, ontology or load_ontology(), _Reporter(file, doc.doc_id), _index(doc))


def _warnings(doc: Document, onto: Ontology, report: _Reporter, index: _Index) -> list[Problem]:
    """:func:`document_warnings`, with the document's :class:`_Index` made once."""
    cuts = cache(partial(sentence_cuts, doc.text))  # split into sentences once, and only when an argument needs it
    return [*_head_warnings(doc, onto, report), *_cut_word_warnings(doc, report, index),
            *_scope_warnings(doc, report, _fillers(doc, index.mentions), index, cuts)]


def _head_warnings(doc: Document, onto: Ontology, report: _Reporter) -> list[Problem]:
    if _heads_clean(doc, onto):
        return []
    return [report("head-whole-nominal", jsonio.item_pointer(Mention, i, "head_start"),
                   f"expected the head noun of NOM {m.type} mention {m.text!r} alone (one word, without its "
                   f"determiner or modifiers; GUIDELINES 2.5), found the whole extent [{m.start}, {m.end}) as head")
            for i, m in enumerate(doc.mentions) if _whole_nominal_head(m, onto)]


def _cut_word_warnings(doc: Document, report: _Reporter, index: _Index) -> list[Problem]:
    """Extents, heads (where they are not the extent), timexes and triggers that start or end inside a word."""
    if _words_whole(doc, index):
        return []
    text, out = doc.text, []
    P = jsonio.item_pointer
    for i, m in enumerate(doc.mentions):
        out += _cut_word(report, text, P(Mention, i), m.start, m.end)
        if (m.head_start, m.head_end) != (m.start, m.end):
            out += _cut_word(report, text, P(Mention, i, "head_start"), m.head_start, m.head_end)
    spans: tuple[tuple[type, Sequence[_Span]], ...] = ((Timex, doc.timexes), (EventMention, doc.event_mentions))
    for cls, items in spans:
        for i, item in enumerate(items):
            out += _cut_word(report, text, P(cls, i), item.start, item.end)
    return out


def _cut_word(report: _Reporter, text: str, pointer: str, start: int, end: int) -> list[Problem]:
    if not 0 <= start < end <= len(text):
        return []  # span-out-of-range, head-outside-extent: a problem already
    cut = [(name, at) for name, at in (("start", start), ("end", end)) if inside_word(text, at)]
    if not cut:
        return []
    word = slice(word_around(text, cut[0][1])[0], word_around(text, cut[-1][1])[1])
    return [report("span-cuts-token", pointer,
                   f"expected {text[start:end]!r} [{start}, {end}) to start and end at word boundaries (GUIDELINES "
                   f"1.1), found its {' and '.join(name for name, _ in cut)} inside {text[word]!r} "
                   f"[{word.start}, {word.stop})")]


def _words_whole(doc: Document, index: _Index) -> bool:
    """:func:`_cut_word_warnings` finds nothing: every boundary checked in one call."""
    return no_offset_inside_word(doc.text, [*index.starts, *index.ends, *index.head_starts, *index.head_ends,
                                            *index.timex_starts, *index.timex_ends, *index.trigger_starts,
                                            *index.trigger_ends])


def _scope_warnings(doc: Document, report: _Reporter, fillers: Mapping[str, Mention | Timex], index: _Index,
                    cuts: Callable[[], list[int]]) -> list[Problem]:
    """Arguments whose filler (``fillers``: :func:`_fillers`) lies outside the sentence of their trigger (GUIDELINES
    4.4; ``cuts``: the text's :func:`newsbench.text.sentence_cuts`); a filler that resolves to nothing is a problem
    already."""
    if _arguments_in_scope(doc, fillers, index, cuts):
        return []
    text, out = doc.text, []
    sentence = partial(bisect_right, cuts())
    for i, em in enumerate(doc.event_mentions):
        for j, arg in enumerate(em.arguments):
            f = fillers.get(arg.ref)
            if f is None or not (0 <= em.start < em.end <= len(text) and 0 <= f.start < f.end <= len(text)):
                continue
            first, last = sentence(f.start), sentence(f.end - 1)
            if first == last == sentence(em.start):
                continue
            where = "in another sentence" if first == last else "running over a sentence end"
            out.append(report("argument-outside-sentence", jsonio.item_pointer(EventMention, i, "arguments", j, "ref"),
                              f"expected the {arg.role} of {text[em.start:em.end]!r} [{em.start}, {em.end}) from "
                              f"its sentence (GUIDELINES 4.4), found {text[f.start:f.end]!r} [{f.start}, {f.end}) "
                              f"{where}"))
    return out


def _fillers(doc: Document, mentions: Mapping[str, Mention]) -> dict[str, Mention | Timex]:
    """Argument refs to what they name (``mentions``: by id, :class:`_Index`): a timex id first, as the argument
    checks read them."""
    fillers: dict[str, Mention | Timex] = dict(mentions)
    fillers.update(zip(map(_ID, doc.timexes), doc.timexes, strict=True))
    return fillers


def _arguments_in_scope(doc: Document, fillers: Mapping[str, Mention | Timex], index: _Index,
                        cuts: Callable[[], list[int]]) -> bool:
    """:func:`_scope_warnings` finds nothing, checked a column at a time (the text is split into sentences only
    when an argument and its trigger are not in one stretch without a stop or a line break,
    :func:`newsbench.text.no_cut_between`)."""
    ems = doc.event_mentions
    per_mention = list(map(len, map(_ARGUMENTS, ems)))
    if not any(per_mention):
        return True
    found = list(map(fillers.get, map(_REF, chain.from_iterable(map(_ARGUMENTS, ems)))))
    if None in found:
        return False
    triggers = list(chain.from_iterable(map(repeat, index.trigger_starts, per_mention)))
    starts, lasts = list(map(_START, found)), list(map(sub, map(_END, found), repeat(1)))
    if no_cut_between(doc.text, list(map(min, triggers, starts, lasts)), list(map(max, triggers, starts, lasts))):
        return True  # every argument and its trigger in one stretch without a stop or a line break: no split needed
    sentence = partial(bisect_right, cuts())
    pieces = list(map(sentence, triggers))
    return pieces == list(map(sentence, starts)) and pieces == list(map(sentence, lasts))


def _whole_nominal_head(m: Mention, onto: Ontology) -> bool:
    """A NOM mention of more than one word whose head is its whole extent (a one-word NOM is its own head)."""
    return (m.level == onto.nominal_level and m.head_start == m.start and m.head_end == m.end
            and _SPACE.search(m.text) is not None)


_SPACE = re.compile(r"\s")


def _heads_clean(doc: Document, onto: Ontology) -> bool:
    """:func:`document_warnings` finds nothing: the NOM mentions are picked a column at a time, and only their heads
    are compared."""
    mentions = doc.mentions
    nominals = compress(mentions, map(onto.nominal_level.__eq__, map(_LEVEL, mentions)))
    return not any(m.head_start == m.start and m.head_end == m.end and _SPACE.search(m.text) for m in nominals)


def _seed_problems(doc: Document, report: _Reporter, seeds: Path | None, expected_id: str | None) -> list[Problem]:
    """The doc id against its path, the text against its seed, the anchor date."""
    out: list[Problem] = []
    add = out.append
    if expected_id is not None and doc.doc_id != expected_id:
        add(report("doc-id-file-mismatch", "/doc_id",
                   f"expected {expected_id!r} (from the path), found {doc.doc_id!r}"))
    if seeds is not None:
        seed = os.path.join(seeds, f"{doc.doc_id}.txt")  # a string: a Path per document costs more than the read
        raw, unread = _regular_file_bytes(seed), None
        if raw is None and os.path.isfile(seed):  # only then is the seed's path worth naming
            raw, unread = read_file_bytes(seed, display_path(seed), doc.doc_id, "seed text")
        if raw is None and not os.path.isfile(seed):
            add(report("seed-missing", "/doc_id", f"expected a seed at {display_path(seed)}, found none"))
        elif raw is None:
            assert unread is not None  # no bytes: a problem
            add(unread)
        else:
            digest = hashlib.sha256(raw).hexdigest()
            if doc.meta.sha256 != digest:
                add(report("seed-sha256-mismatch", "/meta/sha256", f"expected {digest}, found {doc.meta.sha256}"))
            seed_text = raw.decode("utf-8", errors="replace")
            if doc.text != seed_text:
                at = next((i for i, (a, b) in enumerate(zip(doc.text, seed_text, strict=False)) if a != b),
                          min(len(doc.text), len(seed_text)))
                add(report("seed-text-mismatch", "/text", f"expected the seed's {len(seed_text)} code points, found "
                           f"{len(doc.text)}; first difference at code point {at}: expected "
                           f"{seed_text[at:at + 12]!r}, found {doc.text[at:at + 12]!r}"))
    # "unknown": neither the text nor its metadata states a date (GUIDELINES §1.4; anchor-bound values carry X).
    if doc.meta.anchor_date != UNKNOWN:
        try:
            dt.date.fromisoformat(doc.meta.anchor_date)
        except ValueError:
            add(report("anchor-date-invalid", "/meta/anchor_date",
                       f"expected a calendar date or \"unknown\", found {doc.meta.anchor_date!r}"))
    return out


def _regular_file_bytes(path: Path | str) -> bytes | None:
    """The bytes of a regular file that can be read; None otherwise (the caller names the problem). One open, no
    other system call on the path."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a named pipe opens without waiting for a writer
    except OSError:
        return None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as f:  # the file object closes the descriptor
        try:
            return f.read()
        except OSError:
            return None


def _ids_clean(doc: Document) -> bool:
    """:func:`_id_problems` finds nothing: no id is used twice."""
    layers = (doc.entities, doc.mentions, doc.timexes, doc.events, doc.event_mentions)
    return len(set(chain.from_iterable(map(map, repeat(_ID), layers)))) == sum(map(len, layers))


def _id_problems(doc: Document, report: _Reporter) -> list[Problem]:
    """Ids are one namespace per document."""
    if _ids_clean(doc):
        return []
    out: list[Problem] = []
    add = out.append
    P = jsonio.item_pointer
    seen: dict[str, tuple[type, int]] = {}
    id_layers: tuple[tuple[type, Sequence[_Identified]], ...] = (
        (Entity, doc.entities), (Mention, doc.mentions), (Timex, doc.timexes), (Event, doc.events),
        (EventMention, doc.event_mentions))
    for cls, items in id_layers:
        for i, item in enumerate(items):
            if item.id in seen:
                add(report("duplicate-id", P(cls, i, "id"),
                           f"expected a unique id, found {item.id!r} already at {P(*seen[item.id])}"))
            else:
                seen[item.id] = (cls, i)  # its pointer is made only for a problem
    return out


def _entity_problems(doc: Document, onto: Ontology, report: _Reporter, index: _Index) -> list[Problem]:
    """Entities and their mentions: subtypes, spans, heads, one mention per extent, types, every entity mentioned."""
    if _entities_clean(doc, _allowed(onto), index):
        return []
    out: list[Problem] = []
    add = out.append
    P = jsonio.item_pointer
    entities = {e.id: e for e in doc.entities}
    for i, e in enumerate(doc.entities):
        if e.subtype is not None and e.subtype not in onto.entity_subtypes[e.type]:
            add(report("subtype-not-allowed", P(Entity, i, "subtype"),
                       f"expected a {e.type} subtype ({', '.join(onto.entity_subtypes[e.type])}), found {e.subtype!r}"))

    extents: dict[tuple[int, int], int] = {}
    clean = _spans_clean(doc.text, doc.mentions)
    for i, m in enumerate(doc.mentions):
        if not clean:
            out.extend(_span_problems(report, doc.text, Mention, i, m))
        if not m.start <= m.head_start < m.head_end <= m.end:
            add(report("head-outside-extent", P(Mention, i, "head_start"),
                       f"expected a non-empty head inside [{m.start}, {m.end}), found [{m.head_start}, {m.head_end})"))
        if (m.start, m.end) in extents:
            add(report("mention-duplicate-span", P(Mention, i),
                       f"expected one mention per extent, found [{m.start}, {m.end}) also at "
                       f"{P(Mention, extents[(m.start, m.end)])}"))
        else:
            extents[(m.start, m.end)] = i
        entity = entities.get(m.entity)
        if entity is None:
            add(report("dangling-reference", P(Mention, i, "entity"), f"expected an entity id, found {m.entity!r}"))
        elif entity.type != m.type:
            add(report("mention-type-mismatch", P(Mention, i, "type"),
                       f"expected {entity.type} (the type of {entity.id}), found {m.type}"))
    mentioned = {m.entity for m in doc.mentions}
    for i, e in enumerate(doc.entities):
        if e.id not in mentioned:
            add(report("entity-without-mention", P(Entity, i),
                       f"expected at least one mention of {e.id!r}, found none"))
    return out


def _entities_clean(doc: Document, allowed: _Allowed, index: _Index) -> bool:
    """:func:`_entity_problems` finds nothing, checked a column at a time."""
    entities, mentions = doc.entities, doc.mentions
    if not allowed.subtypes.issuperset(zip(map(_TYPE, entities), map(_SUBTYPE, entities), strict=True)):
        return False
    if not mentions:
        return not entities
    starts, ends, head_starts, head_ends = index.starts, index.ends, index.head_starts, index.head_ends
    # a repeated id: the last one's type, as the checks read it
    entity_types = dict(zip(map(_ID, entities), map(_TYPE, entities), strict=True))
    mentioned = list(map(_ENTITY, mentions))
    return (_spans_clean(doc.text, mentions, starts, ends) and all(map(le, starts, head_starts))
            and all(map(lt, head_starts, head_ends)) and all(map(le, head_ends, ends))
            and len(set(zip(starts, ends, strict=True))) == len(mentions)
            and list(map(entity_types.get, mentioned)) == list(map(_TYPE, mentions))  # None: no such entity
            and entity_types.keys() <= set(mentioned))


_TIMEX_VALUES = _Memo(timex_value_ok)
_EVENT_DATES = _Memo(TIMEX_VALUE_PATTERNS["DATE"].fullmatch)


def _timexes_clean(doc: Document, index: _Index) -> bool:
    """:func:`_timex_problems` finds nothing, checked a column at a time."""
    return _spans_clean(doc.text, doc.timexes, index.timex_starts, index.timex_ends) and _TIMEX_VALUES.holds(
        zip(map(_TYPE, doc.timexes), map(_VALUE, doc.timexes), strict=True))


def _timex_problems(doc: Document, report: _Reporter, index: _Index) -> list[Problem]:
    """Time expressions: spans and values."""
    if _timexes_clean(doc, index):
        return []
    out: list[Problem] = []
    add = out.append
    P = jsonio.item_pointer
    clean = _spans_clean(doc.text, doc.timexes)
    for i, t in enumerate(doc.timexes):
        if not clean:
            out.extend(_span_problems(report, doc.text, Timex, i, t))
        if not timex_value_ok(t.type, t.value):
            add(report("timex-value-malformed", P(Timex, i, "value"),
                       f"expected a TIMEX3 {t.type} value, found {t.value!r}"))
    return out


def _event_problems(doc: Document, onto: Ontology, report: _Reporter, index: _Index) -> list[Problem]:
    """Events and their mentions: grounding dates, spans, references, and each argument's role and filler."""
    if _events_clean(doc, _allowed(onto), index):
        return []
    mentions = index.mentions
    out: list[Problem] = []
    add = out.append
    P = jsonio.item_pointer
    timexes = {t.id: t for t in doc.timexes}
    events = {e.id: e for e in doc.events}
    mentioned_events = {m.event for m in doc.event_mentions}
    for i, e in enumerate(doc.events):
        if e.date is not None and not TIMEX_VALUE_PATTERNS["DATE"].fullmatch(e.date.value):
            add(report("event-date-malformed", P(Event, i, "date", "value"),
                       f"expected an ISO 8601 date, found {e.date.value!r}"))
        if e.id not in mentioned_events:
            add(report("event-without-mention", P(Event, i), f"expected at least one mention of {e.id!r}, found none"))

    clean = _spans_clean(doc.text, doc.event_mentions)
    for i, em in enumerate(doc.event_mentions):
        if not clean:
            out.extend(_span_problems(report, doc.text, EventMention, i, em))
        event = events.get(em.event)
        if event is None:
            add(report("dangling-reference", P(EventMention, i, "event"), f"expected an event id, found {em.event!r}"))
        seen_args: set[tuple[str, str]] = set()
        for j, arg in enumerate(em.arguments):
            where = _ArgumentPointer(i, j)  # the pointer's text is made only for a problem
            if (arg.role, arg.ref) in seen_args:
                add(report("argument-duplicate", str(where),
                           f"expected each (role, filler) once, found {arg.role} {arg.ref!r} again"))
            seen_args.add((arg.role, arg.ref))
            if event is not None and arg.role not in onto.event_roles[event.type]:
                add(report("role-not-allowed", where + "/role",
                           f"expected a role of {event.type} ({', '.join(onto.event_roles[event.type])}), "
                           f"found {arg.role}"))
            wants = onto.role_filler[arg.role]
            if arg.ref not in mentions and arg.ref not in timexes:
                add(report("dangling-reference", where + "/ref", f"expected a {wants} id, found {arg.ref!r}"))
            elif (wants == "timex") != (arg.ref in timexes):
                found_kind = "timex" if arg.ref in timexes else "mention"
                add(report("argument-ref-kind", where + "/ref",
                           f"expected role {arg.role} to take a {wants}, found {found_kind} {arg.ref!r}"))
            elif wants == "mention" and mentions[arg.ref].type not in onto.role_entity_types[arg.role]:
                add(report("argument-filler-type", where + "/ref",
                           f"expected {arg.role} filled by {'/'.join(onto.role_entity_types[arg.role])}, found "
                           f"{mentions[arg.ref].type} mention {arg.ref!r}"))
    return out


def _events_clean(doc: Document, allowed: _Allowed, index: _Index) -> bool:
    """:func:`_event_problems` finds nothing, checked a column at a time."""
    events, ems, mentions = doc.events, doc.event_mentions, index.mentions
    event_types = dict(zip(map(_ID, events), map(_TYPE, events), strict=True))  # a repeated id: the last one's
    mentioned = list(map(_EVENT, ems))
    if not (_EVENT_DATES.holds(d.value for d in map(_DATE_OF, events) if d is not None)
            and set(mentioned) == event_types.keys()
            and _spans_clean(doc.text, ems, index.trigger_starts, index.trigger_ends)):
        return False
    per_mention = list(map(_ARGUMENTS, ems))
    arguments = list(chain.from_iterable(per_mention))
    if not arguments:
        return True
    roles, refs = list(map(_ROLE, arguments)), list(map(_REF, arguments))
    owner = chain.from_iterable(map(repeat, range(len(ems)), map(len, per_mention)))
    if len(set(zip(owner, roles, refs, strict=True))) != len(arguments):  # a (role, filler) twice in one mention
        return False
    types = chain.from_iterable(map(repeat, map(event_types.__getitem__, mentioned), map(len, per_mention)))
    filler = dict(zip(mentions, map(_TYPE, mentions.values()), strict=True))
    filler.update(zip(map(_ID, doc.timexes), repeat(_TIMEX_FILLER)))  # a timex id first, as the checks
    return (allowed.roles.issuperset(zip(types, roles, strict=True))
            and allowed.fillers.issuperset(zip(roles, map(filler.get, refs), strict=True)))


def _toponym_problems(doc: Document, onto: Ontology, report: _Reporter, mentions: Mapping[str, Mention]
                       ) -> list[Problem]:
    """Toponym records: one per name mention of a place type, each sourced; none missing where declared."""
    if _toponyms_clean(doc, _allowed(onto), mentions):
        return []
    out: list[Problem] = []
    add = out.append
    P = jsonio.item_pointer
    toponym_at: dict[str, int] = {}
    for i, t in enumerate(doc.toponyms):
        if t.mention in toponym_at:
            add(report("toponym-duplicate", P(Toponym, i, "mention"),
                       f"expected one record per mention, found {t.mention!r} also at "
                       f"{P(Toponym, toponym_at[t.mention])}"))
        toponym_at.setdefault(t.mention, i)
        m = mentions.get(t.mention)
        if m is None:
            add(report("dangling-reference", P(Toponym, i, "mention"), f"expected a mention id, found {t.mention!r}"))
        else:
            if m.level != onto.name_level:
                add(report("toponym-not-name", P(Toponym, i, "mention"),
                           f"expected a {onto.name_level} mention, found {m.level} {m.id!r}"))
            if m.type not in onto.toponym_entity_types and t.reading not in onto.no_place_readings:
                add(report("toponym-entity-type", P(Toponym, i, "mention"),
                           f"expected a {'/'.join(onto.toponym_entity_types)} mention (or reading "
                           f"{'/'.join(onto.no_place_readings)}), found {m.type} {m.id!r} read {t.reading}"))
        if t.geonames_id is None and (t.source == "GeoNames" or not t.uncertainty_km):
            add(report("toponym-unsourced", P(Toponym, i),
                       f"expected a named source and an uncertainty radius > 0 km for a place without a GeoNames id, "
                       f"found source {t.source!r} and radius {t.uncertainty_km!r}"))
    toponym_ranges = doc.annotated_ranges("toponyms")
    for i, m in enumerate(doc.mentions):
        if (m.level == onto.name_level and m.type in onto.toponym_required_entity_types and m.id not in toponym_at
                and _inside(m, toponym_ranges)):
            add(report("toponym-missing", P(Mention, i),
                       f"expected a toponym record for {m.type} name {m.text!r}, found none"))
    return out


def _toponyms_clean(doc: Document, allowed: _Allowed, mentions: Mapping[str, Mention]) -> bool:
    """:func:`_toponym_problems` finds nothing, checked a column at a time."""
    toponyms = doc.toponyms
    named = list(map(_MENTION, toponyms))
    recorded = set(named)
    if len(recorded) != len(named) or not mentions.keys() >= recorded:
        return False
    places = list(map(mentions.__getitem__, named))
    kinds = zip(map(_LEVEL, places), map(_TYPE, places), map(_READING, toponyms), strict=True)
    if not allowed.toponym_kinds.issuperset(kinds):
        return False
    unresolved = [t for t in toponyms if t.geonames_id is None] if None in map(_GEONAMES_ID, toponyms) else ()
    if any(t.source == "GeoNames" or not t.uncertainty_km for t in unresolved):
        return False
    needing = compress(doc.mentions, map(allowed.needs_toponym.__contains__,
                                         zip(map(_LEVEL, doc.mentions), map(_TYPE, doc.mentions), strict=True)))
    missing = [m for m in needing if m.id not in recorded]
    return not missing or not any(_inside(m, doc.annotated_ranges("toponyms")) for m in missing)


@dataclass(frozen=True)
class _ArgumentPointer:
    """The pointer to argument ``j`` of event mention ``i``, as text only when asked for."""

    i: int
    j: int

    def __str__(self) -> str:
        return jsonio.item_pointer(EventMention, self.i, "arguments", self.j)

    def __add__(self, rest: str) -> str:
        return str(self) + rest


def _inside(item: _Span, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= item.start and item.end <= end for start, end in ranges)


def _declared_layer_problems(doc: Document, report: _Reporter) -> Iterator[Problem]:
    """The declared layers (format 1.1): well-formed ranges; items only in declared layers, inside their ranges.

    Where entities (timexes) are not declared, mentions that carry toponyms, and mentions and timexes that fill
    event arguments, may still exist for the layer that needs them: a toponym-only corpus has name mentions without
    annotating entities. Where a layer is declared, every one of its items lies inside its ranges.
    """
    if doc.annotated is None:
        return
    for a in doc.annotated:
        previous_end = 0
        for j, (start, end) in enumerate(a.ranges):
            if not previous_end <= start < end <= len(doc.text):
                yield report("annotated-range-invalid", jsonio.json_pointer("annotated", a.layer, j),
                             f"expected sorted, non-overlapping ranges with {previous_end} <= start < end <= "
                             f"{len(doc.text)}, found [{start}, {end})")
            previous_end = max(previous_end, end)
    mentions = {m.id: m for m in doc.mentions}
    carried = {t.mention for t in doc.toponyms} if doc.annotates("toponyms") else set()
    if doc.annotates("events"):
        carried |= {a.ref for em in doc.event_mentions for a in em.arguments}
    exempt: dict[str, set[str]] = {layer: set() if doc.annotates(layer) else carried
                                   for layer in ("entities", "timexes")}
    layer_items: dict[str, list[tuple[type, int, _Span]]] = {
        "entities": [(Mention, i, m) for i, m in enumerate(doc.mentions) if m.id not in exempt["entities"]],
        "timexes": [(Timex, i, t) for i, t in enumerate(doc.timexes) if t.id not in exempt["timexes"]],
        "events": [(EventMention, i, m) for i, m in enumerate(doc.event_mentions)],
        "toponyms": [(Toponym, i, mentions[t.mention]) for i, t in enumerate(doc.toponyms) if t.mention in mentions],
    }
    for layer in LAYERS:
        ranges = doc.annotated_ranges(layer)
        items = layer_items[layer]
        if items and not ranges:
            cls, i, _ = items[0]
            yield report("layer-undeclared-items", jsonio.item_pointer(cls, i),
                         f"expected no {jsonio.LAYER_KEYS[cls]} (the document does not declare {layer!r} annotated), "
                         f"found {len(items)}")
            continue
        for cls, i, span in items:
            if not _inside(span, ranges):
                yield report("item-outside-annotated", jsonio.item_pointer(cls, i),
                             f"expected [{span.start}, {span.end}) inside the {layer} ranges "
                             f"{[list(r) for r in ranges]}, found it outside")


# --- entry points ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileResult:
    """The problems of one file, and its document when it passed the schema."""

    path: Path
    document: Document | None
    problems: tuple[Problem, ...]
    sha256: str | None = None
    """sha256 of the file's bytes (None when they could not be read)."""
    warnings: tuple[Problem, ...] = ()
    """What the checks at level ``full`` report without refusing the document (:func:`document_warnings`), unless
    the reader was asked for no warnings (then always empty). The validated cache knows whether a file has none."""


CACHE_MODES = ("use", "read", "refresh", "off")
LEVELS = ("none", "schema", "full")
"""Validation levels of :func:`read_documents`: ``none`` parses (a file of another shape still gets its problems,
never a traceback), ``schema`` adds the JSON-level checks and the JSON Schema, ``full`` the semantic checks too."""


def gold_paths(folder: Path) -> list[Path]:
    """The one listing of a gold folder: its ``<doc_id>.json`` files, in doc id order."""
    return list(map(Path, _gold_files(folder)))


def document_paths(sources: Iterable[Path | str]) -> list[Path]:
    """Files as given; a folder gives its ``*.json`` files (:func:`gold_paths`), then those one level down
    (``corpus/annotations/<doc_id>/``)."""
    return list(map(Path, document_files(sources)))


def corpus_document_paths(corpus: Path | None = None) -> list[Path]:
    """Every annotated document of the corpus: the gold and the annotation passes."""
    return list(map(Path, corpus_document_files(corpus)))


# The listings as strings: what the readers hold while they read (30,000 files as Path objects are ~10 MB).


def document_files(sources: Iterable[Path | str]) -> list[str]:
    """:func:`document_paths` as strings."""
    out: list[str] = []
    for source in sources:
        p = os.fspath(source)
        out.extend(_gold_files(p) + _subfolder_files(p) if os.path.isdir(p) else [p])
    return out


def corpus_document_files(corpus: Path | None = None) -> list[str]:
    """:func:`corpus_document_paths` as strings."""
    root = corpus or corpus_dir()
    return _gold_files(root / "gold") + _subfolder_files(root / "annotations")


def listed_names(folder: Path | str, pattern: str = "*.json") -> list[str]:
    """The names of what ``Path(folder).glob(pattern)`` gives for a pattern of one component, as strings, in the
    folder's order (none where it cannot be listed)."""
    try:
        with os.scandir(folder) as entries:
            return [e.name for e in entries if fnmatch.fnmatchcase(e.name, pattern)]
    except OSError:
        return []


def _gold_files(folder: Path | str) -> list[str]:
    folder = os.fspath(Path(folder))
    names = sorted(listed_names(folder), key=lambda name: (os.path.splitext(name)[0], name))  # (stem, name)
    return [os.path.join(folder, name) for name in names]


def _subfolder_files(folder: Path | str) -> list[str]:
    """``sorted(Path(folder).glob("*/*.json"))`` as strings."""
    folder = os.fspath(Path(folder))
    try:
        with os.scandir(folder) as entries:
            subfolders = [e.name for e in entries if e.is_dir()]
    except OSError:
        return []
    found = sorted((sub, name) for sub in subfolders for name in listed_names(os.path.join(folder, sub)))
    return [os.path.join(folder, sub, name) for sub, name in found]


def read_documents(sources: Iterable[Path | str], *, level: str = "full", seeds: Path | None = None,
                   ontology: Ontology | None = None, cache: str = "use",
                   check_file_name: bool = True, progress: str | None = None,
                   warnings: bool = True) -> Iterator[FileResult]:
    """The one reader of annotated documents: each file of ``sources`` (see :func:`document_paths`), one at a time,
    read and checked to ``level`` (:data:`LEVELS`); ``seeds``: compare each text with ``<seeds>/<doc_id>.txt``;
    ``check_file_name``: the doc id must be the file's (:func:`expected_doc_id`); ``progress``: the name of a
    progress bar over the files (drawn only on a terminal, :mod:`newsbench.progress`); ``warnings=False``: the
    warnings are not computed (a caller that never reports them: ``score``).

    ``cache`` (level ``full`` with the default ontology; :data:`CACHE_MODES`): ``use`` trusts the
    validated-documents cache (:class:`ValidatedCache`) and records the files it finds valid, ``read`` only trusts
    it, ``refresh`` checks every file and records, ``off`` does neither. A trusted file is decoded straight into
    the model (:func:`newsbench.jsonio.decode_document`)."""
    if level not in LEVELS or cache not in CACHE_MODES:
        raise ValueError(f"unknown validation level {level!r} or cache mode {cache!r}; expected one of "
                         f"{', '.join(LEVELS)} and one of {', '.join(CACHE_MODES)}")
    return _read_files(document_files(sources), level, seeds, ontology, cache, check_file_name, progress, warnings)


def _read_files(paths: Sequence[str], level: str, seeds: Path | None, ontology: Ontology | None, cache: str,
                check_file_name: bool, progress: str | None, warnings: bool = True) -> Iterator[FileResult]:
    """:func:`read_documents` of files already listed."""
    onto = ontology or load_ontology()
    store = ValidatedCache.open() if level != "none" and ontology is None and cache != "off" else None
    trusted = store if cache in ("use", "read") else None
    record = store is not None and level == "full" and cache in ("use", "refresh")
    try:
        for path in track(paths, progress) if progress else paths:
            expected = expected_doc_id(path) if check_file_name else None
            result = _read_document(Path(path), level, seeds, onto, trusted, expected, warnings)
            if store is not None and record and result.document is not None and not result.problems:
                store.add(result.sha256, expected or "*", seeds is not None, clean=warnings and not result.warnings)
            yield result
    finally:
        if store is not None and record:
            store.save()


SHARD_MIN_DOCS = 200
"""Fewest documents a worker process of :func:`auto_workers` gets (a worker costs a fork and the pickled results of
its documents: a few hundredths of a second)."""
MAX_AUTO_WORKERS = 4


def auto_workers(documents: int) -> int:
    """How many processes check (or score) ``documents`` documents by default: one per core this process may run
    on (at most :data:`MAX_AUTO_WORKERS`), each with at least :data:`SHARD_MIN_DOCS` documents."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS, documents // SHARD_MIN_DOCS))


def prepare_checks() -> None:
    """Load what every check of a document (or a seed's metadata) needs once, in this process, before it forks
    workers: the ontology's allowed tuples and the compiled schema validators then come with the fork, instead of
    being imported and compiled again in each worker."""
    _allowed(load_ontology())
    schema_decoder("document.schema.json")
    _compiled_validator("document.schema.json")
    _compiled_validator("document.schema.json", "meta")


@contextlib.contextmanager
def run_beside(work: Callable[[], list[Problem]]) -> Iterator[Callable[[], list[Problem]]]:
    """``work`` run in a forked process while the block runs (beside :func:`check_documents`' workers: a serial step
    such as the seed checks then takes its share of the cores); yields the call that waits for its problems."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as side:
        yield side.submit(work).result


CHECK_CHUNK = 64
"""Files a worker of :func:`check_documents` checks at a time."""


def check_documents(sources: Iterable[Path | str] | None, *, seeds: Path | None = None, workers: int | None = None,
                    progress: str | None = None) -> Iterator[FileResult]:
    """Every file of ``sources`` (None: the corpus's documents, :func:`corpus_document_files`) checked in full
    (:func:`read_documents`, ``cache="refresh"``: each file is checked and the valid ones are recorded), for its
    problems: the results, in order, carry no document. ``workers`` processes (None: :func:`auto_workers`) check
    consecutive runs of :data:`CHECK_CHUNK` files, forked from this one, and this process records what they found
    valid."""
    paths = corpus_document_files() if sources is None else document_files(sources)
    workers = auto_workers(len(paths)) if workers is None else workers
    if workers <= 1:
        for result in _read_files(paths, "full", seeds, None, "refresh", True, progress):
            yield FileResult(result.path, None, result.problems, result.sha256, result.warnings)
        return
    store = ValidatedCache.open()
    prepare_checks()
    chunks = [paths[k:k + CHECK_CHUNK] for k in range(0, len(paths), CHECK_CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        done = pool.map(_checked_chunk, chunks, [seeds] * len(chunks))
        results = (result for chunk in done for result in chunk)
        try:
            for result in track(results, progress, total=len(paths)) if progress else results:
                if not result.problems:
                    store.add(result.sha256, expected_doc_id(result.path), seeds is not None,
                              clean=not result.warnings)
                yield result
        finally:
            store.save()


def _checked_chunk(paths: Sequence[str], seeds: Path | None) -> list[FileResult]:
    """What a worker of :func:`check_documents` sends back: each file's problems (its document is not pickled)."""
    return [FileResult(r.path, None, r.problems, r.sha256, r.warnings)
            for r in _read_files(paths, "full", seeds, None, "off", True, None)]


def _read_document(path: Path, level: str, seeds: Path | None, onto: Ontology, cache: ValidatedCache | None,
                   expected: str | None, warnings: bool = True) -> FileResult:
    with collector_paused():  # a document's objects hold no cycles: the collector would only re-walk them
        return _read_checked(path, level, seeds, onto, cache, expected, warnings)


def _read_checked(path: Path, level: str, seeds: Path | None, onto: Ontology, cache: ValidatedCache | None,
                  expected: str | None, warnings: bool) -> FileResult:
    file = display_path(path)
    raw, problem = read_file_bytes(path, file, what="JSON file")
    if raw is None:
        return FileResult(path, None, (problem,) if problem else ())
    digest = hashlib.sha256(raw).hexdigest()
    with_seed = level == "full" and seeds is not None
    if level == "none" or (cache is not None and cache.holds(digest, expected or "*", with_seed)):
        doc = _decoded(raw)
        if doc is not None and (not with_seed or seeds is None or _seed_unchanged(doc, seeds)):
            if level == "full" and warnings and cache is not None \
                    and not cache.holds(digest, expected or "*", with_seed, clean=True):  # its warnings unknown
                found = _warnings(doc, onto, _Reporter(file, doc.doc_id), _index(doc))
                return FileResult(path, doc, (), digest, tuple(found))
            return FileResult(path, doc, (), digest)
    doc, problems = _checked(raw, file, fast=True)
    if doc is None:  # a float where the model has an integer, or a problem: the careful parser has the last word
        doc, problems = _checked(raw, file, fast=False)
    if doc is None:
        return FileResult(path, None, tuple(problems), digest)
    if level != "full":
        return FileResult(path, doc, tuple(problems), digest)
    report, index = _Reporter(file, doc.doc_id), _index(doc)
    found = tuple(_problems(doc, onto, report, index, seeds, expected))
    if not warnings:
        return FileResult(path, doc, found, digest)
    return FileResult(path, doc, found, digest, tuple(_warnings(doc, onto, report, index)))


def _checked(raw: bytes, file: str, *, fast: bool) -> tuple[Document | None, list[Problem]]:
    """The JSON-level checks and the schema; the document when they pass (and, ``fast``, the typed conversion of
    the parsed value; first, the schema's strict types, whose value a valid document is made from)."""
    value = strict_value(raw, schema_decoder("document.schema.json")) if fast else None
    if value is not None:
        return jsonio.strict_document(value, raw), []
    data, problems = parse_json_bytes(raw, file, fast=fast, typed=True)
    if data is None:
        return None, problems
    problems = schema_file_problems(data, "document.schema.json", file)
    if problems:
        return None, problems
    if not fast:
        return jsonio.document_from_json(data), []
    try:
        return jsonio.convert_document(data), []
    except jsonio.DECODE_ERRORS:  # the typed model refuses it (a float where it has an integer)
        return None, []


def _decoded(raw: bytes) -> Document | None:
    """The typed decoding of a document's bytes, or None when they have another shape."""
    try:
        return jsonio.decode_document(raw)
    except jsonio.DECODE_ERRORS:
        return None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off around a bulk load or scoring: the model's objects hold no reference cycles,
    and with the collector on its full passes re-walk every object alive (on a large corpus, a third of loading)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _seed_unchanged(doc: Document, seeds: Path) -> bool:
    """The seed still has the bytes the document was validated against (its sha256 is the document's)."""
    try:
        return hashlib.sha256((Path(seeds) / f"{doc.doc_id}.txt").read_bytes()).hexdigest() == doc.meta.sha256
    except OSError:
        return False


class ValidatedCache:
    """The documents found valid (level ``full``), so that ``score``, ``build`` and the others do not redo the checks
    of an unchanged file: one line ``<key> <seed|-> <clean|->`` per file, where the key
    (:func:`_entry_key`) is a 128-bit digest of the sha256 of the file's bytes and its expected doc id (or ``*``), so
    that the cache of a large corpus stays small in memory (a number per file, not two strings). ``clean``: the
    file is also known to have no warnings (``score`` computes none: it records its files without).

    It lives in ``$NEWSBENCH_CACHE`` (empty: no cache), else ``$XDG_CACHE_HOME/newsbench``, else
    ``~/.cache/newsbench``, in ``validated-<key>.txt``, where the key hashes newsbench's version, the format version
    and the bytes of the schemas, the ontology and the validator's code: any change to one of them starts a new,
    empty cache (and removes the old one). A changed file has another sha256 and is checked again; a document
    validated against its seed is trusted only while the seed's sha256 is the one the document records. The cache
    is only a shortcut: when it cannot be read or written, every file is checked."""

    def __init__(self, path: Path | None, entries: dict[int, int]):
        self.path, self.entries, self.added = path, entries, False

    @classmethod
    def open(cls) -> ValidatedCache:
        """The cache of this version, read once per process (then shared by every reader)."""
        folder = cache_dir()
        if folder is None:
            return cls(None, {})
        path = folder / f"validated-{_cache_key(schema_dir())[:32]}.txt"
        if path not in _OPEN_CACHES:
            _OPEN_CACHES[path] = cls._read(path)
        return _OPEN_CACHES[path]

    @classmethod
    def _read(cls, path: Path) -> ValidatedCache:
        entries: dict[int, int] = {}
        try:
            for line in path.read_text(encoding="utf-8").splitlines():
                key_hex, seed, clean = line.split(" ")
                key = int(key_hex, 16)
                entries[key] = entries.get(key, 0) | (seed == "seed") * _SEED | (clean == "clean") * _CLEAN
        except (OSError, ValueError, UnicodeDecodeError):
            entries = {}
        return cls(path, entries)

    def holds(self, digest: str, doc_id: str, with_seed: bool, *, clean: bool = False) -> bool:
        """Whether the file was found valid (against its seed, when ``with_seed``; known to have no warnings, when
        ``clean``)."""
        flags = self.entries.get(_entry_key(digest, doc_id))
        wanted = (_SEED if with_seed else 0) | (_CLEAN if clean else 0)
        return flags is not None and flags & wanted == wanted

    def add(self, digest: str | None, doc_id: str, with_seed: bool, *, clean: bool) -> None:
        """Record a file found valid (against its seed, when ``with_seed``; ``clean``: found without warnings; what
        was recorded before stays: a file's warnings do not depend on its seed)."""
        if digest is None:
            return
        key = _entry_key(digest, doc_id)
        flags = self.entries.get(key, 0) | (_SEED if with_seed else 0) | (_CLEAN if clean else 0)
        if self.entries.get(key) != flags:
            self.entries[key] = flags
            self.added = True

    def save(self) -> None:
        """Write what was recorded (atomically; nothing when the cache cannot be written)."""
        if self.path is None or not self.added:
            return
        text = "".join(f"{k:032x} {'seed' if f & _SEED else '-'} {'clean' if f & _CLEAN else '-'}\n"
                       for k, f in sorted(self.entries.items()))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            jsonio.write_text_atomic(self.path, text)
            for old in self.path.parent.glob("validated-*.txt"):
                if old != self.path:
                    old.unlink(missing_ok=True)
        except (OSError, jsonio.OutputError):
            pass
        self.added = False


_OPEN_CACHES: dict[Path, ValidatedCache] = {}
_SEED, _CLEAN = 1, 2
"""The flags of a cache entry: found valid against its seed; found without warnings."""


def _entry_key(digest: str, doc_id: str) -> int:
    """The cache's key of a file: 128 bits of the sha256 of its bytes' sha256 (hex) and its expected doc id."""
    return int.from_bytes(hashlib.sha256(f"{digest} {doc_id}".encode()).digest()[:16], "big")


@cache
def _cache_key(schemas: Path) -> str:
    """What a validated file's verdict depends on besides its bytes and its seed."""
    h = hashlib.sha256(f"{__version__}\0{SCHEMA_VERSION}\0".encode())
    for name in ("document.schema.json", "ontology.json"):
        h.update((schemas / name).read_bytes())
    for module in (sys.modules[__name__], jsonio, sys.modules[Ontology.__module__], _text):
        h.update(Path(str(module.__file__)).read_bytes())
    return h.hexdigest()


def validate_file(path: Path, *, seeds: Path | None = None, ontology: Ontology | None = None,
                  check_seed: bool = True, cache: str = "read") -> FileResult:
    """All problems of one document file; ``document`` is set when the file passed the JSON Schema.

    ``seeds`` defaults to the repository's; ``check_seed=False`` skips the comparison with a seed text (for
    documents of texts that are not seeds).
    """
    seeds = None if not check_seed else seeds if seeds is not None else seeds_dir()
    return next(read_documents([path], seeds=seeds, ontology=ontology, cache=cache))


def validate_paths(paths: Iterable[Path], *, seeds: Path | None = None, cache: str = "use",
                   progress: str | None = None) -> list[FileResult]:
    """:func:`read_documents` at level ``full`` against ``seeds`` (default: the repository's), as a list."""
    return list(read_documents(paths, seeds=seeds if seeds is not None else seeds_dir(), cache=cache,
                               progress=progress))


def load_valid_document(path: Path, *, seeds: Path | None = None, check_seed: bool = True) -> Document:
    """The document at ``path``; raises :class:`InvalidInput` with every problem if it has any."""
    result = validate_file(path, seeds=seeds, check_seed=check_seed)
    if result.problems or result.document is None:
        raise InvalidInput(list(result.problems))
    return result.document


def load_valid_documents(paths: Iterable[Path], *, seeds: Path | None = None) -> list[Document]:
    """The documents of ``paths``; raises InvalidInput with every problem if any has one."""
    results = validate_paths(paths, seeds=seeds)
    problems = [p for r in results for p in r.problems]
    if problems:
        raise InvalidInput(problems)
    return [r.document for r in results if r.document is not None]
