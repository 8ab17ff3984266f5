"""`newsbench ls ...` from the command line: config, export, import (all or nothing), offline server errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from newsbench import jsonio
from newsbench.cli import main
from newsbench.labelstudio.config import config_differences, label_config
from newsbench.labelstudio.server import free_port
from newsbench.model import (PredictedArgument, PredictedEventMention, PredictedMention, Submission,
                             SubmissionDocument, SystemInfo)
from sample import sample_document

DOC = sample_document()


@pytest.fixture
def gold_file(tmp_path) -> Path:
    path = tmp_path / "gold" / f"{DOC.doc_id}.json"
    jsonio.write_document(path, DOC)
    return path


def test_config_is_generated_from_the_ontology_and_label_studio_accepts_it(tmp_path):
    out = tmp_path / "config.xml"
    assert main(["ls", "config", "-o", str(out)]) == 0
    xml = out.read_text(encoding="utf-8")
    assert xml == label_config() and config_differences(xml) == []
    li = pytest.importorskip("label_studio_sdk.label_interface").LabelInterface(xml)
    assert li.validate() is None
    # every label of the ontology is there
    from newsbench.ontology import load_ontology
    onto = load_ontology()
    for value in (*onto.entity_types, *onto.event_types, *onto.timex_types, *onto.roles, *onto.toponym_readings):
        assert f'value="{value}"' in xml


def test_config_differences_name_what_changed():
    xml = label_config()
    assert config_differences(xml.replace('<Label value="WEA"', '<Label value="WEAPON"')) == [
        "control 'entity' differs (missing ['WEA'], extra ['WEAPON'])"]
    assert config_differences(xml.replace('<Relation value="Victim" />', "")) == [
        "control 'relations' differs (missing ['Victim'], extra none)"]
    assert config_differences("<View><Text") [0].startswith("the config is not well-formed XML")


def test_export_then_import_gives_the_same_bytes(gold_file, tmp_path):
    tasks = tmp_path / "tasks.json"
    assert main(["ls", "export", str(gold_file.parent), "-o", str(tasks), "--no-seeds"]) == 0
    assert main(["ls", "import", str(tasks), "-o", str(tmp_path / "out"), "--no-seeds"]) == 0
    assert (tmp_path / "out" / gold_file.name).read_bytes() == gold_file.read_bytes()
    # as predictions, read back as predictions of that model version
    assert main(["ls", "export", str(gold_file), "-o", str(tasks), "--as", "predictions", "--model-version", "v7",
                 "--no-seeds"]) == 0
    assert json.loads(tasks.read_text())[0]["predictions"][0]["model_version"] == "v7"
    assert main(["ls", "import", str(tasks), "-o", str(tmp_path / "pred"), "--name", "{doc_id}/pass-a.json",
                 "--source", "predictions", "--model-version", "v7", "--no-seeds"]) == 0
    assert (tmp_path / "pred" / DOC.doc_id / "pass-a.json").read_bytes() == gold_file.read_bytes()


def test_an_import_shows_the_documents_warnings_at_their_regions_and_writes_them(tmp_path, capsys):
    """An annotator's offset slip ("police" cut to "polic") is reported where the annotator looks, and the import
    goes on (warnings never block; ``validate --strict`` refuses them later)."""
    slipped = dataclasses.replace(DOC, mentions=tuple(
        dataclasses.replace(m, end=m.end - 1, text=m.text[:-1], head_end=m.end - 1) if m.text == "police" else m
        for m in DOC.mentions))
    jsonio.write_document(tmp_path / "gold" / f"{DOC.doc_id}.json", slipped)
    tasks = tmp_path / "tasks.json"
    assert main(["ls", "export", str(tmp_path / "gold"), "-o", str(tasks), "--no-seeds"]) == 0
    capsys.readouterr()
    assert main(["ls", "import", str(tasks), "-o", str(tmp_path / "out"), "--no-seeds", "--json"]) == 0
    captured = capsys.readouterr()
    (line,) = [x for x in captured.err.splitlines() if x.startswith("warning: ") and "span-cuts-token" in x]
    assert "region" in line and "'polic'" in line
    assert json.loads(captured.out) == []  # the JSON list holds the problems and notes only
    assert jsonio.read_document(tmp_path / "out" / f"{DOC.doc_id}.json") == slipped


def test_a_failed_import_leaves_the_folder_as_it_was(gold_file, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.json").write_text("{}\n")
    (out / f"{DOC.doc_id}.json").write_text("old\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    tasks = tmp_path / "tasks.json"
    assert main(["ls", "export", str(gold_file), "-o", str(tasks), "--no-seeds"]) == 0
    broken = json.loads(tasks.read_text())
    second = json.loads(json.dumps(broken[0]))
    second["data"]["doc_id"] = "other_doc"
    second["annotations"][0]["result"][0]["value"]["text"] = "not the text"
    tasks.write_text(json.dumps(broken + [second]))
    capsys.readouterr()
    assert main(["ls", "import", str(tasks), "-o", str(out), "--no-seeds"]) == 1
    err = capsys.readouterr().err
    assert "ls-region-text-mismatch" in err and "left as it was" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    # the good task alone goes in, next to what was there
    tasks.write_text(json.dumps(broken))
    assert main(["ls", "import", str(tasks), "-o", str(out), "--no-seeds"]) == 0
    assert (out / "keep.json").read_text() == "{}\n"
    assert (out / f"{DOC.doc_id}.json").read_bytes() == gold_file.read_bytes()


def test_a_submission_becomes_predictions_over_the_seed_text(tmp_path):
    seeds = tmp_path / "corpus" / "seeds"
    seeds.mkdir(parents=True)
    (seeds / f"{DOC.doc_id}.txt").write_bytes(DOC.text.encode("utf-8"))
    jsonio.write_json(seeds / f"{DOC.doc_id}.meta.json", jsonio.meta_to_json(DOC.meta))
    m_baghdad = next(m for m in DOC.mentions if m.text == "Baghdad")
    em = next(e for e in DOC.event_mentions if e.text == "hit")
    sub = Submission(SystemInfo("tiny", "0.1", "a test system"), (SubmissionDocument(
        DOC.doc_id, mentions=(PredictedMention(m_baghdad.start, m_baghdad.end, "GPE", "NAM"),),
        event_mentions=(PredictedEventMention(em.start, em.end, "Conflict.Attack", arguments=(
            PredictedArgument("Place", m_baghdad.start, m_baghdad.end),)),)),))
    sub_file = tmp_path / "sub.json"
    jsonio.write_json(sub_file, jsonio.submission_to_json(sub))
    tasks = tmp_path / "tasks.json"
    assert main(["ls", "export", str(sub_file), "-o", str(tasks), "--seeds", str(seeds)]) == 0
    (task,) = json.loads(tasks.read_text())
    (pred,) = task["predictions"]
    assert pred["model_version"] == "tiny 0.1" and task["data"]["text"] == DOC.text
    rel = [r for r in pred["result"] if r["type"] == "relation"]
    assert rel == [{"from_id": "em1", "to_id": "m1", "type": "relation", "direction": "right", "labels": ["Place"]}]


def test_server_errors_are_problems_not_tracebacks(capsys, monkeypatch):
    pytest.importorskip("label_studio_sdk")
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "some-token")
    assert main(["ls", "pull", "--url", url, "-o", "never.json"]) == 1
    err = capsys.readouterr().err
    assert "ls-server-unreachable" in err and "Traceback" not in err
    monkeypatch.delenv("LABEL_STUDIO_API_KEY")
    assert main(["ls", "pull", "--url", url, "-o", "never.json"]) == 1
    assert "ls-auth-failed: expected an API token in LABEL_STUDIO_API_KEY" in capsys.readouterr().err
    assert not Path("never.json").exists()


def _two_annotator_export(tmp_path) -> Path:
    """One task annotated by two users (as a snapshot export lists them), the second with one change."""
    from newsbench.labelstudio.convert import documents_to_tasks

    (task,) = documents_to_tasks([DOC])
    first = task["annotations"][0]
    second = json.loads(json.dumps(first))
    level = next(r for r in second["result"] if r["from_name"] == "level" and r["id"] == "m4")
    level["value"]["choices"] = ["PRO"]
    task["annotations"] = [
        {**first, "id": 11, "completed_by": {"id": 2, "email": "alice@example.org"}, "updated_at": "2026-01-01T10:00"},
        {**second, "id": 12, "completed_by": {"id": 3, "email": "bob@example.org"}, "updated_at": "2026-01-01T11:00"},
        {**second, "id": 13, "completed_by": {"id": 3, "email": "bob@example.org"}, "was_cancelled": True},
    ]
    export = tmp_path / "export.json"
    export.write_text(json.dumps([task]), encoding="utf-8")
    return export


def test_passes_are_pulled_apart_per_annotator_with_their_identity(tmp_path, capsys):
    export = _two_annotator_export(tmp_path)
    out = tmp_path / "corpus" / "annotations"
    assert main(["ls", "import", str(export), "--passes", "-o", str(out), "--no-seeds"]) == 0
    alice = jsonio.read_document(out / DOC.doc_id / "pass-alice.json")
    bob = jsonio.read_document(out / DOC.doc_id / "pass-bob.json")
    assert alice == DOC and {m.id: m.level for m in bob.mentions}["m4"] == "PRO"
    record = json.loads((tmp_path / "corpus" / "rounds" / DOC.doc_id / "passes.json").read_text(encoding="utf-8"))
    assert record["passes"] == [
        {"file": "pass-alice.json", "annotator": "alice@example.org", "user_id": 2, "annotation_id": 11,
         "updated_at": "2026-01-01T10:00", "export": str(export)},
        {"file": "pass-bob.json", "annotator": "bob@example.org", "user_id": 3, "annotation_id": 12,
         "updated_at": "2026-01-01T11:00", "export": str(export)}]
    assert "imported 2 pass(es)" in capsys.readouterr().out


def test_an_import_that_writes_nothing_is_a_problem(tmp_path, capsys):
    export = _two_annotator_export(tmp_path)
    out = tmp_path / "out"
    assert main(["ls", "import", str(export), "-o", str(out), "--no-seeds", "--annotator", "carol@example.org"]) == 1
    err = capsys.readouterr().err
    assert "ls-nothing-imported" in err and "ls-task-unannotated" in err and not out.exists()
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    assert main(["ls", "import", str(empty), "-o", str(out), "--no-seeds"]) == 1
    assert "ls-nothing-imported" in capsys.readouterr().err


def test_import_declare_adds_the_layers_annotated_in_label_studio(tmp_path):
    from dataclasses import replace

    from newsbench.model import AnnotatedLayer

    partial = replace(DOC, annotated=tuple(AnnotatedLayer(a, ((0, len(DOC.text)),))
                                           for a in ("entities", "timexes", "toponyms")), events=(), event_mentions=())
    gold = tmp_path / "gold"
    jsonio.write_document(gold / f"{DOC.doc_id}.json", partial)
    tasks = tmp_path / "tasks.json"
    assert main(["ls", "export", str(gold), "-o", str(tasks), "--no-seeds"]) == 0
    full_tasks = tmp_path / "full.json"
    jsonio.write_document(tmp_path / "full" / f"{DOC.doc_id}.json", DOC)
    assert main(["ls", "export", str(tmp_path / "full"), "-o", str(full_tasks), "--no-seeds"]) == 0
    data = json.loads(tasks.read_text())
    data[0]["annotations"] = json.loads(full_tasks.read_text())[0]["annotations"]  # the events, annotated in LS
    tasks.write_text(json.dumps(data))
    assert main(["ls", "import", str(tasks), "-o", str(tmp_path / "no"), "--no-seeds"]) == 1
    assert main(["ls", "import", str(tasks), "-o", str(tmp_path / "out"), "--no-seeds", "--declare", "events"]) == 0
    back = jsonio.read_document(tmp_path / "out" / f"{DOC.doc_id}.json")
    assert back.event_mentions == DOC.event_mentions and back.annotates("events")
    assert main(["ls", "import", str(tasks), "-o", str(tmp_path / "x"), "--declare", "nothing"]) == 2
