"""The Label Studio labeling config, generated from schema/ontology.json.

Every layer of format v1 has a place in it (docs/labelstudio.md explains each choice):

- five span label controls on the one ``Text``: ``entity`` (entity types: one region = one mention),
  ``trigger`` (event types: one region = one event mention), ``timex`` (timex types: one region = one timex),
  ``head`` (a region inside a mention = its head; none = the head is the whole mention) and ``role`` (argument
  roles: a region over a filler's mention or timex, linked to a trigger by an unlabelled relation = one argument);
- ``Relations`` with every argument role (one relation from a trigger region to a mention or timex region
  = one argument) and ``Coreference`` (a link between two mentions, or two triggers, of one entity or event);
- per-region controls, shown when a region of the right kind (and label) is selected: for mentions the level,
  the entity id (optional: a link does the same), the subtypes of the mention's own type, and the toponym fields
  on GPE, LOC and FAC only; for triggers the four ACE attributes (hotkeys; unset = the ontology's default, where
  it has one), the event id (optional), the event type of the whole event and the event's grounding (place and
  date); for timexes the normalised value.

The text stands in its own scrolling column; beside it, the labels (in a scrolling box of their own) and the
per-region controls, so that no edit scrolls the text away; the argument roles show there while no region is
selected. The region id is the item id (mention, timex or event mention id).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from ..ontology import Ontology, load_ontology

TEXT = "text"
ENTITY, TRIGGER, TIMEX, HEAD, ROLE = "entity", "trigger", "timex", "head", "role"
SPAN_CONTROLS = (ENTITY, TRIGGER, TIMEX, HEAD, ROLE)
HEAD_LABEL = "Head"
RELATIONS = "relations"
COREFERENCE = "Coreference"
# Choices whose options are the task's own entities, events and gazetteer places (keys of the task data).
ENTITY_REF, EVENT_REF, PLACE = "entity_ref", "event_ref", "place"
DATA_ENTITIES, DATA_EVENTS, DATA_PLACES = "entities", "events", "places"
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
    labels: tuple[str, ...] = ()
    """Shown only on regions with one of these labels (empty: on every region of its control)."""
    options: str = ""
    """For Choices whose options come from the task's data (that key), not from the ontology."""
    hotkeys: tuple[str, ...] = ()
    """Per value (in order), its hotkey; Label Studio applies it to the selected region."""


def subtype_control(entity_type: str) -> str:
    """The per-region control of one entity type's subtypes (each type shows its own)."""
    return f"subtype_{entity_type}"


def attribute_hint(onto: Ontology, name: str) -> str:
    """The header of an event attribute's control: once per event, and what no choice means."""
    default = onto.attribute_defaults.get(name)
    return f"Event {name} (once per event; none = {default})" if default else f"Event {name} (once per event)"


# Label Studio binds these hotkeys before it gives the labels left without one a key of its own
# ("1234567890qwetasdfg..."); ``u`` is its own (unselect).
_HOME_ROW = "asdfghjkl"


def attribute_hotkeys(onto: Ontology, name: str) -> tuple[str, ...]:
    """Per value of an event attribute, its hotkey: none for the default (it needs no choice), the home row in
    order for an attribute without a default (tense: PAST a, PRESENT s, ...), else the value's initial
    (NEGATIVE n, GENERIC g, OTHER o)."""
    default = onto.attribute_defaults.get(name)
    if default is None:
        return tuple(_HOME_ROW[: len(onto.attributes[name])])
    return tuple("" if v == default else v[0].lower() for v in onto.attributes[name])


