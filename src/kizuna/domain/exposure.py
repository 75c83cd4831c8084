"""Damages exposure over a sales history: Art. 102 per year, limitation applied.

For each year of the infringer's sales the Art. 102 amount is computed with
that year's figures (:func:`kizuna.domain.damages.compute_scenario`), then split
by :func:`kizuna.domain.limitation.claimability`:

- the share still within the tort periods is claimable as damages;
- the share past the tort periods but within the unjust-enrichment periods is
  claimable as a hypothetical licence fee, ``sales x rate`` [S25];
- the rest is time-barred and shown as such.

Without a history, the exposure is the Art. 102 amount for the figures given,
with no limitation applied (the output says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kizuna.domain.damages import DamagesCase, Method, Scenario, ScenarioResult, compute_scenario
from kizuna.domain.law.suspension import LimitationEvent
from kizuna.domain.limitation import YearClaimability, claimability
from kizuna.domain.money import Money
from kizuna.errors import InvalidValueError

__all__ = ["Exposure", "YearExposure", "YearSales", "assess"]


@dataclass(frozen=True, kw_only=True)
class YearSales:
    """One year of the infringer's sales (amounts in the case currency)."""

    year: int
    sales: Decimal
    units: Decimal | None = None
    direct_costs: Decimal | None = None

    def __post_init__(self) -> None:
        for name, value in (
            ("sales", self.sales),
            ("units", self.units),
            ("direct_costs", self.direct_costs),
        ):
            if value is not None and value < 0:
                raise InvalidValueError(f"sales history, year {self.year}: {name} is negative")


@dataclass(frozen=True, kw_only=True)
class YearExposure:
    """One year's damages by scenario, split by what is still claimable."""

    year: int
    sales: Money
    shares: YearClaimability
    damages: dict[Scenario, Money]
    tort: dict[Scenario, Money]
    unjust_enrichment: dict[Scenario, Money]
    barred: dict[Scenario, Money]


@dataclass(frozen=True, kw_only=True)
class Exposure:
    """The Art. 102 exposure of a case: per scenario, and per year with a history."""

    case: DamagesCase
    scenarios: tuple[ScenarioResult, ...]
    claimable: dict[Scenario, Money]
    years: tuple[YearExposure, ...] = ()
    as_of: date | None = None
    knowledge_date: date | None = None
    events: tuple[LimitationEvent, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def _overrides(case: DamagesCase, row: YearSales) -> dict[str, Decimal]:
    if case.method is Method.ART_102_1:
        if row.units is None:
            raise InvalidValueError(
                f"sales history, year {row.year}: 'units' is needed for Art. 102(1)"
            )
        return {"infringer-units": row.units}
    if case.method is Method.ART_102_2:
        if row.direct_costs is None:
            raise InvalidValueError(
                f"sales history, year {row.year}: 'direct_costs' is needed for Art. 102(2)"
            )
        return {"sales": row.sales, "direct-costs": row.direct_costs}
    return {"sales": row.sales}


def _year(case: DamagesCase, row: YearSales, shares: YearClaimability) -> YearExposure:
    money = case.currency
    damages: dict[Scenario, Money] = {}
    tort: dict[Scenario, Money] = {}
    enrichment: dict[Scenario, Money] = {}
    barred: dict[Scenario, Money] = {}
    for scenario in Scenario:
        result = compute_scenario(case, scenario, _overrides(case, row))
        rate = result.values["rate"]
        damages[scenario] = result.total
        tort[scenario] = result.total * shares.tort
        enrichment[scenario] = Money(
            amount=row.sales * rate * shares.unjust_enrichment, currency=money
        )
        barred[scenario] = result.total * shares.barred
    return YearExposure(
        year=row.year,
        sales=Money(amount=row.sales, currency=money),
        shares=shares,
        damages=damages,
        tort=tort,
        unjust_enrichment=enrichment,
        barred=barred,
    )


def assess(
    case: DamagesCase,
    history: Sequence[YearSales] = (),
    *,
    as_of: date | None = None,
    knowledge_date: date | None = None,
    events: Sequence[LimitationEvent] = (),
) -> Exposure:
    """Exposure of ``case``; with ``history`` and ``as_of``, only what is claimable.

    >>> from kizuna.domain.damages import Range
    >>> case = DamagesCase(method=Method.ART_102_3, currency="JPY",
    ...     inputs={"sales": Range.point(Decimal(1000)), "rate": Range.point(Decimal("0.05"))})
    >>> assess(case).claimable[Scenario.BASE].amount
    Decimal('50.00')
    """
    scenarios = tuple(compute_scenario(case, s) for s in Scenario) if not history else ()
    if not history:
        if as_of is not None or knowledge_date is not None or events:
            raise InvalidValueError(
                "--as-of/--knowledge-date/limitation events need a sales history (--history)"
            )
        return Exposure(
            case=case,
            scenarios=scenarios,
            claimable={r.scenario: r.total for r in scenarios},
            notes=("No sales history given: no limitation period applied.",),
        )
    if as_of is None:
        raise InvalidValueError("--as-of: needed with a sales history (the date the claim is made)")
    shares = claimability(
        [r.year for r in history], as_of=as_of, knowledge_date=knowledge_date, events=events
    )
    years = tuple(_year(case, row, s) for row, s in zip(history, shares, strict=True))
    claimable = {
        s: Money.total((y.tort[s] + y.unjust_enrichment[s] for y in years), case.currency)
        for s in Scenario
    }
    notes = [
        "Limitation: tort 3 years from knowledge / 20 years (Civil Code 724) [S22][S23]; "
        "unjust enrichment 5 years from knowledge / 10 years for claims from 2020-04-01, "
        "10 years before (Civil Code 166(1), 703) [S24], valued as a licence fee [S25].",
        "Each year's sales are spread evenly over its days; each day is a separate tort.",
        "Periods counted without their first day (Civil Code Arts. 140, 143): a claim is "
        "live on the anniversary itself.",
    ]
    used = sorted((e for e in events if e.day <= as_of), key=lambda e: e.day)
    if used:
        notes.append(
            "Suspension of completion (完成猶予) applied for "
            + ", ".join(e.text() for e in used)
            + ": a demand (催告) for 6 months, once (Civil Code Art. 150); a written "
            "agreement to negotiate (協議を行う旨の合意) up to 1 year, renewable to 5 years "
            "in all, neither during the other's suspension (Art. 151)."
        )
    if len(used) < len(events):
        notes.append(
            f"{len(events) - len(used)} limitation event(s) after --as-of {as_of} left out."
        )
    if knowledge_date is None:
        notes.append(
            "No --knowledge-date: knowledge taken as the day of each sale "
            "(the least claimable assumption)."
        )
    return Exposure(
        case=case,
        scenarios=(),
        claimable=claimable,
        years=years,
        as_of=as_of,
        knowledge_date=knowledge_date,
        events=tuple(used),
        notes=tuple(notes),
    )
