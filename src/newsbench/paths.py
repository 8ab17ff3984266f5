"""Where the repository's folders are. newsbench works on a checkout of its repository."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The repository root: $NEWSBENCH_ROOT, else the checkout this package was installed from."""
    override = os.environ.get("NEWSBENCH_ROOT")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parents[2]


def schema_dir() -> Path:
    return repo_root() / "schema"


def corpus_dir() -> Path:
    return repo_root() / "corpus"


def seeds_dir() -> Path:
    return corpus_dir() / "seeds"


def gold_dir() -> Path:
    return corpus_dir() / "gold"
