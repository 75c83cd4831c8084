"""The corpus's dense index: faiss over one normalised vector per document.

The index kind follows the corpus size (inner product = cosine, vectors are
L2-normalised):

- fewer than :data:`FLAT_MAX` documents: ``IndexFlatIP``, exact;
- up to :data:`IVF_FLAT_MAX`: ``IndexIVFFlat``, ``nlist = 4·√N`` lists (rounded
  to a power of two, at most 65,536 and at most N / 39), trained on up to 64 vectors per list
  sampled evenly across the partitions; vectors kept whole (4 bytes per
  dimension per document), so the distances within the lists probed are exact;
- above: ``IndexIVFPQ`` (``m = d/8`` sub-quantisers of 8 bits) re-ranked exactly
  by ``IndexRefineFlat`` (``k_factor`` :data:`REFINE_K_FACTOR`); not measured
  at that size (see docs/scale.md).

``nprobe`` (lists searched per query) is **calibrated at build time from a
recall target**: :data:`CALIBRATION_QUERIES` queries, each the normalised sum
of :data:`CALIBRATION_MIX` documents' vectors (a query that falls between
topics, as free text does: on the benchmark corpus such queries need as many
lists as 8-word text queries, while a document's own vector, noisy or not,
needs fewer), are searched exactly (brute force over the partitions) and with each
``nprobe`` of :data:`NPROBE_STEPS` in turn; the smallest whose tie-aware
recall@10 (:func:`tie_aware_recall`: the synthetic corpus holds identical
vectors, so which of several tied documents is "the" 10th is arbitrary)
reaches :data:`RECALL_TARGET` is kept in the metadata (with the recall it
reached), the largest when none does.

HNSW (``IndexHNSWFlat``, M 32, efSearch 128) was used up to 500,000 documents
until 2026-12-07: on the synthetic benchmark corpus (thousands of near-copies
per template) its recall@10 against exact search was 0.53 at 100,000
documents and stayed below 0.85 at efSearch 2,048, while IVF-Flat reached 0.975
at nprobe 32 five times as fast (benchmarks/README.md). Indexes built with it
still load.

Partitions are added one after another in row order (row ``i`` of the
corpus is faiss id ``i``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

__all__ = ["CALIBRATION_MIX", "CALIBRATION_QUERIES", "FLAT_MAX", "IVF_FLAT_MAX", "NPROBE_STEPS",
           "RECALL_TARGET", "TIE_EPSILON", "build_dense", "calibrate", "dense_kind", "exact_top",
           "load_dense", "recall_at", "search_dense", "tie_aware_recall"]

FLAT_MAX = 2_000
IVF_FLAT_MAX = 2_000_000
TRAIN_PER_LIST = 64
NPROBE_STEPS = (8, 16, 32, 64, 128, 256, 512)
RECALL_TARGET = 0.99  # a margin over the 0.95: calibration queries are not user queries
CALIBRATION_QUERIES = 256
CALIBRATION_MIX = 8
REFINE_K_FACTOR = 4
TIE_EPSILON = 1e-5  # float32 inner products of 256–512 terms agree to about 1e-6
HNSW_EF_SEARCH = 128  # indexes built before 2026-12-07

Vectors = npt.NDArray[np.float32]
Partitions = Callable[[], Iterator[Vectors]]


def dense_kind(count: int) -> str:
    """``flat``, ``ivfflat`` or ``ivfpq`` for a corpus of ``count`` documents."""
    if count < FLAT_MAX:
        return "flat"
    return "ivfflat" if count <= IVF_FLAT_MAX else "ivfpq"


def _nlist(count: int) -> int:
    """4·√N rounded to a power of two, at most 65,536 and at most N / 39 (faiss's k-means
    wants 39 training points per centroid and warns on stderr below that)."""
    wanted = 2 ** round(math.log2(max(4 * math.sqrt(count), 16)))
    return int(min(65_536, wanted, 2 ** int(math.log2(max(count // 39, 1)))))


def build_dense(*, path: Path, count: int, dim: int, partitions: Partitions) -> dict[str, Any]:
    """Build the index of ``count`` vectors from ``partitions()`` and write it atomically to
    ``path``; returns its parameters for the corpus metadata.

    ``partitions()`` is called once for a flat index; for IVF, four times: the training
    sample, the vectors added, the calibration queries, their exact neighbours."""
    faiss.omp_set_num_threads(1)  # the machine is shared; Ray parallelises across partitions
    kind = dense_kind(count)
    params: dict[str, Any] = {"kind": kind, "dim": dim, "count": count}
    index: Any
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    else:
        nlist = _nlist(count)
        ivf: Any
        if kind == "ivfflat":
            ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist,
                                     faiss.METRIC_INNER_PRODUCT)
        else:
            m = max(1, dim // 8)
            ivf = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, nlist, m, 8,
                                   faiss.METRIC_INNER_PRODUCT)
            params.update(m=m, nbits=8, k_factor=REFINE_K_FACTOR)
        ivf.train(_sample(partitions(), count, min(count, TRAIN_PER_LIST * nlist)))
        index = ivf
        if kind == "ivfpq":
            index = faiss.IndexRefineFlat(ivf)
            index.k_factor = REFINE_K_FACTOR
        params["nlist"] = nlist
    for vectors in partitions():
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    if kind != "flat":
        params.update(calibrate(index, partitions, count))
    temporary = path.with_name(f".tmp-{path.name}")
    faiss.write_index(index, str(temporary))
    temporary.replace(path)
    return params


def _sample(parts: Iterator[Vectors], count: int, wanted: int) -> Vectors:
    step = max(1, count // max(wanted, 1))
    chosen = [vectors[::step] for vectors in parts]
    return np.ascontiguousarray(np.concatenate(chosen)[:wanted], dtype=np.float32)


def _ivf(index: Any) -> Any:
    return faiss.extract_index_ivf(index.base_index if hasattr(index, "base_index") else index)


def _calibration_queries(partitions: Partitions, count: int) -> Vectors:
    """Normalised sums of :data:`CALIBRATION_MIX` documents' vectors, drawn with a fixed
    seed."""
    rng = np.random.default_rng(0)
    pairs = rng.choice(count, size=(min(CALIBRATION_QUERIES, count), CALIBRATION_MIX))
    wanted = np.unique(pairs)
    found: dict[int, Vectors] = {}
    offset = 0
    for vectors in partitions():
        inside = wanted[(wanted >= offset) & (wanted < offset + len(vectors))]
        found.update((int(i), vectors[i - offset]) for i in inside)
        offset += len(vectors)
    summed = np.stack([np.sum([found[int(i)] for i in mix], axis=0)
                       for mix in pairs]).astype(np.float32)
    norms = np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12)
    queries: Vectors = (summed / norms).astype(np.float32)
    return queries


def exact_top(parts: Iterable[Vectors], queries: Vectors,
              k: int = 10) -> tuple[Vectors, npt.NDArray[np.int64]]:
    """Exact inner-product top ``k`` scores and row ids per query, one partition at a time."""
    best_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_ids = np.full((len(queries), k), -1, dtype=np.int64)
    offset = 0
    for vectors in parts:
        if len(vectors):
            scores = queries @ np.asarray(vectors, dtype=np.float32).T
            top = (np.argpartition(-scores, k - 1, axis=1)[:, :k] if scores.shape[1] > k
                   else np.argsort(-scores, axis=1, kind="stable"))
            merged_scores = np.concatenate(
                [best_scores, np.take_along_axis(scores, top, axis=1)], axis=1)
            merged_ids = np.concatenate([best_ids, top + offset], axis=1)
            order = np.argsort(-merged_scores, axis=1, kind="stable")[:, :k]
            best_scores = np.take_along_axis(merged_scores, order, axis=1)
            best_ids = np.take_along_axis(merged_ids, order, axis=1)
        offset += len(vectors)
    return best_scores, best_ids


def recall_at(found: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> float:
    """Mean share of each query's exact neighbours (by id) that ``found`` holds."""
    k = truth.shape[1]
    return float(np.mean([len(set(f.tolist()) & set(t.tolist())) / k
                          for f, t in zip(found, truth, strict=True)]))


