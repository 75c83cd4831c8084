"""Stored pools: create one from a definition file, change it, all through its signed ledger.

Every write appends one ledger entry (:mod:`kizuna.domain.pools.ledger`) and one
audit event in the same transaction; a change is first applied to the folded
definition and validated by the pool-file reader, so a bad change is refused
with nothing stored. The pool is always rebuilt from its ledger.

    >>> view = create_pool(db, path=Path("examples/pool/pool.toml"), actor=who)  # doctest: +SKIP
    >>> add_member(db, pool="Demo Magnetic Alignment Pool", name="New K.K.",
    ...            tier="standard", effective=date(2026, 4, 1), actor=who)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.domain.campaign import RecordEntry
from kizuna.domain.money import FxRate
from kizuna.domain.pools.ledger import LedgerState, fold, payload_text
from kizuna.domain.pools.model import LEAVE_REASONS, Pool
from kizuna.errors import InvalidValueError
from kizuna.services.accounts.audit import Actor, record
from kizuna.services.files import read_bounded
from kizuna.services.pools import pool_file

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database
    from kizuna.adapters.storage.pools import SqlPoolStore, StoredPool

__all__ = [
    "PoolView",
    "add_founder",
    "add_member",
    "append_entry",
    "contribute",
    "create_pool",
    "leave",
    "list_pools",
    "load_pool",
    "pool_store",
    "status_departures",
]


@dataclass(frozen=True, kw_only=True)
class PoolView:
    """A stored pool as its ledger makes it: id, the pool, FX rates, the folded state."""

    id: int
    stored: StoredPool
    pool: Pool
    fx: tuple[FxRate, ...]
    state: LedgerState

    def to_json(self) -> dict[str, Any]:
        p = self.pool
        return {
            "id": self.id, "name": p.name, "standard": p.standard, "currency": p.currency,
            "administrator": p.administrator, "fee_rate": str(p.fee_rate),
            "fields": list(p.fields), "territories": list(p.territories),
            "founders": list(p.founders),
            "members": [{"name": m.name, "tier": m.tier, "effective": m.effective.isoformat(),
                         "ends": m.ends.isoformat() if m.ends else None} for m in p.members],
            "contributions": self.state.definition.get("contributions", []),
            "reports": len(self.state.reports), "collections": len(self.state.collections),
            "invoiced_periods": sorted(self.state.invoices),
            "distributed_periods": sorted(self.state.distributions),
            "ledger": {"entries": self.stored.entry_count, "head": self.stored.head_hash},
        }  # fmt: skip


def pool_store(database: Database) -> SqlPoolStore:
    """The pool store, signing with this installation's key (the campaigns' key ring)."""
    from kizuna.adapters.storage.pools import SqlPoolStore
    from kizuna.services.records.keys import installation_keys

    return SqlPoolStore(database, signer=installation_keys().sign)


def _build(state: LedgerState, where: str) -> tuple[Pool, tuple[FxRate, ...]]:
    return pool_file.read_pool_data(state.definition, path=where)


def load_pool(database: Database, key: str) -> PoolView:
    """The stored pool named (or numbered) ``key``, rebuilt from its ledger."""
    store = pool_store(database)
    stored = store.get(store.find(key))
    state = fold(stored.entries)
    pool, fx = _build(state, f"pool {stored.name!r} (ledger)")
    return PoolView(id=stored.id, stored=stored, pool=pool, fx=fx, state=state)


def list_pools(database: Database) -> list[dict[str, Any]]:
    """``{id, name, entries, created_at}`` of every stored pool."""
    return [
        {"id": i, "name": n, "entries": c, "created_at": t.isoformat()}
        for i, n, c, t in pool_store(database).all()
    ]


def _entry(kind: str, payload: Mapping[str, Any], actor: Actor, on: date | None) -> RecordEntry:
    now = datetime.now(UTC).replace(microsecond=0)
    return RecordEntry(
        seq=0, kind=kind, summary=payload_text(payload), occurred_on=on or now.date(),
        recorded_at=now, actor=actor.name,
    )  # fmt: skip


def create_pool(
    database: Database, *, path: Path, actor: Actor, data: bytes | None = None
) -> PoolView:
    """Import a pool definition file (TOML or JSON, docs/pools.md) as a new stored pool;
    ``data`` is the file's content when it did not come from disk (the web's upload)."""
    if data is None:
        data = read_bounded(path, limit=pool_file.MAX_FILE_BYTES)
    elif len(data) > pool_file.MAX_FILE_BYTES:
        raise InvalidValueError(f"{path.name}: larger than {pool_file.MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValueError(f"{path}: not UTF-8 text (save the pool file as UTF-8)") from None
    document = pool_file.pool_document(text, path=str(path))
    pool, _ = pool_file.read_pool_data(document, path=str(path))
    definition = fold([_entry("pool.create", {"definition": document}, actor, None)]).definition
    entry = _entry("pool.create", {"definition": definition}, actor, None)

    def audit(session: Any, pool_id: int) -> None:
        detail = {"name": pool.name, "file": path.name}
        record(session, actor, "pool.create", f"pool {pool_id}", detail)

    created = pool_store(database).create(pool.name, entry, audit)
    return load_pool(database, str(created.id))


def append_entry(
    database: Database,
    view: PoolView,
    kind: str,
    payload: Mapping[str, Any],
    *,
    actor: Actor,
    on: date | None = None,
    validate: bool = True,
) -> PoolView:
    """Append one entry after checking that the pool it makes is valid; the new view."""
    entry = _entry(kind, payload, actor, on)
    if validate:
        _build(fold([*view.stored.entries, entry]), f"pool {view.pool.name!r}: {kind}")

    def audit(session: Any) -> None:
        record(session, actor, kind, f"pool {view.id}", {"name": view.pool.name, **_brief(payload)})

    pool_store(database).append(view.id, entry, audit, expect_count=view.stored.entry_count)
    return load_pool(database, str(view.id))


def _brief(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload for the audit log, without bulky lists (they are in the ledger)."""
    return {k: (f"{len(v)} item(s)" if isinstance(v, list) else v) for k, v in payload.items()
            if not isinstance(v, dict)}  # fmt: skip


