"""The batch kernels of the tasks count what the simple definitions count: each document's sets of hashable tuples,
intersected (spaCy's scorer), on generated gold documents and submissions, one batch of several documents."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Set
from typing import Any

import numpy as np
import pytest
from eval_strategies import corpora, spans, submissions
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbench.evaluation.categories import MentionColumns
from newsbench.evaluation.codes import column, combine, in_each_other, joint, set_counts, sorted_unique
from newsbench.evaluation.matching import (
    ARGUMENT_METRICS, MATCH_MODES, BatchText, GoldDocument, GoldMentions, TokenGrid, argument_sets, batch_bio_chunks,
    bio_chunks, head_mapped, relaxed_pairs,
)
from newsbench.evaluation.registry import REGISTRY
from newsbench.evaluation.submission import SPAN_RULES, first_by
from newsbench.evaluation.metrics import ACCURACY_RADIUS_KM, resolution_error_km
from newsbench.evaluation.tasks import NAME_LEVEL, DocumentInput, Totals
from newsbench.model import Document, PredictedTimex, PredictedToponym, SubmissionDocument
from newsbench.ontology import load_ontology

ONTOLOGY = load_ontology()


def _prf(key: str, gold: Set[Any], pred: Set[Any], labels: dict[str, list[Counter[str]]] | None) -> tuple[int, ...]:
    tp = gold & pred
    if labels is not None:
        acc = labels.setdefault(key, [Counter(), Counter(), Counter()])
        for c, items in zip(acc, (tp, pred - tp, gold - tp), strict=True):
            c.update(x[-1] for x in items)
    return (len(tp), len(pred) - len(tp), len(gold) - len(tp))


def events_by_definition(gd: GoldDocument, pred: SubmissionDocument, labels: dict[str, list[Counter[str]]]
                         ) -> dict[str, tuple[int, ...]]:
    """The events task's triggers and arguments of one document, as tuple sets."""
    ems = pred.event_mentions or ()
    chosen = first_by(ems, SPAN_RULES["event_mentions"])
    out = {"events/trigger_identification": _prf("", {(t.start, t.end) for t in gd.triggers},
                                                 {(s, e) for s, e, _ in chosen}, None),
           "events/trigger_classification": _prf("events/trigger_classification",
                                                 {(t.start, t.end, t.type) for t in gd.triggers}, set(chosen), labels)}
    for mode in MATCH_MODES:
        gold = argument_sets(gd.argument_items[mode])
        attached = {(e.start, e.end, e.type, gd.filler_keys(a.start, a.end, a.role)[MATCH_MODES.index(mode)], a.role)
                    for e in ems for a in e.arguments}
        predicted = argument_sets(attached)
        for base in ARGUMENT_METRICS:
            key = f"events/{base}_{mode}"
            out[key] = _prf(key, gold[base], predicted[base], labels if "classification" in base else None)
    return out


@st.composite
def tangled_corpora(draw) -> list[Document]:
    """Generated gold documents where triggers may share a span (mentions of other events added at the spans of
    some) and, as in an invalid gold that the library still scores, mention and timex ids may repeat."""
    out = []
    for doc in draw(corpora(max_docs=5)):
        ems = list(doc.event_mentions)
        for em in draw(st.lists(st.sampled_from(ems), max_size=3)) if ems else ():
            ems.append(dataclasses.replace(em, id=f"{em.id}-{len(ems)}", event=draw(st.sampled_from(doc.events)).id))
        layers = {}
        for name in ("mentions", "timexes"):
            items = list(getattr(doc, name))
            if items and draw(st.booleans()):  # a copy of one item under the id of another (or its own)
                items.append(dataclasses.replace(draw(st.sampled_from(items)), id=draw(st.sampled_from(items)).id))
            layers[name] = tuple(items)
        out.append(dataclasses.replace(doc, event_mentions=tuple(ems), **layers))
    return out


