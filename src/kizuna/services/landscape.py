"""The portfolio landscape: patents by WIPO field, Japanese sector and JSIC industry.

    >>> report = fields_report(database)  # doctest: +SKIP
    >>> [(row.key, row.count) for row in report.sectors]  # doctest: +SKIP
    [('semiconductor', 3), ('consumer-electronics', 2), ...]

The JSON shape (``kizuna landscape fields --json``) is documented in
docs/cli/landscape.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kizuna.adapters.landscape_data import LANDSCAPE_DATA_VERSION, landscape_map
from kizuna.adapters.reference import field_concordance
from kizuna.domain.fields import FieldConcordance
from kizuna.domain.ids import PatentNumber
from kizuna.domain.landscape import (
    LandscapeMap,
    PatentProfile,
    breadth_claims,
    breadth_factor,
    field_codes,
    live_jp_factor,
    term_factor,
    text_profile,
)
from kizuna.domain.patent import Patent
from kizuna.domain.term import compute_expiry

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = [
    "NOTICE",
    "FieldsReport",
    "GroupRow",
    "fields_report",
    "portfolio_profiles",
    "profile_patents",
]

SCHEMA = "kizuna.landscape.fields/1"
NOTICE = (
    "Fields come from the IPC/CPC symbols (WIPO concordance); sectors and JSIC industries "
    "from Kizuna's documented mapping (docs/landscape.md). An analytical aid, not a legal opinion."
)


def _key(number: PatentNumber) -> tuple[str, str, str]:
    return number.key


def profile_patents(
    patents: Sequence[Patent],
    *,
    as_of: date,
    lmap: LandscapeMap | None = None,
    concordance: FieldConcordance | None = None,
) -> list[PatentProfile]:
    """Fields, sectors, JSIC groups and per-patent factors, sorted by compact number."""
    lmap = lmap or landscape_map()
    concordance = concordance or field_concordance()
    ends = {id(p): compute_expiry(p).end for p in patents}
    stored_jp = {
        _key(n): ends[id(p)] for p in patents if p.number.country == "JP" for n in p.numbers
    }
    profiles = []
    for patent in patents:
        codes = field_codes(patent)
        fields = concordance.fields_for(codes)
        end = ends[id(patent)]
        profiles.append(
            PatentProfile(
                number=patent.number.compact,
                numbers=tuple(n.compact for n in patent.numbers),
                country=patent.number.country,
                title=patent.title,
                fields=fields,
                sectors=lmap.sector_weights(fields, codes),
                jsic=lmap.jsic_for(fields),
                expiry=end,
                term=term_factor(end, as_of=as_of),
                live_jp=live_jp_factor(patent, end=end, as_of=as_of, stored_jp=stored_jp),
                breadth=breadth_factor(breadth_claims(patent)),
                text=text_profile(patent, lmap.sectors),
            )
        )
    return sorted(profiles, key=lambda p: p.number)


def portfolio_profiles(database: Database, *, as_of: date) -> list[PatentProfile]:
    """Profiles of every stored patent."""
    from kizuna.adapters.storage.landscape import load_portfolio

    return profile_patents(load_portfolio(database), as_of=as_of)


@dataclass(frozen=True, kw_only=True)
class GroupRow:
    """One field, sector or industry: its patents, live JP rights and expiry range."""

    key: str
    name: str
    name_ja: str | None = None
    group: str | None = None  # the WIPO sector of a field
    patents: tuple[str, ...] = ()
    live_jp: int = 0
    weight: float | None = None  # sectors: sum of the patents' sector weights
    earliest_expiry: date | None = None
    latest_expiry: date | None = None

    @property
    def count(self) -> int:
        """Number of patents in the group."""
        return len(self.patents)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict (docs/cli/landscape.md)."""
        return {
            "key": self.key,
            "name": self.name,
            "name_ja": self.name_ja,
            "group": self.group,
            "patents": self.count,
            "live_jp": self.live_jp,
            "weight": None if self.weight is None else round(self.weight, 3),
            "earliest_expiry": self.earliest_expiry,
            "latest_expiry": self.latest_expiry,
            "numbers": list(self.patents),
        }


def _row(key: str, name: str, members: Iterable[PatentProfile], **extra: Any) -> GroupRow:
    items = list(members)
    expiries = [p.expiry for p in items if p.expiry]
    return GroupRow(
        key=key,
        name=name,
        patents=tuple(p.number for p in items),
        live_jp=sum(p.live_jp_right for p in items),
        earliest_expiry=min(expiries, default=None),
        latest_expiry=max(expiries, default=None),
        **extra,
    )


@dataclass(frozen=True, kw_only=True)
class FieldsReport:
    """The portfolio by field, sector and JSIC industry."""

    as_of: date
    patents: int
    live_jp: int
    fields: tuple[GroupRow, ...]
    sectors: tuple[GroupRow, ...]
    industries: tuple[GroupRow, ...]
    unclassified: tuple[str, ...] = ()
    profiles: tuple[PatentProfile, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        """The ``kizuna.landscape.fields/1`` JSON document."""
        return {
            "schema": SCHEMA,
            "as_of": self.as_of,
            "patents": self.patents,
            "live_jp": self.live_jp,
            "fields": [r.to_json() for r in self.fields],
            "sectors": [r.to_json() for r in self.sectors],
            "industries": [r.to_json() for r in self.industries],
            "unclassified": list(self.unclassified),
            "data": {
                "concordance": field_concordance().version,
                "mapping": LANDSCAPE_DATA_VERSION,
            },
            "notice": NOTICE,
        }


def build_report(profiles: Sequence[PatentProfile], *, as_of: date) -> FieldsReport:
    """Group ``profiles`` by field, sector and JSIC group (largest first, then key)."""
    lmap = landscape_map()
    present = {f for p in profiles for f in p.fields}
    by_field = {f: [p for p in profiles if f in p.fields] for f in present}
    fields = [
        _row(str(f.number), f.name, members, group=f.sector)
        for f, members in sorted(by_field.items(), key=lambda kv: (-len(kv[1]), kv[0].number))
    ]
    sectors = []
    for sector in lmap.sectors:
        members = [p for p in profiles if sector.code in p.sectors]
        if members:
            weight = sum(p.sectors[sector.code] for p in members)
            sectors.append(
                _row(sector.code, sector.name_en, members, name_ja=sector.name_ja, weight=weight)
            )
    sectors.sort(key=lambda r: (-(r.weight or 0.0), r.key))
    codes = sorted({c for p in profiles for c in p.jsic})
    industries = []
    for code in codes:
        name_ja, name_en = lmap.jsic_name(code)
        members = [p for p in profiles if code in p.jsic]
        industries.append(_row(code, name_en, members, name_ja=name_ja))
    industries.sort(key=lambda r: (-r.count, r.key))
    return FieldsReport(
        as_of=as_of,
        patents=len(profiles),
        live_jp=sum(p.live_jp_right for p in profiles),
        fields=tuple(fields),
        sectors=tuple(sectors),
        industries=tuple(industries),
        unclassified=tuple(p.number for p in profiles if not p.fields),
        profiles=tuple(profiles),
    )


def fields_report(database: Database, *, as_of: date | None = None) -> FieldsReport:
    """The stored portfolio by WIPO field, Japanese sector and JSIC industry."""
    as_of = as_of or date.today()
    return build_report(portfolio_profiles(database, as_of=as_of), as_of=as_of)
