"""Corpus scale: build throughput (plain loop vs Ray 1 and 2 workers), index size, query speed.

A synthetic corpus is made by mutating the real samples (tests/data: USPTO, EP
and JPO documents read with the ingest readers; at most 3 independent claims
each: dependent claims would refer to claims a mutated copy no longer has) into
patents with their own number, filing year and applicant suffix, by one of two
generators (``--synthetic``, benchmarks/synthetic.py):

- ``mixed`` (default): distinct documents: clauses drawn from several samples
  of the same language around one topic sample, and a quarter of the content
  words replaced by words of the samples' vocabulary drawn with Zipf weights
  (some blended into new words), deterministic by ``--seed``;
- ``templates``: the first generator, near-copies of the 37 samples (clauses
  shuffled), kept so the figures measured with it can be reproduced.

It is written as Kizuna JSONL files of ``--per-file`` records and built through
the same readers and stages as ``kizuna corpus build``.

In one run, each build in its own subprocess (so its memory is its own):

1. build throughput on ``--build-docs`` documents with ``--embedder`` (default
   ``use``, the real multilingual model): the plain in-process loop (baseline),
   Ray Data with 1 worker, with 2 workers; docs/s, ratio to the baseline, peak
   RSS of the driver and of the largest Ray worker (``VmHWM``);
2. a corpus of ``--docs`` documents (default 100,000; ``--index-embedder``,
   default ``hashing``: USE over 100k documents takes longer than the 2 shared
   cores allow in one session) built with Ray 2 workers; index bytes per document;
3. BM25 over it: 8-term queries (words drawn from the corpus's own English
   titles and abstracts), q/s and p50/p95 latency, raw index (row ids) and the
   whole service (with snippets);
4. dense: recall@10 of the corpus's faiss index against exact search
   (``IndexFlatIP`` over the same vectors) and its q/s, one query at a time.

Ray parallelises across input files (a file's partitions are written in
order by one worker), so the build corpus is cut into ``--per-file`` files.

Usage: ``python benchmarks/corpus.py [--docs 100000] [--build-docs 2000] [--queries 300]
[--synthetic mixed|templates] [--seed 0]``;
``--scale 100000,1000000`` instead builds the two indexes directly from that many
synthetic documents per size (streamed, no Parquet / Ray) and measures index
sizes, BM25 and dense queries and peak memory at each (``corpus_scale.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLE_FOLDERS = [DATA / "uspto", DATA / "epo", DATA / "ingest" / "jpo"]
PER_FILE = 5_000  # records per JSONL file of the index corpus (the build corpus: --per-file)
_REFERS = re.compile(r"claim\s*\d|請求項|Anspruch|revendication", re.I)


def _base_records() -> list[dict[str, Any]]:
    from kizuna.adapters.corpus.inputs import read_documents
    from kizuna.domain.patent import Patent
    from kizuna.services.ingest import iter_files

    records = []
    for path, fault in iter_files(SAMPLE_FOLDERS):
        if fault is not None:
            continue
        try:
            patents = [p for p in read_documents(path) if isinstance(p, Patent)]
        except Exception:  # a sample that is not a patent (the CPC scheme file)
            continue
        for p in patents:
            claims = [c for c in p.claims if c.lang == (p.lang or c.lang) and c.independent
                      and not _REFERS.search(c.text)][:3]
            if not claims or not p.title:
                continue
            records.append({
                "country": p.number.country, "title": p.title, "lang": p.lang or "en",
                "abstract": p.abstract or "", "claims": [c.text for c in claims],
                "applicant": next((x.name for x in p.parties), "Example Co."),
                "ipc": [c.code for c in p.classifications if c.scheme == "IPC"][:3],
                "cpc": [c.code for c in p.classifications if c.scheme == "CPC"][:3],
            })
    return records


def generator(kind: str = "mixed", seed: int = 0) -> Any:
    """Document ``index`` -> record, of the ``kind`` generator (benchmarks/synthetic.py)."""
    if str(ROOT / "benchmarks") not in sys.path:  # loaded by path (scripts/demo_corpus.py)
        sys.path.append(str(ROOT / "benchmarks"))
    from synthetic import record_maker  # type: ignore[import-not-found]

    return record_maker(kind, _base_records(), seed)


def make_corpus(folder: Path, count: int, per_file: int = PER_FILE, synthetic: str = "mixed",
                seed: int = 0) -> list[Path]:
    """``count`` synthetic records of the ``synthetic`` generator (``templates`` or ``mixed``,
    benchmarks/synthetic.py) in JSONL files of ``per_file`` records."""
    folder.mkdir(parents=True, exist_ok=True)
    make = generator(synthetic, seed)
    files = []
    for start in range(0, count, per_file):
        path = folder / f"synthetic-{start // per_file:04d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for index in range(start, min(count, start + per_file)):
                record = make(index)
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        files.append(path)
    return files


def _worker_peak_mb() -> float:
    """The largest VmHWM (peak RSS) of this machine's Ray worker processes, in MB."""
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes()
            if not cmdline.startswith(b"ray::"):
                continue
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def child_build(args: argparse.Namespace) -> None:
    """Run one build (in a subprocess) and print its figures as JSON."""
    from kizuna.adapters.scale.ray_jobs import start_ray
    from kizuna.services.corpus.build import build_corpus

    use_ray = args.child != "plain"
    workers = int(args.child.split("-")[1]) if use_ray else 1
    if use_ray:
        start_ray(workers=workers, address=None)
    sources = [Path(p) for p in args.sources]
    began = time.perf_counter()
    report = build_corpus(sources=sources, out=Path(args.out), embedder=args.embedder,
                          use_ray=use_ray, workers=workers, partition_size=args.partition_size)
    seconds = time.perf_counter() - began
    print(json.dumps({"documents": report.documents, "seconds": seconds,
                      "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_mb": _worker_peak_mb() if use_ray else None}))


