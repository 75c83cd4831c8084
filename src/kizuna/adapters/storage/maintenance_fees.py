"""The ``maintenance_fee_events`` table: USPTO maintenance-fee events by patent number.

Events are keyed by the US patent number (digits), not by a stored patent:
the USPTO file is cumulative and may be loaded before or after the patents it
covers. A line already stored (same patent, date and code) is not stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.patent_reads import fee_events_for
from kizuna.domain.status.maintenance import FeeEvent

__all__ = ["FeeEventRow", "SqlFeeEventRepository"]


class FeeEventRow(Base):
    """One maintenance-fee event (table ``maintenance_fee_events``)."""

    __tablename__ = "maintenance_fee_events"
    __table_args__ = (UniqueConstraint("patent", "event_date", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patent: Mapped[str] = mapped_column(String(20), index=True)
    application: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(5))
    filing_date: Mapped[date] = mapped_column(Date)
    grant_date: Mapped[date] = mapped_column(Date)
    event_date: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SqlFeeEventRepository:
    """Fee events in one session (the caller's transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, events: Sequence[tuple[FeeEvent, str]]) -> int:
        """Store the events not yet stored (``(event, source)`` pairs); the number added."""
        patents = {e.patent for e, _ in events}
        stored = {
            (r.patent, r.event_date, r.code)
            for r in self.session.scalars(
                select(FeeEventRow).where(FeeEventRow.patent.in_(patents)))
        } if patents else set()
        now, added = datetime.now(UTC), 0
        for event, source in events:
            key = (event.patent, event.event_date, event.code)
            if key in stored:
                continue
            stored.add(key)
            self.session.add(FeeEventRow(
                patent=event.patent, application=event.application, entity=event.entity,
                filing_date=event.filing, grant_date=event.grant, event_date=event.event_date,
                code=event.code, source=source, created_at=now))
            added += 1
        self.session.flush()
        return added

    def for_patents(self, patents: Iterable[str]) -> dict[str, tuple[FeeEvent, ...]]:
        """The stored events of each of ``patents`` (digits), by event date."""
        return fee_events_for(self.session, patents)
