"""The streamed scorer (score_files: the gold read, checked and scored one document at a time) gives the same result
as the simple path (load_gold, then score_submission), on the repository's gold and on a synthetic corpus; and a
JSON Lines submission scores exactly as the same JSON submission."""

import json
from array import array
from pathlib import Path

import numpy as np
import pytest

from newsbench import jsonio, validate
from newsbench.evaluation import counts
from newsbench.evaluation.counts import CountTable
from newsbench.evaluation.scorer import _RowFile, load_gold, score_files, score_submission
from newsbench.evaluation.submission import read_submission
from newsbench.model import Submission
from newsbench.paths import gold_dir, repo_root
from newsbench.synthetic import write_corpus

SYSTEMS = sorted((repo_root() / "eval" / "systems").glob("*/submission.json"))


def _simple(pred: Path, gold: Path, **options) -> dict:
    corpus, problems = load_gold(gold)
    assert problems == []
    submission, problems = read_submission(pred)
    assert problems == []
    result, problems = score_submission(submission, corpus, file=str(pred), keep_indexes=False, **options)
    assert problems == []
    return result.to_json()


def _streamed(pred: Path, gold: Path, **options) -> dict:
    result, problems = score_files(pred, gold, **options)
    assert problems == []
    out = result.to_json()
    assert out["submission"]["path"] == str(pred) or out["submission"]["sha256"]
    out["submission"] = {**out["submission"], "path": None, "sha256": None}
    return out


def _without_file(result: dict) -> dict:
    return {**result, "submission": {**result["submission"], "path": None, "sha256": None}}


@pytest.mark.parametrize("pred", SYSTEMS, ids=lambda p: p.parent.name)
def test_streamed_equals_simple_on_the_repository_gold(pred):
    assert SYSTEMS
    options = {"bootstrap": 50, "seed": 3}
    assert _streamed(pred, gold_dir(), **options) == _without_file(_simple(pred, gold_dir(), **options))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    write_corpus(root, 24, seed=5, sentences=12, submission=root / "sub.json")
    return root


@pytest.mark.parametrize("block", [5, 4096])
def test_the_result_file_is_the_results_json_written_a_block_of_rows_at_a_time(synthetic, tmp_path, monkeypatch,
                                                                                block):
    monkeypatch.setattr(counts, "JSON_BLOCK_ROWS", block)
    result, problems = score_files(synthetic / "sub.json", synthetic / "corpus" / "gold", bootstrap=20,
                                   out=tmp_path / "result.json")
    assert problems == [] and len(result.table.doc_ids) == 24
    text = (tmp_path / "result.json").read_text(encoding="utf-8")
    assert text == json.dumps(result.to_json(), ensure_ascii=False) + "\n"
    assert any(isinstance(v, float) for row in json.loads(text)["per_document"]["counts"] for v in row)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_streamed_equals_simple_on_a_synthetic_corpus(synthetic, workers):
    gold = synthetic / "corpus" / "gold"
    options = {"bootstrap": 100, "seed": 1}
    streamed = _streamed(synthetic / "sub.json", gold, workers=workers, **options)
    assert streamed["gold"]["documents"] == 24 and streamed["scores"]["entities"]["strict"]["f1"] < 1
    assert streamed["scores"]["toponyms"]["mean_km"]["by_type"]
    assert streamed == _without_file(_simple(synthetic / "sub.json", gold, **options))


