"""Labels, thresholds and the all-elements rule."""

from __future__ import annotations

import pytest

from kizuna.domain.charting import THRESHOLDS, Thresholds, label_for, summarise
from kizuna.domain.evidence import ElementMatch, Label


def element(element_id: str, label: Label) -> ElementMatch:
    return ElementMatch(element_id=element_id, text="t", original_text="t", score=0.5, label=label)


def test_labels_follow_the_thresholds() -> None:
    assert label_for(THRESHOLDS.supported) == "supported"
    assert label_for(THRESHOLDS.supported - 0.01) == "partial"
    assert label_for(THRESHOLDS.partial) == "partial"
    assert label_for(THRESHOLDS.partial - 0.01) == "unsupported"
    assert label_for(0.5, Thresholds(supported=0.9, partial=0.4)) == "partial"
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(supported=0.3, partial=0.6)


def test_all_elements_rule_one_unsupported_element_means_not_shown() -> None:
    coverage, verdict, needs = summarise(
        [element("1A", "supported"), element("1B", "supported"), element("1C", "unsupported")]
    )
    assert verdict == "not shown"
    assert coverage == pytest.approx(2 / 3, abs=1e-4)
    assert needs == ("1C",)


def test_partial_counts_half_and_gives_partly_shown() -> None:
    coverage, verdict, needs = summarise([element("1A", "supported"), element("1B", "partial")])
    assert (coverage, verdict, needs) == (0.75, "partly shown", ("1B",))


def test_every_element_supported_is_shown_and_empty_is_not() -> None:
    assert summarise([element("1A", "supported")]) == (1.0, "shown", ())
    assert summarise([]) == (0.0, "not shown", ())
