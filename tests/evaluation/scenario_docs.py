"""Small hand-built gold documents for the scenario tests (valid under every validator check)."""

from __future__ import annotations

import hashlib

from newsbench.model import (
    Argument, Document, Entity, Event, EventMention, Meta, Mention, PredictedArgument, PredictedEventMention,
    Submission, SubmissionDocument, SystemInfo, Timex, Toponym,
)

SYSTEM = SystemInfo("scenario", "1", "hand-written predictions")


def find(text: str, phrase: str, occurrence: int = 1) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence):
        at = text.index(phrase, at + 1)
    return at, at + len(phrase)


def meta(text: str) -> Meta:
    return Meta(hashlib.sha256(text.encode()).hexdigest(), text.split(".")[0], "en", "unknown", "unknown", "unknown",
                "unknown", "2021-10-31")


EVENT_TEXT = "Militants attacked the US embassy on Saturday. They killed two guards in the assault."


def event_document() -> Document:
    """Attack (attacked, assault: one event) and Die (killed); 'They' corefers with 'Militants'."""
    t = EVENT_TEXT

    def mention(mid, entity, etype, level, phrase, head=None, occurrence=1):
        s, e = find(t, phrase, occurrence)
        hs, he = find(t, head or phrase, occurrence) if head else (s, e)
        return Mention(mid, entity, etype, level, s, e, phrase, hs, he)

    mentions = (
        mention("M1", "E1", "PER", "NOM", "Militants"),
        mention("M2", "E2", "FAC", "NOM", "the US embassy", head="embassy"),
        mention("M3", "E3", "GPE", "NAM", "US"),
        mention("M4", "E1", "PER", "PRO", "They"),
        mention("M5", "E4", "PER", "NOM", "two guards", head="guards"),
    )
    s, e = find(t, "Saturday")
    timexes = (Timex("T1", s, e, "Saturday", "DATE", "2021-10-30"),)
    events = (Event("V1", "Conflict.Attack", "POSITIVE", "PAST", "SPECIFIC", "ASSERTED"),
              Event("V2", "Life.Die", "POSITIVE", "PAST", "SPECIFIC", "OTHER"))

    def em(mid, event, phrase, *args):
        s, e = find(t, phrase)
        return EventMention(mid, event, s, e, phrase, tuple(Argument(r, ref) for r, ref in args))

    event_mentions = (
        em("EM1", "V1", "attacked", ("Attacker", "M1"), ("Target", "M2"), ("Time", "T1")),
        em("EM2", "V2", "killed", ("Agent", "M4"), ("Victim", "M5")),
        em("EM3", "V1", "assault"),
    )
    toponyms = (Toponym("M3", "Non_Literal_Modifier", 6252001, 39.76, -98.5, "A.PCLI", "GeoNames", None),)
    entities = (Entity("E1", "PER", "Group"), Entity("E2", "FAC", "Building-Grounds"), Entity("E3", "GPE", "Nation"),
                Entity("E4", "PER", "Group"))
    return Document("events-doc", t, meta(t), entities, mentions, timexes, events, event_mentions, toponyms)


def trigger(phrase: str, etype: str, *args: tuple[str, str], attributes=None) -> PredictedEventMention:
    s, e = find(EVENT_TEXT, phrase)
    return PredictedEventMention(s, e, etype, None, attributes,
                                 tuple(PredictedArgument(role, *find(EVENT_TEXT, filler)) for role, filler in args))


def event_submission(*triggers: PredictedEventMention) -> Submission:
    return Submission(SYSTEM, (SubmissionDocument("events-doc", event_mentions=tuple(triggers)),))


TOPONYM_TEXT = "Rockets hit Baghdad, not Tehran. Washington said Iraqi forces responded. Jordan was quiet."
BAGHDAD = (33.34058, 44.40088, 98182)
TEHRAN = (35.69439, 51.42151, 112931)
WASHINGTON = (38.89511, -77.03637, 4140963)
IRAQ = (33.0, 44.0, 99237)
JORDAN_PERSON = (31.0, 36.0, 248816)


def toponym_document() -> Document:
    t = TOPONYM_TEXT
    rows = [("Baghdad", "GPE", "Literal", BAGHDAD, "P.PPLC"), ("Tehran", "GPE", "Literal", TEHRAN, "P.PPLC"),
            ("Washington", "GPE", "Metonymic", WASHINGTON, "P.PPLC"), ("Iraqi", "GPE", "Demonym", IRAQ, "A.PCLI"),
            ("Jordan", "PER", "Homonym", JORDAN_PERSON, "A.PCLI")]
    entities, mentions, toponyms = [], [], []
    for k, (phrase, etype, reading, (lat, lon, gid), feature) in enumerate(rows, 1):
        s, e = find(t, phrase)
        entities.append(Entity(f"E{k}", etype))
        mentions.append(Mention(f"M{k}", f"E{k}", etype, "NAM", s, e, phrase, s, e))
        toponyms.append(Toponym(f"M{k}", reading, gid, lat, lon, feature, "GeoNames", None))
    return Document("toponyms-doc", t, meta(t), tuple(entities), tuple(mentions), toponyms=tuple(toponyms))
