"""The main job, step by step: check the seeds, validate the corpus, build the dataset, run the baselines,
score every system and render the leaderboard. Each step is a library call; this module only sequences them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from collections.abc import Callable, Sequence

from .baselines.registry import SYSTEMS, run_baseline
from .baselines.spacy_sm import BaselineUnavailable
from .corpus import check_seeds, seed_ids
from .dataset.build import build
from .problems import Problem
from .validate import InvalidInput, corpus_document_paths, validate_paths


@dataclass(frozen=True)
class StepOutcome:
    """What a pipeline step found and did."""

    problems: tuple[Problem, ...]
    summary: str
    report: str = ""
    """Text to show once the whole pipeline has run (the leaderboard table)."""


@dataclass(frozen=True)
class StepResult:
    """One step's outcome with its name and time."""

    name: str
    outcome: StepOutcome
    seconds: float


Step = tuple[str, Callable[[], StepOutcome]]


def check_seeds_step() -> StepOutcome:
    """Check the seeds' metadata and checksums."""
    return StepOutcome(tuple(check_seeds()), f"{len(seed_ids())} seed(s): metadata and sha256 match")


def validate_step() -> StepOutcome:
    """Validate every annotated document of the corpus."""
    results = validate_paths(corpus_document_paths())
    problems = tuple(p for r in results for p in r.problems)
    return StepOutcome(problems, f"{len(results)} annotated file(s) (gold and passes) validated")


def build_step() -> StepOutcome:
    """Build the dataset and the card."""
    try:
        built = build()
    except InvalidInput as e:
        return StepOutcome(tuple(e.problems), "dataset not built")
    rows = ", ".join(f"{config} {sum(splits.values())}" for config, splits in built.rows.items())
    return StepOutcome((), f"{len(built.files)} Parquet file(s), rows: {rows}; README card regenerated")


def baselines_step() -> StepOutcome:
    """Run every baseline (one without its extra is skipped; its committed submission is scored)."""
    done: list[str] = []
    skipped: list[str] = []
    problems: list[Problem] = []
    for name in SYSTEMS:
        try:
            result = run_baseline(name)
        except BaselineUnavailable:
            skipped.append(name)  # its committed submission is still scored
            continue
        problems.extend(result.problems)
        done.append(name)
    summary = f"ran {', '.join(done)}"
    if skipped:
        summary += f"; skipped {', '.join(skipped)} (install the 'baselines' extra; the committed submission is scored)"
    return StepOutcome(tuple(problems), summary)


def leaderboard_step(bootstrap: int = 1000, seed: int = 0) -> StepOutcome:
    """Score every system and render the leaderboard."""
    from .evaluation.leaderboard import build_leaderboard, format_leaderboard  # lazy: loads numpy (the eval extra)

    build = build_leaderboard(bootstrap=bootstrap, seed=seed)
    problems = build.problems + tuple(p for found in build.broken.values() for p in found)
    summary = (f"{len(build.results)} system(s) scored with {bootstrap} bootstrap resamples; "
               + ("wrote eval/results/, eval/LEADERBOARD.md, eval/leaderboard.html" if build.ok else
                  "nothing written (a broken system folder or gold)"))
    return StepOutcome(problems, summary, format_leaderboard(build.results))


def pipeline_steps(*, bootstrap: int = 1000, seed: int = 0) -> tuple[Step, ...]:
    """The pipeline's steps, in order."""
    return (
        ("check seeds", check_seeds_step),
        ("validate corpus", validate_step),
        ("build dataset", build_step),
        ("run baselines", baselines_step),
        ("score systems, render leaderboard", lambda: leaderboard_step(bootstrap, seed)),
    )


def run_pipeline(steps: Sequence[Step] | None = None, *, on_start: Callable[[int, int, str], None] = lambda i, n,
                 s: None,
                 on_done: Callable[[StepResult], None] = lambda r: None) -> list[StepResult]:
    """Run the steps in order, stopping after the first that reports problems."""
    steps = pipeline_steps() if steps is None else steps
    results = []
    for i, (name, step) in enumerate(steps, 1):
        on_start(i, len(steps), name)
        t0 = time.perf_counter()
        result = StepResult(name, step(), time.perf_counter() - t0)
        results.append(result)
        on_done(result)
        if result.outcome.problems:
            break
    return results
