"""A real terminal for tests: a child process with its stderr on a fresh pty (what a user's shell gives it)."""

import fcntl
import os
import pty
import select
import struct
import subprocess
import tempfile
import termios


def run_with_stderr_on_a_terminal(argv: list[str], env: dict[str, str], cwd: str | None = None) -> tuple[int, str, str]:
    """Run ``argv`` with stderr on a fresh pty and stdout on a file: (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    with tempfile.TemporaryFile() as stdout:
        try:
            child = subprocess.Popen(argv, stdout=stdout, stderr=slave, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
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
            code = child.wait()
        finally:
            os.close(master)
            if slave >= 0:
                os.close(slave)
        stdout.seek(0)
        return code, stdout.read().decode("utf-8"), terminal.decode("utf-8", errors="replace")
