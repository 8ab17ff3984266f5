"""Where the wall time of one `newsbench score` (or `validate`) goes, phase by phase, in its own process: each
phase's wall, this process's CPU and its finished workers' CPU at its start and end (prints figures; not a test).

    NEWSBENCH_ROOT=CORPUS .venv/bin/python scripts/phase_timeline.py score SUB --bootstrap 0 --out RESULT

The phases are calls of the score path's steps (the submission's outline and its entries' checks, the scoring
shards, the result, the writes), wrapped by name before the command runs; the command is otherwise what
``newsbench`` runs. The modules a command loads are all imported first (one row), so that row is the imports of
`score` whatever the command. Serial phases (this process busy, no worker) are what a second core cannot shorten.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from typing import Any

T0 = time.perf_counter()

import newsbench.cli as cli  # noqa: E402  (after T0: the imports are timed)
import newsbench.evaluation.actions  # noqa: E402,F401
from newsbench import jsonio, validate  # noqa: E402
from newsbench.evaluation import scorer, submission  # noqa: E402

STEPS = ((scorer, "read_submission"), (submission, "_outline"), (submission, "_checked_entries"),
         (scorer, "score_streamed"), (scorer, "_scored_shards"), (scorer, "_result"), (jsonio, "file_sha256"),
         (jsonio, "write_text_atomic"), (scorer, "format_table"), (validate, "prepare_checks"))


def mark(what: str) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{what:<32} wall {time.perf_counter() - T0:7.3f} s  CPU {own.ru_utime + own.ru_stime:7.3f} s  "
          f"workers' CPU {workers.ru_utime + workers.ru_stime:7.3f} s", file=sys.stderr, flush=True)


def wrapped(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        mark(f"> {name}")
        try:
            return function(*args, **kwargs)
        finally:
            mark(f"< {name}")
    return call


def main() -> int:
    mark("imported")
    for module, name in STEPS:
        setattr(module, name, wrapped(name, getattr(module, name)))
    code = cli.main(sys.argv[1:])
    mark("returned")
    return code


if __name__ == "__main__":
    sys.exit(main())
