"""The review decision of screening: half-met elements resting only on alternatives or on
dictionary drift do not count."""

from __future__ import annotations

from dataclasses import dataclass

from kizuna.domain.evidence import ScoreExplanation
from kizuna.services.screening import _recommend, _review_coverage


@dataclass(frozen=True)
class Hit:
    score: float
    explanation: ScoreExplanation


def hit(score: float, *, alternative: bool = False, direct: float | None = 1.0) -> Hit:
    return Hit(score, ScoreExplanation(lexical=0.5, semantic=0.5, position=0.0,
                                       specificity=1.0, alternative=alternative,
                                       direct_specificity=direct))


def test_a_partial_resting_only_on_an_alternative_counts_nothing() -> None:
    labels = ["supported", "unsupported", "partial", "partial"]
    clean = [[hit(0.9)], [hit(0.1)], [hit(0.5)], [hit(0.5)]]
    assert _review_coverage(labels, clean) == 0.5  # (1 + 0 + 0.5 + 0.5) / 4
    assert _recommend(_review_coverage(labels, clean), "not shown") == "review"
    negated = [[hit(0.9)], [hit(0.1)], [hit(0.5, alternative=True)], [hit(0.5)]]
    assert _review_coverage(labels, negated) == 0.375
    assert _recommend(_review_coverage(labels, negated), "not shown") == "skip"


def test_a_clean_passage_below_the_partial_cut_point_does_not_rescue_the_element() -> None:
    labels = ["partial", "supported"]
    hits = [[hit(0.6, alternative=True), hit(0.2)], [hit(0.9)]]
    assert _review_coverage(labels, hits) == 0.5  # the partial element counts 0
    hits = [[hit(0.6, alternative=True), hit(0.4)], [hit(0.9)]]
    assert _review_coverage(labels, hits) == 0.75
    assert _review_coverage([], []) == 0.0


def test_an_element_met_only_through_dictionary_drift_counts_nothing() -> None:
    """EP3383757B1 x FlipView Console: supported and partial elements whose passages state
    no distinguishing term within two dictionary steps do not make the pair a review."""
    labels = ["supported", "supported", "partial", "unsupported"]
    stated = [[hit(0.7)], [hit(0.6)], [hit(0.4)], [hit(0.1)]]
    assert _review_coverage(labels, stated) == 0.625
    drift = [[hit(0.7, direct=0.0), hit(0.5, direct=0.0)], [hit(0.6)],
             [hit(0.4, direct=0.0)], [hit(0.1)]]
    assert _review_coverage(labels, drift) == 0.25
    assert _recommend(_review_coverage(labels, drift), "not shown") == "skip"
    second = [[hit(0.7, direct=0.0), hit(0.5, direct=0.3)], [hit(0.6)], [hit(0.4)], [hit(0.1)]]
    assert _review_coverage(labels, second) == 0.625  # any of the first three passages
    unknown = [[hit(0.7, direct=None)], [hit(0.6)], [hit(0.4, direct=None)], [hit(0.1)]]
    assert _review_coverage(labels, unknown) == 0.625  # not computed: counts as stated
