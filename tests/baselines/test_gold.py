"""Gold -> submission: the oracle is lossless at the span level; passes and gold convert from files."""

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings

from strategies import documents

from newsbench import jsonio
from newsbench.baselines.gold import document_to_submission
from newsbench.baselines.registry import run_baseline
from newsbench.model import Argument, Document, Entity, Event, EventMention, Mention, Timex, Toponym
from newsbench.paths import seeds_dir
from newsbench.validate import validate_file

SEED = "000_4164b09bde8f35a7"


@settings(max_examples=200, deadline=None)
@given(documents())
def test_oracle_is_lossless_at_span_level(doc: Document):
    sub = document_to_submission(doc)
    events = {e.id: e for e in doc.events}
    span = {m.id: (m.start, m.end) for m in doc.mentions} | {t.id: (t.start, t.end) for t in doc.timexes}
    assert sorted((m.start, m.end, m.type, m.level, m.cluster) for m in sub.mentions) == sorted(
        (m.start, m.end, m.type, m.level, m.entity) for m in doc.mentions)
    assert sorted((t.start, t.end, t.type, t.value) for t in sub.timexes) == sorted(
        (t.start, t.end, t.type, t.value) for t in doc.timexes)
    assert sorted((e.start, e.end, e.type, e.cluster, tuple(sorted(e.attributes.items())),
                   tuple((a.role, a.start, a.end) for a in e.arguments)) for e in sub.event_mentions) == sorted(
        (m.start, m.end, events[m.event].type, m.event, tuple(sorted(events[m.event].attributes.items())),
         tuple((a.role, *span[a.ref]) for a in m.arguments)) for m in doc.event_mentions)
    mention = {m.id: m for m in doc.mentions}
    assert sorted((t.start, t.end, t.reading, t.geonames_id, t.lat, t.lon) for t in sub.toponyms) == sorted(
        (mention[t.mention].start, mention[t.mention].end, t.reading, t.geonames_id, t.lat, t.lon)
        for t in doc.toponyms)
    # Every argument span points back to exactly one gold item of the right kind.
    for e in sub.event_mentions:
        for a in e.arguments:
            pool = doc.timexes if a.role == "Time" else doc.mentions
            assert len([x for x in pool if (x.start, x.end) == (a.start, a.end)]) == 1


def seed_gold() -> Document:
    """A small valid gold document over the real seed text."""
    text = (seeds_dir() / f"{SEED}.txt").read_text(encoding="utf-8")
    meta = jsonio.meta_from_json(json.loads((seeds_dir() / f"{SEED}.meta.json").read_text(encoding="utf-8")))

    def at(phrase, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        return start, start + len(phrase)

    b0, b1 = at("Baghdad", 2)
    m0, m1 = at("Militants")
    t0, t1 = at("late on Saturday")
    f0, f1 = at("launched")
    mentions = (
        Mention("M1", "E1", "GPE", "NAM", b0, b1, "Baghdad", b0, b1),
        Mention("M2", "E2", "PER", "NOM", m0, m1, "Militants", m0, m1),
    )
    return Document(
        doc_id=SEED, text=text, meta=meta,
        entities=(Entity("E1", "GPE", "Population-Center"), Entity("E2", "PER", "Group")),
        mentions=mentions,
        timexes=(Timex("T1", t0, t1, "late on Saturday", "DATE", "2021-10-30"),),
        events=(Event("V1", "Conflict.Attack", "POSITIVE", "PAST", "SPECIFIC", "ASSERTED"),),
        event_mentions=(EventMention("EM1", "V1", f0, f1, "launched",
                                     (Argument("Attacker", "M2"), Argument("Place", "M1"), Argument("Time", "T1"))),),
        toponyms=(Toponym("M1", "Literal", 98182, 33.34058, 44.40088, "P.PPLC", "GeoNames", None),),
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(seeds_dir(), root / "seeds")
    return root


def test_oracle_and_annotators_from_files(corpus: Path, tmp_path: Path):
    gold = seed_gold()
    jsonio.write_document(corpus / "gold" / f"{SEED}.json", gold)
    assert validate_file(corpus / "gold" / f"{SEED}.json", seeds=corpus / "seeds").problems == ()
    pass_a = dataclasses.replace(gold, events=(), event_mentions=())  # pass A missed the event
    jsonio.write_document(corpus / "annotations" / SEED / "pass-a.json", pass_a)
    result = run_baseline("oracle", tmp_path / "oracle", corpus=corpus)
    assert result.problems == () and result.documents == 1
    assert result.counts == {"mentions": 2, "timexes": 1, "event_mentions": 1, "arguments": 3, "toponyms": 1}
    loaded = jsonio.submission_from_json(json.loads(result.submission_path.read_text(encoding="utf-8")))
    assert loaded.documents[0] == document_to_submission(gold)
    a = run_baseline("annotator-a", tmp_path / "a", corpus=corpus)
    assert a.problems == () and a.counts["event_mentions"] == 0 and a.counts["mentions"] == 2
    b = run_baseline("annotator-b", tmp_path / "b", corpus=corpus)
    assert b.submission_path is None and [p.check for p in b.problems] == ["baseline-input-missing"]


def test_invalid_pass_is_a_problem_not_a_traceback(corpus: Path, tmp_path: Path):
    path = corpus / "annotations" / SEED / "pass-a.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    result = run_baseline("annotator-a", tmp_path / "a", corpus=corpus)
    assert result.submission_path is None
    assert result.problems and all(p.check.startswith("schema-") for p in result.problems)
