"""Pledges and FRAND commitments per patent: record, list, remove; what targets must skip.

Each commitment names its source (the pledge's own text or the SDO's declaration
record) and that source's date; every add and remove is audited. :func:`blocks`
gives ``targets rank`` the (patent, company) pairs that a pledge in effect or a
stored pool's member licence rules out, each with its reason.

    >>> add_commitment(db, patent="JP7533889B1", kind="pledge", name="Open COVID Pledge",
    ...                field="COVID-19", beneficiaries="anyone", starts=date(2020, 4, 7),
    ...                source="https://opencovidpledge.org/", source_date=date(2020, 4, 7),
    ...                actor=who)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from kizuna.domain.company import Company
from kizuna.domain.pools.fields import FieldScope, resolve_field
from kizuna.domain.pools.pledges import KINDS, Commitment, pledge_blocks
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.accounts.audit import Actor, record

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = [
    "Block",
    "add_commitment",
    "blocks",
    "commitment_json",
    "commitments_for",
    "list_commitments",
    "remove_commitment",
]

MAX_TEXT = 2000


def _text(value: str, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if required and not text:
        raise InvalidValueError(f"--{name} is required")
    if len(text) > limit:
        raise InvalidValueError(f"--{name}: longer than {limit} characters")
    return text


def add_commitment(
    database: Database,
    *,
    patent: str,
    kind: str,
    name: str,
    source: str,
    source_date: date | None,
    actor: Actor,
    scope: str = "",
    field: str = "",
    beneficiaries: str = "",
    starts: date | None = None,
    ends: date | None = None,
    sdo: str = "",
    standard: str = "",
) -> Commitment:
    """Record a pledge or FRAND commitment on a stored patent, with its source and date."""
    from kizuna.adapters.storage.pools import SqlCommitmentStore
    from kizuna.services.patents import get_patent

    if kind not in KINDS:
        raise InvalidValueError(f"--kind {kind!r}: use pledge or frand")
    if source_date is None:
        raise InvalidValueError("--source-date is required (the date of the pledge's text or "
                                "of the FRAND declaration)")  # fmt: skip
    if starts and ends and ends < starts:
        raise InvalidValueError(f"--ends {ends} is before --starts {starts}")
    item = Commitment(
        id=None, patent=get_patent(database=database, number=patent).number.compact, kind=kind,
        name=_text(name, "name", required=True, limit=300), scope=_text(scope, "scope"),
        field=_text(field, "field"), beneficiaries=_text(beneficiaries, "beneficiaries"),
        starts=starts, ends=ends, sdo=_text(sdo, "sdo", required=kind == "frand", limit=200),
        standard=_text(standard, "standard", required=kind == "frand", limit=300),
        source=_text(source, "source", required=True), source_date=source_date,
    )  # fmt: skip
    if kind == "pledge" and not item.beneficiaries:
        raise InvalidValueError("--beneficiaries is required for a pledge ('anyone' or names)")

    def audit(session: Any) -> None:
        record(session, actor, f"{kind}.add", item.patent, commitment_json(item))

    return SqlCommitmentStore(database).add(item, audit)


def list_commitments(database: Database, patent: str | None = None) -> list[Commitment]:
    """Every commitment, or those on ``patent`` (any number form of a stored patent)."""
    from kizuna.adapters.storage.pools import SqlCommitmentStore
    from kizuna.services.patents import get_patent

    number = get_patent(database=database, number=patent).number.compact if patent else None
    return SqlCommitmentStore(database).of(number)


def commitments_for(database: Database, patents: Sequence[str]) -> list[Commitment]:
    """The commitments on any of ``patents`` (compact numbers; unstored ones have none)."""
    from kizuna.adapters.storage.pools import SqlCommitmentStore

    wanted = set(patents)
    return [c for c in SqlCommitmentStore(database).of() if c.patent in wanted]


def remove_commitment(database: Database, commitment_id: int, *, actor: Actor) -> None:
    """Delete a commitment recorded in error (the audit log keeps what it said)."""
    from kizuna.adapters.storage.pools import SqlCommitmentStore

    def audit(session: Any, item: Commitment) -> None:
        record(session, actor, f"{item.kind}.remove", item.patent, commitment_json(item))

    SqlCommitmentStore(database).remove(commitment_id, audit)


def commitment_json(item: Commitment) -> dict[str, Any]:
    """The commitment as JSON (docs/json.md)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": item.id, "patent": item.patent, "kind": item.kind, "name": item.name,
        "scope": item.scope, "field": item.field, "beneficiaries": item.beneficiaries,
        "starts": day(item.starts), "ends": day(item.ends), "sdo": item.sdo,
        "standard": item.standard, "source": item.source, "source_date": day(item.source_date),
    }  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Block:
    """A (patent, company) pair ruled out as a target, and why (an ``EncumbranceLike``).

    ``scopes``: the fields of use the licence or pledge is limited to (empty: every
    field); ``targets rank`` blocks the pair only inside them and flags it outside
    (:mod:`kizuna.domain.pools.fields`).
    """

    patent: str
    company_id: int
    label: str
    scopes: tuple[FieldScope, ...] = ()