def scored_batch(data: st.DataObject, task: str, documents: st.SearchStrategy[list[Document]] | None = None,
                 shared_columns: bool = False) -> tuple[list[GoldDocument], Any, list[dict[str, Any]], Totals]:
    """Generated gold documents (``documents``, default :func:`corpora`) and a submission, one batch scored by the
    task's kernel: (golds, submission, count rows, totals). ``shared_columns``: the predicted mentions handed over
    as the batch's columns, as the scorer does after the submission checks read them."""
    docs = data.draw(documents if documents is not None else corpora(max_docs=5))
    sub = data.draw(submissions(docs))
    golds = [GoldDocument(d, ONTOLOGY) for d in docs]
    columns = MentionColumns.of([p.mentions or () for p in sub.documents]) if shared_columns else None
    inputs = [DocumentInput(g, p, k, ONTOLOGY, None if columns is None else (columns, k))
              for k, (g, p) in enumerate(zip(golds, sub.documents, strict=True))]
    outs: list[dict[str, Any]] = [{} for _ in docs]
    totals = Totals()
    REGISTRY[task].score(inputs, outs, totals)
    return golds, sub, outs, totals


@pytest.mark.parametrize("documents", [None, tangled_corpora()], ids=["valid", "shared-spans-repeated-ids"])
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_events_kernel_counts_the_tuple_sets(documents, data):
    golds, sub, outs, totals = scored_batch(data, "events", documents)
    labels: dict[str, list[Counter[str]]] = {}
    for g, p, out in zip(golds, sub.documents, outs, strict=True):
        expected = events_by_definition(g, p, labels)
        assert {k: out[k] for k in expected} == expected
    got = {k: [+c for c in v] for k, v in totals.labels.items() if k in labels}
    assert got == {k: [+c for c in v] for k, v in labels.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2 ** 40), st.integers(0, 5)), max_size=8),
                min_size=2, max_size=2))
def test_codes_are_sets_of_tuples(sides):
    """Equal rows get equal codes on both sides, whatever their size (partial codes that would overflow are
    ranked first), and set_counts counts each document's set."""
    gold, pred = ([np.array([row[k] for row in side], dtype=np.int64) for k in range(3)] for side in sides)
    g_code, p_code = joint(gold, pred, radix=6)
    for code, side in ((g_code, sides[0]), (p_code, sides[1])):
        assert (code % 6).tolist() == [row[2] for row in side]
    rows = {row: code for side, codes in zip(sides, (g_code, p_code), strict=True)
            for row, code in zip(side, codes.tolist(), strict=True)}
    assert len(set(rows.values())) == len(rows)
    counted = set_counts(g_code, gold[0], p_code, pred[0], 4)
    for d in range(4):
        g = {row for row in sides[0] if row[0] == d}
        p = {row for row in sides[1] if row[0] == d}
        assert (counted.tp[d], counted.fp[d], counted.fn[d]) == (len(g & p), len(p - g), len(g - p))
    assert combine(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).size == 0


@st.composite
def chunk_documents(draw):
    """A text and items over it: any spans (crossing sentences, inside tokens, overlapping), labels, tie-breaks."""
    from strategies import texts

    text = draw(texts(min_words=1, max_words=30))
    n = len(text)
    items = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 12), st.sampled_from(["GPE", "ORG", "PER"]),
                                    st.integers(0, 3)), max_size=14))
    return text, [(s, min(n, s + k), label, tie) for s, k, label, tie in items]


@settings(max_examples=300, deadline=None)
@given(st.lists(chunk_documents(), min_size=1, max_size=4))
def test_batch_chunks_are_the_chunks_of_each_document(docs):
    grids = [TokenGrid.of(text) for text, _ in docs]
    batch = BatchText([text for text, _ in docs])
    labels = ["GPE", "ORG", "PER"]
    flat = [(d, *item) for d, (_, items) in enumerate(docs) for item in items]
    got = batch_bio_chunks(batch, *(np.array([row[k] for row in flat], dtype=np.int64) for k in (0, 1, 2)),
                           np.array([labels.index(row[3]) for row in flat], dtype=np.int64),
                           np.array([row[4] for row in flat], dtype=np.int64))
    dropped = 0
    for d, ((_, items), grid) in enumerate(zip(docs, grids, strict=True)):
        chunks, n = bio_chunks(grid, items)
        dropped += n
        mine = set()
        base = int(batch.base[d])
        for a, b, label in zip(got.first[got.doc == d].tolist(), got.stop[got.doc == d].tolist(),
                               got.label[got.doc == d].tolist(), strict=True):
            i, j = list(grid.starts).index(a - base), list(grid.ends).index(b - base) + 1
            s = grid.sentence_of[i]
            mine.add((s, i - grid.first_token[s], j - grid.first_token[s], labels[label]))
        assert mine == chunks
    assert got.dropped == dropped


