"""Pre-annotation: a baseline system's predictions on chosen documents, as Label Studio tasks.

``newsbench preannotate DOC_ID... --system NAME`` runs the system on those seeds only and writes one task per
document with the predictions (complete for the import: see :func:`newsbench.labelstudio.convert.submission_results`),
to a tasks file for ``newsbench ls push`` and to ``corpus/rounds/<doc_id>/preannotation.json``, the round's record
that ``newsbench status`` reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence

from .. import __version__, jsonio
from ..baselines.common import InputDocument
from ..baselines.registry import SYSTEMS
from ..corpus import read_seed_meta
from ..model import Document, Submission, SystemInfo
from ..paths import corpus_dir
from ..annotation.rounds import PREANNOTATION, round_dir
from ..problems import Problem, problem
from ..validate import display_path
from .convert import submission_to_tasks


def preannotation_systems() -> list[str]:
    """The systems that read seed texts only, so that they can run on any chosen document."""
    return sorted(name for name, s in SYSTEMS.items() if s.predict is not None)


@dataclass(frozen=True)
class Preannotation:
    """The tasks pre-annotation made, its problems and the model version it used."""

    tasks: tuple[dict, ...]
    problems: tuple[Problem, ...]
    model_version: str


def preannotate(doc_ids: Sequence[str], system: str, *, corpus: Path | None = None) -> Preannotation:
    """Run ``system`` on the seeds ``doc_ids``: one task each, with the predictions.

    Raises :class:`newsbench.baselines.spacy_sm.BaselineUnavailable` when the system's extra is missing.
    """
    corpus = corpus or corpus_dir()
    predict = SYSTEMS[system].predict
    if predict is None:
        raise ValueError(f"{system} does not read seeds; choose one of {', '.join(preannotation_systems())}")
    docs, problems = [], []
    for doc_id in dict.fromkeys(doc_ids):
        path = corpus / "seeds" / f"{doc_id}.txt"
        if not path.is_file():
            problems.append(problem("seed-missing", display_path(path), doc_id, "",
                                    "expected a seed text (newsbench ingest FILE), found none"))
            continue
        meta, found = read_seed_meta(doc_id, corpus)
        problems.extend(found)
        if meta is not None:
            docs.append(InputDocument(doc_id, path.read_bytes().decode("utf-8"), meta))
    version = f"{system} {__version__}"
    if problems:
        return Preannotation((), tuple(problems), version)
    info = SystemInfo(name=system, version=__version__, description=SYSTEMS[system].description)
    submission = Submission(info, tuple(predict(docs)))
    base = {d.doc_id: Document(doc_id=d.doc_id, text=d.text, meta=d.meta) for d in docs}
    tasks, found = submission_to_tasks(submission, base, model_version=version, file=f"system {system}")
    return Preannotation(tuple(tasks), tuple(found), version)


def write_preannotation(result: Preannotation, out: Path | None, corpus: Path | None = None) -> list[Path]:
    """The tasks file (when ``out`` is given) and each document's round record."""
    written = []
    if out is not None:
        jsonio.write_text_atomic(Path(out), json.dumps(list(result.tasks), ensure_ascii=False, indent=1) + "\n")
        written.append(Path(out))
    for task in result.tasks:
        path = round_dir(task["data"]["doc_id"], corpus) / PREANNOTATION
        jsonio.write_text_atomic(path, json.dumps([task], ensure_ascii=False, indent=1) + "\n")
        written.append(path)
    return written
