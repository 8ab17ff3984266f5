"""Pieces the baseline systems share: their input documents, place resolution, clusters, stable order."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from collections.abc import Container, Iterable, Mapping, Sequence

from ..corpus import read_seed_meta, seed_ids
from ..gazetteer.lookup import ADM1_FEATURE, Gazetteer, Place
from ..gazetteer.geonames import load_news_gazetteer
from ..model import (
    Meta,
    PredictedEventMention,
    PredictedMention,
    PredictedTimex,
    PredictedToponym,
)
from ..paths import corpus_dir
from ..problems import Problem, problem
from ..validate import display_path

DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True)
class InputDocument:
    """What a system sees of a document: its id, text and metadata (never the annotation)."""

    doc_id: str
    text: str
    meta: Meta


def read_seed_documents(corpus: Path | None = None) -> tuple[list[InputDocument], list[Problem]]:
    """Every seed text with its metadata, in doc id order; problems for seeds whose metadata is missing."""
    corpus = corpus or corpus_dir()
    docs: list[InputDocument] = []
    problems: list[Problem] = []
    for doc_id in seed_ids(corpus):
        meta, found = read_seed_meta(doc_id, corpus)
        problems.extend(found)
        path = corpus / "seeds" / f"{doc_id}.txt"
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(problem("file-not-utf8", display_path(path), doc_id, "",
                                    f"expected UTF-8, found {e.reason}"))
            continue
        if meta is not None:
            docs.append(InputDocument(doc_id, text, meta))
    return docs, problems


def load_json_data(name: str) -> dict:
    """One of the baselines' data files, parsed."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def caption_labels() -> frozenset[str]:
    """Words that label a photo caption's credit ("Image: Ann Lee"), which no name ends in (data/spacy_labels.json)."""
    return frozenset(load_json_data("spacy_labels.json")["caption_labels"]["words"])


def data_files() -> list[Path]:
    """The baselines' data files."""
    return sorted(DATA_DIR.glob("*.json"))


# --- places ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedPlace:
    """A gazetteer place a name resolves to, with the entity type it gives the mention."""

    place: Place
    entity_type: str
    """Entity type of a name of this place, by its GeoNames feature class (data/rules_en.json)."""
    name: str = ""
    """The name it was resolved from."""


class BaselineUnavailable(RuntimeError):
    """An optional dependency of a baseline is not installed."""


GAZETTEER_HINT = "pip install -e '.[gazetteer]'"


class PlaceResolver:
    """Place names and demonyms -> records of the news-scale gazetteer (:mod:`newsbench.gazetteer.geonames`).

    The baselines never read ``corpus/gazetteer.jsonl``: its curated records were written for the gold.
    """

    def __init__(self, gazetteer: Gazetteer | None = None):
        if gazetteer is None:
            try:
                gazetteer = load_news_gazetteer()
            except ModuleNotFoundError as e:
                raise BaselineUnavailable(
                    f"the baselines resolve places with the news-scale gazetteer, from the optional 'gazetteer' "
                    f"extra ({e}); install with: {GAZETTEER_HINT}") from None
        self.gazetteer = gazetteer
        self._feature_types = {k: v for k, v in load_json_data("rules_en.json")["feature_class_types"].items()
                               if not k.startswith("$")}
        self._demonyms = demonym_table()

    def place(self, name: str, context: PlaceContext | None = None) -> ResolvedPlace | None:
        """The best gazetteer record for ``name`` (the gazetteer's ranking, with the document's ``context``), or
        None."""
        context = context or PlaceContext()
        found = self.gazetteer.lookup(name, context.countries, context.named)
        if not found:
            return None
        best = found[0]
        return ResolvedPlace(best, self._feature_types.get(best.feature.split(".", 1)[0], "LOC"), name)

    def demonym(self, word: str) -> ResolvedPlace | None:
        """The place a demonym names ("Iraqi" -> Iraq), or None for a word not in the demonym table."""
        target = self._demonyms.get(word)
        return self.place(target) if target else None

    def is_demonym(self, word: str) -> bool:
        """Whether ``word`` is a demonym of the table."""
        return word in self._demonyms

    def is_plural_demonym(self, word: str) -> bool:
        """Whether ``word`` is a demonym noun of the table in the plural (``plural_demonym``)."""
        return plural_demonym(word, self._demonyms)


