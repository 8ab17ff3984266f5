"""A real Label Studio for the session: one migrated database, started once, stopped at the end."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from newsbench.paths import repo_root

SETUP_SCRIPT = repo_root() / "scripts" / "labelstudio_venv.sh"


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory):
    """A private Label Studio 1.23.2 on 127.0.0.1 (its venv is made by scripts/labelstudio_venv.sh if missing)."""
    pytest.importorskip("label_studio_sdk")
    from newsbench.labelstudio.server import start_server, stopped_on_sigterm

    started = time.monotonic()
    made = subprocess.run(["bash", str(SETUP_SCRIPT)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.fail(f"scripts/labelstudio_venv.sh failed:\n{made.stderr[-3000:]}")
    venv = Path(made.stdout.strip().splitlines()[-1])
    server = start_server(tmp_path_factory.mktemp("label-studio"), venv=venv)
    server.setup_seconds = time.monotonic() - started  # type: ignore[attr-defined]
    try:
        with stopped_on_sigterm(server):
            yield server
    finally:
        server.stop()
