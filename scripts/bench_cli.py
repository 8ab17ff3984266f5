"""Benchmarks of what users run: the CLI, end to end, cold, beside the parse floor (prints figures; not a test).

    .venv/bin/python scripts/bench_cli.py all [--sizes 1000 10000 30000] [--build-sizes 10000] [--runs 3]
                                              [--corpora DIR] [--variants ...] [--markdown FILE]
    .venv/bin/python scripts/bench_cli.py score|validate|build [--sizes ...] [--runs N] [--corpora DIR]
    .venv/bin/python scripts/bench_cli.py startup|bootstrap|ner [--docs 10000] [--runs N] [--corpora DIR]

``all`` prints, from one run, every figure issue 16's goals name, and then the goal table (each goal, what was
measured, met or not): ``score`` (JSON and JSON Lines submissions) and ``validate`` at every size with the parse
floors and the peak RSS at the largest size over the smallest; ``build`` with one core busy (and with both cores
free) at ``--build-sizes``; 1,000 bootstrap resamples; NER against nervaluate on two corpora; the start-up of
``newsbench --help`` and ``newsbench score --help`` beside ``python -c pass``. ``--markdown FILE`` also writes
what it prints (markdown tables) to FILE, for eval/README.md §5.

Corpora are SYNTHETIC (``newsbench.synthetic``: news-shaped, meaningless, passing ``newsbench validate``), with a
perturbed system's submission (JSON, and the same as JSON Lines), generated into a temporary folder that is deleted
afterwards, or into ``--corpora DIR`` (``DIR/synthetic-<size>-seed<seed>/sentences-<n>/``, never inside the
repository) where a later run reuses them. A kept corpus is never written to once generated (it may be shared,
read-only): each run measures through a scratch folder of links to its gold, seeds and submissions, with this
checkout's schema and a copy of its README (``build`` writes ``corpus/data`` and the README there).

Each measured command (``newsbench score SUB --bootstrap 0``, every task; ``newsbench validate``; ``newsbench
build``) runs as its own child process with ``NEWSBENCH_ROOT`` set to that scratch folder: a cold process every
run (the operating system's file cache is warm, as it is for a user running a command twice), with its own
validated-documents cache folder (``NEWSBENCH_CACHE``): empty, or, for the variants "after validate", filled by an
untimed ``newsbench validate`` just before. "One core busy": a busy-loop process pinned to core 0 runs beside the
command (the build target is stated so). Wall time is the child's from start to exit; CPU is the user + system time
of the child and its workers; peak RSS is the largest resident set of the child or of any one of its workers
(``os.wait4``). The parse floor is measured the same way in the same run: a child process that reads and parses
every file the command reads (gold files, and the submission for ``score``) with the stdlib ``json``, ``orjson``
and ``msgspec``, dropping each parsed file (the floor of a streaming reader). Every figure is the min and the
median of ``--runs`` runs; ratios are of medians. newsbench's modules are compiled to bytecode first, untimed, as a
user's interpreter leaves them after its first run.

``startup`` times child processes too (at least 5 runs each): ``python -c pass``, ``newsbench --help`` and
``newsbench score --help``. ``bootstrap`` and ``ner`` are in-process: 1,000 bootstrap resamples of every metric
over the corpus's documents; NER's four schemas against nervaluate 1.2.1 on the same parsed data with identical
counts asserted, through the scorer's kernel and through the public ``score_submission(tasks=["entities"])``, on
the corpus and on a name-dense one (about 100 names a document).
"""

from __future__ import annotations

