"""Write the `rules` baseline's trigger lexicon from development data and the event types' names, and measure it.

    .venv/bin/python scripts/derive_triggers.py            # print the lexicon's changes and its measurement
    .venv/bin/python scripts/derive_triggers.py --write    # also write baselines/data/triggers_en.json
    .venv/bin/python scripts/derive_triggers.py --check    # exit 1 if the committed lexicon is not the derived one

The lexicon is derived, not written by hand: from `baselines/data/trigger_lemmas.json` (per ACE 2005 event type,
lemmas that are words of the type's own name in schema/ontology.json or event lemmas of MEANTIME English's tuning
half; the script refuses a lemma from anywhere else), each lemma's word forms are its inflections by `lemminflect`
(a verb's forms where it is a verb, else a noun's).
The tuning half is the documents at even positions in doc-id order (``newsbench.baselines.development.halves``).

MEANTIME's events are not ACE 2005 subtypes, but it marks every event mention of its annotated sentences, so it
says whether a word form, where the lexicon fires, is an event trigger at all: trigger identification (untyped: a
predicted trigger counts when it overlaps an annotated event mention) of `rules` with the committed lexicon is
printed for both halves, with the Place arguments of the identified triggers against MEANTIME's participants
(PropBank roles: Argm-LOC is a location). Nothing of the corpora is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from lemminflect import getAllInflections

from newsbench.baselines import development
from newsbench.baselines.common import DATA_DIR, InputDocument
from newsbench.baselines.rules import predict_document
from newsbench.interop.importers import import_files
from newsbench.interop.meantime import MeantimeEvents, read_meantime_events
from newsbench.ontology import load_ontology
from newsbench.paths import require_development_corpora

LEXICON = DATA_DIR / "triggers_en.json"
LEMMAS = DATA_DIR / "trigger_lemmas.json"
COMMENT = (
    "Event trigger lexicon of the 'rules' baseline: ACE 2005 event type -> lemma -> the word forms that trigger it "
    "(lower case). Written by scripts/derive_triggers.py from data/trigger_lemmas.json (lemmas that are words of the "
    "type's name or event lemmas of MEANTIME English's tuning half) and their inflections (lemminflect); do not "
    "edit by hand. A form must be lower case in the text (a capitalised "
    "'Attack' belongs to a name) unless it starts a sentence.")


def meantime_events(root: Path) -> tuple[list[MeantimeEvents], list[MeantimeEvents], list[MeantimeEvents]]:
    """MEANTIME's events per document, with the tuning and held-out halves."""
    events = read_meantime_events(sorted((root / "meantime-en").glob("*/*.xml")))
    tune, held = development.halves(events)
    return events, tune, held


def _type_name_words(event_type: str) -> set[str]:
    return {w.lower() for w in re.split(r"[.\-]", event_type)}


def _forms(lemma: str) -> list[str]:
    verb = getAllInflections(lemma, upos="VERB")
    found = verb or getAllInflections(lemma, upos="NOUN")
    return sorted({lemma, *(f for forms in found.values() for f in forms)})


