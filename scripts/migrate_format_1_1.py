"""Migrate annotated documents from format 1.0 to 1.1: declare every layer annotated over the whole text.

    .venv/bin/python scripts/migrate_format_1_1.py corpus/gold/*.json corpus/annotations/*/*.json

A 1.0 document means exactly that, so the migration changes no annotation; it makes the declaration explicit.
Documents already at 1.1 are left as they are.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from newsbench.jsonio import read_document, write_document
from newsbench.model import LAYERS, declare_whole


def migrate(path: Path) -> bool:
    doc = read_document(path)
    if doc.schema_version != "1.0":
        return False
    write_document(path, declare_whole(replace(doc, schema_version="1.1", annotated=()), LAYERS))
    return True


def main(argv: list[str]) -> int:
    changed = [p for p in map(Path, argv) if migrate(p)]
    print(f"migrated {len(changed)} of {len(argv)} file(s) to format 1.1")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
