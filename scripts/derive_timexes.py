"""Write the time-expression vocabulary of both baselines from allowed sources only, and measure it on MEANTIME.

    .venv/bin/python scripts/derive_timexes.py            # print the vocabulary's changes and its measurement
    .venv/bin/python scripts/derive_timexes.py --write    # also write baselines/data/timex_en.json
    .venv/bin/python scripts/derive_timexes.py --check    # exit 1 if the committed vocabulary is not the derived one

The vocabulary (data/timex_en.json, read by newsbench.baselines.timexes) is derived, not written by hand. Its
sources, and the script refuses a word of any other:

- ``calendar``: month names and abbreviations, weekday names, from Python's calendar module in the C locale;
- ``num2words``: English cardinals 1-99 and the ordinals of the four quarters;
- ``timeml``: the TIMEX3 value categories, named by their English words (below, ``TIMEX3``): the duration units
  (Y, M, W, D, H, M, S; a decade and a century are the guidelines' date granularities, "199" and "19"), the
  parts of day (MO, MI, AF, EV, NI, DT), the seasons (SP, SU, FA, WI), the weekend (WE), the reference values
  (PAST_REF, PRESENT_REF, FUTURE_REF) and the ``mod`` values START, MID, END, APPROX, LESS_THAN, MORE_THAN; every
  value the categories give is checked with newsbench's TIMEX3 value patterns; plurals by ``lemminflect``;
- ``meantime``: the words of data/timex_words.json, each checked against MEANTIME English's tuning half (even
  positions in doc-id order, ``development.halves``, read through newsbench's MEANTIME importer): a word of a
  TIMEX3 extent (and, where the table gives a value and an extent is the word alone, that extent's value), a cue
  word that ends right before an extent, or a future cue in a sentence holding a date after the document's
  creation date.

The measurement is the ``rules`` baseline's timex figures on both halves and, per rule of the grammar, how many of
its expressions on the tuning half have a gold extent and a gold value. Nothing of the corpora is written.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import locale
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from lemminflect import getAllInflections
from num2words import num2words

from newsbench.baselines import development, timexes
from newsbench.baselines.common import DATA_DIR
from newsbench.model import Document
from newsbench.paths import require_development_corpora
from newsbench.text import split_sentences
from newsbench.validate import timex_value_ok

VOCABULARY = timexes.DATA
WORDS = DATA_DIR / "timex_words.json"
COMMENT = (
    "English time-expression vocabulary of the baselines (newsbench.baselines.timexes): word -> TIMEX3 piece. "
    "Written by scripts/derive_timexes.py from Python's calendar (month and weekday names), num2words (number "
    "words), the TIMEX3 guidelines' value categories (units, parts of day, seasons, reference values, mod values) "
    "and data/timex_words.json (words of MEANTIME English's tuning half, checked by the script); do not edit by "
    "hand. '$sources' names each entry's source. Month and weekday names match only as written here or in "
    "capitals; every other word matches in any case.")

TIMEX3 = {
    "units": {"year": ("P", "Y", 1), "month": ("P", "M", 1), "week": ("P", "W", 1), "day": ("P", "D", 1),
              "hour": ("PT", "H", 1), "minute": ("PT", "M", 1), "second": ("PT", "S", 1),
              "decade": ("P", "Y", 10), "century": ("P", "Y", 100)},
    "parts_of_day": {"morning": "MO", "midday": "MI", "afternoon": "AF", "evening": "EV", "night": "NI",
                     "daytime": "DT"},
    "seasons": {"winter": "WI", "spring": "SP", "summer": "SU", "fall": "FA"},
    "references": {"past": "PAST_REF", "present": "PRESENT_REF", "future": "FUTURE_REF"},
    "mod_phrases": {"start": "START", "middle": "MID", "end": "END"},
    "mod_words": {"mid": "MID"},
    "approximators": {"approximately": "APPROX", "less than": "LESS_THAN", "more than": "MORE_THAN"},
}
"""The TIMEX3 value categories this vocabulary uses, each named by its English word (timeml source)."""

METEOROLOGICAL_SEASON = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU",
                         9: "FA", 10: "FA", 11: "FA"}
"""The season of each month, by the meteorological (northern) calendar: a season is three whole months."""

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in WORD.findall(text))


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(tuple(haystack[i:i + n]) == tuple(needle) for i in range(len(haystack) - n + 1))


def meantime_halves(root: Path) -> tuple[list[Document], list[Document]]:
    """MEANTIME English through newsbench's importer: the tuning and the held-out halves."""
    return development.halves(development.load_corpus(development.DEV_CORPORA["meantime"], root))


