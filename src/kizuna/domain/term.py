"""Patent term: when a patent expires, why, and how much of it is left.

:func:`compute_expiry` applies the office's term rules to a :class:`Patent`
and returns an :class:`Expiry` whose ``basis`` lists each rule used with its
citation and the dates it used; :func:`remaining_term` measures what is left
on a given day. Rules (``RULES_VERSION`` = the month they were last checked):

* **JP, Patent Act Art. 67(1)**: the term ends 20 years from the filing date;
  for a PCT national phase, from the international filing date; a divisional
  counts from the parent's date (Art. 44(2)). Domestic/Paris priority does not
  move it. Source: docs/legal-facts.md §2 [S26][S27], checked 2026-11.
* **JP, Art. 67(2) examination-delay extension**, applications filed on or after
  2020-03-10: ``reference_date = max(filing + 5 years, examination request + 3
  years)``; eligible when registration is later than the reference date; the
  extension is at most ``registration - reference_date`` less the Art. 67(3)
  deductions (applicant delays), which the sources do not show, hence "at
  most". Registered extensions (``TermFacts.delay_extension_days``) are added.
  Source: LEGAL-FACTS §2 [S28][S29][S30], checked 2026-11.
* **JP, Art. 67(4) regulatory (pharma/agrochemical) extension**, ≤ 5 years,
  counted only once registered (``TermFacts.regulatory_extension_days``).
  Source: LEGAL-FACTS §2 [S31][S32][S33], checked 2026-11.
* **US, 35 USC 154(a)(2)**: 20 years from the earliest US non-provisional
  filing the patent claims (continuation, divisional, CIP; a PCT application
  designating the US counts, 154(a)(2) with 365(c)); provisional and foreign
  priorities do not count (154(a)(3)). Plus patent term adjustment days
  (35 USC 154(b)). A terminal disclaimer can end the term earlier (it ties the
  patent to the disclaimed one): noted as a caveat. Applications filed before
  1995-06-08: the later of 17 years from grant or 20 years from filing
  (35 USC 154(c)(1)). Source: 35 U.S.C. 154 as in force 2026-11 (uscode.house.gov).
* **EP, Art. 63(1) EPC**: 20 years from the filing date (for a Euro-PCT, the
  international filing date, Art. 153(2) EPC). Supplementary protection
  certificates (SPCs) are national and not modelled. Source: EPC 17th edition
  (2020), Art. 63, checked 2026-11.

Date arithmetic: "N years from D" ends on the anniversary of D; from 29
February it ends on 28 February of a non-leap year (the JPO's own expiry for
特願2020-123456, filed 2020-07-20, is 2040-07-20).

Example::

    expiry = compute_expiry(patent)
    remaining_term(expiry, as_of=date(2026, 11, 21)).years  # Decimal("13.66")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from kizuna.domain.patent import FamilyRelation, Patent
from kizuna.errors import InvalidValueError

__all__ = [
    "RULES_VERSION",
    "Expiry",
    "RemainingTerm",
    "TermStep",
    "add_years",
    "compute_expiry",
    "remaining_term",
]

RULES_VERSION = "kizuna-term-2026-11"
_Date = date  # Expiry has a field named "date"
JP_DELAY_RULE_FROM = date(
    2020, 3, 10
)  # Art. 67(2) applies to filings on/after (LEGAL-FACTS §2 [S28])
US_URAA_DATE = date(1995, 6, 8)  # 35 USC 154(c): filings before this keep the 17-year option
JP_REGULATORY_MAX_YEARS = 5  # Art. 67(4) (LEGAL-FACTS §2 [S31])


@dataclass(frozen=True, kw_only=True)
class TermStep:
    """One rule applied: its name, its legal citation and the dates it used."""

    rule: str
    citation: str
    detail: str


@dataclass(frozen=True, kw_only=True)
class Expiry:
    """When a patent's term ends and why.

    ``date`` is the end of the statutory term (the last day in force), with any
    registered extension; ``None`` when the dates needed are unknown.
    ``lapsed_on`` is set when the right ended earlier (fees unpaid, withdrawn).
    ``delay_extension_max_days`` is the JP Art. 67(2) extension the patent could
    still obtain (at most), not yet counted in ``date``.
    """

    patent: str
    date: _Date | None
    basis: tuple[TermStep, ...]
    caveats: tuple[str, ...]
    rules_version: str = RULES_VERSION
    delay_extension_max_days: int | None = None
    office_expiry: _Date | None = None
    office_agrees: bool | None = None  # None: the office states no expiry, or ours is unknown
    lapsed_on: _Date | None = None

    @property
    def end(self) -> _Date | None:
        """The day the right ends: the lapse date when earlier than the term's end."""
        if self.lapsed_on and (self.date is None or self.lapsed_on < self.date):
            return self.lapsed_on
        return self.date


