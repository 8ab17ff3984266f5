"""Benchmark of the scorer (prints figures; not a test).

Builds a synthetic corpus in a temporary folder (never committed): N documents (default 10,000) of ~100 entity
mentions, ~10 event mentions and ~10 toponyms each, and a system submission derived from it with errors of
every kind. Then measures, in one process:

- parse: reading + json.loads of every gold file and of the submission (the floor any scorer pays);
- load: newsbench's loading of the same files (gold without validation, submission with its JSON Schema);
- score: all tasks, first run (builds the gold indexes, tokenises for `bio`) and second run (indexes warm);
- NER: the `entities` counts (four schemas, overall and per type) vs nervaluate 1.2.1 on the same data, with
  identical counts asserted;
- bootstrap: 1,000 document-level resamples of every metric over all documents;
- memory: peak traced allocations while scoring (tracemalloc) and the process's peak RSS.

Usage: .venv/bin/python scripts/bench_scorer.py [--docs 10000] [--nervaluate-docs 10000] [--seed 0]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
from collections import Counter
from operator import itemgetter
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from newsbench.evaluation.matching import category_parts
from newsbench.evaluation.metrics import SCHEMAS
from newsbench.evaluation.scorer import GoldCorpus, add_label_counts, load_gold, score_submission
from newsbench.evaluation.significance import bootstrap_intervals
from newsbench.evaluation.submission import read_submission
from newsbench.model import Submission
from newsbench.ontology import load_ontology

ONTOLOGY = load_ontology()
WORDS = ("the", "militia", "fired", "rockets", "at", "embassy", "officials", "said", "on", "Saturday", "in",
         "attack", "forces", "city", "government", "and", "a", "of", "near", "after", "police", "reported")
NAMES = ("Baghdad", "Tehran", "Washington", "Iraq", "Iran", "Mosul", "Basra", "Kataib", "Hezbollah", "Suleimani",
         "Reuters", "Pentagon", "Erbil", "Najaf", "Kirkuk")


def synthetic_document(doc_id: str, rnd: random.Random, n_mentions: int = 100, n_events: int = 10,
                       n_toponyms: int = 10) -> dict:
    """A gold document in format v1 JSON (valid in shape; the benchmark skips semantic validation)."""
    words = []
    text_parts, offsets = [], []
    pos = 0
    for sentence in range(n_mentions // 5 + 5):
        for k in range(18):
            w = rnd.choice(NAMES) if rnd.random() < 0.25 else rnd.choice(WORDS)
            if k == 0:
                w = w.capitalize()
            offsets.append((pos, pos + len(w)))
            words.append(w)
            text_parts.append(w)
            pos += len(w)
            sep = ". " if k == 17 else " "
            text_parts.append(sep)
            pos += len(sep)
    text = "".join(text_parts).rstrip()
    # mentions: non-overlapping 1-3 word spans, some NOM mentions containing a NAM one (nested)
    free = list(range(0, len(words) - 3, 3))
    rnd.shuffle(free)
    mentions, entities = [], []
    for k, w0 in enumerate(sorted(free[:n_mentions])):
        length = rnd.choice((1, 1, 2, 3))
        start, end = offsets[w0][0], offsets[w0 + length - 1][1]
        if entities and rnd.random() < 0.6:
            entity = rnd.choice(entities)
        else:
            entity = {"id": f"E{len(entities) + 1}", "type": rnd.choice(ONTOLOGY.entity_types)}
            entities.append(entity)
        level = rnd.choices(("NAM", "NOM", "PRO"), (0.4, 0.35, 0.25))[0]
        mentions.append({"id": f"M{k + 1}", "entity": entity["id"], "type": entity["type"], "level": level,
                         "start": start, "end": end, "text": text[start:end], "head_start": offsets[w0 + length - 1][0],
                         "head_end": end})
    timexes = []
    for k, w0 in enumerate(sorted(free[n_mentions:n_mentions + 5])):
        s, e = offsets[w0]
        timexes.append({"id": f"T{k + 1}", "start": s, "end": e, "text": text[s:e], "type": "DATE",
                        "value": rnd.choice(("2021-10-30", "2021", "PAST_REF"))})
    events, event_mentions = [], []
    trigger_words = sorted(free[n_mentions + 5:n_mentions + 5 + n_events])
    by_type = {}
    for m in mentions:
        by_type.setdefault(m["type"], []).append(m["id"])
    for k, w0 in enumerate(trigger_words):
        if events and rnd.random() < 0.2:
            event = rnd.choice(events)
        else:
            event = {"id": f"V{len(events) + 1}", "type": rnd.choice(ONTOLOGY.event_types),
                     **{a: rnd.choice(v) for a, v in ONTOLOGY.attributes.items()}}
            events.append(event)
        args = []
        for role in rnd.sample(ONTOLOGY.event_roles[event["type"]], k=min(3, len(ONTOLOGY.event_roles[event["type"]]))):
            if ONTOLOGY.role_filler[role] == "timex":
                if timexes:
                    args.append({"role": role, "ref": rnd.choice(timexes)["id"]})
                continue
            candidates = [i for t in ONTOLOGY.role_entity_types[role] for i in by_type.get(t, ())]
            if candidates:
                args.append({"role": role, "ref": rnd.choice(candidates)})
        s, e = offsets[w0]
        event_mentions.append({"id": f"EM{k + 1}", "event": event["id"], "start": s, "end": e, "text": text[s:e],
                               "arguments": args})
    places = [m for m in mentions if m["level"] == "NAM"][:n_toponyms]
    toponyms = [{"mention": m["id"], "reading": rnd.choice(ONTOLOGY.toponym_readings), "geonames_id": 98182 + i,
                 "lat": rnd.uniform(-60, 60), "lon": rnd.uniform(-170, 170), "feature": "P.PPL", "source": "GeoNames",
                 "uncertainty_km": None} for i, m in enumerate(places)]
    return {"schema_version": "1.0", "doc_id": doc_id, "text": text,
            "meta": {"sha256": "0" * 64, "title": doc_id, "language": "en", "outlet": "unknown", "url": "unknown",
                     "published": "unknown", "updated": "unknown", "anchor_date": "2021-10-31"},
            "entities": entities, "mentions": mentions, "timexes": timexes, "events": events,
            "event_mentions": event_mentions, "toponyms": toponyms}


def _flat(items: list[dict]) -> list[dict]:
    kept, end = [], -1
    for m in sorted(items, key=lambda m: (m["start"], m["end"])):
        if m["start"] >= end:
            kept.append(m)
            end = m["end"]
    return kept


def synthetic_predictions(doc: dict, rnd: random.Random) -> dict:
    """A system's output for one document: dropped, shifted, retyped, invented items everywhere."""
    n = len(doc["text"])

    def jitter(s: int, e: int) -> tuple[int, int]:
        if rnd.random() < 0.05:
            s = min(max(0, s + rnd.choice((-2, -1, 1))), n - 1)
            e = min(max(s + 1, e + rnd.choice((-1, 1, 2))), n)
        return s, e

    mentions = []
    for m in doc["mentions"]:
        if rnd.random() < 0.1:
            continue
        s, e = jitter(m["start"], m["end"])
        t = m["type"] if rnd.random() > 0.05 else rnd.choice(ONTOLOGY.entity_types)
        mentions.append({"start": s, "end": e, "type": t, "level": m["level"],
                         "cluster": m["entity"] if rnd.random() > 0.1 else f"x{rnd.randrange(5)}"})
    for _ in range(5):
        s = rnd.randrange(n - 10)
        mentions.append({"start": s, "end": s + rnd.randrange(1, 10), "type": rnd.choice(ONTOLOGY.entity_types),
                         "level": "NAM"})
    # a flat NER layer (NAM), as NER systems output: nervaluate and newsbench then agree exactly
    names = _flat([m for m in mentions if m.get("level") == "NAM"])
    mentions = [m for m in mentions if m.get("level") != "NAM"] + names
    spans = {x["id"]: (x["start"], x["end"]) for x in doc["mentions"] + doc["timexes"]}
    events = {e["id"]: e for e in doc["events"]}
    ems = []
    for em in doc["event_mentions"]:
        if rnd.random() < 0.1:
            continue
        event = events[em["event"]]
        etype = event["type"] if rnd.random() > 0.1 else rnd.choice(ONTOLOGY.event_types)
        arguments = []
        for a in em["arguments"]:
            role = a["role"] if rnd.random() > 0.1 else rnd.choice(ONTOLOGY.event_roles[etype])
            if rnd.random() < 0.15 or role not in ONTOLOGY.event_roles[etype]:
                continue
            s, e = jitter(*spans[a["ref"]])
            arguments.append({"role": role, "start": s, "end": e})
        ems.append({"start": em["start"], "end": em["end"], "type": etype, "cluster": em["event"],
                    "attributes": {a: event[a] if rnd.random() > 0.2 else rnd.choice(v)
                                   for a, v in ONTOLOGY.attributes.items()},
                    "arguments": arguments})
    mention_span = {m["id"]: (m["start"], m["end"]) for m in doc["mentions"]}
    toponyms = []
    for t in doc["toponyms"]:
        if rnd.random() < 0.1:
            continue
        s, e = mention_span[t["mention"]]
        toponyms.append({"start": s, "end": e, "reading": t["reading"],
                         "lat": t["lat"] + rnd.gauss(0, 1.5), "lon": t["lon"] + rnd.gauss(0, 1.5)})
    timexes = [{"start": t["start"], "end": t["end"], "type": t["type"],
                "value": t["value"] if rnd.random() > 0.2 else "2020"} for t in doc["timexes"] if rnd.random() > 0.1]
    return {"doc_id": doc["doc_id"], "mentions": mentions, "timexes": timexes, "event_mentions": ems,
            "toponyms": toponyms}


