"""The language-independent label calibration: features, probability, and the guards around it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kizuna.domain.charting import THRESHOLDS, element_label
from kizuna.domain.evidence import ScoreExplanation
from kizuna.domain.label_model import FEATURES, LABEL_MODEL, LabelModel, element_features


@dataclass(frozen=True)
class Match:
    score: float
    explanation: ScoreExplanation


def match(score: float, *, spec: float = 1.0, alternative: bool = False,
          lexical: float = 0.5, semantic: float = 0.5) -> Match:
    return Match(score, ScoreExplanation(lexical=lexical, semantic=semantic, position=0.0,
                                         specificity=spec, alternative=alternative))


def test_features_read_the_first_three_passages() -> None:
    matches = [match(0.8, spec=0.2, alternative=True), match(0.6, spec=0.7), match(0.5),
               match(0.99)]  # the fourth is not read
    features = dict(zip(FEATURES, element_features(matches), strict=True))
    assert features["score"] == 0.8 and features["specificity"] == 0.2
    assert features["clean_specificity"] == 1.0 and features["clean_score"] == 0.6
    assert features["alternative_share"] == pytest.approx(1 / 3)
    assert element_features([]) == (0.0,) * len(FEATURES)


def test_the_shipped_model_is_monotone_in_the_evidence() -> None:
    weak = LABEL_MODEL.probability(element_features([match(0.2, spec=0.0, lexical=0.0)]))
    strong = LABEL_MODEL.probability(element_features([match(0.9, spec=1.0, lexical=0.9)]))
    assert 0.0 <= weak < 0.5 <= strong <= 1.0


def test_an_alternative_or_unspecific_passage_never_makes_an_element_supported() -> None:
    always = LabelModel(weights=(0.0,) * len(FEATURES), bias=10.0, version="test")
    assert element_label([match(0.9)], THRESHOLDS, always) == "supported"
    assert element_label([match(0.9, alternative=True)], THRESHOLDS, always) == "partial"
    strict = type(THRESHOLDS)(supported=0.5, partial=0.35, specific=0.5)
    assert element_label([match(0.9, spec=0.25)], strict, always) == "partial"
    never = LabelModel(weights=(0.0,) * len(FEATURES), bias=-10.0, version="test")
    assert element_label([match(0.9)], THRESHOLDS, never) == "partial"
    assert element_label([match(0.1)], THRESHOLDS, never) == "unsupported"
    assert element_label([], THRESHOLDS, always) == "unsupported"


def test_a_model_needs_one_weight_per_feature() -> None:
    with pytest.raises(ValueError, match="7 weights"):
        LabelModel(weights=(1.0,), bias=0.0, version="bad")
