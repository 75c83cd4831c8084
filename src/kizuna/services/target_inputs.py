"""Turn stored patents, companies, links, charts and encumbrances into scoring arrays.

:func:`build_inputs` gives the :class:`~kizuna.services.target_scoring.ScoringInputs`
for the vectorised score and a :class:`PairContext` that keeps what the
explanation of a pair needs (revenue in yen, exposure level, chart, block).
Patents are in compact-number order and companies in id order: that order is
the ranking's tie-break.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

import numpy as np

from kizuna.domain.company import Company
from kizuna.domain.landscape import LandscapeMap, PatentProfile
from kizuna.domain.money import FxTable, Money, format_japanese
from kizuna.domain.pools.fields import FieldScope, pair_area, pair_in_field
from kizuna.domain.targets import revenue_magnitude
from kizuna.errors import InvalidValueError
from kizuna.services.target_scoring import Pairs, ScoringInputs
from kizuna.services.target_text import LexicalIndex, lexical_matrix

__all__ = [
    "OWNER_ROLES",
    "ChartLike",
    "EncumbranceLike",
    "LinkLike",
    "PairContext",
    "build_inputs",
    "jsic_groups",
    "revenue_jpy",
]

OWNER_ROLES = frozenset({"applicant", "assignee"})
FIELD_COUNT = 35  # WIPO technology fields, numbered 1..35


class LinkLike(Protocol):
    """A patent-company link (``kizuna.services.companies.PatentLink``)."""

    @property
    def patent(self) -> str: ...
    @property
    def company_id(self) -> int: ...
    @property
    def role(self) -> str: ...


class ChartLike(Protocol):
    """A chart's coverage (``kizuna.services.charts.ChartCoverage``)."""

    @property
    def chart_id(self) -> int: ...
    @property
    def patent(self) -> str: ...
    @property
    def claim(self) -> int: ...
    @property
    def product(self) -> str: ...
    @property
    def company(self) -> str | None: ...
    @property
    def coverage(self) -> float: ...


class EncumbranceLike(Protocol):
    """A stored encumbrance (``kizuna.adapters.storage.landscape.Encumbrance``)."""

    @property
    def patent(self) -> str: ...
    @property
    def company_id(self) -> int: ...
    @property
    def label(self) -> str: ...


@dataclass(kw_only=True)
class PairContext:
    """What the explanation of a pair needs beyond the arrays."""

    profiles: list[PatentProfile]
    companies: list[Company]
    sector_codes: tuple[str, ...]
    jsic_codes: tuple[str, ...]
    revenue_notes: list[str] = field(default_factory=list)
    exposure_notes: list[str] = field(default_factory=list)
    charts: dict[tuple[int, int], str] = field(default_factory=dict)
    blocked: dict[tuple[int, int], str] = field(default_factory=dict)
    flagged: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    excluded: int = 0
    lexical: LexicalIndex | None = None
    corpus_activity: bool = False  # filings also counted from a corpus (--activity-from-corpus)


def jsic_groups(codes: Sequence[str]) -> set[str]:
    """JSIC major groups (two digits) of a company's codes (``3031`` -> ``30``)."""
    return {c.strip()[:2] for c in codes if c.strip()[:2].isdigit()}


def revenue_jpy(company: Company, fx: FxTable) -> tuple[float | None, str]:
    """The company's Japan revenue in yen and a note saying how it was converted."""
    revenue = company.japan_revenue
    if revenue is None:
        return None, "no Japan revenue recorded"
    try:
        money = Money(amount=Decimal(revenue.amount), currency=revenue.currency)
        conversion = fx.convert(money, "JPY", revenue.as_of)
    except InvalidValueError as exc:
        return None, f"Japan revenue not converted: {exc}"
    jpy = conversion.converted
    note = f"Japan revenue {format_japanese(jpy)} ({revenue.as_of.isoformat()}"
    if revenue.currency != "JPY":
        note += f"; {money.plain()} at {conversion.rate:.4f}, ECB {conversion.rate_date}"
    return float(jpy.amount), note + ")"


def _group_root(company: Company, by_id: dict[int, Company]) -> int | None:
    """The top of the company's group (following parent ids), for owner exclusion."""
    seen: set[int] = set()
    current = company
    while current.parent_id is not None and current.parent_id in by_id:
        if current.parent_id in seen:
            break
        seen.add(current.parent_id)
        current = by_id[current.parent_id]
    return current.id


