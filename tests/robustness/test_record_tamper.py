"""Tampering with the negotiation record as an insider would, in the database and in an export.

Each scenario plays the insider of issue 12 item 2: with database access (the
append-only triggers dropped) but without the key folder, they rewrite entry 3
("offer 3 %" → "1.5 %"), recompute every hash and fix ``head_hash``; or delete
the last entry and fix the head; or do the same to an exported JSON; or drop an
attachment's bytes; or forge a signature. Every one is detected and named; an
untouched record is "intact". Runs on SQLite and (with KIZUNA_TEST_POSTGRES_URL)
PostgreSQL.
"""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kizuna.adapters.signing.keys import SigningKey
from kizuna.adapters.storage.campaigns import SqlCampaignStore
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import RecordEntry
from kizuna.domain.record_chain import entry_hash, seal
from kizuna.domain.records.anchors import parse_anchor
from kizuna.domain.records.signatures import entry_message, head_statement
from kizuna.services.campaign_record import verify_record_file, write_record_json
from kizuna.services.campaigns import log_entry, new_campaign, read_attachment, verify_campaign
from kizuna.services.records.anchors import anchor_record
from tests.services.campaign_support import LIMIT, OPINION, ingest_samples

OFFER = "Offer: running royalty 3 % of net sales"


@pytest.fixture
def campaign_id(database: Database) -> int:
    """Entries: 1 opened, 2 meeting, 3 offer (3 %), 4 evidence shared (+ attachment), 5 letter."""
    ingest_samples(database)
    campaign = new_campaign(
        database, licensee="例示電機株式会社", patents=["US 8,930,553 B2"], actor="tester",
        opened_on=date(2026, 1, 5),
    )
    assert campaign.id is not None
    log_entry(
        database, campaign.id, kind="meeting", summary="初回面談", occurred_on=date(2026, 2, 3)
    )
    log_entry(database, campaign.id, kind="offer", summary=OFFER, occurred_on=date(2026, 2, 10))
    log_entry(
        database,
        campaign.id,
        kind="evidence-shared",
        summary="Written opinion shared under the NDA",
        occurred_on=date(2026, 2, 20),
        attachments=[read_attachment(OPINION, max_bytes=LIMIT)],
    )
    log_entry(
        database, campaign.id, kind="letter", summary="Follow-up", occurred_on=date(2026, 3, 1)
    )
    return campaign.id


def _unguard(database: Database) -> None:
    """Drop the append-only triggers, as an insider with database access can."""
    with database.engine.begin() as connection:
        for table in ("campaign_entries", "campaign_attachments"):
            if database.engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            else:
                for action in ("update", "delete"):
                    connection.exec_driver_sql(f"DROP TRIGGER {table}_no_{action}")


def _entries(database: Database, campaign_id: int) -> list[RecordEntry]:
    return list(SqlCampaignStore(database).get(campaign_id).entries)


def _write_entries(database: Database, campaign_id: int, entries: list[RecordEntry]) -> None:
    with database.engine.begin() as connection:
        for e in entries:
            connection.execute(
                sa.text(
                    "UPDATE campaign_entries SET summary = :summary, prev_hash = :prev, "
                    "hash = :hash, key_id = :key_id, signature = :signature "
                    "WHERE campaign_id = :campaign AND seq = :seq"
                ),
                {
                    "summary": e.summary,
                    "prev": e.prev_hash,
                    "hash": e.hash,
                    "key_id": e.key_id,
                    "signature": e.signature,
                    "campaign": campaign_id,
                    "seq": e.seq,
                },
            )
        connection.execute(
            sa.text("UPDATE campaigns SET head_hash = :head, entry_count = :count WHERE id = :id"),
            {"head": entries[-1].hash, "count": len(entries), "id": campaign_id},
        )


def _rewrite(entries: list[RecordEntry], campaign_id: int, seq: int, summary: str) -> None:
    """Change entry ``seq``'s summary and recompute every later hash (signatures kept)."""
    for index in range(seq - 1, len(entries)):
        entry = entries[index]
        if entry.seq == seq:
            entry = replace(entry, summary=summary)
        entries[index] = seal(campaign_id, entry, entries[index - 1].hash)


