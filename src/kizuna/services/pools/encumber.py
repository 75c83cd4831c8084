"""A pool's licences as encumbrances: members are not targets for the pooled patents.

For every member of the pool that resolves to a stored company and every contributed patent
that is stored and still in the pool, records a ``licence`` encumbrance (the note names the
pool, the member's tier and date, and the pool's fields of use), so ``targets rank`` lists the
pair as blocked. Pairs already recorded are left alone; members and patents that are not stored
are reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kizuna.adapters.storage.db import Database
from kizuna.domain.pools.model import Pool
from kizuna.errors import KizunaError

__all__ = ["EncumberReport", "encumber_pool"]


@dataclass(frozen=True, kw_only=True)
class EncumberReport:
    added: tuple[tuple[str, str], ...]
    already: tuple[tuple[str, str], ...]
    skipped: tuple[str, ...]


def encumber_pool(database: Database, pool: Pool, *, on: date) -> EncumberReport:
    """Record the pool's member licences as encumbrances (idempotent)."""
    from kizuna.adapters.storage.landscape import SqlEncumbranceStore
    from kizuna.services.companies import get_company
    from kizuna.services.patents import get_patent

    store = SqlEncumbranceStore(database)
    existing = {(e.patent, e.company_id, e.kind) for e in store.all()}
    added, already, skipped = [], [], []
    patents = []
    for item in pool.contributions:
        if (item.left and item.left <= on) or (item.expires and item.expires <= on):
            skipped.append(f"{item.patent}: no longer in the pool on {on}")
            continue
        try:
            patents.append(get_patent(database=database, number=item.patent).number.compact)
        except KizunaError as exc:
            skipped.append(f"{item.patent}: {exc}")
    for member in pool.members:
        if member.effective > on or (member.ends and member.ends < on):
            skipped.append(f"{member.name}: not licensed on {on}")
            continue
        try:
            company = get_company(database, member.name)
        except KizunaError as exc:
            skipped.append(f"{member.name}: {exc}")
            continue
        assert company.id is not None  # stored companies have ids
        note = (
            f"pool licence: {pool.name} ({member.tier} tier, from {member.effective}); "
            f"fields: {', '.join(pool.fields) or 'all'}"
        )
        for number in patents:
            if (number, company.id, "licence") in existing:
                already.append((number, company.display_name))
                continue
            store.add(
                patent=number,
                company_id=company.id,
                company_name=company.display_name,
                kind="licence",
                note=note,
            )
            added.append((number, company.display_name))
    return EncumberReport(added=tuple(added), already=tuple(already), skipped=tuple(skipped))