@dataclass(frozen=True, kw_only=True)
class RemainingTerm:
    """Term left after ``as_of``: whole days, years (2 decimals), and whether it is over."""

    days: int
    years: Decimal
    expired: bool


def add_years(start: date, years: int) -> date:
    """The anniversary of ``start`` ``years`` later; 29 February falls back to 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a non-leap year
        return start.replace(year=start.year + years, day=28)


def remaining_term(expiry: Expiry, *, as_of: date) -> RemainingTerm:
    """How much term is left after ``as_of``.

    ``days`` counts the days after ``as_of`` up to the last day in force (0 on
    that day); ``years`` is ``days / 365.25`` rounded to 2 places. Raises
    :class:`InvalidValueError` when the expiry is unknown.

    Example::

        remaining_term(expiry, as_of=date(2040, 7, 21)).expired  # True
    """
    end = expiry.end
    if end is None:
        raise InvalidValueError(f"{expiry.patent}: expiry unknown, so no remaining term")
    days = max(0, (end - as_of).days)
    years = (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return RemainingTerm(days=days, years=years, expired=as_of > end)


def compute_expiry(patent: Patent) -> Expiry:
    """Apply the office's term rules (see the module docstring) to ``patent``.

    The office is the country of ``patent.number``; offices without a modelled
    rule get 20 years from filing (TRIPS Art. 33 minimum) with a caveat.

    Example::

        expiry = compute_expiry(patent)
        expiry.date, [step.citation for step in expiry.basis]
    """
    rule = _RULES.get(patent.number.country, _generic_term)
    outcome = rule(patent)
    end, steps, caveats = outcome.end, list(outcome.steps), list(outcome.caveats)
    office = patent.term.office_expiry
    agrees = None if office is None or end is None else office == end
    if office is not None:
        steps.append(TermStep(rule="office expiry", citation="office record", detail=f"{office}"))
    if agrees is False:
        caveats.append(f"the office states expiry {office}, Kizuna computes {end}")
    lapsed = patent.term.lapse_date
    if lapsed is not None:
        steps.append(TermStep(rule="lapse", citation="office record", detail=f"lapsed on {lapsed}"))
        caveats.append(f"the right lapsed on {lapsed}; it is not in force after that day")
    return Expiry(
        patent=patent.number.display,
        date=end,
        basis=tuple(steps),
        caveats=tuple(caveats),
        delay_extension_max_days=outcome.delay_max,
        office_expiry=office,
        office_agrees=agrees,
        lapsed_on=lapsed,
    )


@dataclass(frozen=True, kw_only=True)
class _Outcome:
    end: date | None
    steps: tuple[TermStep, ...] = ()
    caveats: tuple[str, ...] = ()
    delay_max: int | None = None


def _family_date(patent: Patent, *relations: FamilyRelation) -> date | None:
    """Earliest date among the patent's family links of the given relations."""
    dates = [link.date for link in patent.family if link.relation in relations and link.date]
    return min(dates, default=None)


def _earliest(*dates: date | None) -> date | None:
    return min((d for d in dates if d is not None), default=None)


