"""Guards that keep a campaign's documents to the chart and the licensee, never a guess.

Documents that rely on evidence (``brief``, ``letter --kind offer``, ``pack
hantei``) take their claim charts explicitly by id. Each chart is read in its
reviewed state (accepted, rejected and added passages and edited wording from
the review history) and refused when:

- its patent is not one of the campaign's patents;
- its product belongs to another company than the campaign's licensee (the
  evidence's company, else the licensee's stored product list, decides);
- an element is labelled other than ``supported``, unless the caller allows
  draft evidence (``--allow-draft-evidence``), in which case the documents mark
  those elements prominently as drafts.

A deal file whose components name another licensee is refused, so a document
never prints another licensee's name or terms.

    >>> charts = campaign_charts(db, campaign, company, [3], allow_draft=False)  # doctest: +SKIP
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

from kizuna.adapters.exports.documents.context import draft_elements
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Campaign
from kizuna.domain.company import Company
from kizuna.domain.deals import Deal
from kizuna.domain.evidence import ClaimChart
from kizuna.errors import ConflictError, InvalidValueError, KizunaError

__all__ = ["MAX_CHARTS", "campaign_charts", "check_chart_company", "checked_deal", "same_matter"]

#: At most this many charts in one document (a brief covers a handful of patents).
MAX_CHARTS = 20


def _key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def _licensee_names(campaign: Campaign, company: Company | None) -> set[str]:
    return {_key(n) for n in (campaign.licensee, *(company.names if company else ())) if n}


def _is_licensee(
    database: Database, name: str, campaign: Campaign, company: Company | None
) -> bool:
    if _key(name) in _licensee_names(campaign, company):
        return True
    if company is None or company.id is None:
        return False
    from kizuna.services.companies import get_company

    try:
        return get_company(database, name).id == company.id
    except KizunaError:
        return False


def check_chart_company(
    database: Database, chart: ClaimChart, campaign: Campaign, company: Company | None
) -> None:
    """Refuse ``chart`` when its product belongs to another company than the licensee."""
    where = f"chart {chart.id}"
    if chart.company:
        if not _is_licensee(database, chart.company, campaign, company):
            raise ConflictError(
                f"{where}: product {chart.product!r} belongs to {chart.company}, not to "
                f"campaign {campaign.id}'s licensee {campaign.licensee}"
            )
        return
    products = {_key(p) for p in (company.products if company else ())}
    if _key(chart.product) not in products:
        raise ConflictError(
            f"{where}: the evidence for product {chart.product!r} names no company and the "
            f"product is not among {campaign.licensee}'s stored products; add the evidence "
            "with its company (evidence add --company) or the product to the company record"
        )


def _check_evidence(chart: ClaimChart, allow_draft: bool) -> None:
    drafts = draft_elements(chart)
    if drafts and not allow_draft:
        labels = ", ".join(
            f"{e.element_id} ({e.label})" for e in chart.elements if e.label != "supported"
        )
        raise ConflictError(
            f"chart {chart.id}: element(s) {labels} are not supported by reviewed evidence; "
            "review the chart (chart review) or allow draft evidence (--allow-draft-evidence), "
            "which marks them as drafts in the document"
        )


def campaign_charts(
    database: Database,
    campaign: Campaign,
    company: Company | None,
    chart_ids: Sequence[int],
    *,
    allow_draft: bool,
) -> list[ClaimChart]:
    """The charts ``chart_ids`` in their reviewed state, each checked against the campaign."""
    from kizuna.services.charts import get_chart

    ids = list(dict.fromkeys(chart_ids))
    if len(ids) > MAX_CHARTS:
        raise InvalidValueError(f"--chart: {len(ids)} charts, at most {MAX_CHARTS} per document")
    charts = []
    for chart_id in ids:
        chart = get_chart(database, chart_id)
        if chart.patent not in campaign.patents:
            raise ConflictError(
                f"chart {chart_id}: patent {chart.patent} is not one of campaign "
                f"{campaign.id}'s patents ({', '.join(campaign.patents)})"
            )
        if not same_matter(database, campaign, chart):
            raise ConflictError(
                f"chart {chart_id} belongs to another matter than campaign {campaign.id}; "
                "a campaign's documents use only charts of its own matter"
            )
        check_chart_company(database, chart, campaign, company)
        _check_evidence(chart, allow_draft)
        charts.append(chart)
    return charts


def same_matter(database: Database, campaign: Campaign, chart: ClaimChart) -> bool:
    """A campaign's documents use only charts of its own matter (confidential matters)."""
    from kizuna.services.accounts.matters import matter_of

    if campaign.id is None or chart.id is None:
        return True
    own = matter_of(database, "campaign", campaign.id)
    return own is None or own == matter_of(database, "chart", chart.id)


def checked_deal(
    database: Database, path: Path, deal: Deal, campaign: Campaign, company: Company | None
) -> Deal:
    """``deal`` when every component is for the campaign's licensee (or names none)."""
    for component in deal.components:
        other = getattr(component, "licensee", "")
        if other and not _is_licensee(database, other, campaign, company):
            raise ConflictError(
                f"{path.name}: component {component.name!r} is for licensee {other!r}, not "
                f"campaign {campaign.id}'s licensee {campaign.licensee}; documents never show "
                "another licensee's terms (use a deal file for this licensee)"
            )
    return deal
