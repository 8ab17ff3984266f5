"""Standoff passes: annotation of development-corpus texts kept in the repository without the text.

A standoff pass (``corpus/standoff/<doc_id>/<pass>.json``) is a newsbench document without ``text``, ``meta.title``
or any span's ``text``, plus its annotation round (number, and the guidelines commit the annotators were given), the
source it was annotated on (importer format, corpus folder, file, article index) and the sha256 of that text.
:func:`rebuild` reads the text again from the development corpora through the importers of :mod:`newsbench.interop`
and refuses when its sha256 differs; :func:`strip` makes a pass from a full document after checking that its text is
the source's. Offsets stay Unicode code points, half-open.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import jsonio
from ..interop.common import ImportFailed
from ..interop.importers import import_files
from ..model import Document, StandoffRound, StandoffSource
from ..paths import development_corpora_dir, repo_root
from ..problems import Problem, family_checks, problem
from ..validate import (
    InvalidInput,
    display_path,
    document_problems,
    load_valid_document,
    read_json_file,
    schema_file_problems,
)

STANDOFF_CHECKS: dict[str, str] = family_checks("standoff")


def text_sha256(text: str) -> str:
    """sha256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceText:
    """A source article as the importer reads it, or the problems that prevented reading it."""

    document: Document | None
    problems: tuple[Problem, ...]


def _problem(check: str, file: str, doc_id: str | None, pointer: str, message: str) -> Problem:
    return problem(check, file, doc_id, pointer, message, family="standoff")


def read_source(fmt: str, corpus: str, file: str, article: int, *, reported_as: str, doc_id: str | None = None,
                corpora: Path | None = None) -> SourceText:
    """Article ``article`` of ``corpora/corpus/file`` through importer ``fmt``."""
    def fail(check: str, pointer: str, message: str) -> SourceText:
        return SourceText(None, (_problem(check, reported_as, doc_id, pointer, message),))

    root = corpora or development_corpora_dir()
    if root is None:
        return fail("standoff-corpora-missing", "/standoff/source",
                    "expected the development corpora beside the checkout or in $NEWSBENCH_CORPORA, found none")
    path = root / corpus / file
    if Path(file).is_absolute() or ".." in Path(file).parts or not path.is_file():
        return fail("standoff-source-missing", "/standoff/source/file",
                    f"expected a regular file {corpus}/{file} in {root}, found none")
    try:
        documents = import_files(fmt, [path]).documents
    except KeyError as e:
        return fail("standoff-source-unreadable", "/standoff/source/format", f"expected a known importer: {e.args[0]}")
    except ImportFailed as e:
        return fail("standoff-source-unreadable", "/standoff/source/file", f"expected {fmt} input: {e}")
    if not 0 <= article < len(documents):
        return fail("standoff-article-missing", "/standoff/source/article",
                    f"expected an index below {len(documents)} (articles the importer reads from {file}), "
                    f"found {article}")
    return SourceText(documents[article], ())


