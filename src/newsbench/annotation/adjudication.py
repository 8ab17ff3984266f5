"""Adjudication of two annotation passes: keep what they agree on, list each disagreement for a decision, and
merge the two into one valid document once every disagreement is decided.

Items are compared by span, so the passes' ids do not matter. Each disagreement is one item with a stable id
and a decision of "A" or "B" (follow that pass on this item; following a pass that lacks the item drops it) or,
for a mention, timex or toponym item, "C": the adjudicator's own value, in the shape of A's and B's:

- ``mention:S-E``  a mention: present in one pass only, or type, level or head differ;
- ``timex:S-E``    a timex: presence, type or value;
- ``trigger:S-E:TYPE``  an event mention of that event type: presence or its arguments (role, filler span);
- ``toponym:S-E``  the toponym record of the name at S-E: presence or any field;
- ``entities:S-E`` the coreference of a group of mentions both passes have (entities and subtypes), named by
  its first mention; ``events:S-E`` likewise for event coreference, event type, attributes and grounding.

A mention (trigger) that only one pass has keeps that pass's coreference. An argument whose filler is not in
the merged document is dropped (and said so). The disagreement report (JSON and readable text) is also the
decisions file: fill in each item's "decision" and pass it back with ``--decisions`` (or decide on the command
line: :func:`decisions_from_options`). :func:`install_gold` puts the merged documents into the gold and the splits.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Hashable, Iterable, Mapping, Sequence

from .. import jsonio
from ..model import Argument, Document, Entity, Event, EventMention, Mention, Timex, Toponym
from ..ontology import Ontology, load_ontology
from ..paths import corpus_dir
from ..problems import Problem, problem
from ..validate import (document_problems, document_warnings, json_type, read_json_file, schema_problems,
                        schema_validator)
from .agreement import Pass, pair_documents

SIDES = ("A", "B")
THIRD = "C"
Span = tuple[int, int] | tuple[int, int, str]
"""An item's key: its (start, end), and for a trigger (start, end, event type)."""
# Items whose value an adjudicator may write (decision "C"), and the keys of that value: the shape of A and B.
THIRD_VALUE_KEYS = {
    "mention": ("type", "level", "head"),
    "timex": ("type", "value"),
    "toponym": ("reading", "geonames_id", "lat", "lon", "feature", "source", "uncertainty_km"),
}


@dataclass(frozen=True)
class Third:
    """The adjudicator's own value for an item (decision "C"), in the shape the report shows for A and B."""

    value: Mapping[str, Any]


Decision = str | Third


@dataclass(frozen=True)
class Disagreement:
    """One item on which the two passes differ: what each says, keyed by its item id."""

    doc_id: str
    item: str
    kind: str
    text: str
    a: Any
    b: Any

    def to_json(self, decision: Decision | None = None) -> dict[str, Any]:
        """The report entry of this disagreement, with its decision when there is one."""
        out = {"doc_id": self.doc_id, "item": self.item, "kind": self.kind, "text": self.text, "A": self.a,
               "B": self.b, "decision": THIRD if isinstance(decision, Third) else decision}
        if isinstance(decision, Third):
            out[THIRD] = dict(decision.value)
        return out


def _sid(kind: str, span: tuple) -> str:
    """The item id: kind and span, and for a trigger its event type (two events may share one trigger)."""
    return f"{kind}:{span[0]}-{span[1]}" + "".join(f":{x}" for x in span[2:])


def _quote(doc: Document, span: tuple) -> str:
    return f"{doc.text[span[0]:span[1]]}@{span[0]}-{span[1]}"


# --- what each pass says, keyed by span --------------------------------------------------------