import argparse
import compileall
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
    """The folder of a synthetic repository-shaped corpus of ``size`` documents of ``sentences`` sentences, with a
    submission (``submission.json`` and ``submission.jsonl``) and a README carrying the card's markers; generated
    when absent, and never written to afterwards (``keep`` may be shared and read-only)."""
    root = (keep or scratch) / f"synthetic-{size}-seed{seed}" / f"sentences-{sentences}"
    if (root / "GENERATED").is_file():
        return root
    if root.exists():
        raise SystemExit(f"{root}: a corpus folder without GENERATED (still being generated, or a generation that "
                         "stopped): wait for it, or remove it and run again")
    partial = root.with_name(root.name + f".partial-{os.getpid()}")
    partial.mkdir(parents=True)
    t0 = time.perf_counter()
    summary = write_corpus(partial, size, seed=seed, sentences=sentences, submission=partial / "submission.json")
    (partial / "README.md").write_text("# SYNTHETIC benchmark corpus\n\n" + "\n".join(STATS_MARKERS) + "\n\n" +
                                       "\n".join(EXAMPLES_MARKERS) + "\n", encoding="utf-8")
    with_lines(partial / "submission.json")
    (partial / "GENERATED").write_text(json.dumps(vars(summary)), encoding="utf-8")
    partial.rename(root)
    print(f"  generated {size} documents in {time.perf_counter() - t0:.0f} s: {summary}", file=sys.stderr, flush=True)
    return root


def with_lines(submission: Path) -> None:
    """The same submission as JSON Lines beside it (``.jsonl``: the system, then a document a line)."""
    data = msgspec.json.decode(submission.read_bytes())
    encode = msgspec.json.Encoder().encode
    with submission.with_suffix(".jsonl").open("wb") as out:
        out.write(encode({"system": data["system"]}) + b"\n")
        for doc in data["documents"]:
            out.write(encode(doc) + b"\n")


def measured_root(source: Path, scratch: Path) -> Path:
    """A scratch repository for the commands to run in: links to ``source``'s gold, seeds, annotation passes and
    submissions, a copy of its splits and README, and this checkout's schema (the version measured); what the
    commands write (``build``: corpus/data and the README) stays in it."""
    root = scratch / f"root-{source.parent.name}-{source.name}"
    if root.exists():
        return root
    (root / "corpus").mkdir(parents=True)
    for name in ("gold", "seeds", "annotations"):
        if (source / "corpus" / name).is_dir():
            (root / "corpus" / name).symlink_to(source / "corpus" / name, target_is_directory=True)
    shutil.copyfile(source / "corpus" / "splits.json", root / "corpus" / "splits.json")
    shutil.copyfile(source / "README.md", root / "README.md")
    shutil.copytree(REPO / "schema", root / "schema")
    for name in ("submission.json", "submission.jsonl"):
        (root / name).symlink_to(source / name)
    return root


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
            "score-jsonl": Variant("score-jsonl"), "score-jsonl-warm": Variant("score-jsonl", warm=True),
            "validate": Variant("validate"), "build": Variant("build"),
            "build-warm-busy": Variant("build", warm=True, busy=True)}
# Both kinds of `score` run: cold (what a first-time user meets) and after validate (issue 16 allows the gold's
# semantic checks to be done once, in validate, and trusted by score through the validated-documents cache).
SCORE_VARIANTS = ("score", "score-warm", "score-jsonl", "score-jsonl-warm")
DEFAULT_VARIANTS = (*SCORE_VARIANTS, "validate", "build", "build-warm-busy")
SCORE_GOALS = tuple(VARIANTS[v].label for v in SCORE_VARIANTS)
"""The labels of the `score` runs that issue 16's speed and memory goals are shown for."""


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


Rows = list[tuple[Measured, dict[str, Measured]]]


def bench_commands(variants: Sequence[Variant], sizes: Sequence[int], build_sizes: Sequence[int], runs: int,
                   seed: int, keep: Path | None, scratch: Path) -> Rows:
    """Each variant at each size (``build`` at ``build_sizes`` only), beside its parse floors."""
    rows = []
    for size in sorted(set(sizes) | ({*build_sizes} if any(v.command == "build" for v in variants) else set())):
        chosen = [v for v in variants if size in (build_sizes if v.command == "build" else sizes)]
        if not chosen:
            continue
        root = measured_root(corpus(size, seed, keep, scratch), scratch)
        floors: dict[tuple[str, ...], dict[str, Measured]] = {}
        for v in chosen:
            _, files, label = COMMANDS[v.command]
            key = tuple(map(str, files(root)))
            if key not in floors:
                floors[key] = parse_floor(label, size, files(root), env_for(root), runs)
            rows.append((measure_variant(v, size, root, scratch, runs), floors[key]))
    return rows


