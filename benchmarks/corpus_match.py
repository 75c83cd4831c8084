"""How much of a synthetic corpus an 8-term query matches, and how many documents tie.

Why BM25 at 1M is slow (benchmarks/README.md): block-max WAND skips little when a query
matches most of the corpus or when many documents tie with the 10th score. This builds the
BM25 index of ``COUNT`` documents of the ``--synthetic`` generator as ``--scale`` does
(``corpus_scale.child_build``) and, for 100 of the ``--scale`` queries, prints the median share
of the corpus matched and the median and largest number of documents whose score equals the
10th (within 1e-4) among the first 3,000.

Usage: ``python benchmarks/corpus_match.py [--synthetic mixed|templates] [--count 100000]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
    import corpus_scale

    from kizuna.adapters.corpus.lexical import TEXT_FIELDS, text_query
    from kizuna.adapters.text.search_tokens import search_tokens
    from kizuna.services.corpus.search import open_corpus

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--synthetic", choices=("templates", "mixed"), default="mixed")
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    source = {"synthetic": args.synthetic, "seed": 0}
    with tempfile.TemporaryDirectory(prefix="kizuna-corpus-match-") as tmp:
        corpus_scale.child_build(Path(tmp), args.count, source)
        handle = open_corpus(Path(tmp))
        shares, ties = [], []
        for text in corpus_scale.scale_queries(100, source):
            query = text_query(handle.index, text, fields=TEXT_FIELDS, ja_tokens=search_tokens)
            result = handle.searcher.search(query, 3000, count=True)
            shares.append(result.count / args.count)
            scores = [score for score, _ in result.hits]
            if len(scores) >= 10:
                ties.append(sum(1 for score in scores if abs(score - scores[9]) < 1e-4))
    print(f"{args.synthetic} {args.count:,} documents: an 8-term query matches a median "
          f"{statistics.median(shares):.0%} of the corpus; documents tied with the 10th score: "
          f"median {statistics.median(ties):.0f}, largest {max(ties)} (of the first 3,000)")


if __name__ == "__main__":
    main()
