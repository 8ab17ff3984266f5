"""The document-level splits: ``corpus/splits.json`` read and checked against the gold."""

from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Iterable, Mapping

from .. import jsonio
from ..problems import Problem, family_checks, problem
from ..validate import display_path, json_type, read_json_file

SPLITS: tuple[str, ...] = ("train", "validation", "test")

SPLIT_CHECKS: Mapping[str, str] = family_checks("splits")


def splits_path(corpus: Path) -> Path:
    """The corpus's splits.json."""
    return Path(corpus) / "splits.json"


def read_splits(corpus: Path) -> tuple[dict[str, list[str]] | None, list[Problem]]:
    """split -> doc ids as listed in corpus/splits.json (None if the file cannot be read as such), and the
    problems of its shape."""
    path = splits_path(corpus)
    file = display_path(path)
    if not path.is_file():
        return None, [problem("splits-missing", file, None, "", "expected a file listing every gold document's "
                              "split, found none")]
    data, problems = read_json_file(path)
    if data is None:
        return None, problems
    if isinstance(data, dict) and set(data) - {"$comment", "splits"}:
        problems.append(problem("splits-malformed", file, None, "", "expected only the keys $comment and splits, "
                                f"found {', '.join(sorted(set(data) - {'$comment', 'splits'}))}"))
    splits = data.get("splits") if isinstance(data, dict) else None
    if not isinstance(splits, dict):
        return None, [problem("splits-malformed", file, None, "/splits",
                            f"expected an object of split -> list of doc ids, found {json_type(splits)}")]
    out: dict[str, list[str]] = {}
    for name, ids in splits.items():
        pointer = jsonio.json_pointer("splits", name)
        if name not in SPLITS:
            problems.append(problem("split-name-unknown", file, None, pointer,
                                    f"expected one of {', '.join(SPLITS)}, found {name!r}"))
            continue
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(problem("splits-malformed", file, None, pointer,
                                    f"expected a list of doc ids, found {json.dumps(ids)[:60]}"))
            continue
        out[name] = ids
    return out, problems


def split_problems(corpus: Path, splits: Mapping[str, list[str]], gold_ids: Iterable[str]) -> list[Problem]:
    """Every gold document in exactly one split; every listed document known."""
    corpus = Path(corpus)
    file = display_path(splits_path(corpus))
    problems: list[Problem] = []
    where: dict[str, str] = {}
    for name in SPLITS:
        for k, doc_id in enumerate(splits.get(name, [])):
            pointer = jsonio.json_pointer("splits", name, k)
            if doc_id in where:
                problems.append(problem("split-doc-repeated", file, doc_id, pointer,
                                        f"expected each document in one split once, found {doc_id!r} also at "
                                        f"{where[doc_id]}"))
                continue
            where[doc_id] = pointer
            if (not (corpus / "seeds" / f"{doc_id}.txt").is_file()
                    and not (corpus / "gold" / f"{doc_id}.json").is_file()):
                problems.append(problem("split-doc-unknown", file, doc_id, pointer,
                                        f"expected a seed or gold document {doc_id!r}, found neither"))
    gold_ids = list(gold_ids)
    for doc_id in gold_ids:
        if doc_id not in where:
            problems.append(problem("split-doc-missing", file, doc_id, "/splits",
                                    f"expected gold document {doc_id!r} in one of {', '.join(SPLITS)}, "
                                    "found it in none"))
    if not gold_ids:
        problems.append(problem("gold-missing", display_path(corpus / "gold"), None, "",
                                "expected at least one gold document <doc_id>.json, found none"))
    return problems
