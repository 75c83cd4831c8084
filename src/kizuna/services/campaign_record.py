"""The negotiation record as a file: export it as JSON, and verify an exported file offline.

The exported JSON (schema ``kizuna.campaign-record/1``, docs/campaigns.md) holds
the campaign, every entry with its hashes and the attachments' bytes (base64),
the head hash and the verification at export time. :func:`verify_record_file`
needs nothing but the file: it recomputes every hash from the entries, the
attachments' SHA-256 from their bytes, and compares the head.

    >>> write_record_json(db, 1, Path("record.json"))  # doctest: +SKIP
    >>> verify_record_file(Path("record.json")).verification.ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.domain.campaign import Attachment, RecordEntry
from kizuna.domain.record_chain import GENESIS, ChainVerification, utc_text, verify_chain
from kizuna.errors import MalformedDocumentError, SourceError
from kizuna.services.campaign_views import entry_json, labels
from kizuna.services.campaigns import (
    NOTICE,
    attachment_contents,
    get_campaign,
    verify_campaign,
)

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = [
    "CANONICAL",
    "SCHEMA",
    "RecordFileCheck",
    "RecordHead",
    "current_head",
    "export_record",
    "verify_record_file",
    "write_record_json",
]

SCHEMA = "kizuna.campaign-record/1"
CANONICAL = (
    "hash = SHA-256 (hex) of JSON with sorted keys, UTF-8, no whitespace, of the entry's "
    "actor, attachments [{media_type, name, sha256, size}], campaign (id), corrects, kind, "
    "occurred_on, prev_hash, recorded_at, seq, stage_from, stage_to, summary; prev_hash of "
    "the first entry is 64 zeros"
)


@dataclass(frozen=True, kw_only=True)
class RecordHead:
    """The negotiation record's current head: its hash and how many entries it seals."""

    campaign_id: int
    hash: str
    entries: int

    @property
    def short(self) -> str:
        """The first 16 hex digits, as letters and briefs print it."""
        return self.hash[:16]


def current_head(database: Database, campaign_id: int) -> RecordHead:
    """The record's head as stored on the campaign (the one place documents read it from).

    Letters and briefs print its short form so the counterparty's copy
    witnesses the record as it stood when the document was made.

        >>> current_head(db, 1).short  # doctest: +SKIP
        '3f9a0c…'
    """
    from kizuna.adapters.storage.campaigns import SqlCampaignStore  # composition point

    head, count = SqlCampaignStore(database).head(campaign_id)
    return RecordHead(campaign_id=campaign_id, hash=head or GENESIS, entries=count)


def export_record(database: Database, campaign_id: int) -> dict[str, Any]:
    """The full record of a campaign as a JSON-ready dict (attachments included)."""
    campaign = get_campaign(database, campaign_id)
    contents = attachment_contents(database, campaign_id)
    verification = verify_campaign(database, campaign_id)
    return {
        "schema": SCHEMA,
        "campaign": {
            "id": campaign.id,
            "licensee": campaign.licensee,
            "company_id": campaign.company_id,
            "patents": list(campaign.patents),
            "track": campaign.track,
            "stage": campaign.stage,
            "escalation": campaign.escalation,
            **labels(campaign),
            "closed": campaign.closed,
            "opened_on": campaign.opened_on.isoformat(),
        },
        "exported_at": utc_text(datetime.now(UTC).replace(microsecond=0)),
        "canonicalisation": CANONICAL,
        "genesis": GENESIS,
        "entries": [entry_json(e, contents) for e in campaign.entries],
        "count": len(campaign.entries),
        "head": campaign.entries[-1].hash if campaign.entries else GENESIS,
        "verification": verification.to_json(),
        "notice": NOTICE,
    }


def write_record_json(database: Database, campaign_id: int, path: Path) -> Path:
    """Write :func:`export_record` to ``path`` atomically (UTF-8, indented)."""
    from kizuna.adapters.exports.pdf import write_atomic

    record = export_record(database, campaign_id)
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    return write_atomic(path, text.encode("utf-8"))


