"""Documents for a campaign: technology brief, ringi summary, letters, hantei annex, record.

Each ``write_*`` gathers the campaign's facts from the database (the
campaign, its patents with expiry, fields and Japanese claim text, claim
charts, the licensee company, an optional deal file), builds the document
(:mod:`kizuna.adapters.exports.documents`) and writes it atomically as PDF
(WeasyPrint, Noto CJK) or DOCX (python-docx, East Asian font set). Every
document says it is a draft for the licensor's review, not legal advice, and
Kizuna sends nothing anywhere.

    >>> write_brief(db, 1, Path("brief.pdf"), lang="ja")              # doctest: +SKIP
    >>> write_letter(db, 1, Path("intro.docx"), kind="introduction")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from kizuna.adapters.exports.documents.brief import build_brief, build_ringi
from kizuna.adapters.exports.documents.context import DocumentContext, check_lang
from kizuna.adapters.exports.documents.hantei import build_hantei
from kizuna.adapters.exports.documents.letters import build_letter
from kizuna.adapters.exports.documents.model import Document
from kizuna.adapters.exports.documents.record import Verification, build_record
from kizuna.adapters.exports.documents.render import write_pdf
from kizuna.adapters.exports.documents.word import build_docx, write_docx
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Campaign
from kizuna.domain.evidence import ClaimChart
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.document_sources import gather_context, ja_elements, stage_text

__all__ = [
    "BRIEF_KINDS",
    "FORMATS",
    "MEDIA_TYPES",
    "brief_document",
    "document_bytes",
    "format_of",
    "get_campaign",
    "hantei_document",
    "letter_document",
    "record_document",
    "write_brief",
    "write_document",
    "write_hantei_pack",
    "write_letter",
    "write_record_pdf",
]

FORMATS = ("pdf", "docx")
BRIEF_KINDS = ("full", "ringi")


def get_campaign(database: Database, campaign_id: int) -> Campaign:
    """The campaign (through the campaigns service); NotFoundError when unknown."""
    campaigns: Any = importlib.import_module("kizuna.services.campaigns")
    campaign: Campaign = campaigns.get_campaign(database, campaign_id)
    return campaign


def format_of(path: Path, fmt: str | None = None) -> str:
    """``fmt`` when given, else the suffix of ``path`` (``.pdf`` or ``.docx``)."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise InvalidValueError(
            f"{path.name}: cannot tell the format; use a .pdf or .docx file name "
            f"(or --format pdf|docx)"
        )
    return chosen


def write_document(document: Document, path: Path, fmt: str | None = None) -> Path:
    """Write ``document`` to ``path`` as PDF or DOCX (from ``fmt`` or the suffix)."""
    if format_of(path, fmt) == "pdf":
        return write_pdf(document, path)
    return write_docx(document, path)


MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_bytes(document: Document, fmt: str) -> bytes:
    """``document`` as PDF or DOCX bytes (for the web, which returns the file)."""
    if fmt not in FORMATS:
        raise InvalidValueError(f"format {fmt!r}: choose pdf or docx")
    if fmt == "docx":
        return build_docx(document)
    with tempfile.TemporaryDirectory(prefix="kizuna-doc-") as folder:
        return write_pdf(document, Path(folder) / "document.pdf").read_bytes()


def brief_document(
    database: Database,
    campaign_id: int,
    *,
    lang: str = "ja",
    kind: str = "full",
    deal: Path | None = None,
    as_of: date | None = None,
) -> Document:
    """The technology brief (``kind="full"``) or the one-page ringi summary."""
    check_lang(lang)
    if kind not in BRIEF_KINDS:
        raise InvalidValueError(f"--kind {kind!r}: choose one of {', '.join(BRIEF_KINDS)}")
    ctx = gather_context(database, get_campaign(database, campaign_id), as_of=as_of, deal=deal)
    return build_brief(ctx, lang) if kind == "full" else build_ringi(ctx, lang)


