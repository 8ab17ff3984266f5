"""``newsbench export`` and ``newsbench submission-from``: exit codes, what is written, and that a submission made
back from each format scores as the submission it came from on what the format carries."""

import json
import subprocess
import sys

import pytest

from newsbench.cli import main

from interop_helpers import GOLD_PATH, PASS_C_PATH, annotator_c, scores
from newsbench.evaluation.submission import read_submission

CARRIES = {"oneie": ["entities", "entities_all", "bio", "coreference", "timexes", "events"],
           "conll2012": ["coreference"], "brat": ["entities", "entities_all", "bio", "coreference", "timexes",
                                                  "events", "toponyms"], "docbin": ["entities", "bio"]}


@pytest.mark.parametrize("fmt", sorted(CARRIES))
def test_export_then_submission_from_scores_as_the_original(tmp_path, fmt, capsys):
    out = tmp_path / ("c" if fmt == "brat" else f"c.{fmt}")
    assert main(["export", fmt, str(PASS_C_PATH), "-o", str(out)]) == 0
    sub = tmp_path / "sub.json"
    extra = ["--default-type", "PER"] if fmt == "conll2012" else []
    assert main(["submission-from", fmt, str(out), "-o", str(sub), "--name", "annotator-c", *extra]) == 0
    submission, problems = read_submission(sub)
    assert not problems and submission.system.name == "annotator-c"
    assert scores(submission, CARRIES[fmt]) == scores(annotator_c(), CARRIES[fmt])
    assert "not-carried" in capsys.readouterr().err or fmt == "brat"


def test_export_defaults_to_the_gold_and_brat_writes_three_files_per_document(tmp_path):
    assert main(["export", "brat", "-o", str(tmp_path / "b")]) == 0
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        f"{GOLD_PATH.stem}{ext}" for ext in (".ann", ".meta.json", ".txt"))


def test_an_output_that_is_a_folder_is_not_replaced(tmp_path, capsys):
    (tmp_path / "x.jsonl").mkdir()
    assert main(["export", "oneie", "-o", str(tmp_path / "x.jsonl")]) == 1
    assert "output-not-file" in capsys.readouterr().err
    assert list((tmp_path / "x.jsonl").iterdir()) == []


def test_a_brat_output_folder_that_is_a_file_or_holds_a_folder_is_not_replaced(tmp_path, capsys):
    (tmp_path / "b").write_text("x", encoding="utf-8")
    assert main(["export", "brat", "-o", str(tmp_path / "b")]) == 1
    assert "output-not-folder" in capsys.readouterr().err and (tmp_path / "b").read_text(encoding="utf-8") == "x"
    (tmp_path / "c" / f"{GOLD_PATH.stem}.ann").mkdir(parents=True)
    assert main(["export", "brat", "-o", str(tmp_path / "c")]) == 1
    assert "output-not-file" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "c").iterdir()] == [f"{GOLD_PATH.stem}.ann"]


def test_an_invalid_document_stops_the_export_and_nothing_is_written(tmp_path, capsys):
    bad = json.loads(PASS_C_PATH.read_text(encoding="utf-8"))
    bad["mentions"][0]["text"] = "nonsense"
    path = tmp_path / f"{GOLD_PATH.stem}.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["export", "conll2012", str(path), "-o", str(tmp_path / "out.conll")]) == 1
    assert "span-text-mismatch" in capsys.readouterr().err
    assert not (tmp_path / "out.conll").exists()


def test_a_bad_system_output_is_a_problem_and_no_submission_is_written(tmp_path, capsys):
    bad = tmp_path / "sys.jsonl"
    bad.write_text('{"doc_id": "' + GOLD_PATH.stem + '", "tokens": ["Nothing"]}\n', encoding="utf-8")
    assert main(["submission-from", "oneie", str(bad), "-o", str(tmp_path / "sub.json")]) == 1
    assert "interop-token-unaligned" in capsys.readouterr().err
    assert not (tmp_path / "sub.json").exists()


