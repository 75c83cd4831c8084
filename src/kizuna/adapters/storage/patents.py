"""The patent repository over SQLAlchemy Core, and the store that opens units of work.

Writes use one ``executemany`` per table for a whole batch of patents (ids
from ``INSERT … RETURNING``; the other tables through the DBAPI cursor, see
:mod:`kizuna.adapters.storage.bulk`) rather than one ORM object per row;
reads fetch each table once for all patents asked for. The tables are in
:mod:`kizuna.adapters.storage.patent_tables`.

    >>> store = patent_store(open_database("sqlite:///kizuna.db"))  # doctest: +SKIP
    >>> with store.unit_of_work() as uow:  # doctest: +SKIP
    ...     patent = uow.patents.find(parse_number("US 8,930,553 B2"))
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.bulk import insert_rows
from kizuna.adapters.storage.db import WRITE_OPTION, Database
from kizuna.adapters.storage.patent_reads import PatentReader
from kizuna.adapters.storage.patent_rows import (
    Row,
    claim_rows,
    claim_set_rows,
    element_rows,
    patent_row,
    simple_child_rows,
    source_rows,
)
from kizuna.domain.claims import Claim
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.domain.patent import Patent
from kizuna.errors import StorageError
from kizuna.services.ports import NumberKey, PatentStore, SourceKey

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["SqlPatentRepository", "SqlPatentStore", "SqlUnitOfWork", "patent_store"]

_CHUNK = 300  # keys per IN (…) lookup; far below every backend's parameter limit
_SIMPLE_TABLES = (t.patent_numbers, t.titles, t.abstracts, t.parties, t.classifications,
                  t.priorities, t.family_links, t.citations)
K = TypeVar("K", bound=tuple[str, ...])


def _now() -> datetime:
    return datetime.now(UTC)


def _chunks(items: Sequence[K]) -> Iterator[Sequence[K]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


class SqlPatentRepository(PatentReader):
    """Save, load, find and delete :class:`Patent` records in one session."""

    session: Session

    def __init__(self, session: Session) -> None:
        super().__init__(session)

    # -- writing -----------------------------------------------------------

    def add_many(self, patents: Sequence[Patent]) -> list[int]:
        """Insert new patents in bulk; returns their ids in order."""
        now = _now()
        ids = self._insert_returning(t.patents, [patent_row(p, now) for p in patents])
        self._insert_children(list(zip(ids, patents, strict=True)), now, {})
        return ids

    def add(self, patent: Patent) -> int:
        """Insert one new patent; returns its id."""
        return self.add_many([patent])[0]

    def replace(self, patent_id: int, patent: Patent, *, absorb: Collection[int] = ()) -> None:
        """Overwrite patent ``patent_id`` with ``patent``; delete ``absorb`` (merged into it)."""
        now = _now()
        ids = [patent_id, *absorb]
        ingested = {
            (r.sha256, r.document): r.ingested_at
            for r in self.session.execute(
                sa.select(t.sources.c.sha256, t.sources.c.document, t.sources.c.ingested_at)
                .where(t.sources.c.patent_id.in_(ids))
            )
        }
        if absorb:
            self.session.execute(sa.delete(t.patents).where(t.patents.c.id.in_(list(absorb))))
        for table in t.PATENT_CHILD_TABLES:  # claims and elements cascade from claim_sets
            self.session.execute(sa.delete(table).where(table.c.patent_id == patent_id))
        row = patent_row(patent, now)
        del row["created_at"]
        self.session.execute(sa.update(t.patents).where(t.patents.c.id == patent_id).values(row))
        self._insert_children([(patent_id, patent)], now, ingested)

    def delete(self, number: PatentNumber) -> bool:
        """Delete the patent holding ``number``; False when none does."""
        patent_id = self._find_id(number)
        if patent_id is None:
            return False
        self.session.execute(sa.delete(t.patents).where(t.patents.c.id == patent_id))
        return True

    def _insert_returning(self, table: sa.Table, rows: list[Row]) -> list[int]:
        if not rows:
            return []
        statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(self.session.execute(statement, rows).scalars())

    def _insert(self, table: sa.Table, rows: list[Row]) -> None:
        insert_rows(self.session.connection(), table, rows)

    def _insert_children(
        self, pairs: list[tuple[int, Patent]], now: datetime, ingested: dict[SourceKey, datetime]
    ) -> None:
        rows: dict[str, list[Row]] = defaultdict(list)
        set_rows: list[Row] = []
        for patent_id, patent in pairs:
            for name, child_rows in simple_child_rows(patent_id, patent).items():
                rows[name].extend(child_rows)
            set_rows.extend(claim_set_rows(patent_id, patent))
            rows["patent_sources"].extend(source_rows(patent_id, patent, now, ingested))
        for table in _SIMPLE_TABLES:
            self._insert(table, rows[table.name])
        claim_sets = [s for _, p in pairs for s in p.claim_sets]
        set_ids = self._insert_returning(t.claim_sets, set_rows)
        all_claims: list[Claim] = [c for s in claim_sets for c in s.claims]
        new_claims = [r for sid, s in zip(set_ids, claim_sets, strict=True)
                      for r in claim_rows(sid, s)]
        self._insert(t.claims, new_claims)
        claim_ids = self._claim_ids(set_ids, new_claims)
        elements = [r for cid, c in zip(claim_ids, all_claims, strict=True)
                    for r in element_rows(cid, c)]
        self._insert(t.claim_elements, elements)
        self._insert(t.sources, rows["patent_sources"])

    def _claim_ids(self, set_ids: Sequence[int], rows: Sequence[Row]) -> list[int]:
        """Ids of just-inserted claim ``rows``, read back by (claim set, position).

        One plain ``executemany`` and a lookup per 300 sets, instead of
        ``INSERT … RETURNING``, which SQLite runs one row at a time.
        """
        c = t.claims.c
        found: dict[tuple[int, int], int] = {}
        unique = sorted(set(set_ids))
        for start in range(0, len(unique), _CHUNK):
            query = sa.select(c.id, c.claim_set_id, c.position).where(
                c.claim_set_id.in_(unique[start:start + _CHUNK])
            )
            for claim_id, set_id, position in self.session.execute(query):
                found[(set_id, position)] = claim_id
        return [found[(r["claim_set_id"], r["position"])] for r in rows]

    # -- reading (load, all_ids, summaries: PatentReader) -------------------

    def find_ids(self, keys: Iterable[NumberKey]) -> dict[NumberKey, int]:
        """For each stored number key among ``keys``, the id of the patent holding it."""
        c = t.patent_numbers.c
        found: dict[NumberKey, int] = {}
        for chunk in _chunks(sorted(set(keys))):
            query = sa.select(c.country, c.space, c.number, c.patent_id).where(
                sa.tuple_(c.country, c.space, c.number).in_(chunk)
            )
            for country, space, number, patent_id in self.session.execute(query):
                found[(country, space, number)] = patent_id
        return found

    def stored_sources(self, keys: Iterable[SourceKey]) -> set[SourceKey]:
        """The subset of (sha256, document) keys already stored."""
        c = t.sources.c
        found: set[SourceKey] = set()
        for chunk in _chunks(sorted(set(keys))):
            query = sa.select(c.sha256, c.document).where(
                sa.tuple_(c.sha256, c.document).in_(chunk)
            )
            found.update((sha, document) for sha, document in self.session.execute(query))
        return found

    def _find_id(self, number: PatentNumber) -> int | None:
        keys = [number.key]
        if number.type is None:  # unknown type: look in both number spaces, documents first
            keys.append((number.country, "application", number.number))
        found = self.find_ids(keys)
        return next((found[k] for k in keys if k in found), None)

    def find(self, number: PatentNumber) -> Patent | None:
        """The patent holding ``number``; a number of unknown type matches both spaces."""
        patent_id = self._find_id(number)
        return None if patent_id is None else self.load([patent_id])[0]

    def close_matches(self, number: PatentNumber, *, limit: int = 5) -> list[str]:
        """Display forms of stored numbers like ``number``: same digits with another
        country, kind or type first, then small edit distances on the digit string."""
        wanted = number.number
        cutoff = 1 if len(wanted) < 6 else 2
        c = t.patent_numbers.c
        query = sa.select(c.patent_id, c.country, c.space, c.number, c.kind, c.type).where(
            sa.func.length(c.number).between(len(wanted) - cutoff, len(wanted) + cutoff)
        )
        best: dict[int, tuple[tuple[int, ...], str]] = {}
        for row in self.session.execute(query.execution_options(yield_per=2000)):
            distance = _edit_distance(wanted, row.number, cutoff)
            if distance > cutoff:
                continue
            found = PatentNumber(country=row.country, number=row.number, kind=row.kind,
                                 type=NumberType(row.type) if row.type else None)
            score = (distance, row.country != number.country, row.space != number.key[1],
                     row.kind != number.kind)
            label = _display(found)
            if row.patent_id not in best or (score, label) < best[row.patent_id]:
                best[row.patent_id] = (score, label)
        return [label for _, label in heapq.nsmallest(limit, best.values())]


def _display(number: PatentNumber) -> str:
    try:
        return number.display
    except ValueError:  # an unusual stored number the display rules do not cover
        return number.compact


def _edit_distance(a: str, b: str, cutoff: int) -> int:
    """Levenshtein distance, giving up (returning cutoff + 1) once it exceeds ``cutoff``."""
    if abs(len(a) - len(b)) > cutoff:
        return cutoff + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > cutoff:
            return cutoff + 1
        previous = current
    return previous[-1]


class SqlUnitOfWork:
    """One database transaction: the repository, savepoints and batch commits."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.patents = SqlPatentRepository(session)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo the writes inside on an exception (re-raised; database faults as StorageError).

        The first savepoint of a transaction opens it as a write transaction
        (SQLite: ``BEGIN IMMEDIATE``, waiting for another writer rather than failing).
        """
        try:
            if not self.session.in_transaction():
                self.session.connection(execution_options={WRITE_OPTION: True})
            with self.session.begin_nested():
                yield
        except SQLAlchemyError as exc:
            raise StorageError(f"the database refused the write: {_fault(exc)}") from exc

    def commit(self) -> None:
        try:
            self.session.commit()
        except SQLAlchemyError as exc:
            raise StorageError(f"the database could not commit: {_fault(exc)}") from exc


def _fault(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return (str(orig) if orig is not None else str(exc)).strip().splitlines()[0]


@dataclass(frozen=True)
class SqlPatentStore:
    """A :class:`~kizuna.services.ports.PatentStore` over a :class:`Database`."""

    database: Database

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlUnitOfWork]:
        """One transaction, committed at the end; database faults become StorageError."""
        try:
            with self.database.session() as session:
                yield SqlUnitOfWork(session)
        except SQLAlchemyError as exc:
            raise StorageError(f"database error: {_fault(exc)}") from exc


def patent_store(database: Database | PatentStore) -> PatentStore:
    """The store for ``database``; a store (or a test fake) is returned as it is."""
    if isinstance(database, Database):
        return SqlPatentStore(database)
    return database
