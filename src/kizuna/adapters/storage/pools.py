"""Stored pools (``pools``), their append-only ledger (``pool_ledger``) and patent
commitments (``patent_commitments``: non-assertion pledges and FRAND declarations).

A pool's state *is* its ledger: every change (creation from a definition file, a
founder or member added, a patent contributed, a report imported, an invoice, a
collection, a distribution) is one entry, sealed into the same SHA-256 chain and
signed with the same installation key as the negotiation record
(:mod:`kizuna.domain.record_chain`, :mod:`kizuna.domain.records.signatures`).
Migration 0017 adds triggers (SQLite and PostgreSQL) that refuse ``UPDATE`` and
``DELETE`` on ``pool_ledger``. The pool row keeps the head hash, the entry count
and the signed head statement, as the campaign row does.

    >>> store = SqlPoolStore(database, signer=ring.sign)  # doctest: +SKIP
    >>> store.create("Demo Pool", entry).seq  # doctest: +SKIP
    1
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import RecordEntry
from kizuna.domain.pools.ledger import pool_head_statement
from kizuna.domain.pools.pledges import Commitment
from kizuna.domain.record_chain import GENESIS, seal
from kizuna.domain.records.signatures import entry_message
from kizuna.errors import (
    ConflictError,
    InvalidValueError,
    KizunaError,
    NotFoundError,
    StorageError,
)

__all__ = [
    "CommitmentRow",
    "PoolEntryRow",
    "PoolRow",
    "SqlCommitmentStore",
    "SqlPoolStore",
    "StoredPool",
]

#: ``signer(message) -> (key id, base64 signature)`` (the installation's key ring).
Signer = Callable[[bytes], tuple[str, str]]


class PoolRow(Base):
    """A stored pool (table ``pools``): its name and the ledger's signed head."""

    __tablename__ = "pools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    head_hash: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(Integer)
    head_statement: Mapped[str | None] = mapped_column(Text, nullable=True)
    head_key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    head_signature: Mapped[str | None] = mapped_column(String(100), nullable=True)


