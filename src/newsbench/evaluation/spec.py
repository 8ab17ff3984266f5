"""The shapes of the task registry: what a metric and a task declare (no task is defined here).

A :class:`MetricSpec` declares a metric's kind (which counts it keeps, see
:data:`newsbench.evaluation.metrics.KINDS`), what its per-type rows are keyed by, its **direction** (is a higher
or a lower value better) and its **unit**. A :class:`Task` declares its name, version, layers, title, metrics,
headline columns and the function that scores one document. The tasks themselves are in
:mod:`newsbench.evaluation.tasks`; :mod:`newsbench.evaluation.registry` is where everything else looks them up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .metrics import KINDS

if TYPE_CHECKING:  # annotations only
    from ..model import Submission

HIGHER, LOWER = "higher", "lower"
"""Directions: is a higher or a lower value better."""
RATIO, KM = "ratio", "km"
"""Units: a share between 0 and 1 (P/R/F1, accuracies, the normalised AUC), or kilometres."""
UNITS = {RATIO: "a share between 0 and 1", KM: "kilometres"}

MIN_DOCUMENTS = 10
"""Fewest documents carrying a metric for an interval or a p-value. Resampling documents cannot resolve more
than the documents allow: the sign-flip (approximate randomisation) test over n documents has 2**n equally likely
outcomes in pairs of equal |delta|, so its smallest attainable p-value is 2**(1 - n) -- with 5 documents 0.0625,
never below 0.05; with 10, 0.002, well below 0.01. The bootstrap over n documents has C(2n - 1, n) distinct
resamples (10 documents: 92,378, against 1,000 resamples drawn), and the chance that a resample is one document
drawn n times (n**(1 - n)) is then negligible; with 1 document every resample is the document itself."""


def plural(n: int, word: str) -> str:
    """``n word`` or ``n words``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def unavailable_reason(documents: int, with_items: int | None = None) -> str | None:
    """Why an interval or p-value cannot be given over ``documents`` documents of which ``with_items`` carry the
    metric (None when it can)."""
    if documents < MIN_DOCUMENTS:
        return f"{plural(documents, 'document')} (at least {MIN_DOCUMENTS} needed)"
    if with_items is not None and with_items < MIN_DOCUMENTS:
        return f"{with_items} of {documents} documents have items (at least {MIN_DOCUMENTS} needed)"
    return None


@dataclass(frozen=True)
class MetricSpec:
    """One metric of a task: what it counts, what its per-type rows are keyed by, its direction and unit."""

    task: str
    name: str
    kind: str
    """A kind of :data:`newsbench.evaluation.metrics.KINDS`, or conll / median / auc (computed from others)."""
    breakdown: str | None = None
    """What the per-type rows are keyed by (entity_type, level, event_type, role, timex_type, reading)."""
    sources: tuple[str, ...] = ()
    """conll: the three metrics averaged; median/auc: the item list they are computed from."""
    direction: str = HIGHER
    unit: str = RATIO

    @property
    def key(self) -> str:
        """``<task>/<metric>``: its key in the count table and in intervals."""
        """``task/name``."""
        return f"{self.task}/{self.name}"

    @property
    def fields(self) -> tuple[str, ...]:
        """The count fields of the metric's kind."""
        """The count fields its kind keeps (none for the kinds computed from others)."""
        return KINDS[self.kind].fields if self.kind in KINDS else ()

    @property
    def statistic(self) -> str:
        """The statistic a comparison or a ranking reads: F1, or the value of a value-only metric."""
        if self.kind in KINDS:
            return "value" if KINDS[self.kind].value_only else "f1"
        return "f1" if self.kind == "conll" else "value"

    @property
    def lower_is_better(self) -> bool:
        """Whether a lower value is better."""
        return self.direction == LOWER


CountRow = dict[str, tuple[float, ...]]
"""One document's counts: metric key -> the count fields of the metric's kind."""
ScoreBatch = Callable[[Sequence[Any], Sequence[CountRow], Any], None]
"""A task's scoring function: ``score(documents, rows, totals)`` with a batch of
:class:`newsbench.evaluation.tasks.DocumentInput`, each document's count row (metric key -> count fields, filled
in) and the corpus' :class:`newsbench.evaluation.tasks.Totals` (per-label counts, item lists, notes)."""


@dataclass(frozen=True)
class Task:
    """One task: everything the scorer, ``compare``, the leaderboard and the CLI know about it."""

    name: str
    version: str
    """Bumped whenever the task's definition or its entries in the result file change, so that results of
    different definitions are never compared."""
    layer: str
    """The submission layer it scores (mentions, timexes, event_mentions, toponyms)."""
    declared_layer: str
    """The layer a gold document must declare annotated (format 1.1) for the task to be scored on it."""
    title: str
    """Its heading on the leaderboard."""
    metrics: tuple[MetricSpec, ...]
    """In report order."""
    score: ScoreBatch
    """Scores a batch of documents (see :data:`ScoreBatch`)."""
    headline: tuple[tuple[str, str], ...] = ()
    """Its columns in the leaderboard's headline table: (metric name, column label)."""
    summary_breakdowns: tuple[str, ...] = ()
    """The metrics whose per-type table LEADERBOARD.md shows (the HTML page shows every breakdown)."""
    covered: Callable[[Submission], bool] | None = None
    """Whether a submission that predicts the layer predicts the task too (default: yes)."""
    notes: Callable[[Any], Mapping[str, Any]] | None = None
    """The task's side notes in the result file, from the corpus' totals."""

    def metric(self, name: str) -> MetricSpec | None:
        """The task's metric of that name, or None."""
        return next((s for s in self.metrics if s.name == name), None)