@dataclass(frozen=True)
class PlaceContext:
    """What a document's first reading of its place names tells the second (``Gazetteer.lookup``'s ranking)."""

    countries: frozenset[str] = frozenset()
    """Country codes of the countries it names and of the countries of the first-level divisions it names."""
    named: tuple[tuple[str, Place], ...] = ()
    """(name, record) of each resolved name."""


def document_countries(places: Iterable[ResolvedPlace | None]) -> PlaceContext:
    """The context of a document's resolved place names and demonyms: the countries it names, directly
    ("Canada", "Iraqi") or by one of their first-level divisions ("England" names the United Kingdom), rank a
    namesake in one of them first; its other names rank their own records and other divisions of their
    divisions' countries first (``Gazetteer.lookup``)."""
    found = [r for r in places if r is not None]
    countries = {r.place.country_code for r in found
                 if r.place.feature.startswith("A.PCL") or r.place.feature == ADM1_FEATURE}
    return PlaceContext(frozenset(countries), tuple(sorted({(r.name, r.place) for r in found},
                                                           key=lambda n: (n[0], n[1].geonames_id or 0, n[1].name))))


def plural_demonym(word: str, demonyms: Container[str]) -> bool:
    """A demonym noun in the plural ("Canadians"): a demonym whose form without its final "s" is one too."""
    return word.endswith("s") and word in demonyms and word[:-1] in demonyms


@cache
def demonym_table() -> dict[str, str]:
    """Demonym -> country code, from the shipped table."""
    return dict(load_json_data("demonyms.json")["demonyms"])


@cache
def default_resolver() -> PlaceResolver:
    """A place resolver over the shipped gazetteer."""
    return PlaceResolver()


@cache
def country_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-1 alpha-2 code -> the point the baselines give that country (data/country_points.json)."""
    return {code: (lat, lon) for code, (lat, lon) in load_json_data("country_points.json")["points"].items()}


def toponym(start: int, end: int, resolved: ResolvedPlace, reading: str) -> PredictedToponym:
    """The predicted toponym of a resolved name: the record's id and point, except that a country gets the middle
    of its main parts, its mainland and any island of like size (data/country_points.json), instead of the
    gazetteer's Factbook point."""
    p = resolved.place
    lat, lon = p.lat, p.lon
    if p.feature.startswith("A.PCL") and p.country_code in country_points():
        lat, lon = country_points()[p.country_code]
    return PredictedToponym(start=start, end=end, reading=reading, geonames_id=p.geonames_id, lat=lat, lon=lon)


# --- persons' names ------------------------------------------------------------------------------

NAMES_HINT = "pip install -e '.[baselines]'"


@dataclass(frozen=True)
class PersonNames:
    """Given names and surnames of many languages, in Latin script (Faker's person providers, MIT licence; the
    'baselines' extra pins its version, so the lists do not move under the figures)."""

    given: frozenset[str]
    surnames: frozenset[str]
    gendered: Mapping[str, frozenset[str]]
    """"male" / "female" -> the given names that the lists give to that gender only."""


def _name_words(values: object) -> set[str]:
    """The one-word capitalised names of a provider attribute (a tuple of names or a dict of name -> weight)."""
    if not isinstance(values, (tuple, list, dict)):
        return set()
    return {v for v in values if isinstance(v, str) and v[:1].isupper() and v.isalpha()}


