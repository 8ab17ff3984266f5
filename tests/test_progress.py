"""Progress bars: drawn when stderr is a terminal (a real pty here), silent in pipes and in CI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsbench.dataset.card import EXAMPLES_MARKERS, STATS_MARKERS
from newsbench.synthetic import write_corpus
from terminal import run_with_stderr_on_a_terminal

CHILD = """
from newsbench.progress import counter, track
for _ in track(range(40), "tracked work", total=40):
    pass
with counter("counted work", total=3) as advance:
    advance(3)
print("done")
"""


def env_without_ci(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return {**env, **extra}


def test_bars_are_drawn_on_a_terminal():
    code, out, terminal = run_with_stderr_on_a_terminal([sys.executable, "-c", CHILD], env_without_ci())
    assert (code, out) == (0, "done\n")
    assert "tracked work" in terminal and "/40 " in terminal
    assert "counted work" in terminal and "/3 " in terminal


@pytest.mark.parametrize("ci", ["true", "1"])
def test_no_bars_in_ci_even_on_a_terminal(ci):
    code, out, terminal = run_with_stderr_on_a_terminal([sys.executable, "-c", CHILD], env_without_ci(CI=ci))
    assert (code, out, terminal) == (0, "done\n", "")


def test_no_bars_in_a_pipe():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env_without_ci())
    assert (done.returncode, done.stdout, done.stderr) == (0, "done\n", "")


# --- the commands ------------------------------------------------------------------------------------------------

NEWSBENCH = [str(Path(sys.executable).with_name("newsbench"))]


@pytest.fixture(scope="module")
def synthetic_repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("progress")
    write_corpus(root, 12, seed=3, submission=root / "submission.json")
    (root / "README.md").write_text("\n".join(STATS_MARKERS + EXAMPLES_MARKERS) + "\n", encoding="utf-8")
    return root


def commands(root: Path, tmp: Path) -> dict[str, tuple[list[str], str]]:
    """Each long command on the synthetic repository, with (part of) the name its bar shows."""
    gold = str(root / "corpus" / "gold")
    return {
        "validate": (["validate"], "validate"),
        "score": (["score", str(root / "submission.json"), "--bootstrap", "0", "--out", str(tmp / "result.json")],
                  "score"),
        "build": (["build"], "build"),
        "export": (["export", "brat", gold, "-o", str(tmp / "brat")], "export"),
        "import": (["import", "brat", str(root / "exported-brat"), "-o", str(tmp / "imported")], "import"),
    }


@pytest.mark.parametrize("command", ["validate", "score", "build", "export", "import"])
def test_long_commands_draw_a_bar_on_a_terminal_and_print_the_same(command, synthetic_repo, tmp_path):
    env = env_without_ci(NEWSBENCH_ROOT=str(synthetic_repo))
    brat = synthetic_repo / "exported-brat"
    if not brat.exists():
        subprocess.run([*NEWSBENCH, "export", "brat", str(synthetic_repo / "corpus" / "gold"), "-o", str(brat)],
                       env=env, check=True, capture_output=True)
    (tmp_path / "tty").mkdir()
    (tmp_path / "pipe").mkdir()
    argv, label = commands(synthetic_repo, tmp_path / "tty")[command]
    code, out, terminal = run_with_stderr_on_a_terminal([*NEWSBENCH, *argv], env)
    assert code == 0, terminal
    assert label in terminal and "%|" in terminal
    piped_argv, _ = commands(synthetic_repo, tmp_path / "pipe")[command]
    piped = subprocess.run([*NEWSBENCH, *piped_argv], env=env, capture_output=True, text=True)
    assert (piped.returncode, piped.stdout.replace("pipe", "tty")) == (0, out)
    assert "%|" not in piped.stderr and "\r" not in piped.stderr
