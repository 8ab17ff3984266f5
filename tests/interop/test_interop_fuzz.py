"""Hostile input to submission-from and the brat importer: problems or notes, never an exception."""

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from newsbench.interop import brat, conll2012
from newsbench.interop.exporters import submission_from_files
from newsbench.interop.problems import Conversion

from interop_helpers import gold_doc, write_files

GOLD = gold_doc()
JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 40) | st.text(max_size=6),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
                        ["id", "start", "end", "entity_type", "entity_id", "role", "trigger", "arguments",
                         "event_type", "mention_type", "timex_type", "value", "attributes", "event_id", "entities",
                         "triggers", "roles"]), inner,
                        max_size=5), max_leaves=12)
LINE = st.fixed_dictionaries({"doc_id": st.just(GOLD.doc_id), "tokens": st.just(["Iraq", "rockets", "fired"])},
                             optional={"entity_mentions": JSON, "event_mentions": JSON, "timex_mentions": JSON,
                                       "sentence_start": JSON, "graph": JSON})
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                             HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.lists(LINE, min_size=1, max_size=3))
def test_oneie_lines_of_any_shape_give_problems_not_exceptions(tmp_path, lines):
    path = tmp_path / "sys.jsonl"
    path.write_text("\n".join(map(json.dumps, lines)), encoding="utf-8")
    conversion = submission_from_files("oneie", [path], tmp_path / "sub.json")  # through the submission checks
    assert (tmp_path / "sub.json").exists() != bool(conversion.problems)
    (tmp_path / "sub.json").unlink(missing_ok=True)


COLUMN = st.sampled_from(["(1", "1)", "(1)", "(2|(1)", "1)|2)", "-", "(x", "((1", "(PER*", "*)", "*"])


@SETTINGS
@given(st.lists(st.lists(COLUMN, min_size=1, max_size=3), max_size=6), st.booleans())
def test_conll2012_columns_of_any_shape_give_problems_not_exceptions(rows, begin):
    words = ["Iraq", "rockets", "fired", "at", "US", "embassy"]
    lines = [f"#begin document ({GOLD.doc_id}); part 000"] if begin else []
    lines += [" ".join([GOLD.doc_id, "0", str(k), words[k % 6], *row]) for k, row in enumerate(rows)]
    lines.append("#end document")
    conll2012.submission_documents("\n".join(lines) + "\n", "x", {GOLD.doc_id: GOLD}, Conversion(),
                                   default_type="PER")


ANN_LINE = st.sampled_from(["T1\tPER 0 4\tIraq", "T2\tLiteral 0 4\tIraq", "T3\tConflict.Attack 13 18\tfired",
                            "E1\tConflict.Attack:T3 Target:T1", "E2\tLife.Die:T9", "A1\tLevel T1 NAM",
                            "A2\tReading", "N1\tReference T2 GeoNames:x\tIraq", "#1\tAnnotatorNotes T2\t{\"lat\": 1}",
                            "#2\tAnnotatorNotes T2\t33.1, 44.2", "*\tEquiv T1 T2", "R1\tCoreference Arg1:T1",
                            "T4\tPER 5;9\tx", "T5\tDATE 0 4\tIraq", "#3\tAnnotatorNotes T5\t{\"value\": 5}",
                            "#4\tAnnotatorNotes T1\t{\"head\": [\"a\", 3]}", "garbage", "",
                            "R2\tCoreference T1 T2", "\tA T1 x", "E3\tLife.Die", "T6\tPER 4 0\tx"])


@SETTINGS
@given(st.lists(ANN_LINE, max_size=8))
def test_brat_lines_of_any_shape_give_problems_not_exceptions(tmp_path, lines):
    folder = write_files(tmp_path / "x", {f"{GOLD.doc_id}.txt": GOLD.text.encode(),
                                          f"{GOLD.doc_id}.ann": "\n".join(lines).encode()})
    brat.import_documents([folder], Conversion())
    brat.submission_documents([folder], {GOLD.doc_id: GOLD}, Conversion())
