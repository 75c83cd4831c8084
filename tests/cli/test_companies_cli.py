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
    assert {k: report[k] for k in ("file", "dry_run", "imported", "updated", "unchanged",
                                   "failed", "warnings")} == {
        "file": "companies.csv", "dry_run": False, "imported": 19, "updated": 0, "unchanged": 0,
        "failed": [], "warnings": []}
    assert report["changes"][2]["action"] == "imported"
    return path


def test_import_bad_rows_exits_1_with_the_report(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run(capsys, db, "companies", "import", str(COMPANIES / "bad-rows.csv"),
                          "--json")
    assert code == 1
    assert [f["line"] for f in report["failed"]] == [3, 4, 5, 6, 7, 8, 10]
    assert set(report["failed"][0]) == {"line", "error"}
    # Canon and AGC are stored; their rows only repeat what is stored: nothing erased
    assert (report["updated"], report["unchanged"]) == (0, 2)
    code, canon, _ = run(capsys, db, "companies", "show", "キヤノン株式会社", "--json")
    assert (canon["aliases"], canon["former_names"], canon["urls"], canon["jsic"]) == (
        ["Canon Kabushiki Kaisha"], ["キヤノンカメラ株式会社"], ["https://global.canon/"],
        ["2711", "2752"])
    assert canon["products"] == ["cameras", "copying machines",
                                 "semiconductor lithography equipment"]


def test_import_dry_run_shows_the_diff_and_stores_nothing(
    db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    update = tmp_path / "update.csv"
    update.write_text(
        (COMPANIES / "bad-rows.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
        "キヤノン株式会社,,,,,,2710,,,,,printers,,\n", encoding="utf-8")
    code, out, _ = run(capsys, db, "companies", "import", "--dry-run", str(update))
    assert code == 0
    assert out.splitlines() == [
        "update.csv: dry run, nothing stored: would be 0 imported, 1 updated, 0 unchanged, "
        "0 failed",
        "  line 2: updated キヤノン株式会社",
        "    jsic: 2711; 2752 -> 2711; 2752; 2710",
        "    products: cameras; copying machines; semiconductor lithography equipment -> "
        "cameras; copying machines; semiconductor lithography equipment; printers",
    ]
    code, canon, _ = run(capsys, db, "companies", "show", "キヤノン株式会社", "--json")
    assert canon["jsic"] == ["2711", "2752"]
    code, report, _ = run(capsys, db, "companies", "import", str(update), "--json")
    assert report["dry_run"] is False and report["updated"] == 1
    assert report["changes"][0]["changes"][0] == {
        "field": "jsic", "old": ["2711", "2752"], "new": ["2711", "2752", "2710"]}
    code, canon, _ = run(capsys, db, "companies", "show", "キヤノン株式会社", "--json")
    assert canon["jsic"] == ["2711", "2752", "2710"]


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


def test_list_fits_80_columns_and_csv_has_everything(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.cells import cell_len

    from kizuna.cli.common import console

    width = console.width
    console.width = 80
    try:
        code, out, _ = run(capsys, db, "companies", "list")
    finally:
        console.width = width
    assert code == 0
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert any("1180301018771" in line for line in out.splitlines())  # 法人番号 whole
    code, out, _ = run(capsys, db, "companies", "list", "--csv")
    assert "1,トヨタ自動車株式会社,TOYOTA MOTOR CORPORATION,1180301018771,JP,3111,," in out
