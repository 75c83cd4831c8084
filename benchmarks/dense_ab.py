"""Dense index kinds compared at one size on the benchmark's vectors (issue 14).

``python benchmarks/dense_ab.py --docs 100000 [--cache /tmp/kizuna-dense-bench]
[--flat-nprobe 512,256]``:

1. the vectors: the ``mixed`` synthetic documents of ``corpus.py`` (seed 0) embedded by
   the hashing embedder exactly as ``corpus_scale.py`` embeds them (``embedding_text``:
   title, abstract, first claim), written once to ``CACHE/hash-N.npy`` and reused;
2. three query sets, kept apart: the calibration mixes of ``build_dense``; 300 8-word
   text queries drawn as ``corpus.py`` draws its evaluation queries but from documents
   5,000–9,999 with seed 8 (``text-cal``); the 300 evaluation queries of ``corpus.py``
   (documents 0–4,999, seed 7). Nothing is tuned on the evaluation queries;
3. both indexes built by ``build_dense`` with the kind forced (``ivfflat`` and ``ivfpqfs``),
   each calibrated by the product's rule; their parameters printed;
4. recall@10 against exact search (tie-aware) of the three sets, then q/s one query at a
   time with the two indexes' queries **alternated** (both see the same load; IVF-Flat also
   at each ``--flat-nprobe``), then in one batch of 300 on 1 and 2 threads.

The figures are q/s and ratios measured in the same run; quote them with the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def vectors(count: int, cache: Path) -> Any:
    """The ``count`` documents' hashing vectors (memory-mapped), made once into ``cache``."""
    path = cache / f"hash-{count}.npy"
    if path.is_file():
        return np.load(path, mmap_mode="r")
    from corpus import generator  # type: ignore[import-not-found]
    from corpus_scale import DIM, _MemoHashing  # type: ignore[import-not-found]

    from kizuna.services.corpus.stages import embedding_text

    cache.mkdir(parents=True, exist_ok=True)
    make, embed = generator("mixed", 0), _MemoHashing()
    partial = path.with_name(f".tmp-{path.name}")
    out = np.lib.format.open_memmap(partial, mode="w+", dtype=np.float32, shape=(count, DIM))
    for index in range(count):
        record = make(index)
        row = {"title": record["title"], "abstract": record["abstract"],
               "claims_text": "\n".join(c["text"] for c in record["claims"])}
        out[index] = embed.vector(embedding_text(row))
    out.flush()
    del out
    partial.replace(path)
    return np.load(path, mmap_mode="r")


def text_queries(first: int, seed: int, count: int = 300) -> list[str]:
    """8 words drawn with ``seed`` from the English titles and abstracts of documents
    ``first`` … ``first + 4,999`` (``corpus.py``'s evaluation queries: 0 and 7)."""
    from corpus import generator

    make = generator("mixed", 0)
    words = []
    for index in range(first, first + 5_000):
        record = make(index)
        if record["lang"] == "en":
            words += [w.lower() for w in
                      re.findall(r"[A-Za-z]{5,}", f"{record['title']} {record['abstract']}")]
    rng = random.Random(seed)
    return [" ".join(rng.sample(words, 8)) for _ in range(count)]


def main() -> None:
    import faiss

    from kizuna.adapters.corpus import dense
    from kizuna.adapters.text.embed import HashingEmbedder

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/kizuna-dense-bench"))
    parser.add_argument("--flat-nprobe", default="",
                        help="comma-separated IVF-Flat nprobe values also timed (e.g. the old "
                             "rule's)")
    args = parser.parse_args()
    count = args.docs
    matrix = vectors(count, args.cache)

    def parts() -> Iterator[Any]:
        for start in range(0, count, 50_000):
            yield np.asarray(matrix[start: start + 50_000])

    embedder = HashingEmbedder()
    sets = {"mixes": dense._calibration_queries(parts, count),
            "text-cal": embedder.embed_queries(text_queries(5_000, 8)),
            "eval": embedder.embed_queries(text_queries(0, 7))}
    truth = {name: dense.exact_top(parts(), queries)[0] for name, queries in sets.items()}
    indexes: dict[str, Any] = {}
    for kind in ("ivfflat", "ivfpqfs"):
        path = args.cache / f"{kind}-{count}.faiss"
        began = time.perf_counter()
        params = dense.build_dense(path=path, count=count, dim=matrix.shape[1],
                                   partitions=parts, kind=kind)
        indexes[kind] = dense.load_dense(path, params)
        recalls = ", ".join(
            f"{name} {dense.tie_aware_recall(indexes[kind].search(q, 10)[0], truth[name]):.3f}"
            for name, q in sets.items())
        print(f"{kind}: built in {time.perf_counter() - began:.0f} s, {params}; "
              f"recall@10 (tie-aware) {recalls}", flush=True)
    queries = sets["eval"]
    flat, fast = indexes["ivfflat"], indexes["ivfpqfs"]
    calibrated = flat.nprobe
    for nprobe in [calibrated] + [int(n) for n in args.flat_nprobe.split(",") if n]:
        flat.nprobe = nprobe
        took: dict[str, list[float]] = {"ivfflat": [], "ivfpqfs": []}
        found: dict[str, list[Any]] = {"ivfflat": [], "ivfpqfs": []}
        for row in queries:
            for kind, index in (("ivfflat", flat), ("ivfpqfs", fast)):
                began = time.perf_counter()
                scores, _ = index.search(row[None, :], 10)
                took[kind].append(time.perf_counter() - began)
                found[kind].append(scores[0])
        line = []
        for kind in ("ivfflat", "ivfpqfs"):
            times = sorted(took[kind])
            recall = dense.tie_aware_recall(np.array(found[kind]), truth["eval"])
            line.append(f"{kind} {len(times) / sum(times):.0f} q/s, p95 "
                        f"{1000 * times[int(0.95 * (len(times) - 1))]:.2f} ms, recall {recall:.3f}")
        print(f"one at a time, alternated, IVF-Flat nprobe {nprobe}: " + " | ".join(line)
              + f" | fast-scan ×{sum(took['ivfflat']) / sum(took['ivfpqfs']):.2f}", flush=True)
    flat.nprobe = calibrated
    for threads in (1, 2):
        faiss.omp_set_num_threads(threads)
        began = time.perf_counter()
        flat.search(queries, 10)
        flat_s = time.perf_counter() - began
        began = time.perf_counter()
        fast.search(queries, 10)
        fast_s = time.perf_counter() - began
        print(f"batch of {len(queries)}, {threads} thread(s): ivfflat {len(queries) / flat_s:.0f} "
              f"q/s | ivfpqfs {len(queries) / fast_s:.0f} q/s | fast-scan ×{flat_s / fast_s:.2f}",
              flush=True)
    faiss.omp_set_num_threads(1)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
    main()
