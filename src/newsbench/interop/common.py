"""What every importer shares: the result and its report of what was not carried over, the ACE mapping table,
the place rule (GPE / LOC / FAC), and the assembly of a newsbench document from spans and clusters.

Offsets are Unicode code points into the rebuilt text, half-open.
"""

from __future__ import annotations

import hashlib
import json
import math
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..gazetteer.lookup import haversine_km, normalize_name, Place
from ..model import UNKNOWN, AnnotatedLayer, Document, Entity, Meta, Mention, Timex, Toponym
from ..ontology import load_ontology
from ..paths import schema_dir
from ..problems import Problem
from ..validate import document_problems, schema_file_problems
from .. import jsonio

OUTLET = "Wikinews"


class ImportFailed(Exception):
    """A source file cannot be read as its format: names the file, the place and what was expected."""

    def __init__(self, file: Path | str, where: str, message: str):
        super().__init__(f"{file} {where}: {message}")
        self.file, self.where, self.message = str(file), where, message


@dataclass
class ImportResult:
    """Imported documents and, per reason, how many source items were not carried over (never dropped silently)."""

    documents: list[Document] = field(default_factory=list)
    not_carried: Counter = field(default_factory=Counter)
    carried: Counter = field(default_factory=Counter)
    """How many source items of each kind became newsbench items (mentions, entities, timexes, toponyms)."""
    undeclared: dict[str, str] = field(default_factory=dict)
    """Layers the source annotates that the documents leave undeclared, each with the reason."""

    def report_lines(self) -> list[str]:
        """One line per kind carried and per reason not carried, with counts; sorted, stable."""
        lines = [f"documents: {len(self.documents)}"]
        lines += [f"carried {kind}: {n}" for kind, n in sorted(self.carried.items())]
        lines += [f"not carried {reason}: {n}" for reason, n in sorted(self.not_carried.items())]
        lines += [f"layer not declared {layer}: {why}" for layer, why in sorted(self.undeclared.items())]
        return lines


# --- the mapping table -----------------------------------------------------------------------------------------


def default_mapping_path() -> Path:
    """The shipped import mapping, schema/import_mapping.json."""
    return schema_dir() / "import_mapping.json"


@dataclass(frozen=True)
class ImportMapping:
    """The parsed mapping table (schema/import_mapping.json or an override)."""

    classes: Mapping[str, Mapping[str, str | None]]
    fac_heads: frozenset[str]
    gpe_heads: frozenset[str]
    gpe_names: frozenset[str]
    """Name keys (``normalize_name``) that make a place GPE: the table's listed names and its name table's."""
    titles: frozenset[str] = frozenset()
    """Lower-case titles (no final dot) that are not part of a person's name head (``head_rule.titles``)."""

    def ace_class(self, fmt: str, source_class: str) -> str | None:
        """The ACE type (or "place", resolved per entity) a source class maps to; None: not a mention."""
        table = self.classes.get(fmt, {})
        return table.get(source_class) if isinstance(table, Mapping) else table


def load_mapping(path: Path | None = None) -> ImportMapping:
    """Read the mapping table and the GPE name table it names; raises :class:`ImportFailed` naming the file when
    either has the wrong shape (a class mapped to something other than an ACE entity type, "place" or null;
    place-rule lists that are not strings; a name table that is missing or not a list of names)."""
    path = Path(path) if path is not None else default_mapping_path()
    allowed = {*load_ontology().entity_types, "place", None}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rule = data["place_rule"]
        # one table per format beside the rules
        classes = {k: v for k, v in data.items() if k not in ("$comment", "version", "place_rule", "head_rule")}
        for fmt, table in classes.items():
            targets = table.values() if isinstance(table, dict) else [table]
            bad = [t for t in targets if not isinstance(t, (str, type(None))) or t not in allowed]
            if bad:
                raise ValueError(f"{fmt}: {bad[0]!r} is not an ACE entity type, \"place\" or null")
        lists = {name: rule[name] for name in ("fac_heads", "gpe_heads", "gpe_names")}
        lists["titles"] = data["head_rule"]["titles"]
        if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists.values()):
            raise ValueError("place_rule and head_rule lists must be lists of strings")
        table_name = rule["gpe_name_table"]
        if not isinstance(table_name, str):
            raise ValueError("place_rule.gpe_name_table must be a file name")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ImportFailed(path, "/", f"expected a mapping table like schema/import_mapping.json, found {e}") from None
    table = load_gpe_name_table(_beside(path, table_name))
    return ImportMapping(classes=classes, fac_heads=frozenset(map(str.lower, lists["fac_heads"])),
                         gpe_heads=frozenset(map(str.lower, lists["gpe_heads"])),
                         gpe_names=frozenset(normalize_name(n) for n in lists["gpe_names"]) | table,
                         titles=frozenset(t.lower().rstrip(".") for t in lists["titles"]))


