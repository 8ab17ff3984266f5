"""`newsbench agree` and `newsbench adjudicate`: agreement with the scorer's matching and Cohen's kappa, the
disagreement report, decisions, and a valid merged document."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbench import jsonio
from newsbench.annotation.adjudication import adjudicate, disagreements, merge
from newsbench.annotation.agreement import Pass, agreement, cohen_kappa
from newsbench.cli import main
from newsbench.labelstudio.convert import documents_to_tasks
from newsbench.model import Document
from newsbench.validate import CHECKS, document_problems, document_warnings
from strategies import documents

sys.path.insert(0, str(Path(__file__).parents[1] / "labelstudio"))
from sample import sample_document

A = sample_document()


def replace(items, match, **changes):
    return tuple(dataclasses.replace(x, **changes) if match(x) else x for x in items)


def second_pass(doc: Document) -> Document:
    """The sample as another annotator saw it: "police" a pronoun, the attack's modality OTHER, no "Sunday"."""
    return dataclasses.replace(
        doc,
        mentions=replace(doc.mentions, lambda m: m.id == "m4", level="PRO"),
        events=replace(doc.events, lambda e: e.id == "EV1", modality="OTHER"),
        timexes=tuple(t for t in doc.timexes if t.id != "t2"),
        event_mentions=tuple(dataclasses.replace(em, arguments=tuple(a for a in em.arguments if a.ref != "t2"))
                             for em in doc.event_mentions))


B = second_pass(A)


def write_pass(folder: Path, *docs: Document) -> Path:
    for d in docs:
        jsonio.write_document(folder / f"{d.doc_id}.json", d)
    return folder


# --- agreement ---------------------------------------------------------------------------------


def test_a_pass_agrees_fully_with_itself():
    result, problems = agreement(Pass("a", (A,), ()), Pass("b", (A,), ()))
    assert problems == []
    for task, metrics in result.scores.items():
        for name, m in metrics.items():
            if "f1" in m:
                assert m["f1"] == 1.0, (task, name)
    assert all(k.kappa in (1.0, None) and k.observed == 1.0 for k in result.kappas.values())


def test_kappa_matches_a_hand_computation():
    result, _ = agreement(Pass("a", (A,), ()), Pass("b", (B,), ()))
    # levels of the 11 mentions: A has 4 NAM and 7 NOM, B the same but one NOM is PRO
    po, pe = 10 / 11, (4 / 11) * (4 / 11) + (7 / 11) * (6 / 11)
    assert result.kappas["mention_level"].kappa == pytest.approx((po - pe) / (1 - pe))
    # modality on the 4 triggers: A ASSERTED ASSERTED OTHER ASSERTED, B OTHER OTHER OTHER ASSERTED
    po, pe = 2 / 4, (3 / 4) * (1 / 4) + (1 / 4) * (3 / 4)
    assert result.kappas["event_modality"].kappa == pytest.approx((po - pe) / (1 - pe))
    assert result.kappas["event_polarity"].kappa is None and result.kappas["event_polarity"].observed == 1.0
    timexes = result.scores["timexes"]["strict"]
    assert timexes["counts"] == {"tp": 1, "fp": 0, "fn": 1}
    args = result.scores["events"]["argument_classification_span"]["counts"]
    assert args == {"tp": 8, "fp": 0, "fn": 1}
    by_level = result.scores["entities_all"]["mention_detection"]["by_type"]
    assert by_level["NOM"]["counts"] == {"tp": 6, "fp": 0, "fn": 1} and by_level["PRO"]["counts"]["fp"] == 1


def test_cohen_kappa_edge_cases():
    assert cohen_kappa("x", []).kappa is None
    assert cohen_kappa("x", [("a", "b"), ("b", "a")]).kappa == pytest.approx(-1.0)


