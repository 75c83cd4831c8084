"""The EPO OPS reader (format ``ops-xml``): a saved ``biblio`` or ``claims`` answer in,
Patents out. ``kizuna fetch`` saves both answers of a publication; ingesting them
stores one patent (the claims merge into the biblio record by publication number)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.adapters.sources.epo_ops.parse import (
    OPS,
    OpsBiblio,
    OpsClaims,
    parse_biblio,
    parse_claims,
    root_kind,
)
from kizuna.adapters.sources.xml import parse_bytes
from kizuna.domain.claims import build_claims
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.domain.patent import (
    ClaimsBasis,
    ClaimSet,
    LocalText,
    Party,
    PartyRole,
    Patent,
    PatentDates,
    PatentStatus,
    PriorityClaim,
    SourceRef,
    canonical_number,
)
from kizuna.errors import (
    ClaimStructureError,
    InvalidNumberError,
    MalformedDocumentError,
    SourceError,
    UnsupportedFormatError,
)

__all__ = ["OpsXmlReader"]


class OpsXmlReader:
    """Reads EPO OPS exchange-format answers (``biblio``, ``claims``) saved as files."""

    format = "ops-xml"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for an ``ops:world-patent-data`` answer with documents or full text."""
        return OPS.encode() in head and b"world-patent-data" in head and (
            b"exchange-documents" in head or b"fulltext-documents" in head
        )

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """One Patent per exchange-document (biblio) or one with the claims (claims)."""
        root = parse_bytes(source.read_bytes(), source.name)
        kind = root_kind(root)
        if kind == "biblio":
            for biblio in parse_biblio(root, source.name):
                try:
                    yield _biblio_patent(biblio, source)
                except SourceError as error:
                    yield error
        elif kind == "claims":
            yield _claims_patent(parse_claims(root, source.name), source)
        else:
            raise UnsupportedFormatError(source.name, "an OPS answer with neither "
                                         "exchange-documents nor fulltext-documents")


def _number(text: str, name: str) -> PatentNumber:
    try:
        return parse_number(text)
    except InvalidNumberError as exc:
        raise MalformedDocumentError(name, f"unreadable number: {exc}") from exc


def _biblio_patent(biblio: OpsBiblio, source: FileInput) -> Patent:
    granted = biblio.kind.startswith("B")
    numbers = [_number(f"{biblio.country}{biblio.doc_number}{biblio.kind}", source.name)]
    if biblio.application:
        numbers.append(PatentNumber(country=biblio.country, number=biblio.application,
                                    type=NumberType.APPLICATION))
    priorities = tuple(
        PriorityClaim(country=country, number=number, date=when)
        for country, number, when in biblio.priorities
        if not _own_application(country, number, biblio)
    )
    parties = tuple(
        Party(role=role, name=name, sequence=index)
        for role, names in ((PartyRole.APPLICANT, biblio.applicants),
                            (PartyRole.INVENTOR, biblio.inventors))
        for index, name in enumerate(names, start=1)
    )
    lang_titles = tuple(LocalText(lang=lang or "en", text=text) for lang, text in biblio.titles)
    return Patent(
        number=canonical_number(numbers),
        numbers=tuple(numbers),
        titles=lang_titles,
        dates=PatentDates(
            filing=biblio.application_date,
            priority=min((p.date for p in priorities if p.date), default=None),
            publication=None if granted else biblio.publication_date,
            grant=biblio.publication_date if granted else None,
        ),
        parties=parties,
        classifications=biblio.classifications,
        priorities=priorities,
        abstracts=tuple(LocalText(lang=lang or "en", text=text)
                        for lang, text in biblio.abstracts),
        status=PatentStatus.GRANTED if granted else PatentStatus.PENDING,
        sources=(SourceRef(file=source.name, sha256=source.sha256, format=OpsXmlReader.format,
                           document=f"biblio {biblio.kind}"),),
    )


def _own_application(country: str, number: str, biblio: OpsBiblio) -> bool:
    """A first filing lists itself as priority: epodoc ``EP20170171508`` (year, 7-digit
    serial) is docdb ``17171508`` (two-digit year, 6-digit serial)."""
    own = biblio.application
    if country != biblio.country or not own:
        return False
    if number == own:
        return True
    year, serial = number[:4], number[4:]
    return (len(own) == 8 and own.isdigit() and serial.isdigit() and year[2:] == own[:2]
            and int(serial) == int(own[2:]))


def _claims_patent(claims: OpsClaims, source: FileInput) -> Patent:
    number = _number(f"{claims.country}{claims.doc_number}{claims.kind}", source.name)
    warnings = list(claims.warnings)
    basis = ClaimsBasis.GRANTED if claims.kind.startswith("B") else ClaimsBasis.AS_PUBLISHED
    sets: list[ClaimSet] = []
    for lang, raw in claims.claim_sets:
        try:
            built = build_claims(raw, source=source.name)
        except ClaimStructureError as exc:
            warnings.append(f"{lang} claims left out: {exc.fault}")
            continue
        sets.append(ClaimSet(lang=lang, basis=basis, claims=built, source=source.name))
    if not sets:
        raise MalformedDocumentError(source.name, "no claims could be read from the OPS answer"
                                     + (f" ({warnings[0]})" if warnings else ""))
    return Patent(
        number=number,
        numbers=(number,),
        claim_sets=tuple(sets),
        sources=(SourceRef(file=source.name, sha256=source.sha256, format=OpsXmlReader.format,
                           document=f"claims {claims.kind}".strip(),
                           warnings=tuple(warnings)),),
    )