@cache
def person_names() -> PersonNames:
    """Every locale's given names and surnames from Faker, read once (about 0.2 s); BaselineUnavailable when the
    'baselines' extra is not installed."""
    try:
        import faker.providers.person as people  # lazy: the baselines extra
    except ImportError as e:
        raise BaselineUnavailable(f"the baselines read persons' names from Faker, in the optional 'baselines' extra "
                                  f"({e}); install with: {NAMES_HINT}") from None
    given: set[str] = set()
    surnames: set[str] = set()
    male: set[str] = set()
    female: set[str] = set()
    for info in pkgutil.iter_modules(people.__path__):
        provider = vars(importlib.import_module(f"{people.__name__}.{info.name}"))["Provider"]
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            given |= _name_words(getattr(provider, attr, None))
        male |= _name_words(getattr(provider, "first_names_male", None))
        female |= _name_words(getattr(provider, "first_names_female", None))
        for attr in ("last_names", "last_names_male", "last_names_female"):
            surnames |= _name_words(getattr(provider, attr, None))
    return PersonNames(frozenset(given), frozenset(surnames),
                       {"male": frozenset(male - female), "female": frozenset(female - male)})


_MODEL_DESIGNATION = re.compile(r"(?=[^\W\d_]*\d)(?=\d*[^\W\d_])(?!\d+(?:st|nd|rd|th)$)\w+|[a-z]+[A-Z]\w*")
_NEXT_WORD = re.compile(r" ([^\s,.;:()]+)")
_PREVIOUS_WORD = re.compile(r"(?<![^\s(])([^\s,.;:()]+) $")
_MODEL_NUMBER = re.compile(r"(?=\S*\d)(?=\S*[A-Za-z])\S+|\d{3}(?:-\d{1,3})?")


def names_a_product(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) of ``text`` is a product's: a word of it is a model designation -- letters
    and digits together ("A380", "IE6"; not an ordinal, "21st") or a lower-case prefix before a capital ("iPod") --
    or the word right after it is one, or a three-digit model number ("Acme A320", "Acme 747", "Acme 747-400": the
    maker is part of the product's name, GUIDELINES R4), or the word right before it is a designation or a model
    number the document writes after a name or in the plural ("the iZorb Classic", "the 747 Skyliner" beside "Acme
    747" or "747s": the rest of the product's name). Products are no entity (GUIDELINES 2.1); spaCy's small model
    tags such names as organisations, places or persons (measured on MEANTIME's tuning half, eval/README.md
    section 7)."""
    if any(_MODEL_DESIGNATION.fullmatch(w) for w in text[start:end].split()):
        return True
    after = _NEXT_WORD.match(text, end)
    if after is not None and _MODEL_NUMBER.fullmatch(after.group(1)):
        return True
    before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    return before is not None and (bool(_MODEL_DESIGNATION.fullmatch(before.group(1)))
                                   or _model_number_of(text, before.group(1)))


def _model_number_of(text: str, word: str) -> bool:
    """Whether ``word`` is three digits that the text writes after a capitalised word ("Acme 747") or in the plural
    ("747s"): a model number, not a count ("500 Acme engineers")."""
    return (len(word) == 3 and word.isdigit()
            and re.search(rf"[A-Z]\w* {word}(?!\d)|(?<!\d){word}s\b", text) is not None)


def lower_case_words(text: str) -> frozenset[str]:
    """The words of two letters or more a text writes in lower case (a capitalised word among them is a common word
    at a sentence start or in a heading: "Internet" beside "internet")."""
    return frozenset(re.findall(r"(?<![\w-])[a-z][a-z]+(?![\w-])", text))


# --- organisations and facilities ------------------------------------------------------------------


@cache
def facility_words() -> frozenset[str]:
    """Words a facility's name ends in ("... Airport", "... Arena"; data/rules_en.json ``fac_words``)."""
    return frozenset(w.lower() for w in load_json_data("rules_en.json")["fac_words"]["words"])


_ACRONYM_AFTER = re.compile(r"\(([A-Z][A-Z0-9&]{1,7})\)")
_ACRONYM_BEFORE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]{1,7}) \(([^()]{3,120})\)")
_CAPITALISED_WORD = re.compile(r"[A-Z0-9][\w&'-]*")


