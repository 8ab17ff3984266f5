"""``newsbench import``: writes valid documents and the report, exit 0; bad input gets a check id, exit 1."""

import json

import pytest

from newsbench.cli import main
from newsbench.interop.common import imported_problems
from newsbench.jsonio import read_document

from test_corefud import SAMPLE


def test_import_writes_valid_documents_and_prints_the_report(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.conllu").write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", "corefud", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "documents: 1" in printed and "not carried class-unmapped:animal: 1" in printed
    (written,) = sorted(out.glob("*.json"))
    assert written.name == "sample_doc.json"
    assert imported_problems(read_document(written), written.name) == []
    assert main(["import", "corefud", str(src), "-o", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 1 and report["not_carried"]["bridge"] == 1


def test_malformed_source_is_import_source_invalid(tmp_path, capsys):
    bad = tmp_path / "bad.conllu"
    bad.write_text(SAMPLE.replace("Entity=1)", "_"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", "corefud", str(bad), "-o", str(out), "--json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["check"] == "import-source-invalid" and problem["file"].endswith("bad.conllu")
    assert not out.exists()


def test_bad_mapping_is_import_mapping_invalid(tmp_path, capsys):
    src = tmp_path / "a.conllu"
    src.write_text(SAMPLE, encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text("{}", encoding="utf-8")
    assert main(["import", "corefud", str(src), "-o", str(tmp_path / "o"), "--mapping", str(mapping), "--json"]) == 1
    assert [p["check"] for p in json.loads(capsys.readouterr().out)] == ["import-mapping-invalid"]


def test_an_output_folder_that_is_a_file_is_output_not_folder(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    assert main(["import", "corefud", str(f), "-o", str(f), "--json"]) == 1
    assert [p["check"] for p in json.loads(capsys.readouterr().out)] == ["output-not-folder"]
    assert f.read_text(encoding="utf-8") == "x"


def test_output_path_that_is_a_folder_is_output_not_file(tmp_path, capsys):
    src = tmp_path / "a.conllu"
    src.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "out"
    (out / "sample_doc.json").mkdir(parents=True)
    assert main(["import", "corefud", str(src), "-o", str(out), "--json"]) == 1
    assert [p["check"] for p in json.loads(capsys.readouterr().out)] == ["output-not-file"]
    assert (out / "sample_doc.json").is_dir()


def test_usage_errors_exit_2(tmp_path):
    assert main(["import", "no-such-format", "x", "-o", str(tmp_path)]) == 2


@pytest.mark.parametrize("fmt,where,documents", [("corefud", "gum-news/dep", 18), ("meantime", "meantime-en", 60),
                                                 ("geovirus", "geovirus/GeoVirus-dev.xml", 115)])
def test_every_development_corpus_imports_with_zero_problems(dev_corpora, tmp_path, capsys, fmt, where, documents):
    out = tmp_path / fmt
    assert main(["import", fmt, str(dev_corpora / where), "-o", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == documents == len(list(out.glob("*.json")))
    for path in out.glob("*.json"):
        assert imported_problems(read_document(path), path.name) == []


def test_seeds_make_the_imported_documents_corpus_documents(tmp_path, capsys):
    from newsbench.validate import validate_file

    src = tmp_path / "a.conllu"
    src.write_text(SAMPLE, encoding="utf-8")
    gold, seeds = tmp_path / "corpus" / "gold", tmp_path / "corpus" / "seeds"
    assert main(["import", "corefud", str(src), "-o", str(gold), "--seeds", str(seeds)]) == 0
    assert validate_file(gold / "sample_doc.json", seeds=seeds).problems == ()
    assert json.loads((seeds / "sample_doc.meta.json").read_text(encoding="utf-8"))["url"] == "https://example.invalid/sample"
    # the same import again is fine; a different text under the same id is a seed-conflict and writes nothing
    assert main(["import", "corefud", str(src), "-o", str(gold), "--seeds", str(seeds)]) == 0
    before = (gold / "sample_doc.json").read_bytes()
    src.write_text(SAMPLE.replace("visited", "visits"), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "corefud", str(src), "-o", str(gold), "--seeds", str(seeds), "--json"]) == 1
    assert [p["check"] for p in json.loads(capsys.readouterr().out)] == ["seed-conflict"]
    assert (gold / "sample_doc.json").read_bytes() == before


def test_stats_of_imported_documents_say_which_layers_they_annotate(dev_corpora, tmp_path, capsys):
    gold, seeds = tmp_path / "gold", tmp_path / "seeds"
    assert main(["import", "meantime", str(dev_corpora / "meantime-en"), "-o", str(gold), "--seeds", str(seeds)]) == 0
    capsys.readouterr()
    assert main(["stats", str(gold), "--seeds", str(seeds)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("layers annotated"))
    assert "entities 60 (" in line and "timexes 60 (" in line and "events" not in line


@pytest.mark.parametrize("fmt,content,where", [
    ("geovirus", "<articles><article><text>x", "/"),
    ("geovirus", "<articles><article><text>Paris</text><locations><location><name>Paris</name><start>a</start>"
                 "</location></locations></article></articles>", "article 1 location 1"),
    ("geovirus", "<articles><article><text>Paris</text><locations><location><name>Paris</name><start>1.0</start>"
                 "<end>6</end><lat>1</lat><lon>2</lon></location></locations></article></articles>",
                 "article 1 location 1"),
    ("meantime", "<Document doc_id='1'></Document>", "/"),
    ("meantime", "<Document doc_id='1'><token t_id='1' sentence='0'>A</token><Markables><ENTITY_MENTION m_id='2'>"
                 "<token_anchor t_id='9'/></ENTITY_MENTION></Markables></Document>", "markable 2"),
])
def test_malformed_xml_sources_name_the_place(tmp_path, capsys, fmt, content, where):
    src = tmp_path / "bad.xml"
    src.write_text(content, encoding="utf-8")
    assert main(["import", fmt, str(src), "-o", str(tmp_path / "out"), "--json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["check"] == "import-source-invalid" and problem["pointer"] == where
    assert not (tmp_path / "out").exists()


def test_conllu_that_is_not_utf8_or_lacks_text_lines_is_import_source_invalid(tmp_path, capsys):
    latin = tmp_path / "latin.conllu"
    latin.write_bytes(SAMPLE.replace("Springfield", "Sprïngfield").encode("latin-1"))
    no_text = tmp_path / "no_text.conllu"
    no_text.write_text(SAMPLE.replace("# text = She liked the town on Monday.\n", ""), encoding="utf-8")
    for path, where in ((latin, "/"), (no_text, "sentence s2")):
        assert main(["import", "corefud", str(path), "-o", str(tmp_path / "out"), "--json"]) == 1
        (problem,) = json.loads(capsys.readouterr().out)
        assert problem["check"] == "import-source-invalid" and problem["pointer"] == where, problem


@pytest.mark.parametrize("change", [
    lambda d: d["corefud"].update(person="PERSON"),
    lambda d: d["corefud"].update(person=3),
    lambda d: d["place_rule"].update(fac_heads="airport"),
    lambda d: d.pop("place_rule"),
])
def test_mapping_tables_of_the_wrong_shape_are_import_mapping_invalid(tmp_path, capsys, change):
    from newsbench.interop.common import default_mapping_path

    data = json.loads(default_mapping_path().read_text(encoding="utf-8"))
    change(data)
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps(data), encoding="utf-8")
    src = tmp_path / "a.conllu"
    src.write_text(SAMPLE, encoding="utf-8")
    assert main(["import", "corefud", str(src), "-o", str(tmp_path / "o"), "--mapping", str(mapping), "--json"]) == 1
    assert [p["check"] for p in json.loads(capsys.readouterr().out)] == ["import-mapping-invalid"]


def test_a_folder_with_no_source_of_the_format_is_import_source_invalid(tmp_path, capsys):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a source", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", "meantime", str(folder), "-o", str(out), "--json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["check"] == "import-source-invalid" and problem["file"] == str(folder)
    assert "found none" in problem["message"]
    assert not out.exists()
