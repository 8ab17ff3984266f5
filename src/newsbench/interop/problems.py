"""Check ids of the exporters, the brat importer and ``submission-from``: problems stop a conversion; notes
count what a format could not carry (every item is either carried or counted, never silently dropped)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..problems import Problem, UnregisteredCheckError, family_checks, problem, registered

INTEROP_CHECKS: dict[str, str] = family_checks("interop")


def interop_problem(check: str, file: str, doc_id: str | None, pointer: str, message: str) -> Problem:
    """A problem of the ``interop`` family (any other id is refused)."""
    return problem(check, file, doc_id, pointer, message, family="interop")


@dataclass
class Conversion:
    """What a conversion found: problems (the output is not written) and notes, counted per (check id, detail)."""

    problems: list[Problem] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)

    def note(self, check: str, detail: str, n: int = 1) -> None:
        """Count ``n`` items not carried, under an ``interop`` note id and a detail (the format, the label...)."""
        if registered(check, family="interop").severity != "note":
            raise UnregisteredCheckError(f"check id {check!r} is not a note")
        if n:
            self.notes[(check, detail)] += n

    def note_lines(self) -> list[str]:
        """One line per (note id, detail): ``note: N x CHECK: DETAIL``."""
        return [f"note: {n} x {check}: {detail}" for (check, detail), n in sorted(self.notes.items())]