def _abbreviates(acronym: str, words: Sequence[str]) -> bool:
    """Whether each letter and digit of the acronym is the first character of another one of the capitalised words
    (in any order: "CEI" of "Italian Episcopal Conference"), with at most two such words left over."""
    letters = sorted(acronym.replace("&", ""))
    initials = sorted(w[0] for w in words)
    left = list(initials)
    for c in letters:
        if c not in left:
            return False
        left.remove(c)
    return len(letters) >= 2 and len(left) <= 2


def introduced_acronyms(text: str) -> dict[str, tuple[int, int]]:
    """Acronyms the text introduces beside the name they abbreviate, in brackets either way round ("the Globex
    Space Agency (GSA)", "GSA (Globex Space Agency)"; made up), with the span of that name: the name's last
    capitalised words, up to the bracket, hold the acronym's letters as initials (GUIDELINES R9: the bracketed
    name or abbreviation is a mention of its own; C3: an organisation's acronym is a short form of its own name)."""
    found: dict[str, tuple[int, int]] = {}
    for m in _ACRONYM_AFTER.finditer(text):
        acronym, end = m.group(1), len(text[:m.start()].rstrip(" "))
        base = max(0, end - 120)
        # the capitalised words right before the bracket, lower-case connectors ("of", "and") allowed between
        words: list[str] = []
        gap_end = end
        for w in reversed(list(_CAPITALISED_WORD.finditer(text, base, end))):
            if not re.fullmatch(r"(?: (?:of|and|for|the|de|di|del|della|des|du|la|le|&))* ?", text[w.end():gap_end]):
                break
            words.insert(0, w.group())
            gap_end = w.start()
            if len(words) >= len(acronym) - 1 and _abbreviates(acronym, words):
                found.setdefault(acronym, (w.start(), end))
                break
    for m in _ACRONYM_BEFORE.finditer(text):
        acronym, inner = m.group(1), m.group(2)
        if acronym not in found and inner[:1].isupper() and _abbreviates(
                acronym, [w.group() for w in _CAPITALISED_WORD.finditer(inner)]):
            found[acronym] = m.span(2)
    return found


def acronym_spans(text: str, acronyms: Mapping[str, tuple[int, int]], occupied: Sequence[tuple[int, int]]
                  ) -> list[tuple[int, int]]:
    """Where the introduced ``acronyms`` and their names are mentions that overlap nothing ``occupied``: each name's
    span, and each use of an acronym alone (not a word of a longer capitalised name, "UK RAF")."""
    taken = list(occupied)
    spans: list[tuple[int, int]] = []

    def add(a: int, b: int) -> None:
        if not any(x < b and a < y for x, y in taken):
            spans.append((a, b))
            taken.append((a, b))

    for a, b in sorted(set(acronyms.values())):
        add(a, b)
    for acronym in sorted(acronyms):
        for found in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])(?! [A-Z])", text):
            before = re.search(r"[A-Z][\w&'-]* $", text[max(0, found.start() - 40):found.start()])
            # a capitalised word before it that does not open a sentence makes it a word of a longer name
            opens = before is None or text[:found.start() - len(before.group())].rstrip(" ")[-1:] in ("", ".", "!",
                                                                                                     "?", "\n")
            if opens:
                add(*found.span())
    return spans


# --- clusters and order ---------------------------------------------------------------------------


def cluster_ids(keys: Sequence[str]) -> list[str]:
    """Cluster ids "c1", "c2", ... numbered by first appearance of each key (keys in document order)."""
    numbers: dict[str, int] = {}
    return [f"c{numbers.setdefault(k, len(numbers) + 1)}" for k in keys]


