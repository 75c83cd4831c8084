"""SME matching quality: nDCG@10 and recall@10 on tests/data/match, against BM25 alone.

    .venv/bin/python benchmarks/match.py [--k 10]

The set is small and written for the project (tests/data/match/SOURCES.md): read the figures
as a sanity check of the method, not as a field result. Weights are fixed a priori (not tuned
on this set), so no leave-one-out is needed for them.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from kizuna.services.matching.evaluate import evaluate, read_labels
from kizuna.services.matching.files import read_catalogue, read_smes
from kizuna.services.matching.run import match

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "match"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    patents, smes = read_catalogue(DATA / "catalogue.csv"), read_smes(DATA / "smes.csv")
    labels = read_labels(DATA / "labels.csv")
    on = date(2026, 12, 7)
    rows = []
    methods = (
        ("BM25 only (baseline)", True, False),
        ("Kizuna, no embeddings", False, False),
        ("Kizuna match", False, True),
    )
    for name, text_only, dense in methods:
        start = time.perf_counter()
        shortlists = match(
            patents=patents, smes=smes, on=on, top=args.k, text_only=text_only, dense=dense
        )
        seconds = time.perf_counter() - start
        figures = evaluate(shortlists, labels, k=args.k)
        rows.append((name, figures[f"ndcg@{args.k}"], figures[f"recall@{args.k}"], seconds))
    print(f"{len(patents)} patents × {len(smes)} SMEs, {len(labels)} labelled pairs")
    print(f"{'method':<22} {'nDCG@' + str(args.k):>9} {'recall@' + str(args.k):>10} {'seconds':>8}")
    for name, ndcg, recall, seconds in rows:
        print(f"{name:<22} {ndcg:>9.3f} {recall:>10.3f} {seconds:>8.2f}")
    print(f"ratio nDCG Kizuna / BM25: {rows[-1][1] / rows[0][1]:.2f}")


if __name__ == "__main__":
    main()
