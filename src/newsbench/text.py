"""Deterministic, offline sentence splitting and tokenisation with code-point offsets, and IOB2.

Every token and sentence is a half-open code-point span [start, end) of the document text, so that
``text[start:end]`` is exactly the token. No model is involved: the same text always gives the same tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

# One token: an abbreviation with inner dots (U.S.), a number with separators (3,000 / 2.5), a possessive
# clitic ('s, ’s), a run of letters/digits/underscore, or any other single non-space character.
# Hyphens and slashes are their own tokens so that "Iran-backed" exposes the name "Iran".
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|[’']s\b|\w+|\S", re.UNICODE)
# A sentence ends after . ! ? (and any closing quotes/brackets) followed by space and an upper-case
# letter, a digit or an opening quote; a line break that ends a paragraph always ends a sentence.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
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
    start: int
    end: int
    tokens: tuple[Token, ...]


def tokenize(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    return tuple(map(_token, _TOKEN.finditer(text, start, len(text) if end is None else end)))


def _token(match: re.Match[str]) -> Token:
    return Token(match.start(), match.end(), match.group())


_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    # Only the word before the dot matters: look at a window one longer than the longest abbreviation, so that
    # a longer word ending in an abbreviation's letters is seen as longer (and the scan does not grow with the text).
    word = re.search(r"(\w+)$", text[max(0, dot - _LONGEST_ABBREVIATION - 1):dot])
    if word is None:
        return False
    w = word.group(1)
    return w in _ABBREVIATIONS or (len(w) == 1 and w.isupper())  # initials: "George W. Bush"


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences (trimmed, non-empty) of every line of ``text``, in order."""
    out: list[Sentence] = []
    for para in _PARAGRAPH.finditer(text):
        cut = para.start()
        bounds = [m.end() for m in _SENTENCE_END.finditer(text, para.start(), para.end())
                  if not (text[m.start()] == "." and _ends_with_abbreviation(text, m.start()))]
        for stop in bounds + [para.end()]:
            tokens = tokenize(text, cut, stop)
            if tokens:
                out.append(Sentence(tokens[0].start, tokens[-1].end, tokens))
            cut = stop
    return tuple(out)


def token_span(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Token indices [i, j) exactly covering the code-point span [start, end), or None if it cuts a token."""
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    if start in starts and end in ends and starts[start] <= ends[end]:
        return starts[start], ends[end] + 1
    return None


def iob2_tags(n_tokens: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for non-overlapping token spans (i, j, label); overlapping spans raise ValueError."""
    tags = ["O"] * n_tokens
    for i, j, label in sorted(spans):
        if any(tag != "O" for tag in tags[i:j]):
            raise ValueError(f"span [{i}, {j}) {label} overlaps another span")
        tags[i] = f"B-{label}"
        for k in range(i + 1, j):
            tags[k] = f"I-{label}"
    return tags


def iob2_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans (i, j, label) of strict IOB2 tags: an I- tag continues only a span of its own label;
    a stray I- (after O or another label) is not an entity, as in seqeval's strict mode."""
    spans: list[tuple[int, int, str]] = []
    open_start, open_label = None, None
    for k, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        if open_label is not None and not (prefix == "I" and label == open_label):
            spans.append((open_start, k, open_label))
            open_start, open_label = None, None
        if prefix == "B":
            open_start, open_label = k, label
    return spans
