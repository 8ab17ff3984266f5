"""Issue 14's "done when": a new article becomes adjudicated gold through newsbench alone.

Against a real Label Studio 1.23.2 and a real headless Chromium: ingest an article written for the test (not the
seed), pre-annotate it with the rules baseline and push it, two annotators annotate it with deliberate
disagreements (one through the API, the other in Label Studio's own web UI), pull, import the two passes,
agreement, adjudication with a third value, into corpus/gold and corpus/splits.json, validate, build, and the
leaderboard. Every step is a newsbench command; no JSON file is edited by hand. It runs on a copy of the repository
(NEWSBENCH_ROOT), so the checkout's corpus is untouched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsbench import jsonio
from newsbench.cli import main
from newsbench.paths import repo_root

from article import ANCHOR_DATE, DOC_ID, TEXT
from lsui import Session, browser_available, start_browser

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PROJECT = "newsbench end to end"
SECOND = ("bob@newsbench.invalid", "bob-the-annotator-1")

if not browser_available():
    pytest.skip("needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver",
                allow_module_level=True)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A copy of the repository's files (not its venvs, caches or git) that the commands work on."""
    root = tmp_path / "repo"
    skip = shutil.ignore_patterns(".git", ".venv*", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")
    shutil.copytree(repo_root(), root, ignore=skip, symlinks=True)
    monkeypatch.setenv("NEWSBENCH_ROOT", str(root))
    return root


def _region_at(result: list[dict], text: str, control: str) -> dict:
    return next(r for r in result if r.get("from_name") == control and r["value"]["text"] == text)


def test_a_new_article_becomes_adjudicated_gold(label_studio, repo, tmp_path, capsys, monkeypatch):
    from label_studio_sdk import LabelStudio

    monkeypatch.setenv("LABEL_STUDIO_API_KEY", label_studio.token)
    server = ["--url", label_studio.url, "--project", PROJECT]
    article = tmp_path / "incoming" / f"{DOC_ID}.txt"
    article.parent.mkdir()
    article.write_text(TEXT, encoding="utf-8")

    # 1. ingest: the dateline gives the anchor date
    assert main(["ingest", str(article.parent)]) == 0
    meta = json.loads((repo / "corpus" / "seeds" / f"{DOC_ID}.meta.json").read_text(encoding="utf-8"))
    assert meta["anchor_date"] == ANCHOR_DATE

    # 2. pre-annotate this document only and push it; the project asks two annotators per task
    assert main(["preannotate", DOC_ID, "--system", "rules", "--push", *server]) == 0
    api = LabelStudio(base_url=label_studio.url, api_key=label_studio.token, max_retries=0)
    project = next(p for p in api.projects.list() if p.title == PROJECT)
    assert project.maximum_annotations == 2
    (task,) = list(api.tasks.list(project=project.id, fields="all"))
    assert task.data["doc_id"] == DOC_ID
    (prediction,) = task.predictions

    # 3a. annotator B, a second user who signs up, in Label Studio's own UI: marks "officials" as a PER nominal
    #     and submits (first: Label Studio shows every user the task's existing annotations)
    driver = start_browser(tmp_path / "chromium")
    try:
        ui = Session(driver, label_studio.url)
        ui.sign_up(*SECOND)
        ui.open_task(project.id, task.id)
        at = TEXT.index("officials")
        known = set(ui.region_ids())
        ui.unselect()
        ui.label("PER")
        ui.select_text(TEXT, at, at + len("officials"))
        ui.region(ui.new_region_id(known))
        ui.choice("Mention level", "NOM")
        ui.submit()
        driver.save_screenshot(str(tmp_path / "annotator-b.png"))
    finally:
        driver.quit()
    (b_annotation,) = api.annotations.list(id=task.id)
    assert b_annotation.completed_by != 1, "annotator B's submission did not reach the server as B's"

    # 3b. annotator A, through the API: adds "Red Crescent" (ORG, NAM; or, when the baseline found it, makes it a
    #     nominal) and dates "Wednesday" a week later
    result = [dict(r) for r in prediction.result]
    start = TEXT.index("Red Crescent")
    span = {"start": start, "end": start + 12}
    predicted = [r for r in result if r.get("from_name") == "entity" and r["value"]["text"] == "Red Crescent"]
    if predicted:  # the baseline found it: A disagrees on its level instead
        result = [{**r, "value": {**r["value"], "choices": ["NOM"]}}
                  if r.get("id") == predicted[0]["id"] and r.get("from_name") == "level" else r for r in result]
    else:
        result += [{"id": "a1", "from_name": "entity", "to_name": "text", "type": "labels",
                    "value": {**span, "text": "Red Crescent", "labels": ["ORG"]}},
                   {"id": "a1", "from_name": "level", "to_name": "text", "type": "choices",
                    "value": {**span, "choices": ["NAM"]}}]
    wednesday = _region_at(result, "Wednesday", "timex")
    value = next(r for r in result if r.get("id") == wednesday["id"] and r.get("from_name") == "timex_value")
    value = {**value, "value": {**value["value"], "text": ["2020-05-20"]}}
    result = [value if r.get("id") == wednesday["id"] and r.get("from_name") == "timex_value" else r for r in result]
    api.annotations.create(id=task.id, result=result, parent_prediction=prediction.id, lead_time=30.0)

    annotations = api.annotations.list(id=task.id)
    assert len(annotations) == 2

    # 4. pull, and the two passes apart, with who made them
    export = tmp_path / "export.json"
    assert main(["ls", "pull", *server, "-o", str(export)]) == 0
    passes = repo / "corpus" / "annotations" / DOC_ID
    assert main(["ls", "import", str(export), "--passes", "-o", str(repo / "corpus" / "annotations")]) == 0
    assert sorted(p.name for p in passes.glob("pass-*.json")) == ["pass-annotator.json", "pass-bob.json"]
    record = json.loads((repo / "corpus" / "rounds" / DOC_ID / "passes.json").read_text(encoding="utf-8"))
    assert {e["annotator"] for e in record["passes"]} == {label_studio.username, SECOND[0]}
    a, b = str(passes / "pass-annotator.json"), str(passes / "pass-bob.json")
    b_doc = jsonio.read_document(Path(b))
    assert {m.text: m.level for m in b_doc.mentions}.get("officials") == "NOM"  # the UI step arrived

    # 5. agreement and adjudication: A's mention, B's mention, and a third value for "Wednesday"
    rounds = repo / "corpus" / "rounds" / DOC_ID
    assert main(["agree", a, b, "-o", str(rounds / "agreement.json")]) == 0
    assert main(["adjudicate", a, b, "-o", str(rounds / "adjudication")]) == 1  # undecided
    report = json.loads((rounds / "adjudication" / "disagreements.json").read_text(encoding="utf-8"))
    items = {i["text"]: i["item"] for i in report["items"]}
    assert set(items) == {"Red Crescent", "officials", "Wednesday"}, report["items"]
    capsys.readouterr()
    assert main(["adjudicate", a, b, "-o", str(rounds / "adjudication"), "--decide",
                 f"{items['Red Crescent']}={'B' if predicted else 'A'}",
                 "--decide", f"{items['officials']}=B", "--decide", f"{items['Wednesday']}=C",
                 "--set", f"{items['Wednesday']}.value=2020-05-13", "--gold"]) == 0
    assert f"{DOC_ID}: into the gold" in capsys.readouterr().out

    # 6. the gold, the splits, validate, build, the leaderboard
    gold = jsonio.read_document(repo / "corpus" / "gold" / f"{DOC_ID}.json")
    assert {t.text: t.value for t in gold.timexes}["Wednesday"] == "2020-05-13"
    assert {m.text for m in gold.mentions} >= {"Red Crescent", "officials"}
    splits = json.loads((repo / "corpus" / "splits.json").read_text(encoding="utf-8"))["splits"]
    assert DOC_ID in splits["test"]
    assert main(["validate"]) == 0
    assert main(["status", DOC_ID]) == 0
    assert "in gold" in capsys.readouterr().out
    assert main(["build"]) == 0
    assert main(["run-baseline", "rules"]) == 0
    assert main(["run-baseline", "oracle"]) == 0
    assert main(["leaderboard", "--bootstrap", "20"]) == 0
    board = (repo / "eval" / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert "rules" in board and "oracle" in board
    assert main(["build", "--check"]) == 0
