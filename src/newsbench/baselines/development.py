"""The baselines on the development corpora (../shared/corpora): GUM news, MEANTIME and GeoVirus.

The corpora are read by the importers of :mod:`newsbench.interop` and never copied into the repository. A
system sees each document's text and metadata only (``InputDocument``); its predictions are kept where the
corpus annotates their layer (``Document.annotated``: MEANTIME annotates the first sentences only, GeoVirus
toponyms only), without the kinds of mention the corpus's guidelines leave unannotated (``DevCorpus.unannotated``)
and scored with :func:`newsbench.evaluation.scorer.score_submission` on the tasks the corpus
annotates. ``scripts/eval_baselines.py`` prints the table published in eval/README.md §7.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from scipy.stats import binomtest

from .. import jsonio
from ..evaluation.registry import TASK_DECLARED_LAYER, TASK_LAYER
from ..evaluation.scorer import gold_from_documents, score_submission
from ..interop.importers import import_files
from ..model import Document, PredictedMention, Submission, SubmissionDocument, SystemInfo
from ..ontology import load_ontology
from .common import InputDocument, demonym_table, plural_demonym
from .registry import SYSTEMS


class _HasDocId(Protocol):
    @property
    def doc_id(self) -> str: ...


T = TypeVar("T", bound=_HasDocId)

LAYER_OF = {TASK_LAYER[task]: TASK_DECLARED_LAYER[task] for task in TASK_LAYER}
"""Submission layer -> the annotated layer (``AnnotatedLayer.layer``) that bounds it."""


@dataclass(frozen=True)
class DevCorpus:
    """A development corpus: its importer, its files and the tasks it can score."""

    name: str
    importer: str
    folder: str
    """Relative to the development corpora folder."""
    tasks: tuple[str, ...]
    """The scorer's tasks this corpus's human annotation supports."""
    attribution: str
    unannotated: tuple[str, ...] = ()
    """Kinds of predicted mention (keys of ``UNANNOTATED``) that the corpus's own guidelines do not annotate: left
    out of every system's predictions before scoring, as a layer the corpus does not annotate is (``restrict``).
    A scoring convention: the gold is untouched."""


DEV_CORPORA: dict[str, DevCorpus] = {
    c.name: c
    for c in (
        DevCorpus("gum-news", "corefud", "gum-news/dep", ("bio", "entities", "coreference", "timexes"),
                  "GUM news (Zeldes 2017), text CC BY 2.5 Wikinews, annotation CC BY 4.0",
                  ("adjectival demonyms",)),
        DevCorpus("meantime", "meantime", "meantime-en", ("bio", "entities", "coreference", "timexes"),
                  "MEANTIME English (Minard et al. 2016), CC BY 4.0"),
        DevCorpus("geovirus", "geovirus", "geovirus", ("toponyms",),
                  "GeoVirus (Gritta, Pilehvar & Collier 2018), texts Wikinews CC BY 2.5"),
    )
}

SEED = DevCorpus("seed", "", "", ("bio", "entities", "coreference", "timexes", "events", "toponyms"),
                 "the test seed (corpus/gold), for comparison")

HEADLINE = (
    ("bio", "strict_head", "f1", "names F1 (heads)"),
    ("entities", "strict", "f1", "names F1 (extents)"),
    ("coreference", "conll", "f1", "coref CoNLL F1"),
    ("timexes", "strict", "f1", "timex F1"),
    ("timexes", "value_accuracy", "value", "timex value acc."),
    ("toponyms", "strict", "f1", "toponym F1"),
    ("toponyms", "acc_at_161km", "value", "Acc@161km"),
    ("events", "trigger_classification", "f1", "trigger F1"),
)
"""(task, metric, field, column) of the published table."""


SEED_COMPARED = (("timexes", "value_accuracy", "timex value acc."), ("toponyms", "acc_at_161km", "Acc@161km"))
"""(task, metric, column) of the accuracy-like figures the "no worse than on the seed" comparison reads."""


@dataclass(frozen=True)
class SeedComparison:
    """What the seed's k of n says against a development corpus's rate of one accuracy-like figure."""

    column: str
    rate: float
    """The development corpus's figure (correct / total)."""
    correct: int
    total: int
    """The seed's items: ``correct`` of ``total``."""
    chance: float
    """P(at least ``correct`` of ``total`` | each correct with probability ``rate``): the exact binomial tail."""


def at_least_as_well(rate: float, correct: int, total: int) -> float:
    """The probability that a system right with probability ``rate`` on each of ``total`` independent items gets
    at least ``correct`` of them (exact binomial, ``scipy.stats.binomtest``, alternative "greater"). The seed's
    items are not independent (one document), so this is a bound on what it can tell, not a test of it."""
    return float(binomtest(correct, total, rate, alternative="greater").pvalue)


def seed_comparisons(development_scores: Mapping[str, Any], seed_scores: Mapping[str, Any]) -> list[SeedComparison]:
    """One ``SeedComparison`` per figure of ``SEED_COMPARED`` that both results score over at least one item."""
    out = []
    for task, metric, column in SEED_COMPARED:
        dev, seed = development_scores.get(task, {}).get(metric), seed_scores.get(task, {}).get(metric)
        if dev is None or seed is None or dev["value"] is None or seed["value"] is None:
            continue
        correct, total = int(seed["counts"]["correct"]), int(seed["counts"]["total"])
        rate = float(dev["value"])
        out.append(SeedComparison(column, rate, correct, total, at_least_as_well(rate, correct, total)))
    return out