def derive(table: dict, tune: list[MeantimeEvents]) -> dict[str, dict[str, list[str]]]:
    """The lexicon: per event type, per lemma, its sorted word forms; ValueError for a lemma of no allowed source."""
    attested = {m.attributes["pred"].lower() for doc in tune for m in doc.mentions}
    event_types = load_ontology().event_types
    out: dict[str, dict[str, list[str]]] = {}
    for event_type, sources in table["types"].items():
        if event_type not in event_types:
            raise ValueError(f"{LEMMAS.name}: {event_type!r} is not an event type of the ontology")
        lemmas: dict[str, list[str]] = {}
        for source, words in sources.items():
            for lemma in words:
                if source == "type_name" and lemma not in _type_name_words(event_type):
                    raise ValueError(f"{LEMMAS.name}: {lemma!r} is not a word of {event_type!r}")
                if source == "meantime" and lemma not in attested:
                    raise ValueError(f"{LEMMAS.name}: {lemma!r} is no event lemma of MEANTIME's tuning half")
                if source not in ("type_name", "meantime"):
                    raise ValueError(f"{LEMMAS.name}: unknown source {source!r}")
                lemmas[lemma] = _forms(lemma)
        out[event_type] = dict(sorted(lemmas.items()))
    seen: dict[str, str] = {}
    for event_type, lemmas in out.items():
        for forms in lemmas.values():
            for form in forms:
                if seen.setdefault(form, event_type) != event_type:
                    raise ValueError(f"{form!r} would trigger {seen[form]} and {event_type}")
    return out


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def identification(root: Path, which: list[MeantimeEvents]) -> dict[str, float | int]:
    """Untyped trigger identification of `rules` (the committed lexicon) on MEANTIME documents, and its Place
    arguments on the identified triggers against MEANTIME's participants (PropBank roles) of the events they
    overlap: how many lie in an Argm-LOC participant, how many in another participant, and how many Argm-LOC
    participants those events have."""
    docs = {d.doc_id: d for d in import_files("meantime", [root / "meantime-en"]).documents}
    tp_p = n_p = tp_g = n_g = 0
    places = Counter()
    for ev in which:
        doc = docs[ev.doc_id]
        pred = [e for e in predict_document(InputDocument(doc.doc_id, doc.text, doc.meta)).event_mentions or ()
                if e.end <= ev.annotated_end]
        gold = [(m.start, m.end) for m in ev.mentions]
        n_p += len(pred)
        tp_p += sum(_overlaps((e.start, e.end), gold) for e in pred)
        n_g += len(gold)
        tp_g += sum(_overlaps(g, [(e.start, e.end) for e in pred]) for g in gold)
        for e in pred:
            overlapped = [m for m in ev.mentions if _overlaps((m.start, m.end), [(e.start, e.end)])]
            loc = [p.span for m in overlapped for p in m.participants if p.span and p.role == "Argm-LOC"]
            other = [p.span for m in overlapped for p in m.participants if p.span and p.role != "Argm-LOC"]
            places["Argm-LOC participants"] += len(loc) if overlapped else 0
            for a in (a for a in e.arguments if a.role == "Place" and overlapped):
                places["place arguments"] += 1
                places["in an Argm-LOC"] += _overlaps((a.start, a.end), loc)
                places["in another participant"] += not _overlaps((a.start, a.end), loc) and _overlaps(
                    (a.start, a.end), other)
    p, r = (tp_p / n_p if n_p else 0.0), (tp_g / n_g if n_g else 0.0)
    return {"predicted": n_p, "correct": tp_p, "gold": n_g, "found": tp_g, "precision": round(p, 3),
            "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, **places}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the derived lexicon")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed lexicon is not the derived one")
    args = parser.parse_args(argv)
    root = require_development_corpora()
    _, tune, held = meantime_events(root)
    derived = {"$comment": COMMENT, "triggers": derive(json.loads(LEMMAS.read_text(encoding="utf-8")), tune)}
    committed = json.loads(LEXICON.read_text(encoding="utf-8"))
    forms = {f for lemmas in derived["triggers"].values() for fs in lemmas.values() for f in fs}
    before = {f for lemmas in committed["triggers"].values() for fs in lemmas.values() for f in fs}
    print(f"MEANTIME: {len(tune)} tuning documents ({', '.join(d.doc_id for d in tune[:3])}, ...), "
          f"{len(held)} held-out ({', '.join(d.doc_id for d in held[:3])}, ...)")
    print(f"derived: {sum(len(v) for v in derived['triggers'].values())} lemmas, {len(forms)} forms; against the "
          f"committed lexicon {len(forms - before)} forms more, {len(before - forms)} fewer")
    if not development.check_or_write(LEXICON, derived, check=args.check, write=args.write, what="lexicon"):
        return 1
    for name, which in (("tuning", tune), ("held-out", held)):
        print(f"{name} half: {identification(root, which)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
