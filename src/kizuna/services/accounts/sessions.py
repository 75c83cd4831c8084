"""Logging in and out, and finding who a request comes from.

Web sessions live in the database (table ``web_sessions``), so they survive a
restart and work across several uvicorn workers; the cookie holds 32 random
bytes and the database their SHA-256. Failed logins are counted from the audit
log per username and per IP address: after ``MAX_FAILURES`` in
``THROTTLE_WINDOW`` further attempts are refused (HTTP 429) until the window
passes — the count is shared by every worker because it is in the database.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from kizuna.adapters.storage.accounts import (
    ApiTokenRow,
    AuditRow,
    MatterMemberRow,
    UserRow,
    WebSessionRow,
)
from kizuna.adapters.storage.db import Database
from kizuna.errors import ThrottledError
from kizuna.services.accounts.audit import Actor, record
from kizuna.services.accounts.users import check_password, token_hash

__all__ = [
    "MAX_FAILURES",
    "SESSION_LIFETIME",
    "THROTTLE_WINDOW",
    "Principal",
    "login",
    "logout",
    "principal_for_session",
    "principal_for_token",
]

SESSION_LIFETIME = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5


@dataclass(frozen=True)
class Principal:
    """An authenticated user of one request.

    ``matters`` is None for admins (every matter), else the ids they are members
    of; ``scope`` is the API token's scope (None for a browser session, whose
    ``csrf`` token every state-changing request must echo).
    """

    user_id: int
    username: str
    role: str
    via: str
    matters: frozenset[int] | None
    scope: str | None = None
    csrf: str | None = None

    def can_see(self, matter_id: int) -> bool:
        return self.matters is None or matter_id in self.matters


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _principal(session: Session, user: UserRow, via: str, **extra: str | None) -> Principal:
    matters: frozenset[int] | None = None
    if user.role != "admin":
        ids = session.scalars(
            select(MatterMemberRow.matter_id).where(MatterMemberRow.user_id == user.id)
        )
        matters = frozenset(ids)
    return Principal(
        user_id=user.id, username=user.username, role=user.role, via=via, matters=matters, **extra
    )


def _throttle(database: Database, username: str, ip: str | None) -> None:
    since = datetime.now(UTC) - THROTTLE_WINDOW
    keys = [AuditRow.target == username[:300]]
    if ip:
        keys.append(AuditRow.ip == ip)
    query = (
        select(func.count())
        .select_from(AuditRow)
        .where(AuditRow.action == "login.failed", AuditRow.at >= since, or_(*keys))
    )
    with database.session() as session:
        failures = int(session.scalar(query) or 0)
    if failures >= MAX_FAILURES:
        minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
        raise ThrottledError(
            f"too many failed logins for {username[:64]!r} or this address; "
            f"try again in {minutes} minutes"
        )


def login(database: Database, username: str, password: str, ip: str | None) -> tuple[str, str]:
    """Check the password and open a session: answers (cookie value, CSRF token).

    Raises ThrottledError after too many failures; answers ("", "") on a wrong
    password (the failure is recorded).
    """
    _throttle(database, username, ip)
    user = check_password(database, username, password)
    if user is None:
        record(database, Actor(username[:64] or "?", "web", ip), "login.failed", username[:64])
        return "", ""
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with database.session() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < now))
        session.add(
            WebSessionRow(
                id_hash=token_hash(secret),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
                ip=ip,
            )
        )
        record(session, Actor(user.username, "web", ip), "login", user.username)
    return secret, csrf


def logout(database: Database, secret: str, actor: Actor) -> None:
    """End the session whose cookie is ``secret`` (nothing if unknown)."""
    with database.session() as session:
        row = session.get(WebSessionRow, token_hash(secret))
        if row is not None:
            session.delete(row)
            record(session, actor, "logout", actor.name)


def principal_for_session(database: Database, secret: str) -> Principal | None:
    """The user of a live session cookie, or None (expired sessions are removed)."""
    if not secret or len(secret) > 200:
        return None
    with database.session() as session:
        row = session.get(WebSessionRow, token_hash(secret))
        if row is None:
            return None
        user = session.get(UserRow, row.user_id)
        if _as_utc(row.expires_at) < datetime.now(UTC) or user is None or not user.active:
            session.delete(row)
            return None
        return _principal(session, user, "web", csrf=row.csrf_token)


def principal_for_token(database: Database, secret: str) -> Principal | None:
    """The user of a live API token (``Authorization: Bearer kz_…``), or None."""
    if not secret.startswith("kz_") or len(secret) > 200:
        return None
    with database.session() as session:
        query = select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash(secret))
        row = session.scalar(query)
        if row is None or row.revoked_at is not None:
            return None
        user = session.get(UserRow, row.user_id)
        if user is None or not user.active:
            return None
        now = datetime.now(UTC)
        if row.last_used_at is None or now - _as_utc(row.last_used_at) > timedelta(minutes=1):
            row.last_used_at = now
        return _principal(session, user, "token", scope=row.scope)
