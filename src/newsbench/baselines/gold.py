"""Annotated documents as submissions: the ``oracle`` (the gold), ``annotator-a``/``-b`` (the two passes),
and the ``empty`` system (every layer present, nothing in it).

The conversion keeps everything a submission can carry: mention spans, types, levels and their entity as
the cluster; time expressions with type and value; event mentions with the event's type, the event as the
cluster, its four attributes and its arguments by the span of their filler; toponyms with reading,
GeoNames id and coordinates. What a submission cannot carry (ids, entity subtypes, heads, event grounding,
toponym feature/source/uncertainty) is dropped.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Iterable

from ..model import (
    Document,
    PredictedArgument,
    PredictedEventMention,
    PredictedMention,
    PredictedTimex,
    PredictedToponym,
    SubmissionDocument,
)
from ..paths import corpus_dir, gold_dir
from .. import validate
from ..problems import Problem
from ..validate import InvalidInput, load_valid_document
from .common import InputDocument, sort_event_mentions, sort_mentions, sort_timexes, sort_toponyms


def document_to_submission(doc: Document) -> SubmissionDocument:
    """One annotated document as a submission document, every layer present."""
    events = {e.id: e for e in doc.events}
    spans = {m.id: (m.start, m.end) for m in doc.mentions}
    spans.update({t.id: (t.start, t.end) for t in doc.timexes})
    mentions_by_id = {m.id: m for m in doc.mentions}
    return SubmissionDocument(
        doc_id=doc.doc_id,
        mentions=sort_mentions(
            PredictedMention(m.start, m.end, m.type, m.level, m.entity) for m in doc.mentions
        ),
        timexes=sort_timexes(PredictedTimex(t.start, t.end, t.type, t.value) for t in doc.timexes),
        event_mentions=sort_event_mentions(
            PredictedEventMention(
                em.start, em.end, events[em.event].type, em.event, events[em.event].attributes,
                tuple(PredictedArgument(a.role, *spans[a.ref]) for a in em.arguments),
            )
            for em in doc.event_mentions
        ),
        toponyms=sort_toponyms(
            PredictedToponym(mentions_by_id[t.mention].start, mentions_by_id[t.mention].end, t.reading,
                             t.geonames_id, t.lat, t.lon)
            for t in doc.toponyms
        ),
    )


def empty_document(doc_id: str) -> SubmissionDocument:
    """A submission document that predicts every layer and finds nothing."""
    return SubmissionDocument(doc_id=doc_id, mentions=(), timexes=(), event_mentions=(), toponyms=())


def empty_documents(docs: Iterable[InputDocument]) -> list[SubmissionDocument]:
    """Empty predictions for each document."""
    return [empty_document(d.doc_id) for d in docs]


def gold_paths(corpus: Path | None = None) -> list[Path]:
    """The gold documents of the corpus, sorted."""
    return validate.gold_paths(gold_dir() if corpus is None else corpus / "gold")


def pass_paths(which: str, corpus: Path | None = None) -> list[Path]:
    """Annotation pass files corpus/annotations/<doc_id>/pass-<which>.json, in doc id order."""
    return sorted(((corpus or corpus_dir()) / "annotations").glob(f"*/pass-{which}.json"))


def convert_files(paths: Iterable[Path], seeds: Path | None = None) -> tuple[list[SubmissionDocument], list[Problem]]:
    """Validate and convert annotated files; an invalid file contributes its problems, not a document."""
    out: list[SubmissionDocument] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            doc = load_valid_document(path, seeds=seeds)
        except InvalidInput as e:
            problems.extend(e.problems)
            continue
        out.append(document_to_submission(doc))
    return out, problems
