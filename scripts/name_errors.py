"""Name errors of the text-reading baselines on GUM news and MEANTIME, by class, counted as `bio/strict_head` counts.

    .venv/bin/python scripts/name_errors.py [--systems rules spacy-sm] [--corpora gum-news meantime]
        [--half tuning|held-out|all] [--list]

The chunks are the scorer's (`bio/strict_head`: the gold names' heads, and each predicted name mapped to the head
of the gold name it head-matches). A predicted chunk that is not a gold chunk is a *type confusion* when a gold
chunk has its tokens and another type, a *boundary* error when it overlaps a gold chunk left unmatched, else
*spurious*; a gold chunk left over is *missing*. The table gives the counts and, per type, the missing and the
spurious; ``--list`` prints each error (document, class, gold type -> predicted type, the words) for reading: use it
on the tuning half only (``baselines.development.halves``). Nothing of the corpus is written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable

from newsbench.baselines import development
from newsbench.evaluation.matching import GoldDocument, bio_chunks, head_mapped
from newsbench.model import Document, SubmissionDocument
from newsbench.ontology import load_ontology
from newsbench.paths import require_development_corpora

Chunk = tuple[int, int, int, str]
CLASSES = ("tp", "fp", "fn", "type confusions", "boundary", "missing", "spurious")


def classify(gold: set[Chunk], pred: set[Chunk]) -> list[tuple[str, Chunk | None, Chunk | None]]:
    """(class, gold chunk, predicted chunk) of every chunk of one document: tp, type confusions, boundary, missing,
    spurious."""
    out: list[tuple[str, Chunk | None, Chunk | None]] = [("tp", c, c) for c in sorted(gold & pred)]
    left_gold = sorted(gold - pred)
    by_tokens = {c[:3]: c for c in left_gold}
    used: set[Chunk] = set()
    later = []
    for p in sorted(pred - gold):
        g = by_tokens.get(p[:3])
        if g is not None and g not in used:
            used.add(g)
            out.append(("type confusions", g, p))
        else:
            later.append(p)
    for p in later:
        g = next((g for g in left_gold if g not in used and g[0] == p[0] and g[1] < p[2] and p[1] < g[2]), None)
        if g is not None:
            used.add(g)
            out.append(("boundary", g, p))
        else:
            out.append(("spurious", None, p))
    out += [("missing", g, None) for g in left_gold if g not in used]
    return out


def document_errors(gold: Document, pred: SubmissionDocument) -> list[tuple[str, Chunk | None, Chunk | None]]:
    """The classified chunks of one document's predicted names."""
    gd = GoldDocument(gold, load_ontology())
    gold_chunks, _ = gd.bio_chunks
    names = [(m.start, m.end, m.type) for m in pred.mentions or () if m.level in (None, gd.ontology.name_level)]
    pred_chunks, _ = bio_chunks(gd.grid, head_mapped(gd, names))
    return classify(gold_chunks, pred_chunks)


def _offsets(gd: GoldDocument, c: Chunk) -> tuple[int, int]:
    base = gd.grid.first_token[c[0]]
    return gd.grid.starts[base + c[1]], gd.grid.ends[base + c[2] - 1]


def _words(gd: GoldDocument, c: Chunk) -> str:
    start, end = _offsets(gd, c)
    return gd.doc.text[start:end]


def _context(gd: GoldDocument, c: Chunk, width: int = 40) -> str:
    start, end = _offsets(gd, c)
    text = gd.doc.text
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
            submission = development.predict(system, part)
            counts: Counter[str] = Counter()
            kinds: Counter[tuple[str, str, str]] = Counter()
            for gold, pred in zip(part, submission.documents, strict=True):
                gd = GoldDocument(gold, load_ontology())
                for cls, g, p in document_errors(gold, pred):
                    counts[cls] += 1
                    kinds[(cls, g[3] if g else "-", p[3] if p else "-")] += 1
                    if args.list and cls != "tp":
                        shown = " / ".join(_words(gd, c) for c in (g, p) if c is not None)
                        print(f"{system}\t{gold.doc_id}\t{cls}\t{g[3] if g else '-'} -> {p[3] if p else '-'}\t"
                              f"{shown}\t{_context(gd, g or p)}")
            counts["fp"] = counts["type confusions"] + counts["boundary"] + counts["spurious"]
            counts["fn"] = counts["type confusions"] + counts["boundary"] + counts["missing"]
            rows.append((f"{system} / {corpus} {args.half}", counts))
            by_type.append(f"{system} / {corpus} {args.half}: " + ", ".join(
                f"{cls} {g}->{p} {n}" for (cls, g, p), n in sorted(kinds.items(), key=lambda x: -x[1])
                if cls != "tp"))
    print("\n".join(table(rows)))
    print("\n".join(by_type))
    return 0


if __name__ == "__main__":
    sys.exit(main())
