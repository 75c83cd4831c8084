"""Build a corpus's indexes from its partitions: tantivy BM25 and faiss dense vectors.

Rows are numbered in partition-name order (the same numbers in both indexes).
Partitions are added one at a time, committed as tantivy segments every
:data:`COMMIT_DOCUMENTS` documents (tantivy's merge policy then merges
segments), and added to the faiss index in turn, so memory stays at one
partition plus the indexes. The new indexes are built in
``DIR/.tmp-index`` and swapped in with renames, so a search never sees half an
index and a crash leaves the old one in place. ``DIR/index/meta.json`` records
the row ranges of the partitions and the dense index's parameters.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from kizuna.adapters.corpus.dense import build_dense
from kizuna.adapters.corpus.lexical import add_documents, new_writer, open_index
from kizuna.adapters.corpus.store import DOCUMENT_SCHEMA, CorpusLayout

__all__ = ["build_indexes", "partition_vectors"]

#: Documents added between tantivy commits: each commit writes a segment (and syncs files),
#: which tantivy's merge policy later merges; per tiny partition it would dominate the build.
COMMIT_DOCUMENTS = 20_000
_LEXICAL_COLUMNS = [f.name for f in DOCUMENT_SCHEMA if f.name != "vector"]


def partition_vectors(layout: CorpusLayout, name: str) -> npt.NDArray[np.float32]:
    """The document vectors of one partition as an (n, d) array ((n, 0) without vectors)."""
    column = pq.read_table(layout.document_part(name), columns=["vector"]).column("vector")
    flat = column.combine_chunks() if column.num_chunks else pa.array([], pa.list_(pa.float32()))
    count = len(flat)
    values = np.asarray(flat.flatten(), dtype=np.float32)
    if count == 0 or values.size == 0:
        return np.zeros((count, 0), dtype=np.float32)
    return values.reshape(count, values.size // count)


def build_indexes(layout: CorpusLayout, partitions: Sequence[str]) -> dict[str, Any]:
    """Build both indexes from ``partitions`` and swap them in; returns the metadata."""
    temporary = layout.root / ".tmp-index"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    index = open_index(temporary / "bm25", create=True)
    writer = new_writer(index)
    ranges: list[list[Any]] = []
    row = pending = 0
    for name in partitions:
        rows = pq.read_table(layout.document_part(name), columns=_LEXICAL_COLUMNS).to_pylist()
        add_documents(writer, rows, row)
        pending += len(rows)
        if pending >= COMMIT_DOCUMENTS:
            writer.commit()
            pending = 0
        ranges.append([name, row, len(rows)])
        row += len(rows)
    writer.commit()
    writer.wait_merging_threads()
    dim = 0
    for name in partitions:  # the first partition with documents says the dimension
        first = partition_vectors(layout, name)
        if first.shape[0]:
            dim = first.shape[1]
            break

    def vectors() -> Iterator[npt.NDArray[np.float32]]:
        for name in partitions:
            yield partition_vectors(layout, name)

    dense = (build_dense(path=temporary / "dense.faiss", count=row, dim=dim, partitions=vectors)
             if dim and row else None)
    meta = {"documents": row, "partitions": ranges, "dense": dense}
    (temporary / "meta.json").write_text(json.dumps(meta, indent=1), "utf-8")
    _swap(layout, temporary)
    return meta


def _swap(layout: CorpusLayout, fresh: Path) -> None:
    old = layout.root / ".old-index"
    shutil.rmtree(old, ignore_errors=True)
    if layout.index.exists():
        layout.index.replace(old)
    fresh.replace(layout.index)
    shutil.rmtree(old, ignore_errors=True)
