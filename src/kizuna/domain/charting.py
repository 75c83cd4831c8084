"""Support labels, thresholds and the all-elements rule for claim charts (pure).

A retriever gives each claim element a score in [0, 1] (its best passage's fused
score, see ``docs/retrieval.md``). :func:`label_for` turns a score into a
:data:`~kizuna.domain.evidence.Label`; :func:`summarise` turns a chart's element
labels into its coverage, its verdict and the elements that need more evidence.

Thresholds (:data:`THRESHOLDS`) were calibrated on the development set in
``tests/data/eou/cases.json`` (hybrid retriever, real models, background-
normalised dense scores): the best passage's score of each element was compared
with the element's gold verdict. Because 78.5 % of the set's elements are
``met``, plain agreement is maximised by calling almost everything supported;
the cut points therefore maximise *balanced* accuracy (mean of the met and
not-met hit rates): ``supported`` against the gold verdicts, ``partial``
against "some passage is relevant (grade >= 1)". The figures, the
leave-one-case-out check and the trivial baseline are in ``docs/retrieval.md``.

The **all-elements rule** (Japanese practice: 構成要件充足, every element of the
claim must be found in the accused product; US: Warner-Jenkinson v. Hilton Davis,
520 U.S. 17 (1997)) decides the verdict: one unsupported element means the claim
is *not shown* to be practised, whatever the coverage. Coverage is the share of
elements labelled supported, a partial counting half. These are analytical aids,
not legal opinions.

Example::

    >>> label_for(0.6)
    'supported'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kizuna.domain.evidence import ElementMatch, Label, Verdict

__all__ = ["THRESHOLDS", "THRESHOLDS_VERSION", "Thresholds", "label_for", "summarise"]


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """Cut points on the element score: ``supported`` at or above, ``partial`` between."""

    supported: float
    partial: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.partial <= self.supported <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= partial <= supported <= 1")


# Calibrated on tests/data/eou/cases.json with the hybrid retriever (balanced accuracy,
# background-normalised dense scores); see docs/retrieval.md.
THRESHOLDS = Thresholds(supported=0.58, partial=0.36)
THRESHOLDS_VERSION = "v2"


def label_for(score: float, thresholds: Thresholds = THRESHOLDS) -> Label:
    """The support label of an element whose best evidence scored ``score``.

    >>> label_for(0.1)
    'unsupported'
    """
    if score >= thresholds.supported:
        return "supported"
    if score >= thresholds.partial:
        return "partial"
    return "unsupported"


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
