"""scripts/name_errors.py: the classes of name errors (bio/strict_head counts, by the scorer's categories)."""

import importlib.util
from collections import Counter

from newsbench.paths import repo_root


def _script():
    spec = importlib.util.spec_from_file_location("name_errors", repo_root() / "scripts" / "name_errors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_chunk_gets_one_class_and_the_counts_are_the_scorers():
    # (start, end, type): character spans of head chunks
    gold = {(0, 8, "PER"), (12, 17, "GPE"), (20, 35, "ORG"), (40, 44, "LOC")}
    pred = {(0, 8, "PER"), (12, 17, "ORG"), (26, 35, "ORG"), (50, 53, "PER")}
    script = _script()
    got = sorted(script.classify(gold, pred), key=lambda x: (x[0], x[1] or (), x[2] or ()))
    assert got == [
        ("boundary", (20, 35, "ORG"), (26, 35, "ORG")),
        ("missing", (40, 44, "LOC"), None),
        ("spurious", None, (50, 53, "PER")),
        ("tp", (0, 8, "PER"), (0, 8, "PER")),
        ("type confusions", (12, 17, "GPE"), (12, 17, "ORG")),
    ]
    # every gold chunk and every predicted chunk is counted exactly once
    assert sorted(g for _, g, _ in got if g) == sorted(gold)
    assert sorted(p for _, _, p in got if p) == sorted(pred)
    # the table's counts (from the scorer's schema_categories) are those of the listed items
    counts = script.counts(gold, pred)
    assert {k: counts[k] for k in ("tp", "type confusions", "boundary", "missing", "spurious")} == Counter(
        cls for cls, _, _ in got)
    assert (counts["fp"], counts["fn"]) == (len(pred) - counts["tp"], len(gold) - counts["tp"])
