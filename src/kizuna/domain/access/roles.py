"""Roles and the permissions they grant.

| role | read | review (chart review, notes) | write | admin |
|---|---|---|---|---|
| ``admin`` | yes | yes | yes | yes (users, matters, audit; every matter) |
| ``lead`` (licensing lead) | yes | yes | yes | no |
| ``analyst`` | yes | yes | yes | no |
| ``reviewer`` | yes | yes | no | no |
| ``viewer`` | yes | no | no | no |

An API token's scope caps it: a ``read`` token only reads, a ``write`` token
has its user's permissions. Non-admins reach only the matters they are members of.
"""

from __future__ import annotations

from typing import Literal

from kizuna.errors import InvalidValueError

__all__ = [
    "PERMISSIONS",
    "ROLES",
    "SCOPES",
    "Permission",
    "allowed",
    "checked_role",
    "checked_scope",
]

Permission = Literal["read", "review", "write", "admin"]

ROLES: dict[str, frozenset[str]] = {
    "admin": frozenset({"read", "review", "write", "admin"}),
    "lead": frozenset({"read", "review", "write"}),
    "analyst": frozenset({"read", "review", "write"}),
    "reviewer": frozenset({"read", "review"}),
    "viewer": frozenset({"read"}),
}
PERMISSIONS: tuple[str, ...] = ("read", "review", "write", "admin")
SCOPES: tuple[str, ...] = ("read", "write")


def checked_role(role: str) -> str:
    """``role`` if it is a known role, else a one-line error naming the choices."""
    if role not in ROLES:
        raise InvalidValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


def checked_scope(scope: str) -> str:
    """``scope`` if it is ``read`` or ``write``."""
    if scope not in SCOPES:
        raise InvalidValueError(f"token scope {scope!r} is not one of {', '.join(SCOPES)}")
    return scope


def allowed(role: str, permission: str, scope: str | None = None) -> bool:
    """True when ``role`` (capped by a token ``scope``) grants ``permission``."""
    if scope == "read" and permission != "read":
        return False
    return permission in ROLES.get(role, frozenset())
