"""A matching programme's stored open patents and SME profiles (``match_open_patents``,
``match_smes``).

Each row keeps the record as JSON (``data``) beside the columns a coordinator filters on, so a
profile's lists (processes, materials, products, skills) round-trip exactly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.errors import StorageError

__all__ = ["MatchOpenPatentRow", "MatchSmeRow", "SqlProgrammeStore"]


class MatchOpenPatentRow(Base):
    __tablename__ = "match_open_patents"
    __table_args__ = (UniqueConstraint("programme", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme: Mapped[str] = mapped_column(String(200), index=True)
    key: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(60))
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MatchSmeRow(Base):
    __tablename__ = "match_smes"
    __table_args__ = (UniqueConstraint("programme", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(300))
    corporate_number: Mapped[str] = mapped_column(String(13), default="")
    prefecture: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _counts(session: Any, column: Any) -> dict[str, int]:
    """Rows per programme, counted by the database."""
    query = select(column, func.count()).group_by(column)
    return {str(row[0]): int(row[1]) for row in session.execute(query)}


def _dump(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


class SqlProgrammeStore:
    """Read and replace a programme's catalogue and profiles, each write in one transaction."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def catalogue(self, programme: str) -> dict[str, dict[str, Any]]:
        """Stored open patents by catalogue id."""
        query = (
            select(MatchOpenPatentRow)
            .where(MatchOpenPatentRow.programme == programme)
            .order_by(MatchOpenPatentRow.key)
        )
        try:
            with self._database.session() as session:
                return {r.key: json.loads(r.data) for r in session.scalars(query)}
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read the open-patent catalogue: {exc}") from exc

    def smes(self, programme: str) -> dict[str, dict[str, Any]]:
        """Stored SME profiles by name."""
        query = (
            select(MatchSmeRow).where(MatchSmeRow.programme == programme).order_by(MatchSmeRow.name)
        )
        try:
            with self._database.session() as session:
                return {r.name: json.loads(r.data) for r in session.scalars(query)}
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read the SME profiles: {exc}") from exc

    def programmes(self) -> list[tuple[str, int, int]]:
        """``(programme, open patents, SMEs)`` for every programme with stored data."""
        try:
            with self._database.session() as session:
                patents = _counts(session, MatchOpenPatentRow.programme)
                smes = _counts(session, MatchSmeRow.programme)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read the matching programmes: {exc}") from exc
        return [(p, patents.get(p, 0), smes.get(p, 0)) for p in sorted(patents.keys() | smes)]

    def replace(
        self,
        programme: str,
        *,
        catalogue: Sequence[Mapping[str, Any]] = (),
        smes: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """Upsert the given records (by catalogue id / SME name), all or nothing."""
        now = datetime.now(UTC)
        try:
            with self._database.session() as session:
                keys = [str(r["id"]) for r in catalogue]
                names = [str(r["name"]) for r in smes]
                if keys:
                    session.execute(
                        delete(MatchOpenPatentRow).where(
                            MatchOpenPatentRow.programme == programme,
                            MatchOpenPatentRow.key.in_(keys),
                        )
                    )
                if names:
                    session.execute(
                        delete(MatchSmeRow).where(
                            MatchSmeRow.programme == programme, MatchSmeRow.name.in_(names)
                        )
                    )
                session.flush()
                for record in catalogue:
                    session.add(
                        MatchOpenPatentRow(
                            programme=programme,
                            key=str(record["id"]),
                            number=str(record["number"]),
                            data=_dump(record),
                            updated_at=now,
                        )
                    )
                for record in smes:
                    session.add(
                        MatchSmeRow(
                            programme=programme,
                            name=str(record["name"]),
                            corporate_number=str(record.get("corporate_number", "")),
                            prefecture=str(record.get("prefecture", "")),
                            city=str(record.get("city", "")),
                            data=_dump(record),
                            updated_at=now,
                        )
                    )
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot store the programme {programme!r}: {exc}") from exc
