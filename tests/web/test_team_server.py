"""A real ``kizuna serve --workers 2`` (uvicorn processes): a login made before a restart
still works after it, on SQLite and, when configured, on PostgreSQL (docs/deploy.md)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from kizuna.adapters.storage.db import open_database
from kizuna.services.accounts import users
from kizuna.services.accounts.audit import Actor
from kizuna.settings import sqlite_url

PASSWORD = "a long enough password"
SRC = Path(__file__).resolve().parents[2] / "src"


def _request(port: int, method: str, path: str, cookie: str = "",
             form: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """One HTTP request to the local server (no redirects followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": f"kizuna_session={cookie}"} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(url: str, port: int) -> Iterator[int]:
    env = {**os.environ, "KIZUNA_DATABASE_URL": url, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kizuna.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _request(port, "GET", "/api/health").status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("kizuna serve did not answer within 60 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _prepare(url: str) -> None:
    database = open_database(url)
    users.add_user(database, "ana", role="analyst", password=PASSWORD, actor=Actor("t", "cli"))
    database.dispose()


def _restart_keeps_the_session(url: str) -> None:
    _prepare(url)
    port = _free_port()
    with _server(url, port):
        login = _request(port, "POST", "/login", form={"username": "ana", "password": PASSWORD})
        assert login.status == 303
        cookie = login.getheader("set-cookie", "").split(";")[0].split("=", 1)[1]
        answers = {_request(port, "GET", "/api/me", cookie).status for _ in range(8)}
        assert answers == {200}  # whichever worker answers
    with _server(url, port):
        assert _request(port, "GET", "/api/me", cookie).status == 200
        assert _request(port, "GET", "/api/me").status == 401


def test_sqlite_sessions_survive_a_restart_with_two_workers(tmp_path: Path) -> None:
    _restart_keeps_the_session(sqlite_url(tmp_path / "team.db"))


@pytest.mark.postgres
def test_postgres_sessions_survive_a_restart_with_two_workers(
    postgres_schema: tuple[str, str],
) -> None:
    url, schema = postgres_schema
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    _restart_keeps_the_session(url)
