"""External anchors of campaign records (table ``campaign_anchors``, append-only by use).

An anchor row keeps what ``kizuna campaign anchor`` printed (the line) and, when
the user supplied one, the RFC 3161 timestamp token's bytes with what was read
from it. The line itself is meant to be kept outside the database; stored
anchors are a convenience that an insider could delete, so ``verify`` reports
them as ``stored`` and anchors given back by the user as ``given``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.errors import StorageError

__all__ = ["AnchorRow", "SqlAnchorStore", "StoredAnchor"]


class AnchorRow(Base):
    """One anchor of a campaign's record."""

    __tablename__ = "campaign_anchors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    line: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    token: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    token_time: Mapped[str | None] = mapped_column(String(40), nullable=True)


StoredAnchor = tuple[str, bytes | None, str | None]


class SqlAnchorStore:
    """Anchors on a Kizuna database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def add(self, campaign_id: int, line: str, token: bytes | None, token_time: str | None) -> None:
        """Store an anchor line (and its timestamp token)."""
        try:
            with self._database.session() as session:
                session.add(
                    AnchorRow(
                        campaign_id=campaign_id,
                        line=line,
                        created_at=datetime.now(UTC),
                        token=token,
                        token_time=token_time,
                    )
                )
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot store the anchor: {exc}") from exc

    def of(self, campaign_id: int) -> list[StoredAnchor]:
        """The campaign's stored anchors ``(line, token, token time)``, oldest first."""
        try:
            with self._database.session() as session:
                rows = session.scalars(
                    select(AnchorRow)
                    .where(AnchorRow.campaign_id == campaign_id)
                    .order_by(AnchorRow.id)
                ).all()
                return [(row.line, row.token, row.token_time) for row in rows]
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot read the anchors: {exc}") from exc
