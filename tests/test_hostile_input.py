"""Issue 11's numbered cases, each reproduced on main before its fix: hostile input and faults give a problem with a
check id (or a usage error), never a traceback, a wrong exit code, a replaced device or a half-written output."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from newsbench import corpus_commands
from newsbench.cli import main
from newsbench.paths import repo_root
from newsbench.problems import problem
from newsbench.validate import validate_file

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
MINI = DATA / "valid" / "mini.json"
ROOT = repo_root()
GOLD_FILE = next((ROOT / "corpus" / "gold").glob("*.json"))
SUBMISSION = ROOT / "eval" / "systems" / "rules" / "submission.json"


def checks(problems) -> set[str]:
    return {p.check for p in problems}


def newsbench(*argv: str, env: dict | None = None, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    """The real CLI in a child process (what a user runs)."""
    return subprocess.run([sys.executable, "-m", "newsbench.cli", *argv], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, **kw)


def assert_no_traceback(run: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr[-2000:]


def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


# --- 1. float offsets ---------------------------------------------------------------------------------


def test_float_offset_is_a_schema_type_problem(tmp_path):
    doc = json.loads(mini_text())
    doc["mentions"][0]["start"] = float(doc["mentions"][0]["start"])
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert '"start": 0.0' in path.read_text(encoding="utf-8")
    result = validate_file(path, seeds=SEEDS)
    assert checks(result.problems) == {"schema-type"}
    assert [p.pointer for p in result.problems] == ["/mentions/0/start"]


def test_whole_float_where_a_number_belongs_is_fine(tmp_path):
    doc = json.loads(mini_text())
    doc["toponyms"][0]["lat"] = 33.0
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert validate_file(path, seeds=SEEDS).problems == ()


@pytest.mark.parametrize("lat,offset,expected", [(90.0, 0, set()), (-90.0, 0, set()), (90.0, 0.0, {"schema-type"}),
                                                 (91.0, 0, {"schema-range"}), (1e300, 0, {"schema-range"})])
def test_whole_floats_at_bounds_and_with_float_offsets(tmp_path, lat, offset, expected):
    doc = json.loads(mini_text())
    doc["toponyms"][0]["lat"] = lat
    doc["mentions"][1]["start"] = doc["mentions"][1]["start"] + offset
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert checks(validate_file(path, seeds=SEEDS).problems) == expected


def test_score_errors_with_a_float_offset_is_a_problem_and_writes_nothing(tmp_path):
    sub = json.loads(SUBMISSION.read_text(encoding="utf-8"))
    sub["documents"][0]["mentions"][0]["start"] = 0.0
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(sub), encoding="utf-8")
    run = newsbench("score", str(pred), "--errors", str(tmp_path / "errors"), "--bootstrap", "0",
                    "--out", str(tmp_path / "r.json"))
    assert_no_traceback(run)
    assert run.returncode == 1 and "schema-type" in run.stderr
    assert not (tmp_path / "errors").exists() and not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("depth", [60, 150, 900, 5000])
def test_deep_nesting_is_a_problem_or_fine_never_a_crash(tmp_path, depth):
    deep = "[" * depth + "1.0" + "]" * depth
    path = tmp_path / "mini.json"
    path.write_text(mini_text().replace('"outlet": "unknown"', f'"outlet": {deep}', 1), encoding="utf-8")
    assert checks(validate_file(path, seeds=SEEDS).problems) == ({"schema-type"} if depth < 100 else {"json-malformed"})
    pred = tmp_path / "pred.json"
    pred.write_text(SUBMISSION.read_text(encoding="utf-8").replace('"system": {', '"system": {"params": {"x": '
                                                                   + deep + '}, ', 1), encoding="utf-8")
    run = newsbench("score", str(pred), "--bootstrap", "0", "--out", str(tmp_path / "r.json"), "--tasks", "entities")
    assert_no_traceback(run)
    assert run.returncode == (0 if depth < 100 else 1), run.stderr


# --- 2. lone surrogates -----------------------------------------------------------------------------


@pytest.mark.parametrize("old,new", [('"id": "E1"', '"id": "E\\ud800"'), ('"doc_id": "mini"', '"doc_id": "\\udfff"'),
                                     ('"schema_version"', '"\\ud800schema_version"')])
def test_lone_surrogate_in_an_id_or_a_key_is_a_problem(tmp_path, old, new):
    path = tmp_path / "mini.json"
    assert old in mini_text()
    path.write_text(mini_text().replace(old, new, 1), encoding="utf-8")
    result = validate_file(path, seeds=SEEDS)
    assert checks(result.problems) == {"json-text-invalid"}


def test_lone_surrogate_in_free_text_is_a_problem_with_its_pointer(tmp_path):
    doc = json.loads(mini_text())
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(doc).replace('"title": "', '"title": "\\ud83d', 1), encoding="utf-8")
    result = validate_file(path, seeds=SEEDS)
    assert [(p.check, p.pointer) for p in result.problems] == [("json-text-invalid", "/meta/title")]


def test_a_surrogate_pair_escape_is_one_astral_character_and_fine(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(mini_text().replace('"outlet": "', '"outlet": "\\ud835\\udd18', 1), encoding="utf-8")
    assert validate_file(path, seeds=SEEDS).problems == ()


def test_submission_system_name_with_a_lone_surrogate_is_a_problem(tmp_path):
    pred = tmp_path / "pred.json"
    pred.write_text(SUBMISSION.read_text(encoding="utf-8").replace('"name": "rules"', '"name": "r\\udc80"', 1),
                    encoding="utf-8")
    for argv in (["validate-submission", str(pred)], ["score", str(pred), "--bootstrap", "0",
                                                       "--out", str(tmp_path / "r.json")]):
        run = newsbench(*argv)
        assert_no_traceback(run)
        assert run.returncode == 1 and "json-text-invalid" in run.stderr
    assert not (tmp_path / "r.json").exists()


def test_json_output_is_valid_utf8_for_a_file_name_that_is_not(tmp_path):
    bad = os.fsencode(tmp_path) + b"/caf\xe9.json"
    with open(bad, "wb") as f:
        f.write(b"null")
    run = subprocess.run([sys.executable, "-m", "newsbench.cli", "validate", "--json", bad], capture_output=True)
    assert run.returncode == 1, run.stderr
    out = run.stdout.decode("utf-8")  # strict: valid UTF-8
    [problem] = json.loads(out)
    assert problem["check"] == "json-top-level" and "\\udce9" in problem["file"]


# --- 3. a top-level value of the wrong kind -------------------------------------------------------------


@pytest.mark.parametrize("content", ["null", "3", '"text"', "true"])
def test_a_file_that_is_just_a_scalar_is_a_problem(tmp_path, content):
    path = tmp_path / "mini.json"
    path.write_text(content, encoding="utf-8")
    assert checks(validate_file(path, seeds=SEEDS).problems) == {"json-top-level"}
    for argv in (["validate", str(path)], ["validate-submission", str(path)],
                 ["ls", "import", str(path), "-o", str(tmp_path / "out")],
                 ["score", str(path), "--out", str(tmp_path / "r.json")]):
        run = newsbench(*argv)
        assert_no_traceback(run)
        assert run.returncode == 1 and "json-top-level" in run.stderr, (argv, run.stderr)
    assert not (tmp_path / "out").exists()


# --- 4. ls import with a list or an object where a string belongs --------------------------------------


@pytest.fixture(scope="module")
def tasks(tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("tasks") / "tasks.json"
    assert main(["ls", "export", str(GOLD_FILE), "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _mutations(tasks):
    results = tasks[0]["annotations"][0]["result"]
    relation = next(i for i, r in enumerate(results) if r.get("type") == "relation")
    span = next(i for i, r in enumerate(results) if "labels" in r.get("value", {}))
    value = next(i for i, r in enumerate(results) if r.get("type") not in ("relation", "labels"))
    return [("result", span, "from_name", ["entity"]), ("result", span, "id", {"a": 1}),
            ("result", value, "id", [1]), ("result", relation, "to_id", ["x"]),
            ("result", relation, "from_id", {"x": 1}), ("result", value, "from_name", {"k": "v"}),
            ("order", "entities", 0, ["E1"]), ("order", "events", None, {"x": 1}),
            ("result", relation, "labels", [["Attacker"]]), ("result", relation, "labels", [{"r": 1}])]


def test_ls_import_with_containers_where_strings_belong_is_a_problem(tasks, tmp_path):
    import copy

    for n, (where, index, key, value) in enumerate(_mutations(tasks)):
        broken = copy.deepcopy(tasks)
        if where == "result":
            broken[0]["annotations"][0]["result"][index][key] = value
        else:
            order = broken[0]["data"]["newsbench"]["order"]
            if key is None:
                order[index] = value
            else:
                order[index][key] = value
        path = tmp_path / f"export{n}.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        run = newsbench("ls", "import", str(path), "-o", str(tmp_path / f"out{n}"), "--no-seeds")
        assert_no_traceback(run)
        assert run.returncode in (0, 1), run.stderr
        if run.returncode == 1:
            assert all(" ls-" in line or " schema-" in line or line.startswith("import failed")
                       for line in run.stderr.splitlines() if line.strip()), run.stderr


# --- 5. a device or another non-regular file as an output ---------------------------------------------------


def _char_device(path: Path) -> Path:
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null inside the test's folder
    return path


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")


@needs_root
@pytest.mark.parametrize("argv", [["score", str(SUBMISSION), "--bootstrap", "0", "--out", "{dev}"],
                                  ["ls", "export", str(GOLD_FILE), "-o", "{dev}"],
                                  ["ls", "config", "-o", "{dev}"]])
def test_an_output_naming_a_device_leaves_the_device(tmp_path, argv):
    dev = _char_device(tmp_path / "null")
    run = newsbench(*[a.format(dev=dev) for a in argv])
    assert_no_traceback(run)
    assert run.returncode == 1 and "output-not-file" in run.stderr
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_an_output_naming_a_fifo_or_a_symlink_is_refused(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    target = tmp_path / "target.xml"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    for out in (fifo, link):
        run = newsbench("ls", "config", "-o", str(out))
        assert run.returncode == 1 and "output-not-file" in run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink() and target.read_text() == "keep"


# --- 6. path tracebacks (and issue 10 item 5) -------------------------------------------------------------


@pytest.fixture(scope="module")
def result_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("result") / "rules.result.json"
    assert main(["score", str(SUBMISSION), "--bootstrap", "0", "--out", str(path), "--tasks", "entities"]) == 0
    return path


def output_cases(tmp: Path, result: Path) -> list[tuple[list[str], str]]:
    folder = tmp / "folder"
    folder.mkdir()
    a_file = tmp / "a_file"
    a_file.write_text("keep", encoding="utf-8")
    gold = str(GOLD_FILE)
    return [
        (["score", str(SUBMISSION), "--bootstrap", "0", "--errors", str(a_file)], "output-not-folder"),
        (["score", str(SUBMISSION), "--bootstrap", "0", "--out", str(a_file / "x.json")], "output-parent-missing"),
        (["compare", str(result), str(result), "--out", str(folder)], "output-not-file"),
        (["compare", str(result), str(result), "--out", str(a_file / "x")], "output-parent-missing"),
        (["ls", "config", "-o", str(folder)], "output-not-file"),
        (["ls", "export", gold, "-o", str(folder)], "output-not-file"),
        (["agree", gold, gold, "-o", str(folder)], "output-not-file"),
        (["ls", "import", str(SUBMISSION), "-o", str(a_file)], "output-not-folder"),
        (["leaderboard", "--bootstrap", "0", "--out", str(a_file)], "output-not-folder"),
        (["run-baseline", "empty", "--out", str(a_file)], "output-not-folder"),
        (["adjudicate", gold, gold, "-o", str(a_file)], "output-not-folder"),
    ]


def test_bad_output_paths_are_problems_before_any_work(tmp_path, result_file):
    for argv, check in output_cases(tmp_path, result_file):
        run = newsbench(*argv)
        assert_no_traceback(run)
        assert run.returncode == 1 and check in run.stderr, (argv, run.stderr)
    assert (tmp_path / "a_file").read_text() == "keep" and not list((tmp_path / "folder").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "folder"]


@pytest.mark.parametrize("name", ["../{doc_id}.json", "/tmp/{doc_id}.json", "{0}", "{doc_id.x}", "{other}",
                                  "x/../../{doc_id}.json", "{doc_id}.json/"])
def test_unsafe_name_templates_are_usage_errors(tmp_path, name):
    run = newsbench("ls", "import", str(SUBMISSION), "-o", str(tmp_path / "out"), "--name", name)
    assert_no_traceback(run)
    assert run.returncode == 2 and "--name" in run.stderr
    assert not (tmp_path / "out").exists()


def temporary_root(tmp_path: Path) -> Path:
    """A repository root with the real schema and a copy of the corpus."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "schema").symlink_to(ROOT / "schema")
    shutil.copytree(ROOT / "corpus" / "seeds", root / "corpus" / "seeds")
    shutil.copytree(ROOT / "corpus" / "gold", root / "corpus" / "gold")
    return root


