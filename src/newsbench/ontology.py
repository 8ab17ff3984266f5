"""The label inventories, read from schema/ontology.json (the only copy of them)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .paths import schema_dir


@dataclass(frozen=True)
class RealisRule:
    """One of the ordered rules that derive ERE realis from the ACE attributes."""

    conditions: Mapping[str, tuple[str, ...]]
    realis: str


@dataclass(frozen=True)
class Ontology:
    """The label inventories and the rules that give labels a meaning, as schema/ontology.json states them."""

    version: str
    entity_types: tuple[str, ...]
    entity_subtypes: Mapping[str, tuple[str, ...]]
    mention_levels: tuple[str, ...]
    mention_level_kinds: Mapping[str, str]
    """Kind ("name", "nominal", "pronoun") -> the mention level that is that kind of mention."""
    timex_types: tuple[str, ...]
    event_types: tuple[str, ...]
    event_roles: Mapping[str, tuple[str, ...]]
    """Allowed roles per event type (Time included)."""
    role_filler: Mapping[str, str]
    """Per role: "mention" or "timex"."""
    role_entity_types: Mapping[str, tuple[str, ...]]
    """Per mention-filled role: the entity types that may fill it."""
    value_roles_excluded: tuple[str, ...]
    """ACE roles whose fillers are values, which format v1 does not annotate (``value_roles_why`` says so)."""
    value_roles_why: str
    attributes: Mapping[str, tuple[str, ...]]
    """Event attribute name -> allowed values, in ontology order."""
    attribute_defaults: Mapping[str, str]
    """Event attribute name -> the value an event annotated without it has (not every attribute has one)."""
    realis_values: tuple[str, ...]
    realis_rules: tuple[RealisRule, ...]
    toponym_readings: tuple[str, ...]
    toponym_entity_types: tuple[str, ...]
    toponym_required_entity_types: tuple[str, ...]
    """Entity types whose names need a toponym record where toponyms are annotated (``toponym-missing``)."""
    no_place_readings: tuple[str, ...]
    """Readings under which a toponym's name denotes no place: any entity type; scored for recognition only."""
    geo_precisions: tuple[int, ...]
    date_precisions: tuple[int, ...]

    @property
    def name_level(self) -> str:
        """The level of a proper name: names carry toponyms and are what Names F1 scores."""
        return self.mention_level_kinds["name"]

    @property
    def nominal_level(self) -> str:
        """The level of a common-noun phrase."""
        return self.mention_level_kinds["nominal"]

    @property
    def pronoun_level(self) -> str:
        """The level of a pronoun."""
        return self.mention_level_kinds["pronoun"]

    @property
    def roles(self) -> tuple[str, ...]:
        """Every annotated argument role, in ontology order."""
        return tuple(self.role_filler)

    def realis(self, attributes: Mapping[str, str]) -> str:
        """ERE realis derived from the four ACE attributes by the ontology's ordered rules."""
        for rule in self.realis_rules:
            if all(attributes[name] in allowed for name, allowed in rule.conditions.items()):
                return rule.realis
        raise ValueError(f"no realis rule matches {dict(attributes)}")


def _frozen(mapping: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(mapping)


def _data(mapping: dict[str, Any]) -> dict[str, Any]:
    """An object of the ontology without its ``$comment``."""
    return {k: v for k, v in mapping.items() if not k.startswith("$")}


def parse_ontology(data: dict[str, Any]) -> Ontology:
    """The ontology of a parsed ontology.json; ValueError where its parts contradict each other."""
    onto = Ontology(
        version=data["version"],
        entity_types=tuple(data["entity_types"]),
        entity_subtypes=_frozen({t: tuple(v["subtypes"]) for t, v in data["entity_types"].items()}),
        mention_levels=tuple(data["mention_levels"]),
        mention_level_kinds=_frozen(_data(data["mention_level_kinds"])),
        timex_types=tuple(data["timex_types"]),
        event_types=tuple(data["event_types"]),
        event_roles=_frozen({t: tuple(v["roles"]) for t, v in data["event_types"].items()}),
        role_filler=_frozen({r: v["filler"] for r, v in data["roles"].items()}),
        role_entity_types=_frozen({r: tuple(v["entity_types"]) for r, v in data["roles"].items()}),
        value_roles_excluded=tuple(data["value_roles_excluded"]["roles"]),
        value_roles_why=data["value_roles_excluded"]["why"],
        attributes=_frozen({k: tuple(v) for k, v in data["event_attributes"].items()}),
        attribute_defaults=_frozen(dict(data["event_attribute_defaults"]["values"])),
        realis_values=tuple(data["realis"]["values"]),
        realis_rules=tuple(
            RealisRule(_frozen({k: tuple(v) for k, v in r["if"].items()}), r["then"]) for r in data["realis"]["rules"]
        ),
        toponym_readings=tuple(data["toponym_readings"]),
        toponym_entity_types=tuple(data["toponym_entity_types"]),
        toponym_required_entity_types=tuple(data["toponym_required"]["entity_types"]),
        no_place_readings=tuple(data["toponym_readings_without_place"]["readings"]),
        geo_precisions=tuple(int(k) for k in data["geo_precision"]),
        date_precisions=tuple(int(k) for k in data["date_precision"]),
    )
    _check_consistent(onto)
    return onto


def _check_consistent(onto: Ontology) -> None:
    """The rules name only labels of the inventories; an excluded value role is nowhere annotated."""
    wrong = [f"mention level {level!r}" for level in onto.mention_level_kinds.values()
             if level not in onto.mention_levels]
    if set(onto.mention_level_kinds) != {"name", "nominal", "pronoun"}:
        wrong.append(f"mention level kinds {sorted(onto.mention_level_kinds)}, expected name, nominal and pronoun")
    wrong += [f"toponym entity type {t!r}" for t in onto.toponym_required_entity_types
              if t not in onto.toponym_entity_types]
    wrong += [f"toponym entity type {t!r}" for t in onto.toponym_entity_types if t not in onto.entity_types]
    wrong += [f"reading {r!r}" for r in onto.no_place_readings if r not in onto.toponym_readings]
    wrong += [f"a default for {name!r}, not an attribute" for name in onto.attribute_defaults
              if name not in onto.attributes]
    wrong += [f"default {name}={value!r}" for name, value in onto.attribute_defaults.items()
              if value not in onto.attributes.get(name, ())]
    wrong += [f"value role {r!r} annotated" for r in onto.value_roles_excluded
              if r in onto.role_filler or any(r in roles for roles in onto.event_roles.values())]
    if wrong:
        raise ValueError(f"ontology {onto.version}: inconsistent: {'; '.join(wrong)}")


@cache
def load_ontology(path: Path | None = None) -> Ontology:
    """The ontology in ``path`` (default: the package's schema/ontology.json), read once."""
    path = path or schema_dir() / "ontology.json"
    return parse_ontology(json.loads(path.read_text(encoding="utf-8")))
