"""Agreement on the development-corpus texts: the standoff passes of ``corpus/standoff/`` rebuilt from the corpora
and compared, round by round (each round one double annotation of its own articles, with the guidelines of one
commit) and over all rounds, pass with pass (per corpus and overall) and each pass with the corpus's own human
annotation (per corpus, on the layers and ranges that annotation declares), with the scorer's matching
(:func:`agreement.agreement`).

Beside the scorer's metrics, heads: a mention is the tuple (head start, head end, type) and a toponym the span of
its mention's head, matched exactly, on the reference's declared ranges of the layer (GeoVirus marks the name only,
where an ACE extent takes the whole noun phrase); a head-matched toponym is resolved within 161 km when its error
(:func:`metrics.resolution_error_km`) is at most that. Against the human annotation only the layers and attributes
that corpus annotates are given (:data:`HUMAN_ROWS`). Every figure carries its counts: reference-side items /
other-side items for
P/R/F1, the items of an accuracy or a kappa. A figure on zero reference items is not given (``n/a``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..evaluation.metrics import ACCURACY_RADIUS_KM, Counts, resolution_error_km
from ..model import Document, StandoffRound, Toponym, span_within
from ..paths import corpus_dir
from ..problems import Problem, problem
from ..validate import display_path
from .agreement import AgreementResult, Pass, agreement
from .standoff import read_header, read_source, rebuild

PASSES = ("pass-a", "pass-b")
CORPORA = ("gum-news", "meantime-en", "geovirus")

# (layer, metric) rows of the published table; "metric[NAM]" is a per-level row, "heads" this module's own
# metrics, "attributes" the kappas.
ROWS: tuple[tuple[str, str], ...] = (
    ("entities_all", "strict"),
    ("heads", "strict_head"),
    ("entities_all", "mention_detection"),
    ("entities_all", "mention_detection[NAM]"),
    ("entities_all", "mention_detection[NOM]"),
    ("entities_all", "mention_detection[PRO]"),
    ("coreference", "muc"),
    ("coreference", "b_cubed"),
    ("coreference", "ceaf_e"),
    ("coreference", "conll"),
    ("timexes", "strict"),
    ("timexes", "relaxed"),
    ("timexes", "value_accuracy"),
    ("events", "trigger_identification"),
    ("events", "trigger_classification"),
    ("events", "argument_classification_span"),
    ("events", "argument_classification_attached_span"),
    ("events", "argument_classification_coref"),
    ("toponyms", "strict"),
    ("toponyms", "reading_accuracy"),
    ("toponyms", "acc_at_161km"),
    ("heads", "toponym_head"),
    ("heads", "toponym_head_acc_at_161km"),
    ("attributes", "entity_type"),
    ("attributes", "mention_level"),
    ("attributes", "entity_subtype"),
    ("attributes", "event_type"),
    ("attributes", "event_polarity"),
    ("attributes", "event_tense"),
    ("attributes", "event_genericity"),
    ("attributes", "event_modality"),
    ("attributes", "timex_type"),
    ("attributes", "toponym_reading"),
)


# What each corpus's human annotation has (README of the corpora; the importers' declared layers): the other rows
# would compare with what the importer leaves empty or assumes (GeoVirus readings are all taken as Literal).
HUMAN_ROWS: Mapping[str, frozenset[str]] = {
    "gum-news": frozenset({"entities_all", "heads:strict_head", "coreference", "timexes", "attributes:entity_type",
                           "attributes:mention_level", "attributes:timex_type"}),
    "meantime-en": frozenset({"entities_all", "heads:strict_head", "coreference", "timexes", "attributes:entity_type",
                              "attributes:mention_level", "attributes:timex_type"}),
    "geovirus": frozenset({"heads:toponym_head", "heads:toponym_head_acc_at_161km"}),
}


@dataclass(frozen=True)
class Rebuilt:
    """The rebuilt passes (per pass name, the documents) and the human annotation of the same articles."""

    passes: Mapping[str, tuple[Document, ...]]
    human: Mapping[str, Document]
    corpus_of: Mapping[str, str]
    """doc id -> corpus folder (gum-news, meantime-en, geovirus)."""
    round_of: Mapping[str, StandoffRound]
    """doc id -> the round its passes belong to."""

    def rounds(self) -> list[StandoffRound]:
        """The rounds of the passes, by number."""
        return sorted(set(self.round_of.values()), key=lambda r: r.number)

    def of_round(self, number: int) -> Rebuilt:
        """Only the documents of round ``number``."""
        keep = {d for d, r in self.round_of.items() if r.number == number}
        return Rebuilt({k: tuple(d for d in v if d.doc_id in keep) for k, v in self.passes.items()},
                       {d: v for d, v in self.human.items() if d in keep},
                       {d: v for d, v in self.corpus_of.items() if d in keep},
                       {d: v for d, v in self.round_of.items() if d in keep})


@dataclass(frozen=True)
class Comparison:
    """One comparison of two sets of passes: its name, the agreement result and the head figures."""

    name: str
    """e.g. ``A vs B gum-news``, ``A vs human geovirus``."""
    result: AgreementResult
    heads: dict[str, Any]
    rows: frozenset[str] | None = None
    """The ``layer`` or ``layer:metric`` rows this comparison gives; None: all."""

    def gives(self, layer: str, metric: str) -> bool:
        """Whether this comparison reports ``layer``'s ``metric`` (against human annotation, only what it annotates)."""
        return self.rows is None or layer in self.rows or f"{layer}:{metric}" in self.rows


