"""No baseline resource is written from the test seed (issue 15): no place or phrase that occurs only in the seed.

A phrase "occurs only in the seed" when it is in a seed text (corpus/seeds/) and in no text of the development
corpora (GUM news, MEANTIME, GeoVirus through newsbench's importers). Every string of the baselines' data files
(word lists, lexicons, comments with their examples) and every string literal and comment of their Python
sources (rules, patterns, docstring examples) is cut into word n-grams, n = 1..4; none may occur only in the
seed, except the country entries of the demonym table, an inventory of the world (tested to be one). The gazetteer
the baselines read has no curated record, and the seed's curated places (the Baghdad districts, the Green Zone,
...) are not in it.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from newsbench.baselines import development
from newsbench.baselines.common import DATA_DIR, data_files, default_resolver
from newsbench.gazetteer.lookup import curated_places, haversine_km
from newsbench.paths import repo_root, seeds_dir

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
MAX_N = 4


def _words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for n in range(1, MAX_N + 1) for i in range(len(words) - n + 1)}


def _strings(value) -> list[str]:
    """Every string in a JSON value: keys, values, comments."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def seed_only(dev_corpora: Path) -> set[tuple[str, ...]]:
    """The word n-grams of the seed texts that no development text has."""
    seed = set()
    for path in sorted(seeds_dir().glob("*.txt")):
        seed |= _ngrams(_words(path.read_text(encoding="utf-8")))
    dev = set()
    for corpus in development.DEV_CORPORA.values():
        for doc in development.load_corpus(corpus, dev_corpora):
            dev |= _ngrams(_words(doc.text))
    return seed - dev


def test_the_check_can_fail(seed_only):
    # Names of the seed that the development corpora never mention are caught.
    assert ("mansour",) in seed_only and ("harithiyah",) in seed_only and ("kataib", "hezbollah") in seed_only
    assert ("the",) not in seed_only and ("president",) not in seed_only


def _country_demonyms() -> set[tuple[str, ...]]:
    """The demonym table's entries for countries: an inventory of the world, exempt when it is complete."""
    resolver = default_resolver()
    table = json.loads((DATA_DIR / "demonyms.json").read_text(encoding="utf-8"))["demonyms"]
    out = set()
    for demonym, target in table.items():
        hit = resolver.place(target)
        if hit is not None and hit.place.feature.startswith("A.PCL"):
            out |= {tuple(_words(demonym)), tuple(_words(target))}
    return out


def test_the_demonym_table_is_an_inventory_of_countries():
    """Its country entries are exempt from the check below only because they cover the world, not one text."""
    resolver = default_resolver()
    table = json.loads((DATA_DIR / "demonyms.json").read_text(encoding="utf-8"))["demonyms"]
    targets = {resolver.place(t).place.country_code for t in table.values() if resolver.place(t)}
    independent = {p.country_code for p in resolver.gazetteer if p.feature == "A.PCLI"
                   and (p.population or 0) > 1_000_000}
    assert len(targets & independent) >= 0.9 * len(independent), sorted(independent - targets)


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.name)
def test_no_data_file_names_a_phrase_only_the_seed_has(path: Path, seed_only):
    found = set()
    for string in _strings(json.loads(path.read_text(encoding="utf-8"))):
        found |= _ngrams(_words(string)) & seed_only
    found -= _country_demonyms()
    assert not found, f"{path.name} names phrases that occur only in the seed: {sorted(' '.join(g) for g in found)}"


BASELINE_SOURCES = sorted((Path(development.__file__).parent).glob("*.py")) + sorted(
    (repo_root() / "scripts").glob("derive_*.py"))
"""The baselines' modules and the scripts that derive their data."""


