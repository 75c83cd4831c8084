"""CLI sub-apps (royalty, damages, deal, tax): --json shapes, tables, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from kizuna.cli import damages as damages_cli
from kizuna.cli import deal as deal_cli
from kizuna.cli import royalty as royalty_cli
from kizuna.cli import tax as tax_cli
from kizuna.cli.common import AppState
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.settings import get_settings, sqlite_url
from tests.cli.tables_support import assert_fits_80, csv_rows

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "royalty"
runner = CliRunner()

damages_app = typer.Typer()
damages_app.command()(damages_cli.damages)


@pytest.fixture
def app_state(tmp_path: Path) -> Iterator[AppState]:
    state = AppState(settings=get_settings(database_url=sqlite_url(tmp_path / "k.db")))
    yield state
    state.close()


def run_json(app: typer.Typer, args: list[str], state: AppState | None = None) -> Any:
    result = runner.invoke(app, [*args, "--json"], obj=state)
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


MONEY_KEYS = {"amount", "currency", "en", "ja"}


def test_comparables_json_shape(app_state: AppState) -> None:
    doc = run_json(royalty_cli.app, ["comparables", "--field", "Pharmaceuticals"], app_state)
    assert set(doc) == {"data_version", "disclaimer", "comparables"}
    first = doc["comparables"][0]
    assert set(first) == {
        "id",
        "value",
        "unit",
        "shown",
        "base",
        "kind",
        "fields",
        "sectors",
        "territory",
        "year",
        "description",
        "source",
        "source_date",
        "status",
        "note",
        "provenance",
    }
    assert {c["id"] for c in doc["comparables"]} >= {"jpo2010-biopharma", "osaka-dc-2013-co2-pack"}


def test_import_then_list_shows_provenance(app_state: AppState) -> None:
    result = runner.invoke(
        royalty_cli.app, ["import", str(DATA / "user-comparables.csv")], obj=app_state
    )
    assert result.exit_code == 1  # some rows were refused
    assert "stored 3 row(s)" in result.stdout
    assert (
        "user-comparables.csv line 5: comparable 'bad-rate': value 150% is above 100%"
        in result.stderr
    )
    doc = run_json(royalty_cli.app, ["comparables", "--field", "Civil engineering"], app_state)
    assert [c["provenance"] for c in doc["comparables"]] == ["import:user-comparables.csv"]


def test_benchmark_json_and_table(app_state: AppState) -> None:
    doc = run_json(
        royalty_cli.app,
        [
            "benchmark",
            "--field",
            "Chemistry",
            "--adjust",
            "1.5=Art. 102(3) post-infringement uplift",
        ],
        app_state,
    )
    assert doc["statistics"]["n"] == 3  # surveys only; court awards apart
    assert doc["statistics"]["median"] == "0.0430" and doc["statistics"]["median_percent"] == "4.3%"
    assert doc["adjusted"]["median_percent"] == "6.45%"
    assert doc["kinds"] == ["licence_agreement", "survey"]
    assert doc["court_band"]["n"] == 2 and doc["court_band"]["median_percent"] == "10%"
    assert [c["kind"] for c in doc["court_comparables"]] == ["court_award", "court_award"]
    assert doc["adjustments"][0]["name"] == "Art. 102(3) post-infringement uplift"
    assert doc["sources"] and doc["explanation"]
    table = runner.invoke(royalty_cli.app, ["benchmark", "--field", "Chemistry"], obj=app_state)
    assert table.exit_code == 0 and "median" in table.stdout and "[UNVERIFIED]" in table.stdout
    assert "not legal or tax advice" in " ".join(table.stdout.split())


def test_benchmark_unknown_field_is_one_clear_error(app_state: AppState) -> None:
    result = runner.invoke(
        royalty_cli.app, ["benchmark", "--field", "Basket weaving"], obj=app_state
    )
    assert isinstance(result.exception, NotFoundError)


def test_benchmark_plot_without_matplotlib_says_so(app_state: AppState, tmp_path: Path) -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        result = runner.invoke(
            royalty_cli.app,
            ["benchmark", "--field", "Chemistry", "--plot", str(tmp_path / "p.png")],
            obj=app_state,
        )
        assert isinstance(result.exception, InvalidValueError)
        assert "matplotlib is not installed" in str(result.exception)
    else:
        result = runner.invoke(
            royalty_cli.app,
            ["benchmark", "--field", "Chemistry", "--plot", str(tmp_path / "p.png")],
            obj=app_state,
        )
        assert result.exit_code == 0 and (tmp_path / "p.png").stat().st_size > 0


def test_frand_json_shape() -> None:
    doc = run_json(
        royalty_cli.app,
        [
            "frand",
            "--price",
            "60000",
            "--currency",
            "JPY",
            "--aggregate-rate",
            "8%",
            "--holder-patents",
            "13",
            "--total-patents",
            "1300",
            "--units",
            "1000",
        ],
    )
    result = doc["results"][0]
    assert set(result["per_unit"]) == MONEY_KEYS
    assert result["per_unit_exact"] == "48.00"  # 60,000 x 8% x 13 / 1,300
    assert result["total"]["amount"] == "48000" and result["total"]["ja"] == "4万8,000円"
    assert result["steps"]
    preset = run_json(
        royalty_cli.app,
        ["frand", "--price", "13000000000", "--currency", "JPY", "--preset", "pantech-asus"],
    )
    assert [r["per_unit"]["amount"] for r in preset["results"]] == ["900000", "800000"]
    assert preset["preset"]["source_date"] == "2025-04-10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--price", "-5", "--currency", "JPY", "--aggregate-rate", "8%"],
            "--price: '-5' is negative",
        ),
        (["--price", "5", "--currency", "XXX", "--aggregate-rate", "8%"], "currency 'XXX'"),
        (
            [
                "--price",
                "5",
                "--currency",
                "JPY",
                "--aggregate-rate",
                "180%",
                "--holder-patents",
                "1",
                "--total-patents",
                "2",
            ],
            "--aggregate-rate: 180% is above 100%",
        ),
    ],
)
def test_frand_bad_input(args: list[str], message: str) -> None:
    result = runner.invoke(royalty_cli.app, ["frand", *args])
    assert isinstance(result.exception, InvalidValueError)
    assert message in str(result.exception)


def test_damages_json_shape_with_history() -> None:
    doc = run_json(
        damages_app,
        [
            "--method",
            "102-3",
            "--rate",
            "3%:5%:8%",
            "--history",
            str(DATA / "sales-history.csv"),
            "--as-of",
            "2026-11-21",
            "--knowledge-date",
            "2019-06-01",
        ],
    )
    assert doc["method"] == "102-3" and doc["currency"] == "JPY"
    assert [i["name"] for i in doc["inputs"]] == ["sales", "rate"]
    assert set(doc["claimable"]) == {"low", "base", "high"}
    assert [y["year"] for y in doc["years"]] == [2015, 2018, 2021, 2023, 2025]
    assert doc["years"][0]["share_barred"] == "1"
    assert doc["disclaimer"] and doc["data_version"]


def test_damages_table_and_bad_input() -> None:
    result = runner.invoke(
        damages_app, ["--method", "102-3", "--sales", "1,000,000,000", "--rate", "5%"]
    )
    assert result.exit_code == 0 and "5,000万円" in result.stdout
    bad = runner.invoke(damages_app, ["--method", "102-3", "--sales", "1000", "--rate", "5%:3%:8%"])
    assert isinstance(bad.exception, InvalidValueError)
    assert "--rate: range" in str(bad.exception)
    dates = runner.invoke(
        damages_app,
        [
            "--method",
            "102-3",
            "--rate",
            "5%",
            "--history",
            str(DATA / "sales-history.csv"),
            "--as-of",
            "2020-01-01",
            "--knowledge-date",
            "2021-01-01",
        ],
    )
    assert "is after --as-of" in str(dates.exception)


def test_deal_model_json_shape() -> None:
    doc = run_json(deal_cli.app, ["model", str(ROOT / "examples" / "deal-pilot.toml")])
    assert set(doc) >= {
        "deal",
        "fx",
        "flows",
        "totals",
        "by_field",
        "by_licensee",
        "withholding",
        "notes",
        "data_version",
        "disclaimer",
    }
    assert set(doc["totals"]) == {
        "gross",
        "expected",
        "withholding",
        "net",
        "npv",
        "net_licensor",
        "npv_licensor",
    }
    flow = doc["flows"][0]
    assert set(flow["gross"]) == MONEY_KEYS and flow["withholding_basis"] == "treaty"
    text = runner.invoke(deal_cli.app, ["model", str(ROOT / "examples" / "deal-pilot.toml")])
    assert text.exit_code == 0 and "npv" in text.stdout


def test_tax_withholding_json_and_no_treaty() -> None:
    doc = run_json(tax_cli.app, ["withholding", "--licensor-country", "US", "--date", "2027-01-01"])
    assert doc["rate"] == "0" and doc["basis"] == "treaty"
    assert any("6166" in form for form in doc["forms"])
    assert doc["table_version"].startswith("treaty_rates.csv edition 2026-12-07 (sha256 ")
    assert doc["treaty"]["signed"] == "2003-11-06" and doc["treaty"]["status"] == "verified"
    result = runner.invoke(tax_cli.app, ["withholding", "--licensor-country", "VE"])
    assert isinstance(result.exception, InvalidValueError)
    assert "--licensor-country VE: no treaty rate" in str(result.exception)
    domestic = run_json(
        tax_cli.app,
        ["withholding", "--licensor-country", "VE", "--domestic", "--date", "2027-01-01"],
    )
    assert domestic["rate_percent"] == "20.42%" and domestic["treaty"] is None
    assert domestic["status"] == "no-treaty-row"


def test_tax_withholding_text_names_the_split_rate_and_the_table() -> None:
    result = runner.invoke(
        tax_cli.app, ["withholding", "--licensor-country", "CO", "--date", "2027-01-04"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # the console wraps long lines
    assert text.startswith("CO on 2027-01-04: 10% (treaty; status verified)")
    assert "equipment 2%; other royalties incl. patents 10%" in text
    assert "treaty table: treaty_rates.csv edition 2026-12-07 (sha256 " in text


def test_tax_withholding_says_unverified_in_text_and_json() -> None:
    args = ["withholding", "--licensor-country", "CN", "--date", "2027-01-04"]
    result = runner.invoke(tax_cli.app, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert text.startswith("CN on 2027-01-04: 10% (treaty; status unverified)")
    assert "Treaty rate status: UNVERIFIED" in text
    doc = run_json(tax_cli.app, [*args])
    assert (doc["status"], doc["treaty"]["status"]) == ("unverified", "unverified")


def _names(app: typer.Typer, prefix: str) -> list[str]:
    return [f"{prefix} {c.name or c.callback.__name__}" for c in app.registered_commands]  # type: ignore[union-attr]


def test_every_command_is_documented_in_royalty_md() -> None:
    docs = (ROOT / "docs" / "royalty.md").read_text(encoding="utf-8")
    commands = [
        *_names(royalty_cli.app, "kizuna royalty"),
        *_names(deal_cli.app, "kizuna deal"),
        *_names(tax_cli.app, "kizuna tax"),
        "kizuna damages",
    ]
    assert [c for c in commands if f"`{c}" not in docs] == []


def test_comparables_and_benchmark_fit_80_columns_with_csv(app_state: AppState) -> None:
    from kizuna.cli.common import console

    listing = run_json(royalty_cli.app, ["comparables"], app_state)
    width = console.width
    console.width = 80
    try:
        table = runner.invoke(royalty_cli.app, ["comparables"], obj=app_state)
        bench = runner.invoke(royalty_cli.app, ["benchmark", "--field", "Chemistry"],
                              obj=app_state)
    finally:
        console.width = width
    assert_fits_80(table.stdout, [c["id"] for c in listing["comparables"]])
    assert_fits_80(bench.stdout, ["court awards (apart)"])
    result = runner.invoke(royalty_cli.app, ["comparables", "--csv"], obj=app_state)
    rows = csv_rows(result.stdout)
    assert [r["id"] for r in rows] == [c["id"] for c in listing["comparables"]]
    assert [r["source"] for r in rows] == [c["source"] for c in listing["comparables"]]


def test_deal_model_fits_80_columns_and_csv_has_every_flow() -> None:
    from kizuna.cli.common import console

    deal = str(ROOT / "examples" / "deal-pilot.toml")
    doc = run_json(deal_cli.app, ["model", deal])
    width = console.width
    console.width = 80
    try:
        table = runner.invoke(deal_cli.app, ["model", deal])
    finally:
        console.width = width
    assert table.exit_code == 0
    assert_fits_80(table.stdout, ["¥12,000,000", "¥10,823,966", "2027-12-31"])
    rows = csv_rows(runner.invoke(deal_cli.app, ["model", deal, "--csv"]).stdout)
    assert len(rows) == len(doc["flows"]) == 10
    assert rows[2]["payment"] == ("Cross-licence with Fuji Robotics: balancing 12,000,000 - "
                                  "7,000,000 (2027)")
    assert (rows[0]["net_licensor"], rows[0]["withholding_rate"]) == ("$31,796.45", "0%")


def test_damages_years_fit_80_columns_with_whole_amounts() -> None:
    from kizuna.cli.common import console

    args = ["--method", "102-3", "--rate", "3%:5%:8%", "--history",
            str(DATA / "sales-history.csv"), "--as-of", "2026-11-21", "--knowledge-date",
            "2019-06-01"]
    width = console.width
    console.width = 80
    try:
        result = runner.invoke(damages_app, args)
    finally:
        console.width = width
    assert result.exit_code == 0
    assert_fits_80(result.stdout, ["¥800,000,000", "¥2,000,000,000", "claimable (base)"])