def _unknown(patent: Patent, citation: str) -> _Outcome:
    return _Outcome(
        end=None,
        steps=(TermStep(rule="term", citation=citation, detail="filing date unknown"),),
        caveats=(f"{patent.number.display}: no filing date, so no expiry can be computed",),
    )


def _jp_term(patent: Patent) -> _Outcome:
    """JP: Art. 67(1) 20 years, Art. 67(2) delay extension, Art. 67(4) regulatory extension."""
    facts = patent.term
    own_filing = patent.dates.filing
    start = _earliest(own_filing, _family_date(patent, FamilyRelation.PCT, FamilyRelation.DIVISION))
    if start is None:
        return _unknown(patent, "Patent Act Art. 67(1)")
    end = add_years(start, 20)
    steps = [
        TermStep(
            rule="20 years from filing",
            citation="Patent Act Art. 67(1)",
            detail=f"filing {start} (international or parent filing date where there is one)"
            f" + 20 years = {end}",
        )
    ]
    caveats: list[str] = []
    delay_max = None
    if start >= JP_DELAY_RULE_FROM:
        delay_max = _jp_delay_window(patent, start, steps, caveats)
    if facts.delay_extension_days:
        end = end + timedelta(days=facts.delay_extension_days)
        steps.append(
            TermStep(
                rule="examination-delay extension (registered)",
                citation="Patent Act Art. 67(2)",
                detail=f"+{facts.delay_extension_days} days = {end}",
            )
        )
        delay_max = None
    if facts.regulatory_extension_days:
        end = _jp_regulatory(end, facts.regulatory_extension_days, steps, caveats)
    return _Outcome(end=end, steps=tuple(steps), caveats=tuple(caveats), delay_max=delay_max)


def _jp_delay_window(
    patent: Patent, filing: date, steps: list[TermStep], caveats: list[str]
) -> int | None:
    """Art. 67(2): the reference date, eligibility and the most extension obtainable."""
    registration = patent.dates.grant
    request = patent.term.examination_request
    from_filing = add_years(filing, 5)
    if request is None:
        reference = from_filing
        caveats.append(
            "examination request date unknown: assumed no later than filing + 2 years, so the"
            f" Art. 67(2) reference date is taken as filing + 5 years ({reference}); a later"
            " request moves it later and shortens any extension"
        )
    else:
        reference = max(from_filing, add_years(request, 3))
    if registration is None:
        steps.append(
            TermStep(
                rule="examination-delay extension",
                citation="Patent Act Art. 67(2)",
                detail=f"reference date {reference}; not registered yet, so eligibility is open",
            )
        )
        return None
    eligible = registration > reference
    days = (registration - reference).days if eligible else 0
    request_text = f"examination request {request} + 3 years, " if request else ""
    steps.append(
        TermStep(
            rule="examination-delay extension",
            citation="Patent Act Art. 67(2)",
            detail=f"reference date = later of filing {filing} + 5 years, {request_text}"
            f"= {reference}; registration {registration} is "
            + (f"{days} days later: eligible" if eligible else "not later: not eligible"),
        )
    )
    if not eligible:
        return None
    caveats.append(
        f"an Art. 67(2) extension of at most {days} days may be requested (less the Art. 67(3)"
        " deductions for the applicant's own delays, which the sources do not show);"
        " the request is due generally within 3 months of registration"
    )
    return days


def _jp_regulatory(end: date, days: int, steps: list[TermStep], caveats: list[str]) -> date:
    """Art. 67(4): add a registered regulatory extension (at most 5 years)."""
    new_end = end + timedelta(days=days)
    steps.append(
        TermStep(
            rule="regulatory extension (registered)",
            citation="Patent Act Art. 67(4)",
            detail=f"+{days} days = {new_end}",
        )
    )
    if new_end > add_years(end, JP_REGULATORY_MAX_YEARS):
        caveats.append(
            f"the recorded Art. 67(4) extension ({days} days) exceeds the 5-year maximum; check it"
        )
    caveats.append(
        "an Art. 67(4) extension covers only the approved product and use, not every claim"
    )
    return new_end


