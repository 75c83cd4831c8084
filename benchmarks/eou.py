"""Evidence-of-use benchmark: model load, chart build time, screening throughput, quality.

Run: ``.venv/bin/python benchmarks/eou.py [--sizes 1000,10000] [--screen 100]``. Prints, in
one run:

1. model load time (USE, e5) and their cold embedding rates (passages/s), separately;
2. chart build time of a 10-element claim against 1k / 10k synthetic passages
   mixing Japanese (40 %) and English, warm (tokens and vectors read from the
   on-disk cache by a fresh retriever; the in-process figure too). The cache
   for the timing run is filled once with *stand-in* vectors: real vectors of
   a 1,000-passage pool, reused cyclically. The warm path reads vectors from
   the cache and never looks at how they were made, so the timing is faithful;
3. screening throughput: N claims x N products (default 100 x 100; distinct
   claims made from the mixed development set's elements, products of 40
   mixed passages each), hybrid, warm, ranked one product at a time as
   ``kizuna screen`` does, as pairs/s;
4. the chart and screening timings again without claim contrast (the v5 fusion) and without
   contrast or translation twins (the v4 fusion), in the same run, and the screening cost of
   contrast and of contrast plus twins as ratios of CPU per pair;
5. nDCG@3 / balanced accuracy / label consistency of bm25, dense and hybrid on
   tests/data/eou/mixed.json with the shipped settings (in-sample, real vectors
   from the ``KIZUNA_CACHE_DIR`` cache; the leave-one-case-out figures come from
   ``benchmarks/eou_loco.py``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kizuna.adapters.text import embed  # noqa: E402
from kizuna.adapters.text.cache import RetrievalCache, text_key  # noqa: E402
from kizuna.adapters.text.fusion import HYBRID, Fusion  # noqa: E402
from kizuna.adapters.text.retriever import ElementQuery, build_retriever  # noqa: E402
from kizuna.domain.evidence import Location, Passage  # noqa: E402
from kizuna.services.eval_eou import evaluate_eou, load_cases  # noqa: E402

CASES = ROOT / "tests" / "data" / "eou" / "mixed.json"
WORDS = {
    "en": " ".join([
        "pipe valve relay sensor oil tank cover conservator transformer pressure gas flow level",
        "display panel storage lid hinge housing door cabinet controller robot servo amplifier",
        "closure cap spring magnet ring thread bottle wireless radio antenna battery charger port",
        "circuit ink resist mould channel lead frame insulating layer conductor track dispenser",
    ]).split(),
    "ja": " ".join([
        "配管 弁 継電器 センサー 油 タンク カバー 変圧器 圧力 ガス 流量 表示 パネル 収納 ふた",
        "ヒンジ 筐体 扉 制御 ロボット サーボ キャップ ばね 磁石 リング ねじ ボトル 無線 電池",
        "回路 インク レジスト 金型 溝 リードフレーム 絶縁層 導体 ディスペンサー 射出 成形",
    ]).split(),
}


def synthetic(n: int, seed: int = 7, prefix: str = "s") -> list[Passage]:
    """``n`` distinct product-documentation-like passages, 40 % Japanese."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lang = "ja" if i % 5 < 2 else "en"
        words = " ".join(rng.choice(WORDS[lang]) for _ in range(28 if lang == "en" else 18))
        text = f"品番{prefix}{i}：{words}。" if lang == "ja" else f"Item {prefix}{i}: {words}."
        out.append(Passage(id=f"{prefix}{i}", index=i, lang=lang,
                           location=Location(paragraph=i + 1), text=text))
    return out


def fill_cache(cache_dir: Path, passages: list[Passage], pools: dict[str, np.ndarray]) -> None:
    """Store stand-in vectors (real vectors of a 1,000-passage pool, reused) for ``passages``."""
    cache = RetrievalCache(cache_dir)
    for name, vectors in pools.items():
        cache.put_vectors(name, {text_key(p.text): vectors[i % len(vectors)]
                                 for i, p in enumerate(passages)})
    build_retriever("hybrid", cache_dir=cache_dir).passage_tokens(passages)  # fill tokens


def timed(label: str, func, *args, repeat: int = 1):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - start)
    print(f"{label}: {statistics.median(times):.3f} s")
    return result


def models(pool: list[str]) -> dict[str, np.ndarray]:
    """Load each model (timed), embed ``pool`` cold (rate printed); the vectors by model name."""
    print("== model load and cold embedding ==")
    use, e5 = embed.USEEmbedder(), embed.E5Embedder()
    timed("USE load (first sentence)", lambda: embed._use().encode(["warm up"]))
    timed("e5 load (first sentence)", lambda: embed._e5().passage(["warm up"]))
    start = time.perf_counter()
    use_vectors = use.embed_passages(pool)
    print(f"USE cold rate: {len(pool) / (time.perf_counter() - start):.0f} passages/s")
    start = time.perf_counter()
    e5_vectors = e5.embed_passages(pool[:200])
    print(f"e5 cold rate: {200 / (time.perf_counter() - start):.0f} passages/s")
    return {use.name: use_vectors, e5.name: e5_vectors}


