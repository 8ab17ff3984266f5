"""kill -9 `newsbench build`, `ls import` and `leaderboard` again and again; after every kill the outputs must be the
old complete version or the new complete one, and nothing may be left behind once the next run has finished.

    .venv/bin/python scripts/kill_loop.py --kills 40 [--commands build import leaderboard] [--seed 0]

Works on a temporary repository root ($NEWSBENCH_ROOT: the real schema, a copy of corpus/ and eval/systems). Each
command alternates between two inputs A and B with different outputs (build: the gold with and without one event
argument; ls import: the exports of those two golds; leaderboard: --bootstrap 0 and 20), so a kill can strand a mix.
Most kills land at a random instant of the run; every fourth one at a named instant between writing and renaming
($NEWSBENCH_KILL_AT: a file written but not renamed, a staging folder complete but not swapped, a folder swapped but
the old one not yet removed), which random kills rarely hit. Prints per command: kills, outputs missing or partial
after a kill, staging folders present right after a kill (each removed by the next run), litter after the final run.
Exits 1 on any missing or partial output or final litter.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSBENCH = [sys.executable, "-m", "newsbench.cli"]
KILL_POINTS = ("file-before-rename", "folder-before-swap", "folder-after-swap")


def digest_tree(paths: list[Path]) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``paths`` (folders walked; a missing path maps to "missing")."""
    out = {}
    for path in paths:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not is_litter(f):  # a killed writer's temporary file is counted as litter
                    out[str(f.relative_to(path.parent))] = hashlib.sha256(f.read_bytes()).hexdigest()
        else:
            out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
    return out


def is_litter(path: Path) -> bool:
    return path.name.startswith(".") and (".swap-" in path.name or path.name.endswith(".tmp"))


def litter(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(".*") if is_litter(p))


def run(argv: list[str], env: dict, kill_after: float | None = None, kill_at: str | None = None) -> int:
    """Run the CLI; with ``kill_after``, SIGKILL it (and its worker processes: its process group) after that many
    seconds. The exit code (-9 when killed)."""
    env = {**env, **({"NEWSBENCH_KILL_AT": kill_at} if kill_at else {})}
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(NEWSBENCH + argv, env=env, stdout=subprocess.DEVNULL, stderr=err,
                                 start_new_session=True)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=kill_after)
        with contextlib.suppress(ProcessLookupError):  # the whole group: no orphaned worker keeps running
            os.killpg(child.pid, signal.SIGKILL) if child.poll() is None or kill_at else None
        code = child.wait()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if code not in (0, -signal.SIGKILL):
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{text[-2000:]}")
    return code


class Scenario:
    """One command, its two inputs and the outputs to check."""

    kill_points = KILL_POINTS  # the named instants this command passes through

    def __init__(self, name: str, root: Path):
        self.name, self.root = name, root
        self.env = {**os.environ, "NEWSBENCH_ROOT": str(root), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}

    def prepare(self, version: str) -> list[str]:
        """Put input ``version`` ("A"/"B") in place; the argv of the run."""
        raise NotImplementedError

    def outputs(self) -> list[Path]:
        raise NotImplementedError

    def snapshot(self) -> dict[str, str]:
        return digest_tree(self.outputs())


def gold_variants(root: Path) -> dict[str, bytes]:
    gold = next((root / "corpus" / "gold").glob("*.json"))
    a = gold.read_bytes()
    doc = json.loads(a)
    mention = next(m for m in doc["event_mentions"] if m["arguments"])
    mention["arguments"].pop()
    from newsbench import jsonio

    return {"A": a, "B": jsonio.dumps(doc).encode("utf-8"), "path": str(gold).encode()}


class Build(Scenario):
    def __init__(self, root: Path):
        super().__init__("build", root)
        self.golds = gold_variants(root)

    def prepare(self, version: str) -> list[str]:
        Path(self.golds["path"].decode()).write_bytes(self.golds[version])
        return ["build"]

    def outputs(self) -> list[Path]:
        return [self.root / "corpus" / "data", self.root / "README.md"]


class Import(Scenario):
    def __init__(self, root: Path):
        super().__init__("ls import", root)
        golds = gold_variants(root)
        self.exports = {}
        for version in ("A", "B"):
            src = root / f"gold-{version}" / Path(golds["path"].decode()).name
            src.parent.mkdir()
            src.write_bytes(golds[version])
            self.exports[version] = root / f"export-{version}.json"
            run(["ls", "export", str(src), "-o", str(self.exports[version])], self.env)

    def prepare(self, version: str) -> list[str]:
        return ["ls", "import", str(self.exports[version]), "-o", str(self.root / "imported")]

    def outputs(self) -> list[Path]:
        return [self.root / "imported"]


