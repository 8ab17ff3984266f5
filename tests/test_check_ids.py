"""schema/README.md's check-id tables are the registry's (newsbench.problems); a test or a fixture names every id."""

from pathlib import Path

from newsbench.annotation import standoff
from newsbench.dataset import card, rows, splits
from newsbench.paths import schema_dir
from newsbench.problems import REGISTRY, family_checks, with_tables

TESTS = Path(__file__).parent


def test_readme_tables_are_rendered_from_the_registry():
    text = (schema_dir() / "README.md").read_text(encoding="utf-8")
    assert with_tables(text) == text, "run: python scripts/check_ids.py"
    listed = [line.split("`")[1] for line in text.split("## Check ids", 1)[1].splitlines() if line.startswith("| `")]
    assert sorted(listed) == sorted(REGISTRY) and len(set(listed)) == len(listed)


def test_every_check_id_is_named_by_a_test_or_has_a_fixture():
    named = "".join(path.read_text(encoding="utf-8") for path in TESTS.rglob("*.py"))
    fixtures = {path.name for path in (TESTS / "data" / "invalid").iterdir()}
    assert [check for check in REGISTRY if check not in named and check not in fixtures] == []


def test_the_dataset_and_standoff_tables_are_the_registry_families():
    assert dict(splits.SPLIT_CHECKS).keys() == family_checks("splits").keys()
    assert dict(card.CARD_CHECKS).keys() == family_checks("card").keys()
    assert dict(rows.NOTICE_CHECKS) == family_checks("notice")  # the build prints these meanings
    assert standoff.STANDOFF_CHECKS.keys() == family_checks("standoff").keys()
