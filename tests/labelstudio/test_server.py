"""Against a real Label Studio 1.23.2: push the gold as predictions, annotate through the API as an annotator
would (accept the prediction, change one label, one attribute and one relation), pull, import, compare.

Uses corpus/gold when it has documents, else the hand-made sample document (written to a temporary folder).
"""

from __future__ import annotations

import copy
import dataclasses
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsbench import jsonio
from newsbench.cli import main
from newsbench.labelstudio.config import label_config
from newsbench.model import Document
from newsbench.ontology import load_ontology
from newsbench.paths import gold_dir
from newsbench.validate import document_problems, load_valid_documents
from sample import sample_document

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ONTO = load_ontology()
PROJECT = "newsbench integration"


@dataclass(frozen=True)
class Changes:
    """What the annotator changes, on the Label Studio side and on the gold side."""

    doc_id: str
    label: tuple[str, str, str]          # region id, span control, new label
    attribute: tuple[str, str, str]      # region id, per-region control, new choice
    relation: tuple[str, str, str, str]  # trigger id, argument id, old role, new role
    expected: Document


def _replace_in(items, match, **changes):
    return tuple(dataclasses.replace(x, **changes) if match(x) else x for x in items)


def plan_changes(docs: list[Document]) -> Changes:
    """Three independent edits that keep the document valid: relabel a mention of a one-mention entity (or, when
    every such entity has a subtype only its type allows, the trigger of a one-mention event), flip the modality
    of another one-mention event, give one argument another role its event type allows."""

    def valid(d: Document) -> bool:
        return document_problems(d, "planned", ontology=ONTO) == []

    for doc in docs:
        single_events = [e for e in doc.events if sum(em.event == e.id for em in doc.event_mentions) == 1]
        trigger_of = {em.event: em for em in doc.event_mentions}
        labels = []
        for m in doc.mentions:
            if sum(x.entity == m.entity for x in doc.mentions) == 1:
                for new in ONTO.entity_types:
                    d = dataclasses.replace(doc, mentions=_replace_in(doc.mentions, lambda x, m=m: x.id == m.id,
                                                                      type=new),
                                            entities=_replace_in(doc.entities, lambda e, m=m: e.id == m.entity,
                                                                 type=new))
                    labels.append(((m.id, "entity", new), None, new != m.type and d))
        for ev in single_events:
            for new in ONTO.event_types:
                d = dataclasses.replace(doc, events=_replace_in(doc.events, lambda e, ev=ev: e.id == ev.id, type=new))
                labels.append(((trigger_of[ev.id].id, "trigger", new), ev.id, new != ev.type and d))
        label = next(((lab, used, d) for lab, used, d in labels if d and valid(d)), None)
        if label is None:
            continue
        label, used_event, doc_l = label
        ev = next((e for e in single_events if e.id != used_event), None)
        if ev is None:
            continue
        new_modality = next(v for v in ONTO.attributes["modality"] if v != ev.modality)
        attribute = (trigger_of[ev.id].id, "modality", new_modality)
        doc_a = dataclasses.replace(doc_l, events=_replace_in(doc_l.events, lambda e, ev=ev: e.id == ev.id,
                                                              modality=new_modality))
        events = {e.id: e for e in doc_a.events}
        for em in doc_a.event_mentions:
            for k, arg in enumerate(em.arguments):
                if sum(a.ref == arg.ref for a in em.arguments) != 1:
                    continue  # one relation per (trigger, filler) pair keeps the edit unambiguous
                for role in ONTO.event_roles[events[em.event].type]:
                    args = em.arguments[:k] + (dataclasses.replace(arg, role=role),) + em.arguments[k + 1:]
                    d = dataclasses.replace(doc_a, event_mentions=_replace_in(
                        doc_a.event_mentions, lambda x, em=em: x.id == em.id, arguments=args))
                    if role != arg.role and valid(d):
                        return Changes(doc.doc_id, label, attribute, (em.id, arg.ref, arg.role, role), d)
    raise AssertionError("no document of the gold admits the three planned changes")


