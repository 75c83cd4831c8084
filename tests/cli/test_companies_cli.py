"""``kizuna companies …`` through the real CLI entry point, on the real sample set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.app import main

DATA = Path(__file__).resolve().parents[1] / "data"
COMPANIES = DATA / "companies"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "kizuna.db"
    main(["--db", str(path), "ingest", str(DATA / "epo"), str(DATA / "jpo")])
    capsys.readouterr()
    code, report, _ = run(capsys, path, "companies", "import", str(COMPANIES / "companies.csv"),
                          "--json")
    assert code == 0
    assert report == {"file": "companies.csv", "imported": 19, "updated": 0, "unchanged": 0,
                      "failed": [], "warnings": []}
    return path


def test_import_bad_rows_exits_1_with_the_report(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run(capsys, db, "companies", "import", str(COMPANIES / "bad-rows.csv"),
                          "--json")
    assert code == 1
    assert [f["line"] for f in report["failed"]] == [3, 4, 5, 6, 7, 8, 10]
    assert set(report["failed"][0]) == {"line", "error"}
    assert report["updated"] == 2  # Canon and AGC, already stored, updated from this file


def test_import_whole_file_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, db, "companies", "import", str(COMPANIES / "missing-columns.csv"))
    assert code == 1
    assert "error: missing-columns.csv: missing required columns" in err


def test_resolve_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(capsys, db, "companies", "resolve", "(株)トヨタ自動車", "--json")
    assert code == 0
    assert data["query"] == "(株)トヨタ自動車"
    assert data["match"]["corporate_number"] == "1180301018771"
    assert data["score"] == 1.0
    code, data, _ = run(capsys, db, "companies", "resolve", "日立", "--json")
    assert data["match"] is None and len(data["candidates"]) >= 2


def test_resolve_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, db, "companies", "resolve", "ﾄﾖﾀ")
    assert code == 0 and "match: トヨタ自動車株式会社" in out


def test_list_and_show(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, rows, _ = run(capsys, db, "companies", "list", "--json")
    assert code == 0 and len(rows) == 19
    assert {"id", "name_ja", "name_en", "corporate_number", "country"} <= set(rows[0])
    code, view, _ = run(capsys, db, "companies", "show", "CANON KABUSHIKI KAISHA", "--json")
    assert view["name_ja"] == "キヤノン株式会社"
    assert [p["patent"] for p in view["patents"]] == ["EP0449582B1"]
    assert view["exposure"]["level"] == "domestic"
    code, out, _ = run(capsys, db, "companies", "show", "FC2")
    assert "medium" in out and "not a legal conclusion" in out
    code, _, err = run(capsys, db, "companies", "show", "Nonexistent Widgets")
    assert code == 1 and err.startswith("error: no stored company matches")