def add_founder(database: Database, *, pool: str, name: str, actor: Actor) -> PoolView:
    """Add a founder (who may then contribute patents)."""
    view = load_pool(database, pool)
    if name.strip() in view.pool.founders:
        raise InvalidValueError(f"founder {name.strip()!r} is already in {view.pool.name!r}")
    return append_entry(database, view, "pool.founder", {"name": name.strip()}, actor=actor)


def add_member(
    database: Database,
    *,
    pool: str,
    name: str,
    tier: str,
    effective: date,
    ends: date | None = None,
    actor: Actor,
) -> PoolView:
    """Add a member licensed under ``tier`` from ``effective`` (to ``ends``)."""
    view = load_pool(database, pool)
    payload: dict[str, Any] = {"name": name.strip(), "tier": tier.strip(), "effective": effective}
    if ends is not None:
        payload["ends"] = ends
    return append_entry(database, view, "pool.member", payload, actor=actor, on=effective)


def contribute(
    database: Database, *, pool: str, contribution: Mapping[str, Any], actor: Actor
) -> PoolView:
    """Put a founder's licensing right to one patent into the pool (a ``[[contributions]]``
    table: founder, patent, country, joined, expires, fields, territories, until, assessment).

    A patent stored in the database gives its canonical number, country and expiry.
    """
    view = load_pool(database, pool)
    row = _with_stored_patent(database, dict(contribution))
    live = [c.patent for c in view.pool.contributions if c.left is None]
    if row["patent"] in live:
        raise InvalidValueError(f"patent {row['patent']} is already in {view.pool.name!r}")
    return append_entry(database, view, "pool.contribute", row, actor=actor,
                        on=_day(row.get("joined")))  # fmt: skip


def _day(value: Any) -> date | None:
    """``value`` as a date when it is one (or ISO text); None lets validation name the fault."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _with_stored_patent(database: Database, row: dict[str, Any]) -> dict[str, Any]:
    from kizuna.errors import NotFoundError
    from kizuna.services.patent_status import fee_events, status_of
    from kizuna.services.patents import get_patent

    try:
        patent = get_patent(database=database, number=str(row["patent"]))
    except NotFoundError:
        if not row.get("country"):
            raise InvalidValueError(
                f"patent {row['patent']} is not stored: give its --country (and --expires)"
            ) from None
        return row
    state = status_of(patent, as_of=date.today(), events=fee_events(database, patent))
    row["patent"] = patent.number.compact
    row.setdefault("country", patent.number.country)
    if row.get("expires") is None and state.legal.expiry is not None:
        row["expires"] = state.legal.expiry
    return {k: v for k, v in row.items() if v is not None}


def leave(
    database: Database,
    *,
    pool: str,
    patent: str,
    left: date,
    reason: str,
    basis: str,
    actor: Actor,
) -> PoolView:
    """Record that a contributed patent left the pool on ``left`` (expired, invalidated,
    withdrawn, lapsed), with the basis (a decision, the stored status)."""
    if reason not in LEAVE_REASONS:
        raise InvalidValueError(f"--reason {reason!r}: use one of {', '.join(LEAVE_REASONS)}")
    view = load_pool(database, pool)
    if not any(c.patent == patent and c.left is None for c in view.pool.contributions):
        raise InvalidValueError(f"patent {patent} is not (or no longer) in {view.pool.name!r}")
    payload = {"patent": patent, "left": left, "reason": reason, "basis": basis}
    return append_entry(database, view, "pool.leave", payload, actor=actor, on=left)


def status_departures(database: Database, view: PoolView, *, as_of: date) -> list[dict[str, Any]]:
    """Contributed patents whose stored status is expired or lapsed on ``as_of`` and which
    are still in the pool: ``{patent, left, reason, basis}`` for each."""
    from kizuna.errors import NotFoundError
    from kizuna.services.patent_status import fee_events, status_of
    from kizuna.services.patents import get_patent

    found = []
    for item in view.pool.contributions:
        if item.left is not None:
            continue
        try:
            patent = get_patent(database=database, number=item.patent)
        except NotFoundError:
            continue
        legal = status_of(patent, as_of=as_of, events=fee_events(database, patent)).legal
        if legal.code in ("expired", "lapsed") and legal.expiry is not None:
            found.append({"patent": item.patent, "left": legal.expiry, "reason": legal.code,
                          "basis": f"stored status: {legal.label}"})  # fmt: skip
    return found
