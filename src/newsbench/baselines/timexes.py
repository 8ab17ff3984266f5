"""Rule-based recognition and TIMEX3 normalisation of English time expressions, anchored to a document date.

Used by both baselines: ``rules`` finds time expressions with :meth:`TimexTagger.find`; ``spacy-sm`` takes
spaCy's DATE/TIME spans and values them with :meth:`TimexTagger.normalise`. The vocabulary (month and weekday
names, number words, units, cue words) is data, ``data/timex_en.json``, written by ``scripts/derive_timexes.py``
from Python's calendar, num2words, the TIMEX3 value categories and words of MEANTIME English's tuning half (never
from the test seed). The grammar is this module: each rule says the TIMEX3 shape it produces; a rule that is not
a general shape of TIMEX3 names the MEANTIME tuning-half example that motivated it.

Resolution rules for under-specified dates (the anchor is the document's ``meta.anchor_date``):

- A bare weekday ("on Saturday") is the most recent such day on or before the anchor (news reports the past);
  in a sentence with a future cue ("will", "is set to", ...) it is the first such day after the anchor. "last X"
  is the most recent X strictly before the anchor, "next X" the first X strictly after it, "this X" the X of the
  anchor's ISO week.
- A month name without a year ("in March") is in the anchor's year if it is not later than the anchor's
  month, otherwise in the previous year; with a future cue, in the anchor's year if it is not earlier than
  the anchor's month, otherwise in the next year. "Month Day" without a year follows the same rule by day.
  "last October" is the most recent October strictly before the anchor's month, "next October" the first
  strictly after, "this October" the anchor year's; "March last year" is March of the anchor year - 1.
- "last/this/next year|quarter|month|week|weekend" shift the anchor's year, quarter, month or ISO week; "the
  past two years" is a DURATION (P2Y), "three years ago" a DATE (anchor year - 3).
- Modifiers ("mid-", "later", "the end of") stay inside the extent; the value is that of the date they modify
  ("mid-2008" -> 2008; "the end of next year" -> 2009 for anchor 2008-03-01). So do approximators before a
  DURATION or SET ("almost two years" -> P2Y).
- A date followed by a clock time ("March 3, 2008, 10:15 AM") is one TIME (2008-03-03T10:15); a clock time alone
  takes the day of the last day-precise date before it in its sentence, else the anchor's day.
- Without an anchor, expressions that need one are recognised with value None.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from collections.abc import Callable

from ..text import split_sentences

DATA = Path(__file__).with_name("data") / "timex_en.json"


@dataclass(frozen=True)
class TimexSpan:
    """A time expression found in a text, with its TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    rule: str = ""
    """The name of the grammar rule that found it (see ``_build_rules``)."""


# --- vocabulary -> regular expressions ------------------------------------------------------------


def _alternation(words, *, case_sensitive: bool = False) -> str:
    """Longest-first alternation of literal words; spaces match any run of white space. No words: matches nothing."""
    parts = sorted({w for w in words if not w.startswith("$")}, key=lambda w: (-len(w), w))
    if not parts:
        return "(?!)"
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)
    return f"(?:{body})" if case_sensitive else f"(?i:{body})"


def _key(word: str) -> str:
    """Lookup key of a matched vocabulary word: lower case, single spaces."""
    return " ".join(word.lower().split())


@dataclass(frozen=True)
class _Vocab:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int | None]
    articles: dict[str, int]
    units: dict[str, tuple[str, str, int]]
    set_words: dict[str, str]
    reference_words: dict[str, str]
    reference_nouns: dict[str, str]
    day_words: dict[str, tuple[int, str | None]]
    parts_of_day: dict[str, str]
    relatives: dict[str, int]
    seasons: dict[str, str]
    season_order: tuple[str, ...]
    season_of_month: dict[int, str]
    quarter_ordinals: dict[str, int]
    data: dict


def reload_vocabulary() -> None:
    """Read ``data/timex_en.json`` again (after ``scripts/derive_timexes.py --write``)."""
    _vocab.cache_clear()
    _rules.cache_clear()
    _modifier_before.cache_clear()
    _approximator_before.cache_clear()
    _future_cue.cache_clear()


