"""GeoVirus XML import: a small file written here, then GeoVirus-dev.xml of the shared corpora."""

import xml.etree.ElementTree as ET

from newsbench.interop.common import coordinate_radius_km, imported_problems
from newsbench.interop.geovirus import read_geovirus

SAMPLE = """<?xml version='1.0' encoding='utf-8'?>
<articles><article><source>https://example.invalid/wiki/Flu_in_Lyon</source>
<text>Flu cases rose in Lyon and near Mount Example.</text>
<locations>
<location><name>Lyon</name><start>19</start><end>23</end><lat>45.76</lat><lon>4.84</lon><page>https://example.invalid/Lyon</page></location>
<location><name>Mount Example</name><start>33</start><end>46</end><lat>45</lat><lon>5</lon><page>https://example.invalid/M</page></location>
<location><name>Nowhere</name><start>1</start><end>8</end><lat>1.0</lat><lon>1.0</lon><page></page></location>
</locations></article></articles>
"""


def test_sample_offsets_shifted_by_one_and_coordinates_kept(tmp_path):
    path = tmp_path / "g.xml"
    path.write_text(SAMPLE, encoding="utf-8")
    result = read_geovirus([path])
    (doc,) = result.documents
    assert doc.doc_id == "geovirus_001" and doc.meta.title == "Flu in Lyon" and doc.meta.anchor_date == "unknown"
    assert [(m.text, m.type) for m in doc.mentions] == [("Lyon", "GPE"), ("Mount Example", "LOC")]
    assert [(t.lat, t.lon, t.source, t.feature) for t in doc.toponyms] == [
        (45.76, 4.84, "https://example.invalid/Lyon", "unknown"), (45.0, 5.0, "https://example.invalid/M", "unknown")]
    assert [a.layer for a in doc.annotated] == ["toponyms"]
    assert result.not_carried == {"offset-mismatch": 1}
    assert imported_problems(doc, "g") == []


def test_coordinate_radius_follows_the_written_precision():
    assert coordinate_radius_km("45.76", "4.84") < coordinate_radius_km("45.8", "4.8") < coordinate_radius_km("45", "5")
    assert 0.5 < coordinate_radius_km("45.76", "4.84") < 0.8


def test_geovirus_imports_every_location_with_zero_problems(dev_corpora):
    path = dev_corpora / "geovirus" / "GeoVirus-dev.xml"
    result = read_geovirus([path])
    root = ET.parse(path).getroot()
    assert len(result.documents) == len(root.findall("article")) == 115
    assert [imported_problems(d, d.doc_id) for d in result.documents if imported_problems(d, d.doc_id)] == []
    locations = root.findall("article/locations/location")
    assert result.carried["toponyms"] + sum(result.not_carried.values()) == len(locations) == 1061
    assert result.carried["toponyms"] == 1061
    for doc, article in zip(result.documents, root.findall("article"), strict=True):
        assert doc.text == article.findtext("text")
        source = {(loc.findtext("name"), float(loc.findtext("lat")), float(loc.findtext("lon")))
                  for loc in article.findall("locations/location")}
        mentions = {m.id: m for m in doc.mentions}
        assert {(mentions[t.mention].text, t.lat, t.lon) for t in doc.toponyms} == source