RATIO_FLOORS = ("json", "msgspec")


def command_table(rows: Rows) -> list[str]:
    """The markdown table: each parse floor, then each command with its medians' ratios to the floors (wall time,
    and CPU time, which a loaded machine disturbs less); then the peak RSS at the largest size over the smallest."""
    ratios = " | ".join(f"× {p} parse ({kind})" for kind in ("wall", "CPU") for p in RATIO_FLOORS)
    out = [f"| what | documents | wall min s | wall median s | CPU median s | peak RSS MiB | {ratios} |",
           "| --- | ---: | ---: | ---: | ---: | ---: |" + " ---: |" * 2 * len(RATIO_FLOORS)]
    blank = " |" * 2 * len(RATIO_FLOORS)
    printed: set[int] = set()
    for m, floors in rows:
        if id(floors) not in printed:
            printed.add(id(floors))
            out += [f"| {f.what} | {f.documents} | {f.wall_min:.2f} | {f.wall_median:.2f} | {f.cpu_median:.2f} | "
                    f"{f.rss_max:.0f} |{blank}" for f in floors.values()]
        shown = " | ".join([f"{ratio(m, floors[p], 'wall'):.2f}" for p in RATIO_FLOORS] +
                           [f"{ratio(m, floors[p], 'cpu'):.2f}" for p in RATIO_FLOORS])
        out.append(f"| **{m.what}** | {m.documents} | {m.wall_min:.2f} | {m.wall_median:.2f} | {m.cpu_median:.2f} | "
                   f"{m.rss_max:.0f} | {shown} |")
    out.append("")
    out += [f"- {what}: peak RSS at {large.documents} documents = {large.rss_max / small.rss_max:.2f}× that at "
            f"{small.documents}" for what, (small, large) in size_pairs(rows).items()]
    return out


def ratio(m: Measured, floor: Measured, kind: str) -> float:
    """The command's median over the floor's median, of wall or CPU time."""
    if kind == "wall":
        return m.wall_median / floor.wall_median
    return m.cpu_median / floor.cpu_median


def size_pairs(rows: Rows) -> dict[str, tuple[Measured, Measured]]:
    """Per command measured at several sizes: its runs at the smallest and at the largest size."""
    by_what: dict[str, list[Measured]] = {}
    for m, _ in rows:
        by_what.setdefault(m.what, []).append(m)
    return {what: (min(ms, key=lambda m: m.documents), max(ms, key=lambda m: m.documents))
            for what, ms in by_what.items() if len(ms) > 1}


# --- start-up and in-process figures -------------------------------------------------------------------

Figures = dict[str, float]


def bench_startup(runs: int) -> tuple[list[str], Figures]:
    """Cold start-up of `newsbench --help` and `newsbench score --help` as child processes, beside `python -c pass`
    (the interpreter's own start-up) in the same run, interleaved so that a load change touches all three."""
    children = {"`python -c pass`": [sys.executable, "-c", "pass"],
                "`newsbench --help`": newsbench_command() + ["--help"],
                "`newsbench score --help`": newsbench_command() + ["score", "--help"]}
    times: dict[str, list[Run]] = {what: [] for what in children}
    for _ in range(max(runs, 5)):
        for what, argv in children.items():
            times[what].append(run_child(argv, dict(os.environ))[0])
    lines, figures = [], {}
    for what, done in times.items():
        m = Measured(what, 0, tuple(done))
        lines.append(f"| start-up: {what}, whole process | {m.wall_min:.3f} | {m.wall_median:.3f} | "
                     f"CPU {m.cpu_median:.3f} s, peak RSS {m.rss_max:.0f} MiB |")
        figures[what] = m.wall_median
    return lines, figures


