"""The count table as the result file keeps it: a column of whole counts is written as ints, any other as floats,
row by row, and it reads back as the same table."""

import json

import numpy as np
from hypothesis import given, settings, strategies as st

from newsbench.evaluation import counts as counts_module
from newsbench.evaluation.counts import CountTable


def _element_wise(counts: np.ndarray) -> list[list[int | float]]:
    """The definition: per column, ints when every value of it is whole, else floats."""
    whole = [all(float(v).is_integer() for v in counts[:, j]) for j in range(counts.shape[1])]
    return [[int(v) if whole[j] else float(v) for j, v in enumerate(row)] for row in counts.tolist()]


_VALUES = st.one_of(st.integers(-3, 10**6).map(float), st.sampled_from([0.5, -0.0, 2.25, 1e-9, 12345.75]))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 9), st.integers(1, 6), st.data())
def test_rows_are_ints_in_whole_columns_and_floats_elsewhere(n_rows, n_cols, data):
    values = data.draw(st.lists(_VALUES, min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    counts = np.asarray(values, dtype=float).reshape(n_rows, n_cols)
    table = CountTable(tuple(f"d{i}" for i in range(n_rows)), tuple(f"t/m/f{j}" for j in range(n_cols)), counts)
    out = table.to_json()
    expected = _element_wise(counts)
    assert out["counts"] == expected
    # the same JSON text: an int and the equal float are written differently (3 and 3.0)
    assert json.dumps(out["counts"]) == json.dumps(expected)
    back = CountTable.from_json(out)
    assert np.array_equal(back.counts, counts) and back.doc_ids == table.doc_ids
    assert "".join(table.json_text()) == json.dumps(out, ensure_ascii=False)  # what the result file is written from


def test_a_table_longer_than_a_block_is_written_whole(monkeypatch):
    monkeypatch.setattr(counts_module, "JSON_BLOCK_ROWS", 4)
    monkeypatch.setattr(counts_module, "JSON_BLOCK_ITEMS", 2)  # the first list in two blocks, the second in one
    counts = np.arange(30, dtype=float).reshape(10, 3)
    counts[7, 1] = 0.5  # column 1: floats in every row
    table = CountTable(tuple(f"d{i}" for i in range(10)), ("a/b/c", "a/b/d", "a/b/e"), counts)
    rows = table.to_json()["counts"]
    assert rows == _element_wise(counts)
    assert [type(v) for v in rows[0]] == [int, float, int] and rows[7][1] == 0.5 and len(rows) == 10
    items = {"t/items": (np.array([1, 7, 7], dtype=np.int64), np.array([2.5, 0.0, 1e-7])),
             "t/more": (np.array([3], dtype=np.int64), np.array([4.0])), "t/none": (np.zeros(0, dtype=np.int64),
                                                                              np.zeros(0))}
    text = "".join(CountTable(table.doc_ids, table.columns, counts, items).json_text())
    assert text == json.dumps(CountTable(table.doc_ids, table.columns, counts, items).to_json(), ensure_ascii=False)
    assert json.loads(text)["counts"] == rows


def test_the_text_of_an_empty_table_is_its_json():
    table = CountTable((), ("a/b/c", "a/b/ü"), np.zeros((0, 2)))
    assert "".join(table.json_text()) == json.dumps(table.to_json(), ensure_ascii=False)
