"""Shared fixtures for the landscape and targets tests.

``landscape_db``: a SQLite database holding the real sample portfolio
(tests/data/{epo,uspto,jpo}) and the company fixture
tests/data/landscape/companies.csv, imported through the real services. It is
built once per session and copied for each test. ``sample_db``: the same portfolio
with the sample company set tests/data/companies/companies.csv instead.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database, open_database
from kizuna.settings import sqlite_url

DATA = Path(__file__).parent / "data"
PORTFOLIO = (DATA / "epo", DATA / "uspto", DATA / "jpo")
COMPANIES = DATA / "landscape" / "companies.csv"
AS_OF = date(2026, 11, 21)


@pytest.fixture(scope="session")
def landscape_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database file with the portfolio and companies, built once."""
    from kizuna.services.companies import import_companies
    from kizuna.services.ingest import ingest_paths

    path = tmp_path_factory.mktemp("landscape") / "kizuna.db"
    database = open_database(sqlite_url(path))
    try:
        ingest_paths(database=database, paths=list(PORTFOLIO), workers=1)
        report = import_companies(database, COMPANIES)
        assert not report.failed
    finally:
        database.dispose()
    return path


@pytest.fixture
def landscape_path(landscape_template: Path, tmp_path: Path) -> Path:
    """A private copy of the template database file."""
    copy = tmp_path / "kizuna.db"
    shutil.copyfile(landscape_template, copy)
    return copy


@pytest.fixture
def landscape_db(landscape_path: Path) -> Iterator[Database]:
    """The copy, opened."""
    database = open_database(sqlite_url(landscape_path))
    try:
        yield database
    finally:
        database.dispose()


SAMPLE_COMPANIES = DATA / "companies" / "companies.csv"
EVIDENCE_COMPANIES = DATA / "landscape" / "evidence-companies.csv"


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portfolio with the sample company set (tests/data/companies), built once."""
    from kizuna.services.companies import import_companies
    from kizuna.services.ingest import ingest_paths

    path = tmp_path_factory.mktemp("landscape-sample") / "kizuna.db"
    database = open_database(sqlite_url(path))
    try:
        ingest_paths(database=database, paths=list(PORTFOLIO), workers=1)
        report = import_companies(database, SAMPLE_COMPANIES)
        assert not report.failed
    finally:
        database.dispose()
    return path


@pytest.fixture
def sample_db(sample_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the sample-company database, opened."""
    copy = tmp_path / "sample.db"
    shutil.copyfile(sample_template, copy)
    database = open_database(sqlite_url(copy))
    try:
        yield database
    finally:
        database.dispose()
