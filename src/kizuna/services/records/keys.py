"""The installation's record-signing key: where it lives, what it is, rotating it.

The key is generated on first use in the key folder (setting ``key_dir``,
``KIZUNA_KEY_DIR``), never in the database. Rotation writes one ``key-rotation``
entry, signed by the old key and introducing the new one, to every campaign's
record in one transaction, then replaces the key file.

    >>> report = rotate_key(db, actor="tanaka")  # doctest: +SKIP
    >>> report.new_key_id  # doctest: +SKIP
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kizuna.domain.campaign import RecordEntry
from kizuna.domain.records.signatures import ROTATION_KIND, rotation_summary
from kizuna.settings import Settings, get_settings

if TYPE_CHECKING:
    from kizuna.adapters.signing.keys import KeyRing, SigningKey
    from kizuna.adapters.storage.db import Database

__all__ = ["RotationReport", "installation_keys", "key_summary", "rotate_key"]


def installation_keys(settings: Settings | None = None) -> KeyRing:
    """The key folder of this installation (``key_dir`` or the per-user default)."""
    from kizuna.adapters.signing.keys import KeyRing, default_key_dir  # composition point

    folder = (settings or get_settings()).key_dir or default_key_dir()
    return KeyRing(folder.expanduser())


def key_summary(keys: KeyRing | None = None) -> dict[str, Any]:
    """The key folder, the current key id and every public key (created on first call)."""
    ring = keys or installation_keys()
    ring.current()
    return ring.describe()


@dataclass(frozen=True, kw_only=True)
class RotationReport:
    """A rotation: the old and new key ids and the campaigns whose record got the entry."""

    old_key_id: str
    new_key_id: str
    new_public_key: str
    campaigns: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "old_key_id": self.old_key_id,
            "new_key_id": self.new_key_id,
            "new_public_key": self.new_public_key,
            "campaigns": list(self.campaigns),
        }


def rotate_key(database: Database, *, actor: str, keys: KeyRing | None = None) -> RotationReport:
    """Replace the signing key; every campaign's record gets a rotation entry signed by the old."""
    from kizuna.adapters.storage.campaigns import SqlCampaignStore

    ring = keys or installation_keys()
    done: list[int] = []

    def record(old: SigningKey, new: SigningKey) -> None:
        now = datetime.now(UTC).replace(microsecond=0)
        summary = rotation_summary(old.key_id, new.key_id, new.public_key)

        def entry(_campaign_id: int) -> RecordEntry:
            return RecordEntry(
                seq=0,
                kind=ROTATION_KIND,
                summary=summary,
                occurred_on=now.date(),
                recorded_at=now,
                actor=actor,
            )

        def sign(message: bytes) -> tuple[str, str]:
            return old.key_id, old.sign(message)

        done.extend(SqlCampaignStore(database).append_each(entry, sign))

    old_id = ring.current().key_id
    new = ring.rotate(record)
    return RotationReport(
        old_key_id=old_id,
        new_key_id=new.key_id,
        new_public_key=base64.b64encode(new.public_key).decode("ascii"),
        campaigns=tuple(done),
    )
