"""A small hand-made document with every layer, for the Label Studio tests (the real gold is used when present)."""

from __future__ import annotations

import hashlib

from newsbench.model import (
    Argument, Document, Entity, Event, EventDate, EventMention, EventPlace, Meta, Mention, Timex, Toponym,
)

TEXT = ("Rockets hit the 𝔘S embassy in Baghdad late on Saturday, police said. "
        "The attack on the embassy wounded two guards; Washington blamed militias. "
        "Iraqi police arrested a man on Sunday.")


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def sample_document(doc_id: str = "sample_0001") -> Document:
    t = TEXT
    mentions, spans = [], {}

    def mention(mid, entity, type_, level, needle, nth=0, head=None):
        s, e = _span(t, needle, nth)
        hs, he = (s, e) if head is None else _span(t, head, 0 if head not in t[:s] else t[:s].count(head))
        if not (s <= hs < he <= e):
            hs, he = s + needle.index(head), s + needle.index(head) + len(head)
        mentions.append(Mention(mid, entity, type_, level, s, e, t[s:e], hs, he))
        spans[mid] = (s, e)

    mention("m1", "E1", "FAC", "NOM", "the 𝔘S embassy", head="embassy")
    mention("m2", "E2", "GPE", "NAM", "𝔘S")
    mention("m3", "E3", "GPE", "NAM", "Baghdad")
    mention("m4", "E4", "PER", "NOM", "police")
    mention("m5", "E1", "FAC", "NOM", "the embassy", head="embassy")
    mention("m6", "E5", "PER", "NOM", "two guards", head="guards")
    mention("m7", "E2", "GPE", "NAM", "Washington")
    mention("m8", "E6", "ORG", "NOM", "militias")
    mention("m9", "E7", "PER", "NOM", "Iraqi police", head="police")
    mention("m10", "E8", "GPE", "NAM", "Iraqi")
    mention("m11", "E9", "PER", "NOM", "a man", head="man")

    def timex(tid, needle, type_, value):
        s, e = _span(t, needle)
        return Timex(tid, s, e, t[s:e], type_, value)

    timexes = (timex("t1", "late on Saturday", "TIME", "2021-10-30TNI"), timex("t2", "Sunday", "DATE", "2021-10-31"))

    def trigger(mid, event, needle, args):
        s, e = _span(t, needle)
        return EventMention(mid, event, s, e, t[s:e], tuple(Argument(r, ref) for r, ref in args))

    event_mentions = (
        trigger("em1", "EV1", "hit", [("Target", "m1"), ("Place", "m3"), ("Time", "t1")]),
        trigger("em2", "EV1", "attack", [("Target", "m5")]),
        trigger("em3", "EV2", "wounded", [("Victim", "m6"), ("Place", "m3")]),
        trigger("em4", "EV3", "arrested", [("Agent", "m9"), ("Person", "m11"), ("Time", "t2")]),
    )
    entities = (
        Entity("E2", "GPE", "Nation"), Entity("E1", "FAC", "Building-Grounds"),
        Entity("E3", "GPE", "Population-Center"),
        Entity("E4", "PER", "Group"), Entity("E5", "PER"), Entity("E6", "ORG", None), Entity("E7", "PER", "Group"),
        Entity("E8", "GPE", "Nation"), Entity("E9", "PER", "Individual"),
    )
    events = (
        Event("EV1", "Conflict.Attack", "POSITIVE", "PAST", "SPECIFIC", "ASSERTED",
              place=EventPlace(98182, 33.34058, 44.40088, 1), date=EventDate("2021-10-30", 1)),
        Event("EV3", "Justice.Arrest-Jail", "POSITIVE", "PAST", "SPECIFIC", "ASSERTED"),
        Event("EV2", "Life.Injure", "POSITIVE", "PAST", "SPECIFIC", "OTHER", place=EventPlace(None, 33.3, 44.4, 2)),
    )
    toponyms = (
        Toponym("m3", "Literal", 98182, 33.34058, 44.40088, "P.PPLC", "GeoNames", None),
        Toponym("m2", "Non_Literal_Modifier", 6252001, 39.76, -98.5, "A.PCLI", "GeoNames", None),
        Toponym("m7", "Metonymic", 4140963, 38.89511, -77.03637, "P.PPLC", "GeoNames", 0.5),
        Toponym("m10", "Demonym", None, 33.0, 44.0, "A.PCLI", "CIA World Factbook", 300.0),
    )
    meta = Meta(sha256=hashlib.sha256(t.encode()).hexdigest(), title=t.split(".")[0], language="en",
                outlet="unknown", url="unknown", published="unknown", updated="2021-10-31T09:58",
                anchor_date="2021-10-31")
    return Document(doc_id=doc_id, text=t, meta=meta, entities=entities, mentions=tuple(mentions), timexes=timexes,
                    events=events, event_mentions=event_mentions, toponyms=toponyms)