def _run_child(runner: str, sources: list[Path], out: Path, embedder: str,
               partition_size: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", runner, "--out", str(out), "--embedder",
               embedder, "--partition-size", str(partition_size), "--sources",
               *map(str, sources)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _queries(corpus: Path, count: int) -> list[str]:
    import pyarrow.parquet as pq

    table = pq.read_table(corpus / "documents", columns=["lang", "title", "abstract"])
    words = [w.lower() for row in table.to_pylist()[:5000] if row["lang"] == "en"
             for w in re.findall(r"[A-Za-z]{5,}", f"{row['title']} {row['abstract']}")]
    rng = random.Random(7)
    return [" ".join(rng.sample(words, 8)) for _ in range(count)]


def _latency(fn: Any, queries: list[str]) -> dict[str, float]:
    times = []
    for query in queries:
        began = time.perf_counter()
        fn(query)
        times.append(time.perf_counter() - began)
    times.sort()
    return {"qps": len(times) / sum(times), "p50_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))]}


def measure_queries(corpus: Path, queries: list[str]) -> dict[str, Any]:
    from kizuna.adapters.corpus.lexical import TEXT_FIELDS, text_query
    from kizuna.adapters.text.search_tokens import search_tokens
    from kizuna.services.corpus.search import open_corpus, search_corpus

    handle = open_corpus(corpus)

    def raw(query: str) -> None:
        scoring = text_query(handle.index, query, fields=TEXT_FIELDS, ja_tokens=search_tokens)
        assert scoring is not None
        handle.rows_of(scoring, 10)

    raw(queries[0])
    return {"bm25_raw": _latency(raw, queries),
            "bm25_service": _latency(lambda q: search_corpus(corpus=handle, query=q,
                                                             mode="bm25"), queries),
            "dense": measure_dense(handle, queries)}


def measure_dense(handle: Any, queries: list[str]) -> dict[str, Any]:
    import faiss
    import numpy as np

    from kizuna.adapters.corpus.dense import recall_at, tie_aware_recall
    from kizuna.services.corpus.indexing import partition_vectors

    vectors = np.concatenate([partition_vectors(handle.layout, name)
                              for name, _, _ in handle.meta["partitions"]])
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    embedded = np.concatenate([handle.embed(q) for q in queries])
    truth_scores, truth = exact.search(embedded, 10)
    found, scores, times = [], [], []
    for row in embedded:
        began = time.perf_counter()
        got, ids = handle.dense.search(row[None, :], 10)
        times.append(time.perf_counter() - began)
        found.append(ids[0])
        scores.append(got[0])
    # The synthetic corpus holds identical vectors: which of several documents tied with the
    # exact 10th score is "the" 10th is arbitrary; tie-aware recall counts any of them.
    tied = tie_aware_recall(np.array(scores), truth_scores)
    recall = recall_at(np.array(found), truth)
    return {"kind": handle.meta["dense"]["kind"], "recall_at_10": recall, "tie_aware": tied,
            "qps": len(times) / sum(times), "dim": int(vectors.shape[1])}


def _compare_builds(work: Path, args: argparse.Namespace) -> None:
    """Build throughput: the plain loop, Ray with 1 worker, Ray with 2 workers."""
    small = make_corpus(work / "small", args.build_docs, args.per_file, args.synthetic, args.seed)
    print(f"build: {args.build_docs:,} synthetic documents ({args.synthetic} generator), "
          f"embedder {args.embedder}, "
          f"partitions of {args.partition_size:,}")
    runs = {}
    for runner in ("plain", "ray-1", "ray-2"):
        runs[runner] = _run_child(runner, small, work / f"build-{runner}", args.embedder,
                                  args.partition_size)
        r = runs[runner]
        rate = r["documents"] / r["seconds"]
        base = runs["plain"]["documents"] / runs["plain"]["seconds"]
        worker = f", worker peak {r['worker_mb']:.0f} MB" if r["worker_mb"] else ""
        print(f"  {runner:6} {rate:8.1f} docs/s  x{rate / base:.2f} of plain  "
              f"(driver peak {r['driver_mb']:.0f} MB{worker})", flush=True)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--build-docs", type=int, default=2_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--embedder", default="use")
    parser.add_argument("--index-embedder", default="hashing")
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--per-file", type=int, default=250)
    parser.add_argument("--synthetic", choices=("templates", "mixed"), default="mixed",
                        help="synthetic generator (benchmarks/synthetic.py): mixed = distinct "
                             "documents (default), templates = near-copies of the 37 samples "
                             "(the figures measured before 2026-12-07 20:00 UTC)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the mixed generator")
    parser.add_argument("--scale", default="",
                        help="comma-separated sizes: build the two indexes directly from that "
                             "many synthetic documents and measure them (benchmarks/"
                             "corpus_scale.py), e.g. 100000,1000000")
    parser.add_argument("--child")
    parser.add_argument("--out")
    parser.add_argument("--sources", nargs="*")
    args = parser.parse_args()
    if args.child:
        child_build(args)
        return
    with tempfile.TemporaryDirectory(prefix="kizuna-corpus-bench-") as tmp:
        work = Path(tmp)
        if args.scale:
            from corpus_scale import run_scale, scale_queries

            source = {"synthetic": args.synthetic, "seed": args.seed}
            run_scale(work, [int(n) for n in args.scale.split(",")],
                      scale_queries(args.queries, source), source)
            return
        if args.build_docs:
            _compare_builds(work, args)
        big = make_corpus(work / "big", args.docs, PER_FILE, args.synthetic, args.seed)
        print(f"index corpus: {args.synthetic} generator (seed {args.seed})")
        corpus = work / "corpus"
        r = _run_child("ray-2", big, corpus, args.index_embedder, 5_000)
        print(f"index corpus: {r['documents']:,} documents built with Ray 2 workers, embedder "
              f"{args.index_embedder}: {r['documents'] / r['seconds']:.1f} docs/s (worker peak "
              f"{r['worker_mb']:.0f} MB)", flush=True)
        for name in ("documents", "claims", "index/bm25"):
            print(f"  {name:10} {_size(corpus / name) / r['documents']:8.0f} bytes/document")
        from kizuna.adapters.corpus.store import CorpusLayout, read_manifest
        from kizuna.services.corpus.indexing import build_indexes

        layout = CorpusLayout(corpus)
        manifest = read_manifest(layout)
        assert manifest is not None
        began = time.perf_counter()
        build_indexes(layout, manifest.partitions())
        print(f"  index rebuild alone (BM25 + dense, one process): "
              f"{r['documents'] / (time.perf_counter() - began):.0f} docs/s")
        dense = corpus / "index" / "dense.faiss"
        print(f"  dense      {dense.stat().st_size / r['documents']:8.0f} bytes/document")
        figures = measure_queries(corpus, _queries(corpus, args.queries))
        for key in ("bm25_raw", "bm25_service"):
            f = figures[key]
            print(f"{key:12} 8-term queries: {f['qps']:8.1f} q/s, p50 {f['p50_ms']:.1f} ms, "
                  f"p95 {f['p95_ms']:.1f} ms")
        d = figures["dense"]
        print(f"dense ({d['kind']}, d={d['dim']}): recall@10 vs exact {d['recall_at_10']:.3f} "
              f"(tie-aware {d['tie_aware']:.3f}), {d['qps']:.0f} q/s (one query at a time)")


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
    main()
