"""Backups restore (docs/deploy.md): SQLite with the backup API and the sqlite3 shell's
``.backup``, PostgreSQL with pg_dump / pg_restore (skipped where they are missing)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from kizuna.adapters.storage.db import Database, open_database
from kizuna.services.accounts import audit, users
from kizuna.services.accounts.audit import Actor
from kizuna.services.ingest import ingest_paths
from kizuna.services.patents import list_patents
from kizuna.settings import sqlite_url

DATA = Path(__file__).resolve().parents[2] / "data"
WHO = Actor("backup-test", "cli")


def _fill(database: Database) -> None:
    report = ingest_paths(paths=[DATA / "uspto" / "US08930553.xml"], database=database)
    assert report.ingested == 1
    users.add_user(database, "ana", role="analyst", password="a long enough password", actor=WHO)


def _check(database: Database) -> None:
    assert [p.to_json()["number"] for p in list_patents(database=database)] == ["US8930553B2"]
    assert users.check_password(database, "ana", "a long enough password") is not None
    assert [e.action for e in audit.events(database)] == ["user.add"]


def test_sqlite_backup_api_and_restore(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    database = open_database(sqlite_url(live))
    _fill(database)
    backup = tmp_path / "backup.db"
    with sqlite3.connect(live) as source, sqlite3.connect(backup) as target:
        source.backup(target)  # what `sqlite3 live.db ".backup backup.db"` does, online
    database.dispose()
    live.unlink()
    shutil.copyfile(backup, live)  # restore: put the backup in place while the server is stopped
    restored = open_database(sqlite_url(live))
    _check(restored)
    restored.dispose()


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell")
def test_sqlite_shell_backup_command(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    database = open_database(sqlite_url(live))
    _fill(database)
    backup = tmp_path / "shell-backup.db"
    subprocess.run(["sqlite3", str(live), f".backup '{backup}'"], check=True, timeout=60)
    database.dispose()
    restored = open_database(sqlite_url(backup))
    _check(restored)
    restored.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
                    reason="pg_dump/pg_restore not installed")
def test_postgres_dump_and_restore(postgres_schema: tuple[str, str], tmp_path: Path) -> None:
    url, schema = postgres_schema
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    database = open_database(url)
    _fill(database)
    database.dispose()
    libpq = make_url(url).set(drivername="postgresql").difference_update_query(["options"])
    target = libpq.render_as_string(hide_password=False)
    dump = tmp_path / "kizuna.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}",
                    target], check=True, timeout=120)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    engine.dispose()
    subprocess.run(["pg_restore", f"--dbname={target}", str(dump)], check=True, timeout=120)
    restored = open_database(url)
    _check(restored)
    with pytest.raises(sa.exc.DBAPIError), restored.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM audit_log")  # the trigger came back too
    restored.dispose()
