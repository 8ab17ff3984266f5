"""Run ``newsbench ARGS...`` in this process and print, at exit, the peak RSS of the process and that of its largest
worker (a forked worker's figure counts the pages it shares with the process), so that a growth can be placed.
Not a benchmark: `scripts/bench_cli.py` measures the commands as users run them.

    NEWSBENCH_ROOT=ROOT .venv/bin/python scripts/peak_rss.py score ROOT/submission.json --bootstrap 0 --out R.json
"""

from __future__ import annotations

import atexit
import resource
import sys

from newsbench.cli import main


def report() -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"peak RSS: process {own} MiB, largest worker {workers} MiB", file=sys.stderr)


if __name__ == "__main__":
    atexit.register(report)
    sys.argv[0] = "newsbench"
    sys.exit(main())