def test_an_untouched_record_is_intact_and_signed(database: Database, campaign_id: int) -> None:
    result = verify_campaign(database, campaign_id)
    assert result.ok, result.problems
    assert result.signing["status"] == "signed"
    assert result.signing["signed_entries"] == 5


def test_rewrite_entry_3_recompute_and_fix_head_in_the_database(
    database: Database, campaign_id: int
) -> None:
    _unguard(database)
    entries = _entries(database, campaign_id)
    _rewrite(entries, campaign_id, 3, OFFER.replace("3 %", "1.5 %"))
    _write_entries(database, campaign_id, entries)
    assert (
        SqlCampaignStore(database)
        .get(campaign_id)
        .entries[2]
        .summary.endswith("1.5 % of net sales")
    )
    result = verify_campaign(database, campaign_id)
    assert not result.ok
    assert (result.break_at, result.problems[0].kind) == (3, "rewritten")
    assert result.problem == (
        "entry 3 (2026-02-10, offer): its content was changed and the hashes of entries 3–5 "
        "recomputed; their signatures no longer match (rewritten)"
    )


def _truncate(database: Database, campaign_id: int) -> None:
    """Delete the last entry (and its attachments) and fix the head on the campaign row."""
    entries = _entries(database, campaign_id)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text("DELETE FROM campaign_entries WHERE campaign_id = :c AND seq = :s"),
            {"c": campaign_id, "s": entries[-1].seq},
        )
        connection.execute(
            sa.text("UPDATE campaigns SET head_hash = :h, entry_count = :n WHERE id = :id"),
            {"h": entries[-2].hash, "n": len(entries) - 1, "id": campaign_id},
        )


def test_delete_the_last_entry_and_fix_the_head_in_the_database(
    database: Database, campaign_id: int
) -> None:
    _unguard(database)
    _truncate(database, campaign_id)
    result = verify_campaign(database, campaign_id)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 5, "truncated")
    assert result.problem is not None
    assert result.problem.startswith("entry 5 missing: the record ends at entry 4")


def test_removing_the_signed_head_too_is_named(database: Database, campaign_id: int) -> None:
    _unguard(database)
    _truncate(database, campaign_id)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE campaigns SET head_statement = NULL")
    result = verify_campaign(database, campaign_id)
    assert (result.ok, result.problems[0].kind) == (False, "head")
    assert "signed head of campaign" in (result.problem or "")


def test_a_replayed_old_head_is_caught_by_an_anchor(database: Database, campaign_id: int) -> None:
    """An insider who saved the signed head of entry 4 can truncate back to it; an anchor
    kept outside the database still shows the removal."""
    store = SqlCampaignStore(database)
    with database.engine.connect() as connection:
        saved = connection.execute(
            sa.text("SELECT head_statement, head_key_id, head_signature FROM campaigns")
        ).one()
    log_entry(database, campaign_id, kind="note", summary="Counterparty accepted 3 %")
    line = anchor_record(database, campaign_id).line
    _unguard(database)
    _truncate(database, campaign_id)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE campaigns SET head_statement = :t, head_key_id = :k, head_signature = :s"
            ),
            {"t": saved[0], "k": saved[1], "s": saved[2]},
        )
        connection.exec_driver_sql("DELETE FROM campaign_anchors")  # the stored copy goes too
    assert store.head(campaign_id)[1] == 5
    result = verify_campaign(database, campaign_id, anchors=[parse_anchor(line)])
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 6, "truncated")
    assert "the anchor of" in (result.problem or "")


def test_an_attachment_emptied_or_deleted_in_the_database(
    database: Database, campaign_id: int
) -> None:
    _unguard(database)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE campaign_attachments SET content = :empty"), {"empty": b""}
        )
    result = verify_campaign(database, campaign_id)
    assert (result.break_at, result.problems[0].kind) == (4, "attachment")
    assert "'2020123456-A53-written-opinion.xml' has SHA-256" in (result.problem or "")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM campaign_attachments")
    result = verify_campaign(database, campaign_id)  # the entry no longer lists it: edited
    assert (result.break_at, result.problems[0].kind) == (4, "edited")
    assert (result.problem or "").endswith("(or an attachment was removed)")


