"""newsbench status: each document's stage, read from the corpus and its round records."""

import json

from newsbench.cli import main
from newsbench.annotation.rounds import document_status


def test_status_follows_a_document_through_its_round(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "seeds").mkdir(parents=True)
    (corpus / "seeds" / "d1.txt").write_text("A text.", encoding="utf-8")
    (corpus / "seeds" / "d2.txt").write_text("Another.", encoding="utf-8")
    stages = lambda: {r.doc_id: r.stage for r in document_status(corpus)}  # noqa: E731
    assert stages() == {"d1": "ingested", "d2": "ingested"}
    rounds = corpus / "rounds" / "d1"
    rounds.mkdir(parents=True)
    (rounds / "preannotation.json").write_text("[]")
    assert stages()["d1"] == "pre-annotated"
    (corpus / "annotations" / "d1").mkdir(parents=True)
    (corpus / "annotations" / "d1" / "pass-alice.json").write_text("{}")
    assert stages()["d1"] == "pre-annotated"  # one pass is not a round's annotation yet
    (corpus / "annotations" / "d1" / "pass-bob.json").write_text("{}")
    assert stages()["d1"] == "annotated"
    (rounds / "agreement.json").write_text("{}")
    assert stages()["d1"] == "agreement"
    (rounds / "adjudication").mkdir()
    (rounds / "adjudication" / "d1.json").write_text("{}")
    assert stages()["d1"] == "adjudicated"
    (corpus / "gold").mkdir()
    (corpus / "gold" / "d1.json").write_text("{}")
    (corpus / "splits.json").write_text(json.dumps({"splits": {"test": ["d1"]}}))
    (d1,) = [r for r in document_status(corpus) if r.doc_id == "d1"]
    assert d1.stage == "in gold" and d1.split == "test" and d1.passes == ("alice", "bob")
    monkeypatch.setenv("NEWSBENCH_ROOT", str(tmp_path))
    assert main(["status"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:2] == ["document", "stage"]
    assert out[1].split()[:2] == ["d1", "in"] and "alice, bob" in out[1] and out[1].endswith("test")
    assert out[2].split()[:2] == ["d2", "ingested"]