@pytest.mark.parametrize("make", ["dangling-symlink", "folder", "unreadable"])
def test_odd_entries_in_corpus_seeds_are_problems(tmp_path, make):
    root = temporary_root(tmp_path)
    odd = root / "corpus" / "seeds" / "odd.txt"
    if make == "dangling-symlink":
        odd.symlink_to(tmp_path / "nowhere.txt")
    elif make == "folder":
        odd.mkdir()
    else:
        odd.symlink_to("/proc/self/mem")  # a regular file whose read fails, even for root
    for argv in (["ingest", "--check"], ["validate"]):
        run = newsbench(*argv, env={"NEWSBENCH_ROOT": str(root)})
        assert_no_traceback(run)
        assert run.returncode == 1 and "odd.txt" in run.stderr, run.stderr
        assert ("file-unreadable" if make == "unreadable" else "file-missing") in run.stderr


def test_symlink_loop_and_unreadable_file_in_corpus_gold_are_problems(tmp_path):
    root = temporary_root(tmp_path)
    gold = root / "corpus" / "gold"
    (gold / "loop.json").symlink_to(gold / "loop2.json")
    (gold / "loop2.json").symlink_to(gold / "loop.json")
    (gold / "mem.json").symlink_to("/proc/self/mem")
    run = newsbench("validate", env={"NEWSBENCH_ROOT": str(root)}, cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 1
    assert "loop.json" in run.stderr and "file-missing" in run.stderr and "file-unreadable" in run.stderr


def test_a_full_disk_is_a_problem_and_keeps_the_old_file(tmp_path):
    out = tmp_path / "tasks.json"
    out.write_text("old", encoding="utf-8")
    # A real write failure: a file size limit of 1 kB (SIGXFSZ ignored, so write() fails with EFBIG).
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)); from newsbench.cli import main; "
            f"sys.exit(main(['ls', 'export', {str(GOLD_FILE)!r}, '-o', {str(out)!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert_no_traceback(run)
    assert run.returncode == 1 and "output-write-failed" in run.stderr, run.stderr
    assert out.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["tasks.json"]


# --- internal errors, problem lines ---------------------------------------------------------------------


def test_an_internal_error_exits_3_with_one_line_naming_a_report(monkeypatch, capsys, tmp_path):
    def boom(args):
        raise KeyError("a bug")

    monkeypatch.setattr(corpus_commands, "cmd_stats", boom)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert main(["stats"]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "internal error" in err
    report = Path(err.split("report: ")[1].split()[0])
    assert report.is_file() and "KeyError: 'a bug'" in report.read_text(encoding="utf-8")


def test_problem_lines_escape_control_and_separator_characters():
    p = problem("schema-type", "a\nb.json", "d\u2028x", "/x\ty", "expected x, found \u2029\x1b[31m\x85 \udc80")
    line = str(p)
    assert len(line.splitlines()) == 1 and line.isprintable()
    assert "\\u2028" in line and "\\n" in line and "\\x1b" in line and "\\udc80" in line
    json.dumps(p.to_json(), ensure_ascii=False).encode("utf-8")  # no lone surrogate left
