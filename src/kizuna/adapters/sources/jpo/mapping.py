"""Map JPO documents and progress records to :class:`~kizuna.domain.patent.Patent`.

Status from a progress record (documented in ``docs/formats/jpo.md``):

* ``disappearanceDate`` (本権利消滅日) set: ``EXPIRED`` when it is on or after
  ``expireDate`` (the term ran out), else ``LAPSED`` (fees unpaid, waived,
  revoked);
* a registration whose ``erasureIdentifier`` (本権利抹消識別) is neither
  empty nor ``00``: ``LAPSED`` (the right is recorded as erased);
* a registration number otherwise: ``GRANTED``;
* no registration: ``PENDING`` (the record does not plainly say refused or
  withdrawn).
"""

from __future__ import annotations

from datetime import date

from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.jpo.parse import JpoDocument
from kizuna.adapters.sources.jpo.progress import ProgressRecord
from kizuna.domain.claims import build_claims
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.domain.patent import (
    ClaimsBasis,
    ClaimSet,
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
from kizuna.errors import InvalidNumberError

__all__ = ["EXAM_REQUEST_CODE", "document_to_patent", "progress_to_patent"]

EXAM_REQUEST_CODE = "A621"  # 出願審査請求書 (request for examination), JPO document code
_NOT_ERASED = {"", "00"}
_ROLES = {"1": PartyRole.APPLICANT, "2": PartyRole.AGENT}  # applicantAttorneyClass


def jp_application(number: str) -> PatentNumber:
    """``2020123456`` -> JP application number (特願2020-123456)."""
    return PatentNumber(country="JP", number=number, type=NumberType.APPLICATION)


def document_to_patent(doc: JpoDocument, source: FileInput, *, fmt: str) -> Patent:
    """One procedural document as a record of its application (no grant data).

    An amendment that replaces the whole claims gives a claim set with basis
    ``AMENDED``; ``as_of`` is the document's own date when the XML states one.
    """
    application = jp_application(doc.application_number)
    claim_sets: tuple[ClaimSet, ...] = ()
    if doc.claims and doc.claims_complete:
        claims = build_claims(doc.claims, source=source.name)
        claim_sets = (
            ClaimSet(
                lang="ja", basis=ClaimsBasis.AMENDED, claims=claims,
                source=source.name, as_of=doc.document_date,
            ),
        )
    ref = SourceRef(
        file=source.name, sha256=source.sha256, format=fmt,
        document=doc.document_code, date=doc.document_date, warnings=doc.warnings,
    )
    return Patent(
        number=application,
        numbers=(application,),
        titles=(LocalText(lang="ja", text=doc.title),) if doc.title else (),
        lang="ja",
        parties=doc.parties,
        claim_sets=claim_sets,
        sources=(ref,),
        citations=doc.citations,
    )


def progress_to_patent(record: ProgressRecord, source: FileInput, *, fmt: str) -> Patent:
    """A JPO progress record as a Patent: numbers, dates, parties, priorities, term."""
    warnings: list[str] = []
    numbers = _numbers(record, warnings)
    priorities = _priorities(record)
    dates = PatentDates(
        filing=record.filing_date,
        priority=min((p.date for p in priorities if p.date), default=None),
        publication=_first_publication(record),
        grant=record.registration_date,
    )
    term = TermFacts(
        examination_request=_exam_request(record),
        office_expiry=record.expire_date,
        lapse_date=record.disappearance_date,
    )
    ref = SourceRef(
        file=source.name, sha256=source.sha256, format=fmt, document="progress",
        warnings=tuple(warnings),
    )
    return Patent(
        number=canonical_number(numbers),
        numbers=numbers,
        titles=(LocalText(lang="ja", text=record.title.strip()),) if record.title.strip() else (),
        lang="ja",
        dates=dates,
        parties=_parties(record, warnings),
        priorities=priorities,
        family=_family(record, warnings),
        status=progress_status(record),
        term=term,
        sources=(ref,),
    )


def progress_status(record: ProgressRecord) -> PatentStatus:
    """Status from the registration, 抹消識別 and 消滅日 (see the module docstring)."""
    if record.disappearance_date is not None:
        expiry = record.expire_date
        if expiry is not None and record.disappearance_date >= expiry:
            return PatentStatus.EXPIRED
        return PatentStatus.LAPSED
    if not record.registration_number:
        return PatentStatus.PENDING
    if record.erasure_identifier.strip() not in _NOT_ERASED:
        return PatentStatus.LAPSED
    return PatentStatus.GRANTED


def _numbers(record: ProgressRecord, warnings: list[str]) -> tuple[PatentNumber, ...]:
    numbers = [jp_application(record.application_number)]
    published = False
    if record.publication_number:
        numbers.append(_publication(record.publication_number, "A"))
        published = True
    if record.national_publication_number:  # 特表: national phase of a PCT application
        numbers.append(_publication(record.national_publication_number, "T"))
        published = True
    if record.registration_number:
        published = published and _before(_first_publication(record), record.registration_date)
        numbers.append(PatentNumber(
            country="JP", number=str(int(record.registration_number)),
            kind="B2" if published else "B1", type=NumberType.GRANT,
        ))
    if record.international_publication_number:
        wo = _international(record.international_publication_number, "WO", warnings)
        if wo is not None:
            numbers.append(wo)
    return tuple(numbers)


def _publication(number: str, kind: str) -> PatentNumber:
    return PatentNumber(country="JP", number=number, kind=kind, type=NumberType.PUBLICATION)


def _before(first: date | None, second: date | None) -> bool:
    return first is None or second is None or first <= second


def _first_publication(record: ProgressRecord) -> date | None:
    if record.publication_number or record.national_publication_number:
        return record.publication_date
    return None


def _international(text: str, prefix: str, warnings: list[str]) -> PatentNumber | None:
    """Read an international number as the API writes it, with or without its prefix."""
    for candidate in (text, f"{prefix}{text}", f"{prefix}/{text}"):
        try:
            return parse_number(candidate)
        except InvalidNumberError:
            continue
    warnings.append(f"international number {text!r} could not be read; left out")
    return None


def _priorities(record: ProgressRecord) -> tuple[PriorityClaim, ...]:
    claims: list[PriorityClaim] = []
    for right in record.priorities:
        if right.paris_number or right.paris_date:
            claims.append(PriorityClaim(
                country=right.paris_country.strip().upper() or "??",
                number=right.paris_number.strip(), date=right.paris_date, kind="paris",
            ))
        if right.national_number or right.national_date:
            claims.append(PriorityClaim(
                country="JP", number=right.national_number, date=right.national_date,
                kind="domestic",
            ))
        elif right.national_international_number:  # domestic priority from a PCT application
            claims.append(PriorityClaim(
                country="WO", number=right.national_international_number.strip(),
                date=right.national_date, kind="domestic",
            ))
    return tuple(claims)


def _parties(record: ProgressRecord, warnings: list[str]) -> tuple[Party, ...]:
    parties: list[Party] = []
    for index, person in enumerate(record.applicants, start=1):
        role = _ROLES.get(person.attorney_class.strip())
        if role is None:
            warnings.append(
                f"applicantAttorney {person.name!r}: unknown class "
                f"{person.attorney_class!r}; left out"
            )
            continue
        parties.append(Party(
            role=role, name=person.name.strip(), office_code=person.code or None,
            sequence=int(person.repeat_number) if person.repeat_number.isdigit() else index,
        ))
    return tuple(parties)


def _family(record: ProgressRecord, warnings: list[str]) -> tuple[FamilyLink, ...]:
    """Parent (DIVISION), other members of the divisional chain, and the PCT application.

    Chain members of an earlier generation than this application are
    ``DIVISION`` (ancestors), of a later one ``PARENT_OF`` (descendants).
    """
    own = record.application_number
    links: list[FamilyLink] = []
    parent = record.parent.number if record.parent is not None else ""
    if parent:
        links.append(FamilyLink(
            relation=FamilyRelation.DIVISION, number=jp_application(parent),
            date=record.parent.filing_date if record.parent is not None else None,
        ))
    generations = {d.number: d.generation for d in record.divisionals}
    own_generation = _generation(generations.get(own))
    for member in record.divisionals:
        if not member.number or member.number in {own, parent}:
            continue
        generation = _generation(member.generation)
        earlier = own_generation is not None and (generation or 0) < own_generation
        relation = FamilyRelation.DIVISION if earlier else FamilyRelation.PARENT_OF
        links.append(FamilyLink(relation=relation, number=jp_application(member.number)))
    if record.international_application_number:
        pct = _international(record.international_application_number, "PCT", warnings)
        if pct is not None:
            links.append(FamilyLink(relation=FamilyRelation.PCT, number=pct))
    return tuple(links)


def _generation(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def _exam_request(record: ProgressRecord) -> date | None:
    """Date of the request for examination (出願審査請求書, document A621)."""
    dates = [
        d.legal_date for d in record.documents()
        if d.legal_date and (d.code == EXAM_REQUEST_CODE or "審査請求書" in d.description)
    ]
    return min(dates, default=None)
