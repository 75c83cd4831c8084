"""A patent pool as data: founders' contributions, members, tiers of standard terms.

The Smart Pool model (founders contribute *licensing rights* to specific
patents and keep ownership; members take one licence at standard rates by
tier) is described in docs/pools.md. Everything here is a frozen value; the
reader in :mod:`kizuna.services.pools.pool_file` builds it from TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from kizuna.errors import InvalidValueError

__all__ = [
    "Assessment",
    "Contribution",
    "Member",
    "Period",
    "Pool",
    "PoolTerms",
    "ReportLine",
    "Tier",
    "parse_period",
]

LEAVE_REASONS = ("expired", "invalidated", "withdrawn", "lapsed")


@dataclass(frozen=True, kw_only=True)
class Period:
    """A reporting period (a quarter ``2026-Q1`` or a year ``2026``), both ends included."""

    label: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlap_days(self, first: date | None, last: date | None) -> int:
        """Days of this period within ``first``..``last`` (``None``: open end)."""
        lo = max(self.start, first) if first else self.start
        hi = min(self.end, last) if last else self.end
        return max(0, (hi - lo).days + 1)


def parse_period(text: str) -> Period:
    """``"2026-Q1"`` → 2026-01-01..2026-03-31; ``"2026"`` → the calendar year.

    >>> parse_period("2026-Q2").end
    datetime.date(2026, 6, 30)
    """
    value = text.strip().upper()
    try:
        if "-Q" in value:
            year_text, quarter_text = value.split("-Q", 1)
            year, quarter = int(year_text), int(quarter_text)
            if not 1 <= quarter <= 4:
                raise ValueError
            start = date(year, 3 * quarter - 2, 1)
            following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
            return Period(
                label=f"{year}-Q{quarter}", start=start, end=following - timedelta(days=1)
            )
        year = int(value)
        return Period(label=str(year), start=date(year, 1, 1), end=date(year, 12, 31))
    except ValueError:
        raise InvalidValueError(
            f"period {text!r}: write a quarter as 2026-Q1 or a year as 2026"
        ) from None


@dataclass(frozen=True, kw_only=True)
class Assessment:
    """Why a contributed patent is counted: an independent evaluator's essentiality
    opinion, or a claim chart (evidence of use), each dated."""

    kind: str  # "evaluator" | "chart"
    by: str
    on: date
    essential: bool
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class Contribution:
    """A founder's licensing right to one patent, put into the pool (ownership stays)."""

    founder: str
    patent: str
    country: str
    expires: date | None
    joined: date
    left: date | None = None
    left_reason: str = ""
    fields: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()  # the licensing right's territories (empty: the pool's)
    until: date | None = None  # the licensing right's term limit, if the founder set one
    assessment: Assessment | None = None

    @property
    def last_day(self) -> date | None:
        """The last day the patent counts: the earliest of leaving, the term limit and the
        day before expiry."""
        expiry = self.expires - timedelta(days=1) if self.expires else None
        ends = [d for d in (self.left, self.until, expiry) if d]
        return min(ends) if ends else None


@dataclass(frozen=True, kw_only=True)
class Tier:
    """Standard terms for a class of members, the same for every member of the tier.

    ``per_unit`` is in the pool's currency per unit; ``percent`` a fraction of
    net sales. ``cap``/``minimum`` are per member per period (prorated when the
    licence covers part of a period). Members whose licence took effect on or
    before ``early_bird_until`` get ``early_bird_discount`` off.
    """

    name: str
    criteria: str
    per_unit: Decimal | None = None
    percent: Decimal | None = None
    cap: Decimal | None = None
    minimum: Decimal | None = None
    early_bird_discount: Decimal = Decimal(0)
    early_bird_until: date | None = None


@dataclass(frozen=True, kw_only=True)
class Member:
    """A licensee of the pool under one tier, from ``effective`` (to ``ends`` if set)."""

    name: str
    tier: str
    effective: date
    ends: date | None = None


@dataclass(frozen=True, kw_only=True)
class PoolTerms:
    """Facts the competition-law checklist looks at; ``None`` means "not stated"."""

    bilateral_licensing_allowed: bool | None = None
    alternative_technologies_allowed: bool | None = None
    grant_back: str | None = None  # "none" | "essential-nonexclusive" | "broad"
    confidentiality_firewall: bool | None = None
    patent_removal_when_not_essential: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Pool:
    """A patent pool: who administers it, what it licenses, founders, members, terms."""

    name: str
    standard: str
    currency: str
    administrator: str
    fee_rate: Decimal
    fields: tuple[str, ...]
    territories: tuple[str, ...]
    founders: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    tiers: tuple[Tier, ...]
    members: tuple[Member, ...]
    terms: PoolTerms = field(default_factory=PoolTerms)
    remaining_life_weight: Decimal = Decimal(0)
    country_weighting: str = "sales"  # "sales" | "flat"

    def tier(self, name: str) -> Tier:
        for tier in self.tiers:
            if tier.name == name:
                return tier
        raise InvalidValueError(f"tier {name!r}: not defined in pool {self.name!r}")


@dataclass(frozen=True, kw_only=True)
class ReportLine:
    """One line of a member's royalty report: units and net sales in one country."""

    member: str
    period: str
    country: str
    currency: str
    units: Decimal
    net_sales: Decimal
    source: str = ""