class _GcClock:
    """Time spent in the cyclic garbage collector (gc.callbacks), so that a collection that happens to fall in a
    timed step -- a full pass re-walks every object alive, the loaded corpus and the kept gold lookups -- shows."""

    def __init__(self):
        self.total = 0.0
        self._start = 0.0
        gc.callbacks.append(self)

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._start


GC_CLOCK = _GcClock()


def timed(label: str, fn, *args, **kwargs):
    gc_before = GC_CLOCK.total
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    dt = time.perf_counter() - t
    in_gc = GC_CLOCK.total - gc_before
    note = f"  (of which {in_gc:.2f} s garbage collection)" if in_gc >= 0.01 else ""
    print(f"  {label:<58} {dt:8.2f} s{note}", flush=True)
    return out, dt


def parse_all(gold_dir: Path, sub_path: Path) -> int:
    n = 0
    for p in sorted(gold_dir.glob("*.json")):
        json.loads(p.read_text(encoding="utf-8"))
        n += 1
    json.loads(sub_path.read_text(encoding="utf-8"))
    return n


def nervaluate_inputs(docs: list[list[tuple]]) -> list[list[dict]]:
    """nervaluate's dict format; its `end` is inclusive."""
    return [[{"label": l, "start": s, "end": e - 1} for s, e, l in sorted(d)] for d in docs]