@cache
def _scope(text: str) -> FieldScope:
    """A field-of-use text resolved against the shipped WIPO fields and sectors."""
    from kizuna.adapters.landscape_data import landscape_map
    from kizuna.adapters.reference import field_concordance

    wipo = {row.field for row in field_concordance().rows}
    return resolve_field(text, wipo=wipo, sectors=landscape_map().sectors)


def _scopes(texts: Sequence[str]) -> tuple[FieldScope, ...]:
    """Each non-empty field-of-use text, resolved."""
    return tuple(_scope(t.strip()) for t in texts if t.strip())


def _names(company: Company) -> set[str]:
    found = [company.display_name, company.name_ja, company.name_en, *company.aliases]
    return {n.strip().casefold() for n in found if n}


def _pool_blocks(database: Database, companies: Sequence[Company], on: date) -> list[Block]:
    from kizuna.services.pools.stored import list_pools, load_pool

    by_name = {n: c for c in companies if c.id is not None for n in _names(c)}
    found: list[Block] = []
    for row in list_pools(database):
        try:
            pool = load_pool(database, str(row["id"])).pool
        except KizunaError:
            continue  # a pool whose ledger cannot be read blocks nothing; `pool show` says why
        patents = [(c.patent, c.fields or pool.fields) for c in pool.contributions
                   if c.joined <= on and (c.last_day is None or on <= c.last_day)]  # fmt: skip
        for member in pool.members:
            company = by_name.get(member.name.strip().casefold())
            if company is None or member.effective > on or (member.ends and member.ends < on):
                continue
            head = f"pool licence: {pool.name} ({member.tier} tier, from {member.effective})"
            found.extend(Block(patent=p, company_id=company.id or 0, scopes=_scopes(fields),
                               label=f"{head}; fields: {', '.join(fields) or 'all'}")
                         for p, fields in patents)  # fmt: skip
    return found


def blocks(database: Database, companies: Sequence[Company], *, on: date) -> list[Block]:
    """Pairs no target on ``on``: pledges in effect that the company may rely on, and
    members' licences under stored pools for the pooled patents, each with its fields of
    use (a contribution's own ``fields``, else the pool's) for ``targets rank`` to apply."""
    from kizuna.adapters.storage.pools import SqlCommitmentStore

    found: list[Block] = []
    for item in SqlCommitmentStore(database).of():
        if item.kind != "pledge":
            continue
        scopes = _scopes([item.field])
        for company in companies:
            if company.id is not None and any(
                pledge_blocks(item, company=name, on=on) for name in _names(company)
            ):
                found.append(Block(patent=item.patent, company_id=company.id, label=item.label,
                                   scopes=scopes))
    return [*found, *_pool_blocks(database, companies, on)]
