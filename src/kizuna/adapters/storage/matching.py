"""Matching cases and their append-only events (tables ``match_cases``, ``match_events``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.domain.matching.workflow import CaseEvent, MatchCase
from kizuna.errors import NotFoundError, StorageError

__all__ = ["MatchCaseRow", "MatchEventRow", "SqlMatchStore"]


class MatchCaseRow(Base):
    __tablename__ = "match_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme: Mapped[str] = mapped_column(String(200), index=True)
    patent: Mapped[str] = mapped_column(String(60))
    sme: Mapped[str] = mapped_column(Text)
    coordinator: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MatchEventRow(Base):
    __tablename__ = "match_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("match_cases.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SqlMatchStore:
    """Open cases, append events, read cases back."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def open(
        self, *, programme: str, patent: str, sme: str, coordinator: str, event: CaseEvent
    ) -> MatchCase:
        now = datetime.now(UTC)
        try:
            with self._database.session() as session:
                row = MatchCaseRow(
                    programme=programme,
                    patent=patent,
                    sme=sme,
                    coordinator=coordinator,
                    created_at=now,
                )
                session.add(row)
                session.flush()
                session.add(
                    MatchEventRow(
                        case_id=row.id,
                        stage=event.stage,
                        on=event.on,
                        note=event.note,
                        next_step=event.next_step,
                        recorded_at=now,
                    )
                )
                case_id = row.id
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot store the matching case: {exc}") from exc
        return self.get(case_id)

    def append(self, case_id: int, event: CaseEvent) -> MatchCase:
        try:
            with self._database.session() as session:
                session.add(
                    MatchEventRow(
                        case_id=case_id,
                        stage=event.stage,
                        on=event.on,
                        note=event.note,
                        next_step=event.next_step,
                        recorded_at=datetime.now(UTC),
                    )
                )
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot store the event: {exc}") from exc
        return self.get(case_id)

    def _cases(self, rows: list[MatchCaseRow], session: object) -> list[MatchCase]:
        result = []
        for row in rows:
            events = session.scalars(  # type: ignore[attr-defined]
                select(MatchEventRow)
                .where(MatchEventRow.case_id == row.id)
                .order_by(MatchEventRow.id)
            ).all()
            result.append(
                MatchCase(
                    id=row.id,
                    programme=row.programme,
                    patent=row.patent,
                    sme=row.sme,
                    coordinator=row.coordinator,
                    events=tuple(
                        CaseEvent(stage=e.stage, on=e.on, note=e.note, next_step=e.next_step)
                        for e in events
                    ),
                )
            )
        return result

    def get(self, case_id: int) -> MatchCase:
        try:
            with self._database.session() as session:
                row = session.get(MatchCaseRow, case_id)
                if row is None:
                    raise NotFoundError(f"no matching case has id {case_id}")
                return self._cases([row], session)[0]
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read matching case {case_id}: {exc}") from exc

    def list(self, programme: str = "") -> list[MatchCase]:
        try:
            with self._database.session() as session:
                query = select(MatchCaseRow).order_by(MatchCaseRow.id)
                if programme:
                    query = query.where(MatchCaseRow.programme == programme)
                return self._cases(list(session.scalars(query).all()), session)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read matching cases: {exc}") from exc
