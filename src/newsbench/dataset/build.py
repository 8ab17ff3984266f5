"""``newsbench build`` and ``build --check``: the Parquet configs and the card, from the gold, all or nothing."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping

from .. import jsonio
from ..paths import corpus_dir as default_corpus_dir
from ..problems import Problem
from ..validate import InvalidInput
from .card import card_problems, render_readme
from .writer import write_data


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the Parquet files and the card, rows and documents per split, the notices."""

    files: tuple[Path, ...]
    """The Parquet files written, config by config within each split."""
    readme: Path
    rows: Mapping[str, Mapping[str, int]]
    """config -> split -> rows."""
    documents: Mapping[str, int]
    """split -> documents."""
    notices: tuple[Problem, ...]
    """Where the sentence-level configs could not carry an annotation exactly (see :mod:`newsbench.dataset`)."""


def _locations(corpus: Path | None, out: Path | None, readme: Path | None) -> tuple[Path, Path, Path]:
    corpus = Path(corpus) if corpus is not None else default_corpus_dir()
    out = Path(out) if out is not None else corpus / "data"
    readme = Path(readme) if readme is not None else corpus.parent / "README.md"
    return corpus, out, readme


def default_workers() -> int:
    """Worker processes for a build: the cores, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


def build(corpus_dir: Path | None = None, out_dir: Path | None = None, *, readme: Path | None = None,
          workers: int | None = None) -> BuildResult:
    """Build ``out_dir/<config>/<split>.parquet`` (default corpus/data) from ``corpus_dir`` (default corpus/)
    and regenerate the card's front matter and generated sections in ``readme`` (default README.md beside
    the corpus folder).

    Raises :class:`InvalidInput` with every problem (splits, gold documents, card markers) when the input is
    not valid; ``out_dir`` and the README are then left untouched. Otherwise the new data folder replaces
    the old one whole.
    """
    corpus, out, readme = _locations(corpus_dir, out_dir, readme)
    problems = card_problems(readme)
    if problems:
        raise InvalidInput(problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    with jsonio.replace_folder(out) as staging:  # corpus/data is the old or the new complete folder at every instant
        written = write_data(corpus, staging, workers or default_workers())
        text = render_readme(readme.read_text(encoding="utf-8"), written, out, readme)
    jsonio.write_text_atomic(readme, text)
    files = tuple(out / p.relative_to(staging) for p in written.files)
    return BuildResult(files, readme, written.rows, written.documents, written.notices)


def _same_parquet(a: Path, b: Path) -> bool:
    """Same bytes, or (written by another pyarrow version) the same schema, metadata and rows."""
    if a.read_bytes() == b.read_bytes():
        return True
    import pyarrow.parquet as pq  # lazy: the hf extra

    ta, tb = pq.read_table(a), pq.read_table(b)
    return ta.schema.equals(tb.schema, check_metadata=True) and ta.equals(tb)


def check(corpus_dir: Path | None = None, out_dir: Path | None = None, *, readme: Path | None = None,
          workers: int | None = None) -> list[Path]:
    """The committed files that are stale against the gold: Parquet files that differ, are missing or are left
    over, and the README if its generated parts differ. Empty when everything is up to date.
    Raises :class:`InvalidInput` like :func:`build`."""
    corpus, out, readme = _locations(corpus_dir, out_dir, readme)
    problems = card_problems(readme)
    if problems:
        raise InvalidInput(problems)
    with tempfile.TemporaryDirectory(prefix="newsbench-check-") as tmp:
        fresh = Path(tmp)
        written = write_data(corpus, fresh, workers or default_workers())
        expected = {p.relative_to(fresh) for p in written.files}
        present = {p.relative_to(out) for p in out.rglob("*") if p.is_file()} if out.is_dir() else set()
        stale = sorted(out / rel for rel in expected | present
                       if rel not in expected or rel not in present or not _same_parquet(fresh / rel, out / rel))
        current = readme.read_text(encoding="utf-8")
        if render_readme(current, written, out, readme) != current:
            stale.append(readme)
    return stale
