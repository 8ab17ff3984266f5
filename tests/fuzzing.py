"""The fuzz harness: hypothesis strategies that mutate valid inputs, and one runner per surface that feeds a mutated
input to the real CLI (in process) and lists what went wrong.

Surfaces: ``gold`` (a gold document: ``validate``, then ``ls export``), ``submission`` (a system submission:
``validate-submission``, then ``score``) and ``labelstudio`` (a Label Studio export: ``ls import``). A finding is one
of: ``traceback`` (exit 3: an internal error), ``exit-code`` (not 0/1, or 1 without a problem, or 0 with one),
``no-check-id`` (a problem line or JSON problem without a registered check id), ``partial-file`` (an output that
exists after a failure, or is incomplete after a success) and ``stray-file`` (anything else left in the folder).
Used by tests/test_fuzz_cli.py (CI size) and scripts/fuzz.py (10,000 inputs per surface).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable

from hypothesis import strategies as st

from newsbench.cli import main
from newsbench.labelstudio.convert import NOTE_CHECKS
from newsbench.paths import repo_root
from newsbench.problems import REGISTRY

HERE = Path(__file__).parent
MINI = HERE / "data" / "valid" / "mini.json"
SEEDS = HERE / "data" / "seeds"
GOLD_DIR = repo_root() / "corpus" / "gold"
SUBMISSION = repo_root() / "eval" / "systems" / "rules" / "submission.json"
KNOWN_CHECKS = set(REGISTRY)
PROBLEM_LINE = re.compile(r" \[[^\]]*\] \S+ (?P<check>[a-z0-9-]+): ")

# --- mutations ---------------------------------------------------------------------------------------

UNICODE_EDGES = ["\ud800", "\udfff", "x\udc80y", "\u2028", "\u2029", "\x00", "\x1b[31m", "\x85", "\ufeff", "\u202e",
                 "\U0001d518", "e\u0301", "", " ", "\t", "Baghdad\n", "a" * 300]
NUMBER_EDGES = [0, -1, 1, 0.0, 1.0, -0.0, 0.5, 2 ** 31, 2 ** 63, -(2 ** 63), 10 ** 19, 1e308, 1e-300, 3.0e2]


def scalars() -> st.SearchStrategy:
    return st.one_of(st.none(), st.booleans(), st.sampled_from(NUMBER_EDGES), st.integers(-10 ** 6, 10 ** 6),
                     st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(UNICODE_EDGES),
                     st.text(max_size=12))


def values() -> st.SearchStrategy:
    return st.one_of(scalars(), st.lists(scalars(), max_size=3),
                     st.dictionaries(st.text(max_size=5), scalars(), max_size=2),
                     st.just([[]]), st.just({"a": [1]}))


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*path, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*path, i)))
    return out


def _get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


@dataclass(frozen=True)
class Mutation:
    kind: str
    target: int  # index into the list of paths (modulo its length)
    other: int
    value: Any

    def apply(self, data: Any) -> Any:
        paths = _paths(data)
        path = paths[self.target % len(paths)]
        value = copy.deepcopy(self.value)  # never one object in two places (st.just repeats its object)
        if not path:  # the whole document
            return value if self.kind == "replace" else data
        parent, key = _get(data, path[:-1]), path[-1]
        node = parent[key]
        if self.kind == "replace":
            parent[key] = value
        elif self.kind == "delete":
            del parent[key]
        elif self.kind == "add-key" and isinstance(node, dict):
            node[str(value)[:20]] = self.other
        elif self.kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(node))
        elif self.kind == "shift" and isinstance(node, int) and not isinstance(node, bool):
            parent[key] = node + (self.other % 7) - 3
        elif self.kind == "reference":  # another string of the document in its place: ids become dangling or wrong
            strings = [p for p in paths if isinstance(_get(data, p), str)]
            if strings:
                parent[key] = _get(data, strings[self.other % len(strings)])
        elif self.kind == "deepen":  # the value wrapped in up to 300 arrays and objects
            for level in range(self.other % 300):
                node = [node] if level % 2 else {"x": node}
            parent[key] = node
        elif self.kind == "swap" and isinstance(parent, list) and len(parent) > 1:
            j = self.other % len(parent)
            parent[key], parent[j] = parent[j], parent[key]
        return data


def mutations() -> st.SearchStrategy:
    return st.builds(Mutation, st.sampled_from(["replace", "replace", "delete", "add-key", "duplicate", "shift",
                                                "shift", "reference", "swap", "deepen"]),
                     st.integers(0, 10 ** 6), st.integers(0, 10 ** 6), values())


BYTE_EDITS = ["none"] * 12 + ["truncate", "bom", "latin1", "duplicate-key", "crlf", "nan"]


@st.composite
def mutated_json(draw, bases: list) -> bytes:
    """One of the valid inputs ``bases`` with 1-4 structural mutations, serialised, sometimes with a byte-level edit."""
    data = copy.deepcopy(draw(st.sampled_from(bases)))
    for m in draw(st.lists(mutations(), min_size=1, max_size=4)):
        data = m.apply(data)
    text = json.dumps(data, ensure_ascii=draw(st.booleans()) or _has_surrogate(data))
    edit = draw(st.sampled_from(BYTE_EDITS))
    raw = text.encode("utf-8", errors="surrogatepass") if not _has_surrogate(data) else text.encode("ascii")
    if edit == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif edit == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif edit == "latin1":
        raw = raw.replace(b'"', b'"\xe9', 1)
    elif edit == "duplicate-key" and raw.startswith(b"{"):
        raw = b'{"doc_id": "x", ' + raw[1:] if len(raw) > 2 else raw
    elif edit == "crlf":
        raw = raw.replace(b", ", b",\r\n ")
    elif edit == "nan":
        raw = re.sub(rb"(: )-?[0-9]+\.[0-9]+", rb"\1NaN", raw, count=1)
    return raw


def _has_surrogate(data: Any) -> bool:
    return bool(re.search("[\ud800-\udfff]", json.dumps(data, ensure_ascii=False)))


def base_golds() -> list[dict]:
    """The mini document as format 1.0 (every layer annotated) and as 1.1 with its layers declared."""
    plain = json.loads(MINI.read_text(encoding="utf-8"))
    whole = [[0, len(plain["text"])]]
    declared = {**plain, "schema_version": "1.1",
                "annotated": {layer: whole for layer in ("entities", "timexes", "events", "toponyms")}}
    return [plain, declared]


def base_submissions(tmp: Path) -> list[dict]:
    return [json.loads(SUBMISSION.read_text(encoding="utf-8"))]


def base_exports(tmp: Path) -> list[list]:
    """The tasks ``ls export`` makes of each base gold document."""
    out = []
    for i, doc in enumerate(base_golds()):
        gold, tasks = tmp / f"base-{i}" / "mini.json", tmp / f"base-{i}" / "tasks.json"
        gold.parent.mkdir()
        gold.write_text(json.dumps(doc), encoding="utf-8")
        with _quiet():
            assert main(["ls", "export", str(gold), "--seeds", str(SEEDS), "-o", str(tasks)]) == 0
        out.append(json.loads(tasks.read_text(encoding="utf-8")))
        shutil.rmtree(gold.parent)
    return out


# --- running ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet():
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def run(argv: list[str]) -> tuple[int, str, str]:
    with _quiet() as (out, err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _json_problems(stdout: str, blocking: Callable[[dict], bool]) -> tuple[list[dict], bool] | None:
    """(every problem and warning, whether one of them stops the command) from a command's --json output."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    if isinstance(data, dict):  # validate-submission: problems stop it, warnings do not
        return [*data.get("problems", []), *data.get("warnings", [])], bool(data.get("problems"))
    return (data, any(blocking(p) for p in data)) if isinstance(data, list) else None


