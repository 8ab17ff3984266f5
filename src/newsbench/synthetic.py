"""Synthetic corpora shaped like news, and perturbed submissions for them: benchmark and test material.

Every document is machine-made and means nothing; its title says SYNTHETIC. It is deterministic from the
``random.Random`` it is given, and it passes ``newsbench validate``: a headline and a dateline, paragraphs of
sentences made from templates, with invented names of people, organisations and facilities, places from a
gazetteer (default the shipped ``corpus/gazetteer.jsonl``, so toponym ids and coordinates are the records'),
nested mentions (``the governor of Baghdad``), coreference through names, nominals and pronouns, events whose
argument fillers have the types the ontology allows, event coreference through nominal triggers, and time
expressions with values resolved against the document's anchor date.

A synthetic corpus is written to a temporary folder at benchmark or test time; it is never committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import shutil
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from . import jsonio
from .gazetteer.lookup import Gazetteer, Place, load_gazetteer
from .model import (
    Argument,
    Document,
    Entity,
    Event,
    EventMention,
    Mention,
    Meta,
    PredictedArgument,
    PredictedEventMention,
    PredictedMention,
    PredictedTimex,
    PredictedToponym,
    Submission,
    SubmissionDocument,
    SystemInfo,
    Timex,
    Toponym,
)
from .ontology import Ontology, load_ontology
from .paths import schema_dir

FIRST_NAMES = ("Adar", "Belin", "Corvo", "Dessa", "Elin", "Faro", "Galen", "Hanne", "Ilsa", "Joren", "Kesta",
               "Lior", "Mira", "Nadim", "Orla", "Pavel", "Rana", "Soren", "Tova", "Yusra")
LAST_NAMES = ("Varnell", "Osterby", "Quillan", "Draymoor", "Kestrin", "Halloway", "Marrick", "Tennby", "Ashgrove",
              "Coldwell", "Perrault", "Ivanek", "Sabourin", "Okonde", "Harlan", "Brevik")
TITLES = {"GPE": ("governor", "mayor", "envoy"), "ORG": ("spokesman", "director", "head")}
# ORG subtype: (name suffix, nominal head)
ORG_KINDS = {"Government": ("Ministry", "ministry"), "Non-Governmental": ("Aid Network", "group"),
             "Commercial": ("Holdings", "company"), "Media": ("News Agency", "agency"),
             "Educational": ("University", "university"), "Sports": ("Athletic Club", "club")}
ORG_ROOTS = ("Norvex", "Kallum", "Tiberan", "Veyra", "Ostrel", "Marwen", "Calder", "Juniva")
FAC_KINDS = {"Airport": ("Airport", "airport"), "Building-Grounds": ("Base", "base"), "Path": ("Bridge", "bridge")}
FAC_ROOTS = ("Harbourgate", "Stonefield", "Redmarsh", "Ellery")
# (subtype, nominal phrase, index of its head word); these entities are mentioned by nominals only
GROUPS = {"PER": (("Group", "three civilians", 1), ("Group", "the protesters", 1), ("Group", "the soldiers", 1),
                  ("Group", "local residents", 1)),
          "WEA": (("Projectile", "rockets", 0), ("Exploding", "a car bomb", 2), ("Shooting", "the rifles", 1)),
          "VEH": (("Land", "a convoy", 1), ("Air", "the drones", 1)),
          "LOC": (("Region-General", "the border area", 2), ("Water-Body", "the river", 1))}
PLACE_NOMINALS = {"P": ("city", "capital"), "A": ("country", "nation")}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NUMBERS = ("two", "three", "four", "five", "six")

# Sentence templates. A slot {Role:T1,T2} is a mention of a cast entity of one of the types filling that role of the
# sentence's event; {-:T1,T2} a mention filling no role; {Time} a time expression that fills the role Time;
# {-time} one that fills none; {trigger:w1|w2} the trigger. (event type, noun trigger for later coreference, text).
EVENT_TEMPLATES = (
    ("Conflict.Attack", "attack", "{Attacker:ORG} fighters {trigger:attacked|raided|shelled} {Target:FAC} near "
                                  "{Place:GPE} {Time}, {-:PER} said."),
    ("Conflict.Attack", "strike", "{Instrument:WEA} {trigger:hit|struck} {Target:FAC,GPE} {Time}."),
    ("Life.Die", "killing", "{Victim:PER} {trigger:died} in {Place:GPE,LOC} {Time}, according to {-:ORG}."),
    ("Life.Injure", "assault", "{Agent:ORG} {trigger:wounded|injured} {Victim:PER} in {Place:GPE}."),
    ("Movement.Transport", "deployment", "{Agent:GPE} {trigger:sent|deployed|moved} {Artifact:PER} and "
                                         "{Vehicle:VEH} to {Destination:GPE,LOC} {Time}."),
    ("Contact.Meet", "meeting", "{Entity:PER} {trigger:met} {Entity:PER} in {Place:GPE} {Time} to discuss "
                                "the situation."),
    ("Justice.Arrest-Jail", "arrest", "{Agent:ORG} {trigger:arrested|detained} {Person:PER} at {Place:FAC} "
                                       "{Time}."),
    ("Conflict.Demonstrate", "protest", "{Entity:PER} {trigger:rallied|protested} outside {Place:FAC} {Time}."),
    ("Transaction.Transfer-Money", "payment", "{Giver:GPE} {trigger:paid|donated} millions to {Recipient:ORG} "
                                              "{Time}, {-:PER} said."),
    ("Personnel.End-Position", "resignation", "{Person:PER} {trigger:resigned} from {Entity:ORG} {Time}."),
    ("Contact.Phone-Write", "call", "{Entity:PER} {trigger:called|wrote} to {Entity:ORG} {Time}."),
)
FOLLOW_UP_TEMPLATES = ("{-:PER} condemned the {coref} and called for calm.",
                       "The {coref} was the second such incident in {-:GPE} {-time}.",
                       "{-:ORG} said the {coref} would be investigated.")
PLAIN_TEMPLATES = ("{-:PER} told reporters that {-:ORG} had not commented.",
                   "{-:ORG} said in a statement that the situation in {-:GPE} remained tense.",
                   "Officials in {-:GPE} declined to comment {-time}.",
                   "{-:PER} denied the reports after working for {-:ORG} {-duration}.",
                   "Markets in {-:GPE} opened as usual {-time}, {-:PER} said.",
                   "{-:ORG} holds a meeting {-set}, {-:PER} said.")
_SLOT = re.compile(r"\{([^}]*)\}")


@dataclass
class _CastMember:
    entity: Entity
    names: tuple[str, ...] = ()
    """Full name first, then the short forms later mentions use."""
    nominal: tuple[str, int] | None = None
    """A nominal phrase and the index of its head word."""
    pronoun: str | None = None
    place: Place | None = None
    title_of: _CastMember | None = None
    """For a person with a title: the place or organisation of ``the governor of X``."""
    mentioned: int = 0


@dataclass
class _Builder:
    """The text as it grows, with its annotation; every offset is a code point of the finished text."""

    rng: random.Random
    onto: Ontology
    anchor: dt.date
    parts: list[str] = field(default_factory=list)
    pos: int = 0
    at_start: bool = True
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    event_mentions: list[EventMention] = field(default_factory=list)

    def emit(self, word: str, glue: bool = False) -> tuple[int, int]:
        if self.parts and not glue and not self.parts[-1].endswith("\n"):
            self.parts.append(" ")
            self.pos += 1
        if self.at_start:
            word = word[:1].upper() + word[1:]
            self.at_start = False
        self.parts.append(word)
        self.pos += len(word)
        return self.pos - len(word), self.pos

    def words(self, phrase: str) -> list[tuple[int, int]]:
        return [self.emit(w) for w in phrase.split()]

    def paragraph(self) -> None:
        self.parts.append("\n\n")
        self.pos += 2
        self.at_start = True

    def text_of(self, start: int, end: int) -> str:
        """The text of a span among the last parts written (joined from the end: spans are always recent)."""
        tail: list[str] = []
        covered = self.pos
        for part in reversed(self.parts):
            tail.append(part)
            covered -= len(part)
            if covered <= start:
                break
        joined = "".join(reversed(tail))
        return joined[start - covered:end - covered]

    def add_mention(self, member: _CastMember, level: str, start: int, end: int, head: tuple[int, int],
                    text: str, reading: str = "Literal") -> str:
        mention_id = f"M{len(self.mentions) + 1}"
        e = member.entity
        self.mentions.append(Mention(mention_id, e.id, e.type, level, start, end, text, head[0], head[1]))
        if level == self.onto.name_level and member.place is not None:
            p = member.place
            self.toponyms.append(Toponym(mention_id, reading, p.geonames_id, p.lat, p.lon, p.feature, p.source,
                                         p.uncertainty_km))
        member.mentioned += 1
        return mention_id

    def mention(self, member: _CastMember, reading: str = "Literal") -> str:
        """Mention ``member`` the way a news text does: named first, then by short name, nominal or pronoun."""
        rng = self.rng
        choices = []
        if member.names:
            choices.append("name")
        if member.nominal is not None and (member.mentioned or not member.names):
            choices.append("nominal")
        if member.title_of is not None:
            choices.append("title")
        if member.pronoun is not None and member.mentioned and self.at_start:  # a subject: "She said"
            choices.append("pronoun")
        how = rng.choice(choices)
        if how == "pronoun" and member.pronoun is not None:
            start, end = self.emit(member.pronoun)
            return self.add_mention(member, self.onto.pronoun_level, start, end, (start, end), self.text_of(start, end))
        if how == "title" and member.title_of is not None:  # nested: the NOM extent holds the name of X
            holder = member.title_of
            spans = self.words(f"the {rng.choice(TITLES[holder.entity.type])} of")
            outer_start = spans[0][0]
            self.mention_by_name(holder)
            end = self.mentions[-1].end
            return self.add_mention(member, self.onto.nominal_level, outer_start, end, spans[1],
                                    self.text_of(outer_start, end))
        if how == "nominal" and member.nominal is not None:
            phrase, head_index = member.nominal
            spans = self.words(phrase)
            start, end = spans[0][0], spans[-1][1]
            return self.add_mention(member, self.onto.nominal_level, start, end, spans[head_index],
                                    self.text_of(start, end))
        name = member.names[0] if not member.mentioned else rng.choice(member.names)
        spans = self.words(name)
        start, end = spans[0][0], spans[-1][1]
        return self.add_mention(member, self.onto.name_level, start, end, spans[-1], self.text_of(start, end), reading)

    def mention_by_name(self, member: _CastMember) -> str:
        name = member.names[0]
        spans = self.words(name)
        start, end = spans[0][0], spans[-1][1]
        return self.add_mention(member, self.onto.name_level, start, end, spans[-1], self.text_of(start, end))

    def timex(self, kind: str) -> str:
        """A time expression of ``kind`` (point, duration or set) after its preposition; returns its id."""
        rng, anchor = self.rng, self.anchor
        if kind == "duration":
            n = rng.randrange(2, 7)
            unit, code = rng.choice((("months", "M"), ("years", "Y"), ("weeks", "W")))
            self.emit("for")
            words, ttype, value = f"{NUMBERS[n - 2]} {unit}", "DURATION", f"P{n}{code}"
        elif kind == "set":
            words, ttype, value = rng.choice((("every week", "SET", "P1W"), ("every month", "SET", "P1M"),
                                              ("daily", "SET", "P1D")))
        else:
            roll = rng.random()
            back = rng.randrange(1, 7)
            day = anchor - dt.timedelta(days=back)
            if roll < 0.45:
                self.emit("on")
                words, ttype, value = WEEKDAYS[day.weekday()], "DATE", day.isoformat()
            elif roll < 0.6:
                self.emit("on")
                words, ttype, value = f"{WEEKDAYS[day.weekday()]} night", "TIME", f"{day.isoformat()}TNI"
            elif roll < 0.75:
                month = (anchor.replace(day=1) - dt.timedelta(days=1))
                self.emit("in")
                words, ttype, value = f"{MONTHS[month.month - 1]} {month.year}", "DATE", f"{month:%Y-%m}"
            elif roll < 0.9:
                words, ttype, value = "last week", "DATE", f"{(anchor - dt.timedelta(days=7)):%G-W%V}"
            else:
                words, ttype, value = "earlier this year", "DATE", f"{anchor.year}"
        spans = self.words(words)
        start, end = spans[0][0], spans[-1][1]
        timex_id = f"T{len(self.timexes) + 1}"
        self.timexes.append(Timex(timex_id, start, end, self.text_of(start, end), ttype, value))
        return timex_id

    def close_sentence(self, final: str = ".") -> None:
        self.parts[-1] += final
        self.pos += len(final)
        self.at_start = True


def _cast(rng: random.Random, onto: Ontology, gazetteer: Gazetteer) -> dict[str, list[_CastMember]]:
    """The entities of one document, by type."""
    count = 0

    def entity(etype: str, subtype: str) -> Entity:
        nonlocal count
        count += 1
        assert subtype in onto.entity_subtypes[etype], (etype, subtype)
        return Entity(f"E{count}", etype, subtype)

    places = [p for p in gazetteer if p.geonames_id is not None and p.feature[:1] in PLACE_NOMINALS]
    cast: dict[str, list[_CastMember]] = {t: [] for t in onto.entity_types}
    for p in rng.sample(places, k=min(len(places), rng.randint(2, 4))):
        subtype = "Nation" if p.feature.startswith("A.PCL") else "Population-Center"
        noun = rng.choice(PLACE_NOMINALS[p.feature[:1]])
        cast["GPE"].append(_CastMember(entity("GPE", subtype), (p.name,), (f"the {noun}", 1), place=p))
    for root in rng.sample(ORG_ROOTS, k=rng.randint(2, 3)):
        subtype = rng.choice(sorted(ORG_KINDS))
        suffix, noun = ORG_KINDS[subtype]
        cast["ORG"].append(_CastMember(entity("ORG", subtype), (f"{root} {suffix}", root), (f"the {noun}", 1), "it"))
    for root in rng.sample(FAC_ROOTS, k=rng.randint(1, 2)):
        subtype = rng.choice(sorted(FAC_KINDS))
        suffix, noun = FAC_KINDS[subtype]
        cast["FAC"].append(_CastMember(entity("FAC", subtype), (f"{root} {suffix}",), (f"the {noun}", 1)))
    firsts = rng.sample(FIRST_NAMES, k=4)
    lasts = rng.sample(LAST_NAMES, k=4)
    for first, last in zip(firsts, lasts, strict=True):
        titled = rng.random() < 0.75
        holder = rng.choice(cast["GPE"] + cast["ORG"]) if titled else None
        cast["PER"].append(_CastMember(entity("PER", "Individual"), (f"{first} {last}", last),
                                       None, rng.choice(("he", "she")), title_of=holder))
    for etype, groups in GROUPS.items():
        for subtype, phrase, head in rng.sample(groups, k=min(2, len(groups))):
            pronoun = "they" if etype == "PER" else None
            cast[etype].append(_CastMember(entity(etype, subtype), (), (phrase, head), pronoun))
    return cast


def _fill(builder: _Builder, template: str, cast: dict[str, list[_CastMember]],
          event_type: str | None = None, coref: tuple[str, str] | None = None) -> None:
    """Write one sentence of ``template``; for an event template, its event and event mention."""
    rng, onto = builder.rng, builder.onto
    arguments: list[Argument] = []
    trigger: tuple[int, int] | None = None
    used: set[str] = set()
    at = 0
    for slot in _SLOT.finditer(template):
        if slot.start() > at:
            for chunk in template[at:slot.start()].split():
                if chunk in (",", ".") or chunk[0] in ",.":
                    builder.emit(chunk, glue=True)
                else:
                    builder.emit(chunk)
        at = slot.end()
        spec = slot.group(1)
        if spec == "Time":
            arguments.append(Argument("Time", builder.timex("point")))
        elif spec in ("-time", "-duration", "-set"):
            builder.timex({"-time": "point", "-duration": "duration", "-set": "set"}[spec])
        elif spec.startswith("trigger:"):
            trigger = builder.emit(rng.choice(spec.split(":", 1)[1].split("|")))
        elif spec == "coref":
            assert coref is not None
            trigger = builder.emit(coref[1])
        else:
            role, types = spec.split(":")
            pool = [m for t in types.split(",") for m in cast[t] if m.entity.id not in used]
            member = rng.choice(pool)
            used.add(member.entity.id)
            # a place acting (Agent, Giver, ...) is read metonymically, as ACE's GPE-as-agent
            reading = "Literal" if role in ("-", "Place", "Destination", "Origin", "Target") else "Metonymic"
            mention_id = builder.mention(member, reading)
            if role != "-":
                assert event_type is not None, template
                allowed = onto.role_entity_types[role]
                assert role in onto.event_roles[event_type] and member.entity.type in allowed, (event_type, role)
                arguments.append(Argument(role, mention_id))
    rest = template[at:].strip()
    if rest and rest != ".":
        for chunk in rest.rstrip(".").split():
            builder.emit(chunk, glue=chunk[0] in ",.")
    builder.close_sentence()
    if trigger is None:
        return
    if coref is not None:
        event_id = coref[0]
    else:
        assert event_type is not None, template
        event_id = f"V{len(builder.events) + 1}"
        a = {name: values[0] if rng.random() < 0.8 else rng.choice(values) for name, values in onto.attributes.items()}
        builder.events.append(Event(event_id, event_type, a["polarity"], a["tense"], a["genericity"], a["modality"]))
    start, end = trigger
    builder.event_mentions.append(EventMention(f"EM{len(builder.event_mentions) + 1}", event_id, start, end,
                                               builder.text_of(start, end), tuple(arguments)))


def synthetic_document(doc_id: str, rng: random.Random, *, sentences: int = 40, ontology: Ontology | None = None,
                       gazetteer: Gazetteer | None = None) -> Document:
    """One valid document shaped like a news article: a headline, a dateline and ``sentences`` sentences."""
    onto = ontology or load_ontology()
    places = gazetteer if gazetteer is not None else load_gazetteer()
    anchor = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    builder = _Builder(rng, onto, anchor)
    cast = _cast(rng, onto, places)
    for word in ("SYNTHETIC", "news", doc_id):
        builder.emit(word)
    builder.paragraph()
    # dateline: "Baghdad, October 31 -"
    builder.mention_by_name(rng.choice(cast["GPE"]))
    builder.close_sentence(",")
    builder.at_start = False
    start, end = builder.words(f"{MONTHS[anchor.month - 1]} {anchor.day}")[0][0], builder.pos
    builder.timexes.append(Timex(f"T{len(builder.timexes) + 1}", start, end, builder.text_of(start, end), "DATE",
                                 anchor.isoformat()))
    builder.emit("-")
    builder.at_start = True
    reported: list[tuple[str, str]] = []  # (event id, noun trigger) of the events written so far
    for k in range(sentences):
        if k and k % 3 == 0:
            builder.paragraph()
        roll = rng.random()
        if k == 0 or (roll < 0.35 and k != 1):
            event_type, noun, template = rng.choice(EVENT_TEMPLATES)
            _fill(builder, template, cast, event_type)
            reported.append((builder.events[-1].id, noun))
        elif k == 1 or roll < 0.5:  # the second sentence returns to the lede's event
            event_id, noun = rng.choice(reported)
            event_type = next(e.type for e in builder.events if e.id == event_id)
            _fill(builder, rng.choice(FOLLOW_UP_TEMPLATES), cast, event_type, coref=(event_id, noun))
        else:
            _fill(builder, rng.choice(PLAIN_TEMPLATES), cast)
    text = "".join(builder.parts)
    mentioned = {m.entity for m in builder.mentions}
    entities = tuple(m.entity for members in cast.values() for m in members if m.entity.id in mentioned)
    meta = Meta(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), title=f"SYNTHETIC news {doc_id}",
                language="en", outlet="unknown", url="unknown", published=anchor.isoformat(), updated="unknown",
                anchor_date=anchor.isoformat())
    return Document(doc_id=doc_id, text=text, meta=meta, entities=entities,
                    mentions=tuple(sorted(builder.mentions, key=lambda m: (m.start, -m.end))),
                    timexes=tuple(builder.timexes), events=tuple(builder.events),
                    event_mentions=tuple(builder.event_mentions), toponyms=tuple(builder.toponyms))


# --- perturbed submissions --------------------------------------------------------------------


@dataclass(frozen=True)
class Errors:
    """How a synthetic system errs: each rate is a probability per gold item (``extra``: a spurious item per gold
    item)."""

    miss: float = 0.1
    """the item is not predicted"""
    shift: float = 0.1
    """its span is moved: to the mention's head, else one code point further"""
    relabel: float = 0.05
    """its type, value, reading, role, attribute, cluster or place is wrong"""
    extra: float = 0.05
    """a spurious item on a random word"""


