"""Commitments on a patent: non-assertion pledges and FRAND declarations, and what they forbid.

A *pledge* (e.g. the Open COVID Pledge, 2020) promises not to assert a patent
against those who may rely on it (``beneficiaries``: ``anyone`` or named
companies separated by ``;``), within a ``field`` and a period. A *FRAND*
commitment is a declaration to a standards body (``sdo``) that licences to the
``standard``'s essential patents will be offered on fair, reasonable and
non-discriminatory terms. Each commitment carries its source and that source's date.

What follows from them (evidence for the user, not a legal conclusion):

* a company that may rely on a pledge in effect is no target for that patent
  (:func:`pledge_blocks`), within the pledge's field;
* a deal that licenses a pledged patent, in the pledge's field, to someone who
  may rely on it is refused (:func:`deal_findings`);
* a deal on a FRAND-committed patent states the commitment, and different
  running-royalty rates for different licensees of the same patents are flagged
  as a non-discrimination question.

    >>> pledge_blocks(item, company="Example K.K.", on=date(2026, 1, 1))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kizuna.domain.money import format_percent

__all__ = [
    "ANYONE",
    "KINDS",
    "Commitment",
    "DealFinding",
    "deal_findings",
    "field_covers",
    "pledge_blocks",
]

KINDS = ("pledge", "frand")
ANYONE = "anyone"


@dataclass(frozen=True, kw_only=True)
class Commitment:
    """A pledge or FRAND commitment recorded on one patent (compact number)."""

    id: int | None
    patent: str
    kind: str  # "pledge" | "frand"
    name: str  # "Open COVID Pledge" / "ETSI IPR declaration"
    scope: str = ""  # what is promised, in the commitment's words
    field: str = ""  # field of use it covers ("" = every field)
    beneficiaries: str = ""  # who may rely on it: "anyone" or names joined by ";"
    starts: date | None = None
    ends: date | None = None
    sdo: str = ""  # FRAND: the standards body
    standard: str = ""  # FRAND: the standard
    source: str = ""  # where the text is (URL or document) — required when recorded
    source_date: date | None = None  # the source's date (declaration date for FRAND)

    def in_effect(self, on: date) -> bool:
        """True when ``on`` falls in the commitment's period (open ends count)."""
        return (self.starts is None or self.starts <= on) and (self.ends is None or on <= self.ends)

    def may_rely(self, company: str) -> bool:
        """Whether ``company`` is among those who may rely on the pledge."""
        names = [n.strip().casefold() for n in self.beneficiaries.split(";") if n.strip()]
        return ANYONE in names or company.strip().casefold() in names

    @property
    def cite(self) -> str:
        """``name (source, date)``: how documents name the commitment."""
        when = self.source_date.isoformat() if self.source_date else "undated"
        extra = f", {self.sdo} {self.standard}".rstrip() if self.kind == "frand" else ""
        return f"{self.name}{extra} (source: {self.source}, {when})"

    @property
    def label(self) -> str:
        """How a blocked target pair names its block."""
        field = self.field or "every field"
        return f"{self.kind}: {self.name}; field: {field}; {self.cite}"


def field_covers(commitment_field: str, field: str) -> bool | None:
    """Whether a commitment on ``commitment_field`` covers ``field``.

    True for a commitment without a field or the same field (case-folded, or one
    naming the other); False for a different stated field; None when ``field``
    is not stated (the user must judge).
    """
    if not commitment_field.strip():
        return True
    if not field.strip():
        return None
    a, b = commitment_field.strip().casefold(), field.strip().casefold()
    return a == b or a in b or b in a


def pledge_blocks(item: Commitment, *, company: str, on: date, field: str = "") -> bool:
    """A pledge in effect on ``on`` that ``company`` may rely on, in ``field`` (or any)."""
    if item.kind != "pledge" or not item.in_effect(on) or not item.may_rely(company):
        return False
    return field_covers(item.field, field) is not False


@dataclass(frozen=True, kw_only=True)
class DealFinding:
    """What a commitment means for a deal: ``refuse`` (a pledge in scope) or ``flag``/``state``."""

    severity: str  # "refuse" | "flag" | "state"
    patent: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"severity": self.severity, "patent": self.patent, "message": self.message}


def _pledge_findings(
    item: Commitment, licensees: Sequence[tuple[str, str]], on: date
) -> list[DealFinding]:
    found = []
    for licensee, field in licensees:
        if item.kind != "pledge" or not item.in_effect(on) or not item.may_rely(licensee):
            continue
        covered = field_covers(item.field, field)
        if covered is False:
            continue
        severity = "refuse" if covered else "flag"
        where = f"field {field!r}" if field else "a field the deal does not state"
        found.append(
            DealFinding(
                severity=severity,
                patent=item.patent,
                message=f"{licensee} may rely on the {item.cite} for {where} "
                f"(pledge field: {item.field or 'every field'}): no royalty can be asked "
                "there under the pledge",
            )
        )
    return found


def deal_findings(
    commitments: Sequence[Commitment],
    *,
    licensees: Sequence[tuple[str, str]],
    rates: Sequence[tuple[str, Decimal]],
    on: date,
) -> list[DealFinding]:
    """Findings for a deal on the committed patents.

    ``licensees``: (licensee, field) of each component; ``rates``: (licensee,
    running-royalty rate) of each running royalty; ``on``: the valuation date.
    """
    found: list[DealFinding] = []
    distinct = sorted({rate for _, rate in rates})
    for item in commitments:
        found.extend(_pledge_findings(item, licensees, on))
        if item.kind != "frand":
            continue
        found.append(
            DealFinding(
                severity="state",
                patent=item.patent,
                message=f"FRAND-committed: {item.cite}; the terms must be fair, reasonable "
                "and non-discriminatory",
            )
        )
        if len(distinct) > 1:
            by = ", ".join(f"{who} {format_percent(rate)}" for who, rate in rates)
            found.append(
                DealFinding(
                    severity="flag",
                    patent=item.patent,
                    message=f"non-discrimination: different running-royalty rates for the "
                    f"licensees of this FRAND-committed patent ({by}); document why they "
                    "are not similarly situated",
                )
            )
    return found
