"""The tasks and their metrics: one table that the scorer, ``compare`` and the leaderboard all read.

For every task: its version (bumped whenever its definition changes), the submission layer it scores, and its
metrics in report order. Every metric declares its kind (which counts it keeps, see
:data:`newsbench.evaluation.metrics.KINDS`), what its per-type rows are keyed by, its **direction** (is a higher
or a lower value better) and its **unit**. Nothing else in the package decides whether a number is better high or
low: the result file records both for every metric, and ranking, comparison marks and sorting use them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ontology import load_ontology
from .matching import ARGUMENT_METRICS, MATCH_MODES
from .metrics import KINDS, SCHEMA_KINDS, SCHEMAS

TASKS = ("entities", "entities_all", "bio", "coreference", "timexes", "events", "toponyms")
TASK_VERSIONS = {task: "1.1" for task in TASKS}
"""Bumped whenever a task's definition or its entries in the result file change, so that results of different
definitions are never compared (1.1: directions and units, null for empty values, intervals only from enough
documents)."""
TASK_LAYER = {"entities": "mentions", "entities_all": "mentions", "bio": "mentions", "coreference": "mentions",
              "timexes": "timexes", "events": "event_mentions", "toponyms": "toponyms"}
TASK_DECLARED_LAYER = {"entities": "entities", "entities_all": "entities", "bio": "entities",
                       "coreference": "entities", "timexes": "timexes", "events": "events", "toponyms": "toponyms"}
"""The layer a gold document must declare annotated (format 1.1) for a task to be scored on it."""
ATTRIBUTES = (*load_ontology().attributes, "realis")
"""The scored event attributes: the ontology's, and the ERE realis derived from them."""

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
        return f"{self.task}/{self.name}"

    @property
    def fields(self) -> tuple[str, ...]:
        return KINDS[self.kind].fields if self.kind in KINDS else ()

    @property
    def statistic(self) -> str:
        """The statistic a comparison or a ranking reads: F1, or the value of a value-only metric."""
        if self.kind in KINDS:
            return "value" if KINDS[self.kind].value_only else "f1"
        return "f1" if self.kind == "conll" else "value"

    @property
    def lower_is_better(self) -> bool:
        return self.direction == LOWER


def metric_specs(task: str) -> list[MetricSpec]:
    """The metrics of a task, in report order."""
    if task in ("entities", "entities_all"):
        return [MetricSpec(task, s, SCHEMA_KINDS[s].name, "entity_type") for s in SCHEMAS] + [
            MetricSpec(task, "mention_detection", "prf", "level")]
    if task == "bio":
        return [MetricSpec(task, "strict", "prf", "entity_type"), MetricSpec(task, "strict_head", "prf", "entity_type")]
    if task == "coreference":
        return [MetricSpec(task, m, "ratio") for m in ("muc", "b_cubed", "ceaf_e")] + [
            MetricSpec(task, "conll", "conll", sources=("muc", "b_cubed", "ceaf_e"))]
    if task == "timexes":
        return [MetricSpec(task, "strict", "prf", "timex_type"), MetricSpec(task, "relaxed", "prf", "timex_type"),
                MetricSpec(task, "value_accuracy", "accuracy", "timex_type"),
                MetricSpec(task, "type_accuracy", "accuracy", "timex_type")]
    if task == "events":
        specs = [MetricSpec(task, "trigger_identification", "prf"),
                 MetricSpec(task, "trigger_classification", "prf", "event_type")]
        for mode in MATCH_MODES:
            for base in ARGUMENT_METRICS:
                specs.append(MetricSpec(task, f"{base}_{mode}", "prf", "role" if "classification" in base else None))
        specs += [MetricSpec(task, f"attribute_{a}", "accuracy") for a in ATTRIBUTES]
        return specs
    if task == "toponyms":
        return [MetricSpec(task, "strict", "prf", "reading"), MetricSpec(task, "reading_accuracy", "accuracy", "reading"),
                MetricSpec(task, "acc_at_161km", "accuracy", "reading"),
                MetricSpec(task, "mean_km", "mean", "reading", direction=LOWER, unit=KM),
                MetricSpec(task, "median_km", "median", "reading", sources=("resolution",), direction=LOWER, unit=KM),
                MetricSpec(task, "auc", "auc", "reading", sources=("resolution",), direction=LOWER)]
    raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")


def metric_spec(task: str, metric: str) -> MetricSpec | None:
    """The spec of one metric, or None when the task or the metric is unknown."""
    if task not in TASKS:
        return None
    return next((s for s in metric_specs(task) if s.name == metric), None)


# --- the leaderboard's columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """One column of the headline table: a metric of the registry, under a label."""

    task: str
    metric: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.task}/{self.metric}"

    @property
    def spec(self) -> MetricSpec:
        spec = metric_spec(self.task, self.metric)
        assert spec is not None, self.key
        return spec

    @property
    def lower_is_better(self) -> bool:
        return self.spec.lower_is_better


HEADLINE: tuple[Headline, ...] = (
    # names as the `entities` config's ner_tags encode them (IOB2 over NAM heads): what a CoNLL-style tagger learns
    Headline("bio", "strict_head", "Names F1"),
    # the ACE extents (whole noun phrases), scored beside it under its own name
    Headline("entities", "strict", "Names F1 (ACE extents)"),
    Headline("entities_all", "strict", "Mentions F1"),
    Headline("coreference", "conll", "Coref CoNLL F1"),
    Headline("timexes", "strict", "Timex F1"),
    Headline("timexes", "value_accuracy", "Timex value acc."),
    Headline("events", "trigger_classification", "Trigger F1"),
    Headline("events", "argument_classification_span", "Argument F1"),
    Headline("toponyms", "strict", "Toponym F1"),
    Headline("toponyms", "acc_at_161km", "Acc@161km"),
    Headline("toponyms", "auc", "Toponym AUC"),
)
PRIMARY = HEADLINE[0]
"""The metric the leaderboard ranks systems by."""