def _shifted(rng: random.Random, start: int, end: int, head: tuple[int, int] | None, limit: int) -> tuple[int, int]:
    if head is not None and head != (start, end):
        return head
    return (start, end + 1) if end < limit and rng.random() < 0.5 else (start + 1, end) if end - start > 1 \
        else (start, end + 1) if end < limit else (start - 1, end)


def _distinct(items: Iterable, key) -> tuple:
    """One prediction per key, the first kept (a synthetic system makes no conflicting duplicates)."""
    seen: set = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return tuple(out)


def synthetic_predictions(doc: Document, rng: random.Random, errors: Errors = Errors(), *,
                          ontology: Ontology | None = None) -> SubmissionDocument:
    """A system's predictions for ``doc``: the gold with items missed, shifted, relabelled and added."""
    onto = ontology or load_ontology()
    limit = len(doc.text)
    words = [m.span() for m in re.finditer(r"\w+", doc.text)]

    def fate() -> str:
        roll = rng.random()
        if roll < errors.miss:
            return "miss"
        if roll < errors.miss + errors.shift:
            return "shift"
        if roll < errors.miss + errors.shift + errors.relabel:
            return "relabel"
        return "keep"

    def extras(n: int) -> list[tuple[int, int]]:
        return [rng.choice(words) for _ in range(n) if rng.random() < errors.extra] if words else []

    spans: dict[str, tuple[int, int]] = {}
    mentions: list[PredictedMention] = []
    entity_ids = [e.id for e in doc.entities]
    for m in doc.mentions:
        spans[m.id] = (m.start, m.end)
        what = fate()
        if what == "miss":
            continue
        start, end = _shifted(rng, m.start, m.end, (m.head_start, m.head_end), limit) if what == "shift" \
            else (m.start, m.end)
        etype, cluster = m.type, m.entity
        if what == "relabel":
            if rng.random() < 0.5:
                etype = rng.choice([t for t in onto.entity_types if t != m.type])
            else:
                cluster = rng.choice(entity_ids)
        mentions.append(PredictedMention(start, end, etype, m.level, f"c-{cluster}"))
    for k, (start, end) in enumerate(extras(len(doc.mentions))):
        mentions.append(PredictedMention(start, end, rng.choice(onto.entity_types), onto.name_level, f"x-{k}"))

    timexes: list[PredictedTimex] = []
    for t in doc.timexes:
        spans[t.id] = (t.start, t.end)
        what = fate()
        if what == "miss":
            continue
        start, end = _shifted(rng, t.start, t.end, None, limit) if what == "shift" else (t.start, t.end)
        value = "PAST_REF" if what == "relabel" and t.type == "DATE" else t.value
        timexes.append(PredictedTimex(start, end, t.type, value))
    for start, end in extras(len(doc.timexes)):
        timexes.append(PredictedTimex(start, end, "DATE", "PRESENT_REF"))

    events = {e.id: e for e in doc.events}
    event_mentions: list[PredictedEventMention] = []
    for em in doc.event_mentions:
        event = events[em.event]
        what = fate()
        if what == "miss":
            continue
        start, end = _shifted(rng, em.start, em.end, None, limit) if what == "shift" else (em.start, em.end)
        etype, attributes = event.type, dict(event.attributes)
        if what == "relabel":
            if rng.random() < 0.5:
                etype = rng.choice([t for t in onto.event_types if t != event.type])
            else:
                name = rng.choice(sorted(attributes))
                attributes[name] = rng.choice([v for v in onto.attributes[name] if v != attributes[name]])
        arguments = []
        for a in em.arguments:
            arg_fate = fate()
            if arg_fate == "miss":
                continue
            role = a.role
            if arg_fate == "relabel":
                role = rng.choice(onto.event_roles[etype])
            if role not in onto.event_roles[etype]:
                continue
            a_start, a_end = spans[a.ref]
            if arg_fate == "shift":
                a_start, a_end = _shifted(rng, a_start, a_end, None, limit)
            arguments.append(PredictedArgument(role, a_start, a_end))
        event_mentions.append(PredictedEventMention(start, end, etype, f"c-{event.id}", attributes,
                                                    _distinct(arguments, lambda a: a)))
    for k, (start, end) in enumerate(extras(len(doc.event_mentions))):
        event_mentions.append(PredictedEventMention(start, end, rng.choice(onto.event_types), f"x-{k}",
                                                    {n: v[0] for n, v in onto.attributes.items()}))

    toponyms: list[PredictedToponym] = []
    for tp in doc.toponyms:
        what = fate()
        if what == "miss":
            continue
        start, end = spans[tp.mention]
        if what == "shift":
            start, end = _shifted(rng, start, end, None, limit)
        geonames_id, lat, lon = tp.geonames_id, tp.lat, tp.lon
        if what == "relabel":  # about 330 km away: outside Acc@161
            geonames_id, lat = None, max(-90.0, min(90.0, lat + 3.0))
        toponyms.append(PredictedToponym(start, end, tp.reading, geonames_id, lat, lon))
    for start, end in extras(len(doc.toponyms)):
        toponyms.append(PredictedToponym(start, end, "Literal", None, 0.0, 0.0))

    return SubmissionDocument(
        doc.doc_id,
        mentions=_distinct(mentions, lambda m: (m.start, m.end)),
        timexes=_distinct(timexes, lambda t: (t.start, t.end)),
        event_mentions=_distinct(event_mentions, lambda e: (e.start, e.end, e.type)),
        toponyms=_distinct(toponyms, lambda t: (t.start, t.end)),
    )