def test_a_forged_signature_is_named(database: Database, campaign_id: int) -> None:
    _unguard(database)
    entries = _entries(database, campaign_id)
    forged = base64.b64encode(Ed25519PrivateKey.generate().sign(entry_message(entries[2].hash)))
    entries[2] = replace(entries[2], signature=forged.decode())
    _write_entries(database, campaign_id, entries)
    result = verify_campaign(database, campaign_id)
    assert (result.break_at, result.problems[0].kind) == (3, "signature-invalid")


def test_re_signing_with_the_insiders_own_key_is_an_unknown_key(
    database: Database, campaign_id: int
) -> None:
    """With database access and a key of their own (not the installation's key folder)."""
    _unguard(database)
    own = SigningKey.of(Ed25519PrivateKey.generate())
    entries = _entries(database, campaign_id)
    _rewrite(entries, campaign_id, 3, OFFER.replace("3 %", "1.5 %"))
    for index in range(2, len(entries)):
        signed = own.sign(entry_message(entries[index].hash))
        entries[index] = replace(entries[index], key_id=own.key_id, signature=signed)
    _write_entries(database, campaign_id, entries)
    statement = head_statement(campaign_id, 5, entries[-1].hash)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE campaigns SET head_statement = :t, head_key_id = :k, head_signature = :s"
            ),
            {"t": statement, "k": own.key_id, "s": own.sign(statement.encode())},
        )
    result = verify_campaign(database, campaign_id)
    assert (result.break_at, result.problems[0].kind) == (3, "unknown-key")


