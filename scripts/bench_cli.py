"""Benchmarks of what users run: the CLI, end to end, cold, beside the parse floor (prints figures; not a test).

    .venv/bin/python scripts/bench_cli.py all [--sizes 1000 10000 30000] [--runs 3] [--corpora DIR] [--variants ...]
    .venv/bin/python scripts/bench_cli.py score|validate|build [--sizes ...] [--runs N] [--corpora DIR]
    .venv/bin/python scripts/bench_cli.py startup|bootstrap|ner [--docs 10000] [--runs N] [--corpora DIR]

Corpora are SYNTHETIC (``newsbench.synthetic``: news-shaped, meaningless, passing ``newsbench validate``), with a
perturbed system's submission, written to a temporary folder that is deleted afterwards, or kept in ``--corpora
DIR`` and reused by later runs (``DIR/synthetic-<size>-seed<seed>/...``, never inside the repository).

Each measured command (``newsbench score SUB --bootstrap 0``, every task; ``newsbench validate``; ``newsbench
build``) runs as its own child process with ``NEWSBENCH_ROOT`` set to the corpus: a cold process every run (the
operating system's file cache is warm, as it is for a user running a command twice), with its own
validated-documents cache folder (``NEWSBENCH_CACHE``): empty, or, for the variants "after validate", filled by an
untimed ``newsbench validate`` just before. "One core busy": a busy-loop process pinned to core 0 runs beside the
command (the build target is stated so). Wall time is the child's from start to exit; CPU is the user + system time
of the child and its workers; peak RSS is the largest resident set of the child or of any one of its workers
(``os.wait4``). The parse floor is measured the same way in the same run: a child process that reads and parses
every file the command reads (gold files, and the submission for ``score``) with the stdlib ``json``, ``orjson``
and ``msgspec``, dropping each parsed file (the floor of a streaming reader). Every figure is the min and the
median of ``--runs`` runs; ratios are of medians.

``startup``, ``bootstrap`` and ``ner`` are in-process: the import time of the CLI and what ``score`` imports;
1,000 bootstrap resamples of every metric over the corpus's documents; NER's four schemas against nervaluate 1.2.1
on the same parsed data with identical counts asserted, through the scorer's kernel and through the public
``score_submission(tasks=["entities"])``, on the corpus and on a name-dense one (about 100 names a document).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

import msgspec
from nervaluate import Evaluator

import newsbench
from newsbench import __version__
from newsbench.dataset.card import EXAMPLES_MARKERS, STATS_MARKERS
from newsbench.evaluation.matching import category_parts
from newsbench.evaluation.metrics import SCHEMAS
from newsbench.evaluation.scorer import load_gold, score_submission
from newsbench.evaluation.significance import bootstrap_intervals
from newsbench.evaluation.submission import read_submission
from newsbench.ontology import load_ontology
from newsbench.paths import schema_dir
from newsbench.synthetic import write_corpus

REPO = Path(__file__).resolve().parents[1]
DENSE_SENTENCES = 100  # about 100 names a document
PARSERS = ("json", "orjson", "msgspec")
PARSE_CHILD = """
import sys, time
from pathlib import Path
parser = sys.argv[1]
if parser == "json":
    from json import loads
elif parser == "orjson":
    from orjson import loads
else:
    from msgspec.json import decode as loads
n = 0
for folder in sys.argv[2:]:
    p = Path(folder)
    for f in sorted(p.glob("*.json")) if p.is_dir() else [p]:
        if f.suffix == ".jsonl":  # JSON Lines: a value a line, each dropped once parsed
            with f.open("rb") as lines:
                for line in lines:
                    loads(line)
        else:
            loads(f.read_bytes())
        n += 1
print(n)
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mib: float


