"""The vectorised target score: NumPy arrays over patents x companies.

This is the scoring core of ``kizuna targets rank`` and of
``benchmarks/landscape.py``: it holds no database and no domain objects, only
arrays, so 10,000 patents x 1,000 companies score in a few seconds. The
formula is :func:`kizuna.domain.targets.combine` applied element-wise; the
tests check, pair by pair, that the two agree.

Row order is the tie-break: callers sort patents by number and companies by
id before building :class:`ScoringInputs`, and equal scores keep that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kizuna.domain.targets import (
    RELEVANCE_IN_LINE,
    RELEVANCE_OTHER_LINE,
    RELEVANCE_UNKNOWN,
    TargetWeights,
)

__all__ = ["Floats", "Pairs", "ScoreMatrix", "ScoringInputs", "score_matrix", "top_pairs"]

Floats = NDArray[np.float64]
Pairs = tuple[NDArray[np.intp], NDArray[np.intp]]


def _no_pairs() -> Pairs:
    return (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))


@dataclass(frozen=True, kw_only=True)
class ScoringInputs:
    """Factor inputs as arrays. P patents, C companies, F fields, S sectors, G JSIC groups.

    ``evidence`` and ``blocked`` and ``excluded`` are sparse: (patent rows,
    company columns) with, for evidence, the coverage of each pair.
    """

    patent_term: Floats  # (P,) remaining-term factor
    patent_live_jp: Floats  # (P,)
    patent_breadth: Floats  # (P,)
    patent_fields: Floats  # (P, F) 1 where the patent is in the field
    patent_sectors: Floats  # (P, S) sector weights
    patent_jsic: Floats  # (P, G) 1 where the patent's fields map to the JSIC group
    company_filings: Floats  # (C, F) the company's own filings per field
    company_sectors: Floats  # (C, S) 1 where its products match the sector
    company_jsic: Floats  # (C, G) 1 for the company's JSIC groups
    company_revenue: Floats  # (C,) revenue magnitude factor
    company_exposure: Floats  # (C,) exposure factor
    evidence: Pairs = field(default_factory=_no_pairs)
    evidence_coverage: Floats = field(default_factory=lambda: np.zeros(0))
    blocked: Pairs = field(default_factory=_no_pairs)
    excluded: Pairs = field(default_factory=_no_pairs)

    @property
    def shape(self) -> tuple[int, int]:
        """(patents, companies)."""
        return (self.patent_term.shape[0], self.company_revenue.shape[0])


@dataclass(frozen=True, kw_only=True)
class ScoreMatrix:
    """Scores (P, C): -inf for excluded pairs (the owner's own group), 0 for blocked."""

    score: Floats
    activity: Floats
    evidence: Floats  # (P, C) coverage, 0 where no chart


def _activity(inputs: ScoringInputs) -> Floats:
    """``1 - (1 - n/(n+2)) * (1 - max_s(patent weight * product match))``."""
    filings = inputs.patent_fields @ inputs.company_filings.T
    filings /= filings + 2.0
    products = np.zeros_like(filings)
    buffer = np.empty_like(filings)
    for s in range(inputs.patent_sectors.shape[1]):
        np.multiply.outer(inputs.patent_sectors[:, s], inputs.company_sectors[:, s], out=buffer)
        np.maximum(products, buffer, out=products)
    np.subtract(1.0, filings, out=filings)
    np.subtract(1.0, products, out=products)
    filings *= products
    np.subtract(1.0, filings, out=filings)
    return filings


def _relevance(inputs: ScoringInputs) -> Floats:
    """1 where JSIC groups overlap, 0.1 where both are known and do not, 0.5 if unknown."""
    overlap = inputs.patent_jsic @ inputs.company_jsic.T
    relevance = np.where(overlap > 0, RELEVANCE_IN_LINE, RELEVANCE_OTHER_LINE)
    relevance[inputs.patent_jsic.sum(axis=1) == 0, :] = RELEVANCE_UNKNOWN
    relevance[:, inputs.company_jsic.sum(axis=1) == 0] = RELEVANCE_UNKNOWN
    return relevance


def score_matrix(inputs: ScoringInputs, weights: TargetWeights) -> ScoreMatrix:
    """Every pair's score, ``100 * sum(w_i f_i) / sum(w_i)`` (domain.targets.combine)."""
    scale = 100.0 / weights.total
    activity = _activity(inputs)
    score = _relevance(inputs)
    score *= inputs.company_revenue[np.newaxis, :] * (weights.revenue * scale)
    score += activity * (weights.activity * scale)
    per_patent = (
        weights.remaining_term * inputs.patent_term
        + weights.live_jp * inputs.patent_live_jp
        + weights.claim_breadth * inputs.patent_breadth
    ) * scale
    score += per_patent[:, np.newaxis]
    score += (weights.exposure * scale * inputs.company_exposure)[np.newaxis, :]
    evidence = np.zeros(inputs.shape)
    rows, cols = inputs.evidence
    if rows.size:
        np.maximum.at(evidence, (rows, cols), inputs.evidence_coverage)
        score += evidence * (weights.evidence * scale)
    rows, cols = inputs.blocked
    score[rows, cols] = 0.0
    rows, cols = inputs.excluded
    score[rows, cols] = -np.inf
    return ScoreMatrix(score=score, activity=activity, evidence=evidence)


def top_pairs(score: Floats, top: int | None) -> Pairs:
    """(rows, cols) of the best ``top`` pairs (all scored pairs when None), best first.

    Excluded pairs (-inf) never appear. Ties keep row-major order, so the
    ranking is reproducible: equal scores go by patent order, then company order.
    """
    flat = score.ravel()
    if top is None or top >= flat.size:
        candidates = np.flatnonzero(np.isfinite(flat))
    elif top <= 0:
        candidates = np.zeros(0, dtype=np.intp)
    else:
        kth = np.partition(flat, flat.size - top)[flat.size - top]
        candidates = np.flatnonzero((flat >= kth) & np.isfinite(flat))
    order = np.argsort(-flat[candidates], kind="stable")
    chosen = candidates[order]
    if top is not None:
        chosen = chosen[: max(top, 0)]
    rows, cols = np.unravel_index(chosen, score.shape)
    return (rows.astype(np.intp), cols.astype(np.intp))
