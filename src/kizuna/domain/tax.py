"""Japanese withholding tax (源泉徴収) on royalties paid to a non-resident licensor.

Figures (LEGAL-FACTS §6):

- Domestic rate 20.42% = 20% (所得税法 Arts. 161(1)(xi), 212(1), 213(1)(i)) plus the
  2.1% reconstruction surtax (復興特別所得税, 復興財源確保法 Art. 28), levied
  2013-01-01 to 2037-12-31; treaty rates are not surcharged [S81][S82].
  Outside those years the domestic rate here is 20% (the surtax period only).
- A treaty rate needs **Form 3** (租税条約に関する届出書, royalties) filed in
  duplicate via the payer by the day before the first payment; otherwise 20.42%
  is withheld and a refund must be claimed (refund form number UNVERIFIED,
  believed Form 11). Electronic filing since 2021-04-01 [S83].
- Treaties with a Limitation on Benefits (LOB) article also need **Form 17**
  (特典条項に関する付表, one version per treaty: 様式17-米, -英, -仏, -豪, …) and a
  residence certificate; for the US, IRS Form 6166 (applied for on Form 8802)
  [S84][S118]. Each row of ``treaty_rates.csv`` names its Form 17 version, or
  says the LOB article is UNVERIFIED.
- Taiwan is not a treaty partner: relief comes from 外国居住者等所得相互免除法
  (the Act giving effect to the private arrangement signed 2015-11-26), with
  its own 届出書 instead of Form 3 (NTA Tax Answer No. 2890) [S125][S121][S122]. Such
  rows have ``basis = "arrangement"``.
- Japan's tax information exchange agreements (Cayman Islands, Bermuda, …) have
  no royalties article: rows with ``basis = "exchange"`` give no reduced rate [S201].
- Fractions of a yen of the tax withheld are truncated (1円未満切捨て; Act on
  General Rules for National Taxes Arts. 118-119 as applied to withholding)
  [S123][S124].

The table lists every jurisdiction on the MOF list it was built from
(docs/legal-facts.md §6). A country with no row, an information-exchange
partner, or a row whose royalties rate is not recorded is an error by default,
so that no payment is silently taxed at a guessed rate; with
``allow_domestic=True`` the domestic rate applies and the result's status says
``no-treaty-row``, ``no-royalty-article`` or ``rate-not-recorded``. Rows whose
rate was not read in the NTA/MOF tables or the treaty text are ``unverified``
and every result says so, and names the table's version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal

from kizuna.domain.money import Money, format_percent, minor_unit
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
    "所得税法 Arts. 161(1)(xi), 212(1), 213(1)(i) (20%) and 復興財源確保法 Art. 28 "
    "(2.1% surtax on the income tax withheld, 2013-2037), statute references not re-read in "
    "this edition; figures as stated by [S81] taxexpense.com/japan-taxes/japan-corporate-tax/ "
    "and [S82] dlapiperintelligence.com (Japan withholding tax)"
)
FORM3_SOURCE = "[S83] nta.go.jp/english/taxes/withholing/Information/13001.htm"
LOB_SOURCE = "[S84] tuttlemori.com/dl.html; [S118] NTA 特典条項に関する付表 (様式17) form list"
ROUNDING_SOURCE = (
    "[S123] zeiken.co.jp glossary 課税標準の端数計算 (源泉徴収: 1円未満切捨て); "
    "[S124] it-kaikei.net 確定税額の端数計算"
)
TREATY_LIST_URL = "mof.go.jp/tax_policy/summary/international/tax_convention/"
BASES = frozenset({"treaty", "arrangement", "exchange"})


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
    rate: Decimal | None  # None: the royalties rate is not recorded (never guessed)
    source: str
    status: str = "verified"  # verified | unverified | weak
    effective_from: date | None = None
    lob: str = "unverified"  # yes | no | unverified
    lob_form: str = ""  # the Form 17 version, e.g. "Form 17-US (様式17-米)"
    basis: str = "treaty"  # treaty | arrangement (Taiwan) | exchange (information only)
    note: str = ""
    rate_types: str = ""  # rates by royalty type where the treaty distinguishes them
    title: str = ""  # the treaty's official title, where seen
    signed: str = ""  # signing date (ISO, possibly partial)
    in_force: str = ""  # entry into force (ISO, possibly partial)
    article: str = ""  # the royalties article and paragraph, where seen
    verify_with: str = ""  # what would verify an unverified row
    pending: str = ""  # a newer treaty signed but not in force

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise InvalidValueError(
                f"treaty rate {self.country}: basis {self.basis!r} is not one of "
                f"{', '.join(sorted(BASES))}"
            )
        if self.rate is None:
            return
        if not Decimal(0) <= self.rate <= Decimal(1):
            raise InvalidValueError(f"treaty rate {self.country}: {self.rate} is not 0% to 100%")
        if self.lob not in {"yes", "no", "unverified"}:
            raise InvalidValueError(
                f"treaty rate {self.country}: lob {self.lob!r} is not yes/no/unverified"
            )


class TreatyTable:
    """Treaty rates keyed by ISO 3166 alpha-2 country code, with the table's version."""

    def __init__(self, rates: Iterable[TreatyRate], *, version: str = "") -> None:
        self._rates = {r.country.upper(): r for r in rates}
        self.version = version

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
    basis: str  # "treaty" | "arrangement" (Taiwan) | "domestic"
    forms: tuple[str, ...]
    statements: tuple[str, ...]
    sources: tuple[str, ...]
    status: str = "verified"
    table_version: str = ""  # the treaty table the rate came from

    def tax_on(self, gross: Money) -> Money:
        """Tax withheld from one payment, fractions truncated (1円未満切捨て) [S123][S124].

        >>> rule = WithholdingRule(country="CN", payment_date=date(2027, 1, 1),
        ...     rate=Decimal("0.10"), basis="treaty", forms=(), statements=(), sources=())
        >>> rule.tax_on(Money.of("1234567", "JPY")).amount
        Decimal('123456')

        The rule is for yen; other currencies are truncated to their minor unit.
        """
        quantum = Decimal(1).scaleb(-minor_unit(gross.currency))
        amount = (gross.amount * self.rate).quantize(quantum, rounding=ROUND_DOWN)
        return Money(amount=amount, currency=gross.currency)


