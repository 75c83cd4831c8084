"""Gather what a campaign's documents say: patents, Japanese claims, charts, company, terms.

Japanese claim text comes only from the record: the patent's own Japanese
claim set, else a JP family member stored in the portfolio (linked either
way by a family link). When there is none the documents mark the claim
翻訳要 (translation needed); Kizuna never translates a claim itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from kizuna.adapters.exports.documents.context import DocumentContext, PatentInfo
from kizuna.adapters.exports.documents.deal_terms import describe_deal
from kizuna.adapters.reference import field_concordance
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Campaign
from kizuna.domain.claims import Claim
from kizuna.domain.company import Company
from kizuna.domain.evidence import ClaimChart, EvidenceDoc
from kizuna.domain.patent import ClassificationScheme, PartyRole, Patent
from kizuna.domain.term import compute_expiry
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.patents import get_patent, list_patents

__all__ = [
    "campaign_chart_choices",
    "gather_context", "is_product_claim", "ja_elements", "japanese_claim", "stage_text"]

_FIELD_SCHEMES = {ClassificationScheme.IPC, ClassificationScheme.CPC}


def stage_text(track: str, stage: str, lang: str) -> str:
    """A stage's Japanese or English name; the key itself for a stage the rules do not know."""
    from kizuna.domain.campaign_rules import stage_label

    try:
        return stage_label(track, stage, lang)
    except InvalidValueError:
        return stage


def _first_independent(claims: Iterable[Claim]) -> Claim | None:
    ordered = sorted(claims, key=lambda c: c.number)
    return next((c for c in ordered if c.independent), ordered[0] if ordered else None)


def _ja_claim(patent: Patent, number: int | None) -> Claim | None:
    claims = [c for s in patent.claim_sets if s.lang == "ja" for c in s.claims]
    if number is not None:
        same = next((c for c in claims if c.number == number), None)
        if same is not None:
            return same
    return _first_independent(claims)


def _linked(a: Patent, b: Patent) -> bool:
    keys_a = {n.key for n in a.numbers}
    keys_b = {n.key for n in b.numbers}
    return any(f.number.key in keys_b for f in a.family) or any(
        f.number.key in keys_a for f in b.family
    )


def japanese_claim(
    patent: Patent, portfolio_jp: Iterable[Patent], number: int | None = None
) -> tuple[Claim | None, str | None]:
    """Japanese claim ``number`` (default: first independent) and the record it came from."""
    own = _ja_claim(patent, number)
    if own is not None:
        return own, None
    for member in portfolio_jp:
        if member.number.compact != patent.number.compact and _linked(patent, member):
            found = _ja_claim(member, number)
            if found is not None:
                return found, member.number.display
    return None, None


def _jp_portfolio(database: Database) -> list[Patent]:
    return [
        get_patent(database=database, number=s.number.compact)
        for s in list_patents(database=database)
        if s.country == "JP"
    ]


def _patent_info(patent: Patent, portfolio_jp: list[Patent]) -> PatentInfo:
    own_sets = sorted(patent.claim_sets, key=lambda s: (s.lang != patent.lang, s.lang != "en"))
    claim = _first_independent(own_sets[0].claims) if own_sets else None
    ja, source = japanese_claim(patent, portfolio_jp, claim.number if claim else None)
    codes = [c.code for c in patent.classifications if c.scheme in _FIELD_SCHEMES]
    owners = [p for p in patent.parties if p.role is PartyRole.ASSIGNEE] or [
        p for p in patent.parties if p.role is PartyRole.APPLICANT
    ]
    return PatentInfo(
        number=patent.number.display,
        compact=patent.number.compact,
        title=patent.title,
        expiry=compute_expiry(patent).end,
        status=patent.status.value,
        fields=tuple(f.name for f in field_concordance().fields_for(codes)),
        owner=owners[0].name if owners else None,
        claim_number=claim.number if claim else (ja.number if ja else None),
        claim_text=claim.text if claim else (ja.text if ja else None),
        claim_lang=claim.lang if claim else ("ja" if ja else None),
        claim_ja=ja.text if ja else None,
        claim_ja_source=source,
    )


def _with_commitments(database: Database, info: PatentInfo) -> PatentInfo:
    """``info`` with the pledges and FRAND commitments recorded on the patent."""
    from kizuna.services.pools.pledges import commitments_for

    found = commitments_for(database, [info.compact])
    return replace(info, commitments=tuple((c.kind, c.cite) for c in found))


def _company(database: Database, campaign: Campaign) -> Company | None:
    from kizuna.services.companies import get_company

    key = str(campaign.company_id) if campaign.company_id is not None else campaign.licensee
    try:
        return get_company(database, key)
    except (NotFoundError, InvalidValueError):
        return None  # an unresolved licensee: the brief says no company record is stored