def charts(cache_dir: Path, sizes: list[int], pools: dict[str, np.ndarray],
           fusion: Fusion = HYBRID) -> None:
    print(f"== chart build, 10-element claim (Japanese), mixed passages, warm, twins "
          f"{fusion.twins}, contrast {fusion.contrast} ==")
    cases = load_cases(CASES)
    claim = [e for c in cases for e in c.elements if e.lang == "ja"][:10]
    queries = [ElementQuery(id=e.id, text=e.text, lang="ja") for e in claim]
    for n in sizes:
        passages = synthetic(n)
        fill_cache(cache_dir, passages, pools)
        fresh = build_retriever("hybrid", cache_dir=cache_dir, fusion=fusion)
        timed(f"{n:>7} passages, fresh retriever (disk cache)", fresh.rank, queries, passages)
        timed(f"{n:>7} passages, in-process", fresh.rank, queries, passages, repeat=3)


def screening(cache_dir: Path, count: int, pools: dict[str, np.ndarray],
              fusion: Fusion = HYBRID) -> float:
    """Screening throughput in pairs per CPU second (printed with the wall-clock rate)."""
    print(f"== screening {count} claims x {count} products (hybrid, warm, twins "
          f"{fusion.twins}, contrast {fusion.contrast}) ==")
    cases = load_cases(CASES)
    groups = [[e for e in c.elements if e.lang == lang] for c in cases for lang in ("ja", "en")]
    claims = [
        [ElementQuery(id=e.id, text=f"{e.text} ({k})" if k >= len(groups) else e.text,
                      lang=e.lang) for e in groups[k % len(groups)]]
        for k in range(count)
    ]
    products = [synthetic(40, seed=k, prefix=f"p{k}-") for k in range(count)]
    fill_cache(cache_dir, [p for product in products for p in product], pools)
    retriever = build_retriever("hybrid", cache_dir=cache_dir, fusion=fusion)
    every = [q for claim in claims for q in claim]
    retriever.rank(every, products[0], top_k=3)  # embeds the claims once (warm)
    start, cpu = time.perf_counter(), time.process_time()
    for product in products:  # kizuna screen: all claims against one product per call
        retriever.rank(every, product, top_k=3)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    pairs = count * count
    # CPU seconds too: on a shared machine wall-clock time also counts other jobs' time
    print(f"{pairs} claim-product pairs in {elapsed:.2f} s: {pairs / elapsed:.1f} pairs/s "
          f"(CPU {cpu:.2f} s: {pairs / cpu:.1f} pairs/s per core)")
    return pairs / cpu


def quality() -> None:
    print("== quality on tests/data/eou/mixed.json, shipped settings, in-sample ==")
    cases = load_cases(CASES)
    for method in ("bm25", "dense", "hybrid"):  # real vectors: the KIZUNA_CACHE_DIR cache
        report = evaluate_eou(cases, retriever=build_retriever(method))
        data = report.to_json()
        pairs = ", ".join(f"{k} {v['ndcg@3']}" for k, v in data["by_language_pair"].items())
        overall = data["overall"]
        print(f"{method:>6} nDCG@3 {overall['ndcg@3']} ({pairs}); balanced accuracy "
              f"{overall['balanced_accuracy']}; label consistency {overall['label_consistency']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--screen", type=int, default=100)
    args = parser.parse_args()
    cache_dir = Path(tempfile.mkdtemp(prefix="kizuna-bench-"))
    pools = models([p.text for p in synthetic(1000, seed=99, prefix="pool")])
    sizes = [int(s) for s in args.sizes.split(",")]
    charts(cache_dir, sizes, pools)
    shipped = screening(cache_dir, args.screen, pools)
    # the same run without claim contrast (fusion v5) and without contrast or translation
    # twins (fusion v4), as the baselines of the ratios
    v5 = replace(HYBRID, contrast=0.0)
    v4 = replace(HYBRID, contrast=0.0, twins=0.0)
    charts(cache_dir, sizes, pools, v5)
    without_contrast = screening(cache_dir, args.screen, pools, v5)
    charts(cache_dir, sizes, pools, v4)
    baseline = screening(cache_dir, args.screen, pools, v4)
    print(f"screening CPU cost of claim contrast: {without_contrast / shipped:.2f}x the v5 "
          "fusion's per pair")
    print(f"screening CPU cost of contrast and twins: {baseline / shipped:.2f}x the v4 "
          "fusion's per pair")
    quality()


if __name__ == "__main__":
    main()
