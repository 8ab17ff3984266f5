"""schema/README.md's check-id tables are the registry's (newsbench.problems); a test or a fixture names every id."""

from pathlib import Path

from newsbench.paths import schema_dir
from newsbench.problems import REGISTRY, with_tables

TESTS = Path(__file__).parent


def test_readme_tables_are_rendered_from_the_registry():
    text = (schema_dir() / "README.md").read_text(encoding="utf-8")
    assert with_tables(text) == text, "run: python scripts/check_ids.py"
    listed = [line.split("`")[1] for line in text.split("## Check ids", 1)[1].splitlines() if line.startswith("| `")]
    assert sorted(listed) == sorted(REGISTRY) and len(set(listed)) == len(listed)


def test_every_check_id_is_named_by_a_test_or_has_a_fixture():
    registry_tests = {"test_problems.py", "test_check_ids.py"}  # they name ids to test the registry, not the checks
    named = "".join(path.read_text(encoding="utf-8") for path in TESTS.rglob("*.py") if path.name not in registry_tests)
    fixtures = {path.name for path in (TESTS / "data" / "invalid").iterdir()}
    assert [check for check in REGISTRY if check not in named and check not in fixtures] == []