class _View:
    """One pass's items by span, with the descriptions that are compared."""

    def __init__(self, doc: Document, onto: Ontology):
        self.doc = doc
        self.entities = {e.id: e for e in doc.entities}
        self.events = {e.id: e for e in doc.events}
        self.mention: dict[Span, Mention] = {(m.start, m.end): m for m in doc.mentions}
        self.mention_by_id = {m.id: m for m in doc.mentions}
        self.timex: dict[Span, Timex] = {(t.start, t.end): t for t in doc.timexes}
        self.timex_by_id = {t.id: t for t in doc.timexes}
        # two events may share one trigger word ("casualties": Die and Injure): a trigger is its span and type
        self.trigger: dict[Span, EventMention] = {(em.start, em.end, self.events[em.event].type): em
                                                  for em in doc.event_mentions}
        self.toponym: dict[Span, Toponym] = {(self.mention_by_id[t.mention].start, self.mention_by_id[t.mention].end): t
                        for t in doc.toponyms}

    def span_of(self, ref: str) -> Span:
        item = self.mention_by_id.get(ref) or self.timex_by_id[ref]
        return item.start, item.end

    def mention_desc(self, span: Span) -> Any:
        m = self.mention.get(span)
        if m is None:
            return None
        return {"type": m.type, "level": m.level, "head": _quote(self.doc, (m.head_start, m.head_end))}

    def timex_desc(self, span: Span) -> Any:
        t = self.timex.get(span)
        return None if t is None else {"type": t.type, "value": t.value}

    def trigger_desc(self, span: Span) -> Any:
        em = self.trigger.get(span)
        if em is None:
            return None
        return {"arguments": sorted([a.role, _quote(self.doc, self.span_of(a.ref))] for a in em.arguments)}

    def toponym_desc(self, span: Span) -> Any:
        t = self.toponym.get(span)
        if t is None:
            return None
        return {"reading": t.reading, "geonames_id": t.geonames_id, "lat": t.lat, "lon": t.lon, "feature": t.feature,
                "source": t.source, "uncertainty_km": t.uncertainty_km}

    def entity_of(self, span: Span) -> str:
        return self.mention[span].entity

    def event_of(self, span: Span) -> str:
        return self.trigger[span].event

    def entity_attrs(self, eid: str) -> dict:
        return {"subtype": self.entities[eid].subtype}

    def event_attrs(self, eid: str) -> dict:
        e = self.events[eid]
        return {"type": e.type, **e.attributes,
                "place": None if e.place is None
                else [e.place.geonames_id, e.place.lat, e.place.lon, e.place.precision],
                "date": None if e.date is None else [e.date.value, e.date.precision]}


def _components(common: Iterable[Span], a_cluster, b_cluster) -> list[list[Span]]:
    """Groups of common spans joined by either pass's clusters (connected components), each sorted."""
    parent: dict[Span, Span] = {}

    def find(x: Span) -> Span:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    common = sorted(common)
    for s in common:
        parent[s] = s
    for cluster_of in (a_cluster, b_cluster):
        first: dict[Hashable, Span] = {}
        for s in common:
            c = cluster_of(s)
            if c in first:
                parent[find(s)] = find(first[c])
            else:
                first[c] = s
    groups: dict[Span, list[Span]] = defaultdict(list)
    for s in common:
        groups[find(s)].append(s)
    return sorted(groups.values())


def _partition_view(view: _View, spans: Sequence[Span], cluster_of, attrs) -> list:
    clusters: dict[str, list[Span]] = defaultdict(list)
    for s in spans:
        clusters[cluster_of(view, s)].append(s)
    return sorted(([_quote(view.doc, s) for s in sorted(members)], attrs(view, cid))
                  for cid, members in clusters.items())


_CLUSTERS = {
    "entities": (lambda v: v.mention, lambda v, s: v.entity_of(s), lambda v, c: v.entity_attrs(c), "mentions"),
    "events": (lambda v: v.trigger, lambda v, s: v.event_of(s), lambda v, c: v.event_attrs(c), "triggers"),
}


