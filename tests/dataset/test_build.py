"""The Hugging Face dataset: every config loads offline with `datasets.load_dataset` and says what the gold says."""

from __future__ import annotations

import os

# Before datasets (and huggingface_hub) read them at import: never reach for the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

datasets = pytest.importorskip("datasets")
pq = pytest.importorskip("pyarrow.parquet")

from newsbench import cli, jsonio  # noqa: E402
from newsbench.dataset import build as dataset_build, card, features, rows as dataset_rows, writer  # noqa: E402
from newsbench.dataset import splits as dataset_splits  # noqa: E402
from newsbench.model import LAYERS, AnnotatedLayer, Argument, Document, Entity, Event, EventMention, Mention, Timex  # noqa: E402
from newsbench.ontology import load_ontology  # noqa: E402
from newsbench.paths import repo_root  # noqa: E402
from newsbench.text import iob2_spans, split_sentences  # noqa: E402
from newsbench.validate import InvalidInput, document_problems, validate_file  # noqa: E402
from strategies import documents, meta_for  # noqa: E402

ONTO = load_ontology()
FEATURES = features.all_features()
README = f"""# A test corpus

Prose the lead owns: it must survive every build byte for byte.

## Statistics

{card.STATS_MARKERS[0]}
stale statistics
{card.STATS_MARKERS[1]}

## Examples

{card.EXAMPLES_MARKERS[0]}
{card.EXAMPLES_MARKERS[1]}

Closing prose.
"""


def slow(n: int) -> settings:
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# --- helpers ---------------------------------------------------------------------------------------------------


def write_repo(root: Path, docs: list[Document], splits: dict[str, list[str]] | None = None,
               readme: str = README) -> Path:
    """A repository-shaped folder: corpus/seeds, corpus/gold, corpus/splits.json, README.md."""
    corpus = root / "corpus"
    (corpus / "seeds").mkdir(parents=True, exist_ok=True)
    (corpus / "gold").mkdir(exist_ok=True)
    for doc in docs:
        (corpus / "seeds" / f"{doc.doc_id}.txt").write_bytes(doc.text.encode("utf-8"))
        jsonio.write_document(corpus / "gold" / f"{doc.doc_id}.json", doc)
    if splits is None:
        ids = [d.doc_id for d in docs]
        splits = {"train": ids[1:], "test": ids[:1]}
    (corpus / "splits.json").write_text(json.dumps({"splits": splits}), encoding="utf-8")
    (root / "README.md").write_text(readme, encoding="utf-8")
    return corpus


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def load(root: Path, config: str, split: str, cache: Path):
    return datasets.load_dataset(str(root.resolve()), config, split=split, cache_dir=str(cache))


def named(value, feature):
    """A stored row with ClassLabel indices turned into names (test-side, from the declared features)."""
    if value is None:
        return None
    if isinstance(feature, datasets.ClassLabel):
        return feature.names[value]
    if isinstance(feature, datasets.List):
        return [named(v, feature.feature) for v in value]
    if isinstance(feature, dict):
        return {k: named(value[k], f) for k, f in feature.items()}
    return value


def decoded(rows: list[dict], config: str) -> list[dict]:
    return [named(r, dict(FEATURES[config])) for r in rows]


def many_documents(n_min: int = 2, n_max: int = 5):
    return st.integers(n_min, n_max).flatmap(
        lambda n: st.tuples(*(documents(doc_id=f"doc-{k:02d}") for k in range(n))).map(list))


# --- what the gold says, checked against rows -------------------------------------------------------------------


def check_documents_rows(rows: list[dict], docs: list[Document]) -> None:
    assert [r["doc_id"] for r in rows] == sorted(d.doc_id for d in docs)
    for row, doc in zip(rows, sorted(docs, key=lambda d: d.doc_id), strict=True):
        gold = jsonio.document_to_json(doc)
        assert row["text"] == doc.text
        assert {k: row[k] for k in gold["meta"]} == gold["meta"]
        assert row["entities"] == [{"subtype": None, **e} for e in gold["entities"]]
        assert row["mentions"] == gold["mentions"]
        assert row["timexes"] == gold["timexes"]
        assert row["events"] == [{"place": None, "date": None, **e, "realis": ONTO.realis(e)} for e in gold["events"]]
        spans = {x["id"]: x for x in gold["mentions"] + gold["timexes"]}
        event_type = {e["id"]: e["type"] for e in gold["events"]}
        assert row["event_mentions"] == [
            {**em, "type": event_type[em["event"]],
             "arguments": [{**a, **{k: spans[a["ref"]][k] for k in ("start", "end", "text")}} for a in em["arguments"]]}
            for em in gold["event_mentions"]]
        assert row["toponyms"] == [{**t, **{k: spans[t["mention"]][k] for k in ("start", "end", "text")}}
                                   for t in gold["toponyms"]]
        assert row["annotated"] == [{"layer": layer, "start": a, "end": b} for layer in LAYERS
                                    for a, b in doc.annotated_ranges(layer)]