_CHARS = "abcXYZ é½_1 3,0 .!?'’s\"”)(\n\u00a0\u2003\u3000\t-UMrSt"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=_CHARS, max_size=40), min_size=1, max_size=4), st.data())
def test_placing_spans_in_bulk_is_placing_them_on_the_tokens(texts, data):
    """BatchText.place gives TokenGrid.place's tokens (as offsets), on texts of every kind of code point the
    tokeniser and the sentence splitter treat apart, and spans anywhere (empty, in white space, at the ends)."""
    batch = BatchText(texts)
    rows = [(d, s, data.draw(st.integers(s, len(t)))) for d, t in enumerate(texts)
            for s in data.draw(st.lists(st.integers(0, len(t)), max_size=8))]
    doc, start, end = (np.array([r[k] for r in rows], dtype=np.int64) for k in range(3))
    first, stop, ok = batch.place(doc, start, end)
    for k, (d, s, e) in enumerate(rows):
        grid = TokenGrid.of(texts[d])
        placed = grid.place(s, e)
        assert bool(ok[k]) == (placed is not None), (texts[d], s, e)
        if placed is not None:
            sentence, i, j = placed
            base = grid.first_token[sentence]
            assert (first[k] - batch.base[d], stop[k] - batch.base[d]) == (grid.starts[base + i],
                                                                           grid.ends[base + j - 1])


def test_the_white_space_table_is_the_tokenisers():
    import re
    import sys

    from newsbench.evaluation.matching import _CLASS, _SPACE

    space = re.compile(r"\s")
    assert all(bool(space.match(chr(c))) == (c <= 0x3000 and bool(_CLASS[c] & _SPACE))
               for c in range(sys.maxunicode + 1))


def bio_by_definition(gd: GoldDocument, pred: SubmissionDocument, labels: dict[str, list[Counter[str]]]
                      ) -> tuple[dict[str, tuple[int, ...]], tuple[int, int, int]]:
    """The bio task of one document from bio_chunks' tuple sets, and its (gold extents, gold heads, predictions)
    not in IOB2."""
    names = {(m.start, m.end, m.type) for m in pred.mentions or () if m.level in (NAME_LEVEL, None)}
    p, p_dropped = bio_chunks(gd.grid, names)
    p_heads, _ = bio_chunks(gd.grid, head_mapped(gd, names))
    (extents, e_dropped), (heads, h_dropped) = gd.bio_extent_chunks, gd.bio_chunks
    return ({"bio/strict": _prf("bio/strict", extents, p, labels),
             "bio/strict_head": _prf("bio/strict_head", heads, p_heads, labels)}, (e_dropped, h_dropped, p_dropped))


@pytest.mark.parametrize("shared_columns", [False, True], ids=["objects", "columns"])
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_bio_kernel_counts_the_chunk_sets(shared_columns, data):
    golds, sub, outs, totals = scored_batch(data, "bio", shared_columns=shared_columns)
    labels: dict[str, list[Counter[str]]] = {}
    dropped = [0, 0, 0]
    for g, p, out in zip(golds, sub.documents, outs, strict=True):
        expected, n = bio_by_definition(g, p, labels)
        dropped = [a + b for a, b in zip(dropped, n, strict=True)]
        assert out == expected
    assert {k: [+c for c in v] for k, v in totals.labels.items()} == {k: [+c for c in v] for k, v in labels.items()}
    assert [totals.bio_extent_gold_dropped, totals.bio_gold_dropped, totals.bio_predicted_dropped] == dropped


