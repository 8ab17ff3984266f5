"""Deterministic, offline sentence splitting and tokenisation with code-point offsets, and IOB2.

Every token and sentence is a half-open code-point span [start, end) of the document text, so that
``text[start:end]`` is exactly the token. No model is involved: the same text always gives the same tokens.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, itemgetter, le
from typing import NamedTuple
from collections.abc import Sequence

# One token: an abbreviation with inner dots (U.S.), a number with separators (3,000 / 2.5), a possessive
# clitic ('s, ’s), a run of letters/digits/underscore, or any other single non-space character.
# Hyphens and slashes are their own tokens so that "Iran-backed" exposes the name "Iran".
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|[’']s\b|\w+|\S", re.UNICODE)
# A line break that ends a paragraph always ends a sentence (see _SENTENCE_END_IN_TEXT for the others).
_PARAGRAPH = re.compile(r"[^\n]+")
# Tokens after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Maj", "Rep",
                            "Sen", "Gov", "St", "Jr", "Sr", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
                            "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "etc", "Inc", "Ltd", "Co", "Corp"})


class Token(NamedTuple):
    """A token [start, end) of the text. A named tuple rather than a dataclass: a document makes hundreds, and
    tuple construction is several times cheaper (tokenising dominates the build and the ``bio`` task)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence: its code-point extent and its tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]


def tokenize(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    return tuple(map(_token, _TOKEN.finditer(text, start, len(text) if end is None else end)))


def _token(match: re.Match[str]) -> Token:
    return Token(match.start(), match.end(), match.group())


# The token pattern as one capturing group: re.split then cuts the text into alternating gaps and tokens
# (gap, token, gap, ..., gap) at C speed, and each token's offsets are running sums of the parts' lengths. This
# is several times faster than a match object per token, which dominated the cost of tokenising a corpus.
_TOKEN_PARTS = re.compile(f"({_TOKEN.pattern})", re.UNICODE)


def token_offsets(text: str) -> tuple[list[int], list[int], list[str]]:
    """The starts, ends and texts of the tokens of the whole ``text``: the same tokens as ``tokenize(text)``."""
    parts = _TOKEN_PARTS.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    # token k is parts[2k + 1]: it starts at offsets[2k + 1] and ends at offsets[2k + 2]
    return offsets[1:-1:2], offsets[2::2], parts[1::2]


_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))
_LAST_WORD = re.compile(r"(\w+)$")


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    # Only the word before the dot matters: look at a window one longer than the longest abbreviation, so that
    # a longer word ending in an abbreviation's letters is seen as longer (and the scan does not grow with the text).
    word = _LAST_WORD.search(text[max(0, dot - _LONGEST_ABBREVIATION - 1):dot])
    if word is None:
        return False
    w = word.group(1)
    return w in _ABBREVIATIONS or (len(w) == 1 and w.isupper())  # initials: "George W. Bush"


# A sentence ends after . ! ? (and any closing quotes/brackets) followed by space (not a line break) and an upper-case
# letter, a digit or an opening quote, but not at a full stop after an abbreviation or an initial. The regex judges
# those after an ASCII letter; _ends_with_abbreviation the rest (after a non-ASCII character, or opening a line).
# One pass over the whole text: no Python call per sentence end.
_ABBREVIATION_BEFORE = "".join(f"(?<!\\b(?:{'|'.join(sorted(w for w in _ABBREVIATIONS if len(w) == n))})\\.)"
                               for n in sorted(set(map(len, _ABBREVIATIONS))))
# (the lookbehinds after the stop: a pattern whose every branch starts with a character is searched for that
# character at C speed)
# What may close a sentence after its stop (quotes, brackets): a sentence end is a stop, then these.
_CLOSERS = "\"'”’)]"
_CLOSER_SET = frozenset(_CLOSERS)
_SENTENCE_END_IN_TEXT = re.compile(r"(?:[!?]|\.(?<!\b[A-Z]\.)" + _ABBREVIATION_BEFORE + r")[" + re.escape(_CLOSERS) +
                                   r"]*(?=[^\S\n]+[\"“‘(\[]?[A-Z0-9])")


def sentence_cuts(text: str) -> list[int]:
    """Where the pieces of the text that may hold a sentence end, in order: after each sentence end and at the
    end of each line. A cut is followed by white space (or the end of the text), so the code point at offset ``i``
    (not a space) lies in the sentence of piece ``bisect_right(cuts, i)``."""
    found = _SENTENCE_END_IN_TEXT.finditer(text)
    if text.isascii() and "\n." not in text:
        ends = [m.end() for m in found]
    else:
        ends = [m.end() for m in found if not _abbreviation_left(text, m.start())]
    return sorted(ends + [m.end() for m in _PARAGRAPH.finditer(text)])


# What every cut of sentence_cuts lies at or just after: a stop (a sentence end's first character) or a line break.
_CUT_MARK = re.compile(r"[.!?\n]")


