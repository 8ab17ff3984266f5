"""Hypothesis strategies for the evaluation tests: labelled span sets, flat predictions, and whole submissions
derived from gold documents by realistic perturbations (dropped, shifted, retyped, invented items)."""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

from newsbench.model import (
    Document, PredictedArgument, PredictedEventMention, PredictedMention, PredictedTimex, PredictedToponym,
    Submission, SubmissionDocument, SystemInfo,
)
from newsbench.ontology import load_ontology

ONTOLOGY = load_ontology()
LABELS = ("PER", "ORG", "GPE", "LOC")


@st.composite
def spans(draw, max_pos: int = 120, max_len: int = 150, labels=LABELS) -> tuple[int, int, str]:
    start = draw(st.integers(0, max_pos))
    length = draw(st.integers(1, max_len) if draw(st.integers(0, 9)) == 0 else st.integers(1, 12))
    return (start, start + length, draw(st.sampled_from(labels)))


@st.composite
def gold_items(draw, max_items: int = 10) -> list[tuple[int, int, str]]:
    """Gold items with distinct spans (the validator forbids two mentions with one extent); they may nest/cross."""
    items = draw(st.lists(spans(), max_size=max_items, unique_by=lambda x: (x[0], x[1])))
    return items


def flatten(items) -> list[tuple[int, int, str]]:
    """Keep items in order while they do not overlap a kept one: a flat (NER-style) prediction."""
    kept: list[tuple[int, int, str]] = []
    for item in items:
        if all(item[1] <= k[0] or k[1] <= item[0] for k in kept):
            kept.append(item)
    return kept


@st.composite
def flat_predictions(draw, gold: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Predictions that copy, shift, retype or drop gold items and invent others; pairwise non-overlapping."""
    out = []
    for s, e, label in gold:
        action = draw(st.sampled_from(["keep", "keep", "drop", "shift", "retype", "both"]))
        if action == "drop":
            continue
        if action in ("shift", "both"):
            s = max(0, s + draw(st.integers(-3, 3)))
            e = max(s + 1, e + draw(st.integers(-3, 3)))
        if action in ("retype", "both"):
            label = draw(st.sampled_from(LABELS))
        out.append((s, e, label))
    out += draw(st.lists(spans(), max_size=4))
    order = draw(st.permutations(range(len(out)))) if out else []
    return flatten([out[i] for i in order])


def _shift(draw, start: int, end: int, limit: int) -> tuple[int, int]:
    if draw(st.integers(0, 3)) == 0:
        start = min(max(0, start + draw(st.integers(-2, 2))), limit - 1)
        end = min(max(start + 1, end + draw(st.integers(-2, 2))), limit)
    return start, end


@st.composite
def submission_documents(draw, doc: Document) -> SubmissionDocument:
    """A plausible system output for ``doc``: every layer, with errors of every kind."""
    n = len(doc.text)
    mentions = []
    for m in doc.mentions:
        if draw(st.integers(0, 4)) == 0:
            continue
        start, end = _shift(draw, m.start, m.end, n)
        mtype = m.type if draw(st.integers(0, 4)) else draw(st.sampled_from(ONTOLOGY.entity_types))
        level = draw(st.sampled_from([m.level, m.level, None, "NOM"]))
        cluster = m.entity if draw(st.integers(0, 3)) else draw(st.sampled_from([None, "X1", "X2"]))
        mentions.append(PredictedMention(start, end, mtype, level, cluster))
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, n - 1))
        mentions.append(PredictedMention(start, draw(st.integers(start + 1, n)), draw(st.sampled_from(LABELS)),
                                         draw(st.sampled_from([None, "NAM", "PRO"])),
                                         draw(st.sampled_from([None, "X1"]))))
    timexes = []
    for t in doc.timexes:
        if draw(st.integers(0, 4)):
            start, end = _shift(draw, t.start, t.end, n)
            timexes.append(PredictedTimex(start, end, draw(st.sampled_from([t.type, None])),
                                          draw(st.sampled_from([t.value, "2021", None]))))
    by_id = {**{m.id: m for m in doc.mentions}, **{t.id: t for t in doc.timexes}}
    events = {e.id: e for e in doc.events}
    event_mentions = []
    for em in doc.event_mentions:
        if draw(st.integers(0, 4)) == 0:
            continue
        event = events[em.event]
        etype = event.type if draw(st.integers(0, 4)) else draw(st.sampled_from(ONTOLOGY.event_types))
        roles = ONTOLOGY.event_roles[etype]
        arguments = []
        for a in em.arguments:
            filler = by_id[a.ref]
            role = a.role if a.role in roles and draw(st.integers(0, 3)) else draw(st.sampled_from(roles))
            arguments.append(PredictedArgument(role, *_shift(draw, filler.start, filler.end, n)))
        attributes = draw(st.none() | st.just(dict(event.attributes)) | st.fixed_dictionaries(
            {}, optional={k: st.sampled_from(v) for k, v in ONTOLOGY.attributes.items()}))
        event_mentions.append(PredictedEventMention(em.start, em.end, etype, draw(st.sampled_from([em.event, None])),
                                                    attributes, tuple(arguments)))
    mention_by_id = {m.id: m for m in doc.mentions}
    toponyms = []
    for t in doc.toponyms:
        if draw(st.integers(0, 4)) == 0:
            continue
        m = mention_by_id[t.mention]
        if draw(st.booleans()):
            coords = dict(lat=t.lat, lon=t.lon, geonames_id=t.geonames_id)
        else:
            coords = dict(lat=draw(st.floats(-90, 90)), lon=draw(st.floats(-180, 180)), geonames_id=None)
        if draw(st.integers(0, 5)) == 0:
            coords = dict(lat=None, lon=None, geonames_id=None)
        toponyms.append(PredictedToponym(m.start, m.end, draw(st.sampled_from([t.reading, None, "Literal"])), **coords))
    return SubmissionDocument(doc.doc_id, tuple(mentions), tuple(timexes), tuple(event_mentions), tuple(toponyms))


SYSTEM = SystemInfo("test-system", "0.1", "generated by hypothesis")


@st.composite
def submissions(draw, docs: list[Document]) -> Submission:
    return Submission(SYSTEM, tuple(draw(submission_documents(d)) for d in docs))


@st.composite
def corpora(draw, min_docs: int = 1, max_docs: int = 4) -> list[Document]:
    """Several generated gold documents with distinct doc ids."""
    from strategies import documents

    n = draw(st.integers(min_docs, max_docs))
    return [dataclasses.replace(draw(documents()), doc_id=f"doc-{i}") for i in range(n)]
