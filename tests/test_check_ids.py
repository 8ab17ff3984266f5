"""schema/README.md lists every check id of every family exactly once, and the ids are kebab-case."""

import re

from newsbench.evaluation.leaderboard import LEADERBOARD_CHECKS
from newsbench.evaluation.submission import SUBMISSION_CHECKS
from newsbench.dataset.card import CARD_CHECKS
from newsbench.dataset.rows import NOTICE_CHECKS
from newsbench.dataset.splits import SPLIT_CHECKS
from newsbench.interop.problems import INTEROP_CHECKS
from newsbench.paths import schema_dir
from newsbench.annotation.standoff import STANDOFF_CHECKS
from newsbench.validate import CHECKS

FAMILIES = (CHECKS, SUBMISSION_CHECKS, LEADERBOARD_CHECKS, SPLIT_CHECKS, CARD_CHECKS, NOTICE_CHECKS, STANDOFF_CHECKS,
            INTEROP_CHECKS)


def listed_ids() -> list[str]:
    text = (schema_dir() / "README.md").read_text(encoding="utf-8").split("## Check ids", 1)[1]
    return [line.split("`")[1] for line in text.splitlines() if line.startswith("| `")]


def test_every_check_id_is_listed_once():
    listed = listed_ids()
    expected = [check for family in FAMILIES for check in family]
    assert sorted(listed) == sorted(expected)
    assert len(set(listed)) == len(listed)


def test_check_ids_are_kebab_case_and_unique_across_families():
    ids = [check for family in FAMILIES for check in family]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check) for check in ids)