@dataclass(frozen=True)
class Measured:
    what: str
    documents: int
    runs: tuple[Run, ...]

    @property
    def wall_min(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def wall_median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu_median(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss_max(self) -> float:
        return max(r.rss_mib for r in self.runs)


def newsbench_command() -> list[str]:
    """The console script users run, from the same environment as this interpreter."""
    script = Path(sys.executable).with_name("newsbench")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "newsbench.cli"]


@contextmanager
def busy_core(on: bool) -> Iterator[None]:
    """A busy-loop process pinned to core 0 while the block runs (nothing when ``on`` is false)."""
    if not on:
        yield
        return
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        os.sched_setaffinity(loop.pid, {0})
        yield
    finally:
        loop.kill()
        loop.wait()


# The measured command is started by this small interpreter, not by the benchmark's own process: a child's peak
# RSS (ru_maxrss) counts the pages it had before exec, i.e. those of the process that forked it.
LAUNCHER = """
import json, os, sys, time
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvpe(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t
with open(sys.argv[1], "w") as f:
    json.dump([os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss], f)
"""


def run_child(argv: Sequence[str], env: dict[str, str]) -> tuple[Run, str]:
    """``argv`` in a child process: its wall and CPU seconds and peak RSS (the child's or its largest worker's)."""
    with tempfile.NamedTemporaryFile(prefix="newsbench-bench-", suffix=".json") as report:
        done = subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, report.name, *argv], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = done.stdout.decode("utf-8", errors="replace")
        code, wall, cpu, maxrss = json.loads(Path(report.name).read_text(encoding="utf-8") or "[-1, 0, 0, 0]")
    if done.returncode != 0 or code != 0:
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{out[-3000:]}")
    return Run(wall, cpu, maxrss / 1024), out


def measure(what: str, documents: int, argv: Sequence[str], env: dict[str, str], runs: int) -> Measured:
    done = []
    for _ in range(runs):
        run, _ = run_child(argv, env)
        done.append(run)
    return reported(Measured(what, documents, tuple(done)))


def reported(m: Measured) -> Measured:
    """``m``, its figures printed to stderr as they come (the table is printed at the end)."""
    print(f"  {m.what:<44} {m.documents:>6} docs: wall min {m.wall_min:7.2f} s, median {m.wall_median:7.2f} s, "
          f"CPU {m.cpu_median:7.2f} s, peak RSS {m.rss_max:6.0f} MiB", file=sys.stderr, flush=True)
    return m


# --- corpora ------------------------------------------------------------------------------------


def corpus(size: int, seed: int, keep: Path | None, scratch: Path, sentences: int = 40) -> Path:
    """A synthetic repository-shaped corpus of ``size`` documents of ``sentences`` sentences with a submission
    (``submission.json``) and a README carrying the card's markers (for ``build``); reused from ``keep`` when a
    finished one is there."""
    root = (keep or scratch) / f"synthetic-{size}-seed{seed}" / f"sentences-{sentences}"
    done = root / "GENERATED"
    if done.is_file():  # reused: with this checkout's schema and ontology, as a new corpus would have
        shutil.rmtree(root / "schema")
        shutil.copytree(schema_dir(), root / "schema")
        with_lines(root / "submission.json")
        return root
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    t0 = time.perf_counter()
    summary = write_corpus(root, size, seed=seed, sentences=sentences, submission=root / "submission.json")
    (root / "README.md").write_text("# SYNTHETIC benchmark corpus\n\n" + "\n".join(STATS_MARKERS) + "\n\n" +
                                    "\n".join(EXAMPLES_MARKERS) + "\n", encoding="utf-8")
    with_lines(root / "submission.json")
    done.write_text(json.dumps(vars(summary)), encoding="utf-8")
    print(f"  generated {size} documents in {time.perf_counter() - t0:.0f} s: {summary}", file=sys.stderr, flush=True)
    return root


def with_lines(submission: Path) -> None:
    """The same submission as JSON Lines beside it (``.jsonl``: the system, then a document a line), once."""
    lines = submission.with_suffix(".jsonl")
    if lines.is_file():
        return
    data = msgspec.json.decode(submission.read_bytes())
    encode = msgspec.json.Encoder().encode
    partial = lines.with_suffix(".jsonl.partial")
    with partial.open("wb") as out:
        out.write(encode({"system": data["system"]}) + b"\n")
        for doc in data["documents"]:
            out.write(encode(doc) + b"\n")
    partial.rename(lines)


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "NEWSBENCH_ROOT": str(root), "NEWSBENCH_CACHE": "", "PYTHONHASHSEED": "0"}


