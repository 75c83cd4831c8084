"""Evidence-of-use benchmark: model load, chart build time, screening throughput, quality.

Run: ``.venv/bin/python benchmarks/eou.py [--sizes 1000,10000,100000]``. Prints, in one run:

1. model load time (MiniLM, e5) and their cold embedding rates (passages/s);
2. chart build time of a 10-element English claim against 1k / 10k / 100k
   synthetic passages, warm (tokens and vectors read from the on-disk cache by a
   fresh cache object; the in-process figure too). Embedding 100k passages cold
   takes far too long on two cores (see the cold rate), so the cache for the
   timing run is filled once with *stand-in* vectors: real MiniLM vectors of a
   1,000-passage pool, reused cyclically. The warm path reads vectors from the
   cache and never looks at how they were made, so the timing is faithful;
3. screening throughput: every claim of the development set against every
   product (passage set) of it, hybrid, warm;
4. nDCG@3 / recall@3 / MRR of bm25, dense and hybrid on tests/data/eou,
   split same-language vs cross-language.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kizuna.adapters.text import embed  # noqa: E402
from kizuna.adapters.text.cache import RetrievalCache, text_key  # noqa: E402
from kizuna.adapters.text.retriever import ElementQuery, build_retriever  # noqa: E402
from kizuna.domain.evidence import Location, Passage  # noqa: E402
from kizuna.services.eval_eou import evaluate_eou, load_cases  # noqa: E402

CASES = ROOT / "tests" / "data" / "eou" / "cases.json"
WORDS = " ".join(
    [
        "pipe valve relay sensor oil tank cover conservator transformer pressure gas flow level",
        "display panel storage lid hinge housing door cabinet controller robot servo amplifier",
        "cable",
        "closure cap spring magnet ring thread bottle wireless radio antenna battery charger port",
        "circuit ink resist mould channel lead frame insulating layer conductor track dispenser",
    ]
).split()


def synthetic(n: int, seed: int = 7) -> list[Passage]:
    """``n`` distinct English product-documentation-like passages."""
    rng = random.Random(seed)
    return [
        Passage(
            id=f"s{i}",
            index=i,
            lang="en",
            location=Location(paragraph=i + 1),
            text=f"Item {i}: " + " ".join(rng.choice(WORDS) for _ in range(28)) + ".",
        )
        for i in range(n)
    ]


def timed(label: str, func, *args, repeat: int = 1):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - start)
    print(f"{label}: {statistics.median(times):.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = load_cases(CASES)
    cache_dir = Path(tempfile.mkdtemp(prefix="kizuna-bench-"))

    print("== model load and cold embedding ==")
    minilm = embed.MiniLMEmbedder()
    timed("MiniLM load", embed._minilm)
    timed("e5 load", embed._e5)
    pool = [p.text for p in synthetic(1000)]
    start = time.perf_counter()
    pool_vectors = minilm.embed_passages(pool)
    print(f"MiniLM cold rate: {len(pool) / (time.perf_counter() - start):.0f} passages/s")
    start = time.perf_counter()
    embed.E5Embedder().embed_passages(pool[:200])
    print(f"e5 cold rate: {200 / (time.perf_counter() - start):.0f} passages/s")

    print("== chart build, 10-element claim, warm ==")
    claim = [e for c in cases for e in c.elements if e.lang == "en"][:10]
    queries = [ElementQuery(id=e.id, text=e.text, lang="en") for e in claim]
    for n in sizes:
        passages = synthetic(n)
        cache = RetrievalCache(cache_dir)
        cache.put_vectors(
            minilm.name, {text_key(p.text): pool_vectors[i % 1000] for i, p in enumerate(passages)}
        )
        build_retriever("hybrid", cache_dir=cache_dir).passage_tokens(passages)  # fill tokens
        fresh = build_retriever("hybrid", cache_dir=cache_dir)
        timed(f"{n:>7} passages, fresh process cache (disk)", fresh.rank, queries, passages)
        timed(f"{n:>7} passages, in-process cache", fresh.rank, queries, passages, repeat=3)

    print("== screening throughput (hybrid, warm) ==")
    retriever = build_retriever("hybrid", cache_dir=cache_dir)
    claims = [[ElementQuery(id=e.id, text=e.text, lang=e.lang) for e in c.elements] for c in cases]
    products = [c.passages for c in cases]
    for claim_queries in claims:  # warm the cache
        retriever.rank(claim_queries, products[0], top_k=1)
    for product in products:
        retriever.rank(claims[0], product, top_k=1)
    start = time.perf_counter()
    pairs = 0
    for claim_queries in claims:
        for product in products:
            retriever.rank(claim_queries, product, top_k=3)
            pairs += 1
    elapsed = time.perf_counter() - start
    print(f"{pairs} claim-product pairs in {elapsed:.2f} s: {pairs / elapsed:.1f} pairs/s")

    print("== quality on tests/data/eou (nDCG@3 / recall@3 / MRR) ==")
    for method in ("bm25", "dense", "hybrid"):
        report = evaluate_eou(cases, retriever=build_retriever(method, cache_dir=cache_dir))
        for split, pairs_in in (
            ("same-language", ("ja-ja", "en-en")),
            ("cross-language", ("ja-en", "en-ja")),
        ):
            rows = [e for e in report.elements if e.lang_pair in pairs_in and e.ndcg is not None]
            print(
                f"{method:>6} {split:<15} n={len(rows):>2} "
                f"nDCG@3 {np.mean([e.ndcg for e in rows]):.3f}  "
                f"recall@3 {np.mean([e.recall for e in rows]):.3f}  "
                f"MRR {np.mean([e.mrr for e in rows]):.3f}"
            )
        agreement = report.to_json()["overall"]["verdict_agreement"]
        print(f"{method:>6} verdict agreement {agreement}")


if __name__ == "__main__":
    main()