def _loaded(root: Path):
    os.environ["NEWSBENCH_ROOT"] = str(root)
    gold, problems = load_gold(root / "corpus" / "gold", validate=False)
    assert gold is not None, problems
    submission, problems = read_submission(root / "submission.json")
    assert submission is not None, problems
    gc.freeze()  # the loaded input lives as long as the process: keep the collector from re-walking it
    return gold, submission


def bench_bootstrap(root: Path, runs: int, resamples: int = 1000) -> tuple[list[str], Figures]:
    gold, submission = _loaded(root)
    result, problems = score_submission(submission, gold, bootstrap=0)
    assert result is not None, problems
    times = []
    for k in range(max(runs, 5)):
        t0 = time.perf_counter()
        bootstrap_intervals(result.table, result.specs, n_resamples=resamples, seed=k)
        times.append(time.perf_counter() - t0)
    documents = len(result.table.doc_ids)
    return ([f"| bootstrap: {resamples} resamples × {documents} documents, {len(result.specs)} metrics | "
             f"{min(times):.3f} | {statistics.median(times):.3f} | max {max(times):.3f} |"],
            {"bootstrap max": max(times), "bootstrap documents": documents})


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


def flat_submission(submission):
    """The submission with its predicted names made flat (the gold's are): nervaluate aligns overlapping
    predictions in input order, newsbench by span, so they agree on flat names only."""
    return replace(submission, documents=tuple(
        replace(d, mentions=tuple(m for m in d.mentions if m.level not in (None, "NAM")) + flat_names(d.mentions))
        for d in submission.documents))


def bench_ner(root: Path, runs: int) -> tuple[list[str], Figures]:
    gold, submission = _loaded(root)
    tags = load_ontology().entity_types
    submission = flat_submission(submission)
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
    lines = [f"| NER 4 schemas, {len(ids)} documents, {names:.0f} names each: nervaluate 1.2.1 | {min(t_theirs):.3f} | "
             f"{nerv:.3f} | 1× |",
             f"| NER 4 schemas, scorer kernel (category_parts), identical counts | {min(t_mine):.3f} | "
             f"{statistics.median(t_mine):.3f} | {nerv / statistics.median(t_mine):.1f}× faster |",
             f"| NER 4 schemas + per type + detection, `score_submission(tasks=[\"entities\"])` | {min(t_lib):.3f} | "
             f"{statistics.median(t_lib):.3f} | {nerv / statistics.median(t_lib):.1f}× faster |"]
    return lines, {f"ner speed-up, {names:.0f} names a document": nerv / statistics.median(t_lib)}


IN_PROCESS_HEADER = ["| what | min s | median s | note |", "| --- | ---: | ---: | --- |"]


def in_process(what: str, args: argparse.Namespace, scratch: Path) -> tuple[list[str], Figures]:
    """One in-process figure (``what``), measured in this process."""
    keep = args.corpora
    if what == "startup":
        return bench_startup(args.runs)
    if what == "bootstrap":
        return bench_bootstrap(measured_root(corpus(args.docs, args.seed, keep, scratch), scratch), args.runs)
    lines, figures = bench_ner(measured_root(corpus(args.docs, args.seed, keep, scratch), scratch), args.runs)
    dense = measured_root(corpus(args.dense_docs, args.seed, keep, scratch, args.dense_sentences), scratch)
    more, more_figures = bench_ner(dense, args.runs)
    return lines + more, {**figures, **more_figures}


