"""Japanese withholding tax (源泉徴収) on royalties paid to a non-resident licensor.

Figures (LEGAL-FACTS §6):

- Domestic rate 20.42% = 20% plus the 2.1% reconstruction surtax (復興特別所得税),
  levied 2013-01-01 to 2037-12-31; treaty rates are not surcharged [S81][S82].
  Outside those years the domestic rate here is 20% (the surtax period only).
- A treaty rate needs **Form 3** (租税条約に関する届出書, royalties) filed in
  duplicate via the payer by the day before the first payment; otherwise 20.42%
  is withheld and a refund must be claimed (refund form number UNVERIFIED,
  believed Form 11). Electronic filing since 2021-04-01 [S83].
- Treaties with a Limitation on Benefits (LOB) article also need **Form 17** and
  a residence certificate; for the US, IRS Form 6166 (applied for on Form 8802) [S84].

A country with no treaty row is an error by default, so that a missing row is
never silently taxed at some rate; with ``allow_domestic=True`` the domestic
rate applies and the result says so. Tax per payment is rounded ROUND_HALF_UP to
the yen (Kizuna's rule; the NTA's rounding of fractions is not in its sources).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kizuna.domain.money import Money, format_percent
from kizuna.errors import InvalidValueError

__all__ = [
    "DOMESTIC_BASE_RATE",
    "DOMESTIC_RATE_WITH_SURTAX",
    "SURTAX_FROM",
    "SURTAX_TO",
    "TreatyRate",
    "TreatyTable",
    "WithholdingRule",
    "domestic_rate",
    "withholding_rule",
]

DOMESTIC_BASE_RATE = Decimal("0.20")  # [S81][S82]
SURTAX_FACTOR = Decimal("1.021")  # 2.1% reconstruction surtax [S81]
DOMESTIC_RATE_WITH_SURTAX = Decimal("0.2042")  # = 20% x 1.021 [S81][S82]
SURTAX_FROM = date(2013, 1, 1)  # [S81]
SURTAX_TO = date(2037, 12, 31)  # [S81]
DOMESTIC_SOURCE = (
    "[S81] taxexpense.com/japan-taxes/japan-corporate-tax/; "
    "[S82] dlapiperintelligence.com (Japan withholding tax)"
)
FORM3_SOURCE = "[S83] nta.go.jp/english/taxes/withholing/Information/13001.htm"
LOB_SOURCE = "[S84] tuttlemori.com/dl.html"


def domestic_rate(payment_date: date) -> Decimal:
    """20.42% from 2013-01-01 to 2037-12-31, else 20% [S81][S82]."""
    if SURTAX_FROM <= payment_date <= SURTAX_TO:
        return DOMESTIC_RATE_WITH_SURTAX
    return DOMESTIC_BASE_RATE


@dataclass(frozen=True, kw_only=True)
class TreatyRate:
    """The treaty (or arrangement) rate on royalties for one licensor country."""

    country: str
    name: str
    rate: Decimal
    source: str
    status: str = "verified"  # verified | unverified | weak
    effective_from: date | None = None
    lob: str = "unverified"  # yes | no | unverified
    note: str = ""

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.rate <= Decimal(1):
            raise InvalidValueError(f"treaty rate {self.country}: {self.rate} is not 0% to 100%")
        if self.lob not in {"yes", "no", "unverified"}:
            raise InvalidValueError(
                f"treaty rate {self.country}: lob {self.lob!r} is not yes/no/unverified"
            )


class TreatyTable:
    """Treaty rates keyed by ISO 3166 alpha-2 country code."""

    def __init__(self, rates: Iterable[TreatyRate]) -> None:
        self._rates = {r.country.upper(): r for r in rates}

    def get(self, country: str) -> TreatyRate | None:
        return self._rates.get(country.strip().upper())

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted(self._rates))


@dataclass(frozen=True, kw_only=True)
class WithholdingRule:
    """The rate that applies to a payment, why, and the forms needed."""

    country: str
    payment_date: date
    rate: Decimal
    basis: str  # "treaty" | "domestic"
    forms: tuple[str, ...]
    statements: tuple[str, ...]
    sources: tuple[str, ...]
    status: str = "verified"

    def tax_on(self, gross: Money) -> Money:
        """Tax withheld from one payment, rounded ROUND_HALF_UP to the minor unit."""
        return (gross * self.rate).rounded()


def _treaty_forms(treaty: TreatyRate) -> tuple[list[str], list[str]]:
    forms = [
        "Form 3 (租税条約に関する届出書, royalties): file in duplicate via the payer by the "
        "day before the first payment; otherwise 20.42% is withheld and a refund must be "
        "claimed (refund form number UNVERIFIED, believed Form 11)"
    ]
    statements = []
    if treaty.lob == "yes":
        forms.append("Form 17 (LOB article) and a residence certificate")
        if treaty.country == "US":
            forms.append("IRS Form 6166 residence certificate (applied for on IRS Form 8802)")
    elif treaty.lob == "unverified":
        statements.append(
            "Whether this treaty has a Limitation on Benefits article is "
            "UNVERIFIED in Kizuna's sources; if it does, Form 17 and a residence "
            "certificate are also needed."
        )
    return forms, statements


def withholding_rule(
    country: str,
    payment_date: date,
    treaties: TreatyTable,
    *,
    allow_domestic: bool = False,
    form3_filed: bool = True,
) -> WithholdingRule:
    """The withholding rate and forms for a royalty paid to ``country`` on ``payment_date``.

    >>> rule = withholding_rule("US", date(2026, 4, 1), TreatyTable([TreatyRate(
    ...     country="US", name="United States", rate=Decimal(0), source="[S85]", lob="yes")]))
    >>> rule.rate, rule.basis
    (Decimal('0'), 'treaty')
    """
    code = country.strip().upper()
    domestic = domestic_rate(payment_date)
    domestic_text = (
        f"Domestic rate {format_percent(domestic)} (20% plus 2.1% reconstruction "
        "surtax, 2013-01-01 to 2037-12-31)"
        if domestic != DOMESTIC_BASE_RATE
        else "Domestic rate 20% (outside the 2013–2037 surtax period)"
    )
    treaty = treaties.get(code)
    if treaty is None:
        if not allow_domestic:
            raise InvalidValueError(
                f"--licensor-country {code}: no treaty rate in treaty_rates.csv "
                f"(known: {', '.join(treaties.countries)}); pass --domestic to apply the "
                "domestic rate"
            )
        return WithholdingRule(
            country=code,
            payment_date=payment_date,
            rate=domestic,
            basis="domestic",
            forms=(),
            statements=(f"No treaty row for {code}: {domestic_text} applies.",),
            sources=(DOMESTIC_SOURCE,),
        )
    if treaty.effective_from is not None and payment_date < treaty.effective_from:
        raise InvalidValueError(
            f"--licensor-country {code}: the treaty rate in treaty_rates.csv holds from "
            f"{treaty.effective_from}; payment date {payment_date} is earlier"
        )
    forms, statements = _treaty_forms(treaty)
    if treaty.note:
        statements.append(treaty.note)
    if treaty.status != "verified":
        statements.append(f"Treaty rate status: {treaty.status.upper()}.")
    if treaty.rate >= domestic:
        return WithholdingRule(
            country=code,
            payment_date=payment_date,
            rate=domestic,
            basis="domestic",
            forms=(),
            statements=(
                f"Treaty rate {format_percent(treaty.rate)} is not lower: {domestic_text} applies.",
            ),
            sources=(treaty.source, DOMESTIC_SOURCE),
            status=treaty.status,
        )
    if not form3_filed:
        statements.insert(
            0,
            f"Form 3 not filed before payment: {domestic_text} is withheld; "
            f"the excess over the treaty rate {format_percent(treaty.rate)} "
            "must be claimed back.",
        )
        return WithholdingRule(
            country=code,
            payment_date=payment_date,
            rate=domestic,
            basis="domestic",
            forms=tuple(forms),
            statements=tuple(statements),
            sources=(treaty.source, DOMESTIC_SOURCE, FORM3_SOURCE),
            status=treaty.status,
        )
    statements.insert(
        0,
        f"Treaty rate {format_percent(treaty.rate)} for {treaty.name} (not "
        "surcharged) instead of the " + domestic_text[0].lower() + domestic_text[1:] + ".",
    )
    return WithholdingRule(
        country=code,
        payment_date=payment_date,
        rate=treaty.rate,
        basis="treaty",
        forms=tuple(forms),
        statements=tuple(statements),
        sources=(treaty.source, FORM3_SOURCE, LOB_SOURCE),
        status=treaty.status,
    )
