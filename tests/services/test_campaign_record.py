"""The exported record JSON: complete, verifiable offline, and tampering is named exactly."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.errors import MalformedDocumentError, SourceError
from kizuna.services.campaign_record import SCHEMA, verify_record_file, write_record_json
from tests.services.campaign_support import OPINION, sample_campaign


@pytest.fixture
def exported(database: Database, tmp_path: Path) -> dict[str, Any]:
    campaign = sample_campaign(database)
    path = write_record_json(database, campaign.id or 0, tmp_path / "record.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_export_holds_the_whole_chain(exported: dict[str, Any], tmp_path: Path) -> None:
    assert exported["schema"] == SCHEMA
    assert exported["count"] == len(exported["entries"]) == 5
    assert exported["head"] == exported["entries"][-1]["hash"]
    assert exported["verification"]["ok"] is True
    assert exported["campaign"]["stage_label"] == {
        "en": "Introduction via an intermediary",
        "ja": "紹介者を通じた紹介",
    }
    attachment = exported["entries"][3]["attachments"][0]
    content = base64.b64decode(attachment["content_base64"])
    assert content == OPINION.read_bytes()
    assert attachment["sha256"] == hashlib.sha256(content).hexdigest()
    assert exported["entries"][2]["summary"] == "紹介者同席で初回面談。知財部長が出席。"
    assert exported["entries"][0]["recorded_at"].endswith("Z")
    check = verify_record_file(_write(tmp_path, exported))
    assert check.verification.ok and check.licensee == "例示電機株式会社"


def test_an_edited_entry_in_the_file(exported: dict[str, Any], tmp_path: Path) -> None:
    exported["entries"][2]["summary"] = "面談なし"
    result = verify_record_file(_write(tmp_path, exported)).verification
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 3, "edited")


def test_an_edited_date_in_the_file(exported: dict[str, Any], tmp_path: Path) -> None:
    exported["entries"][4]["occurred_on"] = "2026-02-01"
    result = verify_record_file(_write(tmp_path, exported)).verification
    assert (result.break_at, result.problems[0].kind) == (5, "edited")


def test_a_deleted_entry_in_the_file(exported: dict[str, Any], tmp_path: Path) -> None:
    del exported["entries"][1]
    result = verify_record_file(_write(tmp_path, exported)).verification
    assert (result.break_at, result.problems[0].kind) == (2, "deleted")


def test_a_deleted_last_entry_in_the_file(exported: dict[str, Any], tmp_path: Path) -> None:
    head = exported["head"]
    del exported["entries"][-1]
    path = _write(tmp_path, exported)
    result = verify_record_file(path).verification
    assert (result.break_at, result.problems[0].kind) == (5, "truncated")
    exported["head"] = exported["entries"][-1]["hash"]  # the tamperer also fixes the head
    path = _write(tmp_path, exported)
    fixed = verify_record_file(path).verification  # the signed head statement still names 5
    assert (fixed.ok, fixed.break_at, fixed.problems[0].kind) == (False, 5, "truncated")
    assert not verify_record_file(path, head=head).verification.ok  # a head kept apart


def test_reordered_entries_in_the_file(exported: dict[str, Any], tmp_path: Path) -> None:
    entries = exported["entries"]
    entries[2], entries[3] = entries[3], entries[2]
    result = verify_record_file(_write(tmp_path, exported)).verification
    assert (result.break_at, result.problems[0].kind) == (4, "reordered")
    assert result.problem == (
        "entry 4 follows entry 3 in the chain but stands before it: the record was reordered"
    )


def test_a_changed_attachment_in_the_file(exported: dict[str, Any], tmp_path: Path) -> None:
    attachment = exported["entries"][3]["attachments"][0]
    attachment["content_base64"] = base64.b64encode(b"<xml>forged</xml>").decode()
    result = verify_record_file(_write(tmp_path, exported)).verification
    assert (result.break_at, result.problems[0].kind) == (4, "attachment")
    assert "'2020123456-A53-written-opinion.xml' has SHA-256" in (result.problem or "")


def test_a_broken_link_in_the_file(exported: dict[str, Any], tmp_path: Path) -> None:
    exported["entries"][3]["prev_hash"] = "e" * 64
    result = verify_record_file(_write(tmp_path, exported)).verification
    kinds = [p.kind for p in result.problems]
    assert result.break_at == 4 and kinds[:2] == ["edited", "broken-link"]


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("{", MalformedDocumentError, "bad.json: not a JSON record file"),
        ('{"schema": "other"}', MalformedDocumentError, "not a Kizuna campaign record"),
        (
            json.dumps({"schema": SCHEMA, "campaign": {"id": 1}, "entries": [{"seq": "1"}]}),
            MalformedDocumentError,
            "entries\\[0\\]: 'seq' is missing or not an integer",
        ),
    ],
)
def test_unreadable_record_files(
    tmp_path: Path, text: str, error: type[Exception], message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=message):
        verify_record_file(path)


def test_a_missing_record_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nothing\.json: cannot read"):
        verify_record_file(tmp_path / "nothing.json")
