"""brat standoff: read by an independent brat reader (pybrat), lossless round trips, the importer on brat written
by other tools, and submission-from scoring identically."""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from newsbench import jsonio
from newsbench.cli import main
from newsbench.interop import brat
from newsbench.interop.common import coordinate_radius_km, imported_problems
from newsbench.interop.problems import Conversion
from newsbench.model import LAYERS, AnnotatedLayer, Submission, SystemInfo
from newsbench.ontology import load_ontology
from newsbench.validate import document_problems

from interop_helpers import annotator_c, gold_doc, pass_c_doc, scores, write_files
from strategies import documents

pybrat = pytest.importorskip("pybrat.parser", reason="pybrat (the dev extra) is not installed")


def parse(folder):
    """pybrat's reading of a folder. Its error mode "raise" also refuses two text-bound annotations on one span,
    which brat allows (two triggers of different event types on one word, as the gold has): "ignore" skips that
    check, and a line it would skip instead shows up below as a missing item, since every count is compared."""
    return pybrat.BratParser(error="ignore").parse(folder)


def round_trip(doc, folder):
    conversion = Conversion()
    docs = brat.import_documents([write_files(folder, brat.export_document(doc))], conversion)
    return docs, conversion


def test_gold_round_trip_is_identical(tmp_path):
    doc = gold_doc()
    docs, conversion = round_trip(doc, tmp_path)
    assert not conversion.problems and not conversion.notes
    assert docs == [doc]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(doc=documents(), declared=st.none() | st.sets(st.sampled_from(LAYERS), min_size=1))
def test_generated_round_trip_is_identical(tmp_path, doc, declared):
    if declared is not None:  # the declaration travels in the .meta.json header
        doc = replace(doc, annotated=tuple(AnnotatedLayer(layer, ((0, len(doc.text)),)) for layer in sorted(declared)))
    docs, conversion = round_trip(doc, tmp_path / "x")
    assert not conversion.problems and not conversion.notes
    assert docs == [doc]


