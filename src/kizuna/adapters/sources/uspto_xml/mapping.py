"""USPTO values to domain values: numbers, dates, classification symbols, and the Patent.

The vintage parsers (:mod:`.parse` for the 2004+ DTDs, :mod:`.parse_legacy` for
the 2001-2004 ``pap`` and PATDOC DTDs) fill one :class:`UsptoDocument`;
:func:`to_patent` turns it into a :class:`~kizuna.domain.patent.Patent`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from kizuna.domain.citations import Citation
from kizuna.domain.claims import RawClaim, build_claims
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.domain.patent import (
    ClaimsBasis,
    ClaimSet,
    Classification,
    FamilyLink,
    FamilyRelation,
    LocalText,
    Party,
    Patent,
    PatentDates,
    PatentStatus,
    PriorityClaim,
    SourceRef,
    TermFacts,
)
from kizuna.errors import ClaimStructureError, InvalidNumberError

__all__ = [
    "FORMAT",
    "MissingPartError",
    "UsptoDocument",
    "ipc_symbol",
    "parse_date",
    "to_patent",
    "us_application_number",
    "us_document_number",
    "uspc_symbol",
]

FORMAT = "uspto-xml"

# Relations whose parent's filing date counts for the 20-year term (35 USC 154(a)(2), 120, 363).
_TERM_PARENTS = {
    FamilyRelation.CONTINUATION,
    FamilyRelation.CONTINUATION_IN_PART,
    FamilyRelation.DIVISION,
    FamilyRelation.PCT,
}
_GRANT_KIND_LETTERS = ("B", "E", "S", "P", "H")


class MissingPartError(ValueError):
    """A part every patent document has (e.g. its publication reference) is missing."""


@dataclass(frozen=True, kw_only=True)
class UsptoDocument:
    """What one USPTO XML document states, already normalised, before it becomes a Patent."""

    is_grant: bool
    number: PatentNumber  # the grant or publication number of this document
    document_date: date | None  # issue date (grant) or publication date (application)
    application: PatentNumber | None = None
    filing_date: date | None = None
    other_numbers: tuple[PatentNumber, ...] = ()  # e.g. the pre-grant publication of a grant
    earlier_publication_date: date | None = None  # pre-grant publication date, for grants
    title: str | None = None
    abstract: str | None = None
    parties: tuple[Party, ...] = ()
    classifications: tuple[Classification, ...] = ()
    priorities: tuple[PriorityClaim, ...] = ()
    family: tuple[FamilyLink, ...] = ()
    raw_claims: tuple[RawClaim, ...] = ()
    pta_days: int | None = None
    terminal_disclaimer: bool | None = None
    citations: tuple[Citation, ...] = ()  # references cited (grants)
    warnings: tuple[str, ...] = field(default=())


def parse_date(text: str | None) -> date | None:
    """``20050222`` -> ``date(2005, 2, 22)``; None for blanks and partial dates (``20101100``)."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def us_document_number(doc_number: str, kind: str | None, *, grant: bool) -> PatentNumber:
    """A US grant or publication number as printed: ``08930553`` + ``B2`` -> ``US8930553B2``.

    Publications keep their 11 digits (``20050004437``); grants drop leading
    zeros and keep a series prefix (``RE043123`` -> ``RE43123``, ``D0512345`` -> ``D512345``).
    """
    text = re.sub(r"[\s/,]", "", doc_number.upper())
    text = text.removeprefix("US")
    kind = (kind or "").strip().upper() or None
    if len(text) == 11 and text.isdigit() and text[:2] in {"19", "20"}:
        return PatentNumber(country="US", number=text, kind=kind, type=NumberType.PUBLICATION)
    prefix = text.rstrip("0123456789")
    digits = text[len(prefix) :]
    number = prefix + (str(int(digits)) if digits else "")
    return PatentNumber(
        country="US",
        number=number,
        kind=kind,
        type=NumberType.GRANT if grant else NumberType.PUBLICATION,
    )


def us_application_number(doc_number: str, series_code: str | None = None) -> PatentNumber:
    """A US application number in 8-digit series + serial form: ``13/123,456`` -> ``13123456``.

    Six-digit serials get the series code in front; PCT numbers become WO applications.
    """
    text = doc_number.strip().upper()
    if text.startswith("PCT"):
        try:
            return parse_number(text)
        except InvalidNumberError:
            return PatentNumber(country="WO", number=text, type=NumberType.APPLICATION)
    digits = re.sub(r"\D", "", text)
    if len(digits) == 6 and series_code and series_code.strip().isdigit():
        digits = series_code.strip().zfill(2) + digits
    return PatentNumber(country="US", number=digits or text, type=NumberType.APPLICATION)


def related_number(doc_number: str, kind: str | None, country: str | None) -> PatentNumber:
    """The number of a related document: an application unless its kind says grant/publication."""
    country = (country or "US").strip().upper()
    kind = (kind or "").strip().upper()
    if country not in {"US", "WO"} and not doc_number.upper().startswith("PCT"):
        return PatentNumber(
            country=country,
            number=re.sub(r"[\s/,.-]", "", doc_number),
            type=NumberType.APPLICATION,
        )
    if kind.startswith(_GRANT_KIND_LETTERS) or (kind == "A" and len(doc_number) < 8):
        return us_document_number(doc_number, kind, grant=True)
    return us_application_number(doc_number)


