"""What every CLI command shares: the database option, JSON output, errors.

Conventions (documented in docs/cli.md):
- ``--json`` prints one JSON document to stdout (UTF-8, ``ensure_ascii=False``,
  dates as ISO strings, Decimals as strings) and nothing else.
- Human output goes through Rich; errors print one line ``error: …`` to stderr
  and the command exits 1 (2 for usage errors).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from kizuna.errors import NotFoundError, StorageError
from kizuna.jsonable import to_jsonable

DEFAULT_DATABASE_URL = "sqlite:///./kizuna.db"  # Settings.database_url's default (tested equal)

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database
    from kizuna.services.accounts.audit import Actor
    from kizuna.settings import Settings

__all__ = [
    "AppState", "console", "err_console", "print_csv", "print_json", "state", "to_jsonable",
]

console = Console()
err_console = Console(stderr=True)


class AppState:
    """Per-invocation state built by the root callback.

    ``settings`` is built on first use (from ``overrides`` and the environment),
    so commands that need none start without loading pydantic-settings.
    """

    def __init__(self, settings: Settings | None = None,
                 overrides: dict[str, object] | None = None, as_user: str | None = None) -> None:
        self._settings: Settings | None = settings
        self.overrides: dict[str, object] = dict(overrides or {})
        self.as_user = as_user
        self._database: Database | None = None

    def actor(self) -> Actor:
        """Who this run acts as in the audit log: ``--as`` or the OS user."""
        from kizuna.services.accounts.audit import cli_actor

        return cli_actor(self.as_user)

    def database_url(self) -> str:
        """``database_url`` as :class:`~kizuna.settings.Settings` reads it (override, then
        ``KIZUNA_DATABASE_URL`` in any case, then the default), without loading
        pydantic-settings when nothing else needs the settings (CLI start-up, issue 11.15)."""
        if self._settings is not None:
            return self._settings.database_url
        override = self.overrides.get("database_url")
        if isinstance(override, str):
            return override
        found = [v for k, v in os.environ.items() if k.upper() == "KIZUNA_DATABASE_URL"]
        return found[0] if found else DEFAULT_DATABASE_URL

    def _busy_timeout(self) -> float:
        """``sqlite_busy_timeout`` without loading pydantic-settings unless already loaded."""
        if self._settings is not None:
            return self._settings.sqlite_busy_timeout
        found = [v for k, v in os.environ.items() if k.upper() == "KIZUNA_SQLITE_BUSY_TIMEOUT"]
        if not found:
            return 30.0  # Settings.sqlite_busy_timeout's default
        return self.settings.sqlite_busy_timeout  # set: let Settings validate it

    @property
    def settings(self) -> Settings:
        """The settings of this invocation."""
        if self._settings is None:
            from kizuna.settings import get_settings

            self._settings = get_settings(**self.overrides)
        return self._settings

    def database(self, *, create: bool = False) -> Database:
        """The database, opened and migrated on first use.

        A SQLite file is created only when ``create`` is true (ingest and
        imports); reading commands in a folder without one say so instead of
        leaving an empty ``kizuna.db`` behind.
        """
        if self._database is None:
            url = self.database_url()
            _check_sqlite_path(url, create=create)
            from kizuna.adapters.storage.db import open_database  # lazy: SQLAlchemy + Alembic

            self._database = open_database(url, busy_timeout=self._busy_timeout())
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


def _check_sqlite_path(url: str, *, create: bool) -> None:
    """One clear line for a SQLite path that cannot work (before SQLAlchemy tries it)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or ":memory:" in url:
        return
    path = Path(url[len(prefix):].split("?", 1)[0])
    if path.is_dir():
        raise StorageError(
            f"database {path}: is a folder; give a file such as {path / 'kizuna.db'}")
    if not path.parent.is_dir():
        raise StorageError(f"database {path}: the folder {path.parent} does not exist")
    if not create and not path.exists():
        raise NotFoundError(
            f"no database at {path}: nothing has been ingested here yet; run `kizuna ingest FILE`"
            " or `kizuna companies import FILE` first, or give --db PATH"
        )


def make_state(db: Path | None, as_user: str | None = None) -> AppState:
    overrides: dict[str, object] = {}
    if db is not None:
        overrides["database_url"] = f"sqlite:///{db}"  # as kizuna.settings.sqlite_url
    return AppState(overrides=overrides, as_user=as_user)


def state(ctx: typer.Context) -> AppState:
    """The AppState of this invocation (set by the root callback)."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, AppState):
        obj = make_state(None)
        root.obj = obj
    return obj


def print_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """Print ``rows`` as CSV with a header (UTF-8; lists joined with ``;``)."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["; ".join(map(str, v)) if isinstance(v, list) else
                         ("" if v is None else v) for v in (row.get(c) for c in columns)])
    sys.stdout.flush()


def print_json(value: Any) -> None:
    """Print one JSON document to stdout."""
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