@cache
def _vocab() -> _Vocab:
    d = json.loads(DATA.read_text(encoding="utf-8"))

    def clean(m: dict) -> dict:
        return {k: v for k, v in m.items() if not k.startswith("$")}

    months = clean(d["months"])
    weekdays = clean(d["weekdays"])
    return _Vocab(
        # Month and weekday names match as written or in capitals ("OCTOBER"), keyed in lower case.
        months={k.lower(): v for k, v in months.items()},
        weekdays={k.lower(): v for k, v in weekdays.items()},
        numbers=clean(d["numbers"]),
        articles=clean(d["article_numbers"]),
        units={k: tuple(v) for k, v in clean(d["units"]).items()},
        set_words=clean(d["set_words"]),
        reference_words=clean(d["reference_words"]),
        reference_nouns=clean(d["reference_nouns"]),
        day_words={k: tuple(v) for k, v in clean(d["day_words"]).items()},
        parts_of_day=clean(d["parts_of_day"]),
        relatives=clean(d["relatives"]),
        seasons=clean(d["seasons"]),
        season_order=tuple(d["season_order"]),
        season_of_month={int(k): v for k, v in d["season_of_month"].items()},
        quarter_ordinals=clean(d["quarter_ordinals"]),
        data=d,
    )


def _names(mapping_keys) -> str:
    keys = [k for k in mapping_keys if not k.startswith("$")]
    return _alternation(keys + [k.upper() for k in keys], case_sensitive=True)


# --- values ---------------------------------------------------------------------------------------


class _Unrepresentable(ValueError):
    """A resolved year outside 0000-9999, which a TIMEX3 value cannot write ("2009 years ago" said in 2000)."""


def _year(y: int) -> str:
    if not 0 <= y <= 9999:
        raise _Unrepresentable(y)
    return f"{y:04d}"


def _date(y: int, m: int, d: int) -> str:
    return f"{_year(y)}-{m:02d}-{d:02d}"


def _month(y: int, m: int) -> str:
    return f"{_year(y)}-{m:02d}"


def _week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{_year(iso[0])}-W{iso[1]:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _real_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_anchor(value: str | None) -> dt.date | None:
    """The anchor date of ``meta.anchor_date`` ("YYYY-MM-DD"), or None when it is unknown or malformed."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _duration(number: float | None, unit: tuple[str, str, int]) -> str:
    prefix, designator, multiple = unit
    if number is None:
        return f"{prefix}X{designator}"
    amount = number * multiple
    return f"{prefix}{int(amount) if float(amount).is_integer() else amount}{designator}"


# --- the rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    text: str
    anchor: dt.date | None
    future: bool


# A handler turns a match into (type, value); value None = recognised but not resolvable without an
# anchor; the handler returns None to reject the match (e.g. "February 30").
_Handler = Callable[[re.Match, _Context], "tuple[str, str | None] | None"]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: _Handler
    cue: re.Pattern[str] | None = None
    """If set, the rule fires (when cues are required) only where this matches the text before the match."""


def _year_of_month(m: int, ctx: _Context, day: int | None = None) -> int | None:
    """Year of an under-specified "Month [Day]" by the module's past/future rule."""
    a = ctx.anchor
    if a is None:
        return None
    here, there = (a.month, a.day if day is not None else 0), (m, day if day is not None else 0)
    if ctx.future:
        return a.year if there >= here else a.year + 1
    return a.year if there <= here else a.year - 1


def _weekday_date(target: int, rel: str | None, ctx: _Context) -> dt.date | None:
    a = ctx.anchor
    if a is None:
        return None
    today = a.isoweekday()
    if rel == "this":
        return a + dt.timedelta(days=target - today)
    if rel == "next" or (rel is None and ctx.future):
        ahead = (target - today) % 7 or 7
        return a + dt.timedelta(days=ahead)
    back = (today - target) % 7
    if rel is not None and back == 0:  # "last Sunday" said on a Sunday is a week ago
        back = 7
    return a - dt.timedelta(days=back)


@dataclass(frozen=True)
class _Grammar:
    """The vocabulary's regex pieces, cue patterns and word lookups that the rule families share."""

    v: _Vocab
    MONTH: str
    WEEKDAY: str
    DAY: str
    YEAR: str
    NUM: str
    ART: str
    UNIT: str
    REL: str
    POD: str
    SEASON: str
    B: str
    E: str
    bare_cue: re.Pattern[str]
    year_cue: re.Pattern[str]
    clock_cue: re.Pattern[str]
    weekend_cue: re.Pattern[str]
    vague_cue: re.Pattern[str]
    ref_cue: re.Pattern[str]

    @property
    def d(self) -> dict:
        return self.v.data

    def month_no(self, word: str) -> int:
        return self.v.months[word.lower()]

    def number(self, word: str) -> int | None:
        k = _key(word)
        if k in self.v.numbers:
            return self.v.numbers[k]
        if k in self.v.articles:
            return self.v.articles[k]
        return int(float(k)) if float(k).is_integer() else None

    def unit(self, word: str) -> tuple[str, str, int]:
        return self.v.units[_key(word)]

    def rel_of(self, word: str | None) -> str | None:
        if word is None:
            return None
        shift = self.v.relatives[_key(word)]
        return {-1: "last", 0: "this", 1: "next"}[shift]


def _grammar() -> _Grammar:
    v = _vocab()
    d = v.data
    # A word boundary that also refuses hyphenated words ("Russia-backed"), except after "mid-" ("mid-2009").
    B, E = r"(?:(?<![\w-])|(?<=[Mm]id-)|(?<=MID-))", r"(?![\w])"
    before_bare = _alternation(d["bare_date_cues"] + d["modifiers"]["words"] + d["modifiers"]["phrases"])
    return _Grammar(
        v=v, MONTH=_names(d["months"]), WEEKDAY=_names(d["weekdays"]),
        DAY=r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![\w])",
        YEAR=r"(?<![\d,.$£€])(?:1[89][0-9]{2}|20[0-9]{2})(?![\w%]|[.,][0-9])",
        NUM=rf"(?:[0-9]+(?:\.[0-9]+)?|{_alternation(v.numbers)})", ART=_alternation(v.articles),
        UNIT=_alternation(v.units), REL=_alternation(v.relatives), POD=_alternation(v.parts_of_day),
        SEASON=_alternation(v.seasons), B=B, E=E,
        bare_cue=re.compile(rf"(?:{B}{before_bare}\s+|{B}(?i:mid)-)$"),
        # a bare year after a cue, at a sentence's start, or after a capitalised word: an event's name and its year
        # ("WWDC 2005", "the Developers Conference 2010": MEANTIME's tuning half)
        year_cue=re.compile(rf"(?:{B}{before_bare}\s+|{B}(?i:mid)-|(?:^|[.!?:]\s+|\n)|(?<![\w-])[A-Z][A-Za-z]+\s+)$"),
        clock_cue=re.compile(rf"(?:{B}{_alternation(d['clock_cues'])}\s+|[0-9]{{4}},?\s+)$"),
        weekend_cue=re.compile(rf"{B}{_alternation(d['weekend_cues'])}\s+$"),
        vague_cue=re.compile(rf"{B}{_alternation(d['vague_duration_cues'])}\s+$"),
        ref_cue=re.compile(r"(?<![\w-])(?i:in)\s+$"),
    )


