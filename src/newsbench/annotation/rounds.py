"""An annotation round per document, and each document's stage in it (``newsbench status``).

A round's records live in ``corpus/rounds/<doc_id>/``: ``preannotation.json`` (the tasks ``newsbench preannotate``
made), ``passes.json`` (who made each pass in ``corpus/annotations/<doc_id>/``, written by
``newsbench ls import --passes``), ``agreement.json`` (``newsbench agree ... -o``) and ``adjudication/``
(``newsbench adjudicate ... -o``: the disagreement report and, once decided, the merged document).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import corpus_dir
from ..validate import gold_paths, read_json_file

ROUNDS = "rounds"
PREANNOTATION = "preannotation.json"
PASSES = "passes.json"
AGREEMENT = "agreement.json"
ADJUDICATION = "adjudication"
STAGES = ("ingested", "pre-annotated", "annotated", "agreement", "adjudicated", "in gold")


def round_dir(doc_id: str, corpus: Path | None = None) -> Path:
    """The folder of one document's annotation round."""
    return (corpus or corpus_dir()) / ROUNDS / doc_id


@dataclass(frozen=True)
class DocumentStatus:
    """How far one document has come: seed, pre-annotation, passes, agreement, adjudication, gold split."""

    doc_id: str
    seed: bool
    preannotated: bool
    passes: tuple[str, ...]
    """Annotators (or pass file stems) of corpus/annotations/<doc_id>/pass-*.json."""
    agreement: bool
    adjudicated: bool
    split: str | None
    """The split of its gold document; None while it is not in the gold."""

    @property
    def stage(self) -> str:
        """The furthest stage reached (two passes make "annotated")."""
        reached = [self.seed, self.preannotated, len(self.passes) >= 2, self.agreement, self.adjudicated,
                   self.split is not None]
        return next((STAGES[i] for i in reversed(range(len(STAGES))) if reached[i]), "none")


def document_status(corpus: Path | None = None) -> list[DocumentStatus]:
    """Every document the corpus knows of (seeds, passes, rounds, gold), in doc id order."""
    corpus = corpus or corpus_dir()
    ids = {p.stem for p in (corpus / "seeds").glob("*.txt")} | {p.stem for p in gold_paths(corpus / "gold")}
    ids |= {p.name for p in (corpus / "annotations").glob("*") if p.is_dir()}
    ids |= {p.name for p in (corpus / ROUNDS).glob("*") if p.is_dir()}
    data, _ = read_json_file(corpus / "splits.json")
    splits: dict[str, Any] = (data["splits"] if isinstance(data, dict) and isinstance(data.get("splits"), dict)
                              else {})
    split_of = {d: name for name, listed in splits.items() if isinstance(listed, list) for d in listed}
    out = []
    for doc_id in sorted(ids):
        rd = round_dir(doc_id, corpus)
        passes = tuple(p.stem.removeprefix("pass-")
                       for p in sorted((corpus / "annotations" / doc_id).glob("pass-*.json")))
        in_gold = (corpus / "gold" / f"{doc_id}.json").is_file()
        out.append(DocumentStatus(
            doc_id=doc_id, seed=(corpus / "seeds" / f"{doc_id}.txt").is_file(),
            preannotated=(rd / PREANNOTATION).is_file(), passes=passes, agreement=(rd / AGREEMENT).is_file(),
            adjudicated=(rd / ADJUDICATION / f"{doc_id}.json").is_file(),
            split=split_of.get(doc_id, "unlisted") if in_gold else None))
    return out


def status_table(rows: list[DocumentStatus]) -> str:
    """The status rows as an aligned text table."""
    mark = lambda ok: "yes" if ok else "-"  # noqa: E731
    header = ("document", "stage", "seed", "pre-annotated", "passes", "agreement", "adjudicated", "gold split")
    body = [(r.doc_id, r.stage, mark(r.seed), mark(r.preannotated), ", ".join(r.passes) or "-", mark(r.agreement),
             mark(r.adjudicated), r.split or "-") for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *body, strict=True)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip()
                     for line in (header, *body))
