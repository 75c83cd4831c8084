"""Corpus indexes at 100k and 1M documents, built directly from synthetic rows (issue 14).

``benchmarks/corpus.py --scale 100000,1000000`` runs this. For each size, in
its own subprocess (so its peak memory is its own):

1. **build**: the synthetic documents of ``corpus.py`` (the real samples
   mutated into patents by the ``--synthetic`` generator: ``mixed``, distinct
   documents, or ``templates``, near-copies; benchmarks/synthetic.py) are
   made as document rows exactly as the build stages make them (Japanese
   terms by ``search_tokens``, applicant keys by ``normalise_name``, the
   hashing embedder's vector of
   ``embedding_text``; hashed features are memoised, the vectors are the
   same), streamed in chunks of :data:`CHUNK` into the tantivy writer
   (``add_documents``, a commit every ``COMMIT_DOCUMENTS``) and into a vector
   file on disk, from which ``build_dense`` builds the faiss index: memory is
   one chunk plus the indexes. No Parquet partitions (the Parquet / Ray build
   figures stay with the build part of ``corpus.py``).
2. **query**, in a second subprocess that opens the index as the search
   service does: BM25 8-term queries (raw index and the whole service with
   snippets), dense recall@10 against exact search (brute force over the
   vector file, chunk by chunk) with q/s one query at a time, in one batch on
   one thread and in one batch on 2 threads, and the same recall on a labelled
   second query set (document vectors as queries: the ``corpus similar`` case).

Figures: bytes per document of each index, build docs/s, peak RSS of the
build and of the query process.
"""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

CHUNK = 5_000
DIM = 256
CLIENTS = 2  # concurrent clients of the one-query-per-call figures (the machine's cores)


class _MemoHashing:
    """The hashing embedder's vectors, with each feature's slot and sign memoised."""

    def __init__(self) -> None:
        from kizuna.adapters.text.tokenise import tokenise

        self._tokenise = tokenise
        self._slots: dict[str, tuple[int, float]] = {}

    def vector(self, text: str) -> np.ndarray[Any, np.dtype[np.float32]]:
        vector = np.zeros(DIM, dtype=np.float32)
        squashed = "".join(text.lower().split())
        features = self._tokenise(text, "auto") + [squashed[i: i + 3]
                                                    for i in range(len(squashed) - 2)]
        for feature in features:
            slot = self._slots.get(feature)
            if slot is None:
                digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
                slot = (int.from_bytes(digest[:4], "little") % DIM,
                        1.0 if digest[4] & 1 else -1.0)
                self._slots[feature] = slot
            vector[slot[0]] += slot[1]
        norm = float(np.linalg.norm(vector))
        return vector / max(norm, 1e-12)


def synthetic_chunks(count: int, source: dict[str, Any]
                     ) -> Iterator[tuple[list[dict[str, Any]], np.ndarray[Any, Any]]]:
    """Document rows (the index's columns) and their vectors, ``CHUNK`` at a time, of the
    ``source["synthetic"]`` generator with ``source["seed"]``."""
    from corpus import generator  # type: ignore[import-not-found]

    from kizuna.adapters.text.search_tokens import search_tokens
    from kizuna.domain.company_names import normalise_name
    from kizuna.services.corpus.stages import embedding_text

    make = generator(source["synthetic"], source["seed"])
    embed = _MemoHashing()
    keys: dict[str, str] = {}
    for start in range(0, count, CHUNK):
        rows = []
        vectors = np.zeros((min(CHUNK, count - start), DIM), dtype=np.float32)
        for offset in range(len(vectors)):
            record = make(start + offset)
            claims = "\n".join(c["text"] for c in record["claims"])
            applicant = record["applicants"][0]
            if applicant not in keys:
                keys[applicant] = normalise_name(applicant)
            ja = record["lang"] == "ja"
            row = {"number": record["number"], "numbers": [record["number"]],
                   "country": record["number"][:2],
                   "kind": record["number"][-2:].lstrip("0123456789"),
                   "lang": record["lang"], "title": record["title"],
                   "abstract": record["abstract"], "claims_text": claims,
                   "year": int(record["filing_date"][:4]), "applicant_keys": [keys[applicant]],
                   "cpc": record["cpc"], "ipc": record["ipc"],
                   "title_terms": " ".join(search_tokens(record["title"])) if ja else "",
                   "abstract_terms": " ".join(search_tokens(record["abstract"])) if ja else "",
                   "claims_terms": " ".join(search_tokens(claims)) if ja else ""}
            vectors[offset] = embed.vector(embedding_text(row))
            rows.append(row)
        yield rows, vectors


