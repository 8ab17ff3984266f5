"""Re-derive the `rules` baseline's trigger lexicon on MEANTIME (development data), and measure it there.

    .venv/bin/python scripts/derive_triggers.py            # print the measurement and the changes
    .venv/bin/python scripts/derive_triggers.py --write    # also write src/newsbench/baselines/data/triggers_en.json
    .venv/bin/python scripts/derive_triggers.py --check    # exit 1 if the committed lexicon differs from the derived

MEANTIME's events are not ACE 2005 subtypes, but it marks every event mention of its annotated sentences, so it
says whether a word form, where the lexicon fires, is an event trigger at all. The documents are split by their
position in doc-id order (``newsbench.baselines.development.halves``): even positions are the tuning half, odd
positions the held-out half (figures on the held-out half are not fitted). On the tuning half, with `rules` run on
the texts as the baseline runs:

- a form that fires at least MIN_FIRES times and is an annotated event mention at less than MIN_PRECISION of them is
  removed (MEANTIME contradicts it);
- a single-word form of a lemma the lexicon has, annotated as an event mention of that lemma (MEANTIME's `pred`)
  at least MIN_ATTESTED times and not listed, is added under that lemma with the lemma's event type.

Trigger identification (untyped: a predicted trigger counts when it overlaps an annotated event mention) is printed
for both halves, before and after. Nothing of the corpora is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from newsbench import jsonio
from newsbench.baselines import development
from newsbench.baselines.common import DATA_DIR, InputDocument
from newsbench.baselines.rules import predict_document
from newsbench.interop.meantime import MeantimeEvents, read_meantime_events
from newsbench.interop.importers import import_files
from newsbench.paths import development_corpora_dir

MIN_FIRES = 2
MIN_PRECISION = 0.5
MIN_ATTESTED = 2
LEXICON = DATA_DIR / "triggers_en.json"


def _halves(events: list[MeantimeEvents]) -> tuple[list[int], list[int]]:
    index = {e.doc_id: i for i, e in enumerate(events)}
    tune, held = development.halves(events)
    return [index[e.doc_id] for e in tune], [index[e.doc_id] for e in held]


def predicted_triggers(root: Path) -> tuple[list[MeantimeEvents], list[list[tuple[int, int, str]]]]:
    """MEANTIME's events and, per document, the `rules` triggers (start, end, lower-case text) inside its
    annotated range."""
    folder = root / "meantime-en"
    files = sorted(folder.glob("*/*.xml"))
    events = read_meantime_events(files)
    docs = import_files("meantime", files).documents
    out = []
    for ev, doc in zip(events, docs, strict=True):
        pred = predict_document(InputDocument(doc.doc_id, doc.text, doc.meta))
        out.append([(e.start, e.end, doc.text[e.start:e.end].lower()) for e in pred.event_mentions or ()
                    if e.end <= ev.annotated_end])
    return events, out


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def identification(events: list[MeantimeEvents], triggers: list[list[tuple[int, int, str]]], which: list[int],
                   forms: set[str]) -> dict[str, float | int]:
    tp_p = n_p = tp_g = n_g = 0
    for i in which:
        gold = [(m.start, m.end) for m in events[i].mentions]
        pred = [(s, e) for s, e, t in triggers[i] if t in forms]
        n_p += len(pred)
        tp_p += sum(_overlaps(p, gold) for p in pred)
        n_g += len(gold)
        tp_g += sum(_overlaps(g, pred) for g in gold)
    p, r = (tp_p / n_p if n_p else 0.0), (tp_g / n_g if n_g else 0.0)
    return {"predicted": n_p, "correct": tp_p, "gold": n_g, "found": tp_g, "precision": round(p, 3),
            "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def derive(lexicon: dict, events: list[MeantimeEvents], triggers: list[list[tuple[int, int, str]]],
           tune: list[int]) -> tuple[dict, list[str], list[str]]:
    fires: Counter = Counter()
    hits: Counter = Counter()
    attested: Counter = Counter()
    for i in tune:
        gold = [(m.start, m.end) for m in events[i].mentions]
        for s, e, text in triggers[i]:
            fires[text] += 1
            hits[text] += _overlaps((s, e), gold)
        for m in events[i].mentions:
            if m.contiguous and " " not in m.text:
                attested[(m.attributes["pred"].lower(), m.text.lower())] += 1
    removed = sorted(f for f, n in fires.items() if n >= MIN_FIRES and hits[f] / n < MIN_PRECISION)
    listed = {form for lemmas in lexicon.values() for forms in lemmas.values() for form in forms}
    where = {lemma: event_type for event_type, lemmas in lexicon.items() for lemma in lemmas}
    added_by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (lemma, form), n in sorted(attested.items()):
        if n >= MIN_ATTESTED and lemma in where and form not in listed and form not in removed:
            added_by[(where[lemma], lemma)].append(form)
    out: dict = {}
    for event_type, lemmas in lexicon.items():
        out[event_type] = {}
        for lemma, forms in lemmas.items():
            kept = [f for f in forms if f not in removed] + added_by.get((event_type, lemma), [])
            if kept:
                out[event_type][lemma] = kept
    added = sorted(f"{form} ({lemma}, {t})" for (t, lemma), forms in added_by.items() for form in forms)
    return out, removed, added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the derived lexicon")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed lexicon is not the derived one")
    parser.add_argument("--base", type=Path, default=LEXICON,
                        help="the lexicon to derive from (default: the committed one; derivation is idempotent)")
    args = parser.parse_args(argv)
    root = development_corpora_dir()
    if root is None:
        print("error: the development corpora (../shared/corpora or $NEWSBENCH_CORPORA) are not here", file=sys.stderr)
        return 2
    data = json.loads(args.base.read_text(encoding="utf-8"))
    events, triggers = predicted_triggers(root)
    tune, held = _halves(events)
    derived, removed, added = derive(data["triggers"], events, triggers, tune)
    before = {f for lemmas in data["triggers"].values() for forms in lemmas.values() for f in forms}
    after = {f for lemmas in derived.values() for forms in lemmas.values() for f in forms}
    print(f"MEANTIME: {len(tune)} tuning documents ({', '.join(events[i].doc_id for i in tune[:3])}, ...), "
          f"{len(held)} held-out ({', '.join(events[i].doc_id for i in held[:3])}, ...)")
    print(f"removed ({len(removed)}): {', '.join(removed) or '-'}")
    print(f"added ({len(added)}): {', '.join(added) or '-'}")
    for name, which in (("tuning", tune), ("held-out", held)):
        print(f"{name} half, before: {identification(events, triggers, which, before)}")
        print(f"{name} half, after:  {identification(events, triggers, which, after)}")
    out = {**data, "triggers": derived}
    if args.check:
        same = json.loads(LEXICON.read_text(encoding="utf-8")) == out
        print(f"{LEXICON}: {'is the derived lexicon' if same else 'differs from the derived lexicon'}")
        return 0 if same else 1
    if args.write:
        jsonio.write_text_atomic(LEXICON, jsonio.dumps(out))
        print(f"wrote {LEXICON}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
