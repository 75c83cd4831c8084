"""``kizuna campaign anchor``, ``verify --anchor/--anchors/--key`` and ``kizuna keys``
through the real entry point, with a real RFC 3161 token from openssl."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.app import main
from tests.domain.test_record_anchors import make_token

DATA = Path(__file__).resolve().parents[1] / "data"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    err = " ".join(err.split())
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "kizuna.db"
    assert run(capsys, path, "ingest", str(DATA / "uspto" / "US08930553.xml"))[0] == 0
    steps = [
        ("campaign", "new", "--licensee", "Example KK", "--patents", "US8930553"),
        ("campaign", "log", "1", "--kind", "offer", "--summary", "offer 3 %"),
    ]
    for step in steps:
        code, _, err = run(capsys, path, *step)
        assert code == 0, err
    return path


def test_anchor_then_verify_with_the_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, db, "campaign", "anchor", "1")
    assert code == 0, err
    line = out.splitlines()[0]
    assert line.startswith("kizuna-anchor/1 campaign=1 entry=2 head=")
    code, result, _ = run(capsys, db, "campaign", "verify", "1", "--anchor", line, "--json")
    assert code == 0 and result["ok"] and result["signing"]["status"] == "signed"
    assert [a["source"] for a in result["anchors"]] == ["given", "stored"]
    assert {a["status"] for a in result["anchors"]} == {"matches"}


def test_a_truncated_record_against_an_anchor_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, db, "campaign", "log", "1", "--kind", "note", "--summary", "accepted")
    line = run(capsys, db, "campaign", "anchor", "1")[1].splitlines()[0]
    anchors = tmp_path / "anchors.txt"
    anchors.write_text(f"# kept on paper\n{line}\n", encoding="utf-8")
    with sqlite3.connect(db) as connection:  # the insider: triggers off, last entry gone
        connection.execute("DROP TRIGGER campaign_entries_no_delete")
        connection.execute("DELETE FROM campaign_entries WHERE seq = 3")
        connection.execute("DELETE FROM campaign_anchors")
        connection.execute(
            "UPDATE campaigns SET entry_count = 2, "
            "head_hash = (SELECT hash FROM campaign_entries WHERE seq = 2)"
        )
    code, _, err = run(capsys, db, "campaign", "verify", "1", "--anchors", str(anchors))
    assert code == 1
    assert "Campaign 1: record BROKEN at entry 3" in err
    assert "truncated: entry 3 missing: the record ends at entry 2 but its signed head" in err
    assert "truncated: entry 3 is missing: the anchor of" in err


def test_anchor_with_a_timestamp_token(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = run(capsys, db, "campaign", "verify", "1", "--json")[1]["head"]
    token = tmp_path / "head.tsr"
    token.write_bytes(make_token(tmp_path, head))
    code, report, err = run(capsys, db, "campaign", "anchor", "1", "--token", str(token), "--json")
    assert code == 0, err
    assert report["token"]["imprint"] == head and report["token"]["imprint_matches_head"]
    assert report["token"]["tsa_signature_checked"] is False
    other = tmp_path / "other"
    other.mkdir()
    token.write_bytes(make_token(other, "cd" * 32))
    code, _, err = run(capsys, db, "campaign", "anchor", "1", "--token", str(token))
    assert code == 1
    assert err.startswith("error: head.tsr: the token's message imprint")
    assert "it timestamps something else" in err


def test_bad_anchor_input_is_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, db, "campaign", "verify", "1", "--anchor", "kizuna-anchor/1 x")
    assert code == 1 and err.startswith("error: --anchor: not an anchor line")
    code, _, err = run(capsys, db, "campaign", "verify", "1", "--key", "ab" * 16)
    assert code == 1 and "--key applies to --file" in err


def test_export_verified_with_the_real_key_id(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "record.json"
    assert run(capsys, db, "campaign", "record", "1", "--export", "json", "-o", str(out))[0] == 0
    key = json.loads(out.read_text(encoding="utf-8"))["signing"]["keys"][0]["key_id"]
    code, result, _ = run(
        capsys, db, "campaign", "verify", "--file", str(out), "--key", key, "--json"
    )
    assert code == 0 and result["ok"]
    code, result, _ = run(
        capsys, db, "campaign", "verify", "--file", str(out), "--key", "ab" * 16, "--json"
    )
    assert code == 1 and result["problems"][0]["kind"] == "unknown-key"


def test_keys_show_and_rotate(
    db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZUNA_KEY_DIR", str(tmp_path / "keys"))
    run(capsys, db, "campaign", "log", "1", "--kind", "note", "--summary", "first")
    code, shown, _ = run(capsys, db, "keys", "show", "--json")
    assert code == 0 and shown["key_dir"] == str(tmp_path / "keys")
    assert stat.S_IMODE((tmp_path / "keys" / "record-signing.key").stat().st_mode) == 0o600
    code, rotated, _ = run(capsys, db, "keys", "rotate", "--json")
    assert code == 0 and rotated["old_key_id"] == shown["current"]
    assert rotated["campaigns"] == [1]
    run(capsys, db, "campaign", "log", "1", "--kind", "note", "--summary", "after")
    code, result, _ = run(capsys, db, "campaign", "verify", "1", "--json")
    assert code == 1  # entries 1-2 were signed by the fixture's key, not this folder's
    assert result["problems"][0]["kind"] == "unknown-key"
    keys = {k["key_id"]: k["source"] for k in result["signing"]["keys"]}
    assert keys[rotated["new_key_id"]].startswith("rotation")
    show = run(capsys, db, "campaign", "show", "1", "--json")[1]
    assert show["record"][-2]["kind"] == "key-rotation"


def test_a_stored_token_swapped_for_another_is_named(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = run(capsys, db, "campaign", "verify", "1", "--json")[1]["head"]
    token = tmp_path / "head.tsr"
    token.write_bytes(make_token(tmp_path, head))
    assert run(capsys, db, "campaign", "anchor", "1", "--token", str(token))[0] == 0
    other = tmp_path / "other"
    other.mkdir()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE campaign_anchors SET token = ?", (make_token(other, "cd" * 32),))
    code, result, _ = run(capsys, db, "campaign", "verify", "1", "--json")
    assert code == 1 and result["problems"][0]["kind"] == "anchor"
    assert "does not timestamp its head" in result["problem"]
