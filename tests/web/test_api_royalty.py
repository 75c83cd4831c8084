"""The royalty, damages, deal and tax API: the CLI's --json on the same database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import open_database
from kizuna.cli.app import main
from kizuna.settings import Settings, sqlite_url
from kizuna.web.app import create_app
from tests.web.auth_support import logged_in

ROOT = Path(__file__).resolve().parents[2]
ROYALTY = ROOT / "tests" / "data" / "royalty"
COMPARABLES = ROYALTY / "user-comparables.csv"
HISTORY = ROYALTY / "sales-history.csv"
DEAL = ROOT / "examples" / "deal-pilot.toml"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kizuna.db"


@pytest.fixture
def api(db_path: Path) -> Iterator[TestClient]:
    """A client of the app on a fresh SQLite file that the CLI can open too."""
    database = open_database(sqlite_url(db_path))
    settings = Settings(database_url=sqlite_url(db_path), allowed_hosts="testserver")
    app = create_app(settings, database=database)
    try:
        with TestClient(app) as client:
            yield logged_in(client, database)
    finally:
        database.dispose()


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run ``kizuna --db DB ARGS --json`` and return the parsed JSON (any exit code)."""

    def run(*args: str, db: Path = db_path) -> Any:
        main(["--db", str(db), *args, "--json"])
        return json.loads(capsys.readouterr().out)

    return run


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def bad(response: Any, *fragments: str) -> str:
    assert response.status_code == 400, response.text
    message: str = response.json()["error"]
    for fragment in fragments:
        assert fragment in message
    return message


# comparables and benchmark


@pytest.mark.parametrize(
    "params",
    [{}, {"field": "Chemistry", "territory": "JP"}, {"base": "aggregate"}],
)
def test_comparables_equal_the_cli(api: TestClient, cli: Any, params: dict[str, str]) -> None:
    args = [a for key, value in params.items() for a in (f"--{key}", value)]
    assert ok(api.get("/api/royalty/comparables", params=params)) == cli(
        "royalty", "comparables", *args
    )


def test_import_reports_rows_and_lists_them_with_provenance(
    api: TestClient, cli: Any, tmp_path: Path
) -> None:
    csv = ("file", (COMPARABLES.name, COMPARABLES.read_bytes(), "text/csv"))
    response = api.post("/api/royalty/comparables/import", files=[csv])
    assert response.status_code == 400  # bad rows: the CLI exits 1
    report = response.json()
    assert report == cli("royalty", "import", str(COMPARABLES), db=tmp_path / "other.db")
    assert (report["stored"], report["provenance"]) == (3, "import:user-comparables.csv")
    assert [e["line"] for e in report["errors"]] == [5, 6, 7, 8, 9]
    listing = ok(api.get("/api/royalty/comparables", params={"territory": "JP"}))
    imported = [c["id"] for c in listing["comparables"] if c["provenance"].startswith("import:")]
    assert imported == [
        "tdb2010-software-copyright",
        "tdb2010-construction-knowhow",
        "tdb2010-trademark-machinery",
    ]
    assert listing == cli("royalty", "comparables", "--territory", "JP")
    again = api.post("/api/royalty/comparables/import", files=[csv]).json()
    assert (again["stored"], again["replaced"]) == (3, 3)


def test_benchmark_equals_the_cli(api: TestClient, cli: Any) -> None:
    params: list[tuple[str, str]] = [
        ("field", "Chemistry"),
        ("from", "1990"),
        ("to", "2025"),
        ("kind", "court_rate"),
        ("kind", "survey_average"),
        ("adjust", "1.5=Art. 102(3) uplift"),
    ]
    doc = ok(api.get("/api/royalty/benchmark", params=params))
    args = [a for key, value in params for a in (f"--{key}", value)]
    assert doc == cli("royalty", "benchmark", *args)
    assert doc["statistics"]["n"] == 5 and doc["adjusted"]["n"] == 5
    assert doc["adjustments"] == [
        {"name": "Art. 102(3) uplift", "factor": "1.5", "reason": "user input"}
    ]
    assert doc["kinds"] == ["court_award", "survey"] and doc["court_band"] is None
    params_v = {"field": "Chemistry", "kind": "court_award", "verified_only": "true"}
    verified = ok(api.get("/api/royalty/benchmark", params=params_v))
    assert verified == cli(
        "royalty", "benchmark", "--field", "Chemistry", "--kind", "court_award", "--verified-only"
    )
    assert verified["statistics"]["n"] < doc["statistics"]["n"]


