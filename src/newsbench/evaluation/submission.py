"""Submission checks: the JSON Schema (schema/submission.schema.json), then checks against the ontology and the
gold. Problems stop scoring (exit 1); warnings are reported beside the scores.

Problems and warnings are :class:`newsbench.problems.Problem` records: check id, file, doc id, JSON pointer,
and a message saying what was expected and what was found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, lt
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable, Mapping, Sequence

from .. import jsonio
from ..model import (
    Document, PredictedArgument, PredictedEventMention, PredictedMention, PredictedTimex, PredictedToponym,
    Submission, SubmissionDocument, SystemInfo,
)
from ..ontology import Ontology, load_ontology
from ..paths import gold_dir
from ..problems import Problem, family_checks, problem
from ..validate import display_path, read_json_file, schema_file_problems

SUBMISSION_SCHEMA = "submission.schema.json"

# Check ids of the submission checks (the JSON level and the schema reuse the validator's ids).
SUBMISSION_CHECKS: dict[str, str] = family_checks("submission")

LAYERS = ("mentions", "timexes", "event_mentions", "toponyms")


def _problem(check: str, file: str, doc_id: str | None, pointer: str, message: str) -> Problem:
    return problem(check, file, doc_id, pointer, message, family="submission")


@dataclass(frozen=True)
class SubmissionReport:
    """A checked submission: ``submission`` is None when it could not be read or failed the schema."""

    submission: Submission | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def submission_schema_problems(data: Any, file: str) -> list[Problem]:
    """The JSON Schema problems of parsed submission JSON."""
    return schema_file_problems(data, SUBMISSION_SCHEMA, file)


def read_submission(path: Path) -> tuple[Submission | None, list[Problem]]:
    """Parse and schema-check a submission file (no gold needed)."""
    data, problems = read_json_file(path)
    if data is None:
        return None, problems
    problems = submission_schema_problems(data, display_path(path))
    if problems:
        return None, problems
    return jsonio.submission_from_json(data), []


def check_submission(submission: Submission, file: str, gold: Mapping[str, Document] | None = None, *,
                     strict: bool = False, ontology: Ontology | None = None) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of a schema-valid submission; the gold checks run when ``gold`` is given."""
    onto = ontology or load_ontology()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, int] = {}
    layers_used = {layer for d in submission.documents for layer in LAYERS if getattr(d, layer) is not None}
    for i, doc in enumerate(submission.documents):
        where = jsonio.json_pointer("documents", i)
        if doc.doc_id in seen:
            problems.append(_problem("submission-duplicate-doc", file, doc.doc_id, where + "/doc_id",
                                     f"expected each doc_id once, found {doc.doc_id!r} also at "
                                     f"{jsonio.json_pointer('documents', seen[doc.doc_id])}"))
            continue
        seen[doc.doc_id] = i
        text_length = None
        if gold is not None:
            if doc.doc_id not in gold:
                problems.append(_problem("submission-unknown-doc", file, doc.doc_id, where + "/doc_id",
                                         f"expected a doc_id of the gold ({len(gold)} documents), "
                                         f"found {doc.doc_id!r}"))
                continue
            text_length = len(gold[doc.doc_id].text)
        problems.extend(_document_problems(doc, i, file, text_length, onto))
        warnings.extend(_document_warnings(doc, i, file, layers_used))
    if gold is not None:
        for doc_id in sorted(set(gold) - set(seen)):
            found = _problem("submission-document-missing", file, doc_id, "/documents",
                             f"expected predictions for gold document {doc_id!r}, found none; scored as empty")
            (problems if strict else warnings).append(found)
    return problems, warnings


def _span_problem(doc: SubmissionDocument, file: str, base: str, pointer: tuple[Any, ...], start: int, end: int,
                  text_length: int | None) -> Problem | None:
    if start >= end:
        return _problem("submission-span-empty", file, doc.doc_id, base + jsonio.json_pointer(*pointer),
                        f"expected start < end, found [{start}, {end})")
    if text_length is not None and end > text_length:
        return _problem("submission-span-out-of-range", file, doc.doc_id, base + jsonio.json_pointer(*pointer),
                        f"expected end <= {text_length} (the text's length in code points), found [{start}, {end})")
    return None