class PoolEntryRow(Base):
    """One ledger entry (table ``pool_ledger``, append-only); ``summary`` is its JSON payload."""

    __tablename__ = "pool_ledger"
    __table_args__ = (UniqueConstraint("pool_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("pools.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(100), nullable=True)


class CommitmentRow(Base):
    """A pledge or FRAND commitment on one patent (table ``patent_commitments``)."""

    __tablename__ = "patent_commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patent: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(300))
    scope: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(Text, default="")
    beneficiaries: Mapped[str] = mapped_column(Text, default="")
    starts: Mapped[date | None] = mapped_column(Date, nullable=True)
    ends: Mapped[date | None] = mapped_column(Date, nullable=True)
    sdo: Mapped[str] = mapped_column(String(200), default="")
    standard: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(Text)
    source_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _utc(moment: datetime) -> datetime:
    """SQLite returns naive times: they were stored as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _entry(row: PoolEntryRow) -> RecordEntry:
    return RecordEntry(
        seq=row.seq,
        kind=row.kind,
        summary=row.summary,
        occurred_on=row.occurred_on,
        recorded_at=_utc(row.recorded_at),
        actor=row.actor,
        prev_hash=row.prev_hash,
        hash=row.hash,
        key_id=row.key_id,
        signature=row.signature,
    )


@dataclass(frozen=True, kw_only=True)
class StoredPool:
    """A pool row with its ledger entries in chain order."""

    id: int
    name: str
    created_at: datetime
    head_hash: str
    entry_count: int
    entries: tuple[RecordEntry, ...]
    signed_head: tuple[str, str, str] | None  # (statement, key id, signature)


@contextmanager
def _session(database: Database, action: str) -> Iterator[Session]:
    try:
        with database.session() as session:
            yield session
    except KizunaError:
        raise
    except IntegrityError as exc:
        raise ConflictError(f"cannot {action}: {exc.orig}") from None
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot {action}: {exc}") from None


class SqlPoolStore:
    """Pools and their ledger on a Kizuna database (the only writer of these tables)."""

    def __init__(self, database: Database, signer: Signer | None = None) -> None:
        self._database = database
        self._signer = signer

    def create(
        self, name: str, entry: RecordEntry, audit: Callable[[Session, int], None]
    ) -> StoredPool:
        """A new pool whose ledger starts with ``entry``; ``audit`` runs in the same transaction."""
        if name.strip().isdigit():  # ids and names share `pool show POOL`: keep them apart
            raise InvalidValueError(f"pool name {name!r}: use a name that is not just digits")
        with _session(self._database, f"create pool {name!r}") as session:
            if session.scalar(select(PoolRow.id).where(PoolRow.name == name)) is not None:
                raise ConflictError(f"pool {name!r} already exists (choose another [pool] name)")
            row = PoolRow(name=name, created_at=datetime.now(UTC), head_hash=GENESIS, entry_count=0)
            session.add(row)
            session.flush()
            self._append_in(session, row, entry)
            audit(session, row.id)
            pool_id = row.id
        return self.get(pool_id)

    def append(
        self,
        pool_id: int,
        entry: RecordEntry,
        audit: Callable[[Session], None],
        *,
        expect_count: int | None = None,
    ) -> RecordEntry:
        """Seal ``entry`` as the pool's next ledger entry, in one transaction with its audit.

        ``expect_count`` refuses the write when another writer appended since the caller read.
        """
        with _session(self._database, "append to the pool ledger") as session:
            row = session.scalars(
                select(PoolRow).where(PoolRow.id == pool_id).with_for_update()
            ).first()
            if row is None:
                raise NotFoundError(f"pool {pool_id} not found")
            if expect_count is not None and row.entry_count != expect_count:
                raise ConflictError(f"pool {row.name!r} changed meanwhile; try again")
            sealed = self._append_in(session, row, entry)
            audit(session)
            return sealed

    def _append_in(self, session: Session, row: PoolRow, entry: RecordEntry) -> RecordEntry:
        sealed = seal(row.id, replace(entry, seq=row.entry_count + 1), row.head_hash)
        if self._signer is not None:
            key_id, signature = self._signer(entry_message(sealed.hash))
            sealed = replace(sealed, key_id=key_id, signature=signature)
            statement = pool_head_statement(row.id, sealed.seq, sealed.hash)
            row.head_key_id, row.head_signature = self._signer(statement.encode("utf-8"))
            row.head_statement = statement
        session.add(
            PoolEntryRow(
                pool_id=row.id, seq=sealed.seq, kind=sealed.kind, summary=sealed.summary,
                occurred_on=sealed.occurred_on, recorded_at=sealed.recorded_at,
                actor=sealed.actor, prev_hash=sealed.prev_hash, hash=sealed.hash,
                key_id=sealed.key_id, signature=sealed.signature,
            )
        )  # fmt: skip
        row.head_hash, row.entry_count = sealed.hash, sealed.seq
        return sealed

    def find(self, key: str) -> int:
        """The id of the pool named ``key`` (or numbered ``key``)."""
        with _session(self._database, "read pools") as session:
            query = select(PoolRow.id).where(PoolRow.name == key.strip())
            found = session.scalar(query)
            if found is None and key.strip().isdigit():
                found = session.scalar(select(PoolRow.id).where(PoolRow.id == int(key)))
        if found is None:
            raise NotFoundError(f"pool {key!r} not found (see `kizuna pool list`)")
        return int(found)

    def get(self, pool_id: int) -> StoredPool:
        """The pool and its ledger in chain (stored) order."""
        with _session(self._database, "read the pool ledger") as session:
            row = session.get(PoolRow, pool_id)
            if row is None:
                raise NotFoundError(f"pool {pool_id} not found")
            entries = session.scalars(
                select(PoolEntryRow)
                .where(PoolEntryRow.pool_id == pool_id)
                .order_by(PoolEntryRow.seq, PoolEntryRow.id)
            ).all()
            signed = None
            if row.head_statement and row.head_key_id and row.head_signature:
                signed = (row.head_statement, row.head_key_id, row.head_signature)
            return StoredPool(
                id=row.id, name=row.name, created_at=_utc(row.created_at),
                head_hash=row.head_hash, entry_count=row.entry_count,
                entries=tuple(_entry(e) for e in entries), signed_head=signed,
            )  # fmt: skip

    def all(self) -> list[tuple[int, str, int, datetime]]:
        """``(id, name, entries, created_at)`` of every pool, by id."""
        with _session(self._database, "read pools") as session:
            rows = session.scalars(select(PoolRow).order_by(PoolRow.id)).all()
            return [(r.id, r.name, r.entry_count, _utc(r.created_at)) for r in rows]


def _commitment(row: CommitmentRow) -> Commitment:
    return Commitment(
        id=row.id, patent=row.patent, kind=row.kind, name=row.name, scope=row.scope,
        field=row.field, beneficiaries=row.beneficiaries, starts=row.starts, ends=row.ends,
        sdo=row.sdo, standard=row.standard, source=row.source, source_date=row.source_date,
    )  # fmt: skip


class SqlCommitmentStore:
    """Pledges and FRAND commitments per patent."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def add(self, item: Commitment, audit: Callable[[Session], None]) -> Commitment:
        """Store ``item`` (its id is assigned) with its audit event, in one transaction."""
        with _session(self._database, f"record the commitment on {item.patent}") as session:
            row = CommitmentRow(
                patent=item.patent, kind=item.kind, name=item.name, scope=item.scope,
                field=item.field, beneficiaries=item.beneficiaries, starts=item.starts,
                ends=item.ends, sdo=item.sdo, standard=item.standard, source=item.source,
                source_date=item.source_date, created_at=datetime.now(UTC),
            )  # fmt: skip
            session.add(row)
            session.flush()
            audit(session)
            return _commitment(row)

    def of(self, patent: str | None = None) -> list[Commitment]:
        """Every commitment (on ``patent`` when given), oldest first."""
        query = select(CommitmentRow).order_by(CommitmentRow.id)
        if patent is not None:
            query = query.where(CommitmentRow.patent == patent)
        with _session(self._database, "read commitments") as session:
            return [_commitment(r) for r in session.scalars(query)]

    def remove(self, commitment_id: int, audit: Callable[[Session, Commitment], None]) -> None:
        """Delete commitment ``commitment_id`` (its audit event keeps what it said)."""
        with _session(self._database, f"remove commitment {commitment_id}") as session:
            row = session.get(CommitmentRow, commitment_id)
            if row is None:
                raise NotFoundError(f"commitment {commitment_id} not found (see `pledges list`)")
            audit(session, _commitment(row))
            session.delete(row)
