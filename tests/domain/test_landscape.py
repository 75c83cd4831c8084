"""Per-patent landscape factors on the real sample patents; sectors and weights."""

from __future__ import annotations

from datetime import date

import pytest

from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.registry import default_readers
from kizuna.domain.landscape import (
    Sector,
    breadth_claims,
    breadth_factor,
    live_jp_factor,
    term_factor,
)
from kizuna.domain.patent import Patent
from kizuna.domain.targets import (
    TargetWeights,
    activity_factor,
    combine,
    filings_factor,
    pair_relevance,
    products_factor,
    relevance,
    revenue_magnitude,
    text_factor,
)
from kizuna.errors import SourceError
from tests.landscape_setup import AS_OF, DATA


def _read(path: str) -> Patent:
    file = DATA / path
    data = file.read_bytes()
    for reader in default_readers():
        if reader.sniff(file, data[:4096]):
            result = next(iter(reader.read(FileInput(path=file, data=data))))
            assert isinstance(result, Patent)
            return result
    raise AssertionError(f"no reader for {path}")


def test_term_factor_scales_to_twenty_years_and_zero_when_expired() -> None:
    assert term_factor(date(2036, 11, 21), as_of=AS_OF).value == pytest.approx(10 / 20, abs=0.01)
    assert term_factor(date(2020, 1, 1), as_of=AS_OF).value == 0.0
    assert term_factor(None, as_of=AS_OF).detail.startswith("expiry unknown")


def test_jp_priority_makes_a_jp_member_likely_but_unverified() -> None:
    patent = _find_with_jp_priority()
    factor = live_jp_factor(patent, end=date(2040, 1, 1), as_of=AS_OF, stored_jp={})
    assert factor.value == 0.5
    assert "JP priority" in factor.detail


def _find_with_jp_priority() -> Patent:
    for path in sorted((DATA / "epo").glob("*.xml")):
        patent = _read(f"epo/{path.name}")
        if any(p.country == "JP" for p in patent.priorities):
            return patent
    raise AssertionError("no EP sample claims a JP priority")


def test_us_patent_without_jp_family_has_no_jp_right() -> None:
    patent = _read("uspto/US08930553.xml")
    factor = live_jp_factor(patent, end=date(2033, 2, 15), as_of=AS_OF, stored_jp={})
    assert factor.value == 0.0


def test_breadth_uses_the_broadest_independent_claim_of_one_language() -> None:
    patent = _read("uspto/US08930553.xml")
    claims = breadth_claims(patent)
    assert {c.lang for c in claims} == {"en"}
    factor = breadth_factor(claims)
    assert 0.0 < factor.value <= 1.0
    assert "elements" in factor.detail and "words" in factor.detail
    assert breadth_factor(()).value == 0.0


def test_sector_keywords_match_whole_latin_words_and_japanese_anywhere() -> None:
    sector = Sector(code="automotive", name_en="Automotive", name_ja="自動車",
                    keywords=("car", "自動車"))
    assert sector.matches(["passenger car"])
    assert sector.matches(["passenger cars"]) and sector.matches(["ＣＡＲＳ"])  # plural, NFKC
    assert not sector.matches(["credit card"])
    assert sector.matches(["自動車部品"])
    assert sector.hits("A car seat for 自動車") == ("car", "自動車")


def test_relevance_gate_and_text_factor() -> None:
    assert pair_relevance(0.0, 0.0, 0.0) == 0.0
    assert pair_relevance(0.5, 0.5, 0.0) == pytest.approx(0.75)
    assert pair_relevance(0.0, 0.0, 1.0) == 1.0
    assert text_factor(0.5, 0.2) == pytest.approx(0.6)
    assert activity_factor(0.0, 0.0, 0.3) == pytest.approx(0.3)


def test_combine_contributions_add_up_to_the_score() -> None:
    weights = TargetWeights()
    values = {"remaining_term": 0.5, "live_jp": 1.0, "claim_breadth": 0.25, "evidence": 0.0,
              "activity": activity_factor(filings_factor(2), 0.6),
              "revenue": revenue_magnitude(1e11) * relevance(in_line=True, known=True),
              "exposure": 1.0}
    score, contributions = combine(values, weights)
    assert score == pytest.approx(sum(contributions.values()))
    assert contributions["live_jp"] == pytest.approx(100 * 2.0 / weights.total)
    assert products_factor({"semiconductor": 0.5}, ["semiconductor", "ai-ml"]) == 0.25
    assert revenue_magnitude(1e8) == 0.0 and revenue_magnitude(1e13) == 1.0


@pytest.mark.parametrize(
    ("table", "fault"),
    [
        ({"weights": {"speed": 1}}, "unknown factor 'speed'"),
        ({"live_jp": -1}, "must be 0 or more"),
        ({"live_jp": "high"}, "is not a number"),
        (dict.fromkeys(TargetWeights().as_dict(), 0), "every weight is 0"),
    ],
)
def test_weights_refuse_bad_tables(table: dict[str, object], fault: str) -> None:
    with pytest.raises(SourceError, match=fault) as caught:
        TargetWeights.from_mapping(table, source="weights.toml")
    assert str(caught.value).startswith("weights.toml: ")


def test_weights_override_only_what_is_given() -> None:
    weights = TargetWeights.from_mapping({"weights": {"evidence": 5}}, source="w.toml")
    assert weights.evidence == 5.0 and weights.live_jp == TargetWeights().live_jp
