"""The per-document count table: what the scorer produces beside the scores, what the result file keeps under
``per_document`` and what :mod:`newsbench.evaluation.significance` resamples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Mapping, Sequence

import numpy as np

from .metrics import KINDS
from .registry import MetricSpec, metric_spec


@dataclass(frozen=True)
class CountTable:
    """Per-document counts: one row per gold document, one column per (metric, count field)."""

    doc_ids: tuple[str, ...]
    columns: tuple[str, ...]
    """'<task>/<metric>/<field>'."""
    counts: np.ndarray[Any, Any]
    items: Mapping[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = field(default_factory=dict)
    """Item lists (toponym errors): name -> (document row of each item, value)."""

    def column_index(self, key: str, fields: Sequence[str]) -> list[int]:
        """The column numbers of a metric's count fields."""
        where = {c: i for i, c in enumerate(self.columns)}
        return [where[f"{key}/{f}"] for f in fields]

    def documents_with_items(self, spec: MetricSpec) -> np.ndarray[Any, Any]:
        """Per document (row), whether it has items of the metric: a non-empty denominator, or an item of
        the list a median or AUC is computed from. conll: any of its three metrics."""
        if spec.kind in KINDS:
            cols = self.column_index(spec.key, spec.fields)
            terms = self.counts[:, cols] @ KINDS[spec.kind].matrix
            has: np.ndarray[Any, Any] = (terms[:, 1] > 0) | (terms[:, 3] > 0)
            return has
        if spec.kind == "conll":
            out = np.zeros(len(self.doc_ids), dtype=bool)
            for name in spec.sources:
                source = metric_spec(spec.task, name)
                assert source is not None  # a conll metric's sources are metrics of its task
                out |= self.documents_with_items(source)
            return out
        docs, _ = self.items.get(f"{spec.task}/{spec.sources[0]}", (np.zeros(0, dtype=np.int64), None))
        out = np.zeros(len(self.doc_ids), dtype=bool)
        out[np.asarray(docs, dtype=np.int64)] = True
        return out

    def to_json(self) -> dict[str, Any]:
        """The table as JSON (whole counts as integers)."""
        counts = self.counts
        as_int = np.all(counts == np.round(counts), axis=0)
        rows = [[int(v) if as_int[j] else float(v) for j, v in enumerate(row)] for row in counts.tolist()]
        return {"doc_ids": list(self.doc_ids), "columns": list(self.columns), "counts": rows,
                "items": {k: {"doc": d.tolist(), "value": v.tolist()} for k, (d, v) in self.items.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CountTable:
        """The table a result file's ``per_document`` holds."""
        counts = np.asarray(data["counts"], dtype=float).reshape(len(data["doc_ids"]), len(data["columns"]))
        items = {k: (np.asarray(v["doc"], dtype=np.int64), np.asarray(v["value"], dtype=float))
                 for k, v in data.get("items", {}).items()}
        return cls(tuple(data["doc_ids"]), tuple(data["columns"]), counts, items)