def region_controls(onto: Ontology | None = None) -> tuple[RegionControl, ...]:
    """Every per-region control, in the order the config shows them."""
    onto = onto or load_ontology()

    def choices(name, region, hint, values, labels=(), hotkeys=()):
        return RegionControl(name, "Choices", "choices", region, hint, tuple(values), tuple(labels),
                             hotkeys=tuple(hotkeys))

    def chosen(name, region, hint, options, labels=()):
        return RegionControl(name, "Choices", "choices", region, hint, labels=tuple(labels), options=options)

    def text(name, region, hint, labels=()):
        return RegionControl(name, "TextArea", "textarea", region, hint, labels=tuple(labels))

    def number(name, region, hint, labels=()):
        return RegionControl(name, "Number", "number", region, hint, labels=tuple(labels))

    place = onto.toponym_entity_types
    return (
        choices("level", ENTITY, "Mention level", onto.mention_levels, hotkeys=_LEVEL_HOTKEYS),
        chosen(ENTITY_REF, ENTITY, "Coreference: the entity this mention refers to", DATA_ENTITIES),
        text("entity_id", ENTITY, "Entity id (optional): the same id on every mention of one entity, or link the "
                                  "mention to another of its entity with a Coreference relation"),
        *(choices(subtype_control(t), ENTITY, f"{t} subtype (optional, once per entity)", onto.entity_subtypes[t],
                  (t,)) for t in onto.entity_types if onto.entity_subtypes[t]),
        choices("reading", ENTITY, "Toponym reading (only for toponyms)", onto.toponym_readings, place),
        chosen(PLACE, ENTITY, "Toponym: the gazetteer place (fills GeoNames id, coordinates, feature, source)",
               DATA_PLACES, place),
        number("geonames_id", ENTITY, "Toponym GeoNames id (empty when the place has none)", place),
        number("lat", ENTITY, "Toponym latitude", place),
        number("lon", ENTITY, "Toponym longitude", place),
        text("feature", ENTITY, "Toponym GeoNames feature (class.code, e.g. P.PPLC)", place),
        text("source", ENTITY, "Toponym coordinate source (GeoNames or a named reference)", place),
        number("uncertainty_km", ENTITY, "Toponym uncertainty radius in km (empty for none)", place),
        choices("entity_type", ENTITY, "Entity type of all its mentions (optional: retags the whole entity at once)",
                onto.entity_types),
        # the attributes first: a new trigger needs them at once, without scrolling past the event list
        *(choices(name, TRIGGER, attribute_hint(onto, name), values, hotkeys=attribute_hotkeys(onto, name))
          for name, values in onto.attributes.items()),
        chosen(EVENT_REF, TRIGGER, "Event coreference: the event this trigger refers to", DATA_EVENTS),
        text("event_id", TRIGGER, "Event id (optional): the same id on every mention of one event, or a Coreference "
                                  "relation"),
        choices("event_type", TRIGGER, "Event type of all its mentions (optional: retags the whole event at once)",
                onto.event_types),
        number("place_geonames_id", TRIGGER, "Event place: GeoNames id (optional)"),
        number("place_lat", TRIGGER, "Event place: latitude"),
        number("place_lon", TRIGGER, "Event place: longitude"),
        choices("place_precision", TRIGGER, "Event place: geo precision", map(str, onto.geo_precisions)),
        text("date_value", TRIGGER, "Event date: ISO 8601 value"),
        choices("date_precision", TRIGGER, "Event date: time precision", map(str, onto.date_precisions)),
        text("timex_value", TIMEX, "Timex value (TIMEX3, resolved against the anchor date)"),
    )


def span_labels(onto: Ontology | None = None) -> dict[str, tuple[str, ...]]:
    """Each span control's labels, in the order the labels box shows them."""
    onto = onto or load_ontology()
    return {ENTITY: onto.entity_types, TRIGGER: onto.event_types, TIMEX: onto.timex_types, HEAD: (HEAD_LABEL,),
            ROLE: onto.roles}


# Colours only help the eye; cycled over each control's labels.
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf")


# Hotkeys for the labels used most (entity types, head) and the mention level (NAM q, NOM w, PRO e); Label Studio
# applies a Choice's hotkey to the selected region.
_HOTKEYS = {ENTITY: "1234567", HEAD: "0"}
_LEVEL_HOTKEYS = tuple("qwe")


def label_config(onto: Ontology | None = None) -> str:
    """The labeling config XML (deterministic: same ontology, same bytes)."""
    onto = onto or load_ontology()
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$doc_id")
    columns = ET.SubElement(view, "View", style="display: flex; align-items: flex-start; gap: 1em")
    left = ET.SubElement(columns, "View", style="flex: 3; max-height: 80vh; overflow-y: auto")
    right = ET.SubElement(columns, "View", style="flex: 2; max-height: 80vh; overflow-y: auto")
    labels_box = ET.SubElement(right, "View", style="max-height: 36vh; overflow-y: auto")
    # the roles only while no region is selected (an argument starts there): then the region's own controls take
    # their place, so neither pushes the other out of view
    roles_box = ET.SubElement(right, "View", visibleWhen="no-region-selected")
    ET.SubElement(roles_box, "Header", value="Argument: a role over the filler, then link it to its trigger (Alt+R)",
                  size="6")
    for name, labels in span_labels(onto).items():
        box = roles_box if name == ROLE else labels_box
        control = ET.SubElement(box, "Labels", name=name, toName=TEXT, showInline="true")
        keys = _HOTKEYS.get(name, "")
        for i, value in enumerate(labels):
            extra: dict[str, Any] = {"hotkey": keys[i]} if i < len(keys) else {}
            ET.SubElement(control, "Label", value=value, background=_PALETTE[i % len(_PALETTE)], **extra)
    relations = ET.SubElement(right, "Relations")
    for role in (*onto.roles, COREFERENCE):
        ET.SubElement(relations, "Relation", value=role)
    ET.SubElement(left, "Text", name=TEXT, value="$text", saveTextResult="yes")
    for c in region_controls(onto):
        when: dict[str, Any] = {"whenLabelValue": ",".join(c.labels)} if c.labels else {}
        box = ET.SubElement(right, "View", visibleWhen="region-selected", whenTagName=c.region, **when)
        ET.SubElement(box, "Header", value=c.hint, size="6")
        attrs: dict[str, Any] = {"name": c.name, "toName": TEXT, "perRegion": "true"}
        if c.options:
            ET.SubElement(box, "Choices", **attrs, choice="single", showInline="true", value="$" + c.options)
        elif c.tag == "Choices":
            control = ET.SubElement(box, "Choices", **attrs, choice="single", showInline="true")
            hotkey_of = dict(zip(c.values, c.hotkeys, strict=False))  # no hotkeys: none
            for value in c.values:
                key = hotkey_of.get(value)
                hotkey: dict[str, Any] = {"hotkey": key} if key else {}
                ET.SubElement(control, "Choice", value=value, **hotkey)
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
