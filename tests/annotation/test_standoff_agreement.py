"""The agreement on development-corpus texts (``newsbench standoff agree``): heads, the per-corpus comparisons, the
human rows, the rounds and the disagreement listing."""

import dataclasses
import re
import json
import shutil

import pytest

from newsbench.cli import main
from newsbench.paths import corpus_dir, repo_root, schema_dir
from newsbench.annotation.standoff_agreement import (
    ALL_ROUNDS, CORPORA, HUMAN_ROWS, ROWS, comparisons, disagreements, document_disagreements, figure, head_agreement,
    markdown_table, rebuild_all, sections, sections_json, sections_markdown,
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
    assert len(rebuilt.passes["pass-a"]) == len(rebuilt.passes["pass-b"]) >= 8
    assert [sum(r.number == n for r in rebuilt.round_of.values()) for n in _listed_rounds()] == [8] * len(
        _listed_rounds())
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


def test_the_command_prints_the_tables_the_json_and_the_disagreements(measured, dev_corpora, capsys, tmp_path):
    rebuilt, _ = measured
    parts, problems = sections(rebuilt)
    assert problems == [] and parts[0].key == "round 1"
    assert main(["standoff", "agree", "--corpora", str(dev_corpora), "-o", str(tmp_path / "all.json")]) == 0
    assert capsys.readouterr().out == sections_markdown(parts)
    written = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert written == json.loads(sections_json(parts)) and list(written) == [s.key for s in parts]
    assert main(["standoff", "agree", "--corpora", str(dev_corpora), "--round", "1"]) == 0
    only, _ = sections(rebuilt, only=1)
    assert capsys.readouterr().out == sections_markdown(only) and [s.key for s in only] == ["round 1"]
    assert main(["standoff", "agree", "--corpora", str(dev_corpora), "--round", "99"]) == 2
    listed_rounds = ", ".join(map(str, _listed_rounds()))
    assert f"--round 99: the passes are of round(s) {listed_rounds}" in capsys.readouterr().err
    assert main(["standoff", "agree", "--corpora", str(dev_corpora), "--disagreements"]) == 0
    listed = capsys.readouterr().out
    assert listed == disagreements(rebuilt)
    assert "GUM_news_worship (gum-news): " in listed and "## round 1: guidelines at 223d4fc" in listed


def _listed_rounds() -> list[int]:
    """The rounds corpus/standoff/ has a list file for (each of eight articles)."""
    return sorted(int(path.stem.removeprefix("round-")) for path in (corpus_dir() / "standoff").glob("round-*.list"))


def _copy_passes(root, doc_ids, tmp_path):
    for doc_id in doc_ids:
        shutil.copytree(root / doc_id, tmp_path / doc_id)


def _set_round(path, number, guidelines):
    data = json.loads(path.read_text(encoding="utf-8"))
    data["standoff"]["round"] = {"number": number, "guidelines": guidelines}
    path.write_text(json.dumps(data), encoding="utf-8")


def test_each_round_is_scored_alone_and_all_rounds_pooled(dev_corpora, tmp_path):
    _copy_passes(corpus_dir() / "standoff", ["GUM_news_worship", "geovirus_015", "meantime_82548", "GUM_news_flag"],
                 tmp_path)
    for name in ("pass-a", "pass-b"):
        _set_round(tmp_path / "geovirus_015" / f"{name}.json", 2, "7769487")
        _set_round(tmp_path / "meantime_82548" / f"{name}.json", 3, "bfa65d9")
        _set_round(tmp_path / "GUM_news_flag" / f"{name}.json", 4, "b84f345")
    rebuilt, problems = rebuild_all(tmp_path, corpora=dev_corpora)
    assert problems == []
    parts, problems = sections(rebuilt)
    assert problems == []
    assert [s.key for s in parts] == ["round 1", "round 2", "round 3", "round 4", ALL_ROUNDS]
    assert parts[1].title == "round 2: guidelines at 7769487, 1 documents"
    assert parts[3].title == "round 4: guidelines at b84f345, 1 documents"
    assert parts[4].title == "all rounds (1, 2, 3, 4) pooled: 4 documents"
    by_key = {s.key: {c.name: c for c in s.comparisons} for s in parts}
    assert "A vs B gum-news" in by_key["round 1"] and "A vs B gum-news" not in by_key["round 2"]
    assert set(by_key["round 3"]) == {"A vs B meantime-en", "A vs B all", "A vs human meantime-en",
                                      "B vs human meantime-en"}
    assert set(by_key["round 4"]) == {"A vs B gum-news", "A vs B all", "A vs human gum-news", "B vs human gum-news"}

    def tp(key):
        return by_key[key]["A vs B all"].result.scores["entities_all"]["mention_detection"]["counts"]["tp"]
    assert all(tp(f"round {n}") > 0 for n in (1, 2, 3, 4))
    assert tp(ALL_ROUNDS) == sum(tp(f"round {n}") for n in (1, 2, 3, 4))
    table = markdown_table(list(parts[3].comparisons))
    assert table.splitlines()[0] == ("| layer | metric | A vs B gum-news | A vs B all | A vs human gum-news | "
                                     "B vs human gum-news |")
    listing = disagreements(rebuilt, only=2)
    assert "geovirus_015" in listing and "GUM_news_worship" not in listing and "meantime_82548" not in listing
    assert [line for line in disagreements(rebuilt).splitlines() if line.startswith("## ")] == [
        "## round 1: guidelines at 223d4fc", "## round 2: guidelines at 7769487", "## round 3: guidelines at bfa65d9",
        "## round 4: guidelines at b84f345"]
    assert "GUM_news_flag (gum-news): " in disagreements(rebuilt, only=4)
    only, _ = sections(rebuilt, only=4)
    assert [s.key for s in only] == ["round 4"]


@pytest.mark.parametrize(("changed", "found"), [
    ({"GUM_news_worship/pass-b": (2, "223d4fc9caf3528bfbf3de7abc3d6c5565d00e00")},
     "expected the round of the document's other pass, 1"),
    ({"geovirus_015/pass-a": (1, "7769487"), "geovirus_015/pass-b": (1, "7769487")},
     "expected round 1's guidelines 223d4fc9caf3528bfbf3de7abc3d6c5565d00e00"),
])
def test_the_two_passes_of_a_document_and_a_round_s_guidelines_must_agree(dev_corpora, tmp_path, changed, found):
    _copy_passes(corpus_dir() / "standoff", ["GUM_news_worship", "geovirus_015"], tmp_path)
    for name, (number, guidelines) in changed.items():
        _set_round(tmp_path / f"{name}.json", number, guidelines)
    rebuilt, problems = rebuild_all(tmp_path, corpora=dev_corpora)
    assert rebuilt is None and {p.check for p in problems} == {"standoff-round-mismatch"}
    assert found in problems[0].message and problems[0].file.endswith(f"{min(changed)}.json")


def test_no_pass_is_a_problem(tmp_path, capsys):
    assert main(["standoff", "agree", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "passes-mismatch" in err and "A vs B all" in err and "gum-news" not in err


def test_the_disagreement_record_names_every_document_that_differs_and_quotes_no_long_text(measured):
    rebuilt, _ = measured
    record = (corpus_dir() / "standoff" / "DISAGREEMENTS.md").read_text(encoding="utf-8")
    listing = disagreements(rebuilt)
    differing = [line.split(" ")[0] for line in listing.splitlines() if line and not line.startswith((" ", "#"))
                 and not line.endswith(": 0 item(s)")]
    assert differing
    assert all(doc_id in record for doc_id in differing)
    texts = [d.text for d in rebuilt.human.values()]
    long_quotes = [q for q in re.findall(r'"([^"\n]{25,})"', record) if any(q in t for t in texts)]
    assert long_quotes == []


def _rules_tables() -> list[int]:
    """The rounds N whose rules have a table of how they fared in round N + 1 (one for every round with a next one)."""
    rounds = _listed_rounds()
    return [n for n in rounds[1:] if n + 1 in rounds]


@pytest.mark.parametrize("number", _rules_tables())
def test_a_rules_table_names_existing_rules_and_its_totals_are_the_ones_published(number):
    """DISAGREEMENTS.md's table of how round N's rules fared in round N + 1: every rule it names is defined in the
    guidelines, and its agreed and split columns add up to the totals it and DATASHEET.md state."""
    record = (corpus_dir() / "standoff" / "DISAGREEMENTS.md").read_text(encoding="utf-8")
    guidelines = (schema_dir() / "GUIDELINES.md").read_text(encoding="utf-8")
    assert f"## How the round-{number} rules fared" in record
    section = record.split(f"## How the round-{number} rules fared", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith(("| rule", "| ---"))]
    assert len(rows) >= 15
    agreed = split = 0
    for rule, _, got, lost in rows:
        for name in re.findall(r"\b(?:[A-Z][0-9]{1,2}|[0-9]\.[0-9])\b", rule):
            heading = rf"^### {re.escape(name)} " if name[0].isdigit() else rf"\*\*{name} "
            assert re.search(heading, guidelines, re.MULTILINE), (rule, name)
        if got != "—":
            agreed, split = agreed + int(got), split + int(lost.split()[0])
    assert f"the passes agreed on {agreed} and split on {split}" in section
    datasheet = " ".join((repo_root() / "DATASHEET.md").read_text(encoding="utf-8").split())
    assert f"round-{number} rules" in datasheet
    assert f"on the {agreed + split} items they governed in these texts the passes agreed on {agreed}" in datasheet