def test_the_default_workers_are_one_per_core_where_they_pay(synthetic, monkeypatch):
    import os

    from newsbench import validate
    from newsbench.evaluation import scorer, submission as checks

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    sizes = (1, validate.SHARD_MIN_DOCS - 1, 2 * validate.SHARD_MIN_DOCS, 10**6)
    assert [validate.auto_workers(n) for n in sizes] == [1, 1, 2, 2]
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    assert validate.auto_workers(10**6) == validate.MAX_AUTO_WORKERS
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(validate, "SHARD_MIN_DOCS", 12)  # the synthetic corpus's 24 documents: two workers
    pools = []

    class Pool(scorer.ProcessPoolExecutor):
        def __init__(self, workers, **options):
            pools.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(scorer, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(checks, "ProcessPoolExecutor", Pool)
    gold = synthetic / "corpus" / "gold"
    auto = _streamed(synthetic / "sub.json", gold, bootstrap=0)
    assert pools == [2, 2]  # the submission's entries checked, then the gold scored, in two processes each
    assert _streamed(synthetic / "sub.json", gold, bootstrap=0, workers=1) == auto
    assert pools == [2, 2]  # --workers 1: everything in this process


def test_a_json_lines_submission_scores_as_its_json(synthetic, tmp_path):
    data = json.loads((synthetic / "sub.json").read_text(encoding="utf-8"))
    lines = tmp_path / "sub.jsonl"
    lines.write_text("\n".join(json.dumps(x) for x in [{"system": data["system"]}] + data["documents"]) + "\n\n",
                     encoding="utf-8")
    assert read_submission(lines) == read_submission(synthetic / "sub.json")
    gold = synthetic / "corpus" / "gold"
    assert _streamed(lines, gold, bootstrap=0) == _streamed(synthetic / "sub.json", gold, bootstrap=0)


def test_the_gold_problems_come_first_and_stop_scoring(synthetic, tmp_path):
    gold = tmp_path / "corpus" / "gold"
    gold.mkdir(parents=True)
    for path in sorted((synthetic / "corpus" / "gold").glob("*.json"))[:3]:
        (gold / path.name).write_bytes(path.read_bytes())
    broken = sorted(gold.glob("*.json"))[1]
    broken.write_text(broken.read_text(encoding="utf-8").replace('"schema_version"', '"schema_version_"', 1),
                      encoding="utf-8")
    for workers in (1, 2):
        result, problems = score_files(synthetic / "sub.json", gold, bootstrap=0, workers=workers)
        assert result is None and {p.check for p in problems} == {"schema-required", "schema-unknown-key"}
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result, problems = score_files(bad, gold, bootstrap=0)
    assert result is None and {p.check for p in problems} == {"schema-required", "schema-unknown-key"}


def test_the_submission_problems_are_those_of_the_simple_path(synthetic, tmp_path):
    submission, _ = read_submission(synthetic / "sub.json")
    first = submission.documents[0]
    broken = Submission(submission.system, (first, first) + submission.documents[2:])
    pred = tmp_path / "sub.json"
    pred.write_text(json.dumps(jsonio.submission_to_json(broken)), encoding="utf-8")
    gold = synthetic / "corpus" / "gold"
    corpus, _ = load_gold(gold)
    expected = score_submission(broken, corpus, file="x", strict=True)[1]
    result, problems = score_files(pred, gold, bootstrap=0, strict=True, workers=2)
    assert result is None and expected
    assert [(p.check, p.doc_id, p.pointer) for p in problems] == [(p.check, p.doc_id, p.pointer) for p in expected]
    assert {p.check for p in problems} == {"submission-duplicate-doc", "submission-document-missing"}


def test_json_lines_problems_name_their_line(tmp_path):
    system = {"name": "x", "version": "1", "description": "d"}
    pred = tmp_path / "s.jsonl"
    pred.write_text(json.dumps({"system": system}) + '\n{"doc_id": "a", "mentions": [{"start": 0, "start": 1}]}\n'
                    '\n{"doc_id": 3}\n', encoding="utf-8")
    submission, problems = read_submission(pred)
    assert submission is None
    assert [(p.check, p.pointer, p.message.split(":")[0]) for p in problems] == [
        ("json-duplicate-key", "/documents/0", "line 2"), ("schema-type", "/documents/1/doc_id", "line 4")]
    pred.write_text(json.dumps({"system": system}) + '\n{"doc_id": "a", "mentions": [{"start": 0, "end": 1}]}\n'
                    '\n{"doc_id": 3}\n', encoding="utf-8")
    submission, problems = read_submission(pred)
    assert [(p.check, p.pointer, p.message.split(":")[0]) for p in problems] == [
        ("schema-required", "/documents/0/mentions/0", "line 2"), ("schema-type", "/documents/1/doc_id", "line 4")]
    for header in ("[1]", json.dumps({"system": system, "documents": []}), ""):
        pred.write_text(header + "\n", encoding="utf-8")
        submission, problems = read_submission(pred)
        assert [p.check for p in problems] == ["submission-lines-header"], header


def test_the_result_of_a_json_lines_submission_goes_beside_it():
    from newsbench.evaluation.scorer import default_result_path

    assert default_result_path(Path("a/sub.jsonl")) == Path("a/sub.result.json")
    assert default_result_path(Path("a/sub.json")) == Path("a/sub.result.json")


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_numbers_judged_as_the_careful_reader_does(tmp_path, suffix):
    """A whole float where an integer belongs is schema-type; exponents and whole floats where a number belongs pass."""
    system = {"name": "x", "version": "1", "description": "d"}

    def read(document: str):
        pred = tmp_path / f"s{suffix}"
        if suffix == ".json":
            pred.write_text(f'{{"system": {json.dumps(system)}, "documents": [{document}]}}', encoding="utf-8")
        else:
            pred.write_text(json.dumps({"system": system}) + "\n" + document + "\n", encoding="utf-8")
        return read_submission(pred)

    submission, problems = read('{"doc_id": "a", "mentions": [{"start": 0.0, "end": 1, "type": "PER"}]}')
    assert submission is None and [(p.check, p.pointer) for p in problems] == [
        ("schema-type", "/documents/0/mentions/0/start")]
    submission, problems = read('{"doc_id": "a", "toponyms": [{"start": 0, "end": 1e1, "lat": 1.0, "lon": 2}]}')
    assert submission is None and [p.check for p in problems] == ["schema-type"]
    submission, problems = read('{"doc_id": "a", "toponyms": [{"start": 0, "end": 1, "lat": 3.3e1, "lon": 44.0}]}')
    assert problems == [] and submission.documents[0].toponyms[0].lat == 33.0
    submission, problems = read('{"doc_id": "a", "mentions": [{"start": 123456789012345678901, "end": 1, '
                                '"type": "PER"}]}')
    assert submission is None and [p.check for p in problems] == ["json-number-invalid"]


def test_a_clean_json_submission_keeps_where_its_entries_are_and_a_repeated_key_is_still_found(synthetic, tmp_path):
    from newsbench.evaluation.submission import StoredDocuments

    submission, problems = read_submission(synthetic / "sub.json")
    assert problems == [] and isinstance(submission.documents, StoredDocuments)
    raw = (synthetic / "sub.json").read_bytes()
    stored = submission.documents
    # where each entry is (and the file, opened once it is read), not its bytes: memory does not grow with the file
    assert vars(stored).keys() == {"summaries", "path", "spans", "_fd"} and len(stored.spans) == len(stored) > 1
    assert all(raw[at:at + n].startswith(b"{") and raw[at:at + n].endswith(b"}") for at, n in stored.spans)
    assert list(stored) == list(jsonio.decode_submission(raw).documents)
    text = (synthetic / "sub.json").read_text(encoding="utf-8")
    for broken in (text.replace('{"system": {', '{"system": {"name": "y", ', 1),
                   text.replace('{"system": ', '{"documents": [], "system": ', 1)):
        pred = tmp_path / "dup.json"
        pred.write_text(broken, encoding="utf-8")
        submission, problems = read_submission(pred)
        assert submission is None and [p.check for p in problems] == ["json-duplicate-key"]


def test_stored_documents_read_the_same_once_pickled(synthetic):
    """A copy in another process opens the file itself (the descriptor is not carried along)."""
    import pickle

    submission, _ = read_submission(synthetic / "sub.json")
    assert submission is not None
    stored = submission.documents
    first = stored[0]  # the file is open now
    copy = pickle.loads(pickle.dumps(stored))
    assert vars(copy)["_fd"] is None and copy[0] == first and list(copy) == list(stored)


def test_a_json_submission_checked_in_workers_reads_as_in_one_process(synthetic, tmp_path, monkeypatch):
    from newsbench.evaluation import submission as checks

    one = read_submission(synthetic / "sub.json")
    monkeypatch.setattr(checks, "auto_workers", lambda n: 3)  # three forked workers, eight entries each
    assert read_submission(synthetic / "sub.json") == one and one[0].documents.spans
    assert read_submission(synthetic / "sub.json")[0].documents.summaries == one[0].documents.summaries
    data = json.loads((synthetic / "sub.json").read_text(encoding="utf-8"))
    data["documents"][20]["mentions"][0]["start"] = -1  # in the last worker's run: the careful path names it
    pred = tmp_path / "sub.json"
    pred.write_text(json.dumps(data), encoding="utf-8")
    submission, problems = read_submission(pred)
    assert submission is None and [(p.check, p.pointer) for p in problems] == [
        ("schema-range", "/documents/20/mentions/0/start")]


def test_a_json_lines_submission_checked_in_workers_reads_as_in_one_process(synthetic, tmp_path, monkeypatch):
    """Each worker reads its own run of lines back from the file: the same submission, and the same problems in
    line order, whichever worker found them."""
    from newsbench.evaluation import submission as checks

    data = json.loads((synthetic / "sub.json").read_text(encoding="utf-8"))
    lines = [json.dumps({"system": data["system"]}), *map(json.dumps, data["documents"])]
    pred = tmp_path / "sub.jsonl"
    pred.write_text("\n".join(lines[:5] + [""] + lines[5:]) + "\n", encoding="utf-8")  # a blank line is skipped
    one = read_submission(pred)
    assert one[1] == [] and len(one[0].documents) == len(data["documents"])
    lines[2] = lines[2].replace('"start": ', '"start": -', 1)  # in the first worker's run
    lines[22] = lines[22].replace('"doc_id": ', '"doc_id": 1, "x": ', 1)  # in the last one's
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems_one = read_submission(bad)[1]
    assert {p.pointer.split("/")[2] for p in problems_one} == {"1", "21"}
    monkeypatch.setattr(checks, "auto_workers", lambda n: 3)  # three forked workers, eight entries each
    assert read_submission(pred) == one and read_submission(pred)[0].documents.spans == one[0].documents.spans
    assert read_submission(bad) == (None, problems_one)


@pytest.mark.parametrize("chunk", [5, 64, 1 << 23])
def test_a_json_submission_is_outlined_a_chunk_at_a_time_never_read_whole(synthetic, tmp_path, monkeypatch, chunk):
    """Any layout JSON allows (white space anywhere, documents before system, strings holding brackets, quotes and
    back-slashes): the entries are found where they are, in chunks of any size, and the file is never read whole."""
    from newsbench.evaluation import submission as checks

    data = json.loads((synthetic / "sub.json").read_text(encoding="utf-8"))
    data["documents"][3]["mentions"][0]["cluster"] = 'a"}, {"x": [\\'
    layouts = [json.dumps(data), json.dumps({"documents": data["documents"], "system": data["system"]}, indent=3),
               " \n{ \"system\" :" + json.dumps(data["system"]) + "\t,\r\n\"documents\":[ " +
               " ,\n".join(map(json.dumps, data["documents"])) + " ] } \n"]
    expected = jsonio.decode_submission(json.dumps(data).encode())
    monkeypatch.setattr(checks, "OUTLINE_CHUNK", chunk)
    monkeypatch.setattr(checks, "read_file_bytes", None)  # the whole-file reader: not called on a clean file
    for k, text in enumerate(layouts):
        pred = tmp_path / f"layout{k}.json"
        pred.write_text(text, encoding="utf-8")
        submission, problems = read_submission(pred)
        assert problems == [] and isinstance(submission.documents, checks.StoredDocuments), k
        raw = pred.read_bytes()
        assert all(raw[at:at + n].startswith(b"{") and raw[at:at + n].endswith(b"}") for at, n in
                   submission.documents.spans)
        assert submission.system == expected.system and list(submission.documents) == list(expected.documents)
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"system": data["system"], "documents": []}), encoding="utf-8")
    assert read_submission(empty)[0].documents.spans == ()