def test_every_kernel_takes_an_empty_batch():
    for task in REGISTRY.values():
        totals = Totals()
        task.score([], [], totals)
        assert not any(any(c) for counters in totals.labels.values() for c in counters), task.name


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=30), st.lists(st.integers(0, 50), max_size=30))
def test_sorted_unique_is_unique(values, within):
    v = np.sort(np.array(values + within, dtype=np.int64))
    assert sorted_unique(v).tolist() == np.unique(v).tolist()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(1, 256), st.integers(257, 2 ** 40)).flatmap(
    lambda bound: st.tuples(st.just(bound), st.lists(st.integers(0, bound - 1), max_size=30))))
def test_a_column_is_its_values_as_writable_int64_whatever_their_bound(case):
    bound, values = case
    for col in (column(values), column(values, bound)):
        assert col.dtype == np.int64 and col.flags.writeable and col.tolist() == values


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(-5, 50), max_size=30), st.sets(st.integers(-5, 50), max_size=30))
def test_shared_membership_is_isin_both_ways(a, b):
    x, y = np.array(sorted(a), dtype=np.int64), np.array(sorted(b), dtype=np.int64)
    in_y, in_x = in_each_other(x, y)
    assert in_y.tolist() == np.isin(x, y).tolist() and in_x.tolist() == np.isin(y, x).tolist()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_head_matching_in_bulk_is_head_matching_each_span(data):
    docs = data.draw(corpora(max_docs=4))
    golds = [GoldDocument(d, ONTOLOGY) for d in docs]
    table = GoldMentions.of(docs)
    rows = [(d, *span) for d, doc in enumerate(docs) for span in data.draw(st.lists(
        st.one_of(spans(max_pos=len(doc.text), max_len=12).map(lambda x: x[:2]),
                  st.sampled_from([(m.start, m.end) for m in doc.mentions] or [(0, 0)])), max_size=10))]
    doc, start, end = (np.array([r[k] for r in rows], dtype=np.int64) for k in range(3))
    got = table.head_match(doc, start, end).tolist()
    for (d, s, e), k in zip(rows, got, strict=True):
        expected = golds[d].head_match(s, e)
        assert (table.mentions[k] if k >= 0 else None) is expected, (d, s, e)


def test_head_matching_in_bulk_breaks_ties_by_id_where_extents_repeat():
    """Two mentions with one extent (the validator forbids it; an unvalidated gold may hold it): the first by id
    (a string: M10 before M2) wins, as GoldDocument.head_match."""
    from newsbench.model import Document, Entity, Mention, Meta

    meta = Meta("0" * 64, "t", "en", "none", "https://example.org/", "unknown", "unknown", "2021-10-31")
    mentions = (Mention("M2", "E1", "PER", "NAM", 0, 9, "Ann Smith", 4, 9),
                Mention("M10", "E1", "PER", "NAM", 0, 9, "Ann Smith", 0, 3),
                Mention("M3", "E1", "PER", "NAM", 0, 13, "Ann Smith Jr", 4, 9))
    doc = Document("d0", "Ann Smith Jr. left.", meta, (Entity("E1", "PER"),), mentions)
    gold = GoldDocument(doc, ONTOLOGY)
    spans_ = [(0, 9), (4, 9), (0, 3), (4, 13), (0, 13), (2, 5)]
    got = GoldMentions.of([doc]).head_match(np.zeros(len(spans_), dtype=np.int64),
                                            *(np.array(c, dtype=np.int64) for c in zip(*spans_, strict=True)))
    assert [mentions[k].id if k >= 0 else None for k in got.tolist()] == [
        m.id if m is not None else None for m in (gold.head_match(s, e) for s, e in spans_)]
    assert got.tolist()[0] == 1



