"""The per-document count table: what the scorer produces beside the scores, what the result file keeps under
``per_document`` and what :mod:`newsbench.evaluation.significance` resamples."""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .metrics import KINDS
from .registry import MetricSpec, task


JSON_BLOCK_ROWS = 256
"""Rows of the count table converted to Python values at a time when it is written (:meth:`CountTable.json_text`).
A block's values are a Python object each for a while (a float each, before the whole columns become ints): 4096
rows of 135 columns held about 24 MiB at once, 256 hold 1.5."""


JSON_BLOCK_ITEMS = 16384
"""Items of an item list converted to Python values at a time when the table is written (a number each: 40 bytes
or so, and its text)."""


def _joined(blocks: Iterable[list[Any]]) -> Iterator[str]:
    """The text ``json.dumps`` makes of the concatenated lists, a block at a time."""
    yield "["
    between = ""
    for block in blocks:
        if block:
            yield between + json.dumps(block, ensure_ascii=False)[1:-1]
            between = ", "
    yield "]"


@dataclass(frozen=True)
class CountTable:
    """Per-document counts: one row per gold document, one column per (metric, count field)."""

    doc_ids: tuple[str, ...]
    columns: tuple[str, ...]
    """'<task>/<metric>/<field>'."""
    counts: npt.NDArray[np.float64]
    items: Mapping[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = field(default_factory=dict)
    """Item lists (toponym errors): name -> (document row of each item, value)."""
    mapping: mmap.mmap | None = field(default=None, compare=False, repr=False)
    """The file mapping ``counts`` reads, if any: :meth:`blocks` gives each block's pages back to the kernel once
    read, so that a pass over a large table does not keep it resident."""

    def column_index(self, key: str, fields: Sequence[str]) -> list[int]:
        """The column numbers of a metric's count fields."""
        where = {c: i for i, c in enumerate(self.columns)}
        return [where[f"{key}/{f}"] for f in fields]

    def documents_with_items(self, spec: MetricSpec) -> npt.NDArray[np.bool_]:
        """Per document (row), whether it has items of the metric: a non-empty denominator, or an item of
        the list a median or AUC is computed from. conll: any of its three metrics."""
        if spec.kind in KINDS:
            cols = self.column_index(spec.key, spec.fields)
            matrix = KINDS[spec.kind].matrix
            parts = [np.zeros(0, dtype=bool)]  # a block's rows at a time (each row's answer is its own)
            for block in self.blocks():
                terms = block[:, cols] @ matrix
                parts.append((terms[:, 1] > 0) | (terms[:, 3] > 0))
            return np.concatenate(parts)
        if spec.kind == "conll":
            out = np.zeros(len(self.doc_ids), dtype=bool)
            for source in task(spec.task).metrics:
                if source.name in spec.sources:
                    out |= self.documents_with_items(source)
            return out
        docs, _ = self.items.get(f"{spec.task}/{spec.sources[0]}", (np.zeros(0, dtype=np.int64), None))
        out = np.zeros(len(self.doc_ids), dtype=bool)
        out[np.asarray(docs, dtype=np.int64)] = True
        return out

    def to_json(self) -> dict[str, Any]:
        """The table as the result file keeps it (``per_document``)."""
        rows: list[list[int | float]] = []
        for block in self._json_rows():
            rows += block
        return {"doc_ids": list(self.doc_ids), "columns": list(self.columns), "counts": rows,
                "items": self._items_json()}

    def json_text(self) -> Iterator[str]:
        """The text ``json.dumps(self.to_json(), ensure_ascii=False)`` makes, in pieces (a block of rows each), so
        that writing a large table holds none of it whole."""
        yield (f'{{"doc_ids": {json.dumps(list(self.doc_ids), ensure_ascii=False)}, '
               f'"columns": {json.dumps(list(self.columns), ensure_ascii=False)}, "counts": ')
        yield from _joined(self._json_rows())
        yield ', "items": {'
        for n, (key, (docs, values)) in enumerate(self.items.items()):  # an item list can be 10 a document
            yield f'{", " if n else ""}{json.dumps(key, ensure_ascii=False)}: {{"doc": '
            yield from _joined(docs[at:at + JSON_BLOCK_ITEMS].tolist() for at in range(0, len(docs), JSON_BLOCK_ITEMS))
            yield ', "value": '
            yield from _joined(values[at:at + JSON_BLOCK_ITEMS].tolist()
                               for at in range(0, len(values), JSON_BLOCK_ITEMS))
            yield "}"
        yield "}}"

    def _json_rows(self) -> Iterator[list[list[int | float]]]:
        """The rows as Python values, :data:`JSON_BLOCK_ROWS` at a time (converted in numpy a block at a time:
        memory stays flat); a column of whole numbers only is written as ints."""
        whole = np.ones(len(self.columns), dtype=bool)
        for block in self.blocks():
            whole &= np.all(np.isfinite(block) & (block == np.round(block)), axis=0)
        for block in self.blocks():
            values = block.astype(object)  # Python floats
            values[:, whole] = block[:, whole].astype(np.int64)  # stored as Python ints
            yield values.tolist()

    def column_sums(self) -> npt.NDArray[np.float64]:
        """Each column's sum, added up row after row as ``counts.sum(axis=0)`` adds them (the same floats), a block
        at a time."""
        sums = np.zeros(len(self.columns))
        for at, block in enumerate(self.blocks()):
            sums = block.sum(axis=0) if at == 0 else np.concatenate((sums[None], block)).sum(axis=0)
        return sums

    def blocks(self) -> Iterator[npt.NDArray[np.float64]]:
        """The count rows, :data:`JSON_BLOCK_ROWS` at a time (a mapped table's pages dropped after each block: they
        stay in the file)."""
        width = self.counts.itemsize * len(self.columns)  # bytes a row
        for at in range(0, len(self.counts), JSON_BLOCK_ROWS):
            yield self.counts[at:at + JSON_BLOCK_ROWS]
            if self.mapping is not None:
                start = at * width // mmap.PAGESIZE * mmap.PAGESIZE
                stop = min(at + JSON_BLOCK_ROWS, len(self.counts)) * width
                self.mapping.madvise(mmap.MADV_DONTNEED, start, stop - start)

    def _items_json(self) -> dict[str, Any]:
        return {k: {"doc": d.tolist(), "value": v.tolist()} for k, (d, v) in self.items.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CountTable:
        """The table of a result file's ``per_document``."""
        counts = np.asarray(data["counts"], dtype=float).reshape(len(data["doc_ids"]), len(data["columns"]))
        items = {k: (np.asarray(v["doc"], dtype=np.int64), np.asarray(v["value"], dtype=float))
                 for k, v in data.get("items", {}).items()}
        return cls(tuple(data["doc_ids"]), tuple(data["columns"]), counts, items)
