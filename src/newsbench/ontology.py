"""The label inventories, read from schema/ontology.json (the only copy of them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .paths import schema_dir


@dataclass(frozen=True)
class RealisRule:
    conditions: Mapping[str, tuple[str, ...]]
    realis: str


@dataclass(frozen=True)
class Ontology:
    version: str
    entity_types: tuple[str, ...]
    entity_subtypes: Mapping[str, tuple[str, ...]]
    mention_levels: tuple[str, ...]
    timex_types: tuple[str, ...]
    event_types: tuple[str, ...]
    event_roles: Mapping[str, tuple[str, ...]]
    """Allowed roles per event type (Time included)."""
    role_filler: Mapping[str, str]
    """Per role: "mention" or "timex"."""
    role_entity_types: Mapping[str, tuple[str, ...]]
    """Per mention-filled role: the entity types that may fill it."""
    attributes: Mapping[str, tuple[str, ...]]
    """Event attribute name -> allowed values, in ontology order."""
    attribute_defaults: Mapping[str, str]
    """Event attribute name -> the value an event annotated without it has (not every attribute has one)."""
    realis_values: tuple[str, ...]
    realis_rules: tuple[RealisRule, ...]
    toponym_readings: tuple[str, ...]
    toponym_entity_types: tuple[str, ...]
    geo_precisions: tuple[int, ...]
    date_precisions: tuple[int, ...]

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.role_filler)

    def realis(self, attributes: Mapping[str, str]) -> str:
        """ERE realis derived from the four ACE attributes by the ontology's ordered rules."""
        for rule in self.realis_rules:
            if all(attributes[name] in allowed for name, allowed in rule.conditions.items()):
                return rule.realis
        raise ValueError(f"no realis rule matches {dict(attributes)}")


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


def parse_ontology(data: dict) -> Ontology:
    return Ontology(
        version=data["version"],
        entity_types=tuple(data["entity_types"]),
        entity_subtypes=_frozen({t: tuple(v["subtypes"]) for t, v in data["entity_types"].items()}),
        mention_levels=tuple(data["mention_levels"]),
        timex_types=tuple(data["timex_types"]),
        event_types=tuple(data["event_types"]),
        event_roles=_frozen({t: tuple(v["roles"]) for t, v in data["event_types"].items()}),
        role_filler=_frozen({r: v["filler"] for r, v in data["roles"].items()}),
        role_entity_types=_frozen({r: tuple(v["entity_types"]) for r, v in data["roles"].items()}),
        attributes=_frozen({k: tuple(v) for k, v in data["event_attributes"].items()}),
        attribute_defaults=_frozen(dict(data["event_attribute_defaults"]["values"])),
        realis_values=tuple(data["realis"]["values"]),
        realis_rules=tuple(
            RealisRule(_frozen({k: tuple(v) for k, v in r["if"].items()}), r["then"]) for r in data["realis"]["rules"]
        ),
        toponym_readings=tuple(data["toponym_readings"]),
        toponym_entity_types=tuple(data["toponym_entity_types"]),
        geo_precisions=tuple(int(k) for k in data["geo_precision"]),
        date_precisions=tuple(int(k) for k in data["date_precision"]),
    )


@lru_cache(maxsize=None)
def load_ontology(path: Path | None = None) -> Ontology:
    path = path or schema_dir() / "ontology.json"
    return parse_ontology(json.loads(path.read_text(encoding="utf-8")))
