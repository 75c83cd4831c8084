"""Test helpers for logged-in clients: users, sessions and API tokens.

    password = make_user(database, "ana", "analyst")
    login(client, "ana", password)            # session cookie + X-CSRF-Token header
    headers = bearer(database, "ana", "write") # {"Authorization": "Bearer kz_…"}
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.services.accounts import matters, users
from kizuna.services.accounts.audit import Actor
from kizuna.settings import Settings

__all__ = ["PASSWORD", "SETUP", "bearer", "join", "logged_in", "login", "make_user", "web_settings"]

PASSWORD = "correct horse battery staple"
SETUP = Actor("test-setup", "cli")


def make_user(database: Database, username: str, role: str) -> str:
    """Add a user with the test password; answers the password."""
    users.add_user(database, username, role=role, password=PASSWORD, actor=SETUP)
    return PASSWORD


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log ``client`` in through POST /login; it then sends the CSRF token on every request."""
    client.headers.pop("X-CSRF-Token", None)
    response = client.post("/login", data={"username": username, "password": password},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    csrf = client.get("/api/me").json()["csrf"]
    client.headers["X-CSRF-Token"] = csrf
    return str(csrf)


def bearer(database: Database, username: str, scope: str = "write") -> dict[str, str]:
    """Authorization headers of a new API token of ``username``."""
    token = users.create_token(database, username, name="test", scope=scope, actor=SETUP)
    return {"Authorization": f"Bearer {token.secret}"}


def join(database: Database, matter: str, username: str) -> int:
    """Put ``username`` in ``matter`` (created when missing); answers the matter id."""
    try:
        found = matters.find_matter(database, matter)
    except Exception:
        found = matters.create_matter(database, matter, actor=SETUP)
    return matters.add_member(database, found.id, username, actor=SETUP).id


def logged_in(client: TestClient, database: Database, role: str = "admin") -> TestClient:
    """``client`` after adding a user named like ``role`` and logging in as it."""
    make_user(database, role, role)
    login(client, role)
    return client


def web_settings() -> Settings:
    """Settings of a test app: TestClient's Host header is ``testserver``."""
    return Settings(database_url="sqlite://", allowed_hosts="testserver,localhost")
