"""Reading the patent record over SQLAlchemy Core, from a session or a plain connection.

:class:`PatentReader` holds the reads a listing needs (every id, the summaries, whole
records without claims) and :func:`fee_events_for` the stored US maintenance-fee
events; neither imports SQLAlchemy's ORM, so ``kizuna patents list`` reads through
:meth:`Database.read <kizuna.adapters.storage.db.Database.read>` and starts faster
(issue 11.15). :class:`~kizuna.adapters.storage.patents.SqlPatentRepository` adds the
writes and lookups on top of these reads.

    >>> with database.read() as connection:  # doctest: +SKIP
    ...     summaries = PatentReader(connection).summaries()
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.patent_rows import Row, claims_from_rows, patent_from_rows
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.domain.patent import Patent
from kizuna.domain.status.maintenance import FeeEvent
from kizuna.services.ports import PatentSummary

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["FEE_EVENTS", "STATUS_TABLES", "PatentReader", "fee_events_for"]

#: The child tables that expiry and legal status read (numbers and family links;
#: kizuna.domain.term and kizuna.domain.status use nothing else of the record).
STATUS_TABLES = (t.patent_numbers, t.family_links)

#: The ``maintenance_fee_events`` table as Core sees it (the ORM class is
#: ``maintenance_fees.FeeEventRow``; tests check that the columns agree).
FEE_EVENTS = sa.table(
    "maintenance_fee_events",
    *(sa.column(name, sa.String) for name in ("patent", "application", "entity", "code")),
    *(sa.column(name, sa.Date) for name in ("filing_date", "grant_date", "event_date")),
)


class PatentReader:
    """Reads of stored patents through a session or a Core connection."""

    def __init__(self, session: Session | sa.Connection) -> None:
        self.session = session

    def load(self, patent_ids: Sequence[int], *, with_claims: bool = True,
             tables: Sequence[sa.Table] = t.PATENT_CHILD_TABLES) -> list[Patent]:
        """The patents with these ids, in the same order; KeyError for an unknown id.

        ``with_claims=False`` leaves the claim texts out (the status list needs none);
        ``tables`` limits the child tables read (:data:`STATUS_TABLES`: what the term and
        legal status need; the other lists of the records are then empty).
        """
        ids = list(patent_ids)
        if not ids:
            return []
        query = sa.select(t.patents).where(t.patents.c.id.in_(ids))
        patents = {r["id"]: r for r in self._rows(query)}
        children: dict[int, dict[str, list[Row]]] = {i: defaultdict(list) for i in ids}
        for table in tables:
            query = (sa.select(table).where(table.c.patent_id.in_(ids))
                     .order_by(table.c.patent_id, table.c.position))
            for r in self._rows(query):
                children[r["patent_id"]][table.name].append(r)
        if not with_claims:
            return [patent_from_rows(patents[i], children[i], {}) for i in ids]
        in_patents = t.claim_sets.c.patent_id.in_(ids)
        claim_query = (sa.select(t.claims).join(t.claim_sets).where(in_patents)
                       .order_by(t.claims.c.claim_set_id, t.claims.c.position))
        element_query = (sa.select(t.claim_elements)
                         .select_from(t.claim_elements.join(t.claims).join(t.claim_sets))
                         .where(in_patents)
                         .order_by(t.claim_elements.c.claim_id, t.claim_elements.c.position))
        elements: dict[int, list[Row]] = defaultdict(list)
        for r in self._rows(element_query):
            elements[r["claim_id"]].append(r)
        claims = claims_from_rows(self._rows(claim_query), elements)
        return [patent_from_rows(patents[i], children[i], claims) for i in ids]

    def _rows(self, query: sa.Select[Any]) -> list[Row]:
        return [dict(r) for r in self.session.execute(query).mappings()]

    def all_ids(self) -> list[int]:
        """The ids of every stored patent, in id order."""
        return list(self.session.scalars(sa.select(t.patents.c.id).order_by(t.patents.c.id)))

    def summaries(self) -> list[PatentSummary]:
        """One summary per stored patent, ordered by canonical number."""
        per_set = (sa.select(t.claim_sets.c.patent_id, sa.func.count(t.claims.c.id).label("n"))
                   .select_from(t.claim_sets.outerjoin(t.claims))
                   .group_by(t.claim_sets.c.id, t.claim_sets.c.patent_id).subquery())
        claim_counts = (sa.select(per_set.c.patent_id, sa.func.max(per_set.c.n).label("claims"))
                        .group_by(per_set.c.patent_id).subquery())
        source_counts = (sa.select(t.sources.c.patent_id, sa.func.count().label("sources"))
                         .group_by(t.sources.c.patent_id).subquery())
        p, n = t.patents.c, t.patent_numbers.c
        query = (
            sa.select(p.title, p.country, p.status, p.filing_date, n.country.label("n_country"),
                      n.number, n.kind, n.type,
                      sa.func.coalesce(claim_counts.c.claims, 0).label("claims"),
                      sa.func.coalesce(source_counts.c.sources, 0).label("sources"))
            .join(t.patent_numbers, sa.and_(n.patent_id == p.id, n.canonical.is_(True)))
            .outerjoin(claim_counts, claim_counts.c.patent_id == p.id)
            .outerjoin(source_counts, source_counts.c.patent_id == p.id)
            .order_by(p.number, p.id)
        )
        return [
            PatentSummary(
                number=PatentNumber(country=r.n_country, number=r.number, kind=r.kind,
                                    type=NumberType(r.type) if r.type else None),
                title=r.title, country=r.country, status=r.status, filing=r.filing_date,
                claims=int(r.claims), sources=int(r.sources),
            )
            for r in self.session.execute(query)
        ]


def fee_events_for(session: Session | sa.Connection,
                   patents: Iterable[str]) -> dict[str, tuple[FeeEvent, ...]]:
    """The stored maintenance-fee events of each of ``patents`` (digits), by event date."""
    c = FEE_EVENTS.c
    wanted = sorted(set(patents))
    found: dict[str, list[FeeEvent]] = {p: [] for p in wanted}
    for start in range(0, len(wanted), 500):
        query = (sa.select(c.patent, c.application, c.entity, c.filing_date, c.grant_date,
                           c.event_date, c.code)
                 .where(c.patent.in_(wanted[start:start + 500]))
                 .order_by(c.patent, c.event_date, c.code))
        for r in session.execute(query):
            found[r.patent].append(FeeEvent(
                patent=r.patent, application=r.application, entity=r.entity,
                filing=r.filing_date, grant=r.grant_date, event_date=r.event_date, code=r.code))
    return {p: tuple(events) for p, events in found.items()}
