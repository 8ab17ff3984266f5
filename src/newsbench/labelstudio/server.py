"""Start and stop a private, offline Label Studio server (for the integration test and for local work).

The server runs from its own virtual environment (``scripts/labelstudio_venv.sh`` makes ``.venv-labelstudio``),
binds 127.0.0.1 only, keeps everything in one data folder, and has its version check, analytics and error
reporting switched off, so it opens no outbound connection. Field notes: the first start on a fresh data folder
runs migrations (~45 s), a restart on a migrated folder takes ~4 s.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import repo_root


def default_venv() -> Path:
    """The Label Studio server's venv: $NEWSBENCH_LABEL_STUDIO_VENV, else .venv-labelstudio."""
    return Path(os.environ.get("NEWSBENCH_LABEL_STUDIO_VENV") or repo_root() / ".venv-labelstudio")


def free_port() -> int:
    """A free local TCP port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class LabelStudioServer:
    """A running server; ``stop()`` ends it (and only it: its own process group)."""

    url: str
    token: str
    username: str
    password: str
    data_dir: Path
    process: subprocess.Popen
    log_path: Path
    startup_seconds: float = 0.0
    _stopped: bool = field(default=False, repr=False)

    def alive(self) -> bool:
        """Whether the server process still runs."""
        return self.process.poll() is None

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the server (its whole process group), waiting up to ``timeout`` seconds."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)

    def __enter__(self) -> LabelStudioServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def stopped_on_sigterm(server: LabelStudioServer) -> Iterator[LabelStudioServer]:
    """Stop ``server`` also when this process is sent SIGTERM (``timeout``, a CI runner), then end of that signal as
    before: the server runs in a session of its own, so the signal would not reach it."""
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum: int, frame: object) -> None:
        server.stop()
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(signal.SIGTERM, on_term)
    try:
        yield server
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


class ServerStartError(RuntimeError):
    """The server did not start or answer in time."""

    pass


def server_environment(data_dir: Path, username: str, password: str, token: str) -> dict[str, str]:
    """The environment that keeps the server private: every variable here was needed (see FIELD_NOTES)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABEL_STUDIO_", "DJANGO_"))}
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "XDG_CONFIG_HOME": str(data_dir / "xdg"),
        "HOME": str(data_dir / "home"),
        "LABEL_STUDIO_USERNAME": username,
        "LABEL_STUDIO_PASSWORD": password,
        "LABEL_STUDIO_USER_TOKEN": token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "SECRET_KEY": "newsbench-local-" + token,
        # the three switches without which the server calls out: version check, analytics, error reporting
        "LATEST_VERSION_CHECK": "false",
        "COLLECT_ANALYTICS": "false",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
    })
    return env


def start_server(data_dir: Path, *, port: int | None = None, venv: Path | None = None,
                 username: str = "annotator@newsbench.invalid", password: str | None = None,
                 token: str | None = None, timeout: float = 240.0) -> LabelStudioServer:
    """Start Label Studio on 127.0.0.1 with ``data_dir`` and wait until ``/health`` answers."""
    venv = Path(venv or default_venv())
    exe = venv / "bin" / "label-studio"
    if not exe.is_file():
        raise ServerStartError(f"no Label Studio at {exe}: run scripts/labelstudio_venv.sh first")
    data_dir = Path(data_dir).resolve()
    for sub in ("", "xdg", "home"):
        (data_dir / sub).mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    if _port_taken(port):
        # Label Studio would silently move to port+1: refuse instead
        raise ServerStartError(f"port {port} on 127.0.0.1 is already in use")
    password = password or secrets.token_hex(12)
    token = token or secrets.token_hex(20)
    log_path = data_dir / "server.log"
    started = time.monotonic()
    with open(log_path, "ab") as log:  # the server keeps its own handle
        process = subprocess.Popen(
            [str(exe), "start", "--data-dir", str(data_dir), "--internal-host", "127.0.0.1", "--port", str(port),
             "--no-browser", "--log-level", "WARNING"],
            env=server_environment(data_dir, username, password, token), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, cwd=data_dir,
        )
    server = LabelStudioServer(url=f"http://127.0.0.1:{port}", token=token, username=username, password=password,
                               data_dir=data_dir, process=process, log_path=log_path)
    deadline = started + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerStartError(f"Label Studio exited with {process.returncode}; log: {log_path}\n"
                                   + log_path.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(server.url + "/health", timeout=2) as r:
                if r.status == 200:
                    server.startup_seconds = time.monotonic() - started
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    server.stop()
    raise ServerStartError(f"Label Studio did not answer on {server.url}/health within {timeout:.0f} s; "
                           f"log: {log_path}")