@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_timexes_per_type_relaxed_counts_align_each_types_items_alone(data):
    golds, sub, outs, totals = scored_batch(data, "timexes")
    expected: list[Counter[str]] = [Counter(), Counter(), Counter()]
    for g, p, out in zip(golds, sub.documents, outs, strict=True):
        chosen = first_by(p.timexes or (), SPAN_RULES["timexes"])
        n = len(relaxed_pairs({(s, e, "") for s, e in g.timex_by_span}, {(s, e, "") for s, e in chosen}))
        assert out["timexes/relaxed"] == (n, len(chosen) - n, len(g.timex_by_span) - n)
        gold = {(s, e, t.type) for (s, e), t in g.timex_by_span.items()}
        pred = {(s, e, t.type if t.type is not None else g.timex_by_span[(s, e)].type
                 if (s, e) in g.timex_by_span else "-") for (s, e), t in chosen.items()}
        for label in {x[2] for x in gold | pred}:
            gl, pl = {x for x in gold if x[2] == label}, {x for x in pred if x[2] == label}
            k = len(relaxed_pairs(gl, pl))
            for c, n in zip(expected, (k, len(pl) - k, len(gl) - k), strict=True):
                c[label] += n
    assert [+c for c in totals.labels.get("timexes/relaxed", [Counter()] * 3)] == [+c for c in expected]


def attributes_by_definition(gd: GoldDocument, pred: SubmissionDocument) -> dict[str, tuple[int, int]]:
    """The event attributes of one document: each gold trigger in span order takes a prediction of its span (one of
    its type first); attributes compared by name, the realis derived when not predicted and all four are."""
    chosen = first_by(pred.event_mentions or (), SPAN_RULES["event_mentions"])
    left = sorted(chosen.items())
    names = (*ONTOLOGY.attributes, "realis")
    correct, total = Counter(), 0
    for t in gd.triggers:  # in span order
        at = [k for k, ((s, e, _), _) in enumerate(left) if (s, e) == (t.start, t.end)]
        if not at:
            continue
        k = next((k for k in at if left[k][0][2] == t.type), at[0])
        p = left.pop(k)[1]
        total += 1
        mine = dict(p.attributes or {})
        if "realis" not in mine and all(a in mine for a in ONTOLOGY.attributes):
            mine["realis"] = ONTOLOGY.realis(mine)
        gold = {**t.event.attributes, "realis": ONTOLOGY.realis(t.event.attributes)}
        for a in names:
            correct[a] += mine.get(a) == gold[a]
    return {f"events/attribute_{a}": (correct[a], total) for a in names}


@pytest.mark.parametrize("documents", [None, tangled_corpora()], ids=["valid", "shared-spans-repeated-ids"])
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_event_attributes_are_compared_on_triggers_matched_by_span(documents, data):
    golds, sub, outs, _ = scored_batch(data, "events", documents)
    for g, p, out in zip(golds, sub.documents, outs, strict=True):
        expected = attributes_by_definition(g, p)
        assert {k: out[k] for k in expected} == expected


def timexes_by_definition(gd: GoldDocument, timexes: Any, labels: dict[str, list[Counter[str]]]
                          ) -> dict[str, tuple[int, ...]]:
    """The timexes task of one document: strict over spans (per type over span and type, a prediction without a
    type taking the gold type at its span); relaxed: relaxed_pairs of the spans (per type: of each type's items);
    value and type accuracy on the relaxed pairs, per gold type."""
    chosen = first_by(timexes, SPAN_RULES["timexes"])
    gold = gd.timex_by_span
    gold_typed = {(s, e, t.type) for (s, e), t in gold.items()}
    pred_typed = {(s, e, t.type if t.type is not None else gold[(s, e)].type if (s, e) in gold else "-")
                  for (s, e), t in chosen.items()}
    out = {"timexes/strict": _prf("", set(gold), set(chosen), None)}
    _prf("timexes/strict", gold_typed, pred_typed, labels)
    pairs = relaxed_pairs({(s, e, "") for s, e in gold}, {(s, e, "") for s, e in chosen})
    n = len(pairs)
    out["timexes/relaxed"] = (n, len(chosen) - n, len(gold) - n)
    acc = labels.setdefault("timexes/relaxed", [Counter(), Counter(), Counter()])
    for label in {x[2] for x in gold_typed | pred_typed}:
        gl, pl = {x for x in gold_typed if x[2] == label}, {x for x in pred_typed if x[2] == label}
        k = len(relaxed_pairs(gl, pl))
        for c, n_label in zip(acc, (k, len(pl) - k, len(gl) - k), strict=True):
            c[label] += n_label
    for name, field in (("value", "value"), ("type", "type")):
        key = f"timexes/{name}_accuracy"
        acc = labels.setdefault(key, [Counter(), Counter()])
        same = [getattr(gold[g[:2]], field) == getattr(chosen[p[:2]], field) for g, p in pairs]
        for (g, _), ok in zip(pairs, same, strict=True):
            acc[0][gold[g[:2]].type] += ok
            acc[1][gold[g[:2]].type] += 1
        out[key] = (sum(same), n)
    return out


