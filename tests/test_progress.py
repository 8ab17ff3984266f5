"""Progress bars: drawn when stderr is a terminal (a real pty here), silent in pipes and in CI."""

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios

import pytest

CHILD = """
from newsbench.progress import counter, track
for _ in track(range(40), "tracked work", total=40):
    pass
with counter("counted work", total=3) as advance:
    advance(3)
print("done")
"""


def run_with_stderr_on_a_terminal(argv: list[str], env: dict[str, str], cwd: str | None = None) -> tuple[int, str, str]:
    """Run ``argv`` with stderr on a fresh pty and stdout on a pipe: (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    try:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, env=env,
                                 cwd=cwd)
        os.close(slave)
        slave = -1
        terminal = b""
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                child.kill()
                raise AssertionError("no output from the child for 60 s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not chunk:
                break
            terminal += chunk
        out = child.stdout.read().decode("utf-8")
        return child.wait(), out, terminal.decode("utf-8", errors="replace")
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)


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