def disagreements(a: Document, b: Document, onto: Ontology | None = None) -> list[Disagreement]:
    """Every item the two passes of one document disagree on, in text order within each kind."""
    onto = onto or load_ontology()
    va, vb = _View(a, onto), _View(b, onto)
    out: list[Disagreement] = []
    for kind, table, desc in (("mention", "mention", _View.mention_desc), ("timex", "timex", _View.timex_desc),
                              ("trigger", "trigger", _View.trigger_desc), ("toponym", "toponym", _View.toponym_desc)):
        spans = sorted(getattr(va, table).keys() | getattr(vb, table).keys())
        for span in spans:
            da, db = desc(va, span), desc(vb, span)
            if da != db:
                out.append(Disagreement(a.doc_id, _sid(kind, span), kind, a.text[span[0]:span[1]], da, db))
    for kind, (table, cluster_of, attrs, members) in _CLUSTERS.items():
        common = table(va).keys() & table(vb).keys()
        for group in _components(common, lambda s: cluster_of(va, s), lambda s: cluster_of(vb, s)):
            pa = _partition_view(va, group, cluster_of, attrs)
            pb = _partition_view(vb, group, cluster_of, attrs)
            if pa != pb:
                as_json = lambda p: [{members: m, **at} for m, at in p]  # noqa: E731
                out.append(Disagreement(a.doc_id, _sid(kind, group[0]), kind, a.text[group[0][0]:group[0][1]],
                                        as_json(pa), as_json(pb)))
    return out


# --- merging -----------------------------------------------------------------------------------


class _Ids:
    """Ids for the merged document: pass A's for items that come from A (reserved first), B's where free, else
    B's with a suffix."""

    def __init__(self, from_a: Iterable[str]):
        self.used = set(from_a)

    def take(self, side: str, wanted: str) -> str:
        if side == "A":
            return wanted
        candidate, k = wanted, 0
        while candidate in self.used:
            k += 1
            candidate = f"{wanted}-b{k}"
        self.used.add(candidate)
        return candidate


@dataclass(frozen=True)
class Merged:
    """The adjudicated document and the notes the merge made."""

    document: Document
    notes: tuple[str, ...]


def merge(a: Document, b: Document, decisions: Mapping[str, Decision], onto: Ontology | None = None) -> Merged:
    """The merged document: every item follows pass A unless ``decisions`` (item id -> "A" | "B" | Third) says
    otherwise; an item with a third value starts from the pass that has it (A first) and takes that value."""
    m = _Merger(a, b, decisions, onto or load_ontology())
    mentions = m.mentions()
    entities, timexes, events = m.entities(mentions), m.timexes(), m.events()
    event_mentions = m.event_mentions()  # before the toponyms: the notes come in this order
    toponyms = m.toponyms()
    return Merged(Document(doc_id=a.doc_id, text=a.text, meta=a.meta, entities=tuple(entities),
                           mentions=tuple(mentions), timexes=tuple(timexes), events=tuple(events),
                           event_mentions=tuple(event_mentions), toponyms=tuple(toponyms),
                           schema_version=a.schema_version, annotated=a.annotated), tuple(m.notes))