def _pairs(items: Sequence[tuple[int, int]]) -> Pairs:
    if not items:
        return (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
    rows, cols = zip(*items, strict=True)
    return (np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp))


def _owners(
    profiles: list[PatentProfile], companies: list[Company], links: Sequence[LinkLike]
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Filings per (company, field) and the (patent, company) pairs of the owner's group."""
    patent_index = {n: i for i, p in enumerate(profiles) for n in p.numbers}
    company_index = {c.id: j for j, c in enumerate(companies)}
    by_id = {c.id: c for c in companies if c.id is not None}
    roots = [_group_root(c, by_id) for c in companies]
    members: dict[int | None, list[int]] = defaultdict(list)
    for column, group in enumerate(roots):
        members[group].append(column)
    filings = np.zeros((len(companies), FIELD_COUNT))
    excluded: set[tuple[int, int]] = set()
    counted: set[tuple[int, int]] = set()
    for link in links:
        i, j = patent_index.get(link.patent), company_index.get(link.company_id)
        if i is None or j is None or link.role not in OWNER_ROLES:
            continue
        root = roots[j]
        excluded.update((i, k) for k in members[root])
        if (i, j) not in counted:
            counted.add((i, j))
            for f in profiles[i].fields:
                filings[j, f.number - 1] += 1.0
    return filings, sorted(excluded)


def build_inputs(
    profiles: list[PatentProfile],
    companies: list[Company],
    *,
    lmap: LandscapeMap,
    fx: FxTable,
    links: Sequence[LinkLike] = (),
    charts: Sequence[ChartLike] = (),
    encumbrances: Sequence[EncumbranceLike] = (),
    exposure: Callable[[Company], tuple[float, str]],
    resolve: Callable[[str], Company | None] = lambda name: None,
) -> tuple[ScoringInputs, PairContext]:
    """Arrays for :func:`~kizuna.services.target_scoring.score_matrix` and the context."""
    profiles = sorted(profiles, key=lambda p: p.number)
    companies = sorted(companies, key=lambda c: c.id or 0)
    sectors = tuple(s.code for s in lmap.sectors)
    jsic = tuple(sorted({c for p in profiles for c in p.jsic}))
    ctx = PairContext(profiles=profiles, companies=companies, sector_codes=sectors,
                      jsic_codes=jsic)
    n_p, n_c = len(profiles), len(companies)
    patent_fields, patent_sectors = np.zeros((n_p, FIELD_COUNT)), np.zeros((n_p, len(sectors)))
    text_sectors = np.zeros((n_p, len(sectors)))
    patent_jsic = np.zeros((n_p, len(jsic)))
    for i, p in enumerate(profiles):
        for f in p.fields:
            patent_fields[i, f.number - 1] = 1.0
        for s, code in enumerate(sectors):
            patent_sectors[i, s] = p.sectors.get(code, 0.0)
            text_sectors[i, s] = p.text.sectors.get(code, 0.0)
        for g, code in enumerate(jsic):
            patent_jsic[i, g] = 1.0 if code in p.jsic else 0.0
    company_sectors, company_jsic = np.zeros((n_c, len(sectors))), np.zeros((n_c, len(jsic)))
    revenue, exposure_values = np.zeros(n_c), np.zeros(n_c)
    for j, company in enumerate(companies):
        for s, sector in enumerate(lmap.sectors):
            company_sectors[j, s] = 1.0 if sector.matches(company.products) else 0.0
        groups = jsic_groups(company.jsic)
        for g, code in enumerate(jsic):
            company_jsic[j, g] = 1.0 if code in groups else 0.0
        jpy, note = revenue_jpy(company, fx)
        revenue[j] = revenue_magnitude(jpy)
        ctx.revenue_notes.append(note)
        exposure_values[j], text = exposure(company)
        ctx.exposure_notes.append(text)
    filings, excluded = _owners(profiles, companies, links)
    ctx.excluded = len(excluded)
    evidence = _evidence(ctx, charts, resolve)
    blocked = _blocked(ctx, encumbrances, company_sectors)
    patent_terms = [p.text.terms for p in profiles]
    ctx.lexical = LexicalIndex.build(patent_terms, [c.products for c in companies])
    inputs = ScoringInputs(
        patent_term=np.array([p.term.value for p in profiles]),
        patent_live_jp=np.array([p.live_jp.value for p in profiles]),
        patent_breadth=np.array([p.breadth.value for p in profiles]),
        patent_fields=patent_fields, patent_sectors=patent_sectors, patent_jsic=patent_jsic,
        company_filings=filings, company_sectors=company_sectors, company_jsic=company_jsic,
        company_revenue=revenue, company_exposure=exposure_values,
        evidence=_pairs([k for k, _ in evidence]),
        evidence_coverage=np.array([v for _, v in evidence]),
        blocked=_pairs(sorted(blocked)), excluded=_pairs(excluded),
        patent_text_sectors=text_sectors, pair_lexical=lexical_matrix(ctx.lexical, patent_terms),
    )
    return inputs, ctx


def _evidence(
    ctx: PairContext, charts: Sequence[ChartLike], resolve: Callable[[str], Company | None]
) -> list[tuple[tuple[int, int], float]]:
    """(pair, coverage) for each chart whose company or product names a stored company."""
    patent_index = {n: i for i, p in enumerate(ctx.profiles) for n in p.numbers}
    company_index = {c.id: j for j, c in enumerate(ctx.companies)}
    found: list[tuple[tuple[int, int], float]] = []
    best: dict[tuple[int, int], float] = {}
    for chart in charts:
        i = patent_index.get(chart.patent)
        if i is None:
            continue
        matched = resolve(chart.company) if chart.company else None
        if matched is not None:
            columns = [company_index[matched.id]] if matched.id in company_index else []
        else:
            product = chart.product.casefold()
            columns = [j for j, c in enumerate(ctx.companies)
                       if any(product == p.casefold() for p in c.products)]
        for j in columns:
            found.append(((i, j), chart.coverage))
            if chart.coverage >= best.get((i, j), -1.0):
                best[(i, j)] = chart.coverage
                ctx.charts[(i, j)] = (f"chart #{chart.chart_id}, claim {chart.claim} vs "
                                      f"{chart.product}: coverage {chart.coverage:.2f}")
    return found


def _blocked(
    ctx: PairContext, encumbrances: Sequence[EncumbranceLike], company_sectors: np.ndarray
) -> set[tuple[int, int]]:
    """Blocked pairs; a field-limited encumbrance blocks inside its fields, flags outside.

    An encumbrance with ``scopes`` (a stored pool's licence, a pledge with a field)
    blocks the pair only when its fields cover the pair's area
    (:func:`kizuna.domain.pools.fields.pair_in_field`); otherwise the pair is
    ranked as usual and ``flagged`` names the encumbrance.
    """
    patent_index = {n: i for i, p in enumerate(ctx.profiles) for n in p.numbers}
    company_index = {c.id: j for j, c in enumerate(ctx.companies)}
    pairs: set[tuple[int, int]] = set()
    for item in encumbrances:
        i, j = patent_index.get(item.patent), company_index.get(item.company_id)
        if i is None or j is None:
            continue
        scopes: tuple[FieldScope, ...] = getattr(item, "scopes", ())
        if scopes:
            profile = ctx.profiles[i]
            wipo, sectors = pair_area(
                wipo=(f.number for f in profile.fields),
                patent_sectors=(c for c, w in profile.sectors.items() if w > 0),
                company_sectors=(c for s, c in enumerate(ctx.sector_codes)
                                 if company_sectors[j, s] > 0),
            )  # fmt: skip
            where = "; ".join(s.describe() for s in scopes)
            if not pair_in_field(scopes, wipo=wipo, sectors=sectors):
                ctx.flagged.setdefault((i, j), []).append(
                    f"{item.label} — outside its field {where}: this pair's area is "
                    f"{_area(wipo, sectors)}; not blocked")
                continue
            if not (wipo or sectors):
                why = "the patent has no WIPO field or sector on record: blocked as a precaution"
            elif not all(s.resolved for s in scopes):
                why = f"field {where}: cannot tell, blocked as a precaution"
            else:
                why = f"pair inside its field {where}"
            label = f"{item.label} — {why}"
        else:
            label = item.label
        pairs.add((i, j))
        ctx.blocked.setdefault((i, j), label)
    return pairs


def _area(wipo: frozenset[int], sectors: frozenset[str]) -> str:
    fields = ", ".join(str(n) for n in sorted(wipo)) or "none"
    return f"WIPO {fields}; sectors {', '.join(sorted(sectors)) or 'none'}"


def as_of_default(as_of: date | None) -> date:
    """``as_of`` or today."""
    return as_of or date.today()
