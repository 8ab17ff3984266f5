"""newsbench.text: the one-pass tokenisation gives exactly the tokens of tokenising piece by piece."""

import random

from newsbench.text import Token, sentence_token_ranges, split_sentences, token_offsets, tokenize

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
