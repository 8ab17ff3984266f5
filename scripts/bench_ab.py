"""CPU time of the CLI at a base commit against this checkout, interleaved (base, this, base, this, ...) so that the
load of a shared machine falls on both alike; medians of ``--runs`` (prints figures; not a test).

    .venv/bin/python scripts/bench_ab.py --base main --sizes 1000 --runs 5 [--commands score score-jsonl validate]
        [--corpora DIR] [--callgrind]

The base's ``src`` is exported (``git archive``) into a scratch folder and run by this interpreter with PYTHONPATH
pointing at it; both run in the same synthetic corpora of ``scripts/bench_cli.py`` (``--corpora``: generated once and
kept there), each run with an empty validated-documents cache (``score``: cold, as bench_cli's ``score`` row).
``--callgrind``: instead, one run of each under ``valgrind --tool=callgrind``, its instruction count (the same
whatever the load; use a small corpus, e.g. ``--sizes 100``: one process, no workers, and callgrind is ~50x slower).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import COMMANDS, REPO, Run, corpus, env_for, measured_root, run_child


def exported(base: str, scratch: Path) -> Path:
    """The ``src`` folder of commit ``base``, exported into ``scratch``."""
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", base], capture_output=True, text=True,
                         check=True).stdout.strip()
    data = subprocess.run(["git", "-C", str(REPO), "archive", sha, "src"], capture_output=True, check=True).stdout
    out = scratch / f"base-{sha[:10]}"
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(out, filter="data")
    return out / "src"


def _argv_env(src: Path, command: str, root: Path, scratch: Path) -> tuple[list[str], dict[str, str]]:
    """The command's argv and environment: ``src``'s newsbench, an empty validated-documents cache."""
    make_argv, _, _ = COMMANDS[command]
    cache = scratch / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir()
    env = {**env_for(root), "NEWSBENCH_CACHE": str(cache), "PYTHONPATH": str(src)}
    return [sys.executable, "-m", "newsbench.cli", *make_argv(root, scratch / "result.json")], env


def one_run(src: Path, command: str, root: Path, scratch: Path) -> Run:
    run, _ = run_child(*_argv_env(src, command, root, scratch))
    return run


def instructions(src: Path, command: str, root: Path, scratch: Path) -> int:
    """The instructions callgrind counts in one run of the command, in its own process (a worker it forks, such as
    `validate`'s seed check beside the documents, is not counted)."""
    argv, env = _argv_env(src, command, root, scratch)
    done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch / 'callgrind.out'}",
                           *argv], env=env, capture_output=True, text=True)
    # the command's own process (the first to report): a forked worker reports its own count too
    first = re.search(r"==(\d+)==", done.stderr)
    found = first and re.search(rf"=={first[1]}== Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"{' '.join(argv)} under callgrind exited {done.returncode}:\n{done.stderr[-3000:]}")
    return int(found[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="the commit to compare with (default main)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commands", nargs="+", choices=sorted(COMMANDS), default=["score", "score-jsonl",
                                                                                   "validate"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpora", type=Path, help="generate the corpora once in this folder and reuse them there")
    parser.add_argument("--callgrind", action="store_true", help="count instructions (one run each) instead")
    args = parser.parse_args(argv)
    if args.callgrind:
        return count_instructions(args)
    with tempfile.TemporaryDirectory(prefix="newsbench-ab-") as tmp:
        scratch = Path(tmp)
        sources = {"base": exported(args.base, scratch), "this": REPO / "src"}
        print(f"base {args.base} against this checkout; CPU seconds (user + sys, the command and its workers), "
              f"medians of {args.runs} interleaved runs")
        print("| command | documents | base CPU s | this CPU s | this / base | base wall s | this wall s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for size in args.sizes:
            root = measured_root(corpus(size, args.seed, args.corpora, scratch), scratch)
            for command in args.commands:
                runs: dict[str, list[Run]] = {"base": [], "this": []}
                for _ in range(args.runs):
                    for name, src in sources.items():
                        runs[name].append(one_run(src, command, root, scratch))
                cpu = {k: statistics.median(r.cpu for r in v) for k, v in runs.items()}
                wall = {k: statistics.median(r.wall for r in v) for k, v in runs.items()}
                print(f"| {command} | {size} | {cpu['base']:.2f} | {cpu['this']:.2f} | {cpu['this'] / cpu['base']:.3f} "
                      f"| {wall['base']:.2f} | {wall['this']:.2f} |", flush=True)
    return 0


def count_instructions(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="newsbench-ab-") as tmp:
        scratch = Path(tmp)
        sources = {"base": exported(args.base, scratch), "this": REPO / "src"}
        print(f"base {args.base} against this checkout; instructions callgrind counts, one run each")
        print("| command | documents | base instructions | this instructions | this / base |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for size in args.sizes:
            root = measured_root(corpus(size, args.seed, args.corpora, scratch), scratch)
            for command in args.commands:
                n = {name: instructions(src, command, root, scratch) for name, src in sources.items()}
                print(f"| {command} | {size} | {n['base']:,} | {n['this']:,} | {n['this'] / n['base']:.3f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
