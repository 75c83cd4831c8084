"""``kizuna brief``, ``kizuna letter`` and ``kizuna pack hantei`` through the real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kizuna.adapters.storage.db import open_database
from kizuna.cli.app import main
from kizuna.settings import sqlite_url
from tests.services.documents_support import install_campaign, make_campaign, prepare

pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "kizuna.db"
    database = open_database(sqlite_url(path))
    prepare(database, reviewed=True)
    database.dispose()
    install_campaign(monkeypatch, make_campaign())
    return path


def test_brief_letter_and_hantei(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "out" / "brief.pdf"
    assert (
        main(
            ["--db", str(db), "brief", "1", "--lang", "ja", "--format", "pdf", "--chart", "1",
             "-o", str(brief)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"wrote {brief}" in out and "not legal advice" in out
    assert "技術紹介資料" in PdfReader(brief).pages[0].extract_text()
    ringi = tmp_path / "ringi.docx"
    assert (
        main(
            [
                "--db",
                str(db),
                "brief",
                "1",
                "--lang",
                "both",
                "--format",
                "docx",
                "--kind",
                "ringi",
                "-o",
                str(ringi),
            ]
        )
        == 0
    )
    letter = tmp_path / "intro.docx"
    assert (
        main(
            [
                "--db",
                str(db),
                "letter",
                "1",
                "--kind",
                "introduction",
                "--lang",
                "en",
                "-o",
                str(letter),
            ]
        )
        == 0
    )
    hantei = tmp_path / "hantei.docx"
    assert (
        main(
            [
                "--db",
                str(db),
                "pack",
                "hantei",
                "1",
                "--chart",
                "1",
                "-o",
                str(hantei),
            ]
        )
        == 0
    )
    assert ringi.stat().st_size and letter.stat().st_size and hantei.stat().st_size


def test_errors_are_one_line(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--db", str(db), "letter", "1", "--kind", "offer", "-o", str(tmp_path / "x.txt")])
        == 1
    )
    assert "error: x.txt: cannot tell the format" in capsys.readouterr().err
    assert main(["--db", str(db), "brief", "7", "-o", str(tmp_path / "b.pdf")]) == 1
    assert "error: no campaign 7" in capsys.readouterr().err


def test_brief_output_format_is_checked_like_letter(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(db), "brief", "1"]
    assert main([*base, "-o", str(tmp_path / "x.txt")]) == 1
    assert "error: x.txt: cannot tell the format" in capsys.readouterr().err
    assert main([*base, "--format", "pdf", "-o", str(tmp_path / "x.txt")]) == 1
    assert "error: x.txt: the file name does not end in .pdf" in capsys.readouterr().err
    assert main([*base, "-o", str(tmp_path / "x.docx")]) == 0  # the suffix picks DOCX
    assert (tmp_path / "x.docx").read_bytes()[:2] == b"PK"
    assert not (tmp_path / "x.txt").exists()


def test_document_guards_are_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offer = ["--db", str(db), "letter", "1", "--kind", "offer", "-o", str(tmp_path / "o.pdf")]
    assert main(offer) == 1
    assert "error: --chart: an offer letter refers to the claim chart" in capsys.readouterr().err
    assert main([*offer, "--chart", "1"]) == 0
    deal = Path(__file__).resolve().parents[2] / "examples" / "deal-pilot.toml"
    assert main([*offer, "--chart", "1", "--deal", str(deal)]) == 1
    err = capsys.readouterr().err
    assert "error: deal-pilot.toml: component" in err and "not campaign 1's licensee" in err
    hantei = ["--db", str(db), "pack", "hantei", "1", "-o", str(tmp_path / "h.docx")]
    assert main([*hantei, "--chart", "9"]) == 1
    assert "error:" in capsys.readouterr().err