@pytest.mark.parametrize(
    ("params", "fragments"),
    [
        ({"base": "gross"}, ("--base 'gross'", "net_sales")),
        ({"kind": "rumour"}, ("--kind 'rumour'",)),
        ({"from": "last year"}, ("--from 'last year'",)),
        ({"from": "2020", "to": "2010"}, ("years out of order",)),
        ({"adjust": "lots=uplift"}, ("--adjust",)),
    ],
)
def test_benchmark_bad_input_is_400(
    api: TestClient, params: dict[str, str], fragments: tuple[str, ...]
) -> None:
    bad(api.get("/api/royalty/benchmark", params=params), *fragments)


# FRAND


def test_frand_pantech_asus_preset(api: TestClient, cli: Any) -> None:
    doc = ok(
        api.post(
            "/api/royalty/frand", json={"price": 50000, "currency": "JPY", "preset": "pantech-asus"}
        )
    )
    assert doc == cli(
        "royalty", "frand", "--price", "50000", "--currency", "JPY", "--preset", "pantech-asus"
    )
    lte = doc["results"][0]
    assert lte["variant"] == "LTE-only"
    assert lte["inputs"]["aggregate_rate_percent"] == "9%"
    assert (lte["inputs"]["holder_patents"], lte["inputs"]["total_patents"]) == (1, 1300)
    # 50,000 JPY x 9% / 1,300 = 3.4615… JPY per unit
    assert lte["per_unit_exact"] == "3.461538461538461538461538462"
    assert lte["steps"] == ["50,000 JPY x aggregate 9% x 1 / 1,300 patents = 3.461538 JPY per unit"]
    assert doc["preset"]["source_date"] == "2025-04-10"


def test_frand_all_inputs_equal_the_cli(api: TestClient, cli: Any) -> None:
    body = {
        "price": "60,000",
        "currency": "JPY",
        "aggregate_rate": 0.08,
        "holder_patents": 13,
        "total_patents": 1300,
        "contribution": "100%",
        "per_unit_cap": "40",
        "units": 1000,
        "variants": ["LTE-only=9%", "5G=8%"],
    }
    args = ["--price", "60,000", "--currency", "JPY", "--aggregate-rate", "0.08",
            "--holder-patents", "13", "--total-patents", "1300", "--contribution", "100%",
            "--per-unit-cap", "40", "--units", "1000", "--variant", "LTE-only=9%",
            "--variant", "5G=8%"]  # fmt: skip
    doc = ok(api.post("/api/royalty/frand", json=body))
    assert doc == cli("royalty", "frand", *args)
    assert all(r["cap_applied"] for r in doc["results"])


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ({"price": -5, "aggregate_rate": "8%"}, ("--price: '-5' is negative",)),
        ({"price": 5, "currency": "XXX", "aggregate_rate": "8%"}, ("currency 'XXX'",)),
        ({"price": 5, "aggregate_rate": "180%"}, ("--aggregate-rate: 180% is above 100%",)),
        ({"price": "five", "aggregate_rate": "8%"}, ("--price: 'five' is not a number",)),
        ({"price": 5}, ("--aggregate-rate: required",)),
        ({"price": 5, "variants": ["nine percent"]}, ("--variant 'nine percent'",)),
    ],
)
def test_frand_bad_input_is_400(
    api: TestClient, body: dict[str, Any], fragments: tuple[str, ...]
) -> None:
    full = {"currency": "JPY", "holder_patents": 1, "total_patents": 2, **body}
    bad(api.post("/api/royalty/frand", json=full), *fragments)


def test_frand_unknown_preset_is_404_with_candidates(api: TestClient) -> None:
    response = api.post("/api/royalty/frand", json={"price": 1, "currency": "JPY", "preset": "x"})
    assert response.status_code == 404
    assert "pantech-asus" in response.json()["candidates"]


def test_frand_unknown_key_is_422(api: TestClient) -> None:
    response = api.post("/api/royalty/frand", json={"price": 1, "currency": "JPY", "rate": "8%"})
    assert response.status_code == 422


# damages


def _history_rows() -> list[dict[str, Any]]:
    lines = HISTORY.read_text(encoding="utf-8").splitlines()
    keys = lines[0].split(",")
    return [
        {k: (int(v) if k == "year" else v) for k, v in zip(keys, line.split(","), strict=True)}
        for line in lines[1:]
    ]


