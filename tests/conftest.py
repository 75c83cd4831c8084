"""Shared fixtures: ``database``, a freshly migrated database for each test.

The fixture runs every test twice: on a SQLite file in ``tmp_path`` and, when
``KIZUNA_TEST_POSTGRES_URL`` is set (e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/kizuna_test``), on PostgreSQL.
The PostgreSQL run uses a schema of its own for the test session (so parallel
workers do not meet), dropped and re-migrated before each test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from kizuna.adapters.storage.db import Database, open_database
from kizuna.settings import sqlite_url

POSTGRES_ENV = "KIZUNA_TEST_POSTGRES_URL"
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _key_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test signs record entries with a key of its own, never the user's real key folder."""
    monkeypatch.setenv("KIZUNA_KEY_DIR", str(tmp_path_factory.mktemp("keys")))


#: The user's own office-API credentials (kizuna fetch): never used by a test, so that no
#: test can reach an office even where a developer has them set.
_OFFICE_CREDENTIALS = ("KIZUNA_EPO_OPS_KEY", "KIZUNA_EPO_OPS_SECRET", "KIZUNA_USPTO_ODP_API_KEY",
                       "KIZUNA_JPO_API_USER", "KIZUNA_JPO_API_PASSWORD")


@pytest.fixture(autouse=True)
def _no_office_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that fetch set recorded credentials themselves (tests/adapters/fetch/recorded.py)."""
    for name in _OFFICE_CREDENTIALS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[tuple[str, str]]:
    """URL and name of a PostgreSQL schema private to this test session (skips without one)."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    schema = f"kizuna_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}", schema
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


def _fresh_postgres(url: str, schema: str) -> Database:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    return open_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database: SQLite in tmp_path, or PostgreSQL when configured."""
    if request.param == "postgres":
        db = _fresh_postgres(*request.getfixturevalue("postgres_schema"))
    else:
        db = open_database(sqlite_url(tmp_path / "kizuna.db"))
    try:
        yield db
    finally:
        db.dispose()