def rebuild_all(root: Path | None = None, *, corpora: Path | None = None) -> tuple[Rebuilt | None, list[Problem]]:
    """Every ``<root>/<doc_id>/<pass>.json`` (root: ``corpus/standoff``) rebuilt, with the source's own annotation."""
    root = root or corpus_dir() / "standoff"
    problems: list[Problem] = []
    passes: dict[str, list[Document]] = {name: [] for name in PASSES}
    human: dict[str, Document] = {}
    corpus_of: dict[str, str] = {}
    round_of: dict[str, StandoffRound] = {}
    guidelines_of: dict[int, tuple[str, str]] = {}  # round number -> (guidelines, the first pass that names it)
    for name in PASSES:
        for path in sorted(root.glob(f"*/{name}.json")):
            doc, found = rebuild(path, corpora=corpora)
            problems += found
            if doc is None:
                continue
            passes[name].append(doc)
            _, source, round_, _ = read_header(path)
            assert source is not None and round_ is not None  # rebuild refuses a pass without them
            problems += _round_problems(path, doc.doc_id, round_, round_of.get(doc.doc_id), guidelines_of)
            round_of.setdefault(doc.doc_id, round_)
            guidelines_of.setdefault(round_.number, (round_.guidelines, display_path(path)))
            corpus_of[doc.doc_id] = source.corpus
            if doc.doc_id not in human:
                got = read_source(source.format, source.corpus, source.file, source.article,
                                  reported_as=display_path(path), doc_id=doc.doc_id, corpora=corpora)
                problems += got.problems
                if got.document is not None:
                    human[doc.doc_id] = got.document
    if problems:
        return None, problems
    return Rebuilt({k: tuple(v) for k, v in passes.items()}, human, corpus_of, round_of), []


def _round_problems(path: Path, doc_id: str, got: StandoffRound, other_pass: StandoffRound | None,
                    guidelines_of: Mapping[int, tuple[str, str]]) -> list[Problem]:
    """A pass whose round is not its document's other pass's, or whose round number names other guidelines."""
    def mismatch(message: str) -> list[Problem]:
        return [problem("standoff-round-mismatch", display_path(path), doc_id, "/standoff/round", message,
                        family="standoff")]

    if other_pass is not None and other_pass != got:
        return mismatch(f"expected the round of the document's other pass, {other_pass.number} (guidelines "
                        f"{other_pass.guidelines}), found {got.number} (guidelines {got.guidelines})")
    known = guidelines_of.get(got.number)
    if known is not None and known[0] != got.guidelines:
        return mismatch(f"expected round {got.number}'s guidelines {known[0]} (as in {known[1]}), found "
                        f"{got.guidelines}")
    return []


def _prf(a: set, b: set) -> dict[str, Any]:
    """B's items against A's, as the scorer counts and scores every P/R/F."""
    c = Counts.from_sets(a, b)
    return {"precision": c.precision, "recall": c.recall, "f1": c.f1, "counts": {"tp": c.tp, "fp": c.fp, "fn": c.fn}}