def toponyms_by_definition(gd: GoldDocument, toponyms: Any, row: int, labels: dict[str, list[Counter[str]]],
                           resolution: list[tuple[int, str, float]]) -> dict[str, tuple[Any, ...]]:
    """The toponyms task of one document: strict over spans (per reading over span and reading); on equal spans, in
    span order, the reading accuracy and, where the gold reading denotes a place, the resolution error."""
    chosen = first_by(toponyms, SPAN_RULES["toponyms"])
    gold = gd.toponym_at
    out: dict[str, tuple[Any, ...]] = {"toponyms/strict": _prf("", set(gold), set(chosen), None)}
    _prf("toponyms/strict", {(s, e, t.reading) for (s, e), t in gold.items()},
         {(s, e, t.reading if t.reading is not None else gold[(s, e)].reading if (s, e) in gold else "-")
          for (s, e), t in chosen.items()}, labels)
    reading, within, km = [0, 0], [0, 0], [0.0, 0]
    accs = {k: labels.setdefault(f"toponyms/{k}", [Counter(), Counter()])
            for k in ("reading_accuracy", "acc_at_161km", "mean_km")}
    for span in sorted(set(gold) & set(chosen)):
        g, p = gold[span], chosen[span]
        for c, n in zip(accs["reading_accuracy"], (p.reading == g.reading, 1), strict=True):
            c[g.reading] += n
        reading = [reading[0] + (p.reading == g.reading), reading[1] + 1]
        if g.reading in ONTOLOGY.no_place_readings:
            continue
        error = resolution_error_km(g.lat, g.lon, g.geonames_id, p.lat, p.lon, p.geonames_id)
        within = [within[0] + (error <= ACCURACY_RADIUS_KM), within[1] + 1]
        km = [km[0] + error, km[1] + 1]
        for c, n in zip(accs["acc_at_161km"], (error <= ACCURACY_RADIUS_KM, 1), strict=True):
            c[g.reading] += n
        for c, n in zip(accs["mean_km"], (error, 1), strict=True):
            c[g.reading] += n
        resolution.append((row, g.reading, error))
    out.update({"toponyms/reading_accuracy": tuple(reading), "toponyms/acc_at_161km": tuple(within),
                "toponyms/mean_km": tuple(km)})
    return out


@st.composite
def noisy_submissions(draw, docs: list[Document]) -> Any:
    """A submission (``submissions``) with more timexes and toponyms: invented ones (anywhere, typed or not) and
    repeats of predicted ones at their span with another type, value or reading (the scorer keeps one a span)."""
    sub = draw(submissions(docs))
    out = []
    for doc, pred in zip(docs, sub.documents, strict=True):
        n = len(doc.text)
        timexes, toponyms = list(pred.timexes or ()), list(pred.toponyms or ())
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, n - 1))
            timexes.append(PredictedTimex(start, draw(st.integers(start + 1, min(n, start + 15))),
                                          draw(st.sampled_from([None, *ONTOLOGY.timex_types])),
                                          draw(st.sampled_from([None, "2021", "PXD"]))))
            toponyms.append(PredictedToponym(start, draw(st.integers(start + 1, min(n, start + 15))),
                                             draw(st.sampled_from([None, *ONTOLOGY.toponym_readings])),
                                             None, draw(st.floats(-90, 90)), draw(st.floats(-180, 180))))
        for t in draw(st.lists(st.sampled_from(timexes), max_size=2)) if timexes else ():
            timexes.append(dataclasses.replace(t, type=draw(st.sampled_from([None, *ONTOLOGY.timex_types]))))
        for t in draw(st.lists(st.sampled_from(toponyms), max_size=2)) if toponyms else ():
            toponyms.append(dataclasses.replace(t, reading=draw(st.sampled_from([None, *ONTOLOGY.toponym_readings]))))
        out.append(dataclasses.replace(pred, timexes=tuple(draw(st.permutations(timexes))),
                                       toponyms=tuple(draw(st.permutations(toponyms)))))
    return dataclasses.replace(sub, documents=tuple(out))


