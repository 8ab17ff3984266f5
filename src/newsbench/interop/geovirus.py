"""GeoVirus / GeoWebNews-style XML: ``<article><source/><text/><locations><location><name/><start/><end/><lat/>
<lon/><page/>`` — toponyms with coordinates and a Wikipedia page.

GeoVirus's offsets are shifted by one: ``text[start - 1:end - 1] == name`` (measured on all 1,061 locations of
GeoVirus-dev.xml); the importer checks each one and counts any that does not match (``offset-mismatch``).
Each location becomes a name mention of a singleton place entity (GPE / LOC / FAC by the place rule) and a
toponym with reading Literal, the corpus's coordinates, the Wikipedia page as source, no GeoNames id, feature
"unknown", and as radius the precision of the written coordinates. The documents declare only the toponyms layer:
GeoVirus annotates no other entity, no coreference, no timexes and gives no date (anchor date "unknown").
"""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from collections.abc import Sequence

from ..model import Document
from ..ontology import load_ontology
from .common import (
    ImportFailed, ImportMapping, ImportResult, PlaceRule, SourceMention, build_entities, coordinate_radius_km,
    count_items, declared, import_each, make_meta, parse_xml, toponym,
)

FORMAT = "geovirus"
_INTEGER = re.compile(r"[0-9]{1,12}")
_NUMBER = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,12})?")


def _title_from_url(url: str) -> str:
    return urllib.parse.unquote(url.rstrip("/").rsplit("/", 1)[-1]).replace("_", " ") if url else ""


def _field(location: ET.Element, name: str, file: Path, where: str) -> str:
    value = location.findtext(name)
    if value is None:
        raise ImportFailed(file, where, f"expected a <{name}> element, found none")
    return value.strip()


def read_geovirus(paths: Sequence[Path], *, mapping: ImportMapping | None = None,
                  rule: PlaceRule | None = None, offset_shift: int = 1) -> ImportResult:
    """Import GeoVirus XML files; document ids are ``geovirus_<n>`` (n: the article's 1-based position)."""
    def documents_of(path: Path, mapping: ImportMapping, rule: PlaceRule, result: ImportResult) -> list[Document]:
        root = parse_xml(path, "GeoVirus XML")
        return [_article(path, n, article, mapping, rule, result, offset_shift)
                for n, article in enumerate(root.iter("article"), start=1)]
    return import_each(paths, mapping, rule, documents_of)


def _article(path: Path, n: int, article: ET.Element, mapping: ImportMapping, rule: PlaceRule,
             result: ImportResult, shift: int) -> Document:
    doc_id = f"geovirus_{n:03d}"
    text = article.findtext("text")
    if text is None:
        raise ImportFailed(path, f"article {n}", "expected a <text> element, found none")
    url = (article.findtext("source") or "").strip()
    ace = mapping.ace_class(FORMAT, "location")
    found: list[SourceMention] = []
    coords: dict[tuple[int, int], tuple[str, str, str]] = {}
    for k, location in enumerate(article.iter("location"), start=1):
        where = f"article {n} location {k}"
        name = _field(location, "name", path, where)
        start_s, end_s = _field(location, "start", path, where), _field(location, "end", path, where)
        lat_s, lon_s = _field(location, "lat", path, where), _field(location, "lon", path, where)
        if not (_INTEGER.fullmatch(start_s) and _INTEGER.fullmatch(end_s) and _NUMBER.fullmatch(lat_s)
                and _NUMBER.fullmatch(lon_s)):
            raise ImportFailed(path, where, f"expected integer offsets and decimal degrees in start/end/lat/lon, "
                                            f"found {start_s!r} {end_s!r} {lat_s!r} {lon_s!r}")
        start, end = int(start_s) - shift, int(end_s) - shift
        if not (0 <= start < end <= len(text)) or text[start:end] != name:
            result.not_carried["offset-mismatch"] += 1
            continue
        if not (-90 <= float(lat_s) <= 90 and -180 <= float(lon_s) <= 180):
            result.not_carried["coordinates-out-of-range"] += 1
            continue
        if ace is None:
            result.not_carried["class-unmapped:location"] += 1
            continue
        found.append(SourceMention(start, end, start, end, load_ontology().name_level, f"L{k}", ace))
        coords.setdefault((start, end), (lat_s, lon_s, (location.findtext("page") or "").strip()))
    local: Counter[str] = Counter()
    entities, mentions = build_entities(text, found, rule, local)
    result.not_carried.update(local)
    toponyms = []
    for m in mentions:
        lat_s, lon_s, page = coords[(m.start, m.end)]
        toponyms.append(toponym(m, lat=float(lat_s), lon=float(lon_s), source=page or "GeoVirus",
                                uncertainty_km=coordinate_radius_km(lat_s, lon_s)))
    doc = Document(doc_id=doc_id, text=text, meta=make_meta(text, title=_title_from_url(url), url=url),
                   entities=entities, mentions=mentions, toponyms=tuple(toponyms),
                   annotated=declared({"toponyms": [(0, len(text))]}))
    count_items(result, doc)
    return doc