class _Merger:
    """One merge: which pass each kept span follows, its cluster, and the ids of the merged document."""

    def __init__(self, a: Document, b: Document, decisions: Mapping[str, Decision], onto: Ontology):
        self.a, self.onto, self.decisions = a, onto, decisions
        self.va, self.vb = _View(a, onto), _View(b, onto)
        self.views = {"A": self.va, "B": self.vb}
        self.notes: list[str] = []
        self.mention_side = self._followed("mention", "mention")
        self.timex_side = self._followed("timex", "timex")
        self.trigger_side = self._followed("trigger", "trigger")
        self._group_clusters()
        self.entity_key = {span: self._cluster_key("entities", span, self.mention_side) for span in self.mention_side}
        self.entity_keys = _keys_in_order(self.entity_key, self.va.mention, self.va.entity_of, a.entities, b.entities)
        self.event_key = {span: self._cluster_key("events", span, self.trigger_side) for span in self.trigger_side}
        self.event_keys = _keys_in_order(self.event_key, self.va.trigger, self.va.event_of, a.events, b.events)
        self._assign_ids()

    def side(self, kind: str, span: tuple) -> str:
        d = self.decisions.get(_sid(kind, span), "A")
        if isinstance(d, Third):
            return "A" if span in getattr(self.va, kind) else "B"
        return d

    def third(self, kind: str, span: tuple) -> Mapping[str, Any]:
        d = self.decisions.get(_sid(kind, span))
        return d.value if isinstance(d, Third) else {}

    def _followed(self, kind: str, table: str) -> dict[Span, str]:
        """Span -> the pass whose record it follows, for the spans the merged document keeps: pass A's order,
        then B's own spans in B's order."""
        ta, tb = getattr(self.va, table), getattr(self.vb, table)
        out = {}
        for span in [*ta, *(s for s in tb if s not in ta)]:
            s = self.side(kind, span)
            if span in getattr(self.views[s], table):
                out[span] = s
        return out

    def _group_clusters(self) -> None:
        """Coreference: per component of common spans, the pass decided; one-pass items keep their own pass's."""
        va, vb = self.va, self.vb
        self.cluster_side: dict[tuple[str, int, int], str] = {}
        self.common_mate: dict[tuple[str, str, str], Span] = {}
        for kind, table in (("entities", "mention"), ("events", "trigger")):
            cluster_of = _CLUSTERS[kind][1]
            common = getattr(va, table).keys() & getattr(vb, table).keys()
            for group in _components(common, lambda s, c=cluster_of: c(va, s), lambda s, c=cluster_of: c(vb, s)):
                for s in group:
                    key = (kind, *s)
                    self.cluster_side[key] = self.side(kind, group[0])
                    for name, view in self.views.items():
                        self.common_mate.setdefault((kind, name, cluster_of(view, s)), s)

    def _cluster_key(self, kind: str, span: Span, present: Mapping[Span, str]) -> tuple[str, str]:
        """(pass, cluster id) of a kept span: a common span follows its group's decision; a one-pass span
        joins the merged cluster of a common span its own pass puts it with, else keeps its own cluster."""
        cluster_of = _CLUSTERS[kind][1]
        key = (kind, *span)
        s = self.cluster_side.get(key)
        if s is None:
            own = cluster_of(self.views[present[span]], span)
            mate = self.common_mate.get((kind, present[span], own))
            if mate is None:
                return present[span], own
            key = (kind, *mate)
            span, s = mate, self.cluster_side[key]
        return s, cluster_of(self.views[s], span)

    def _origin(self, table: str, span: Span) -> str:
        return "A" if span in getattr(self.va, table) else "B"

    def _source_id(self, table: str, span: Span) -> str:
        return (getattr(self.va, table).get(span) or getattr(self.vb, table)[span]).id

    def _assign_ids(self) -> None:
        """An item A has keeps A's id; the rest take B's unless that is taken."""
        kept = (("mention", self.mention_side), ("timex", self.timex_side), ("trigger", self.trigger_side))
        ids = _Ids([self._source_id(t, sp) for t, sides in kept for sp in sides if self._origin(t, sp) == "A"]
                   + [k[1] for k in (*self.entity_keys, *self.event_keys) if k[0] == "A"])
        self.mention_id, self.timex_id, self.trigger_id = (
            {span: ids.take(self._origin(table, span), self._source_id(table, span)) for span in sides}
            for table, sides in kept)
        self.entity_id = {k: ids.take(k[0], k[1]) for k in self.entity_keys}
        self.event_id = {k: ids.take(k[0], k[1]) for k in self.event_keys}

    def mentions(self) -> list[Mention]:
        out = []
        for span, s in self.mention_side.items():
            m = self.views[s].mention[span]
            c = self.third("mention", span)
            head = _head_span(c["head"]) if c else (m.head_start, m.head_end)
            out.append(Mention(self.mention_id[span], self.entity_id[self.entity_key[span]], c.get("type", m.type),
                               c.get("level", m.level), m.start, m.end, m.text, *head))
        return out

    def entities(self, mentions: Sequence[Mention]) -> list[Entity]:
        """One entity per cluster, typed like its first mention."""
        out = []
        for key in self.entity_keys:
            first = next(m for span, m in zip(self.mention_side, mentions, strict=True) if self.entity_key[span] == key)
            out.append(Entity(self.entity_id[key], first.type, self.views[key[0]].entities[key[1]].subtype))
        return out

    def timexes(self) -> list[Timex]:
        out = []
        for span, s in self.timex_side.items():
            t = self.views[s].timex[span]
            c = self.third("timex", span)
            out.append(Timex(self.timex_id[span], t.start, t.end, t.text, c.get("type", t.type),
                             c.get("value", t.value)))
        return out

    def events(self) -> list[Event]:
        return [_copy_event(self.views[k[0]].events[k[1]], self.event_id[k]) for k in self.event_keys]

    def event_mentions(self) -> list[EventMention]:
        """Every kept trigger with the arguments whose filler the merged document keeps (a note for each other)."""
        a, out = self.a, []
        for span, s in self.trigger_side.items():
            em = self.views[s].trigger[span]
            args = []
            for arg in em.arguments:
                filler = self.views[s].span_of(arg.ref)
                table = self.timex_id if self.onto.role_filler.get(arg.role) == "timex" else self.mention_id
                if filler in table:
                    args.append(Argument(arg.role, table[filler]))
                else:
                    self.notes.append(f"{a.doc_id}: argument {arg.role} of trigger {_quote(a, span)} dropped: its "
                                      f"filler {_quote(a, filler)} is not in the merged document")
            out.append(EventMention(self.trigger_id[span], self.event_id[self.event_key[span]], em.start, em.end,
                                    em.text, tuple(args)))
        return out

    def toponyms(self) -> list[Toponym]:
        """The toponyms of kept mentions (a note for each other), A's order then B's own."""
        a, va, vb, out = self.a, self.va, self.vb, []
        seen = set()
        for t_span in [*va.toponym, *(s for s in vb.toponym if s not in va.toponym)]:
            if t_span in seen:
                continue
            seen.add(t_span)
            t = self.views[self.side("toponym", t_span)].toponym.get(t_span)
            if t is None:
                continue
            if t_span not in self.mention_id:
                self.notes.append(f"{a.doc_id}: toponym {_quote(a, t_span)} dropped: its mention is not in the "
                                  f"merged document")
                continue
            c = self.third("toponym", t_span)
            if c:
                t = Toponym(t.mention, **{k: c[k] for k in THIRD_VALUE_KEYS["toponym"]})
            out.append(Toponym(self.mention_id[t_span], t.reading, t.geonames_id, t.lat, t.lon, t.feature, t.source,
                               t.uncertainty_km))
        return out