@pytest.mark.parametrize("text", [
    '{"system": SYSTEM, "documents": [DOC]} []',  # trailing data
    '{"system": SYSTEM, "documents": [DOC], "extra": 1}',  # a key the schema does not allow
    '{"system": SYSTEM, "documents": [DOC], "documents": []}',  # a repeated key
    '{"system": SYSTEM, "documents": [DOC, 3]}',  # an entry that is not an object
    '{"system": SYSTEM, "documents": [DOC,]}',  # a trailing comma
    '{"system": SYSTEM, "documents": [DOC}',  # truncated
    '{"system": SYSTEM}',  # no documents
    '[DOC]',
])
def test_a_json_submission_that_the_outline_refuses_is_judged_whole(synthetic, tmp_path, text):
    """What the outline does not read as a clean submission goes to the careful path, which names its problems."""
    data = json.loads((synthetic / "sub.json").read_text(encoding="utf-8"))
    pred = tmp_path / "sub.json"
    pred.write_text(text.replace("SYSTEM", json.dumps(data["system"])).replace("DOC", json.dumps(data["documents"][0])),
                    encoding="utf-8")
    submission, problems = read_submission(pred)
    assert submission is None and problems
    assert problems == read_submission_careful(pred)


def read_submission_careful(pred: Path) -> list:
    from newsbench.evaluation.submission import _checked

    raw = pred.read_bytes()
    return _checked(raw, str(pred), fast=False)[1]