def _findings(code: int, out: str, err: str, *, json_out: bool, blocking: Callable[[dict], bool] = lambda p: True
              ) -> list[str]:
    found = []
    if code == 3:
        return [f"traceback: {err.strip()[:300]}"]
    if code not in (0, 1):
        return [f"exit-code {code}: {err.strip()[:200]}"]
    if json_out:
        parsed = _json_problems(out, blocking)
        if parsed is None:
            return [f"exit-code {code}: no JSON on stdout ({out[:100]!r})"]
        problems, has_problems = parsed
        found += [f"no-check-id: {p}" for p in problems if not isinstance(p, dict)
                  or p.get("check") not in KNOWN_CHECKS]
    else:
        lines = [line for line in err.splitlines() if line.strip()]
        found += [f"no-check-id: {line[:200]}" for line in lines
                  if not (PROBLEM_LINE.search(line) and PROBLEM_LINE.search(line)["check"] in KNOWN_CHECKS)]
        has_problems = any(not line.startswith("warning: ") for line in lines)
    if (code == 1) != has_problems:
        found.append(f"exit-code {code} with {'problems' if has_problems else 'no problem'}: {err.strip()[:200]}")
    return found


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _stray(folder: Path, allowed: set[str]) -> list[str]:
    extra = _files(folder) - allowed
    return [f"stray-file: {sorted(extra)[:5]}"] if extra else []