def _treaty_forms(treaty: TreatyRate) -> tuple[list[str], list[str]]:
    if treaty.basis == "arrangement":
        forms = [
            "外国居住者等所得相互免除法に関する届出書 (the notification under the Act on the "
            "mutual exemption of income of foreign residents, royalties; not Form 3): file via "
            "the payer by the day before the first payment [S121][S122]"
        ]
        return forms, [treaty.note or "Not a tax treaty: relief under an arrangement."]
    forms = [
        "Form 3 (租税条約に関する届出書, royalties): file in duplicate via the payer by the "
        "day before the first payment; otherwise 20.42% is withheld and a refund must be "
        "claimed (refund form number UNVERIFIED, believed Form 11)"
    ]
    statements = []
    if treaty.lob == "yes":
        form17 = treaty.lob_form or "Form 17"
        forms.append(
            f"{form17} (特典条項に関する付表, limitation on benefits) with a residence "
            "certificate issued by the licensor's tax authority [S118]"
        )
        if treaty.country == "US":
            forms.append("IRS Form 6166 residence certificate (applied for on IRS Form 8802)")
    elif treaty.lob == "unverified":
        statements.append(
            "Whether this treaty has a Limitation on Benefits article is "
            "UNVERIFIED in Kizuna's sources; if it does, Form 17 (特典条項に関する付表) and "
            "a residence certificate are also needed."
        )
    if treaty.note:
        statements.append(treaty.note)
    return forms, statements


def _treaty_facts(treaty: TreatyRate) -> list[str]:
    """The treaty's title, dates, article, rates by type and any newer treaty, as statements."""
    dates = "; ".join(
        part
        for part in (
            f"signed {treaty.signed}" if treaty.signed else "",
            f"in force {treaty.in_force}" if treaty.in_force else "",
            treaty.article,
        )
        if part
    )
    title = treaty.title or f"the {treaty.name} treaty (official title not recorded)"
    facts = [f"Instrument: {title}" + (f" ({dates})." if dates else ".")]
    if treaty.rate_types:
        facts.append(
            f"Rates by royalty type: {treaty.rate_types}; Kizuna applies the rate for "
            "patent royalties."
        )
    if treaty.pending:
        facts.append(f"Signed, not in force: {treaty.pending}.")
    if treaty.status != "verified" and treaty.verify_with:
        facts.append(f"To verify: {treaty.verify_with}.")
    return facts


def _refusal(code: str, treaty: TreatyRate | None, version: str) -> tuple[str, str, str] | None:
    """Why no reduced rate can be given: ``(status, reason, what to do)``, or None."""
    table = version or "treaty_rates.csv"
    if treaty is None:
        return (
            "no-treaty-row",
            f"no treaty rate in {table}: Japan has no tax treaty or arrangement with {code} "
            "on the MOF list Kizuna's table was built from (docs/legal-facts.md §6)",
            f"check the current MOF list ({TREATY_LIST_URL}) and pass --domestic only if no "
            "treaty applies",
        )
    if treaty.basis == "exchange":
        return (
            "no-royalty-article",
            f"Japan's agreement with {treaty.name} is a tax information exchange agreement "
            "with no royalties article, so no reduced rate applies",
            "pass --domestic to apply the domestic rate",
        )
    if treaty.rate is None:
        return (
            "rate-not-recorded",
            f"{table} has a row for {treaty.name} but its royalties rate is not recorded "
            f"({treaty.source})",
            f"check {treaty.verify_with or 'the treaty text'} and pass --domestic only if the "
            "treaty gives no relief; if it does, the excess withheld must be claimed back",
        )
    return None