def _head_span(quote: str) -> tuple[int, int]:
    """(start, end) of a head written as the report writes it: "text@START-END"."""
    start, end = quote.rsplit("@", 1)[1].split("-")
    return int(start), int(end)


def third_value_problems(d: Disagreement, doc: Document, value: Any) -> list[str]:
    """What is wrong with a third value for ``d`` (empty: it can be merged); the merged document is validated
    afterwards, so only the shape and the head's place are checked here."""
    keys = THIRD_VALUE_KEYS.get(d.kind)
    if keys is None:
        return [f"a third value only for a mention, timex or toponym item, found one for {d.kind} item {d.item}"]
    if not isinstance(value, dict) or sorted(value) != sorted(keys):
        found = sorted(value) if isinstance(value, dict) else json_type(value)
        return [f"a \"C\" value with exactly the keys {', '.join(keys)} (the shape of A and B), found {found}"]
    if d.kind == "mention":
        head = value["head"]
        start, end = (int(x) for x in d.item.split(":")[1].split("-"))
        try:
            hs, he = _head_span(head) if isinstance(head, str) else (None, None)
        except ValueError:
            hs = he = None
        if hs is None or he is None or not (start <= hs < he <= end) or head != _quote(doc, (hs, he)):
            return [f"a head \"text@START-END\" inside the mention [{start}, {end}) whose text is the text there, "
                    f"found {head!r}"]
    return []


def _keys_in_order(keys_by_span: Mapping[Span, tuple[str, str]], a_table: Mapping[Span, Any], cluster_of_a,
                   a_items: Sequence, b_items: Sequence) -> list[tuple[str, str]]:
    """Cluster keys in pass A's order; a cluster taken from B stands where A's cluster of its first span stood
    (after the others when A has none of its spans)."""
    a_rank = {x.id: i for i, x in enumerate(a_items)}
    b_rank = {x.id: i for i, x in enumerate(b_items)}
    rank: dict[tuple[str, str], tuple] = {}
    for span, key in keys_by_span.items():
        if key in rank:
            continue
        if key[0] == "A":
            rank[key] = (a_rank[key[1]], 0, 0)
        elif span in a_table:
            rank[key] = (a_rank[cluster_of_a(span)], 1, b_rank[key[1]])
        else:
            rank[key] = (len(a_rank), 1, b_rank[key[1]])
    return sorted(rank, key=rank.__getitem__)


