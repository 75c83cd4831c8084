"""Campaign tables and their store: campaigns, contacts, the append-only record.

``campaign_entries`` and ``campaign_attachments`` are append-only: this module
only inserts into them, and migration 0006 adds database triggers (SQLite and
PostgreSQL) that refuse ``UPDATE`` and ``DELETE`` (and ``TRUNCATE`` on
PostgreSQL). Attachment bytes are stored with their SHA-256. The campaign row
keeps the chain's head hash and entry count, and (since migration 0012) the
signed head statement; each entry keeps its Ed25519 key id and signature. The
store signs with the ``signer`` it is given (the installation's key).

    >>> store = SqlCampaignStore(database)  # doctest: +SKIP
    >>> store.get(1).stage  # doctest: +SKIP
    'nda'
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from kizuna.adapters.storage import accounts as _accounts  # noqa: F401  (matters: matter_id's FK)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Attachment, Campaign, Contact, RecordEntry
from kizuna.domain.record_chain import GENESIS, seal
from kizuna.domain.records.signatures import entry_message, head_statement
from kizuna.errors import ConflictError, KizunaError, NotFoundError, StorageError

__all__ = [
    "AttachmentRow",
    "CampaignRow",
    "ContactRow",
    "EntryRow",
    "SqlCampaignStore",
]


class CampaignRow(Base):
    """A campaign (table ``campaigns``); ``patents`` are compact numbers joined by ``;``."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licensee: Mapped[str] = mapped_column(String(300))
    company_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    patents: Mapped[str] = mapped_column(Text)
    track: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(40))
    escalation: Mapped[str | None] = mapped_column(String(40), nullable=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    head_hash: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(Integer)
    head_statement: Mapped[str | None] = mapped_column(Text, nullable=True)
    head_key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    head_signature: Mapped[str | None] = mapped_column(String(100), nullable=True)
    matter_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("matters.id"), server_default="1", index=True
    )