def test_a_record_from_before_signing_is_reported_unsigned(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries written by an earlier version carry no signature: reported, not failed."""
    ingest_samples(database)
    with monkeypatch.context() as patch:  # the store of an earlier version: no signer
        patch.setattr("kizuna.services.campaigns._store", lambda db: SqlCampaignStore(db))
        campaign = new_campaign(database, licensee="Old KK", patents=["US 8,930,553 B2"])
    assert campaign.id is not None
    result = verify_campaign(database, campaign.id)
    assert result.ok and result.signing["status"] == "unsigned (created before signing)"
    log_entry(database, campaign.id, kind="note", summary="Signed from now on")
    result = verify_campaign(database, campaign.id)
    assert result.ok and result.signing["status"] == "partly signed"


# --- the same on an exported JSON --------------------------------------------------------


@pytest.fixture
def exported(database: Database, campaign_id: int, tmp_path: Path) -> dict[str, Any]:
    path = write_record_json(database, campaign_id, tmp_path / "record.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _check(tmp_path: Path, data: dict[str, Any], **options: Any) -> Any:
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return verify_record_file(path, **options).verification


def test_an_untouched_export_is_intact(exported: dict[str, Any], tmp_path: Path) -> None:
    assert exported["attachment_content"] == "bytes"
    assert exported["signing"]["keys"][0]["key_id"] == exported["entries"][0]["key_id"]
    result = _check(tmp_path, exported)
    assert result.ok and result.signing["status"] == "signed"


def test_rewrite_entry_3_recompute_and_fix_head_in_the_export(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    entries = exported["entries"]
    entries[2]["summary"] = OFFER.replace("3 %", "1.5 %")
    for index in range(2, len(entries)):
        entries[index]["prev_hash"] = entries[index - 1]["hash"]
        entries[index]["hash"] = _file_hash(exported, entries[index])
    exported["head"] = entries[-1]["hash"]
    result = _check(tmp_path, exported)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 3, "rewritten")


def _file_hash(data: dict[str, Any], raw: dict[str, Any]) -> str:
    from kizuna.services.campaign_record import _entry

    entry = _entry(raw, 0, {})
    return entry_hash(int(data["campaign"]["id"]), entry)


def test_delete_the_last_entry_and_fix_the_head_in_the_export(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    del exported["entries"][-1]
    exported["head"], exported["count"] = exported["entries"][-1]["hash"], 4
    result = _check(tmp_path, exported)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 5, "truncated")
    exported["signing"]["head_statement"] = None  # removing the signed head is named too
    result = _check(tmp_path, exported)
    assert (result.ok, result.problems[0].kind) == (False, "head")


def test_dropping_an_attachments_bytes_from_the_export(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    del exported["entries"][3]["attachments"][0]["content_base64"]
    result = _check(tmp_path, exported)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 4, "attachment-missing")
    assert result.problem == (
        "entry 4: the bytes of attachment '2020123456-A53-written-opinion.xml' (SHA-256 "
        f"{exported['entries'][3]['attachments'][0]['sha256'][:12]}…) are missing "
        "(attachment removed)"
    )


def test_a_forged_signature_in_the_export(exported: dict[str, Any], tmp_path: Path) -> None:
    signature = base64.b64decode(exported["entries"][1]["signature"])
    exported["entries"][1]["signature"] = base64.b64encode(bytes(64 - 1) + signature[-1:]).decode()
    result = _check(tmp_path, exported)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 2, "signature-invalid")


def test_an_export_re_signed_with_another_key_needs_a_key_id_or_anchor(
    database: Database,
    campaign_id: int,
    exported: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A forger re-signs the whole file with a key of their own and lists it: the file alone
    cannot tell (said plainly: the key's source is "file"); the real key id or an anchor can."""
    real_key = exported["entries"][0]["key_id"]
    line = anchor_record(database, campaign_id).line
    own = SigningKey.of(Ed25519PrivateKey.generate())
    entries = exported["entries"]
    entries[2]["summary"] = OFFER.replace("3 %", "1.5 %")
    for index in range(len(entries)):
        if index >= 2:
            entries[index]["prev_hash"] = entries[index - 1]["hash"]
            entries[index]["hash"] = _file_hash(exported, entries[index])
        entries[index]["key_id"] = own.key_id
        entries[index]["signature"] = own.sign(entry_message(entries[index]["hash"]))
    statement = head_statement(campaign_id, 5, entries[-1]["hash"])
    exported["signing"]["keys"] = [
        {
            "key_id": own.key_id,
            "public_key": base64.b64encode(own.public_key).decode(),
            "source": "x",
        }
    ]
    exported["signing"]["head_statement"] = {
        "text": statement,
        "key_id": own.key_id,
        "signature": own.sign(statement.encode()),
    }
    exported["head"], exported["anchors"] = entries[-1]["hash"], []
    monkeypatch.setenv("KIZUNA_KEY_DIR", str(tmp_path / "another-machine"))
    alone = _check(tmp_path, exported)
    assert alone.ok and alone.signing["keys"][0]["source"] == "file"
    trusted = _check(tmp_path, exported, trust=[real_key])
    assert (trusted.ok, trusted.problems[0].kind) == (False, "unknown-key")
    anchored = _check(tmp_path, exported, anchors=[parse_anchor(line)])
    assert (anchored.ok, anchored.break_at, anchored.problems[0].kind) == (False, 5, "rewritten")


def test_an_export_over_the_file_limit_is_refused_before_reading(
    exported: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kizuna.errors import SourceError

    monkeypatch.setenv("KIZUNA_MAX_FILE_BYTES", "1000")
    with pytest.raises(SourceError, match=r"tampered\.json: \d+ bytes, more than the limit"):
        _check(tmp_path, exported)


def test_an_export_from_before_signing_is_reported_unsigned(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """The export format of earlier versions: no signatures, no ``signing``, no anchors."""
    for entry in exported["entries"]:
        del entry["key_id"], entry["signature"]
    for key in ("signing", "anchors", "attachment_content"):
        del exported[key]
    result = _check(tmp_path, exported)
    assert result.ok and result.signing["status"] == "unsigned (created before signing)"
    exported["entries"][2]["summary"] = OFFER.replace("3 %", "1.5 %")  # the chain still guards
    assert _check(tmp_path, exported).problems[0].kind == "edited"