_Register = Callable[..., Callable[[_Handler], _Handler]]
"""``rule(name, regex, cue=None)``: a decorator that appends a handler's rule to the list being built."""


def _build_rules() -> tuple[_Rule, ...]:
    """Every rule, in rank order (a tie between matches of one extent goes to the earlier rule)."""
    g = _grammar()
    rules: list[_Rule] = []

    def rule(name: str, regex: str, cue: re.Pattern[str] | None = None):
        def register(handler: _Handler) -> _Handler:
            rules.append(_Rule(name, re.compile(g.B + regex + g.E), handler, cue))
            return handler
        return register

    for family in (_date_rules, _day_rules, _duration_rules, _set_and_reference_rules, _clock_rules):
        family(g, rule)
    return tuple(rules)


def _date_rules(g: _Grammar, rule: _Register) -> None:
    """Calendar dates: full and ISO dates, months, years, decades."""
    v, MONTH, WEEKDAY, DAY, YEAR, REL, bare_cue, year_cue, month_no, rel_of = (
        g.v, g.MONTH, g.WEEKDAY, g.DAY, g.YEAR,
        g.REL, g.bare_cue, g.year_cue, g.month_no, g.rel_of)

    # "Monday, March 3, 2008", "March 3", "3 March 2008", "Mar. 3rd": DATE YYYY-MM-DD
    @rule("full-date", rf"(?:{WEEKDAY},?\s+)?(?:(?P<mon>{MONTH})\.?\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?"
                       rf"|(?P<day2>{DAY})\s+(?:of\s+)?(?P<mon2>{MONTH})\.?(?:,?\s+(?P<year2>{YEAR}))?)")
    def full_date(m, ctx):
        mon = month_no(m["mon"] or m["mon2"])
        digits = re.match(r"[0-9]+", m["day"] or m["day2"])
        assert digits is not None  # DAY starts with its digits
        day = int(digits.group())
        year = m["year"] or m["year2"]
        y = int(year) if year else _year_of_month(mon, ctx, day)
        if y is None:
            return ("DATE", None) if _real_date(2000, mon, day) else None
        return ("DATE", _date(y, mon, day)) if _real_date(y, mon, day) else None

    # "2008-03-03", "2008-03-03T10:15": DATE YYYY-MM-DD, TIME YYYY-MM-DDThh:mm
    @rule("iso-date", r"(?P<y>[0-9]{4})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?:T(?P<h>[0-2][0-9]):(?P<mi>[0-5][0-9]))?")
    def iso_date(m, ctx):
        y, mo, da = int(m["y"]), int(m["m"]), int(m["d"])
        if not _real_date(y, mo, da):
            return None
        if m["h"] is not None:
            return ("TIME", f"{_date(y, mo, da)}T{m['h']}:{m['mi']}") if int(m["h"]) < 24 else None
        return "DATE", _date(y, mo, da)

    # "February 2008", "June of 2019": DATE YYYY-MM
    @rule("month-year", rf"(?P<mon>{MONTH})\.?,?\s+(?:of\s+)?(?P<year>{YEAR})")
    def month_year(m, ctx):
        return "DATE", _month(int(m["year"]), month_no(m["mon"]))

    # "May last year", "March next year", "June this year": DATE YYYY-MM
    @rule("month-relative-year", rf"(?P<mon>{MONTH})\s+(?P<rel>{REL})\s+(?i:year)")
    def month_relative_year(m, ctx):
        if ctx.anchor is None:
            return "DATE", None
        return "DATE", _month(ctx.anchor.year + v.relatives[_key(m["rel"])], month_no(m["mon"]))

    # "last October", "next March", "this July": DATE YYYY-MM
    @rule("relative-month-name", rf"(?P<rel>{REL})\s+(?P<mon>{MONTH})")
    def relative_month_name(m, ctx):
        a, mon, rel = ctx.anchor, month_no(m["mon"]), rel_of(m["rel"])
        if a is None:
            return "DATE", None
        if rel == "this":
            y = a.year
        elif rel == "last":
            y = a.year if mon < a.month else a.year - 1
        else:
            y = a.year if mon > a.month else a.year + 1
        return "DATE", _month(y, mon)

    # "in March": DATE YYYY-MM (a month name alone needs a cue: "May" is also a verb)
    @rule("month", rf"(?P<mon>{MONTH})", cue=bare_cue)
    def month(m, ctx):
        mon = month_no(m["mon"])
        y = _year_of_month(mon, ctx)
        return "DATE", None if y is None else _month(y, mon)

    # "in 2006": DATE YYYY (a bare year needs a cue: see year_cue)
    @rule("year", rf"(?P<year>{YEAR})", cue=year_cue)
    def year(m, ctx):
        return "DATE", m["year"]

    # "the 1990s", "1980s": DATE YYY (TIMEX3's decade)
    @rule("decade", r"(?:(?i:the)\s+)?(?P<dec>1[89][0-9]0|20[0-9]0)s")
    def decade(m, ctx):
        return "DATE", m["dec"][:3]