class Leaderboard(Scenario):
    kill_points = ("file-before-rename",)  # it writes single files only

    def __init__(self, root: Path):
        super().__init__("leaderboard", root)

    def prepare(self, version: str) -> list[str]:
        return ["leaderboard", "--bootstrap", "0" if version == "A" else "20", "--out", str(self.root / "eval-out")]

    def outputs(self) -> list[Path]:
        out = self.root / "eval-out"
        return [out / "results", out / "LEADERBOARD.md", out / "leaderboard.html"]

    def snapshot(self) -> dict[str, str]:
        return digest_tree(self.outputs())


def consistent(state: dict[str, str], versions: list[dict[str, str]], unit) -> bool:
    """Every output unit (a folder swapped whole, or a file written alone) equals that unit in one of the versions."""
    def units(digests: dict[str, str]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for key, value in digests.items():
            out.setdefault(unit(key), {})[key] = value
        return out

    mine, known = units(state), [units(v) for v in versions]
    names = set(mine) | {name for v in known for name in v}
    wrong = sorted(name for name in names if not any(v.get(name) == mine.get(name) for v in known))
    for name in wrong[:3]:
        print(f"  {name}: {'missing' if name not in mine else 'neither version'}")
    return not wrong


def make_root(tmp: Path) -> Path:
    root = tmp / "repo"
    root.mkdir()
    (root / "schema").symlink_to(ROOT / "schema")
    shutil.copytree(ROOT / "corpus", root / "corpus", ignore=shutil.ignore_patterns("annotations"))
    shutil.copytree(ROOT / "eval" / "systems", root / "eval" / "systems")
    shutil.copy2(ROOT / "README.md", root / "README.md")
    return root


def loop(scenario: Scenario, kills: int, rng: random.Random) -> dict[str, int]:
    versions = {}
    durations = []
    for version in ("A", "B"):
        started = time.monotonic()
        run(scenario.prepare(version), scenario.env)
        durations.append(time.monotonic() - started)
        versions[version] = scenario.snapshot()
    assert versions["A"] != versions["B"], f"{scenario.name}: the two inputs give the same outputs"
    # corpus/data and the ls import folder are swapped whole; README.md and the leaderboard's files are each written
    # alone (atomically), so each is checked on its own.
    unit = (lambda key: key) if isinstance(scenario, Leaderboard) else (lambda key: key.split("/")[0])
    counts = {"kills": 0, "at-named-instant": 0, "missing-or-partial": 0, "staging-after-kill": 0, "runs": 0}
    version = "A"
    while counts["kills"] < kills:
        version = "B" if version == "A" else "A"
        argv = scenario.prepare(version)
        named = counts["runs"] % 4 == 3
        point = scenario.kill_points[(counts["runs"] // 4) % len(scenario.kill_points)] if named else None
        code = run(argv, scenario.env, kill_after=None if named else rng.uniform(0.05, max(durations) * 1.1),
                   kill_at=point)
        counts["runs"] += 1
        if code == -signal.SIGKILL:
            counts["kills"] += 1
            counts["at-named-instant"] += bool(named)
            counts["staging-after-kill"] += bool(litter(scenario.root))
            if not consistent(scenario.snapshot(), list(versions.values()), unit):
                counts["missing-or-partial"] += 1
                print(f"  {scenario.name}: outputs neither A nor B after kill {counts['kills']} ({point or 'random'})")
    run(scenario.prepare("A"), scenario.env)  # a last clean run sweeps what the kills left
    counts["final-litter"] = len(litter(scenario.root))
    for path in litter(scenario.root):
        print(f"  {scenario.name}: left behind: {path}")
    counts["final-is-A"] = int(scenario.snapshot() == versions["A"])
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=40, help="kills per command (default 40)")
    parser.add_argument("--commands", nargs="+", choices=("build", "import", "leaderboard"),
                        default=["build", "import", "leaderboard"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="newsbench-kill-") as tmp:
        root = make_root(Path(tmp))
        make = {"build": Build, "import": Import, "leaderboard": Leaderboard}
        print(f"{'command':<13}{'runs':>6}{'kills':>7}{'named':>7}{'missing/partial':>17}{'staging after kill':>20}"
              f"{'final litter':>14}")
        for name in args.commands:
            c = loop(make[name](root), args.kills, rng)
            bad += c["missing-or-partial"] + c["final-litter"] + (1 - c["final-is-A"])
            print(f"{name:<13}{c['runs']:>6}{c['kills']:>7}{c['at-named-instant']:>7}{c['missing-or-partial']:>17}"
                  f"{c['staging-after-kill']:>20}{c['final-litter']:>14}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
