"""scripts/name_errors.py: the classes of name errors (counted as bio/strict_head counts)."""

import importlib.util

from newsbench.paths import repo_root


def _classify():
    spec = importlib.util.spec_from_file_location("name_errors", repo_root() / "scripts" / "name_errors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.classify


def test_each_chunk_gets_one_class_and_the_counts_add_up():
    # (sentence, first token, last token + 1, type)
    gold = {(0, 0, 2, "PER"), (0, 3, 4, "GPE"), (1, 0, 3, "ORG"), (2, 1, 2, "LOC")}
    pred = {(0, 0, 2, "PER"), (0, 3, 4, "ORG"), (1, 1, 3, "ORG"), (3, 0, 1, "PER")}
    got = sorted((cls, g, p) for cls, g, p in _classify()(gold, pred))
    assert got == [
        ("boundary", (1, 0, 3, "ORG"), (1, 1, 3, "ORG")),
        ("missing", (2, 1, 2, "LOC"), None),
        ("spurious", None, (3, 0, 1, "PER")),
        ("tp", (0, 0, 2, "PER"), (0, 0, 2, "PER")),
        ("type confusions", (0, 3, 4, "GPE"), (0, 3, 4, "ORG")),
    ]
    # every gold chunk and every predicted chunk is counted exactly once
    assert sorted(g for _, g, _ in got if g) == sorted(gold)
    assert sorted(p for _, _, p in got if p) == sorted(pred)
