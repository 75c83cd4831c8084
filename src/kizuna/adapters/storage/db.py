"""Engines, sessions and migrations.

``open_database(url)`` creates the engine (SQLite: WAL journal, foreign keys
on, a busy timeout), brings the schema to the newest Alembic revision and
returns a :class:`Database`. Nothing happens at import time.

    >>> db = open_database("sqlite:///:memory:")  # doctest: +SKIP
    >>> with db.session() as s: ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from kizuna.errors import StorageError

__all__ = ["Database", "migrate", "open_database"]

MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class Database:
    """An engine and its session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error.

        ``write=True`` is for a transaction that reads and then writes what it read
        (appending to a hash chain, a version check): on SQLite it starts with
        ``BEGIN IMMEDIATE``, taking the write lock first and waiting for it under
        the busy timeout, instead of failing with "database is locked" when another
        writer commits between its read and its write. Other databases lock rows.
        """
        session = self.sessions(bind=self._writer()) if write else self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _writer(self) -> Engine:
        return self.engine.execution_options(kizuna_immediate=True)

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 driver, begin transactions: the driver's legacy
    # mode does not BEGIN before SELECT or SAVEPOINT, so savepoints would escape the
    # enclosing transaction (SQLAlchemy docs, "Transactions with SQLite and the sqlite3 driver").
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("kizuna_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        kwargs: dict[str, Any] = {}
        if url in {"sqlite://", "sqlite:///:memory:"}:
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` with Alembic (batch mode on SQLite)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(url: str, *, upgrade: bool = True) -> Database:
    """Open (and by default migrate) the database at ``url``."""
    try:
        engine = make_engine(url)
        if upgrade:
            migrate(engine)
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot open database {_redact(url)}: {exc}") from exc
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def _redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable database URL>"
