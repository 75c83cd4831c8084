"""Engines, sessions and migrations.

``open_database(url)`` creates the engine (SQLite: WAL journal, foreign keys
on, a busy timeout), brings the schema to the newest Alembic revision and
returns a :class:`Database`. Nothing happens at import time.

Concurrent writers on SQLite (docs/limits.md): a SQLite file has one writer at
a time. A transaction opened with the execution option ``WRITE_OPTION`` (the
ingest's unit of work does, per batch) starts with ``BEGIN IMMEDIATE``: it takes
the write lock first, waiting up to the busy timeout (``KIZUNA_SQLITE_BUSY_TIMEOUT``,
30 s) for another writer's batch, instead of reading first and then failing with
"database is locked" when it tries to write (WAL cannot upgrade a read snapshot
that another writer has moved past). Other transactions begin deferred, so
readers never wait.

    >>> db = open_database("sqlite:///:memory:")  # doctest: +SKIP
    >>> with db.session() as s: ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from kizuna.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["DEFAULT_BUSY_TIMEOUT", "WRITE_OPTION", "Database", "migrate", "open_database"]

MIGRATIONS = Path(__file__).with_name("migrations")
#: Seconds a SQLite connection waits for another writer's lock (``KIZUNA_SQLITE_BUSY_TIMEOUT``).
DEFAULT_BUSY_TIMEOUT = 30.0
#: Execution option of a connection whose transactions write: SQLite begins them IMMEDIATE.
WRITE_OPTION = "kizuna_write"
#: PostgreSQL connections per process: POOL_SIZE kept open, up to POOL_OVERFLOW more under
#: load, a request waiting POOL_TIMEOUT seconds at most for one. The web server answers
#: routes on a pool of threads, each holding at most one connection at a time; 20 per
#: process keeps ``kizuna serve --workers 4`` (80) under PostgreSQL's default
#: ``max_connections`` of 100 (docs/deploy.md). SQLAlchemy's default, 5 + 10, let requests
#: queue for a connection behind the 40 threads.
POOL_SIZE, POOL_OVERFLOW, POOL_TIMEOUT = 10, 10, 30.0


@dataclass(frozen=True)
class Database:
    """An engine and its session factory.

    The ORM (``sqlalchemy.orm``) is imported when the first session is asked for, so a
    Core read through :meth:`read` (``kizuna patents list``) starts without it.
    """

    engine: Engine
    _factory: list[sessionmaker[Session]] = field(
        default_factory=list, init=False, repr=False, compare=False)

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory (sessions keep their objects loaded after a commit)."""
        if not self._factory:
            from sqlalchemy.orm import sessionmaker

            self._factory.append(sessionmaker(self.engine, expire_on_commit=False))
        return self._factory[0]

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A Core connection in one read transaction (rolled back at the end), for reads
        that need no ORM session."""
        with self.engine.connect() as connection, connection.begin() as transaction:
            yield connection
            transaction.rollback()

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
        return self.engine.execution_options(**{WRITE_OPTION: True})

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(busy_timeout: float) -> Any:
    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.close()
        _driver_transactions_off(dbapi_connection)

    return pragmas


def _driver_transactions_off(dbapi_connection: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 driver, begin transactions: the driver's legacy
    # mode does not BEGIN before SELECT or SAVEPOINT, so savepoints would escape the
    # enclosing transaction (SQLAlchemy docs, "Transactions with SQLite and the sqlite3 driver").
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout (seconds)."""
    if url.startswith("sqlite"):
        kwargs: dict[str, Any] = {}
        if url in {"sqlite://", "sqlite:///:memory:"}:
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE,
                         max_overflow=POOL_OVERFLOW, pool_timeout=POOL_TIMEOUT)


_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)


def head_revisions() -> set[str]:
    """The head revision(s) of the migration scripts, read from their text (no Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for key, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            (revisions if key == "revision" else parents).add(value)
    return revisions - parents


def at_head(engine: Engine) -> bool:
    """True when the database is already at the single head revision (Alembic not needed)."""
    heads = head_revisions()
    if len(heads) != 1:
        return False
    try:
        with engine.connect() as connection:
            stored = {row[0] for row in connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version")}
    except SQLAlchemyError:
        return False
    return stored == heads


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` with Alembic (batch mode on SQLite)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(
    url: str, *, upgrade: bool = True, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> Database:
    """Open (and by default migrate) the database at ``url``."""
    try:
        engine = make_engine(url, busy_timeout=busy_timeout)
        if upgrade and not at_head(engine):  # Alembic is loaded only when there is work
            migrate(engine)
    except SQLAlchemyError as exc:
        reason = str(exc).split("\n", 1)[0].split(" (Background on this error", 1)[0]
        raise StorageError(f"cannot open database {_redact(url)}: {reason}") from exc
    return Database(engine=engine)


def _redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable database URL>"
