"""Encumbrances (table ``encumbrances``) and the whole-portfolio read the landscape needs.

An encumbrance is an existing licence, a covenant not to sue or a pledge not
to assert that blocks a (patent, company) pair from being a target. The patent
is kept as its compact canonical number (so the record survives a re-ingest),
the company by id (deleted with the company) with its name as recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.patents import SqlPatentRepository
from kizuna.domain.patent import Patent
from kizuna.errors import ConflictError, StorageError

__all__ = ["Encumbrance", "EncumbranceRow", "SqlEncumbranceStore", "load_portfolio"]


class EncumbranceRow(Base):
    """A licence, covenant or pledge that blocks one (patent, company) pair."""

    __tablename__ = "encumbrances"
    __table_args__ = (UniqueConstraint("patent", "company_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patent: Mapped[str] = mapped_column(String(40), index=True)
    company_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    company_name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True, kw_only=True)
class Encumbrance:
    """A stored encumbrance."""

    id: int
    patent: str
    company_id: int
    company_name: str
    kind: str
    note: str
    created_at: datetime

    @property
    def label(self) -> str:
        """``licence #3`` / ``pledge #4: note``: how a blocked pair names its block."""
        text = f"{self.kind} #{self.id}"
        return f"{text}: {self.note}" if self.note else text

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict (docs/cli/targets.md)."""
        return {
            "id": self.id,
            "patent": self.patent,
            "company_id": self.company_id,
            "company": self.company_name,
            "kind": self.kind,
            "note": self.note,
            "created_at": self.created_at,
        }


def _from_row(row: EncumbranceRow) -> Encumbrance:
    return Encumbrance(
        id=row.id,
        patent=row.patent,
        company_id=row.company_id,
        company_name=row.company_name,
        kind=row.kind,
        note=row.note,
        created_at=row.created_at,
    )


class SqlEncumbranceStore:
    """Add and list encumbrances on a Kizuna database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def add(self, *, patent: str, company_id: int, company_name: str, kind: str,
            note: str = "") -> Encumbrance:
        """Store one encumbrance; the same (patent, company, kind) twice is a conflict."""
        row = EncumbranceRow(patent=patent, company_id=company_id, company_name=company_name,
                             kind=kind, note=note, created_at=datetime.now(UTC))
        try:
            with self._database.session() as session:
                session.add(row)
                session.flush()
                return _from_row(row)
        except IntegrityError:
            raise ConflictError(
                f"{patent} / {company_name}: a {kind} is already recorded for this pair"
            ) from None
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot store the encumbrance: {exc}") from exc

    def all(self) -> list[Encumbrance]:
        """Every encumbrance, oldest first."""
        try:
            with self._database.session() as session:
                rows = session.scalars(select(EncumbranceRow).order_by(EncumbranceRow.id)).all()
                return [_from_row(r) for r in rows]
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read encumbrances: {exc}") from exc


def load_portfolio(database: Database) -> list[Patent]:
    """Every stored patent (full records), in id order."""
    try:
        with database.session() as session:
            ids = list(session.scalars(sa.select(t.patents.c.id).order_by(t.patents.c.id)))
            return SqlPatentRepository(session).load(ids)
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read the portfolio: {exc}") from exc