def _document_problems(doc: SubmissionDocument, index: int, file: str, text_length: int | None,
                       onto: Ontology) -> list[Problem]:
    out: list[Problem] = []
    base = jsonio.json_pointer("documents", index)
    limit = text_length if text_length is not None else float("inf")
    for layer in LAYERS:
        items = getattr(doc, layer) or ()
        arguments = list(chain.from_iterable(map(_ARGUMENTS, items))) if layer == "event_mentions" else ()
        if _spans_fine(items, limit) and _spans_fine(arguments, limit):
            continue  # the common case, checked at C speed; the loop below finds and locates the problems
        for j, item in enumerate(items):
            found = _span_problem(doc, file, base, (layer, j), item.start, item.end, text_length)
            if found is not None:
                out.append(found)
            for k, arg in enumerate(getattr(item, "arguments", ())):
                found = _span_problem(doc, file, base, (layer, j, "arguments", k), arg.start, arg.end, text_length)
                if found is not None:
                    out.append(found)
    for j, t in enumerate(doc.toponyms or ()):
        if (t.lat is None) != (t.lon is None):
            out.append(_problem("submission-coordinates-incomplete", file, doc.doc_id,
                                base + jsonio.json_pointer("toponyms", j),
                                f"expected lat and lon together, found only {'lat' if t.lon is None else 'lon'}"))
    for j, em in enumerate(doc.event_mentions or ()):
        allowed = onto.event_roles[em.type]
        for k, arg in enumerate(em.arguments):
            if arg.role not in allowed:
                out.append(_problem("submission-role-not-allowed", file, doc.doc_id,
                                    base + jsonio.json_pointer("event_mentions", j, "arguments", k, "role"),
                                    f"expected a role of {em.type} ({', '.join(allowed)}), found {arg.role}"))
    return out


def _document_warnings(doc: SubmissionDocument, index: int, file: str, layers_used: set[str]) -> list[Problem]:
    out = []
    base = jsonio.json_pointer("documents", index)
    for layer in LAYERS:
        items = getattr(doc, layer)
        if items is None:
            if layer in layers_used:
                out.append(_problem("submission-layer-missing", file, doc.doc_id, base,
                                    f"expected `{layer}` (other documents have it), found none; scored as empty"))
            continue
        if len(set(map(_SPAN, items))) == len(items):
            repeated = 0  # distinct spans: no item can repeat another
        else:
            keys = [_freeze(x) for x in items] if layer == "event_mentions" else items
            repeated = len(keys) - len(set(keys))
        if repeated:
            out.append(_problem("submission-duplicate-item", file, doc.doc_id, base + "/" + layer,
                                f"expected distinct items, found {repeated} repeated; each counted once"))
        rule = SPAN_RULES[layer]
        conflicts = conflicting_keys(items, rule)
        if conflicts:
            key = "span and type" if layer == "event_mentions" else "span"
            out.append(_problem("submission-conflicting-duplicate", file, doc.doc_id, base + "/" + layer,
                                f"expected one prediction per {key} in `{layer}`, found {conflicts} predicted more "
                                f"than once with different {rule.fields}; the first in sorted order is scored"))
        for j, em in enumerate(items if layer == "event_mentions" else ()):
            args = len(em.arguments) - len(set(em.arguments))
            if args:
                out.append(_problem("submission-duplicate-item", file, doc.doc_id,
                                    base + jsonio.json_pointer(layer, j, "arguments"),
                                    f"expected distinct arguments, found {args} repeated; each counted once"))
    return out


_SPAN = attrgetter("start", "end")
_STARTS, _ENDS, _ARGUMENTS = attrgetter("start"), attrgetter("end"), attrgetter("arguments")


# --- one prediction per span: what the scorer keeps, and what the checks warn about -------------------------


def _mention_order(m: PredictedMention) -> tuple[str, str, str]:
    return (m.type, m.level or "", m.cluster or "")


def _timex_order(t: PredictedTimex) -> tuple[str, str]:
    return (t.type or "", t.value or "")


def _event_order(e: PredictedEventMention) -> tuple[Any, ...]:
    return (e.cluster or "", tuple(sorted((e.attributes or {}).items())),
            tuple(sorted((a.role, a.start, a.end) for a in e.arguments)))


def _event_identity(e: PredictedEventMention) -> tuple[Any, ...]:
    return (e.cluster or "", tuple(sorted((e.attributes or {}).items())))  # arguments are pooled, not chosen


def _toponym_order(t: PredictedToponym) -> tuple[Any, ...]:
    return (t.reading or "", t.geonames_id or 0, t.lat is None, t.lat or 0.0, t.lon or 0.0)


@dataclass(frozen=True)
class SpanRule:
    """Where a layer's task needs one prediction per key: the key, the order that picks the one scored (the
    first), the fields whose disagreement is a conflict (a repeated identical item is a duplicate, not a conflict),
    and what those fields are called in the warning."""

    key: Callable[[Any], Any]
    order: Callable[[Any], Any]
    identity: Callable[[Any], Any]
    fields: str


SPAN_RULES: dict[str, SpanRule] = {
    # coreference: a span is one mention whatever its types; its cluster decides
    "mentions": SpanRule(_SPAN, _mention_order, attrgetter("cluster"), "coreference clusters"),
    "timexes": SpanRule(_SPAN, _timex_order, _timex_order, "types or values"),
    "event_mentions": SpanRule(attrgetter("start", "end", "type"), _event_order, _event_identity,
                               "clusters or attributes"),
    "toponyms": SpanRule(_SPAN, _toponym_order, _toponym_order, "readings or places"),
}
"""The one definition the scorer (:func:`first_by`) and the ``submission-conflicting-duplicate`` check share."""


