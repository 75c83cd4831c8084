"""Who a request comes from: a session cookie or an API token.

``authenticate`` reads ``Authorization: Bearer kz_…`` first, then the session
cookie; the answer is cached on ``request.state.principal``. ``visible`` filters
campaigns or charts to the principal's matters (admins see all); ``home_matter``
is where a new campaign or chart goes (``?matter=ID`` when a member, else the
user's first matter; admins default to matter 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import select, update

from kizuna.adapters.storage.accounts import DEFAULT_MATTER_ID
from kizuna.adapters.storage.campaigns import CampaignRow
from kizuna.adapters.storage.charts import ChartRow
from kizuna.adapters.storage.db import Database
from kizuna.domain.access.roles import allowed
from kizuna.errors import AccessDeniedError, InvalidValueError
from kizuna.services.accounts.audit import Actor
from kizuna.services.accounts.sessions import (
    Principal,
    principal_for_session,
    principal_for_token,
)

__all__ = [
    "SESSION_COOKIE",
    "actor_name",
    "authenticate",
    "client_ip",
    "current",
    "home_matter",
    "place",
    "request_actor",
    "require_note_only",
    "visible",
    "visible_ids",
]

SESSION_COOKIE = "kizuna_session"
T = TypeVar("T")
_TABLES: dict[str, Any] = {"campaign": CampaignRow, "chart": ChartRow}


def client_ip(request: Request) -> str | None:
    """The peer address (behind a proxy, uvicorn's --proxy-headers supplies the real one)."""
    return request.client.host if request.client else None


def authenticate(request: Request, database: Database) -> Principal | None:
    """The principal of ``request`` or None; cached for the request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    header = request.headers.get("authorization", "")
    principal = None
    if header[:7].lower() == "bearer ":
        principal = principal_for_token(database, header[7:].strip())
    else:
        principal = principal_for_session(database, request.cookies.get(SESSION_COOKIE, ""))
    request.state.principal = principal
    return principal


def current(request: Request) -> Principal | None:
    """The principal the policy found for this request (None when anonymous)."""
    found: Principal | None = getattr(request.state, "principal", None)
    return found


def request_actor(request: Request) -> Actor:
    """The audit actor of this request."""
    principal = current(request)
    name = principal.username if principal else "anonymous"
    via = principal.via if principal else "web"
    return Actor(name, via, client_ip(request))


def visible_ids(request: Request, database: Database, kind: str) -> set[int] | None:
    """Ids of the campaigns or charts (``kind``) the principal may see; None: all (admin)."""
    principal = current(request)
    if principal is not None and principal.matters is None:
        return None
    allowed = principal.matters if principal is not None else frozenset()
    table = _TABLES[kind]
    with database.session() as session:
        return set(session.scalars(select(table.id).where(table.matter_id.in_(allowed))))


def visible(request: Request, database: Database, kind: str, items: Iterable[T],
            key: str = "id") -> list[T]:
    """``items`` (campaigns or charts, or their JSON dicts) in the principal's matters."""
    items = list(items)
    ids = visible_ids(request, database, kind)
    if ids is None:
        return items
    return [i for i in items if (i[key] if isinstance(i, dict) else getattr(i, key)) in ids]


def place(database: Database, kind: str, item_id: int | None, matter: int) -> None:
    """Put a campaign or chart just created into ``matter`` (from :func:`home_matter`)."""
    if item_id is None:
        return
    table = _TABLES[kind]
    with database.session() as session:
        session.execute(update(table).where(table.id == item_id).values(matter_id=matter))


def home_matter(request: Request) -> int:
    """The matter a new campaign or chart created by this request belongs to."""
    principal = current(request)
    wanted = request.query_params.get("matter", "")
    if wanted:
        if not wanted.isdigit() or len(wanted) > 9:
            raise InvalidValueError(f"matter {wanted[:20]!r} is not a matter id")
        if principal is not None and not principal.can_see(int(wanted)):
            raise AccessDeniedError(f"you are not a member of matter {wanted}")
        return int(wanted)
    if principal is None or principal.matters is None:
        return DEFAULT_MATTER_ID
    if not principal.matters:
        raise AccessDeniedError("you are not a member of any matter; ask an admin to add you")
    return min(principal.matters)


def actor_name(request: Request) -> str:
    """The name written into a campaign record for this request: the user, else ``web``."""
    principal = current(request)
    return principal.username if principal else "web"


def require_note_only(request: Request, kind: str | None) -> None:
    """A user who may review but not write (a reviewer) may log only ``note`` entries."""
    principal = current(request)
    writer = principal is None or allowed(principal.role, "write", principal.scope)
    if not writer and kind != "note":
        role = principal.role if principal else "?"
        raise AccessDeniedError(f"role {role} may add notes only (kind 'note'), not {kind!r}")
