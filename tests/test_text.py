"""newsbench.text: the one-pass tokenisation gives exactly the tokens of tokenising piece by piece; word boundaries
and sentence cuts."""

import random
import re
import string
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbench.text import (_ABBREVIATIONS, Token, _ends_with_abbreviation, inside_word, no_cut_between,
                            no_offset_inside_word, sentence_cuts, sentence_token_ranges, split_sentences,
                            token_offsets, tokenize, word_around)

TRICKY = ["", " ", "\n\n", "U.S. officials said. Mr. Smith's car, 3,000.5 km.\nIran-backed ‘militia’ fired. 2 more",
          "x'sy 's. B", "Gen. W. Bush met. “Who?” he asked! (Then) left.\r\nNew line\u2028same para"]


def random_texts(n: int = 3000) -> list[str]:
    rnd = random.Random(7)
    alphabet = list("ab AB.!?\n\"'’”)([“‘0123,-/ \t\u2028é") + ["U.S.", "Mr.", "Dr", "W.", "'s", "’s"]
    return TRICKY + ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(60))) for _ in range(n)]


def test_token_offsets_are_the_tokens_of_the_whole_text():
    for text in random_texts():
        starts, ends, words = token_offsets(text)
        assert list(zip(starts, ends, words, strict=True)) == list(tokenize(text))


def test_sentences_hold_the_tokens_of_their_piece_alone():
    for text in random_texts():
        sentences = split_sentences(text)
        assert [t for s in sentences for t in s.tokens] == list(tokenize(text))
        for s in sentences:
            assert s.tokens == tokenize(text, s.start, s.end)
            assert all(type(t) is Token and text[t.start:t.end] == t.text for t in s.tokens)
            assert (s.start, s.end) == (s.tokens[0].start, s.tokens[-1].end)
        starts, ends, _, ranges = sentence_token_ranges(text)
        assert [(starts[i], ends[j - 1]) for i, j in ranges] == [(s.start, s.end) for s in sentences]


WORDY = st.text(st.sampled_from("ab9Zé\u0301\u0915\u093f -’'./_?"), max_size=12)


@settings(max_examples=1500, deadline=None, database=None)
@given(WORDY, st.lists(st.integers(-3, 15), max_size=6))
def test_the_column_check_of_word_boundaries_is_the_per_offset_one(text, offsets):
    """Out-of-range offsets are inside no word; a combining mark (U+0301, Devanagari's vowel sign) is a word
    character; an underscore is not."""
    assert no_offset_inside_word(text, offsets) == (not any(inside_word(text, b) for b in offsets))
    for b in offsets:
        if 0 <= b <= len(text):
            start, end = word_around(text, b)
            assert start <= b <= end and not inside_word(text, start) and not inside_word(text, end)


def test_word_boundaries_at_hyphens_possessives_and_abbreviations():
    text = "U.S.-led Baghdad’s 1990s in_x"
    assert [b for b in range(len(text) + 1) if not inside_word(text, b)] == [
        0, 1, 2, 3, 4, 5, 8, 9, 16, 17, 18, 19, 24, 25, 27, 28, 29]


def test_a_sentence_cut_separates_exactly_the_sentences():
    for text in random_texts(500):
        cuts = sentence_cuts(text)
        for s in split_sentences(text):
            assert len({bisect_right(cuts, t.start) for t in s.tokens}) == 1
        pieces = [bisect_right(cuts, s.start) for s in split_sentences(text)]
        assert pieces == sorted(set(pieces))


# The rule as first written, one paragraph at a time and a Python check per full stop: the one-pass regex must cut
# exactly there.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


def _cuts_per_paragraph(text: str) -> list[int]:
    cuts: list[int] = []
    for para in re.finditer(r"[^\n]+", text):
        cuts.extend(m.end() for m in _END.finditer(text, para.start(), para.end())
                    if not (text[m.start()] == "." and _ends_with_abbreviation(text, m.start())))
        cuts.append(para.end())
    return cuts


PIECES = ["Mr", "Mrs", "Sept", "XSept", "Corp", "etc", "vs", "W", "É", "é", "Ⅰ", "ǅ", "1", "_", "a", "No", "St.", ".",
          ". ", " ", "\n", "\n.", "\u2028", "\t", "!", "?", "’", ")", "“", "A", "Z", "0"]
ABBREVIATED = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


@settings(max_examples=1500, deadline=None, database=None)
@given(ABBREVIATED)
def test_the_one_pass_sentence_cuts_are_the_per_paragraph_ones(text):
    """Abbreviations, initials (ASCII or not), a full stop opening a line, a line separator that is no line break."""
    assert sentence_cuts(text) == _cuts_per_paragraph(text)


EDGES = ["Mr\n. Next", "XSept\n. A", "ab\n. C", "A\n. B", "É. Bush", "Ⅰ. A", "ǅ. A", "éMr. A", "1Mr. A", "_W. A",
         "Mr.) Smith", "Mr.. X", "No. 5", "St. Louis", "etc. The", "Corp.\u2028A", "Corp.\nA", "x.\tY", "x.  “Y"]


def test_the_sentence_cuts_of_random_texts_are_the_per_paragraph_ones():
    every = [f"{w}{stop} A" for w in [*_ABBREVIATIONS, *string.ascii_letters, "Ab", "Mrs_"] for stop in (".", "!")]
    texts = EDGES + every + random_texts()
    assert [sentence_cuts(t) for t in texts] == [_cuts_per_paragraph(t) for t in texts]


@settings(max_examples=1500, deadline=None, database=None)
@given(ABBREVIATED, st.lists(st.tuples(st.integers(-2, 80), st.integers(-2, 80)), min_size=1, max_size=4))
def test_no_cut_between_never_hides_a_cut(text, pairs):
    """What the validator's argument-scope check trusts without splitting the text: a pair it passes lies in one
    piece of :func:`sentence_cuts` (a pair it fails may too: then the cuts decide)."""
    lows, highs = [lo for lo, _ in pairs], [hi for _, hi in pairs]
    if no_cut_between(text, lows, highs):
        cuts = sentence_cuts(text)
        assert all(bisect_right(cuts, lo) == bisect_right(cuts, hi) for lo, hi in pairs)


def test_no_cut_between_passes_pairs_inside_a_sentence_and_fails_across_one():
    text = "Mr. Smith said “Go.” Then he left.\nNext line here."
    assert no_cut_between(text, [4, 21], [14, 29])  # "Smith said", "Then he"
    assert no_cut_between(text, [], [])
    for lo, hi in [(0, 4), (15, 21), (19, 22), (30, 36), (-1, 3), (40, len(text))]:
        assert not no_cut_between(text, [4, lo], [14, hi]), (lo, hi)  # a stop, a closer, a line break, outside
    cuts = sentence_cuts(text)
    assert bisect_right(cuts, 19) != bisect_right(cuts, 22)  # the closer's pair does cross a cut (after “Go.”)
