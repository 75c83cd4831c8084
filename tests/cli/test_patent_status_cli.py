"""Legal status in lists, US maintenance fees and patents without dates, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.app import main

DATA = Path(__file__).resolve().parents[1] / "data"
STATUS = DATA / "status"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "kizuna.db"
    files = [DATA / "epo" / "grant-v1-2-B2.xml", DATA / "epo" / "application-v1-1-A1.xml",
             DATA / "uspto" / "US08930553.xml", DATA / "uspto" / "US08926509.xml",
             DATA / "uspto" / "US08927118.xml", DATA / "jpo", STATUS / "no-dates.jsonl"]
    code, report, _ = run(capsys, path, "ingest", *map(str, files), "--json")
    assert code == 0, report
    return path


def test_list_shows_status_and_expiry_as_of_a_date(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows, _ = run(capsys, db, "patents", "list", "--as-of", "2026-12-07", "--json")
    assert code == 0
    got = {r["number"]: (r["status"], r["legal_status"], r["expiry"]) for r in rows}
    assert got == {
        "EP0000002A1": ("pending", "expired", "1998-06-01"),
        "EP0430402B2": ("granted", "expired", "2010-08-08"),
        "JP7533889B2": ("granted", "in force", "2040-07-20"),
        "US8926509B2": ("granted", "unknown", "2030-01-31"),
        "US8927118B2": ("granted", "unknown", "2028-10-17"),
        "US8930553B2": ("granted", "unknown", "2033-02-15"),
        "US9999999B2": ("granted", "unknown", None),
    }
    by_number = {r["number"]: r for r in rows}
    assert by_number["EP0000002A1"]["legal_status_label"] == (
        "expired 1998-06-01 (term ended; no grant recorded)")
    assert by_number["US8930553B2"]["legal_status_label"] == "unknown: fee payment not recorded"
    assert by_number["US9999999B2"]["legal_status_label"] == (
        "expiry unknown (no filing date recorded)")
    assert by_number["US8930553B2"]["as_of"] == "2026-12-07"
    code, early, _ = run(capsys, db, "patents", "list", "--as-of", "2009-01-01", "--json")
    assert {r["number"]: r["legal_status"] for r in early}["EP0430402B2"] == "in force"


def test_list_table_and_csv_keep_numbers_whole(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, db, "patents", "list", "--as-of", "2026-12-07")
    assert code == 0
    line = next(line for line in out.splitlines() if "EP0430402B2" in line)
    assert "expired" in line and "2010-08-08" in line
    code, out, _ = run(capsys, db, "patents", "list", "--as-of", "2026-12-07", "--csv")
    assert out.splitlines()[0].startswith("number,display,title,country,status,legal_status")
    assert any(r.startswith("EP0430402B2,") and ",expired," in r for r in out.splitlines())


def test_show_is_consistent_with_the_list(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, view, _ = run(capsys, db, "patents", "show", "EP0430402B2", "--as-of", "2026-12-07",
                        "--json")
    assert code == 0
    assert view["legal_status"] == {"code": "expired", "label":
                                    "expired 2010-08-08 (term ended)", "as_of": "2026-12-07",
                                    "expiry": "2010-08-08"}
    assert view["maintenance_fees"] is None


def test_patent_without_dates_shows(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, db, "patents", "show", "US9999999B2")
    assert code == 0, err
    assert "expiry: expiry unknown (no filing date recorded)" in out
    assert "claim 1" in out and "Widget fastener" in out
    code, view, _ = run(capsys, db, "patents", "show", "US9999999B2", "--json")
    assert view["expiry"]["remaining"]["note"] == "expiry unknown (no filing date recorded)"
    assert view["expiry"]["remaining"]["days"] is None
    assert view["abstract"] == "A fastener for widgets."


def test_us_fee_windows_and_events(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, view, _ = run(capsys, db, "patents", "show", "US8930553B2", "--as-of", "2026-12-07",
                        "--json")
    fees = view["maintenance_fees"]
    assert fees["windows"][2] == {"fee": "11.5-year", "opens": "2026-01-06", "due": "2026-07-06",
                                  "grace_end": "2027-01-06", "state": "in grace period (surcharge)",
                                  "paid_on": None}
    assert fees["status"] == "unknown"
    code, report, _ = run(capsys, db, "patents", "import-fees",
                          str(STATUS / "MaintFeeEvents-sample.txt"), "--json")
    assert code == 0
    assert report == {"file": "MaintFeeEvents-sample.txt", "events": 5, "added": 5,
                      "already_stored": 0, "patents": ["8926509", "8927118", "8930553"],
                      "failed": []}
    code, rows, _ = run(capsys, db, "patents", "list", "--as-of", "2026-12-07", "--json")
    got = {r["number"]: (r["legal_status"], r["expiry"], r["legal_status_label"]) for r in rows}
    assert got["US8930553B2"] == ("in force", "2033-02-15",
                                  "in force to 2033-02-15 (as the record shows)")
    assert got["US8926509B2"] == ("lapsed", "2023-01-06",
                                  "lapsed 2023-01-06 (maintenance fee not paid)")
    assert got["US8927118B2"][0] == "unknown"  # the 7.5-year fee is not recorded
    code, out, _ = run(capsys, db, "patents", "show", "US8930553B2", "--as-of", "2026-12-07")
    assert ("the 11.5-year fee fell due 2026-07-06; payable with surcharge until 2027-01-06"
            in out.replace("\n", " "))
    code, again, _ = run(capsys, db, "patents", "import-fees",
                         str(STATUS / "MaintFeeEvents-sample.txt"), "--json")
    assert (again["added"], again["already_stored"]) == (0, 5)


def test_bad_fee_lines_are_reported_by_number(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run(capsys, db, "patents", "import-fees",
                          str(STATUS / "MaintFeeEvents-bad-lines.txt"), "--json")
    assert code == 1
    assert report["events"] == 1
    assert report["failed"] == [
        {"line": 2, "error": "application number '1364802' is not 8 digits"},
        {"line": 3, "error": "small-entity indicator 'Q' is not Y, N or M"},
        {"line": 5, "error": "event date '20231340' is not a date (YYYYMMDD)"},
        {"line": 6, "error": "6 fields, expected 7 (patent, application, entity, filing date, "
                             "grant date, event date, event code)"},
        {"line": 7, "error": "event date 20140105 is before the grant date 20150106"},
    ]


def test_list_fits_80_columns(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rich.cells import cell_len

    from kizuna.cli.common import console

    width = console.width
    console.width = 80
    try:
        code, out, _ = run(capsys, db, "patents", "list", "--as-of", "2026-12-07")
    finally:
        console.width = width
    assert code == 0
    table = [line for line in out.splitlines() if line.startswith("│")]
    assert max(cell_len(line) for line in table) <= 80
    assert {line.split("│")[1].strip() for line in table} >= {"EP0430402B2", "US8930553B2"}
