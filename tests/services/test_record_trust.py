"""Key rotation across campaigns, a retired key used after rotation, the current head for
documents, and stored anchors that were tampered with."""

from __future__ import annotations

import sqlalchemy as sa

from kizuna.adapters.signing.keys import SigningKey
from kizuna.adapters.storage.campaigns import SqlCampaignStore
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import RecordEntry
from kizuna.services.campaign_record import current_head, short_head
from kizuna.services.campaigns import get_campaign, log_entry, new_campaign, verify_campaign
from kizuna.services.records.anchors import anchor_record
from kizuna.services.records.keys import installation_keys, rotate_key
from tests.services.campaign_support import ingest_samples, sample_campaign


def test_rotation_is_recorded_in_every_record_and_verifies(database: Database) -> None:
    first = sample_campaign(database)
    second = new_campaign(database, licensee="Second KK", patents=["US 8,930,553 B2"])
    assert first.id is not None and second.id is not None
    old_key = installation_keys().current()
    report = rotate_key(database, actor="admin")
    assert report.old_key_id == old_key.key_id and report.campaigns == (first.id, second.id)
    log_entry(database, first.id, kind="note", summary="after the rotation")
    for campaign_id in (first.id, second.id):
        result = verify_campaign(database, campaign_id)
        assert result.ok, result.problems
        sources = {k["key_id"]: k["source"] for k in result.signing["keys"]}  # type: ignore[union-attr]
        assert sources[old_key.key_id] == "installation"
    entries = get_campaign(database, first.id).entries
    rotation = entries[-2]
    assert rotation.kind == "key-rotation" and rotation.key_id == old_key.key_id
    assert entries[-1].key_id == report.new_key_id


def test_an_entry_signed_with_the_retired_key_is_named(database: Database) -> None:
    """Someone who kept a copy of the old key signs a new entry with it after the rotation."""
    campaign = sample_campaign(database)
    assert campaign.id is not None
    old_key = installation_keys().current()
    rotate_key(database, actor="admin")

    def old_signer(message: bytes) -> tuple[str, str]:
        return old_key.key_id, SigningKey.of(old_key.private).sign(message)

    entry = RecordEntry(
        seq=0,
        kind="note",
        summary="written with the old key",
        occurred_on=campaign.opened_on,
        recorded_at=campaign.entries[-1].recorded_at,
        actor="insider",
    )
    SqlCampaignStore(database, signer=old_signer).append(campaign.id, entry)
    result = verify_campaign(database, campaign.id)
    assert (result.ok, result.problems[0].kind) == (False, "retired-key")
    assert "retired by the rotation at entry 6" in (result.problem or "")


def test_current_head_is_the_records_head(database: Database) -> None:
    ingest_samples(database)
    campaign = new_campaign(database, licensee="Head KK", patents=["US 8,930,553 B2"])
    assert campaign.id is not None
    entry = log_entry(database, campaign.id, kind="note", summary="x")
    assert current_head(database, campaign.id).hash == entry.hash
    assert short_head(entry.hash) == current_head(database, campaign.id).short == entry.hash[:16]


def test_a_tampered_stored_anchor_is_named(database: Database) -> None:
    campaign = sample_campaign(database)
    assert campaign.id is not None
    anchor_record(database, campaign.id)
    with database.engine.begin() as connection:
        connection.execute(sa.text("UPDATE campaign_anchors SET line = 'edited'"))
    result = verify_campaign(database, campaign.id)
    assert (result.ok, result.problems[0].kind) == (False, "anchor")
    assert "stored anchor 1 of campaign" in (result.problem or "")