# --- corpora on disk --------------------------------------------------------------------------

SYSTEM = SystemInfo("synthetic", "1", "SYNTHETIC system: the gold with items missed, shifted, relabelled and added")


def document_id(index: int) -> str:
    """The id of a synthetic corpus's ``index``-th document."""
    return f"synthetic-{index:06d}"


def document_rng(seed: int, index: int, what: str = "gold") -> random.Random:
    """Each document's own generator: a corpus is the same whatever order or process makes its documents."""
    return random.Random(f"{seed}:{index}:{what}")


@dataclass
class CorpusSummary:
    """What a synthetic corpus holds: counts of documents, code points and items, and bytes written."""

    documents: int = 0
    code_points: int = 0
    mentions: int = 0
    event_mentions: int = 0
    arguments: int = 0
    timexes: int = 0
    toponyms: int = 0
    gold_bytes: int = 0
    submission_bytes: int = 0

    def add(self, doc: Document, gold_bytes: int) -> None:
        """Count ``doc``, whose gold file has ``gold_bytes`` bytes."""
        self.documents += 1
        self.code_points += len(doc.text)
        self.mentions += len(doc.mentions)
        self.event_mentions += len(doc.event_mentions)
        self.arguments += sum(len(em.arguments) for em in doc.event_mentions)
        self.timexes += len(doc.timexes)
        self.toponyms += len(doc.toponyms)
        self.gold_bytes += gold_bytes


