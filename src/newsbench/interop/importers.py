"""The importer registry: every format ``newsbench import FORMAT`` reads, by name.

An importer is a function ``read(paths, *, mapping=None) -> ImportResult`` over source files; folders given on
the command line are expanded to their files with the importer's suffixes. Other modules add formats with
:func:`register_importer`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable, Sequence

from ..corpus import store_seed
from ..jsonio import check_output_file, check_output_folder, document_to_json, dumps, replace_files_atomically
from ..progress import track
from .common import ImportFailed, ImportMapping, ImportResult, imported_problems, load_mapping
from .brat import read_brat
from .corefud import read_corefud
from .geovirus import read_geovirus
from .meantime import read_meantime
from ..problems import Problem, problem
from ..validate import InvalidInput, display_path


@dataclass(frozen=True)
class Importer:
    """A registered importer: its format name, a description and its reading function."""

    name: str
    description: str
    read: Callable[..., ImportResult]
    suffixes: tuple[str, ...]
    """File name endings taken from a folder (recursively)."""


IMPORTERS: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    """Add a format (a name already registered is replaced)."""
    IMPORTERS[importer.name] = importer


for _importer in (
    Importer("corefud", "CoNLL-U with CorefUD Entity= coreference (GUM and every CorefUD corpus)", read_corefud,
             (".conllu",)),
    Importer("meantime", "MEANTIME / NewsReader CAT XML (entities, coreference, TIMEX3; events counted)",
             read_meantime, (".xml",)),
    Importer("geovirus", "GeoVirus / GeoWebNews-style XML (toponyms with coordinates)", read_geovirus, (".xml",)),
    Importer("brat", "brat standoff .ann + .txt (entities, coreference, timexes, events, toponyms with "
             "coordinates and readings; newsbench's own export back identically)", read_brat, (".ann",)),
):
    register_importer(_importer)


def get_importer(name: str) -> Importer:
    """The importer called ``name``; KeyError names the known formats."""
    if name not in IMPORTERS:
        raise KeyError(f"unknown import format {name!r}; known: {', '.join(sorted(IMPORTERS))}")
    return IMPORTERS[name]


def source_files(importer: Importer, paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their files with the importer's suffixes, sorted, recursively."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.name.endswith(importer.suffixes))
            if not found:  # a wrong folder must not pass as an empty corpus
                raise ImportFailed(p, "/", f"expected files ending {' or '.join(importer.suffixes)} in the folder, "
                                           "found none")
            out.extend(found)
        else:
            out.append(p)
    return out


def import_files(fmt: str, paths: Sequence[Path], *, mapping: ImportMapping | Path | None = None) -> ImportResult:
    """Read ``paths`` (files or folders) in format ``fmt``; raises :class:`ImportFailed` on unreadable input."""
    importer = get_importer(fmt)
    files = source_files(importer, paths)
    for f in files:
        if not f.is_file():
            raise ImportFailed(f, "/", "expected a regular file, found none")
    table = mapping if isinstance(mapping, ImportMapping) else load_mapping(mapping)
    return importer.read(files, mapping=table)


def validate_imported(result: ImportResult) -> list[Problem]:
    """Every validator problem of the imported documents, plus a duplicate-id problem for a repeated doc id."""
    problems: list[Problem] = []
    ids = Counter(d.doc_id for d in result.documents)
    for doc in track(result.documents, "import: check the documents"):
        problems.extend(imported_problems(doc, f"{doc.doc_id}.json"))
    for doc_id, n in ids.items():
        if n > 1:
            problems.append(problem("duplicate-id", f"{doc_id}.json", doc_id, "/doc_id",
                                    f"expected one document per doc id, found {n}"))
    return problems


def seed_conflicts(result: ImportResult, seeds_dir: Path) -> list[Problem]:
    """A ``seed-conflict`` for each imported text that differs from the seed already stored under its doc id."""
    problems = []
    for doc in result.documents:
        seed = Path(seeds_dir) / f"{doc.doc_id}.txt"
        if seed.is_file() and seed.read_bytes() != doc.text.encode("utf-8"):
            problems.append(problem("seed-conflict", display_path(seed), doc.doc_id, "",
                                    "expected the imported text to equal the seed stored under its doc id, found "
                                    "different bytes"))
    return problems


def write_imported(result: ImportResult, out_dir: Path, seeds_dir: Path | None = None) -> list[Path]:
    """Write each document to ``out_dir/<doc_id>.json``, all at once (the folder is swapped in whole, never half
    updated), after, with ``seeds_dir``, its text and metadata as a seed (``<doc_id>.txt``, ``<doc_id>.meta.json``)
    so that the documents validate, build and score as corpus documents; returns the document paths written.
    Check :func:`seed_conflicts` first."""
    out_dir = Path(out_dir)
    check_output_folder(out_dir)
    for doc in result.documents:
        check_output_file(out_dir / f"{doc.doc_id}.json")
    if seeds_dir is not None:
        for doc in result.documents:
            stored = store_seed(Path(seeds_dir), doc.doc_id, doc.text.encode("utf-8"), lambda: doc.meta)
            if stored.problems:
                raise InvalidInput(list(stored.problems))
    return replace_files_atomically(out_dir, {f"{doc.doc_id}.json": dumps(document_to_json(doc))
                                              for doc in result.documents})
