"""``newsbench places NAME ...``: parse, look the names up, print the candidates ranked (loaded by
:mod:`newsbench.cli` when it runs; its arguments are added by the function :data:`ARGUMENTS` maps its name to)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..cli_common import EXIT_OK, EXIT_PROBLEMS
from .geonames import load_news_gazetteer
from .lookup import PLACE_KINDS, annotation_order, load_gazetteer


def cmd_places(args: argparse.Namespace) -> int:
    """Each name's candidates in GUIDELINES 5.3's order, from the news-scale gazetteer (or --shipped, the gold's
    places)."""
    if args.shipped:
        gazetteer = load_gazetteer()
    else:
        try:
            gazetteer = load_news_gazetteer()
        except ModuleNotFoundError as e:
            print(f"newsbench places: the news-scale gazetteer needs the 'gazetteer' extra ({e}); install with: "
                  "pip install -e '.[gazetteer]' (or use --shipped for the gold's places)", file=sys.stderr)
            return EXIT_PROBLEMS
    context = {c.upper() for c in args.context}
    for name in args.names:
        found = annotation_order(gazetteer.lookup(name, context), context, args.kind)
        print(f"{name}: {len(found)} candidate(s)" + (f", best {args.limit} first" if len(found) > args.limit else ""))
        for rank, p in enumerate(found[:args.limit], start=1):
            radius = "" if p.uncertainty_km is None else f" ±{p.uncertainty_km:g} km"
            population = "?" if p.population is None else f"{p.population:,}"
            print(f"  {rank}. {p.name} [{p.feature} {p.country_code}] population {population}, "
                  f"geonames_id {p.geonames_id}, {p.lat}, {p.lon}{radius}")
    return EXIT_OK


def add_places_arguments(p: argparse.ArgumentParser) -> None:
    """``newsbench places``."""
    p.add_argument("names", nargs="+", help="place names, as written in the text")
    p.add_argument("--context", nargs="*", default=[], metavar="CC",
                   help="ISO 3166-1 alpha-2 codes of the countries the document places the name in (GUIDELINES 5.3 "
                   "ranking, step 2)")
    p.add_argument("--kind", choices=PLACE_KINDS,
                   help="the kind of place the sentence says ('the town of ...': populated), listed first "
                   "(GUIDELINES 5.3 ranking, step 1)")
    p.add_argument("--limit", type=int, default=5, help="candidates shown per name (default 5)")
    p.add_argument("--shipped", action="store_true",
                   help="search corpus/gazetteer.jsonl (the gold's places) instead of the news-scale gazetteer")
    p.set_defaults(func=cmd_places)


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {"places": add_places_arguments}
