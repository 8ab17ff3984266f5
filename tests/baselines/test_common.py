"""The pieces the baselines share: the country points (data/country_points.json) and the predicted toponym."""

from dataclasses import replace

from newsbench.baselines.common import ResolvedPlace, country_points, load_json_data, toponym
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