def check_gold(raw: bytes, work: Path) -> list[str]:
    """``validate --json`` on a mutated gold document; when it is clean, ``ls export`` of it must work."""
    path = work / "mini.json"
    path.write_bytes(raw)
    code, out, err = run(["validate", "--json", "--seeds", str(SEEDS), str(path)])
    found = _findings(code, out, err, json_out=True)
    if code == 0:
        tasks = work / "tasks.json"
        code, out, err = run(["ls", "export", str(path), "--seeds", str(SEEDS), "-o", str(tasks)])
        found += [f"traceback: {err.strip()[:300]}"] if code == 3 else []
        found += [f"exit-code {code} exporting a valid document: {err.strip()[:200]}"] if code not in (0, 3) else []
        if code == 0 and not isinstance(json.loads(tasks.read_text(encoding="utf-8")), list):
            found.append("partial-file: tasks.json")
        found += _stray(work, {"mini.json", "tasks.json"})
        tasks.unlink(missing_ok=True)
    else:
        found += _stray(work, {"mini.json"})
    return found


def check_submission(raw: bytes, work: Path) -> list[str]:
    """``validate-submission --json`` and ``score --out``: the result exists exactly when score exits 0."""
    path = work / "pred.json"
    path.write_bytes(raw)
    code, out, err = run(["validate-submission", "--json", "--gold", str(GOLD_DIR), str(path)])
    found = _findings(code, out, err, json_out=True)
    result = work / "r.json"
    code, out, err = run(["score", str(path), "--gold", str(GOLD_DIR), "--bootstrap", "0", "--out", str(result)])
    found += _findings(code, "", err, json_out=False)
    if code == 0:
        try:
            json.loads(result.read_text(encoding="utf-8"))["scores"]
        except (OSError, ValueError, KeyError):
            found.append("partial-file: r.json")
    elif result.exists():
        found.append("partial-file: r.json written by a failed score")
    found += _stray(work, {"pred.json", "r.json"} if code == 0 else {"pred.json"})
    result.unlink(missing_ok=True)
    return found


def check_labelstudio(raw: bytes, work: Path) -> list[str]:
    """``ls import --json``: the output folder exists (with every imported document) exactly when it exits 0."""
    path = work / "export.json"
    path.write_bytes(raw)
    out_dir = work / "out"
    code, out, err = run(["ls", "import", "--json", "--seeds", str(SEEDS), str(path), "-o", str(out_dir)])
    found = _findings(code, out, err, json_out=True, blocking=lambda p: p.get("check") not in NOTE_CHECKS)
    if code == 0:
        if not out_dir.is_dir():
            found.append("partial-file: no output folder after a clean import")
        else:
            for doc in out_dir.iterdir():
                code2, out2, _ = run(["validate", "--json", "--seeds", str(SEEDS), str(doc)])
                if code2 != 0 and doc.stem == "mini":
                    found.append(f"partial-file: imported {doc.name} does not validate: {out2[:200]}")
        allowed = {"export.json", "out"} | {f"out/{p}" for p in (_files(out_dir) if out_dir.is_dir() else ())}
    else:
        if out_dir.exists():
            found.append("partial-file: output folder written by a failed import")
        allowed = {"export.json"}
    found += _stray(work, allowed)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    return found


SURFACES: dict[str, tuple[Callable[[Path], Any], Callable[[bytes, Path], list[str]]]] = {
    "gold": (lambda tmp: base_golds(), check_gold),
    "submission": (base_submissions, check_submission),
    "labelstudio": (base_exports, check_labelstudio),
}
