"""list_patents and get_patent over the real store (SQLite, PostgreSQL) and a fake store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.domain.patent import Patent
from kizuna.errors import InvalidNumberError, PatentNotFoundError
from kizuna.services.ingest import ingest_paths
from kizuna.services.patents import get_patent, list_patents
from tests.conftest import DATA
from tests.factories import make_patent


@pytest.fixture
def stored(database: Database) -> Database:
    report = ingest_paths(paths=[DATA / "ingest" / "us", DATA / "ingest" / "ep"],
                          database=database)
    assert report.failed == []
    return database


def test_list_patents(stored: Database) -> None:
    rows = [s.to_json() for s in list_patents(database=stored)]
    assert [r["number"] for r in rows] == [
        "EP3383757B1", "EP3782854A1", "US20050004437A1", "US8930553B2"]
    us = rows[3]
    assert (us["country"], us["status"], us["claims"], us["sources"]) == ("US", "granted", 8, 1)
    assert us["filing"] == "2012-10-09"
    assert us["title"]


@pytest.mark.parametrize("text", ["US 8,930,553 B2", "US8930553", "us 8930553 b2",
                                  "US 2014/0101323 A1", "US 13/648,029"])
def test_get_patent_by_any_of_its_numbers(stored: Database, text: str) -> None:
    assert get_patent(database=stored, number=text).number.compact == "US8930553B2"


def test_unknown_number_offers_close_matches(stored: Database) -> None:
    with pytest.raises(PatentNotFoundError) as caught:
        get_patent(database=stored, number="US 8,930,535")
    assert caught.value.candidates == ("US 8,930,553 B2",)
    assert str(caught.value) == (
        "no stored patent has number 'US 8,930,535'; close matches: US 8,930,553 B2")
    assert caught.value.status == 404


def test_unreadable_number(stored: Database) -> None:
    with pytest.raises(InvalidNumberError):
        get_patent(database=stored, number="not a number")


class _FakeRepository:
    def __init__(self, patents: list[Patent]) -> None:
        self.patents = patents

    def find(self, number: object) -> Patent | None:
        return next((p for p in self.patents if number in p.numbers), None)

    def close_matches(self, number: object, *, limit: int = 5) -> list[str]:
        return ["US 8,930,553 B2"][:limit]


class _FakeStore:
    """The PatentStore port, in memory: services need no database."""

    def __init__(self, patents: list[Patent]) -> None:
        self.repository = _FakeRepository(patents)

    @contextmanager
    def unit_of_work(self) -> Iterator[object]:
        class _Uow:
            patents = self.repository

        yield _Uow()


def test_services_take_a_fake_store() -> None:
    patent = make_patent()
    store = _FakeStore([patent])
    assert get_patent(database=store, number="US 8,930,553 B2") is patent  # type: ignore[arg-type]
    with pytest.raises(PatentNotFoundError, match="close matches: US 8,930,553 B2"):
        get_patent(database=store, number="US 1")  # type: ignore[arg-type]