def rebuild(path: Path, *, corpora: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """The full document of the standoff pass at ``path``, checked against its source text and validated."""
    file = display_path(path)
    data, source, round_, problems = read_header(path)
    if source is None:
        return None, problems
    doc_id = data["document"].get("doc_id") if isinstance(data.get("document"), dict) else None
    if round_ is None:
        return None, [_problem("standoff-round-missing", file, doc_id, "/standoff/round",
                               "expected the pass's round {\"number\", \"guidelines\"} in its standoff header "
                               f"(version {jsonio.STANDOFF_VERSION}), found none")]
    got = read_source(source.format, source.corpus, source.file, source.article, reported_as=file, doc_id=doc_id,
                      corpora=corpora)
    if got.document is None:
        return None, list(got.problems)
    text = got.document.text
    digest = text_sha256(text)
    if digest != source.text_sha256:
        return None, [_problem("standoff-sha256-mismatch", file, doc_id, "/standoff/text_sha256",
                               f"expected {source.text_sha256} ({source.text_length} code points), found {digest} "
                               f"({len(text)} code points) for article {source.article} of {source.corpus}/"
                               f"{source.file}: the source or its importer changed; nothing rebuilt")]
    try:
        full = jsonio.document_json_from_standoff(data, text, got.document.meta.title)
    except (KeyError, TypeError) as e:
        return None, [_problem("standoff-malformed", file, doc_id, "/document",
                               f"expected a document without its text, found a problem with {e}")]
    problems = schema_file_problems(full, "document.schema.json", file)
    if problems:
        return None, problems
    doc = jsonio.document_from_json(full)
    problems = document_problems(doc, file)
    return (None, problems) if problems else (doc, [])


def strip(path: Path, source_path: Path, *, round_: StandoffRound | None = None,
          corpora: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """The standoff JSON of the valid document at ``path``; ``source_path`` is a JSON file with a ``standoff``
    header (a packet's ``meta.json`` or another pass on the same text). The document's text must be that source's.
    The pass's round is ``round_`` or the header's; given both, they must be the same."""
    shown = display_path(path)
    try:
        doc = load_valid_document(path, check_seed=False)
    except InvalidInput as e:
        return None, e.problems
    _, header, header_round, problems = read_header(source_path)
    if header is None:
        return None, problems
    source_shown = display_path(source_path)
    if round_ is None and header_round is None:
        return None, [_problem("standoff-round-missing", source_shown, doc.doc_id, "/standoff/round",
                               "expected a round in the source's standoff header or given (--round, --guidelines), "
                               "found neither")]
    if round_ is not None and header_round is not None and round_ != header_round:
        return None, [_problem("standoff-round-mismatch", source_shown, doc.doc_id, "/standoff/round",
                               f"expected the round given, {round_.number} (guidelines {round_.guidelines}), found "
                               f"round {header_round.number} (guidelines {header_round.guidelines}) in the header")]
    round_ = round_ or header_round
    assert round_ is not None
    got = read_source(header.format, header.corpus, header.file, header.article, reported_as=source_shown,
                      doc_id=doc.doc_id, corpora=corpora)
    if got.document is None:
        return None, list(got.problems)
    if got.document.text != doc.text:
        return None, [_problem("standoff-text-mismatch", shown, doc.doc_id, "/text",
                               f"expected the {len(got.document.text)} code points of article {header.article} of "
                               f"{header.corpus}/{header.file} ({header.format}), found {len(doc.text)} code points "
                               "that differ")]
    source = StandoffSource(header.format, header.corpus, header.file, header.article, text_sha256(doc.text),
                            len(doc.text))
    return jsonio.standoff_to_json(doc, source, round_), []


def read_header(path: Path) -> tuple[Any, StandoffSource | None, StandoffRound | None, list[Problem]]:
    """The JSON at ``path``, its standoff header's source and round (None where it names none), or the problems."""
    data, problems = read_json_file(path)
    if data is None:
        return None, None, None, problems
    try:
        return data, jsonio.standoff_source_from_json(data), jsonio.standoff_round_from_json(data), []
    except (KeyError, TypeError, AttributeError) as e:
        return data, None, None, [_problem("standoff-malformed", display_path(path), None, "/standoff",
                                           f"expected a standoff header (version {jsonio.STANDOFF_VERSION}: round, "
                                           f"source, text_sha256, text_length), found a problem with {e}")]


def check_output_path(path: Path, *, holds_text: bool = False) -> list[Problem]:
    """jsonio's output check (:func:`newsbench.jsonio.output_problems`: never a folder, device or link replaced),
    and a ``standoff-text-in-repository`` when ``path`` would put a corpus text (``holds_text``) inside the
    repository, where the corpora's texts are never committed."""
    found = jsonio.output_problems(path)
    if not found and holds_text and Path(path).resolve().is_relative_to(repo_root().resolve()):
        found.append(_problem("standoff-text-in-repository", display_path(path), None, "",
                              f"expected a path outside the repository {repo_root()} for a development-corpus text, "
                              "found one inside it"))
    return found


def write_packet(fmt: str, corpus: str, file: str, article: int, out_dir: Path, *, round_: StandoffRound | None = None,
                 corpora: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """An annotation packet for one source article: ``out_dir/<doc_id>/text.txt`` (the imported text, exactly),
    ``out_dir/<doc_id>/meta.json`` (doc id, meta block, the round if given, source) and
    ``out_dir/seeds/<doc_id>.txt`` (the same text, for ``newsbench validate --seeds``). Never committed: the text is
    the corpus's."""
    got = read_source(fmt, corpus, file, article, reported_as=f"{corpus}/{file}", corpora=corpora)
    if got.document is None:
        return [], list(got.problems)
    doc = got.document
    source = StandoffSource(fmt, corpus, file, article, text_sha256(doc.text), len(doc.text))
    paths = [out_dir / doc.doc_id / "text.txt", out_dir / doc.doc_id / "meta.json",
             out_dir / "seeds" / f"{doc.doc_id}.txt"]
    problems = [p for path in paths for p in check_output_path(path, holds_text=True)]
    if problems:
        return [], problems
    data = doc.text.encode("utf-8")
    jsonio.write_bytes_atomic(paths[0], data)
    jsonio.write_json(paths[1], jsonio.packet_meta_to_json(doc, source, round_))
    jsonio.write_bytes_atomic(paths[2], data)
    return paths, []
