"""Issue 12.5: numbers beyond range get a clear message, never a traceback or a 5xx.

Every CLI command and API operation that takes amounts, counts or rates is run
with extreme values (1e400, 1e308, 1e30, 10^32, NaN, Infinity, negative). The CLI
must exit non-zero with one ``error:``/usage line; the API must answer 4xx with
an ``error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import open_database
from kizuna.cli.app import main
from kizuna.domain.money import MAX_AMOUNT, parse_amount
from kizuna.errors import InvalidValueError
from kizuna.settings import Settings, sqlite_url
from kizuna.web.app import create_app
from tests.web.auth_support import bearer, make_user

EXTREME = ["1e400", "1e308", "1e30", str(10**32), "NaN", "Infinity", "-Infinity", "-1", "1e-400"]
EXAMPLE_DEAL = Path(__file__).resolve().parents[2] / "examples" / "deal-pilot.toml"

# (command words, the option under test, the other options it needs); {} is the value.
CLI_CASES: list[tuple[str, list[str]]] = [
    ("damages sales", ["damages", "--method", "102-3", "--sales", "{}", "--rate", "3%"]),
    ("damages rate", ["damages", "--method", "102-3", "--sales", "1000", "--rate", "{}%"]),
    ("damages units", ["damages", "--method", "102-1", "--infringer-units", "{}",
                       "--capacity-units", "10", "--unit-margin", "100"]),
    ("damages margin", ["damages", "--method", "102-1", "--infringer-units", "10",
                        "--capacity-units", "10", "--unit-margin", "{}"]),
    ("damages 102-2", ["damages", "--method", "102-2", "--infringer-units", "10",
                       "--unit-price", "{}", "--direct-costs", "1"]),
    ("frand price", ["royalty", "frand", "--price", "{}", "--currency", "JPY",
                     "--aggregate-rate", "8%", "--holder-patents", "1", "--total-patents", "10"]),
    ("frand units", ["royalty", "frand", "--price", "100", "--currency", "JPY",
                     "--aggregate-rate", "8%", "--holder-patents", "1", "--total-patents", "10",
                     "--units", "{}"]),
    ("frand patents", ["royalty", "frand", "--price", "100", "--currency", "JPY",
                       "--aggregate-rate", "8%", "--holder-patents", "1",
                       "--total-patents", "{}"]),
    ("benchmark adjust", ["royalty", "benchmark", "--field", "semiconductors",
                          "--adjust", "{}=test"]),
    ("benchmark years", ["royalty", "benchmark", "--field", "semiconductors", "--from", "{}"]),
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "k.db")


@pytest.mark.parametrize("value", EXTREME)
@pytest.mark.parametrize("case", [c[0] for c in CLI_CASES])
def test_cli_refuses_extreme_numbers_with_one_line(
    case: str, value: str, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    words = dict(CLI_CASES)[case]
    code = main(["--db", db, *[w.replace("{}", value) for w in words]])
    out = capsys.readouterr()
    assert code in {1, 2}, out.out  # 1: Kizuna's error; 2: click's usage error (not a number)
    assert "Traceback" not in out.err + out.out
    lines = [line for line in out.err.splitlines() if line.strip()]
    assert any(line.startswith(("error:", "Error:", "│ Invalid", "Usage:")) or "Invalid value"
               in line for line in lines), out.err


@pytest.mark.parametrize("value", EXTREME)
def test_deal_toml_refuses_extreme_amounts(
    value: str, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deal = EXAMPLE_DEAL.read_text(encoding="utf-8").replace('fee = "5,000,000"', f'fee = "{value}"')
    path = tmp_path / "deal.toml"
    path.write_text(deal, encoding="utf-8")
    code = main(["--db", db, "deal", "model", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ") and "fee" in err and "Traceback" not in err


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database_url=sqlite_url(tmp_path / "k.db"), allowed_hosts="testserver")
    database = open_database(settings.database_url)
    make_user(database, "bounds", "analyst")
    app = create_app(settings, database=database)
    with TestClient(app, headers=bearer(database, "bounds")) as client:
        yield client
    database.dispose()


JSON_EXTREME: list[object] = [*EXTREME, 10**32, 1e308, -1, "1" * 5000]


@pytest.mark.parametrize("value", JSON_EXTREME, ids=lambda v: str(v)[:12])
@pytest.mark.parametrize("field", ["sales", "rate", "history"])
def test_damages_api_answers_4xx(client: TestClient, field: str, value: object) -> None:
    body: dict[str, object] = {"method": "102-3", "sales": "1000", "rate": "3%"}
    if field == "history":
        body = {"method": "102-3", "rate": "3%", "history": [{"year": 2024, "sales": value}]}
    else:
        body[field] = value
    response = client.post("/api/damages", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]


@pytest.mark.parametrize("value", JSON_EXTREME, ids=lambda v: str(v)[:12])
@pytest.mark.parametrize("field", ["price", "units", "holder_patents", "aggregate_rate"])
def test_frand_api_answers_4xx(client: TestClient, field: str, value: object) -> None:
    body: dict[str, object] = {"price": "100", "currency": "JPY", "aggregate_rate": "8%",
                               "holder_patents": 1, "total_patents": 10}
    body[field] = value
    response = client.post("/api/royalty/frand", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]


def test_raw_json_1e400_is_a_4xx(client: TestClient) -> None:
    raw = b'{"method": "102-3", "sales": 1e400, "rate": "3%"}'
    response = client.post("/api/damages", content=raw,
                           headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("value", EXTREME)
def test_deal_api_answers_4xx(client: TestClient, value: str) -> None:
    deal = EXAMPLE_DEAL.read_text(encoding="utf-8").replace('fee = "5,000,000"', f'fee = "{value}"')
    response = client.post("/api/deals/model", content=deal.encode(),
                           headers={"content-type": "application/toml"})
    assert response.status_code == 400
    assert "fee" in response.json()["error"]


def test_the_documented_maximum_is_accepted_and_one_more_is_not() -> None:
    assert parse_amount(str(MAX_AMOUNT)) == MAX_AMOUNT
    with pytest.raises(InvalidValueError, match=r"--sales: .* out of range \(at most 10\^18"):
        parse_amount(str(MAX_AMOUNT + 1), name="--sales")
    with pytest.raises(InvalidValueError, match="too long for a number"):
        parse_amount("1" * 65, name="--sales")