def _source_texts(path: Path) -> list[str]:
    """The string literals (docstrings included) and comments of a Python file: its examples and its rules."""
    source = path.read_text(encoding="utf-8")
    texts = [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    texts += [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.COMMENT]
    return texts


@pytest.mark.parametrize("path", BASELINE_SOURCES, ids=lambda p: p.name)
def test_no_baseline_source_names_a_phrase_only_the_seed_has(path: Path, seed_only):
    found = set()
    for string in _source_texts(path):
        found |= _ngrams(_words(string)) & seed_only
    found -= _country_demonyms()
    assert not found, f"{path.name} names phrases that occur only in the seed: {sorted(' '.join(g) for g in found)}"


def test_the_baselines_gazetteer_has_no_curated_record_and_none_of_the_seeds_places():
    gazetteer = default_resolver().gazetteer
    assert not any(gazetteer.is_curated(p) for p in gazetteer)
    for curated in curated_places():
        for name in (curated.name, *curated.alternate_names):
            for place in gazetteer.lookup(name):
                # A namesake elsewhere is GeoNames' own record; nothing of the curated place's own is there.
                assert place.source != curated.source
                assert haversine_km(place.lat, place.lon, curated.lat, curated.lon) > 25 or place.population, (name,
                                                                                                               place)


def _script(name: str):
    """A script of scripts/ as a module."""
    spec = importlib.util.spec_from_file_location(name, repo_root() / "scripts" / f"{name}.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_trigger_lexicon_is_the_one_derived_from_development_data(dev_corpora, capsys):
    """The shipped trigger lexicon is what ``scripts/derive_triggers.py`` writes from data/trigger_lemmas.json
    (words of the event types' names and event lemmas of MEANTIME's tuning half, checked by the script) and their
    inflections: ``scripts/derive_triggers.py --check``."""
    script = _script("derive_triggers")
    assert script.main(["--check"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    held = re.search(r"held-out half: (\{.*\})", out).group(1)
    # the lexicon fires on documents it was not derived on, mostly on annotated events
    measured = json.loads(held.replace("'", "\""))
    assert measured["predicted"] > 20 and measured["precision"] > 0.5
    # a lemma from neither source is refused
    table = json.loads((DATA_DIR / "trigger_lemmas.json").read_text(encoding="utf-8"))
    table["types"]["Conflict.Attack"]["type_name"].append("bomb")
    _, tune, _ = script.meantime_events(dev_corpora)
    with pytest.raises(ValueError, match="bomb"):
        script.derive(table, tune)


def test_the_timex_vocabulary_is_the_one_derived_from_allowed_sources(dev_corpora, capsys, tmp_path, monkeypatch):
    """The shipped time-expression vocabulary is what ``scripts/derive_timexes.py`` writes from Python's calendar,
    num2words, the TIMEX3 value categories and data/timex_words.json (words of MEANTIME's tuning half, checked by
    the script): ``scripts/derive_timexes.py --check``."""
    script = _script("derive_timexes")
    assert script.main(["--check"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    held = re.search(r"held-out half: rules (\{.*\})", out).group(1)
    assert json.loads(held.replace("'", "\""))["value accuracy"] >= 0.85
    tune, _ = script.meantime_halves(dev_corpora)
    table = json.loads((DATA_DIR / "timex_words.json").read_text(encoding="utf-8"))
    assert script.derive(table, tune) == json.loads((DATA_DIR / "timex_en.json").read_text(encoding="utf-8"))
    # a word of no allowed source is refused, in each kind of entry
    for where, word in ((("in_extents", "day_words"), "tomorrow"), (("before_extents", "bare_date_cues"), "throughout"),
                        (("future_cues", "cues"), "shall")):
        changed = copy.deepcopy(table)
        entries = changed[where[0]][where[1]]
        if isinstance(entries, dict):
            entries[word] = [1, None]
        else:
            entries.append(word)
        with pytest.raises(ValueError, match=word):
            script.derive(changed, tune)
    # a valued word is refused when the tuning half gives it another value ("today" alone is the anchor's day)
    changed = copy.deepcopy(table)
    changed["in_extents"]["day_words"]["today"] = [1, None]
    with pytest.raises(ValueError, match="today"):
        script.derive(changed, tune)
    changed = copy.deepcopy(table)
    changed["from_the_seed"] = {"numbers": {"dozens": None}}
    with pytest.raises(ValueError, match="unknown sources"):
        script.derive(changed, tune)
    # a shipped vocabulary edited by hand fails the check
    edited = json.loads((DATA_DIR / "timex_en.json").read_text(encoding="utf-8"))
    edited["day_words"]["tomorrow"] = [1, None]
    (tmp_path / "timex_en.json").write_text(json.dumps(edited), encoding="utf-8")
    monkeypatch.setattr(script, "VOCABULARY", tmp_path / "timex_en.json")
    assert script.main(["--check"]) == 1
    assert "differs from the derived vocabulary" in capsys.readouterr().out
