"""Reading company files: columns, encodings (UTF-8, BOM, cp932), per-row faults."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.sources.companies import read_companies
from kizuna.errors import EmptyFileError, EncodingError, MalformedDocumentError

DATA = Path(__file__).resolve().parents[2] / "data" / "companies"


def test_sample_set_reads_every_row() -> None:
    result = read_companies(DATA / "companies.csv")
    assert result.failed == []
    assert len(result.rows) == 19
    toyota = result.rows[0].company
    assert toyota.corporate_number == "1180301018771"
    assert toyota.aliases == ("トヨタ", "TOYOTA JIDOSHA KABUSHIKI KAISHA", "TMC")
    assert toyota.source == "companies.csv:2"
    agc = next(r.company for r in result.rows if r.company.name_en == "AGC Inc.")
    assert agc.former_names == ("旭硝子株式会社", "Asahi Glass Co., Ltd.")
    fc2 = next(r.company for r in result.rows if r.company.name_en == "FC2, Inc.")
    assert (fc2.country, fc2.signals) == ("US", ("servers-abroad", "effect-in-japan"))


def test_jsonl_twin_gives_the_same_companies() -> None:
    rows = read_companies(DATA / "companies.csv").rows
    csv_rows = {r.company.display_name: r.company for r in rows}
    for row in read_companies(DATA / "companies.jsonl").rows:
        twin = csv_rows[row.company.display_name]
        assert row.company.aliases == twin.aliases
        assert row.company.signals == twin.signals
        assert row.company.corporate_number == twin.corporate_number


@pytest.mark.parametrize("name", ["shift-jis-excel.csv", "utf8-bom.csv"])
def test_excel_encodings(name: str) -> None:
    result = read_companies(DATA / name)
    assert result.failed == []
    assert [r.company.name_ja for r in result.rows] == ["株式会社安川電機", "トヨタ自動車株式会社"]
    assert result.rows[0].company.jsic == ("2911", "2694")


def test_undecodable_file_is_named() -> None:
    with pytest.raises(EncodingError, match=r"^undecodable\.csv: not UTF-8 or Shift_JIS"):
        read_companies(DATA / "undecodable.csv")


def test_missing_columns_are_named() -> None:
    with pytest.raises(MalformedDocumentError) as caught:
        read_companies(DATA / "missing-columns.csv")
    message = str(caught.value)
    assert message.startswith("missing-columns.csv: missing required columns: name_kana")
    assert "corporate_number" in message and "signals" in message


def test_unknown_column_and_empty_file(tmp_path: Path) -> None:
    header = (DATA / "companies.csv").read_text("utf-8").splitlines()[0]
    typo = tmp_path / "typo.csv"
    typo.write_text(header + ",name_jp\n", encoding="utf-8")
    with pytest.raises(MalformedDocumentError, match="unknown columns: name_jp"):
        read_companies(typo)
    with pytest.raises(EmptyFileError):
        read_companies(tmp_path / "empty.csv", data=b"")


def test_each_bad_row_is_reported_with_its_line() -> None:
    result = read_companies(DATA / "bad-rows.csv")
    errors = {f.line: f.error for f in result.failed}
    assert "check digit" in errors[3]
    assert "unknown currency" in errors[4] and "XYZ" in errors[4]
    assert "not a number" in errors[5]
    assert "not a date" in errors[6]
    assert "no name" in errors[8]
    assert "13 digits" in errors[10]
    assert [r.line for r in result.rows] == [2, 7, 9]  # line 7 is a duplicate: services refuse it


def test_jsonl_row_faults(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"name_en": "A Inc."}\n[1]\n{oops\n{"name_en": "B", "colour": "red"}\n',
                    encoding="utf-8")
    result = read_companies(path)
    assert [r.line for r in result.rows] == [1]
    assert [(f.line, f.error.split(" ")[0]) for f in result.failed] == [
        (2, "not"), (3, "not"), (4, "unknown")]
