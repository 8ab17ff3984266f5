"""The pieces the baselines share: the country points (data/country_points.json) and the predicted toponym."""

from dataclasses import replace

import importlib.util

from newsbench.baselines.common import (
    PlaceResolver,
    ResolvedPlace,
    country_points,
    document_countries,
    load_json_data,
    names_a_product,
    person_names,
    toponym,
    without_a_score,
)
from newsbench.paths import repo_root
from newsbench.gazetteer.lookup import haversine_km


def test_every_country_point_is_inside_its_countrys_reach(news_places):
    """Each point (the middle of the country's mainland) lies within the radius of the gazetteer's country record
    around its Factbook point, and most countries have one."""
    countries = {p.country_code: p for p in news_places if p.feature.startswith("A.PCL")}
    points = country_points()
    assert len(points) > 150 and set(points) <= set(countries) | {"AQ", "XK", "TW", "EH", "PS"}
    for code, (lat, lon) in points.items():
        record = countries.get(code)
        if record is not None and record.uncertainty_km:
            assert haversine_km(lat, lon, record.lat, record.lon) <= max(record.uncertainty_km, 300), code
    assert "Natural Earth" in load_json_data("country_points.json")["source"]


def test_a_country_gets_its_mainland_point_and_other_places_their_record(news_places):
    us = next(p for p in news_places if p.feature.startswith("A.PCL") and p.country_code == "US")
    city = next(p for p in news_places if p.feature == "P.PPLC" and p.country_code == "US")
    got = toponym(0, 2, ResolvedPlace(us, "GPE"), "Literal")
    assert (got.lat, got.lon) == country_points()["US"] != (us.lat, us.lon)
    assert got.geonames_id == us.geonames_id
    same = toponym(0, 2, ResolvedPlace(city, "GPE"), "Literal")
    assert (same.lat, same.lon) == (city.lat, city.lon)
    unknown = toponym(0, 2, ResolvedPlace(replace(us, country_code="ZZ"), "GPE"), "Literal")
    assert (unknown.lat, unknown.lon) == (us.lat, us.lon)


def test_document_context_counts_the_countries_of_named_divisions_and_keeps_each_name(news_places):
    england = next(p for p in news_places if p.feature == "A.ADM1" and p.name == "England")
    iraq = next(p for p in news_places if p.feature.startswith("A.PCL") and p.country_code == "IQ")
    baghdad = next(p for p in news_places if p.feature == "P.PPLC" and p.country_code == "IQ")
    context = document_countries([ResolvedPlace(england, "GPE", "England"), None,
                                  ResolvedPlace(baghdad, "GPE", "Baghdad"), ResolvedPlace(iraq, "GPE", "Iraq")])
    assert context.countries == {"GB", "IQ"}  # a city names no country: it may be a namesake
    assert {name for name, _ in context.named} == {"England", "Baghdad", "Iraq"}


def test_the_second_reading_of_a_name_uses_the_documents_other_names(news_gazetteer):
    """The two readings the baselines make: alone, each name its best record; then with the document's context."""
    resolver = PlaceResolver(news_gazetteer)

    def second_reading(name, *others):
        context = document_countries([resolver.place(n) for n in (name, *others)])
        found = resolver.place(name, context)
        assert found is not None and found.name == name
        return found.place.name, found.place.feature, found.place.country_code

    assert second_reading("Washington") == ("Washington", "P.PPLC", "US")
    assert second_reading("Washington", "Alaska") == ("Washington", "A.ADM1", "US")
    assert second_reading("Georgia", "Florida") == ("Georgia", "A.ADM1", "US")
    assert second_reading("Georgia", "Russia") == ("Georgia", "A.PCLI", "GE")
    assert second_reading("Suffolk") == ("Suffolk", "P.PPL", "US")
    assert second_reading("Suffolk", "England") == ("Suffolk", "A.ADM2", "GB")


def _build_script():
    spec = importlib.util.spec_from_file_location("build_country_points",
                                                  repo_root() / "scripts" / "build_country_points.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _square(lon, lat, side):
    return [(lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side)]


def test_a_country_point_is_the_middle_of_its_main_parts():
    main_parts_point = _build_script().main_parts_point
    lat, lon = main_parts_point([_square(0, -1, 2)])
    assert (round(lat, 6), round(lon, 6)) == (0, 1)
    # a small island (under half the largest part's area) does not move the point ...
    assert main_parts_point([_square(0, -1, 2), _square(20, -1, 1)]) == (lat, lon)
    # ... two islands of like size put it between them
    lat, lon = main_parts_point([_square(0, -1, 2), _square(20, -1, 2)])
    assert (round(lat, 6), round(lon, 6)) == (0, 11)
    # areas are equal-area ones: two square degrees near the pole are not a main part beside two at the equator
    lat, lon = main_parts_point([_square(0, -1, 2), _square(20, 70, 2)])
    assert lon < 10


def test_a_model_designation_names_a_product():
    # made-up names: letters and digits together, or a lower-case prefix before a capital, are model designations
    # (a hyphenated one, "F-16", is not caught); a maker right before one is part of the product's name
    def product(text: str, name: str) -> bool:
        start = text.index(name)
        return names_a_product(text, start, start + len(name))

    for name in ("Z300", "Velox X9", "4x4", "iZorb", "eGlide Pro"):
        assert product(name, name), name
    for name in ("Zentrix", "the 21st Brigade", "Route 66", "Acme", "F-16", "Orbix Labs"):
        assert not product(name, name), name
    assert product("two Acme A320 jets", "Acme") and product("an Acme 747", "Acme")
    assert not product("Acme 2016 results", "Acme") and not product("Acme 3 - 1 Zentrix", "Acme")
    assert product("the Acme 747-400 jet", "Acme")
    # the rest of a product's name after its designation, or after a model number the text uses as one
    assert product("the new iZorb Classic", "Classic")
    assert product("Acme 747 jets. The 747 Skyliner flew.", "Skyliner")
    assert product("the 747 Skyliner and two 747s", "Skyliner")
    assert not product("There are 500 Acme engineers.", "Acme")
    assert not product("the 21st Legion and 22nd Orbix", "Legion")


def test_the_names_lists_hold_given_names_and_surnames_of_many_languages():
    names = person_names()
    assert {"Maria", "David", "Olga", "Sakura"} <= names.given
    assert {"Smith", "Rossi", "Nowak"} <= names.surnames
    assert all(w[:1].isupper() and w.isalpha() for w in names.given | names.surnames)
    assert "Acme" not in names.given | names.surnames
    assert "David" in names.gendered["male"] and "Maria" in names.gendered["female"]
    assert not names.gendered["male"] & names.gendered["female"]
    assert names.gendered["male"] | names.gendered["female"] <= names.given


def test_a_number_that_opens_a_score_is_no_part_of_a_name():
    # made up: "Norway 2" of a match report is the team and the score's first number; other numbers stay
    for text, name, kept in (("Norway 2 – 1 Chile", "Norway 2", "Norway"), ("Norway 2-1 Chile", "Norway 2", "Norway"),
                             ("Route 66 is long", "Route 66", "Route 66"), ("Apollo 11 – the mission", "Apollo 11",
                                                                            "Apollo 11")):
        assert text[:without_a_score(text, 0, len(name))] == kept, text