def nervaluate_counts(gold_docs: list[list[dict]], pred_docs: list[list[dict]], strict_only: bool):
    """nervaluate's counts, overall and per type: the Evaluator (four schemas), or for strict alone its
    StrictEvaluation strategy applied the way the Evaluator applies it (each document, then each type alone)."""
    from nervaluate import Evaluator
    from nervaluate.entities import Entity
    from nervaluate.strategies import StrictEvaluation

    tags = list(ONTOLOGY.entity_types)
    if not strict_only:
        res = Evaluator(gold_docs, pred_docs, tags=tags, loader="dict").evaluate()
        return {s: (r.correct, r.incorrect, r.partial, r.missed, r.spurious) for s, r in res["overall"].items()}
    strategy = StrictEvaluation()
    total = [0, 0, 0, 0, 0]
    by_type: dict[str, list[int]] = {t: [0, 0, 0, 0, 0] for t in tags}
    for g, p in zip(gold_docs, pred_docs):
        true = [Entity(x["label"], x["start"], x["end"]) for x in g]
        pred = [Entity(x["label"], x["start"], x["end"]) for x in p]
        r, _ = strategy.evaluate(true, pred, tags)
        total = [a + b for a, b in zip(total, (r.correct, r.incorrect, r.partial, r.missed, r.spurious))]
        for tag in tags:
            r, _ = strategy.evaluate([e for e in true if e.label == tag], [e for e in pred if e.label == tag], [tag])
            by_type[tag] = [a + b for a, b in zip(by_type[tag], (r.correct, r.incorrect, r.partial, r.missed,
                                                                 r.spurious))]
    return {"strict": tuple(total)}