def _beside(mapping_path: Path, name: str) -> Path:
    """A file the mapping names: beside the mapping file, else in schema/ (an override copied elsewhere keeps
    using the shipped name table)."""
    here = mapping_path.parent / name
    return here if here.exists() else schema_dir() / name


# --- the GPE name table ----------------------------------------------------------------------------------------

GPE_NAME_TABLE = "place_names.json"
"""schema/place_names.json: the fixed, shipped table of GPE names the place rule reads (never the gazetteer, so
that types do not depend on which extras are installed); ``scripts/build_place_names.py`` regenerates it."""
GPE_CITY_POPULATION = 100_000
"""Smaller towns are GPE by their head words only: the news-scale gazetteer has villages named "Atlantic"."""
GPE_FEATURES = ("A.PCL", "A.ADM1", "P.PPLC")
"""GeoNames feature codes (prefixes) of countries, first-level divisions and capitals: GPE by name."""


def gpe_name_keys(places: Iterable[Place]) -> list[str]:
    """The table's content: the name key of every name and alternate name of a country, first-level division,
    capital or populated place of at least :data:`GPE_CITY_POPULATION` people among ``places``, sorted."""
    keys = {normalize_name(name)
            for p in places
            if p.feature.startswith(GPE_FEATURES)
            or (p.feature.startswith("P.PPL") and (p.population or 0) >= GPE_CITY_POPULATION)
            for name in (p.name, *p.alternate_names)}
    return sorted(k for k in keys if k)


def load_gpe_name_table(path: Path) -> frozenset[str]:
    """The name keys of a GPE name table (``{"names": [...]}``); :class:`ImportFailed` naming the file."""
    try:
        names = json.loads(Path(path).read_text(encoding="utf-8"))["names"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError("names must be a list of strings")
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ImportFailed(path, "/", f"expected a GPE name table like schema/{GPE_NAME_TABLE}, found {e}") from None
    return frozenset(normalize_name(n) for n in names)


class PlaceRule:
    """GPE, LOC or FAC for a place entity, from its mentions' head words and names (see import_mapping.json)."""

    def __init__(self, mapping: ImportMapping):
        self.mapping = mapping

    def is_gpe_name(self, name: str) -> bool:
        """A name of the GPE name table (countries, first-level divisions, capitals, cities of at least 100,000
        people) or listed in the mapping, or "Place, Region" (every word of Place capitalised: "Lakeview Heights,
        Ohio") with Region one of those."""
        key = normalize_name(name)
        if not key:
            return False
        if key in self.mapping.gpe_names:
            return True
        if ", " not in name:
            return False
        place, region = name.rsplit(", ", 1)
        return all(w[:1].isupper() for w in place.split()) and self.is_gpe_name(region)

    def type_of(self, head_words: Iterable[str], names: Iterable[str]) -> str:
        """GPE by name, else FAC or GPE by head word, else LOC (the order of schema/import_mapping.json)."""
        if any(self.is_gpe_name(n) for n in names):
            return "GPE"
        heads = {w.lower() for w in head_words}
        if heads & self.mapping.fac_heads:
            return "FAC"
        return "GPE" if heads & self.mapping.gpe_heads else "LOC"


# --- reading source files ------------------------------------------------------------------------------------

DocumentsOf = Callable[[Path, ImportMapping, "PlaceRule", ImportResult], Iterable[Document]]


def import_each(paths: Sequence[Path], mapping: ImportMapping | None, rule: PlaceRule | None,
                documents_of: DocumentsOf) -> ImportResult:
    """Run a format's ``documents_of(path, mapping, rule, result)`` over every file into one result (the
    mapping defaults to schema/import_mapping.json, the place rule to that mapping)."""
    mapping = mapping or load_mapping()
    rule = rule or PlaceRule(mapping)
    result = ImportResult()
    for path in paths:
        result.documents.extend(documents_of(Path(path), mapping, rule, result))
    return result


def parse_xml(path: Path, what: str) -> ET.Element:
    """The root element of an XML file; :class:`ImportFailed` naming the file when it is not well-formed XML."""
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError, LookupError, UnicodeError) as e:  # LookupError: an unknown declared encoding
        raise ImportFailed(path, "/", f"expected {what}, found {e}") from None


# --- building documents ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceMention:
    """A mention as an importer found it: extent, head, level, its cluster key and the (mapped) class."""

    start: int
    end: int
    head_start: int
    head_end: int
    level: str
    cluster: str
    ace: str
    """An ACE type, or "place" (resolved per cluster by the place rule)."""


