"""A test client of the workbench over a built corpus (the corpus web tests share it)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.settings import Settings
from kizuna.web.app import create_app


def corpus_client(database: Database, tmp_path: Path, corpus: Path | None) -> TestClient:
    """The app on ``database`` with ``corpus`` as its ``corpus_dir`` (None: no corpus set)."""
    settings = Settings(database_url="sqlite://", cache_dir=tmp_path, allowed_hosts="testserver",
                        corpus_dir=corpus)
    return TestClient(create_app(settings, database=database))
