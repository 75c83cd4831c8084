"""Pool royalties: member invoices from reports, the administrator's fee, and the
founders' shares by documented weights, exact to the yen.

Rules (docs/pools.md states them for users):

- **Invoice** per member and period: ``units × per_unit + net_sales × percent``
  of the member's tier, minus the early-bird discount, then capped and raised
  to the minimum (both prorated by the days the licence covers in the period),
  rounded half-up to the currency's minor unit (as every payment in Kizuna).
- **Fee**: ``collected × fee_rate``, rounded *down* to the minor unit (the
  administrator, not a founder, bears the fraction).
- **Weights**: each contributed patent counts
  ``active_days / period_days × essential × country_weight × life_factor`` where
  ``essential`` is 1 only with a dated assessment that finds it essential (an
  independent evaluator's opinion, or a claim chart) made by the period's end;
  ``country_weight`` is the share of the period's reported net sales in the
  contribution's *covered territories* (``country_weighting = "sales"``, the
  default) or 1 when a covered territory is a pool territory (``"flat"``). The
  covered territories (:func:`covered_territories`) are the patent's country; a
  contribution's ``territories`` limit narrows them (a national patent whose own
  country is not listed covers nothing: patents are territorial, each national
  patent independent of the others — Paris Convention Art. 4bis) and, for a
  regional or PCT right (``EP``, ``EA``, ``AP``, ``OA``, ``GC``, ``WO``), name the
  countries it covers; ``life_factor`` is
  ``1 − w + w × min(remaining years, 20) / 20`` with ``w`` the pool's
  ``remaining_life_weight`` (0 by default: life does not change shares).
  A founder's weight is the sum over their patents.
- **Largest remainder** (Hamilton): the net is split in minor units; each
  founder first gets the floor of their exact quota (computed with fractions,
  no rounding error), then the units left over go one each to the largest
  fractional parts (ties: founder name in code-point order). The sum of the
  payouts equals the net exactly; ``remainder`` is what could not be
  distributed (the whole net when no patent carries weight in the period).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from kizuna.domain.money import minor_unit
from kizuna.domain.pools.model import Contribution, Member, Period, Pool, ReportLine

__all__ = [
    "REGIONAL",
    "Distribution",
    "Invoice",
    "PatentWeight",
    "Payout",
    "covered_territories",
    "distribute",
    "invoice_member",
    "largest_remainder",
]

LIFE_HORIZON_YEARS = 20
# Offices whose patents (or applications) are not one country's: a contribution's territories
# say which countries such a right covers. EP (EPO), EA (Eurasian), AP (ARIPO), OA (OAPI),
# GC (GCC patent office), WO (PCT application).
REGIONAL = frozenset({"EP", "EA", "AP", "OA", "GC", "WO"})


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_unit(currency))


@dataclass(frozen=True, kw_only=True)
class Invoice:
    """What one member owes the pool for one period, with the working shown."""

    member: str
    tier: str
    units: Decimal
    net_sales: Decimal
    gross: Decimal
    discount: Decimal
    adjustment: str
    amount: Decimal
    steps: tuple[str, ...]


def invoice_member(
    pool: Pool, member: Member, lines: Sequence[ReportLine], period: Period
) -> Invoice:
    """The member's invoice for ``period`` from report ``lines`` in the pool's currency."""
    tier = pool.tier(member.tier)
    units = sum((line.units for line in lines), Decimal(0))
    sales = sum((line.net_sales for line in lines), Decimal(0))
    steps: list[str] = []
    gross = Decimal(0)
    if tier.per_unit is not None:
        gross += units * tier.per_unit
        steps.append(f"{units} units × {tier.per_unit} {pool.currency}")
    if tier.percent is not None:
        gross += sales * tier.percent
        steps.append(f"{sales} {pool.currency} net sales × {tier.percent * 100}%")
    discount = Decimal(0)
    if tier.early_bird_until and member.effective <= tier.early_bird_until:
        discount = gross * tier.early_bird_discount
        steps.append(f"early-bird discount {tier.early_bird_discount * 100}%")
    due = gross - discount
    share = Decimal(period.overlap_days(member.effective, member.ends)) / Decimal(period.days)
    adjustment = ""
    if tier.cap is not None and due > tier.cap * share:
        due, adjustment = tier.cap * share, "cap"
    if tier.minimum is not None and due < tier.minimum * share:
        due, adjustment = tier.minimum * share, "minimum"
    if adjustment:
        steps.append(f"{adjustment} applied ({share:.4f} of the period licensed)")
    amount = due.quantize(_quantum(pool.currency), rounding=ROUND_HALF_UP)
    return Invoice(
        member=member.name,
        tier=tier.name,
        units=units,
        net_sales=sales,
        gross=gross,
        discount=discount,
        adjustment=adjustment,
        amount=amount,
        steps=tuple(steps),
    )


@dataclass(frozen=True, kw_only=True)
class PatentWeight:
    """One contributed patent's weight in the period, or why it has none."""

    founder: str
    patent: str
    country: str
    active_days: int
    essential: bool
    country_weight: Fraction
    life_factor: Fraction
    weight: Fraction
    note: str


