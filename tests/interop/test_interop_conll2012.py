"""CoNLL-2012: the export read and scored by an independent implementation (scorch, an alternative CoNLL-2011/2012
coreference scorer: its own reader of the column layout and its own MUC, B3 and CEAF-e), round trips, problems."""

import io
from dataclasses import replace

import conllu
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from newsbench.interop import conll2012
from newsbench.interop.problems import Conversion
from newsbench.interop.units import export_units
from newsbench.model import Submission, SystemInfo

from interop_helpers import annotator_c, gold_doc, pass_c_doc, scores
from strategies import documents

scorch_conll = pytest.importorskip("scorch.conll", reason="scorch (the dev extra) is not installed")
scorch_scores = pytest.importorskip("scorch.scores", reason="scorch (the dev extra) is not installed")


def scorch_clusters(text: str) -> dict[str, list[set]]:
    """doc name -> clusters of (sentence, first word, last word), as scorch's CoNLL reader parses the file."""
    return {name.rsplit("-", 1)[0]: [set(m) for m in entities.values()]
            for name, entities in scorch_conll.parse_file(io.StringIO(text))}


def scorch_figures(key: list[set], response: list[set]) -> dict[str, float]:
    """"metric/precision", ".../recall", ".../f1" as scorch computes them (it returns R, P, F)."""
    out = {}
    for name, metric in (("muc", scorch_scores.muc), ("b_cubed", scorch_scores.b_cubed),
                         ("ceaf_e", scorch_scores.ceaf_e)):
        r, p, f = metric(key, response)
        out |= {f"{name}/precision": float(p), f"{name}/recall": float(r), f"{name}/f1": float(f)}
    return out


def newsbench_figures(result_scores: dict) -> dict[str, float]:
    c = result_scores["coreference"]
    return {f"{m}/{v}": c[m][v] for m in ("muc", "b_cubed", "ceaf_e") for v in ("precision", "recall", "f1")}


def spans_by_position(doc, like=()) -> dict[tuple[int, str, str], tuple[int, int]]:
    """(sentence, first word, last word) as scorch names a mention -> code-point span, from the export's units."""
    out = {}
    for k, unit in enumerate(export_units(doc, like)):
        for i, (s, _) in enumerate(unit.tokens):
            for j in range(i, len(unit.tokens)):
                out[(k, str(i), str(j))] = (s, unit.tokens[j][1])
    return out


def test_scorch_reads_every_mention_and_cluster_of_the_gold():
    doc = gold_doc()
    clusters = scorch_clusters(conll2012.export([doc], Conversion()))[doc.doc_id]
    where = spans_by_position(doc)
    read = sorted(sorted(where[m] for m in c) for c in clusters)
    expected = {}
    for m in doc.mentions:
        expected.setdefault(m.entity, []).append((m.start, m.end))
    assert read == sorted(sorted(c) for c in expected.values())


COLUMNS = ["document", "part", "word_number", "word", "pos", "parse", "lemma", "frameset", "sense", "speaker",
           "named_entities", "coreference"]


def test_the_columns_follow_the_conll2012_layout_as_the_conllu_library_reads_it():
    doc = gold_doc()
    text = conll2012.export([doc], Conversion())
    lines = text.splitlines()
    assert lines[0] == f"#begin document ({doc.doc_id}); part 000" and lines[-1] == "#end document"
    sentences = [s for s in conllu.parse(text, fields=COLUMNS) if len(s)]  # the #end line closes an empty one
    assert len(sentences) == len(export_units(doc))
    rows = [token for sentence in sentences for token in sentence]
    assert {len(row) for row in rows} == {12}
    assert all(r["document"] == doc.doc_id and r["part"] == "0" and r["parse"] == "*" for r in rows)
    assert all([int(t["word_number"]) for t in s] == list(range(len(s))) for s in sentences)
    assert "".join(r["word"] for r in rows) == "".join(doc.text.split())  # every character but white space
    names = [r["named_entities"] for r in rows if r["named_entities"] != "*"]
    assert sum(n.startswith("(") for n in names) == len(conll2012.outermost_names(doc.mentions))


def test_exported_pass_c_scored_by_scorch_gives_the_figures_of_newsbench_score():
    gold, passc = gold_doc(), pass_c_doc()
    key = scorch_clusters(conll2012.export([gold], Conversion(), {gold.doc_id: [passc]}))[gold.doc_id]
    response = scorch_clusters(conll2012.export([passc], Conversion(), {gold.doc_id: [gold]}))[gold.doc_id]
    independent = scorch_figures(key, response)
    assert independent["muc/f1"] < 1
    assert newsbench_figures(scores(annotator_c(), ["coreference"])) == pytest.approx(independent, abs=1e-12)
    # and the submission made back from the exported CoNLL file scores the same in newsbench
    conversion = Conversion()
    back = conll2012.submission_documents(conll2012.export([passc], Conversion()), "c.conll", {gold.doc_id: gold},
                                          conversion, default_type="PER")
    assert not conversion.problems
    converted = scores(Submission(SystemInfo("c", "1", "converted"), tuple(back)), ["coreference"])
    assert converted["coreference"] == scores(annotator_c(), ["coreference"])["coreference"]


@st.composite
def key_and_response(draw):
    """A generated gold document and a response on its text: some mentions dropped, clusters redrawn."""
    doc = draw(documents())
    keep = draw(st.lists(st.booleans(), min_size=len(doc.mentions), max_size=len(doc.mentions)))
    mentions = [replace(m, entity=f"R{draw(st.integers(1, 4))}") for m, k in zip(doc.mentions, keep, strict=True) if k]
    assume(mentions)
    return doc, replace(doc, mentions=tuple(mentions), event_mentions=(), events=(), toponyms=())


