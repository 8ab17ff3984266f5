"""Seed ingest and seed metadata on a temporary corpus."""

import hashlib
import os
import json

import pytest

from newsbench.corpus import check_seeds, ingest, seed_meta_from_text
from newsbench.paths import seeds_dir

SEED = seeds_dir() / "000_4164b09bde8f35a7.txt"


def test_seed_meta_states_only_what_the_text_says():
    meta = seed_meta_from_text(SEED.read_bytes())
    assert meta.sha256 == "8361879e7fe5bff065b2003f96ebe8ba057ae5eb5dfc30f6c221d66e561bd9ea"
    assert meta.title == "Iraq rockets fired at US embassy land in upmarket Al Mansour area of Baghdad"
    assert meta.updated == "2021-10-31T09:58" and meta.anchor_date == "2021-10-31"
    assert meta.outlet == meta.url == meta.published == "unknown"


def test_ingest_copies_bytes_exactly_and_is_idempotent(tmp_path):
    result = ingest(SEED, corpus=tmp_path)
    assert result.created and not result.problems
    stored = tmp_path / "seeds" / f"{SEED.stem}.txt"
    assert stored.read_bytes() == SEED.read_bytes()
    meta = json.loads((tmp_path / "seeds" / f"{SEED.stem}.meta.json").read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    again = ingest(SEED, corpus=tmp_path)
    assert not again.created and not again.problems
    assert check_seeds(tmp_path) == []


@pytest.mark.parametrize("doc_id", ["../escape", "a/b", "", ".hidden", "x" * 129, "sp ace"])
def test_ingest_refuses_unsafe_doc_ids(tmp_path, doc_id):
    result = ingest(SEED, doc_id, corpus=tmp_path)
    assert [p.check for p in result.problems] == ["doc-id-unsafe"]
    assert not (tmp_path / "seeds").exists() and not (tmp_path.parent / "escape.txt").exists()


def test_ingest_refuses_a_different_text_under_an_existing_id(tmp_path):
    ingest(SEED, "doc", corpus=tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("Another article.", encoding="utf-8")
    result = ingest(other, "doc", corpus=tmp_path)
    assert [p.check for p in result.problems] == ["seed-conflict"]
    assert (tmp_path / "seeds" / "doc.txt").read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize("content,check", [(b"", "file-empty"), (b"\xef\xbb\xbfText", "file-has-bom"),
                                           (b"caf\xe9", "file-not-utf8"), (None, "file-missing")])
def test_ingest_reports_bad_files(tmp_path, content, check):
    source = tmp_path / "in.txt"
    if content is not None:
        source.write_bytes(content)
    assert [p.check for p in ingest(source, corpus=tmp_path / "corpus").problems] == [check]


def test_check_seeds_reports_missing_and_wrong_metadata(tmp_path):
    ingest(SEED, "a", corpus=tmp_path)
    ingest(SEED, "b", corpus=tmp_path)
    (tmp_path / "seeds" / "a.meta.json").unlink()
    meta_b = tmp_path / "seeds" / "b.meta.json"
    meta_b.write_text(meta_b.read_text(encoding="utf-8").replace("8361879e", "00000000"), encoding="utf-8")
    assert sorted((p.doc_id, p.check) for p in check_seeds(tmp_path)) == [
        ("a", "seed-meta-missing"), ("b", "seed-sha256-mismatch")]


def test_repository_seeds_are_intact():
    assert check_seeds() == []


INGEST = """
import sys, pathlib
from newsbench.corpus import ingest
r = ingest(pathlib.Path(sys.argv[1]), "doc", corpus=pathlib.Path(sys.argv[2]))
print(",".join(p.check for p in r.problems) or ("created" if r.created else "same"))
"""


def test_ingest_waits_for_a_concurrent_writer_of_the_corpus(tmp_path):
    import fcntl
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    (corpus / "seeds").mkdir(parents=True)
    holder = os.open(corpus, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another ingest is writing
    child = subprocess.Popen([sys.executable, "-c", INGEST, str(SEED), str(corpus)], stdout=subprocess.PIPE, text=True)
    time.sleep(1.0)
    assert child.poll() is None and not (corpus / "seeds" / "doc.txt").exists()
    fcntl.flock(holder, fcntl.LOCK_UN)
    os.close(holder)
    assert child.communicate(timeout=60)[0].strip() == "created"


def test_simultaneous_ingests_of_one_id_never_mix_text_and_metadata(tmp_path):
    import subprocess
    import sys

    texts = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Article {name}.\n\nBody of {name}.\n\nUpdated: October 31, 2021, 9:58 AM", encoding="utf-8")
        texts.append(path)
    for round_ in range(8):
        corpus = tmp_path / f"corpus{round_}"
        runs = [subprocess.Popen([sys.executable, "-c", INGEST, str(t), str(corpus)], stdout=subprocess.PIPE, text=True)
                for t in texts]
        outcomes = sorted(r.communicate(timeout=60)[0].strip() for r in runs)
        assert outcomes == ["created", "seed-conflict"], outcomes
        raw = (corpus / "seeds" / "doc.txt").read_bytes()
        meta = json.loads((corpus / "seeds" / "doc.meta.json").read_text(encoding="utf-8"))
        assert meta["sha256"] == hashlib.sha256(raw).hexdigest()
        assert check_seeds(corpus) == []


# --- dates and metadata (issue 14) ----------------------------------------------------------------

ARTICLE = "Flood waters rise in river town\n\nThe river rose two metres on Tuesday, officials said.\n"


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("line,published,updated", [
    ("Updated: October 31, 2021, 9:58 AM", "unknown", "2021-10-31T09:58"),
    ("Published: March 3, 2022, 11:05 PM", "2022-03-03T23:05", "unknown"),
    ("Published 3 March 2022", "2022-03-03", "unknown"),
    ("Last updated on Mar. 3, 2022 at 14:30 GMT", "unknown", "2022-03-03T14:30"),
    ("Posted: 2022-03-03T08:15:00Z", "2022-03-03T08:15", "unknown"),
    ("Thursday, March 3, 2022", "2022-03-03", "unknown"),
    ("2022-03-03", "2022-03-03", "unknown"),
])
def test_datelines_in_common_forms_are_found(line, published, updated):
    meta = seed_meta_from_text((ARTICLE + "\n" + line).encode("utf-8"))
    assert (meta.published, meta.updated) == (published, updated)
    assert meta.anchor_date == (updated if updated != "unknown" else published)[:10]


def test_a_date_inside_a_sentence_is_not_a_dateline():
    meta = seed_meta_from_text((ARTICLE + "\nIt was the worst flood since March 3, 2002, they said.").encode("utf-8"))
    assert meta.published == meta.updated == meta.anchor_date == "unknown"


def test_a_text_without_an_anchor_date_is_refused_unless_one_is_given(tmp_path):
    source = _write(tmp_path, "flood.txt", ARTICLE)
    corpus = tmp_path / "corpus"
    result = ingest(source, corpus=corpus)
    assert [p.check for p in result.problems] == ["seed-anchor-date-missing"]
    assert "--anchor-date" in result.problems[0].message
    assert not (corpus / "seeds").exists()  # nothing half-written
    result = ingest(source, corpus=corpus, anchor_date="2022-03-08", title="Flood", outlet="The River Times",
                    url="https://example.org/flood", published="2022-03-08T07:00")
    assert result.created and not result.problems
    meta = json.loads((corpus / "seeds" / "flood.meta.json").read_text(encoding="utf-8"))
    assert meta["anchor_date"] == "2022-03-08" and meta["title"] == "Flood" and meta["outlet"] == "The River Times"
    assert meta["url"] == "https://example.org/flood" and meta["published"] == "2022-03-08T07:00"
    assert check_seeds(corpus) == []


@pytest.mark.parametrize("option,value,check", [
    ("anchor_date", "2022-02-30", "seed-meta-invalid"), ("anchor_date", "08/03/2022", "schema-pattern"),
    ("published", "yesterday", "seed-meta-invalid"), ("updated", "2022-13-01T10:00", "seed-meta-invalid")])
def test_metadata_options_must_be_dates(tmp_path, option, value, check):
    source = _write(tmp_path, "flood.txt", ARTICLE)
    result = ingest(source, corpus=tmp_path / "corpus", **{"anchor_date": "2022-03-08", option: value})
    assert [(p.check, p.pointer) for p in result.problems] == [(check, f"/{option}")]
    assert not (tmp_path / "corpus" / "seeds").exists()


def test_a_folder_of_texts_ingests_in_one_call(tmp_path):
    from newsbench.corpus import ingest_many

    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.txt", ARTICLE + "\nPublished: March 3, 2022, 11:05 PM")
    _write(folder, "b.txt", ARTICLE + "\nUpdated: March 4, 2022, 9:00 AM")
    _write(folder, "notes.md", "not an article")
    results = ingest_many([folder], corpus=tmp_path / "corpus")
    assert [(r.doc_id, r.created, r.problems) for r in results] == [("a", True, ()), ("b", True, ())]
    assert check_seeds(tmp_path / "corpus") == []


def test_check_applies_the_schema_rules_to_the_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    ingest(_write(tmp_path, "a.txt", ARTICLE), corpus=corpus, anchor_date="2022-03-08")
    meta_path = corpus / "seeds" / "a.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "anchor_date": "08/03/2022", "extra": 1}), encoding="utf-8")
    found = sorted((p.check, p.pointer) for p in check_seeds(corpus))
    assert found == [("schema-pattern", "/anchor_date"), ("schema-unknown-key", "")]
    meta_path.write_text(json.dumps({**meta, "anchor_date": "2022-02-30"}), encoding="utf-8")
    assert [(p.check, p.pointer) for p in check_seeds(corpus)] == [("seed-meta-invalid", "/anchor_date")]


def test_cli_ingest_takes_metadata_options_and_folders(tmp_path, capsys, monkeypatch):
    from newsbench.cli import main

    monkeypatch.setenv("NEWSBENCH_ROOT", str(tmp_path / "repo"))
    (tmp_path / "repo" / "corpus").mkdir(parents=True)
    source = _write(tmp_path, "flood.txt", ARTICLE)
    assert main(["ingest", str(source)]) == 1
    assert "seed-anchor-date-missing" in capsys.readouterr().err
    assert main(["ingest", str(source), "--anchor-date", "2022-03-08", "--outlet", "The River Times"]) == 0
    meta = json.loads((tmp_path / "repo" / "corpus" / "seeds" / "flood.meta.json").read_text(encoding="utf-8"))
    assert meta["outlet"] == "The River Times"
    folder = tmp_path / "more"
    folder.mkdir()
    _write(folder, "c.txt", ARTICLE + "\n2022-03-09")
    assert main(["ingest", str(folder)]) == 0
    assert main(["ingest", "--check"]) == 0
    capsys.readouterr()
    _write(folder, "d.txt", ARTICLE + "\n2022-03-10")
    assert main(["ingest", str(folder), "--doc-id", "x"]) == 2  # one id cannot name several files
    assert "--doc-id" in capsys.readouterr().err
