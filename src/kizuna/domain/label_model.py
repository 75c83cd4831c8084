"""One language-independent label calibration: a logistic model over an element's evidence (pure).

Raw score thresholds made an element's label depend on how many words it has
and in which language it was written (a Japanese element and its English
translation straddled the cut point). The calibration instead reads seven
features of the element's first three passages, each in [0, 1] and each
computed the same way for every language pair
(:class:`~kizuna.domain.evidence.ScoreExplanation`):

1. the best passage's fused score; 2. its lexical share (concept space, any
   language); 3. its dense share; 4. its specificity (share of the element's
   distinguishing terms stated);
5. the best specificity and 6. the best fused score among the passages *not*
   flagged as describing an alternative;
7. the share of the three passages flagged as describing an alternative.

``P(met) = 1 / (1 + exp(-(b + sum(w_i x_i))))``; an element is ``supported``
when ``P(met) >= 0.5`` *and* a passage not flagged as an alternative carries it
(:func:`kizuna.domain.charting.element_label`). The weights
(:data:`LABEL_MODEL`) are a class-balanced L2 logistic regression fitted on
``tests/data/eou/mixed.json`` (``benchmarks/eou_loco.py``, which also refits it
per fold and reports the leave-one-case-out balanced accuracy and ja/en
consistency in ``docs/retrieval.md``). An estimate for a reviewer, not a legal
opinion.

Example::

    >>> from kizuna.domain.evidence import ScoreExplanation
    >>> LABEL_MODEL.features([]) == (0.0,) * 7
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kizuna.domain.evidence import ScoreExplanation

__all__ = ["FEATURES", "LABEL_DEPTH", "LABEL_MODEL", "LabelModel", "element_features"]

LABEL_DEPTH = 3  # an element's label reads its first three passages, as a chart shows them
FEATURES = (
    "score", "lexical", "semantic", "specificity",
    "clean_specificity", "clean_score", "alternative_share",
)


class _Match(Protocol):
    @property
    def score(self) -> float: ...

    @property
    def explanation(self) -> ScoreExplanation: ...


def element_features(matches: Sequence[_Match]) -> tuple[float, ...]:
    """The :data:`FEATURES` of an element's first :data:`LABEL_DEPTH` passages (best first)."""
    top = list(matches[:LABEL_DEPTH])
    if not top:
        return (0.0,) * len(FEATURES)
    best = max(top, key=lambda m: m.score)
    ex = best.explanation
    clean = [m for m in top if not m.explanation.alternative]
    return (
        float(best.score), float(ex.lexical), float(ex.semantic), float(ex.specificity),
        max((float(m.explanation.specificity) for m in clean), default=0.0),
        max((float(m.score) for m in clean), default=0.0),
        sum(1 for m in top if m.explanation.alternative) / LABEL_DEPTH,
    )


@dataclass(frozen=True, kw_only=True)
class LabelModel:
    """Logistic weights over :data:`FEATURES` plus a bias; ``version`` names the fit."""

    weights: tuple[float, ...]
    bias: float
    version: str

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"a label model needs {len(FEATURES)} weights ({', '.join(FEATURES)})")

    def probability(self, features: Sequence[float]) -> float:
        """P(met) for one element's features."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def features(self, matches: Sequence[_Match]) -> tuple[float, ...]:
        """Shorthand for :func:`element_features`."""
        return element_features(matches)


# Fitted on tests/data/eou/mixed.json (all 12 cases, hybrid fusion v6 with the v7 query terms,
# as shipped) by `benchmarks/eou_loco.py --quick --fit`; leave-one-case-out figures in
# docs/retrieval.md.
LABEL_MODEL = LabelModel(
    weights=(1.4962, 0.9326, 0.7164, -0.009, 0.503, 1.9342, -2.0971),
    bias=-2.318,
    version="lr-v7",
)