def test_the_row_file_keeps_each_batch_at_its_rows_place():
    """The workers' batches arrive in any order; each lands at its first row's place (two columns a row here)."""
    with _RowFile(2) as rows:
        rows.put(2, array("d", [5.0, 6.0, 7.0, 8.0]))  # a later shard's batch first
        rows.put(0, array("d", [1.0, 2.0, 3.0, 4.5]))
        assert rows.read(4)[0].tolist() == [[1.0, 2.0], [3.0, 4.5], [5.0, 6.0], [7.0, 8.0]]
        assert rows.read(1)[0].tolist() == [[1.0, 2.0]]
        assert rows.read(0)[0].shape == (0, 2) and rows.read(0)[1] is None
    assert rows.file.closed


def test_a_table_mapped_from_the_row_file_reads_the_same_after_its_pages_are_dropped(monkeypatch):
    """The table reads its rows from the file a block at a time, dropping each block's pages once read (here 3 rows
    of 700 columns: about a page and a half a block); every pass, and the mapping once the file is closed, still
    reads the rows written, and the sums are those of the whole matrix."""
    monkeypatch.setattr(counts, "JSON_BLOCK_ROWS", 3)
    matrix = np.random.default_rng(0).random((10, 700)) * 1000
    with _RowFile(700) as rows:
        rows.put(0, array("d", matrix.ravel().tolist()))
        mapped, mapping = rows.read(10)
    table = CountTable(tuple(f"d{i}" for i in range(10)), tuple(f"t/m/f{j}" for j in range(700)), mapped, {},
                       mapping)
    for _ in range(2):
        assert np.array_equal(np.concatenate(list(table.blocks())), matrix)
    assert table.column_sums().tobytes() == matrix.sum(axis=0).tobytes()
    assert "".join(table.json_text()) == "".join(CountTable(table.doc_ids, table.columns, matrix).json_text())


