"""CPU of the public scoring call at several batch sizes (`scorer.BATCH`), alternated in one process (prints figures).

    .venv/bin/python scripts/bench_batch.py --corpora DIR [--docs 10000] [--sentences 40] [--sizes 512 256 128]
                                            [--runs 5] [--tasks entities]

Reads (or generates) the synthetic corpus ``bench_cli.py`` uses, with the predicted names made flat as its ``ner``
does, and times ``score_submission(..., bootstrap=0)`` with ``time.process_time`` for each size in turn, ``--runs``
rounds; prints min and median per size. The counts are checked equal across sizes.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench_cli

from newsbench.evaluation import scorer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, required=True, help="bench_cli.py's corpora folder (reused)")
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--sentences", type=int, default=40, help="40: news-shaped; 100: name-dense")
    parser.add_argument("--sizes", type=int, nargs="+", default=[512, 256, 128])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tasks", nargs="*", default=["entities"], help="tasks to score (none given: every task)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsbench-SYNTHETIC-") as tmp:
        root = bench_cli.measured_root(bench_cli.corpus(args.docs, 0, args.corpora, Path(tmp), args.sentences),
                                       Path(tmp))
        gold, submission = bench_cli._loaded(root)
        submission = bench_cli.flat_submission(submission)
    tasks = args.tasks or None
    times: dict[int, list[float]] = {size: [] for size in args.sizes}
    results = set()
    for _ in range(args.runs):
        for size in args.sizes:
            scorer.BATCH = size
            start = time.process_time()
            result, _ = scorer.score_submission(submission, gold, tasks=tasks, bootstrap=0, keep_indexes=False)
            times[size].append(time.process_time() - start)
            results.add(repr(result.scores))
    assert len(results) == 1, "scores differ between batch sizes"
    for size, values in times.items():
        print(f"BATCH {size:4d}: CPU min {min(values):.3f} s, median {statistics.median(values):.3f} s "
              f"({len(values)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
