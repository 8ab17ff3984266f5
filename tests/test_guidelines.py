"""schema/GUIDELINES.md is a rulebook: general rules, no item decisions of one article, every case issue 15 listed
decided by a rule that exists, and no text of the development corpora quoted."""

import re

import pytest

from newsbench.interop.importers import import_files
from newsbench.paths import repo_root, schema_dir

GUIDELINES = (schema_dir() / "GUIDELINES.md").read_text(encoding="utf-8")
DECISIONS = repo_root() / "corpus" / "annotations" / "000_4164b09bde8f35a7" / "DECISIONS.md"

# The cases issue 15 asks the guidelines to decide, each with the rule the quick reference names for it.
ISSUE_CASES = {
    "European carmaker Fiat": "R5", "the cruise ship Freewinds": "R5", "Korean Central News Agency": "R5",
    "the town of Yeoncheon": "R2", "the Canadian government": "R7", "surnames": "H1", "sent to the ship": "T5",
    "the engine room": "T5", '"here", "there"': "R8", '"the world", "the globe"': "T7",
    "markets, exchanges, indexes, currencies": "2.1", "unnamed military units": "T4",
    "a church imprisoned her": "J1", "harsh punishment": "J2", "respond militarily": "J2",
    "a quasi-state of war": "J2", '"will"': "M1", "filed for bankruptcy": "G1", "an exchange of fire": "G2",
    "aggregate events": "J3", "aged 14": "V3", "30-to-60-day": "V4", "a couple of months": "V5",
    "the last few days": "V5", "recently": "V5", "a third day": "V5", "0800 UTC": "V2", "dateline vs metadata": "1.4",
}


def quick_reference_rows() -> list[str]:
    table = GUIDELINES.split("## 6. Quick reference", 1)[1].split("\n## ", 1)[0]
    return [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| case")]


@pytest.mark.parametrize(("case", "rule"), sorted(ISSUE_CASES.items()))
def test_every_listed_case_has_a_row_naming_an_existing_rule(case, rule):
    rows = [row for row in quick_reference_rows() if case in row.split("|")[1]]
    assert rows, f"no quick-reference row for {case!r}"
    assert rule in rows[0].split("|")[2], rows[0]
    heading = rf"\*\*{re.escape(rule)} " if not rule[0].isdigit() else rf"^### {re.escape(rule)} "
    assert re.search(heading, GUIDELINES, re.MULTILINE), f"rule {rule} is named but not defined"


def test_each_lettered_rule_gives_a_reason_an_example_and_a_counter_example():
    rules = re.findall(r"^(?:- )?\*\*([A-Z][0-9]{1,2}) [^*]+\*\*(.*?)(?=^(?:- )?\*\*[A-Z][0-9]{1,2} |^#|\Z)",
                       GUIDELINES, re.MULTILINE | re.DOTALL)
    assert len(rules) >= 70 and {"R10", "R15", "T15", "A7", "E11"} <= {r for r, _ in rules}
    for rule, body in rules:
        assert "*Why:*" in body and "Example" in body and "Counter-example" in body, rule


def test_the_rulebook_cites_no_offsets_and_the_seed_decisions_live_in_its_decision_log():
    assert not re.search(r"\[[0-9]+, [0-9]+\)", GUIDELINES), "an item decision with offsets is in the rulebook"
    decisions = DECISIONS.read_text(encoding="utf-8")
    assert re.search(r"\[[0-9]+, [0-9]+\)", decisions)
    for kept in ("casualties", "late on Saturday", "Green Zone", "Washington has said"):
        assert kept in decisions


def test_no_text_of_the_development_corpora_is_quoted(dev_corpora):
    texts = []
    for fmt, pattern in (("corefud", "gum-news/dep/*.conllu"), ("meantime", "meantime-en/*/*.xml"),
                         ("geovirus", "geovirus/*.xml")):
        texts += [d.text for d in import_files(fmt, sorted(dev_corpora.glob(pattern))).documents]
    assert len(texts) > 100
    quotes = [q for q in re.findall(r'"([^"\n]{25,})"', GUIDELINES)]
    assert quotes
    assert not [q for q in quotes if any(q in t for t in texts)]
