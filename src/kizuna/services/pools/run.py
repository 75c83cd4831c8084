"""Run one pool period: invoices from member reports, collections, fee, distribution.

>>> result = run_period(pool_path=Path("examples/pool.toml"), period="2026-Q1",
...                     reports=[Path("examples/pool-reports-2026Q1.csv")])  # doctest: +SKIP
>>> result.distribution.remainder  # doctest: +SKIP
Decimal('0')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from kizuna.adapters.royalty_data import fx_table
from kizuna.domain.money import FxTable, Money
from kizuna.domain.pools.checklist import CheckResult, check_pool
from kizuna.domain.pools.distribution import Distribution, Invoice, distribute, invoice_member
from kizuna.domain.pools.model import Period, Pool, ReportLine, parse_period
from kizuna.errors import InvalidValueError
from kizuna.services.files import read_bounded
from kizuna.services.pools import pool_file

__all__ = [
    "PeriodResult",
    "check_pool_file",
    "distribution_json",
    "period_invoices",
    "run_period",
    "run_period_bytes",
    "run_period_data",
]


@dataclass(frozen=True, kw_only=True)
class PeriodResult:
    pool: Pool
    distribution: Distribution
    lines: tuple[ReportLine, ...]
    notes: tuple[str, ...]


def _convert(
    lines: Sequence[ReportLine], pool: Pool, period: Period, fx: FxTable
) -> tuple[list[ReportLine], list[str]]:
    converted, notes = [], []
    for line in lines:
        if line.currency == pool.currency:
            converted.append(line)
            continue
        result = fx.convert(
            Money(amount=line.net_sales, currency=line.currency), pool.currency, period.end
        )
        converted.append(replace(line, currency=pool.currency, net_sales=result.converted.amount))
        notes.append(f"{line.source}: {result.explanation}")
    return converted, notes


def run_period_bytes(
    *,
    pool: Pool,
    fx_rates: Sequence[object],
    period: str,
    reports: Sequence[tuple[str, bytes]],
    collections: Sequence[tuple[str, bytes]] = (),
) -> PeriodResult:
    """The period's result from report/collection file contents (name, bytes)."""
    if not reports:
        raise InvalidValueError("give at least one member report for the period")
    lines = [line for name, data in reports for line in pool_file.report_lines(data, path=name)]
    paid = [item for name, data in collections for item in pool_file.collections(data, path=name)]
    return run_period_data(
        pool=pool, fx_rates=fx_rates, period=period, lines=lines,
        collections=paid if collections else None,
    )  # fmt: skip


def _collected(
    pool: Pool, span: Period, fx: FxTable, items: Sequence[pool_file.Collection]
) -> dict[str, Decimal]:
    members = {m.name for m in pool.members}
    paid: dict[str, Decimal] = {}
    for item in items:
        if item.period != span.label:
            continue
        if item.member not in members:
            raise InvalidValueError(f"member {item.member!r} is not a member of {pool.name!r}")
        amount = fx.convert(
            Money(amount=item.amount, currency=item.currency), pool.currency, item.paid_on
        )
        paid[item.member] = paid.get(item.member, Decimal(0)) + amount.converted.amount
    return paid


def run_period_data(
    *,
    pool: Pool,
    fx_rates: Sequence[object],
    period: str,
    lines: Sequence[ReportLine],
    collections: Sequence[pool_file.Collection] | None,
) -> PeriodResult:
    """The period's result from report lines and collections (None: invoices taken as paid)."""
    span = parse_period(period)
    fx = FxTable([*fx_table().rates, *fx_rates])  # type: ignore[list-item]
    members = {m.name: m for m in pool.members}
    kept: list[ReportLine] = []
    for line in lines:
        if line.member not in members:
            raise InvalidValueError(
                f"{line.source}: member {line.member!r} is not a member of {pool.name!r}"
            )
        if line.period == span.label:
            kept.append(line)
    skipped = len(lines) - len(kept)
    converted, notes = _convert(kept, pool, span, fx)
    invoices = period_invoices(pool, span, converted)
    if collections is not None:
        paid = _collected(pool, span, fx, collections)
        notes.append("distribution of amounts collected (collection records given)")
    else:
        paid = {i.member: i.amount for i in invoices}
        notes.append("no collection records given: every invoice is taken as paid in full")
    if skipped:
        notes.append(f"{skipped} report line(s) for other periods left out")
    result = distribute(pool, span, invoices, paid, converted)
    unpaid = [i.member for i in invoices if paid.get(i.member, Decimal(0)) < i.amount]
    if unpaid:
        notes.append("invoiced but not (fully) collected: " + ", ".join(unpaid))
    return PeriodResult(pool=pool, distribution=result, lines=tuple(converted), notes=tuple(notes))


def period_invoices(pool: Pool, span: Period, lines: Sequence[ReportLine]) -> list[Invoice]:
    """One invoice per member licensed during ``span`` (``lines`` in the pool's currency)."""
    return [
        invoice_member(pool, member, [li for li in lines if li.member == member.name], span)
        for member in pool.members
        if span.overlap_days(member.effective, member.ends) > 0
    ]


def run_period(
    *, pool_path: Path, period: str, reports: Sequence[Path], collections: Sequence[Path] = ()
) -> PeriodResult:
    """Read the pool file and reports from disk and run the period."""
    pool, fx = pool_file.read_pool(pool_path)
    return run_period_bytes(
        pool=pool,
        fx_rates=fx,
        period=period,
        reports=[(str(p), read_bounded(p, limit=pool_file.MAX_FILE_BYTES)) for p in reports],
        collections=[
            (str(p), read_bounded(p, limit=pool_file.MAX_FILE_BYTES)) for p in collections
        ],
    )


def check_pool_file(path: Path) -> tuple[Pool, tuple[CheckResult, ...]]:
    pool, _ = pool_file.read_pool(path)
    return pool, check_pool(pool)


def distribution_json(result: Distribution) -> dict[str, object]:
    """The distribution file's shape (docs/json.md): amounts as decimal strings."""
    return {
        "period": result.period.label,
        "currency": result.currency,
        "collected": str(result.collected),
        "fee": str(result.fee),
        "distributed": [{"founder": p.founder, "amount": str(p.amount)} for p in result.payouts],
        "remainder": str(result.remainder),
    }