def _day_rules(g: _Grammar, rule: _Register) -> None:
    """Days and parts of days relative to the anchor: weekdays, "yesterday", "last week", weekends."""
    v, WEEKDAY, REL, POD, weekend_cue, rel_of = g.v, g.WEEKDAY, g.REL, g.POD, g.weekend_cue, g.rel_of

    # "Saturday", "last Friday": DATE YYYY-MM-DD; "Saturday night", "next Monday morning": TIME YYYY-MM-DDTNI
    @rule("weekday", rf"(?:(?P<rel>{REL})\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{POD}))?")
    def weekday(m, ctx):
        day = _weekday_date(v.weekdays[m["wd"].lower()], rel_of(m["rel"]), ctx)
        pod = v.parts_of_day[_key(m["pod"])] if m["pod"] else None
        if day is None:
            return ("TIME" if pod else "DATE"), None
        value = day.isoformat()
        return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)

    # "today", "yesterday": DATE YYYY-MM-DD; "yesterday morning": TIME YYYY-MM-DDTMO
    @rule("day-word", rf"(?P<dw>{_alternation(v.day_words)})(?:\s+(?P<pod>{POD}))?")
    def day_word(m, ctx):
        offset, pod = v.day_words[_key(m["dw"])]
        if m["pod"]:
            pod = v.parts_of_day[_key(m["pod"])]
        if ctx.anchor is None:
            return ("TIME" if pod else "DATE"), None
        value = (ctx.anchor + dt.timedelta(days=offset)).isoformat()
        return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)

    # "last night" (the night before the anchor), "this morning": TIME YYYY-MM-DDTMO
    back_or_now = _alternation(w for w, k in v.relatives.items() if k in (-1, 0))

    @rule("relative-part-of-day", rf"(?P<rel>{back_or_now})\s+(?P<pod>{POD})")
    def relative_part_of_day(m, ctx):
        pod = v.parts_of_day[_key(m["pod"])]
        if ctx.anchor is None:
            return "TIME", None
        day = ctx.anchor + dt.timedelta(days=v.relatives[_key(m["rel"])])
        return "TIME", f"{day.isoformat()}T{pod}"

    # "(the) last quarter" (MEANTIME's tuning half: the quarter before the anchor's): DATE YYYY-QN
    @rule("relative-quarter", rf"(?:(?i:the)\s+)?(?P<rel>{REL})\s+(?i:quarter)")
    def relative_quarter(m, ctx):
        a = ctx.anchor
        if a is None:
            return "DATE", None
        y, first_month = _shift_month(a.year, (a.month - 1) // 3 * 3 + 1, 3 * v.relatives[_key(m["rel"])])
        return "DATE", f"{_year(y)}-Q{(first_month - 1) // 3 + 1}"

    # "last year", "this month", "next week", "last weekend": DATE YYYY, YYYY-MM, YYYY-Wnn, YYYY-Wnn-WE
    @rule("relative-unit", rf"(?P<rel>{REL})\s+(?P<unit>(?i:year|month|week|weekend))")
    def relative_unit(m, ctx):
        a, k, u = ctx.anchor, v.relatives[_key(m["rel"])], _key(m["unit"])
        if a is None:
            return "DATE", None
        if u == "year":
            return "DATE", _year(a.year + k)
        if u == "month":
            return "DATE", _month(*_shift_month(a.year, a.month, k))
        week = _week(a + dt.timedelta(weeks=k))
        return "DATE", week + ("-WE" if u == "weekend" else "")

    # "(over) the weekend": DATE YYYY-Wnn-WE, the latest weekend for past-tense news, the next one with a future cue
    @rule("the-weekend", r"(?i:the\s+weekend)", cue=weekend_cue)
    def the_weekend(m, ctx):
        a = ctx.anchor
        if a is None:
            return "DATE", None
        if ctx.future:
            day = a if a.isoweekday() >= 6 else a + dt.timedelta(days=6 - a.isoweekday())
        else:
            day = a if a.isoweekday() >= 6 else a - dt.timedelta(days=a.isoweekday())
        return "DATE", _week(day) + "-WE"

    # "the end of the year", "the start of the month": the anchor's year, month or week (DATE, mod END/START)
    mod_phrases = _alternation(g.d["modifiers"]["phrases"])

    @rule("part-of-unit", rf"{mod_phrases}\s+(?i:the)\s+(?P<unit>(?i:year|month|week))")
    def part_of_unit(m, ctx):
        a, u = ctx.anchor, _key(m["unit"])
        if a is None:
            return "DATE", None
        return "DATE", {"year": _year(a.year), "month": _month(a.year, a.month), "week": _week(a)}[u]


def _duration_rules(g: _Grammar, rule: _Register) -> None:
    """Durations and "… ago"."""
    d, NUM, ART, UNIT, vague_cue, number, unit = g.d, g.NUM, g.ART, g.UNIT, g.vague_cue, g.number, g.unit

    prefixes_num = _alternation(d["duration_prefixes_with_number"])
    prefixes_bare = _alternation(d["duration_prefixes_without_number"])

    # "the past two years", "three days", "a six-month", "two-year": DURATION P2Y; "two and a half years" (MEANTIME's
    # tuning half): P2.5Y
    @rule("duration",
          rf"(?:(?P<pre>{prefixes_num})\s+)?(?P<num>{NUM})(?P<half>\s+(?i:and\s+a\s+half))?(?:\s+|-)(?P<unit>{UNIT})")
    def duration(m, ctx):
        n = number(m["num"])
        return "DURATION", _duration(n + 0.5 if n is not None and m["half"] else n, unit(m["unit"]))

    # "the past year", "the past decade": DURATION P1Y, P10Y; "the past months": PXM
    @rule("duration-one", rf"(?P<pre>{prefixes_bare})\s+(?P<unit>{UNIT})")
    def duration_one(m, ctx):
        if _key(m["unit"]).endswith("s"):  # "the past months": an unknown number
            return "DURATION", _duration(None, unit(m["unit"]))
        return "DURATION", _duration(1, unit(m["unit"]))

    # "(over) years", "(within) several months" (a vague amount of the vocabulary): DURATION PXY
    vague = _alternation(w for w, n in g.v.numbers.items() if n is None)
    plurals = _alternation(u for u in g.v.units if u.endswith("s"))

    @rule("vague-duration", rf"(?:(?P<num>{vague})\s+)?(?P<unit>{plurals})", cue=vague_cue)
    def vague_duration(m, ctx):
        return "DURATION", _duration(None, unit(m["unit"]))

    # "three years ago", "a week ago": DATE of the anchor's year, month, week or day minus the amount; "years ago":
    # PAST_REF
    @rule("ago", rf"(?:(?P<num>{NUM}|{ART})\s+)?(?P<unit>{UNIT})\s+(?i:ago)")
    def ago(m, ctx):
        a, n = ctx.anchor, number(m["num"]) if m["num"] else None
        if n is None:
            return "DATE", "PAST_REF"
        if a is None:
            return "DATE", None
        prefix, designator, multiple = unit(m["unit"])
        n *= multiple
        try:
            if prefix == "PT":
                return "DATE", "PAST_REF"
            if designator == "Y":
                return "DATE", _year(a.year - n)
            if designator == "M":
                return "DATE", _month(*_shift_month(a.year, a.month, -n))
            if designator == "W":
                return "DATE", _week(a - dt.timedelta(weeks=n))
            return "DATE", (a - dt.timedelta(days=n)).isoformat()
        except (_Unrepresentable, OverflowError):  # before year 0000: only "in the past" can be said
            return "DATE", "PAST_REF"


def _set_and_reference_rules(g: _Grammar, rule: _Register) -> None:
    """Sets ("every day"), reference words ("now"), seasons and quarters."""
    v, WEEKDAY, YEAR, NUM, UNIT, REL, POD, SEASON, ref_cue, number, unit, rel_of = (
        g.v, g.WEEKDAY, g.YEAR, g.NUM, g.UNIT, g.REL,
        g.POD, g.SEASON, g.ref_cue, g.number, g.unit, g.rel_of)

    # "annual": SET P1Y
    @rule("set-word", rf"(?P<w>{_alternation(v.set_words)})")
    def set_word(m, ctx):
        return "SET", v.set_words[_key(m["w"])]

    # "every day", "every two weeks", "every other month", "each year": SET P1D, P2W, P2M, P1Y; "every Monday":
    # SET XXXX-WXX-1
    @rule("every",
          rf"(?i:every|each)\s+(?:(?P<num>{NUM}|(?i:other))\s+)?(?:(?P<unit>{UNIT})|(?P<wd>{WEEKDAY})|(?P<pod>{POD}))")
    def every(m, ctx):
        if m["wd"]:
            return "SET", f"XXXX-WXX-{v.weekdays[m['wd'].lower()]}"
        if m["pod"]:
            return "SET", "P1D"
        n = 2 if m["num"] and _key(m["num"]) == "other" else (number(m["num"]) if m["num"] else 1)
        return "SET", _duration(n, unit(m["unit"]))

    # a rate after a number: "(15) a year", "(3) per week": SET P1Y (MEANTIME's tuning half: "15 a year")
    @rule("rate", rf"(?i:a|an|per)\s+(?P<unit>{UNIT})")
    def rate(m, ctx):
        if not _AFTER_A_NUMBER.search(ctx.text, max(0, m.start() - 20), m.start()):
            return None
        return "SET", _duration(1, unit(m["unit"]))

    # "now", "recently": DATE PRESENT_REF, PAST_REF
    @rule("reference-word", rf"(?P<w>{_alternation(v.reference_words)})")
    def reference_word(m, ctx):
        return "DATE", v.reference_words[_key(m["w"])]

    # "(in) the past", "(in) the future": DATE PAST_REF, FUTURE_REF
    @rule("reference-noun", rf"(?P<w>{_alternation(v.reference_nouns)})", cue=ref_cue)
    def reference_noun(m, ctx):
        return "DATE", v.reference_nouns[_key(m["w"])]

    # "last summer", "summer 2020", "the winter of 2019": DATE YYYY-SU, YYYY-WI
    @rule("season",
          rf"(?:(?P<rel>{REL})\s+(?P<s1>{SEASON})|(?:(?i:the)\s+)?(?P<s2>{SEASON})\s+(?:(?i:of)\s+)?(?P<year>{YEAR}))")
    def season(m, ctx):
        s = v.seasons[_key(m["s1"] or m["s2"])]
        if m["year"]:
            return "DATE", f"{m['year']}-{s}"
        a = ctx.anchor
        if a is None:
            return "DATE", None
        order = v.season_order
        now = order.index(v.season_of_month[a.month])
        # The season's year: winter is counted in the year its January falls in (December -> next year).
        base_year = a.year + (1 if a.month == 12 else 0)
        target, rel = order.index(s), rel_of(m["rel"])
        if rel == "this":
            shift = 0
        elif rel == "last":
            shift = -1 if target >= now else 0
        else:
            shift = 1 if target <= now else 0
        return "DATE", f"{_year(base_year + shift)}-{s}"

    # "the first quarter of 2020", "Q3 2021", "the fourth quarter": DATE YYYY-QN
    @rule("quarter",
          rf"(?:(?i:the)\s+(?P<ord>{_alternation(v.quarter_ordinals)})\s+(?i:quarter)(?:\s+(?i:of)\s+(?P<year>{YEAR}))?"
                     rf"|Q(?P<q>[1-4])\s+(?P<year2>{YEAR}))")
    def quarter(m, ctx):
        q = int(m["q"]) if m["q"] else v.quarter_ordinals[_key(m["ord"])]
        year = m["year"] or m["year2"]
        if year is None:
            if ctx.anchor is None:
                return "DATE", None
            year = f"{ctx.anchor.year:04d}"
        return "DATE", f"{year}-Q{q}"


def _clock_rules(g: _Grammar, rule: _Register) -> None:
    """Clock times."""
    clock_cue = g.clock_cue

    # "10:15 AM", "10 p.m.": TIME YYYY-MM-DDThh:mm on the anchor's day; "14:30" only after a cue ("at 14:30") or
    # a year.
    AMPM = r"(?P<ap>(?i:a\.m\.|p\.m\.|am|pm|a\.m|p\.m)(?![\w]))"

    @rule("clock", rf"(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5][0-9]))?\s*{AMPM}")
    def clock(m, ctx):
        hh, mm = int(m["h"]) % 12, int(m["mi"] or 0)
        if _key(m["ap"]).startswith("p"):
            hh += 12
        return "TIME", _clock_value(ctx.anchor, hh, mm)

    # "at 14:30", "18:00 UTC": TIME YYYY-MM-DDThh:mm(Z)
    @rule("clock-24h", r"(?P<h>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9])(?:\s+(?P<tz>GMT|UTC))?", cue=clock_cue)
    def clock_24h(m, ctx):
        value = _clock_value(ctx.anchor, int(m["h"]), int(m["mi"]))
        # "18:00 UTC" (MEANTIME's tuning half): a UTC time is written with ISO 8601's Z
        return "TIME", value + "Z" if value and m["tz"] else value


def _clock_value(anchor: dt.date | None, hh: int, mm: int) -> str | None:
    return None if anchor is None else f"{anchor.isoformat()}T{hh:02d}:{mm:02d}"


@cache
def _rules() -> tuple[_Rule, ...]:
    return _build_rules()


@cache
def _modifier_before() -> re.Pattern[str]:
    m = _vocab().data["modifiers"]
    words = _alternation(m["words"])
    phrases = _alternation(m["phrases"])
    return re.compile(rf"(?<![\w-])(?:{words}\s+|{phrases}\s+|(?i:mid)-)$")


@cache
def _approximator_before() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){_alternation(_vocab().data['modifiers']['approximators'])}\s+$")