def scale_queries(count: int, source: dict[str, Any]) -> list[str]:
    """8-term queries drawn as ``corpus.py`` draws them: words of the first 5,000 documents'
    English titles and abstracts."""
    import random
    import re

    rows = next(synthetic_chunks(CHUNK, source))[0]
    words = [w.lower() for row in rows if row["lang"] == "en"
             for w in re.findall(r"[A-Za-z]{5,}", f"{row['title']} {row['abstract']}")]
    rng = random.Random(7)
    return [" ".join(rng.sample(words, 8)) for _ in range(count)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def child_build(folder: Path, count: int, source: dict[str, Any]) -> dict[str, Any]:
    """Build both indexes of ``count`` synthetic documents under ``folder``."""
    from kizuna.adapters.corpus.dense import build_dense
    from kizuna.adapters.corpus.lexical import add_documents, new_writer, open_index
    from kizuna.adapters.corpus.store import CorpusLayout, Manifest, write_manifest
    from kizuna.services.corpus.indexing import COMMIT_DOCUMENTS

    layout = CorpusLayout(folder)
    layout.index.mkdir(parents=True, exist_ok=True)
    vectors = np.lib.format.open_memmap(folder / "vectors.npy", mode="w+", dtype=np.float32,
                                        shape=(count, DIM))
    began = time.perf_counter()
    writer = new_writer(open_index(layout.index / "bm25", create=True))
    pending = 0
    for start, (rows, chunk) in zip(range(0, count, CHUNK), synthetic_chunks(count, source),
                                    strict=True):
        add_documents(writer, rows, start)
        vectors[start: start + len(chunk)] = chunk
        pending += len(rows)
        if pending >= COMMIT_DOCUMENTS:
            writer.commit()
            pending = 0
    writer.commit()
    writer.wait_merging_threads()
    vectors.flush()
    lexical_s = time.perf_counter() - began

    def parts() -> Iterator[np.ndarray[Any, Any]]:
        for start in range(0, count, CHUNK * 10):
            yield np.asarray(vectors[start: start + CHUNK * 10])

    began = time.perf_counter()
    dense = build_dense(path=layout.index / "dense.faiss", count=count, dim=DIM, partitions=parts)
    dense_s = time.perf_counter() - began
    meta = {"documents": count, "partitions": [], "dense": dense}
    (layout.index / "meta.json").write_text(json.dumps(meta), "utf-8")
    write_manifest(layout, Manifest(partition_size=CHUNK, embedder="hashing"))
    return {"documents": count, "bm25_s": lexical_s, "dense_s": dense_s, "dense": dense,
            "bm25_bytes": _size(layout.index / "bm25") / count,
            "dense_bytes": (layout.index / "dense.faiss").stat().st_size / count,
            "peak_mb": _peak_mb()}


def concurrent_qps(fn: Any, items: Any, threads: int = CLIENTS) -> float:
    """Queries per second of ``threads`` clients each calling ``fn`` on every ``threads``-th
    item, one item per call (a server answering concurrent one-query requests; tantivy and
    faiss release the GIL while they search)."""
    import threading

    def work(start: int) -> None:
        for i in range(start, len(items), threads):
            fn(items[i])

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return len(items) / (time.perf_counter() - began)


def measure_dense(handle: Any, vectors: np.ndarray[Any, Any],
                  queries: np.ndarray[Any, Any]) -> dict[str, Any]:
    """Recall@10 against exact search (by id and tie-aware); q/s one query at a time and
    in one batch."""
    from kizuna.adapters.corpus.dense import exact_top, recall_at, search_dense, tie_aware_recall

    parts = (np.asarray(vectors[start: start + 50_000]) for start in range(0, len(vectors), 50_000))
    truth_scores, truth = exact_top(parts, queries)
    found, scores = [], []
    began = time.perf_counter()
    for row in queries:
        got_scores, got = search_dense(handle.dense, row[None, :], 10)
        found.append(got[0])
        scores.append(got_scores[0])
    single = len(queries) / (time.perf_counter() - began)
    clients = concurrent_qps(lambda row: search_dense(handle.dense, row[None, :], 10), queries)
    began = time.perf_counter()
    batch_scores, batch = search_dense(handle.dense, queries, 10)
    batched = len(queries) / (time.perf_counter() - began)
    import faiss

    faiss.omp_set_num_threads(2)  # a batch split across both cores (the API searches one query
    began = time.perf_counter()  # per request: this is the batch jobs' figure)
    search_dense(handle.dense, queries, 10)
    batched_2 = len(queries) / (time.perf_counter() - began)
    faiss.omp_set_num_threads(1)
    return {"recall_at_10": recall_at(np.array(found), truth),
            "tie_aware": tie_aware_recall(np.array(scores), truth_scores),
            "recall_batched": recall_at(batch, truth),
            "tie_aware_batched": tie_aware_recall(batch_scores, truth_scores),
            "qps": single, "qps_clients": clients, "qps_batched": batched,
            "qps_batched_2": batched_2}


def child_query(folder: Path, queries: list[str]) -> dict[str, Any]:
    """Open the index as the service does and measure BM25 and dense."""
    from corpus import _latency  # type: ignore[import-not-found]

    from kizuna.adapters.corpus.lexical import TEXT_FIELDS, text_query
    from kizuna.adapters.text.search_tokens import search_tokens
    from kizuna.services.corpus.search import open_corpus, search_corpus

    handle = open_corpus(folder)

    def raw(query: str) -> None:
        scoring = text_query(handle.index, query, fields=TEXT_FIELDS, ja_tokens=search_tokens)
        assert scoring is not None
        handle.rows_of(scoring, 10)

    def service(query: str) -> None:
        search_corpus(corpus=handle, query=query, mode="bm25")

    raw(queries[0])
    service(queries[0])
    figures: dict[str, Any] = {"bm25_raw": _latency(raw, queries),
                               "bm25_service": _latency(service, queries)}
    figures["bm25_raw"]["qps_clients"] = concurrent_qps(raw, queries)
    figures["bm25_service"]["qps_clients"] = concurrent_qps(service, queries)
    vectors = np.load(folder / "vectors.npy", mmap_mode="r")
    embedded = np.concatenate([handle.embed(q) for q in queries]).astype(np.float32)
    figures["dense_text"] = measure_dense(handle, vectors, embedded)
    rng = np.random.default_rng(11)
    picks = np.sort(rng.choice(len(vectors), size=len(queries), replace=False))
    figures["dense_docs"] = measure_dense(handle, vectors, np.asarray(vectors[picks]))
    figures["dense"] = handle.meta["dense"]
    figures["peak_mb"] = _peak_mb()
    return figures


def _child(mode: str, folder: Path, count: int, payload: Any) -> dict[str, Any]:
    command = [sys.executable, __file__, mode, str(folder), str(count), json.dumps(payload)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_scale(work: Path, sizes: list[int], queries: list[str], source: dict[str, Any]) -> None:
    """Build and measure each size; print the figures."""
    print(f"indexes built directly from synthetic rows of the {source['synthetic']} generator "
          f"(seed {source['seed']}; hashing embedder, d={DIM}); {len(queries)} queries",
          flush=True)
    for count in sizes:
        folder = work / f"scale-{count}"
        b = _child("build", folder, count, source)
        q = _child("query", folder, count, queries)
        d = q["dense"]
        params = ", ".join(f"{k} {v}" for k, v in d.items()
                           if k not in ("kind", "dim", "count", "calibration"))
        if "calibration" in d:
            params += f", calibrated tie-aware recall {d['calibration']['recall_at_10']:.3f}"
        print(f"{count:>9,} docs: build BM25 {count / b['bm25_s']:.0f} docs/s, dense "
              f"{count / b['dense_s']:.0f} docs/s; build peak {b['peak_mb']:.0f} MB, "
              f"query peak {q['peak_mb']:.0f} MB")
        print(f"    sizes: BM25 {b['bm25_bytes']:.0f} B/doc, dense ({d['kind']}: {params}) "
              f"{b['dense_bytes']:.0f} B/doc")
        for key in ("bm25_raw", "bm25_service"):
            f = q[key]
            print(f"    {key:12} 8-term: {f['qps']:7.1f} q/s, p50 {f['p50_ms']:.1f} ms, "
                  f"p95 {f['p95_ms']:.1f} ms; {CLIENTS} clients, one query per call: "
                  f"{f['qps_clients']:.1f} q/s")
        for key, label in (("dense_text", "text queries"), ("dense_docs", "document vectors")):
            f = q[key]
            print(f"    dense {label:16} recall@10 {f['recall_at_10']:.3f} (tie-aware "
                  f"{f['tie_aware']:.3f}) at {f['qps']:.0f} q/s one at a time, "
                  f"{f['qps_clients']:.0f} q/s with {CLIENTS} clients; batch of "
                  f"{len(queries)}: {f['recall_batched']:.3f} ({f['tie_aware_batched']:.3f}) at "
                  f"{f['qps_batched']:.0f} q/s (1 thread), {f['qps_batched_2']:.0f} q/s "
                  "(2 threads)", flush=True)
        for path in folder.rglob("vectors.npy"):
            path.unlink()


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root / "src"), str(root / "benchmarks")]
    which, where, size = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    payload = json.loads(sys.argv[4])
    result = (child_build(where, size, payload) if which == "build"
              else child_query(where, payload))
    print(json.dumps(result))
