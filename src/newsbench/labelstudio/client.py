"""Push tasks to and pull exports from a running Label Studio, through label-studio-sdk (the `labelstudio` extra).

Every failure becomes a :class:`~newsbench.problems.Problem` (``ls-server-unreachable``, ``ls-auth-failed``,
``ls-config-mismatch``, ``ls-server-error``), never a traceback. The project is found by its title.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Iterable

from .. import jsonio
from ..progress import counter, track
from .config import config_differences, label_config
from .convert import DATA_DOC_ID
from ..problems import Problem, problem
from collections.abc import Callable, Sequence

TOKEN_VARIABLE = "LABEL_STUDIO_API_KEY"
IMPORT_BATCH = 100
"""Tasks sent per import request (the progress bar of ``ls push`` advances by one batch)."""
T = TypeVar("T")


class ClientProblem(Exception):
    """A problem talking to the Label Studio server, raised to stop the command."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _problem(check: str, url: str, message: str, pointer: str = "") -> ClientProblem:
    return ClientProblem(problem(check, url, None, pointer, message))


def _call(url: str, what: str, fn: Callable[[], T]) -> T:
    """Run one API call; translate transport and HTTP failures into problems."""
    import httpx  # lazy: the labelstudio extra
    from label_studio_sdk.core.api_error import ApiError  # lazy: the labelstudio extra

    try:
        return fn()
    except httpx.TransportError as e:
        raise _problem("ls-server-unreachable", url, f"expected a Label Studio server to answer ({what}), found "
                       f"{type(e).__name__}: {e}") from None
    except ApiError as e:
        if e.status_code in (401, 403):
            raise _problem("ls-auth-failed", url, f"expected the API token to be accepted ({what}), found HTTP "
                           f"{e.status_code}: check {TOKEN_VARIABLE} (a legacy token needs "
                           "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true on the server)") from None
        body = e.body if isinstance(e.body, (str, dict, list)) else repr(e.body)
        raise _problem("ls-server-error", url, f"expected success ({what}), found HTTP {e.status_code}: "
                       f"{json.dumps(body)[:300]}") from None


def connect(url: str, token: str | None = None, *, timeout: float = 120.0):
    """An SDK client whose token was checked against the server."""
    from label_studio_sdk import LabelStudio  # lazy: the labelstudio extra

    token = token if token is not None else os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise _problem("ls-auth-failed", url, f"expected an API token in {TOKEN_VARIABLE}, found none")
    client = LabelStudio(base_url=url.rstrip("/"), api_key=token, timeout=timeout, max_retries=0)
    _call(url, "who am I", lambda: client.users.whoami())
    return client


def find_project(client, url: str, title: str):
    """The project with this title (the lowest id if several), or None."""
    matches = [p for p in _call(url, "list projects", lambda: list(client.projects.list())) if p.title == title]
    return min(matches, key=lambda p: p.id) if matches else None


def check_config(url: str, project: Any, expected: str | None = None) -> None:
    """Raise a ClientProblem when the project's labeling config is not the generated one."""
    found = project.label_config or ""
    differences = config_differences(found, expected if expected is not None else label_config())
    if differences:
        raise _problem("ls-config-mismatch", url, f"expected project {project.id} ({project.title!r}) to use the "
                       f"config generated from schema/ontology.json, found: {'; '.join(differences)} "
                       "(push with --update-config to replace it)", pointer=f"/projects/{project.id}")


@dataclass(frozen=True)
class PushResult:
    """What a push did: the project, whether it or its config was created or updated, tasks and predictions added."""

    project_id: int
    created: bool
    config_updated: bool
    imported: int
    predictions_added: int
    skipped: tuple[str, ...]
    """Doc ids already in the project whose annotations (or predictions of that model version) were there."""