class ContactRow(Base):
    """A contact of a campaign (table ``campaign_contacts``)."""

    __tablename__ = "campaign_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    organisation: Mapped[str | None] = mapped_column(String(300), nullable=True)
    email: Mapped[str | None] = mapped_column(String(300), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    romanised: Mapped[str | None] = mapped_column(String(200), nullable=True)
    honorific: Mapped[str | None] = mapped_column(String(20), nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EntryRow(Base):
    """One record entry (table ``campaign_entries``, append-only)."""

    __tablename__ = "campaign_entries"
    __table_args__ = (UniqueConstraint("campaign_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    stage_from: Mapped[str | None] = mapped_column(String(40), nullable=True)
    stage_to: Mapped[str | None] = mapped_column(String(40), nullable=True)
    corrects: Mapped[int | None] = mapped_column(Integer, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(100), nullable=True)


class AttachmentRow(Base):
    """An attachment's bytes and SHA-256 (table ``campaign_attachments``, append-only)."""

    __tablename__ = "campaign_attachments"
    __table_args__ = (UniqueConstraint("entry_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("campaign_entries.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


def _utc(moment: datetime) -> datetime:
    """SQLite returns naive times: they were stored as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _entry(row: EntryRow, attachments: Sequence[AttachmentRow]) -> RecordEntry:
    return RecordEntry(
        seq=row.seq,
        kind=row.kind,
        summary=row.summary,
        occurred_on=row.occurred_on,
        recorded_at=_utc(row.recorded_at),
        actor=row.actor,
        attachments=tuple(
            Attachment(name=a.name, sha256=a.sha256, size=a.size, media_type=a.media_type)
            for a in sorted(attachments, key=lambda a: a.position)
        ),
        stage_from=row.stage_from,
        stage_to=row.stage_to,
        corrects=row.corrects,
        prev_hash=row.prev_hash,
        hash=row.hash,
        key_id=row.key_id,
        signature=row.signature,
    )


#: ``signer(message) -> (key id, base64 signature)``.
Signer = Callable[[bytes], tuple[str, str]]


def _contact(row: ContactRow) -> Contact:
    return Contact(
        name=row.name,
        role=row.role,
        organisation=row.organisation,
        email=row.email,
        note=row.note,
        title=row.title,
        romanised=row.romanised,
        honorific=row.honorific,
    )


class SqlCampaignStore:
    """Campaigns on a Kizuna database (the only writer of the campaign tables)."""

    def __init__(self, database: Database, signer: Signer | None = None) -> None:
        self._database = database
        self._signer = signer

    @contextmanager
    def _session(self, action: str, *, write: bool = False) -> Iterator[Session]:
        try:
            with self._database.session(write=write) as session:
                yield session
        except KizunaError:
            raise
        except IntegrityError as exc:
            message = f"cannot {action}: the record changed meanwhile ({exc.orig})"
            raise ConflictError(message) from None
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot {action}: {exc}") from exc

    def _row(self, session: Session, campaign_id: int, *, lock: bool = False) -> CampaignRow:
        query = select(CampaignRow).where(CampaignRow.id == campaign_id)
        row = session.scalars(query.with_for_update() if lock else query).first()
        if row is None:
            ids = session.scalars(select(CampaignRow.id).order_by(CampaignRow.id)).all()
            raise NotFoundError(f"no campaign {campaign_id}", candidates=[str(i) for i in ids[-5:]])
        return row

    def create(self, campaign: Campaign) -> int:
        """Store a new campaign (no entries yet); its id."""
        now = datetime.now(UTC)
        with self._session("create the campaign") as session:
            row = CampaignRow(
                licensee=campaign.licensee,
                company_id=campaign.company_id,
                patents=";".join(campaign.patents),
                track=campaign.track,
                stage=campaign.stage,
                escalation=None,
                closed=False,
                opened_on=campaign.opened_on,
                created_at=now,
                head_hash=GENESIS,
                entry_count=0,
            )
            session.add(row)
            session.flush()
            return row.id

    def add_contact(self, campaign_id: int, contact: Contact) -> None:
        """Add ``contact`` to the campaign."""
        with self._session("add the contact") as session:
            self._row(session, campaign_id)
            session.add(
                ContactRow(
                    campaign_id=campaign_id,
                    name=contact.name,
                    role=contact.role,
                    organisation=contact.organisation,
                    email=contact.email,
                    note=contact.note,
                    title=contact.title,
                    romanised=contact.romanised,
                    honorific=contact.honorific,
                    added_at=datetime.now(UTC),
                )
            )

    def append(
        self,
        campaign_id: int,
        entry: RecordEntry,
        contents: Sequence[bytes] = (),
        *,
        expect_stage: str | None = None,
        stage: str | None = None,
        escalation: str | None = None,
        closed: bool | None = None,
    ) -> RecordEntry:
        """Seal ``entry`` as the next in the chain and store it, in one transaction.

        ``entry.seq``/``prev_hash``/``hash`` are set here; ``contents`` are the
        attachments' bytes in order. ``stage``/``escalation``/``closed`` update
        the campaign; ``expect_stage`` refuses the write if another writer moved
        the campaign since the caller read it.
        """
        with self._session("append to the record", write=True) as session:
            row = self._row(session, campaign_id, lock=True)
            if expect_stage is not None and row.stage != expect_stage:
                raise ConflictError(
                    f"campaign {campaign_id} moved to stage {row.stage} meanwhile; try again"
                )
            sealed = self._append_in(session, row, entry, contents, self._signer)
            if stage is not None:
                row.stage = stage
            if escalation is not None:
                row.escalation = escalation
            if closed is not None:
                row.closed = closed
            return sealed

    def append_each(self, entry: Callable[[int], RecordEntry], signer: Signer) -> list[int]:
        """Append ``entry(campaign id)`` to every campaign, signed by ``signer``, in one
        transaction (a key rotation); the campaign ids."""
        with self._session("append to every record") as session:
            rows = session.scalars(
                select(CampaignRow).order_by(CampaignRow.id).with_for_update()
            ).all()
            for row in rows:
                self._append_in(session, row, entry(row.id), (), signer)
            return [row.id for row in rows]

    def _append_in(
        self,
        session: Session,
        row: CampaignRow,
        entry: RecordEntry,
        contents: Sequence[bytes],
        signer: Signer | None,
    ) -> RecordEntry:
        sealed = seal(row.id, _with_seq(entry, row.entry_count + 1), row.head_hash)
        if signer is not None:
            key_id, signature = signer(entry_message(sealed.hash))
            sealed = replace(sealed, key_id=key_id, signature=signature)
            statement = head_statement(row.id, sealed.seq, sealed.hash)
            row.head_key_id, row.head_signature = signer(statement.encode("utf-8"))
            row.head_statement = statement
        entry_row = _entry_row(row.id, sealed)
        session.add(entry_row)
        session.flush()
        for position, (item, data) in enumerate(zip(sealed.attachments, contents, strict=True)):
            session.add(_attachment_row(entry_row.id, position, item, data))
        row.head_hash, row.entry_count = sealed.hash, sealed.seq
        return sealed

    def get(self, campaign_id: int) -> Campaign:
        """The campaign with its contacts and entries (attachments without bytes)."""
        with self._session("read the campaign") as session:
            return self._load(session, self._row(session, campaign_id))

    def all(self) -> list[Campaign]:
        """Every campaign, by id."""
        with self._session("list campaigns") as session:
            rows = session.scalars(select(CampaignRow).order_by(CampaignRow.id)).all()
            return [self._load(session, row) for row in rows]

    def head(self, campaign_id: int) -> tuple[str, int]:
        """The head hash and entry count kept on the campaign row."""
        with self._session("read the campaign") as session:
            row = self._row(session, campaign_id)
            return row.head_hash, row.entry_count

    def signed_head(self, campaign_id: int) -> tuple[str, str, str] | None:
        """The signed head statement ``(text, key id, signature)``, None before signing."""
        with self._session("read the campaign") as session:
            row = self._row(session, campaign_id)
            if row.head_statement is None:
                return None
            return row.head_statement, row.head_key_id or "", row.head_signature or ""

    def attachment_contents(self, campaign_id: int) -> dict[tuple[int, int], bytes]:
        """Stored attachment bytes by ``(entry seq, position)``."""
        with self._session("read the attachments") as session:
            self._row(session, campaign_id)
            query = (
                select(EntryRow.seq, AttachmentRow.position, AttachmentRow.content)
                .join(AttachmentRow, AttachmentRow.entry_id == EntryRow.id)
                .where(EntryRow.campaign_id == campaign_id)
            )
            return {(seq, pos): bytes(data) for seq, pos, data in session.execute(query)}

    def attachment_hashes(self, campaign_id: int) -> dict[tuple[int, int], str]:
        """SHA-256 of the stored attachment bytes, recomputed, by ``(seq, position)``."""
        return {
            key: hashlib.sha256(data).hexdigest()
            for key, data in self.attachment_contents(campaign_id).items()
        }

    def _load(self, session: Session, row: CampaignRow) -> Campaign:
        contacts = session.scalars(
            select(ContactRow).where(ContactRow.campaign_id == row.id).order_by(ContactRow.id)
        ).all()
        entries = session.scalars(
            select(EntryRow).where(EntryRow.campaign_id == row.id).order_by(EntryRow.seq)
        ).all()
        attachments: dict[int, list[AttachmentRow]] = {}
        if entries:
            query = select(AttachmentRow).where(AttachmentRow.entry_id.in_([e.id for e in entries]))
            for item in session.scalars(query):
                attachments.setdefault(item.entry_id, []).append(item)
        return Campaign(
            id=row.id,
            licensee=row.licensee,
            company_id=row.company_id,
            patents=tuple(p for p in row.patents.split(";") if p),
            track=row.track,
            stage=row.stage,
            opened_on=row.opened_on,
            contacts=tuple(_contact(c) for c in contacts),
            entries=tuple(_entry(e, attachments.get(e.id, ())) for e in entries),
            escalation=row.escalation,
            closed=row.closed,
        )


def _with_seq(entry: RecordEntry, seq: int) -> RecordEntry:
    return replace(entry, seq=seq, recorded_at=_utc(entry.recorded_at))


def _entry_row(campaign_id: int, entry: RecordEntry) -> EntryRow:
    return EntryRow(
        campaign_id=campaign_id,
        seq=entry.seq,
        kind=entry.kind,
        summary=entry.summary,
        occurred_on=entry.occurred_on,
        recorded_at=entry.recorded_at,
        actor=entry.actor,
        stage_from=entry.stage_from,
        stage_to=entry.stage_to,
        corrects=entry.corrects,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
        key_id=entry.key_id,
        signature=entry.signature,
    )


def _attachment_row(entry_id: int, position: int, item: Attachment, data: bytes) -> AttachmentRow:
    return AttachmentRow(
        entry_id=entry_id,
        position=position,
        name=item.name,
        sha256=item.sha256,
        size=item.size,
        media_type=item.media_type,
        content=data,
    )
