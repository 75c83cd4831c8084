"""The REST API on a fresh database with the real USPTO, EPO and JPO samples."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kizuna.cli.app import main
from kizuna.settings import Settings
from kizuna.web.app import create_app

from .conftest import EP, JP_CLAIMS, JP_PROGRESS, NOT_A_PATENT, US, upload


def path(number: str) -> str:
    return "/api/patents/" + quote(number, safe="")


def test_health(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_ingest_reports_each_file(client: TestClient) -> None:
    response = client.post("/api/ingest", files=upload(US, EP))
    assert response.status_code == 200
    report = response.json()
    assert report["ingested"] == 2
    assert report["failed"] == []
    assert {row["file"] for row in report["patents"]} == {US.name, EP.name}
    assert "US8930553B2" in {row["number"] for row in report["patents"]}


def test_ingest_again_changes_nothing(client: TestClient) -> None:
    client.post("/api/ingest", files=upload(US))
    report = client.post("/api/ingest", files=upload(US)).json()
    assert (report["ingested"], report["unchanged"]) == (0, 1)


def test_ingest_with_a_failed_file_is_400_and_keeps_the_rest(client: TestClient) -> None:
    response = client.post("/api/ingest", files=upload(US, NOT_A_PATENT))
    assert response.status_code == 400
    report = response.json()
    assert report["ingested"] == 1
    assert [f["file"] for f in report["failed"]] == [NOT_A_PATENT.name]
    assert report["failed"][0]["error"].startswith(NOT_A_PATENT.name)
    assert client.get(path("US8930553B2")).status_code == 200


def test_ingest_needs_files(client: TestClient) -> None:
    response = client.post("/api/ingest")
    assert response.status_code == 422
    assert "error" in response.json()


def test_list(loaded: TestClient) -> None:
    rows = loaded.get("/api/patents").json()
    by_number = {row["number"]: row for row in rows}
    assert {"US8930553B2", "JP7533889B2"} <= set(by_number)
    us = by_number["US8930553B2"]
    assert us["title"].startswith("Managing mid-dialog session initiation protocol")
    assert us["claims"] > 0
    assert set(us) >= {"number", "title", "country", "status", "filing", "claims", "sources"}


@pytest.mark.parametrize("number", ["US8930553B2", "US 8,930,553 B2", "us8930553"])
def test_show_by_written_forms(loaded: TestClient, number: str) -> None:
    response = loaded.get(path(number))
    assert response.status_code == 200, response.text
    view = response.json()
    assert view["schema"] == "kizuna.patent/1"
    assert view["number"] == "US8930553B2"
    assert view["claims"][0]["elements"]


@pytest.mark.parametrize("number", ["特許第7533889号", "JP7533889B2", "特願2020-123456"])
def test_show_japanese_patent_by_written_forms(loaded: TestClient, number: str) -> None:
    response = loaded.get(path(number))
    assert response.status_code == 200, response.text
    view = response.json()
    assert view["number"] == "JP7533889B2"
    assert view["title"] == "立体配線構造体の製造方法"
    assert "立体配線構造体" in response.content.decode("utf-8")  # not \u-escaped


def test_show_lists_sources_with_their_hashes(loaded: TestClient) -> None:
    view = loaded.get(path("JP7533889B2")).json()
    hashes = {s["file"]: s["sha256"] for s in view["sources"]}
    for sample in (JP_PROGRESS, JP_CLAIMS):
        assert hashes[sample.name] == hashlib.sha256(sample.read_bytes()).hexdigest()


def test_as_of_sets_the_remaining_term_date(loaded: TestClient) -> None:
    view = loaded.get(path("US8930553B2"), params={"as_of": "2024-01-01"}).json()
    assert view["expiry"]["remaining"]["as_of"] == "2024-01-01"


def test_bad_as_of_is_400(loaded: TestClient) -> None:
    response = loaded.get(path("US8930553B2"), params={"as_of": "yesterday"})
    assert response.status_code == 400
    assert "as_of" in response.json()["error"]


def test_unknown_number_is_404_with_candidates(loaded: TestClient) -> None:
    response = loaded.get(path("US 8,930,554 B2"))
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == "PatentNotFoundError"
    assert "8930554" in body["error"].replace(",", "").replace(" ", "")
    assert isinstance(body["candidates"], list)


def test_unreadable_number_is_400(loaded: TestClient) -> None:
    response = loaded.get(path("not a number"))
    assert response.status_code == 400
    assert response.json()["type"] == "InvalidNumberError"


def test_unknown_api_route_is_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": "Not Found"}


def test_storage_failure_is_json_500() -> None:
    url = "sqlite:////nonexistent-kizuna-dir/sub/k.db"
    app = create_app(Settings(database_url=url, allowed_hosts="testserver"))
    with TestClient(app) as broken:
        response = broken.get("/api/health")
    assert response.status_code == 500
    assert response.json()["type"] == "StorageError"


def test_cross_site_post_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/ingest", files=upload(US), headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert client.get("/api/patents").json() == []


def test_show_json_is_the_cli_json(
    loaded: TestClient, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    assert main(["--db", str(db), "ingest", str(US), "--json"]) == 0
    capsys.readouterr()
    show = ["patents", "show", "US8930553B2", "--json", "--as-of", "2024-01-01"]
    assert main(["--db", str(db), *show]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_api = loaded.get(path("US8930553B2"), params={"as_of": "2024-01-01"}).json()
    assert from_api == from_cli


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/health", "/api/patents", "/api/patents/{number}", "/api/ingest"} <= set(paths)
