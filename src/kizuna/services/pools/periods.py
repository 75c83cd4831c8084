"""A stored pool's periods: import member reports and collections, invoice, distribute.

Report and collection files are read whole and validated before anything is
stored: a bad row refuses the whole file with an error naming the file and its
line. Distribution from stored data uses the same arithmetic as the file-based
``pool distribute`` (:func:`kizuna.services.pools.run.run_period_data`), so the
two give the same ``distribution-<period>.json`` for the same inputs.

    >>> import_report(db, pool="Demo Pool", path=Path("reports.csv"), actor=who)  # doctest: +SKIP
    >>> distribute_stored(db, pool="Demo Pool", period="2026-Q1", actor=who)  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.domain.pools.model import ReportLine, parse_period
from kizuna.errors import InvalidValueError
from kizuna.services.accounts.audit import Actor
from kizuna.services.files import read_bounded
from kizuna.services.pools import pool_file
from kizuna.services.pools.run import PeriodResult, distribution_json, run_period_data
from kizuna.services.pools.stored import (
    PoolView,
    append_entry,
    load_pool,
    status_departures,
)

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["collect", "distribute_stored", "import_report", "invoice", "stored_period"]


def _read(path: Path, data: bytes | None) -> tuple[bytes, str]:
    raw = data if data is not None else read_bounded(path, limit=pool_file.MAX_FILE_BYTES)
    if len(raw) > pool_file.MAX_FILE_BYTES:
        raise InvalidValueError(f"{path.name}: larger than {pool_file.MAX_FILE_BYTES} bytes")
    return raw, hashlib.sha256(raw).hexdigest()


def _check_line(view: PoolView, line: ReportLine) -> None:
    file, _, number = line.source.rpartition(":")
    where = f"{file}: line {number}"
    if line.member not in {m.name for m in view.pool.members}:
        raise InvalidValueError(
            f"{where}: member {line.member!r} is not a member of {view.pool.name!r}"
        )
    try:
        parse_period(line.period)
    except InvalidValueError as exc:
        raise InvalidValueError(f"{where}: {exc}") from None


def import_report(
    database: Database, *, pool: str, path: Path, actor: Actor, data: bytes | None = None
) -> PoolView:
    """Store a member royalty report (CSV or XLSX; columns in docs/pools.md), all or nothing."""
    raw, digest = _read(path, data)
    view = load_pool(database, pool)
    if digest in {str(f) for f in _report_digests(view)}:
        raise InvalidValueError(f"{path.name}: this report (SHA-256 {digest[:12]}…) is stored")
    lines = pool_file.report_lines(raw, path=path.name)
    if not lines:
        raise InvalidValueError(f"{path.name}: no report lines")
    for line in lines:
        _check_line(view, line)
    payload = {"file": path.name, "sha256": digest, "lines": [_line_json(x) for x in lines]}
    return append_entry(database, view, "pool.report", payload, actor=actor, validate=False)


def _report_digests(view: PoolView) -> list[str]:
    import json

    return [
        str(json.loads(e.summary).get("sha256"))
        for e in view.stored.entries
        if e.kind == "pool.report"
    ]


def _line_json(line: ReportLine) -> dict[str, Any]:
    return {
        "member": line.member, "period": line.period, "country": line.country,
        "currency": line.currency, "units": str(line.units), "net_sales": str(line.net_sales),
        "source": line.source,
    }  # fmt: skip


def _lines(view: PoolView) -> list[ReportLine]:
    return [
        ReportLine(
            member=x["member"], period=x["period"], country=x["country"], currency=x["currency"],
            units=Decimal(x["units"]), net_sales=Decimal(x["net_sales"]), source=x["source"],
        )
        for x in view.state.reports
    ]  # fmt: skip


def collect(
    database: Database, *, pool: str, path: Path, actor: Actor, data: bytes | None = None
) -> PoolView:
    """Store payments received (CSV or XLSX: member, period, currency, amount, paid_on)."""
    raw, digest = _read(path, data)
    view = load_pool(database, pool)
    items = pool_file.collections(raw, path=path.name)
    members = {m.name for m in view.pool.members}
    for number, item in enumerate(items, start=2):
        if item.member not in members:
            raise InvalidValueError(
                f"{path.name}: line {number}: member {item.member!r} is not a member of "
                f"{view.pool.name!r}"
            )
        parse_period(item.period)
        if item.amount < 0:
            raise InvalidValueError(f"{path.name}: line {number}: amount must not be negative")
    payload = {
        "file": path.name, "sha256": digest,
        "items": [{"member": i.member, "period": i.period, "currency": i.currency,
                   "amount": str(i.amount), "paid_on": i.paid_on} for i in items],
    }  # fmt: skip
    return append_entry(database, view, "pool.collect", payload, actor=actor, validate=False)


def _collections(view: PoolView) -> list[pool_file.Collection]:
    return [
        pool_file.Collection(
            member=x["member"], period=x["period"], currency=x["currency"],
            amount=Decimal(x["amount"]), paid_on=date.fromisoformat(x["paid_on"]),
        )
        for x in view.state.collections
    ]  # fmt: skip


def stored_period(view: PoolView, period: str) -> PeriodResult:
    """The period's invoices and distribution from the pool's stored reports and collections
    (no collections stored: every invoice is taken as paid, as the file form does)."""
    label = parse_period(period).label
    if not any(x["period"] == label for x in view.state.reports):
        raise InvalidValueError(f"pool {view.pool.name!r} has no report lines for {label}")
    paid = _collections(view)
    return run_period_data(
        pool=view.pool, fx_rates=view.fx, period=label, lines=_lines(view),
        collections=paid or None,
    )  # fmt: skip


def _leave_departed(database: Database, view: PoolView, actor: Actor, on: date) -> PoolView:
    for item in status_departures(database, view, as_of=on):
        view = append_entry(database, view, "pool.leave", item, actor=actor, on=item["left"])
    return view


def invoice(database: Database, *, pool: str, period: str, actor: Actor) -> PeriodResult:
    """Invoice every member for ``period`` from the stored reports; recorded in the ledger."""
    view = load_pool(database, pool)
    result = stored_period(view, period)
    invoices: Sequence[Any] = result.distribution.invoices
    payload = {
        "period": result.distribution.period.label,
        "invoices": [{"member": i.member, "tier": i.tier, "amount": str(i.amount),
                      "steps": list(i.steps)} for i in invoices],
    }  # fmt: skip
    append_entry(database, view, "pool.invoice", payload, actor=actor, validate=False)
    return result


def distribute_stored(
    database: Database, *, pool: str, period: str, actor: Actor, as_of: date | None = None
) -> PeriodResult:
    """Distribute ``period`` from stored data; patents whose stored status shows them expired
    or lapsed first leave the pool on their date (a ``pool.leave`` entry each)."""
    span = parse_period(period)
    view = _leave_departed(database, load_pool(database, pool), actor, as_of or date.today())
    if span.label in view.state.distributions:
        raise InvalidValueError(
            f"pool {view.pool.name!r}: {span.label} is already distributed (ledger entry "
            "pool.distribute); distributions are not redone"
        )
    result = stored_period(view, span.label)
    payload = {"period": span.label, "distribution": distribution_json(result.distribution)}
    append_entry(database, view, "pool.distribute", payload, actor=actor, validate=False)
    return result
