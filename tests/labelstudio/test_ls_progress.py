"""`ls push` and `ls pull` against a real Label Studio: progress bars on a terminal (a real pty), none in a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsbench.paths import repo_root
from terminal import run_with_stderr_on_a_terminal

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NEWSBENCH = str(Path(sys.executable).with_name("newsbench"))
PROJECT = "newsbench progress bars"


def test_push_and_pull_draw_bars_on_a_terminal_only(label_studio, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["LABEL_STUDIO_API_KEY"] = label_studio.token
    gold = str(repo_root() / "corpus" / "gold")
    server = ["--url", label_studio.url, "--project", PROJECT]
    code, out, terminal = run_with_stderr_on_a_terminal(
        [NEWSBENCH, "ls", "push", gold, "--as", "predictions", "--model-version", "gold", *server], env)
    assert code == 0, terminal
    assert "task(s) imported" in out
    assert "ls push" in terminal and "%|" in terminal
    code, out, terminal = run_with_stderr_on_a_terminal(
        [NEWSBENCH, "ls", "pull", *server, "-o", str(tmp_path / "tty.json")], env)
    assert code == 0, terminal
    assert "ls pull" in terminal
    piped = subprocess.run([NEWSBENCH, "ls", "pull", *server, "-o", str(tmp_path / "pipe.json")], env=env,
                           capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert "ls pull" not in piped.stderr and "\r" not in piped.stderr
    tty, pipe = (json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8")) for name in ("tty", "pipe"))
    assert [t["data"] for t in tty] == [t["data"] for t in pipe] and tty
