"""The fixed cost of the CLI, old against new: instruction counts (callgrind, every process of the command added
up: repeatable whatever the machine's load) and CPU time, runs interleaved (A B A B ...), medians (prints
figures; not a test).

    .venv/bin/python scripts/bench_fixed_cost.py --src OLD/src --src NEW/src [--sizes 1 1000] [--runs 3]
        [--commands score score-warm validate] [--tool callgrind|time] [--corpora DIR] [-- EXTRA ARGS]

Each ``--src`` is a checkout's ``src`` folder, put first on ``PYTHONPATH`` of the measured process (the console
script of this environment then imports that checkout's newsbench; the schema is the scratch corpus's, copied
from this checkout by ``bench_cli.measured_root``). The corpora are ``bench_cli.corpus``'s synthetic ones; a
1-document corpus measures the pure fixed cost (start-up, imports, pools, result). The commands are
``bench_cli``'s (``score``: ``newsbench score SUB --bootstrap 0``, cold cache; ``score-warm``: the same after an
untimed ``newsbench validate``; ``validate``). With ``--tool callgrind`` a run is ``valgrind --tool=callgrind
--trace-children=yes``: Ir is the sum over the command's processes (forked workers included), CPU is then
valgrind's and not reported. Every tree is compiled to bytecode first, untimed.

``--imports`` also measures (callgrind, one process each, the collector off as the CLI now imports) what of the
fixed cost is imports: the interpreter alone, then each of :data:`IMPORT_STEPS` added to the ones before it.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_cli import COMMANDS, corpus, measured_root, newsbench_command, run_child


# What `newsbench score` imports, in steps: each step's modules are imported after the previous steps' ones.
IMPORT_STEPS = (
    ("interpreter (python -c pass)", ""),
    ("numpy, msgspec, jsonschema_rs", "numpy, msgspec, msgspec.json, jsonschema_rs"),
    ("the standard library modules score loads", "multiprocessing, concurrent.futures.process, argparse, tempfile, "
     "traceback, dataclasses, typing, unicodedata, html, logging, datetime, pathlib, hashlib, json, re, ctypes"),
    ("newsbench's modules score loads", "newsbench.cli, newsbench.evaluation.commands, newsbench.evaluation.actions, "
     "newsbench.evaluation.registry, newsbench.evaluation.scorer"),
)


def import_steps(src: Path, root: Path, scratch: Path) -> list[tuple[str, int]]:
    """Each step of :data:`IMPORT_STEPS` with the instructions it adds to the ones before it."""
    env = {**os.environ, "NEWSBENCH_ROOT": str(root), "PYTHONHASHSEED": "0", "PYTHONPATH": str(src)}
    done, modules, before = [], [], 0
    for label, names in IMPORT_STEPS:
        modules += [names] if names else []
        code = "import gc; gc.disable()" + "".join(f"; import {m}" for m in modules)
        total = callgrind_ir([sys.executable, "-c", code], env, scratch / "callgrind")
        done.append((label, total - before))
        before = total
    return done


def callgrind_ir(argv: list[str], env: dict[str, str], out: Path) -> int:
    """The instructions ``argv`` runs, summed over it and every process it starts."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    done = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                           f"--callgrind-out-file={out}/%p.out", *argv], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    total = 0
    for f in out.glob("*.out"):
        with f.open(encoding="utf-8", errors="replace") as lines:
            total += next(int(line.split()[1]) for line in lines if line.startswith("totals:"))
    return total


def one_run(tool: str, command: str, root: Path, src: Path, scratch: Path, extra: list[str]) -> tuple[float, float]:
    """One cold run of ``command`` on ``root`` with ``src``'s newsbench: Ir (callgrind) or CPU seconds (time), and
    the wall seconds (valgrind's, with callgrind)."""
    make_argv, _, _ = COMMANDS[command.removesuffix("-warm")]
    cache = scratch / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir()
    env = {**os.environ, "NEWSBENCH_ROOT": str(root), "NEWSBENCH_CACHE": str(cache), "PYTHONHASHSEED": "0",
           "PYTHONPATH": str(src)}
    if command.endswith("-warm"):
        run_child(newsbench_command() + ["validate"], env)
    argv = newsbench_command() + make_argv(root, scratch / "result.json") + extra
    if tool == "callgrind":
        return callgrind_ir(argv, env, scratch / "callgrind"), 0.0
    run = run_child(argv, env)[0]
    return run.cpu, run.wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, action="append", required=True, help="a checkout's src folder (twice)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 1000])
    parser.add_argument("--commands", nargs="+", default=["score"], choices=["score", "score-warm", "validate"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tool", choices=["callgrind", "time"], default="callgrind")
    parser.add_argument("--corpora", type=Path, help="generate the corpora once in this folder and reuse them")
    parser.add_argument("--imports", action="store_true", help="also the instructions of the imports, in steps")
    parser.add_argument("extra", nargs="*", help="more arguments for the command (after --)")
    args = parser.parse_args(argv)
    for src in args.src:
        compileall.compile_dir(src / "newsbench", quiet=1)
    unit = "Ir (millions)" if args.tool == "callgrind" else "CPU s, wall s"
    print(f"| command | documents | {' | '.join(str(s) for s in args.src)} | new / old |")
    print(f"| --- | ---: | {' | '.join('---:' for _ in args.src)} | ---: |")
    with tempfile.TemporaryDirectory(prefix="newsbench-SYNTHETIC-") as tmp:
        scratch = Path(tmp)
        for size in args.sizes:
            root = measured_root(corpus(size, 0, args.corpora, scratch), scratch)
            for command in args.commands:
                figures: list[list[float]] = [[] for _ in args.src]
                walls: list[list[float]] = [[] for _ in args.src]
                for _ in range(args.runs):  # interleaved: old, new, old, new, ...
                    for k, src in enumerate(args.src):
                        figure, wall = one_run(args.tool, command, root, src, scratch, args.extra)
                        figures[k].append(figure)
                        walls[k].append(wall)
                        print(f"  {command} {size} {src}: {figure} (wall {wall:.3f} s)", file=sys.stderr, flush=True)
                medians = [statistics.median(f) for f in figures]
                shown = [f"{m / 1e6:,.0f}" if args.tool == "callgrind" else
                         f"{m:.3f} (wall {statistics.median(w):.3f}, min {min(w):.3f})"
                         for m, w in zip(medians, walls, strict=True)]
                print(f"| {command} ({unit}, median of {args.runs}) | {size} | {' | '.join(shown)} | "
                      f"{medians[-1] / medians[0]:.3f} |", flush=True)
        if args.imports:
            root = measured_root(corpus(min(args.sizes), 0, args.corpora, scratch), scratch)
            steps = [import_steps(src, root, scratch) for src in args.src]
            print(f"\n| import step (Ir millions, added to the steps above) | {' | '.join(map(str, args.src))} |")
            print(f"| --- | {' | '.join('---:' for _ in args.src)} |")
            for k, (label, _) in enumerate(IMPORT_STEPS):
                print(f"| {label} | {' | '.join(f'{s[k][1] / 1e6:,.0f}' for s in steps)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
