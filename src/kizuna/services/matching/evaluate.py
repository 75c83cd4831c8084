"""Measure matching against labelled shortlists: nDCG@k and recall@k per patent, averaged.

Labels (``patent, sme, relevance``) give 2 for "a coordinator would shortlist", 1 for
"would consider"; unlabelled pairs count 0. nDCG uses gain ``2^rel − 1`` and log2
discounts; recall@k counts pairs with relevance ≥ 1.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from kizuna.services.matching.run import Shortlist

__all__ = ["evaluate", "read_labels"]


def read_labels(path: Path) -> dict[tuple[str, str], int]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {(r["patent"], r["sme"]): int(r["relevance"]) for r in csv.DictReader(handle)}


def _dcg(gains: Sequence[int]) -> float:
    return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains)))


def evaluate(
    shortlists: Sequence[Shortlist], labels: Mapping[tuple[str, str], int], k: int = 10
) -> dict[str, float]:
    """Mean nDCG@k and recall@k over the labelled patents."""
    ndcgs, recalls = [], []
    for s in shortlists:
        wanted = {
            sme: rel for (patent, sme), rel in labels.items() if patent == s.patent.id and rel > 0
        }
        if not wanted:
            continue
        gains = [wanted.get(p.sme, 0) for p in s.pairs[:k]]
        ideal = _dcg(sorted(wanted.values(), reverse=True)[:k])
        ndcgs.append(_dcg(gains) / ideal)
        recalls.append(sum(1 for p in s.pairs[:k] if p.sme in wanted) / len(wanted))
    return {
        "patents": float(len(ndcgs)),
        f"ndcg@{k}": sum(ndcgs) / len(ndcgs) if ndcgs else 0.0,
        f"recall@{k}": sum(recalls) / len(recalls) if recalls else 0.0,
    }