def covering(tokens, start: int, end: int) -> tuple[int, int]:
    inside = [i for i, t in enumerate(tokens) if t.start < end and start < t.end]
    return inside[0], inside[-1] + 1


def sentence_of(sentences, start: int, end: int) -> int | None:
    """The one sentence holding [start, end), or None if it runs over a boundary."""
    hits = [k for k, s in enumerate(sentences) if s.start < end and start < s.end]
    return hits[0] if len(hits) == 1 else None


def expected_tags(doc: Document, sentences, head: bool) -> dict[int, list[tuple]]:
    """Per sentence, the NAM candidates (token_start, token_end, type, char_start, gold_index)."""
    out: dict[int, list[tuple]] = {}
    for i, m in enumerate(doc.mentions):
        start, end = (m.head_start, m.head_end) if head else (m.start, m.end)
        k = sentence_of(sentences, start, end)
        if m.level == "NAM" and k is not None:
            a, b = covering(sentences[k].tokens, start, end)
            out.setdefault(k, []).append((a, b, m.type, start, i))
    return out


def check_tags(tags: list[str], candidates: list[tuple]) -> None:
    found = set(iob2_spans(tags))
    spans = {(a, b) for a, b, *_ in candidates}
    assert found <= {(a, b, t) for a, b, t, *_ in candidates}
    for a, b, *_ in candidates:  # maximal: what is left out overlaps what is in
        assert any(a < y and x < b for x, y, _ in found)
    crossing = any(a < y and x < b and not (x <= a and b <= y) and not (a <= x and y <= b)
                   for a, b in spans for x, y in spans)
    if not crossing:  # names only nest: exactly the outermost, the first of identical spans
        outermost = {(a, b) for a, b in spans if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in spans)}
        assert {(a, b) for a, b, _ in found} == outermost
        for a, b, t in found:
            assert t == min((c for c in candidates if (c[0], c[1]) == (a, b)), key=lambda c: (c[3], c[4]))[2]


def check_sentence_rows(entity_rows: list[dict], event_rows: list[dict], docs: list[Document]) -> None:
    by_doc: dict[str, list[tuple[dict, dict]]] = {}
    for e, v in zip(entity_rows, event_rows, strict=True):
        shared = writer._SHARED_SENTENCE_COLUMNS
        assert {k: e[k] for k in shared} == {k: v[k] for k in shared}
        by_doc.setdefault(e["doc_id"], []).append((e, v))
    assert sorted(by_doc) == sorted(d.doc_id for d in docs)
    for doc in docs:
        text, rows = doc.text, by_doc[doc.doc_id]
        sentences = split_sentences(text)
        assert [e["sentence_index"] for e, _ in rows] == list(range(len(sentences)))
        heads, extents = expected_tags(doc, sentences, True), expected_tags(doc, sentences, False)
        for k, (e, _) in enumerate(rows):
            assert text[e["sentence_start"]:e["sentence_end"]] == e["text"]
            assert len(e["tokens"]) == len(e["token_starts"]) == len(e["token_ends"]) == len(e["ner_tags"])
            for tok, a, b in zip(e["tokens"], e["token_starts"], e["token_ends"], strict=True):
                assert text[a:b] == tok  # every token span is its token's text
            check_tags(e["ner_tags"], heads.get(k, []))
            check_tags(e["extent_ner_tags"], extents.get(k, []))
        # every mention once, in the sentence where it starts, with token offsets that map back
        listed = [m for e, _ in rows for m in e["mentions"]]
        assert sorted(m["id"] for m in listed) == sorted(m.id for m in doc.mentions)
        gold = {m.id: m for m in doc.mentions}
        for e, _ in rows:
            for m in e["mentions"]:
                g = gold[m["id"]]
                assert (m["start"], m["end"], m["text"], m["type"], m["level"], m["entity"]) == \
                    (g.start, g.end, g.text, g.type, g.level, g.entity)
                assert e["sentence_start"] <= g.start < e["sentence_end"]
                check_token_span(e, m["token_start"], m["token_end"], g.start, g.end)
                check_token_span(e, m["head_token_start"], m["head_token_end"], g.head_start, g.head_end)
        # every trigger once; arguments in the sentence with token spans, the others counted
        triggers = [t for _, v in rows for t in v["event_mentions"]]
        assert sorted(t["id"] for t in triggers) == sorted(em.id for em in doc.event_mentions)
        fillers = {x.id: x for x in doc.mentions + doc.timexes}
        events = {x.id: x for x in doc.events}
        for _, v in rows:
            for t in v["event_mentions"]:
                em = next(x for x in doc.event_mentions if x.id == t["id"])
                event = events[em.event]
                assert (t["start"], t["end"], t["text"], t["event"], t["type"]) == (em.start, em.end, em.text, em.event,
                                                                                    event.type)
                assert {a: t[a] for a in ONTO.attributes} == event.attributes
                assert t["realis"] == ONTO.realis(event.attributes)
                check_token_span(v, t["token_start"], t["token_end"], em.start, em.end)
                inside = [a for a in em.arguments
                          if v["sentence_start"] <= fillers[a.ref].start and fillers[a.ref].end <= v["sentence_end"]]
                assert [(a["role"], a["ref"]) for a in t["arguments"]] == [(a.role, a.ref) for a in inside]
                assert t["arguments_outside_sentence"] == len(em.arguments) - len(inside)
                for a in t["arguments"]:
                    f = fillers[a["ref"]]
                    assert (a["start"], a["end"], a["text"]) == (f.start, f.end, f.text)  # back to gold offsets
                    check_token_span(v, a["token_start"], a["token_end"], f.start, f.end)
            for x in v["timexes"]:
                check_token_span(v, x["token_start"], x["token_end"], x["start"], x["end"])


