"""SQL statements per request do not grow with the data (no N+1 queries).

Each request is sent once to warm up (the first search indexes new patents),
then counted with a SQLAlchemy ``before_cursor_execute`` listener. The counts
with 10 and with 100 patents (and campaign records of 10 and 100 entries) must
be equal: a loop that queries once per row fails here long before it shows in
the load benchmark (benchmarks/web.py). Not timed: counts only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from kizuna.adapters.storage.db import Database
from kizuna.domain.patent import PriorityClaim
from kizuna.services.patents import as_store
from tests.factories import make_number, make_patent, make_source
from tests.web.conftest import SAMPLES, upload


@pytest.fixture(autouse=True)
def _no_periodic_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts, not clocks: on a loaded machine the warm-up's indexing can outlast
    ``FULL_CHECK_SECONDS``, and the counted request then makes the periodic full staleness
    check (two more statements) — a timer, not a query per row."""
    from kizuna.services.portfolio import index

    monkeypatch.setattr(index, "FULL_CHECK_SECONDS", 3600.0)


PAGES = ["/patents", "/patents?q=lid&per_page=50&sort=-expiry", "/patents/US9000001B2",
         "/api/patents?per_page=50", "/api/patents?q=lid&page=1",
         "/api/patents/US9000001B2"]


def _add_patents(database: Database, start: int, stop: int) -> None:
    """Patents US 9,000,00i B2 for i in start..stop-1, each its own family."""
    patents = []
    for i in range(start, stop):
        base = make_patent(f"US {9_000_000 + i:,} B2", f"US 14/{500_000 + i:,}")
        patents.append(replace(
            base,
            priorities=(PriorityClaim(country="JP", number=f"2011-{100_000 + i}", date=None),),
            family=(replace(base.family[0], number=make_number(f"JP {5_000_000 + i} B2")),),
            sources=(make_source(sha256=f"{i:064x}"),)))
    with as_store(database).unit_of_work() as uow:
        uow.patents.add_many(patents)
        uow.commit()


@contextmanager
def _counting(database: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def _statements(client: TestClient, database: Database, path: str) -> int:
    assert client.get(path).status_code == 200, path  # warm-up: index the new patents
    with _counting(database) as statements:
        response = client.get(path)
    assert response.status_code == 200, response.text
    return len(statements)


def test_patent_pages_and_api_do_not_query_per_row(client: TestClient,
                                                   database: Database) -> None:
    _add_patents(database, 1, 11)
    small = {path: _statements(client, database, path) for path in PAGES}
    _add_patents(database, 11, 101)
    large = {path: _statements(client, database, path) for path in PAGES}
    assert large == small
    assert max(small.values()) <= 30, small


@pytest.fixture
def campaign(client: TestClient) -> int:
    assert client.post("/api/ingest", files=upload(*SAMPLES)).status_code == 200
    response = client.post("/api/campaigns", json={"licensee": "例示電機株式会社",
                                                   "patents": ["JP7533889B2"]})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _log(client: TestClient, campaign: int, entries: int) -> None:
    for i in range(entries):
        response = client.post(f"/api/campaigns/{campaign}/log",
                               data={"summary": f"call {i}", "kind": "note"})
        assert response.status_code == 201, response.text


def test_campaign_page_and_api_do_not_query_per_entry(client: TestClient, database: Database,
                                                      campaign: int) -> None:
    paths = [f"/campaigns/{campaign}", f"/api/campaigns/{campaign}",
             f"/api/campaigns/{campaign}/verify"]
    _log(client, campaign, 10)
    small = {path: _statements(client, database, path) for path in paths}
    _log(client, campaign, 90)
    large = {path: _statements(client, database, path) for path in paths}
    assert large == small