@cache
def _future_cue() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){_alternation(_vocab().data['future_cues'])}(?![\w])")


_AFTER_A_NUMBER = re.compile(r"(?<![\w.,])(?!(?:1[89]|20)[0-9]{2}\s)[0-9]+(?:[.,][0-9]+)*\s+$")
"""A number (not a year: "in 2009 a year later") right before a rate's "a year"."""
_DATE_TO_CLOCK = re.compile(r"(?:\s*,\s*(?:(?i:at)\s+)?|\s+(?i:at)\s+|\s+)")
_CLOCK_TO_DATE = re.compile(r"(?:\s+(?i:on)\s+|\s*,\s*|\s+)")
_DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_THAT = re.compile(r"(?<![\w-])(?i:that)(?![\w-])")
_CLOCK_RULES = ("clock", "clock-24h")


def _on_day(c: _Candidate, earlier: list[str | None]) -> _Candidate:
    """A clock time alone takes the day of the last day-precise date before it in its sentence (``earlier``: the
    values found there; "on Tuesday ... at 18:00 UTC", MEANTIME's tuning half), else the anchor's day."""
    days = [v for v in earlier if v and _DAY_VALUE.fullmatch(v)]
    if c.rule not in _CLOCK_RULES or c.value is None or not days:
        return c
    return replace(c, value=f"{days[-1]}T{c.value.split('T', 1)[1]}")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    type: str
    value: str | None
    order: int  # the rule's rank, to break ties deterministically
    rule: str