class _Tuning:
    """What the checks read of MEANTIME's tuning half: extents with their values, the words before each, and
    the sentences that hold a date after their document's creation date."""

    def __init__(self, tune: list[Document]):
        self.extents: list[tuple[tuple[str, ...], str | None, dt.date | None]] = []
        self.before: list[tuple[str, ...]] = []
        self.future_sentences: list[tuple[str, ...]] = []
        for doc in tune:
            anchor = timexes.parse_anchor(doc.meta.anchor_date)
            for t in doc.timexes:
                self.extents.append((_words(doc.text[t.start:t.end]), t.value, anchor))
                self.before.append(_words(doc.text[max(0, t.start - 40):t.start]))
            for s in split_sentences(doc.text):
                if anchor and any(s.start <= t.start < s.end and _after(t.value, anchor) for t in doc.timexes):
                    self.future_sentences.append(_words(doc.text[s.start:s.end]))

    def in_extent(self, word: str) -> bool:
        return any(_contains(ext, _words(word)) for ext, _, _ in self.extents)

    def alone(self, word: str) -> list[tuple[str | None, dt.date | None]]:
        """(value, anchor) of every extent that is the word alone."""
        return [(value, anchor) for ext, value, anchor in self.extents if ext == _words(word)]

    def ends_before(self, word: str) -> bool:
        w = _words(word)
        return any(b[len(b) - len(w):] == w for b in self.before)

    def in_future_sentence(self, phrase: str) -> bool:
        return any(_contains(s, _words(phrase)) for s in self.future_sentences)


def _after(value: str | None, anchor: dt.date) -> bool:
    """Is a calendar date value (YYYY, YYYY-MM or YYYY-MM-DD) later than the anchor at its own precision?"""
    if value is None or not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", value):
        return False
    return value > anchor.isoformat()[:len(value)]


def _plural(noun: str) -> str:
    return getAllInflections(noun, upos="NOUN")["NNS"][0]


def _future_forms(cue: str) -> list[str]:
    """A cue's forms: 'be' is 'is' or 'are'; 'will' also 'll and won't (typographic apostrophes too)."""
    if cue == "will":
        return ["will", "'ll", "’ll", "won't", "won’t"]
    if cue.startswith("be "):
        return [f"{be} {cue[3:]}" for be in ("is", "are")]
    return [cue]


def _refuse(category: str, word: str, why: str) -> ValueError:
    return ValueError(f"{WORDS.name}: {category}: {word!r} {why}")


def _checked_extent_words(table: dict, tuning: _Tuning) -> dict[str, object]:
    """The in_extents words of the table, each checked against the tuning half."""
    out: dict[str, object] = {}
    for category, entries in table["in_extents"].items():
        items = entries.items() if isinstance(entries, dict) else ((w, None) for w in entries)
        kept: dict[str, object] = {}
        for word, value in items:
            if word.startswith("$"):
                continue
            if not tuning.in_extent(word):
                raise _refuse(category, word, "is in no TIMEX3 extent of MEANTIME's tuning half")
            expected = _expected_values(category, value, tuning.alone(word))
            if expected is not None and not expected:
                raise _refuse(category, word, f"is an extent of MEANTIME's tuning half, never with the value {value!r}")
            kept[word] = value
        out[category] = kept if isinstance(entries, dict) else list(kept)
    return out


def _expected_values(category: str, value, alone: list[tuple[str | None, dt.date | None]]) -> list | None:
    """The extents (the word alone) whose gold value is the table's; None when the value cannot be checked."""
    if not alone or category not in ("set_words", "reference_words", "day_words"):
        return None
    if category == "day_words":
        offset, pod = value
        return [v for v, a in alone
                if a is not None and pod is None and v == (a + dt.timedelta(days=offset)).isoformat()]
    return [v for v, _ in alone if v == value]