def test_agree_cli_on_folders_and_on_one_export_with_two_annotators(tmp_path, capsys):
    a = write_pass(tmp_path / "a", A)
    b = write_pass(tmp_path / "b", B)
    out = tmp_path / "agreement.json"
    assert main(["agree", str(a), str(b), "--no-seeds", "-o", str(out)]) == 0
    table = capsys.readouterr().out
    assert "mention_level" in table and "argument_classification_span" in table
    from_folders = json.loads(out.read_text())
    assert from_folders["kappa"]["mention_level"]["items"] == 11

    (task,) = documents_to_tasks([A])
    (task_b,) = documents_to_tasks([B])
    task["annotations"][0].update(id=1, completed_by={"id": 1, "email": "ann@x.invalid"})
    task["annotations"].append({**task_b["annotations"][0], "id": 2, "completed_by": 2})
    export = tmp_path / "export.json"
    export.write_text(json.dumps([task]))
    assert main(["agree", str(export), str(export), "--annotator-a", "ann@x.invalid", "--annotator-b", "2",
                 "--no-seeds", "--json"]) == 0
    from_export = json.loads(capsys.readouterr().out)
    assert from_export["layers"] == from_folders["layers"] and from_export["kappa"] == from_folders["kappa"]


def _slipped(doc: Document) -> Document:
    """``doc`` with the offset slip of a script: "police" cut to "polic" (extent and head)."""
    return dataclasses.replace(doc, mentions=replace(doc.mentions, lambda m: m.id == "m4", end=61, text="polic",
                                                     head_end=61))


def test_agree_and_adjudicate_show_the_passes_warnings_and_go_on(tmp_path, capsys):
    assert document_problems(_slipped(B), "b.json") == []
    assert "span-cuts-token" not in {w.check for w in document_warnings(A, "a.json")}
    a, b = write_pass(tmp_path / "a", A), write_pass(tmp_path / "b", _slipped(B))
    assert main(["agree", str(a), str(b), "--no-seeds"]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "/mentions/3 span-cuts-token" in err and "b/" in err
    report = tmp_path / "adjudication"
    assert main(["adjudicate", str(a), str(b), "-o", str(report), "--no-seeds"]) == 1  # undecided
    assert "span-cuts-token" in capsys.readouterr().err
    (task,) = documents_to_tasks([_slipped(B)])  # the same pass from a Label Studio export
    export = tmp_path / "export.json"
    export.write_text(json.dumps([task]))
    assert main(["agree", str(a), str(export), "--no-seeds"]) == 0
    assert "span-cuts-token" in capsys.readouterr().err


def test_a_merged_document_keeps_the_warning_of_the_side_chosen(tmp_path):
    a, b = Pass("a", (A,), ()), Pass("b", (_slipped(A),), ())
    items = adjudicate(a, b).items
    assert items
    merged = adjudicate(a, b, {(A.doc_id, d.item): "B" for d, _ in items})
    cut = [(w.check, w.pointer) for w in merged.warnings if w.check == "span-cuts-token"]
    assert merged.problems == () and len(cut) == 1 and cut[0][1].startswith("/mentions/")
    kept = adjudicate(a, b, {(A.doc_id, d.item): "A" for d, _ in items})
    assert kept.merged and "span-cuts-token" not in {w.check for w in kept.warnings}


def test_passes_mismatch_and_partial(tmp_path, capsys):
    other = dataclasses.replace(A, doc_id="other", meta=A.meta)
    changed = dataclasses.replace(A, text=A.text.replace("Rockets", "Missile"))
    a = write_pass(tmp_path / "a", A, other)
    b = write_pass(tmp_path / "b", A)
    assert main(["agree", str(a), str(b), "--no-seeds", "--json"]) == 0
    assert "passes-partial" in capsys.readouterr().err
    result, problems = agreement(Pass("a", (A,), ()), Pass("b", (changed,), ()))
    assert result is None and [p.check for p in problems] == ["passes-mismatch"]
    assert {"passes-mismatch", "passes-partial", "decision-missing", "decision-invalid"} <= set(CHECKS)


def test_a_reference_annotation_limits_the_comparison_to_its_declared_layers_and_ranges(tmp_path, capsys):
    """agree --reference: A is a corpus's own (partial) annotation; B, a full pass, is compared with it only on the
    layers and ranges A declares (issue 15: passes scored against the development corpora's human annotation)."""
    from newsbench.model import AnnotatedLayer

    reference = dataclasses.replace(A, annotated=(AnnotatedLayer("entities", ((0, 100),)),),
                                    mentions=tuple(m for m in A.mentions if m.end <= 100), timexes=(), events=(),
                                    event_mentions=(), toponyms=())
    reference = dataclasses.replace(reference, entities=tuple(
        e for e in A.entities if any(m.entity == e.id for m in reference.mentions)))
    assert document_problems(reference, "reference.json") == []
    plain, problems = agreement(Pass("ref", (reference,), ()), Pass("full", (A,), ()))
    assert plain is None and [p.check for p in problems] == ["passes-mismatch"]
    result, problems = agreement(Pass("ref", (reference,), ()), Pass("full", (A,), ()), reference=True)
    assert problems == [] and result is not None
    strict = result.scores["entities_all"]["strict"]
    assert strict["f1"] == 1.0 and strict["counts"]["spurious"] == 0  # B's mentions past 100 are not counted
    assert "timexes" not in result.scores or result.scores["timexes"]["strict"].get("documents") == 0
    # the other way round B's declaration must cover A's: a reference that declares more is still a mismatch
    _, problems = agreement(Pass("full", (reference,), ()), Pass("ref", (dataclasses.replace(
        reference, annotated=(AnnotatedLayer("entities", ((0, 50),)),), mentions=tuple(
            m for m in reference.mentions if m.end <= 50)),), ()), reference=True)
    assert "passes-mismatch" in [p.check for p in problems]
    a = write_pass(tmp_path / "ref", reference)
    b = write_pass(tmp_path / "full", A)
    assert main(["agree", str(a), str(b), "--no-seeds"]) == 1
    assert main(["agree", str(a), str(b), "--no-seeds", "--reference"]) == 0


# --- adjudication --------------------------------------------------------------------------------


def test_identical_passes_have_nothing_to_decide(tmp_path):
    assert disagreements(A, A) == []
    a = write_pass(tmp_path / "a", A)
    assert main(["adjudicate", str(a), str(a), "-o", str(tmp_path / "out"), "--no-seeds"]) == 0
    assert jsonio.read_document(tmp_path / "out" / f"{A.doc_id}.json") == A


def test_report_then_decisions_then_merged(tmp_path, capsys):
    a = write_pass(tmp_path / "a", A)
    b = write_pass(tmp_path / "b", B)
    out = tmp_path / "out"
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds"]) == 1
    report = json.loads((out / "disagreements.json").read_text())
    assert [i["item"] for i in report["items"]] == ["mention:56-62", "timex:174-180",
                                                    "trigger:156-164:Justice.Arrest-Jail",
                                                    "events:8-11:Conflict.Attack"]
    assert "police" in (out / "disagreements.txt").read_text() and not (out / f"{A.doc_id}.json").exists()
    # decide: B on everything but the timex and the trigger, which keep A's "Sunday" and its Time argument
    for item in report["items"]:
        item["decision"] = "A" if item["kind"] in ("timex", "trigger") else "B"
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps(report))
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decisions", str(decisions)]) == 0
    merged = jsonio.read_document(out / f"{A.doc_id}.json")
    assert merged == dataclasses.replace(A, mentions=B.mentions, events=B.events)
    assert document_problems(merged, "merged") == []
    assert json.loads((out / "disagreements.json").read_text())["items"][0]["decision"] == "B"


