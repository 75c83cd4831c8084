"""The patent-record CLI through its real entry point: the --json interfaces of issue 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.app import main
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows

DATA = Path(__file__).resolve().parents[1] / "data"

SHOW_KEYS = {
    "schema",
    "number",
    "numbers",
    "title",
    "titles",
    "lang",
    "status",
    "dates",
    "expiry",
    "parties",
    "classifications",
    "fields",
    "fields_version",
    "priorities",
    "family",
    "claim_sets",
    "claims",
    "abstract",
    "sources",
    "notice",
}
CLAIM_KEYS = {"number", "independent", "depends_on", "category", "lang", "text", "elements"}


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "kizuna.db"
    files = [
        DATA / "jpo",
        DATA / "epo" / "grant-v1-5-1-B1.xml",
        DATA / "uspto" / "US08930553.xml",
    ]
    code, report, _ = run(capsys, path, "ingest", *map(str, files), "--json")
    assert code == 0, report
    return path


def test_ingest_json_report_shape_and_counts(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = run(capsys, db, "ingest", str(DATA / "uspto" / "US08930553.xml"), "--json")
    assert code == 0
    assert list(report)[:4] == ["ingested", "updated", "unchanged", "failed"]
    assert (report["ingested"], report["updated"], report["unchanged"], report["failed"]) == (
        0,
        0,
        1,
        [],
    )


def test_ingest_reports_bad_files_and_exits_1(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    code, report, _ = run(capsys, db, "ingest", str(empty), str(DATA / "uspto"), "--json")
    assert code == 1
    errors = [f["error"] for f in report["failed"]]
    assert "empty.xml: the file is empty" in errors
    assert any(e.startswith("cpc-scheme-A01L.xml: not a patent document") for e in errors)
    # the other USPTO samples still ingest (US08930553.xml was stored by the fixture)
    assert (report["ingested"], report["unchanged"]) == (9, 1)


def test_show_jp_patent_by_japanese_number(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, view, _ = run(
        capsys, db, "patents", "show", "特許第７５３３８８９号", "--as-of", "2026-11-21", "--json"
    )
    assert code == 0
    assert set(view) >= SHOW_KEYS
    assert view["number"] == "JP7533889B2"
    assert {(n["number"], n["type"]) for n in view["numbers"]} == {
        ("JP2020123456", "application"),
        ("JP2021090037A", "publication"),
        ("JP7533889B2", "grant"),
    }
    assert view["dates"] == {
        "filing": "2020-07-20",
        "priority": "2019-11-21",
        "publication": "2021-06-10",
        "grant": "2024-08-05",
    }
    assert view["expiry"]["date"] == "2040-07-20"
    assert view["expiry"]["basis"][0]["citation"] == "Patent Act Art. 67(1)"
    assert view["expiry"]["remaining"]["days"] == 4990
    assert view["parties"][0] == {
        "role": "applicant",
        "name": "メイショウ株式会社",
        "name_latin": None,
        "country": None,
        "office_code": "000114400",
    }
    claims = view["claims"]
    assert [c["number"] for c in claims] == [1, 2, 3, 4, 5]
    assert set(claims[0]) == CLAIM_KEYS
    assert claims[0]["category"] == "method" and claims[0]["lang"] == "ja"
    assert [e["id"] for e in claims[0]["elements"]] == ["1A", "1B", "1C", "1D"]
    assert claims[2]["depends_on"] == [1, 2]
    assert claims[4]["depends_on"] == [1, 2, 3, 4]


def test_same_patent_by_application_number(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, view, _ = run(capsys, db, "patents", "show", "特願2020-123456", "--json")
    assert (code, view["number"]) == (0, "JP7533889B2")


def test_show_ep_grant_keeps_every_claim_language(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, listing, _ = run(capsys, db, "patents", "list", "--json")
    ep = next(p["number"] for p in listing if p["number"].startswith("EP"))
    code, view, _ = run(capsys, db, "patents", "show", ep, "--json")
    assert code == 0
    assert {c["lang"] for c in view["claims"]} == {"en", "de", "fr"}
    assert {s["lang"] for s in view["claim_sets"]} == {"en", "de", "fr"}
    assert all(s["basis"] == "granted" for s in view["claim_sets"])


def test_show_us_patent_with_fields(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, view, _ = run(capsys, db, "patents", "show", "US 8,930,553 B2", "--json")
    assert code == 0
    assert view["number"] == "US8930553B2"
    assert "Computer technology" in [f["name"] for f in view["fields"]]
    assert view["sources"][0]["file"] == "US08930553.xml"
    assert len(view["sources"][0]["sha256"]) == 64


def test_unknown_number_names_close_matches(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, db, "patents", "show", "US8930554B2")
    assert code == 1
    assert "no stored patent has number 'US8930554B2'" in err
    assert "US 8,930,553 B2" in err


def test_unreadable_number_and_date_are_one_line_errors(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, db, "patents", "show", "hello")
    assert code == 1 and err.startswith("error: 'hello' is not a patent")
    code, _, err = run(capsys, db, "patents", "show", "JP7533889B2", "--as-of", "21/11/2026")
    assert code == 1 and "--as-of '21/11/2026' is not a date" in err


def test_ingest_report_and_list_fit_80_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "受領書類" / "2026年12月" / "米国特許公報の写し（ライセンス候補）"
    deep.mkdir(parents=True)
    (deep / "US08930553.xml").write_bytes((DATA / "uspto" / "US08930553.xml").read_bytes())
    db = tmp_path / "kizuna.db"
    code, text, _ = at_80_columns(lambda: run(capsys, db, "ingest", str(deep), str(DATA / "jpo")))
    assert code == 0
    assert_fits_80(text, ["US8930553B2", "JP7533889B2"])
    code, text, _ = at_80_columns(lambda: run(capsys, db, "patents", "list",
                                              "--as-of", "2026-12-07"))
    assert_fits_80(text, ["US8930553B2", "JP7533889B2"])
    code, text, _ = run(capsys, db, "patents", "list", "--as-of", "2026-12-07", "--csv")
    titles = {r["number"]: r["title"] for r in csv_rows(text)}
    assert titles["US8930553B2"] == ("Managing mid-dialog session initiation protocol (SIP) "
                                     "messages")