def halves(documents: Iterable[T]) -> tuple[list[T], list[T]]:
    """The tuning half (even positions in doc-id order) and the held-out half (odd positions) of a development
    corpus: rules tuned on a corpus are tuned on the first and reported on the second as well."""
    ordered = sorted(documents, key=lambda d: d.doc_id)
    return ordered[0::2], ordered[1::2]


def load_corpus(corpus: DevCorpus, root: Path) -> list[Document]:
    """The corpus's documents as newsbench gold, through its importer."""
    return import_files(corpus.importer, [root / corpus.folder]).documents


def _inside(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def adjectival_demonym(text: str, mention: PredictedMention) -> bool:
    """Whether a predicted name is a demonym of the demonym table in its adjective form ("Ruritanian" in
    "Ruritanian officials"), not a plural noun naming people ("the Ruritanians": a demonym that is another one
    of the table with an "s")."""
    demonyms = _demonyms()
    word = text[mention.start:mention.end]
    return mention.level == load_ontology().name_level and word in demonyms and not plural_demonym(word, demonyms)


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(demonym_table())


UNANNOTATED: dict[str, Callable[[str, PredictedMention], bool]] = {"adjectival demonyms": adjectival_demonym}
"""Kinds of predicted mention a corpus may leave unannotated (``DevCorpus.unannotated``): the test of each."""


def restrict(pred: SubmissionDocument, gold: Document, unannotated: Sequence[str] = ()) -> SubmissionDocument:
    """Predictions kept only where the gold annotates their layer; a layer the gold does not annotate is dropped,
    and so are predicted mentions of the ``unannotated`` kinds (``UNANNOTATED``)."""
    tests = [UNANNOTATED[kind] for kind in unannotated]
    if tests and pred.mentions is not None:
        pred = replace(pred, mentions=tuple(m for m in pred.mentions if not any(t(gold.text, m) for t in tests)))
    changes: dict[str, Any] = {}
    for layer, annotated in LAYER_OF.items():
        items = getattr(pred, layer)
        if items is None:
            continue
        ranges = gold.annotated_ranges(annotated) if gold.annotated is not None else ((0, len(gold.text)),)
        changes[layer] = tuple(i for i in items if _inside(ranges, i.start, i.end)) if ranges else None
    return replace(pred, **changes)


def predict(system: str, documents: Iterable[Document], corpus: DevCorpus | None = None) -> Submission:
    """Run a baseline on the documents' texts and metadata (never their annotation); kept as ``restrict`` keeps
    them, with the ``corpus``'s unannotated kinds left out."""
    docs = list(documents)
    inputs = [InputDocument(d.doc_id, d.text, d.meta) for d in docs]
    run = SYSTEMS[system].predict
    if run is None:
        raise ValueError(f"{system} reads more than the texts: it cannot run on the development corpora")
    predicted = {p.doc_id: p for p in run(inputs)}
    info = SystemInfo(name=system, version="dev", description=SYSTEMS[system].description)
    unannotated = corpus.unannotated if corpus is not None else ()
    return Submission(info, tuple(restrict(predicted[d.doc_id], d, unannotated) for d in docs))


def evaluate(system: str, corpus: DevCorpus, documents: Sequence[Document]) -> Mapping[str, Any]:
    """The scorer's result (its ``scores`` mapping) of one baseline on one development corpus, no bootstrap."""
    submission = predict(system, documents, corpus)
    tasks = [t for t in corpus.tasks if _predicts(submission, t)]
    result, problems = score_submission(submission, gold_from_documents(documents), tasks=tasks, bootstrap=0)
    if result is None:
        raise ValueError(f"{system} on {corpus.name}: submission problems: {problems[:3]}")
    return result.scores


def _predicts(submission: Submission, task: str) -> bool:
    layer = {"bio": "mentions", "entities": "mentions", "coreference": "mentions", "timexes": "timexes",
             "toponyms": "toponyms", "events": "event_mentions"}[task]
    return any(getattr(d, layer) is not None for d in submission.documents)


def headline(scores: Mapping[str, Any]) -> dict[str, float | None]:
    """The published columns of one result (None: not scored on that corpus, not predicted, or no items)."""
    out: dict[str, float | None] = {}
    for task, metric, field, column in HEADLINE:
        entry = scores.get(task, {}).get(metric)
        out[column] = None if entry is None or entry[field] is None else float(entry[field])
    return out


def check_or_write(path: Path, derived: Mapping[str, Any], *, check: bool, write: bool, what: str) -> bool:
    """A derivation script's ``--check`` (False when the committed file at ``path`` is not ``derived``) or
    ``--write`` (writes it); prints which. Neither: True, nothing printed."""
    if check:
        same = json.loads(path.read_text(encoding="utf-8")) == derived
        print(f"{path}: {'is the derived ' + what if same else 'differs from the derived ' + what}")
        return same
    if write:
        jsonio.write_text_atomic(path, jsonio.dumps(derived))
        print(f"wrote {path}")
    return True
