"""Where the repository's folders are. newsbench works on a checkout of its repository."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path


def repo_root() -> Path:
    """The repository root: $NEWSBENCH_ROOT, else the checkout this package was installed from."""
    override = os.environ.get("NEWSBENCH_ROOT")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parents[2]


def display_path(path: Path | str) -> str:
    """The path relative to the current folder when it is below it, as given otherwise (how problems name files):
    ``Path(path).resolve().relative_to(Path.cwd())``, with each folder resolved once (every file a validator reads
    is named, and resolving a path costs a system call per component of it)."""
    name = os.fspath(path)
    try:
        cwd = os.getcwd()
        folder, base = os.path.split(name)
        if base in ("", ".", "..") or os.path.islink(name):
            full = str(Path(name).resolve())
        else:
            full = os.path.join(_resolved_folder(folder or os.curdir, cwd), base)
    except (OSError, RuntimeError):  # a vanished current folder; a symlink loop (RuntimeError in 3.11)
        return name
    below = cwd.rstrip(os.sep) + os.sep
    return os.curdir if full == cwd else full[len(below):] if full.startswith(below) else name


@lru_cache(maxsize=256)
def _resolved_folder(folder: str, cwd: str) -> str:
    """``folder`` (relative to ``cwd``) with its symbolic links resolved."""
    return str(Path(cwd, folder).resolve())


def schema_dir() -> Path:
    """The folder of the format's schemas, the ontology and the guidelines."""
    return repo_root() / "schema"


def corpus_dir() -> Path:
    """The repository's corpus folder."""
    return repo_root() / "corpus"


def seeds_dir() -> Path:
    """The seed articles' folder."""
    return corpus_dir() / "seeds"


def gold_dir() -> Path:
    """The adjudicated gold documents' folder."""
    return corpus_dir() / "gold"


def cache_dir() -> Path | None:
    """Where newsbench keeps what it can recompute (the validated-documents cache): $NEWSBENCH_CACHE (set but empty:
    nowhere), else $XDG_CACHE_HOME/newsbench, else ~/.cache/newsbench."""
    override = os.environ.get("NEWSBENCH_CACHE")
    if override is not None:
        return Path(override) if override else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsbench"


def development_corpora_dir() -> Path | None:
    """The shared development corpora (GUM news, MEANTIME, GeoVirus), or None where this clone has none.

    $NEWSBENCH_CORPORA, else ``shared/corpora`` beside the checkout or beside its parent folder (CI clones the
    repository next to ``shared/``). They are read at test and benchmark time and never copied into the repository.
    """
    override = os.environ.get("NEWSBENCH_CORPORA")
    if override:
        found = Path(override)
        return found if found.is_dir() else None
    root = repo_root()
    for base in (root.parent, root.parent.parent):
        candidate = base / "shared" / "corpora"
        if candidate.is_dir():
            return candidate
    return None


def require_development_corpora(prefix: str = "error") -> Path:
    """The development corpora, for a script that cannot run without them: where they are missing, one line on
    stderr (``prefix``: the message's first word) and exit 2."""
    found = development_corpora_dir()
    if found is None:
        print(f"{prefix}: the development corpora (../shared/corpora or $NEWSBENCH_CORPORA) are not here",
              file=sys.stderr)
        raise SystemExit(2)
    return found
