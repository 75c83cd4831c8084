"""The negotiation record as a file: export it as JSON, and verify an exported file offline.

The exported JSON (schema ``kizuna.campaign-record/1``, docs/campaigns.md) holds
the campaign, every entry with its hashes and Ed25519 signature, the attachments'
bytes (base64; ``attachment_content`` says so), the public keys and key ids
that signed, the signed head statement, the stored anchors, the head hash and
the verification at export time. :func:`verify_record_file` needs nothing but
the file (and, to trust a key, its key id or an anchor line kept elsewhere): it
recomputes every hash and signature, the attachments' SHA-256 from their bytes,
and checks the signed head and the anchors. :func:`current_head` is the head
that letters and briefs print.

    >>> write_record_json(db, 1, Path("record.json"))  # doctest: +SKIP
    >>> verify_record_file(Path("record.json")).verification.ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.domain.campaign import Attachment, RecordEntry
from kizuna.domain.record_chain import GENESIS, ChainProblem, ChainVerification, utc_text
from kizuna.domain.records.anchors import Anchor
from kizuna.domain.records.signatures import HeadStatement, TrustedKey, parse_head_statement
from kizuna.domain.records.trust import RecordInput
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
    "ATTACHMENT_CONTENT",
    "CANONICAL",
    "SCHEMA",
    "RecordFileCheck",
    "RecordHead",
    "current_head",
    "export_record",
    "short_head",
    "verify_record_file",
    "write_record_json",
]

SCHEMA = "kizuna.campaign-record/1"
#: Exports carry every attachment's bytes; an attachment without them was removed.
ATTACHMENT_CONTENT = "bytes"
SIGNED_MESSAGE = (
    "Ed25519 over 'kizuna.record-entry/1 ' + hash (ASCII); the head statement "
    "'kizuna.record-head/1 campaign=ID entries=N head=HASH' is signed as its UTF-8 text; "
    "key_id = first 32 hex digits of SHA-256 of the raw 32-byte public key"
)
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


def short_head(head: str) -> str:
    """The short form of a head printed on documents: its first 16 hex digits."""
    return head[:16]


def _signing(database: Database, campaign_id: int, verification: ChainVerification) -> Any:
    from kizuna.adapters.storage.campaigns import SqlCampaignStore
    from kizuna.services.records.keys import installation_keys

    used: Any = verification.signing.get("keys") or []
    keys = {str(k["key_id"]): dict(k) for k in used}
    current = installation_keys().current()
    keys.setdefault(
        current.key_id,
        {
            "key_id": current.key_id,
            "public_key": base64.b64encode(current.public_key).decode("ascii"),
            "source": "installation",
        },
    )
    signed = SqlCampaignStore(database).signed_head(campaign_id)
    statement = None
    if signed is not None:
        statement = {"text": signed[0], "key_id": signed[1], "signature": signed[2]}
    return {
        "algorithm": "Ed25519",
        "message": SIGNED_MESSAGE,
        "status": verification.signing.get("status"),
        "keys": [
            {"key_id": k["key_id"], "public_key": k["public_key"], "source": k["source"]}
            for k in keys.values()
        ],
        "head_statement": statement,
    }


def _anchors(database: Database, campaign_id: int) -> list[dict[str, Any]]:
    from kizuna.adapters.storage.record_anchors import SqlAnchorStore

    return [
        {
            "line": line,
            "token_base64": base64.b64encode(token).decode("ascii") if token else None,
            "token_time": token_time,
        }
        for line, token, token_time in SqlAnchorStore(database).of(campaign_id)
    ]


def export_record(database: Database, campaign_id: int) -> dict[str, Any]:
    """The full record of a campaign as a JSON-ready dict (attachments, keys, anchors)."""
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
        "attachment_content": ATTACHMENT_CONTENT,
        "signing": _signing(database, campaign_id, verification),
        "anchors": _anchors(database, campaign_id),
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
    listed = raw.get("attachments")
    if listed is not None and not isinstance(listed, list):
        raise ValueError(f"{where}: attachments is not a list")
    attachments = []
    for index, item in enumerate(listed or ()):
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
        key_id=_optional(raw, "key_id", str, where),
        signature=_optional(raw, "signature", str, where),
    )


def _load(path: Path, max_bytes: int) -> Mapping[str, Any]:
    try:
        size = path.stat().st_size
        if size > max_bytes:  # checked before reading: KIZUNA_MAX_FILE_BYTES
            raise SourceError(path, f"{size} bytes, more than the limit of {max_bytes}")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedDocumentError(path, f"not a JSON record file: {exc}") from None
    if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
        raise MalformedDocumentError(path, f"not a Kizuna campaign record (schema {SCHEMA})")
    return data


def _file_keys(data: Mapping[str, Any]) -> dict[str, TrustedKey]:
    """The file's public keys whose key id matches the key."""
    from kizuna.adapters.signing.keys import key_fingerprint

    signing = data.get("signing")
    items = signing.get("keys") if isinstance(signing, Mapping) else None
    keys: dict[str, TrustedKey] = {}
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, Mapping):
            continue
        try:
            public = base64.b64decode(str(item.get("public_key", "")), validate=True)
        except (binascii.Error, ValueError):
            continue
        key_id = key_fingerprint(public)
        if key_id == item.get("key_id"):
            keys[key_id] = TrustedKey(key_id=key_id, public_key=public, source="file")
    return keys


