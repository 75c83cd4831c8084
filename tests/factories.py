"""Builders for domain objects used across tests.

Every builder takes keyword overrides; defaults describe a plausible US grant
(numbers from the real sample ``US08930553.xml``) so that a bare call is valid.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kizuna.domain.citations import Citation
from kizuna.domain.claims import Claim, ClaimCategory, ClaimElement, ElementKind
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.domain.patent import (
    ClaimsBasis,
    ClaimSet,
    Classification,
    ClassificationScheme,
    FamilyLink,
    FamilyRelation,
    LocalText,
    Party,
    PartyRole,
    Patent,
    PatentDates,
    PatentStatus,
    PriorityClaim,
    SourceRef,
    TermFacts,
    canonical_number,
)

__all__ = [
    "make_claim",
    "make_claim_set",
    "make_number",
    "make_patent",
    "make_source",
]


def make_number(text: str, type: NumberType | None = None) -> PatentNumber:
    """Parse ``text``; ``type`` overrides the parsed type (e.g. for JP digits)."""
    number = parse_number(text)
    if type is not None:
        number = PatentNumber(country=number.country, number=number.number, kind=number.kind,
                              type=type)
    return number


def make_claim(number: int = 1, *, depends_on: tuple[int, ...] = (), lang: str = "en",
               text: str | None = None, **overrides: Any) -> Claim:
    """A claim with two elements; dependent when ``depends_on`` is given."""
    body = text or (f"The device of claim {depends_on[0]}, wherein the lid is hinged."
                    if depends_on else "A device comprising: a body; and a lid on the body.")
    fields: dict[str, Any] = {
        "number": number,
        "lang": lang,
        "text": body,
        "independent": not depends_on,
        "depends_on": depends_on,
        "category": ClaimCategory.PRODUCT,
        "elements": (
            ClaimElement(id=f"{number}A", text=body[: len(body) // 2],
                         kind=ElementKind.PREAMBLE),
            ClaimElement(id=f"{number}B", text=body[len(body) // 2:]),
        ),
    }
    fields.update(overrides)
    return Claim(**fields)


def make_claim_set(count: int = 3, *, lang: str = "en",
                   basis: ClaimsBasis = ClaimsBasis.GRANTED, **overrides: Any) -> ClaimSet:
    """Claim 1 independent, the others depending on claim 1."""
    claims = tuple(
        make_claim(n, lang=lang, depends_on=() if n == 1 else (1,)) for n in range(1, count + 1)
    )
    fields: dict[str, Any] = {"lang": lang, "basis": basis, "claims": claims,
                              "source": "US08930553.xml", "as_of": date(2015, 1, 6)}
    fields.update(overrides)
    return ClaimSet(**fields)


def make_source(file: str = "US08930553.xml", *, sha256: str = "a" * 64, document: str = "B2",
                **overrides: Any) -> SourceRef:
    fields: dict[str, Any] = {"file": file, "sha256": sha256, "format": "uspto-xml",
                              "document": document, "date": date(2015, 1, 6)}
    fields.update(overrides)
    return SourceRef(**fields)


def make_patent(*numbers: str | PatentNumber, full: bool = True, **overrides: Any) -> Patent:
    """A patent with the given numbers (default: a US grant and its application).

    ``full`` fills every list (parties, classifications, family, claims in two
    languages…) so round-trip tests cover every table; ``full=False`` gives a
    bare record with numbers only.
    """
    parsed = tuple(n if isinstance(n, PatentNumber) else make_number(n)
                   for n in (numbers or ("US 8,930,553 B2", "US 13/524,951")))
    fields: dict[str, Any] = {"number": canonical_number(parsed), "numbers": parsed}
    if full:
        fields.update(
            titles=(LocalText(lang="en", text="Adjustable lid"), LocalText(lang="ja", text="蓋")),
            lang="en",
            dates=PatentDates(filing=date(2012, 6, 15), priority=date(2011, 6, 16),
                              publication=date(2012, 12, 20), grant=date(2015, 1, 6)),
            parties=(
                Party(role=PartyRole.APPLICANT, name="株式会社サンプル", name_latin="Sample K.K.",
                      country="JP", address="Tokyo", office_code="000000001", sequence=1),
                Party(role=PartyRole.INVENTOR, name="Taro Yamada", sequence=1),
            ),
            classifications=(
                Classification(scheme=ClassificationScheme.IPC, code="H01L 21/56",
                               version="2006.01", inventive=True),
                Classification(scheme=ClassificationScheme.CPC, code="H01L 21/561"),
            ),
            priorities=(PriorityClaim(country="JP", number="2011-134567", date=date(2011, 6, 16)),),
            family=(FamilyLink(relation=FamilyRelation.EQUIVALENT,
                               number=make_number("JP 5123456 B2"), date=None),),
            claim_sets=(make_claim_set(3), make_claim_set(2, lang="ja",
                                                          basis=ClaimsBasis.AS_PUBLISHED,
                                                          as_of=None)),
            abstracts=(LocalText(lang="en", text="A lid that adjusts."),),
            status=PatentStatus.GRANTED,
            term=TermFacts(pta_days=120, terminal_disclaimer=False,
                           earliest_us_nonprovisional=date(2012, 6, 15)),
            sources=(make_source(),),
            citations=(
                Citation(number=make_number("US 7,844,851 B2"), country="US", kind="B2",
                         source="applicant", category="cited by applicant",
                         text="US 7844851 B2"),
                Citation(number=None, source="examiner", text="Rosenberg, J. “SIP”", npl=True),
            ),
        )
    fields.update(overrides)
    return Patent(**fields)
