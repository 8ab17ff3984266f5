"""Render schema/README.md's check-id tables from ``newsbench.problems`` (the one registry of check ids).

    .venv/bin/python scripts/check_ids.py          # rewrite the tables
    .venv/bin/python scripts/check_ids.py --check  # exit 1 when they are out of date

Each table sits between ``<!-- check-ids: FAMILY -->`` and ``<!-- /check-ids -->``; the prose around it is kept.
"""

from __future__ import annotations

import argparse
import sys

from newsbench.jsonio import write_text_atomic
from newsbench.paths import schema_dir
from newsbench.problems import with_tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the tables are up to date")
    args = parser.parse_args(argv)
    readme = schema_dir() / "README.md"
    text = readme.read_text(encoding="utf-8")
    rendered = with_tables(text)
    if args.check:
        print(f"{readme}: check-id tables {'up to date' if rendered == text else 'out of date'}")
        return 0 if rendered == text else 1
    if rendered != text:
        write_text_atomic(readme, rendered)
    print(f"{readme}: {'rewrote' if rendered != text else 'unchanged'} the check-id tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