def test_an_argument_role_outside_the_ontology_is_the_submission_check(tmp_path, capsys):
    out = tmp_path / "c.jsonl"
    assert main(["export", "oneie", str(PASS_C_PATH), "-o", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    first = next(line for line in lines if any(em["arguments"] for em in line["event_mentions"]))
    next(em for em in first["event_mentions"] if em["arguments"])["arguments"][0]["role"] = "Buyer"
    out.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert main(["submission-from", "oneie", str(out), "-o", str(tmp_path / "sub.json")]) == 1
    assert "submission-role-not-allowed" in capsys.readouterr().err


def test_unknown_format_and_like_outside_conll2012_are_usage_errors(tmp_path):
    assert main(["export", "xml", "-o", "x"]) == 2
    assert main(["submission-from", "xml", "x", "-o", "y"]) == 2
    assert main(["export", "oneie", "--like", str(PASS_C_PATH), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert not (tmp_path / "x.jsonl").exists()


def test_like_lines_up_a_key_and_a_response_file(tmp_path):
    key, response = tmp_path / "key.conll", tmp_path / "response.conll"
    assert main(["export", "conll2012", "--like", str(PASS_C_PATH), "-o", str(key)]) == 0
    assert main(["export", "conll2012", str(PASS_C_PATH), "--like", str(GOLD_PATH), "-o", str(response)]) == 0
    # the same sentences (blank lines) and the same words at the same word numbers
    layout = [[tuple(line.split("\t")[2:4]) for line in path.read_text(encoding="utf-8").splitlines()]
              for path in (key, response)]
    assert layout[0] == layout[1] and ("0", "Iraq") in layout[0]


def test_docbin_without_spacy_is_a_problem_not_a_traceback(tmp_path):
    code = ("import sys; sys.modules['spacy'] = None; from newsbench.cli import main; "
            f"sys.exit(main(['export', 'docbin', '-o', {str(tmp_path / 'x.spacy')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "interop-extra-missing" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.spacy").exists()


def test_the_readme_has_one_table_of_every_format_import_and_export():
    from newsbench.interop.exporters import FORMATS
    from newsbench.interop.importers import IMPORTERS
    from newsbench.paths import repo_root

    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    assert readme.count("\n## Formats\n") == 1
    section = readme.split("\n## Formats\n", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| format") and not line.startswith("| ---")]
    assert {row[1].strip("`") for row in rows if row[1].startswith("`")} >= set(IMPORTERS)
    assert {row[2].strip("`") for row in rows if row[2].startswith("`")} >= set(FORMATS)
    assert {row[3].strip("`") for row in rows if row[3].startswith("`")} == set(FORMATS)


def test_a_document_given_twice_is_a_problem(tmp_path, capsys):
    assert main(["export", "brat", str(GOLD_PATH), str(PASS_C_PATH), "-o", str(tmp_path / "b")]) == 1
    assert "duplicate-id" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_brat_export_writes_the_text_byte_for_byte_and_replaces_the_folder_in_whole(tmp_path):
    from newsbench import jsonio
    from newsbench.model import Document
    from strategies import meta_for

    text = "Rockets hit Baghdad\r\nlate on Saturday \u2028 \U0001F680"
    doc = Document(doc_id="crlf-doc", text=text, meta=meta_for(text))
    jsonio.write_document(tmp_path / "crlf-doc.json", doc)
    out = tmp_path / "b"
    out.mkdir()
    (out / "other.txt").write_text("kept", encoding="utf-8")
    assert main(["export", "brat", str(tmp_path / "crlf-doc.json"), "-o", str(out)]) == 0
    assert (out / "crlf-doc.txt").read_bytes() == text.encode("utf-8")
    assert (out / "other.txt").read_text(encoding="utf-8") == "kept"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".b.")]  # no staging folder left behind