def test_missing_and_invalid_decisions(tmp_path, capsys):
    a = write_pass(tmp_path / "a", A)
    b = write_pass(tmp_path / "b", B)
    out = tmp_path / "out"
    main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds"])
    report = json.loads((out / "disagreements.json").read_text())
    for item in report["items"][1:]:
        item["decision"] = "B"
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps(report))
    capsys.readouterr()
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decisions", str(decisions)]) == 1
    assert "decision-missing" in capsys.readouterr().err and not (out / f"{A.doc_id}.json").exists()
    report["items"][0]["decision"] = "both"
    decisions.write_text(json.dumps(report))
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decisions", str(decisions)]) == 1
    assert "decision-invalid" in capsys.readouterr().err
    report["items"][0].update(decision="A", item="mention:0-1")
    decisions.write_text(json.dumps(report))
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decisions", str(decisions)]) == 1
    err = capsys.readouterr().err
    assert "decision-invalid" in err and "'mention:0-1'" in err and "decision-missing" in err


# --- properties on generated documents ------------------------------------------------------------


def canonical(doc: Document) -> tuple:
    """A document by spans only (no ids, no order): what two equivalent annotations share."""
    mentions = {m.id: m for m in doc.mentions}
    span = {**{m.id: (m.start, m.end) for m in doc.mentions}, **{t.id: (t.start, t.end) for t in doc.timexes}}
    entities = {e.id: e for e in doc.entities}
    events = {e.id: e for e in doc.events}
    return (
        frozenset((m.start, m.end, m.type, m.level, m.head_start, m.head_end) for m in doc.mentions),
        frozenset((frozenset(span[m.id] for m in doc.mentions if m.entity == e), entities[e].subtype)
                  for e in entities),
        frozenset((t.start, t.end, t.type, t.value) for t in doc.timexes),
        frozenset((em.start, em.end, frozenset((a.role, span[a.ref]) for a in em.arguments))
                  for em in doc.event_mentions),
        frozenset((frozenset((em.start, em.end) for em in doc.event_mentions if em.event == e),
                   ev.type, tuple(ev.attributes.values()), ev.place, ev.date) for e, ev in events.items()),
        frozenset((span[t.mention], t.reading, t.geonames_id, t.lat, t.lon, t.feature, t.source, t.uncertainty_km)
                  for t in doc.toponyms if t.mention in mentions),
    )


