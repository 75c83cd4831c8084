"""The USPTO ODP reader (format ``odp-json``): a saved Patent File Wrapper answer in, Patents out.

Mapping (documented in ``docs/formats/fetch.md``):

* numbers: the application (``applicationNumberText``), the grant (``patentNumber``;
  kind ``B2`` when a pre-grant publication exists, else ``B1``, per WIPO ST.16 as
  the USPTO applies it) and the earliest pre-grant publication;
* status from ``applicationStatusDescriptionText``: "Patented Case" granted;
  expired for non-payment of maintenance fees, or abandoned, lapsed; other
  expiries expired; else granted with a patent number, pending without;
* continuity: CON, CIP, DIV, PRO (also a provisional priority) and NST (the PCT
  application) parents; children as ``parent-of``;
* no claims: the ODP has no claim text, and every record says so in a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.adapters.sources.uspto_odp.parse import NO_CLAIMS_NOTE, OdpRecord, parse_records
from kizuna.adapters.sources.uspto_xml.mapping import (
    ipc_symbol,
    us_application_number,
    us_document_number,
    uspc_symbol,
)
from kizuna.domain.ids import PatentNumber, parse_number
from kizuna.domain.patent import (
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
from kizuna.errors import EmptyFileError, InvalidNumberError, MalformedDocumentError

__all__ = ["OdpJsonReader", "record_to_patent"]

_RELATIONS = {
    "CON": FamilyRelation.CONTINUATION,
    "CIP": FamilyRelation.CONTINUATION_IN_PART,
    "DIV": FamilyRelation.DIVISION,
    "PRO": FamilyRelation.PROVISIONAL,
    "NST": FamilyRelation.PCT,
}
#: ``ipOfficeName`` as the ODP writes it -> WIPO ST.3 code (names seen in ODP answers).
_OFFICES = {
    "JAPAN": "JP", "FRANCE": "FR", "GERMANY": "DE", "UNITED KINGDOM": "GB", "CHINA": "CN",
    "KOREA, REPUBLIC OF": "KR", "REPUBLIC OF KOREA": "KR", "TAIWAN": "TW", "CANADA": "CA",
    "EUROPEAN PATENT OFFICE": "EP", "WORLD INTELLECTUAL PROPERTY ORGANIZATION": "WO",
}


class OdpJsonReader:
    """Reads USPTO Open Data Portal Patent File Wrapper answers saved as JSON files."""

    format = "odp-json"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for a JSON object naming ``patentFileWrapperDataBag``."""
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text.startswith(b"{") and b'"patentFileWrapperDataBag"' in head

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """One Patent per record of the answer."""
        data = source.read_bytes()
        if not data.strip():
            raise EmptyFileError(source.name, "the file is empty")
        try:
            payload = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedDocumentError(source.name, f"not valid UTF-8 JSON: {exc}") from exc
        for record in parse_records(payload, name=source.name):
            yield record_to_patent(record, source)


def record_to_patent(record: OdpRecord, source: FileInput) -> Patent:
    """One ODP record as a Patent (no claims); see the module docstring."""
    warnings = [NO_CLAIMS_NOTE]
    meta = record.meta
    numbers = _numbers(record, warnings)
    priorities = _priorities(record, warnings)
    return Patent(
        number=canonical_number(numbers),
        numbers=numbers,
        titles=(LocalText(lang="en", text=meta.title),) if meta.title else (),
        lang="en",
        dates=PatentDates(filing=meta.filing_date, publication=meta.publication_date,
                          grant=meta.grant_date,
                          priority=min((p.date for p in priorities if p.date), default=None)),
        parties=_parties(record),
        classifications=_classifications(record),
        priorities=priorities,
        family=_family(record),
        status=odp_status(record),
        term=TermFacts(pta_days=record.term_adjustment.total_days
                       if record.term_adjustment is not None else None),
        sources=(SourceRef(file=source.name, sha256=source.sha256, format=OdpJsonReader.format,
                           document=f"application {record.application_number}",
                           warnings=tuple(warnings)),),
    )


def odp_status(record: OdpRecord) -> PatentStatus:
    """Status from the ODP's status text (see the module docstring)."""
    text = record.meta.status_text.lower()
    if "expired" in text:
        return PatentStatus.LAPSED if "nonpayment" in text.replace("-", "").replace(" ", "") \
            else PatentStatus.EXPIRED
    if "abandon" in text:
        return PatentStatus.LAPSED
    if text == "patented case" or record.meta.patent_number:
        return PatentStatus.GRANTED
    return PatentStatus.PENDING


def _numbers(record: OdpRecord, warnings: list[str]) -> tuple[PatentNumber, ...]:
    meta = record.meta
    found = [us_application_number(record.application_number)]
    if meta.publication_number:
        compact = re.sub(r"[\s-]", "", meta.publication_number)
        try:
            found.append(parse_number(compact))
        except InvalidNumberError:
            warnings.append(f"publication number {meta.publication_number!r} could not be "
                            "read; left out")
    if meta.patent_number:
        kind = "B2" if meta.publication_number else "B1"
        found.append(us_document_number(meta.patent_number, kind, grant=True))
    return tuple(found)


def _parties(record: OdpRecord) -> tuple[Party, ...]:
    meta = record.meta
    applicants = [a.name for a in meta.applicants if a.name] or (
        [meta.first_applicant] if meta.first_applicant else [])
    parties = [Party(role=PartyRole.APPLICANT, name=name, sequence=index)
               for index, name in enumerate(applicants, start=1)]
    parties += [Party(role=PartyRole.INVENTOR, name=person.full_name(),
                      country=person.country or None, sequence=index)
                for index, person in enumerate(meta.inventors, start=1) if person.full_name()]
    return tuple(parties)


def _classifications(record: OdpRecord) -> tuple[Classification, ...]:
    found: dict[tuple[ClassificationScheme, str], Classification] = {}
    for text in record.meta.cpc:
        code = ipc_symbol(text)
        if code:
            found.setdefault((ClassificationScheme.CPC, code),
                             Classification(scheme=ClassificationScheme.CPC, code=code))
    main, _, sub = record.meta.uspc.partition("/")
    uspc = uspc_symbol(main, sub) if main.strip() else None
    if uspc:
        found[(ClassificationScheme.USPC, uspc)] = Classification(
            scheme=ClassificationScheme.USPC, code=uspc)
    return tuple(found.values())


def _priorities(record: OdpRecord, warnings: list[str]) -> tuple[PriorityClaim, ...]:
    claims: list[PriorityClaim] = []
    for item in record.foreign_priorities:
        country = _OFFICES.get(item.office.upper())
        if country is None:
            warnings.append(f"foreign priority office {item.office!r} not known; kept as '??'")
        claims.append(PriorityClaim(country=country or "??", number=item.number,
                                    date=item.filing_date))
    claims += [PriorityClaim(country="US", number=link.parent, date=link.parent_date,
                             kind="provisional")
               for link in record.parents if link.code == "PRO" and link.parent]
    return tuple(claims)


def _family(record: OdpRecord) -> tuple[FamilyLink, ...]:
    links = [_link(link.parent, _RELATIONS[link.code], link.parent_date)
             for link in record.parents if link.parent and link.code in _RELATIONS]
    links += [_link(link.child, FamilyRelation.PARENT_OF, link.child_date)
              for link in record.children if link.child]
    return tuple(links)


def _link(number: str, relation: FamilyRelation, when: date | None) -> FamilyLink:
    return FamilyLink(relation=relation, number=us_application_number(number), date=when)