def surname_mentions(text: str, persons: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]]
                     ) -> tuple[list[tuple[int, int]], dict[str, str]]:
    """Spans of the surname alone of a person found with a first name ("Montalvo" after "Jose Montalvo"),
    wherever no name is predicted yet, and each surname's full name (to cluster them together). Measured on GUM
    news (names F1 of spacy-sm 0.624 -> 0.638, of rules 0.475 -> 0.548), where such repetitions are often missed;
    repeating every name found once (tried too) lost more precision than it gained recall."""
    surnames: dict[str, str] = {}
    for start, end in persons:
        words = text[start:end].split()
        if len(words) >= 2 and words[-1][:1].isupper() and len(words[-1]) > 2:
            surnames.setdefault(words[-1], text[start:end])
    occupied = list(taken)
    spans: list[tuple[int, int]] = []
    for surname in sorted(surnames):
        for found in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            s, e = found.span()
            if not any(a < e and s < b for a, b in occupied):
                spans.append((s, e))
                occupied.append((s, e))
    return spans, surnames


def name_key(text: str) -> str:
    """Coreference key of a name with no gazetteer record: its words, case-folded."""
    return " ".join(text.casefold().split())


def sort_mentions(items: Iterable[PredictedMention]) -> tuple[PredictedMention, ...]:
    """Mentions in (start, end, type) order."""
    return tuple(sorted(items, key=lambda m: (m.start, m.end, m.type)))


def sort_timexes(items: Iterable[PredictedTimex]) -> tuple[PredictedTimex, ...]:
    """Time expressions in span order."""
    return tuple(sorted(items, key=lambda t: (t.start, t.end)))


def sort_event_mentions(items: Iterable[PredictedEventMention]) -> tuple[PredictedEventMention, ...]:
    """Event mentions in (start, end, type) order."""
    return tuple(sorted(items, key=lambda e: (e.start, e.end, e.type)))


def sort_toponyms(items: Iterable[PredictedToponym]) -> tuple[PredictedToponym, ...]:
    """Toponyms in span order."""
    return tuple(sorted(items, key=lambda t: (t.start, t.end)))


@cache
def _match_result_words() -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]:
    d = load_json_data("rules_en.json")["match_results"]
    score = re.compile(r"(?<![\d.:])\d{1,2}[ \u00a0]*[\u2013\u2014-][ \u00a0]*\d{1,2}(?![\d.:])")
    return score, tuple(d["verbs"]), tuple(d["after_score"])


def without_a_score(text: str, start: int, end: int) -> int:
    """The end of the name at [start, end) without a number at its end that opens a sports score ("Norway 2" of
    "Norway 2 – 1 Chile": the score is no part of the team's name, GUIDELINES T9)."""
    found = re.search(r"[ \u00a0]+(\d{1,2})$", text[start:end])
    if found is not None and found.start() > 0 and _match_result_words()[0].match(text, start + found.start(1)):
        return start + found.start()
    return end


def team_names(text: str, places: Sequence[tuple[int, int]]) -> frozenset[str]:
    """The place names of ``places`` (spans) that name a side of a sports result in this text, by the rule of
    data/rules_en.json's ``match_results`` (no score in the text: none)."""
    score, verbs, after_score = _match_result_words()
    scores = list(score.finditer(text))
    if not scores:
        return frozenset()
    ends = {e: s for s, e in places}
    starts = {s: e for s, e in places}
    teams: set[str] = set()

    def before(pos: int) -> None:  # the place name ending at pos, spaces between
        k = len(text[:pos].rstrip(" \u00a0"))
        if k in ends:
            teams.add(text[ends[k]:k])

    def after(pos: int, joiners: Sequence[str]) -> None:  # the place name starting at pos, a joiner maybe between
        rest = text[pos:]
        k = pos + len(rest) - len(rest.lstrip(" \u00a0"))
        for joiner in ("", *joiners):
            if joiner and not (text.startswith(joiner, k) and text[k + len(joiner):k + len(joiner) + 1] == " "):
                continue
            j = k + len(joiner) + (1 if joiner else 0)
            if j in starts:
                teams.add(text[j:starts[j]])
                return

    for m in scores:
        before(m.start())
        after(m.end(), after_score)
    for s, e in places:
        for verb in verbs:
            if text.startswith(f" {verb} ", e):
                teams.add(text[s:e])
                after(e + len(verb) + 2, ())
    teams |= {text[s:e] for s, e in places if any(t.endswith(" " + text[s:e]) for t in teams)}
    return frozenset(teams)