def newsbench_counts(gold_docs, pred_docs, strict_only: bool):
    """The scorer's own path: category_parts per document, per-type parts summed as the scorer sums them."""
    schemas = ("strict",) if strict_only else SCHEMAS
    rows = []
    exact: Counter = Counter()
    extra: dict[str, list[int]] = {}
    for g, p in zip(gold_docs, pred_docs):
        parts = category_parts(g, p, schemas)
        rows.append([v for s in schemas for v in parts.overall[s]])
        exact.update(map(itemgetter(-1), parts.exact))
        add_label_counts(extra, parts.extra)
    sums = np.asarray(rows, dtype=np.int64).sum(axis=0).tolist()
    return {s: tuple(sums[5 * i:5 * i + 5]) for i, s in enumerate(schemas)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--nervaluate-docs", type=int, default=None, help="documents for the nervaluate comparison "
                    "(default: all)")
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rnd = random.Random(args.seed)
    print(f"newsbench scorer benchmark: {args.docs} documents, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="nb-bench-") as tmp:
        tmp = Path(tmp)
        gold_dir = tmp / "gold"
        gold_dir.mkdir()
        t = time.perf_counter()
        preds = []
        counts = [0, 0, 0, 0]
        for i in range(args.docs):
            doc = synthetic_document(f"doc{i:05d}", rnd)
            counts[0] += len(doc["mentions"])
            counts[1] += len(doc["event_mentions"])
            counts[2] += len(doc["toponyms"])
            counts[3] += len(doc["text"])
            (gold_dir / f"{doc['doc_id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            preds.append(synthetic_predictions(doc, rnd))
        sub_path = tmp / "submission.json"
        sub_path.write_text(json.dumps({"system": {"name": "synthetic", "version": "1", "description": "bench"},
                                        "documents": preds}), encoding="utf-8")
        del preds
        size = sum(p.stat().st_size for p in gold_dir.iterdir()) + sub_path.stat().st_size
        print(f"  corpus: {counts[0]} mentions, {counts[1]} event mentions, {counts[2]} toponyms, {counts[3]} code "
              f"points; {size / 1e6:.0f} MB of JSON; generated in {time.perf_counter() - t:.0f} s")

        print("times")
        _, t_parse = timed("parse (read + json.loads, gold files and submission)", parse_all, gold_dir, sub_path)
        (gold, problems), t_gold = timed("load gold (parse + model objects + sha256, no validation)", load_gold,
                                         gold_dir, validate=False)
        assert gold is not None, problems
        (submission, problems), t_sub = timed("load submission (parse + JSON Schema + model objects)",
                                              read_submission, sub_path)
        assert submission is not None, problems
        # the loaded gold and submission live as long as the process: keep the cyclic garbage collector from
        # re-walking them (millions of objects) during every timed run below, newsbench's and nervaluate's alike
        gc.freeze()
        from newsbench.text import split_sentences

        # each document's sentences are dropped once made, as the scorer drops them: kept all at once, the 5 million
        # tokens would make the garbage collector's passes, not the tokeniser, the bulk of this figure
        _, t_tok = timed("of which newsbench.text.split_sentences over every gold text", lambda: [
            len(split_sentences(g.doc.text)) for g in gold.documents.values()])
        (result, problems), t_first = timed("score all tasks, first run (builds gold indexes, tokenises)",
                                            score_submission, submission, gold, bootstrap=0)
        assert result is not None, problems
        (result, _), t_warm = timed("score all tasks, second run (gold indexes kept)", score_submission,
                                    submission, gold, bootstrap=0)
        (ner, _), t_ner_task = timed("score the entities task alone (4 schemas, per type, detection)",
                                     score_submission, submission, gold, tasks=["entities"], bootstrap=0)
        specs = result.specs
        _, t_boot = timed(f"bootstrap: {args.resamples} resamples x {len(result.table.doc_ids)} documents, "
                          f"{len(specs)} metrics", bootstrap_intervals, result.table, specs,
                          n_resamples=args.resamples, seed=1)

        # NER strict vs nervaluate on the same data
        k = args.nervaluate_docs or args.docs
        by_id = {d.doc_id: d for d in submission.documents}
        ids = sorted(gold.documents)[:k]
        # the same data in each scorer's input form (sets of tuples; nervaluate's dicts), built outside the timers
        gold_docs = [gold.documents[i].name_items for i in ids]
        pred_docs = [{(m.start, m.end, m.type) for m in by_id[i].mentions if m.level in (None, "NAM")} for i in ids]
        gold_dicts, pred_dicts = nervaluate_inputs(gold_docs), nervaluate_inputs(pred_docs)
        ner = {}
        for strict_only, label in ((True, "strict, overall and per type"), (False, "4 schemas, overall and per type")):
            mine, t_mine = timed(f"NER {label}, newsbench, {k} documents", newsbench_counts, gold_docs, pred_docs,
                                 strict_only)
            theirs, t_theirs = timed(f"NER {label}, nervaluate 1.2.1, {k} documents", nervaluate_counts,
                                     gold_dicts, pred_dicts, strict_only)
            assert mine == theirs, (mine, theirs)
            ner[label] = t_theirs / t_mine
        print(f"  identical counts: {theirs['strict']} (strict: correct, incorrect, partial, missed, spurious)")

        # memory while scoring the way `newsbench score` does (gold lookups released document by document), for a
        # tenth of the corpus and for all of it: what scoring adds on top of the loaded input
        peaks = {}
        for n in (max(1, args.docs // 10), args.docs):
            ids = set(sorted(gold.documents)[:n])
            part_gold = GoldCorpus({i: gold.documents[i] for i in ids}, gold.sha256, gold.path)
            part_sub = Submission(submission.system, tuple(d for d in submission.documents if d.doc_id in ids))
            for g in part_gold.documents.values():
                g.release()
            tracemalloc.start()
            score_submission(part_sub, part_gold, bootstrap=0, keep_indexes=False)
            peaks[n] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        print("figures")
        print(f"  all tasks / parse: first run {t_first / t_parse:.2f}x ({(t_first - t_tok) / t_parse:.2f}x without "
              f"the tokenisation of the gold), warm {t_warm / t_parse:.2f}x (target <= 2x)")
        for label, speedup in ner.items():
            print(f"  NER newsbench vs nervaluate, {label}: {speedup:.0f}x faster (target >= 20x)")
        print(f"  bootstrap {args.resamples} resamples: {t_boot:.2f} s (target <= 1 s)")
        print("  peak memory scoring adds (tracemalloc, lookups released): " +
              ", ".join(f"{n} documents {p / 1e6:.1f} MB ({p / n / 1e3:.1f} kB/document)" for n, p in peaks.items()) +
              f"; process peak RSS {rss:.0f} MB (input included)")
        s = result.scores
        print(f"  sanity: entities strict F1 {s['entities']['strict']['f1']:.4f}, coreference CoNLL "
              f"{s['coreference']['conll']['f1']:.4f}, events arg. class. attached span "
              f"{s['events']['argument_classification_attached_span']['f1']:.4f}, toponyms acc@161 "
              f"{s['toponyms']['acc_at_161km']['value']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