def head_agreement(pairs: Iterable[tuple[Document, Document]]) -> dict[str, Any]:
    """B's heads against A's (both keyed by document): mentions (head span, type) on A's entity ranges, toponyms
    (head span of the mention) on A's toponym ranges, and the share of head-matched toponyms resolved within 161 km
    of A's resolution."""
    mentions_a: set[tuple[str, int, int, str]] = set()
    mentions_b: set[tuple[str, int, int, str]] = set()
    toponyms_a: dict[tuple[str, int, int], Toponym] = {}
    toponyms_b: dict[tuple[str, int, int], Toponym] = {}
    within: list[bool] = []
    for da, db in pairs:
        entities, places = da.annotated_ranges("entities"), da.annotated_ranges("toponyms")
        for doc, mentions, toponyms in ((da, mentions_a, toponyms_a), (db, mentions_b, toponyms_b)):
            mentions |= {(doc.doc_id, m.head_start, m.head_end, m.type) for m in doc.mentions
                         if span_within(entities, m.start, m.end)}
            by_id = {m.id: m for m in doc.mentions}
            for t in doc.toponyms:
                m = by_id[t.mention]
                if span_within(places, m.start, m.end):
                    toponyms[(doc.doc_id, m.head_start, m.head_end)] = t
    for key in toponyms_a.keys() & toponyms_b.keys():
        ta, tb = toponyms_a[key], toponyms_b[key]
        within.append(resolution_error_km(ta.lat, ta.lon, ta.geonames_id, tb.lat, tb.lon, tb.geonames_id)
                      <= ACCURACY_RADIUS_KM)
    return {"strict_head": _prf(mentions_a, mentions_b),
            "toponym_head": _prf(set(toponyms_a), set(toponyms_b)),
            "toponym_head_acc_at_161km": {"value": sum(within) / len(within) if within else 0.0,
                                          "counts": {"correct": sum(within), "total": len(within)}}}


def _compare(name: str, a: Iterable[Document], b: Iterable[Document], *, reference: bool,
             rows: frozenset[str] | None = None) -> tuple[Comparison | None, list[Problem]]:
    pa, pb = Pass(f"{name} (A)", tuple(a), ()), Pass(f"{name} (B)", tuple(b), ())
    result, problems = agreement(pa, pb, reference=reference)
    if result is None:
        return None, problems
    by_a = {d.doc_id: d for d in pa.documents}
    heads = head_agreement((by_a[d.doc_id], d) for d in pb.documents if d.doc_id in by_a)
    return Comparison(name, result, heads, rows), []


def comparisons(rebuilt: Rebuilt) -> tuple[list[Comparison], list[Problem]]:
    """A vs B per corpus and overall; A vs human and B vs human per corpus (the corpora the passes cover)."""
    out: list[Comparison] = []
    problems: list[Problem] = []
    a, b = rebuilt.passes["pass-a"], rebuilt.passes["pass-b"]

    def of(corpus: str, docs: Iterable[Document]) -> list[Document]:
        return [d for d in docs if rebuilt.corpus_of[d.doc_id] == corpus]

    present = [c for c in CORPORA if of(c, a) or of(c, b)]
    jobs: list[tuple[str, Sequence[Document], Sequence[Document], frozenset[str] | None]] = [
        (f"A vs B {c}", of(c, a), of(c, b), None) for c in present]
    jobs.append(("A vs B all", a, b, None))
    for c in present:
        human = [rebuilt.human[d.doc_id] for d in of(c, a)]
        jobs += [(f"A vs human {c}", human, of(c, a), HUMAN_ROWS[c]),
                 (f"B vs human {c}", human, of(c, b), HUMAN_ROWS[c])]
    for name, x, y, rows in jobs:
        comp, found = _compare(name, x, y, reference=rows is not None, rows=rows)
        problems += found
        if comp is not None:
            out.append(comp)
    return out, problems


def figure(comp: Comparison, layer: str, metric: str) -> tuple[float, str] | None:
    """(value, counts) of one row; None where the reference side has no items or does not annotate the layer."""
    if not comp.gives(layer, metric):
        return None
    if layer == "attributes":
        k = comp.result.kappas[metric]
        return None if k.kappa is None else (k.kappa, f"{k.items}")
    name, _, label = metric.partition("[")
    m = (comp.heads if layer == "heads" else comp.result.scores[layer])[name]
    if label:
        m = m.get("by_type", {}).get(label.rstrip("]"), {"counts": {"tp": 0, "fp": 0, "fn": 0}, "f1": 0.0})
    c = m.get("counts", {})
    if "tp" in c:
        ref, other = c["tp"] + c["fn"], c["tp"] + c["fp"]
    elif "correct" in c and "missed" in c:
        ref = c["correct"] + c["incorrect"] + c["partial"] + c["missed"]
        other = c["correct"] + c["incorrect"] + c["partial"] + c["spurious"]
    elif "r_den" in c:
        ref, other = c["r_den"], c["p_den"]
    elif name == "conll":
        b_cubed = comp.result.scores[layer]["b_cubed"]["counts"]
        ref, other = b_cubed["r_den"], b_cubed["p_den"]  # mentions, as B³ counts them
    else:
        total = c.get("total", c.get("n", 0))
        return None if not total else (m["value"], f"{total}")
    if not ref:
        return None
    return (m["f1"] if "f1" in m else m["value"]), f"{_n(ref)}/{_n(other)}"


