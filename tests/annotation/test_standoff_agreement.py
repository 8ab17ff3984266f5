"""The agreement on development-corpus texts (``newsbench standoff agree``): heads, the per-corpus comparisons, the
human rows and the disagreement listing."""

import dataclasses
import re
import json

import pytest

from newsbench.cli import main
from newsbench.paths import corpus_dir
from newsbench.annotation.standoff_agreement import (
    CORPORA, HUMAN_ROWS, ROWS, comparisons, disagreements, document_disagreements, figure, head_agreement,
    markdown_table, rebuild_all,
)
from newsbench.validate import load_valid_document

SEED = corpus_dir() / "gold" / "000_4164b09bde8f35a7.json"


@pytest.fixture(scope="module")
def gold():
    return load_valid_document(SEED)


def test_heads_of_a_document_with_itself_agree_fully(gold):
    heads = head_agreement([(gold, gold)])
    assert heads["strict_head"]["f1"] == 1.0
    assert heads["strict_head"]["counts"]["tp"] == len(gold.mentions)
    assert heads["toponym_head"]["counts"] == {"tp": len(gold.toponyms), "fp": 0, "fn": 0}
    assert heads["toponym_head_acc_at_161km"]["value"] == 1.0


def test_a_moved_head_and_a_far_resolution_count_against(gold):
    by_id = {m.id: m for m in gold.mentions}
    place = gold.toponyms[0]
    mention = next(m for m in gold.mentions if m.id != place.mention and m.head_end - m.head_start > 1)
    moved = dataclasses.replace(mention, head_end=mention.head_end - 1)
    far = dataclasses.replace(place, geonames_id=None, lat=place.lat + 3.0)  # ~330 km north
    other = dataclasses.replace(gold, mentions=tuple(moved if m.id == mention.id else m for m in gold.mentions),
                                toponyms=(far, *gold.toponyms[1:]))
    heads = head_agreement([(gold, other)])
    assert heads["strict_head"]["counts"] == {"tp": len(gold.mentions) - 1, "fp": 1, "fn": 1}
    assert heads["toponym_head"]["counts"]["tp"] == len(gold.toponyms) - (place.mention == mention.id)
    assert heads["toponym_head_acc_at_161km"]["counts"]["correct"] == len(gold.toponyms) - 1
    assert by_id[place.mention]  # the moved toponym is a mention of the document
    lines = document_disagreements(gold, other)
    assert any(line.lstrip().startswith("mention    A only") for line in lines)
    assert any(line.lstrip().startswith("toponym    B only") for line in lines)


@pytest.fixture(scope="module")
def measured(dev_corpora):
    rebuilt, problems = rebuild_all(corpora=dev_corpora)
    assert problems == []
    comps, problems = comparisons(rebuilt)
    assert problems == []
    return rebuilt, comps


def test_every_corpus_has_its_comparisons_and_the_human_rows_are_only_what_the_corpus_annotates(measured):
    rebuilt, comps = measured
    assert len(rebuilt.passes["pass-a"]) == len(rebuilt.passes["pass-b"]) == 8
    names = [c.name for c in comps]
    for corpus in CORPORA:
        assert {f"A vs B {corpus}", f"A vs human {corpus}", f"B vs human {corpus}"} <= set(names)
    by_name = {c.name: c for c in comps}
    # The corpus-level A vs B comparisons add up to the overall one.
    tp = sum(by_name[f"A vs B {c}"].result.scores["entities_all"]["mention_detection"]["counts"]["tp"] for c in CORPORA)
    assert by_name["A vs B all"].result.scores["entities_all"]["mention_detection"]["counts"]["tp"] == tp
    assert figure(by_name["A vs human geovirus"], "events", "trigger_identification") is None
    assert figure(by_name["A vs human gum-news"], "toponyms", "strict") is None
    assert figure(by_name["A vs human geovirus"], "heads", "toponym_head") is not None
    for corpus, rows in HUMAN_ROWS.items():
        assert any(figure(by_name[f"A vs human {corpus}"], layer, metric) is not None for layer, metric in ROWS
                   if layer in rows or f"{layer}:{metric}" in rows), corpus


def test_the_command_prints_the_table_the_json_and_the_disagreements(measured, dev_corpora, capsys, tmp_path):
    rebuilt, comps = measured
    assert main(["standoff", "agree", "--corpora", str(dev_corpora), "-o", str(tmp_path / "all.json")]) == 0
    assert capsys.readouterr().out == markdown_table(comps)
    assert set(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))) == {c.name for c in comps}
    assert main(["standoff", "agree", "--corpora", str(dev_corpora), "--disagreements"]) == 0
    listed = capsys.readouterr().out
    assert listed == disagreements(rebuilt)
    assert "GUM_news_worship (gum-news): " in listed


def test_no_pass_is_a_problem(tmp_path, capsys):
    assert main(["standoff", "agree", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "passes-mismatch" in err and "A vs B all" in err and "gum-news" not in err


def test_the_disagreement_record_names_every_document_that_differs_and_quotes_no_long_text(measured):
    rebuilt, _ = measured
    record = (corpus_dir() / "standoff" / "DISAGREEMENTS.md").read_text(encoding="utf-8")
    listing = disagreements(rebuilt)
    differing = [line.split(" ")[0] for line in listing.splitlines() if line and not line.startswith(" ")
                 and not line.endswith(": 0 item(s)")]
    assert differing
    assert all(doc_id in record for doc_id in differing)
    texts = [d.text for d in rebuilt.human.values()]
    long_quotes = [q for q in re.findall(r'"([^"\n]{25,})"', record) if any(q in t for t in texts)]
    assert long_quotes == []