@pytest.mark.parametrize("fixture", ["invalid/head-whole-nominal", "valid"])
def test_score_computes_no_gold_warnings_and_the_next_reader_still_sees_them(tmp_path, monkeypatch, fixture):
    """`score` reads the gold in full but reports no gold warnings: it computes none and records its files as
    checked for problems only; a file with a warning must still show it to the next reader."""
    from newsbench.evaluation.submission import submission_from_documents
    from newsbench.validate import ValidatedCache, read_documents

    data = Path(__file__).parents[1] / "data"
    monkeypatch.setenv("NEWSBENCH_CACHE", str(tmp_path / "cache"))
    (tmp_path / "gold").mkdir()
    gold_file = tmp_path / "gold" / "mini.json"
    gold_file.write_bytes((data / fixture / "mini.json").read_bytes())
    (tmp_path / "seeds").mkdir()
    for seed in (data / "seeds").iterdir():
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    (first,) = read_documents([gold_file], seeds=tmp_path / "seeds", cache="off")
    warned = [w.check for w in first.warnings]
    assert first.problems == () and warned == (["head-whole-nominal"] if fixture != "valid" else [])
    pred = tmp_path / "sub.json"
    pred.write_text(json.dumps(jsonio.submission_to_json(submission_from_documents([first.document]))),
                    encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(validate, "_warnings", _refuse)
        result, problems = score_files(pred, tmp_path / "gold", bootstrap=0, workers=1)
        assert load_gold(tmp_path / "gold")[1] == []  # the in-memory gold (score --errors) computes none either
    assert problems == [] and result is not None
    store = ValidatedCache.open()
    assert store.holds(first.sha256, "mini", True) and not store.holds(first.sha256, "mini", True, clean=True)
    (again,) = read_documents([gold_file], seeds=tmp_path / "seeds")
    assert [w.check for w in again.warnings] == warned
    assert ValidatedCache.open().holds(first.sha256, "mini", True, clean=True) == (not warned)


def _refuse(*args, **kwargs):
    raise AssertionError("the gold's warnings were computed")
