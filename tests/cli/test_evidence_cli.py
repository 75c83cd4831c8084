"""``kizuna evidence add|list|show`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.app import main
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows

EVIDENCE = Path(__file__).resolve().parents[1] / "data" / "evidence"
ADD_KEYS = {"product", "company", "added", "unchanged", "failed", "skipped", "documents"}
DOC_KEYS = {"id", "source", "version", "sha256", "lang", "passages", "title", "action"}


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


MAKERS = EVIDENCE.parent / "landscape" / "evidence-companies.csv"


def test_add_list_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "kizuna.db"
    assert main(["--db", str(db), "companies", "import", str(MAKERS)]) == 0
    capsys.readouterr()
    folder = str(EVIDENCE / "mid-form-3d")
    args = ("evidence", "add", folder, "--product", "MID-Form 3D", "--company", "Minato Seiko K.K.")
    code, report, _ = run(capsys, db, *args, "--captured-at", "2025-05-01", "--json")
    assert code == 0 and set(report) == ADD_KEYS
    assert report["added"] == 4 and report["failed"] == []
    assert all(set(d) == DOC_KEYS for d in report["documents"])
    assert {d["lang"] for d in report["documents"]} == {"en", "ja"}

    code, again, _ = run(capsys, db, *args, "--json")
    assert code == 0 and (again["added"], again["unchanged"]) == (0, 4)

    code, listing, _ = run(capsys, db, "evidence", "list", "--product", "mid-form 3d", "--json")
    assert code == 0 and listing["products"][0]["documents"] == 4
    assert {d["captured_at"] for d in listing["documents"]} == {"2025-05-01T00:00:00+00:00"}

    doc_id = str(report["documents"][0]["id"])
    code, shown, _ = run(capsys, db, "evidence", "show", doc_id, "--json")
    first = shown["passages"][0]
    assert first["citation"].startswith(shown["title"]) and "¶ 1" in first["citation"]

    code, text, _ = run(capsys, db, "evidence", "show", doc_id)
    assert code == 0 and first["id"] in text


def test_bad_files_fail_with_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "kizuna.db"
    code, report, _ = run(
        capsys, db, "evidence", "add", str(EVIDENCE / "bad"), "--product", "X", "--json"
    )
    assert code == 1 and report["added"] == 0 and len(report["failed"]) == 5
    code, _, err = run(
        capsys, db, "evidence", "add", str(EVIDENCE / "bad" / "encrypted.pdf"), "--product", "X"
    )
    assert code == 1 and "failed: encrypted.pdf: the PDF is encrypted" in err


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "kizuna.db"
    run(capsys, db, "evidence", "add", str(EVIDENCE / "flipview-console"), "--product", "FlipView")
    code, _, err = run(capsys, db, "evidence", "list", "--product", "FlipVeiw")
    assert code == 1 and "close matches: FlipView" in err
    code, _, err = run(capsys, db, "evidence", "show", "99")
    assert code == 1 and err.startswith("error: no stored evidence document has id 99")
    code, _, err = run(
        capsys,
        db,
        "evidence",
        "add",
        str(EVIDENCE / "flipview-console"),
        "--product",
        "FlipView",
        "--captured-at",
        "yesterday",
    )
    assert code == 1 and "--captured-at 'yesterday'" in err


def test_company_must_be_a_stored_company(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kizuna.db"
    assert main(["--db", str(db), "companies", "import", str(MAKERS)]) == 0
    capsys.readouterr()
    folder = str(EVIDENCE / "mid-form-3d")
    code, _, err = run(capsys, db, "evidence", "add", folder, "--product", "MID-Form 3D",
                       "--company", "湊精密株式会社")
    assert code == 1
    assert err == ("error: company '湊精密株式会社' is not a stored company (import it with "
                   "`kizuna companies import`, or check the spelling); close matches: "
                   "湊精工株式会社\n")
    code, listing, _ = run(capsys, db, "evidence", "list", "--json")
    assert listing["products"] == [] and listing["documents"] == []  # nothing stored
    code, report, _ = run(capsys, db, "evidence", "add", folder, "--product", "MID-Form 3D",
                          "--company", "湊精工", "--json")
    assert code == 0 and report["company"] == "湊精工株式会社"  # the stored spelling


def test_list_fits_80_columns_and_csv_has_full_hashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kizuna.db"
    assert main(["--db", str(db), "companies", "import", str(MAKERS)]) == 0
    capsys.readouterr()
    code, report, _ = run(capsys, db, "evidence", "add", str(EVIDENCE / "mid-form-3d"),
                          "--product", "MID-Form 3D", "--company", "Minato Seiko K.K.", "--json")
    assert code == 0
    code, text, _ = at_80_columns(lambda: run(capsys, db, "evidence", "list"))
    assert_fits_80(text, [d["sha256"][:12] for d in report["documents"]])
    code, text, _ = run(capsys, db, "evidence", "list", "--csv")
    rows = csv_rows(text)
    assert sorted(r["sha256"] for r in rows) == sorted(d["sha256"] for d in report["documents"])
    assert {r["product"] for r in rows} == {"MID-Form 3D"}
