"""Measures the metric kernels (prints figures; not a test): NER through the public library call against
nervaluate on the same data, the bootstrap, and which modules the CLI imports.

- ``ner``: ``score_submission(submission, gold, tasks=["entities"], bootstrap=0)`` -- the four schemas overall
  and per type, plus mention detection, from typed objects (the submission checks included) -- beside
  nervaluate 1.2.1's ``Evaluator(..., loader="dict").evaluate()`` over the same gold names and predictions
  (its dicts built outside the timer). The overall and per-type counts are asserted identical. Two corpora:
  ``--shape names`` (every mention a name, ``--names`` a document) and ``--shape synthetic`` (newsbench.synthetic's
  news-shaped documents and system output, the project's benchmark corpus; the predicted names made flat, as a
  NER system outputs them, where nervaluate and newsbench agree). Each side: min, median and max of ``--runs``
  runs, each on a fresh gold corpus (its lookups built inside the timer), or with ``--warm`` on one gold corpus
  whose lookups an untimed first run built (as when the leaderboard scores several systems). Times are CPU
  seconds of this process (both sides run on one core; CPU time stays comparable on a loaded machine).
- ``bootstrap``: :func:`newsbench.evaluation.significance.bootstrap_intervals` with ``--resamples`` resamples over
  the count table of every task of the synthetic corpus (min, median and max of ``--runs`` runs).
- ``tasks``: the CPU time of scoring itself (the scorer's per-document counting, ``score_batch`` and below, over
  every document in batches, each gold document's lookups built inside the timer and released after its batch, as
  ``newsbench score`` does; the submission checks, which read each batch's entries and their mentions as columns,
  run untimed before) per task and for every task at once, on a corpus folder written by
  ``newsbench.synthetic.write_corpus`` (``--corpus``: its ``corpus/gold`` and ``submission.json``, read untimed),
  beside the stdlib json parse of the same files; ``--profile`` adds cProfile's top functions per task.

Usage: nice -n 10 .venv/bin/python scripts/measure_kernels.py ner --shape names --docs 2000
       nice -n 10 .venv/bin/python scripts/measure_kernels.py bootstrap --docs 10000
       nice -n 10 .venv/bin/python scripts/measure_kernels.py tasks --runs 1 \
           --corpus /tmp/nb-corpora/synthetic-10000-seed0/sentences-40
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

from newsbench import synthetic
from newsbench.evaluation.metrics import KINDS, SCHEMAS
from newsbench.evaluation.registry import REGISTRY, TASKS
from newsbench.evaluation.scorer import (
    BATCH, _checked_batch, _task_layers, gold_from_documents, load_gold, score_batch, score_submission,
)
from newsbench.evaluation.submission import SubmissionChecks, read_submission
from newsbench.evaluation.tasks import Totals
from newsbench.evaluation.significance import bootstrap_intervals
from newsbench.gazetteer.lookup import load_gazetteer
from newsbench.validate import collector_paused
from newsbench.model import (
    Document,
    Entity,
    Mention,
    Meta,
    PredictedMention,
    Submission,
    SubmissionDocument,
    SystemInfo,
)
from newsbench.ontology import load_ontology

ONTOLOGY = load_ontology()
GAZETTEER = load_gazetteer()
META = Meta("0" * 64, "synthetic", "en", "none", "https://example.org/", "unknown", "unknown", "2021-10-31")
SYSTEM = SystemInfo("synthetic", "1", "measure_kernels.py")
WORD = "word"


def names_document(doc_id: str, rnd: random.Random, n_names: int) -> Document:
    """A text of ``3 * n_names`` five-letter words in sentences; every third word starts a name of one to three
    words (some nested names of one word inside a longer one)."""
    words = [("Alpha" if k % 3 == 0 else WORD + "s") for k in range(3 * n_names + 3)]
    text_parts, offsets, pos = [], [], 0
    for k, w in enumerate(words):
        offsets.append((pos, pos + len(w)))
        sep = ". " if k % 17 == 16 else " "
        text_parts += [w, sep]
        pos += len(w) + len(sep)
    text = "".join(text_parts).rstrip()
    mentions, entities = [], []
    for k in range(n_names):
        w0 = 3 * k
        length = rnd.choice((1, 1, 2, 3))
        start, end = offsets[w0][0], offsets[w0 + length - 1][1]
        entity = Entity(f"E{k + 1}", rnd.choice(ONTOLOGY.entity_types))
        entities.append(entity)
        mentions.append(Mention(f"M{k + 1}", entity.id, entity.type, "NAM", start, end, text[start:end], start,
                                offsets[w0][1]))
    return Document(doc_id, text, META, tuple(entities), tuple(mentions))


def names_predictions(doc: Document, rnd: random.Random) -> SubmissionDocument:
    """A flat NER output (no two predictions overlap, as NER systems output: nervaluate and newsbench agree
    exactly then): dropped, shifted, retyped and invented names."""
    out, end = [], -1
    n = len(doc.text)
    for m in doc.mentions:
        r = rnd.random()
        if r < 0.1:
            continue
        s, e, t = m.start, m.end, m.type
        if r < 0.2:
            s, e = max(0, s + rnd.choice((-2, 1))), min(n, e + rnd.choice((-1, 2)))
        elif r < 0.3:
            t = rnd.choice(ONTOLOGY.entity_types)
        if s >= end and e > s:
            out.append(PredictedMention(s, e, t, "NAM"))
            end = e
    return SubmissionDocument(doc.doc_id, mentions=tuple(out))


def _flat_names(pred: SubmissionDocument) -> SubmissionDocument:
    """The predicted names kept while they do not overlap a kept one: a NER system's flat output (nothing else,
    so that both scorers get the same data: the gold and the predicted names)."""
    names, end = [], -1
    for m in sorted((m for m in pred.mentions or () if m.level in (None, "NAM")), key=lambda m: (m.start, m.end)):
        if m.start >= end:
            names.append(m)
            end = m.end
    return SubmissionDocument(pred.doc_id, mentions=tuple(names))


def synthetic_corpus(n_docs: int, seed: int, names_only: bool = True) -> tuple[list[Document], Submission]:
    """newsbench.synthetic's news-shaped documents (the project's benchmark corpus) and its perturbed system
    output: its names, made flat, or every layer."""
    docs = [synthetic.synthetic_document(synthetic.document_id(i), synthetic.document_rng(seed, i), ontology=ONTOLOGY,
                                         gazetteer=GAZETTEER) for i in range(n_docs)]
    preds = [synthetic.synthetic_predictions(d, synthetic.document_rng(seed, i, "submission"), ontology=ONTOLOGY)
             for i, d in enumerate(docs)]
    return docs, Submission(SYSTEM, tuple(_flat_names(p) if names_only else p for p in preds))


def names_corpus(n_docs: int, n_names: int, seed: int) -> tuple[list[Document], Submission]:
    rnd = random.Random(seed)
    docs = [names_document(f"doc{i:05d}", rnd, n_names) for i in range(n_docs)]
    return docs, Submission(SYSTEM, tuple(names_predictions(d, rnd) for d in docs))


def _names(items) -> list[dict]:
    return [{"label": t, "start": s, "end": e - 1} for s, e, t in sorted(items)]


def nervaluate_counts(gold_dicts, pred_dicts):
    from nervaluate import Evaluator

    res = Evaluator(gold_dicts, pred_dicts, tags=list(ONTOLOGY.entity_types), loader="dict").evaluate()
    overall = {s: (r.correct, r.incorrect, r.partial, r.missed, r.spurious) for s, r in res["overall"].items()}
    by_type = {(label, s): (r.correct, r.incorrect, r.partial, r.missed, r.spurious)
               for label, rows in res["entities"].items() for s, r in rows.items()}
    return overall, by_type


def newsbench_counts(result) -> tuple[dict, dict]:
    scores = result.scores["entities"]
    keys = ("correct", "incorrect", "partial", "missed", "spurious")
    overall = {s: tuple(scores[s]["counts"][k] for k in keys) for s in SCHEMAS}
    by_type = {(label, s): tuple(row["counts"][k] for k in keys)
               for s in SCHEMAS for label, row in scores[s]["by_type"].items()}
    return overall, by_type


def _stats(times: list[float]) -> str:
    return f"min {min(times):.3f} s, median {statistics.median(times):.3f} s, max {max(times):.3f} s"


def measure_ner(args) -> int:
    if args.shape == "names":
        docs, sub = names_corpus(args.docs, args.names, args.seed)
    else:
        docs, sub = synthetic_corpus(args.docs, args.seed)
    names_per_doc = statistics.mean(sum(m.level == "NAM" for m in d.mentions) for d in docs)
    print(f"NER: {args.docs} documents ({args.shape}), {names_per_doc:.0f} gold names a document, "
          f"gold lookups {'kept from an untimed run' if args.warm else 'built inside the timer'}, "
          f"Python {sys.version.split()[0]}")
    by_id = {d.doc_id: d for d in sub.documents}
    gold_dicts = [_names((m.start, m.end, m.type) for m in d.mentions if m.level == "NAM") for d in docs]
    pred_dicts = [_names((m.start, m.end, m.type) for m in by_id[d.doc_id].mentions if m.level in (None, "NAM"))
                  for d in docs]
    gc.collect()
    gc.freeze()  # the inputs live as long as the process: no collector pass re-walks them in either timer
    ours, theirs = [], []
    gold = gold_from_documents(docs, ONTOLOGY)
    if args.warm:  # the gold's lookups built once, untimed, and kept (as when scoring several systems)
        score_submission(sub, gold, tasks=["entities"], bootstrap=0, ontology=ONTOLOGY)
    for _ in range(args.runs):
        if not args.warm:
            gold = gold_from_documents(docs, ONTOLOGY)  # fresh lookups: built inside the timer
        t = time.process_time()
        result, problems = score_submission(sub, gold, tasks=["entities"], bootstrap=0, ontology=ONTOLOGY)
        ours.append(time.process_time() - t)
        assert result is not None, problems
        t = time.process_time()
        reference = nervaluate_counts(gold_dicts, pred_dicts)
        theirs.append(time.process_time() - t)
    mine = newsbench_counts(result)
    assert mine[0] == reference[0], (mine[0], reference[0])
    zero = (0, 0, 0, 0, 0)
    for key in mine[1].keys() | reference[1].keys():
        assert mine[1].get(key, zero) == reference[1].get(key, zero), (key, mine[1].get(key), reference[1].get(key))
    print(f"  newsbench score_submission(tasks=['entities']), CPU: {_stats(ours)}")
    print(f"  nervaluate 1.2.1 Evaluator, 4 schemas, CPU:           {_stats(theirs)}")
    print(f"  identical counts, overall and per type; strict overall {mine[0]['strict']} "
          f"(correct, incorrect, partial, missed, spurious)")
    print(f"  speed-up (median / median): {statistics.median(theirs) / statistics.median(ours):.1f}x "
          f"(min / min: {min(theirs) / min(ours):.1f}x; target >= 20x)")
    return 0


def measure_bootstrap(args) -> int:
    docs, sub = synthetic_corpus(args.docs, args.seed, names_only=False)
    result, problems = score_submission(sub, gold_from_documents(docs, ONTOLOGY), bootstrap=0, ontology=ONTOLOGY)
    assert result is not None, problems
    gc.collect()
    gc.freeze()
    times = []
    for run in range(args.runs):
        t = time.perf_counter()
        bootstrap_intervals(result.table, result.specs, n_resamples=args.resamples, seed=run)
        times.append(time.perf_counter() - t)
    print(f"bootstrap: {args.resamples} resamples x {len(result.table.doc_ids)} documents, {len(result.specs)} "
          f"metrics, {len(result.table.columns)} count columns: {_stats(times)} (target <= 0.5 s every run)")
    return 0


def _cpu(fn):
    gc.collect()
    t = time.process_time()
    out = fn()
    return out, time.process_time() - t


def measure_tasks(args) -> int:
    root = args.corpus
    files = [*sorted((root / "corpus" / "gold").glob("*.json")), root / "submission.json"]
    _, parse = _cpu(lambda: [json.loads(f.read_bytes()) and None for f in files])  # each parsed and dropped
    gold, problems = load_gold(root / "corpus" / "gold", validate=False, ontology=ONTOLOGY)
    assert gold is not None, problems
    submission, problems = read_submission(root / "submission.json")
    assert submission is not None, problems
    golds = [gold.documents[d] for d in sorted(gold.documents)]
    gc.collect()
    gc.freeze()  # the loaded corpus lives as long as the process

    def checked(tasks):
        """Each batch with its entries, checked (untimed: the submission checks are not scoring)."""
        checks = SubmissionChecks(submission, "submission.json", list(gold.documents), ontology=ONTOLOGY,
                                  layers=_task_layers(tasks))
        batches = [golds[k:k + BATCH] for k in range(0, len(golds), BATCH)]
        return [(batch, *_checked_batch(batch, checks)) for batch in batches]

    def score(tasks, batches):
        specs = [s for t in tasks for s in REGISTRY[t].metrics if s.kind in KINDS]
        zeros = {s.key: (0,) * len(s.fields) for s in specs}
        totals, row = Totals(), 0
        with collector_paused():
            for batch, predictions, mentions in batches:
                score_batch(batch, predictions, [REGISTRY[t] for t in tasks], row, ONTOLOGY, zeros, totals, mentions)
                row += len(batch)
                for gd in batch:
                    gd.release()
        return totals

    print(f"scoring CPU, {len(gold.documents)} documents ({root}); stdlib json parse of the same files "
          f"(gold + submission): {parse:.2f} s CPU; Python {sys.version.split()[0]}")
    print("| task | CPU s (min of runs) | × json parse |")
    print("| --- | ---: | ---: |")
    every = 0.0
    for name in (*args.tasks, "every task"):
        tasks = tuple(TASKS) if name == "every task" else (name,)
        times = []
        for _ in range(args.runs):
            batches = checked(tasks)
            times.append(_cpu(lambda tasks=tasks, batches=batches: score(tasks, batches))[1])
            del batches
        every = min(times)
        print(f"| {name} | {min(times):.2f} | {min(times) / parse:.2f} |", flush=True)
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(score, tasks, checked(tasks))
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
    met = "met" if every <= parse else "NOT met"
    print(f"goal: every task <= 1x the json parse in CPU: {every / parse:.2f}x, {met}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("ner", "bootstrap", "tasks"))
    ap.add_argument("--shape", choices=("names", "synthetic"), default="names")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--names", type=int, default=100, help="gold names a document (--shape names)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warm", action="store_true", help="ner: keep the gold's lookups from an untimed first run")
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", type=Path, help="tasks: a folder written by newsbench.synthetic.write_corpus")
    ap.add_argument("--tasks", nargs="+", default=list(TASKS), choices=list(TASKS), help="tasks: which (default all)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="tasks: print cProfile's top N functions")
    args = ap.parse_args(argv)
    if args.what == "tasks" and args.corpus is None:
        ap.error("tasks needs --corpus")
    return {"ner": measure_ner, "bootstrap": measure_bootstrap, "tasks": measure_tasks}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
