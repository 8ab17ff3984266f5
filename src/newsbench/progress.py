"""Progress bars on long work (tqdm), drawn on stderr only when it is a terminal and not in CI.

In a pipe, a file, a CI log or a test the commands print exactly what they printed without bars. A bar is removed
when its work ends, so a finished command's output is the same either way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tqdm import tqdm

T = TypeVar("T")


def enabled() -> bool:
    """True when stderr is a terminal and the environment is not CI (some CI runners give jobs a terminal)."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced by an object without isatty, or closed
        return False


def _bar(what: str, total: int | None, unit: str, items: Iterable | None = None) -> tqdm:
    from tqdm import tqdm  # deferred: a bar is drawn only on a terminal (tqdm's import reads package metadata)

    return tqdm(items, desc=what, total=total, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True,
                mininterval=0.2)


def track(items: Iterable[T], what: str, *, total: int | None = None, unit: str = "doc") -> Iterator[T]:
    """``items``, one by one, with a bar named ``what`` (``total``: the count, when ``items`` has no length)."""
    if not enabled():
        yield from items
        return
    with _bar(what, total, unit, items) as bar:
        yield from bar


def _ignore(n: int = 1) -> None:
    """What a bar that is not drawn does when advanced."""


@contextmanager
def counter(what: str, *, total: int | None = None, unit: str = "doc") -> Iterator[Callable[[int], object]]:
    """A bar advanced by hand: ``with counter("build", total=n) as advance: ... advance(k)``."""
    if not enabled():
        yield _ignore
        return
    with _bar(what, total, unit) as bar:
        yield bar.update
