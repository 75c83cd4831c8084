"""Read the stored patent record: list patents, get one by any of its numbers.

    >>> get_patent(database=db, number="特許第7533889号").title  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kizuna.domain.ids import parse_number
from kizuna.domain.patent import Patent
from kizuna.errors import PatentNotFoundError
from kizuna.services.ports import PatentStore, PatentSummary

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["PatentSummary", "as_store", "get_patent", "list_patents"]


def as_store(database: Database | PatentStore) -> PatentStore:
    """The patent store of ``database``; a store (or a test fake) is used as it is."""
    from kizuna.adapters.storage.patents import patent_store  # composition point

    return patent_store(database)


def list_patents(*, database: Database | PatentStore) -> list[PatentSummary]:
    """Every stored patent, one summary each, ordered by canonical number.

    >>> [s.number.compact for s in list_patents(database=db)]  # doctest: +SKIP
    ['EP3383757B1', 'US8930553B2']
    """
    with as_store(database).unit_of_work() as uow:
        return uow.patents.summaries()


def get_patent(*, database: Database | PatentStore, number: str) -> Patent:
    """The stored patent holding ``number``, written in any form :func:`parse_number` reads.

    Raises :class:`~kizuna.errors.InvalidNumberError` when ``number`` cannot be
    read, and :class:`~kizuna.errors.PatentNotFoundError` (with up to five close
    matches as ``candidates``) when no stored patent holds it.
    """
    wanted = parse_number(number)
    with as_store(database).unit_of_work() as uow:
        patent = uow.patents.find(wanted)
        if patent is None:
            raise PatentNotFoundError(
                f"no stored patent has number {number!r}",
                candidates=uow.patents.close_matches(wanted, limit=5),
            )
        return patent