@dataclass(frozen=True, kw_only=True)
class Payout:
    founder: str
    weight: Fraction
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class Distribution:
    """A period's statement: collected, fee, payouts by founder, remainder."""

    pool: str
    period: Period
    currency: str
    invoiced: Decimal
    collected: Decimal
    fee: Decimal
    net: Decimal
    payouts: tuple[Payout, ...]
    remainder: Decimal
    invoices: tuple[Invoice, ...]
    patents: tuple[PatentWeight, ...]


def largest_remainder(total: int, weights: Mapping[str, Fraction]) -> dict[str, int]:
    """Split ``total`` whole units by ``weights`` so that the parts sum to ``total``.

    >>> largest_remainder(10, {"a": Fraction(1), "b": Fraction(1), "c": Fraction(1)})
    {'a': 4, 'b': 3, 'c': 3}
    """
    whole = sum(weights.values(), Fraction(0))
    if total < 0 or whole <= 0:
        raise ValueError("largest_remainder needs a non-negative total and positive weights")
    quotas = {name: total * w / whole for name, w in weights.items()}
    parts = {name: int(q) for name, q in quotas.items()}  # floor: quotas are >= 0
    left = total - sum(parts.values())
    order = sorted(quotas, key=lambda name: (-(quotas[name] - parts[name]), name))
    for name in order[:left]:
        parts[name] += 1
    return parts


def _essential(item: Contribution, period: Period) -> bool:
    a = item.assessment
    return a is not None and a.essential and a.on <= period.end


def _life_factor(pool: Pool, item: Contribution, on: date) -> Fraction:
    w = Fraction(pool.remaining_life_weight)
    if w == 0:
        return Fraction(1)
    years = Fraction(0)
    if item.expires is None:
        years = Fraction(LIFE_HORIZON_YEARS)
    elif item.expires > on:
        years = min(Fraction((item.expires - on).days, 365), Fraction(LIFE_HORIZON_YEARS))
    return 1 - w + w * years / LIFE_HORIZON_YEARS


def covered_territories(item: Contribution) -> tuple[str, ...]:
    """Where the contributed right counts for weights (see the module rules).

    >>> covered_territories(Contribution(founder="A", patent="EP1", country="EP",
    ...     expires=None, joined=date(2026, 1, 1), territories=("FR", "DE")))
    ('DE', 'FR')
    """
    if not item.territories:
        return (item.country,)
    if item.country in REGIONAL:
        return tuple(sorted(set(item.territories)))
    return (item.country,) if item.country in item.territories else ()