def parse_floor(label: str, size: int, files: Sequence[Path], env: dict[str, str], runs: int) -> dict[str, Measured]:
    return {p: measure(f"parse floor ({label}), {p}", size,
                       [sys.executable, "-c", PARSE_CHILD, p, *map(str, files)], env, runs) for p in PARSERS}


COMMANDS = {
    # command: (argv after `newsbench`, files the command reads, what the parse floor is labelled)
    "score": (lambda root, out: ["score", str(root / "submission.json"), "--bootstrap", "0", "--out", str(out)],
              lambda root: [root / "corpus" / "gold", root / "submission.json"], "gold + submission"),
    "score-jsonl": (lambda root, out: ["score", str(root / "submission.jsonl"), "--bootstrap", "0", "--out",
                                       str(out)],
                    lambda root: [root / "corpus" / "gold", root / "submission.jsonl"], "gold + JSON Lines submission"),
    "validate": (lambda root, out: ["validate"], lambda root: [root / "corpus" / "gold"], "gold"),
    "build": (lambda root, out: ["build"], lambda root: [root / "corpus" / "gold"], "gold"),
}


@dataclass(frozen=True)
class Variant:
    """How a command is run: with an empty validated-documents cache (cold) or after `newsbench validate` filled
    it (what `score` and `build` meet after the validate a user or the pipeline runs first); with a core busy."""

    command: str
    warm: bool = False
    busy: bool = False

    @property
    def label(self) -> str:
        command = "score, JSON Lines submission" if self.command == "score-jsonl" else self.command
        return f"newsbench {command}" + (", after validate" if self.warm else "") + \
            (", one core busy" if self.busy else "")


VARIANTS = {"score": Variant("score"), "score-warm": Variant("score", warm=True),
            "score-jsonl": Variant("score-jsonl"), "validate": Variant("validate"),
            "build": Variant("build"), "build-warm-busy": Variant("build", warm=True, busy=True)}


def measure_variant(v: Variant, size: int, root: Path, scratch: Path, runs: int) -> Measured:
    """``runs`` cold processes of the variant's command, each with its own cache folder ($NEWSBENCH_CACHE): empty,
    or filled by an untimed `newsbench validate` just before."""
    make_argv, _, _ = COMMANDS[v.command]
    done = []
    for k in range(runs):
        cache = scratch / f"cache-{v.command}-{int(v.warm)}-{int(v.busy)}-{k}"
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()
        env = {**env_for(root), "NEWSBENCH_CACHE": str(cache)}
        if v.warm:
            run_child(newsbench_command() + ["validate"], env)
        with busy_core(v.busy):
            run, _ = run_child(newsbench_command() + make_argv(root, scratch / "result.json"), env)
        done.append(run)
        shutil.rmtree(cache, ignore_errors=True)
    return reported(Measured(v.label, size, tuple(done)))