def _evidence(database: Database, charts: list[ClaimChart]) -> list[EvidenceDoc]:
    from kizuna.services.evidence import list_evidence

    docs: list[EvidenceDoc] = []
    for product in sorted({c.product for c in charts}):
        docs.extend(list_evidence(database, product))
    return docs


def is_product_claim(patent: Patent, chart: ClaimChart) -> bool:
    """Whether the charted claim claims a thing (物の発明) rather than a method (方法の発明).

    A method claim's hantei annex describes the accused method (イ号方法説明書);
    a product claim's the accused product (イ号物件説明書). The category comes
    from the claim as parsed from the record; an unknown claim counts as a product.
    """
    from kizuna.domain.claims import ClaimCategory

    for claim_set in patent.claim_sets:
        if claim_set.lang == chart.lang:
            claim = next((c for c in claim_set.claims if c.number == chart.claim), None)
            if claim is not None:
                return claim.category is not ClaimCategory.METHOD
    return True


def ja_elements(database: Database, chart: ClaimChart) -> dict[str, str]:
    """Japanese wording of the chart's claim elements from the record (id → text), if stored."""
    if chart.lang == "ja":
        return {e.element_id: e.text for e in chart.elements}
    patent = get_patent(database=database, number=chart.patent)
    claim, _ = japanese_claim(patent, _jp_portfolio(database), chart.claim)
    if claim is None or len(claim.elements) != len(chart.elements):
        return {}  # element splits differ: show the charted wording marked 翻訳要
    return {e.id: e.text for e in claim.elements}


def campaign_chart_choices(database: Database, campaign: Campaign) -> list[dict[str, object]]:
    """The stored charts of the campaign's patents, newest first, for a form to pick from."""
    from kizuna.services.charts import list_charts
    from kizuna.services.document_guards import same_matter

    charts = [
        c for c in list_charts(database)
        if c.patent in campaign.patents and same_matter(database, campaign, c)
    ]
    return [
        {
            "id": c.id,
            "patent": c.patent,
            "claim": c.claim,
            "product": c.product,
            "company": c.company,
            "verdict": c.verdict,
            "drafts": [e.element_id for e in c.elements if e.label != "supported"],
        }
        for c in sorted(charts, key=lambda c: c.id or 0, reverse=True)
    ]


def _record_head(database: Database, campaign: Campaign) -> tuple[str, int]:
    records = importlib.import_module("kizuna.services.campaign_record")
    head = records.current_head(database, campaign.id)
    return str(head.short), int(head.entries)


def _structure(
    database: Database, campaign: Campaign, company: Company | None, deal: Path | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from kizuna.services.deal_file import read_deal
    from kizuna.services.document_guards import checked_deal

    if deal is None:
        return (), ()
    return describe_deal(checked_deal(database, deal, read_deal(deal).deal, campaign, company))


def gather_context(
    database: Database,
    campaign: Campaign,
    *,
    as_of: date | None = None,
    deal: Path | None = None,
    charts: Sequence[int] = (),
    allow_draft: bool = False,
) -> DocumentContext:
    """Everything the documents of ``campaign`` need, read from the database (and deal file).

    ``charts`` are chart ids, checked by
    :func:`kizuna.services.document_guards.campaign_charts` (the campaign's
    patents, the licensee's product, reviewed evidence unless ``allow_draft``);
    a ``deal`` naming another licensee is refused.
    """
    from kizuna.domain.crossborder import assess_exposure
    from kizuna.services.document_guards import campaign_charts

    portfolio_jp = _jp_portfolio(database)
    patents = [get_patent(database=database, number=n) for n in campaign.patents]
    infos = tuple(_with_commitments(database, _patent_info(p, portfolio_jp)) for p in patents)
    company = _company(database, campaign)
    chosen = campaign_charts(database, campaign, company, charts, allow_draft=allow_draft)
    structure = _structure(database, campaign, company, deal)
    exposure = assess_exposure(company) if company is not None else None
    licensor = next((i.owner for i in infos if i.owner), None) or "ライセンサー（特許権者）"
    head, entries = _record_head(database, campaign)
    return DocumentContext(
        campaign=campaign,
        as_of=as_of or date.today(),
        licensor=licensor,
        patents=infos,
        charts=tuple(chosen),
        evidence=tuple(_evidence(database, chosen)),
        company=company,
        exposure_level=exposure.level if exposure else None,
        exposure_factors=tuple(f.signal for f in exposure.factors if f.present) if exposure else (),
        structure_ja=structure[0],
        structure_en=structure[1],
        structure_source=deal.name if deal else None,
        stage_ja=stage_text(campaign.track, campaign.stage, "ja"),
        stage_en=stage_text(campaign.track, campaign.stage, "en"),
        record_head=head,
        record_entries=entries,
    )
