"""A patent's family as the stored records show it, each member with its status.

Members are the stored patents tied to this one (see
:mod:`kizuna.adapters.storage.family`), and the applications it claims
priority from or links to that are not stored, listed so the reader knows they
exist (``stored: false``). Statuses and expiries are those of the portfolio
list on the same date. The family is only as complete as the record: a member
no ingested document mentions cannot be shown.

    >>> patent = get_patent(database=db, number="JP7533889B2")  # doctest: +SKIP
    >>> [m.display for m in family_members(database=db, patent=patent, as_of=today)]
    ... # doctest: +SKIP
    ['JP 2019210418']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from kizuna.adapters.storage.family import Relative, relatives, squeeze_number
from kizuna.adapters.storage.search import patent_search
from kizuna.domain.ids import NumberType
from kizuna.domain.patent import Patent
from kizuna.services.patents import as_store
from kizuna.services.portfolio.index import refresh_index
from kizuna.services.portfolio.listing import status_on

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["FamilyMember", "family_members"]


@dataclass(frozen=True, kw_only=True)
class FamilyMember:
    """One member of a patent's family."""

    number: str | None  # compact number of a stored member; None when not stored
    display: str
    relation: str  # same-priority, priority-of-this, claims-this, priority, continuation…
    via: str  # the number that ties it to the patent
    stored: bool
    status: str | None = None  # on the date asked; None when not stored
    expiry: date | None = None
    title: str | None = None
    date: date | None = None  # priority or link date the record gives

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict of every field (dates as ``date``)."""
        return {"number": self.number, "display": self.display, "relation": self.relation,
                "via": self.via, "stored": self.stored, "status": self.status,
                "expiry": self.expiry, "title": self.title, "date": self.date}


def _keys(patent: Patent) -> dict[str, Any]:
    return {
        "priorities": {(p.country, squeeze_number(p.number)) for p in patent.priorities},
        "applications": {(n.country, n.number) for n in patent.numbers
                         if n.type is NumberType.APPLICATION},
        "links": {((f.number.country, f.number.number), f.relation.value)
                  for f in patent.family},
        "own_numbers": {(n.country, n.number) for n in patent.numbers},
    }


def _stored(database: Database, patent: Patent, as_of: date) -> list[FamilyMember]:
    store = as_store(database)
    with store.unit_of_work() as uow:
        own = uow.patents.find_ids([patent.number.key])[patent.number.key]
    with database.session() as session:
        found: dict[int, Relative] = {}
        for relative in relatives(session, own, **_keys(patent)):
            found.setdefault(relative.patent_id, relative)
        if not found:
            return []
        c = patent_search.c
        query = (sa.select(c.patent_id, c.number, c.display, c.title, c.expiry,
                           status_on(as_of).label("status"))
                 .where(c.patent_id.in_(list(found))).order_by(c.number))
        return [FamilyMember(number=r.number, display=r.display,
                             relation=found[r.patent_id].relation, via=found[r.patent_id].via,
                             stored=True, status=r.status, expiry=r.expiry, title=r.title)
                for r in session.execute(query)]


def family_members(*, database: Database, patent: Patent, as_of: date) -> list[FamilyMember]:
    """The family of the stored ``patent``: stored members first, then the priority
    applications and linked numbers no stored record holds."""
    refresh_index(database=database)
    members = _stored(database, patent, as_of)
    held = {m.via for m in members}
    for p in patent.priorities:
        via = f"{p.country} {p.number}"
        if f"{p.country} {squeeze_number(p.number)}" not in held:
            members.append(FamilyMember(number=None, display=via, relation=f"priority ({p.kind})",
                                        via=via, stored=False, date=p.date))
    for link in patent.family:
        via = f"{link.number.country} {link.number.number}"
        if via not in held:
            members.append(FamilyMember(number=None, display=link.number.display,
                                        relation=link.relation.value, via=via, stored=False,
                                        date=link.date))
    return members
