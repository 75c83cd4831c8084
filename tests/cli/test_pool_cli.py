"""``kizuna pool``: the distribution file's exact shape, XLSX statements, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from kizuna.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
POOL = ROOT / "examples" / "pool"


def _distribute(tmp_path: Path, period: str, *extra: str) -> int:
    return main(
        [
            "pool",
            "distribute",
            str(POOL / "pool.toml"),
            "--period",
            period,
            "--reports",
            str(POOL / "reports-2026.csv"),
            "--collections",
            str(POOL / "collections-2026.csv"),
            "--out",
            str(tmp_path),
            *extra,
        ]
    )


def test_distribution_file_shape_and_yen_conserved(tmp_path: Path, capsys) -> None:
    assert _distribute(tmp_path, "2026-Q1", "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    written = json.loads((tmp_path / "distribution-2026-Q1.json").read_text(encoding="utf-8"))
    assert printed == written
    assert list(written) == ["period", "currency", "collected", "fee", "distributed", "remainder"]
    assert written == {
        "period": "2026-Q1",
        "currency": "JPY",
        "collected": "530030",
        "fee": "53003",
        "distributed": [
            {"founder": "Founder Alpha K.K.", "amount": "178322"},
            {"founder": "Founder Beta Corp.", "amount": "298705"},
        ],
        "remainder": "0",
    }
    book = load_workbook(tmp_path / "statements-2026-Q1.xlsx")
    assert book.sheetnames == ["配分 Distribution", "請求 Invoices", "特許 Patents", "注記 Notes"]
    assert book["配分 Distribution"]["A2"].value == "Founder Alpha K.K."


def test_second_quarter_records_the_expiry_and_the_unpaid_member(tmp_path: Path, capsys) -> None:
    assert _distribute(tmp_path, "2026-Q2") == 0
    out = capsys.readouterr().out
    assert "invoiced but not (fully) collected: Member Three Co." in out
    data = json.loads((tmp_path / "distribution-2026-Q2.json").read_text(encoding="utf-8"))
    total = (
        sum(int(d["amount"]) for d in data["distributed"])
        + int(data["fee"])
        + int(data["remainder"])
    )
    assert total == int(data["collected"]) == 725000


def test_unknown_member_names_file_and_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "member,period,country,currency,units,net_sales\nNobody,2026-Q1,JP,JPY,1,1\n",
        encoding="utf-8",
    )
    code = main(
        [
            "pool",
            "distribute",
            str(POOL / "pool.toml"),
            "--period",
            "2026-Q1",
            "--reports",
            str(bad),
        ]
    )
    assert code == 1
    err = "".join(capsys.readouterr().err.split())  # Rich folds long lines, even mid-path
    assert "".join(f"{bad}:2: member 'Nobody' is not a member".split()) in err


def test_bad_pool_file_is_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "pool.toml"
    bad.write_text('[pool]\nname = "x"\nfee = "10%"\n', encoding="utf-8")
    assert main(["pool", "check", str(bad)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith("error: ") and err.count("error:") == 1 and "unknown key(s) fee" in err


def test_check_json(capsys) -> None:
    assert main(["pool", "check", str(POOL / "pool.toml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pool"] == "Demo Magnetic Alignment Pool"
    assert [i["status"] for i in data["items"]] == ["met"] * 7


def test_encumber_blocks_members_as_targets(tmp_path: Path, capsys) -> None:
    data = ROOT / "tests" / "data"
    db = str(tmp_path / "k.db")
    assert main(["--db", db, "ingest", str(data / "uspto" / "US08930553.xml")]) == 0
    assert main(["--db", db, "companies", "import", str(data / "companies" / "companies.csv")]) == 0
    text = (POOL / "pool.toml").read_text(encoding="utf-8")
    text = text.replace('patent = "US19990001B2"', 'patent = "US8930553B2"').replace(
        'name = "Member Two Ltd."', 'name = "キヤノン株式会社"'
    )
    pool = tmp_path / "pool.toml"
    pool.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db, "pool", "encumber", str(pool), "--as-of", "2026-06-01", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == [{"patent": "US8930553B2", "company": "キヤノン株式会社"}]
    assert any("JP9990001B2" in line for line in report["skipped"])  # not stored: not guessed
    assert any("Member One K.K." in line for line in report["skipped"])
    assert main(["--db", db, "pool", "encumber", str(pool), "--as-of", "2026-06-01", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["added"] == [] and len(again["already"]) == 1
    assert main(["--db", db, "targets", "encumbrances", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert "pool licence: Demo Magnetic Alignment Pool" in json.dumps(listed, ensure_ascii=False)


def test_pdf_statements_keep_members_apart(tmp_path: Path) -> None:
    import shutil
    import subprocess

    assert _distribute(tmp_path, "2026-Q1", "--pdf") == 0
    member = tmp_path / "statement-2026-Q1-member-Member-One-K-K-ja.pdf"
    founder = tmp_path / "statement-2026-Q1-founder-Founder-Alpha-K-K-ja.pdf"
    assert member.exists() and founder.exists()
    assert (tmp_path / "statement-2026-Q1-member-Member-Two-Ltd-en.pdf").exists()
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", str(member), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "ロイヤルティ明細書" in text and "36万円" in text
    assert "Member Two" not in text and "Member Three" not in text
    text = subprocess.run(
        ["pdftotext", str(founder), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "配分明細書" in text and "17万8,322円" in text
