"""The task registry: where the scorer, ``compare``, the leaderboard and the CLI look tasks and metrics up.

The tasks are defined in :mod:`newsbench.evaluation.tasks` (:data:`~newsbench.evaluation.tasks.DEFINITIONS`);
the shapes of a task and a metric are in :mod:`newsbench.evaluation.spec`. Every metric declares its direction
and unit: nothing else in the package decides whether a number is better high or low -- the result file records
both for every metric, and ranking, comparison marks and sorting use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .spec import (
    HIGHER,
    KM,
    LOWER,
    MIN_DOCUMENTS,
    RATIO,
    UNITS,
    MetricSpec,
    Task,
    plural,
    unavailable_reason,
)
from .tasks import ATTRIBUTES, DEFINITIONS, PRIMARY_METRIC

REGISTRY: Mapping[str, Task] = {t.name: t for t in DEFINITIONS}
TASKS = tuple(REGISTRY)
TASK_VERSIONS = {t.name: t.version for t in DEFINITIONS}
TASK_LAYER = {t.name: t.layer for t in DEFINITIONS}
"""The submission layer each task scores."""
TASK_DECLARED_LAYER = {t.name: t.declared_layer for t in DEFINITIONS}
"""The layer a gold document must declare annotated (format 1.1) for a task to be scored on it."""
TASK_TITLES = {t.name: t.title for t in DEFINITIONS}


def task(name: str) -> Task:
    """The task of that name (ValueError when there is none)."""
    if name not in REGISTRY:
        raise ValueError(f"unknown task {name!r}; expected one of {', '.join(TASKS)}")
    return REGISTRY[name]


def metric_specs(name: str) -> list[MetricSpec]:
    """The metrics of a task, in report order."""
    return list(task(name).metrics)


def metric_spec(task_name: str, metric: str) -> MetricSpec | None:
    """The spec of one metric, or None when the task or the metric is unknown."""
    return REGISTRY[task_name].metric(metric) if task_name in REGISTRY else None


# --- the leaderboard's columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """One column of the headline table: a metric of the registry, under a label."""

    task: str
    metric: str
    label: str

    @property
    def key(self) -> str:
        """``<task>/<metric>``."""
        return f"{self.task}/{self.metric}"

    @property
    def spec(self) -> MetricSpec:
        """The metric's spec in the registry."""
        spec = metric_spec(self.task, self.metric)
        assert spec is not None, self.key
        return spec

    @property
    def lower_is_better(self) -> bool:
        """Whether the column's metric is better low."""
        return self.spec.lower_is_better


def _headline() -> tuple[Headline, ...]:
    """The primary metric's task's columns first, then every other task's, in task order."""
    first = REGISTRY[PRIMARY_METRIC[0]]
    return tuple(Headline(t.name, metric, label) for t in (first, *(t for t in DEFINITIONS if t is not first))
                 for metric, label in t.headline)


HEADLINE: tuple[Headline, ...] = _headline()
PRIMARY = next(h for h in HEADLINE if (h.task, h.metric) == PRIMARY_METRIC)
"""The metric the leaderboard ranks systems by."""

__all__ = [
    "ATTRIBUTES",
    "HEADLINE",
    "HIGHER",
    "KM",
    "LOWER",
    "MIN_DOCUMENTS",
    "PRIMARY",
    "RATIO",
    "REGISTRY",
    "TASKS",
    "TASK_DECLARED_LAYER",
    "TASK_LAYER",
    "TASK_TITLES",
    "TASK_VERSIONS",
    "UNITS",
    "Headline",
    "MetricSpec",
    "Task",
    "metric_spec",
    "metric_specs",
    "plural",
    "task",
    "unavailable_reason",
]
