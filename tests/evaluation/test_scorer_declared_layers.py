"""The scorer scores a task only on documents whose gold declares its layer annotated, and only where."""

from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbench import jsonio
from newsbench.evaluation.significance import compare_results
from newsbench.evaluation.scorer import TASK_DECLARED_LAYER, gold_from_documents, score_files, score_submission
from newsbench.model import (
    AnnotatedLayer, PredictedMention, PredictedTimex, PredictedToponym, Submission, SubmissionDocument, SystemInfo,
)
from newsbench.validate import document_problems
from eval_strategies import submissions
from strategies import documents

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini.json"


def _docs():
    full = jsonio.read_document(MINI)
    cut = full.text.index("They")  # entities annotated before "They" only; nothing else annotated
    keep = tuple(m for m in full.mentions if m.end <= cut)
    entities = tuple(e for e in full.entities if any(m.entity == e.id for m in keep))
    partial = replace(full, doc_id="partial", mentions=keep, entities=entities, timexes=(), events=(),
                      event_mentions=(), toponyms=(), annotated=(AnnotatedLayer("entities", ((0, cut),)),))
    return full, partial, cut


def test_a_partly_annotated_document_is_valid():
    _, partial, _ = _docs()
    assert document_problems(partial, "partial.json") == []


def test_tasks_are_scored_only_where_the_gold_annotates_them():
    full, partial, cut = _docs()
    gold = gold_from_documents([full, partial])

    def as_predicted(doc, extra=()):
        return SubmissionDocument(
            doc_id=doc.doc_id,
            mentions=tuple(PredictedMention(m.start, m.end, m.type, m.level, m.entity) for m in doc.mentions) + extra,
            timexes=tuple(PredictedTimex(t.start, t.end, t.type, t.value) for t in full.timexes),
        )

    # "police" lies outside the partial document's annotated range: neither a hit nor a false positive there
    police = full.text.index("police")
    outside = (PredictedMention(police, police + len("police"), "ORG", "NOM", "x"),)
    assert police >= cut
    sub = Submission(SystemInfo("t", "1", "test"), (as_predicted(full), as_predicted(partial, outside)))
    result, problems = score_submission(sub, gold, bootstrap=0)
    assert problems == []
    scores = result.scores
    assert scores["entities"]["strict"]["documents"] == 2
    assert scores["entities"]["strict"]["f1"] == 1.0
    assert scores["timexes"]["strict"]["documents"] == 1
    assert scores["timexes"]["strict"]["f1"] == 1.0  # the timexes predicted in "partial" are not false positives
    assert scores["timexes"]["strict"]["counts"] == {"tp": len(full.timexes), "fp": 0, "fn": 0}
    assert scores["entities"]["mention_detection"]["counts"]["fp"] == 0
    assert scores["coreference"]["conll"]["documents"] == 2


def _inside(items, ranges):
    return tuple(i for i in items if any(s <= i.start and i.end <= e for s, e in ranges))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_predictions_where_the_gold_annotates_nothing_change_no_score(data):
    docs = [replace(data.draw(documents(declare=True)), doc_id=f"doc-{i}") for i in range(data.draw(st.integers(1, 3)))]
    gold = gold_from_documents(docs)
    sub = data.draw(submissions(docs))
    kept = []
    for doc, pred in zip(docs, sub.documents, strict=True):
        kept.append(replace(
            pred, mentions=_inside(pred.mentions, doc.annotated_ranges("entities")),
            timexes=_inside(pred.timexes, doc.annotated_ranges("timexes")),
            event_mentions=_inside(pred.event_mentions, doc.annotated_ranges("events")),
            toponyms=_inside(pred.toponyms, doc.annotated_ranges("toponyms"))))
    tasks = ("entities", "entities_all", "bio", "coreference", "timexes", "events", "toponyms")
    full, problems = score_submission(sub, gold, tasks=tasks, bootstrap=0)
    assert problems == []
    inside, _ = score_submission(replace(sub, documents=tuple(kept)), gold, tasks=tasks, bootstrap=0)
    assert inside.scores == full.scores
    for task in tasks:
        expected = sum(d.annotates(TASK_DECLARED_LAYER[task]) for d in docs)
        assert all(m["documents"] == expected for m in full.scores[task].values())


def test_a_task_scored_on_no_document_has_no_value_and_says_why():
    """Issue 10: an empty metric is null with its flag, never 0 -- also when no gold document declares the layer."""
    _, partial, _ = _docs()
    gold = gold_from_documents([partial])  # only entities are annotated
    sub = Submission(SystemInfo("t", "1", "test"), (SubmissionDocument(doc_id="partial", mentions=(), timexes=(),
                                                                         event_mentions=(), toponyms=()),))
    result, problems = score_submission(sub, gold, bootstrap=100)
    assert problems == []
    for task in ("timexes", "events", "toponyms"):
        for name, entry in result.scores[task].items():
            assert entry["documents"] == 0
            values = [entry[k] for k in ("precision", "recall", "f1", "value") if k in entry]
            assert values and all(v is None for v in values), (task, name, values)
            assert "no_documents" in entry["flags"], (task, name)
            assert entry["ci"] is None and entry["ci_reason"] == "0 documents annotate this layer"
    assert result.scores["entities"]["strict"]["f1"] is not None


def test_compare_gives_no_value_for_a_task_scored_on_no_document():
    _, partial, _ = _docs()
    gold = gold_from_documents([partial])
    results = []
    for name in ("a", "b"):
        sub = Submission(SystemInfo(name, "1", "test"), (SubmissionDocument(
            doc_id="partial", mentions=(), timexes=(), event_mentions=(), toponyms=()),))
        result, _ = score_submission(sub, gold, bootstrap=0)
        results.append(result.to_json())
    rows = [c for c in compare_results(*results, n_resamples=10, seed=0) if c.task == "timexes"]
    assert rows and all(c.a is None and c.b is None and c.reason == "0 documents annotate this layer" for c in rows)


def test_a_predicted_layer_no_gold_document_declares_scores_as_no_documents(tmp_path):
    # The streamed path (what `newsbench score` runs) once failed with KeyError 'toponyms/resolution' here: a
    # system that predicts toponyms, scored on a corpus that annotates none (GUM declares no toponyms).
    _, partial, _ = _docs()
    (tmp_path / "gold").mkdir()
    jsonio.write_document(tmp_path / "gold" / "partial.json", partial)
    predicted = SubmissionDocument(
        doc_id="partial",
        mentions=tuple(PredictedMention(m.start, m.end, m.type, m.level, m.entity) for m in partial.mentions),
        toponyms=(PredictedToponym(0, 4, "Literal", 1, 1.0, 1.0),),
    )
    sub = tmp_path / "sub.json"
    jsonio.write_json(sub, jsonio.submission_to_json(Submission(SystemInfo("t", "1", "test"), (predicted,))))
    result, problems = score_files(sub, tmp_path / "gold", bootstrap=20, out=tmp_path / "result.json")
    assert problems == []
    assert result is not None
    for name, metric in result.scores["toponyms"].items():
        assert metric["documents"] == 0, name
        assert "no_documents" in metric["flags"], name
    assert result.scores["entities"]["strict"]["f1"] == 1.0