class TimexTagger:
    """Time expressions of one document text, resolved against its anchor date."""

    def __init__(self, text: str, anchor: dt.date | str | None):
        self.text = text
        self.anchor = parse_anchor(anchor) if isinstance(anchor, str) or anchor is None else anchor
        self._sentences = tuple((s.start, s.end) for s in split_sentences(text))

    def _sentence(self, position: int) -> tuple[int, int]:
        """The sentence holding ``position`` (or the position alone, outside every sentence)."""
        return next(((s, e) for s, e in self._sentences if s <= position < e), (position, position + 1))

    def _future(self, start: int, end: int) -> bool:
        """Does the sentence holding [start, end) have a future cue ("will", "is set to") that governs it? A cue
        after the expression and behind "that" belongs to another clause ("announced Friday that it will ...":
        MEANTIME's tuning half)."""
        s_start, s_end = self._sentence(start)
        for m in _future_cue().finditer(self.text, s_start, max(s_end, end)):
            if m.start() < start or not _THAT.search(self.text, end, m.start()):
                return True
        return False

    def _candidates(self, start: int, end: int, require_cues: bool) -> list[_Candidate]:
        out = []
        for order, rule in enumerate(_rules()):
            for m in rule.pattern.finditer(self.text, start, end):
                if (rule.cue is not None and require_cues
                        and not rule.cue.search(self.text, max(0, m.start() - 40), m.start())):
                    continue
                ctx = _Context(self.text, self.anchor, self._future(m.start(), m.end()))
                try:
                    result = rule.handler(m, ctx)
                except (_Unrepresentable, OverflowError):  # resolves outside 0000-9999: no well-formed value
                    result = (None if self.anchor is None else rule.handler(m, _Context(self.text, None, ctx.future)))
                if result is not None:
                    out.append(_Candidate(m.start(), m.end(), result[0], result[1], order, rule.name))
        return out

    def _select(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Leftmost-longest, non-overlapping; ties go to the earlier rule."""
        chosen: list[_Candidate] = []
        for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start), c.order)):
            if not chosen or c.start >= chosen[-1].end:
                chosen.append(c)
        return chosen

    def _merge_clock(self, chosen: list[_Candidate]) -> list[_Candidate]:
        """A day-precise DATE next to a clock-only TIME becomes one TIME: "March 3, 2008, 10:15 AM"."""
        out: list[_Candidate] = []
        for c in chosen:
            if out:
                p = out[-1]
                gap = self.text[p.end:c.start]
                date, clock = (p, c) if p.type == "DATE" else (c, p)
                joiner = _DATE_TO_CLOCK if date is p else _CLOCK_TO_DATE
                if ({p.type, c.type} == {"DATE", "TIME"} and joiner.fullmatch(gap) and "\n" not in gap
                        and clock.rule in _CLOCK_RULES and date.value is not None
                        and _DAY_VALUE.fullmatch(date.value) and clock.value is not None):
                    value = f"{date.value}T{clock.value.split('T', 1)[1]}"
                    out[-1] = _Candidate(p.start, c.end, "TIME", value, min(p.order, c.order), "date-and-clock")
                    continue
            out.append(c)
        return out

    def _extend(self, chosen: list[_Candidate], lower: int) -> list[_Candidate]:
        """Take a modifier into the extent: "late 2008", "the end of next year" (DATE/TIME), "almost weekly"
        (an approximator before a DURATION or SET)."""
        out: list[_Candidate] = []
        for c in chosen:
            floor = max(lower, out[-1].end if out else 0)
            if c.type in ("DATE", "TIME", "DURATION", "SET"):
                pattern = _modifier_before() if c.type in ("DATE", "TIME") else _approximator_before()
                m = pattern.search(self.text, floor, c.start)
                if m:
                    c = _Candidate(m.start(), c.end, c.type, c.value, c.order, c.rule)
            out.append(c)
        return out

    def _span(self, c: _Candidate) -> TimexSpan:
        return TimexSpan(c.start, c.end, self.text[c.start:c.end], c.type, c.value, c.rule)

    def find(self, start: int = 0, end: int | None = None) -> tuple[TimexSpan, ...]:
        """Every time expression in ``text[start:end]`` (the recogniser of the ``rules`` baseline)."""
        end = len(self.text) if end is None else end
        chosen = self._extend(self._merge_clock(self._select(self._candidates(start, end, True))), start)
        out: list[_Candidate] = []
        for c in chosen:
            sentence_start = self._sentence(c.start)[0]
            out.append(_on_day(c, [p.value for p in out if p.start >= sentence_start]))
        return tuple(self._span(c) for c in out)

    def normalise(self, start: int, end: int, *, merge_clock: bool = True) -> TimexSpan | None:
        """Type and value of a span another recogniser found (spaCy's DATE/TIME entities).

        The span is read without the cue requirements (it is already known to be a time expression). If
        a single expression covers it, that expression's value; otherwise the expression covering most of
        it; None if nothing in it is recognised.
        """
        chosen = self._select(self._candidates(start, end, False))
        if merge_clock:
            chosen = self._merge_clock(chosen)
        chosen = self._extend(chosen, start)
        if not chosen:
            return None
        best = max(chosen, key=lambda c: (c.end - c.start, -c.start))
        if best.rule in _CLOCK_RULES:
            best = _on_day(best, [t.value for t in self.find(self._sentence(start)[0], start)])
        return TimexSpan(start, end, self.text[start:end], best.type, best.value, best.rule)


def find_timexes(text: str, anchor: dt.date | str | None) -> tuple[TimexSpan, ...]:
    """Every time expression in ``text``, with TIMEX3 type and value resolved against ``anchor``."""
    return TimexTagger(text, anchor).find()


def normalise_timex(phrase: str, anchor: dt.date | str | None) -> tuple[str, str | None] | None:
    """(type, value) of a time expression given on its own, e.g. ("DATE", "2008-03-01") for "Saturday"."""
    span = TimexTagger(phrase, anchor).normalise(0, len(phrase))
    return None if span is None else (span.type, span.value)