def _us_term(patent: Patent) -> _Outcome:
    """US: 35 USC 154(a)(2) 20 years, 154(b) PTA, 154(c) 17-year option before 1995-06-08."""
    facts = patent.term
    own_filing = patent.dates.filing
    related = (
        FamilyRelation.CONTINUATION,
        FamilyRelation.CONTINUATION_IN_PART,
        FamilyRelation.DIVISION,
        FamilyRelation.PCT,
    )
    start = _earliest(facts.earliest_us_nonprovisional, own_filing, _family_date(patent, *related))
    if start is None:
        return _unknown(patent, "35 USC 154(a)(2)")
    end = add_years(start, 20)
    steps = [
        TermStep(
            rule="20 years from the earliest US non-provisional filing",
            citation="35 USC 154(a)(2)",
            detail=f"earliest non-provisional filing {start} + 20 years = {end}"
            + (f" (own filing {own_filing})" if own_filing and own_filing != start else ""),
        )
    ]
    caveats = ["a 35 USC 156 regulatory extension, when granted, is not modelled"]
    if facts.pta_days:
        end = end + timedelta(days=facts.pta_days)
        steps.append(
            TermStep(
                rule="patent term adjustment",
                citation="35 USC 154(b)",
                detail=f"+{facts.pta_days} days = {end}",
            )
        )
    if own_filing is not None and own_filing < US_URAA_DATE:
        end = _us_pre_uraa(patent, end, steps, caveats)
    if facts.terminal_disclaimer:
        caveats.append(
            "terminal disclaimer: the patent expires no later than the patent it is disclaimed"
            " over, so it may end earlier than shown"
        )
    elif facts.terminal_disclaimer is None:
        caveats.append("the source does not say whether there is a terminal disclaimer")
    return _Outcome(end=end, steps=tuple(steps), caveats=tuple(caveats))


def _us_pre_uraa(patent: Patent, end: date, steps: list[TermStep], caveats: list[str]) -> date:
    """35 USC 154(c)(1): the later of 17 years from grant and 20 years from filing."""
    grant = patent.dates.grant
    if grant is None:
        caveats.append("filed before 1995-06-08 but grant date unknown: 17-year term not checked")
        return end
    from_grant = add_years(grant, 17)
    later = max(end, from_grant)
    steps.append(
        TermStep(
            rule="later of 17 years from grant or 20 years from filing",
            citation="35 USC 154(c)(1)",
            detail=f"filed before 1995-06-08; grant {grant} + 17 years = {from_grant};"
            f" 20-year term {end}; later = {later}",
        )
    )
    return later


def _ep_term(patent: Patent) -> _Outcome:
    """EP: Art. 63(1) EPC, 20 years from filing (Euro-PCT: international filing date)."""
    start = _earliest(patent.dates.filing, _family_date(patent, FamilyRelation.PCT))
    if start is None:
        return _unknown(patent, "Art. 63(1) EPC")
    end = add_years(start, 20)
    step = TermStep(
        rule="20 years from filing",
        citation="Art. 63(1) EPC",
        detail=f"filing {start} + 20 years = {end}",
    )
    caveats = (
        "supplementary protection certificates (SPCs) are national and not modelled",
        "after grant the patent lives on in each validated state only while its renewal fees"
        " are paid there",
    )
    return _Outcome(end=end, steps=(step,), caveats=caveats)


def _generic_term(patent: Patent) -> _Outcome:
    """Other offices: 20 years from filing, the TRIPS Art. 33 minimum."""
    start = patent.dates.filing
    if start is None:
        return _unknown(patent, "TRIPS Art. 33")
    end = add_years(start, 20)
    step = TermStep(
        rule="20 years from filing (assumed)",
        citation="TRIPS Art. 33",
        detail=f"filing {start} + 20 years = {end}",
    )
    caveat = f"the term rules of {patent.number.country} are not modelled; TRIPS minimum assumed"
    return _Outcome(end=end, steps=(step,), caveats=(caveat,))


_RULES = {"JP": _jp_term, "US": _us_term, "EP": _ep_term}
