"""CPU time of each stage of ``newsbench build``'s conversion, in one process (prints figures; not a test).

    .venv/bin/python scripts/bench_build.py CORPUS [--docs 512] [--runs 5]

CORPUS is a corpus folder (``gold/``, ``seeds/``), e.g. a synthetic one from ``scripts/bench_cli.py``
(``<corpora>/synthetic-1000-seed0/sentences-40/corpus``). The first ``--docs`` gold files are read once (as a
worker reads them after ``newsbench validate``: trusted from the validated-documents cache when it holds them),
then converted chunk by chunk as a build worker does (``CHUNK_DOCS`` documents a chunk, its collector settings)
``--runs`` times: the rows of each document (``document_rows``), the chunk's Arrow tables (``_tables``), and their
Parquet encoding into a scratch file (the build's options). Each stage's figure is its process time per document,
the min over the runs (the least disturbed by other work on the machine). Also printed: the bytes a worker sends the
parent for the first chunk (``_convert_chunk``'s result, pickled as multiprocessing does). To compare two versions,
run this script with ``PYTHONPATH=<other checkout>/src`` and without, interleaved (A B A B).
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
from multiprocessing.reduction import ForkingPickler

import newsbench
from newsbench.dataset import writer
from newsbench.dataset.rows import document_rows
from newsbench.validate import gold_paths, read_documents


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--docs", type=int, default=512)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--rows-only", action="store_true",
                   help="only document_rows, --runs times (no Arrow: quick enough for valgrind --tool=callgrind; the "
                        "rows' instructions are the difference between two --runs)")
    args = p.parse_args(argv)
    paths = gold_paths(args.corpus / "gold")[:args.docs]
    t = time.process_time()
    docs = [r.document for r in read_documents(paths, seeds=args.corpus / "seeds", cache="read", warnings=False)]
    read = time.process_time() - t
    if args.rows_only:
        t = time.process_time()
        for _ in range(args.runs):
            for doc in docs:
                document_rows(doc, "bench")
        print(f"rows of {len(docs)} documents x {args.runs}: {time.process_time() - t:.3f} s")
        return 0
    schemas = writer.arrow_schemas()
    sent = len(ForkingPickler.dumps(writer._convert_chunk("train", paths[:writer.CHUNK_DOCS], args.corpus / "seeds",
                                                          schemas)))
    gc.freeze()
    gc.set_threshold(100_000, 50, 50)  # as writer._init_worker
    best = {"rows": float("inf"), "tables": float("inf"), "parquet": float("inf")}
    with tempfile.TemporaryDirectory(prefix="newsbench-bench-build-") as tmp:
        for _ in range(args.runs):
            spent = dict.fromkeys(best, 0.0)
            for i in range(0, len(docs), writer.CHUNK_DOCS):
                t0 = time.process_time()
                rows: dict[str, list[dict]] = {c: [] for c in writer.CONFIGS}
                for doc in docs[i:i + writer.CHUNK_DOCS]:
                    out = document_rows(doc, "bench")
                    for c in writer.CONFIGS:
                        rows[c].extend(out.rows[c])
                t1 = time.process_time()
                tables = writer._tables(rows, schemas)
                t2 = time.process_time()
                for c, table in tables.items():
                    with pq.ParquetWriter(Path(tmp) / f"{c}.parquet", schemas[c], **writer.PARQUET_OPTIONS) as w:
                        w.write_table(table, row_group_size=table.num_rows)
                t3 = time.process_time()
                spent["rows"] += t1 - t0
                spent["tables"] += t2 - t1
                spent["parquet"] += t3 - t2
                del rows, tables
            best = {k: min(v, spent[k]) for k, v in best.items()}
    where = Path(newsbench.__file__).resolve().parents[2]
    print(f"{where} ({len(docs)} documents, min of {args.runs} runs): read {read / len(docs) * 1000:.3f} ms/doc "
          "(once), " + ", ".join(f"{k} {v / len(docs) * 1000:.3f}" for k, v in best.items()) + " ms/doc; "
          f"a chunk sent to the parent: {sent / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
