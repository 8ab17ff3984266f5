"""The validator's fast paths give exactly what the per-item checks give: the column-wise semantic checks (a document
they call clean has no semantic problem; otherwise the per-item checks name the problems) on mutated documents."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbench import validate
from newsbench.jsonio import read_document
from newsbench.model import AnnotatedLayer, Document, EventDate
from newsbench.ontology import load_ontology
from newsbench.synthetic import synthetic_document

DATA = Path(__file__).parent / "data"
ONTO = load_ontology()
CLEAN_CHECKS = ("_ids_clean", "_entities_clean", "_timexes_clean", "_events_clean", "_toponyms_clean",
                "_heads_clean", "_words_whole", "_arguments_in_scope")
LAYERS = ("entities", "mentions", "timexes", "events", "event_mentions", "toponyms")


def _bases() -> list[Document]:
    mini = read_document(DATA / "valid" / "mini.json")
    synthetic = synthetic_document("synthetic-base", random.Random(7), sentences=6, ontology=ONTO)
    partial = dataclasses.replace(synthetic, annotated=(
        AnnotatedLayer("entities", ((0, len(synthetic.text)),)), AnnotatedLayer("toponyms", ((0, 60),)),
        AnnotatedLayer("events", ((0, len(synthetic.text)),))))
    dated = dataclasses.replace(mini, events=tuple(dataclasses.replace(e, date=EventDate("2021-W43", 2))
                                                   for e in mini.events))
    return [mini, synthetic, partial, dated]


BASES = _bases()


TYPES = {"entities": ONTO.entity_types, "mentions": ONTO.entity_types, "timexes": ONTO.timex_types,
         "events": ONTO.event_types}


def _found(doc: Document, name: str) -> list:
    """Values a field of this name takes somewhere in the document."""
    found = [getattr(x, name) for lay in LAYERS for x in getattr(doc, lay) if hasattr(x, name)]
    return found + [getattr(a, name) for em in doc.event_mentions for a in em.arguments if hasattr(a, name)]


def _edges(doc: Document, item, name: str, layer: str) -> list:
    """Values at the edge of what the semantic checks allow for this field of this item (all of them allowed by the
    schema: the semantic checks judge schema-valid documents)."""
    n = len(doc.text)
    start, end = getattr(item, "start", 0), getattr(item, "end", 1)
    head = (getattr(item, "head_start", start), getattr(item, "head_end", end))
    return {"type": list(TYPES.get(layer, ())), "start": [0, start - 1, start + 1, end, head[0] + 1, n],
            "end": [start, end - 1, end + 1, head[1] - 1, n, n + 1],
            "head_start": [start - 1, start, head[1], head[1] - 1, end],
            "head_end": [head[0], head[0] + 1, end, end + 1], "subtype": [None, *ONTO.entity_subtypes["ORG"]],
            "level": list(ONTO.mention_levels), "reading": list(ONTO.toponym_readings), "geonames_id": [None],
            "source": ["GeoNames", "Natural Earth"], "uncertainty_km": [None, 0, 5.0],
            "value": ["2021-10-30", "PXD", "XXXX-WXX-1", "nonsense", "2021-W43", "T10:00"],
            "text": ["", " x", "Baghdad", doc.text[start:end] + " "]}.get(name, [])


@st.composite
def mutated(draw) -> Document:
    doc = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 3))):
        layer = draw(st.sampled_from(LAYERS))
        items = list(getattr(doc, layer))
        if not items:
            continue
        i = draw(st.integers(0, len(items) - 1))
        action = draw(st.sampled_from(["field", "field", "field", "drop", "repeat", "argument", "source", "head"]))
        if action == "drop":
            del items[i]
        elif action == "repeat":
            items.insert(draw(st.integers(0, len(items))), items[i])
        elif action == "argument" and layer == "event_mentions" and items[i].arguments:
            args = list(items[i].arguments)
            j = draw(st.integers(0, len(args) - 1))
            name = draw(st.sampled_from(["role", "ref"]))
            pool = list(ONTO.roles) if name == "role" else [*_found(doc, "id"), "nothing"]
            if draw(st.booleans()):
                args[j] = dataclasses.replace(args[j], **{name: draw(st.sampled_from(pool))})
            else:
                args.insert(draw(st.integers(0, len(args))), args[j])
            items[i] = dataclasses.replace(items[i], arguments=tuple(args))
        elif action == "head" and layer == "mentions":  # the head left at the whole extent (head-whole-nominal)
            items[i] = dataclasses.replace(items[i], head_start=items[i].start, head_end=items[i].end)
        elif action == "source" and layer == "toponyms":  # a resolution and its source together
            items[i] = dataclasses.replace(items[i], geonames_id=draw(st.sampled_from([None, 1])),
                                           source=draw(st.sampled_from(["GeoNames", "Natural Earth"])),
                                           uncertainty_km=draw(st.sampled_from([None, 0, 5.0])))
        else:
            fields = [f.name for f in dataclasses.fields(items[i]) if f.name != "arguments"]
            name = draw(st.sampled_from(fields))
            edges, found = _edges(doc, items[i], name, layer), _found(doc, name) if name != "type" else []
            pool = edges if edges and (not found or draw(st.booleans())) else found or [None]
            value = draw(st.sampled_from(pool))
            if name in ("date", "place") and value is not None and not isinstance(value, type(getattr(items[i], name)
                                                                                            or value)):
                continue
            items[i] = dataclasses.replace(items[i], **{name: value})
        doc = dataclasses.replace(doc, **{layer: tuple(items)})
    return doc


def _problems(doc: Document) -> list:
    return [*validate.document_problems(doc, "x.json", ontology=ONTO),
            *validate.document_warnings(doc, "x.json", ontology=ONTO)]


@settings(max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_column_wise_checks_find_exactly_what_the_per_item_checks_find(doc):
    fast = _problems(doc)
    with pytest.MonkeyPatch.context() as mp:
        for name in CLEAN_CHECKS:
            mp.setattr(validate, name, lambda *args: False)
        per_item = _problems(doc)
    assert fast == per_item


def test_the_mutations_reach_every_semantic_check():
    """The property above is only as good as its documents: they raise each per-item check somewhere."""
    seen: set[str] = set()

    @settings(max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated())
    def collect(doc):
        seen.update(p.check for p in _problems(doc))

    collect()
    wanted = {"duplicate-id", "subtype-not-allowed", "span-out-of-range", "span-text-mismatch", "head-outside-extent",
              "mention-duplicate-span", "dangling-reference", "mention-type-mismatch", "entity-without-mention",
              "timex-value-malformed", "event-without-mention", "argument-duplicate", "role-not-allowed",
              "argument-ref-kind", "argument-filler-type", "toponym-duplicate", "toponym-not-name",
              "toponym-entity-type", "toponym-unsourced", "toponym-missing", "head-whole-nominal", "span-cuts-token",
              "argument-outside-sentence"}
    assert wanted <= seen, wanted - seen
