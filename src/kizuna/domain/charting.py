"""Support labels, thresholds and the all-elements rule for claim charts (pure).

A retriever gives each passage of an element a score in [0, 1], a specificity
(share of the element's distinguishing terms it states) and an ``alternative``
flag (it negates or replaces the feature; see ``docs/retrieval.md``).
:func:`label_for` turns one passage's evidence into a
:data:`~kizuna.domain.evidence.Label`, :func:`element_label` gives an element
the best label its passages earn, and :func:`summarise` turns a chart's element
labels into its coverage, its verdict and the elements that need more evidence.

Labels (version v5) use one language-independent calibration: a logistic model
over the element's first three passages (:mod:`kizuna.domain.label_model`)
decides ``supported``; the ``partial`` cut point of :data:`THRESHOLDS` separates
``partial`` from ``unsupported``. Its balanced accuracy (mean of the met and
not-met hit rates) and ja/en consistency by leave-one-case-out on
``tests/data/eou/mixed.json`` are printed beside the "always supported" /
"always unsupported" baselines in ``docs/retrieval.md``.

The **all-elements rule** (Japanese practice: 構成要件充足, every element of the
claim must be found in the accused product; US: Warner-Jenkinson v. Hilton Davis,
520 U.S. 17 (1997)) decides the verdict: one unsupported element means the claim
is *not shown* to be practised, whatever the coverage. Coverage is the share of
elements labelled supported, a partial counting half. These are analytical aids,
not legal opinions.

Example::

    >>> label_for(0.6)
    'supported'
    >>> label_for(0.6, alternative=True)
    'partial'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kizuna.domain.evidence import ElementMatch, Label, ScoreExplanation, Verdict
from kizuna.domain.label_model import LABEL_DEPTH, LABEL_MODEL, LabelModel, element_features

__all__ = [
    "THRESHOLDS",
    "THRESHOLDS_VERSION",
    "ElementMatchLike",
    "Thresholds",
    "element_label",
    "label_for",
    "summarise",
]


class ElementMatchLike(Protocol):
    """Anything with a score and a :class:`ScoreExplanation` (a retrieval hit, a passage match)."""

    @property
    def score(self) -> float:
        """The passage's fused score."""
        ...

    @property
    def explanation(self) -> ScoreExplanation:
        """Why it scored so."""
        ...


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """Cut points: ``supported`` at or above on the score *and* ``specific`` on specificity.

    ``partial`` is the score at or above which an element is at least partial.
    """

    supported: float
    partial: float
    specific: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.partial <= self.supported <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= partial <= supported <= 1")
        if not 0.0 <= self.specific <= 1.0:
            raise ValueError("the specificity threshold must be in [0, 1]")


# One language-independent calibration, chosen by leave-one-case-out on
# tests/data/eou/mixed.json for balanced accuracy; see docs/retrieval.md.
THRESHOLDS = Thresholds(supported=0.5, partial=0.35, specific=0.0)
THRESHOLDS_VERSION = "v7"  # v7: the query terms of 2026-12-08 (tokenise._JA_STOP)
_RANK = {"unsupported": 0, "partial": 1, "supported": 2}


def label_for(
    score: float,
    thresholds: Thresholds = THRESHOLDS,
    *,
    specificity: float = 1.0,
    alternative: bool = False,
) -> Label:
    """The support label of one passage's evidence for an element.

    ``supported`` needs the score *and* the element's distinguishing terms
    (``specificity`` at or above ``thresholds.specific``) and no sign that the
    passage describes an alternative; a passage on the topic that misses the
    distinguishing limitation, or negates it, is at most ``partial``.

    >>> label_for(0.1)
    'unsupported'
    >>> label_for(0.9, Thresholds(supported=0.5, partial=0.3, specific=0.5), specificity=0.0)
    'partial'
    """
    if score >= thresholds.supported and specificity >= thresholds.specific and not alternative:
        return "supported"
    if score >= thresholds.partial:
        return "partial"
    return "unsupported"


def element_label(
    matches: Sequence[ElementMatchLike], thresholds: Thresholds = THRESHOLDS,
    model: LabelModel | None = LABEL_MODEL,
) -> Label:
    """An element's label from its passages, best first (``unsupported`` without passages).

    With ``model`` (the shipped calibration, :mod:`kizuna.domain.label_model`):
    ``supported`` when the model gives P(met) >= 0.5 on the first three
    passages *and* one of them is neither flagged as an alternative nor below
    ``thresholds.specific``; else ``partial`` when a passage scores at least
    ``thresholds.partial``; else ``unsupported``. With ``model=None``: the best
    label any passage earns by :func:`label_for` (score thresholds).
    """
    if model is not None:
        top = list(matches[:LABEL_DEPTH])
        clean = any(not m.explanation.alternative
                    and m.explanation.specificity >= thresholds.specific for m in top)
        if clean and model.probability(element_features(top)) >= 0.5:
            return "supported"
        if any(m.score >= thresholds.partial for m in top):
            return "partial"
        return "unsupported"
    best: Label = "unsupported"
    for match in matches:
        ex = match.explanation
        label = label_for(match.score, thresholds, specificity=ex.specificity,
                          alternative=ex.alternative)
        if _RANK[label] > _RANK[best]:
            best = label
    return best


def summarise(elements: Sequence[ElementMatch]) -> tuple[float, Verdict, tuple[str, ...]]:
    """Coverage, verdict (all-elements rule) and the ids of elements needing evidence.

    Uses each element's ``label`` (the reviewed state). Coverage counts a
    supported element 1 and a partial one 0.5, over all elements. The verdict
    is ``"shown"`` when every element is supported, ``"not shown"`` when any
    element is unsupported (or there are no elements), else ``"partly shown"``.
    ``needs_evidence`` lists the elements that are not supported, in order.
    """
    if not elements:
        return 0.0, "not shown", ()
    weight = {"supported": 1.0, "partial": 0.5, "unsupported": 0.0}
    coverage = sum(weight[e.label] for e in elements) / len(elements)
    needs = tuple(e.element_id for e in elements if e.label != "supported")
    verdict: Verdict
    if any(e.label == "unsupported" for e in elements):
        verdict = "not shown"
    elif needs:
        verdict = "partly shown"
    else:
        verdict = "shown"
    return round(coverage, 4), verdict, needs