def bench_commands(variants: Sequence[Variant], sizes: Sequence[int], runs: int, seed: int, keep: Path | None
                   ) -> list[tuple[Measured, dict[str, Measured]]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsbench-SYNTHETIC-") as scratch:
        for size in sizes:
            root = corpus(size, seed, keep, Path(scratch))
            floors: dict[tuple[str, ...], dict[str, Measured]] = {}
            for v in variants:
                _, files, label = COMMANDS[v.command]
                key = tuple(map(str, files(root)))
                if key not in floors:
                    floors[key] = parse_floor(label, size, files(root), env_for(root), runs)
                rows.append((measure_variant(v, size, root, Path(scratch), runs), floors[key]))
            if keep is None:
                shutil.rmtree(root)
    return rows


RATIO_FLOORS = ("json", "msgspec")


def print_command_table(rows: list[tuple[Measured, dict[str, Measured]]]) -> None:
    """The markdown table: each parse floor, then each command with its medians' ratios to the floors (wall time,
    and CPU time, which a loaded machine disturbs less)."""
    ratios = " | ".join(f"× {p} parse ({kind})" for kind in ("wall", "CPU") for p in RATIO_FLOORS)
    print(f"| what | documents | wall min s | wall median s | CPU median s | peak RSS MiB | {ratios} |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |" + " ---: |" * 2 * len(RATIO_FLOORS))
    blank = " |" * 2 * len(RATIO_FLOORS)
    printed: set[int] = set()
    for m, floors in rows:
        if id(floors) not in printed:
            printed.add(id(floors))
            for f in floors.values():
                print(f"| {f.what} | {f.documents} | {f.wall_min:.2f} | {f.wall_median:.2f} | {f.cpu_median:.2f} | "
                      f"{f.rss_max:.0f} |{blank}")
        shown = " | ".join([f"{m.wall_median / floors[p].wall_median:.2f}" for p in RATIO_FLOORS] +
                           [f"{m.cpu_median / floors[p].cpu_median:.2f}" for p in RATIO_FLOORS])
        print(f"| **{m.what}** | {m.documents} | {m.wall_min:.2f} | {m.wall_median:.2f} | {m.cpu_median:.2f} | "
              f"{m.rss_max:.0f} | {shown} |")
    by_what: dict[str, list[Measured]] = {}
    for m, _ in rows:
        by_what.setdefault(m.what, []).append(m)
    for what, ms in by_what.items():
        if len(ms) > 1:
            small, large = min(ms, key=lambda m: m.documents), max(ms, key=lambda m: m.documents)
            print(f"\n{what}: peak RSS at {large.documents} documents = {large.rss_max / small.rss_max:.2f}× "
                  f"that at {small.documents}", end="")
    print()


# --- in-process figures -----------------------------------------------------------------------------

STARTUP_CHILD = """
import sys, time
t = time.perf_counter()
import newsbench.cli
import newsbench.evaluation.commands, newsbench.evaluation.scorer
print(time.perf_counter() - t, int("scipy" in sys.modules), int("scipy.optimize" in sys.modules))
"""


def bench_startup(runs: int) -> None:
    """Import time of the CLI and of what `score` imports, each run in a fresh interpreter."""
    times, scipy = [], set()
    for _ in range(max(runs, 5)):
        out = subprocess.run([sys.executable, "-c", STARTUP_CHILD], capture_output=True, text=True, check=True)
        t, has_scipy, has_optimize = out.stdout.split()
        times.append(float(t))
        scipy.add((has_scipy, has_optimize))
    bare = min(run_child([sys.executable, "-c", "pass"], dict(os.environ))[0].wall for _ in range(5))
    help_run = [run_child(newsbench_command() + ["--version"], dict(os.environ))[0].wall for _ in range(max(runs, 5))]
    print(f"| CLI start-up: import newsbench.cli + the scorer | {min(times):.3f} | {statistics.median(times):.3f} | "
          f"scipy imported: {'yes' if ('1', '1') in scipy or ('1', '0') in scipy else 'no'} |")
    print(f"| `newsbench --version`, whole process (bare `python -c pass`: {bare:.3f} s) | {min(help_run):.3f} | "
          f"{statistics.median(help_run):.3f} | |")


def _loaded(root: Path):
    os.environ["NEWSBENCH_ROOT"] = str(root)
    gold, problems = load_gold(root / "corpus" / "gold", validate=False)
    assert gold is not None, problems
    submission, problems = read_submission(root / "submission.json")
    assert submission is not None, problems
    gc.freeze()  # the loaded input lives as long as the process: keep the collector from re-walking it
    return gold, submission


def bench_bootstrap(root: Path, runs: int, resamples: int = 1000) -> None:
    gold, submission = _loaded(root)
    result, problems = score_submission(submission, gold, bootstrap=0)
    assert result is not None, problems
    times = []
    for k in range(max(runs, 5)):
        t0 = time.perf_counter()
        bootstrap_intervals(result.table, result.specs, n_resamples=resamples, seed=k)
        times.append(time.perf_counter() - t0)
    print(f"| bootstrap: {resamples} resamples × {len(result.table.doc_ids)} documents, {len(result.specs)} metrics | "
          f"{min(times):.3f} | {statistics.median(times):.3f} | max {max(times):.3f} |")


def nervaluate_counts(gold_docs: list[list[tuple]], pred_docs: list[list[tuple]], tags: Sequence[str]) -> dict:
    """nervaluate's four-schema counts, overall (its `end` is inclusive; it aligns in input order: sorted)."""
    def dicts(docs):
        return [[{"label": label, "start": s, "end": e - 1} for s, e, label in sorted(d)] for d in docs]

    res = Evaluator(dicts(gold_docs), dicts(pred_docs), tags=list(tags), loader="dict").evaluate()
    return {s: (r.correct, r.incorrect, r.partial, r.missed, r.spurious) for s, r in res["overall"].items()}


def newsbench_counts(gold_docs: list[set], pred_docs: list[set]) -> dict:
    """The scorer's kernel: category_parts per document, summed."""
    totals = Counter()
    for g, p in zip(gold_docs, pred_docs, strict=True):
        parts = category_parts(g, p, SCHEMAS)
        for s in SCHEMAS:
            for k, v in enumerate(parts.overall[s]):
                totals[s, k] += v
    return {s: tuple(totals[s, k] for k in range(5)) for s in SCHEMAS}


def flat_names(mentions) -> tuple:
    """The predicted names that overlap no earlier one, in (start, end) order."""
    kept, end = [], -1
    for m in sorted((m for m in mentions if m.level in (None, "NAM")), key=lambda m: (m.start, m.end)):
        if m.start >= end:
            kept.append(m)
            end = m.end
    return tuple(kept)


def bench_ner(root: Path, runs: int) -> None:
    gold, submission = _loaded(root)
    tags = load_ontology().entity_types
    # nervaluate aligns overlapping predictions in input order, newsbench by span: they agree on flat names only,
    # so the predicted names are made flat (the gold's are) in the submission both score
    submission = replace(submission, documents=tuple(
        replace(d, mentions=tuple(m for m in d.mentions if m.level not in (None, "NAM")) + flat_names(d.mentions))
        for d in submission.documents))
    by_id = {d.doc_id: d for d in submission.documents}
    ids = sorted(gold.documents)
    gold_docs = [set(gold.documents[i].name_items) for i in ids]
    pred_docs = [{(m.start, m.end, m.type) for m in by_id[i].mentions if m.level in (None, "NAM")} for i in ids]
    names = sum(map(len, gold_docs)) / len(ids)

    def timed(fn, *a, **k):
        t0 = time.perf_counter()
        out = fn(*a, **k)
        return out, time.perf_counter() - t0

    theirs, t_theirs = zip(*(timed(nervaluate_counts, gold_docs, pred_docs, tags) for _ in range(runs)), strict=True)
    mine, t_mine = zip(*(timed(newsbench_counts, gold_docs, pred_docs) for _ in range(runs)), strict=True)
    assert mine[0] == theirs[0], (mine[0], theirs[0])
    lib, t_lib = zip(*(timed(score_submission, submission, gold, tasks=["entities"], bootstrap=0, keep_indexes=False)
                       for _ in range(runs)), strict=True)
    scores = lib[0][0].scores["entities"]
    for schema, counts in theirs[0].items():
        c = scores[schema]["counts"]
        assert (c["correct"], c["incorrect"], c["partial"], c["missed"], c["spurious"]) == counts, schema
    nerv = statistics.median(t_theirs)
    print(f"| NER 4 schemas, {len(ids)} documents, {names:.0f} names each: nervaluate 1.2.1 | {min(t_theirs):.3f} | "
          f"{nerv:.3f} | 1× |")
    print(f"| NER 4 schemas, scorer kernel (category_parts), identical counts | {min(t_mine):.3f} | "
          f"{statistics.median(t_mine):.3f} | {nerv / statistics.median(t_mine):.1f}× faster |")
    print(f"| NER 4 schemas + per type + detection, `score_submission(tasks=[\"entities\"])` | {min(t_lib):.3f} | "
          f"{statistics.median(t_lib):.3f} | {nerv / statistics.median(t_lib):.1f}× faster |")


def in_process_header() -> None:
    print("| what | min s | median s | note |")
    print("| --- | ---: | ---: | --- |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    for name in ("all", *COMMANDS):
        p = sub.add_parser(name)
        p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
        p.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS),
                       help="which runs of the commands (default: all; -warm: after validate; -busy: one core busy)")
    for name in ("all", "startup", "bootstrap", "ner"):
        p = sub.choices.get(name) or sub.add_parser(name)
        p.add_argument("--docs", type=int, default=10000, help="documents for bootstrap and NER (default 10000)")
        p.add_argument("--dense-docs", type=int, default=1000,
                       help="documents of the name-dense corpus for NER (default 1000)")
        p.add_argument("--dense-sentences", type=int, default=DENSE_SENTENCES,
                       help=f"sentences per document of the name-dense corpus (default {DENSE_SENTENCES})")
        p.add_argument("--no-header", action="store_true", help=argparse.SUPPRESS)
    for p in sub.choices.values():
        p.add_argument("--runs", type=int, default=3)
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--corpora", type=Path, help="keep and reuse the generated corpora in this folder")
    args = parser.parse_args(argv)
    if args.corpora is not None and REPO in (args.corpora.resolve(), *args.corpora.resolve().parents):
        parser.error("--corpora must be outside the repository (synthetic corpora are never committed)")
    if not getattr(args, "no_header", False):
        print_header(argv if argv is not None else sys.argv[1:])
    if args.what in ("all", *COMMANDS):
        variants = [VARIANTS[name] for name in args.variants
                    if args.what in ("all", VARIANTS[name].command.split("-")[0])]
        print_command_table(bench_commands(variants, args.sizes, args.runs, args.seed, args.corpora))
        print(flush=True)
    if args.what == "all":  # each in-process figure in its own interpreter, sharing the generated corpora
        in_process_header()
        with tempfile.TemporaryDirectory(prefix="newsbench-SYNTHETIC-") as scratch:
            for what in ("startup", "bootstrap", "ner"):
                subprocess.run([sys.executable, __file__, what, "--no-header", "--runs", str(args.runs),
                                "--seed", str(args.seed), "--docs", str(args.docs), "--dense-docs",
                                str(args.dense_docs), "--dense-sentences", str(args.dense_sentences),
                                "--corpora", str(args.corpora or scratch)], check=True)
        return 0
    if args.what in ("startup", "bootstrap", "ner"):
        if not args.no_header:
            in_process_header()
        with tempfile.TemporaryDirectory(prefix="newsbench-SYNTHETIC-") as scratch:
            keep, scratch_dir = args.corpora, Path(scratch)
            if args.what == "startup":
                bench_startup(args.runs)
            elif args.what == "bootstrap":
                bench_bootstrap(corpus(args.docs, args.seed, keep, scratch_dir), args.runs)
            else:
                bench_ner(corpus(args.docs, args.seed, keep, scratch_dir), args.runs)
                sys.stdout.flush()
                bench_ner(corpus(args.dense_docs, args.seed, keep, scratch_dir, args.dense_sentences), args.runs)
    return 0


def print_header(argv: Sequence[str]) -> None:
    tested = Path(newsbench.__file__).resolve().parents[2]  # the checkout whose code the children run
    commit = subprocess.run(["git", "-C", str(tested), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    print(f"newsbench {__version__} at {commit or '?'}; {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"pyarrow {version('pyarrow')}, datasets {version('datasets')}; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    floor = run_child(["true"], dict(os.environ))[0].rss_mib
    print(f"command: scripts/bench_cli.py {' '.join(argv)}; the launcher's own peak RSS (counted in every figure): "
          f"{floor:.0f} MiB")
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