def write_brief(
    database: Database,
    campaign_id: int,
    path: Path,
    *,
    lang: str = "ja",
    fmt: str | None = None,
    kind: str = "full",
    deal: Path | None = None,
    as_of: date | None = None,
) -> Path:
    """Write the technology brief (技術紹介資料) or ringi summary; returns ``path``."""
    format_of(path, fmt)
    document = brief_document(database, campaign_id, lang=lang, kind=kind, deal=deal, as_of=as_of)
    return write_document(document, path, fmt)


def letter_document(
    database: Database, campaign_id: int, *, kind: str, lang: str = "ja", as_of: date | None = None
) -> Document:
    """A letter (introduction, offer, follow-up, mediation-request) in ``ja`` or ``en``."""
    check_lang(lang, allowed=("ja", "en"))
    campaign = get_campaign(database, campaign_id)
    return build_letter(gather_context(database, campaign, as_of=as_of), kind, lang)


def write_letter(
    database: Database,
    campaign_id: int,
    path: Path,
    *,
    kind: str,
    lang: str = "ja",
    as_of: date | None = None,
) -> Path:
    """Write a letter; the format comes from the suffix (``.pdf`` or ``.docx``)."""
    format_of(path)
    document = letter_document(database, campaign_id, kind=kind, lang=lang, as_of=as_of)
    return write_document(document, path)


def _hantei_chart(ctx: DocumentContext, claim: int, patent: str | None) -> ClaimChart:
    charts = [c for c in ctx.charts if c.claim == claim]
    if patent is not None:
        charts = [c for c in charts if patent in (c.patent, *_display(ctx, c.patent))]
    if not charts:
        known = [f"{c.patent} claim {c.claim} ({c.product})" for c in ctx.charts]
        raise NotFoundError(
            f"campaign {ctx.campaign.id}: no claim chart of claim {claim}"
            + (f" of {patent}" if patent else "")
            + " (build one with `kizuna chart build`)",
            candidates=known,
        )
    return charts[0]


def _display(ctx: DocumentContext, compact: str) -> tuple[str, ...]:
    return tuple(p.number for p in ctx.patents if p.compact == compact)


def hantei_document(
    database: Database,
    campaign_id: int,
    *,
    claim: int,
    product: str | None = None,
    patent: str | None = None,
    as_of: date | None = None,
) -> Document:
    """The draft hantei annex for ``claim`` (of ``patent``, default: the first charted)."""
    campaign = get_campaign(database, campaign_id)
    ctx = gather_context(database, campaign, as_of=as_of, product=product, claim=claim)
    chart = _hantei_chart(ctx, claim, patent)
    return build_hantei(ctx, chart, ja_elements=ja_elements(database, chart))


def write_hantei_pack(
    database: Database,
    campaign_id: int,
    path: Path,
    *,
    claim: int,
    product: str | None = None,
    patent: str | None = None,
    as_of: date | None = None,
) -> Path:
    """Write the draft hantei annex as DOCX (or PDF when ``path`` ends in .pdf)."""
    format_of(path)
    document = hantei_document(
        database, campaign_id, claim=claim, product=product, patent=patent, as_of=as_of
    )
    return write_document(document, path)


def record_document(database: Database, campaign_id: int, *, as_of: date | None = None) -> Document:
    """The negotiation record as a bilingual chronology with its integrity check."""
    campaigns: Any = importlib.import_module("kizuna.services.campaigns")
    campaign = get_campaign(database, campaign_id)
    checked = campaigns.verify_campaign(database, campaign_id)
    verification = Verification(
        ok=bool(checked.ok),
        entries=int(checked.entries),
        break_at=checked.break_at,
        problem=checked.problem,
        head=str(checked.head),
    )
    return build_record(campaign, verification, as_of=as_of or date.today(), stage_label=stage_text)


def write_record_pdf(database: Database, campaign_id: int, path: Path) -> Path:
    """Write the negotiation record chronology PDF (``kizuna campaign record --export pdf``)."""
    return write_pdf(record_document(database, campaign_id), path)
