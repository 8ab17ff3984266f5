"""Regenerate corpus/gazetteer.jsonl: the places the gold's toponyms cite (maintenance only).

    .venv/bin/pip install -e '.[gazetteer]'
    .venv/bin/python scripts/build_gazetteer.py            # writes corpus/gazetteer.jsonl
    .venv/bin/python scripts/build_gazetteer.py --check    # exit 1 if the committed file differs

Records come from the news-scale gazetteer (newsbench.gazetteer.geonames) by the GeoNames id a gold toponym cites,
or from the curated records (src/newsbench/gazetteer/curated.jsonl) for places GeoNames lacks. The output is
deterministic: running it twice gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsbench.gazetteer import geonames
from newsbench.gazetteer import lookup as gazetteer
from newsbench.paths import gold_dir
from newsbench.validate import InvalidInput, load_valid_documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=gazetteer.default_gazetteer_path(), help="JSONL file to write")
    parser.add_argument("--gold", type=Path, default=gold_dir(), help="folder of gold documents (default corpus/gold)")
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    args = parser.parse_args(argv)

    try:
        versions = geonames.news_versions()
    except geonames.GazetteerExtraMissing as exc:  # say which, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if versions != geonames.NEWS_SOURCES:
        print(f"warning: installed {versions}, the shipped file was built with {geonames.NEWS_SOURCES}",
              file=sys.stderr)

    try:
        documents = load_valid_documents([args.gold])
    except InvalidInput as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        places, curated = geonames.cited_records(documents)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    problems = gazetteer.check_places(places, curated, file=str(args.output))
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1

    text = gazetteer.dumps_gazetteer(places, curated)
    summary = (f"{len(places)} records ({len(places) - len(curated)} GeoNames, {len(curated)} curated) cited by "
               f"{len(documents)} gold document(s), {len(text.encode('utf-8'))} bytes")
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
