"""What the interop tests share: the repository's gold and annotation pass C, scoring a submission, and comparing
submissions item by item."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsbench import jsonio
from newsbench.evaluation.scorer import gold_from_documents, load_gold, score_submission
from newsbench.evaluation.submission import read_submission, submission_from_documents
from newsbench.model import Submission, SubmissionDocument
from newsbench.paths import corpus_dir, repo_root

GOLD_PATH = sorted((corpus_dir() / "gold").glob("*.json"))[0]
PASS_C_PATH = corpus_dir() / "annotations" / GOLD_PATH.stem / "pass-c.json"
ANNOTATOR_C = repo_root() / "eval" / "systems" / "annotator-c" / "submission.json"
LAYERS = ("mentions", "timexes", "event_mentions", "toponyms")


def gold_doc():
    return jsonio.read_document(GOLD_PATH)


def pass_c_doc():
    return jsonio.read_document(PASS_C_PATH)


def annotator_c() -> Submission:
    submission, problems = read_submission(ANNOTATOR_C)
    assert not problems
    return submission


def scores(submission: Submission, tasks, gold=None) -> dict:
    """The scores of ``tasks`` (without intervals: bootstrap 0) against the repository gold or ``gold`` documents."""
    corpus = load_gold()[0] if gold is None else gold_from_documents(gold)
    result, problems = score_submission(submission, corpus, tasks=tasks, bootstrap=0)
    assert not problems, problems
    return result.to_json(per_document=False)["scores"]


def canonical(doc: SubmissionDocument, layers=LAYERS) -> dict:
    """A submission document's layers as sorted lists, arguments sorted too (order is not part of a submission's
    meaning: the scorer compares sets)."""
    def key(item) -> str:
        if hasattr(item, "arguments"):
            item = replace(item, arguments=tuple(sorted(item.arguments, key=repr)))
        return repr(item)
    return {layer: sorted(map(key, getattr(doc, layer) or ())) if getattr(doc, layer) is not None else None
            for layer in layers}


def reference(doc, layers=LAYERS) -> dict:
    """What a lossless conversion of ``doc`` must give back: the document as a submission (every layer)."""
    return canonical(submission_from_documents([doc]).documents[0], layers)


def write_files(folder: Path, files: dict[str, bytes | str]) -> Path:
    """Write files byte for byte (text as UTF-8, newlines untouched)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder
