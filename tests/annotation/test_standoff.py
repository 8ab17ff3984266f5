"""Standoff passes: strip a document of its development-corpus text, rebuild it through the importers, refuse a
changed text. Reads ../shared/corpora through the dev_corpora fixture (skipped with a reason where absent)."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsbench.cli import main
from newsbench.jsonio import document_to_json, read_document, write_document
from newsbench.interop.importers import import_files
from newsbench.paths import repo_root
from newsbench.model import StandoffRound
from newsbench.annotation.standoff import rebuild, strip, text_sha256, write_packet

SOURCE = ("corefud", "gum-news", "dep/GUM_news_worship.conllu", 0)
ROUND = StandoffRound(2, "7769487d19d07e763aafc28a14cff2670e3481c1")


@pytest.fixture
def article(dev_corpora):
    fmt, corpus, file, index = SOURCE
    return import_files(fmt, [dev_corpora / corpus / file]).documents[index]


@pytest.fixture
def packet(dev_corpora, tmp_path):
    paths, problems = write_packet(*SOURCE, tmp_path / "packets", round_=ROUND)
    assert problems == []
    return paths


def checks(problems):
    return [p.check for p in problems]


def test_packet_holds_exactly_the_imported_text(article, packet):
    text_file, meta_file, seed_file = packet
    assert text_file.read_bytes() == article.text.encode("utf-8") == seed_file.read_bytes()
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    assert meta["doc_id"] == article.doc_id == text_file.parent.name == seed_file.stem
    assert meta["standoff"]["text_sha256"] == text_sha256(article.text)
    assert meta["standoff"]["source"] == {"format": "corefud", "corpus": "gum-news",
                                          "file": "dep/GUM_news_worship.conllu", "article": 0}
    assert meta["standoff"]["round"] == {"number": 2, "guidelines": ROUND.guidelines}


def test_strip_then_rebuild_gives_the_document_back_and_the_pass_holds_no_text(article, packet, tmp_path):
    doc_path = tmp_path / f"{article.doc_id}.json"
    write_document(doc_path, article)
    data, problems = strip(doc_path, packet[1])
    assert problems == []
    dumped = json.dumps(data, ensure_ascii=False)
    assert '"text"' not in dumped and '"title"' not in dumped
    # no quoted span survives: every multi-word mention text is absent from the pass
    quoted = {m.text for m in article.mentions if " " in m.text}
    assert quoted and not any(q in dumped for q in quoted)
    assert article.meta.title not in dumped
    pass_path = tmp_path / "standoff" / article.doc_id / "pass-a.json"
    pass_path.parent.mkdir(parents=True)
    pass_path.write_text(dumped, encoding="utf-8")
    doc, problems = rebuild(pass_path)
    assert problems == [] and doc == article
    assert document_to_json(doc) == document_to_json(article)


def _pass_file(doc, packet, tmp_path, changes=None):
    doc_path = tmp_path / f"{doc.doc_id}.json"
    write_document(doc_path, doc)
    data, _ = strip(doc_path, packet[1])
    for key, value in (changes or {}).items():
        target = data["standoff"]["source"] if key in ("article", "file", "format") else data["standoff"]
        target[key] = value
    path = tmp_path / "pass-a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_rebuild_refuses_a_text_whose_sha256_differs_and_writes_nothing(article, packet, tmp_path):
    path = _pass_file(article, packet, tmp_path, {"text_sha256": "0" * 64})
    doc, problems = rebuild(path)
    assert doc is None and checks(problems) == ["standoff-sha256-mismatch"]
    out = tmp_path / "out"
    assert main(["standoff", "rebuild", str(path), "-o", str(out)]) == 1
    assert not out.exists()


@pytest.mark.parametrize(("changes", "check"), [
    ({"article": 7}, "standoff-article-missing"),
    ({"file": "dep/no_such_file.conllu"}, "standoff-source-missing"),
    ({"file": "../../etc/passwd"}, "standoff-source-missing"),
    ({"format": "no-such-format"}, "standoff-source-unreadable"),
    ({"version": 3}, "standoff-malformed"),
    ({"round": {"number": 0, "guidelines": "7769487"}}, "standoff-malformed"),
    ({"round": {"number": 2, "guidelines": "HEAD"}}, "standoff-malformed"),
    ({"round": None}, "standoff-round-missing"),
    ({"text_length": "long"}, "standoff-malformed"),
])
def test_rebuild_names_each_problem_by_its_check_id(article, packet, tmp_path, changes, check):
    doc, problems = rebuild(_pass_file(article, packet, tmp_path, changes))
    assert doc is None and checks(problems) == [check]


def test_rebuild_reports_a_changed_offset_through_the_validator(article, packet, tmp_path):
    path = _pass_file(article, packet, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["document"]["mentions"][0]["end"] = data["standoff"]["text_length"] + 5
    path.write_text(json.dumps(data), encoding="utf-8")
    doc, problems = rebuild(path)
    assert doc is None and "span-out-of-range" in checks(problems)


def test_strip_refuses_a_document_of_another_text(article, packet, tmp_path):
    other = dataclasses.replace(article, text=article.text + " ")
    path = tmp_path / f"{article.doc_id}.json"
    write_document(path, other)
    data, problems = strip(path, packet[1])
    assert data is None and checks(problems) == ["standoff-text-mismatch"]


def test_cli_round_trip_and_no_text_written_into_the_repository(article, packet, tmp_path, capsys):
    doc_path = tmp_path / f"{article.doc_id}.json"
    write_document(doc_path, article)
    pass_path = tmp_path / "pass-b.json"
    assert main(["standoff", "strip", str(doc_path), "-s", str(packet[1]), "-o", str(pass_path)]) == 0
    assert main(["standoff", "rebuild", str(pass_path), "-o", str(tmp_path / "out")]) == 0
    assert read_document(tmp_path / "out" / "pass-b" / f"{article.doc_id}.json") == article
    capsys.readouterr()
    inside = repo_root() / "corpus" / "standoff-test-output"
    assert main(["standoff", "rebuild", str(pass_path), "-o", str(inside)]) == 1
    assert main(["standoff", "packet", "--format", "corefud", "--corpus", "gum-news", "--file",
                 "dep/GUM_news_worship.conllu", "-o", str(inside)]) == 1
    assert not inside.exists()
    err = capsys.readouterr().err
    assert err.count("standoff-text-in-repository") == 4  # the rebuilt pass; the packet's text, meta and seed


def test_an_output_that_is_not_a_regular_file_is_jsonio_s_output_check(article, packet, tmp_path, capsys):
    doc_path = tmp_path / f"{article.doc_id}.json"
    write_document(doc_path, article)
    (tmp_path / "pass-b.json").mkdir()
    assert main(["standoff", "strip", str(doc_path), "-s", str(packet[1]), "-o", str(tmp_path / "pass-b.json")]) == 1
    assert "output-not-file" in capsys.readouterr().err and (tmp_path / "pass-b.json").is_dir()


def test_a_missing_corpora_folder_is_a_problem(article, packet, tmp_path):
    path = _pass_file(article, packet, tmp_path)
    doc, problems = rebuild(path, corpora=tmp_path / "nowhere")
    assert doc is None and checks(problems) == ["standoff-source-missing"]


def test_no_corpora_beside_the_checkout_is_a_problem_not_a_traceback(article, packet, tmp_path, monkeypatch):
    path = _pass_file(article, packet, tmp_path)
    monkeypatch.setenv("NEWSBENCH_CORPORA", str(tmp_path / "nowhere"))
    doc, problems = rebuild(path)
    assert doc is None and checks(problems) == ["standoff-corpora-missing"]


def test_a_pass_keeps_its_round_and_a_version_1_pass_has_none(article, packet, tmp_path):
    path = _pass_file(article, packet, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["standoff"]["version"] == 2 and data["standoff"]["round"] == {"number": 2,
                                                                             "guidelines": ROUND.guidelines}
    del data["standoff"]["round"]
    data["standoff"]["version"] = 1  # a pass made before rounds: its text is found, its round is not
    path.write_text(json.dumps(data), encoding="utf-8")
    doc, problems = rebuild(path)
    assert doc is None and checks(problems) == ["standoff-round-missing"]
    assert problems[0].pointer == "/standoff/round" and problems[0].doc_id == article.doc_id


def test_strip_takes_the_round_given_or_the_header_s_and_refuses_neither_or_two(article, tmp_path):
    bare, problems = write_packet(*SOURCE, tmp_path / "bare")  # a packet made without a round
    assert problems == [] and "round" not in json.loads(bare[1].read_text(encoding="utf-8"))["standoff"]
    doc_path = tmp_path / f"{article.doc_id}.json"
    write_document(doc_path, article)
    data, problems = strip(doc_path, bare[1])
    assert data is None and checks(problems) == ["standoff-round-missing"]
    data, problems = strip(doc_path, bare[1], round_=ROUND)
    assert problems == [] and data["standoff"]["round"]["number"] == 2
    stamped, _ = write_packet(*SOURCE, tmp_path / "stamped", round_=ROUND)
    data, problems = strip(doc_path, stamped[1], round_=StandoffRound(1, ROUND.guidelines))
    assert data is None and checks(problems) == ["standoff-round-mismatch"]
    data, problems = strip(doc_path, stamped[1], round_=ROUND)
    assert problems == [] and data["standoff"]["round"]["guidelines"] == ROUND.guidelines


def test_the_round_options_go_together_and_name_a_commit(article, tmp_path, capsys):
    bare, _ = write_packet(*SOURCE, tmp_path / "bare")
    doc_path = tmp_path / f"{article.doc_id}.json"
    write_document(doc_path, article)
    out = tmp_path / "pass-a.json"
    strip_cmd = ["standoff", "strip", str(doc_path), "-s", str(bare[1]), "-o", str(out)]
    assert main([*strip_cmd, "--round", "2"]) == 2
    assert "--round and --guidelines go together" in capsys.readouterr().err
    assert main([*strip_cmd, "--round", "2", "--guidelines", "main"]) == 2
    assert main([*strip_cmd, "--round", "0", "--guidelines", "7769487"]) == 2
    assert not out.exists()
    assert main(strip_cmd) == 1 and "standoff-round-missing" in capsys.readouterr().err
    assert main([*strip_cmd, "--round", "2", "--guidelines", "7769487"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["standoff"]["round"] == {"number": 2, "guidelines": "7769487"}


ROUNDS = {  # each round-N.list's articles, by doc id
    1: {"GUM_news_worship", "GUM_news_stampede", "GUM_news_crane", "GUM_news_asylum", "geovirus_053", "geovirus_015",
        "meantime_107785", "meantime_82548"},
    2: {"GUM_news_flag", "GUM_news_ie9", "GUM_news_lanterns", "GUM_news_warming", "geovirus_056", "geovirus_007",
        "meantime_30414", "meantime_128016"},
    3: {"GUM_news_taxes", "GUM_news_clock", "GUM_news_hackers", "GUM_news_expo", "geovirus_006", "geovirus_057",
        "meantime_40986", "meantime_23468"},
}


@pytest.mark.parametrize("number", sorted(ROUNDS))
def test_the_packets_script_writes_each_round_s_articles_with_the_round_and_reproduces_the_passes_texts(
        dev_corpora, tmp_path, number):
    out = tmp_path / f"round-{number}"
    env = {**os.environ, "NEWSBENCH_BIN": str(Path(sys.executable).with_name("newsbench")),
           "NEWSBENCH_CORPORA": str(dev_corpora)}
    subprocess.run(["bash", str(repo_root() / "scripts" / "annotation_packets.sh"), str(number), str(out)],
                   check=True, env=env, capture_output=True)
    metas = {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/meta.json")}
    assert set(metas) == ROUNDS[number]
    assert {p.stem for p in (out / "seeds").glob("*.txt")} == ROUNDS[number]
    passes = {(p.parent.name, p.stem): json.loads(p.read_text(encoding="utf-8"))
              for p in (repo_root() / "corpus" / "standoff").glob("*/pass-*.json")}
    of_round = {d for (d, _), p in passes.items() if p["standoff"]["round"]["number"] == number}
    assert of_round == set(metas)  # every article of the round has its passes, and no other does
    guidelines = {meta["standoff"]["round"]["guidelines"] for meta in metas.values()}
    assert len(guidelines) == 1 and len(guidelines.pop()) == 40
    for doc_id, meta in metas.items():
        assert meta["standoff"]["round"]["number"] == number
        text = (out / doc_id / "text.txt").read_text(encoding="utf-8")
        assert meta["standoff"]["text_sha256"] == text_sha256(text)
        assert (out / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8") == text
        for name in ("pass-a", "pass-b"):  # the packets the passes were made from, made again
            made = passes.get((doc_id, name))
            if made is not None:
                assert made["standoff"]["text_sha256"] == meta["standoff"]["text_sha256"]
                assert made["standoff"]["round"] == meta["standoff"]["round"]
                assert made["standoff"]["source"] == meta["standoff"]["source"]


def test_the_packets_script_refuses_a_round_without_a_list(tmp_path):
    done = subprocess.run(["bash", str(repo_root() / "scripts" / "annotation_packets.sh"), "99", str(tmp_path / "x")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "round-99.list" in done.stderr and not (tmp_path / "x").exists()
