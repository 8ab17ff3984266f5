"""Check ids of the exporters, the brat importer and ``submission-from``: problems stop a conversion; notes
count what a format could not carry (every item is either carried or counted, never silently dropped)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..validate import Problem

INTEROP_CHECKS: dict[str, str] = {
    "interop-input-malformed": "problem: a line or file is not in the format named (bad JSON line, column line, "
                               "annotation line, DocBin bytes)",
    "interop-unknown-doc": "problem: a document of the input is not a document of the gold",
    "interop-token-unaligned": "problem: a token of the input is not the next piece of its gold document's text",
    "interop-span-invalid": "problem: a span (token range or offsets) is empty, reversed or outside its sentence or text",
    "interop-reference-dangling": "problem: an argument, relation or note names an annotation that does not exist",
    "interop-text-mismatch": "problem: a text carried by the input (brat .txt, DocBin) differs from the gold text",
    "interop-type-missing": "problem: a CoNLL-2012 mention has no entity type (no bracket in the named-entity "
                            "column, none in its cluster) and no --default-type was given",
    "interop-extra-missing": "problem: the format needs an extra that is not installed (docbin: spaCy, the "
                             "baselines extra)",
    "interop-output-invalid": "problem: the output path is not a regular file (a folder for brat) and is not replaced",
    "not-carried-layer": "note: the format has no place for a layer; its items are counted, not written",
    "not-carried-label": "note: a label of the input maps to no newsbench label; the item is counted, not converted",
    "not-carried-span": "note: a span or item the target cannot hold (discontinuous brat fragments, a CoNLL-2012 "
                        "mention crossing another of its entity, a brat toponym without coordinates); counted",
}


def interop_problem(check: str, file: str, doc_id: str | None, pointer: str, message: str) -> Problem:
    assert check in INTEROP_CHECKS, check
    return Problem(check, file, doc_id, pointer, message)


@dataclass
class Conversion:
    """What a conversion found: problems (the output is not written) and notes, counted per (check id, detail)."""

    problems: list[Problem] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)

    def note(self, check: str, detail: str, n: int = 1) -> None:
        assert check in INTEROP_CHECKS and check.startswith("not-carried"), check
        if n:
            self.notes[(check, detail)] += n

    def note_lines(self) -> list[str]:
        return [f"note: {n} x {check}: {detail}" for (check, detail), n in sorted(self.notes.items())]
