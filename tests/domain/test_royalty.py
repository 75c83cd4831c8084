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
    assert items["huawei-5g-cap"].status is Status.WEAK


def test_chemistry_benchmark_on_shipped_data() -> None:
    result = benchmark(shipped_comparables(), BenchmarkQuery(field="chemistry"))
    rates = sorted(c.value for c in result.comparables)
    assert rates == [D("4.1"), D("4.3"), D("6.0"), D("10"), D("10")]
    s = result.statistics
    assert (s.n, s.minimum, s.median, s.maximum) == (5, D("0.041"), D("0.06"), D("0.1"))
    assert s.lower_quartile == D("0.043") and s.upper_quartile == D("0.1")
    assert any(
        "UNVERIFIED" in line and "ip-hc-2019-co2-pack" in line for line in result.explanation
    )
    assert "[S19] tokkyohou-no-sekai.jp/hanrei/h25/h25.1.17.htm" in result.sources


def test_adjustment_is_explicit_and_unadjusted_figures_remain() -> None:
    uplift = Adjustment(name="Art. 102(3) post-infringement uplift", factor=D("1.5"))
    result = benchmark(shipped_comparables(), BenchmarkQuery(field="Chemistry"), [uplift])
    assert result.statistics.median == D("0.06")
    assert result.adjusted is not None and result.adjusted.median == D("0.090")
    assert result.adjusted.maximum == D("0.150")
    assert any("Art. 102(3) post-infringement uplift x1.5" in line for line in result.explanation)


def test_filters_by_territory_years_and_kind() -> None:
    query = BenchmarkQuery(field="Telecommunications", territory="JP", year_from=2020)
    result = benchmark(shipped_comparables(), query)
    assert [c.id for c in result.comparables] == ["tokyo-dc-2022-smartphone"]
    aggregate = benchmark(
        shipped_comparables(),
        BenchmarkQuery(
            base=RateBase.AGGREGATE, kinds=(ComparableKind.COURT_FORMULA,), include_unverified=False
        ),
    )
    assert sorted(c.value for c in aggregate.comparables) == [D("5"), D("8"), D("9")]


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
        "kind": ComparableKind.COURT_RATE,
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
