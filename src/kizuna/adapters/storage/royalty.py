"""Royalty comparables the user imported (the shipped set stays in ``kizuna/data``).

One row per figure, with its provenance (``import:<file name>``), the line it
came from and when. Values are stored as text so that Decimals survive exactly
on SQLite and PostgreSQL alike. Re-importing a file of the same name replaces
that file's rows, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.domain.royalty import Comparable, RateBase, Status, parse_kind
from kizuna.errors import StorageError

__all__ = ["ComparableRow", "SqlComparableStore"]


class ComparableRow(Base):
    """A user-imported comparable (table ``royalty_comparables``)."""

    __tablename__ = "royalty_comparables"
    __table_args__ = (UniqueConstraint("provenance", "comparable_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comparable_id: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(20))
    base: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    territory: Mapped[str] = mapped_column(String(50))
    fields: Mapped[str] = mapped_column(Text, default="")
    sectors: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)
    source_date: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str] = mapped_column(String(300), index=True)
    line: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _to_row(item: Comparable, line: int, when: datetime) -> ComparableRow:
    return ComparableRow(
        comparable_id=item.id,
        value=str(item.value),
        unit=item.unit,
        base=item.base.value,
        kind=item.kind.value,
        territory=item.territory,
        fields=";".join(item.fields),
        sectors=";".join(item.sectors),
        year=item.year,
        description=item.description,
        source=item.source,
        source_date=item.source_date,
        status=item.status.value,
        note=item.note,
        provenance=item.provenance,
        line=line,
        imported_at=when,
    )


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(";") if part)


def _from_row(row: ComparableRow) -> Comparable:
    return Comparable(
        id=row.comparable_id,
        value=Decimal(row.value),
        unit=row.unit,
        base=RateBase(row.base),
        kind=parse_kind(row.kind),  # rows stored before 0011 may hold former names
        territory=row.territory,
        fields=_split(row.fields),
        sectors=_split(row.sectors),
        year=row.year,
        description=row.description,
        source=row.source,
        source_date=row.source_date,
        status=Status(row.status),
        note=row.note,
        provenance=row.provenance,
    )


class SqlComparableStore:
    """The :class:`~kizuna.services.royalty.ComparableStore` on a Kizuna database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def replace_import(self, provenance: str, rows: Sequence[tuple[int, Comparable]]) -> int:
        """Store ``(line, comparable)`` rows for ``provenance`` in one transaction.

        Rows stored earlier under the same provenance are deleted first; their
        count is returned.
        """
        when = datetime.now(UTC)
        try:
            with self._database.session() as session:
                earlier = ComparableRow.provenance == provenance
                replaced = session.scalar(select(func.count()).where(earlier)) or 0
                session.execute(delete(ComparableRow).where(earlier))
                session.add_all(_to_row(item, line, when) for line, item in rows)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot store comparables from {provenance}: {exc}") from exc
        return int(replaced)

    def imported(self) -> list[Comparable]:
        """Every user-imported comparable, in import order."""
        try:
            with self._database.session() as session:
                rows = session.scalars(
                    select(ComparableRow).order_by(ComparableRow.provenance, ComparableRow.line)
                ).all()
                return [_from_row(row) for row in rows]
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read imported comparables: {exc}") from exc
