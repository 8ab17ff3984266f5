"""A terminated test run (SIGTERM, as `timeout` sends) still stops the server it started."""

from __future__ import annotations

import os
import subprocess
import sys
import time

CHILD = r"""
import subprocess, sys, time
from pathlib import Path
from newsbench.labelstudio.server import LabelStudioServer, stopped_on_sigterm

# a stand-in process in its own session, as start_server makes the real one
process = subprocess.Popen(["sleep", "600"], start_new_session=True)
server = LabelStudioServer(url="", token="", username="", password="", data_dir=Path("."), process=process,
                           log_path=Path("server.log"))
with stopped_on_sigterm(server):
    print(process.pid, flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purpose
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_sigterm_to_the_owner_stops_the_server_and_still_terminates_the_owner():
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    server_pid = int(child.stdout.readline())
    assert _alive(server_pid)
    child.terminate()
    assert child.wait(30) == -15  # it still dies of the signal, as it would have
    deadline = time.monotonic() + 10
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(server_pid)
