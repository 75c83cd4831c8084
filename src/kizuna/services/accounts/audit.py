"""The audit log: who changed what, when, from where (append-only).

``record`` adds one event in the caller's session (so the event commits with the
change it describes) or in its own transaction. ``events`` reads them back,
newest first; ``export_csv`` writes them for an auditor (UTF-8 with BOM, so
Excel opens Japanese text correctly).

    >>> who = Actor("tanaka", "web", "10.0.0.5")
    >>> record(db, who, "campaign.log", "campaign 3")  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import getpass
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kizuna.adapters.storage.accounts import AuditRow
from kizuna.adapters.storage.db import Database

__all__ = ["Actor", "AuditEvent", "cli_actor", "events", "export_csv", "record"]

MAX_EVENTS = 10_000


@dataclass(frozen=True)
class Actor:
    """Who acts: a username (or OS user), how (``web``, ``api``, ``token``, ``cli``), from where."""

    name: str
    via: str
    ip: str | None = None


@dataclass(frozen=True)
class AuditEvent:
    """One stored event."""

    id: int
    at: datetime
    actor: str
    via: str
    action: str
    target: str
    detail: dict[str, Any]
    ip: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "via": self.via,
            "action": self.action,
            "target": self.target,
            "detail": self.detail,
            "ip": self.ip,
        }


def cli_actor(as_user: str | None = None) -> Actor:
    """The actor of a local CLI run: ``--as`` when given, else the OS user."""
    if as_user:
        return Actor(as_user[:200], "cli")
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Actor(name, "cli")


def _row(actor: Actor, action: str, target: str, detail: dict[str, Any] | None) -> AuditRow:
    return AuditRow(
        at=datetime.now(UTC),
        actor=actor.name[:200],
        via=actor.via[:20],
        action=action[:80],
        target=target[:300],
        detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
        ip=(actor.ip or None) and actor.ip[:64],
    )


def record(
    database: Database | Session,
    actor: Actor,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event; inside ``database``'s own transaction when given a Database."""
    if isinstance(database, Session):
        database.add(_row(actor, action, target, detail))
        return
    with database.session() as session:
        session.add(_row(actor, action, target, detail))


def _event(row: AuditRow) -> AuditEvent:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return AuditEvent(
        id=row.id,
        at=at,
        actor=row.actor,
        via=row.via,
        action=row.action,
        target=row.target,
        detail=json.loads(row.detail or "{}"),
        ip=row.ip,
    )


def events(
    database: Database,
    *,
    limit: int = 200,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
) -> list[AuditEvent]:
    """Stored events, newest first, at most ``limit`` (capped at 10,000)."""
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(max(1, min(limit, MAX_EVENTS)))
    if actor:
        query = query.where(AuditRow.actor == actor)
    if action:
        query = query.where(AuditRow.action.startswith(action))
    if since is not None:
        query = query.where(AuditRow.at >= since)
    with database.session() as session:
        return [_event(row) for row in session.scalars(query)]


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def export_csv(rows: list[AuditEvent]) -> str:
    """The events as CSV text (header first) for an auditor's spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "at", "actor", "via", "action", "target", "ip", "detail"])
    for e in rows:
        detail = json.dumps(e.detail, ensure_ascii=False)
        cells = [e.actor, e.via, e.action, e.target, e.ip or "", detail]
        writer.writerow([e.id, e.at.isoformat(), *(_cell(c) for c in cells)])
    return "\ufeff" + out.getvalue()