@dataclass(frozen=True, kw_only=True)
class RecordFileCheck:
    """The result of checking an exported record file."""

    file: str
    campaign_id: int
    licensee: str
    verification: ChainVerification

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "campaign_id": self.campaign_id,
            "licensee": self.licensee,
            **self.verification.to_json(),
        }


def _field(entry: Mapping[str, Any], name: str, kind: type, where: str) -> Any:
    value = entry.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        wanted = {int: "an integer", str: "text"}.get(kind, kind.__name__)
        raise ValueError(f"{where}: {name!r} is missing or not {wanted}")
    return value


def _optional(entry: Mapping[str, Any], name: str, kind: type, where: str) -> Any:
    return None if entry.get(name) is None else _field(entry, name, kind, where)


def _attachment(item: Any, where: str) -> tuple[Attachment, str | None]:
    if not isinstance(item, Mapping):
        raise ValueError(f"{where}: an attachment is not an object")
    attachment = Attachment(
        name=_field(item, "name", str, where),
        sha256=_field(item, "sha256", str, where),
        size=_field(item, "size", int, where),
        media_type=_optional(item, "media_type", str, where),
    )
    content = item.get("content_base64")
    if content is None:
        return attachment, None
    try:
        data = base64.b64decode(str(content), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{where}: attachment {attachment.name!r} is not valid base64") from None
    return attachment, hashlib.sha256(data).hexdigest()


def _entry(raw: Any, position: int, hashes: dict[tuple[int, int], str]) -> RecordEntry:
    where = f"entries[{position}]"
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: not an object")
    seq = _field(raw, "seq", int, where)
    attachments = []
    for index, item in enumerate(raw.get("attachments") or ()):
        attachment, actual = _attachment(item, where)
        attachments.append(attachment)
        if actual is not None:
            hashes[(seq, index)] = actual
    return RecordEntry(
        seq=seq,
        kind=_field(raw, "kind", str, where),
        summary=_field(raw, "summary", str, where),
        occurred_on=date.fromisoformat(_field(raw, "occurred_on", str, where)),
        recorded_at=datetime.fromisoformat(_field(raw, "recorded_at", str, where)),
        actor=_field(raw, "actor", str, where),
        attachments=tuple(attachments),
        stage_from=_optional(raw, "stage_from", str, where),
        stage_to=_optional(raw, "stage_to", str, where),
        corrects=_optional(raw, "corrects", int, where),
        prev_hash=_field(raw, "prev_hash", str, where),
        hash=_field(raw, "hash", str, where),
    )


def _load(path: Path) -> Mapping[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedDocumentError(path, f"not a JSON record file: {exc}") from None
    if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
        raise MalformedDocumentError(path, f"not a Kizuna campaign record (schema {SCHEMA})")
    return data


def verify_record_file(path: Path, *, head: str | None = None) -> RecordFileCheck:
    """Check an exported record file offline: every hash, link, attachment and the head.

    ``head`` is a head hash kept apart from the file (printed on the PDF record,
    shared with the counterparty); without it the file's own ``head`` is used,
    which catches a removed last entry unless the head was edited too.
    """
    data = _load(path)
    hashes: dict[tuple[int, int], str] = {}
    try:
        campaign = data.get("campaign")
        if not isinstance(campaign, Mapping):
            raise ValueError("'campaign' is missing")
        campaign_id = _field(campaign, "id", int, "campaign")
        raw_entries = data.get("entries")
        if not isinstance(raw_entries, list):
            raise ValueError("'entries' is missing or not a list")
        entries = [_entry(raw, i, hashes) for i, raw in enumerate(raw_entries)]
        head = head or _optional(data, "head", str, "record")
    except ValueError as exc:  # also bad ISO dates
        raise MalformedDocumentError(path, str(exc)) from None
    verification = verify_chain(campaign_id, entries, content_hashes=hashes, expected_head=head)
    return RecordFileCheck(
        file=path.name,
        campaign_id=campaign_id,
        licensee=str(campaign.get("licensee", "")),
        verification=verification,
    )
