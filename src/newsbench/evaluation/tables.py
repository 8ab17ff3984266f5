"""Plain-text tables of the evaluation CLI (``score``, ``compare``, ``leaderboard``): one number format and one
column alignment for all of them. Rendering only: every number comes from a result file."""

from __future__ import annotations

from collections.abc import Sequence

from .spec import HIGHER, KM, LOWER

DIRECTION_MARKS = {HIGHER: "↑", LOWER: "↓"}
"""The mark beside a metric: a higher (↑) or a lower (↓) value is better."""


def format_value(value: float | None, unit: str, signed: bool = False) -> str:
    """A metric's value as every table shows it: kilometres to 0.1, shares to 4 decimals; None as ``—``."""
    if value is None:
        return "—"
    digits = 1 if unit == KM else 4
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def format_count(value: float) -> str:
    """A count as tables show it: integers as they are, fractional counts (coreference) to 4 significant digits."""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def aligned(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows of cells as lines of aligned columns (two spaces between columns; ``right`` per column)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right, strict=False)).rstrip()
            for row in rows]
