"""Ports: what the patent services need from storage, as Protocols.

The SQL adapter (:mod:`kizuna.adapters.storage.patents`) implements them; tests
may pass fakes. A :class:`PatentStore` opens one :class:`PatentUnitOfWork` (a
transaction); inside it, :meth:`PatentUnitOfWork.savepoint` makes one
document's writes atomic and :meth:`PatentUnitOfWork.commit` makes a batch
durable.

    >>> with store.unit_of_work() as uow:  # doctest: +SKIP
    ...     with uow.savepoint():
    ...         uow.patents.add_many([patent])
    ...     uow.commit()
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from kizuna.domain.ids import PatentNumber
from kizuna.domain.patent import Patent
from kizuna.domain.status.legal import LegalStatus

__all__ = [
    "NumberKey",
    "PatentRepository",
    "PatentStore",
    "PatentSummary",
    "PatentUnitOfWork",
    "SourceKey",
]

NumberKey = tuple[str, str, str]
"""``PatentNumber.key``: (country, "application" | "document", number)."""

SourceKey = tuple[str, str]
"""A stored source document: (SHA-256 of the file, document label within it)."""


@dataclass(frozen=True, kw_only=True)
class PatentSummary:
    """One line of the patent list."""

    number: PatentNumber
    title: str | None
    country: str
    status: str
    filing: date | None
    claims: int  # claims in the largest claim set (translations repeat the same claims)
    sources: int  # source documents stored for the patent
    legal: LegalStatus | None = None  # status as of a day, when the list was asked for one

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: number (compact), display, title, country, status (as recorded),
        filing, claims, sources; with a legal status also legal_status, legal_status_label,
        expiry and as_of."""
        legal = {} if self.legal is None else {
            "legal_status": self.legal.code,
            "legal_status_label": self.legal.label,
            "expiry": self.legal.expiry.isoformat() if self.legal.expiry else None,
            "as_of": self.legal.as_of.isoformat(),
        }
        return {
            "number": self.number.compact,
            "display": self.number.display,
            "title": self.title,
            "country": self.country,
            "status": self.status,
            "filing": self.filing.isoformat() if self.filing else None,
            "claims": self.claims,
            "sources": self.sources,
            **legal,
        }


class PatentRepository(Protocol):
    """Stored patents. Ids are the store's own; numbers are matched by key."""

    def add_many(self, patents: Sequence[Patent]) -> list[int]:
        """Insert new patents (none of their number keys may be stored); return their ids."""
        ...

    def replace(self, patent_id: int, patent: Patent, *, absorb: Collection[int] = ()) -> None:
        """Store ``patent`` under ``patent_id``, deleting the patents ``absorb`` first."""
        ...

    def load(self, patent_ids: Sequence[int]) -> list[Patent]:
        """The patents with these ids, in the same order."""
        ...

    def find_ids(self, keys: Iterable[NumberKey]) -> dict[NumberKey, int]:
        """For each stored key among ``keys``, the id of the patent holding it."""
        ...

    def stored_sources(self, keys: Iterable[SourceKey]) -> set[SourceKey]:
        """The subset of ``keys`` already stored."""
        ...

    def find(self, number: PatentNumber) -> Patent | None:
        """The patent holding ``number``; a number of unknown type matches both spaces."""
        ...

    def delete(self, number: PatentNumber) -> bool:
        """Delete the patent holding ``number``; False when none does."""
        ...

    def summaries(self) -> list[PatentSummary]:
        """One summary per stored patent, ordered by canonical number."""
        ...

    def all_ids(self) -> list[int]:
        """The ids of every stored patent, in id order."""
        ...

    def close_matches(self, number: PatentNumber, *, limit: int = 5) -> list[str]:
        """Display forms of stored numbers that look like ``number`` (best first)."""
        ...


class PatentUnitOfWork(Protocol):
    """One transaction over the patent store."""

    @property
    def patents(self) -> PatentRepository: ...

    def savepoint(self) -> AbstractContextManager[object]:
        """Writes inside are undone on an exception; the transaction stays usable."""
        ...

    def commit(self) -> None:
        """Make everything so far durable; the unit of work stays open."""
        ...


class PatentStore(Protocol):
    """Something that opens units of work; :class:`~kizuna.adapters.storage.db.Database`
    is turned into one by :func:`kizuna.adapters.storage.patents.patent_store`."""

    def unit_of_work(self) -> AbstractContextManager[PatentUnitOfWork]:
        """Open a transaction, committed when the block ends without error."""
        ...
