"""Count the UI actions of five annotation edits in Label Studio's own web UI, before and after the issue-14 config.

Starts a private Label Studio (127.0.0.1, every off-switch set), makes two projects with the same pre-annotated
task (the test article of tests/labelstudio/article.py, pre-annotated by the rules baseline): one with the
labeling config of BASE (the config before issue 14), one with today's. Then drives headless Chromium through
each edit as an annotator would, counting clicks, key presses, text selections, typed values and the scrolls the
screen needed, submits, and checks through the API that each edit was saved (for today's config, by importing the
saved annotation with ``newsbench ls import``'s reader: the new items must come out as meant). Prints a Markdown
table.

    .venv/bin/python scripts/measure_ui_actions.py [--base 860ed56]
"""

from __future__ import annotations

import argparse
import copy
import re
import subprocess
import sys
import tempfile
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "labelstudio"), str(ROOT / "tests")]

from article import DOC_ID, TEXT  # noqa: E402
from lsui import Session, start_browser  # noqa: E402

from newsbench.corpus import ingest  # noqa: E402
from newsbench.labelstudio import config as current  # noqa: E402
from newsbench.labelstudio.convert import documents_from_tasks  # noqa: E402
from newsbench.labelstudio.preannotate import preannotate  # noqa: E402
from newsbench.labelstudio.server import start_server  # noqa: E402

EDITS = ("a new NAM mention with its type", "a coreference link", "an event trigger with its four attributes",
         "a toponym with coordinates", "one argument")


