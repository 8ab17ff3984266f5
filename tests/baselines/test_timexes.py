"""The rule-based time-expression recogniser and normaliser, on made-up sentences (none from the seed or a corpus)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbench.baselines.timexes import TimexTagger, find_timexes, normalise_timex, parse_anchor
from newsbench.validate import timex_value_ok

SUNDAY = "2021-10-31"  # a Sunday, ISO week 2021-W43

# (sentence, anchor, [(extent, type, value), ...]) — every time expression the sentence holds.
CASES = [
    ("The board met on Saturday, officials said.", SUNDAY, [("Saturday", "DATE", "2021-10-30")]),
    ("The store opened on Sunday.", SUNDAY, [("Sunday", "DATE", "2021-10-31")]),
    ("The minister resigned on Tuesday after three years in office.", SUNDAY,
     [("Tuesday", "DATE", "2021-10-26"), ("three years", "DURATION", "P3Y")]),
    ("Talks will resume on Tuesday, officials said.", SUNDAY, [("Tuesday", "DATE", "2021-11-02")]),
    ("Last Sunday's vote was postponed to next Friday.", SUNDAY,
     [("Last Sunday", "DATE", "2021-10-24"), ("next Friday", "DATE", "2021-11-05")]),
    ("A photo taken in Lyon, France January 7, 2020.", SUNDAY, [("January 7, 2020", "DATE", "2020-01-07")]),
    ("He was born on 4 July 1976 in a small town.", SUNDAY, [("4 July 1976", "DATE", "1976-07-04")]),
    ("The deal was signed on Oct. 12 and takes effect next month.", SUNDAY,
     [("Oct. 12", "DATE", "2021-10-12"), ("next month", "DATE", "2021-11")]),
    ("The report came out on December 3.", SUNDAY, [("December 3", "DATE", "2020-12-03")]),
    ("The company was founded with foreign capital in 2006.", SUNDAY, [("2006", "DATE", "2006")]),
    ("Shares had recovered by the end of 2017.", SUNDAY, [("the end of 2017", "DATE", "2017")]),
    ("Unemployment peaked in mid-2009.", SUNDAY, [("mid-2009", "DATE", "2009")]),
    ("Sales rose after the January 2020 launch.", SUNDAY, [("January 2020", "DATE", "2020-01")]),
    ("In October last year, a merger was announced.", SUNDAY, [("October last year", "DATE", "2020-10")]),
    ("The plan is for March next year.", SUNDAY, [("March next year", "DATE", "2022-03")]),
    ("Prices fell last October and rose in July.", SUNDAY,
     [("last October", "DATE", "2020-10"), ("July", "DATE", "2021-07")]),
    ("Prices fell in December, the bank said.", SUNDAY, [("December", "DATE", "2020-12")]),
    ("The vote is set to take place in March.", SUNDAY, [("March", "DATE", "2022-03")]),
    ("During the past 18 months, prices fell.", SUNDAY, [("the past 18 months", "DURATION", "P18M")]),
    ("Officials met during the past months.", SUNDAY, [("the past months", "DURATION", "PXM")]),
    ("The programme ran almost two and a half years late.", SUNDAY,
     [("almost two and a half years", "DURATION", "P2.5Y")]),
    ("Numbers fell over more than 18 months.", SUNDAY, [("more than 18 months", "DURATION", "P18M")]),
    ("The annual report came out at 3 p.m.", SUNDAY,
     [("annual", "SET", "P1Y"), ("3 p.m.", "TIME", "2021-10-31T15:00")]),
    ("She visited every Monday and sold 15 a week.", SUNDAY,
     [("every Monday", "SET", "XXXX-WXX-1"), ("a week", "SET", "P1W")]),
    ("The plant opened in 2009 a year after the vote.", SUNDAY, [("2009", "DATE", "2009")]),
    ("The plant has operated over decades.", SUNDAY, [("decades", "DURATION", "PXY")]),
    ("Profits doubled in the last quarter.", SUNDAY, [("the last quarter", "DATE", "2021-Q3")]),
    ("The phone was shown at Expo 2019 and sold for the 2020 season.", SUNDAY,
     [("2019", "DATE", "2019"), ("2020", "DATE", "2020")]),
    ("Posted: October 31, 2021, 9:58 AM", SUNDAY, [("October 31, 2021, 9:58 AM", "TIME", "2021-10-31T09:58")]),
    ("Saturday, October 30, 2021 at 11:45 pm the blast shook the city.", SUNDAY,
     [("Saturday, October 30, 2021 at 11:45 pm", "TIME", "2021-10-30T23:45")]),
    ("By 14:30 GMT the crowd had gone; at 3 p.m. police arrived.", SUNDAY,
     [("14:30 GMT", "TIME", "2021-10-31T14:30Z"), ("3 p.m.", "TIME", "2021-10-31T15:00")]),
    ("Yesterday morning the shares fell; this evening they rose.", SUNDAY,
     [("Yesterday morning", "TIME", "2021-10-30TMO"), ("this evening", "TIME", "2021-10-31TEV")]),
    ("Shots were heard on Friday night and last night.", SUNDAY,
     [("Friday night", "TIME", "2021-10-29TNI"), ("last night", "TIME", "2021-10-30TNI")]),
    ("The mission ends by the end of this year.", SUNDAY, [("the end of this year", "DATE", "2021")]),
    ("Growth slowed this year and will recover next year.", SUNDAY,
     [("this year", "DATE", "2021"), ("next year", "DATE", "2022")]),
    ("Two weeks ago, protesters gathered; last week they returned.", SUNDAY,
     [("Two weeks ago", "DATE", "2021-W41"), ("last week", "DATE", "2021-W42")]),
    ("He left three years ago.", SUNDAY, [("three years ago", "DATE", "2018")]),
    ("The talks lasted 18 hours over the weekend.", SUNDAY,
     [("18 hours", "DURATION", "PT18H"), ("the weekend", "DATE", "2021-W43-WE")]),
    ("He signed a 10-year contract and will leave later this month.", SUNDAY,
     [("10-year", "DURATION", "P10Y"), ("later this month", "DATE", "2021-10")]),
    ("In the past, such deals were rare, but now they are common.", SUNDAY,
     [("the past", "DATE", "PAST_REF"), ("now", "DATE", "PRESENT_REF")]),
    ("Sales grew in the first quarter of 2020 and in Q3 2021.", SUNDAY,
     [("the first quarter of 2020", "DATE", "2020-Q1"), ("Q3 2021", "DATE", "2021-Q3")]),
    ("Unemployment peaked in the 1990s.", SUNDAY, [("the 1990s", "DATE", "199")]),
    ("Last summer the river flooded.", SUNDAY, [("Last summer", "DATE", "2021-SU")]),
    # a clock time takes the day of the last day-precise date before it in its sentence
    ("The law was passed on 2021-09-14 and reviewed at 11 p.m.", SUNDAY,
     [("2021-09-14", "DATE", "2021-09-14"), ("11 p.m.", "TIME", "2021-09-14T23:00")]),
    ("The first flight left on Tuesday and landed at 18:00 UTC.", SUNDAY,
     [("Tuesday", "DATE", "2021-10-26"), ("18:00 UTC", "TIME", "2021-10-26T18:00Z")]),
    # A different anchor: Wednesday 2019-03-13.
    ("The strike began on Monday and ends on Friday.", "2019-03-13",
     [("Monday", "DATE", "2019-03-11"), ("Friday", "DATE", "2019-03-08")]),
    ("The summit is scheduled to open on Friday.", "2019-03-13", [("Friday", "DATE", "2019-03-15")]),
    # a future cue behind "that" after the expression belongs to another clause
    ("The firm announced on Friday that it will cut prices.", "2019-03-13", [("Friday", "DATE", "2019-03-08")]),
    ("On Friday the board will meet.", "2019-03-13", [("Friday", "DATE", "2019-03-15")]),
    ("Flooding hit the region in April and in February.", "2019-03-13",
     [("April", "DATE", "2018-04"), ("February", "DATE", "2019-02")]),
]

# Sentences without any time expression: numbers, names and words that only look temporal.
NONE = [
    "About 2,500 workers and 3,000 contractors remain.",
    "May the best team win, she said.",
    "State-backed firms sold engines of a Second World War-era design.",
    "The staff was reduced from 3,000 to 2,500.",
    "Two of the parcels landed on the streets of the old town.",
    "He was the first to report the fault.",
]


@pytest.mark.parametrize("sentence,anchor,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sentence(sentence, anchor, expected):
    found = [(t.text, t.type, t.value) for t in find_timexes(sentence, anchor)]
    assert found == expected


@pytest.mark.parametrize("sentence", NONE)
def test_no_time_expression(sentence):
    assert find_timexes(sentence, SUNDAY) == ()


@pytest.mark.parametrize("sentence,anchor,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_values_are_well_formed_timex3(sentence, anchor, expected):
    for t in find_timexes(sentence, anchor):
        assert timex_value_ok(t.type, t.value), (t.type, t.value)


def test_extents_are_exact_substrings():
    text = "".join(c[0] + "\n\n" for c in CASES)
    for t in find_timexes(text, SUNDAY):
        assert text[t.start:t.end] == t.text
        assert t.text == t.text.strip()


@pytest.mark.parametrize("phrase,expected", [
    ("Saturday", ("DATE", "2021-10-30")),
    ("on Saturday", ("DATE", "2021-10-30")),
    ("the past 18 months", ("DURATION", "P18M")),
    ("July", ("DATE", "2021-07")),
    ("2006", ("DATE", "2006")),
    ("the end of this year", ("DATE", "2021")),
    ("October last year", ("DATE", "2020-10")),
    ("annual", ("SET", "P1Y")),
    ("9:58 AM", ("TIME", "2021-10-31T09:58")),
    ("October 31, 2021, 9:58 AM", ("TIME", "2021-10-31T09:58")),
    ("almost three years", ("DURATION", "P3Y")),
    ("this week", ("DATE", "2021-W43")),
    ("Lenora", None),
])
def test_normalise_a_given_phrase(phrase, expected):
    """Spans found by another recogniser (spaCy) are valued without the cue requirements."""
    assert normalise_timex(phrase, SUNDAY) == expected


def test_a_clock_time_given_alone_takes_the_day_its_sentence_names():
    text = "The ship left on Tuesday and docked at 18:00 UTC. It sailed again at 18:00 UTC."
    first, second = (text.index("18:00"), text.index("18:00", text.index("18:00") + 1))
    assert TimexTagger(text, SUNDAY).normalise(first, first + 9).value == "2021-10-26T18:00Z"
    assert TimexTagger(text, SUNDAY).normalise(second, second + 9).value == "2021-10-31T18:00Z"


def test_without_anchor_relative_values_are_unknown():
    found = {t.text: t.value for t in find_timexes("On Saturday, in 2006 and last year, on January 7, 2020.", None)}
    assert found == {"Saturday": None, "2006": "2006", "last year": None, "January 7, 2020": "2020-01-07"}
    assert parse_anchor("unknown") is None and parse_anchor("2021-02-30") is None


def test_impossible_dates_are_rejected():
    assert [t.text for t in find_timexes("It happened on February 30, 2021.", SUNDAY)] == []


def test_normalise_keeps_the_given_span():
    text = "Rockets hit the city late on Saturday."
    start = text.index("Saturday")
    span = TimexTagger(text, SUNDAY).normalise(start, start + len("Saturday"))
    assert (span.start, span.end, span.text, span.type, span.value) == (start, start + 8, "Saturday", "DATE",
                                                                        "2021-10-30")


WORDS = st.sampled_from(["on", "in", "last", "next", "this", "Saturday", "July", "2017", "18", "months", "the", "past",
                         "late", "daily", "ago", "three", "years", "9:58", "AM", ",", "October", "31", "week", "end",
                         "of", "year", "every", "Monday", "parcels", "Lyon", "May", "mid-2009", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=25), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
def test_any_text_gives_ordered_exact_well_formed_spans(words, anchor):
    text = " ".join(words)
    spans = find_timexes(text, anchor)
    previous_end = 0
    for t in spans:
        assert previous_end <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.value is not None and timex_value_ok(t.type, t.value), (text, t)
        previous_end = t.end


@pytest.mark.parametrize("phrase,anchor", [("2009 years ago", "2000-01-01"), ("2009 year ago", "2000-01-01"),
                                           ("99999999 days ago", "2021-10-31"), ("99999999 weeks ago", "2021-10-31"),
                                           ("99999999 months ago", "2021-10-31"), ("next year", "9999-06-01")])
def test_values_beyond_year_0000_or_9999_are_never_malformed(phrase, anchor):
    found = normalise_timex(phrase, anchor)
    assert found is None or found[1] is None or timex_value_ok(*found), found


def test_an_unrepresentable_past_is_past_ref():
    assert normalise_timex("2009 years ago", "2000-01-01") == ("DATE", "PAST_REF")
