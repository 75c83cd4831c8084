"""What every CLI command shares: the database option, JSON output, errors.

Conventions (documented in docs/cli.md):
- ``--json`` prints one JSON document to stdout (UTF-8, ``ensure_ascii=False``,
  dates as ISO strings, Decimals as strings) and nothing else.
- Human output goes through Rich; errors print one line ``error: …`` to stderr
  and the command exits 1 (2 for usage errors).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from kizuna.adapters.storage.db import Database, open_database
from kizuna.jsonable import to_jsonable
from kizuna.services.accounts.audit import Actor, cli_actor
from kizuna.settings import Settings, get_settings, sqlite_url

__all__ = ["AppState", "console", "err_console", "print_json", "state", "to_jsonable"]

console = Console()
err_console = Console(stderr=True)


@dataclass
class AppState:
    """Per-invocation state built by the root callback."""

    settings: Settings
    as_user: str | None = None
    _database: Database | None = field(default=None, repr=False)

    def actor(self) -> Actor:
        """Who this run acts as in the audit log: ``--as`` or the OS user."""
        return cli_actor(self.as_user)

    def database(self) -> Database:
        """The database, opened and migrated on first use."""
        if self._database is None:
            self._database = open_database(self.settings.database_url)
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


def make_state(db: Path | None, as_user: str | None = None) -> AppState:
    overrides: dict[str, object] = {}
    if db is not None:
        overrides["database_url"] = sqlite_url(db)
    return AppState(settings=get_settings(**overrides), as_user=as_user)


def state(ctx: typer.Context) -> AppState:
    """The AppState of this invocation (set by the root callback)."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, AppState):
        obj = make_state(None)
        root.obj = obj
    return obj


def print_json(value: Any) -> None:
    """Print one JSON document to stdout."""
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