def renamed(doc: Document, prefix: str) -> Document:
    """The same annotation under other ids and in reverse order."""
    r = lambda i: prefix + i  # noqa: E731
    return dataclasses.replace(
        doc,
        entities=tuple(dataclasses.replace(e, id=r(e.id)) for e in reversed(doc.entities)),
        mentions=tuple(dataclasses.replace(m, id=r(m.id), entity=r(m.entity)) for m in reversed(doc.mentions)),
        timexes=tuple(dataclasses.replace(t, id=r(t.id)) for t in reversed(doc.timexes)),
        events=tuple(dataclasses.replace(e, id=r(e.id)) for e in reversed(doc.events)),
        event_mentions=tuple(dataclasses.replace(em, id=r(em.id), event=r(em.event), arguments=tuple(
            dataclasses.replace(a, ref=r(a.ref)) for a in em.arguments)) for em in reversed(doc.event_mentions)),
        toponyms=tuple(dataclasses.replace(t, mention=r(t.mention)) for t in reversed(doc.toponyms)))


@st.composite
def two_passes(draw) -> tuple[Document, Document]:
    """A generated document and a second pass of it: some items left out, some attributes changed, other ids."""
    a = draw(documents())
    drop_m = {m.id for m in a.mentions if draw(st.integers(0, 4)) == 0}
    drop_t = {t.id for t in a.timexes if draw(st.integers(0, 3)) == 0}
    drop_em = {em.id for em in a.event_mentions if draw(st.integers(0, 3)) == 0}
    flip_level = {m.id for m in a.mentions if m.level != "NAM" and draw(st.booleans())}
    flip_modality = {e.id for e in a.events if draw(st.booleans())}
    mentions = tuple(dataclasses.replace(m, level="PRO" if m.level == "NOM" else "NOM") if m.id in flip_level else m
                     for m in a.mentions if m.id not in drop_m)
    # coreference: one mention of a larger entity is split off into an entity of its own
    sizes = {e.id: sum(m.entity == e.id for m in mentions) for e in a.entities}
    movable = [m for m in mentions if sizes[m.entity] > 1]
    split = draw(st.sampled_from(movable)) if movable and draw(st.booleans()) else None
    extra = []
    if split is not None:
        source = next(e for e in a.entities if e.id == split.entity)
        extra.append(dataclasses.replace(source, id="split"))
        mentions = tuple(dataclasses.replace(m, entity="split") if m.id == split.id else m for m in mentions)
    kept = {m.id for m in mentions} | {t.id for t in a.timexes if t.id not in drop_t}
    ems = tuple(dataclasses.replace(em, arguments=tuple(x for x in em.arguments if x.ref in kept))
                for em in a.event_mentions if em.id not in drop_em)
    b = dataclasses.replace(
        a, mentions=mentions,
        entities=tuple(e for e in (*a.entities, *extra) if any(m.entity == e.id for m in mentions)),
        timexes=tuple(t for t in a.timexes if t.id not in drop_t), event_mentions=ems,
        events=tuple(dataclasses.replace(e, modality="OTHER" if e.modality == "ASSERTED" else "ASSERTED")
                     if e.id in flip_modality else e for e in a.events if any(em.event == e.id for em in ems)),
        toponyms=tuple(t for t in a.toponyms if t.mention in kept))
    return a, renamed(b, "b-")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passes=two_passes())