def _file_statement(data: Mapping[str, Any]) -> HeadStatement | None:
    signing = data.get("signing")
    raw = signing.get("head_statement") if isinstance(signing, Mapping) else None
    if not isinstance(raw, Mapping):
        return None
    text, key_id, signature = (str(raw.get(k, "")) for k in ("text", "key_id", "signature"))
    return parse_head_statement(text, key_id, signature) or HeadStatement(
        campaign_id=-1, count=-1, head="", key_id=key_id, signature=signature, text=text
    )


def _file_anchors(data: Mapping[str, Any]) -> tuple[list[tuple[Anchor, str]], list[ChainProblem]]:
    from kizuna.services.records.verify import readable_anchors

    items = data.get("anchors")
    kept: list[tuple[str, bytes | None]] = []
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, Mapping):
            kept.append(("", None))
            continue
        try:
            token = base64.b64decode(str(item.get("token_base64") or ""), validate=True)
        except (binascii.Error, ValueError):
            token = b"not base64"
        kept.append((str(item.get("line", "")), token or None))
    return readable_anchors(kept, "file", "the file")


def verify_record_file(
    path: Path,
    *,
    head: str | None = None,
    anchors: Sequence[Anchor] = (),
    trust: Sequence[str] = (),
) -> RecordFileCheck:
    """Check an exported record file offline: hashes, links, attachment bytes, signatures,
    the signed head and anchors.

    ``head`` is a head hash kept apart from the file (printed on the PDF record,
    shared with the counterparty); ``anchors`` are anchor lines kept elsewhere;
    ``trust`` lists the only key ids to accept (and the keys their rotations
    introduce); by default every key the file lists whose key id matches it,
    plus this installation's keys.
    """
    from kizuna.services.records.verify import check_with_keys
    from kizuna.settings import get_settings

    data = _load(path, get_settings().max_file_bytes)
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
    kept, unreadable = _file_anchors(data)
    record = RecordInput(
        campaign_id=campaign_id,
        entries=entries,
        content_hashes=hashes,
        expected_head=head,
        statement=_file_statement(data),
        anchors=[*((a, "given") for a in anchors), *kept],
        where="the file",
        problems=unreadable,
    )
    verification = check_with_keys(
        record, keys=None, extra=_file_keys(data), local=False, only=trust
    )
    return RecordFileCheck(
        file=path.name,
        campaign_id=campaign_id,
        licensee=str(campaign.get("licensee", "")),
        verification=verification,
    )
