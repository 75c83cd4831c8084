"""The corpus's dense index: faiss over one normalised vector per document.

The index kind follows the corpus size (inner product = cosine, vectors are
L2-normalised):

- fewer than :data:`FLAT_MAX` documents: ``IndexFlatIP``, exact;
- up to :data:`HNSW_MAX`: ``IndexHNSWFlat`` with ``M = 32``,
  ``efConstruction = 80``, ``efSearch = 128``; vectors kept whole (4 bytes per
  dimension per document);
- above: ``IndexIVFPQ`` with ``nlist = 4·√N`` (rounded to a power of two, at
  most 65,536) lists, ``m = d/8`` sub-quantisers of 8 bits (``d/8`` bytes per
  document), trained on up to 256 vectors per list sampled evenly across the
  partitions, ``nprobe = 32``, and re-ranked exactly (``IndexRefineFlat``,
  ``k_factor = 4``) so recall stays near the HNSW figure; the refine stage
  keeps the whole vectors too, so IVF-PQ here buys build time and training
  cost, not memory — drop the refine for memory (a documented trade-off in
  docs/scale.md).

Partitions are added one after another in row order (row ``i`` of the
corpus is faiss id ``i``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

__all__ = ["FLAT_MAX", "HNSW_MAX", "build_dense", "dense_kind", "load_dense", "search_dense"]

FLAT_MAX = 2_000
HNSW_MAX = 500_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
IVF_NPROBE = 32
REFINE_K_FACTOR = 4


def dense_kind(count: int) -> str:
    """``flat``, ``hnsw`` or ``ivfpq`` for a corpus of ``count`` documents."""
    if count < FLAT_MAX:
        return "flat"
    return "hnsw" if count <= HNSW_MAX else "ivfpq"


def _nlist(count: int) -> int:
    return int(min(65_536, 2 ** round(math.log2(max(4 * math.sqrt(count), 16)))))


def build_dense(
    *, path: Path, count: int, dim: int,
    partitions: Callable[[], Iterator[npt.NDArray[np.float32]]],
) -> dict[str, Any]:
    """Build the index of ``count`` vectors from ``partitions()`` (called once, twice for
    IVF-PQ: a training sample first) and write it atomically to ``path``; returns its
    parameters for the corpus metadata."""
    faiss.omp_set_num_threads(1)  # the machine is shared; Ray parallelises across partitions
    kind = dense_kind(count)
    params: dict[str, Any] = {"kind": kind, "dim": dim, "count": count}
    index: Any
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        params.update(M=HNSW_M, ef_construction=HNSW_EF_CONSTRUCTION,
                      ef_search=HNSW_EF_SEARCH)
    else:
        nlist, m = _nlist(count), max(1, dim // 8)
        quantiser = faiss.IndexFlatIP(dim)
        ivf = faiss.IndexIVFPQ(quantiser, dim, nlist, m, 8, faiss.METRIC_INNER_PRODUCT)
        ivf.train(_sample(partitions(), count, min(count, 256 * nlist)))
        index = faiss.IndexRefineFlat(ivf)
        index.k_factor = REFINE_K_FACTOR
        params.update(nlist=nlist, m=m, nbits=8, nprobe=IVF_NPROBE, k_factor=REFINE_K_FACTOR)
    for vectors in partitions():
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    temporary = path.with_name(f".tmp-{path.name}")
    faiss.write_index(index, str(temporary))
    temporary.replace(path)
    return params


def _sample(parts: Iterator[npt.NDArray[np.float32]], count: int,
            wanted: int) -> npt.NDArray[np.float32]:
    step = max(1, count // max(wanted, 1))
    chosen = [vectors[::step] for vectors in parts]
    return np.ascontiguousarray(np.concatenate(chosen)[:wanted], dtype=np.float32)


def load_dense(path: Path, params: dict[str, Any]) -> Any:
    """The index at ``path`` with its search parameters set."""
    index: Any = faiss.read_index(str(path))
    if params["kind"] == "hnsw":
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif params["kind"] == "ivfpq":
        faiss.extract_index_ivf(index.base_index).nprobe = IVF_NPROBE
        index.k_factor = REFINE_K_FACTOR
    return index


def search_dense(index: Any, queries: npt.NDArray[np.float32],
                 k: int) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Scores and row ids of the ``k`` nearest documents per query (-1: none)."""
    scores, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return scores, ids