def tie_aware_recall(found_scores: Vectors, truth_scores: Vectors) -> float:
    """Mean share of results scoring at least the exact ``k``-th score (less
    :data:`TIE_EPSILON`): where documents tie for the last place (identical vectors),
    any of them is a right answer, as ann-benchmarks counts (distance threshold).
    The scores must be exact (IVF-Flat and re-ranked IVF-PQ return exact ones)."""
    threshold = truth_scores[:, -1:] - TIE_EPSILON
    return float(np.mean(found_scores >= threshold))


def calibrate(index: Any, partitions: Partitions, count: int) -> dict[str, Any]:
    """The smallest ``nprobe`` of :data:`NPROBE_STEPS` reaching :data:`RECALL_TARGET`."""
    queries = _calibration_queries(partitions, count)
    k = min(10, count)
    truth, _ = exact_top(partitions(), queries, k)
    ivf = _ivf(index)
    nprobe, recall = NPROBE_STEPS[-1], 0.0
    for step in NPROBE_STEPS:
        ivf.nprobe = min(step, ivf.nlist)
        recall = tie_aware_recall(index.search(queries, k)[0], truth)
        if recall >= RECALL_TARGET or step >= ivf.nlist:
            nprobe = ivf.nprobe
            break
    return {"nprobe": int(nprobe), "calibration": {
        "queries": len(queries), "target": RECALL_TARGET, "recall_at_10": round(recall, 4)}}


def load_dense(path: Path, params: dict[str, Any]) -> Any:
    """The index at ``path`` with its search parameters set."""
    index: Any = faiss.read_index(str(path))
    if params["kind"] == "hnsw":
        index.hnsw.efSearch = params.get("ef_search", HNSW_EF_SEARCH)
    elif params["kind"] in ("ivfflat", "ivfpq"):
        _ivf(index).nprobe = int(params["nprobe"])
        if params["kind"] == "ivfpq":
            index.k_factor = int(params.get("k_factor", REFINE_K_FACTOR))
    return index


def search_dense(index: Any, queries: Vectors,
                 k: int) -> tuple[Vectors, npt.NDArray[np.int64]]:
    """Scores and row ids of the ``k`` nearest documents per query (-1: none)."""
    scores, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return scores, ids
