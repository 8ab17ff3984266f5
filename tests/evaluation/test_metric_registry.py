"""The registry of tasks and metrics: every metric declares a direction and a unit, the headline's names column is
the one a tagger trained on the dataset's ``ner_tags`` can reach 1.0 on."""

from __future__ import annotations

import pytest

from newsbench.evaluation.registry import (
    HEADLINE, HIGHER, KM, LOWER, PRIMARY, RATIO, TASKS, UNITS, metric_spec, metric_specs,
)
from newsbench.evaluation.scorer import load_gold, score_submission
from newsbench.model import PredictedMention, Submission, SubmissionDocument, SystemInfo
from newsbench.paths import repo_root


def test_every_metric_has_a_direction_and_a_unit():
    for task in TASKS:
        for spec in metric_specs(task):
            assert spec.direction in (HIGHER, LOWER) and spec.unit in UNITS, spec.key
            # distances and the GeoWebNews AUC are the only metrics where less is better
            assert (spec.direction == LOWER) == (spec.kind in ("mean", "median", "auc")), spec.key
            assert (spec.unit == KM) == (spec.kind in ("mean", "median")), spec.key
    assert metric_spec("toponyms", "auc").unit == RATIO and metric_spec("nope", "x") is None


def test_headline_columns_are_registry_metrics():
    assert len({h.key for h in HEADLINE}) == len(HEADLINE)
    for h in HEADLINE:
        assert h.spec.key == h.key
    assert PRIMARY is HEADLINE[0] and PRIMARY.key == "bio/strict_head" and PRIMARY.label == "Names F1"
    assert HEADLINE[1].key == "entities/strict" and "ACE" in HEADLINE[1].label


def _chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """Strict IOB2 decoding: B-X opens a chunk, I-X continues it (the way seqeval's strict mode reads them)."""
    out, open_at = [], None
    for i, tag in enumerate(tags + ["O"]):
        if open_at is not None and tag != f"I-{out[-1][2]}":
            out[-1] = (open_at, i, out[-1][2])
            open_at = None
        if tag.startswith("B-"):
            out.append((i, i + 1, tag[2:]))
            open_at = i
    return out


def test_a_submission_made_from_the_datasets_own_ner_tags_scores_one_on_the_headline_names(tmp_path):
    """Before: the headline names column was entities/strict (ACE extents), where these very tags score 0.745."""
    datasets = pytest.importorskip("datasets")
    rows = datasets.load_dataset(str(repo_root()), "entities", split="test", cache_dir=str(tmp_path / "cache"))
    names = rows.features["ner_tags"].feature.names
    by_doc: dict[str, list[PredictedMention]] = {}
    for row in rows:
        mentions = by_doc.setdefault(row["doc_id"], [])
        for i, j, label in _chunks([names[t] for t in row["ner_tags"]]):
            mentions.append(PredictedMention(row["token_starts"][i], row["token_ends"][j - 1], label, "NAM"))
    assert sum(map(len, by_doc.values())) > 20
    submission = Submission(SystemInfo("ner-tags", "1", "the entities config's ner_tags as spans"),
                            tuple(SubmissionDocument(d, mentions=tuple(m)) for d, m in sorted(by_doc.items())))
    gold, problems = load_gold()
    assert problems == []
    result, problems = score_submission(submission, gold, bootstrap=0)
    assert problems == []
    headline = result.scores[PRIMARY.task][PRIMARY.metric]
    assert headline["f1"] == headline["precision"] == headline["recall"] == 1.0
    # the ACE-extent score beside it measures something else (whole noun phrases), and says so by being lower
    assert result.scores["entities"]["strict"]["f1"] < 0.9