def make_meta(text: str, *, title: str, url: str, published: str = UNKNOWN, updated: str = UNKNOWN,
              anchor_date: str = UNKNOWN) -> Meta:
    """The meta block of an imported document (sha256 of its text; unknown where the source states nothing)."""
    return Meta(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), title=title, language="en", outlet=OUTLET,
                url=url or UNKNOWN, published=published or UNKNOWN, updated=updated or UNKNOWN,
                anchor_date=anchor_date or UNKNOWN)


def build_entities(text: str, found: Sequence[SourceMention], rule: PlaceRule,
                   not_carried: Counter) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    """Entities (one per cluster, typed by the cluster's first mention; "place" by the rule) and their mentions.

    A second mention with an extent already taken is counted, not carried (newsbench keeps one mention per extent).
    """
    onto = load_ontology()
    clusters: dict[str, list[SourceMention]] = {}
    taken: set[tuple[int, int]] = set()
    for m in sorted(found, key=lambda m: (m.start, -m.end, m.cluster)):
        if (m.start, m.end) in taken:
            not_carried["mention-same-extent"] += 1
            continue
        taken.add((m.start, m.end))
        clusters.setdefault(m.cluster, []).append(m)
    entity_type: dict[str, str] = {}
    for key, ms in clusters.items():
        ace = ms[0].ace
        if ace == "place":
            names = [text[a:b] for m in ms if m.level == onto.name_level
                     for a, b in ((m.head_start, m.head_end), (m.start, m.end))]
            ace = rule.type_of((text[m.head_start:m.head_end].split()[-1] for m in ms
                                if m.level != onto.pronoun_level), names)
        entity_type[key] = ace
    order = sorted(clusters, key=lambda k: (clusters[k][0].start, clusters[k][0].end))
    entities = tuple(Entity(id=f"E{i + 1}", type=entity_type[k]) for i, k in enumerate(order))
    ids = {k: f"E{i + 1}" for i, k in enumerate(order)}
    mentions = sorted((m for ms in clusters.values() for m in ms), key=lambda m: (m.start, -m.end))
    out = tuple(
        Mention(id=f"M{i + 1}", entity=ids[m.cluster], type=entity_type[m.cluster], level=m.level, start=m.start,
                end=m.end, text=text[m.start:m.end], head_start=m.head_start, head_end=m.head_end)
        for i, m in enumerate(mentions)
    )
    return entities, out


def make_timex(index: int, text: str, start: int, end: int, type_: str, value: str) -> Timex:
    """Timex ``T<index>`` over [start, end) of ``text``."""
    return Timex(id=f"T{index}", start=start, end=end, text=text[start:end], type=type_, value=value)


def coordinate_radius_km(lat_text: str, lon_text: str) -> float:
    """The radius a coordinate written with these decimals can stand for: half a unit of the last digit on each
    axis (0.5 at 2 decimals), as a distance in km, rounded up to 0.1 km."""
    def half_unit(s: str) -> float:
        decimals = len(s.split(".", 1)[1]) if "." in s else 0
        return 0.5 * 10 ** -decimals
    lat, lon = float(lat_text), float(lon_text)
    lat2 = max(-90.0, min(90.0, lat + half_unit(lat_text)))
    d = haversine_km(lat, lon, lat2, lon + half_unit(lon_text))
    return max(0.1, math.ceil(d * 10) / 10)


def declared(layers: Mapping[str, Sequence[tuple[int, int]]]) -> tuple[AnnotatedLayer, ...]:
    """The declared layers of an imported document, from layer -> ranges."""
    return tuple(AnnotatedLayer(layer=k, ranges=tuple(v)) for k, v in layers.items())


def imported_problems(doc: Document, file: str) -> list[Problem]:
    """Every validator problem of an imported document (schema and semantics; no seed file to compare with)."""
    problems = schema_file_problems(jsonio.document_to_json(doc), "document.schema.json", file)
    return problems or document_problems(doc, file)


def toponym(mention: Mention, *, lat: float, lon: float, source: str, uncertainty_km: float,
            reading: str = "Literal") -> Toponym:
    """A toponym record without a GeoNames id: coordinates from a named source, with their uncertainty."""
    return Toponym(mention=mention.id, reading=reading, geonames_id=None, lat=lat, lon=lon, feature=UNKNOWN,
                   source=source, uncertainty_km=uncertainty_km)


def count_items(result: ImportResult, doc: Document) -> None:
    """Add the document's carried items to the import's counts."""
    for key in ("entities", "mentions", "timexes", "toponyms"):
        result.carried[key] += len(getattr(doc, key))
