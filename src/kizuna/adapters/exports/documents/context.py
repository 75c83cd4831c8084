"""What the document builders read: a campaign with its patents, charts, company and terms.

:mod:`kizuna.services.documents` gathers a :class:`DocumentContext` from the
database; the builders (:mod:`.brief`, :mod:`.letters`, :mod:`.hantei`,
:mod:`.record`) turn it into a :class:`~.model.Document` without any I/O.
Also here: the small language helpers every builder uses (``ja``, ``en`` or
``both``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kizuna.adapters.exports.documents.model import Block, Paragraph
from kizuna.domain.campaign import Campaign, Contact
from kizuna.domain.company import Company
from kizuna.domain.evidence import ClaimChart, EvidenceDoc
from kizuna.domain.japanese import format_date_both, format_date_en
from kizuna.errors import InvalidValueError

__all__ = [
    "LANGS",
    "TRANSLATION_NEEDED_EN",
    "TRANSLATION_NEEDED_JA",
    "DocumentContext",
    "PatentInfo",
    "check_lang",
    "date_text",
    "draft_elements",
    "label",
    "languages",
    "paragraphs",
    "recipient",
]

LANGS = ("ja", "en", "both")
TRANSLATION_NEEDED_JA = "翻訳要"
TRANSLATION_NEEDED_EN = "translation needed"


@dataclass(frozen=True, kw_only=True)
class PatentInfo:
    """One patent as the documents show it.

    ``claim_ja`` is Japanese claim text from the record (the patent's own
    Japanese claim set, or a JP family member's: ``claim_ja_source`` names it);
    ``None`` means none is stored and the English claim must be marked
    翻訳要 (translation needed) — Kizuna never translates claims itself.
    """

    number: str  # display form
    compact: str
    title: str | None
    expiry: date | None
    status: str
    fields: tuple[str, ...] = ()
    owner: str | None = None
    claim_number: int | None = None
    claim_text: str | None = None  # the claim in the record's own language
    claim_lang: str | None = None
    claim_ja: str | None = None
    claim_ja_source: str | None = None
    commitments: tuple[tuple[str, str], ...] = ()  # (kind, citation) of pledges/FRAND


@dataclass(frozen=True, kw_only=True)
class DocumentContext:
    """Everything a campaign's documents say, gathered once."""

    campaign: Campaign
    as_of: date
    licensor: str
    patents: tuple[PatentInfo, ...]
    charts: tuple[ClaimChart, ...] = ()
    evidence: tuple[EvidenceDoc, ...] = ()  # documents cited by the charts, when known
    company: Company | None = None
    exposure_level: str | None = None
    exposure_factors: tuple[str, ...] = ()  # signal codes present (kizuna.domain.company.Signal)
    structure_ja: tuple[str, ...] = ()  # proposed licence terms, one line each
    structure_en: tuple[str, ...] = ()
    structure_source: str | None = None  # the deal file the terms came from
    stage_ja: str = ""
    stage_en: str = ""
    record_head: str = ""  # the negotiation record's head, short form (current_head)
    record_entries: int = 0

    def chart_for(self, compact: str) -> ClaimChart | None:
        """The chart shown for ``compact`` (the first gathered for that patent)."""
        return next((c for c in self.charts if c.patent == compact), None)


def draft_elements(chart: ClaimChart) -> tuple[str, ...]:
    """Ids of the elements whose reviewed label is not ``supported`` (evidence still a draft).

    The chart is read in its reviewed state (accepted, rejected and added
    passages and edited wording applied from the review history), so an
    element a reviewer accepted evidence for counts as supported.
    """
    return tuple(e.element_id for e in chart.elements if e.label != "supported")


def check_lang(lang: str, *, allowed: tuple[str, ...] = LANGS) -> str:
    """``lang`` if allowed, else :class:`InvalidValueError` naming the choices."""
    if lang not in allowed:
        raise InvalidValueError(f"--lang {lang!r}: choose one of {', '.join(allowed)}")
    return lang


def languages(lang: str) -> tuple[str, ...]:
    """The languages a document in ``lang`` is written in, Japanese first."""
    return ("ja", "en") if lang == "both" else (lang,)


def label(lang: str, ja: str, en: str) -> str:
    """A short label in ``lang``; ``both`` gives ``ja / en``."""
    if lang == "ja":
        return ja
    if lang == "en":
        return en
    return f"{ja} / {en}"


def paragraphs(lang: str, ja: str, en: str, style: str = "body") -> list[Block]:
    """One paragraph per language of ``lang`` (Japanese first)."""
    texts = {"ja": ja, "en": en}
    return [Paragraph(text=texts[code], lang=code, style=style) for code in languages(lang)]


def date_text(day: date | None, lang: str) -> str:
    """A date as the document's language writes it (Japanese: Western and 令和 forms)."""
    if day is None:
        return label(lang, "不明", "unknown")
    if lang == "ja":
        return format_date_both(day)
    if lang == "en":
        return format_date_en(day)
    return f"{format_date_both(day)}\n{format_date_en(day)}"


_ROLE_ORDER = ("ip-department", "legal", "business-unit", "executive")


def recipient(campaign: Campaign) -> Contact | None:
    """Whom a letter is addressed to: the IP department first, never an intermediary or sender."""
    contacts = [c for c in campaign.contacts if c.role not in ("intermediary", "sender")]
    for role in _ROLE_ORDER:
        for contact in contacts:
            if contact.role == role:
                return contact
    return contacts[0] if contacts else None
