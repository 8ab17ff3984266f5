"""Toponym resolution errors of the text-reading baselines on GeoVirus, by class of the record they chose.

    .venv/bin/python scripts/toponym_errors.py [--systems rules spacy-sm] [--half tuning|held-out|all] [--list]
        [--points]

For every toponym a system predicts at a gold toponym's span (the items of Acc@161km), the class of the gazetteer
record it resolved the name to (continent, region, country, division, city, other) and whether its point is
within 161 km of the gold's; the table gives, per class, the items, the misses and Acc@161km. ``--list`` also
prints each miss (document, name, class, error in km) for reading: use it on the tuning half only, which is the
half rules are developed on (``baselines.development.halves``). ``--points`` asks which point of a large area the
corpus gives: for the toponyms resolved to a continent, a country or a first-level division, how many are more than
161 km from the gold under each point rule (``POINT_RULES``) and how many gold points are the gazetteer record's
own point (within ``SAME_POINT_KM``). Nothing of the corpus is written.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict

from newsbench.baselines import development
from newsbench.baselines.common import default_resolver
from newsbench.evaluation.metrics import ACCURACY_RADIUS_KM, resolution_error_km
from newsbench.gazetteer import geonames
from newsbench.gazetteer.lookup import ADM1_FEATURE, CAPITAL_FEATURE, Place, haversine_km, place_kind
from newsbench.ontology import load_ontology
from newsbench.paths import require_development_corpora

CLASSES = ("continent", "region", "country", "division", "second-level division", "city", "other")
LARGE_AREAS = ("continent", "country", "division")
POINT_RULES = ("the gazetteer record's point", "the baseline's point", "the country's capital",
               "the equal-area hull centroid")
"""For a country the record's point is the Factbook's, the baseline's the middle of its main parts
(``common.country_points``); for a division both are the convex-hull centroid of its places; for a continent
GeoNames' point. The equal-area hull centroid is a division's hull centroid taken on the cylindrical equal-area
projection (y = sin lat), as the country points are (session 13: compared, not used); for a country or a continent
it is the baseline's point."""
SAME_POINT_KM = 2.0
"""Within this, a gold point is taken to be the record's own (GeoVirus writes two decimals or fewer)."""


def record_class(place: Place | None) -> str:
    """The class of a gazetteer record: its kind (``lookup.place_kind``), continents, regions and first-level
    divisions told apart."""
    if place is None:
        return "other"
    if place.feature.startswith("L.RG"):
        return "region"
    kind = place_kind(place)
    if kind == "country":
        return "continent" if place.feature == "L.CONT" else "country"
    if kind == "division":
        return "division" if place.feature == ADM1_FEATURE else "second-level division"
    return "city" if kind == "populated" else "other"


def equal_area_hull_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """(lat, lon) of the convex hull's area centroid of the points on the cylindrical equal-area projection."""
    lat, lon = geonames._hull_middle([(math.degrees(math.sin(math.radians(lat))), lon) for lat, lon in points])
    return math.degrees(math.asin(max(-1.0, min(1.0, math.radians(lat))))), lon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", nargs="+", default=["rules", "spacy-sm"])
    parser.add_argument("--half", choices=("tuning", "held-out", "all"), default="tuning")
    parser.add_argument("--list", action="store_true", help="print every miss (for the tuning half)")
    parser.add_argument("--points", action="store_true",
                        help="misses of continents, countries and divisions under each point rule")
    args = parser.parse_args(argv)
    root = require_development_corpora()
    docs = development.load_corpus(development.DEV_CORPORA["geovirus"], root)
    tune, held = development.halves(docs)
    part = {"tuning": tune, "held-out": held, "all": docs}[args.half]
    gazetteer = default_resolver().gazetteer
    # Records without a GeoNames id (derived divisions) are found by their point.
    by_point = {(p.lat, p.lon): p for p in gazetteer if p.geonames_id is None}
    no_place = load_ontology().no_place_readings
    capitals = {p.country_code: p for p in gazetteer if p.feature == CAPITAL_FEATURE}
    members: defaultdict[Place, list[tuple[float, float]]] = defaultdict(list)
    for town in gazetteer if args.points else ():
        division = gazetteer.division_of(town)
        if division is not None:
            members[division].append((town.lat, town.lon))
    for system in args.systems:
        submission = development.predict(system, part)
        items: Counter[str] = Counter()
        misses: Counter[str] = Counter()
        point_misses: Counter[tuple[str, str]] = Counter()
        same_point: Counter[str] = Counter()
        listed = []
        for gold, pred in zip(part, submission.documents, strict=True):
            mentions = {m.id: m for m in gold.mentions}
            gold_at = {(mentions[t.mention].start, mentions[t.mention].end): t for t in gold.toponyms}
            for p in pred.toponyms or ():
                g = gold_at.get((p.start, p.end))
                if g is None or g.reading in no_place:
                    continue
                place = (gazetteer.by_id(p.geonames_id) if p.geonames_id is not None
                         else by_point.get((p.lat, p.lon)))
                cls = record_class(place)
                error = resolution_error_km(g.lat, g.lon, g.geonames_id, p.lat, p.lon, p.geonames_id)
                items[cls] += 1
                if place is not None and cls in LARGE_AREAS:
                    capital = capitals.get(place.country_code)
                    points = ((place.lat, place.lon), (p.lat, p.lon),
                              (capital.lat, capital.lon) if capital is not None else (place.lat, place.lon),
                              equal_area_hull_middle(members[place]) if place in members else (p.lat, p.lon))
                    for rule, (lat, lon) in zip(POINT_RULES, points, strict=True):
                        point_misses[cls, rule] += haversine_km(g.lat, g.lon, lat, lon) > ACCURACY_RADIUS_KM
                    same_point[cls] += haversine_km(g.lat, g.lon, place.lat, place.lon) <= SAME_POINT_KM
                if error > ACCURACY_RADIUS_KM:
                    misses[cls] += 1
                    listed.append((gold.doc_id, gold.text[p.start:p.end], cls, error,
                                   place.name if place else "", place.country_code if place else ""))
        print(f"\n{system} on GeoVirus, {args.half} half ({len(part)} documents)\n")
        print("| class | toponyms | misses (> 161 km) | Acc@161km |")
        print("|---|---:|---:|---:|")
        for cls in (*CLASSES, "all"):
            n = sum(items.values()) if cls == "all" else items[cls]
            m = sum(misses.values()) if cls == "all" else misses[cls]
            if n:
                print(f"| {cls} | {n} | {m} | {(n - m) / n:.3f} |")
        if args.points:
            print(f"\n{system}: large areas, misses (> 161 km) under each point rule\n")
            rules = " | ".join(POINT_RULES)
            print(f"| class | toponyms | {rules} | gold point = the record's (<= {SAME_POINT_KM:g} km) |")
            print("|---|---:|" + "---:|" * (len(POINT_RULES) + 1))
            for cls in LARGE_AREAS:
                cells = " | ".join(str(point_misses[cls, rule]) for rule in POINT_RULES)
                print(f"| {cls} | {items[cls]} | {cells} | {same_point[cls]} |")
        if args.list:
            for doc_id, name, cls, error, chosen, cc in sorted(listed, key=lambda r: (r[2], r[1])):
                print(f"  {cls:9} {name!r:30} {error:8.0f} km  chose {chosen} ({cc})  [{doc_id}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