def _copy_event(e: Event, new_id: str) -> Event:
    return Event(new_id, e.type, e.polarity, e.tense, e.genericity, e.modality, e.place, e.date)


# --- the workflow: report, decisions, merged documents -------------------------------------------


@dataclass(frozen=True)
class AdjudicationResult:
    """Every disagreement with its decision, the merged documents when all are decided, notes and problems."""

    items: tuple[tuple[Disagreement, Decision | None], ...]
    """Every disagreement with its decision (None: undecided)."""
    merged: tuple[Document, ...]
    """Merged documents: only when every disagreement is decided and every merged document is valid."""
    notes: tuple[str, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()
    """The merged documents' warnings (``newsbench validate``'s): shown, never blocking."""

    @property
    def undecided(self) -> int:
        """How many disagreements have no decision yet."""
        return sum(d is None for _, d in self.items)

    def report_json(self, a: str, b: str) -> dict[str, Any]:
        """The adjudication report: how to decide, and every item with its decision."""
        return {"a": a, "b": b,
                "how": "set each item's decision to \"A\" or \"B\" (follow that pass on the item; following a pass "
                       "that lacks the item drops it), or for a mention, timex or toponym item to \"C\" with your own "
                       "value in a \"C\" key of the same shape as A and B; then run `newsbench adjudicate A B -o DIR "
                       "--decisions THIS_FILE`",
                "items": [d.to_json(decision) for d, decision in self.items]}


def read_decisions(path: Path) -> tuple[dict[tuple[str, str], Decision], list[Problem]]:
    """(doc id, item id) -> "A" | "B" | Third from a decisions file (the report with decisions filled in)."""
    data, problems = read_json_file(path)
    if data is None:
        return {}, problems
    file = str(path)
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return {}, [problem("decision-invalid", file, None, "/items", "expected an object with a list of items, "
                            f"found {json_type(items)}")]
    out: dict[tuple[str, str], Decision] = {}
    for k, item in enumerate(items):
        if (not isinstance(item, dict) or not isinstance(item.get("doc_id"), str)
                or not isinstance(item.get("item"), str)):
            problems.append(problem("decision-invalid", file, None, f"/items/{k}",
                                    "expected an item with a doc_id and an item id"))
            continue
        decision = item.get("decision")
        if decision is None:
            continue
        if decision == THIRD:
            if not isinstance(item.get(THIRD), dict):
                problems.append(problem("decision-invalid", file, item["doc_id"], f"/items/{k}/{THIRD}",
                                        f"expected a \"C\" value (an object shaped like A and B) with decision C, "
                                        f"found {json_type(item.get(THIRD))}"))
                continue
            out[(item["doc_id"], item["item"])] = Third(item[THIRD])
            continue
        if decision not in SIDES:
            problems.append(problem("decision-invalid", file, item["doc_id"], f"/items/{k}/decision",
                                    f"expected \"A\", \"B\" or \"C\", found {decision!r}"))
            continue
        out[(item["doc_id"], item["item"])] = decision
    return out, problems


def decisions_from_options(items: Sequence[tuple[Disagreement, Decision | None]], decide: Sequence[str],
                           fields: Sequence[str]) -> tuple[dict[tuple[str, str], Decision], list[Problem]]:
    """Decisions given on the command line: ``ITEM=A|B|C`` (ITEM as in the report, or ``DOC_ID/ITEM`` when
    several documents have it) and, for C, ``ITEM.FIELD=VALUE``: the value of the pass that has the item with
    those fields changed (a VALUE that parses as JSON is that number, null or text)."""
    problems: list[Problem] = []
    by_item: dict[str, list[Disagreement]] = defaultdict(list)
    for d, _ in items:
        by_item[d.item].append(d)
        by_item[f"{d.doc_id}/{d.item}"].append(d)

    def bad(option: str, message: str) -> None:
        problems.append(problem("decision-invalid", "command line", None, "", f"expected {message}, found {option!r}"))

    def item_of(option: str, name: str) -> Disagreement | None:
        found = by_item.get(name, [])
        if len(found) != 1:
            bad(option, "a current disagreement's item id (DOC_ID/ITEM when several documents have it)"
                if not found else f"one document's item, not {len(found)} (write DOC_ID/ITEM)")
            return None
        return found[0]

    out: dict[tuple[str, str], Decision] = {}
    third: dict[tuple[str, str], dict[str, Any]] = {}
    for option in decide:
        name, _, side = option.rpartition("=")
        d = item_of(option, name)
        if d is None:
            continue
        if side in SIDES:
            out[(d.doc_id, d.item)] = side
        elif side == THIRD:
            base = d.a if d.a is not None else d.b
            third[(d.doc_id, d.item)] = dict(base) if isinstance(base, dict) else {}
        else:
            bad(option, "ITEM=A, ITEM=B or ITEM=C")
    for option in fields:
        target, _, raw = option.partition("=")
        name, _, field = target.rpartition(".")
        d = item_of(option, name) if name else None
        if d is None:
            continue
        if (d.doc_id, d.item) not in third:
            bad(option, f"--decide {name}=C before setting one of its fields")
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        third[(d.doc_id, d.item)][field] = value
    out.update({key: Third(value) for key, value in third.items()})
    return out, problems


def adjudicate(a: Pass, b: Pass, decisions: Mapping[tuple[str, str], Decision] | None = None, *,
               decisions_file: str = "decisions", seeds: Path | None = None,
               ontology: Ontology | None = None) -> AdjudicationResult:
    """Compare two passes of the same documents and merge them by the decisions given."""
    onto = ontology or load_ontology()
    decisions = dict(decisions or {})
    problems = [p for p in (*a.problems, *b.problems)]
    pairs, found = pair_documents(a, b)
    problems += found
    items: list[tuple[Disagreement, Decision | None]] = []
    merged: list[Document] = []
    notes: list[str] = []
    warnings: list[Problem] = []
    known = set()
    for da, db in pairs:
        for d in disagreements(da, db, onto):
            known.add((d.doc_id, d.item))
            decision = decisions.get((d.doc_id, d.item))
            if isinstance(decision, Third):
                for message in third_value_problems(d, da, decision.value):
                    problems.append(problem("decision-invalid", decisions_file, d.doc_id, f"/items/{len(items)}/C",
                                            f"expected {message}"))
            items.append((d, decision))
    for doc_id, item in sorted(decisions.keys() - known):
        problems.append(problem("decision-invalid", decisions_file, doc_id, "",
                                f"expected a decision for a current disagreement, found one for {item!r}, which is not "
                                "(or no longer) a disagreement"))
    for k, (d, decision) in enumerate(items):
        if decision is None and decisions:
            problems.append(problem("decision-missing", decisions_file, d.doc_id, f"/items/{k}",
                                    f"expected a decision A, B or C for {d.item} ({d.text!r}), found none"))
    blocking = [p for p in problems if p.check != "passes-partial"]
    if not blocking and all(decision is not None for _, decision in items):
        for da, db in pairs:
            chosen = {d.item: decision for d, decision in items if d.doc_id == da.doc_id}
            m = merge(da, db, chosen, onto)  # type: ignore[arg-type]
            notes.extend(m.notes)
            file = f"merged/{da.doc_id}.json"
            found = schema_problems(jsonio.document_to_json(m.document), schema_validator("document.schema.json"), file)
            found = found or document_problems(m.document, file, ontology=onto, seeds=seeds)
            problems += found
            warnings += [] if found else document_warnings(m.document, file, ontology=onto)
            merged.append(m.document)
        if [p for p in problems if p.check != "passes-partial"]:
            merged, warnings = [], []
    return AdjudicationResult(tuple(items), tuple(merged), tuple(notes), tuple(problems), tuple(warnings))


def report_text(result: AdjudicationResult, a: str, b: str) -> str:
    """The disagreement report for people: one block per item, A's version and B's."""
    lines = [f"Disagreements between A = {a} and B = {b}: {len(result.items)} item(s), {result.undecided} undecided.",
             "Decide each in disagreements.json (\"decision\": \"A\" or \"B\", or \"C\" with a \"C\" value).", ""]
    doc = None
    for d, decision in result.items:
        if d.doc_id != doc:
            doc = d.doc_id
            lines += [f"## {doc}", ""]
        shown = THIRD if isinstance(decision, Third) else decision
        lines.append(f"- [{d.item}] {d.text!r}  decision: {shown or '(open)'}")
        rows = [("A", d.a), ("B", d.b)] + ([(THIRD, dict(decision.value))] if isinstance(decision, Third) else [])
        for name, value in rows:
            lines.append(f"    {name}: {'(absent)' if value is None else json.dumps(value, ensure_ascii=False)}")
    if result.notes:
        lines += ["", "Notes:", *(f"- {n}" for n in result.notes)]
    return "\n".join(lines) + "\n"


def write_adjudication(result: AdjudicationResult, out_dir: Path, a: str, b: str) -> list[Path]:
    """Write the report (JSON and text) and, when complete, the merged documents; all at once."""
    files = {"disagreements.json": json.dumps(result.report_json(a, b), ensure_ascii=False, indent=1) + "\n",
             "disagreements.txt": report_text(result, a, b)}
    for doc in result.merged:
        files[f"{doc.doc_id}.json"] = jsonio.dumps(jsonio.document_to_json(doc))
    return jsonio.replace_files_atomically(Path(out_dir), files)


# --- into the gold -----------------------------------------------------------------------------

SPLITS = ("train", "validation", "test")
DEFAULT_SPLIT = "test"


@dataclass(frozen=True)
class GoldInstall:
    """What installing adjudicated documents as gold wrote: the files, each document's split, problems."""

    written: tuple[Path, ...]
    splits: Mapping[str, str]
    """doc id -> the split it is listed in."""
    problems: tuple[Problem, ...] = ()


def install_gold(docs: Sequence[Document], *, corpus: Path | None = None, split: str = DEFAULT_SPLIT,
                 replace: bool = False) -> GoldInstall:
    """Put adjudicated documents into ``corpus/gold/<doc_id>.json`` and ``corpus/splits.json``.

    The rule: a document already listed in the splits keeps its split; a new one goes to ``split`` (default test:
    the benchmark scores systems on test). A different gold document under the same id is replaced only with
    ``replace``. Nothing is written when there is a problem.
    """
    corpus = Path(corpus or corpus_dir())
    path = corpus / "splits.json"
    data, problems = read_json_file(path)
    listed = data.get("splits") if isinstance(data, dict) else None
    if data is not None and (not isinstance(listed, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in listed.values())):
        problems = [problem("splits-malformed", str(path), None, "/splits",
                            "expected an object of split -> list of doc ids")]
    if problems or not isinstance(listed, dict):  # no dict without a problem
        return GoldInstall((), {}, tuple(problems))
    texts = {doc.doc_id: jsonio.dumps(jsonio.document_to_json(doc)) for doc in docs}
    for doc_id, text in texts.items():
        target = corpus / "gold" / f"{doc_id}.json"
        if target.is_file() and not replace and target.read_text(encoding="utf-8") != text:
            problems.append(problem("gold-exists", str(target), doc_id, "", "expected no gold document under this id "
                                    "or the same one, found a different one (--replace-gold replaces it)"))
    if problems:
        return GoldInstall((), {}, tuple(problems))
    where = {doc_id: name for name, ids in listed.items() for doc_id in ids}
    for doc_id in texts:
        if doc_id not in where:
            listed.setdefault(split, []).append(doc_id)
            where[doc_id] = split
    written = []
    for doc_id, text in texts.items():
        target = corpus / "gold" / f"{doc_id}.json"
        jsonio.write_text_atomic(target, text)
        written.append(target)
    jsonio.write_text_atomic(path, jsonio.dumps(data))
    return GoldInstall(tuple(written), {d: where[d] for d in texts}, ())
