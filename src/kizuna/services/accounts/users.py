"""Users and their API tokens.

Passwords are hashed with Argon2id (argon2-cffi defaults, RFC 9106 low-memory
profile); there is no default password: ``add_user`` without one generates a
random one-time password that the caller shows once. API tokens are 32 random
bytes (``kz_`` + URL-safe base64) shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kizuna.adapters.storage.accounts import ApiTokenRow, UserRow, WebSessionRow
from kizuna.adapters.storage.db import Database
from kizuna.domain.access.roles import checked_role, checked_scope
from kizuna.errors import ConflictError, InvalidValueError, NotFoundError
from kizuna.services.accounts.audit import Actor, record

__all__ = [
    "NewToken",
    "User",
    "add_user",
    "check_password",
    "count_users",
    "create_token",
    "disable_user",
    "get_user",
    "list_tokens",
    "list_users",
    "reset_password",
    "revoke_token",
    "set_role",
    "token_hash",
]

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
HASHER = PasswordHasher()
_DUMMY_HASH = HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class User:
    """A user as the rest of Kizuna sees one (no hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "active": self.active,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is shown once and never stored."""

    id: int
    username: str
    name: str
    scope: str
    secret: str


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        active=row.active,
        created_at=row.created_at,
    )


def token_hash(secret: str) -> str:
    """SHA-256 hex of a session id or API token (what the database keeps)."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def checked_username(username: str) -> str:
    if not USERNAME.fullmatch(username):
        raise InvalidValueError(
            f"username {username[:80]!r} must be 1-64 letters, digits or . _ @ - "
            "(starting with a letter or digit)"
        )
    return username


def checked_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidValueError(
            f"password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters long"
        )
    return password


def _find(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise NotFoundError(f"no user {username[:80]!r}")
    return row


def add_user(
    database: Database,
    username: str,
    *,
    role: str,
    actor: Actor,
    password: str | None = None,
    display_name: str | None = None,
) -> tuple[User, str | None]:
    """Create a user; answers the user and the generated one-time password (None if given)."""
    checked_username(username)
    checked_role(role)
    generated = None if password is not None else secrets.token_urlsafe(15)
    secret = checked_password(password if password is not None else str(generated))
    now = datetime.now(UTC)
    row = UserRow(
        username=username,
        display_name=(display_name or username)[:200],
        role=role,
        password_hash=HASHER.hash(secret),
        active=True,
        created_at=now,
        password_changed_at=now,
    )
    try:
        with database.session() as session:
            if session.scalar(select(UserRow.id).where(UserRow.username == username)):
                raise ConflictError(f"user {username!r} already exists")
            session.add(row)
            session.flush()
            record(session, actor, "user.add", username, {"role": role})
            return _user(row), generated
    except IntegrityError as exc:
        raise ConflictError(f"user {username!r} already exists") from exc


def count_users(database: Database, *, active_only: bool = True) -> int:
    query = select(func.count()).select_from(UserRow)
    if active_only:
        query = query.where(UserRow.active.is_(True))
    with database.session() as session:
        return int(session.scalar(query) or 0)


def list_users(database: Database) -> list[User]:
    with database.session() as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def get_user(database: Database, username: str) -> User:
    with database.session() as session:
        return _user(_find(session, username))


def check_password(database: Database, username: str, password: str) -> User | None:
    """The active user whose password this is, else None (same work either way)."""
    with database.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username[:64]))
        stored = row.password_hash if row is not None else _DUMMY_HASH
        try:
            HASHER.verify(stored, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row.active:
            return None
        if HASHER.check_needs_rehash(stored):
            row.password_hash = HASHER.hash(password)
        return _user(row)


def disable_user(database: Database, username: str, *, actor: Actor) -> User:
    """Disable a user: no login, sessions ended, tokens revoked."""
    with database.session() as session:
        row = _find(session, username)
        row.active = False
        _end_access(session, row.id)
        record(session, actor, "user.disable", username)
        return _user(row)


def _end_access(session: Session, user_id: int) -> None:
    now = datetime.now(UTC)
    for token in session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id)):
        token.revoked_at = token.revoked_at or now
    for web in session.scalars(select(WebSessionRow).where(WebSessionRow.user_id == user_id)):
        session.delete(web)


def reset_password(
    database: Database, username: str, *, actor: Actor, password: str | None = None
) -> str | None:
    """Set a new password (generated when None, and returned); ends the user's sessions."""
    generated = None if password is not None else secrets.token_urlsafe(15)
    secret = checked_password(password if password is not None else str(generated))
    with database.session() as session:
        row = _find(session, username)
        row.password_hash = HASHER.hash(secret)
        row.password_changed_at = datetime.now(UTC)
        row.active = True
        for web in session.scalars(select(WebSessionRow).where(WebSessionRow.user_id == row.id)):
            session.delete(web)
        record(session, actor, "user.reset-password", username)
    return generated


def set_role(database: Database, username: str, role: str, *, actor: Actor) -> User:
    checked_role(role)
    with database.session() as session:
        row = _find(session, username)
        before, row.role = row.role, role
        record(session, actor, "user.role", username, {"from": before, "to": role})
        return _user(row)


def create_token(
    database: Database, username: str, *, name: str, scope: str, actor: Actor
) -> NewToken:
    """A new API token for ``username``; its secret is in the answer only."""
    checked_scope(scope)
    if not 1 <= len(name) <= 100:
        raise InvalidValueError("token name must be 1 to 100 characters")
    secret = "kz_" + secrets.token_urlsafe(32)
    with database.session() as session:
        user = _find(session, username)
        row = ApiTokenRow(
            user_id=user.id,
            name=name,
            token_hash=token_hash(secret),
            scope=scope,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        record(session, actor, "token.create", username, {"token": row.id, "scope": scope})
        return NewToken(id=row.id, username=username, name=name, scope=scope, secret=secret)


def list_tokens(database: Database, username: str) -> list[dict[str, Any]]:
    with database.session() as session:
        user = _find(session, username)
        rows = session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.user_id == user.id).order_by(ApiTokenRow.id)
        )
        return [
            {
                "id": r.id,
                "name": r.name,
                "scope": r.scope,
                "created_at": r.created_at.isoformat(),
                "last_used_at": r.last_used_at.isoformat() if r.last_used_at else None,
                "revoked": r.revoked_at is not None,
            }
            for r in rows
        ]


def revoke_token(database: Database, token_id: int, *, actor: Actor) -> None:
    with database.session() as session:
        row = session.get(ApiTokenRow, token_id)
        if row is None:
            raise NotFoundError(f"no API token {token_id}")
        row.revoked_at = row.revoked_at or datetime.now(UTC)
        record(session, actor, "token.revoke", str(token_id))
