"""The Label Studio labeling config, generated from schema/ontology.json.

Every layer of format v1 has a place in it (docs/labelstudio.md explains each choice):

- three span label controls on the one ``Text``: ``entity`` (entity types: one region = one mention),
  ``trigger`` (event types: one region = one event mention), ``timex`` (timex types: one region = one timex);
- ``Relations`` with every argument role: one relation from a trigger region to a mention or timex region
  = one argument;
- per-region controls, shown when a region of the right kind is selected: for mentions the level, the
  entity id (the coreference cluster), the entity subtype, the head offsets and the toponym fields; for
  triggers the event id (the event coreference cluster), the four ACE attributes and the event's grounding
  (place and date); for timexes the normalised value.

The region id is the item id (mention, timex or event mention id).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..ontology import Ontology, load_ontology

TEXT = "text"
ENTITY, TRIGGER, TIMEX = "entity", "trigger", "timex"
SPAN_CONTROLS = (ENTITY, TRIGGER, TIMEX)
RELATIONS = "relations"
# What a pre-annotation puts in a text field it cannot fill: the import refuses it (ls-value-to-check).
TO_CHECK = "TO CHECK"


@dataclass(frozen=True)
class RegionControl:
    """A per-region control: its name, LS tag, result type, the span control it belongs to, and its values."""

    name: str
    tag: str          # Choices | TextArea | Number
    kind: str         # the result "type": choices | textarea | number
    region: str       # the span control whose regions it describes
    hint: str
    values: tuple[str, ...] = ()


def region_controls(onto: Ontology | None = None) -> tuple[RegionControl, ...]:
    onto = onto or load_ontology()
    subtypes = tuple(dict.fromkeys(s for t in onto.entity_types for s in onto.entity_subtypes[t]))

    def choices(name, region, hint, values):
        return RegionControl(name, "Choices", "choices", region, hint, tuple(values))

    def text(name, region, hint):
        return RegionControl(name, "TextArea", "textarea", region, hint)

    def number(name, region, hint):
        return RegionControl(name, "Number", "number", region, hint)

    return (
        choices("level", ENTITY, "Mention level", onto.mention_levels),
        text("entity_id", ENTITY, "Entity id (coreference cluster): the same id on every mention of one entity"),
        choices("subtype", ENTITY, "Entity subtype (optional)", subtypes),
        number("head_start", ENTITY, "Head start (code point; leave both head fields empty when the head is the whole mention)"),
        number("head_end", ENTITY, "Head end (code point, exclusive)"),
        choices("reading", ENTITY, "Toponym reading (only for toponyms)", onto.toponym_readings),
        number("geonames_id", ENTITY, "Toponym GeoNames id (empty when the place has none)"),
        number("lat", ENTITY, "Toponym latitude"),
        number("lon", ENTITY, "Toponym longitude"),
        text("feature", ENTITY, "Toponym GeoNames feature (class.code, e.g. P.PPLC)"),
        text("source", ENTITY, "Toponym coordinate source (GeoNames or a named reference)"),
        number("uncertainty_km", ENTITY, "Toponym uncertainty radius in km (empty for none)"),
        text("event_id", TRIGGER, "Event id (event coreference cluster): the same id on every mention of one event"),
        *(choices(name, TRIGGER, f"Event {name}", values) for name, values in onto.attributes.items()),
        number("place_geonames_id", TRIGGER, "Event place: GeoNames id (optional)"),
        number("place_lat", TRIGGER, "Event place: latitude"),
        number("place_lon", TRIGGER, "Event place: longitude"),
        choices("place_precision", TRIGGER, "Event place: geo precision", map(str, onto.geo_precisions)),
        text("date_value", TRIGGER, "Event date: ISO 8601 value"),
        choices("date_precision", TRIGGER, "Event date: time precision", map(str, onto.date_precisions)),
        text("timex_value", TIMEX, "Timex value (TIMEX3, resolved against the anchor date)"),
    )


def span_labels(onto: Ontology | None = None) -> dict[str, tuple[str, ...]]:
    onto = onto or load_ontology()
    return {ENTITY: onto.entity_types, TRIGGER: onto.event_types, TIMEX: onto.timex_types}


# Colours only help the eye; cycled over each control's labels.
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf")


def label_config(onto: Ontology | None = None) -> str:
    """The labeling config XML (deterministic: same ontology, same bytes)."""
    onto = onto or load_ontology()
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$doc_id")
    for name, labels in span_labels(onto).items():
        control = ET.SubElement(view, "Labels", name=name, toName=TEXT, showInline="true")
        for i, value in enumerate(labels):
            ET.SubElement(control, "Label", value=value, background=_PALETTE[i % len(_PALETTE)])
    relations = ET.SubElement(view, "Relations")
    for role in onto.roles:
        ET.SubElement(relations, "Relation", value=role)
    ET.SubElement(view, "Text", name=TEXT, value="$text", saveTextResult="yes")
    for c in region_controls(onto):
        box = ET.SubElement(view, "View", visibleWhen="region-selected", whenTagName=c.region)
        ET.SubElement(box, "Header", value=c.hint, size="6")
        attrs = {"name": c.name, "toName": TEXT, "perRegion": "true"}
        if c.tag == "Choices":
            control = ET.SubElement(box, "Choices", **attrs, choice="single", showInline="true")
            for value in c.values:
                ET.SubElement(control, "Choice", value=value)
        elif c.tag == "TextArea":
            ET.SubElement(box, "TextArea", **attrs, editable="true", maxSubmissions="1", rows="1")
        else:
            ET.SubElement(box, "Number", **attrs, step="any")
    ET.indent(view, space="  ")
    return ET.tostring(view, encoding="unicode") + "\n"


def canonical_config(xml: str) -> str:
    """The config reduced to its meaning: canonical XML without insignificant white space."""
    return ET.canonicalize(xml, strip_text=True)


def config_differences(found: str, expected: str | None = None) -> list[str]:
    """Empty when ``found`` is the generated config; else a short description of the first differences."""
    expected = expected if expected is not None else label_config()
    try:
        a, b = canonical_config(found), canonical_config(expected)
    except ET.ParseError as e:
        return [f"the config is not well-formed XML ({e})"]
    if a == b:
        return []
    out = []
    found_names = _control_names(found)
    expected_names = _control_names(expected)
    for name in sorted(expected_names.keys() - found_names.keys()):
        out.append(f"control {name!r} is missing")
    for name in sorted(found_names.keys() - expected_names.keys()):
        out.append(f"control {name!r} is not in the ontology's config")
    for name in sorted(expected_names.keys() & found_names.keys()):
        if expected_names[name] != found_names[name]:
            missing = sorted(set(expected_names[name]) - set(found_names[name]))
            extra = sorted(set(found_names[name]) - set(expected_names[name]))
            out.append(f"control {name!r} differs (missing {missing or 'none'}, extra {extra or 'none'})")
    return out or ["the config differs in layout or attributes"]


def _control_names(xml: str) -> dict[str, tuple[str, ...]]:
    root = ET.fromstring(xml)
    out: dict[str, tuple[str, ...]] = {}
    for el in root.iter():
        if el.tag == "Relations":
            out[RELATIONS] = tuple(r.get("value", "") for r in el if r.tag == "Relation")
        elif el.get("name") and el.get("toName"):
            out[el.get("name", "")] = tuple(v.get("value", "") for v in el if v.tag in ("Label", "Choice"))
    return out
