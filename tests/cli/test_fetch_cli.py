"""``kizuna fetch`` through its real entry point, replaying recorded office answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import kizuna.cli.fetch as fetch_cli
from kizuna.adapters.fetch import build_fetchers
from kizuna.cli.app import main
from tests.adapters.fetch.recorded import (
    CREDENTIALS,
    ODP,
    OPS_REST,
    Recorded,
    no_network,
    office_routes,
    recorded,
    reply,
)

__all__ = ["no_network"]
NUMBERS = ("EP3404678B1", "US9362380", "特願2020-123456")


@pytest.fixture
def router(monkeypatch: pytest.MonkeyPatch, no_network: None) -> Recorded:
    """All three offices answer from tests/data/fetch; the network is refused."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    replay = Recorded(office_routes())
    monkeypatch.setattr(fetch_cli, "_fetchers",
                        lambda settings: build_fetchers(settings, transport=replay.transport()))
    return replay


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


def test_fetch_out_keeps_each_answer_as_sent(
    router: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fetched"
    code, report, _ = run(capsys, tmp_path / "k.db", "fetch", *NUMBERS, "--out", str(out),
                          "--json")
    assert code == 0, report
    assert list(report) == ["fetched", "failed", "ingest", "notice"]
    assert [(f["number"], f["office"]) for f in report["fetched"]] == [
        ("EP3404678B1", "ep"), ("US9362380", "us"), ("JP2020123456", "jp")]
    assert set(report["fetched"][0]["files"][0]) == {"name", "bytes", "path"}
    assert (report["failed"], report["ingest"]) == ([], None)
    assert sorted(p.name for p in out.iterdir()) == [
        "EP3404678B1.ops-biblio.xml", "EP3404678B1.ops-claims.xml",
        "JP2020123456.jpo-progress.json", "US9362380.odp.json"]
    assert (out / "US9362380.odp.json").read_bytes() == recorded("odp-application-14104993.json")
    assert not (tmp_path / "k.db").exists()  # nothing stored without --ingest


def test_fetch_ingest_stores_through_the_ingest_path(
    router: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "k.db"
    code, report, _ = run(capsys, db, "fetch", *NUMBERS, "--ingest", "--json")
    assert code == 0, report
    stored = report["ingest"]
    assert (stored["ingested"], stored["updated"], stored["failed"]) == (3, 1, [])
    assert any("no claim text" in w["message"] for w in stored["warnings"])
    code, shown, _ = run(capsys, db, "patents", "show", "EP3404678B1", "--json")
    assert code == 0
    assert shown["title"].startswith("HIGH VOLTAGE ASSEMBLY")
    assert len(shown["claims"]) == 12  # the claims answer merged into the biblio record
    code, shown, _ = run(capsys, db, "patents", "show", "JP7533889B2", "--json")
    assert (code, shown["status"]) == (0, "granted")
    code, report, _ = run(capsys, db, "fetch", *NUMBERS, "--ingest", "--json")
    assert report["ingest"]["unchanged"] == 4  # same answers again: nothing changes


def test_an_unknown_number_fails_alone(
    router: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    router.routes[("GET", f"{OPS_REST}/docdb/EP.9999999.A1/biblio")] = reply(
        404, "ops-not-found-404.xml")
    code, report, _ = run(capsys, tmp_path / "k.db", "fetch", "EP9999999A1", "US9362380",
                          "--ingest", "--json")
    assert code == 1
    assert report["failed"] == [{"number": "EP9999999A1", "error": "EP9999999A1: not found at "
                                 "the EPO (OPS SERVER.EntityNotFound)"}]
    assert report["ingest"]["ingested"] == 1


def test_text_report_lists_notes_and_failures(
    router: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    router.routes[("GET", f"{ODP}/search")] = reply(404, "odp-not-found-404.json")
    code, out, err = run(capsys, tmp_path / "k.db", "fetch", "EP3404678B1", "US1")
    assert code == 1
    assert "EP3404678B1" in out and "1 fetched, 1 failed." in out
    assert "failed: US1: not found at the USPTO (Open Data Portal)" in err
    assert "Traceback" not in err


def test_missing_credentials_stop_before_any_request(
    router: Recorded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("KIZUNA_JPO_API_PASSWORD")
    code, _, err = run(capsys, tmp_path / "k.db", "fetch", "EP3404678B1", "特願2020-123456")
    assert code == 1
    assert err.strip().splitlines() == [
        "error: the JPO patent information API needs your ID and password: set "
        "KIZUNA_JPO_API_USER and KIZUNA_JPO_API_PASSWORD (apply to the JPO for access)"]
    assert router.seen == []


@pytest.mark.parametrize(("args", "message"), [
    (("not-a-number",), "not-a-number"),
    (("WO2020123456A1",), "no office API for WO numbers"),
    (("EP3404678B1", "--office", "us"), "a EP number cannot be fetched from --office us"),
])
def test_bad_numbers_are_one_line_before_any_request(
    router: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...], message: str,
) -> None:
    code, _, err = run(capsys, tmp_path / "k.db", "fetch", *args)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and message in err
    assert router.seen == []


def test_too_many_numbers_are_refused(
    router: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, tmp_path / "k.db", "fetch", *(["US9362380"] * 101))
    assert code == 1 and "fetch at most 100 per run" in err
    assert router.seen == []


def test_an_invalid_setting_is_one_line_naming_the_variable(
    router: Recorded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIZUNA_FETCH_MAX_BYTES", "12")
    code, _, err = run(capsys, tmp_path / "k.db", "fetch", "US9362380")
    assert code == 1
    assert err.strip() == ("error: KIZUNA_FETCH_MAX_BYTES: Input should be greater than or "
                           "equal to 1024")
    assert router.seen == []


def test_out_that_is_a_file_is_refused_before_any_request(
    router: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "k.db", "fetch", "US9362380", "--out", str(taken))
    assert code == 1
    assert err.startswith(f"error: --out {taken}: cannot create the folder")
    assert len(err.strip().splitlines()) == 1
    assert router.seen == []
