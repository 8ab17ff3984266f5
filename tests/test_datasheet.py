"""DATASHEET.md publishes the agreement table; `newsbench agree` must reproduce every figure in it."""

import re

import pytest

from newsbench.agreement import agreement, load_pass
from newsbench.paths import corpus_dir, repo_root

DOC = "000_4164b09bde8f35a7"
COLUMNS = {"A vs B": ("pass-a", "pass-b"), "A vs gold": ("pass-a", "gold"), "B vs gold": ("pass-b", "gold")}


def _path(name: str):
    if name == "gold":
        return corpus_dir() / "gold" / f"{DOC}.json"
    return corpus_dir() / "annotations" / DOC / f"{name}.json"


def published_rows() -> list[dict[str, str]]:
    text = (repo_root() / "DATASHEET.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- BEGIN AGREEMENT TABLE -->\n(.*?)<!-- END AGREEMENT TABLE -->", text, re.S).group(1)
    lines = [line for line in block.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split("|")))) for line in lines[2:]]


def computed(result_json: dict, layer: str, metric: str) -> float:
    name = metric.split()[0]
    if layer == "attributes":
        return result_json["kappa"][name]["kappa"]
    m = result_json["layers"][layer][name]
    return m["f1"] if "f1" in m else m["value"]


@pytest.mark.parametrize("column", list(COLUMNS))
def test_agree_reproduces_the_published_table(column):
    a, b = COLUMNS[column]
    result, problems = agreement(load_pass(_path(a)), load_pass(_path(b)))
    assert problems == [] or problems == ()
    as_json = result.to_json()
    rows = published_rows()
    assert len(rows) >= 15
    for row in rows:
        assert f"{computed(as_json, row['layer'], row['metric']):.4f}" == row[column], (row, column)
