"""Regenerates the validator fixtures under tests/data/: one valid document and, per check id, one
document (or file) on which exactly that check fires.

    python tests/data/make_fixtures.py

Each invalid fixture is the valid one with a single, commented mutation.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXT = ("Militants fired rockets at the US embassy in Baghdad late on Saturday, Reuters said. "
        "They missed it \U0001F680. Iraqi police found the launcher.")


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def mention(mid, entity, etype, level, sub, head=None, nth=0):
    start, end = at(sub, nth)
    hs, he = at(head, nth) if head else (start, end)
    if not start <= hs < he <= end:  # the head occurrence must be the one inside the extent
        hs = TEXT.index(head, start)
        he = hs + len(head)
    return {"id": mid, "entity": entity, "type": etype, "level": level, "start": start, "end": end, "text": sub,
            "head_start": hs, "head_end": he}


def valid() -> dict:
    t1 = at("late on Saturday")
    fired, missed = at("fired"), at("missed")
    return {
        "schema_version": "1.0",
        "doc_id": "mini",
        "text": TEXT,
        "meta": {"sha256": hashlib.sha256(TEXT.encode()).hexdigest(), "title": TEXT.split("\n")[0], "language": "en",
                 "outlet": "unknown", "url": "unknown", "published": "unknown", "updated": "2021-10-31T09:58",
                 "anchor_date": "2021-10-31"},
        "entities": [
            {"id": "E1", "type": "PER", "subtype": "Group"}, {"id": "E2", "type": "FAC", "subtype": "Building-Grounds"},
            {"id": "E3", "type": "GPE", "subtype": "Nation"},
            {"id": "E4", "type": "GPE", "subtype": "Population-Center"},
            {"id": "E5", "type": "ORG", "subtype": "Media"}, {"id": "E6", "type": "GPE", "subtype": "Nation"},
            {"id": "E7", "type": "ORG", "subtype": "Government"}, {"id": "E8", "type": "WEA"},
        ],
        "mentions": [
            mention("M1", "E1", "PER", "NOM", "Militants"),
            mention("M2", "E2", "FAC", "NOM", "the US embassy", "embassy"),
            mention("M3", "E3", "GPE", "NAM", "US"),
            mention("M4", "E4", "GPE", "NAM", "Baghdad"),
            mention("M5", "E5", "ORG", "NAM", "Reuters"),
            mention("M6", "E2", "FAC", "PRO", "it", nth=1),  # "missed it", not the "it" inside "Militants"
            mention("M7", "E1", "PER", "PRO", "They"),
            mention("M8", "E6", "GPE", "NAM", "Iraqi"),
            mention("M9", "E7", "ORG", "NOM", "Iraqi police", "police"),
            mention("M10", "E8", "WEA", "NOM", "rockets"),
        ],
        "timexes": [{"id": "T1", "start": t1[0], "end": t1[1], "text": "late on Saturday", "type": "DATE",
                     "value": "2021-10-30"}],
        "events": [{"id": "V1", "type": "Conflict.Attack", "polarity": "POSITIVE", "tense": "PAST",
                    "genericity": "SPECIFIC", "modality": "ASSERTED",
                    "place": {"geonames_id": 98182, "lat": 33.34058, "lon": 44.40088, "precision": 1},
                    "date": {"value": "2021-10-30", "precision": 1}}],
        "event_mentions": [
            {"id": "EM1", "event": "V1", "start": fired[0], "end": fired[1], "text": "fired", "arguments": [
                {"role": "Attacker", "ref": "M1"}, {"role": "Target", "ref": "M2"},
                {"role": "Instrument", "ref": "M10"},
                {"role": "Place", "ref": "M4"}, {"role": "Time", "ref": "T1"}]},
            {"id": "EM2", "event": "V1", "start": missed[0], "end": missed[1], "text": "missed", "arguments": [
                {"role": "Attacker", "ref": "M7"}, {"role": "Target", "ref": "M6"}]},
        ],
        "toponyms": [
            {"mention": "M3", "reading": "Non_Literal_Modifier", "geonames_id": 6252001, "lat": 39.76, "lon": -98.5,
             "feature": "A.PCLI", "source": "GeoNames", "uncertainty_km": None},
            {"mention": "M4", "reading": "Literal", "geonames_id": 98182, "lat": 33.34058, "lon": 44.40088,
             "feature": "P.PPLC", "source": "GeoNames", "uncertainty_km": None},
            {"mention": "M8", "reading": "Demonym", "geonames_id": 99237, "lat": 33.0, "lon": 44.0,
             "feature": "A.PCLI", "source": "GeoNames", "uncertainty_km": None},
        ],
    }


def dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def mutations() -> dict[str, tuple[str, str | bytes | None]]:
    """check id -> (file name, content); content None means no file at all."""
    base = valid()
    good = dump(base)

    def mutate(change) -> str:
        doc = copy.deepcopy(base)
        change(doc)
        return dump(doc)

    def add(key, item):
        return lambda d: d[key].append(item)

    def set_(path, value):
        def change(d):
            target = d
            for p in path[:-1]:
                target = target[p]
            target[path[-1]] = value
        return change

    def delete(path):
        def change(d):
            target = d
            for p in path[:-1]:
                target = target[p]
            del target[path[-1]]
        return change

    def widen_mention(d):
        m = d["mentions"][0]  # "Militants" followed by a space
        m["end"] += 1
        m["text"] += " "

    def change_text(d):
        d["text"] = d["text"] + "!"

    def untoponymed(d):
        d["toponyms"].pop(1)  # Baghdad's record
    whole = [[0, len(TEXT)]]

    def declare(**ranges):  # format 1.1 declared layers; unnamed layers cover the whole text
        def change(d):
            d["schema_version"] = "1.1"
            d["annotated"] = {layer: ranges.get(layer, whole) for layer in ("entities", "timexes", "events", "toponyms")
                              if ranges.get(layer, whole) is not None}
        return change
    return {
        "file-missing": ("mini.json", None),
        "file-empty": ("mini.json", " \n"),
        "file-not-utf8": ("mini.json", good.replace("Militants fired", "Militants fired").encode("utf-8")
                          .replace(b'"language": "en"', b'"language": "\xe9n"')),
        "file-has-bom": ("mini.json", b"\xef\xbb\xbf" + good.encode("utf-8")),
        "json-malformed": ("mini.json", good[: len(good) // 2]),
        "json-duplicate-key": ("mini.json",
                               good.replace('"doc_id": "mini",', '"doc_id": "mini",\n "doc_id": "mini",', 1)),
        "json-number-invalid": ("mini.json", good.replace('"lat": 33.34058', '"lat": NaN', 1)),
        "json-text-invalid": ("mini.json", good.replace('"outlet": "', '"outlet": "\\ud800', 1)),
        "json-top-level": ("mini.json", "null\n"),
        "schema-required": ("mini.json", mutate(delete(["mentions", 0, "head_start"]))),
        "schema-type": ("mini.json", mutate(set_(["mentions", 0, "start"], "0"))),
        "schema-enum": ("mini.json", mutate(set_(["mentions", 0, "type"], "PERSON"))),
        "schema-pattern": ("mini.json", mutate(set_(["meta", "sha256"], "not-a-hash"))),
        "schema-unknown-key": ("mini.json", mutate(set_(["mentions", 0, "confidence"], 1))),
        "schema-range": ("mini.json", mutate(set_(["toponyms", 0, "lat"], 95))),
        "doc-id-file-mismatch": ("mini.json", mutate(set_(["doc_id"], "other"))),
        "seed-missing": ("unseeded.json", mutate(set_(["doc_id"], "unseeded"))),
        "seed-text-mismatch": ("mini.json", mutate(change_text)),
        "seed-sha256-mismatch": ("mini.json", mutate(set_(["meta", "sha256"], "0" * 64))),
        "anchor-date-invalid": ("mini.json", mutate(set_(["meta", "anchor_date"], "2021-02-30"))),
        "annotated-range-invalid": ("mini.json", mutate(declare(entities=[[0, len(TEXT) + 5]]))),
        "layer-undeclared-items": ("mini.json", mutate(declare(events=None))),
        "item-outside-annotated": ("mini.json", mutate(declare(toponyms=[[0, at("Baghdad")[0]]]))),
        "duplicate-id": ("mini.json", mutate(add("entities", {"id": "E1", "type": "PER"}))),
        "span-out-of-range": ("mini.json", mutate(set_(["timexes", 0, "end"], len(TEXT) + 5))),
        "span-text-mismatch": ("mini.json", mutate(set_(["mentions", 0, "text"], "Militant"))),
        "span-untrimmed": ("mini.json", mutate(widen_mention)),
        "head-outside-extent": ("mini.json", mutate(set_(["mentions", 1, "head_end"], base["mentions"][1]["end"] + 1))),
        # warnings: "Militants" cut to "Militant"; "missed" given the attackers of the sentence before
        "span-cuts-token": ("mini.json", mutate(lambda d: d["mentions"][0].update(end=8, head_end=8, text="Militant"))),
        "argument-outside-sentence": ("mini.json", mutate(set_(["event_mentions", 1, "arguments", 0, "ref"], "M1"))),
        # a warning: the NOM "the US embassy" headed by its whole extent, not by "embassy"
        "head-whole-nominal": ("mini.json", mutate(set_(["mentions", 1, "head_start"], base["mentions"][1]["start"]))),
        "mention-duplicate-span": ("mini.json", mutate(add("mentions", {**base["mentions"][0], "id": "M11"}))),
        "dangling-reference": ("mini.json", mutate(set_(["event_mentions", 0, "arguments", 0, "ref"], "M99"))),
        "mention-type-mismatch": ("mini.json", mutate(set_(["mentions", 0, "type"], "ORG"))),
        "subtype-not-allowed": ("mini.json", mutate(set_(["entities", 0, "subtype"], "Nation"))),
        "entity-without-mention": ("mini.json", mutate(add("entities", {"id": "E99", "type": "LOC"}))),
        "event-without-mention": ("mini.json", mutate(add("events", {**base["events"][0], "id": "V99"}))),
        "role-not-allowed": ("mini.json", mutate(set_(["event_mentions", 0, "arguments", 0, "role"], "Victim"))),
        "argument-ref-kind": ("mini.json", mutate(set_(["event_mentions", 0, "arguments", 4, "ref"], "M4"))),
        "argument-filler-type": ("mini.json", mutate(set_(["event_mentions", 0, "arguments", 3, "ref"], "M1"))),
        "argument-duplicate": ("mini.json", mutate(lambda d: d["event_mentions"][0]["arguments"].append(
            {"role": "Attacker", "ref": "M1"}))),
        "timex-value-malformed": ("mini.json", mutate(set_(["timexes", 0, "value"], "Saturday"))),
        "event-date-malformed": ("mini.json", mutate(set_(["events", 0, "date", "value"], "last week"))),
        "toponym-duplicate": ("mini.json", mutate(add("toponyms", base["toponyms"][0]))),
        "toponym-not-name": ("mini.json", mutate(add("toponyms", {**base["toponyms"][0], "mention": "M2"}))),
        "toponym-entity-type": ("mini.json", mutate(add("toponyms", {**base["toponyms"][0], "mention": "M5"}))),
        "toponym-missing": ("mini.json", mutate(untoponymed)),
        "toponym-unsourced": ("mini.json", mutate(set_(["toponyms", 1, "geonames_id"], None))),
    }


def main() -> None:
    for sub in ("valid", "invalid", "seeds"):
        shutil.rmtree(HERE / sub, ignore_errors=True)
    (HERE / "seeds").mkdir(parents=True)
    for doc_id in ("mini", "other"):  # "other" lets doc-id-file-mismatch fire alone
        (HERE / "seeds" / f"{doc_id}.txt").write_bytes(TEXT.encode("utf-8"))
    (HERE / "valid").mkdir()
    (HERE / "valid" / "mini.json").write_text(dump(valid()), encoding="utf-8")
    for check, (name, content) in mutations().items():
        folder = HERE / "invalid" / check
        folder.mkdir(parents=True)
        if content is None:
            (folder / ".keep").write_text("the check fires because this folder has no mini.json\n")
        elif isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")


if __name__ == "__main__":
    main()
