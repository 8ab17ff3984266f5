"""The one reader of annotated documents (validate.read_documents): levels, the typed decoding, the
validated-documents cache and its invalidation."""

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings

from newsbench import jsonio, validate
from newsbench.corpus import seed_ids
from newsbench.paths import corpus_dir, gold_dir, repo_root
from newsbench.validate import ValidatedCache, read_documents
from strategies import documents

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
MINI = DATA / "valid" / "mini.json"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A fresh, empty cache folder for the test (the reader keeps one open cache per file and process)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSBENCH_CACHE", str(folder))
    monkeypatch.setattr(validate, "_OPEN_CACHES", {})
    return folder


def _copy(tmp_path: Path, source: Path = MINI) -> Path:
    (tmp_path / "gold").mkdir(exist_ok=True)
    return Path(shutil.copy(source, tmp_path / "gold" / source.name))


def _semantic_checks_forbidden(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the semantic checks ran on a file the cache holds")
    monkeypatch.setattr(validate, "_problems", refuse)  # every path to the semantic checks goes through it


def test_typed_decoding_equals_the_dict_reader_on_the_repository_documents():
    paths = validate.corpus_document_paths() + [MINI]
    assert paths
    for path in paths:
        raw = path.read_bytes()
        assert jsonio.decode_document(raw) == jsonio.document_from_json(json.loads(raw)), path
    for path in sorted((repo_root() / "eval" / "systems").glob("*/submission.json")):
        raw = path.read_bytes()
        assert jsonio.decode_submission(raw) == jsonio.submission_from_json(json.loads(raw)), path


@settings(max_examples=100, deadline=None)
@given(documents(declare=True))
def test_typed_decoding_equals_the_dict_reader_on_generated_documents(doc):
    raw = jsonio.dumps(jsonio.document_to_json(doc)).encode("utf-8")
    assert jsonio.decode_document(raw) == doc


def test_levels(tmp_path, cache):
    bad_schema = tmp_path / "gold" / "x.json"
    path = _copy(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["mentions"][0]["text"] += "?"  # a semantic problem only: span-text-mismatch
    path.write_text(json.dumps(data), encoding="utf-8")
    bad_schema.write_text(json.dumps({**data, "doc_id": "x", "entities": 3}), encoding="utf-8")
    checks = {level: {r.path.name: sorted(p.check for p in r.problems)
                      for r in read_documents([tmp_path / "gold"], level=level, seeds=SEEDS)}
              for level in validate.LEVELS}
    assert checks["full"] == {"mini.json": ["span-text-mismatch"], "x.json": ["schema-type"]}
    assert checks["schema"] == {"mini.json": [], "x.json": ["schema-type"]}
    assert checks["none"] == {"mini.json": [], "x.json": ["schema-type"]}  # another shape: problems, no traceback
    with pytest.raises(ValueError):
        next(read_documents([path], level="some"))


def test_the_reader_streams_one_document_at_a_time(tmp_path, cache):
    _copy(tmp_path)
    (tmp_path / "gold" / "broken.json").write_text("{", encoding="utf-8")
    results = read_documents([tmp_path / "gold"], seeds=SEEDS)
    first = next(results)
    assert first.path.name == "broken.json" and [p.check for p in first.problems] == ["json-malformed"]
    assert next(results).document is not None
    assert next(results, None) is None


def test_the_cache_skips_the_checks_of_an_unchanged_file_and_only_of_it(tmp_path, cache, monkeypatch):
    path = _copy(tmp_path)
    (first,) = read_documents([path], seeds=SEEDS)
    assert first.problems == () and first.sha256 is not None
    (written,) = cache.glob("validated-*.txt")
    assert written.read_text(encoding="utf-8") == f"{validate._entry_key(first.sha256, 'mini'):032x} seed clean\n"

    monkeypatch.setattr(validate, "_OPEN_CACHES", {})  # as a new process: read from the file
    with monkeypatch.context() as m:
        _semantic_checks_forbidden(m)
        (again,) = read_documents([path], seeds=SEEDS)
        assert again.document == first.document and again.problems == ()
        (no_seed,) = read_documents([path], seeds=None)  # valid against its seed: valid without one
        assert no_seed.problems == ()
        with pytest.raises(AssertionError):  # "refresh" checks every file again
            list(read_documents([path], seeds=SEEDS, cache="refresh"))

    # any change to the file: checked again, and its problem found
    data = json.loads(path.read_text(encoding="utf-8"))
    data["mentions"][0]["text"] += "?"
    path.write_text(jsonio.dumps(data), encoding="utf-8")
    (changed,) = read_documents([path], seeds=SEEDS)
    assert [p.check for p in changed.problems] == ["span-text-mismatch"]


def _warnings_forbidden(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the warnings were computed")
    monkeypatch.setattr(validate, "_warnings", refuse)


def test_a_reader_that_wants_no_warnings_computes_none_and_records_them_unknown(tmp_path, cache, monkeypatch):
    """`score` reports no gold warnings: it asks for none, and the cache then knows the file's problems only, so that
    a reader that reports warnings computes them (and only them) for that file."""
    path = _copy(tmp_path, DATA / "invalid" / "head-whole-nominal" / "mini.json")
    with monkeypatch.context() as m:
        _warnings_forbidden(m)
        (first,) = read_documents([path], seeds=SEEDS, warnings=False)
    assert first.problems == () and first.warnings == ()
    store = ValidatedCache.open()
    assert store.holds(first.sha256, "mini", True) and not store.holds(first.sha256, "mini", True, clean=True)
    with monkeypatch.context() as m:
        _semantic_checks_forbidden(m)
        (again,) = read_documents([path], seeds=SEEDS)
    assert [w.check for w in again.warnings] == ["head-whole-nominal"]
    assert not ValidatedCache.open().holds(first.sha256, "mini", True, clean=True)


def test_a_file_found_without_warnings_is_trusted_with_them_after_a_reader_that_wanted_none(tmp_path, cache,
                                                                                            monkeypatch):
    path = _copy(tmp_path)
    (first,) = read_documents([path], seeds=None, warnings=False)
    (second,) = read_documents([path], seeds=SEEDS)  # checked again (against the seed), warnings computed: none
    assert first.problems == second.problems == second.warnings == ()
    monkeypatch.setattr(validate, "_OPEN_CACHES", {})  # as a new process: the flags merged in the file
    store = ValidatedCache.open()
    assert store.holds(first.sha256, "mini", True, clean=True)
    with monkeypatch.context() as m:
        _semantic_checks_forbidden(m)
        _warnings_forbidden(m)
        (third,) = read_documents([path], seeds=SEEDS)
    assert third.document == first.document and third.warnings == ()


def test_a_changed_seed_is_checked_again(tmp_path, cache, monkeypatch):
    path = _copy(tmp_path)
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    assert [r.problems for r in read_documents([path], seeds=seeds)] == [()]
    seed = seeds / "mini.txt"
    seed.write_bytes(seed.read_bytes() + b" ")
    checks = {p.check for r in read_documents([path], seeds=seeds) for p in r.problems}
    assert {"seed-sha256-mismatch", "seed-text-mismatch"} <= checks


def test_a_document_valid_without_its_seed_is_not_trusted_with_one(tmp_path, cache, monkeypatch):
    path = _copy(tmp_path)
    assert [r.problems for r in read_documents([path], seeds=None)] == [()]
    with monkeypatch.context() as m:
        _semantic_checks_forbidden(m)
        with pytest.raises(AssertionError):
            list(read_documents([path], seeds=SEEDS))


def test_a_new_version_starts_a_new_cache(tmp_path, cache, monkeypatch):
    path = _copy(tmp_path)
    list(read_documents([path], seeds=SEEDS))
    (old,) = cache.glob("validated-*.txt")
    monkeypatch.setattr(validate, "__version__", "999.0")
    monkeypatch.setattr(validate, "_OPEN_CACHES", {})
    validate._cache_key.cache_clear()
    try:
        with monkeypatch.context() as m:
            _semantic_checks_forbidden(m)
            with pytest.raises(AssertionError):  # not trusted across versions
                list(read_documents([path], seeds=SEEDS))
        list(read_documents([path], seeds=SEEDS))
        (new,) = cache.glob("validated-*.txt")  # the old version's cache is removed
        assert new != old
    finally:
        validate._cache_key.cache_clear()


def test_no_cache_where_none_is_wanted_or_possible(tmp_path, monkeypatch):
    path = _copy(tmp_path)
    monkeypatch.setattr(validate, "_OPEN_CACHES", {})
    monkeypatch.setenv("NEWSBENCH_CACHE", "")
    assert [r.problems for r in read_documents([path], seeds=SEEDS)] == [()]
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("NEWSBENCH_CACHE", str(blocked / "cache"))  # cannot be made: every file is checked
    assert [r.problems for r in read_documents([path], seeds=SEEDS)] == [()]
    assert ValidatedCache.open().entries
    assert not (blocked / "cache").exists()


def test_the_gold_listing_is_in_doc_id_order(tmp_path):
    for name in ("a.json", "a-b.json", "b.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.stem for p in validate.gold_paths(tmp_path)] == ["a", "a-b", "b"]
    assert validate.gold_paths(gold_dir()) == sorted(gold_dir().glob("*.json"))
    assert validate.corpus_document_paths()[0].parent == corpus_dir() / "gold"


def test_a_corpus_without_annotations_lists_its_gold_only(tmp_path):
    _copy(tmp_path)
    assert validate.corpus_document_paths(tmp_path) == [tmp_path / "gold" / "mini.json"]


def test_check_documents_in_workers_finds_what_one_process_finds_and_records_the_valid_files(tmp_path, cache,
                                                                                               monkeypatch):
    from newsbench.synthetic import write_corpus

    write_corpus(tmp_path, 9, seed=2, sentences=4)
    gold = tmp_path / "corpus" / "gold"
    seeds = tmp_path / "corpus" / "seeds"
    paths = validate.gold_paths(gold)
    broken = {paths[1]: ('"schema_version"', '"schema_version_"'), paths[6]: ('"text": "', '"text": "x')}
    for path, (old, new) in broken.items():
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(validate, "CHECK_CHUNK", 2)  # five chunks, over two workers (forked: they see this too)
    one = list(validate.check_documents([gold], seeds=seeds, workers=1))
    monkeypatch.setattr(validate, "_OPEN_CACHES", {})
    shutil.rmtree(cache, ignore_errors=True)
    two = list(validate.check_documents([gold], seeds=seeds, workers=2))
    assert [(r.path, r.problems, r.sha256) for r in two] == [(r.path, r.problems, r.sha256) for r in one]
    assert [r.path for r in two] == paths and all(r.document is None for r in two)
    assert [bool(r.problems) for r in two] == [p in broken for p in paths]
    assert {p.check for r in two for p in r.problems} >= {"schema-required", "seed-text-mismatch"}
    monkeypatch.setattr(validate, "_OPEN_CACHES", {})  # as a new process: what the workers' parent saved
    store = ValidatedCache.open()
    assert [store.holds(r.sha256, r.path.stem, True) for r in two] == [p not in broken for p in paths]


def test_the_string_listings_are_the_path_globs(tmp_path):
    """document_files (what the readers hold: strings) lists what the Path globs list, in their order."""
    for name in ("b.json", "a.b.json", "a.json", ".hidden.json", "c.JSON", "d.txt", "a-b/x.json", "a/x.json",
                 "a/y.txt", "a/.z.json", "z/b.json", "z/a.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "z", target_is_directory=True)
    old_gold = sorted(tmp_path.glob("*.json"), key=lambda f: (f.stem, f.name))
    old_all = old_gold + sorted(tmp_path.glob("*/*.json"))
    assert validate.gold_paths(tmp_path) == old_gold
    assert validate.document_paths([tmp_path, tmp_path / "d.txt"]) == [*old_all, tmp_path / "d.txt"]
    assert validate.document_files([tmp_path]) == list(map(str, old_all))
    assert validate.document_paths([tmp_path / "missing"]) == [tmp_path / "missing"]
    assert validate.gold_paths(tmp_path / "missing") == []
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("b.txt", "a.txt", ".c.txt", "d.TXT", "a.meta.json", "e.txt.bak"):
        (seeds / name).write_text("x", encoding="utf-8")
    assert seed_ids(tmp_path) == sorted(p.stem for p in seeds.glob("*.txt")) == [".c", "a", "b"]