def test_damages_equals_the_cli(api: TestClient, cli: Any) -> None:
    body = {"method": "102-3", "sales": "1,000,000,000", "rate": "3%:5%:8%"}
    doc = ok(api.post("/api/damages", json=body))
    expected = cli("damages", "--method", "102-3", "--sales", "1,000,000,000", "--rate", "3%:5%:8%")
    assert doc == expected
    assert doc["claimable"]["base"]["ja"] == "5,000万円"


def test_damages_with_history_equals_the_cli_with_the_csv(api: TestClient, cli: Any) -> None:
    body = {
        "method": "102-2",
        "rebuttal_unsellable": "10%:20%:30%",
        "rebuttal_contribution": "15%",
        "rate": "4%",
        "history": _history_rows(),
        "as_of": "2026-11-21",
        "knowledge_date": "2019-06-01",
    }
    doc = ok(api.post("/api/damages", json=body))
    expected = cli("damages", "--method", "102-2", "--rebuttal-unsellable", "10%:20%:30%",
                   "--rebuttal-contribution", "15%", "--rate", "4%", "--history", str(HISTORY),
                   "--as-of", "2026-11-21",
                   "--knowledge-date", "2019-06-01")  # fmt: skip
    assert expected.pop("history_file") == HISTORY.name
    assert doc.pop("history_file") is None
    assert doc == expected
    assert [y["year"] for y in doc["years"]] == [2015, 2018, 2021, 2023, 2025]
    assert doc["years"][0]["share_barred"] == "1"


def test_damages_retired_rebuttal_inputs_say_what_replaces_them(api: TestClient) -> None:
    body = {"method": "102-2", "sales": "1000", "rebuttal": "30%", "capacity_share": "50%"}
    response = api.post("/api/damages", json=body)
    assert response.status_code == 400
    assert response.json()["error"].startswith("--rebuttal: replaced by --rebuttal-unsellable")


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ({"method": "102-3", "sales": -1, "rate": "5%"}, ("--sales", "negative")),
        ({"method": "102-3", "sales": 1, "rate": "150%"}, ("--rate", "above 100%")),
        ({"method": "102-3", "sales": 1, "rate": "5%:3%:8%"}, ("--rate: range",)),
        ({"method": "102-3", "currency": "ABC", "sales": 1, "rate": "5%"}, ("currency 'ABC'",)),
        ({"method": "102-9", "sales": 1}, ("--method '102-9'", "102-1")),
        ({"method": "102-3", "rate": "5%", "as_of": "soon", "history": []}, ("--as-of 'soon'",)),
        (
            {"method": "102-3", "rate": "5%", "history": [{"year": 2020, "sales": "lots"}]},
            ("history[0].sales: 'lots'",),
        ),
        (
            {
                "method": "102-3",
                "rate": "5%",
                "history": [{"year": 2020, "sales": 1}, {"year": 2020, "sales": 2}],
            },
            ("year 2020 appears twice",),
        ),
        (
            {
                "method": "102-3",
                "rate": "5%",
                "history": _history_rows(),
                "as_of": "2020-01-01",
                "knowledge_date": "2021-01-01",
            },
            ("is after --as-of",),
        ),
    ],
)
def test_damages_bad_input_is_400(
    api: TestClient, body: dict[str, Any], fragments: tuple[str, ...]
) -> None:
    bad(api.post("/api/damages", json=body), *fragments)


# deals


@pytest.mark.parametrize("content_type", ["text/plain; charset=utf-8", "application/toml"])
def test_deal_model_equals_the_cli(api: TestClient, cli: Any, content_type: str) -> None:
    response = api.post(
        "/api/deals/model", content=DEAL.read_bytes(), headers={"content-type": content_type}
    )
    doc = ok(response)
    expected = cli("deal", "model", str(DEAL))
    assert (doc.pop("file"), expected.pop("file")) == ("deal.toml", DEAL.name)
    assert doc == expected
    assert doc["totals"]["npv"]["ja"] == "8,700万5,376円"


def test_deal_model_takes_json(api: TestClient) -> None:
    text = DEAL.read_text(encoding="utf-8")
    as_json = ok(api.post("/api/deals/model", json={"toml": text}))
    as_text = ok(
        api.post("/api/deals/model", content=text.encode(), headers={"content-type": "text/plain"})
    )
    assert as_json == as_text
    assert as_json["withholding"][0]["country"] == "US"


