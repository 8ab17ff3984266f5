"""CPU time of ``score_submission`` with evaluation modules of another checkout (A) against this one's (B), in one
process, calls interleaved (A B, B A, ...), scores asserted identical (prints figures; not a test).

    .venv/bin/python scripts/bench_kernel_ab.py --base /tmp/old-checkout --root SYNTHETIC_ROOT [--runs 30]
        [--tasks entities] [--modules categories]

On a shared machine wall times of separate runs are not comparable; here both versions meet the same load, the same
loaded data and the same interpreter, so the ratio of the CPU-time medians is. ``--root``: a folder with
``corpus/gold`` and ``submission.json``, e.g. the scratch root ``scripts/bench_cli.py ner --corpora DIR`` makes of
its name-dense corpus. The submission's names are made flat, as ``bench_cli.py ner`` does. ``--modules``: the
modules of ``newsbench.evaluation`` taken from ``--base`` (the names every evaluation module imported from them
rebound); the
modules must import only relatively.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

from bench_cli import _loaded, flat_submission

from newsbench.evaluation import scorer  # noqa: F401  (loads every module the scorer uses)
from newsbench.evaluation.scorer import score_submission


def base_module(base: Path, name: str) -> ModuleType:
    """``newsbench.evaluation.<name>`` of the checkout ``base``, loaded beside this checkout's."""
    spec = importlib.util.spec_from_file_location(f"newsbench.evaluation.{name}_base",
                                                  base / "src" / "newsbench" / "evaluation" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def bindings(source: ModuleType, names: dict[ModuleType, list[str]]) -> list[tuple[ModuleType, str, object]]:
    return [(user, n, getattr(source, n)) for user, ns in names.items() for n in ns if hasattr(source, n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--tasks", default="entities")
    parser.add_argument("--modules", nargs="+", default=["categories"])
    args = parser.parse_args()
    versions: dict[str, list[tuple[ModuleType, str, object]]] = {"A": [], "B": []}
    bases = {name: base_module(args.base, name) for name in args.modules}
    # every evaluation module (the base ones too: theirs import the others from this checkout) rebinds the names
    # it imported from a measured module
    users = [m for n, m in list(sys.modules.items()) if n.startswith("newsbench.evaluation.")]
    for name, base in bases.items():
        mine = sys.modules[f"newsbench.evaluation.{name}"]
        used = {u: [n for n, v in vars(u).items() if getattr(v, "__module__", None) == mine.__name__] for u in users}
        versions["A"] += bindings(base, used)
        versions["B"] += bindings(mine, used)
    gold, submission = _loaded(args.root)
    submission = flat_submission(submission)
    times: dict[str, list[float]] = {"A": [], "B": []}
    scores: dict[str, object] = {}
    for i in range(args.runs):
        for which in ("A", "B") if i % 2 == 0 else ("B", "A"):
            for user, name, value in versions[which]:
                setattr(user, name, value)
            t0 = time.process_time()
            result, problems = score_submission(submission, gold, tasks=args.tasks.split(","), bootstrap=0,
                                                keep_indexes=False)
            times[which].append(time.process_time() - t0)
            assert result is not None, problems
            scores[which] = result.scores
    assert scores["A"] == scores["B"], "the versions' scores differ"
    a, b = statistics.median(times["A"]), statistics.median(times["B"])
    print(f"{args.runs} runs each, tasks {args.tasks}: A (--base) {a * 1e3:.1f} ms, B (this checkout) {b * 1e3:.1f} ms "
          f"CPU median; B/A {b / a:.3f}; scores identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
