"""The dense index: kind by size, nprobe calibrated to the recall target, exact search, ties."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import faiss
import numpy as np
import pytest

from kizuna.adapters.corpus.dense import (
    FLAT_MAX,
    IVF_FLAT_MAX,
    NPROBE_STEPS,
    RECALL_TARGET,
    REFINE_K_STEPS,
    build_dense,
    dense_kind,
    exact_top,
    load_dense,
    recall_at,
    search_dense,
    tie_aware_recall,
)


def _clustered(count: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    """Near-copies around a few templates, as the synthetic corpus is, some exact copies."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((12, dim))
    vectors = centres[rng.integers(0, 12, count)] + 0.05 * rng.standard_normal((count, dim))
    vectors[1::50] = vectors[::50][: len(vectors[1::50])]  # identical pairs: tied scores
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _spread(count: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    """Documents around many topics, each well apart from its neighbours (no near-copies)."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(0).standard_normal((1_000, dim))
    vectors = centres[rng.integers(0, 1_000, count)] + 0.5 * rng.standard_normal((count, dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _parts(vectors: np.ndarray, size: int = 1_000):
    def partitions() -> Iterator[np.ndarray]:
        for start in range(0, len(vectors), size):
            yield vectors[start: start + size]
    return partitions


def test_the_kind_follows_the_corpus_size() -> None:
    assert dense_kind(FLAT_MAX - 1) == "flat"
    assert dense_kind(FLAT_MAX) == "ivfflat"
    assert dense_kind(IVF_FLAT_MAX) == "ivfflat"
    assert dense_kind(IVF_FLAT_MAX + 1) == "ivfpqfs"


def test_exact_top_is_brute_force_across_partitions() -> None:
    vectors = _clustered(3_000)
    queries = _clustered(40, seed=1)
    scores, ids = exact_top(_parts(vectors, 700)(), queries)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    want_scores, want_ids = flat.search(queries, 10)
    np.testing.assert_allclose(scores, want_scores, atol=1e-5)
    assert tie_aware_recall(want_scores, scores) == 1.0
    assert recall_at(ids, want_ids) > 0.9  # ties may be broken differently


def test_tie_aware_recall_counts_any_of_the_tied_documents() -> None:
    truth = np.array([[0.9, 0.8, 0.7]], dtype=np.float32)
    assert tie_aware_recall(np.array([[0.9, 0.8, 0.7]], dtype=np.float32), truth) == 1.0
    assert tie_aware_recall(np.array([[0.9, 0.7, 0.6]], dtype=np.float32), truth) == \
        pytest.approx(2 / 3)


def test_ivf_flat_is_calibrated_to_the_recall_target(tmp_path: Path) -> None:
    vectors = _clustered(8_000)
    params = build_dense(path=tmp_path / "d.faiss", count=len(vectors), dim=32,
                         partitions=_parts(vectors))
    assert params["kind"] == "ivfflat" and params["nlist"] == 128
    assert params["calibration"]["target"] == RECALL_TARGET
    assert params["calibration"]["recall_at_10"] >= RECALL_TARGET
    index = load_dense(tmp_path / "d.faiss", params)
    assert faiss.extract_index_ivf(index).nprobe == params["nprobe"]
    # held-out queries (not the calibration mixes) reach the 0.95 too
    queries = _clustered(200, seed=7)
    truth_scores, _ = exact_top(_parts(vectors)(), queries)
    scores, ids = search_dense(index, queries, 10)
    assert tie_aware_recall(scores, truth_scores) >= 0.95
    assert (ids >= 0).all()


def test_a_smaller_nprobe_would_miss_the_target(tmp_path: Path) -> None:
    vectors = _clustered(8_000)
    params = build_dense(path=tmp_path / "d.faiss", count=len(vectors), dim=32,
                         partitions=_parts(vectors))
    if params["nprobe"] == NPROBE_STEPS[0]:
        pytest.skip("the first step already met the target")
    index = load_dense(tmp_path / "d.faiss", params)
    rng = np.random.default_rng(0)
    mixes = vectors[rng.choice(len(vectors), size=(256, 8))].sum(axis=1)
    queries = (mixes / np.linalg.norm(mixes, axis=1, keepdims=True)).astype(np.float32)
    truth_scores, _ = exact_top(_parts(vectors)(), queries)
    step_before = NPROBE_STEPS[NPROBE_STEPS.index(params["nprobe"]) - 1]
    faiss.extract_index_ivf(index).nprobe = step_before
    assert tie_aware_recall(search_dense(index, queries, 10)[0],
                            truth_scores) < RECALL_TARGET


def test_large_corpora_scan_fast_scan_codes_and_rerank_exactly(tmp_path: Path) -> None:
    vectors = _spread(IVF_FLAT_MAX + 4_000)
    params = build_dense(path=tmp_path / "d.faiss", count=len(vectors), dim=32,
                         partitions=_parts(vectors, 10_000))
    assert params["kind"] == "ivfpqfs" and "fallback" not in params
    assert (params["m"], params["nbits"]) == (16, 4) and params["k_factor"] in REFINE_K_STEPS
    assert params["calibration"]["target"] == RECALL_TARGET
    assert params["calibration"]["recall_at_10"] >= RECALL_TARGET
    index = load_dense(tmp_path / "d.faiss", params)
    assert faiss.extract_index_ivf(index).nprobe == params["nprobe"]
    assert index.k_factor == params["k_factor"]
    # the calibration's choice is the smallest: one nprobe step less, or a smaller k_factor at
    # the nprobe chosen, misses the target on the same calibration mixes
    rng = np.random.default_rng(0)
    mixes = vectors[rng.choice(len(vectors), size=(256, 8))].sum(axis=1)
    mixes = (mixes / np.linalg.norm(mixes, axis=1, keepdims=True)).astype(np.float32)
    mix_truth, _ = exact_top(_parts(vectors)(), mixes)
    ivf = faiss.extract_index_ivf(index)
    tries = [(NPROBE_STEPS[NPROBE_STEPS.index(params["nprobe"]) - 1], REFINE_K_STEPS[-1])]
    tries += [(params["nprobe"], f) for f in REFINE_K_STEPS if f < params["k_factor"]]
    for nprobe, factor in tries if params["nprobe"] != NPROBE_STEPS[0] else tries[1:]:
        ivf.nprobe, index.k_factor = nprobe, factor
        assert tie_aware_recall(search_dense(index, mixes, 10)[0],
                                mix_truth) < RECALL_TARGET
    ivf.nprobe, index.k_factor = params["nprobe"], params["k_factor"]
    queries = _spread(200, seed=9)  # held out: not the calibration mixes
    scores, ids = search_dense(index, queries, 10)
    # the re-rank returns exact inner products, not the codes' approximations
    exact = np.einsum("qd,qkd->qk", queries, vectors[ids])
    np.testing.assert_allclose(scores, exact, atol=1e-5)
    truth_scores, _ = exact_top(_parts(vectors)(), queries)
    assert tie_aware_recall(scores, truth_scores) >= 0.95


def test_near_copies_the_codes_cannot_rank_fall_back_to_ivf_flat(tmp_path: Path) -> None:
    vectors = _clustered(IVF_FLAT_MAX + 4_000)  # thousands of near-copies per template
    params = build_dense(path=tmp_path / "d.faiss", count=len(vectors), dim=32,
                         partitions=_parts(vectors, 10_000))
    assert params["kind"] == "ivfflat"
    assert params["fallback"]["from"] == "ivfpqfs"
    assert params["fallback"]["recall_at_10"] < RECALL_TARGET
    assert params["calibration"]["recall_at_10"] >= RECALL_TARGET
    index = load_dense(tmp_path / "d.faiss", params)
    assert isinstance(index, faiss.IndexIVFFlat)


def test_an_ivfpq_index_built_before_still_loads(tmp_path: Path) -> None:
    vectors = _spread(10_000)
    ivf = faiss.IndexIVFPQ(faiss.IndexFlatIP(32), 32, 16, 4, 8, faiss.METRIC_INNER_PRODUCT)
    ivf.train(vectors)
    old = faiss.IndexRefineFlat(ivf)
    old.add(vectors)
    faiss.write_index(old, str(tmp_path / "old.faiss"))
    index = load_dense(tmp_path / "old.faiss", {"kind": "ivfpq", "nprobe": 16})
    assert index.k_factor == 4 and faiss.extract_index_ivf(index).nprobe == 16
    scores, ids = search_dense(index, vectors[:5], 3)
    np.testing.assert_allclose(scores, np.einsum("qd,qkd->qk", vectors[:5], vectors[ids]),
                               atol=1e-5)  # re-ranked: exact scores


def test_an_hnsw_index_built_before_still_loads(tmp_path: Path) -> None:
    vectors = _clustered(500)
    old = faiss.IndexHNSWFlat(32, 16, faiss.METRIC_INNER_PRODUCT)
    old.add(vectors)
    faiss.write_index(old, str(tmp_path / "old.faiss"))
    index = load_dense(tmp_path / "old.faiss", {"kind": "hnsw", "ef_search": 64})
    assert index.hnsw.efSearch == 64
    assert search_dense(index, vectors[:1], 1)[1][0][0] in (0, 1)  # 1 is a copy of 0


def test_small_ivf_indexes_train_without_faiss_warnings(tmp_path: Path,
                                                       capfd: pytest.CaptureFixture[str]) -> None:
    vectors = _clustered(FLAT_MAX)
    params = build_dense(path=tmp_path / "d.faiss", count=len(vectors), dim=32,
                         partitions=_parts(vectors))
    assert params["nlist"] * 39 <= len(vectors)
    assert "WARNING" not in capfd.readouterr().err