def _groups(items: Sequence[Any], rule: SpanRule) -> dict[Any, list[Any]] | None:
    """The items by key, or None when every key has one item (the common case, checked at C speed)."""
    if len(set(map(rule.key, items))) == len(items):
        return None
    groups: dict[Any, list[Any]] = defaultdict(list)
    for item in items:
        groups[rule.key(item)].append(item)
    return groups


def first_by(items: Sequence[Any], rule: SpanRule) -> dict[Any, Any]:
    """Per key, the item first in the rule's order: the prediction the scorer counts."""
    groups = _groups(items, rule)
    if groups is None:
        return {rule.key(item): item for item in items}
    return {k: min(group, key=rule.order) for k, group in groups.items()}


def conflicting_keys(items: Sequence[Any], rule: SpanRule) -> int:
    """How many keys have items that disagree on the rule's identity fields."""
    groups = _groups(items, rule)
    if groups is None:
        return 0
    return sum(len({rule.identity(x) for x in group}) > 1 for group in groups.values())


def _spans_fine(items: Sequence[Any], limit: float) -> bool:
    """Every item has start < end <= limit."""
    if not items:
        return True
    ends = list(map(_ENDS, items))
    return all(map(lt, map(_STARTS, items), ends)) and max(ends) <= limit


def _freeze(em: PredictedEventMention) -> tuple[Any, ...]:
    """A hashable identity of a predicted event mention (its attributes are a mapping)."""
    return (em.start, em.end, em.type, em.cluster,
            tuple(sorted(em.attributes.items())) if em.attributes is not None else None, em.arguments)


def gold_documents(directory: Path | None = None) -> tuple[dict[str, Document] | None, list[Problem]]:
    """The gold documents of ``directory`` (default corpus/gold) for the submission checks, read without
    validation and without the scorer's dependencies (numpy): what ``validate-submission`` needs."""
    directory = Path(directory) if directory is not None else gold_dir()
    paths = sorted(directory.glob("*.json"))
    if not paths:
        return None, [_problem("gold-empty", display_path(directory), None, "",
                               f"expected gold documents (*.json) in {display_path(directory)}, found none")]
    docs: dict[str, Document] = {}
    problems: list[Problem] = []
    for path in paths:
        data, found = read_json_file(path)
        if data is None:
            problems.extend(found)
            continue
        found = schema_file_problems(data, "document.schema.json", display_path(path))
        if found:
            problems.extend(found)
            continue
        doc = jsonio.document_from_json(data)
        docs[doc.doc_id] = doc
    return (None, problems) if problems else (docs, [])


def validate_submission(path: Path, gold: Mapping[str, Document] | None = None, *,
                        strict: bool = False) -> tuple[Submission | None, list[Problem]]:
    """The submission at ``path`` and its problems (schema, ontology, and gold checks when ``gold`` is given);
    the submission is None when it cannot be read or fails the schema."""
    report = submission_report(path, gold, strict=strict)
    return report.submission, list(report.problems)


def submission_report(path: Path, gold: Mapping[str, Document] | None = None, *,
                      strict: bool = False) -> SubmissionReport:
    """Everything ``validate-submission`` prints: the submission, its problems and warnings."""
    submission, problems = read_submission(path)
    if submission is None:
        return SubmissionReport(None, tuple(problems), ())
    problems, warnings = check_submission(submission, display_path(path), gold, strict=strict)
    return SubmissionReport(submission, tuple(problems), tuple(warnings))


def submission_from_documents(documents: Iterable[Document], system: SystemInfo | None = None) -> Submission:
    """Annotated documents as a submission with every layer (scoring one annotation pass against another, or the
    gold against itself): mention clusters are entity ids, event clusters event ids, arguments the fillers' extents."""
    out = []
    for doc in documents:
        mentions = {m.id: m for m in doc.mentions}
        timexes = {t.id: t for t in doc.timexes}
        events = {e.id: e for e in doc.events}

        def span_of(ref: str) -> tuple[int, int]:
            item = mentions.get(ref) or timexes[ref]
            return item.start, item.end

        out.append(SubmissionDocument(
            doc_id=doc.doc_id,
            mentions=tuple(PredictedMention(m.start, m.end, m.type, m.level, m.entity) for m in doc.mentions),
            timexes=tuple(PredictedTimex(t.start, t.end, t.type, t.value) for t in doc.timexes),
            event_mentions=tuple(
                PredictedEventMention(em.start, em.end, events[em.event].type, em.event,
                                      dict(events[em.event].attributes),
                                      tuple(PredictedArgument(a.role, *span_of(a.ref)) for a in em.arguments))
                for em in doc.event_mentions),
            toponyms=tuple(
                PredictedToponym(mentions[t.mention].start, mentions[t.mention].end, t.reading, t.geonames_id,
                                 t.lat, t.lon)
                for t in doc.toponyms),
        ))
    return Submission(system or SystemInfo("gold", "1", "the annotated documents themselves"), tuple(out))