def test_merging_follows_the_decisions(passes):
    a, b = passes
    assert document_problems(b, "b") == []
    assert disagreements(a, renamed(a, "x-")) == []
    items = disagreements(a, b)
    assert merge(a, b, {}).document == a  # no decision: everything follows A
    all_b = merge(a, b, {d.item: "B" for d in items})
    assert document_problems(all_b.document, "merged") == []
    assert canonical(all_b.document) == canonical(b)
    result = adjudicate(Pass("a", (a,), ()), Pass("b", (b,), ()), {(d.doc_id, d.item): "B" for d in items})
    assert result.problems == () and result.merged == (all_b.document,)


def test_two_events_on_one_trigger_word_are_two_items():
    em3 = next(em for em in A.event_mentions if em.id == "em3")
    die = dataclasses.replace(A.events[2], id="EV9", type="Life.Die")
    a = dataclasses.replace(A, events=A.events + (die,), event_mentions=A.event_mentions + (
        dataclasses.replace(em3, id="em9", event="EV9", arguments=em3.arguments[:1]),))
    assert document_problems(a, "a") == []
    items = disagreements(a, A)
    assert [d.item for d in items] == [f"trigger:{em3.start}-{em3.end}:Life.Die"]
    assert merge(a, A, {}).document == a
    assert merge(a, A, {items[0].item: "B"}).document == A


GOLD = sorted(Path(__file__).parents[2].glob("corpus/gold/*.json"))
PASSES = Path(__file__).parents[2] / "corpus" / "annotations"


@pytest.mark.skipif(not GOLD or not PASSES.is_dir(), reason="no gold and annotation passes yet")
def test_the_gold_is_the_adjudication_of_its_two_passes(tmp_path, capsys):
    a, b = str(PASSES / "*" / "pass-a.json"), str(PASSES / "*" / "pass-b.json")
    assert main(["adjudicate", a, b, "-o", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "disagreements.json").read_text())
    for gold in GOLD:
        merged = tmp_path / gold.name
        if report["items"]:
            pytest.skip("the passes disagree: the gold is their adjudication with decisions not kept in the repo")
        assert merged.read_bytes() == (PASSES / gold.stem / "pass-a.json").read_bytes()
        assert jsonio.read_document(merged) == jsonio.read_document(gold)


# --- a third value, the gold, the splits (issue 14) ------------------------------------------------


def _decide_all(out: Path, tmp_path: Path, **third) -> Path:
    """The report with every item decided B, except the items in ``third`` (item id -> C value)."""
    report = json.loads((out / "disagreements.json").read_text())
    for item in report["items"]:
        if item["item"] in third:
            item.update(decision="C", C=third[item["item"]])
        else:
            item["decision"] = "B"
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps(report))
    return decisions


def test_the_adjudicator_can_write_a_third_value(tmp_path, capsys):
    a, b, out = write_pass(tmp_path / "a", A), write_pass(tmp_path / "b", B), tmp_path / "out"
    main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds"])
    report = json.loads((out / "disagreements.json").read_text())
    police = next(i for i in report["items"] if i["item"] == "mention:56-62")
    sunday = next(i for i in report["items"] if i["item"] == "timex:174-180")
    assert "C" in report["how"]
    decisions = _decide_all(out, tmp_path, **{
        "mention:56-62": {**police["A"], "level": "NOM"},          # neither A's NAM nor B's PRO
        "timex:174-180": {**sunday["A"], "value": "2021-10-30"}})   # A has it, with another value
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decisions", str(decisions)]) == 0
    merged = jsonio.read_document(out / f"{A.doc_id}.json")
    assert {m.text: m.level for m in merged.mentions}["police"] == "NOM"
    assert {t.text: t.value for t in merged.timexes}["Sunday"] == "2021-10-30"
    assert document_problems(merged, "merged") == []
    saved = json.loads((out / "disagreements.json").read_text())
    assert next(i for i in saved["items"] if i["item"] == "mention:56-62")["C"]["level"] == "NOM"