def push(url: str, title: str, tasks: Sequence[dict], *, token: str | None = None,
         update_config: bool = False, annotators: int = 2) -> PushResult:
    """Create the project (or reuse the one with this title), then add the tasks.

    ``annotators``: how many people annotate each task independently (Label Studio's overlap: every task, its
    maximum annotations, shown first); a project with another number is set to this one.

    A task whose doc id is already in the project is not duplicated: its predictions are added to the existing
    task unless one of the same model version is there; its annotations are skipped.
    """
    client = connect(url, token)
    config = label_config()
    project = find_project(client, url, title)
    created = config_updated = False
    overlap = {"maximum_annotations": annotators, "overlap_cohort_percentage": 100, "show_overlap_first": True}
    if project is None:
        project = _call(url, "create project", lambda: client.projects.create(title=title, label_config=config,
                                                                              **overlap))
        created = True
    else:
        if config_differences(project.label_config or "", config):
            if not update_config:
                check_config(url, project, config)
            _call(url, "update config", lambda: client.projects.update(id=project.id, label_config=config))
            config_updated = True
        if (project.maximum_annotations, project.overlap_cohort_percentage) != (annotators, 100):
            _call(url, "set the overlap", lambda: client.projects.update(id=project.id, **overlap))
    existing = {}
    for task in _call(url, "list tasks", lambda: list(client.tasks.list(project=project.id, fields="all"))):
        doc_id = (task.data or {}).get(DATA_DOC_ID)
        if doc_id is not None:
            existing[doc_id] = task
    new, skipped, added = [], [], 0
    for task in track(tasks, "ls push: tasks already in the project", unit="task"):
        doc_id = task["data"][DATA_DOC_ID]
        there = existing.get(doc_id)
        if there is None:
            new.append(task)
            continue
        versions = {_field(p, "model_version") for p in there.predictions or []}
        fresh = [p for p in task.get("predictions", []) if p.get("model_version") not in versions]
        for p in fresh:
            _call(url, f"add prediction to task {there.id}", lambda: client.predictions.create(
                task=there.id, result=p["result"], model_version=p.get("model_version")))
            added += 1
        if not fresh:
            skipped.append(doc_id)
    imported = 0
    for at in track(range(0, len(new), IMPORT_BATCH), f"ls push: import ({IMPORT_BATCH} tasks a batch)", unit="batch"):
        response = _call(url, "import tasks", lambda: client.projects.import_tasks(
            id=project.id, request=list(new[at:at + IMPORT_BATCH]), return_task_ids=True))
        imported += len(response.task_ids or []) or int(response.task_count or 0)
    return PushResult(project.id, created, config_updated, imported, added, tuple(skipped))


def _downloaded(chunks: Iterable[bytes]) -> bytes:
    parts = []
    with counter("ls pull: download", unit="B") as advance:
        for chunk in chunks:
            parts.append(chunk)
            advance(len(chunk))
    return b"".join(parts)


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


@dataclass(frozen=True)
class PullResult:
    """What a pull fetched: the project and its tasks."""

    project_id: int
    tasks: int
    annotations: int
    predictions: int
    path: Path


def pull(url: str, title: str, out: Path, *, token: str | None = None, timeout: float = 300.0) -> PullResult:
    """Write a snapshot JSON export of the project (predictions and annotators in full) to ``out``, atomically."""
    client = connect(url, token)
    project = find_project(client, url, title)
    if project is None:
        raise _problem("ls-project-missing", url, f"expected a project titled {title!r}, found none")
    check_config(url, project)
    options = {"predictions": {"only_id": False}, "annotations__completed_by": {"only_id": False}}
    export = _call(url, "create snapshot export", lambda: client.projects.exports.create(
        project.id, title=f"newsbench pull {time.strftime('%Y-%m-%dT%H:%M:%S')}", serialization_options=options,
        task_filter_options={"only_with_annotations": False}))
    deadline = time.monotonic() + timeout
    with counter("ls pull: the server makes the export", unit="poll") as polled:
        while export.status != "completed":
            if export.status == "failed" or time.monotonic() > deadline:
                raise _problem("ls-server-error", url, f"expected the snapshot export {export.id} to complete, "
                               f"found status {export.status!r}")
            time.sleep(0.3)
            export = _call(url, "poll export", lambda: client.projects.exports.get(project.id, export.id))
            polled(1)
    raw = _call(url, "download export", lambda: _downloaded(
        client.projects.exports.download(project.id, export_pk=export.id, export_type="JSON")))
    try:
        tasks = json.loads(raw)
    except ValueError:
        raise _problem("ls-server-error", url, f"expected a JSON export, found {raw[:80]!r}") from None
    jsonio.write_text_atomic(Path(out), json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    return PullResult(project.id, len(tasks), sum(len(t.get("annotations") or []) for t in tasks),
                      sum(len(t.get("predictions") or []) for t in tasks), Path(out))