def check_token_span(row: dict, ts: int | None, te: int | None, start: int, end: int) -> None:
    """Token offsets cover exactly the tokens the character span touches, or are null when it leaves the
    sentence."""
    in_sentence = row["sentence_start"] <= start and end <= row["sentence_end"]
    if not in_sentence:
        assert ts is None and te is None
        return
    touched = [i for i, (a, b) in enumerate(zip(row["token_starts"], row["token_ends"], strict=True)) if a < end
               and start < b]
    assert (ts, te) == (touched[0], touched[-1] + 1)


def check_toponym_rows(rows: list[dict], docs: list[Document]) -> None:
    gold = {(d.doc_id, t.mention): (d, t) for d in docs for t in d.toponyms}
    assert sorted((r["doc_id"], r["mention"]) for r in rows) == sorted(gold)
    for r in rows:
        doc, t = gold[r["doc_id"], r["mention"]]
        m = next(m for m in doc.mentions if m.id == t.mention)
        assert (r["start"], r["end"], r["text"], r["entity"], r["type"]) == (m.start, m.end, m.text, m.entity, m.type)
        assert {k: r[k] for k in ("reading", "geonames_id", "lat", "lon", "feature", "source", "uncertainty_km")} == \
            {k: getattr(t, k) for k in ("reading", "geonames_id", "lat", "lon", "feature", "source", "uncertainty_km")}
        assert doc.text[r["context_start"]:r["context_end"]] == r["context"]
        assert r["context_start"] <= m.start and m.end <= r["context_end"]


def check_timex_rows(rows: list[dict], docs: list[Document]) -> None:
    gold = {(d.doc_id, t.id): (d, t) for d in docs for t in d.timexes}
    assert sorted((r["doc_id"], r["id"]) for r in rows) == sorted(gold)
    for r in rows:
        doc, t = gold[r["doc_id"], r["id"]]
        assert (r["start"], r["end"], r["text"], r["type"], r["value"]) == (t.start, t.end, t.text, t.type, t.value)
        assert r["anchor_date"] == doc.meta.anchor_date
        assert doc.text[r["context_start"]:r["context_end"]] == r["context"]
        assert r["context_start"] <= t.start and t.end <= r["context_end"]


def check_all(rows: dict[str, list[dict]], docs: list[Document]) -> None:
    """``rows`` per config, ClassLabels by name."""
    check_documents_rows(rows["documents"], docs)
    check_sentence_rows(rows["entities"], rows["events"], docs)
    check_toponym_rows(rows["toponyms"], docs)
    check_timex_rows(rows["timexes"], docs)


# --- features ----------------------------------------------------------------------------------------------------


def test_features_take_their_labels_from_the_ontology():
    f = FEATURES
    assert f["documents"]["mentions"].feature["type"].names == list(ONTO.entity_types)
    assert f["documents"]["mentions"].feature["level"].names == list(ONTO.mention_levels)
    assert f["documents"]["timexes"].feature["type"].names == list(ONTO.timex_types)
    assert f["documents"]["events"].feature["type"].names == list(ONTO.event_types)
    assert f["documents"]["events"].feature["realis"].names == list(ONTO.realis_values)
    for name, values in ONTO.attributes.items():
        assert f["events"]["event_mentions"].feature[name].names == list(values)
    assert f["documents"]["event_mentions"].feature["arguments"].feature["role"].names == list(ONTO.roles)
    assert f["toponyms"]["reading"].names == list(ONTO.toponym_readings)
    subtypes = f["documents"]["entities"].feature["subtype"].names
    assert set(subtypes) == {s for t in ONTO.entity_types for s in ONTO.entity_subtypes[t]}
    assert len(subtypes) == len(set(subtypes))
    tags = f["entities"]["ner_tags"].feature.names
    assert tags[0] == "O" and tags[1:] == [f"{p}-{t}" for t in ONTO.entity_types for p in "BI"]
    for config, config_features in f.items():  # the card's YAML is the same definition
        assert datasets.Features._from_yaml_list(config_features._to_yaml_list()) == config_features, config
        assert config_features.arrow_schema.metadata[b"huggingface"]


