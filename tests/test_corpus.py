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
        path.write_text(f"Article {name}.\n\nBody of {name}.", encoding="utf-8")
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
