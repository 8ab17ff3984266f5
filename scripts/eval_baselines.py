"""Score the text-reading baselines on each development corpus and on the seed; print the table of eval/README.md §7.

    .venv/bin/python scripts/eval_baselines.py [--systems rules spacy-sm] [--corpora gum-news meantime geovirus]
        [--halves]

The development corpora are read from ../shared/corpora (or $NEWSBENCH_CORPORA) through newsbench's importers;
nothing of them is written. The seed rows run the same systems on the seed and score them against corpus/gold
(the leaderboard's figures, without intervals). A second table gives, for each accuracy-like figure (timex value
accuracy, Acc@161km), the seed's k of n and the probability that a system with the development corpus's rate gets
at least k of n (``development.seed_comparisons``: an exact binomial tail that treats the seed's items as
independent, which they are not).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping
from typing import Any

from newsbench.baselines import development
from newsbench.baselines.registry import SYSTEMS
from newsbench.paths import gold_dir, require_development_corpora
from newsbench.validate import load_valid_documents


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    readers = [name for name, s in SYSTEMS.items() if s.predict is not None and not s.reference]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", nargs="+", default=readers, choices=readers)
    parser.add_argument("--corpora", nargs="+", default=list(development.DEV_CORPORA),
                        choices=list(development.DEV_CORPORA))
    parser.add_argument("--halves", action="store_true",
                        help="also a row for each corpus's tuning half (even positions in doc-id order) and held-out "
                             "half (odd positions)")
    args = parser.parse_args(argv)
    root = require_development_corpora()
    columns = [column for *_, column in development.HEADLINE]
    print("| system | corpus | documents | " + " | ".join(columns) + " |")
    print("|---|---|---:|" + "---:|" * len(columns))
    scored: list[tuple[str, str, Mapping[str, Any]]] = []
    for name in args.corpora:
        corpus = development.DEV_CORPORA[name]
        docs = development.load_corpus(corpus, root)
        tune, held = development.halves(docs)
        parts = [(name, docs)]
        if args.halves:
            parts += [(f"{name} tuning half", tune), (f"{name} held-out half", held)]
        for system in args.systems:
            for label, part in parts:
                started = time.perf_counter()
                scores = development.evaluate(system, corpus, part)
                scored.append((system, label, scores))
                row = development.headline(scores)
                cells = " | ".join(_cell(row[c]) for c in columns)
                print(f"| {system} | {label} | {len(part)} | {cells} |", flush=True)
                print(f"  ({system} on {label}: {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    seed_docs = load_valid_documents([gold_dir()])
    seed_scores = {system: development.evaluate(system, development.SEED, seed_docs) for system in args.systems}
    for system in args.systems:
        row = development.headline(seed_scores[system])
        print(f"| {system} | seed (test) | {len(seed_docs)} | " + " | ".join(_cell(row[c]) for c in columns) + " |")
    print("\n| figure | system | corpus | corpus rate | seed k of n | P(≥ k of n at the corpus rate) |")
    print("|---|---|---|---:|---:|---:|")
    for system, label, scores in scored:
        for c in development.seed_comparisons(scores, seed_scores[system]):
            print(f"| {c.column} | {system} | {label} | {c.rate:.4f} | {c.correct} of {c.total} | {c.chance:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