def _domestic_text(domestic: Decimal) -> str:
    if domestic == DOMESTIC_BASE_RATE:
        return "Domestic rate 20% (outside the 2013–2037 surtax period)"
    return (
        f"Domestic rate {format_percent(domestic)} (20% plus 2.1% reconstruction "
        "surtax, 2013-01-01 to 2037-12-31)"
    )


def withholding_rule(
    country: str,
    payment_date: date,
    treaties: TreatyTable,
    *,
    allow_domestic: bool = False,
    form3_filed: bool = True,
) -> WithholdingRule:
    """The withholding rate and forms for a royalty paid to ``country`` on ``payment_date``.

    A country with no row, an information-exchange agreement, or a row without a
    recorded rate is an error unless ``allow_domestic`` applies the domestic rate.

    >>> rule = withholding_rule("US", date(2026, 4, 1), TreatyTable([TreatyRate(
    ...     country="US", name="United States", rate=Decimal(0), source="[S85]", lob="yes")]))
    >>> rule.rate, rule.basis
    (Decimal('0'), 'treaty')
    """
    code = country.strip().upper()
    domestic = domestic_rate(payment_date)
    domestic_text = _domestic_text(domestic)
    treaty = treaties.get(code)
    base = WithholdingRule(
        country=code,
        payment_date=payment_date,
        rate=domestic,
        basis="domestic",
        forms=(),
        statements=(),
        sources=(DOMESTIC_SOURCE, ROUNDING_SOURCE),
        table_version=treaties.version,
    )
    refusal = _refusal(code, treaty, treaties.version)
    if refusal is not None:
        return _refused(base, refusal, treaty, allow_domestic=allow_domestic, lead=domestic_text)
    assert treaty is not None and treaty.rate is not None  # _refusal guarantees both
    if treaty.effective_from is not None and payment_date < treaty.effective_from:
        raise InvalidValueError(
            f"--licensor-country {code}: the treaty rate in treaty_rates.csv holds from "
            f"{treaty.effective_from}; payment date {payment_date} is earlier"
        )
    forms, statements = _treaty_forms(treaty)
    facts = _treaty_facts(treaty)
    word = "Arrangement" if treaty.basis == "arrangement" else "Treaty"
    if treaty.status != "verified":
        facts.append(
            f"{word} rate status: {treaty.status.upper()} (the rate was not read in the NTA, "
            "MOF or treaty text for this table); check before relying on it."
        )
    base = replace(
        base,
        sources=(treaty.source, DOMESTIC_SOURCE, FORM3_SOURCE, LOB_SOURCE, ROUNDING_SOURCE),
        status=treaty.status,
    )
    rate = format_percent(treaty.rate)
    if treaty.rate >= domestic:
        lead = f"{word} rate {rate} is not lower: {domestic_text} applies."
        return replace(base, statements=(lead, *facts))
    if not form3_filed:
        lead = (
            f"{forms[0].split(' (')[0]} not filed before payment: {domestic_text} is "
            f"withheld; the excess over the {word.lower()} rate {rate} must be claimed back."
        )
        return replace(base, forms=tuple(forms), statements=(lead, *statements, *facts))
    lead = (
        f"{word} rate {rate} for {treaty.name} (not surcharged) instead of the "
        + domestic_text[0].lower()
        + domestic_text[1:]
        + "."
    )
    return replace(
        base,
        rate=treaty.rate,
        basis=treaty.basis,
        forms=tuple(forms),
        statements=(lead, *statements, *facts),
    )


def _refused(
    base: WithholdingRule,
    refusal: tuple[str, str, str],
    treaty: TreatyRate | None,
    *,
    allow_domestic: bool,
    lead: str,
) -> WithholdingRule:
    """The error for a country without a usable rate, or the domestic rate if asked for."""
    status, reason, advice = refusal
    if not allow_domestic:
        raise InvalidValueError(f"--licensor-country {base.country}: {reason}; {advice}")
    said = [f"{lead} applies, as asked (--domestic): {reason}."]
    if status == "rate-not-recorded":  # a treaty exists: the licensor may be owed a refund
        said.append(f"The treaty may give a lower rate: {advice.split('; ', 1)[1]}.")
    row_source = (treaty.source,) if treaty is not None else ()
    return replace(
        base, statements=tuple(said), sources=(*row_source, *base.sources), status=status
    )
