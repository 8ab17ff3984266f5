"""The leaderboard: its numbers are the scorer's, rebuilds are byte-identical, --check notices stale files, rows
are ranked by the primary metric with reference rows apart, and a broken system folder stops the build with its
problem while the previous outputs stay untouched."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsbench import cli, jsonio
from newsbench.evaluation.leaderboard import (
    LEADERBOARD_CHECKS, build_leaderboard, check_leaderboard, format_leaderboard, load_results, load_system_folder,
    render_markdown,
)
from newsbench.evaluation.leaderboard_view import cell, metric_entry, ranked
from newsbench.evaluation.registry import HEADLINE, PRIMARY, Headline
from newsbench.evaluation.leaderboard_html import json_for_script
from newsbench.paths import gold_dir, repo_root

SYSTEMS = repo_root() / "eval" / "systems"
NAMES = sorted(p.name for p in SYSTEMS.iterdir() if (p / "submission.json").is_file())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The leaderboard of the committed systems against the real gold, rendered into a temporary folder."""
    out = tmp_path_factory.mktemp("leaderboard")
    build = build_leaderboard(SYSTEMS, gold_dir(), out)
    assert not build.problems and not build.broken, (build.problems, build.broken)
    return out, build


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_system_folder_has_a_row(built):
    out, build = built
    assert sorted(build.results) == NAMES
    assert {"empty", "oracle", "rules"} <= set(NAMES)
    assert sorted(p.stem for p in (out / "results").glob("*.json")) == NAMES
    md = (out / "LEADERBOARD.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert _headline_row(md, name)


def _headline_row(md: str, name: str) -> str:
    """The row of ``name`` in the Markdown headline table (| rank | name | ...)."""
    headline = md.split("## Headline", 1)[1].split("\n## ", 1)[0]
    return next(line for line in headline.splitlines() if line.split(" | ")[1:2] == [name])


@pytest.mark.parametrize("name", NAMES)
def test_numbers_equal_newsbench_score(built, name, tmp_path, capsys):
    """`newsbench score` on the committed submission gives the very scores (and intervals) of the result file."""
    out, _ = built
    target = tmp_path / f"{name}.json"
    assert cli.main(["score", str(SYSTEMS / name / "submission.json"), "--out", str(target)]) == 0
    capsys.readouterr()
    scored = json.loads(target.read_text(encoding="utf-8"))
    board = json.loads((out / "results" / f"{name}.json").read_text(encoding="utf-8"))
    assert board["scores"] == scored["scores"]
    assert board["per_document"] == scored["per_document"]
    assert board["gold"]["sha256"] == scored["gold"]["sha256"]
    assert board["submission"]["sha256"] == scored["submission"]["sha256"]
    assert board["options"] == scored["options"] and board["options"]["bootstrap"] == 1000
    assert board["leaderboard"]["metadata"] == json.loads((SYSTEMS / name / "system.json").read_text("utf-8"))
    # and the pages show those numbers
    md = (out / "LEADERBOARD.md").read_text(encoding="utf-8")
    row = _headline_row(md, name)
    for h in HEADLINE:
        c = cell(metric_entry(scored, h.task, h.metric))
        assert f"{c.text} {c.interval}".strip() in row
    html = (out / "leaderboard.html").read_text(encoding="utf-8")
    entry = metric_entry(scored, "entities", "strict")
    if entry:
        assert f'data-sort="{entry["f1"]:.6f}"' in html


def _f1_entries(result):
    for task, metrics in result["scores"].items():
        for metric, entry in metrics.items():
            if "f1" in entry:
                yield f"{task}/{metric}", entry
                for label, row in entry.get("by_type", {}).items():
                    yield f"{task}/{metric}/{label}", row


def test_oracle_is_one_and_empty_is_zero_on_every_f1(built):
    _, build = built
    oracle, empty = build.results["oracle"], build.results["empty"]
    oracle_f1 = dict(_f1_entries(oracle))
    assert len(oracle_f1) > 40
    assert {k: e["f1"] for k, e in oracle_f1.items() if e["f1"] != 1.0} == {}
    # one gold document: no interval anywhere, and the reason beside it (never a degenerate [1, 1])
    for task, metrics in oracle["scores"].items():
        for name, entry in metrics.items():
            assert entry["ci"] is None and entry["ci_reason"] == "1 document (at least 10 needed)", (task, name)
    for task, metrics in oracle["scores"].items():
        for name, entry in metrics.items():
            if entry["kind"] == "accuracy":
                assert entry["value"] == 1.0, f"{task}/{name}"
            elif entry["kind"] in ("mean", "median", "auc"):
                assert entry["value"] == 0.0 and entry["direction"] == "lower", f"{task}/{name}"
    empty_f1 = dict(_f1_entries(empty))
    assert len(empty_f1) > 20
    assert {k: e["f1"] for k, e in empty_f1.items() if e["f1"] != 0.0} == {}
    # an accuracy or distance over no items is not a score: null in the result, n/a on the pages, never 0
    for metric in ("acc_at_161km", "mean_km", "median_km", "auc"):
        entry = metric_entry(empty, "toponyms", metric)
        assert entry["value"] is None and entry["flags"] == ["empty"] and entry["ci_reason"] == "no items", metric
        assert cell(entry).text == "n/a"


def test_rows_are_ranked_by_the_primary_metric_with_reference_rows_apart(built):
    out, build = built
    systems, references = ranked(build.results)
    assert set(references) == {"oracle", "empty", "annotator-a", "annotator-b", "annotator-c"}
    assert set(systems) == set(NAMES) - set(references) and systems
    values = [metric_entry(build.results[n], PRIMARY.task, PRIMARY.metric)["f1"] for n in systems]
    assert values == sorted(values, reverse=True)
    md = (out / "LEADERBOARD.md").read_text(encoding="utf-8")
    headline = md.split("## Headline", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in headline.splitlines() if line.startswith("| ") and " | " in line][1:]
    assert [r[1] for r in rows] == systems + references
    assert [r[0].strip("| ") for r in rows] == [str(i) for i in range(1, len(systems) + 1)] + ["ref"] * len(references)
    for col, h in enumerate(HEADLINE, start=2):  # bold: exactly the best value among the systems, in its direction
        entries = {n: metric_entry(build.results[n], h.task, h.metric) for n in systems}
        values = {n: cell(e).sort for n, e in entries.items() if e is not None and cell(e).sort is not None}
        best = (min if h.lower_is_better else max)(values.values()) if values else None
        bold = {r[1] for r in rows if r[col].strip(" |").startswith("**")}
        assert bold == {n for n, v in values.items() if v == best}, h.label
    text = format_leaderboard(build.results).splitlines()
    assert [line.split()[1] for line in text[1:]] == systems + references


def test_a_lower_is_better_column_ranks_ascending_and_empty_never_wins(built):
    _, build = built
    auc = next(h for h in HEADLINE if h.key == "toponyms/auc")
    assert auc.lower_is_better and auc.spec.unit == "ratio"
    results = {n: json.loads(json.dumps(build.results[n])) for n in ("rules", "spacy-sm", "empty")}
    results["rules"]["scores"]["toponyms"]["auc"]["value"] = 0.3
    results["spacy-sm"]["scores"]["toponyms"]["auc"]["value"] = 0.1
    results["empty"]["leaderboard"]["metadata"].pop("reference")  # even counted as a system, it cannot win
    systems, references = ranked(results, auc)
    assert references == [] and systems == ["spacy-sm", "rules", "empty"]
    km = Headline("toponyms", "mean_km", "km")
    assert km.lower_is_better and km.spec.unit == "km"
    assert ranked(results, km)[0][-1] == "empty"


def test_rebuilding_gives_identical_files_from_any_folder(built, tmp_path, monkeypatch):
    out, _ = built
    first = _files(out)
    again = tmp_path / "again"
    monkeypatch.chdir(tmp_path)  # result files hold repository-relative paths, not cwd-relative ones
    build_leaderboard(SYSTEMS, gold_dir(), again)
    assert _files(again) == first
    build_leaderboard(SYSTEMS, gold_dir(), again)
    assert _files(again) == first
    for name, data in first.items():  # no clock time anywhere but in the article's own timexes (the view's data)
        data = re.sub(rb'<script type="application/json".*?</script>', b"", data, flags=re.S)
        assert not re.search(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d", data), name


def test_pages_render_from_the_result_files_alone(built):
    """LEADERBOARD.md is a function of the result files: re-rendering the files on disk gives the same page."""
    out, _ = built
    results = load_results(out / "results")
    assert render_markdown(results) == (out / "LEADERBOARD.md").read_text(encoding="utf-8")


def test_check_detects_stale_missing_and_extra_files(tmp_path, capsys):
    out = tmp_path / "eval"
    build_leaderboard(SYSTEMS, gold_dir(), out, bootstrap=50)
    options = dict(bootstrap=50)
    assert check_leaderboard(SYSTEMS, gold_dir(), out, **options)[0] == []

    md = out / "LEADERBOARD.md"
    md.write_text(md.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    (out / "results" / "rules.json").unlink()
    (out / "results" / "ghost.json").write_text("{}\n", encoding="utf-8")
    stale, _ = check_leaderboard(SYSTEMS, gold_dir(), out, **options)
    assert sorted(Path(s).name for s in stale) == ["LEADERBOARD.md", "ghost.json", "rules.json"]

    argv = ["leaderboard", "--check", "--systems", str(SYSTEMS), "--out", str(out), "--bootstrap", "50"]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "stale:" in err and "LEADERBOARD.md" in err and "ghost.json" in err

    # other options (another bootstrap) make every result stale
    assert len(check_leaderboard(SYSTEMS, gold_dir(), out, bootstrap=60)[0]) >= len(NAMES)

    assert cli.main(argv[:1] + argv[2:]) == 0  # rebuild
    assert not (out / "results" / "ghost.json").exists()
    assert cli.main(argv) == 0
    captured = capsys.readouterr().out
    assert "leaderboard up to date" in captured
    assert captured.splitlines()[-len(NAMES) - 1].split()[:2] == ["#", "system"]  # the table comes last


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")


def test_a_broken_folder_stops_the_build_and_leaves_the_previous_outputs(tmp_path, capsys):
    """Each kind of broken folder is reported by name with its check id; nothing is written (the previous pages and
    results stay byte for byte) and the command exits 1."""
    systems = tmp_path / "systems"
    shutil.copytree(SYSTEMS / "oracle", systems / "oracle")
    shutil.copytree(SYSTEMS / "empty", systems / "empty")
    out = tmp_path / "eval"
    assert cli.main(["leaderboard", "--systems", str(systems), "--out", str(out), "--bootstrap", "20"]) == 0
    capsys.readouterr()
    before = _files(out)
    oracle_meta = json.loads((SYSTEMS / "oracle" / "system.json").read_text(encoding="utf-8"))
    oracle_sub = json.loads((SYSTEMS / "oracle" / "submission.json").read_text(encoding="utf-8"))

    def renamed(name):
        meta = {**oracle_meta, "name": name}
        sub = {**oracle_sub, "system": {**oracle_sub["system"], "name": name}}
        return meta, sub

    meta, sub = renamed("no-metadata")
    _write(systems / "no-metadata" / "submission.json", sub)
    meta, sub = renamed("no-submission")
    _write(systems / "no-submission" / "system.json", meta)
    meta, sub = renamed("bad-metadata")
    _write(systems / "bad-metadata" / "system.json", {k: v for k, v in meta.items() if k != "dependencies"})
    _write(systems / "bad-metadata" / "submission.json", sub)
    meta, sub = renamed("bad-reference")
    _write(systems / "bad-reference" / "system.json", {**meta, "reference": "yes"})
    _write(systems / "bad-reference" / "submission.json", sub)
    meta, sub = renamed("bad-json")
    _write(systems / "bad-json" / "system.json", meta)
    _write(systems / "bad-json" / "submission.json", '{"system": ')
    meta, sub = renamed("out-of-range")
    sub["documents"][0]["mentions"][0] = {"start": 0, "end": 10 ** 6, "type": "GPE"}
    _write(systems / "out-of-range" / "system.json", meta)
    _write(systems / "out-of-range" / "submission.json", sub)
    meta, sub = renamed("wrong-name")
    _write(systems / "wrong-name" / "system.json", {**meta, "name": "someone-else"})
    _write(systems / "wrong-name" / "submission.json", sub)

    code = cli.main(["leaderboard", "--systems", str(systems), "--out", str(out), "--bootstrap", "20"])
    captured = capsys.readouterr()
    assert code == 1
    expected = {"no-metadata": "system-metadata-missing", "no-submission": "system-submission-missing",
                "bad-metadata": "system-metadata-invalid", "bad-reference": "system-metadata-invalid",
                "bad-json": "json-malformed", "out-of-range": "submission-span-out-of-range",
                "wrong-name": "system-name-mismatch"}
    for name, check in expected.items():
        assert f"broken system folder {name}:" in captured.err
        block = captured.err.split(f"broken system folder {name}:", 1)[1].split("broken system folder", 1)[0]
        assert f" {check}: " in block
    assert "nothing written" in captured.err and "Traceback" not in captured.err
    assert _files(out) == before  # the previous outputs, untouched
    assert check_leaderboard(systems, gold_dir(), out, bootstrap=20)[1].broken  # --check says so too
    assert cli.main(["leaderboard", "--check", "--systems", str(systems), "--out", str(out), "--bootstrap", "20"]) == 1


def test_missing_systems_folder_is_a_problem_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "eval"
    assert cli.main(["leaderboard", "--systems", str(tmp_path / "nowhere"), "--out", str(out)]) == 1
    assert "systems-dir-missing" in capsys.readouterr().err
    assert not out.exists()


def test_folder_checks_use_documented_check_ids(tmp_path):
    folder = tmp_path / "x"
    _write(folder / "system.json", ["not", "an", "object"])
    system, problems = load_system_folder(folder)
    assert system is None
    assert {p.check for p in problems} == {"system-metadata-invalid", "system-submission-missing"}
    assert {p.check for p in problems} <= set(LEADERBOARD_CHECKS)
    _write(folder / "system.json", {"name": "x", "version": "1", "description": " ", "predicts": {}, "run": {},
                                    "dependencies": "none"})
    _, problems = load_system_folder(folder)
    assert sorted(p.pointer for p in problems if p.check == "system-metadata-invalid") == ["/dependencies",
                                                                                         "/description"]
    assert all("expected" in p.message and "found" in p.message for p in problems)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []
        self.script_types: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key) and not a[key].startswith("#"):
                self.external.append(a[key])
        if tag == "link":
            self.external.append(a.get("href", "<link>"))
        if tag == "script":
            self.script_types.append(a.get("type"))


def test_html_is_self_contained_and_escaped(built):
    out, _ = built
    html = (out / "leaderboard.html").read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(html)
    assert parser.external == []  # only in-page anchors
    assert parser.script_types == ["application/json", None]
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "@import" not in html and "url(" not in html
    assert parser.tags.count("svg") == 1
    data = html.split('<script type="application/json" id="newsbench-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "&" not in data
    view = json.loads(data)["view"]
    gold = jsonio.read_document(next(gold_dir().glob("*.json")))
    assert view["documents"][0]["text"] == gold.text  # ’ and – survive the round trip
    assert len(view["documents"][0]["gold"]["mentions"]) == len(gold.mentions)


def test_pages_hide_intervals_the_data_cannot_support_and_say_why(built):
    """Before: every cell showed a degenerate interval such as [1.0000, 1.0000] on the one-document gold."""
    out, _ = built
    html = (out / "leaderboard.html").read_text(encoding="utf-8")
    md = (out / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert not re.search(r"\[(\d\.\d{4}), \1\]", html) and not re.search(r"\[(\d\.\d{4}), \1\]", md)
    assert '<span class="ci">' not in html
    assert html.count('data-ci-reason="1 document (at least 10 needed)"') > 50
    assert "Intervals hidden here: 1 document (at least 10 needed)" in md
    assert "Intervals hidden here: 1 document (at least 10 needed)" in html
    assert "## How to submit" in md and '<section id="submit">' in html


def test_json_for_script_escapes_markup():
    tricky = {"t": "</script><b>&amp;</b> \u2028 ’ – \"q\""}
    text = json_for_script(tricky)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == tricky


def test_a_cell_shows_an_interval_only_where_the_result_has_one():
    base = {"kind": "prf", "direction": "higher", "unit": "ratio", "precision": 0.5, "recall": 0.5, "f1": 0.5,
            "counts": {"tp": 10, "fp": 10, "fn": 10}, "flags": [], "items": {"gold": 20, "predicted": 20},
            "documents": 12, "documents_with_items": 12}
    shown = cell({**base, "ci": {"f1": [0.41, 0.59]}})
    assert shown.interval == "[0.4100, 0.5900]" and shown.interval_reason == ""
    assert shown.support == "12 doc(s), 20 gold, 20 predicted" and shown.support in shown.detail
    hidden = cell({**base, "documents": 3, "ci": None, "ci_reason": "3 documents (at least 10 needed)"})
    assert hidden.interval == "" and hidden.interval_reason == "3 documents (at least 10 needed)"
    assert "no interval: 3 documents" in hidden.detail
    km = cell({"kind": "mean", "direction": "lower", "unit": "km", "value": 1234.56789, "counts": {}, "flags": [],
               "ci": {"value": [1000.0, 1500.04]}})
    assert (km.text, km.interval) == ("1234.6", "[1000.0, 1500.0]")
    empty = cell({"kind": "auc", "direction": "lower", "unit": "ratio", "value": None, "counts": {"n": 0},
                  "flags": ["empty"], "ci": None, "ci_reason": "no items"})
    assert empty.text == "n/a" and empty.sort is None


def test_with_enough_documents_the_pages_show_intervals_with_their_support(tmp_path):
    from newsbench.evaluation.leaderboard import SystemFolder, render_build
    from newsbench.evaluation.scorer import gold_from_documents
    from test_significance import _fifty_documents

    docs, subs = _fifty_documents(n_docs=12)
    systems = []
    for name, sub in subs.items():
        folder = tmp_path / name
        jsonio.write_json(folder / "submission.json", jsonio.submission_to_json(sub))
        meta = {"name": name, "version": "1", "description": "d", "predicts": {"mentions": "names"}, "run": {},
                "dependencies": []}
        systems.append(SystemFolder(name, folder, meta, sub, folder / "submission.json"))
    build = render_build(gold_from_documents(docs), systems, {}, tmp_path / "eval", bootstrap=200)
    md = build.files[tmp_path / "eval" / "LEADERBOARD.md"]
    html = build.files[tmp_path / "eval" / "leaderboard.html"]
    for name in subs:
        entry = metric_entry(build.results[name], PRIMARY.task, PRIMARY.metric)
        lo, hi = entry["ci"]["f1"]
        assert lo < entry["f1"] < hi and "ci_reason" not in entry
        c = cell(entry)
        assert f"{c.interval} (12 doc(s), {entry['items']['gold']} gold, {entry['items']['predicted']} predicted)" \
            in _headline_row(md, name)
        assert f'<span class="ci">{c.interval} · 12 doc(s)' in html
    assert "Intervals hidden here" not in md


def test_a_broken_system_folder_keeps_its_committed_result(tmp_path):
    systems, out = tmp_path / "systems", tmp_path / "eval"
    for name in ("oracle", "empty"):
        shutil.copytree(SYSTEMS / name, systems / name)
    assert cli.main(["leaderboard", "--systems", str(systems), "--out", str(out), "--bootstrap", "0"]) == 0
    committed = (out / "results" / "empty.json").read_bytes()
    (systems / "empty" / "system.json").unlink()  # temporarily broken (a half-done edit, a bad merge)
    cli.main(["leaderboard", "--systems", str(systems), "--out", str(out), "--bootstrap", "0"])
    assert (out / "results" / "empty.json").read_bytes() == committed
