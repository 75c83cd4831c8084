"""The legal status a patent list shows as of a day, and the same in ``patents show``.

Order of the rules (first that applies wins):

1. ``lapsed``: the office record says the right ended early (JPO 消滅日 before
   the term's end, a lapse/withdrawal status), or a US maintenance-fee record
   shows the expiry for non-payment (``EXP.``), and that day has passed;
2. ``expired``: the computed term ended before the day (for an application
   that was never recorded as granted too: no right can outlive the term);
3. ``unknown``: the expiry cannot be computed (``expiry unknown (no filing
   date recorded)``), or a US maintenance-fee window closed without a
   recorded payment (``unknown: fee payment not recorded``);
4. ``in force``: granted (record status), term running, fees paid or not yet
   due as far as the record shows;
5. ``pending``: an application, as far as the record shows.

The office record is what Kizuna was given; the status is an estimate from
it, never a statement from the register (each label says what it rests on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kizuna.domain.patent import Patent, PatentStatus
from kizuna.domain.status.maintenance import MaintenanceStatus
from kizuna.domain.term import Expiry

__all__ = ["NO_FILING_DATE", "LegalStatus", "legal_status"]

NO_FILING_DATE = "expiry unknown (no filing date recorded)"


@dataclass(frozen=True, kw_only=True)
class LegalStatus:
    """A status code, the line a user reads, the day it holds for and the expiry shown."""

    code: str  # in force | pending | expired | lapsed | unknown
    label: str
    as_of: date
    expiry: date | None  # the day the right ends (lapse or term), None when unknown

    def to_json(self) -> dict[str, Any]:
        """``{code, label, as_of, expiry}``."""
        return {"code": self.code, "label": self.label, "as_of": self.as_of,
                "expiry": self.expiry}


def legal_status(
    patent: Patent,
    expiry: Expiry,
    *,
    as_of: date,
    maintenance: MaintenanceStatus | None = None,
) -> LegalStatus:
    """The status of ``patent`` on ``as_of`` (rules in the module docstring).

    ``expiry`` is :func:`~kizuna.domain.term.compute_expiry` of the patent;
    ``maintenance`` the US fee windows when they apply.
    """
    end = expiry.end
    fee_lapse = maintenance.lapsed_on if maintenance and maintenance.code == "lapsed" else None
    if fee_lapse is not None and (end is None or fee_lapse < end):
        end = fee_lapse

    def status(code: str, label: str) -> LegalStatus:
        return LegalStatus(code=code, label=label, as_of=as_of, expiry=end)

    early = expiry.lapsed_on is not None and (expiry.date is None or expiry.lapsed_on < expiry.date)
    if early and expiry.lapsed_on is not None and expiry.lapsed_on < as_of:
        return status("lapsed", f"lapsed {expiry.lapsed_on} (office record)")
    if fee_lapse is not None and fee_lapse < as_of:
        return status("lapsed", f"lapsed {fee_lapse} (maintenance fee not paid)")
    if patent.status is PatentStatus.LAPSED:
        return status("lapsed", "lapsed or withdrawn (office record)")
    if expiry.date is None:
        return status("unknown", NO_FILING_DATE)
    if as_of > expiry.date:
        granted = patent.status in {PatentStatus.GRANTED, PatentStatus.EXPIRED}
        suffix = "" if granted else "; no grant recorded"
        return status("expired", f"expired {expiry.date} (term ended{suffix})")
    if patent.status is PatentStatus.EXPIRED:
        return status("expired", "expired (office record)")
    if maintenance is not None and maintenance.code == "unknown":
        return status("unknown", "unknown: fee payment not recorded")
    if patent.status is PatentStatus.GRANTED:
        return status("in force", f"in force to {end} (as the record shows)")
    if patent.status is PatentStatus.PENDING:
        return status("pending", "pending (as the record shows)")
    return status("unknown", "status not recorded")
