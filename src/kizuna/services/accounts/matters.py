"""Matters: confidential workspaces that own campaigns (with their records,
attachments and documents) and claim charts. Members see their matters; admins
see all. Matter 1, "Default", holds what existed before matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kizuna.adapters.storage.accounts import MatterMemberRow, MatterRow, UserRow
from kizuna.adapters.storage.campaigns import CampaignRow
from kizuna.adapters.storage.charts import ChartRow
from kizuna.adapters.storage.db import Database
from kizuna.errors import ConflictError, InvalidValueError, NotFoundError
from kizuna.services.accounts.audit import Actor, record

__all__ = [
    "Matter",
    "add_member",
    "assign",
    "create_matter",
    "find_matter",
    "list_matters",
    "matter_of",
    "remove_member",
]

OWNED: dict[str, type[CampaignRow] | type[ChartRow]] = {"campaign": CampaignRow, "chart": ChartRow}


@dataclass(frozen=True)
class Matter:
    id: int
    name: str
    description: str
    members: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "members": list(self.members),
        }


def _find(session: Session, ref: str | int) -> MatterRow:
    text = str(ref)
    row = (
        session.get(MatterRow, int(text))
        if text.isdigit()
        else session.scalar(select(MatterRow).where(MatterRow.name == text))
    )
    if row is None:
        raise NotFoundError(f"no matter {text[:80]!r}")
    return row


def _user(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise NotFoundError(f"no user {username[:80]!r}")
    return row


def _matter(session: Session, row: MatterRow) -> Matter:
    names = session.scalars(
        select(UserRow.username)
        .join(MatterMemberRow, MatterMemberRow.user_id == UserRow.id)
        .where(MatterMemberRow.matter_id == row.id)
        .order_by(UserRow.username)
    )
    return Matter(id=row.id, name=row.name, description=row.description, members=tuple(names))


def create_matter(database: Database, name: str, *, actor: Actor, description: str = "") -> Matter:
    name = name.strip()
    if not 1 <= len(name) <= 200 or name.isdigit():
        raise InvalidValueError("matter name must be 1 to 200 characters and not only digits")
    with database.session() as session:
        if session.scalar(select(MatterRow.id).where(MatterRow.name == name)):
            raise ConflictError(f"matter {name!r} already exists")
        row = MatterRow(name=name, description=description[:5000], created_at=datetime.now(UTC))
        session.add(row)
        session.flush()
        record(session, actor, "matter.create", name)
        return _matter(session, row)


def list_matters(database: Database, visible: frozenset[int] | None = None) -> list[Matter]:
    """Every matter (or only the ``visible`` ids), with member usernames."""
    with database.session() as session:
        query = select(MatterRow).order_by(MatterRow.id)
        if visible is not None:
            query = query.where(MatterRow.id.in_(visible))
        return [_matter(session, row) for row in session.scalars(query)]


def find_matter(database: Database, ref: str | int) -> Matter:
    with database.session() as session:
        return _matter(session, _find(session, ref))


def add_member(database: Database, ref: str | int, username: str, *, actor: Actor) -> Matter:
    with database.session() as session:
        matter, user = _find(session, ref), _user(session, username)
        if session.get(MatterMemberRow, (matter.id, user.id)) is None:
            session.add(MatterMemberRow(matter_id=matter.id, user_id=user.id))
            record(session, actor, "matter.member.add", matter.name, {"user": username})
        session.flush()
        return _matter(session, matter)


def remove_member(database: Database, ref: str | int, username: str, *, actor: Actor) -> Matter:
    with database.session() as session:
        matter, user = _find(session, ref), _user(session, username)
        session.execute(
            delete(MatterMemberRow).where(
                MatterMemberRow.matter_id == matter.id, MatterMemberRow.user_id == user.id
            )
        )
        record(session, actor, "matter.member.remove", matter.name, {"user": username})
        return _matter(session, matter)


def assign(database: Database, kind: str, item_id: int, ref: str | int, *, actor: Actor) -> Matter:
    """Move a campaign or chart (``kind``) to another matter."""
    if kind not in OWNED:
        raise InvalidValueError(f"kind {kind!r} is not one of {', '.join(OWNED)}")
    with database.session() as session:
        matter = _find(session, ref)
        row = (
            session.get(CampaignRow, item_id)
            if kind == "campaign"
            else session.get(ChartRow, item_id)
        )
        if row is None:
            raise NotFoundError(f"no {kind} {item_id}")
        before, row.matter_id = row.matter_id, matter.id
        record(
            session, actor, "matter.assign", f"{kind} {item_id}", {"from": before, "to": matter.id}
        )
        return _matter(session, matter)


def matter_of(database: Database, kind: str, item_id: int) -> int | None:
    """The matter id of a campaign or chart; None when it does not exist."""
    with database.session() as session:
        table = OWNED[kind]
        value = session.scalar(select(table.matter_id).where(table.id == item_id))
        return int(value) if value is not None else None
