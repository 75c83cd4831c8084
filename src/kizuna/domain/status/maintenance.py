"""US maintenance fees: the three fee windows of a utility patent and what was recorded.

Rules (``RULES_VERSION``):

* **35 USC 41(b)(1)**: fees fall due 3 years and 6 months, 7 years and 6 months
  and 11 years and 6 months after grant, for patents based on applications
  filed on or after 1980-12-12. **41(b)(2)**: unless paid on or before the due
  date or within a 6-month grace period thereafter (with a surcharge), the
  patent expires as of the end of that grace period. **41(b)(3)**: no
  maintenance fee for design or plant patents. Text checked 2026-12 against
  the US Code (title 35, section 41(b)).
* **37 CFR 1.362(d)-(e)**: the fee may be paid without surcharge from 3 (7, 11)
  years after grant through the due date, and with the surcharge through the
  day of the 4th (8th, 12th) anniversary of the grant. UNVERIFIED this session
  (the window opening date was not re-read from the eCFR); the due dates and
  grace ends follow 41(b) directly.
* A due date on a Saturday, Sunday or federal holiday moves to the next
  business day (35 USC 21(b)); not modelled, stated as a caveat. A late
  payment accepted as unintentional (41(c)) reinstates the patent: the
  USPTO records it as event ``EXPX``.

Fee events are the USPTO's maintenance-fee event codes (docs/formats/uspto-maintenance-fees.md):
``M<e>55<n>`` is the payment of fee ``n`` (1: 3.5-year, 2: 7.5-year, 3: 11.5-year) by
entity ``e`` (1 large, 2 small, 3 micro); ``EXP.`` the expiry for non-payment;
``EXPX`` the reinstatement. Other codes are kept and shown, without effect.

    >>> status = maintenance_status(grant=date(2015, 1, 6), filing=date(2012, 10, 9),
    ...                             kind="B2", term_end=date(2033, 2, 15), events=(),
    ...                             as_of=date(2026, 12, 7))
    >>> status.code, status.windows[2].due, status.windows[2].grace_end
    ('unknown', datetime.date(2026, 7, 6), datetime.date(2027, 1, 6))
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = [
    "FEE_LABELS",
    "RULES_VERSION",
    "FeeEvent",
    "FeeWindow",
    "MaintenanceStatus",
    "add_months",
    "maintenance_status",
]

RULES_VERSION = "us-maintenance-2026-12"
CITATION = "35 USC 41(b); 37 CFR 1.362"
FIRST_FILING = date(1980, 12, 12)  # 35 USC 41(b)(1): applications filed on or after
FEE_LABELS = ("3.5-year", "7.5-year", "11.5-year")
_PAYMENT = re.compile(r"^M[123]55([123])$")
_NO_FEES_KINDS = {"S", "S1", "P", "P2", "P3"}  # design and plant patents (41(b)(3))


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months; a missing day falls to the month's last day."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


@dataclass(frozen=True, kw_only=True)
class FeeEvent:
    """One line of a USPTO maintenance-fee event file, for one patent."""

    patent: str  # US patent number, digits only (e.g. "8930553")
    application: str
    entity: str  # "large" | "small" | "micro" (the file's N / Y / M)
    filing: date
    grant: date
    event_date: date
    code: str

    @property
    def fee_index(self) -> int | None:
        """1, 2 or 3 for a payment of the 3.5-, 7.5- or 11.5-year fee; None otherwise."""
        match = _PAYMENT.match(self.code)
        return int(match.group(1)) if match else None

    @property
    def meaning(self) -> str:
        """What the code means to the status (payment, expiry, reinstatement, other)."""
        index = self.fee_index
        if index is not None:
            return f"payment of the {FEE_LABELS[index - 1]} fee ({self.entity} entity)"
        return {"EXP.": "expired for failure to pay a maintenance fee",
                "EXPX": "reinstated after a late maintenance-fee payment"}.get(
                    self.code, "other event (no effect on the status)")

    def to_json(self) -> dict[str, Any]:
        """``{code, date, meaning, entity}``."""
        return {"code": self.code, "date": self.event_date, "meaning": self.meaning,
                "entity": self.entity}


@dataclass(frozen=True, kw_only=True)
class FeeWindow:
    """One maintenance fee: when it can be paid, when it is due, when grace ends."""

    label: str
    opens: date
    due: date
    grace_end: date
    state: str  # paid | not yet payable | payable | in grace period (surcharge) | not recorded
    paid_on: date | None = None

    def to_json(self) -> dict[str, Any]:
        """``{fee, opens, due, grace_end, state, paid_on}``."""
        return {"fee": self.label, "opens": self.opens, "due": self.due,
                "grace_end": self.grace_end, "state": self.state, "paid_on": self.paid_on}


@dataclass(frozen=True, kw_only=True)
class MaintenanceStatus:
    """The fee windows as of a day, with the overall effect on the patent.

    ``code``: ``in force`` (every window so far paid or still open),
    ``unknown`` (a window closed and no payment is recorded), ``lapsed`` (the
    record shows the expiry for non-payment; ``lapsed_on`` is the end of the
    grace period that was missed).
    """

    code: str
    note: str
    as_of: date
    windows: tuple[FeeWindow, ...]
    events: tuple[FeeEvent, ...] = ()
    lapsed_on: date | None = None
    caveats: tuple[str, ...] = ()
    citation: str = CITATION
    rules_version: str = RULES_VERSION

    def to_json(self) -> dict[str, Any]:
        """``{status, note, as_of, lapsed_on, windows, events, caveats, citation,
        rules_version}``."""
        return {"status": self.code, "note": self.note, "as_of": self.as_of,
                "lapsed_on": self.lapsed_on, "windows": [w.to_json() for w in self.windows],
                "events": [e.to_json() for e in self.events], "caveats": list(self.caveats),
                "citation": self.citation, "rules_version": self.rules_version}


def _window(grant: date, index: int, paid: dict[int, date], as_of: date) -> FeeWindow:
    years = 4 * index - 1  # 3, 7, 11
    opens, due = add_months(grant, 12 * years), add_months(grant, 12 * years + 6)
    grace_end = add_months(grant, 12 * (years + 1))
    if index in paid:
        state = "paid"
    elif as_of < opens:
        state = "not yet payable"
    elif as_of <= due:
        state = "payable"
    elif as_of <= grace_end:
        state = "in grace period (surcharge)"
    else:
        state = "not recorded"
    return FeeWindow(label=FEE_LABELS[index - 1], opens=opens, due=due, grace_end=grace_end,
                     state=state, paid_on=paid.get(index))


def maintenance_status(
    *,
    grant: date | None,
    filing: date | None,
    kind: str | None,
    term_end: date | None,
    events: tuple[FeeEvent, ...],
    as_of: date,
) -> MaintenanceStatus | None:
    """The fee windows of a US utility patent granted on ``grant``, as of ``as_of``.

    None when no maintenance fees apply: not granted (no grant date), filed
    before 1980-12-12, or a design or plant patent. Windows that open after
    the term ends (``term_end``) are left out. Events must be the patent's own.
    """
    if grant is None or (filing is not None and filing < FIRST_FILING):
        return None
    if (kind or "").upper() in _NO_FEES_KINDS:
        return None
    events = tuple(sorted(events, key=lambda e: (e.event_date, e.code)))
    paid: dict[int, date] = {}
    for event in events:
        if event.fee_index is not None and event.event_date <= as_of:
            paid.setdefault(event.fee_index, event.event_date)
    windows = tuple(
        w for w in (_window(grant, i, paid, as_of) for i in (1, 2, 3))
        if term_end is None or w.opens <= term_end
    )
    caveats = ("a due date on a weekend or US federal holiday moves to the next business day "
               "(35 USC 21(b)); not modelled",)

    def result(code: str, note: str, lapsed_on: date | None = None) -> MaintenanceStatus:
        return MaintenanceStatus(code=code, note=note, lapsed_on=lapsed_on, as_of=as_of,
                                 windows=windows, events=events, caveats=caveats)

    expiry_events = [e for e in events if e.code in {"EXP.", "EXPX"} and e.event_date <= as_of]
    if expiry_events and expiry_events[-1].code == "EXP.":
        recorded = expiry_events[-1].event_date
        missed = [w for w in windows if w.paid_on is None and w.grace_end <= recorded]
        lapsed_on = missed[0].grace_end if missed else recorded
        fee = f"the {missed[0].label} fee" if missed else "a maintenance fee"
        return result("lapsed", f"lapsed: {fee} was not paid; expired at the end of the grace "
                      f"period {lapsed_on} (USPTO event EXP. recorded {recorded})", lapsed_on)
    closed = [w for w in windows if w.state == "not recorded"]
    if closed:
        return result("unknown", f"unknown: fee payment not recorded (the {closed[0].label} "
                      f"fee's grace period ended {closed[0].grace_end}); load the USPTO "
                      "maintenance-fee events")
    return result("in force", _open_note(windows))


def _open_note(windows: tuple[FeeWindow, ...]) -> str:
    for window in windows:
        if window.state == "in grace period (surcharge)":
            return (f"the {window.label} fee fell due {window.due}; payable with surcharge "
                    f"until {window.grace_end}, else the patent expires then")
        if window.state in {"payable", "not yet payable"}:
            return f"the {window.label} fee falls due {window.due} (grace to {window.grace_end})"
    return "every maintenance fee recorded as paid"