def in_own_interpreter(what: str, args: argparse.Namespace, scratch: Path) -> tuple[list[str], Figures]:
    """``in_process(what)`` run by a fresh interpreter (so that no figure inherits another's loaded data)."""
    report = scratch / f"report-{what}.json"
    subprocess.run([sys.executable, __file__, what, "--no-header", "--report", str(report), "--runs", str(args.runs),
                    "--seed", str(args.seed), "--docs", str(args.docs), "--dense-docs", str(args.dense_docs),
                    "--dense-sentences", str(args.dense_sentences), "--scratch", str(scratch),
                    *(["--corpora", str(args.corpora)] if args.corpora else [])], check=True, stdout=subprocess.DEVNULL)
    lines, figures = json.loads(report.read_text(encoding="utf-8"))
    return lines, figures


# --- the goal table -------------------------------------------------------------------------------------------


def goal_table(rows: Rows, figures: Figures, build_sizes: Sequence[int]) -> list[str]:
    """Issue 16's goals, each beside what this run measured (ratios of medians; wall time unless said)."""
    out = ["| goal | measured | met |", "| --- | --- | --- |"]

    def row(goal: str, measured: str, met: bool | None) -> None:
        out.append(f"| {goal} | {measured} | {'—' if met is None else 'yes' if met else 'NO'} |")

    def find(what: str) -> list[tuple[Measured, dict[str, Measured]]]:
        return sorted(((m, f) for m, f in rows if m.what == what), key=lambda r: r[0].documents)

    for what, limits in (*((label, {"json": 2, "msgspec": 3}) for label in SCORE_GOALS),
                         ("newsbench validate", {"json": 2})):
        for m, floors in find(what):
            shown = [f"{ratio(m, floors[p], kind):.2f}× {p} ({kind})" for p in limits for kind in ("wall", "cpu")]
            met = all(ratio(m, floors[p], "wall") <= limit for p, limit in limits.items())
            row(f"{what}, {m.documents} documents: ≤ " + ", ≤ ".join(f"{x}× the {p} parse" for p, x in limits.items()),
                ", ".join(shown), met)
    for what in (*SCORE_GOALS, "newsbench validate"):
        pair = size_pairs(rows).get(what)
        if pair:
            small, large = pair
            grown = large.rss_max / small.rss_max
            row(f"{what}: peak RSS at {large.documents} ≤ 1.5× that at {small.documents} documents",
                f"{small.rss_max:.0f} → {large.rss_max:.0f} MiB = {grown:.2f}×", grown <= 1.5)
    for m, _ in find("newsbench build, after validate, one core busy"):
        if m.documents in build_sizes:
            row(f"`newsbench build`, {m.documents} documents, one core busy: ≤ 30 s",
                f"{m.wall_median:.1f} s wall median (min {m.wall_min:.1f}; CPU {m.cpu_median:.1f} s)",
                m.wall_median <= 30 if m.documents == 10000 else None)
    if "bootstrap max" in figures:
        row(f"1,000 bootstrap resamples × {figures['bootstrap documents']:.0f} documents: ≤ 0.5 s every run",
            f"max {figures['bootstrap max']:.3f} s", figures["bootstrap max"] <= 0.5)
    for key, value in figures.items():
        if key.startswith("ner speed-up"):
            row(f"NER 4 schemas through `score_submission`: ≥ 20× nervaluate ({key.split(', ')[1]})",
                f"{value:.1f}×", value >= 20)
    for what in ("`newsbench --help`", "`newsbench score --help`"):
        if what in figures:
            row(f"start-up of {what}: ≤ 0.15 s", f"{figures[what]:.3f} s wall median "
                f"(`python -c pass`: {figures['`python -c pass`']:.3f} s)", figures[what] <= 0.15)
    return out