def config_at(ref: str) -> types.ModuleType:
    """The labelstudio.config module as it was at ``ref`` (git), imported beside today's."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:src/newsbench/labelstudio/config.py"],
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("newsbench.labelstudio.config_before")
    module.__package__ = "newsbench.labelstudio"
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{ref}:config.py", "exec"), module.__dict__)
    return module


def the_task(tmp: Path) -> dict:
    """The article pre-annotated by the rules baseline, with the toponym fields of "Washington" taken away
    (the toponym edit fills them in) and without its mention of "Red Crescent" (the mention edit makes it)."""
    source = tmp / f"{DOC_ID}.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert not ingest(source, corpus=tmp / "corpus").problems
    (task,) = preannotate([DOC_ID], "rules", corpus=tmp / "corpus").tasks
    result = task["predictions"][0]["result"]
    washington = next(r["id"] for r in result if r.get("from_name") == "entity" and r["value"]["text"] == "Washington")
    fields = {"reading", "geonames_id", "lat", "lon", "feature", "source", "uncertainty_km"}
    red = {r["id"] for r in result if r.get("from_name") == "entity" and r["value"]["text"] == "Red Crescent"}
    task["predictions"][0]["result"] = [
        r for r in result if not (r.get("id") == washington and r["from_name"] in fields)
        and r.get("id") not in red and not {r.get("from_id"), r.get("to_id")} & red]
    return task


def for_config(task: dict, config_module: types.ModuleType) -> dict:
    """The task with only the results a config has controls for."""
    names = set(config_module._control_names(config_module.label_config()))
    task = copy.deepcopy(task)
    task["predictions"][0]["result"] = [r for r in task["predictions"][0]["result"]
                                        if r.get("type") == "relation" or r.get("from_name") in names]
    return task


def run_edits(s: Session, text: str, before: bool) -> tuple[dict[str, int], dict[str, str]]:
    counts, made = {}, {}

    def new_region(label: str, word: str, nth: int = 0) -> str:
        start = [i for i in range(len(text)) if text.startswith(word, i)][nth]
        known = set(s.region_ids())
        s.unselect()
        s.label(label)
        s.select_text(text, start, start + len(word))
        rid = s.new_region_id(known)
        s.region(rid)
        return rid

    def measured(name: str, edit) -> None:
        s.actions, s.log = 0, []
        edit()
        counts[name] = s.actions
        print(f"  {name}: {s.actions} actions: {'; '.join(s.log)}", file=sys.stderr)

    def nam_mention():
        made["org"] = new_region("ORG", "Red Crescent")
        s.choice("Mention level", "NAM")
        if before:
            s.type_into("Entity id (coreference cluster): the same id on every mention of one entity", "E90")

    measured(EDITS[0], nam_mention)
    # the mention to link (not counted): "the city", a GPE nominal
    made["city"] = new_region("GPE", "the city")
    s.choice("Mention level", "NOM")

    def link():
        if before:
            s.type_into("Entity id (coreference cluster): the same id on every mention of one entity", "E-c1")
        else:
            s.choice("Coreference: the entity this mention refers to", "Tehran (E-c1)")

    measured(EDITS[1], link)

    def trigger():
        made["trigger"] = new_region("Transaction.Transfer-Money", "offered")
        if before:
            s.type_into("Event id (event coreference cluster): the same id on every mention of one event", "EV90")
            for name, value in (("polarity", "POSITIVE"), ("tense", "PAST"), ("genericity", "SPECIFIC"),
                                ("modality", "ASSERTED")):
                s.choice(f"Event {name}", value)
        else:  # POSITIVE, SPECIFIC and ASSERTED are the defaults (GUIDELINES M4): only the tense, by its hotkey
            s.hotkey("a")

    measured(EDITS[2], trigger)

    def toponym():
        s.region(made["washington"])
        s.choice("Toponym reading (only for toponyms)", "Literal")
        if before:
            s.type_into("Toponym GeoNames id (empty when the place has none)", "4140963", submit=False)
            s.type_into("Toponym latitude", "38.89511", submit=False)
            s.type_into("Toponym longitude", "-77.03637", submit=False)
            s.type_into("Toponym GeoNames feature (class.code, e.g. P.PPLC)", "P.PPLC")
            s.type_into("Toponym coordinate source (GeoNames or a named reference)", "GeoNames")
        else:
            s.choice("Toponym: the gazetteer place (fills GeoNames id, coordinates, feature, source)", "Washington")

    def predicted(prefix: str, word: str) -> str:
        """The id of the pre-annotated region (id ``prefix``<n>) over ``word``."""
        return next(r for r in s.region_ids() if re.fullmatch(prefix + "[0-9]+", r) and s.driver.execute_script(
            "return [...document.querySelectorAll(`span.htx-highlight[class*='htx-highlight-${arguments[0]}-']`)]"
            ".map(e => e.textContent).join('')", r) == word)

    made["washington"] = predicted("m", "Washington")
    measured(EDITS[3], toponym)
    s.unselect()

    made["visited"], made["rouhani"] = predicted("em", "visited"), predicted("m", "Hassan Rouhani")

    def argument():  # "visited" (Movement.Transport) -> "Hassan Rouhani" as Artifact, the one who travels
        if before:
            s.argument(made["visited"], made["rouhani"], "Artifact")
        else:  # the role label over the filler, linked to the trigger
            made["role"] = new_region("Artifact", "Hassan Rouhani")
            s.link(made["visited"])

    measured(EDITS[4], argument)
    s.submit()
    return counts, made


def saved(api, task_id: int) -> dict[str, dict]:
    (annotation,) = api.annotations.list(id=task_id)
    out: dict[str, dict] = {}
    for r in annotation.result:
        if r.get("id"):
            v = r["value"]
            out.setdefault(r["id"].split("#")[0], {})[r["from_name"]] = (
                v.get("labels") or v.get("choices") or v.get("text") if "number" not in v else v["number"])
    return out


def check_before(api, task_id: int, made: dict[str, str]) -> None:
    """The old config's edits, as saved results (today's import does not read that config)."""
    got = saved(api, task_id)
    assert got[made["org"]]["entity"] == ["ORG"] and got[made["org"]]["level"] == ["NAM"], got[made["org"]]
    assert got[made["trigger"]]["tense"] == ["PAST"] and got[made["trigger"]]["modality"] == ["ASSERTED"]
    assert got[made["city"]].get("entity_id") == ["E-c1"], got[made["city"]]
    w = got[made["washington"]]
    assert w["reading"] == ["Literal"] and w.get("lat") == 38.89511, w
    (annotation,) = api.annotations.list(id=task_id)
    arg = (made["visited"], made["rouhani"], ["Artifact"])
    assert any(r.get("type") == "relation" and (r["from_id"], r["to_id"], r.get("labels")) == arg
               for r in annotation.result), [r for r in annotation.result if r.get("type") == "relation"]


def check_after(api, task, made: dict[str, str]) -> None:
    """Today's edits, read back by the import from the saved annotation: the items the annotator meant."""
    (annotation,) = api.annotations.list(id=task.id)
    result = documents_from_tasks([{"data": task.data, "annotations": [{"id": annotation.id,
                                                                        "result": annotation.result}]}])
    assert not result.blocking, [f"{p.check} {p.pointer} {p.message}" for p in result.blocking]
    doc = result.documents[0].document
    mention = {m.text: m for m in doc.mentions}
    assert (mention["Red Crescent"].type, mention["Red Crescent"].level) == ("ORG", "NAM")
    assert mention["the city"].entity == mention["Tehran"].entity == "E-c1"
    (w,) = [t for t in doc.toponyms if t.mention == mention["Washington"].id]
    assert (w.reading, w.geonames_id, w.lat, w.lon, w.feature, w.source) == (
        "Literal", 4140963, 38.89511, -77.03637, "P.PPLC", "GeoNames"), w
    (offered,) = [em for em in doc.event_mentions if em.text == "offered"]
    event = next(e for e in doc.events if e.id == offered.event)
    assert (event.type, event.polarity, event.tense, event.genericity, event.modality) == (
        "Transaction.Transfer-Money", "POSITIVE", "PAST", "SPECIFIC", "ASSERTED"), event
    (visited,) = [em for em in doc.event_mentions if em.id == made["visited"]]
    assert ("Artifact", mention["Hassan Rouhani"].id) in {(a.role, a.ref) for a in visited.arguments}, visited


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="860ed56", help="git ref of the config before (default: 860ed56)")
    args = parser.parse_args(argv)
    from label_studio_sdk import LabelStudio

    tmp = Path(tempfile.mkdtemp(prefix="measure-ui-"))
    task = the_task(tmp)
    before_module = config_at(args.base)
    with start_server(tmp / "label-studio") as server:
        api = LabelStudio(base_url=server.url, api_key=server.token)
        password = server.password
        rows = {}
        for name, module in (("before", before_module), ("after", current)):
            project = api.projects.create(title=name, label_config=module.label_config())
            api.projects.import_tasks(id=project.id, request=[for_config(task, module)])
            (t,) = list(api.tasks.list(project=project.id))
            driver = start_browser(tmp / f"chromium-{name}")
            try:
                s = Session(driver, server.url)
                s.login(server.username, password)
                s.open_task(project.id, t.id)
                print(f"{name} ({args.base if name == 'before' else 'this checkout'}):", file=sys.stderr)
                try:
                    counts, made = run_edits(s, TEXT, before=name == "before")
                except Exception:
                    driver.save_screenshot(str(tmp / f"failed-{name}.png"))
                    print(f"screenshot: {tmp / f'failed-{name}.png'}", file=sys.stderr)
                    raise
            finally:
                driver.quit()
            if name == "before":
                check_before(api, t.id, made)
            else:
                check_after(api, t, made)
            rows[name] = counts
    print("| edit | before | after |")
    print("| --- | ---: | ---: |")
    for edit in EDITS:
        print(f"| {edit} | {rows['before'][edit]} | {rows['after'][edit]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
