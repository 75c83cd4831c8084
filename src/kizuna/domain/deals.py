"""Licence deal structures, their cash flows and NPV (after withholding tax).

Components (any number, mixed in one deal):

- :class:`RunningRoyalty`: ``rate x revenue`` per year on a base (Japan-market
  or worldwide revenue), then the per-year cap, the per-year minimum and the
  total cap, paid on 31 December of each year. Several running royalties with
  ``field``/``licensee`` labels model a field-of-use split.
- :class:`LumpSum` and :class:`Milestone`: one payment on a date (a milestone
  has a probability).
- :class:`CrossLicence`: a balancing payment per year = our portfolio's value
  minus theirs (negative: the licensor pays, no Japanese withholding).
- :class:`Pilot`: a short, low-fee licence; the full licence's components are
  weighted by the conversion probability and must start after the pilot ends.

Each payment: gross (deal currency) x probability = expected; Japanese
withholding per payment (:mod:`kizuna.domain.tax`), rounded per payment; net
converted into the licensor's currency at the deal's FX date; discounted
annually compounded: ``PV = net / (1 + r) ** (days / 365)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from kizuna.domain.money import Conversion, FxTable, Money, format_percent
from kizuna.domain.tax import TreatyTable, WithholdingRule, withholding_rule
from kizuna.errors import InvalidValueError

__all__ = [
    "CashFlow",
    "Component",
    "CrossLicence",
    "Deal",
    "DealModel",
    "LumpSum",
    "Milestone",
    "Payment",
    "Pilot",
    "RunningRoyalty",
    "discount_factor",
    "model_deal",
    "npv",
]


def _probability(value: Decimal, where: str) -> None:
    if not Decimal(0) <= value <= Decimal(1):
        raise InvalidValueError(f"{where}: probability {value} is not 0% to 100%")


@dataclass(frozen=True, kw_only=True)
class Payment:
    """One scheduled payment before tax, FX and discounting."""

    on: date
    amount: Money
    label: str
    component: str
    probability: Decimal = Decimal(1)
    field: str = ""
    licensee: str = ""


@dataclass(frozen=True, kw_only=True)
class RunningRoyalty:
    """``rate x revenue`` per year, with caps and minimums (amounts per year)."""

    name: str
    rate: Decimal
    revenue: tuple[tuple[int, Money], ...]
    base: str = "japan"  # "japan" | "worldwide"
    cap_per_year: Money | None = None
    minimum_per_year: Money | None = None
    cap_total: Money | None = None
    field: str = ""
    licensee: str = ""

    def __post_init__(self) -> None:
        where = f"royalty {self.name!r}"
        if not Decimal(0) <= self.rate <= Decimal(1):
            raise InvalidValueError(f"{where}: rate {self.rate} is not 0% to 100%")
        if self.base not in {"japan", "worldwide"}:
            raise InvalidValueError(f"{where}: base {self.base!r} is not 'japan' or 'worldwide'")
        years = [y for y, _ in self.revenue]
        if years != sorted(set(years)):
            raise InvalidValueError(f"{where}: revenue years are out of order or repeated")
        if (
            self.cap_per_year
            and self.minimum_per_year
            and self.cap_per_year < self.minimum_per_year
        ):
            raise InvalidValueError(f"{where}: minimum_per_year is above cap_per_year")

    def _year_amount(self, revenue: Money) -> tuple[Money, list[str]]:
        amount = revenue * self.rate
        notes = [f"{format_percent(self.rate)} of {self.base} revenue {revenue.rounded().amount:,}"]
        if self.cap_per_year is not None and self.cap_per_year < amount:
            amount = self.cap_per_year
            notes.append("yearly cap")
        if self.minimum_per_year is not None and amount < self.minimum_per_year:
            amount = self.minimum_per_year
            notes.append("yearly minimum")
        return amount, notes

    def payments(self, probability: Decimal = Decimal(1)) -> list[Payment]:
        paid = Money.zero(self.revenue[0][1].currency) if self.revenue else None
        result = []
        for year, revenue in self.revenue:
            amount, notes = self._year_amount(revenue)
            if self.cap_total is not None and paid is not None:
                room = (self.cap_total - paid).max(Money.zero(amount.currency))
                if room < amount:
                    amount = room
                    notes.append("total cap")
            paid = amount if paid is None else paid + amount
            result.append(
                Payment(
                    on=date(year, 12, 31),
                    amount=amount,
                    label=f"{self.name} {year} ({'; '.join(notes)})",
                    component=self.name,
                    probability=probability,
                    field=self.field,
                    licensee=self.licensee,
                )
            )
        return result


@dataclass(frozen=True, kw_only=True)
class LumpSum:
    """One payment on a date."""

    name: str
    amount: Money
    on: date
    field: str = ""
    licensee: str = ""

    def payments(self, probability: Decimal = Decimal(1)) -> list[Payment]:
        return [
            Payment(
                on=self.on,
                amount=self.amount,
                label=self.name,
                component=self.name,
                probability=probability,
                field=self.field,
                licensee=self.licensee,
            )
        ]


@dataclass(frozen=True, kw_only=True)
class Milestone:
    """A payment due on an event, with the event's probability."""

    name: str
    amount: Money
    on: date
    probability: Decimal = Decimal(1)
    licensee: str = ""

    def __post_init__(self) -> None:
        _probability(self.probability, f"milestone {self.name!r}")

    def payments(self, probability: Decimal = Decimal(1)) -> list[Payment]:
        return [
            Payment(
                on=self.on,
                amount=self.amount,
                label=f"milestone: {self.name}",
                component=self.name,
                probability=self.probability * probability,
                licensee=self.licensee,
            )
        ]


