"""Name errors of the text-reading baselines on GUM news and MEANTIME, by class, counted as `bio/strict_head` counts.

    .venv/bin/python scripts/name_errors.py [--systems rules spacy-sm] [--corpora gum-news meantime]
        [--half tuning|held-out|all] [--list]

The chunks are the scorer's (`bio/strict_head`: the gold names' heads, and each predicted name mapped to the head
of the gold name it head-matches), as character spans (start, end, type) of their tokens, classified by the scorer's
own span categories (`newsbench.evaluation.matching`: `schema_categories` counts, `align` pairs) under its `exact`
schema: a predicted chunk with a gold chunk's span and another type is a *type confusion*, one overlapping a gold
chunk otherwise a *boundary* error, else *spurious*; a gold chunk left over is *missing*; `strict` correct ones are
the tp. The table gives the counts and, per type, the missing and the spurious; ``--list`` prints each error
(document, class, gold type -> predicted type, the words) for reading: use it on the tuning half only
(``baselines.development.halves``). Nothing of the corpus is written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable

from newsbench.baselines import development
from newsbench.evaluation.matching import GoldDocument, align, bio_chunks, head_mapped, schema_categories
from newsbench.model import Document, SubmissionDocument
from newsbench.ontology import load_ontology
from newsbench.paths import require_development_corpora

Span = tuple[int, int, str]
"""A chunk as the character span of its tokens and its type."""
CLASSES = ("tp", "fp", "fn", "type confusions", "boundary", "missing", "spurious")


def counts(gold: set[Span], pred: set[Span]) -> Counter[str]:
    """The counts of each class, from the scorer's categories (``schema_categories``: strict and exact)."""
    found = schema_categories(gold, pred).overall
    strict, exact = found["strict"], found["exact"]
    c: Counter[str] = Counter({"tp": strict.correct, "type confusions": exact.correct - strict.correct,
                               "boundary": exact.incorrect, "missing": exact.missed, "spurious": exact.spurious})
    c["fp"] = c["type confusions"] + c["boundary"] + c["spurious"]
    c["fn"] = c["type confusions"] + c["boundary"] + c["missing"]
    return c


def classify(gold: set[Span], pred: set[Span]) -> list[tuple[str, Span | None, Span | None]]:
    """(class, gold chunk, predicted chunk) of every chunk of one document, from the scorer's ``exact`` alignment:
    tp, type confusions, boundary, missing, spurious."""
    a = align(gold, pred, "exact")
    out: list[tuple[str, Span | None, Span | None]] = [
        ("tp" if g[2] == p[2] else "type confusions", g, p) for g, p in a.correct]
    out += [("boundary", g, p) for g, p in a.incorrect]
    out += [("missing", g, None) for g in a.missed]
    out += [("spurious", None, p) for p in a.spurious]
    return out


def _spans(gd: GoldDocument, chunks: set[tuple[int, int, int, str]]) -> set[Span]:
    """Token chunks (sentence, first token, last token + 1, type) as the character spans of their tokens."""
    grid = gd.grid
    return {(grid.starts[grid.first_token[s] + i], grid.ends[grid.first_token[s] + j - 1], t) for s, i, j, t in chunks}


def document_chunks(gold: Document, pred: SubmissionDocument) -> tuple[set[Span], set[Span]]:
    """One document's gold and predicted `bio/strict_head` chunks, as spans."""
    gd = GoldDocument(gold, load_ontology())
    gold_chunks, _ = gd.bio_chunks
    names = [(m.start, m.end, m.type) for m in pred.mentions or () if m.level in (None, gd.ontology.name_level)]
    pred_chunks, _ = bio_chunks(gd.grid, head_mapped(gd, names))
    return _spans(gd, gold_chunks), _spans(gd, pred_chunks)


def _context(text: str, c: Span, width: int = 40) -> str:
    start, end = c[0], c[1]
    return " ".join(f"{text[max(0, start - width):start]}[{text[start:end]}]{text[end:end + width]}".split())


def table(rows: Iterable[tuple[str, Counter[str]]]) -> list[str]:
    """The markdown rows of the counts table."""
    lines = ["| system / part | " + " | ".join(CLASSES) + " |", "|---|" + "---:|" * len(CLASSES)]
    for label, c in rows:
        lines.append(f"| {label} | " + " | ".join(str(c[k]) for k in CLASSES) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", nargs="+", default=["rules", "spacy-sm"])
    parser.add_argument("--corpora", nargs="+", default=["gum-news", "meantime"], choices=["gum-news", "meantime"])
    parser.add_argument("--half", choices=("tuning", "held-out", "all"), default="tuning")
    parser.add_argument("--list", action="store_true", help="print every error (for the tuning half)")
    args = parser.parse_args(argv)
    root = require_development_corpora()
    rows: list[tuple[str, Counter[str]]] = []
    by_type: list[str] = []
    for corpus in args.corpora:
        docs = development.load_corpus(development.DEV_CORPORA[corpus], root)
        tune, held = development.halves(docs)
        part = {"tuning": tune, "held-out": held, "all": docs}[args.half]
        for system in args.systems:
            submission = development.predict(system, part, development.DEV_CORPORA[corpus])
            total: Counter[str] = Counter()
            kinds: Counter[tuple[str, str, str]] = Counter()
            for gold, pred in zip(part, submission.documents, strict=True):
                gold_spans, pred_spans = document_chunks(gold, pred)
                total += counts(gold_spans, pred_spans)
                for cls, g, p in classify(gold_spans, pred_spans):
                    kinds[(cls, g[2] if g else "-", p[2] if p else "-")] += 1
                    if args.list and cls != "tp":
                        shown = " / ".join(gold.text[c[0]:c[1]] for c in (g, p) if c is not None)
                        print(f"{system}\t{gold.doc_id}\t{cls}\t{g[2] if g else '-'} -> {p[2] if p else '-'}\t"
                              f"{shown}\t{_context(gold.text, g or p)}")
            rows.append((f"{system} / {corpus} {args.half}", total))
            by_type.append(f"{system} / {corpus} {args.half}: " + ", ".join(
                f"{cls} {g}->{p} {n}" for (cls, g, p), n in sorted(kinds.items(), key=lambda x: -x[1])
                if cls != "tp"))
    print("\n".join(table(rows)))
    print("\n".join(by_type))
    return 0


if __name__ == "__main__":
    sys.exit(main())