def leaf_differences(a: Any, b: Any, path: str = "") -> set[str]:
    """JSON pointers of the leaves where two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return {p for k in a for p in leaf_differences(a[k], b[k], f"{path}/{k}")}
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return {p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in leaf_differences(x, y, f"{path}/{i}")}
    return set() if a == b else {path}


def apply_to_results(result: list[dict], c: Changes) -> list[dict]:
    result = copy.deepcopy(result)
    hits = 0
    for r in result:
        if r.get("id") == c.label[0] and r.get("from_name") == c.label[1]:
            r["value"]["labels"] = [c.label[2]]
            hits += 1
        elif r.get("id") == c.attribute[0] and r.get("from_name") == c.attribute[1]:
            r["value"]["choices"] = [c.attribute[2]]
            hits += 1
        elif r.get("type") == "relation" and (r["from_id"], r["to_id"], r["labels"]) == (*c.relation[:2],
                                                                                         [c.relation[2]]):
            r["labels"] = [c.relation[3]]
            hits += 1
    assert hits == 3
    return result


@pytest.fixture
def gold(tmp_path) -> tuple[Path, list[Document], list[str]]:
    paths = sorted(gold_dir().glob("*.json"))
    if paths:
        return gold_dir(), load_valid_documents(paths), []
    folder = tmp_path / "gold"
    doc = sample_document()
    jsonio.write_document(folder / f"{doc.doc_id}.json", doc)
    return folder, [doc], ["--no-seeds"]


@pytest.fixture
def api(label_studio, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", label_studio.token)
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=label_studio.url, api_key=label_studio.token, max_retries=0)


def _project(api, title):
    return next(p for p in api.projects.list() if p.title == title)


def test_push_annotate_pull_import(label_studio, api, gold, tmp_path, capsys):
    folder, docs, seed_args = gold
    changes = plan_changes(docs)
    url = ["--url", label_studio.url, "--project", PROJECT]
    assert main(["ls", "push", str(folder), "--as", "predictions", "--model-version", "gold", *url, *seed_args]) == 0
    assert f"{len(docs)} task(s) imported" in capsys.readouterr().out
    # pushing again adds nothing
    assert main(["ls", "push", str(folder), "--as", "predictions", "--model-version", "gold", *url, *seed_args]) == 0
    assert f"0 task(s) imported, 0 prediction(s) added to existing tasks, {len(docs)} already there" in \
        capsys.readouterr().out

    project = _project(api, PROJECT)
    (task,) = [t for t in api.tasks.list(project=project.id, fields="all") if t.data["doc_id"] == changes.doc_id]
    (prediction,) = task.predictions
    api.annotations.create(id=task.id, result=apply_to_results(prediction.result, changes),
                           parent_prediction=prediction.id, lead_time=42.0)

    export = tmp_path / "export.json"
    assert main(["ls", "pull", *url, "-o", str(export)]) == 0
    out = tmp_path / "annotated"
    assert main(["ls", "import", str(export), "-o", str(out), *seed_args]) == 0
    imported = jsonio.read_document(out / f"{changes.doc_id}.json")
    assert imported == changes.expected
    original = next(d for d in docs if d.doc_id == changes.doc_id)
    # exactly the three changes: a label (a mention's type, which its one-mention entity mirrors, or an event's
    # type), an attribute, an argument's role
    changed = leaf_differences(jsonio.document_to_json(original), jsonio.document_to_json(imported))
    kinds = sorted(p.split("/")[1] + "/" + p.rsplit("/", 1)[1] for p in changed)
    label_kinds = ["entities/type", "mentions/type"] if changes.label[1] == "entity" else ["events/type"]
    assert kinds == sorted(label_kinds + ["events/modality", "event_mentions/role"]), changed
    # the other gold documents have no annotation yet: noted, skipped
    assert sorted(p.stem for p in out.glob("*.json")) == [changes.doc_id]

    # the predictions came back from the server intact, for every document
    preds = tmp_path / "predictions"
    assert main(["ls", "import", str(export), "-o", str(preds), "--source", "predictions", "--model-version", "gold",
                 *seed_args]) == 0
    for doc in docs:
        assert jsonio.read_document(preds / f"{doc.doc_id}.json") == doc


def test_bad_token_unknown_project_and_foreign_config_are_clear_problems(label_studio, api, tmp_path, capsys,
                                                                          monkeypatch):
    url = ["--url", label_studio.url]
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "not-the-token")
    assert main(["ls", "pull", *url, "--project", PROJECT, "-o", str(tmp_path / "x.json")]) == 1
    assert "ls-auth-failed" in capsys.readouterr().err
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", label_studio.token)

    assert main(["ls", "pull", *url, "--project", "no such project", "-o", str(tmp_path / "x.json")]) == 1
    assert "ls-project-missing" in capsys.readouterr().err

    foreign = label_config().replace('<Label value="WEA"', '<Label value="WEAPON"')
    api.projects.create(title="foreign config", label_config=foreign)
    assert main(["ls", "pull", *url, "--project", "foreign config", "-o", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "ls-config-mismatch" in err and "missing ['WEA'], extra ['WEAPON']" in err and "Traceback" not in err
    doc = tmp_path / "sample_0001.json"
    jsonio.write_document(doc, sample_document())
    assert main(["ls", "push", str(doc), "--no-seeds", *url, "--project", "foreign config"]) == 1
    assert "ls-config-mismatch" in capsys.readouterr().err
    assert main(["ls", "push", str(doc), "--no-seeds", *url, "--project", "foreign config", "--update-config"]) == 0
    assert "config updated" in capsys.readouterr().out
    assert main(["ls", "pull", *url, "--project", "foreign config", "-o", str(tmp_path / "x.json")]) == 0
    assert not (tmp_path / "x.json.tmp").exists() and (tmp_path / "x.json").is_file()


def test_an_http_error_is_a_server_error_problem(label_studio, api):
    from newsbench.labelstudio.client import ClientProblem, _call

    with pytest.raises(ClientProblem) as caught:
        _call(label_studio.url, "get project", lambda: api.projects.get(id=987654))
    assert caught.value.problem.check == "ls-server-error" and "HTTP 404" in caught.value.problem.message


def _tcp_peers(pid: int) -> set[str]:
    """Remote addresses of the process's TCP sockets (IPv4 and IPv6), from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    peers = set()
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                raw = bytes.fromhex(fields[2].split(":")[0])
                if family == socket.AF_INET:
                    peers.add(socket.inet_ntop(family, raw[::-1]))
                else:
                    peers.add(socket.inet_ntop(family, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))))
    return peers