def derive(table: dict, tune: list[Document]) -> dict:
    """The vocabulary; ValueError for a word of no allowed source."""
    tuning = _Tuning(tune)
    known = {"in_extents", "before_extents", "future_cues", "left_out"}
    if set(k for k in table if not k.startswith("$")) - known:
        raise ValueError(f"{WORDS.name}: unknown sources {sorted(set(table) - known - {'$comment'})}")
    extent_words = _checked_extent_words(table, tuning)
    cues: dict[str, list[str]] = {}
    for category, words in table["before_extents"].items():
        for word in words:
            if not tuning.ends_before(word):
                raise _refuse(category, word, "ends right before no TIMEX3 extent of MEANTIME's tuning half")
        cues[category] = list(words)
    future: list[str] = []
    for cue in table["future_cues"]["cues"]:
        forms = _future_forms(cue)
        if not any(tuning.in_future_sentence(f) for f in forms):
            raise _refuse("future_cues", cue, "is in no sentence of MEANTIME's tuning half with a later date")
        future += forms

    previous = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, "C")
    try:
        months = {name: i for i in range(1, 13) for name in (calendar.month_name[i], calendar.month_abbr[i])}
        weekdays = {calendar.day_name[i]: i + 1 for i in range(7)}
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    units = {}
    for noun, (prefix, designator, multiple) in TIMEX3["units"].items():
        for form in (noun, _plural(noun)):
            units[form] = [prefix, designator, multiple]
    vocabulary = {
        "$comment": COMMENT,
        "months": months,
        "weekdays": weekdays,
        "numbers": {**{num2words(n): n for n in range(1, 100)}, **extent_words["numbers"]},
        "article_numbers": {"a": 1, "an": 1},
        "units": units,
        "set_words": extent_words["set_words"],
        "reference_words": extent_words["reference_words"],
        "reference_nouns": {f"the {w}": v for w, v in TIMEX3["references"].items()},
        "day_words": extent_words["day_words"],
        "parts_of_day": dict(TIMEX3["parts_of_day"]),
        "relatives": extent_words["relatives"],
        "seasons": dict(TIMEX3["seasons"]),
        "season_order": list(TIMEX3["seasons"].values()),
        "season_of_month": {str(m): s for m, s in sorted(METEOROLOGICAL_SEASON.items())},
        "quarter_ordinals": {w: q for q in range(1, 5) for w in (num2words(q, to="ordinal"),
                                                                 num2words(q, to="ordinal_num"))},
        "duration_prefixes_with_number": extent_words["duration_prefixes_with_number"],
        "duration_prefixes_without_number": extent_words["duration_prefixes_without_number"],
        "vague_duration_cues": cues["vague_duration_cues"],
        "modifiers": {
            "words": [*TIMEX3["mod_words"], *extent_words["modifier_words"]],
            "phrases": [f"the {w} of" for w in TIMEX3["mod_phrases"]],
            "approximators": [*TIMEX3["approximators"], *extent_words["approximators"]],
        },
        "bare_date_cues": cues["bare_date_cues"],
        "clock_cues": cues["clock_cues"],
        "weekend_cues": cues["weekend_cues"],
        "future_cues": future,
    }
    vocabulary["$sources"] = _sources(vocabulary)
    _check_timex3(vocabulary)
    kept = set(table["left_out"]["words"]) & _entries(vocabulary)
    if kept:
        raise ValueError(f"{WORDS.name}: left_out words that the vocabulary has: {sorted(kept)}")
    return vocabulary


def _entries(value) -> set[str]:
    """Every word of the vocabulary: the keys of its tables and the items of its word lists."""
    if isinstance(value, dict):
        return {w for k, v in value.items() if not k.startswith("$") for w in ({k} | _entries(v))}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _sources(v: dict) -> dict[str, str]:
    tuning = "MEANTIME English's tuning half (data/timex_words.json)"
    return {
        "months": "calendar.month_name, calendar.month_abbr (C locale)",
        "weekdays": "calendar.day_name (C locale); ISO weekday numbers",
        "numbers": f"num2words 1-99; vague amounts from {tuning}",
        "article_numbers": "English's indefinite article: one",
        "units": "TIMEX3 duration units and date granularities (decade, century); plurals by lemminflect",
        "reference_nouns": "TIMEX3 reference values PAST_REF, PRESENT_REF, FUTURE_REF",
        "parts_of_day": "TIMEX3 parts of day", "seasons": "TIMEX3 seasons", "season_order": "TIMEX3 seasons",
        "season_of_month": "the meteorological seasons",
        "quarter_ordinals": "num2words ordinals of the TIMEX3 quarters Q1-Q4",
        "modifiers": f"TIMEX3 mod values START, MID, END, APPROX, LESS_THAN, MORE_THAN; words from {tuning}",
        **{k: f"{tuning}: words of its TIMEX3 extents" for k in (
            "set_words", "reference_words", "day_words", "relatives", "duration_prefixes_with_number",
            "duration_prefixes_without_number")},
        **{k: f"{tuning}: words right before its TIMEX3 extents" for k in (
            "vague_duration_cues", "bare_date_cues", "clock_cues", "weekend_cues")},
        "future_cues": f"{tuning}: in sentences holding a date after the document's creation date",
    }