@pytest.mark.parametrize("documents", [None, tangled_corpora()], ids=["valid", "shared-spans-repeated-ids"])
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_timexes_and_toponyms_kernels_count_each_documents_definition(documents, data):
    """Every count row, per-label count and resolution item of the batch kernels (first row 3: rows are numbered
    from the batch's first) is that of each document's definition, floats included (summed in the same order)."""
    docs = data.draw(documents if documents is not None else corpora(max_docs=5))
    sub = data.draw(noisy_submissions(docs))
    golds = [GoldDocument(d, ONTOLOGY) for d in docs]
    inputs = [DocumentInput(g, p, 3 + k, ONTOLOGY) for k, (g, p) in enumerate(zip(golds, sub.documents, strict=True))]
    labels: dict[str, list[Counter[str]]] = {}
    resolution: list[tuple[int, str, float]] = []
    expected = [{**timexes_by_definition(g, d.layer("timexes", "timexes"), labels),
                 **toponyms_by_definition(g, d.layer("toponyms", "toponyms"), d.row, labels, resolution)}
                for g, d in zip(golds, inputs, strict=True)]
    outs: list[dict[str, Any]] = [{} for _ in docs]
    totals = Totals()
    for task in ("timexes", "toponyms"):
        REGISTRY[task].score(inputs, outs, totals)
    assert outs == expected
    assert {k: [+c for c in v] for k, v in totals.labels.items()} == {k: [+c for c in v] for k, v in labels.items()}
    assert list(zip(*totals.items["toponyms/resolution"], strict=True)) == resolution


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_bio_and_events_share_the_batch_gold_mention_columns(data):
    """The batch's documents sharing one ``gold_columns``: bio makes the gold mention columns, events reads the same
    object (one entry for the batch's rows), and the counts are those of tasks that make their own; a task scoring
    part of the batch gets the columns of its documents only."""
    docs = data.draw(corpora(max_docs=5))
    sub = data.draw(submissions(docs))

    def scored(shared: dict[tuple[int, ...], GoldMentions] | None, parts: list[list[int]]
               ) -> tuple[list[dict[str, Any]], Totals]:
        golds = [GoldDocument(d, ONTOLOGY) for d in docs]
        inputs = [DocumentInput(g, p, k, ONTOLOGY, None, shared)
                  for k, (g, p) in enumerate(zip(golds, sub.documents, strict=True))]
        outs: list[dict[str, Any]] = [{} for _ in docs]
        totals = Totals()
        for task, part in zip(("bio", "events", "events"), parts, strict=True):
            REGISTRY[task].score([inputs[k] for k in part], [outs[k] for k in part], totals)
        return outs, totals

    every = list(range(len(docs)))
    some = data.draw(st.lists(st.sampled_from(every), unique=True).map(sorted)) if docs else []
    shared: dict[tuple[int, ...], GoldMentions] = {}
    outs, totals = scored(shared, [every, every, some])
    alone, alone_totals = scored(None, [every, every, some])
    assert outs == alone
    assert {k: [+c for c in v] for k, v in totals.labels.items()} == {
        k: [+c for c in v] for k, v in alone_totals.labels.items()}
    # one entry per set of rows scored (an empty part keeps none): events reused bio's for the whole batch
    assert set(shared) == {tuple(part) for part in (every, some) if part}
    for rows, columns in shared.items():
        expected = GoldMentions.of([docs[k] for k in rows])
        assert columns.mentions == expected.mentions
        assert all(np.array_equal(getattr(columns, f), getattr(expected, f))
                   for f in ("doc", "start", "end", "head_start", "head_end", "position"))