def ipc_symbol(text: str) -> str | None:
    """Normalise an old-style IPC symbol: ``G06F015/16`` or ``G06F 1516`` -> ``G06F 15/16``."""
    compact = text.strip().upper()
    if len(compact) < 5 or not re.match(r"^[A-H]\d\d[A-Z]", compact):
        return None
    subclass, rest = compact[:4], compact[4:]
    if "/" in rest:
        group, subgroup = rest.split("/", 1)
    else:  # fixed width: 3 group characters, then the subgroup
        group, subgroup = rest[:3], rest[3:]
    return ipc_parts(subclass, group, subgroup)


def ipc_parts(subclass: str, main_group: str, subgroup: str) -> str | None:
    """Join IPC/CPC parts into ``H01L 21/56``; None when the group is missing."""
    group = main_group.strip().lstrip("0") or ("0" if main_group.strip() else "")
    sub = subgroup.strip() or "00"
    if not group:
        return None
    return f"{subclass.strip()} {group}/{sub}"


def uspc_symbol(text: str, subclass: str | None = None) -> str | None:
    """Normalise a US class: ``709228`` -> ``709/228``, ``600300000`` -> ``600/300``,
    ``714  4`` -> ``714/4``; with a separate subclass (``705`` + ``026000``) -> ``705/26``."""
    raw = text.strip()
    if not raw or raw.lower() == "none":
        return None
    if subclass is not None:
        main, sub = raw, subclass.strip()
    else:
        main, sub = raw[:3], raw[3:].strip()
    main = main.strip().lstrip("0") or main.strip()
    if sub.isdigit() and len(sub) > 3:
        whole, decimals = sub[:3].lstrip("0") or "0", sub[3:].rstrip("0")
        sub = whole + (f".{decimals}" if decimals else "")
    elif sub.isdigit():
        sub = sub.lstrip("0") or "0"
    return f"{main}/{sub}" if sub else main


def _earliest_nonprovisional(doc: UsptoDocument) -> date | None:
    parents = [link.date for link in doc.family if link.relation in _TERM_PARENTS and link.date]
    return min([*parents, doc.filing_date] if doc.filing_date else parents, default=None)


def _earliest_priority(doc: UsptoDocument) -> date | None:
    claimed = [p.date for p in doc.priorities if p.date]
    claimed += [link.date for link in doc.family if link.relation in _TERM_PARENTS and link.date]
    return min(claimed, default=None)


def _claim_set(doc: UsptoDocument, file_name: str) -> tuple[tuple[ClaimSet, ...], tuple[str, ...]]:
    if not doc.raw_claims:
        return (), ()
    try:
        claims = build_claims(doc.raw_claims, source=file_name)
    except ClaimStructureError as exc:
        # Keep the bibliographic record; the fault travels with it as a warning.
        return (), (str(exc),)
    basis = ClaimsBasis.GRANTED if doc.is_grant else ClaimsBasis.AS_PUBLISHED
    claim_set = ClaimSet(
        lang="en", basis=basis, claims=claims, source=file_name, as_of=doc.document_date
    )
    return (claim_set,), ()


def to_patent(doc: UsptoDocument, *, file_name: str, sha256: str, document: str) -> Patent:
    """Build the Patent record for one USPTO document.

    ``document`` names the document within its file (its kind code, or ``#3``
    within a bulk file) and is stored in the :class:`SourceRef`.
    """
    numbers = [doc.number, *doc.other_numbers]
    if doc.application is not None:
        numbers.append(doc.application)
    claim_sets, claim_warnings = _claim_set(doc, file_name)
    dates = PatentDates(
        filing=doc.filing_date,
        priority=_earliest_priority(doc),
        publication=doc.earlier_publication_date if doc.is_grant else doc.document_date,
        grant=doc.document_date if doc.is_grant else None,
    )
    term = TermFacts(
        pta_days=doc.pta_days,
        terminal_disclaimer=doc.terminal_disclaimer,
        earliest_us_nonprovisional=_earliest_nonprovisional(doc),
    )
    source = SourceRef(
        file=file_name,
        sha256=sha256,
        format=FORMAT,
        document=document,
        warnings=doc.warnings + claim_warnings,
    )
    return Patent(
        number=doc.number,
        numbers=tuple(dict.fromkeys(numbers)),
        titles=(LocalText(lang="en", text=doc.title),) if doc.title else (),
        lang="en",
        dates=dates,
        parties=doc.parties,
        classifications=tuple(dict.fromkeys(doc.classifications)),
        priorities=doc.priorities,
        family=doc.family,
        claim_sets=claim_sets,
        abstracts=(LocalText(lang="en", text=doc.abstract),) if doc.abstract else (),
        status=PatentStatus.GRANTED if doc.is_grant else PatentStatus.PENDING,
        term=term,
        sources=(source,),
        citations=doc.citations,
    )


def with_warning(doc: UsptoDocument, warning: str) -> UsptoDocument:
    """The same document with one more warning for its SourceRef."""
    return replace(doc, warnings=(*doc.warnings, warning))
