"""Every problem newsbench reports, and every check id it may carry, in one place.

A problem names the file, the document, a JSON pointer (or another place, such as ``line 3``), a stable check id
and what was expected and found. It is made only through :func:`problem`, which refuses an id that
:data:`REGISTRY` does not hold. Adding a check is one row in :data:`_FAMILIES`; schema/README.md's tables are
rendered from it (``python scripts/check_ids.py``; ``tests/test_check_ids.py`` proves they are up to date).

This module is a leaf: it imports nothing from newsbench.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["problem", "warning", "note"]
"""``problem`` stops the command (exit 1); ``warning`` is reported and the work goes on (a problem under a strict
option); ``note`` reports what was counted or skipped, never a fault."""

SEVERITIES: tuple[Severity, ...] = ("problem", "warning", "note")


class UnregisteredCheckError(LookupError):
    """A programming error: a problem was made with a check id that no family registers."""


@dataclass(frozen=True)
class Check:
    """One registered check id: its family, its severity and what it means (one line)."""

    id: str
    family: str
    severity: Severity
    meaning: str


@dataclass(frozen=True)
class Problem:
    """One problem found in one place. Made only through :func:`problem`."""

    check: str
    file: str
    doc_id: str | None
    pointer: str
    message: str

    def __str__(self) -> str:
        """One line: control, separator and other unprintable characters (U+2028, ESC, a lone surrogate) escaped."""
        return " ".join(map(printable, (self.file, f"[{self.doc_id or '-'}]", self.pointer or "/",
                                        f"{self.check}: {self.message}")))

    def to_json(self) -> dict[str, Any]:
        """Lone surrogates (from file names that are not UTF-8) escaped, so the JSON encodes as UTF-8."""
        return {"check": self.check, "file": _no_surrogates(self.file), "doc_id": _no_surrogates(self.doc_id),
                "pointer": _no_surrogates(self.pointer), "message": _no_surrogates(self.message)}


class ProblemsError(Exception):
    """Raised where work cannot go on because of problems in the input or the output paths; the CLI prints
    :attr:`problems` (set by each subclass) and exits 1, with no traceback."""

    problems: list[Problem]


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A code point that is half of a UTF-16 pair: Python strings can hold one (a ``\\ud800`` escape, a file name
that is not UTF-8), UTF-8 cannot encode it."""


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch in "\n\r\t":
        return repr(ch)[1:-1]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every unprintable character (controls, line and paragraph separators, lone surrogates, format
    characters) written as a Python escape, so a problem stays on one line and cannot drive the terminal."""
    return text if text.isprintable() else "".join(ch if ch.isprintable() else _escape_char(ch) for ch in text)


def _no_surrogates(text: str | None) -> str | None:
    if text is None or not LONE_SURROGATE.search(text):
        return text
    return LONE_SURROGATE.sub(lambda m: _escape_char(m[0]), text)


# --- the registry: family -> (check id, severity, meaning) -------------------------------------------------------
# A family is one table in schema/README.md; the order here is the order there.

_FAMILIES: dict[str, tuple[tuple[str, Severity, str], ...]] = {
    "document": (
        ("file-missing", "problem", "the file does not exist or is not a regular file"),
        ("file-empty", "problem", "the file has no content"),
        ("file-not-utf8", "problem", "the bytes are not valid UTF-8"),
        ("file-has-bom", "problem", "the file starts with a UTF-8 byte order mark"),
        ("file-unreadable", "problem", "the file exists but cannot be read (permissions, an I/O error)"),
        ("json-malformed", "problem", "the content is not well-formed JSON"),
        ("json-duplicate-key", "problem", "an object repeats a key"),
        ("json-number-invalid", "problem", "a number is NaN, infinite, or too large to be meaningful"),
        ("json-text-invalid", "problem", "a string or key is not Unicode text: it holds a lone surrogate escape such "
                                         "as `\\ud800`"),
        ("json-top-level", "problem", "the file's top-level value is not an object or an array (e.g. just `null`)"),
        ("schema-required", "problem", "a required key is missing"),
        ("schema-type", "problem", "a value has the wrong JSON type"),
        ("schema-enum", "problem", "a label is not in the ontology's inventory"),
        ("schema-pattern", "problem", "a string does not match its pattern (ids, hashes, versions, feature codes)"),
        ("schema-unknown-key", "problem", "an object has a key the format does not define"),
        ("schema-range", "problem", "a number or string is outside its allowed range (offsets, coordinates, ids)"),
        ("doc-id-unsafe", "problem", "a doc id is not ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$ (ingest)"),
        ("seed-conflict", "problem", "a different text is already stored under the doc id (ingest)"),
        ("seed-meta-missing", "problem", "a seed has no corpus/seeds/<doc_id>.meta.json, or it is not valid"),
        ("extra-missing", "problem", "a command needs an optional extra that is not installed (the message says how "
                                     "to install it)"),
        ("seed-meta-invalid", "problem", "a seed's metadata (given to ingest or in its .meta.json) has a date that "
                                         "is not a real date"),
        ("seed-anchor-date-missing", "problem", "ingest: the text states no dateline and no `--anchor-date` was "
                                                "given (nothing ingested)"),
        ("doc-id-file-mismatch", "problem", "doc_id differs from the file's stem (or, under corpus/annotations, its "
                                            "folder)"),
        ("seed-missing", "problem", "no seed text corpus/seeds/<doc_id>.txt for the document"),
        ("seed-text-mismatch", "problem", "text differs from the seed's text"),
        ("seed-sha256-mismatch", "problem", "meta.sha256 differs from the sha256 of the seed's bytes"),
        ("anchor-date-invalid", "problem", "meta.anchor_date is neither a real calendar date nor \"unknown\""),
        ("annotated-range-invalid", "problem", "a declared layer's ranges are not sorted, non-empty, non-overlapping "
                                               "ranges inside the text"),
        ("layer-undeclared-items", "problem", "a document has items of a layer it does not declare annotated "
                                              "(mentions only to carry toponyms)"),
        ("item-outside-annotated", "problem", "an item of a declared layer lies outside the ranges where the "
                                              "document annotates that layer"),
        ("duplicate-id", "problem", "two items share an id"),
        ("span-out-of-range", "problem", "a span is not 0 <= start < end <= len(text)"),
        ("span-text-mismatch", "problem", "text[start:end] differs from the item's text"),
        ("span-untrimmed", "problem", "a span starts or ends with white space"),
        ("head-outside-extent", "problem", "a mention's head is empty or not inside its extent"),
        ("head-whole-nominal", "warning", "a NOM mention of more than one word has its whole extent as head "
                                          "(GUIDELINES 2.5: a NOM's head is its noun; T6's model names aside); a "
                                          "problem under `validate --strict`"),
        ("mention-duplicate-span", "problem", "two mentions have the same extent"),
        ("dangling-reference", "problem", "an id reference resolves to nothing"),
        ("mention-type-mismatch", "problem", "a mention's type differs from its entity's type"),
        ("subtype-not-allowed", "problem", "an entity subtype does not belong to its type"),
        ("entity-without-mention", "problem", "an entity has no mention"),
        ("event-without-mention", "problem", "an event has no event mention"),
        ("role-not-allowed", "problem", "an argument role is not allowed for the event's type"),
        ("argument-ref-kind", "problem", "an argument refers to the wrong kind of item (Time takes a timex, other "
                                         "roles a mention)"),
        ("argument-filler-type", "problem", "an argument's mention has an entity type the role does not admit"),
        ("argument-duplicate", "problem", "an event mention repeats the same role and filler"),
        ("timex-value-malformed", "problem", "a timex value is not a well-formed TIMEX3 value for its type"),
        ("event-date-malformed", "problem", "an event's grounding date is not a well-formed ISO 8601 date"),
        ("toponym-duplicate", "problem", "two toponym records name the same mention"),
        ("toponym-not-name", "problem", "a toponym's mention is not a name (NAM) mention"),
        ("toponym-entity-type", "problem", "a toponym's mention is not of a place type (GPE, LOC, FAC) and the "
                                           "reading is not Homonym"),
        ("toponym-missing", "problem", "a GPE or LOC name mention has no toponym record"),
        ("toponym-unsourced", "problem", "a toponym without a GeoNames id lacks a named source or an uncertainty "
                                         "radius"),
    ),
    "import": (
        ("import-source-invalid", "problem", "a source file cannot be read as the format named (unreadable, "
                                             "malformed, inconsistent)"),
        ("import-mapping-invalid", "problem", "the class mapping table given with --mapping has the wrong shape"),
    ),
    "labelstudio": (
        ("ls-task-unannotated", "note", "a task has no usable annotation (or prediction) and was skipped"),
        ("ls-multiple-annotations", "note", "a task has several annotations: the most recently updated was imported"),
        ("ls-cluster-near-miss", "note", "a typed entity or event id on one mention is new to the task and one edit "
                                         "away from a known one (`E55` for `E5`)"),
        ("ls-prediction-dropped", "note", "a predicted item cannot be shown in Label Studio (no type, or no region "
                                          "at its span)"),
        ("ls-nothing-imported", "problem", "an import found no annotation to import (no annotator matched, or none "
                                           "annotated): nothing written"),
        ("ls-task-malformed", "problem", "a task lacks data.text, data.doc_id or the document metadata, or has the "
                                         "wrong shape"),
        ("ls-task-duplicate", "problem", "two tasks carry the same doc id"),
        ("ls-prediction-ids-only", "problem", "predictions are listed as ids only (a plain export): a snapshot "
                                              "export is needed"),
        ("ls-region-out-of-range", "problem", "a region's offsets are not integers with 0 <= start < end <= len(text)"),
        ("ls-region-text-mismatch", "problem", "a region's text differs from the task text at its offsets (code "
                                               "points)"),
        ("ls-region-duplicate", "problem", "two label results share one region id"),
        ("ls-label-unknown", "problem", "a label, choice, role or control name is not in the config generated from "
                                        "the ontology"),
        ("ls-value-to-check", "problem", "a value still carries the pre-annotation's mark `TO CHECK` (the system "
                                         "could not give it)"),
        ("ls-attribute-missing", "problem", "a region lacks a required per-region value, or a relation has no role"),
        ("ls-attribute-invalid", "problem", "a per-region value has the wrong kind or offsets, repeats, or sits on "
                                            "the wrong region"),
        ("ls-cluster-conflict", "problem", "regions of one entity or event disagree on a cluster-level value (type, "
                                           "subtype, attribute)"),
        ("ls-relation-dangling", "problem", "a relation names a region id that does not exist"),
        ("ls-relation-endpoint", "problem", "a relation does not join one trigger region to one mention, timex or "
                                            "role region"),
        ("ls-role-unlinked", "problem", "a role region (an argument drawn with a role label) is linked to no trigger"),
        ("ls-role-filler-unmatched", "problem", "a role region's span is not the span of exactly one mention (or "
                                                "timex, for a timex role)"),
        ("ls-config-mismatch", "problem", "a Label Studio project's labeling config differs from the one generated "
                                          "from the ontology"),
        ("ls-server-unreachable", "problem", "no Label Studio server answers at the URL"),
        ("ls-auth-failed", "problem", "the Label Studio server refused the API token (or none was given)"),
        ("ls-server-error", "problem", "the Label Studio server answered a request with an error"),
        ("ls-project-missing", "problem", "no Label Studio project has the given title"),
    ),
    "agreement": (
        ("passes-mismatch", "problem", "two annotation passes annotate different texts (or declare different layers) "
                                       "under one doc id, or share no document"),
        ("passes-partial", "note", "a document is annotated in one pass only and is left out of the comparison"),
        ("decision-missing", "problem", "a disagreement has no decision in the decisions file"),
        ("decision-invalid", "problem", "a decision names an unknown item or choice, a third value (C) has the wrong "
                                        "shape, or the decisions file is malformed"),
        ("gold-exists", "problem", "`adjudicate --gold`: a different gold document is already stored under the doc "
                                   "id (`--replace-gold`)"),
    ),
    "output": (
        ("output-not-file", "problem", "an output file path is a folder, device, pipe, socket or symlink (it is left "
                                       "as it is)"),
        ("output-not-folder", "problem", "an output folder path is a file or a symlink (it is left as it is)"),
        ("output-parent-missing", "problem", "the folder an output goes into cannot exist: a file (not a folder) is "
                                             "in its path"),
        ("output-not-writable", "problem", "the folder an output goes into cannot be written"),
        ("output-write-failed", "problem", "writing an output failed (a full disk, an I/O error); the previous file "
                                           "is left as it was"),
    ),
    "baselines": (
        ("baseline-input-missing", "problem", "a baseline run over a corpus folder finds none of the files it reads "
                                              "(no gold document, no seed)"),
    ),
    "submission": (
        ("submission-duplicate-doc", "problem", "two entries of `documents` have the same doc_id"),
        ("submission-unknown-doc", "problem", "a doc_id is not a document of the gold"),
        ("submission-span-empty", "problem", "a span has start >= end"),
        ("submission-span-out-of-range", "problem", "a span starts before its document's text or ends after its end"),
        ("submission-role-not-allowed", "problem", "an argument role is not allowed for the event mention's type"),
        ("submission-coordinates-incomplete", "problem", "a toponym has lat without lon or lon without lat"),
        ("submission-document-missing", "warning", "a gold document has no entry; scored as empty (a problem with "
                                                   "--strict)"),
        ("submission-layer-missing", "warning", "a layer given for some documents is absent from others; scored as "
                                                "empty"),
        ("submission-duplicate-item", "warning", "an item is repeated in a layer; counted once"),
        ("submission-conflicting-duplicate", "warning", "items share a span but disagree on other fields; the first "
                                                        "in sorted order is scored"),
        ("submission-lines-header", "problem", "the first line of a JSON Lines submission is not an object holding "
                                               "`system` (and no `documents`: they follow, one a line)"),
        ("gold-empty", "problem", "the gold folder has no documents to score against"),
        ("result-malformed", "problem", "a file given to compare is not a newsbench result: "
                                        "schema/result.schema.json, a row of counts per document and a count per "
                                        "column, the columns of every metric of its tasks"),
        ("results-incomparable", "problem", "two results were computed on different gold, documents or task "
                                            "definitions"),
    ),
    "leaderboard": (
        ("system-metadata-missing", "problem", "a system folder has no system.json"),
        ("system-metadata-invalid", "problem", "system.json is not an object, or a required field is missing or of "
                                               "the wrong type, or the optional `reference` is not a boolean"),
        ("system-name-mismatch", "problem", "the name in system.json or in the submission's `system` differs from "
                                            "the folder name"),
        ("system-submission-missing", "problem", "a system folder has no submission.json"),
        ("systems-dir-missing", "problem", "the folder of system folders (eval/systems) does not exist"),
    ),
    "standoff": (
        ("standoff-malformed", "problem", "a standoff pass lacks a key of the standoff format or has one of the "
                                          "wrong type"),
        ("standoff-corpora-missing", "problem", "the development corpora (../shared/corpora or $NEWSBENCH_CORPORA) "
                                                "are not found"),
        ("standoff-source-missing", "problem", "the source file a standoff pass names is not a regular file in the "
                                               "development corpora"),
        ("standoff-source-unreadable", "problem", "the named importer does not exist or cannot read the source file"),
        ("standoff-article-missing", "problem", "the source file has no article with the pass's index"),
        ("standoff-sha256-mismatch", "problem", "the text rebuilt from the source differs from the pass's "
                                                "text_sha256 (refused)"),
        ("standoff-text-mismatch", "problem", "the document's text differs from the text of the source article it "
                                              "names"),
        ("standoff-round-missing", "problem", "a standoff pass (or the source header and options it is stripped "
                                              "with) names no annotation round"),
        ("standoff-round-mismatch", "problem", "two rounds that must be one differ: the two passes of a document, or "
                                               "the round given to strip and the source header's"),
        ("standoff-text-in-repository", "problem", "a command would write a development-corpus text (a rebuilt pass, "
                                                   "a packet) inside the repository, where those texts are never "
                                                   "committed"),
    ),
    "splits": (
        ("splits-missing", "problem", "corpus/splits.json does not exist"),
        ("splits-malformed", "problem", "corpus/splits.json is not {\"splits\": {<split>: [<doc_id>, ...]}}"),
        ("split-name-unknown", "problem", "a split is not one of train, validation, test"),
        ("split-doc-repeated", "problem", "a document is listed more than once (in one split or in several)"),
        ("split-doc-unknown", "problem", "a listed document has neither a seed nor a gold file"),
        ("split-doc-missing", "problem", "a gold document is in no split"),
        ("gold-missing", "problem", "there is no gold document to build from"),
    ),
    "card": (
        ("card-missing", "problem", "the README (dataset card) does not exist"),
        ("card-markers-missing", "problem", "the README lacks a pair of generated-section markers, or has them more "
                                            "than once or out of order"),
    ),
    "notice": (
        ("span-cuts-token", "note", "a span boundary falls inside a token: token offsets cover the smallest run of "
                                    "tokens around it"),
        ("span-crosses-sentence", "note", "a span runs over a sentence boundary: null token offsets, not in the IOB2 "
                                          "columns"),
        ("name-nested", "note", "a name's head or extent lies inside another's tokens: only the outermost is in the "
                                "IOB2 column"),
        ("name-overlap", "note", "two names' tokens cross: the one starting first (then the longer) is in the IOB2 "
                                 "column"),
        ("sentence-partly-annotated", "note", "a sentence runs over the end of a declared range: its items are in "
                                              "the documents config only, not in the entities or events config"),
    ),
    "interop": (
        ("interop-input-malformed", "problem", "a line or file is not in the format named (bad JSON line, column "
                                               "line, annotation line, DocBin bytes)"),
        ("interop-unknown-doc", "problem", "a document of the input is not a document of the gold"),
        ("interop-token-unaligned", "problem", "a token of the input is not the next piece of its gold document's "
                                               "text"),
        ("interop-span-invalid", "problem", "a span (token range or offsets) is empty, reversed or outside its "
                                            "sentence or text"),
        ("interop-reference-dangling", "problem", "an argument, relation or note names an annotation that does not "
                                                  "exist"),
        ("interop-text-mismatch", "problem", "a text carried by the input (brat .txt, DocBin) differs from the gold "
                                             "text"),
        ("interop-type-missing", "problem", "a CoNLL-2012 mention has no entity type (no bracket in the named-entity "
                                            "column, none in its cluster) and no --default-type was given"),
        ("interop-extra-missing", "problem", "the format needs an extra that is not installed (docbin: spaCy, the "
                                             "baselines extra)"),
        ("not-carried-layer", "note", "the format has no place for a layer; its items are counted, not written"),
        ("not-carried-label", "note", "a label of the input maps to no newsbench label; the item is counted, not "
                                      "converted"),
        ("not-carried-span", "note", "a span or item the target cannot hold (discontinuous brat fragments, a "
                                     "CoNLL-2012 mention crossing another of its entity, a brat toponym without "
                                     "coordinates); counted"),
    ),
    "gazetteer": (
        ("gazetteer-empty", "problem", "a gazetteer file (corpus/gazetteer.jsonl, the curated records) has no record"),
        ("gazetteer-record-not-object", "problem", "a line is a JSON value but not an object"),
        ("gazetteer-record-missing-field", "problem", "a record lacks a field of the record format"),
        ("gazetteer-record-unknown-field", "problem", "a record has a field the record format does not define"),
        ("gazetteer-geonames-id-invalid", "problem", "geonames_id is neither a positive integer nor null"),
        ("gazetteer-geonames-id-duplicate", "problem", "two records have the same geonames_id"),
        ("gazetteer-name-invalid", "problem", "name is not a non-empty string (after normalisation)"),
        ("gazetteer-alternate-names-invalid", "problem", "alternate_names is not a list of non-empty strings"),
        ("gazetteer-lat-invalid", "problem", "lat is not a number in [-90, 90]"),
        ("gazetteer-lon-invalid", "problem", "lon is not a number in [-180, 180]"),
        ("gazetteer-feature-invalid", "problem", "feature is not a GeoNames CLASS.CODE such as P.PPLC"),
        ("gazetteer-country-code-invalid", "problem", "country_code is not two capital letters"),
        ("gazetteer-population-invalid", "problem", "population is neither a non-negative integer nor null"),
        ("gazetteer-source-invalid", "problem", "source is not a non-empty string"),
        ("gazetteer-uncertainty-invalid", "problem", "uncertainty_km is neither a non-negative number nor null"),
        ("gazetteer-curated-invalid", "problem", "curated is not true or false"),
        ("gazetteer-record-unsourced", "problem", "a record without a GeoNames id names GeoNames as its source"),
        ("gazetteer-uncertainty-missing", "problem", "a record without a GeoNames id has no uncertainty_km > 0"),
    ),
}


def _registry() -> dict[str, Check]:
    out: dict[str, Check] = {}
    for family, rows in _FAMILIES.items():
        for check_id, severity, meaning in rows:
            if check_id in out:
                raise UnregisteredCheckError(f"check id {check_id!r} is registered twice ({out[check_id].family}, "
                                             f"{family})")
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check_id) or severity not in SEVERITIES:
                raise UnregisteredCheckError(f"check id {check_id!r} ({severity}) is not kebab-case with a severity")
            out[check_id] = Check(check_id, family, severity, meaning)
    return out


REGISTRY: Mapping[str, Check] = _registry()
"""Every check id newsbench may report, by id."""

FAMILIES: tuple[str, ...] = tuple(_FAMILIES)


def registered(check: str, *, family: str | None = None) -> Check:
    """The registration of ``check``; :class:`UnregisteredCheckError` when there is none (or, with ``family``, when
    ``check`` belongs to another family)."""
    found = REGISTRY.get(check)
    if found is None:
        raise UnregisteredCheckError(f"check id {check!r} is not registered in newsbench.problems")
    if family is not None and found.family != family:
        raise UnregisteredCheckError(f"check id {check!r} is registered in family {found.family!r}, not {family!r}")
    return found


def problem(check: str, file: str, doc_id: str | None, pointer: str, message: str, *,
            family: str | None = None) -> Problem:
    """The one way to make a :class:`Problem`: refuses (:class:`UnregisteredCheckError`) an unregistered ``check``,
    and with ``family`` one of another family (a module that makes only its own family's problems says so)."""
    registered(check, family=family)
    return Problem(check, file, doc_id, pointer, message)


def family_checks(*families: str) -> dict[str, str]:
    """check id -> meaning for every id of ``families`` (in registry order)."""
    unknown = set(families) - set(_FAMILIES)
    if unknown:
        raise UnregisteredCheckError(f"no check family {sorted(unknown)}")
    return {c.id: c.meaning for c in REGISTRY.values() if c.family in families}


def checks_of_severity(severity: Severity, *families: str) -> frozenset[str]:
    """The ids of ``families`` (every family when none is named) whose severity is ``severity``."""
    return frozenset(c.id for c in REGISTRY.values()
                     if c.severity == severity and (not families or c.family in families))


def markdown_table(family: str) -> str:
    """The family's table as schema/README.md shows it (``scripts/check_ids.py`` writes it there)."""
    lines = ["| check id | severity | fires when |", "| --- | --- | --- |"]
    lines += [f"| `{c.id}` | {c.severity} | {c.meaning} |" for c in REGISTRY.values() if c.family == family]
    return "\n".join(lines) + "\n"


_TABLE_BLOCK = re.compile(r"(<!-- check-ids: ([a-z]+) -->\n)(.*?)(<!-- /check-ids -->)", re.DOTALL)


def with_tables(readme: str) -> str:
    """``readme`` (schema/README.md's text) with each ``<!-- check-ids: FAMILY -->`` block re-rendered from the
    registry; :class:`UnregisteredCheckError` when a family has no block or two."""
    blocks = [m[2] for m in _TABLE_BLOCK.finditer(readme)]
    if sorted(blocks) != sorted(_FAMILIES):
        raise UnregisteredCheckError(f"expected one table block per family {list(_FAMILIES)}, found {blocks}")
    return _TABLE_BLOCK.sub(lambda m: m[1] + markdown_table(m[2]) + m[4], readme)