def write_corpus(root: Path, n_docs: int, *, seed: int = 0, sentences: int = 40,
                 submission: Path | None = None, errors: Errors = Errors()) -> CorpusSummary:
    """A repository-shaped folder at ``root``: ``corpus/seeds``, ``corpus/gold``, an empty ``corpus/annotations``,
    ``corpus/splits.json`` and a copy of ``schema/`` (so that ``NEWSBENCH_ROOT=root newsbench validate`` checks it
    as the repository's corpus); with ``submission``, a perturbed system's submission of every document there.
    Documents are made and written one at a time (memory stays flat), each from its own seeded generator
    (``document_rng``)."""
    onto, gazetteer = load_ontology(), load_gazetteer()
    corpus = root / "corpus"
    (corpus / "seeds").mkdir(parents=True, exist_ok=True)
    (corpus / "gold").mkdir(exist_ok=True)
    (corpus / "annotations").mkdir(exist_ok=True)  # a repository has one (the annotation passes); here it is empty
    if not (root / "schema").exists():
        shutil.copytree(schema_dir(), root / "schema")
    summary = CorpusSummary()
    ids = [document_id(i) for i in range(n_docs)]
    with ExitStack() as stack:
        sub_file = stack.enter_context(submission.open("w", encoding="utf-8")) if submission is not None else None
        if sub_file is not None:
            system = json.dumps(jsonio.submission_to_json(Submission(SYSTEM))["system"], ensure_ascii=False)
            sub_file.write('{"system": ' + system + ', "documents": [\n')
        for i, doc_id in enumerate(ids):
            doc = synthetic_document(doc_id, document_rng(seed, i), sentences=sentences, ontology=onto,
                                     gazetteer=gazetteer)
            (corpus / "seeds" / f"{doc_id}.txt").write_bytes(doc.text.encode("utf-8"))
            (corpus / "seeds" / f"{doc_id}.meta.json").write_text(jsonio.dumps(jsonio.meta_to_json(doc.meta)),
                                                                   encoding="utf-8")
            gold = jsonio.dumps(jsonio.document_to_json(doc))
            (corpus / "gold" / f"{doc_id}.json").write_text(gold, encoding="utf-8")
            summary.add(doc, len(gold.encode("utf-8")))
            if sub_file is not None:
                predicted = synthetic_predictions(doc, document_rng(seed, i, "submission"), errors, ontology=onto)
                row = json.dumps(jsonio.submission_to_json(Submission(SYSTEM, (predicted,)))["documents"][0],
                                 ensure_ascii=False)
                sub_file.write(("" if i == 0 else ",\n") + row)
        if sub_file is not None:
            sub_file.write("\n]}\n")
    if submission is not None:
        summary.submission_bytes = submission.stat().st_size
    cut_test, cut_validation = n_docs // 10, n_docs // 5
    splits = {"test": ids[:cut_test], "validation": ids[cut_test:cut_validation], "train": ids[cut_validation:]}
    (corpus / "splits.json").write_text(json.dumps({"splits": splits}), encoding="utf-8")
    return summary
