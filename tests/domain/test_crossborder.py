"""Cross-border exposure (Dwango v. FC2): factors, weights, levels, the shipped weight table."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from kizuna.domain.company import Company, Signal
from kizuna.domain.crossborder import CAVEAT, SIGNAL_FACTS, assess_exposure, level_for


def test_every_signal_has_a_fact_and_weights_sum_to_one() -> None:
    assert set(SIGNAL_FACTS) == set(Signal)
    assert sum(f.weight for f in SIGNAL_FACTS.values()) == pytest.approx(1.0)
    for fact in SIGNAL_FACTS.values():
        assert "legal-facts.md §4" in fact.source
        assert fact.fact


def test_shipped_table_matches_the_code() -> None:
    text = resources.files("kizuna.data").joinpath("exposure_signals.csv").read_text("utf-8")
    rows = {r["signal"]: r for r in csv.DictReader(text.splitlines())}
    assert set(rows) == {s.value for s in Signal}
    for signal, fact in SIGNAL_FACTS.items():
        row = rows[signal.value]
        assert float(row["weight"]) == fact.weight
        assert (row["label"], row["fact"], row["source"]) == (fact.label, fact.fact, fact.source)


def test_fc2_as_in_the_ruling() -> None:
    fc2 = Company(name_en="FC2, Inc.", country="US",
                  signals=("servers-abroad", "effect-in-japan", "hosted in Nevada"))
    assessment = assess_exposure(fc2)
    present = {f.signal for f in assessment.factors if f.present}
    assert present == {"servers-abroad", "effect-in-japan"}
    assert assessment.score == pytest.approx(0.45)
    assert assessment.level == "medium"
    assert assessment.other_signals == ("hosted in Nevada",)
    assert assessment.caveat == CAVEAT
    assert "not a legal conclusion" in assessment.to_json()["caveat"]
    assert "Dwango v. FC2" in next(f.fact for f in assessment.factors if f.present)


def test_every_signal_gives_high_and_none_gives_none() -> None:
    everything = Company(name_en="X", country="US", signals=tuple(s.value for s in Signal))
    assert assess_exposure(everything).score == pytest.approx(1.0)
    assert assess_exposure(everything).level == "high"
    assert assess_exposure(Company(name_en="Y", country="US")).level == "none"


def test_japanese_company_is_domestic() -> None:
    assessment = assess_exposure(Company(name_ja="トヨタ自動車株式会社", country="JP"))
    assert (assessment.level, assessment.score, assessment.domestic) == ("domestic", 1.0, True)


def test_levels() -> None:
    assert [level_for(s) for s in (0.0, 0.05, 0.3, 0.6)] == ["none", "low", "medium", "high"]
