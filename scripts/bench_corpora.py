"""Per-corpus benchmark on the shared development corpora (GUM news, MEANTIME English, GeoVirus).

    .venv/bin/python scripts/bench_corpora.py [--bootstrap 1000] [--out eval/corpora.json]

For each corpus, in a temporary repository root (NEWSBENCH_ROOT; nothing is written into this checkout unless
--out is given, and no corpus text ever is): ``newsbench import`` into corpus/gold (with ``--seeds
corpus/seeds``: each text also becomes a seed), ``newsbench build`` (the Hugging Face configs), ``newsbench
run-baseline`` for the rules and spaCy baselines, ``newsbench score`` for each. Every step is the CLI, timed end to
end, beside the parse floor (reading the source files with conllu / ElementTree in this process). Prints per corpus:
documents, items, the import report's totals, the main scores with their 95% bootstrap intervals and the number of
documents each task was scored on, and the timings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import conllu

from newsbench import jsonio
from newsbench.paths import repo_root, require_development_corpora

CORPORA = (  # name, import format, path under the corpora folder, the files the parse floor reads
    ("GUM news", "corefud", "gum-news/dep", "*.conllu"),
    ("MEANTIME en", "meantime", "meantime-en", "*/*.xml"),
    ("GeoVirus", "geovirus", "geovirus/GeoVirus-dev.xml", ""),
)
SYSTEMS = ("rules", "spacy-sm")
METRICS = (("entities", "strict", "f1"), ("coreference", "conll", "f1"), ("timexes", "strict", "f1"),
           ("timexes", "value_accuracy", "value"), ("toponyms", "strict", "f1"), ("toponyms", "acc_at_161km", "value"))


def parse_floor(fmt: str, source: Path, pattern: str) -> float:
    files = sorted(source.glob(pattern)) if pattern else [source]
    t = time.perf_counter()
    for f in files:
        if fmt == "corefud":
            conllu.parse(f.read_text(encoding="utf-8"))
        else:
            ET.parse(f)
    return time.perf_counter() - t


def run(cmd: list[str], root: Path) -> tuple[float, str]:
    """Run ``newsbench CMD`` with ``root`` as the repository root: its wall time and what it printed."""
    env = {**os.environ, "NEWSBENCH_ROOT": str(root), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "newsbench.cli", *cmd], cwd=root, env=env, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout


def make_root(base: Path) -> Path:
    """A repository root with this checkout's schema, README card and gazetteer, and an empty corpus."""
    here = repo_root()
    root = base / "repo"
    shutil.copytree(here / "schema", root / "schema")
    shutil.copy(here / "README.md", root / "README.md")
    (root / "corpus" / "seeds").mkdir(parents=True)
    shutil.copy(here / "corpus" / "gazetteer.jsonl", root / "corpus" / "gazetteer.jsonl")
    return root


def bench(name: str, fmt: str, source: Path, pattern: str, bootstrap: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="newsbench-bench-") as tmp:
        root = make_root(Path(tmp))
        corpus = root / "corpus"
        timings = {"parse_floor": parse_floor(fmt, source, pattern)}
        timings["import"], printed = run(["import", fmt, str(source), "-o", str(corpus / "gold"), "--seeds",
                                          str(corpus / "seeds"), "--json"], root)
        imported = json.loads(printed)
        docs = [jsonio.read_document(p) for p in sorted((corpus / "gold").glob("*.json"))]
        jsonio.write_json(corpus / "splits.json", {"splits": {"train": [], "validation": [],
                                                              "test": sorted(d.doc_id for d in docs)}})
        timings["build"] = run(["build"], root)[0]
        scores = {}
        for system in SYSTEMS:
            out = root / "eval" / "systems" / system
            timings[f"run-baseline {system}"] = run(["run-baseline", system, "--out", str(out)], root)[0]
            result = root / "eval" / f"{system}.result.json"
            timings[f"score {system}"] = run(["score", str(out / "submission.json"), "--out", str(result),
                                              "--bootstrap", str(bootstrap)], root)[0]
            scores[system] = json.loads(result.read_text(encoding="utf-8"))["scores"]
        items = {k: sum(len(getattr(d, k)) for d in docs) for k in ("entities", "mentions", "timexes", "toponyms")}
        return {"corpus": name, "format": fmt, "documents": len(docs),
                "code_points": sum(len(d.text) for d in docs), "items": items,
                "layers": sorted({a.layer for d in docs for a in d.annotated or ()}),
                "not_carried": sum(imported["not_carried"].values()), "timings_s": timings,
                "scores": {s: {f"{t}/{m}": _metric(sc, t, m, stat) for t, m, stat in METRICS}
                           for s, sc in scores.items()}}


def _metric(scores: dict, task: str, name: str, stat: str) -> dict | None:
    entry = scores.get(task, {}).get(name)
    if entry is None:
        return None
    ci = (entry.get("ci") or {}).get(stat)
    return {"value": entry.get(stat), "ci": ci, "documents": entry.get("documents")}


def _cell(m: dict | None) -> str:
    if m is None or m["documents"] == 0:
        return "—"
    value = "n/a" if m["value"] is None else f"{m['value']:.3f}"
    ci = f" [{m['ci'][0]:.3f}, {m['ci'][1]:.3f}]" if m.get("ci") else ""
    return f"{value}{ci} ({m['documents']} docs)"


def markdown(rows: list[dict]) -> str:
    lines = ["| corpus | documents | code points | entities | mentions | timexes | toponyms | declared layers | "
             "items not carried |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    for r in rows:
        i = r["items"]
        lines.append(f"| {r['corpus']} | {r['documents']} | {r['code_points']:,} | {i['entities']:,} | "
                     f"{i['mentions']:,} | {i['timexes']:,} | {i['toponyms']:,} | {', '.join(r['layers'])} | "
                     f"{r['not_carried']:,} |")
    lines += ["", "| corpus | system | " + " | ".join(f"{t} {m}" for t, m, _ in METRICS) + " |",
              "| --- | --- | " + " | ".join("---" for _ in METRICS) + " |"]
    for r in rows:
        for system, ms in r["scores"].items():
            lines.append(f"| {r['corpus']} | {system} | " + " | ".join(_cell(ms[f"{t}/{m}"]) for t, m, _ in METRICS)
                         + " |")
    steps = list(rows[0]["timings_s"])
    lines += ["", "| corpus | " + " | ".join(steps) + " |", "| --- | " + " | ".join("---:" for _ in steps) + " |"]
    for r in rows:
        lines.append(f"| {r['corpus']} | " + " | ".join(f"{r['timings_s'][s]:.2f} s" for s in steps) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples of each score (default 1000)")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    corpora = require_development_corpora("bench_corpora")
    rows = [bench(name, fmt, corpora / where, pattern, args.bootstrap) for name, fmt, where, pattern in CORPORA]
    print(markdown(rows))
    if args.out:
        jsonio.write_json(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
