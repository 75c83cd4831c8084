"""``kizuna campaign`` through the real entry point: a campaign from first contact to
agreement, its record verified and exported; bad input gives one clear line and exit 1."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.app import main
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows

DATA = Path(__file__).resolve().parents[1] / "data"
OPINION = DATA / "campaigns" / "2020123456-A53-written-opinion.xml"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    err = " ".join(err.split())  # Rich wraps long lines at the console width
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "kizuna.db"
    files = [str(DATA / "jpo"), str(DATA / "uspto" / "US08930553.xml")]
    code, _, err = run(capsys, path, "ingest", *files, "--json")
    assert code == 0, err
    code, opened, err = run(
        capsys,
        path,
        "campaign",
        "new",
        "--licensee",
        "例示電機株式会社",
        "--patents",
        "JP7533889,US8930553",
        "--date",
        "2026-01-05",
        "--json",
    )
    assert code == 0, err
    assert opened["id"] == 1 and opened["stage"] == "research"
    return path


def test_first_contact_to_agreement(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    steps = [
        ("contact", "1", "--name", "佐藤 花子", "--role", "ip-department", "--org", "知的財産部"),
        ("contact", "1", "--name", "Tanaka", "--role", "intermediary", "--email", "t@example.jp"),
        ("advance", "1", "--to", "introduction", "--date", "2026-01-10"),
        ("log", "1", "--kind", "call", "--summary", "紹介者から電話", "--date", "2026-01-11"),
        ("advance", "1", "--to", "first-meeting"),
        ("log", "1", "--kind", "meeting", "--summary", "初回面談", "--attach", str(OPINION)),
        ("log", "1", "--corrects", "5", "--summary", "The meeting was in Osaka"),
    ]
    for step in steps:
        code, _, err = run(capsys, db, "campaign", *step)
        assert code == 0, (step, err)
    for stage in ("nda", "technical-meetings", "evidence-shared", "terms-proposed", "ringi"):
        assert run(capsys, db, "campaign", "advance", "1", "--to", stage)[0] == 0
    code, moved, _ = run(capsys, db, "campaign", "advance", "1", "--to", "agreement", "--json")
    assert code == 0 and moved["campaign"]["closed"] is True
    assert moved["transition"] == {
        "from": "ringi",
        "to": "agreement",
        "kind": "forward",
        "legal": True,
        "skipped": [],
        "reason": None,
    }
    code, shown, _ = run(capsys, db, "campaign", "show", "1", "--json")
    assert shown["stage_label"] == {"en": "Agreement", "ja": "契約締結"}
    assert [c["role"] for c in shown["contacts"]] == ["ip-department", "intermediary"]
    assert [s["state"] for s in shown["stages"]][-2:] == ["done", "current"]
    assert shown["record"][5]["corrects"] == 5 and shown["record"][5]["kind"] == "correction"
    assert shown["verification"]["ok"] is True and shown["entries"] == 12
    code, text, _ = run(capsys, db, "campaign", "show", "1")
    text = " ".join(text.split())
    assert "record intact, 12 entries" in text and "correction" in text
    code, listing, _ = run(capsys, db, "campaign", "list", "--json")
    assert [c["licensee"] for c in listing] == ["例示電機株式会社"]


def test_illegal_jump_and_unknown_stage(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, db, "campaign", "advance", "1", "--to", "nda")
    assert code == 1
    assert err.startswith("error: research → nda skips introduction, first-meeting")
    code, _, err = run(capsys, db, "campaign", "advance", "1", "--to", "sign")
    assert code == 1 and "stages: research, introduction, first-meeting, nda" in err
    code, out, _ = run(
        capsys, db, "campaign", "advance", "1", "--to", "nda", "--reason", "met at a fair"
    )
    assert code == 0 and "reason: met at a fair" in out
    code, shown, _ = run(capsys, db, "campaign", "show", "1", "--json")
    assert shown["record"][-1]["summary"].endswith("reason: met at a fair")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", "1", "--kind", "note", "--summary", "x", "--attach", "nope.pdf"), "nope.pdf:"),
        (("log", "1", "--kind", "lunch", "--summary", "x"), "--kind 'lunch'"),
        (("log", "1", "--summary", "x"), "--kind: required"),
        (("log", "1", "--kind", "note", "--summary", "x", "--date", "1.2.2026"), "not a date"),
        (("log", "9", "--kind", "note", "--summary", "x"), "no campaign 9"),
        (("contact", "1", "--name", "A", "--role", "ceo"), "--role 'ceo'"),
        (("new", "--licensee", "X", "--patents", "US1"), "US1"),
        (("record", "1", "--export", "docx", "-o", "r.docx"), "--export 'docx'"),
        (("verify",), "give a campaign ID or --file"),
    ],
)
def test_bad_input_is_one_clear_line(
    db: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, db, "campaign", *args)
    assert code == 1
    assert err.startswith("error: ") and message in err
    assert run(capsys, db, "campaign", "show", "1", "--json")[1]["entries"] == 1


def test_too_large_attachment(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZUNA_MAX_ATTACHMENT_BYTES", "1000")
    args = ("log", "1", "--kind", "evidence-shared", "--summary", "x", "--attach", str(OPINION))
    code, _, err = run(capsys, db, "campaign", *args)
    assert code == 1 and "over the attachment limit of 1,000 bytes" in err


def test_due(db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(
        capsys,
        db,
        "campaign",
        "log",
        "1",
        "--kind",
        "note",
        "--summary",
        "x",
        "--date",
        "2026-01-06",
    )
    code, due, _ = run(capsys, db, "campaign", "due", "--as-of", "2026-01-20", "--json")
    assert code == 0 and due["as_of"] == "2026-01-20"
    assert [d["campaign_id"] for d in due["due"]] == []  # opened 2026-01-05: research not over
    code, due, _ = run(capsys, db, "campaign", "due", "--as-of", "2027-06-01", "--json")
    ((item,),) = [due["due"]]
    assert item["stage"] == "research" and item["period_days"] == 30 and item["due"] is True
    assert item["stage_label"]["ja"] == "調査"


def test_export_and_verify_a_tampered_file(
    db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, db, "campaign", "log", "1", "--kind", "letter", "--summary", "紹介依頼状を送付")
    record = tmp_path / "out" / "record.json"
    code, out, _ = run(capsys, db, "campaign", "record", "1", "--export", "json", "-o", str(record))
    assert code == 0 and "record intact" in out
    code, out, _ = run(capsys, db, "campaign", "verify", "--file", str(record))
    assert code == 0 and "record.json: record intact, 2 entries" in out
    data = json.loads(record.read_text(encoding="utf-8"))
    data["entries"][1]["summary"] = "送付していない"
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, db, "campaign", "verify", "--file", str(record))
    assert code == 1
    assert "record BROKEN at entry 2" in err
    assert "edited: entry 2" in err
    code, body, _ = run(capsys, db, "campaign", "verify", "--file", str(record), "--json")
    assert code == 1 and body["ok"] is False and body["break_at"] == 2
    code, body, _ = run(capsys, db, "campaign", "verify", "1", "--json")
    assert code == 0 and body["ok"] is True and body["entries"] == 2


def test_record_pdf_goes_to_the_documents_service(
    db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, Path]] = []
    fake = types.ModuleType("kizuna.services.documents")

    def write_record_pdf(_database: object, campaign_id: int, path: Path) -> Path:
        calls.append((campaign_id, path))
        path.write_bytes(b"%PDF-1.7 fake")
        return path

    fake.write_record_pdf = write_record_pdf  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kizuna.services.documents", fake)
    target = tmp_path / "record.pdf"
    code, out, _ = run(capsys, db, "campaign", "record", "1", "--export", "pdf", "-o", str(target))
    assert code == 0 and calls == [(1, target)] and "Wrote" in out


def test_backdated_entries_and_contact_names(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opened = run(capsys, db, "campaign", "show", "1", "--json")[1]["opened_on"]
    early = "2020-01-01"
    assert early < opened
    code, _, err = run(capsys, db, "campaign", "log", "1", "--kind", "call", "--summary", "打診",
                       "--date", early)
    assert code == 1 and f"error: --date {early}: before campaign 1 opened" in err
    assert "give --backdate-reason" in err
    code, entry, err = run(capsys, db, "campaign", "log", "1", "--kind", "call", "--summary",
                           "打診", "--date", early, "--backdate-reason", "開始前の打診", "--json")
    assert code == 0, err
    assert entry["summary"].endswith(": 開始前の打診")
    code, contacts, err = run(
        capsys, db, "campaign", "contact", "1", "--name", "鈴木 美香", "--role", "ip-department",
        "--title", "部長", "--romanised", "Mika Suzuki", "--honorific", "Ms", "--json",
    )
    assert code == 0, err
    assert contacts[-1] == {
        "name": "鈴木 美香", "role": "ip-department", "organisation": None, "email": None,
        "note": None, "title": "部長", "romanised": "Mika Suzuki", "honorific": "Ms.",
    }


@pytest.mark.parametrize("patents", [
    ("--patents", '特許第7533889号,"US 8,930,553 B2"'),  # the form docs/cli/campaign.md shows
    ("--patents", "特許第7533889号", "--patents", "US 8,930,553 B2"),  # repeated
    ("--patent", "特許第7533889号; US 8,930,553 B2"),
])
def test_new_with_numbers_containing_commas(
    db: Path, capsys: pytest.CaptureFixture[str], patents: tuple[str, ...]
) -> None:
    code, opened, err = run(capsys, db, "campaign", "new", "--licensee", "湊精工株式会社",
                            *patents, "--json")
    assert code == 0, err
    assert opened["patents"] == ["JP7533889B2", "US8930553B2"]


def test_lists_fit_80_columns_and_csv_is_complete(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = "先方知財部と面談。" + "US 8,930,553 B2 の請求項1の構成要件を説明した。" * 4
    assert run(capsys, db, "campaign", "log", "1", "--kind", "meeting", "--summary", summary,
               "--date", "2026-01-06")[0] == 0
    for args, whole in ((("list",), ["JP7533889B2"]), (("show", "1"), []),
                        (("due", "--as-of", "2027-06-01"), ["2026-01-06"])):
        code, text, _ = at_80_columns(lambda args=args: run(capsys, db, "campaign", *args))
        assert code == 0
        assert_fits_80(text, whole)
    code, text, _ = run(capsys, db, "campaign", "list", "--csv")
    (row,) = csv_rows(text)
    assert (row["licensee"], row["patents"]) == ("例示電機株式会社", "JP7533889B2; US8930553B2")
    code, text, _ = run(capsys, db, "campaign", "due", "--as-of", "2027-06-01", "--csv")
    (row,) = csv_rows(text)
    assert (row["id"], row["last_entry"], row["period"]) == ("1", "2026-01-06", "30 days")