@pytest.mark.parametrize(
    ("content", "content_type", "fragments"),
    [
        (b"[deal\nname = 1", "text/plain", ("deal.toml: not valid TOML",)),
        (b'[deal]\nname = "x"\ncolour = "red"', "text/plain", ("[deal]: unknown key 'colour'",)),
        (b'{"text": "x"}', "application/json", ('{"toml"',)),
        (b"\xff\xfe", "text/plain", ("not UTF-8",)),
        (b"x", "image/png", ("content type 'image/png'",)),
    ],
)
def test_deal_model_bad_input_is_400(
    api: TestClient, content: bytes, content_type: str, fragments: tuple[str, ...]
) -> None:
    response = api.post("/api/deals/model", content=content, headers={"content-type": content_type})
    bad(response, *fragments)


def test_deal_with_a_non_treaty_licensor_names_the_country(api: TestClient) -> None:
    text = DEAL.read_text(encoding="utf-8").replace(
        'licensor_country = "US"', 'licensor_country = "ZZ"'
    )
    bad(api.post("/api/deals/model", json={"toml": text}), "deal.toml", "ZZ")


# tax


def test_withholding_equals_the_cli(api: TestClient, cli: Any) -> None:
    params = {"licensor_country": "US", "date": "2026-01-01"}
    doc = ok(api.get("/api/tax/withholding", params=params))
    assert doc == cli("tax", "withholding", "--licensor-country", "US", "--date", "2026-01-01")
    assert doc["rate_percent"] == "0%"
    assert any("Form 3" in form for form in doc["forms"])


def test_withholding_domestic_rate(api: TestClient, cli: Any) -> None:
    params = {"licensor_country": "ZZ", "date": "2026-01-01", "domestic": "true"}
    doc = ok(api.get("/api/tax/withholding", params=params))
    args = ["--licensor-country", "ZZ", "--date", "2026-01-01", "--domestic"]
    assert doc == cli("tax", "withholding", *args)
    assert doc["rate_percent"] == "20.42%"


def test_withholding_names_a_new_convention_whose_rate_is_not_recorded(
    api: TestClient, cli: Any
) -> None:
    params = {"licensor_country": "AM", "date": "2027-01-04"}
    bad(api.get("/api/tax/withholding", params=params), "Armenia", "royalties rate is not recorded")
    params["domestic"] = "true"
    doc = ok(api.get("/api/tax/withholding", params=params))
    args = ["--licensor-country", "AM", "--date", "2027-01-04", "--domestic"]
    assert doc == cli("tax", "withholding", *args)
    assert (doc["rate_percent"], doc["status"]) == ("20.42%", "rate-not-recorded")
    assert doc["treaty"]["title"].startswith("Convention between Japan and the Republic of Armenia")
    assert doc["treaty"]["in_force"] == "2025-12-20"
    assert doc["table_version"].startswith("treaty_rates.csv edition 2026-12-07")


@pytest.mark.parametrize(
    ("params", "fragments"),
    [
        ({"licensor_country": "ZZ"}, ("--licensor-country ZZ", "no treaty rate")),
        ({"licensor_country": "KY"}, ("Cayman Islands", "information exchange agreement")),
        ({"licensor_country": "EC"}, ("Ecuador", "royalties rate is not recorded")),
        ({"licensor_country": "US", "date": "tomorrow"}, ("--date 'tomorrow'",)),
    ],
)
def test_withholding_bad_input_is_400(
    api: TestClient, params: dict[str, str], fragments: tuple[str, ...]
) -> None:
    bad(api.get("/api/tax/withholding", params=params), *fragments)


# the API as a whole


def test_cross_site_posts_are_refused(api: TestClient) -> None:
    cross = {"Sec-Fetch-Site": "cross-site"}
    body = {"price": 1, "currency": "JPY", "preset": "pantech-asus"}
    assert api.post("/api/royalty/frand", json=body, headers=cross).status_code == 403
    assert api.post("/api/deals/model", json={"toml": ""}, headers=cross).status_code == 403


def test_openapi_lists_the_routes(api: TestClient) -> None:
    paths = ok(api.get("/openapi.json"))["paths"]
    assert {
        "/api/royalty/comparables",
        "/api/royalty/comparables/import",
        "/api/royalty/benchmark",
        "/api/royalty/frand",
        "/api/damages",
        "/api/deals/model",
        "/api/tax/withholding",
    } <= set(paths)
    assert "application/toml" in paths["/api/deals/model"]["post"]["requestBody"]["content"]
