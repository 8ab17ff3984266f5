"""``newsbench export FORMAT`` and ``newsbench submission-from FORMAT``: the formats the field's tools read
(OneIE/TextEE JSON lines, CoNLL-2012, brat standoff, spaCy DocBin) and the way back from a system's output in
each of them to a newsbench submission. These functions convert, check and write; the CLI is in
:mod:`newsbench.interop.commands`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Sequence

from .. import jsonio
from ..evaluation.submission import check_submission, gold_documents, submission_schema_problems
from ..model import Document, Submission, SystemInfo
from ..problems import Problem, problem
from ..validate import display_path, validate_paths
from . import brat, conll2012, oneie
from .problems import Conversion, interop_problem


@dataclass(frozen=True)
class Format:
    """An export format: its name, a description and the layers it carries."""

    name: str
    description: str
    layers: str
    """What the format carries, as the README's table says."""
    output: str
    """"file" or "folder"."""


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("oneie", "OneIE / TextEE JSON lines, ACE05-E shape (one line per sentence, token offsets)",
           "mentions (type, level, subtype, head, cluster), timexes, events (type, attributes, cluster), arguments",
           "file"),
    Format("conll2012", "CoNLL-2012 columns, as the reference coreference scorer reads them",
           "mentions and coreference clusters; ACE type of outermost names", "file"),
    Format("brat", "brat standoff: <doc_id>.txt + .ann (+ .meta.json, the document header)", "every layer", "folder"),
    Format("docbin", "spaCy DocBin (.spacy; needs the baselines extra)", "name mentions (ents; nested ones in "
           "spans['names'])", "file"),
)}


def _docbin():
    """The DocBin module, or None without spaCy (the baselines extra)."""
    try:
        from . import docbin  # lazy: loads spaCy (the baselines extra)
    except ImportError:
        return None
    return docbin


def _extra_missing(file: str) -> Problem:
    return interop_problem("interop-extra-missing", file, None, "",
                           "expected spaCy for the docbin format, found it not installed "
                           "(pip install -e '.[baselines]')")


def load_documents(paths: Iterable[Path]) -> tuple[list[Document], list[Problem]]:
    """Annotated documents from files or folders, every one validated; a document with no seed in corpus/seeds
    (imported from another corpus) is not a problem here: it is checked against its seed where it has one."""
    docs: list[Document] = []
    problems: list[Problem] = []
    for result in validate_paths(paths, progress="export: read the documents"):
        problems.extend(p for p in result.problems if p.check != "seed-missing")
        if result.document is not None:
            docs.append(result.document)
    return docs, problems


def export_files(fmt: str, paths: Sequence[Path], out: Path, *, like: Sequence[Path] = ()) -> Conversion:
    """Export the documents of ``paths`` to ``out``; nothing is written when a problem is found."""
    conversion = Conversion()
    spec = FORMATS[fmt]
    found = jsonio.output_problems(out, folder=spec.output == "folder")
    docs, problems = load_documents(paths)
    like_docs, like_problems = load_documents(like) if like else ([], [])
    conversion.problems.extend(found)
    conversion.problems.extend(problems + like_problems)
    module = _docbin() if fmt == "docbin" else None
    if fmt == "docbin" and module is None:
        conversion.problems.append(_extra_missing(display_path(out)))
    repeated = sorted(doc_id for doc_id, n in Counter(d.doc_id for d in docs).items() if n > 1)
    conversion.problems.extend(problem("duplicate-id", display_path(out), doc_id, "/doc_id",
                                       "expected each document once among the inputs, found it more than once")
                               for doc_id in repeated)
    if conversion.problems:
        return conversion
    same_text = {d.doc_id: [o for o in like_docs if o.doc_id == d.doc_id and o.text == d.text] for d in docs}
    if fmt == "oneie":
        jsonio.write_text_atomic(out, oneie.export(docs, conversion))
    elif fmt == "conll2012":
        jsonio.write_text_atomic(out, conll2012.export(docs, conversion, same_text))
    elif fmt == "docbin":
        assert module is not None  # else extra-missing returned above
        jsonio.write_bytes_atomic(out, module.export(docs, conversion))
    else:
        files = {name: text for doc in docs for name, text in brat.export_document(doc).items()}
        conversion.problems.extend(p for name in files for p in jsonio.output_problems(out / name))
        if not conversion.problems:  # the folder is built beside and swapped in whole: never half-written
            jsonio.replace_files_atomically(out, files)
    return conversion


def submission_from_files(fmt: str, inputs: Sequence[Path], out: Path, *, gold: Path | None = None,
                          system: SystemInfo | None = None, default_type: str | None = None) -> Conversion:
    """A newsbench submission from a system's output in ``fmt``, checked like ``validate-submission`` before it is
    written to ``out``; nothing is written when a problem is found."""
    conversion = Conversion()
    conversion.problems.extend(jsonio.output_problems(out))
    if conversion.problems:
        return conversion
    gold_docs, problems = gold_documents(gold)
    if gold_docs is None:
        conversion.problems.extend(problems)
        return conversion
    module = _docbin() if fmt == "docbin" else None
    if fmt == "docbin" and module is None:
        conversion.problems.append(_extra_missing(display_path(inputs[0])))
        return conversion
    documents = brat.submission_documents(inputs, gold_docs, conversion) if fmt == "brat" else []
    for p in inputs if fmt != "brat" else ():
        file = display_path(p)
        if fmt == "docbin":
            assert module is not None  # else extra-missing returned above
            documents += module.submission_documents(_bytes(p, conversion), file, gold_docs, conversion)
        elif fmt == "oneie":
            documents += oneie.submission_documents(_text(p, conversion), file, gold_docs, conversion)
        else:
            documents += conll2012.submission_documents(_text(p, conversion), file, gold_docs, conversion,
                                                        default_type=default_type)
    if conversion.problems:
        return conversion
    seen = {}
    for d in documents:  # one entry per document (a document split over several input files is an input problem)
        if d.doc_id in seen:
            conversion.problems.append(interop_problem("interop-input-malformed", display_path(inputs[0]), d.doc_id,
                                                       "", "expected each document once in the input, found it twice"))
        seen[d.doc_id] = d
    name = inputs[0].stem if inputs else fmt
    submission = Submission(system or SystemInfo(name, "unknown", f"converted from {fmt} by newsbench submission-from"),
                            tuple(documents))
    data = jsonio.submission_to_json(submission)
    file = display_path(out)
    problems = submission_schema_problems(data, file)
    if not problems:
        problems, _ = check_submission(submission, file, gold_docs)
    conversion.problems.extend(problems)
    if not conversion.problems:
        jsonio.write_json(out, data)
    return conversion


def _text(path: Path, conversion: Conversion) -> str:
    data = _bytes(path, conversion)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        conversion.problems.append(interop_problem(
            "interop-input-malformed", display_path(path), None, "",
            f"expected UTF-8, found byte 0x{data[e.start]:02X} at byte {e.start}"))
        return ""


def _bytes(path: Path, conversion: Conversion) -> bytes:
    if not path.is_file():
        conversion.problems.append(interop_problem("interop-input-malformed", display_path(path), None, "",
                                                   "expected a regular file, found none"))
        return b""
    return path.read_bytes()
