"""newsbench preannotate: a baseline's predictions on chosen documents, complete and valid for Label Studio."""

from __future__ import annotations

import json

import pytest

from newsbench.cli import main
from newsbench.corpus import ingest
from newsbench.labelstudio.config import TO_CHECK
from newsbench.labelstudio.convert import documents_from_tasks
from newsbench.labelstudio.preannotate import preannotate
from newsbench.paths import repo_root

from article import ANCHOR_DATE, DOC_ID, TEXT


@pytest.fixture
def corpus(tmp_path):
    """A corpus with the seed and the new article ingested."""
    root = tmp_path / "corpus"
    source = tmp_path / f"{DOC_ID}.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert not ingest(source, corpus=root).problems
    assert not ingest(repo_root() / "corpus" / "seeds" / "000_4164b09bde8f35a7.txt", corpus=root).problems
    return root


def test_rules_preannotation_of_one_document_imports_without_a_problem(corpus):
    result = preannotate([DOC_ID], "rules", corpus=corpus)
    assert result.problems == ()
    (task,) = result.tasks  # the chosen document only
    assert task["data"]["doc_id"] == DOC_ID and task["data"]["newsbench"]["meta"]["anchor_date"] == ANCHOR_DATE
    (prediction,) = task["predictions"]
    assert prediction["model_version"].startswith("rules ")
    imported = documents_from_tasks([task], source="predictions", seeds=corpus / "seeds")
    assert imported.problems == ()
    (doc,) = [d.document for d in imported.documents]
    # ids unique per document and per layer, every required field filled from the gazetteer and the normaliser
    ids = [x.id for layer in (doc.entities, doc.mentions, doc.timexes, doc.events, doc.event_mentions) for x in layer]
    assert len(ids) == len(set(ids))
    assert {t.source for t in doc.toponyms} <= {"GeoNames", "CIA World Factbook"} and doc.toponyms
    by_mention = {m.id: m for m in doc.mentions}
    assert {by_mention[t.mention].text for t in doc.toponyms} >= {"Tehran", "Baghdad", "Washington"}
    assert all(t.feature for t in doc.toponyms)
    assert {t.text: t.value for t in doc.timexes}["Tuesday"] == "2020-05-12"


def test_entity_and_event_clusters_never_share_an_id(corpus):
    """The rules baseline numbers entity and event clusters alike (c1, c2, ...): the import once said duplicate-id."""
    (task,) = preannotate(["000_4164b09bde8f35a7"], "rules", corpus=corpus).tasks
    imported = documents_from_tasks([task], source="predictions", seeds=corpus / "seeds")
    assert [p.check for p in imported.problems] == []


def test_a_value_the_system_could_not_give_is_marked_to_check_and_the_import_says_so(corpus):
    from newsbench.labelstudio.convert import submission_to_tasks
    from newsbench.model import (PredictedMention, PredictedTimex, PredictedToponym, Submission, SubmissionDocument,
                                 SystemInfo)
    from newsbench.labelstudio.convert import seed_documents

    start = TEXT.index("Tuesday")
    place = TEXT.index("Red Crescent")  # not a place in the gazetteer
    sub = Submission(SystemInfo("x", "1", "test"), (SubmissionDocument(
        DOC_ID, mentions=(PredictedMention(place, place + 12, "LOC", "NAM"),),
        timexes=(PredictedTimex(start, start + 7, "DATE"),),
        toponyms=(PredictedToponym(place, place + 12, "Literal", None, 35.0, 51.0),)),))
    tasks, problems = submission_to_tasks(sub, seed_documents([DOC_ID], corpus / "seeds"), model_version="x 1")
    assert problems == []
    values = [r["value"].get("text") for r in tasks[0]["predictions"][0]["result"] if r["type"] == "textarea"]
    assert values.count([TO_CHECK]) == 3  # the timex value, the toponym's feature and source
    imported = documents_from_tasks(tasks, source="predictions", seeds=corpus / "seeds")
    assert sorted(p.check for p in imported.problems) == ["ls-value-to-check"] * 3
    assert all("TO CHECK" in p.message for p in imported.problems)


def test_cli_preannotate_writes_the_tasks_and_refuses_unknown_documents(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSBENCH_ROOT", str(corpus.parent))
    (corpus.parent / "schema").symlink_to(repo_root() / "schema")
    out = tmp_path / "tasks.json"
    assert main(["preannotate", DOC_ID, "--system", "rules", "-o", str(out)]) == 0
    assert [t["data"]["doc_id"] for t in json.loads(out.read_text(encoding="utf-8"))] == [DOC_ID]
    assert (corpus / "rounds" / DOC_ID / "preannotation.json").is_file()  # the round's record (status reads it)
    assert main(["preannotate", "no_such_doc", "--system", "rules", "-o", str(out)]) == 1
    assert "seed-missing" in capsys.readouterr().err
    assert main(["preannotate", DOC_ID, "--system", "oracle", "-o", str(out)]) == 2  # reads gold, not seeds