@slow(120)
@given(documents())
def test_rows_say_what_the_gold_says(doc):
    out = dataset_rows.document_rows(doc)
    check_all({c: decoded(out.rows[c], c) for c in features.CONFIGS}, [doc])
    for n in out.notices:
        assert n.check in dataset_rows.NOTICE_CHECKS and n.doc_id == doc.doc_id


# --- build, load, check -------------------------------------------------------------------------------------------


@slow(4)
@given(docs=many_documents())
def test_every_config_loads_offline_with_the_declared_features(tmp_path_factory, docs):
    root = tmp_path_factory.mktemp("repo")
    write_repo(root, docs)
    result = dataset_build.build(root / "corpus")
    cache = tmp_path_factory.mktemp("hf-cache")
    for split, ids in (("test", docs[:1]), ("train", docs[1:])):
        rows = {}
        for config in features.CONFIGS:
            if split in result.rows[config]:
                ds = load(root, config, split, cache)
                assert ds.features == FEATURES[config]
                assert ds.num_rows == result.rows[config][split] > 0
                rows[config] = decoded(list(ds), config)
            else:  # a split without rows has no file (datasets cannot load an empty split)
                assert not (root / f"corpus/data/{config}/{split}.parquet").exists()
                rows[config] = []
        check_all(rows, ids)
    default = datasets.load_dataset(str(root.resolve()), split="test", cache_dir=str(cache))
    assert default.features == FEATURES["documents"]
    assert sorted(p.relative_to(root).as_posix() for p in result.files) == sorted(
        f"corpus/data/{c}/{s}.parquet" for c in features.CONFIGS for s in result.rows[c])


@pytest.fixture(scope="module")
def corpus_docs() -> list[Document]:
    """A fixed, varied set of generated documents (hypothesis draws them once, reproducibly)."""
    drawn: list[list[Document]] = []

    @settings(max_examples=40, database=None, derandomize=True, deadline=None)
    @given(many_documents(5, 5))
    def draw(docs):
        drawn.append(docs)

    draw()
    # the richest draw: hypothesis starts from the simplest examples
    return max(drawn, key=lambda docs: sum(len(d.mentions) + len(d.event_mentions) + len(d.toponyms) for d in docs))


