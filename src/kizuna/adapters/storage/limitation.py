"""Limitation events recorded on a campaign (table ``campaign_limitation_events``).

Demands (催告), written agreements to negotiate (協議を行う旨の合意) and refusals
to continue, which suspend completion of prescription (Civil Code Arts. 150,
151; :mod:`kizuna.domain.law.suspension`). A separate table: the campaign's
hash-chained record is not touched.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.campaigns import CampaignRow
from kizuna.adapters.storage.db import Database
from kizuna.domain.law.suspension import MAX_EVENTS, EventKind, LimitationEvent
from kizuna.errors import InvalidValueError, NotFoundError, StorageError

__all__ = ["LimitationEventRow", "SqlLimitationStore"]


class LimitationEventRow(Base):
    """One event of a campaign; ``months`` is an agreement's negotiation period."""

    __tablename__ = "campaign_limitation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    months: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SqlLimitationStore:
    """Adds and lists a campaign's limitation events."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def add(self, campaign_id: int, event: LimitationEvent) -> int:
        """Store ``event`` on the campaign; refused past :data:`MAX_EVENTS`."""
        try:
            with self._database.session() as session:
                if session.get(CampaignRow, campaign_id) is None:
                    raise NotFoundError(f"no campaign {campaign_id}")
                count = session.scalar(
                    select(func.count())
                    .select_from(LimitationEventRow)
                    .where(LimitationEventRow.campaign_id == campaign_id)
                )
                if (count or 0) >= MAX_EVENTS:
                    raise InvalidValueError(
                        f"campaign {campaign_id}: already {MAX_EVENTS} limitation events, "
                        "the most one campaign keeps"
                    )
                row = LimitationEventRow(
                    campaign_id=campaign_id,
                    kind=event.kind.value,
                    day=event.day,
                    months=event.months,
                    note=event.note,
                    recorded_at=datetime.now(UTC),
                )
                session.add(row)
                session.flush()
                return row.id
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot record the limitation event: {exc}") from exc

    def list(self, campaign_id: int) -> tuple[LimitationEvent, ...]:
        """The campaign's events by day (an unknown campaign is an error)."""
        try:
            with self._database.session() as session:
                if session.get(CampaignRow, campaign_id) is None:
                    raise NotFoundError(f"no campaign {campaign_id}")
                rows = session.scalars(
                    select(LimitationEventRow)
                    .where(LimitationEventRow.campaign_id == campaign_id)
                    .order_by(LimitationEventRow.day, LimitationEventRow.id)
                ).all()
                return tuple(
                    LimitationEvent(kind=EventKind(r.kind), day=r.day, months=r.months, note=r.note)
                    for r in rows
                )
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read the limitation events: {exc}") from exc