def _coverage(
    pool: Pool, item: Contribution, sales_share: Mapping[str, Fraction]
) -> tuple[Fraction, list[str]]:
    """The country weight of a contribution and what explains it."""
    covered = covered_territories(item)
    notes = []
    if item.territories:
        where = ", ".join(covered) or "nothing"
        notes.append(f"territory limit {', '.join(item.territories)}: covers {where}")
    if pool.country_weighting == "flat":
        country = Fraction(1 if set(covered) & set(pool.territories) else 0)
        if country == 0 and covered:
            notes.append(f"{', '.join(covered)} not a pool territory")
    else:
        country = sum((sales_share.get(t, Fraction(0)) for t in covered), Fraction(0))
        if country == 0 and covered:
            notes.append(f"no reported sales in {', '.join(covered)}")
    return country, notes


def _patent_weight(
    pool: Pool, item: Contribution, period: Period, sales_share: Mapping[str, Fraction]
) -> PatentWeight:
    active = period.overlap_days(item.joined, item.last_day)
    essential = _essential(item, period)
    country, coverage_notes = _coverage(pool, item, sales_share)
    life = _life_factor(pool, item, period.end)
    weight = Fraction(active, period.days) * (1 if essential else 0) * country * life
    notes = []
    if active == 0:
        notes.append(
            f"not in the pool in {period.label}"
            + (f" ({item.left_reason})" if item.left_reason else "")
        )
    if not essential:
        notes.append("no dated assessment finding it essential")
    notes.extend(coverage_notes)
    return PatentWeight(
        founder=item.founder,
        patent=item.patent,
        country=item.country,
        active_days=active,
        essential=essential,
        country_weight=country,
        life_factor=life,
        weight=weight,
        note="; ".join(notes),
    )


def distribute(
    pool: Pool,
    period: Period,
    invoices: Sequence[Invoice],
    collected: Mapping[str, Decimal],
    lines: Sequence[ReportLine],
) -> Distribution:
    """The period's distribution from invoices, amounts collected per member and report lines."""
    quantum = _quantum(pool.currency)
    minor = Decimal(10) ** minor_unit(pool.currency)
    total_sales = sum((line.net_sales for line in lines), Decimal(0))
    by_country: dict[str, Decimal] = {}
    for line in lines:
        by_country[line.country] = by_country.get(line.country, Decimal(0)) + line.net_sales
    share = {
        c: (Fraction(v) / Fraction(total_sales) if total_sales else Fraction(0))
        for c, v in by_country.items()
    }
    weights = tuple(_patent_weight(pool, item, period, share) for item in pool.contributions)
    founder_weight: dict[str, Fraction] = {f: Fraction(0) for f in pool.founders}
    for w in weights:
        founder_weight[w.founder] = founder_weight.get(w.founder, Fraction(0)) + w.weight
    paid = sum(collected.values(), Decimal(0)).quantize(quantum)
    fee = (paid * pool.fee_rate).quantize(quantum, rounding=ROUND_DOWN)
    net = paid - fee
    positive = {f: w for f, w in founder_weight.items() if w > 0}
    if positive:
        parts = largest_remainder(int(net * minor), positive)
        payouts = tuple(
            Payout(
                founder=f,
                weight=founder_weight[f],
                amount=(Decimal(parts.get(f, 0)) / minor).quantize(quantum),
            )
            for f in sorted(founder_weight)
        )
        remainder = Decimal(0).quantize(quantum)
    else:
        payouts = tuple(
            Payout(founder=f, weight=Fraction(0), amount=Decimal(0).quantize(quantum))
            for f in sorted(founder_weight)
        )
        remainder = net
    return Distribution(
        pool=pool.name,
        period=period,
        currency=pool.currency,
        invoiced=sum((i.amount for i in invoices), Decimal(0)),
        collected=paid,
        fee=fee,
        net=net,
        payouts=payouts,
        remainder=remainder,
        invoices=tuple(invoices),
        patents=weights,
    )