def test_building_twice_gives_byte_identical_files(tmp_path, corpus_docs, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    write_repo(first, corpus_docs)
    write_repo(second, corpus_docs)
    monkeypatch.setattr(writer, "CHUNK_DOCS", 2)  # several chunks (and row groups)
    monkeypatch.setattr(writer, "PARALLEL_MIN_DOCS", 2)
    dataset_build.build(first / "corpus", workers=1)
    dataset_build.build(second / "corpus", workers=2)  # the same chunks, converted by two worker processes
    a, b = snapshot(first), snapshot(second)
    assert a.keys() == b.keys() and a == b
    for name in a:
        if name.endswith(".parquet"):  # no writer-side metadata that could vary: only the schema and features
            meta = pq.ParquetFile(first / name).metadata
            assert set(meta.metadata) == {b"ARROW:schema", b"huggingface"}
    dataset_build.build(first / "corpus", workers=1)  # rebuilding in place changes nothing either
    assert snapshot(first) == a


def test_a_chunk_sends_the_columns_its_events_share_once(tmp_path, corpus_docs):
    import pickle

    corpus = write_repo(tmp_path, corpus_docs)
    paths = sorted((corpus / "gold").glob("*.json"))
    chunk = writer._convert_chunk("train", paths, corpus / "seeds", features.arrow_schemas())
    assert chunk.shared and chunk.tables["events"].num_rows
    sent = pickle.dumps(chunk)
    back = pickle.loads(sent)
    assert dataclasses.replace(back, tables={}) == dataclasses.replace(chunk, tables={})
    for config in features.CONFIGS:
        assert back.tables[config].schema.equals(chunk.tables[config].schema, check_metadata=True)
        assert back.tables[config].equals(chunk.tables[config])
    apart = len(pickle.dumps(dataclasses.replace(chunk, shared=False)))  # each table whole: the shared columns twice
    shared_bytes = sum(chunk.tables["events"].column(n).nbytes for n in writer._SHARED_SENTENCE_COLUMNS)
    assert len(sent) < apart - shared_bytes * 0.9


def test_readme_keeps_its_prose_and_gets_front_matter_and_sections(tmp_path, corpus_docs):
    write_repo(tmp_path, corpus_docs)
    dataset_build.build(tmp_path / "corpus")
    text = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    body = text.split("\n---\n", 1)[1]
    outside = body.split(card.STATS_MARKERS[0])[0] + body.split(card.STATS_MARKERS[1])[1].split(
        card.EXAMPLES_MARKERS[0])[0] + body.split(card.EXAMPLES_MARKERS[1])[1]
    expected = README.split(card.STATS_MARKERS[0])[0] + README.split(card.STATS_MARKERS[1])[1].split(
        card.EXAMPLES_MARKERS[0])[0] + README.split(card.EXAMPLES_MARKERS[1])[1]
    assert outside == expected
    assert "stale statistics" not in text
    import yaml

    meta = yaml.safe_load(text.split("---\n")[1])
    assert [c["config_name"] for c in meta["configs"]] == list(features.CONFIGS)
    assert [c.get("default", False) for c in meta["configs"]] == [c == "documents" for c in features.CONFIGS]
    for info in meta["dataset_info"]:
        assert datasets.Features._from_yaml_list(info["features"]) == FEATURES[info["config_name"]]
    mentions = sum(len(d.mentions) for d in corpus_docs)
    assert f"| **total** | {sum(len(d.entities) for d in corpus_docs)} |" in text
    assert f"| {mentions} |" in text
    for config in features.CONFIGS:
        assert f"`{config}`" in text
    before = (tmp_path / "README.md").read_bytes()
    dataset_build.build(tmp_path / "corpus")
    assert (tmp_path / "README.md").read_bytes() == before


def change_gold(corpus: Path, doc: Document) -> None:
    """A valid change: the first entity gets another subtype of its type."""
    e = doc.entities[0]
    subtypes = [s for s in ONTO.entity_subtypes[e.type] if s != e.subtype]
    changed = dataclasses.replace(doc, entities=(dataclasses.replace(e, subtype=subtypes[0]),) + doc.entities[1:])
    jsonio.write_document(corpus / "gold" / f"{doc.doc_id}.json", changed)


def test_check_finds_stale_files(tmp_path, corpus_docs):
    corpus = write_repo(tmp_path, corpus_docs)
    dataset_build.build(corpus)
    assert dataset_build.check(corpus) == []
    change_gold(corpus, corpus_docs[0])  # a test document
    stale = dataset_build.check(corpus)
    assert corpus / "data/documents/test.parquet" in stale
    assert corpus / "data/documents/train.parquet" not in stale
    dataset_build.build(corpus)
    assert dataset_build.check(corpus) == []
    (corpus / "data/timexes/train.parquet").unlink()
    (corpus / "data/timexes/extra.parquet").write_bytes(b"left over")
    assert dataset_build.check(corpus) == [corpus / "data/timexes/extra.parquet", corpus / "data/timexes/train.parquet"]
    dataset_build.build(corpus)
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| **total** |", "| total |", 1), encoding="utf-8")
    assert dataset_build.check(corpus) == [readme]


def test_cli_build_and_check(tmp_path, corpus_docs, monkeypatch, capsys):
    corpus = write_repo(tmp_path, corpus_docs)
    shutil.copytree(repo_root() / "schema", tmp_path / "schema")
    monkeypatch.setenv("NEWSBENCH_ROOT", str(tmp_path))
    assert cli.main(["build", "--check"]) == 1  # nothing built yet
    assert cli.main(["build"]) == 0
    assert "file(s) from 5 document(s)" in capsys.readouterr().out
    assert cli.main(["build", "--check"]) == 0
    change_gold(corpus, corpus_docs[2])
    assert cli.main(["build", "--check"]) == 1
    assert "data/documents/train.parquet" in capsys.readouterr().err


def test_invalid_gold_stops_the_build_and_leaves_the_output_untouched(tmp_path, corpus_docs):
    corpus = write_repo(tmp_path, corpus_docs)
    dataset_build.build(corpus)
    before = snapshot(tmp_path)
    bad = corpus_docs[3]
    m = bad.mentions[0]
    broken = dataclasses.replace(bad, mentions=(dataclasses.replace(m, text=m.text + "x"),) + bad.mentions[1:])
    jsonio.write_document(corpus / "gold" / f"{bad.doc_id}.json", broken)
    (corpus / "gold" / f"{corpus_docs[1].doc_id}.json").write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        dataset_build.build(corpus)
    checks = {(p.check, p.doc_id) for p in e.value.problems}
    assert ("span-text-mismatch", bad.doc_id) in checks
    assert any(p.check == "json-malformed" and p.file.endswith(f"{corpus_docs[1].doc_id}.json")
               for p in e.value.problems)
    after = snapshot(tmp_path)
    del before[f"corpus/gold/{bad.doc_id}.json"], after[f"corpus/gold/{bad.doc_id}.json"]
    del before[f"corpus/gold/{corpus_docs[1].doc_id}.json"], after[f"corpus/gold/{corpus_docs[1].doc_id}.json"]
    assert after == before  # nothing half-written, no temporary folder left behind
    with pytest.raises(InvalidInput):
        dataset_build.check(corpus)


def test_invalid_gold_on_a_first_build_writes_nothing(tmp_path, corpus_docs):
    corpus = write_repo(tmp_path, corpus_docs)
    (corpus / "gold" / f"{corpus_docs[0].doc_id}.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InvalidInput):
        dataset_build.build(corpus)
    assert sorted(p.name for p in corpus.iterdir()) == ["gold", "seeds", "splits.json"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == README


@pytest.mark.parametrize("splits, check", [
    ({"test": ["doc-00"], "train": ["doc-01", "doc-02", "doc-03"]}, "split-doc-missing"),
    ({"test": ["doc-00", "doc-01"], "train": ["doc-01", "doc-02", "doc-03", "doc-04"]}, "split-doc-repeated"),
    ({"test": ["doc-00", "doc-00"], "train": ["doc-01", "doc-02", "doc-03", "doc-04"]}, "split-doc-repeated"),
    ({"test": ["doc-00", "nowhere"], "train": ["doc-01", "doc-02", "doc-03", "doc-04"]}, "split-doc-unknown"),
    ({"test": ["doc-00"], "dev": ["doc-01", "doc-02", "doc-03", "doc-04"]}, "split-name-unknown"),
    ({"test": "doc-00"}, "splits-malformed"),
])
def test_splits_are_checked(tmp_path, corpus_docs, splits, check):
    corpus = write_repo(tmp_path, corpus_docs, splits=splits)
    with pytest.raises(InvalidInput) as e:
        dataset_build.build(corpus)
    assert check in {p.check for p in e.value.problems}
    assert all(p.file.endswith("splits.json") for p in e.value.problems if p.check.startswith("split"))
    assert not (corpus / "data").exists()


def test_missing_splits_file_and_missing_gold_are_problems(tmp_path, corpus_docs):
    corpus = write_repo(tmp_path, corpus_docs)
    (corpus / "splits.json").unlink()
    with pytest.raises(InvalidInput) as e:
        dataset_build.build(corpus)
    assert [p.check for p in e.value.problems] == ["splits-missing"]
    shutil.rmtree(corpus / "gold")
    (corpus / "gold").mkdir()
    (corpus / "splits.json").write_text('{"splits": {"test": ["doc-00"]}}', encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        dataset_build.build(corpus)
    assert [p.check for p in e.value.problems] == ["gold-missing"]


def test_a_readme_without_markers_is_reported_and_nothing_is_written(tmp_path, corpus_docs):
    corpus = write_repo(tmp_path, corpus_docs, readme="# newsbench\n\nNo markers here.\n")
    with pytest.raises(InvalidInput) as e:
        dataset_build.build(corpus)
    assert [p.check for p in e.value.problems] == ["card-markers-missing", "card-markers-missing"]
    assert "<!-- BEGIN GENERATED STATS -->" in e.value.problems[0].message
    assert not (corpus / "data").exists()
    (tmp_path / "README.md").unlink()
    with pytest.raises(InvalidInput) as e:
        dataset_build.build(corpus)
    assert [p.check for p in e.value.problems] == ["card-missing"]


# --- the rules where tokens cannot carry an annotation ------------------------------------------------------------


def handmade() -> Document:
    text = "Bank of America hired Ann Lee Kim.\nThe Acme-backed Northfield Ltd\nGroup sued Zed."
    #       0         1         2         3          4         5         6          7         8
    #       0123456789012345678901234567890123 4567890123456789012345678901234 56789012345678901

    def span(s: str, nth: int = 0) -> tuple[int, int]:
        at = -1
        for _ in range(nth + 1):
            at = text.index(s, at + 1)
        return at, at + len(s)

    def mention(mid: str, entity: str, etype: str, s: str, head: str | None = None, nth: int = 0) -> Mention:
        a, b = span(s, nth)
        ha = a + s.index(head) if head else a
        return Mention(mid, entity, etype, "NAM", a, b, s, ha, ha + len(head or s))

    mentions = (
        mention("M1", "E1", "ORG", "Bank of America"),
        mention("M2", "E2", "PER", "America"),            # nested inside M1 (types kept apart to stay valid)
        mention("M3", "E3", "PER", "Ann Lee"),            # crosses M4
        mention("M4", "E4", "PER", "Lee Kim"),
        mention("M5", "E5", "ORG", "Acm"),                # cuts the token "Acme"
        mention("M6", "E6", "ORG", "Northfield Ltd\nGroup", head="Northfield"),  # runs over a line break
        mention("M7", "E7", "PER", "Zed"),
    )
    a, b = span("hired")
    hired = EventMention("EM1", "V1", a, b, "hired", (Argument("Entity", "M1"), Argument("Person", "M7")))
    a, b = span("sued")
    sued = EventMention("EM2", "V2", a, b, "sued", (Argument("Plaintiff", "M6"), Argument("Defendant", "M7")))
    timex = Timex("T1", 0, 4, "Bank", "DATE", "2021")  # nonsense but valid: a timex on a name
    attrs = {"polarity": "POSITIVE", "tense": "PAST", "genericity": "SPECIFIC", "modality": "ASSERTED"}
    return Document(
        doc_id="hand-1", text=text, meta=meta_for(text),
        entities=tuple(Entity(m.entity, m.type) for m in mentions), mentions=mentions, timexes=(timex,),
        events=(Event("V1", "Personnel.Start-Position", **attrs), Event("V2", "Justice.Sue", **attrs)),
        event_mentions=(hired, sued),
    )


def test_nested_crossing_cut_and_multi_sentence_names_follow_the_documented_rules():
    doc = handmade()
    assert document_problems(doc, "hand.json") == []
    out = dataset_rows.document_rows(doc)
    rows = {c: decoded(out.rows[c], c) for c in features.CONFIGS}
    check_all(rows, [doc])
    s0, s1, _ = rows["entities"]
    assert s0["tokens"] == ["Bank", "of", "America", "hired", "Ann", "Lee", "Kim", "."]
    # outermost (Bank of America), and of the crossing Ann Lee / Lee Kim the first
    assert iob2_spans(s0["ner_tags"]) == [(0, 3, "ORG"), (4, 6, "PER")]
    assert s0["extent_ner_tags"] == s0["ner_tags"]
    # "Acm" is tagged on the whole token "Acme"; the extent of M6 runs over the line break: only its head is tagged
    assert s1["tokens"][:4] == ["The", "Acme", "-", "backed"]
    assert iob2_spans(s1["ner_tags"]) == [(1, 2, "ORG"), (4, 5, "ORG")]
    assert iob2_spans(s1["extent_ner_tags"]) == [(1, 2, "ORG")]
    m6 = next(m for m in s1["mentions"] if m["id"] == "M6")
    assert (m6["token_start"], m6["token_end"], m6["head_token_start"], m6["head_token_end"]) == (None, None, 4, 5)
    sued = rows["events"][2]["event_mentions"][0]
    assert [a["ref"] for a in sued["arguments"]] == ["M7"] and sued["arguments_outside_sentence"] == 1
    notices = {(n.check, n.pointer) for n in out.notices}
    assert notices == {
        ("name-nested", "/mentions/1"), ("name-nested", "/mentions/1/head_start"),
        ("name-overlap", "/mentions/3"), ("name-overlap", "/mentions/3/head_start"),
        ("span-widened-to-tokens", "/mentions/4"),
        ("span-crosses-sentence", "/mentions/5"),
    }


# --- the repository's own corpus ------------------------------------------------------------------------------------

REAL_GOLD = sorted((repo_root() / "corpus" / "gold").glob("*.json"))
needs_gold = pytest.mark.skipif(not REAL_GOLD, reason="no gold in corpus/gold yet")


@needs_gold
def test_the_repository_gold_builds_and_loads(tmp_path):
    shutil.copytree(repo_root() / "corpus" / "gold", tmp_path / "corpus" / "gold")
    shutil.copytree(repo_root() / "corpus" / "seeds", tmp_path / "corpus" / "seeds")
    shutil.copy(repo_root() / "corpus" / "splits.json", tmp_path / "corpus" / "splits.json")
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    result = dataset_build.build(tmp_path / "corpus")
    splits, _ = dataset_splits.read_splits(tmp_path / "corpus")
    docs = {p.stem: validate_file(p, seeds=tmp_path / "corpus" / "seeds").document for p in REAL_GOLD}
    assert "000_4164b09bde8f35a7" in splits["test"]
    for split in result.documents:
        rows = {}
        for config in features.CONFIGS:
            ds = load(tmp_path, config, split, tmp_path / "hf-cache")
            assert ds.features == FEATURES[config]
            rows[config] = decoded(list(ds), config)
        check_all(rows, [docs[i] for i in splits[split] if i in docs])
    seed = next(r for r in dataset_rows.document_rows(docs["000_4164b09bde8f35a7"]).rows["entities"]
                if r["sentence_index"] == 0)
    names = {" ".join(seed["tokens"][a:b]): t
             for a, b, t in iob2_spans(named(seed["ner_tags"], FEATURES["entities"]["ner_tags"]))}
    assert names.get("Al Mansour") == "LOC" and names.get("Baghdad") == "GPE"  # heads, not the ACE extents


@needs_gold
def test_the_committed_dataset_is_fresh():
    readme, data = repo_root() / "README.md", repo_root() / "corpus" / "data"
    assert data.is_dir()
    assert card.card_problems(readme) == []
    assert dataset_build.check() == []


def test_check_compares_content_when_another_writer_made_the_bytes(tmp_path, corpus_docs):
    """A file written with other writer settings (as another pyarrow version would) is not stale if its schema,
    features and rows are the same; a changed row is."""
    corpus = write_repo(tmp_path, corpus_docs)
    dataset_build.build(corpus)
    path = corpus / "data/documents/train.parquet"
    table = pq.read_table(path)
    pq.write_table(table, path, compression="snappy")
    assert dataset_build.check(corpus) == []
    pq.write_table(table.slice(1), path)
    assert dataset_build.check(corpus) == [path]


def test_a_partly_annotated_document_builds_rows_only_where_its_layers_are_annotated():
    """Declared layers (format 1.1): entities done on the first sentence, nothing else annotated yet."""
    from dataclasses import replace

    full = jsonio.read_document(Path(__file__).parents[1] / "data" / "valid" / "mini.json")
    sentences = split_sentences(full.text)
    first_end = sentences[0].end
    keep = tuple(m for m in full.mentions if m.end <= first_end)
    doc = replace(full, mentions=keep, entities=tuple(e for e in full.entities if any(m.entity == e.id for m in keep)),
                  timexes=(), events=(), event_mentions=(), toponyms=(),
                  annotated=(AnnotatedLayer("entities", ((0, first_end),)),))
    assert document_problems(doc, "mini.json") == []
    rows = dataset_rows.document_rows(doc).rows
    assert [r["sentence_index"] for r in rows["entities"]] == [0]
    assert rows["events"] == [] and rows["toponyms"] == [] and rows["timexes"] == []
    assert rows["documents"][0]["annotated"] == [{"layer": "entities", "start": 0, "end": first_end}]
    tables = writer._tables(rows, features.arrow_schemas())  # configs of different lengths still convert
    assert tables["entities"].num_rows == 1 and tables["events"].num_rows == 0


def test_a_partly_annotated_seed_builds_and_loads(tmp_path):
    """The repository's seed with only its entities annotated, only over its first paragraphs: valid, buildable,
    loadable; the events, toponyms and timexes configs get no rows from it."""
    from dataclasses import replace

    gold = jsonio.read_document(sorted((repo_root() / "corpus" / "gold").glob("*.json"))[0])
    cut = gold.text.index("\n\nMilitants")
    keep = tuple(m for m in gold.mentions if m.end <= cut)
    partial = replace(gold, mentions=keep,
                      entities=tuple(e for e in gold.entities if any(m.entity == e.id for m in keep)),
                      timexes=(), events=(), event_mentions=(), toponyms=(),
                      annotated=(AnnotatedLayer("entities", ((0, cut),)),))
    corpus = write_repo(tmp_path, [partial], splits={"test": [partial.doc_id]})
    assert validate_file(corpus / "gold" / f"{partial.doc_id}.json", seeds=corpus / "seeds").problems == ()
    result = dataset_build.build(corpus, workers=1)
    assert result.rows["entities"]["test"] == sum(1 for s in split_sentences(gold.text) if s.end <= cut)
    assert not result.rows.get("events") and not result.rows.get("toponyms")
    ner = load(tmp_path, "entities", "test", tmp_path / "cache")
    assert {m["id"] for row in ner for m in row["mentions"]} == {m.id for m in keep}
    docs = load(tmp_path, "documents", "test", tmp_path / "cache")
    assert docs[0]["annotated"] == [{"layer": "entities", "start": 0, "end": cut}]


def test_a_sentence_running_over_a_declared_range_is_a_notice():
    from dataclasses import replace

    full = jsonio.read_document(Path(__file__).parents[1] / "data" / "valid" / "mini.json")
    first = split_sentences(full.text)[0]
    cut = full.text.index("Reuters") + len("Reuters")  # inside the first sentence, after its last name
    keep = tuple(m for m in full.mentions if m.end <= cut)
    doc = replace(full, mentions=keep, entities=tuple(e for e in full.entities if any(m.entity == e.id for m in keep)),
                  timexes=(), events=(), event_mentions=(), toponyms=(),
                  annotated=(AnnotatedLayer("entities", ((0, cut),)),))
    assert cut < first.end and document_problems(doc, "mini.json") == []
    out = dataset_rows.document_rows(doc)
    assert out.rows["entities"] == []
    (partly,) = [n for n in out.notices if n.check == "sentence-partly-annotated"]  # the fixture has others
    assert n_items(partly) == len(keep) and partly.pointer == "/annotated/entities"


def n_items(notice) -> int:
    return int(notice.message.split("its ")[1].split(" item")[0])
