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
    INDUSTRY_MATCH,
    PRODUCT_SECTOR_SHARE,
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
    ``patent_text_sectors`` (P, S) are the sector weights read from the patent's
    text and ``pair_lexical`` (P, C) the product-name overlap precomputed by
    :func:`kizuna.services.target_text.lexical_matrix`; left out, both are 0.
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
    patent_text_sectors: Floats | None = None
    pair_lexical: Floats | None = None

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
    text: Floats | None = None
    relevance: Floats | None = None


def _sector_match(patent_weights: Floats, company_sectors: Floats) -> Floats:
    """``max_s(patent weight[s] * company match[s])`` for every pair."""
    best = np.zeros((patent_weights.shape[0], company_sectors.shape[0]))
    buffer = np.empty_like(best)
    for s in range(patent_weights.shape[1]):
        np.multiply.outer(patent_weights[:, s], company_sectors[:, s], out=buffer)
        np.maximum(best, buffer, out=best)
    return best


def _activity(inputs: ScoringInputs, overlap: Floats) -> Floats:
    """``1 - (1 - n/(n+2)) * (1 - 0.5 products) * (1 - 0.3 [JSIC overlap])``."""
    filings = inputs.patent_fields @ inputs.company_filings.T
    filings /= filings + 2.0
    products = _sector_match(inputs.patent_sectors, inputs.company_sectors)
    products *= PRODUCT_SECTOR_SHARE
    np.subtract(1.0, filings, out=filings)
    np.subtract(1.0, products, out=products)
    filings *= products
    filings *= np.where(overlap > 0, 1.0 - INDUSTRY_MATCH, 1.0)
    np.subtract(1.0, filings, out=filings)
    return filings


def _text(inputs: ScoringInputs) -> Floats:
    """``1 - (1 - product-name overlap) * (1 - text-sector match)``."""
    shape = inputs.shape
    if inputs.patent_text_sectors is None:
        bridge = np.zeros(shape)
    else:
        bridge = _sector_match(inputs.patent_text_sectors, inputs.company_sectors)
    np.subtract(1.0, bridge, out=bridge)
    if inputs.pair_lexical is not None:
        bridge *= 1.0 - inputs.pair_lexical
    np.subtract(1.0, bridge, out=bridge)
    return bridge


def _line(inputs: ScoringInputs, overlap: Floats) -> Floats:
    """1 where JSIC groups overlap, 0.1 where both are known and do not, 0.5 if unknown."""
    line = np.where(overlap > 0, RELEVANCE_IN_LINE, RELEVANCE_OTHER_LINE)
    line[inputs.patent_jsic.sum(axis=1) == 0, :] = RELEVANCE_UNKNOWN
    line[:, inputs.company_jsic.sum(axis=1) == 0] = RELEVANCE_UNKNOWN
    return line


def score_matrix(inputs: ScoringInputs, weights: TargetWeights) -> ScoreMatrix:
    """Every pair's score, ``100 * sum(w_i f_i) / sum(w_i)`` (domain.targets.combine).

    Revenue and exposure are multiplied by the pair's relevance
    ``1 - (1 - activity)(1 - text)(1 - evidence)`` before weighting.
    """
    scale = 100.0 / weights.total
    overlap = inputs.patent_jsic @ inputs.company_jsic.T
    activity = _activity(inputs, overlap)
    text = _text(inputs)
    evidence = np.zeros(inputs.shape)
    rows, cols = inputs.evidence
    if rows.size:
        np.maximum.at(evidence, (rows, cols), inputs.evidence_coverage)
    relevance = (1.0 - activity) * (1.0 - text)
    relevance *= 1.0 - evidence
    np.subtract(1.0, relevance, out=relevance)
    score = _line(inputs, overlap)
    del overlap
    score *= inputs.company_revenue[np.newaxis, :] * (weights.revenue * scale)
    score += (weights.exposure * scale * inputs.company_exposure)[np.newaxis, :]
    score *= relevance
    score += activity * (weights.activity * scale)
    score += text * (weights.text * scale)
    score += evidence * (weights.evidence * scale)
    per_patent = (
        weights.remaining_term * inputs.patent_term
        + weights.live_jp * inputs.patent_live_jp
        + weights.claim_breadth * inputs.patent_breadth
    ) * scale
    score += per_patent[:, np.newaxis]
    rows, cols = inputs.blocked
    score[rows, cols] = 0.0
    rows, cols = inputs.excluded
    score[rows, cols] = -np.inf
    return ScoreMatrix(score=score, activity=activity, evidence=evidence, text=text,
                       relevance=relevance)


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