def _check_timex3(v: dict) -> None:
    """Every value the categories give is a TIMEX3 value (newsbench's patterns)."""
    values = [("DATE", f"2000-{s}") for s in v["seasons"].values()]
    values += [("TIME", f"2000-01-01T{p}") for p in v["parts_of_day"].values()]
    values += [("DATE", r) for r in (*v["reference_nouns"].values(), *v["reference_words"].values())]
    values += [("DURATION", f"{p}{m}{d}") for p, d, m in v["units"].values()]
    values += [("SET", s) for s in v["set_words"].values()]
    values += [("DATE", f"2000-Q{q}") for q in v["quarter_ordinals"].values()] + [("DATE", "2000-W01-WE")]
    bad = [(t, x) for t, x in values if not timex_value_ok(t, x)]
    if bad:
        raise ValueError(f"not TIMEX3 values: {bad}")


# --- measurement ------------------------------------------------------------------------------------


def _measure(docs: list[Document]) -> dict[str, float | None]:
    """The ``rules`` baseline's timex F1 (strict) and value accuracy on the documents."""
    scores = development.evaluate("rules", development.DevCorpus("meantime", "meantime", "", ("timexes",), ""), docs)
    t = scores["timexes"]
    f1, value = t["strict"]["f1"], t["value_accuracy"]["value"]
    return {"timex F1": None if f1 is None else round(f1, 3),
            "value accuracy": None if value is None else round(value, 3)}


def rule_counts(docs: list[Document]) -> dict[str, tuple[int, int, int]]:
    """Per rule: (expressions found, with a gold extent, with the gold extent and value) on the documents."""
    counts: dict[str, Counter] = {}
    for doc in docs:
        gold = {(t.start, t.end): t.value for t in doc.timexes}
        ranges = doc.annotated_ranges("timexes") if doc.annotated is not None else ((0, len(doc.text)),)
        for span in timexes.TimexTagger(doc.text, doc.meta.anchor_date).find():
            if not any(s <= span.start and span.end <= e for s, e in ranges):
                continue
            c = counts.setdefault(span.rule, Counter())
            c["found"] += 1
            c["extent"] += (span.start, span.end) in gold
            c["value"] += gold.get((span.start, span.end), "") == span.value
    return {r: (c["found"], c["extent"], c["value"]) for r, c in sorted(counts.items())}


def _report(tune: list[Document], held: list[Document]) -> None:
    for name, docs in (("tuning", tune), ("held-out", held)):
        print(f"{name} half: rules {_measure(docs)}")
    print("per rule on the tuning half (found, with a gold extent, with its value):")
    for rule, (found, extent, value) in rule_counts(tune).items():
        print(f"  {rule}: {found}, {extent}, {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the derived vocabulary")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the committed vocabulary is not the derived one")
    args = parser.parse_args(argv)
    root = require_development_corpora()
    tune, held = meantime_halves(root)
    derived = derive(json.loads(WORDS.read_text(encoding="utf-8")), tune)
    committed = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    print(f"MEANTIME: {len(tune)} tuning documents ({', '.join(d.doc_id for d in tune[:3])}, ...), "
          f"{len(held)} held-out ({', '.join(d.doc_id for d in held[:3])}, ...)")
    changed = sorted(k for k in set(derived) | set(committed) if derived.get(k) != committed.get(k))
    print(f"derived: {len(derived) - 2} categories; against the committed vocabulary, changed: {changed or 'none'}")
    if not development.check_or_write(VOCABULARY, derived, check=args.check, write=args.write, what="vocabulary"):
        return 1
    timexes.reload_vocabulary()
    _report(tune, held)
    return 0


if __name__ == "__main__":
    sys.exit(main())
