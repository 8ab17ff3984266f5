"""Personal pronouns as mentions of the entity named last before them (data/pronouns_en.json).

No model and no syntax: a pronoun refers to the nearest preceding name whose type agrees with it and whose
given name, if it has a gendered one, does not contradict it. Names the baseline missed cannot be antecedents,
so a pronoun without an agreeing name before it is left out rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from collections.abc import Mapping, Sequence

from ..model import PredictedMention
from ..ontology import load_ontology
from ..text import tokenize
from .common import load_json_data, person_names

GENDERS = ("male", "female")


@dataclass(frozen=True)
class PronounClass:
    """Pronouns that agree with names of the same types (and gender, when set)."""

    words: frozenset[str]
    types: frozenset[str]
    gender: str | None


@cache
def pronoun_classes() -> tuple[PronounClass, ...]:
    """The classes of data/pronouns_en.json, read once; their types checked against the ontology."""
    entity_types = load_ontology().entity_types
    classes = []
    for entry in load_json_data("pronouns_en.json")["classes"]:
        wrong = [t for t in entry["types"] if t not in entity_types]
        gender = entry.get("gender")
        if wrong or gender not in (None, *GENDERS):
            raise ValueError(f"data/pronouns_en.json: expected ontology entity types and a gender of {GENDERS}, "
                             f"found {wrong or gender!r}")
        classes.append(PronounClass(frozenset(w.lower() for w in entry["words"]), frozenset(entry["types"]),
                                    gender))
    return tuple(classes)


def _cluster_genders(text: str, mentions: Sequence[PredictedMention]) -> Mapping[str | None, set[str]]:
    """Cluster -> the genders its names' first words are given names of (only one gender each, by the lists)."""
    gendered = person_names().gendered
    genders: dict[str | None, set[str]] = {}
    for m in mentions:
        words = text[m.start:m.end].split()
        genders.setdefault(m.cluster, set()).update(g for g in GENDERS if words and words[0] in gendered[g])
    return genders


def pronoun_mentions(text: str, mentions: Sequence[PredictedMention], level: str) -> list[PredictedMention]:
    """A mention at ``level`` for each pronoun outside ``mentions`` (a system's names, with clusters) that has an
    agreeing name before it, in that name's cluster and with its type."""
    classes = pronoun_classes()
    by_end = sorted(mentions, key=lambda m: m.end)
    genders = _cluster_genders(text, mentions)
    found: list[PredictedMention] = []
    for token in tokenize(text):
        word = token.text.lower()
        kind = next((c for c in classes if word in c.words), None)
        if kind is None or _overlaps(mentions, token.start, token.end):
            continue
        antecedent = next((m for m in reversed(by_end) if m.end <= token.start and m.type in kind.types
                           and (kind.gender is None or not genders[m.cluster] - {kind.gender})), None)
        if antecedent is not None:
            found.append(PredictedMention(token.start, token.end, antecedent.type, level, antecedent.cluster))
    return found


def descriptor_mentions(text: str, mentions: Sequence[PredictedMention], level: str,
                        descriptors: frozenset[str]) -> list[PredictedMention]:
    """A mention at ``level`` (a nominal) for each "the" + a lower-case organisation descriptor ("the company",
    "the airline") outside ``mentions``, of the organisation named last before it, in its cluster: extent the
    two words, head the descriptor (GUIDELINES, Head: a nominal's head is its noun, never its determiner). Not
    when a postmodifier follows ("the company of ...", "the airline that ...": the extent would be longer, 2.5)
    or a name does ("the airline Acme Air": the descriptor of that name, R5)."""
    organisations = sorted((m for m in mentions if m.type == "ORG"), key=lambda m: m.end)
    tokens = tokenize(text)
    found: list[PredictedMention] = []
    for i, (the, noun) in enumerate(pairwise(tokens)):
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        if the.text.lower() != "the" or noun.text not in descriptors or _overlaps(mentions, the.start, noun.end):
            continue
        if after is not None and (after.text.lower() in POSTMODIFIER_STARTS or (
                after.text[:1].isupper() and text[noun.end:after.start] == " ")):
            continue
        antecedent = next((m for m in reversed(organisations) if m.end <= the.start), None)
        if antecedent is not None:
            found.append(PredictedMention(the.start, noun.end, "ORG", level, antecedent.cluster))
    return found


POSTMODIFIER_STARTS = frozenset({"of", "that", "which", "who", "whose", "in", "for", "with", "from", "behind"})
"""Words that open a postmodifier of the noun before them, whose extent then runs on (GUIDELINES 2.5)."""


def _overlaps(mentions: Sequence[PredictedMention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)
