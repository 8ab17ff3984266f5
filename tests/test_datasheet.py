"""DATASHEET.md publishes the agreement table; `newsbench agree` must reproduce every figure in it."""

import re

import pytest

from newsbench.annotation.agreement import agreement, load_pass
from newsbench.paths import corpus_dir, repo_root

DOC = "000_4164b09bde8f35a7"
COLUMNS = {"A vs B": ("pass-a", "pass-b"), "A vs gold": ("pass-a", "gold"), "B vs gold": ("pass-b", "gold"),
           "gold vs C": ("gold", "pass-c")}


def _path(name: str):
    if name == "gold":
        return corpus_dir() / "gold" / f"{DOC}.json"
    return corpus_dir() / "annotations" / DOC / f"{name}.json"


def published_rows() -> list[dict[str, str]]:
    text = (repo_root() / "DATASHEET.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- BEGIN AGREEMENT TABLE -->\n(.*?)<!-- END AGREEMENT TABLE -->", text, re.S).group(1)
    lines = [line for line in block.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True)) for line in lines[2:]]


def computed(result_json: dict, layer: str, metric: str) -> tuple[float, int]:
    """(value, reference-side item count) of a table row, from `newsbench agree --json`."""
    if layer == "attributes":
        kappa = result_json["kappa"][metric]
        return kappa["kappa"], kappa["items"]
    name, _, label = metric.partition("[")
    m = result_json["layers"][layer][name]
    if label:
        m = m["by_type"][label.rstrip("]")]
    c = m.get("counts", {})
    if "tp" in c:
        n = c["tp"] + c["fn"]
    elif "correct" in c and "missed" in c:
        n = c["correct"] + c["incorrect"] + c["partial"] + c["missed"]
    else:
        n = c.get("r_den", c.get("total", c.get("n")))
    return (m["f1"] if "f1" in m else m["value"]), n


@pytest.mark.parametrize("column", list(COLUMNS))
def test_agree_reproduces_the_published_table(column):
    a, b = COLUMNS[column]
    result, problems = agreement(load_pass(_path(a)), load_pass(_path(b)))
    assert problems == [] or problems == ()
    as_json = result.to_json()
    rows = published_rows()
    assert len(rows) >= 15
    for row in rows:
        value, items = computed(as_json, row["layer"], row["metric"])
        assert f"{value:.4f}" == row[column], (row, column)
        if row["reference items"] and column == "A vs B":
            assert int(row["reference items"].split()[0]) == items, row


def test_the_new_text_agreement_tables_are_what_the_command_prints(dev_corpora):
    """DATASHEET's issue-15 tables (one per round, then all rounds pooled), cell by cell, against
    `newsbench standoff agree` run now; each under its section's title."""
    from newsbench.annotation.standoff_agreement import ALL_ROUNDS, markdown_table, rebuild_all, sections

    text = (repo_root() / "DATASHEET.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"<!-- BEGIN NEW-TEXT AGREEMENT TABLE: (.+?) -->\n(.*?)"
                             r"<!-- END NEW-TEXT AGREEMENT TABLE -->", text, re.S))
    rebuilt, problems = rebuild_all(corpora=dev_corpora)
    assert problems == []
    parts, problems = sections(rebuilt)
    assert problems == []
    assert list(blocks) == [s.key for s in parts]
    # one table per round list (each over all of its articles, with its guidelines), then all rounds pooled
    lists = {int(path.stem.removeprefix("round-")): path.read_text(encoding="utf-8").splitlines()
             for path in (corpus_dir() / "standoff").glob("round-*.list")}
    assert len(lists) >= 3
    assert list(blocks) == [f"round {n}" for n in sorted(lists)] + [ALL_ROUNDS]
    for part, n in zip(parts[:len(lists)], sorted(lists), strict=True):  # the pooled table last
        articles = [line for line in lists[n] if line.strip() and not line.startswith(("#", "guidelines "))]
        commit = next(line.split()[1] for line in lists[n] if line.startswith("guidelines "))
        assert part.title == f"round {n}: guidelines at {commit[:7]}, {len(articles)} documents"
    assert parts[-1].title == (f"{ALL_ROUNDS} ({', '.join(map(str, sorted(lists)))}) pooled: "
                               f"{sum(len(rebuilt.of_round(n).round_of) for n in lists)} documents")
    for part in parts:
        assert f"**{part.title}**" in text, part.title
        published = [line.split(" | ") for line in blocks[part.key].splitlines()]
        computed_rows = [line.split(" | ") for line in markdown_table(list(part.comparisons)).splitlines()]
        assert len(published) == len(computed_rows) > 25
        for got, want in zip(published, computed_rows, strict=True):
            assert got == want, (part.key, got[:2], want[:2])