@pytest.mark.parametrize("item,value,words", [
    ("mention:56-62", None, "a \"C\" value"),
    ("mention:56-62", {"type": "PER", "level": "NOM"}, "head"),
    ("mention:56-62", {"type": "PER", "level": "NOM", "head": "police@0-2"}, "head"),
    ("events:8-11:Conflict.Attack", {"type": "Conflict.Attack"}, "mention, timex or toponym"),
])
def test_a_third_value_of_the_wrong_shape_is_a_decision_problem(tmp_path, capsys, item, value, words):
    a, b, out = write_pass(tmp_path / "a", A), write_pass(tmp_path / "b", B), tmp_path / "out"
    main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds"])
    decisions = _decide_all(out, tmp_path, **{item: value})
    capsys.readouterr()
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decisions", str(decisions)]) == 1
    err = capsys.readouterr().err
    assert "decision-invalid" in err and words in err and not (out / f"{A.doc_id}.json").exists()


def test_the_adjudicated_document_lands_in_the_gold_and_the_splits(tmp_path, capsys, monkeypatch):
    from newsbench.annotation.adjudication import install_gold

    corpus = tmp_path / "corpus"
    (corpus / "gold").mkdir(parents=True)
    (corpus / "splits.json").write_text(json.dumps({"$comment": "c", "splits": {"train": [], "validation": [],
                                                                                "test": ["old"]}}))
    monkeypatch.setenv("NEWSBENCH_ROOT", str(tmp_path))
    (tmp_path / "schema").symlink_to(Path(__file__).parents[2] / "schema")
    a, b, out = write_pass(tmp_path / "a", A), write_pass(tmp_path / "b", B), tmp_path / "out"
    main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds"])
    decisions = _decide_all(out, tmp_path)
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decisions", str(decisions),
                 "--gold"]) == 0
    assert "gold" in capsys.readouterr().out
    assert (corpus / "gold" / f"{A.doc_id}.json").read_bytes() == (out / f"{A.doc_id}.json").read_bytes()
    splits = json.loads((corpus / "splits.json").read_text())
    assert splits == {"$comment": "c", "splits": {"train": [], "validation": [], "test": ["old", A.doc_id]}}
    # again: identical, nothing changes; a listed document keeps its split
    assert install_gold([jsonio.read_document(out / f"{A.doc_id}.json")], corpus=corpus, split="train").problems == ()
    assert json.loads((corpus / "splits.json").read_text()) == splits
    # a different gold under that id is not replaced without --replace-gold
    other = dataclasses.replace(A, timexes=A.timexes[:1], event_mentions=tuple(
        dataclasses.replace(em,
                            arguments=tuple(x for x in em.arguments if x.ref in {"t1"} or not x.ref.startswith("t")))
        for em in A.event_mentions))
    result = install_gold([other], corpus=corpus)
    assert [p.check for p in result.problems] == ["gold-exists"]
    assert install_gold([other], corpus=corpus, replace=True).problems == ()
    assert jsonio.read_document(corpus / "gold" / f"{A.doc_id}.json") == other


def test_decisions_on_the_command_line_need_no_json_edit(tmp_path, capsys):
    a, b, out = write_pass(tmp_path / "a", A), write_pass(tmp_path / "b", B), tmp_path / "out"
    main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds"])
    items = [i["item"] for i in json.loads((out / "disagreements.json").read_text())["items"]]
    decide = [f"--decide={i}=B" for i in items if i != "timex:174-180"]
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", *decide,
                 "--decide", "timex:174-180=C", "--set", "timex:174-180.value=2021-10-30"]) == 0
    merged = jsonio.read_document(out / f"{A.doc_id}.json")
    assert {t.text: t.value for t in merged.timexes}["Sunday"] == "2021-10-30"
    saved = {i["item"]: i for i in json.loads((out / "disagreements.json").read_text())["items"]}
    assert saved["timex:174-180"]["decision"] == "C" and saved["timex:174-180"]["C"]["value"] == "2021-10-30"
    capsys.readouterr()
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--decide", "mention:0-1=A"]) == 1
    assert "decision-invalid" in capsys.readouterr().err
    assert main(["adjudicate", str(a), str(b), "-o", str(out), "--no-seeds", "--set", "timex:174-180.value=x"]) == 1
    assert "--decide timex:174-180=C" in capsys.readouterr().err