def test_the_server_listens_and_talks_on_loopback_only(label_studio):
    assert label_studio.alive()
    peers = _tcp_peers(label_studio.process.pid)
    assert peers <= {"127.0.0.1", "0.0.0.0", "::", "::1", "::ffff:127.0.0.1"}, peers


def test_partly_annotated_documents_go_through_the_server_with_their_declaration(label_studio, api, dev_corpora,
                                                                                 tmp_path):
    """Imported MEANTIME documents (entities and timexes declared over their first sentences only) pushed as
    predictions to a real server and pulled back: identical, declarations included."""
    from newsbench.interop.importers import import_files, write_imported

    result = import_files("meantime", [dev_corpora / "meantime-en"])
    result.documents[:] = result.documents[:3]
    gold, seeds = tmp_path / "gold", tmp_path / "seeds"
    write_imported(result, gold, seeds)
    url = ["--url", label_studio.url, "--project", "newsbench declared layers"]
    assert main(["ls", "push", str(gold), "--as", "predictions", "--model-version", "import", *url,
                 "--seeds", str(seeds)]) == 0
    export = tmp_path / "export.json"
    assert main(["ls", "pull", *url, "-o", str(export)]) == 0
    back = tmp_path / "back"
    assert main(["ls", "import", str(export), "-o", str(back), "--source", "predictions", "--model-version", "import",
                 "--seeds", str(seeds)]) == 0
    for doc in result.documents:
        again = jsonio.read_document(back / f"{doc.doc_id}.json")
        assert again == doc and again.annotated_ranges("entities") != ((0, len(doc.text)),)
