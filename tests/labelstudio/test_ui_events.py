"""Events as the config now enters them, in Label Studio's own web UI (real server, real headless Chromium): a
new trigger given only its tense by hotkey, and an argument drawn as a role region linked to it, import as meant."""

from __future__ import annotations

import json

import pytest
from lsui import Session, browser_available, start_browser
from sample import sample_document

from newsbench.labelstudio.config import label_config
from newsbench.labelstudio.convert import documents_from_tasks, documents_to_tasks
from newsbench.model import Argument

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

if not browser_available():
    pytest.skip("needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver",
                allow_module_level=True)


def test_a_trigger_by_its_tense_hotkey_and_an_argument_by_a_role_region(label_studio, tmp_path):
    from label_studio_sdk import LabelStudio

    doc = sample_document()
    api = LabelStudio(base_url=label_studio.url, api_key=label_studio.token, max_retries=0)
    project = api.projects.create(title="events in the UI", label_config=label_config())
    api.projects.import_tasks(id=project.id, request=documents_to_tasks([doc], as_predictions=True))
    (task,) = list(api.tasks.list(project=project.id))
    text = doc.text
    washington = next(m for m in doc.mentions if m.text == "Washington")
    driver = start_browser(tmp_path / "chromium")
    try:
        ui = Session(driver, label_studio.url)
        ui.login(label_studio.username, label_studio.password)
        ui.open_task(project.id, task.id)

        def new_region(label: str, word: str) -> str:
            known = set(ui.region_ids())
            ui.unselect()
            ui.label(label)
            at = text.index(word)
            ui.select_text(text, at, at + len(word))
            rid = ui.new_region_id(known)
            ui.region(rid)
            return rid

        blamed = new_region("Justice.Charge-Indict", "blamed")
        ui.hotkey("a")  # tense PAST; polarity, genericity and modality left to their defaults
        ui.unselect()
        new_region("Prosecutor", "Washington")
        ui.link(blamed)
        ui.submit()
    finally:
        driver.quit()
    (annotation,) = api.annotations.list(id=task.id)
    saved = json.loads(json.dumps(annotation.result))
    result = documents_from_tasks([{"data": task.data, "annotations": [{"id": annotation.id, "result": saved}]}])
    assert result.problems == (), result.problems
    got = result.documents[0].document
    (trigger,) = [em for em in got.event_mentions if em.text == "blamed"]
    event = next(e for e in got.events if e.id == trigger.event)
    assert (event.type, event.polarity, event.tense, event.genericity, event.modality) == (
        "Justice.Charge-Indict", "POSITIVE", "PAST", "SPECIFIC", "ASSERTED")
    assert trigger.arguments == (Argument(role="Prosecutor", ref=washington.id),)
    assert got.events == (*doc.events, event) and got.mentions == doc.mentions  # nothing else changed