@dataclass(frozen=True, kw_only=True)
class CrossLicence:
    """Balancing payment per year = our portfolio value - theirs (per year)."""

    name: str
    our_value: Money
    their_value: Money
    years: tuple[int, ...]
    licensee: str = ""

    def payments(self, probability: Decimal = Decimal(1)) -> list[Payment]:
        balance = self.our_value - self.their_value
        label = (
            f"{self.name}: balancing {self.our_value.rounded().amount:,} - "
            f"{self.their_value.rounded().amount:,}"
        )
        return [
            Payment(
                on=date(year, 12, 31),
                amount=balance,
                label=f"{label} ({year})",
                component=self.name,
                probability=probability,
                licensee=self.licensee,
            )
            for year in self.years
        ]


@dataclass(frozen=True, kw_only=True)
class Pilot:
    """Pilot licence: fee at start; the full licence weighted by conversion probability."""

    name: str
    fee: Money
    start: date
    end: date
    conversion_probability: Decimal
    full_licence: tuple[RunningRoyalty | LumpSum | Milestone, ...] = ()
    licensee: str = ""

    def __post_init__(self) -> None:
        where = f"pilot {self.name!r}"
        _probability(self.conversion_probability, where)
        if self.end <= self.start:
            raise InvalidValueError(
                f"{where}: dates out of order: end {self.end} is not after start {self.start}"
            )

    def payments(self, probability: Decimal = Decimal(1)) -> list[Payment]:
        result = [
            Payment(
                on=self.start,
                amount=self.fee,
                label=f"{self.name}: pilot fee",
                component=self.name,
                probability=probability,
                licensee=self.licensee,
            )
        ]
        for part in self.full_licence:
            for scheduled in part.payments(probability * self.conversion_probability):
                payment = scheduled
                if not payment.licensee:
                    payment = replace(payment, licensee=self.licensee)
                if payment.on < self.end:
                    raise InvalidValueError(
                        f"{self.name}: full-licence payment {payment.label!r} on {payment.on} "
                        f"falls before the pilot ends ({self.end})"
                    )
                result.append(payment)
        return result


Component = RunningRoyalty | LumpSum | Milestone | CrossLicence | Pilot


@dataclass(frozen=True, kw_only=True)
class Deal:
    """A deal scenario: who, currencies, valuation date, discount rate, components."""

    name: str
    licensor: str
    licensor_country: str
    licensor_currency: str
    currency: str
    valuation_date: date
    discount_rate: Decimal
    fx_date: date
    components: tuple[Component, ...]
    allow_domestic_tax: bool = False
    form3_filed: bool = True

    def __post_init__(self) -> None:
        if self.discount_rate < 0 or self.discount_rate > 1:
            raise InvalidValueError(f"discount_rate {self.discount_rate} is not 0% to 100%")
        if not self.components:
            raise InvalidValueError(f"deal {self.name!r}: no components")


@dataclass(frozen=True, kw_only=True)
class CashFlow:
    """One payment after probability, withholding, FX and discounting."""

    payment: Payment
    gross: Money
    expected: Money
    withholding: Money
    net: Money
    net_licensor: Money
    discount_factor: Decimal
    present_value: Money
    present_value_licensor: Money
    rule: WithholdingRule | None