def crossing(doc) -> bool:
    return any(a.entity == b.entity and a.start < b.start < a.end < b.end for a in doc.mentions for b in doc.mentions)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(key_and_response())
def test_generated_coreference_scored_by_scorch_equals_newsbench(pair):
    gold, response = pair
    assume(not crossing(gold) and not crossing(response))  # the column layout cannot carry those (counted on export)
    key_c = scorch_clusters(conll2012.export([gold], Conversion(), {gold.doc_id: [response]}))[gold.doc_id]
    resp_c = scorch_clusters(conll2012.export([response], Conversion(), {gold.doc_id: [gold]}))[gold.doc_id]
    conversion = Conversion()
    back = conll2012.submission_documents(conll2012.export([response], Conversion(), {gold.doc_id: [gold]}), "r",
                                          {gold.doc_id: gold}, conversion, default_type="PER")
    assert not conversion.problems
    got = newsbench_figures(scores(Submission(SystemInfo("r", "1", "r"), tuple(back)), ["coreference"], [gold]))
    expected = scorch_figures(key_c, resp_c)
    assert got == pytest.approx(expected, abs=1e-9)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(documents())
def test_generated_round_trip_keeps_every_mention_and_cluster(doc):
    assume(not crossing(doc))
    conversion = Conversion()
    back = conll2012.submission_documents(conll2012.export([doc], Conversion()), "x", {doc.doc_id: doc},
                                          conversion, default_type="PER")
    assert not conversion.problems
    clusters = {}
    for m in back[0].mentions:
        clusters.setdefault(m.cluster, set()).add((m.start, m.end))
    expected = {}
    for m in doc.mentions:
        expected.setdefault(m.entity, set()).add((m.start, m.end))
    assert sorted(map(sorted, clusters.values())) == sorted(map(sorted, expected.values()))
    names = {(m.start, m.end): m.type for m in conll2012.outermost_names(doc.mentions)}
    assert all(m.type == names[(m.start, m.end)] for m in back[0].mentions if m.level == "NAM")


def test_crossing_mentions_of_one_entity_are_counted_not_written():
    doc = gold_doc()
    a, b = doc.mentions[0], doc.mentions[1]  # "Iraq rockets fired at US embassy" and "Iraq"
    crossed = replace(b, id="MX", start=a.start + 5, end=a.end + 5, text=doc.text[a.start + 5:a.end + 5],
                      head_start=a.start + 5, head_end=a.start + 12, entity=a.entity, type=a.type)
    conversion = Conversion()
    text = conll2012.export([replace(doc, mentions=doc.mentions + (crossed,))], conversion)
    assert conversion.notes[("not-carried-span", "conll2012: a mention crossing another of its entity")] == 1
    assert sum(len(c) for c in scorch_clusters(text)[doc.doc_id]) == len(doc.mentions)


def test_mentions_without_a_type_need_a_default_type():
    doc = gold_doc()
    text = conll2012.export([doc], Conversion())
    conversion = Conversion()
    assert conll2012.submission_documents(text, "x", {doc.doc_id: doc}, conversion) == []
    assert [p.check for p in conversion.problems] == ["interop-type-missing"]


@pytest.mark.parametrize("text, check", [
    ("#begin document x\n", "interop-input-malformed"),
    ("a b c\n", "interop-input-malformed"),
    ("#begin document (nope); part 000\nnope 0 0 Iraq - * - - - - * (1)\n#end document\n", "interop-unknown-doc"),
])
def test_bad_input_is_a_problem(text, check):
    doc = gold_doc()
    conversion = Conversion()
    conll2012.submission_documents(text, "x", {doc.doc_id: doc}, conversion)
    assert [p.check for p in conversion.problems] == [check]


def test_unbalanced_brackets_and_unaligned_words_are_problems():
    doc = gold_doc()
    head = f"#begin document ({doc.doc_id}); part 000\n"
    for body, check in ((f"{doc.doc_id} 0 0 Iraq - * - - - - * 1)\n", "interop-input-malformed"),
                        (f"{doc.doc_id} 0 0 Nowhere - * - - - - * (1)\n", "interop-token-unaligned")):
        conversion = Conversion()
        conll2012.submission_documents(head + body + "#end document\n", "x", {doc.doc_id: doc}, conversion)
        assert [p.check for p in conversion.problems] == [check]


def test_a_system_file_without_some_sentences_is_aligned_to_the_ones_it_has():
    doc = gold_doc()
    blocks = conll2012.export([doc], Conversion()).split("\n\n")
    kept = "\n\n".join(b for k, b in enumerate(blocks) if k == 0 or k % 3)  # drop every third sentence
    conversion = Conversion()
    (back,) = conll2012.submission_documents(kept if kept.endswith("#end document\n") else kept + "\n#end document\n",
                                             "x", {doc.doc_id: doc}, conversion, default_type="PER")
    assert not conversion.problems
    units = export_units(replace(doc, events=(), event_mentions=()))  # the CoNLL export cuts at mentions only
    kept_units = [u for k, u in enumerate(units) if k == 0 or k % 3]
    assert len(kept_units) < len(units)
    assert {(m.start, m.end) for m in back.mentions} == {
        (m.start, m.end) for m in doc.mentions if any(u.start <= m.start < u.end for u in kept_units)}
