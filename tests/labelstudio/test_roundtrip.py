"""Gold -> Label Studio tasks -> import gives back the identical document (generated documents and the real gold)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbench import jsonio
from newsbench.labelstudio.convert import documents_from_tasks, documents_to_tasks, import_export, export_tasks
from newsbench.paths import gold_dir, seeds_dir
from newsbench.validate import document_problems
from sample import sample_document
from strategies import documents

GOLD = sorted(gold_dir().glob("*.json"))


def through_json(tasks: list[dict]) -> list[dict]:
    """What a file or the server gives back: JSON text, parsed again."""
    return json.loads(json.dumps(tasks, ensure_ascii=False))


def roundtrip(doc, *, as_predictions: bool):
    tasks = through_json(documents_to_tasks([doc], as_predictions=as_predictions, model_version="v1"))
    result = documents_from_tasks(tasks, source="predictions" if as_predictions else "annotations")
    assert result.problems == ()
    (imported,) = result.documents
    return imported.document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(declare=True), as_predictions=st.booleans())
def test_generated_documents_survive_the_round_trip(doc, as_predictions):
    assert document_problems(doc, "generated") == []
    back = roundtrip(doc, as_predictions=as_predictions)
    assert back == doc
    assert jsonio.document_to_json(back) == jsonio.document_to_json(doc)


def test_sample_document_survives_the_round_trip():
    doc = sample_document()
    assert roundtrip(doc, as_predictions=False) == doc
    assert roundtrip(doc, as_predictions=True) == doc


@pytest.mark.skipif(not GOLD, reason="no corpus/gold/*.json yet")
@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_real_gold_survives_the_round_trip_byte_for_byte(path, tmp_path):
    doc = jsonio.read_document(path)
    tasks_file = tmp_path / "tasks.json"
    export_tasks(documents_to_tasks([doc]), tasks_file)
    result = import_export([tasks_file], tmp_path / "out", seeds=seeds_dir())
    assert result.problems == ()
    assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


@st.composite
def shuffled_documents(draw):
    """Generated documents with every list in an arbitrary order: Label Studio keeps no order of clusters or
    toponym records, so the round trip must carry it."""
    doc = draw(documents())
    perm = lambda items: tuple(draw(st.permutations(items)))  # noqa: E731
    return type(doc)(
        doc_id=doc.doc_id, text=doc.text, meta=doc.meta, entities=perm(doc.entities), mentions=perm(doc.mentions),
        timexes=perm(doc.timexes), events=perm(doc.events),
        event_mentions=tuple(type(em)(em.id, em.event, em.start, em.end, em.text, perm(em.arguments))
                             for em in perm(doc.event_mentions)),
        toponyms=perm(doc.toponyms),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=shuffled_documents())
def test_the_order_of_every_layer_survives(doc):
    assert roundtrip(doc, as_predictions=False) == doc


def _as_the_ui_saves(tasks: list[dict]) -> int:
    """Label Studio's UI stores a whole-number float as an integer (33.0 -> 33): do that to every number value."""
    changed = 0
    for task in tasks:
        for annotation in task["annotations"]:
            for r in annotation["result"]:
                number = r.get("value", {}).get("number")
                if isinstance(number, float) and number.is_integer():
                    r["value"]["number"] = int(number)
                    changed += 1
    return changed


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_a_ui_save_that_changes_no_value_leaves_the_gold_byte_identical(path, tmp_path):
    tasks = documents_to_tasks([jsonio.read_document(path)])
    assert _as_the_ui_saves(tasks) > 0  # the gold has whole-number floats (uncertainty radii, coordinates)
    tasks_file = tmp_path / "tasks.json"
    export_tasks(tasks, tasks_file)
    result = import_export([tasks_file], tmp_path / "out", seeds=seeds_dir())
    assert result.problems == ()
    assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("fmt,where", [("corefud", "gum-news/dep"), ("meantime", "meantime-en"),
                                       ("geovirus", "geovirus/GeoVirus-dev.xml")])
def test_imported_corpora_with_declared_layers_survive_the_round_trip(dev_corpora, fmt, where):
    from newsbench.interop.importers import import_files

    docs = import_files(fmt, [dev_corpora / where]).documents
    assert docs and all(d.annotated is not None for d in docs)
    for as_predictions in (False, True):
        tasks = through_json(documents_to_tasks(docs, as_predictions=as_predictions, model_version="v1"))
        result = documents_from_tasks(tasks, source="predictions" if as_predictions else "annotations")
        assert result.problems == ()
        assert [i.document for i in result.documents] == docs


def test_malformed_declared_layers_in_a_task_are_ls_task_malformed():
    tasks = through_json(documents_to_tasks([sample_document()]))
    tasks[0]["data"]["newsbench"]["annotated"] = {"entities": [[0, "x"]]}
    result = documents_from_tasks(tasks)
    assert [p.check for p in result.problems] == ["ls-task-malformed"] and result.documents == ()


def test_layers_annotated_in_label_studio_are_declared_on_import():
    """A seed with entities done goes to Label Studio; events are annotated there; --declare events says so."""
    from dataclasses import replace

    from newsbench.model import AnnotatedLayer

    full = sample_document()
    whole = ((0, len(full.text)),)
    entities_only = replace(full, event_mentions=(), events=(), annotated=tuple(
        AnnotatedLayer(layer, whole) for layer in ("entities", "timexes", "toponyms")))
    assert document_problems(entities_only, "x") == []
    tasks = through_json(documents_to_tasks([entities_only]))
    annotated = through_json(documents_to_tasks([full]))
    tasks[0]["annotations"] = annotated[0]["annotations"]  # what the annotator saved: the events added
    undeclared = documents_from_tasks(tasks)
    assert "layer-undeclared-items" in {p.check for p in undeclared.problems}
    declared = documents_from_tasks(tasks, declare=("events",))
    assert declared.problems == ()
    (doc,) = [d.document for d in declared.documents]
    assert [a.layer for a in doc.annotated] == ["entities", "timexes", "events", "toponyms"]
    assert doc.event_mentions == full.event_mentions
