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
    >>> write_letter(db, 1, Path("offer.pdf"), kind="offer", charts=[3])  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kizuna.adapters.exports.documents.brief import build_brief, build_ringi
from kizuna.adapters.exports.documents.context import check_lang
from kizuna.adapters.exports.documents.hantei import build_hantei
from kizuna.adapters.exports.documents.letters import LETTER_KINDS, build_letter
from kizuna.adapters.exports.documents.model import Document
from kizuna.adapters.exports.documents.record import Verification, build_record
from kizuna.adapters.exports.documents.render import write_pdf
from kizuna.adapters.exports.documents.word import build_docx, write_docx
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Campaign
from kizuna.errors import InvalidValueError
from kizuna.services.document_sources import (
    gather_context,
    is_product_claim,
    ja_elements,
    stage_text,
)
from kizuna.services.patents import get_patent

__all__ = [
    "BRIEF_KINDS",
    "FORMATS",
    "FORM_DOCUMENTS",
    "MEDIA_TYPES",
    "brief_document",
    "build_from_form",
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
    """The format to write: ``fmt`` when given, else the suffix of ``path``.

    A suffix and a ``fmt`` that disagree (``-o brief.txt --format pdf``, or
    ``-o brief.docx --format pdf``) are refused, so a file's name always
    says what it holds.
    """
    suffix = path.suffix.lstrip(".").lower()
    chosen = (fmt or suffix).lower()
    if chosen not in FORMATS:
        wanted = f"--format {fmt!r}" if fmt else f"{path.name}"
        raise InvalidValueError(
            f"{wanted}: cannot tell the format; use a .pdf or .docx file name "
            "(or --format pdf|docx)"
        )
    if suffix != chosen:
        raise InvalidValueError(
            f"{path.name}: the file name does not end in .{chosen} (--format {chosen}); "
            f"name the file {path.stem}.{chosen}"
        )
    return chosen


def write_document(document: Document, path: Path, fmt: str | None = None) -> Path:
    """Write ``document`` to ``path`` as PDF or DOCX (from ``fmt`` or the suffix)."""
    if (fmt or format_of(path)) == "pdf":
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
    charts: Sequence[int] = (),
    allow_draft_evidence: bool = False,
    as_of: date | None = None,
) -> Document:
    """The technology brief (``kind="full"``) or the one-page ringi summary.

    ``charts`` are the claim charts to summarise (by id; none: the brief says
    no chart is attached); see :mod:`kizuna.services.document_guards`.
    """
    check_lang(lang)
    if kind not in BRIEF_KINDS:
        raise InvalidValueError(f"--kind {kind!r}: choose one of {', '.join(BRIEF_KINDS)}")
    ctx = gather_context(
        database,
        get_campaign(database, campaign_id),
        as_of=as_of,
        deal=deal,
        charts=charts,
        allow_draft=allow_draft_evidence,
    )
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
    charts: Sequence[int] = (),
    allow_draft_evidence: bool = False,
    as_of: date | None = None,
) -> Path:
    """Write the technology brief (技術紹介資料) or ringi summary; returns ``path``."""
    chosen = format_of(path, fmt)
    document = brief_document(
        database,
        campaign_id,
        lang=lang,
        kind=kind,
        deal=deal,
        charts=charts,
        allow_draft_evidence=allow_draft_evidence,
        as_of=as_of,
    )
    return write_document(document, path, chosen)


def letter_document(
    database: Database,
    campaign_id: int,
    *,
    kind: str,
    lang: str = "ja",
    charts: Sequence[int] = (),
    allow_draft_evidence: bool = False,
    deal: Path | None = None,
    as_of: date | None = None,
) -> Document:
    """A letter (introduction, offer, follow-up, mediation-request) in ``ja`` or ``en``.

    An offer refers to the claim charts, so it needs at least one ``charts`` id;
    its terms come from ``deal`` (else it proposes none).
    """
    check_lang(lang, allowed=("ja", "en"))
    if kind == "offer" and not charts:
        raise InvalidValueError(
            "--chart: an offer letter refers to the claim chart; give the chart id(s) it encloses"
        )
    campaign = get_campaign(database, campaign_id)
    ctx = gather_context(
        database, campaign, as_of=as_of, deal=deal, charts=charts, allow_draft=allow_draft_evidence
    )
    return build_letter(ctx, kind, lang)


def write_letter(
    database: Database,
    campaign_id: int,
    path: Path,
    *,
    kind: str,
    lang: str = "ja",
    charts: Sequence[int] = (),
    allow_draft_evidence: bool = False,
    deal: Path | None = None,
    as_of: date | None = None,
) -> Path:
    """Write a letter; the format comes from the suffix (``.pdf`` or ``.docx``)."""
    format_of(path)
    document = letter_document(
        database,
        campaign_id,
        kind=kind,
        lang=lang,
        charts=charts,
        allow_draft_evidence=allow_draft_evidence,
        deal=deal,
        as_of=as_of,
    )
    return write_document(document, path)


def hantei_document(
    database: Database,
    campaign_id: int,
    *,
    chart: int,
    allow_draft_evidence: bool = False,
    as_of: date | None = None,
) -> Document:
    """The draft hantei annex for claim chart ``chart`` (one claim against one product)."""
    campaign = get_campaign(database, campaign_id)
    ctx = gather_context(
        database, campaign, as_of=as_of, charts=[chart], allow_draft=allow_draft_evidence
    )
    charted = ctx.charts[0]
    patent = get_patent(database=database, number=charted.patent)
    return build_hantei(
        ctx,
        charted,
        ja_elements=ja_elements(database, charted),
        product_claim=is_product_claim(patent, charted),
    )


def write_hantei_pack(
    database: Database,
    campaign_id: int,
    path: Path,
    *,
    chart: int,
    allow_draft_evidence: bool = False,
    as_of: date | None = None,
) -> Path:
    """Write the draft hantei annex as DOCX (or PDF when ``path`` ends in .pdf)."""
    format_of(path)
    document = hantei_document(
        database, campaign_id, chart=chart, allow_draft_evidence=allow_draft_evidence, as_of=as_of
    )
    return write_document(document, path)


#: The documents the campaign page's form can build: name → (builder kind, letter kind).
FORM_DOCUMENTS = ("brief", "ringi", *(f"letter-{k}" for k in LETTER_KINDS), "hantei")


def build_from_form(
    database: Database,
    campaign_id: int,
    *,
    document: str,
    lang: str,
    fmt: str,
    charts: Sequence[int],
    allow_draft: bool,
) -> tuple[Document, str]:
    """The document a web form asks for (``brief``, ``ringi``, ``letter-offer``…, ``hantei``)."""
    if document not in FORM_DOCUMENTS:
        raise InvalidValueError(f"document {document!r}: choose one of {', '.join(FORM_DOCUMENTS)}")
    if fmt not in FORMATS:
        raise InvalidValueError(f"format {fmt!r}: choose pdf or docx")
    if document == "hantei":
        if len(charts) != 1:
            raise InvalidValueError("chart: tick exactly one claim chart for the hantei annex")
        return hantei_document(
            database, campaign_id, chart=charts[0], allow_draft_evidence=allow_draft
        ), fmt
    if document.startswith("letter-"):
        built = letter_document(
            database, campaign_id, kind=document.removeprefix("letter-"), lang=lang,
            charts=charts, allow_draft_evidence=allow_draft,
        )
        return built, fmt
    built = brief_document(
        database, campaign_id, lang=lang, kind="full" if document == "brief" else "ringi",
        charts=charts, allow_draft_evidence=allow_draft,
    )
    return built, fmt


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