# --- main ------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    for name in ("all", *COMMANDS):
        p = sub.add_parser(name)
        p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
        p.add_argument("--build-sizes", type=int, nargs="+", default=[10000],
                       help="sizes to run `build` at (default 10000: the goal's)")
        p.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(DEFAULT_VARIANTS),
                       help=f"which runs of the commands (default: {' '.join(DEFAULT_VARIANTS)}; -warm: after "
                            "validate; -busy: one core busy)")
    for name in ("all", "startup", "bootstrap", "ner"):
        p = sub.choices.get(name) or sub.add_parser(name)
        p.add_argument("--docs", type=int, default=10000, help="documents for bootstrap and NER (default 10000)")
        p.add_argument("--dense-docs", type=int, default=1000,
                       help="documents of the name-dense corpus for NER (default 1000)")
        p.add_argument("--dense-sentences", type=int, default=DENSE_SENTENCES,
                       help=f"sentences per document of the name-dense corpus (default {DENSE_SENTENCES})")
        p.add_argument("--no-header", action="store_true", help=argparse.SUPPRESS)
        p.add_argument("--report", type=Path, help=argparse.SUPPRESS)
        p.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    for p in sub.choices.values():
        p.add_argument("--runs", type=int, default=3)
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--corpora", type=Path, help="generate the corpora once in this folder and reuse them there")
        p.add_argument("--markdown", type=Path, help="also write what is printed to this file (markdown)")
    args = parser.parse_args(argv)
    for folder in (args.corpora, args.markdown):
        if folder is not None and REPO in (folder.resolve(), *folder.resolve().parents):
            parser.error("--corpora and --markdown must be outside the repository (synthetic figures are not "
                         "committed as they are: eval/README.md §5 quotes them with their command)")
    printed: list[str] = []

    def emit(lines: Sequence[str]) -> None:
        for line in lines:
            print(line, flush=True)
        printed.extend(lines)

    if not getattr(args, "no_header", False):
        emit(header(argv if argv is not None else sys.argv[1:]))
    # The commands start from bytecode, as a user's interpreter does after its first run: compiled once here,
    # untimed (with PYTHONDONTWRITEBYTECODE set, nothing would write it and every timed start would compile).
    compileall.compile_dir(Path(newsbench.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="newsbench-SYNTHETIC-") as tmp:
        scratch = getattr(args, "scratch", None) or Path(tmp)
        rows: Rows = []
        if args.what in ("all", *COMMANDS):
            variants = [VARIANTS[name] for name in args.variants
                        if args.what in ("all", VARIANTS[name].command.split("-")[0])]
            rows = bench_commands(variants, args.sizes, args.build_sizes, args.runs, args.seed, args.corpora,
                                  scratch)
            emit(command_table(rows) + [""])
        if args.what == "all":
            lines, figures = [], {}
            for what in ("startup", "bootstrap", "ner"):
                more, more_figures = in_own_interpreter(what, args, scratch)
                lines += more
                figures.update(more_figures)
            emit(IN_PROCESS_HEADER + lines + ["", "Issue 16's goals, measured in this run:", ""] +
                 goal_table(rows, figures, args.build_sizes))
        elif args.what in ("startup", "bootstrap", "ner"):
            lines, figures = in_process(args.what, args, scratch)
            if args.report:
                args.report.write_text(json.dumps([lines, figures]), encoding="utf-8")
            emit(([] if args.no_header else IN_PROCESS_HEADER) + lines)  # --no-header: part of `all`
    if args.markdown:
        args.markdown.write_text("\n".join(printed) + "\n", encoding="utf-8")
    return 0


def header(argv: Sequence[str]) -> list[str]:
    tested = Path(newsbench.__file__).resolve().parents[2]  # the checkout whose code the children run
    commit = subprocess.run(["git", "-C", str(tested), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    floor = run_child(["true"], dict(os.environ))[0].rss_mib
    return [f"newsbench {__version__} at {commit or '?'}; {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
            f"pyarrow {version('pyarrow')}, datasets {version('datasets')}; load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
            "",
            f"command: `scripts/bench_cli.py {' '.join(argv)}`; the launcher's own peak RSS (counted in every figure): "
            f"{floor:.0f} MiB", ""]


if __name__ == "__main__":
    sys.exit(main())