def no_cut_between(text: str, lows: Sequence[int], highs: Sequence[int]) -> bool:
    """True when no cut of :func:`sentence_cuts` lies in ``(low, high]`` for any pair of ``lows`` and ``highs`` (code
    points of the text: each pair in one piece), judged without splitting the text: False where that cannot be told
    so cheaply (a pair around a stop or a line break, or out of the text), not that a cut is there.

    A cut ``c`` in ``(low, high]`` is the end of a run ``[s, c)`` of a stop and closers (then ``text[s]`` is a stop
    in ``text[low:high]``, or ``s < low`` and ``text[low]`` is a closer) or of a line (then ``text[c]`` is a line
    break, or ``c`` is the text's end, beyond every ``high`` here)."""
    if not lows:
        return True
    if min(lows) < 0 or max(highs) >= len(text) or not all(map(le, lows, highs)):
        return False
    if not _CLOSER_SET.isdisjoint(map(text.__getitem__, lows)):
        return False
    return not any(map(_CUT_MARK.search, repeat(text), lows, map(add, highs, repeat(1))))


def _abbreviation_left(text: str, at: int) -> bool:
    """A full stop at ``at`` after an abbreviation that the regex could not judge (see above)."""
    return (text[at] == "." and at > 0 and (text[at - 1] == "\n" or not text[at - 1].isascii())
            and _ends_with_abbreviation(text, at))


def sentence_token_ranges(text: str) -> tuple[list[int], list[int], list[str], list[tuple[int, int]]]:
    """The tokens of ``text`` (as :func:`token_offsets`) and, per sentence, the range [i, j) of its tokens: the
    sentences of :func:`split_sentences` without making a Token per token.

    The text is tokenised once, not piece by piece: no token holds white space, so none runs over a cut, and
    tokenising a piece alone gives exactly the whole text's tokens inside it."""
    starts, ends, words = token_offsets(text)
    ranges = []
    i = 0
    for cut in sentence_cuts(text):
        j = bisect_left(starts, cut, i)
        if j > i:
            ranges.append((i, j))
        i = j
    return starts, ends, words, ranges


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences (trimmed, non-empty) of every line of ``text``, in order."""
    starts, ends, words, ranges = sentence_token_ranges(text)
    return tuple(Sentence(starts[i], ends[j - 1], tuple(map(Token, starts[i:j], ends[i:j], words[i:j])))
                 for i, j in ranges)


def _word_character(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def inside_word(text: str, offset: int) -> bool:
    """Whether ``offset`` falls strictly inside a word of ``text``: between two word characters, each a letter, a
    digit or a combining mark (GUIDELINES 1.1; a hyphen, an apostrophe, a full stop or a space ends a word)."""
    return 0 < offset < len(text) and _word_character(text[offset - 1]) and _word_character(text[offset])


def word_around(text: str, offset: int) -> tuple[int, int]:
    """The run [start, end) of word characters (see :func:`inside_word`) that holds ``offset``."""
    start, end = offset, offset
    while start > 0 and _word_character(text[start - 1]):
        start -= 1
    while end < len(text) and _word_character(text[end]):
        end += 1
    return start, end


# Each code point of a text as one byte (non-ASCII as "?", :func:`no_offset_inside_word`): 3 for an ASCII letter or
# digit, 1 for what only a per-character look can judge (a non-ASCII character; "?" itself), 0 for the rest.
_WORD_KINDS = bytes(3 if chr(b).isalnum() else 1 if b == ord("?") else 0 for b in range(128)) + bytes(128)


def no_offset_inside_word(text: str, offsets: Sequence[int]) -> bool:
    """No offset of ``offsets`` is :func:`inside_word` of ``text``: the kinds (_WORD_KINDS) of the characters left
    and right of every offset are picked as two byte strings in one call each; only offsets with a non-ASCII
    character on one side and a word character on the other are looked at one by one."""
    if not offsets:
        return True
    if min(offsets) < 0 or max(offsets) > len(text):
        return not any(map(inside_word, repeat(text), offsets))
    kinds = text.encode("ascii", "replace").translate(_WORD_KINDS)  # one byte per code point
    pick = itemgetter(0, *offsets)  # offset 0 first: never inside a word, and the pick is always a tuple
    left, right = bytes(pick(b"\0" + kinds)), bytes(pick(kinds + b"\0"))
    if not int.from_bytes(left, "big") & int.from_bytes(right, "big"):
        return True  # at every offset one side is neither a letter, nor a digit, nor non-ASCII
    return not any(inside_word(text, at) for at, a, b in zip(offsets, left[1:], right[1:], strict=True) if a & b)


def token_span(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Token indices [i, j) exactly covering the code-point span [start, end), or None if it cuts a token."""
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    if start in starts and end in ends and starts[start] <= ends[end]:
        return starts[start], ends[end] + 1
    return None


def iob2_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans (i, j, label) of strict IOB2 tags: an I- tag continues only a span of its own label;
    a stray I- (after O or another label) is not an entity, as in seqeval's strict mode."""
    spans: list[tuple[int, int, str]] = []
    open_start, open_label = 0, None
    for k, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if open_label is not None and not (prefix == "I" and label == open_label):
            spans.append((open_start, k, open_label))
            open_label = None
        if prefix == "B":
            open_start, open_label = k, label
    return spans
