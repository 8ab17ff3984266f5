"""Fuzz the CLI at scale: N mutated inputs per surface (gold documents, submissions, Label Studio exports).

    .venv/bin/python scripts/fuzz.py --inputs 10000 [--surfaces gold submission labelstudio] [--seed 0]

Prints, per surface: inputs run, tracebacks, wrong exit codes, problems without check ids, partial files, stray
files, then the first findings with the input that caused them (saved under --keep, default /tmp/newsbench-fuzz).
Exits 1 when anything was found. The harness (strategies and checks) is tests/fuzzing.py, which tests/test_fuzz_cli.py
runs at CI size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fuzzing import SURFACES, mutated_json

KINDS = ("traceback", "exit-code", "no-check-id", "partial-file", "stray-file")


def fuzz_surface(name: str, inputs: int, random_seed: int, keep: Path) -> tuple[int, Counter, list[str]]:
    make_base, check = SURFACES[name]
    counts: Counter = Counter()
    examples: list[str] = []
    ran = 0
    with tempfile.TemporaryDirectory(prefix=f"newsbench-fuzz-{name}-") as tmp:
        bases = make_base(Path(tmp))

        @seed(random_seed)
        @settings(max_examples=inputs, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(mutated_json(bases))
        def one(raw: bytes) -> None:
            nonlocal ran
            ran += 1
            with tempfile.TemporaryDirectory(dir=tmp) as work:
                found = check(raw, Path(work))
            for finding in found:
                counts[finding.split(":")[0].split(" ")[0]] += 1
                if len(examples) < 20:
                    saved = keep / f"{name}-{len(examples):02d}.json"
                    saved.write_bytes(raw)
                    examples.append(f"{finding} (input: {saved})")

        one()
    return ran, counts, examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10000, help="inputs per surface (default 10000)")
    parser.add_argument("--surfaces", nargs="+", choices=sorted(SURFACES),
                        default=["gold", "submission", "labelstudio"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "newsbench-fuzz",
                        help="folder for the inputs behind the first findings")
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    print(f"{'surface':<12}{'inputs':>8}" + "".join(f"{k:>14}" for k in KINDS) + f"{'seconds':>9}")
    total = Counter()
    shown: list[str] = []
    for name in args.surfaces:
        started = time.monotonic()
        ran, counts, examples = fuzz_surface(name, args.inputs, args.seed, args.keep)
        total.update(counts)
        shown += [f"{name}: {e}" for e in examples]
        print(f"{name:<12}{ran:>8}" + "".join(f"{counts[k]:>14}" for k in KINDS)
              + f"{time.monotonic() - started:>9.0f}", flush=True)
    for line in shown:
        print(line)
    return 1 if sum(total.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
