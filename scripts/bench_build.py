"""Benchmark of ``newsbench build`` on a SYNTHETIC corpus (prints figures; not a test).

    .venv/bin/python scripts/bench_build.py [--sizes 1000 10000] [--keep DIR] [--without-jsonschema-rs]

For each size a synthetic corpus (seeds, gold, splits.json and a README with the card markers) is generated in
a temporary folder that is deleted afterwards; nothing is written into the repository. Each build runs as
``newsbench build`` in its own child process, reaped with ``os.wait4``, whose resource usage (``ru_maxrss``,
the getrusage peak resident set of the child or of any one of its worker processes, and the CPU time of all
of them) is that build's alone, so the sizes are comparable.

The synthetic documents are shaped like the seed article but denser (on average 3.0k code points,
26 sentences, 131 entity mentions of 45 entities, 8 time expressions, 11 events with 37 arguments,
38 toponyms; the seed has 2.7k code points, 26 sentences, 119 mentions, 25 event mentions, 41 toponyms).
Their words are drawn from a fixed list: machine-made filler, marked SYNTHETIC in their title, meaning nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsbench import jsonio
from newsbench.dataset.card import EXAMPLES_MARKERS, STATS_MARKERS
from newsbench.model import Argument, Document, Entity, Event, EventMention, Meta, Mention, Timex, Toponym
from newsbench.ontology import load_ontology

FILLER = ("the of and to in said on for that with was by at from officials after were have which their "
          "security area forces statement two three overnight near city report attack rocket military").split()
OPENERS = ["The", "Officials", "Witnesses", "Police", "Residents"]
NAMES = {  # synthetic name tokens per entity type: capitalised so that they look like names to a reader
    "PER": ["Adar", "Belin", "Corvo", "Dessa", "Elm"],
    "ORG": ["Norvex", "Kallum", "Tiber"],
    "GPE": ["Aldera", "Brisk", "Caronne", "Doventa"],
    "LOC": ["Greenvale", "Northreach"],
    "FAC": ["Harbourgate", "Stonefield"],
    "VEH": ["Skylark"],
    "WEA": ["Katra"],
}
NOMINALS = {"PER": "militants", "ORG": "ministry", "GPE": "country", "LOC": "district", "FAC": "embassy",
            "VEH": "drone", "WEA": "rocket"}
PRONOUNS = {"PER": "they", "ORG": "it", "GPE": "it", "LOC": "there", "FAC": "it", "VEH": "it", "WEA": "it"}
TRIGGERS = {"Conflict.Attack": "attacked", "Life.Injure": "wounded", "Life.Die": "killed",
            "Movement.Transport": "moved", "Contact.Meet": "met", "Justice.Arrest-Jail": "arrested"}
TIMEX = [("Saturday", "DATE", "2021-10-30"), ("night", "TIME", "2021-10-30TNI"), ("months", "DURATION", "P18M"),
         ("daily", "SET", "P1D")]


def synthetic_document(doc_id: str, rng: random.Random) -> Document:
    """One valid, seed-sized, meaningless document."""
    onto = load_ontology()
    parts: list[str] = []
    pos = 0
    entities: list[Entity] = []
    mentions: list[Mention] = []
    timexes: list[Timex] = []
    events: list[Event] = []
    event_mentions: list[EventMention] = []
    toponyms: list[Toponym] = []
    by_type: dict[str, list[Entity]] = {}

    def emit(word: str) -> tuple[int, int]:
        nonlocal pos
        if parts and not parts[-1].endswith("\n"):
            parts.append(" ")
            pos += 1
        parts.append(word)
        pos += len(word)
        return pos - len(word), pos

    def entity_of(etype: str) -> Entity:
        pool = by_type.setdefault(etype, [])
        if not pool or rng.random() < 0.3:
            pool.append(Entity(f"E{len(entities) + 1}", etype, rng.choice(onto.entity_subtypes[etype])))
            entities.append(pool[-1])
            return pool[-1]
        return rng.choice(pool)

    title = f"SYNTHETIC benchmark document {doc_id}"
    for word in title.split():
        emit(word)
    parts.append("\n\n")
    pos += 2
    for sentence in range(25):
        local_mentions: list[Mention] = []
        local_timexes: list[Timex] = []
        trigger = None
        emit(rng.choice(OPENERS))  # a capital after the full stop: the splitter ends the sentence there
        for k in range(rng.randint(14, 18)):
            roll = rng.random()
            if roll < 0.22:  # a name, sometimes two tokens long
                etype = rng.choice(list(NAMES))
                words = [rng.choice(NAMES[etype])] + ([rng.choice(NAMES[etype])] if rng.random() < 0.3 else [])
                start, _ = emit(words[0])
                end = start + len(words[0])
                for w in words[1:]:
                    _, end = emit(w)
                level = "NAM"
            elif roll < 0.30:
                etype = rng.choice(list(NAMES))
                start, end = emit(NOMINALS[etype])
                level = "NOM"
            elif roll < 0.33:
                etype = rng.choice(list(NAMES))
                start, end = emit(PRONOUNS[etype])
                level = "PRO"
            elif roll < 0.36 and len(local_timexes) < 1 and len(timexes) < 8:
                word, ttype, value = rng.choice(TIMEX)
                start, end = emit(word)
                local_timexes.append(Timex(f"T{len(timexes) + 1}", start, end, word, ttype, value))
                timexes.extend(local_timexes[-1:])
                continue
            elif roll < 0.40 and trigger is None and sentence % 5 != 4:
                etype_event = rng.choice(list(TRIGGERS))
                trigger = (etype_event, *emit(TRIGGERS[etype_event]))
                continue
            else:
                emit(rng.choice(FILLER))
                continue
            entity = entity_of(etype)
            text = "".join(parts)
            m = Mention(f"M{len(mentions) + 1}", entity.id, etype, level, start, end, text[start:end], start, end)
            mentions.append(m)
            local_mentions.append(m)
            if level == "NAM" and etype in ("GPE", "LOC", "FAC"):
                toponyms.append(Toponym(m.id, rng.choice(onto.toponym_readings), 1000 + len(toponyms),
                                        round(rng.uniform(-60, 60), 5), round(rng.uniform(-170, 170), 5),
                                        "P.PPL", "GeoNames", None))
        parts[-1] += "."
        pos += 1
        if trigger is not None:
            etype_event, start, end = trigger
            attrs = {name: rng.choice(values) for name, values in onto.attributes.items()}
            event = Event(f"V{len(events) + 1}", etype_event, **attrs)
            events.append(event)
            arguments = []
            for role in onto.event_roles[etype_event]:
                if onto.role_filler[role] == "timex":
                    fillers = [t.id for t in local_timexes]
                else:
                    fillers = [m.id for m in local_mentions if m.type in onto.role_entity_types[role]]
                if fillers:
                    arguments.append(Argument(role, fillers[0]))
            text = "".join(parts)
            event_mentions.append(EventMention(f"EM{len(event_mentions) + 1}", event.id, start, end, text[start:end],
                                               tuple(arguments)))
        if sentence % 3 == 2:
            parts.append("\n\n")
            pos += 2
    text = "".join(parts).rstrip()
    meta = Meta(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), title=title, language="en",
                outlet="unknown", url="unknown", published="unknown", updated="2021-10-31T09:58",
                anchor_date="2021-10-31")
    return Document(doc_id=doc_id, text=text, meta=meta, entities=tuple(entities), mentions=tuple(mentions),
                    timexes=tuple(timexes), events=tuple(events), event_mentions=tuple(event_mentions),
                    toponyms=tuple(toponyms))


def write_synthetic_repo(root: Path, n_docs: int, seed: int = 0) -> None:
    """A repository-shaped folder: corpus/seeds, corpus/gold, corpus/splits.json and README.md with markers."""
    rng = random.Random(seed)
    corpus = root / "corpus"
    (corpus / "seeds").mkdir(parents=True)
    (corpus / "gold").mkdir()
    ids = [f"synthetic-{i:06d}" for i in range(n_docs)]
    for doc_id in ids:
        doc = synthetic_document(doc_id, rng)
        (corpus / "seeds" / f"{doc_id}.txt").write_bytes(doc.text.encode("utf-8"))
        (corpus / "gold" / f"{doc_id}.json").write_text(jsonio.dumps(jsonio.document_to_json(doc)), encoding="utf-8")
    cut_test, cut_validation = n_docs // 10, n_docs // 5
    splits = {"test": ids[:cut_test], "validation": ids[cut_test:cut_validation], "train": ids[cut_validation:]}
    (corpus / "splits.json").write_text(json.dumps({"splits": splits}), encoding="utf-8")
    (root / "README.md").write_text(
        "# SYNTHETIC benchmark corpus\n\n" + "\n".join(STATS_MARKERS) + "\n\n" + "\n".join(EXAMPLES_MARKERS) + "\n",
        encoding="utf-8")


def run_build(root: Path, hide_jsonschema_rs: bool = False) -> tuple[float, float, int, str]:
    """`newsbench build` on ``root`` in a child process: wall seconds, CPU seconds (the child and its workers),
    peak RSS in KiB (of the child or of any one of its workers, from wait4), and its output."""
    env = {**os.environ, "NEWSBENCH_ROOT": str(root)}
    if hide_jsonschema_rs:  # a module of that name that fails to import shadows the installed one everywhere
        shadow = root / "shadow"
        shadow.mkdir(exist_ok=True)
        (shadow / "jsonschema_rs.py").write_text('raise ImportError("hidden by bench_build")\n', encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(shadow), env.get("PYTHONPATH", "")])
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "newsbench.cli", "build"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = child.stdout.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"build failed ({child.returncode}):\n{out}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temporary one)")
    parser.add_argument("--without-jsonschema-rs", action="store_true",
                        help="hide jsonschema-rs from the build: every document takes the Python JSON Schema pass")
    args = parser.parse_args(argv)

    import datasets
    import pyarrow

    try:
        import jsonschema_rs  # noqa: F401
        fast = "hidden (Python JSON Schema pass only)" if args.without_jsonschema_rs else "installed"
    except ImportError:
        fast = "not installed (Python JSON Schema pass only)"
    repo = Path(__file__).resolve().parents[1]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, pyarrow {pyarrow.__version__}, "
          f"datasets {datasets.__version__}, jsonschema-rs {fast}")
    print("corpus: SYNTHETIC seed-sized documents (meaningless filler), generated in a temporary folder")
    print(f"{'documents':>10} {'sentences':>10} {'mentions':>9} {'wall s':>8} {'CPU s':>7} {'docs/s':>7} "
          f"{'peak RSS MiB':>13} {'output MiB':>11}")
    for n in args.sizes:
        base = args.keep / f"synthetic-{n}" if args.keep else Path(tempfile.mkdtemp(prefix=f"newsbench-SYNTHETIC-{n}-"))
        try:
            if base.exists() and any(base.iterdir()):
                shutil.rmtree(base)
            base.mkdir(parents=True, exist_ok=True)
            write_synthetic_repo(base, n)
            shutil.copytree(repo / "schema", base / "schema")  # NEWSBENCH_ROOT=base reads its schema there
            wall, cpu, peak_kib, out = run_build(base, args.without_jsonschema_rs)
            size = sum(p.stat().st_size for p in (base / "corpus" / "data").rglob("*.parquet"))
            rows = {line.split()[0]: line for line in out.splitlines() if line.split() and line.split()[0] in
                    ("entities", "documents")}
            sentences = sum(int(x.split()[1]) for x in rows["entities"].split(None, 1)[1].split(", "))
            mentions = sum(len(json.loads(p.read_text(encoding="utf-8"))["mentions"])
                           for p in (base / "corpus" / "gold").glob("*.json"))
            print(f"{n:>10} {sentences:>10} {mentions:>9} {wall:>8.1f} {cpu:>7.1f} {n / wall:>7.0f} "
                  f"{peak_kib / 1024:>13.0f} {size / 2**20:>11.1f}", flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
