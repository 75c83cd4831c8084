"""The database is created only by ingest and imports; bad ``--db`` paths are one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.cli.app import main


def test_list_without_a_database_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kizuna.db"
    assert main(["--db", str(path), "patents", "list"]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: no database at {path}: nothing has been ingested here yet; run "
                   "`kizuna ingest FILE` or `kizuna companies import FILE` first, or give "
                   "--db PATH\n")
    assert not path.exists()


@pytest.mark.parametrize("where", ["missing/kizuna.db", "."])
def test_bad_db_path_is_one_line(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / where
    assert main(["--db", str(path), "ingest", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: database {path}: ")
    assert "sqlalche.me" not in err
