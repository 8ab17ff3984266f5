"""Every document of the development corpora (GUM news, MEANTIME, GeoVirus: ../shared/corpora), imported, goes
through every exporter and back: brat identically, the token formats on the layers the documents declare, read by
the formats' own readers (pybrat, scorch's CoNLL reader, spaCy's DocBin)."""

import io

import pytest

from newsbench.evaluation.submission import submission_from_documents
from newsbench.interop import brat, conll2012, oneie
from newsbench.interop.importers import import_files
from newsbench.interop.problems import Conversion

from interop_helpers import canonical, write_files

SOURCES = {"corefud": ("gum-news", "dep"), "meantime": ("meantime-en",), "geovirus": ("geovirus", "GeoVirus-dev.xml")}


@pytest.fixture(scope="module", params=sorted(SOURCES))
def imported(request, dev_corpora):
    docs = import_files(request.param, [dev_corpora.joinpath(*SOURCES[request.param])]).documents
    assert docs
    return docs


LAYER_OF = {"mentions": "entities", "timexes": "timexes", "event_mentions": "events"}


def declared_reference(doc) -> dict:
    """The document as a submission on the OneIE layers, empty where it does not declare the layer."""
    ref = canonical(submission_from_documents([doc]).documents[0], tuple(LAYER_OF))
    return {k: v if doc.annotates(LAYER_OF[k]) else [] for k, v in ref.items()}


def test_brat_round_trip_is_identical_and_pybrat_reads_it(imported, tmp_path):
    pybrat = pytest.importorskip("pybrat.parser", reason="pybrat (the dev extra) is not installed")
    for doc in imported:
        write_files(tmp_path, brat.export_document(doc))
    conversion = Conversion()
    back = brat.import_documents([tmp_path], conversion)
    assert not conversion.problems and not conversion.notes
    assert sorted(back, key=lambda d: d.doc_id) == sorted(imported, key=lambda d: d.doc_id)
    examples = pybrat.BratParser(error="ignore").parse(tmp_path)
    assert len(examples) == len(imported)
    assert sum(len(e.entities) for e in examples) == sum(len(d.mentions) + len(d.timexes) for d in imported)


def test_oneie_round_trip_keeps_every_declared_item(imported):
    text = oneie.export(imported, Conversion())
    conversion = Conversion()
    back = {d.doc_id: d for d in oneie.submission_documents(text, "x", {d.doc_id: d for d in imported}, conversion)}
    assert not conversion.problems
    for doc in imported:
        if doc.doc_id not in back:  # a document declaring none of the layers (GeoVirus: toponyms only) has no line
            assert not any(doc.annotates(layer) for layer in LAYER_OF.values())
            continue
        got = canonical(back[doc.doc_id], tuple(LAYER_OF))
        assert {k: v or [] for k, v in got.items()} == declared_reference(doc)


def test_conll2012_is_read_by_scorch_with_every_declared_mention(imported):
    scorch_conll = pytest.importorskip("scorch.conll", reason="scorch (the dev extra) is not installed")
    text = conll2012.export(imported, Conversion())
    read = {name.rsplit("-", 1)[0]: entities for name, entities in scorch_conll.parse_file(io.StringIO(text))}
    for doc in imported:
        mentions = doc.mentions if doc.annotates("entities") else ()
        crossing = conll2012._crossing(doc) if mentions else set()
        assert sum(len(m) for m in read[doc.doc_id].values()) == len(mentions) - len(crossing)


def test_docbin_is_read_by_spacy_with_every_declared_name(imported):
    spacy = pytest.importorskip("spacy", reason="spaCy (the baselines extra) is not installed")
    from spacy.tokens import DocBin
    from newsbench.interop import docbin

    docs = list(DocBin().from_bytes(docbin.export(imported, Conversion())).get_docs(spacy.blank("en").vocab))
    by_id = {d.doc_id: d for d in imported}
    names = {}
    for sdoc in docs:
        doc = by_id[sdoc.user_data["doc_id"]]
        start = sdoc.user_data["start"]
        assert sdoc.text == doc.text[start:start + len(sdoc.text)]
        names.setdefault(doc.doc_id, set()).update(
            (start + s.start_char, start + s.end_char, s.label_) for s in sdoc.spans["names"])
    for doc in imported:
        expected = {(m.start, m.end, m.type) for m in doc.mentions if m.level == "NAM"} if doc.annotates(
            "entities") else set()
        assert names.get(doc.doc_id, set()) == expected


def test_an_imported_corpus_exported_and_converted_back_scores_perfectly_on_its_declared_layers(imported, tmp_path):
    from newsbench.cli import main
    from newsbench.evaluation.submission import read_submission
    from newsbench.interop.importers import ImportResult, write_imported

    from interop_helpers import scores

    gold = tmp_path / "gold"
    write_imported(ImportResult(documents=list(imported)), gold)
    assert main(["export", "brat", str(gold), "-o", str(tmp_path / "brat")]) == 0
    assert main(["submission-from", "brat", str(tmp_path / "brat"), "--gold", str(gold),
                 "-o", str(tmp_path / "sub.json")]) == 0
    submission, problems = read_submission(tmp_path / "sub.json")
    assert not problems
    tasks = [t for t, layer in (("entities_all", "entities"), ("coreference", "entities"), ("timexes", "timexes"),
                                ("toponyms", "toponyms")) if any(d.annotates(layer) for d in imported)]
    result = scores(submission, tasks, gold=imported)
    f1 = {(task, metric): value["f1"] for task in tasks for metric, value in result[task].items()
          if isinstance(value, dict) and "f1" in value}
    assert f1 and all(v == 1.0 for v in f1.values()), f1
