"""The main job: every step runs in order, a step with problems stops the rest, and on the committed repository
the pipeline regenerates every generated file byte for byte."""

from newsbench.cli import main
from newsbench.paths import repo_root
from newsbench.pipeline import StepOutcome, run_pipeline
from newsbench.problems import problem

GENERATED = ("corpus/data", "eval/results", "eval/systems", "eval/LEADERBOARD.md", "eval/leaderboard.html", "README.md")


def snapshot() -> dict[str, bytes]:
    root = repo_root()
    files = {}
    for name in GENERATED:
        path = root / name
        for f in ([path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())):
            files[str(f.relative_to(root))] = f.read_bytes()
    return files


def test_a_step_with_problems_stops_the_pipeline():
    ran = []
    missing = problem("file-missing", "x.json", None, "", "expected a file, found none")
    steps = [("one", lambda: ran.append(1) or StepOutcome((), "fine")),
             ("two", lambda: ran.append(2) or StepOutcome((missing,), "broken")),
             ("three", lambda: ran.append(3) or StepOutcome((), "never"))]
    results = run_pipeline(steps)
    assert ran == [1, 2] and [r.name for r in results] == ["one", "two"]


def test_the_pipeline_regenerates_the_committed_outputs_identically(capsys):
    before = snapshot()
    assert main(["pipeline"]) == 0
    out = capsys.readouterr().out
    assert "[5/5] score systems, render leaderboard" in out and "oracle" in out
    assert snapshot() == before