def _n(x: float) -> str:
    return f"{x:g}"


def markdown_table(comps: list[Comparison]) -> str:
    """The table DATASHEET.md publishes: one row per (layer, metric), one column per comparison, each cell
    ``value (reference items/other items)`` or ``n/a``."""
    lines = ["| layer | metric | " + " | ".join(c.name for c in comps) + " |",
             "| --- | --- | " + " | ".join("---" for _ in comps) + " |"]
    for layer, metric in ROWS:
        cells = []
        for comp in comps:
            got = figure(comp, layer, metric)
            cells.append("n/a" if got is None else f"{got[0]:.4f} ({got[1]})")
        lines.append(f"| {layer} | {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Section:
    """The comparisons of one round (``round 2``), or of all rounds pooled (``all rounds``)."""

    key: str
    title: str
    comparisons: tuple[Comparison, ...]


ALL_ROUNDS = "all rounds"


def sections(rebuilt: Rebuilt, *, only: int | None = None) -> tuple[list[Section], list[Problem]]:
    """Each round's comparisons, then (with more than one round, unless ``only`` names one) all rounds pooled."""
    out: list[Section] = []
    problems: list[Problem] = []
    rounds = [r for r in rebuilt.rounds() if only is None or r.number == only]
    if not rebuilt.round_of:  # no pass at all: the comparisons say what is missing
        return [], comparisons(rebuilt)[1]
    for r in rounds:
        part = rebuilt.of_round(r.number)
        comps, found = comparisons(part)
        problems += found
        out.append(Section(f"round {r.number}", f"round {r.number}: guidelines at {r.guidelines[:7]}, "
                                                f"{len(part.round_of)} documents", tuple(comps)))
    if only is None and len(rounds) > 1:
        comps, found = comparisons(rebuilt)
        problems += found
        numbers = ", ".join(str(r.number) for r in rounds)
        out.append(Section(ALL_ROUNDS, f"{ALL_ROUNDS} ({numbers}) pooled: {len(rebuilt.round_of)} documents",
                           tuple(comps)))
    return out, problems


def sections_markdown(parts: Sequence[Section]) -> str:
    """Each section's title and table (:func:`markdown_table`)."""
    return "\n".join(f"## {s.title}\n\n{markdown_table(list(s.comparisons))}" for s in parts)


def sections_json(parts: Sequence[Section]) -> str:
    """Every section's comparisons as indented JSON text: {section: {comparison: result}}."""
    return json.dumps({s.key: {c.name: {**c.result.to_json(), "heads": c.heads} for c in s.comparisons}
                       for s in parts}, ensure_ascii=False, indent=1) + "\n"


# --- the disagreements, item by item (printed for reading; the texts stay outside the repository) -------------------


def _diff(layer: str, a: set[tuple], b: set[tuple], show) -> list[str]:
    return ([f"  {layer:<10} A only: {show(x)}" for x in sorted(a - b)]
            + [f"  {layer:<10} B only: {show(x)}" for x in sorted(b - a)])


def document_disagreements(da: Document, db: Document) -> list[str]:
    """Every item of one layer that one pass has and the other has not, for two passes on the same text."""
    text = da.text

    def span(s: int, e: int) -> str:
        return f"[{s}, {e}) {text[s:e]!r}"

    def mentions(d: Document) -> set[tuple]:
        return {(m.start, m.end, m.type, m.level, m.head_start, m.head_end) for m in d.mentions}

    def chains(d: Document) -> set[tuple]:
        """Coreference chains restricted to the mention spans both passes have."""
        spans = {(m.start, m.end) for m in da.mentions} & {(m.start, m.end) for m in db.mentions}
        by_entity: dict[str, list[tuple[int, int]]] = {}
        for m in d.mentions:
            if (m.start, m.end) in spans:
                by_entity.setdefault(m.entity, []).append((m.start, m.end))
        return {tuple(sorted(v)) for v in by_entity.values()}

    def entity_subtypes(d: Document) -> set[tuple]:
        ents = {e.id: e for e in d.entities}
        return {(m.start, m.end, ents[m.entity].subtype or "-") for m in d.mentions}

    def timexes(d: Document) -> set[tuple]:
        return {(t.start, t.end, t.type, t.value) for t in d.timexes}

    def event_chains(d: Document) -> set[tuple]:
        """Event coreference (triggers grouped by event), with each event's grounding."""
        by_event: dict[str, list[tuple[int, int]]] = {}
        for em in d.event_mentions:
            by_event.setdefault(em.event, []).append((em.start, em.end))
        events = {e.id: e for e in d.events}
        return {(tuple(sorted(v)), _grounding(events[k])) for k, v in by_event.items()}

    def triggers(d: Document) -> set[tuple]:
        events = {e.id: e for e in d.events}
        return {(em.start, em.end, events[em.event].type) for em in d.event_mentions}

    def attributes(d: Document) -> set[tuple]:
        events = {e.id: e for e in d.events}
        return {(em.start, em.end, *sorted(events[em.event].attributes.items())) for em in d.event_mentions}

    def arguments(d: Document) -> set[tuple]:
        by_id = {m.id: m for m in d.mentions} | {t.id: t for t in d.timexes}
        out = set()
        for em in d.event_mentions:
            for arg in em.arguments:
                f = by_id[arg.ref]
                out.add((em.start, em.end, arg.role, f.start, f.end))
        return out

    def toponyms(d: Document) -> set[tuple]:
        by_id = {m.id: m for m in d.mentions}
        return {(by_id[t.mention].start, by_id[t.mention].end, t.reading, t.geonames_id, round(t.lat, 2),
                 round(t.lon, 2)) for t in d.toponyms}

    lines = _diff("mention", mentions(da), mentions(db),
                  lambda x: f"{span(x[0], x[1])} {x[2]} {x[3]} head {span(x[4], x[5])}")
    lines += _diff("subtype", entity_subtypes(da), entity_subtypes(db), lambda x: f"{span(x[0], x[1])} {x[2]}")
    lines += _diff("chain", chains(da), chains(db), lambda x: " = ".join(span(s, e) for s, e in x))
    lines += _diff("timex", timexes(da), timexes(db), lambda x: f"{span(x[0], x[1])} {x[2]} {x[3]}")
    lines += _diff("trigger", triggers(da), triggers(db), lambda x: f"{span(x[0], x[1])} {x[2]}")
    lines += _diff("event", event_chains(da), event_chains(db),
                   lambda x: " = ".join(span(s, e) for s, e in x[0]) + f" grounding {x[1]}")
    lines += _diff("attribute", attributes(da), attributes(db),
                   lambda x: f"{span(x[0], x[1])} " + " ".join(f"{k}={v}" for k, v in x[2:]))
    lines += _diff("argument", arguments(da), arguments(db),
                   lambda x: f"{span(x[0], x[1])} {x[2]} {span(x[3], x[4])}")
    lines += _diff("toponym", toponyms(da), toponyms(db),
                   lambda x: f"{span(x[0], x[1])} {x[2]} geonames {x[3]} ({x[4]}, {x[5]})")
    return lines


def _grounding(e) -> str:
    place = ("-" if e.place is None
             else f"{e.place.geonames_id} ({e.place.lat:.2f}, {e.place.lon:.2f}) p{e.place.precision}")
    date = "-" if e.date is None else f"{e.date.value} p{e.date.precision}"
    return f"place {place}, date {date}"


def disagreements(rebuilt: Rebuilt, *, only: int | None = None) -> str:
    """Pass A against pass B, round by round and document by document: every item one has and the other has not."""
    b = {d.doc_id: d for d in rebuilt.passes["pass-b"]}
    out = []
    for r in rebuilt.rounds():
        if only is not None and r.number != only:
            continue
        out += [f"## round {r.number}: guidelines at {r.guidelines[:7]}", ""]
        for da in rebuilt.passes["pass-a"]:
            if da.doc_id in b and rebuilt.round_of[da.doc_id] == r:
                lines = document_disagreements(da, b[da.doc_id])
                out += [f"{da.doc_id} ({rebuilt.corpus_of[da.doc_id]}): {len(lines)} item(s)", *lines, ""]
    return "\n".join(out)
