"""Tabular readers (CSV, JSONL) against files built from the real sample documents."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

import kizuna.adapters.sources.tabular as tabular
from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.tabular import (
    CSV_READER,
    GOOGLE,
    JSONL_READER,
    KIZUNA,
    detect_mapping,
    parse_cell_date,
    parse_cell_number,
)
from kizuna.domain.ids import NumberType
from kizuna.domain.patent import (
    ClaimsBasis,
    ClassificationScheme,
    PartyRole,
    Patent,
    PatentStatus,
)
from kizuna.errors import (
    EmptyFileError,
    EncodingError,
    InvalidNumberError,
    SourceError,
    UnsupportedFormatError,
)

DATA = Path(__file__).parents[2] / "data" / "tabular"
GOOGLE_CSV = DATA / "google-patents-export.csv"
KIZUNA_CSV = DATA / "kizuna-portfolio.csv"
EXCEL_CSV = DATA / "kizuna-portfolio-excel-cp932.csv"
RECORDS = DATA / "kizuna-records.jsonl"


def read_all(reader, path: Path, data: bytes | None = None) -> list[Patent | SourceError]:
    return list(reader.read(FileInput(path=path, data=data)))


def patents(results) -> dict[str, Patent]:
    assert all(isinstance(r, Patent) for r in results), [
        str(r) for r in results if not isinstance(r, Patent)
    ]
    return {r.number.compact: r for r in results}


def names(patent: Patent, role: PartyRole) -> list[str]:
    return [p.name for p in patent.parties if p.role is role]


def isort_key(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_exports_are_sorted_and_complete():
    assert tabular.__all__ == sorted(tabular.__all__, key=isort_key)
    skip = {"annotations", "TYPE_CHECKING"}
    public = {n for n in vars(tabular) if not n.startswith("_") and n not in skip}
    assert public - {"columns", "mapping", "read"} == set(tabular.__all__)


# --- cells ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "compact", "kind"),
    [
        ("US-8930553-B2", "US8930553B2", NumberType.GRANT),
        ("JP-7533889-B2", "JP7533889B2", NumberType.GRANT),
        ("EP-3383757-B1", "EP3383757B1", NumberType.GRANT),
        ("JP-2021090037-A", "JP2021090037A", NumberType.PUBLICATION),
        ("US-20050004437-A1", "US20050004437A1", NumberType.PUBLICATION),
        ("特許第7533889号", "JP7533889", NumberType.GRANT),
    ],
)
def test_cell_numbers(text, compact, kind):
    number = parse_cell_number(text)
    assert (number.compact, number.type) == (compact, kind)


def test_cell_number_rejects_garbage():
    with pytest.raises(InvalidNumberError):
        parse_cell_number("see attached")


@pytest.mark.parametrize(
    "text", ["2020-07-20", "2020/7/20", "20200720", "2020年7月20日", "２０２０／０７／２０",
             "2020-07-20 00:00:00"],
)
def test_cell_dates(text):
    assert parse_cell_date(text) == date(2020, 7, 20)


def test_cell_date_rejects_garbage():
    assert parse_cell_date("") is None
    with pytest.raises(ValueError, match="not a date"):
        parse_cell_date("20/07/2020")


def test_mapping_detected_from_header():
    header = GOOGLE_CSV.read_text(encoding="utf-8").splitlines()[1].split(",")
    assert detect_mapping(header) is GOOGLE
    assert detect_mapping(["number", "title"]) is KIZUNA
    assert detect_mapping(["publication", "title"]) is None


# --- Google Patents export ------------------------------------------------------


def test_google_export_rows():
    results = patents(read_all(CSV_READER, GOOGLE_CSV))
    assert list(results) == [
        "US8930553B2", "US8926509B2", "US20050004437A1", "EP3404678B1", "EP0449582B1",
        "JP7533889B2",
    ]
    us = results["US8930553B2"]
    assert us.title == "Managing mid-dialog session initiation protocol (SIP) messages"
    assert us.lang == "en"
    assert names(us, PartyRole.ASSIGNEE) == ["International Business Machines Corporation"]
    assert names(us, PartyRole.INVENTOR) == ["Nitzan Nissim", "Brian Pulito", "Asaf Zinger"]
    assert us.dates.filing == date(2012, 10, 9)
    assert us.dates.grant == date(2015, 1, 6)
    assert us.dates.publication is None  # Google's date for a B2 row is the grant's own
    assert us.status is PatentStatus.GRANTED
    (ref,) = us.sources
    assert (ref.file, ref.format, ref.document) == (GOOGLE_CSV.name, "csv", "row 3")


def test_google_export_keeps_company_suffixes_and_japanese():
    results = patents(read_all(CSV_READER, GOOGLE_CSV))
    assert names(results["US8926509B2"], PartyRole.ASSIGNEE) == ["Hmicro, Inc."]
    assert results["US8926509B2"].dates.priority == date(2007, 8, 24)
    assert len(names(results["US8926509B2"], PartyRole.INVENTOR)) == 5
    application = results["US20050004437A1"]
    assert application.number.type is NumberType.PUBLICATION
    assert application.dates.publication == date(2005, 1, 6)
    assert application.status is PatentStatus.UNKNOWN
    jp = results["JP7533889B2"]
    assert jp.lang == "ja"
    assert jp.title == "立体配線構造体の製造方法"
    assert names(jp, PartyRole.ASSIGNEE) == ["メイショウ株式会社"]
    assert jp.dates.priority == date(2019, 11, 21)
    assert jp.dates.grant == date(2024, 8, 5)
    assert results["EP0449582B1"].number.display == "EP 0 449 582 B1"


def test_bad_rows_are_reported_and_others_go_on():
    text = GOOGLE_CSV.read_text(encoding="utf-8")
    text += "XX-not-a-number,Bad row,,,,,,,,\n"
    text += "US-8927118-B2,Bad date row,,,2012-13-45,,,,,\n"
    results = read_all(CSV_READER, GOOGLE_CSV, text.encode("utf-8"))
    assert len([r for r in results if isinstance(r, Patent)]) == 6
    errors = [r for r in results if isinstance(r, SourceError)]
    assert [str(e) for e in errors] == [
        f"{GOOGLE_CSV.name}: row 9: number 'XX-not-a-number' cannot be read "
        "('XX-not-a-number' is not a patent, publication or application number)",
        f"{GOOGLE_CSV.name}: row 10: priority_date: '2012-13-45' is not a valid date: "
        "month must be in 1..12",
    ]


# --- Kizuna columns ----------------------------------------------------------------


def test_kizuna_csv_with_bom():
    results = patents(read_all(CSV_READER, KIZUNA_CSV))
    jp = results["JP7533889B2"]
    assert [n.compact for n in jp.numbers] == ["JP7533889B2", "JP2020123456", "JP2021090037A"]
    assert jp.number_of(NumberType.APPLICATION).display == "特願2020-123456"
    assert jp.dates.publication == date(2021, 6, 10)
    assert names(jp, PartyRole.APPLICANT) == ["メイショウ株式会社"]
    assert jp.sources[0].warnings == ()  # UTF-8, every column known
    us = results["US8930553B2"]
    assert us.number_of(NumberType.APPLICATION).compact == "US13648029"
    assert us.number_of(NumberType.PUBLICATION).compact == "US20140101323A1"
    assert [(c.scheme, c.code) for c in us.classifications] == [
        (ClassificationScheme.IPC, "G06F 15/16")
    ]
    assert us.abstract.startswith("Processing mid-dialog SIP messages")
    hmicro = results["US8926509B2"]
    assert names(hmicro, PartyRole.ASSIGNEE) == ["Hmicro, Inc."]  # ';' lists: comma kept
    assert [c.code for c in hmicro.classifications if c.scheme is ClassificationScheme.CPC] == [
        "A61B 5/0205", "A61B 5/0024", "A61B 2560/0209"
    ]
    ep = results["EP3404678B1"]
    assert ep.number_of(NumberType.APPLICATION).compact == "EP17171508"
    assert names(ep, PartyRole.INVENTOR) == ["Jörg Harthum", "Tobias Stirl"]


def test_excel_cp932_csv_is_read_and_reported():
    results = patents(read_all(CSV_READER, EXCEL_CSV))
    jp = results["JP7533889"]  # 特許第7533889号 carries no kind code
    assert jp.title == "立体配線構造体の製造方法"
    assert jp.dates.filing == date(2020, 7, 20)
    assert jp.dates.grant == date(2024, 8, 5)
    assert names(jp, PartyRole.APPLICANT) == ["メイショウ株式会社"]
    assert any("cp932" in w for w in jp.sources[0].warnings)


def test_unknown_columns_ignored_and_listed_once(caplog):
    text = KIZUNA_CSV.read_text(encoding="utf-8-sig").splitlines()
    text[0] += ",notes,owner"
    data = ("\n".join(line if i == 0 else line + ",x,y" for i, line in enumerate(text)))
    with caplog.at_level(logging.WARNING):
        results = patents(read_all(CSV_READER, KIZUNA_CSV, data.encode("utf-8")))
    warning = "columns ignored (not in the mapping): notes, owner"
    assert all(p.sources[0].warnings == (warning,) for p in results.values())
    assert [r.getMessage() for r in caplog.records] == [f"{KIZUNA_CSV.name}: {warning}"]


def test_unknown_header_is_refused():
    with pytest.raises(UnsupportedFormatError, match="not a known mapping"):
        read_all(CSV_READER, KIZUNA_CSV, b"publication,title\nUS1,x\n")


def test_undecodable_and_empty_files():
    with pytest.raises(EmptyFileError):
        read_all(CSV_READER, KIZUNA_CSV, b"  \n")
    with pytest.raises(EncodingError, match="neither UTF-8 nor Shift_JIS"):
        read_all(CSV_READER, KIZUNA_CSV, b"number\n\x82\xff\n")


# --- JSONL ---------------------------------------------------------------------------


def test_jsonl_records_with_claims():
    """Needs kizuna.domain.claim_parsing (build_claims)."""
    results = patents(read_all(JSONL_READER, RECORDS))
    jp = results["JP7533889B2"]
    (claim_set,) = jp.claim_sets
    assert (claim_set.lang, claim_set.basis) == ("ja", ClaimsBasis.AMENDED)
    assert len(claim_set.claims) == 5
    assert claim_set.claims[0].text.startswith("金型のキャビティ内に溶融樹脂を射出する")
    assert claim_set.claims[2].depends_on == (1, 2)
    us = results["US8930553B2"]
    (claim_set,) = us.claim_sets
    assert (claim_set.lang, claim_set.basis) == ("en", ClaimsBasis.GRANTED)
    assert [c.depends_on for c in claim_set.claims] == [(), (1,), (1,)]
    assert us.claims[0].text.startswith("A system for processing mid-dialog SIP messages")
    assert names(us, PartyRole.INVENTOR) == ["Nitzan Nissim", "Brian Pulito", "Asaf Zinger"]
    assert us.sources[0].document == "line 2"
    assert us.sources[0].format == "jsonl"


def test_jsonl_bad_lines_are_reported_and_others_go_on():
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    lines.insert(1, '{"number": "JP7533889B2", "grant_date": "2024-08-32"}')
    lines.insert(2, "not json")
    lines.append('{"number": "US8930553B2", "claims": [{"number": 2, "text": "claim 9 x"}]}')
    results = read_all(JSONL_READER, RECORDS, "\n".join(lines).encode("utf-8"))
    assert [type(r).__name__ for r in results] == [
        "Patent", "MalformedDocumentError", "MalformedDocumentError", "Patent",
        "MalformedDocumentError",
    ]
    assert str(results[1]).startswith(f"{RECORDS.name}: line 2: grant_date:")
    assert str(results[2]).startswith(f"{RECORDS.name}: line 3: not valid JSON")
    assert str(results[4]).startswith(f"{RECORDS.name}: line 5: claims:")


def test_sniff():
    assert CSV_READER.sniff(GOOGLE_CSV, GOOGLE_CSV.read_bytes()[:4096])
    assert CSV_READER.sniff(Path("export.txt"), b"search URL:,https://patents.google.com/")
    assert JSONL_READER.sniff(RECORDS, RECORDS.read_bytes()[:4096])
    assert not JSONL_READER.sniff(KIZUNA_CSV, KIZUNA_CSV.read_bytes()[:4096])
