"""Deal and damages services on real files: the example deal and a sales history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kizuna.domain.damages import DamagesCase, Method, Range, Scenario
from kizuna.errors import InvalidValueError, MalformedDocumentError
from kizuna.services.damages import assess_damages, read_sales_history
from kizuna.services.deals import model_deal_file
from kizuna.services.tax import withholding

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "deal-pilot.toml"
HISTORY = ROOT / "tests" / "data" / "royalty" / "sales-history.csv"


def test_example_deal_models() -> None:
    report = model_deal_file(path=EXAMPLE)
    model = report.model
    assert model.deal.licensor_country == "US"
    labels = [f.payment.label for f in model.flows]
    assert labels[0] == "Pilot (12 months): pilot fee"
    running = [f for f in model.flows if f.payment.component == "Full licence: running royalty"]
    assert [f.gross.amount for f in running] == [
        Decimal("30000000"),
        Decimal("45000000"),
        Decimal("50000000"),
    ]  # 2.5%, cap 50m
    assert all(f.payment.probability == Decimal("0.4") for f in running)
    assert model.totals["withholding"].amount == 0  # US treaty 0%
    assert model.by_field["industrial robots"].amount == Decimal("25000000")  # total cap
    assert model.totals["npv_licensor"].currency == "USD"
    assert report.data_version.startswith("kizuna-data")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deal.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '\n[[lump_sum]]\nname = "x"\namount = "1"\ndate = 2027-01-01\ncolour = "red"\n',
            r"deal.toml: \[\[lump_sum\]\] #1: unknown key 'colour'",
        ),
        (
            '\n[[lump_sum]]\nname = "x"\namount = "-1"\ndate = 2027-01-01\n',
            r"\[\[lump_sum\]\] #1.amount: '-1' is negative",
        ),
        (
            '\n[[lump_sum]]\nname = "x"\namount = 1.5\ndate = 2027-01-01\n',
            r"amount: write 1.5 as a string",
        ),
        (
            '\n[[milestone]]\nname = "x"\namount = "1"\ndate = 2027-01-01\nprobability = "120%"\n',
            r"probability: 120% is above 100%",
        ),
        (
            '\n[[lump_sum]]\nname = "x"\namount = "1"\ndate = 2020-01-01\n',
            r"dates out of order: payment on 2020-01-01",
        ),
    ],
)
def test_deal_file_errors_name_the_file_and_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        model_deal_file(path=write(tmp_path, extra))


def test_bad_toml_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[deal\n", encoding="utf-8")
    with pytest.raises(MalformedDocumentError, match=r"broken.toml: not valid TOML"):
        model_deal_file(path=path)


def test_unknown_licensor_currency(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'licensor_currency = "USD"', 'licensor_currency = "ABC"'
    )
    path = tmp_path / "deal.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidValueError, match=r"currency 'ABC': unknown currency"):
        model_deal_file(path=path)


def test_damages_over_the_sales_history_file() -> None:
    history = read_sales_history(HISTORY)
    assert [r.year for r in history] == [2015, 2018, 2021, 2023, 2025]
    case = DamagesCase(
        method=Method.ART_102_2,
        currency="JPY",
        inputs={
            "sales": Range.point(Decimal(0)),
            "direct-costs": Range.point(Decimal(0)),
            "rate": Range.point(Decimal("0.05")),
        },
    )
    report = assess_damages(
        case=case, history=HISTORY, as_of=date(2026, 11, 21), knowledge_date=date(2019, 6, 1)
    )
    years = {y.year: y for y in report.exposure.years}
    assert years[2025].tort[Scenario.BASE].amount == Decimal("600000000")  # 2,000m - 1,400m
    assert years[2015].barred[Scenario.BASE].amount == Decimal("240000000")
    assert years[2018].unjust_enrichment[Scenario.BASE].amount == Decimal("50000000")
    assert any("Civil Code 724" in n for n in report.notes)


def test_sales_history_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("year,sales\n2020,abc\n", encoding="utf-8")
    with pytest.raises(
        MalformedDocumentError, match=r"h.csv: line 2: sales: 'abc' is not a number"
    ):
        read_sales_history(path)


def test_withholding_service_names_the_data_version() -> None:
    report = withholding(country="GB", payment_date=date(2027, 1, 1))
    assert report.rule.rate == 0 and report.treaty is not None
    assert report.data_version.startswith("kizuna-data")
