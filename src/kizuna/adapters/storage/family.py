"""Find the stored patents of one patent's family from what the records hold.

Three kinds of evidence tie records together, each a lookup in the patent tables:
the same claimed priority (``patent_priorities``), a priority that is another
record's application number (``patent_numbers``), and explicit family links
(``patent_family_links``: continuations, divisionals, equivalents) in either
direction. Priority numbers are compared without hyphens or spaces
(``2019-210418`` = ``2019210418``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kizuna.adapters.storage import patent_tables as t

__all__ = ["Relative", "relatives", "squeeze_number"]

Key = tuple[str, str]  # (country, number without separators)


def squeeze_number(number: str) -> str:
    """``number`` without separators: ``2019-210418`` → ``2019210418``."""
    return "".join(ch for ch in number if ch.isalnum())


def _squeezed(column: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    out: sa.ColumnElement[str] = column
    for separator in ("-", "/", ",", ".", " "):
        out = sa.func.replace(out, separator, "")
    return out


@dataclass(frozen=True, kw_only=True)
class Relative:
    """A stored patent related to the one asked about, and why."""

    patent_id: int
    relation: str  # "same-priority", "priority-of-this", "claims-this", or a FamilyRelation
    via: str  # the number that ties them, e.g. "JP 2019210418"


def _in(columns: tuple[sa.ColumnElement[str], sa.ColumnElement[str]],
        keys: Iterable[Key]) -> sa.ColumnElement[bool]:
    wanted = sorted(set(keys))
    if not wanted:
        return sa.false()
    return sa.tuple_(*columns).in_(wanted)


def relatives(session: Session, patent_id: int, *, priorities: Iterable[Key],
              applications: Iterable[Key], links: Iterable[tuple[Key, str]],
              own_numbers: Iterable[Key]) -> list[Relative]:
    """Stored patents other than ``patent_id`` tied to it by priority or family links."""
    priorities, applications, own_numbers = set(priorities), set(applications), set(own_numbers)
    linked_to: dict[Key, str] = dict(links)
    found: list[Relative] = []
    pr, n, fl = t.priorities.c, t.patent_numbers.c, t.family_links.c
    shared = sa.select(pr.patent_id, pr.country, pr.number).where(
        pr.patent_id != patent_id, _in((pr.country, _squeezed(pr.number)),
                                       priorities | applications))
    for other, country, number in session.execute(shared):
        key = (country, squeeze_number(number))
        relation = "same-priority" if key in priorities else "claims-this"
        found.append(Relative(patent_id=other, relation=relation, via=f"{country} {number}"))
    numbered = sa.select(n.patent_id, n.country, n.number).where(
        n.patent_id != patent_id, _in((n.country, n.number), priorities | set(linked_to)))
    for other, country, number in session.execute(numbered):
        relation = linked_to.get((country, number), "priority-of-this")
        found.append(Relative(patent_id=other, relation=relation, via=f"{country} {number}"))
    linked = sa.select(fl.patent_id, fl.relation, fl.country, fl.number).where(
        fl.patent_id != patent_id, _in((fl.country, _squeezed(fl.number)), own_numbers))
    for other, relation, country, number in session.execute(linked):
        found.append(Relative(patent_id=other, relation=f"{relation} (their link)",
                              via=f"{country} {number}"))
    return found