@dataclass(frozen=True, kw_only=True)
class DealModel:
    """Cash flows and totals of a deal; every rate used is listed."""

    deal: Deal
    flows: tuple[CashFlow, ...]
    fx: Conversion
    totals: dict[str, Money]
    by_field: dict[str, Money]
    by_licensee: dict[str, Money]
    notes: tuple[str, ...] = field(default_factory=tuple)


def discount_factor(rate: Decimal, start: date, on: date) -> Decimal:
    """``1 / (1 + rate) ** (days / 365)``; a date before ``start`` is refused."""
    if on < start:
        raise InvalidValueError(
            f"dates out of order: payment on {on} is before the valuation date {start}"
        )
    years = Decimal((on - start).days) / Decimal(365)
    return Decimal(1) / (Decimal(1) + rate) ** years


def npv(amounts: Sequence[tuple[date, Decimal]], rate: Decimal, start: date) -> Decimal:
    """Net present value of dated amounts at ``rate`` (annual) from ``start``."""
    return sum((a * discount_factor(rate, start, d) for d, a in amounts), Decimal(0))


def _flow(
    deal: Deal, payment: Payment, fx: FxTable, treaties: TreatyTable, to_licensor: Decimal
) -> CashFlow:
    gross = payment.amount
    if gross.currency != deal.currency:
        gross = fx.convert(gross, deal.currency, deal.fx_date).converted
    gross = gross.rounded()
    expected = (gross * payment.probability).rounded()
    rule = None
    tax = Money.zero(deal.currency)
    if expected.amount > 0:
        rule = withholding_rule(
            deal.licensor_country,
            payment.on,
            treaties,
            allow_domestic=deal.allow_domestic_tax,
            form3_filed=deal.form3_filed,
        )
        tax = rule.tax_on(expected)
    net = expected - tax
    factor = discount_factor(deal.discount_rate, deal.valuation_date, payment.on)
    net_licensor = Money(amount=net.amount * to_licensor, currency=deal.licensor_currency)
    return CashFlow(
        payment=payment,
        gross=gross,
        expected=expected,
        withholding=tax,
        net=net,
        net_licensor=net_licensor.rounded(),
        discount_factor=factor,
        present_value=net * factor,
        present_value_licensor=net_licensor * factor,
        rule=rule,
    )


def model_deal(deal: Deal, *, fx: FxTable, treaties: TreatyTable) -> DealModel:
    """Cash flows, withholding, NPV in the deal currency and the licensor's currency."""
    conversion = fx.convert(
        Money(amount=Decimal(1), currency=deal.currency), deal.licensor_currency, deal.fx_date
    )
    payments = sorted(
        (p for c in deal.components for p in c.payments()), key=lambda p: (p.on, p.label)
    )
    flows = tuple(_flow(deal, p, fx, treaties, conversion.rate) for p in payments)
    cur, lic = deal.currency, deal.licensor_currency
    totals = {
        "gross": Money.total((f.gross for f in flows), cur),
        "expected": Money.total((f.expected for f in flows), cur),
        "withholding": Money.total((f.withholding for f in flows), cur),
        "net": Money.total((f.net for f in flows), cur),
        "npv": Money.total((f.present_value for f in flows), cur).rounded(),
        "net_licensor": Money.total((f.net_licensor for f in flows), lic),
        "npv_licensor": Money.total((f.present_value_licensor for f in flows), lic).rounded(),
    }
    by_field: dict[str, Money] = {}
    by_licensee: dict[str, Money] = {}
    for f in flows:
        key = f.payment.field or "(all fields)"
        by_field[key] = by_field.get(key, Money.zero(cur)) + f.expected
        who = f.payment.licensee or "(licensee)"
        by_licensee[who] = by_licensee.get(who, Money.zero(cur)) + f.expected
    notes = (
        "Expected = gross x probability, rounded ROUND_HALF_UP per payment; withholding per "
        "payment; totals are sums of the rounded payments.",
        f"FX: every payment converted at {conversion.explanation} (no forecast of rates).",
        f"Discounting: annual rate {format_percent(deal.discount_rate)}, "
        f"(1 + r) ** (days / 365) from {deal.valuation_date}.",
        "Negative payments (balancing paid by the licensor) carry no Japanese withholding.",
    )
    return DealModel(
        deal=deal,
        flows=flows,
        fx=conversion,
        totals=totals,
        by_field=by_field,
        by_licensee=by_licensee,
        notes=notes,
    )
