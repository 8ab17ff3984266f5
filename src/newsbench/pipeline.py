"""The main job, step by step: check the seeds, validate the corpus, summarise it (and, as the
capabilities land, build the dataset, run the baselines, score them and render the leaderboard)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Sequence

from .validate import Problem


@dataclass(frozen=True)
class StepResult:
    name: str
    problems: tuple[Problem, ...]
    summary: str
    seconds: float


def _check_seeds() -> tuple[list[Problem], str]:
    from .corpus import check_seeds, seed_ids

    problems = check_seeds()
    return problems, f"{len(seed_ids())} seed(s), metadata and sha256 checked"


def _validate() -> tuple[list[Problem], str]:
    from .validate import corpus_document_paths, validate_paths

    results = validate_paths(corpus_document_paths())
    problems = [p for r in results for p in r.problems]
    return problems, f"{len(results)} annotated file(s) validated"


STEPS: tuple[tuple[str, Callable[[], tuple[list[Problem], str]]], ...] = (
    ("check seeds", _check_seeds),
    ("validate corpus", _validate),
)


def run_pipeline(on_step: Callable[[StepResult], None] = lambda r: None,
                 steps: Sequence[tuple[str, Callable[[], tuple[list[Problem], str]]]] = STEPS) -> list[StepResult]:
    """Run the steps in order; stop after the first step that reports problems."""
    results = []
    for name, step in steps:
        t0 = time.perf_counter()
        problems, summary = step()
        result = StepResult(name, tuple(problems), summary, time.perf_counter() - t0)
        results.append(result)
        on_step(result)
        if problems:
            break
    return results
