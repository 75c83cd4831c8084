"""Comparables and benchmark statistics, on the shipped comparables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kizuna.adapters.royalty_data import shipped_comparables
from kizuna.domain.royalty import (
    Adjustment,
    BenchmarkQuery,
    Comparable,
    ComparableKind,
    RateBase,
    Status,
    benchmark,
    parse_kind,
    quantile,
    rate_statistics,
)
from kizuna.errors import InvalidValueError, NotFoundError

D = Decimal


def test_quantiles_match_the_inclusive_method() -> None:
    values = [D(1), D(2), D(3), D(4)]
    assert quantile(values, D("0.25")) == D("1.75")
    assert quantile(values, D("0.5")) == D("2.5")
    assert quantile(values, D("0.75")) == D("3.25")
    stats = rate_statistics([D(5)])
    assert stats.n == 1 and stats.lower_quartile == stats.upper_quartile == D(5)


def test_shipped_set_has_every_required_figure_with_source() -> None:
    items = {c.id: c for c in shipped_comparables()}
    assert items["jpo2010-all"].value == D("3.7")
    assert items["jpo2010-biopharma"].value == D("6.0")
    assert items["osaka-dc-2013-co2-pack"].value == D("10")
    assert items["osaka-dc-2009-double-contract"].value == D("6")
    assert items["tokyo-dc-2022-smartphone"].value == D("0.1")
    assert items["apple-samsung-2014-aggregate"].base is RateBase.AGGREGATE
    assert items["pantech-asus-2025-lte"].value == D("9")
    assert items["pantech-asus-2025-5g"].value == D("8")
    assert items["nokia-5g-per-device"].unit == "EUR"
    assert items["qualcomm-5g-multimode"].value == D("3.25")
    assert all(c.source and c.provenance.startswith("shipped:") for c in items.values())


def test_unverified_items_of_legal_facts_stay_flagged() -> None:
    items = {c.id: c for c in shipped_comparables()}
    for name in ("ip-hc-2019-co2-pack", "tcl-aggregate-4g-low", "unwired-planet-aggregate-4g"):
        assert items[name].status is Status.UNVERIFIED
        assert "[UNVERIFIED]" in items[name].shown
    assert "huawei-5g-cap" not in items  # a forum post: dropped, no primary source


def test_chemistry_benchmark_uses_surveys_and_shows_court_awards_apart() -> None:
    result = benchmark(shipped_comparables(), BenchmarkQuery(field="chemistry"))
    assert result.query.kinds == (ComparableKind.LICENCE_AGREEMENT, ComparableKind.SURVEY)
    rates = sorted(c.value for c in result.comparables)
    assert rates == [D("4.1"), D("4.3"), D("6.0")]  # JPO/METI survey means only
    s = result.statistics
    assert (s.n, s.minimum, s.median, s.maximum) == (3, D("0.041"), D("0.043"), D("0.06"))
    assert s.lower_quartile == D("0.042") and s.upper_quartile == D("0.0515")
    band = result.court_band
    assert band is not None and (band.n, band.median) == (2, D("0.1"))
    assert [c.id for c in result.court_comparables] == [
        "ip-hc-2019-co2-pack",
        "osaka-dc-2013-co2-pack",
    ]
    court_line = next(line for line in result.explanation if "separate band" in line)
    assert "平成30(ネ)10063" in court_line and "higher than the normal royalty rate" in court_line
    assert any("meti.go.jp/publication/data/royalty2010.html" in src for src in result.sources)
    assert any("UNVERIFIED" in line and "jpo2010-chemistry" in line for line in result.explanation)


def test_adjustment_is_explicit_and_unadjusted_figures_remain() -> None:
    uplift = Adjustment(name="Art. 102(3) post-infringement uplift", factor=D("1.5"))
    result = benchmark(shipped_comparables(), BenchmarkQuery(field="Chemistry"), [uplift])
    assert result.statistics.median == D("0.043")
    assert result.adjusted is not None and result.adjusted.median == D("0.0645")
    assert result.adjusted.maximum == D("0.090")
    assert any("Art. 102(3) post-infringement uplift x1.5" in line for line in result.explanation)


def test_filters_by_territory_years_and_kind() -> None:
    query = BenchmarkQuery(
        field="Telecommunications",
        territory="JP",
        year_from=2020,
        kinds=(ComparableKind.COURT_AWARD,),
    )
    result = benchmark(shipped_comparables(), query)
    assert [c.id for c in result.comparables] == ["tokyo-dc-2022-smartphone"]
    assert result.court_band is None  # asked for: in the range, with the note
    assert any("runs higher" in line for line in result.explanation)
    aggregate = benchmark(
        shipped_comparables(),
        BenchmarkQuery(
            base=RateBase.AGGREGATE, kinds=(ComparableKind.COURT_FORMULA,), include_unverified=False
        ),
    )
    assert sorted(c.value for c in aggregate.comparables) == [D("5"), D("8"), D("9")]


def test_digital_communication_is_not_japanese_licence_data() -> None:
    with pytest.raises(NotFoundError, match=r"no licence or survey rates, but .*court_award") as e:
        benchmark(shipped_comparables(), BenchmarkQuery(field="Digital communication"))
    assert e.value.candidates == ()  # the field exists: no "did you mean" list
    court = benchmark(
        shipped_comparables(),
        BenchmarkQuery(field="Digital communication", kinds=(ComparableKind.COURT_AWARD,)),
    )
    assert any(
        "Not all figures are Japanese: territories GB 1, ROW 1, US 1" in line
        for line in court.explanation
    )


def test_former_kind_names_still_parse() -> None:
    assert parse_kind("survey_average") is ComparableKind.SURVEY
    assert parse_kind("court_rate") is ComparableKind.COURT_AWARD
    assert parse_kind("Rejected_Offer") is ComparableKind.REJECTED_OFFER
    with pytest.raises(
        InvalidValueError, match=r"--kind 'rumour' is not one of: licence_agreement"
    ):
        parse_kind("rumour", name="--kind")
    items = {c.id: c for c in shipped_comparables()}
    assert items["tcl-ericsson-offer-a"].kind is ComparableKind.REJECTED_OFFER


def test_no_match_names_the_query_and_offers_fields() -> None:
    with pytest.raises(
        NotFoundError, match=r"no percentage comparables match.*'Basket weaving'"
    ) as info:
        benchmark(shipped_comparables(), BenchmarkQuery(field="Basket weaving"))
    assert "Chemistry" in info.value.candidates


def test_years_out_of_order() -> None:
    with pytest.raises(InvalidValueError, match=r"--from 2020 is after --to 2010"):
        BenchmarkQuery(year_from=2020, year_to=2010)


def test_comparable_validation_names_the_row() -> None:
    base = {
        "id": "x",
        "unit": "percent",
        "base": RateBase.NET_SALES,
        "kind": ComparableKind.COURT_AWARD,
        "territory": "JP",
        "description": "",
        "source": "[S1]",
        "status": Status.VERIFIED,
        "provenance": "test",
    }
    with pytest.raises(InvalidValueError, match=r"comparable 'x': value 150% is above 100%"):
        Comparable(value=D(150), **base)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"source_date '2020/01/01'"):
        Comparable(value=D(1), source_date="2020/01/01", **base)  # type: ignore[arg-type]
