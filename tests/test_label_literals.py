"""No label with a meaning is written into src/: every string literal equal to a label of schema/ontology.json is
either read from the ontology instead or listed below with the reason it is not a label meaning."""

import ast
import json
from collections import defaultdict
from pathlib import Path

from newsbench.paths import schema_dir

SRC = Path(__file__).resolve().parents[1] / "src" / "newsbench"

# path under src/newsbench (a folder ends in "/") -> (the labels its literals may name, why they are not meanings).
ALLOWED = {
    "baselines/": (
        "*", "a baseline is a system: the types, readings, timex types and attributes it predicts are its output, "
             "as a submission's are, and its rules are a model of the text, not the ontology's meaning of a label"),
    "model.py": (
        {"polarity", "tense", "genericity", "modality"},
        "format keys: Event's attribute fields (tests/test_ontology.py proves they are the ontology's attributes)"),
    "jsonio.py": (
        {"polarity", "tense", "genericity", "modality"},
        "format keys: the JSON keys of Event's attribute fields (jsonio is the one module that knows JSON keys)"),
    "validate.py": (
        {"DATE", "TIME", "DURATION", "SET"},
        "the TIMEX3 value grammar of each type, composed of regular expressions (tests/test_ontology.py proves its "
        "keys are the ontology's timex types)"),
    "synthetic.py": (
        "* but levels", "a generator of synthetic news-shaped gold for benchmarks: the types, roles and values it "
                        "writes are its output, drawn from tables of its own; which level is a name, a nominal or "
                        "a pronoun it reads from the ontology, as every rule does"),
    "gazetteer/build.py": ({"Government"}, "a key of the CIA World Factbook's records, not the ORG subtype"),
    "interop/common.py": (
        {"GPE", "LOC", "FAC", "Literal"},
        "the importers' mapping of a source's untyped places onto ACE types, and the reading a source without "
        "readings gets: import mapping rules, to move to the shipped place-typing table (issue 13 item 2)"),
    "interop/brat.py": (
        {"tense", "UNSPECIFIED"},
        "the tense a brat event without one is imported with: the ontology gives tense no default (GUIDELINES M3), "
        "and UNSPECIFIED says the source does not state it"),
    "interop/corefud.py": (
        {"Entity", "DATE", "TIME", "PER"},
        "CorefUD's MISC key Entity (a format key), the import mapping of GUM's date/time elements onto TIMEX3, and "
        "the rule that strips titles from a person's name (GUIDELINES R5)"),
    "interop/meantime.py": (
        {"NAM", "NOM", "PRO", "DATE", "tense", "polarity", "modality", "PER"},
        "MEANTIME's own syntactic_type values (mapped to kinds, whose levels the ontology gives) and event attribute "
        "names (read for development, not carried), the grammar its document creation time is checked against, and "
        "the rule that strips titles from a person's name head (GUIDELINES R5, as for CorefUD)"),
}


def ontology_labels() -> set[str]:
    d = json.loads((schema_dir() / "ontology.json").read_text(encoding="utf-8"))
    labels = set(d["entity_types"]) | {s for v in d["entity_types"].values() for s in v["subtypes"]}
    labels |= set(d["mention_levels"]) | set(d["timex_types"]) | set(d["event_types"]) | set(d["roles"])
    labels |= set(d["value_roles_excluded"]["roles"]) | set(d["realis"]["values"]) | set(d["toponym_readings"])
    for name, values in d["event_attributes"].items():
        labels |= {name, *values}
    return labels


def label_literals() -> dict[str, dict[str, list[int]]]:
    """Per source file: each label a plain string literal spells, with the lines it is on."""
    labels = ontology_labels()
    found: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(SRC.rglob("*.py")):
        found_in = found[path.relative_to(SRC).as_posix()]
        for label, line in string_constants(path.read_text(encoding="utf-8")):
            if label in labels:
                found_in[label].append(line)
    return {rel: hits for rel, hits in found.items() if hits}


def string_constants(source: str) -> list[tuple[str, int]]:
    """Every string constant of a module (f-strings' literal parts included), with its line; comments are not code."""
    return [(node.value, node.lineno) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def allowance(rel: str) -> tuple[object, str] | None:
    return next((v for k, v in ALLOWED.items() if rel == k or (k.endswith("/") and rel.startswith(k))), None)


def allows(allowed: tuple[object, str] | None, label: str) -> bool:
    if allowed is None:
        return False
    labels = allowed[0]
    if labels == "* but levels":  # every label but the mention levels, whose kinds the ontology names
        return label not in json.loads((schema_dir() / "ontology.json").read_text(encoding="utf-8"))["mention_levels"]
    return labels == "*" or label in labels


def test_no_label_meaning_is_hard_coded():
    wrong = []
    for rel, hits in label_literals().items():
        allowed = allowance(rel)
        for label, lines in sorted(hits.items()):
            if not allows(allowed, label):
                wrong.append(f"src/newsbench/{rel}:{lines[0]}: {label!r} ({len(lines)}x): read it from the ontology")
    assert wrong == []


def test_the_allow_list_has_no_stale_entry():
    hits = label_literals()
    for key, (labels, _) in ALLOWED.items():
        files = [rel for rel in hits if rel == key or (key.endswith("/") and rel.startswith(key))]
        assert files, f"{key} has no label literal any more: drop it from ALLOWED"
        if labels not in ("*", "* but levels"):
            used = {label for rel in files for label in hits[rel]}
            assert used == labels, f"{key}: allowed but unused {sorted(labels - used)}"


def test_the_scan_sees_a_hard_coded_label():
    """The scan finds a label in code, also as a dict key, and not in a comment or a longer string."""
    source = 'level = "NAM"  # "PRO"\nnote = "a NAM mention"\nkinds = {"GPE": 1}\n'
    assert [(s, n) for s, n in string_constants(source) if s in ontology_labels()] == [("NAM", 1), ("GPE", 3)]