def test_pybrat_reads_the_export_with_the_gold_spans_types_events_and_references(tmp_path):
    doc = gold_doc()
    write_files(tmp_path, brat.export_document(doc))
    (example,) = parse(tmp_path)
    assert example.id == doc.doc_id and example.text == doc.text
    spans = {(e.spans[0].start, e.spans[-1].end, e.type) for e in example.entities}
    expected = ({(m.start, m.end, m.type) for m in doc.mentions} | {(t.start, t.end, t.type) for t in doc.timexes}
                | {(em.start, em.end, {e.id: e.type for e in doc.events}[em.event]) for em in doc.event_mentions})
    assert spans == expected
    assert all(e.mention == " ".join(doc.text[s.start:s.end] for s in e.spans) for e in example.entities)
    assert len(example.events) == len(doc.event_mentions)
    assert sum(len(e.arguments) for e in example.events) == sum(len(em.arguments) for em in doc.event_mentions)
    references = {(e.start, e.end): int(r.eid) for e in example.entities for r in e.references}
    mentions = {m.id: m for m in doc.mentions}
    assert references == {(mentions[t.mention].start, mentions[t.mention].end): t.geonames_id
                          for t in doc.toponyms if t.geonames_id is not None}
    pairs = {frozenset((r.arg1.id, r.arg2.id)) for r in example.relations if r.type == "Equiv"}
    by_entity = {}
    for e in example.entities:
        if e.type in {"PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA"}:
            by_entity.setdefault(next(m.entity for m in doc.mentions if (m.start, m.end) == (e.start, e.end)),
                                 []).append(e.id)
    assert pairs == {frozenset((a, b)) for ids in by_entity.values() for i, a in enumerate(ids) for b in ids[i + 1:]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                  HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_pybrat_reads_generated_exports_with_their_fragments(tmp_path, doc):
    assume("\r" not in doc.text)  # pybrat reads the .txt with newline translation (brat does not)
    spans = [(m.start, m.end) for m in doc.mentions] + [(t.start, t.end) for t in doc.timexes] + [
        (em.start, em.end) for em in doc.event_mentions]
    folder = write_files(tmp_path / "x", brat.export_document(doc))
    (example,) = parse(folder)
    for e in example.entities:
        assert all("\n" not in doc.text[s.start:s.end] for s in e.spans)  # brat's spans do not run over a line
        assert e.mention == " ".join(doc.text[s.start:s.end] for s in e.spans)
    assert sorted((e.spans[0].start, e.spans[-1].end) for e in example.entities) == sorted(spans)


def test_submission_from_an_export_of_pass_c_scores_as_annotator_c(tmp_path):
    gold, passc = gold_doc(), pass_c_doc()
    conversion = Conversion()
    out = brat.submission_documents([write_files(tmp_path, brat.export_document(passc))], {gold.doc_id: gold},
                                    conversion)
    assert not conversion.problems
    tasks = ["entities", "entities_all", "bio", "coreference", "timexes", "events", "toponyms"]
    expected = scores(annotator_c(), tasks)
    assert expected["toponyms"]["strict"]["f1"] < 1
    assert scores(Submission(SystemInfo("c", "1", "converted"), tuple(out)), tasks) == expected


FOREIGN_TEXT = "Flooding hit Lagos and Abuja on Monday.\nOfficials in Lagos said more rain is due."
FOREIGN_ANN = "\n".join([
    "T1\tLiteral 13 18\tLagos",
    "#1\tAnnotatorNotes T1\t6.455, 3.394",
    "T2\tGPE 23 28\tAbuja",
    "N1\tReference T2 GeoNames:2352778\tAbuja",
    "A1\tReading T2 Literal",
    "#2\tAnnotatorNotes T2\tcapital; 9.057,7.495",
    "T3\tDate 32 38\tMonday",
    "T4\tPER 40 49\tOfficials",
    "A2\tLevel T4 NOM",
    "T5\tLiteral 53 58\tLagos",
    "*\tEquiv T1 T5",
    "#3\tAnnotatorNotes T5\t6.455,3.394",
    "T6\tORG 0 8;62 66\tFlooding more",
    "R1\tLocated Arg1:T4 Arg2:T5",
]) + "\n"


def test_brat_from_other_tools_imports_toponyms_with_coordinates_and_counts_the_rest(tmp_path):
    write_files(tmp_path, {"news.txt": FOREIGN_TEXT.encode(), "news.ann": FOREIGN_ANN.encode()})
    conversion = Conversion()
    (doc,) = brat.import_documents([tmp_path], conversion)
    assert not conversion.problems
    assert [(m.text, m.type, m.level, m.entity) for m in doc.mentions] == [
        ("Lagos", "GPE", "NAM", "E1"), ("Abuja", "GPE", "NAM", "E2"), ("Officials", "PER", "NOM", "E4"),
        ("Lagos", "GPE", "NAM", "E1")]
    assert [(t.mention, t.reading, t.geonames_id, t.lat, t.lon) for t in doc.toponyms] == [
        ("M1", "Literal", None, 6.455, 3.394), ("M2", "Literal", 2352778, 9.057, 7.495),
        ("M5", "Literal", None, 6.455, 3.394)]
    assert dict(conversion.notes) == {("not-carried-label", "brat: text-bound type Date"): 1,
                                      ("not-carried-label", "brat: relation Located"): 1,
                                      ("not-carried-span", "brat: discontinuous span"): 1}
    # no GeoNames id: the radius is what the written decimals can stand for; the layers the file has are declared
    assert [t.uncertainty_km for t in doc.toponyms] == [coordinate_radius_km("6.455", "3.394"), None,
                                                        coordinate_radius_km("6.455", "3.394")]
    assert [a.layer for a in doc.annotated] == ["entities", "toponyms"]
    assert imported_problems(doc, "news.json") == []


def test_newsbench_import_brat_reads_an_export_back_identically(tmp_path, capsys):
    assert main(["export", "brat", "-o", str(tmp_path / "b")]) == 0
    assert main(["import", "brat", str(tmp_path / "b"), "-o", str(tmp_path / "docs")]) == 0
    gold = gold_doc()
    assert jsonio.read_document(tmp_path / "docs" / f"{gold.doc_id}.json") == gold
    assert f"carried mentions: {len(gold.mentions)}" in capsys.readouterr().out


def test_newsbench_import_brat_reports_a_problem_with_its_check_id(tmp_path, capsys):
    write_files(tmp_path, {"news.txt": FOREIGN_TEXT.encode(), "news.ann": b"T1\tPER 0 8\tFlooded\n"})
    assert main(["import", "brat", str(tmp_path), "-o", str(tmp_path / "docs")]) == 1
    assert "interop-text-mismatch" in capsys.readouterr().err
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize("ann, check", [
    ("T1\tPER 0 8\tFlooding\nX1\tnonsense\n", "interop-input-malformed"),
    ("T1\tPER 0 8\tFlooded\n", "interop-text-mismatch"),
    ("T1\tPER 0 800\tFlooding\n", "interop-span-invalid"),
    ("T1\tPER 0 8\tFlooding\nT2\tLife.Die 9 12\thit\nE1\tLife.Die:T2 Victim:T9\n", "interop-reference-dangling"),
])
def test_bad_standoff_is_a_problem_naming_the_line(tmp_path, ann, check):
    write_files(tmp_path, {"news.txt": FOREIGN_TEXT.encode(), "news.ann": ann.encode()})
    conversion = Conversion()
    assert brat.import_documents([tmp_path], conversion) == []
    assert [p.check for p in conversion.problems] == [check]
    assert conversion.problems[0].file.endswith("news.ann") and conversion.problems[0].pointer.startswith("line ")


def test_an_ann_without_its_text_is_a_problem(tmp_path):
    write_files(tmp_path, {"news.ann": b"T1\tPER 0 8\tFlooding\n"})
    conversion = Conversion()
    assert brat.import_documents([tmp_path], conversion) == []
    assert [p.check for p in conversion.problems] == ["interop-input-malformed"]


def test_submission_from_brat_refuses_a_text_that_is_not_the_gold_text(tmp_path):
    gold = gold_doc()
    changed = replace(gold, text=gold.text.replace("Baghdad", "Bagdad"), mentions=(), entities=(), timexes=(),
                      events=(), event_mentions=(), toponyms=())
    conversion = Conversion()
    brat.submission_documents([write_files(tmp_path, brat.export_document(changed))], {gold.doc_id: gold}, conversion)
    assert [p.check for p in conversion.problems] == ["interop-text-mismatch"]


def test_an_imported_document_passes_the_validator_when_its_source_was_valid(tmp_path):
    doc = pass_c_doc()
    (back,), _ = round_trip(doc, tmp_path)
    assert document_problems(back, "x") == []


def test_an_event_without_attributes_gets_the_ontology_defaults(tmp_path):
    """A stated attribute is kept; an unstated one takes the ontology's default, and tense, which has none,
    UNSPECIFIED (the file does not say)."""
    ann = "T1\tConflict.Attack 5 10\tfired\nE1\tConflict.Attack:T1\nA1\tPolarity E1 NEGATIVE\n"
    write_files(tmp_path, {"news.txt": b"They fired.", "news.ann": ann.encode()})
    conversion = Conversion()
    (doc,) = brat.import_documents([tmp_path], conversion)
    defaults = load_ontology().attribute_defaults
    assert "tense" not in defaults
    assert doc.events[0].attributes == {"polarity": "NEGATIVE", "tense": "UNSPECIFIED",
                                        "genericity": defaults["genericity"], "modality": defaults["modality"]}
