"""Read the 2001-2004 USPTO DTDs: ``pap`` applications and PATDOC (ST.32) grants.

``patent-application-publication`` (pap v1.5/v1.6) carried pre-grant
publications from March 2001 to 2004; ``PATDOC`` (ST.32 v2.4/v2.5, SGML
rewritten as XML) carried grants from 2001 to 2004, with WIPO ST.32 tag
numbers (``B110`` document number, ``B220`` filing date, ``B721`` inventor…).
"""

from __future__ import annotations

from lxml import etree

from kizuna.adapters.sources.uspto_xml.citations import patdoc_references
from kizuna.adapters.sources.uspto_xml.claims import raw_claims
from kizuna.adapters.sources.uspto_xml.mapping import (
    MissingPartError,
    UsptoDocument,
    ipc_symbol,
    parse_date,
    related_number,
    us_application_number,
    us_document_number,
    uspc_symbol,
)
from kizuna.adapters.sources.uspto_xml.text import (
    abstract_text,
    child,
    children,
    find_text,
    full_text,
    local_name,
)
from kizuna.domain.patent import (
    Classification,
    ClassificationScheme,
    FamilyLink,
    FamilyRelation,
    Party,
    PartyRole,
    PriorityClaim,
)

__all__ = ["parse_pap", "parse_patdoc"]

_PAP_RELATIONS = {
    "continuation-of": FamilyRelation.CONTINUATION,
    "continuation-in-part-of": FamilyRelation.CONTINUATION_IN_PART,
    "division-of": FamilyRelation.DIVISION,
    "reissue-of": FamilyRelation.REISSUE,
}
_PATDOC_RELATIONS = {
    "B620": FamilyRelation.DIVISION,
    "B631": FamilyRelation.CONTINUATION,
    "B632": FamilyRelation.CONTINUATION_IN_PART,
    "B633": FamilyRelation.REISSUE,  # continuing reissue
}


def _iter(element: etree._Element | None, name: str) -> list[etree._Element]:
    """Descendants with local name ``name``, in document order."""
    if element is None:
        return []
    return [node for node in element.iter() if local_name(node) == name]


# ---------------------------------------------------------------------------
# pap: patent-application-publication (2001-2004)
# ---------------------------------------------------------------------------


def parse_pap(root: etree._Element) -> UsptoDocument:
    """Read one ``patent-application-publication`` document."""
    biblio = child(root, "subdoc-bibliographic-information")
    doc_number = find_text(biblio, "document-id/doc-number")
    if not doc_number:
        raise MissingPartError("no document-id/doc-number")
    filing = child(biblio, "domestic-filing-data")
    app_number = find_text(filing, "application-number/doc-number")
    technical = child(biblio, "technical-information")
    return UsptoDocument(
        is_grant=False,
        number=us_document_number(
            doc_number, find_text(biblio, "document-id/kind-code"), grant=False
        ),
        document_date=parse_date(find_text(biblio, "document-id/document-date")),
        application=(
            us_application_number(app_number, find_text(filing, "application-number-series-code"))
            if app_number
            else None
        ),
        filing_date=parse_date(find_text(filing, "filing-date")),
        title=find_text(technical, "title-of-invention") or None,
        abstract=abstract_text(child(root, "subdoc-abstract")),
        parties=_pap_parties(biblio),
        classifications=_pap_classifications(technical),
        priorities=_pap_priorities(biblio),
        family=_pap_family(biblio),
        raw_claims=raw_claims(_iter(child(root, "subdoc-claims"), "claim")),
    )


def _pap_classifications(technical: etree._Element | None) -> tuple[Classification, ...]:
    found: list[Classification] = []
    ipc = child(technical, "classification-ipc")
    edition = find_text(ipc, "classification-ipc-edition").lstrip("0") or None
    for holder, main in (
        ("classification-ipc-primary", True),
        ("classification-ipc-secondary", False),
    ):
        for node in children(ipc, holder):
            code = ipc_symbol(find_text(node, "ipc"))
            if code:
                found.append(
                    Classification(
                        scheme=ClassificationScheme.IPC, code=code, version=edition, inventive=main
                    )
                )
    us = child(technical, "classification-us")
    for holder, main in (
        ("classification-us-primary", True),
        ("classification-us-secondary", False),
    ):
        for node in children(us, holder):
            code = uspc_symbol(find_text(node, "uspc/class"), find_text(node, "uspc/subclass"))
            if code:
                found.append(
                    Classification(scheme=ClassificationScheme.USPC, code=code, inventive=main)
                )
    return tuple(found)


def _pap_priorities(biblio: etree._Element | None) -> tuple[PriorityClaim, ...]:
    claims = [
        PriorityClaim(
            country=find_text(node, "country-code"),
            number=find_text(node, "priority-application-number/doc-number"),
            date=parse_date(find_text(node, "filing-date")),
        )
        for node in _iter(biblio, "foreign-priority-data")
    ]
    claims += [
        PriorityClaim(
            country="US",
            number=us_application_number(find_text(node, "document-id/doc-number")).number,
            date=parse_date(find_text(node, "document-id/document-date")),
            kind="provisional",
        )
        for node in _iter(biblio, "non-provisional-of-provisional")
    ]
    return tuple(claims)


def _pap_family(biblio: etree._Element | None) -> tuple[FamilyLink, ...]:
    links: list[FamilyLink] = []
    continuity = child(biblio, "continuity-data")
    for node in continuity.iter() if continuity is not None else ():
        relation = _PAP_RELATIONS.get(local_name(node))
        for parent in _iter(node, "parent") if relation else ():
            doc = child(parent, "document-id")
            number = find_text(doc, "doc-number")
            if relation and number:
                links.append(
                    FamilyLink(
                        relation=relation,
                        number=related_number(
                            number, find_text(doc, "kind-code"), find_text(doc, "country-code")
                        ),
                        date=parse_date(find_text(doc, "document-date")),
                    )
                )
    for node in _iter(continuity, "non-provisional-of-provisional"):
        links.append(
            FamilyLink(
                relation=FamilyRelation.PROVISIONAL,
                number=us_application_number(find_text(node, "document-id/doc-number")),
                date=parse_date(find_text(node, "document-id/document-date")),
            )
        )
    return tuple(links)


def _pap_parties(biblio: etree._Element | None) -> tuple[Party, ...]:
    holder = child(biblio, "inventors")
    inventors = [n for n in holder if isinstance(n.tag, str)] if holder is not None else []
    parties = [_pap_person(node, PartyRole.INVENTOR, i) for i, node in enumerate(inventors, 1)]
    for i, node in enumerate(_iter(biblio, "assignee"), 1):
        name = find_text(node, "organization-name") or _pap_name(child(node, "name"))
        if name:
            country = find_text(node, "address/country/country-code") or None
            parties.append(Party(role=PartyRole.ASSIGNEE, name=name, country=country, sequence=i))
    return tuple(party for party in parties if party is not None)


def _pap_name(name: etree._Element | None) -> str:
    family = find_text(name, "family-name")
    given = " ".join(
        p for p in (find_text(name, "given-name"), find_text(name, "middle-name")) if p
    )
    return f"{family}, {given}" if family and given else family or given


def _pap_person(node: etree._Element, role: PartyRole, position: int) -> Party | None:
    name = _pap_name(child(node, "name"))
    if not name:
        return None
    residence = child(node, "residence/residence-us")
    if residence is None:
        residence = child(node, "residence/residence-non-us")
    country = find_text(residence, "country-code") or find_text(
        node, "address/country/country-code"
    )
    place = [find_text(residence, part) for part in ("city", "state")]
    return Party(
        role=role,
        name=name,
        country=country or None,
        address=", ".join(p for p in place if p) or None,
        sequence=position,
    )


# ---------------------------------------------------------------------------
# PATDOC: ST.32 grants (2001-2004)
# ---------------------------------------------------------------------------


def _pdat(element: etree._Element | None, path: str) -> str:
    return find_text(element, path)


def parse_patdoc(root: etree._Element) -> UsptoDocument:
    """Read one ``PATDOC`` (ST.32 v2.4/2.5) grant."""
    biblio = child(root, "SDOBI")
    doc_number = _pdat(biblio, "B100/B110/DNUM")
    if not doc_number:
        raise MissingPartError("no B110 document number")
    app_number = _pdat(biblio, "B200/B210/DNUM")
    term = child(biblio, "B400/B472")  # B474US: term extension days; B473US: disclaimer
    extension = _pdat(term, "B474US")
    citations, citation_warnings = patdoc_references(biblio)
    return UsptoDocument(
        is_grant=True,
        number=us_document_number(doc_number, _pdat(biblio, "B100/B130"), grant=True),
        document_date=parse_date(_pdat(biblio, "B100/B140/DATE")),
        application=(
            us_application_number(app_number, _pdat(biblio, "B200/B211US")) if app_number else None
        ),
        filing_date=parse_date(_pdat(biblio, "B200/B220/DATE")),
        title=_pdat(biblio, "B500/B540") or None,
        abstract=abstract_text(child(root, "SDOAB")),
        parties=_patdoc_parties(biblio),
        classifications=_patdoc_classifications(child(biblio, "B500")),
        priorities=tuple(
            PriorityClaim(
                country=_pdat(node, "B330/CTRY"),
                number=_pdat(node, "B310/DNUM"),
                date=parse_date(_pdat(node, "B320/DATE")),
            )
            for node in children(biblio, "B300")
        ),
        family=_patdoc_family(child(biblio, "B600")) + _patdoc_pct(biblio),
        raw_claims=raw_claims(_iter(child(root, "SDOCL"), "CLM")),
        pta_days=int(extension) if extension.isdigit() else None,
        terminal_disclaimer=None if term is None else child(term, "B473US") is not None,
        citations=citations,
        warnings=citation_warnings,
    )


def _patdoc_classifications(b500: etree._Element | None) -> tuple[Classification, ...]:
    found: list[Classification] = []
    edition = _pdat(b500, "B510/B516") or None
    for node in children(child(b500, "B510"), "B511") + children(child(b500, "B510"), "B512"):
        code = ipc_symbol(full_text(node))
        if code:
            found.append(
                Classification(
                    scheme=ClassificationScheme.IPC,
                    code=code,
                    version=edition,
                    inventive=node.tag == "B511",
                )
            )
    for node in children(child(b500, "B520"), "B521") + children(child(b500, "B520"), "B522"):
        code = uspc_symbol(full_text(node))
        if code:
            found.append(
                Classification(
                    scheme=ClassificationScheme.USPC, code=code, inventive=node.tag == "B521"
                )
            )
    return tuple(found)


def _patdoc_family(b600: etree._Element | None) -> tuple[FamilyLink, ...]:
    links: list[FamilyLink] = []
    for node in b600.iter() if b600 is not None else ():
        relation = _PATDOC_RELATIONS.get(local_name(node))
        for parent in _iter(node, "PDOC") if relation else ():
            doc = child(parent, "DOC")
            number = _pdat(doc, "DNUM")
            if relation and number:
                links.append(
                    FamilyLink(
                        relation=relation,
                        number=related_number(number, _pdat(doc, "KIND"), _pdat(doc, "CTRY")),
                        date=parse_date(_pdat(doc, "DATE")),
                    )
                )
    for node in _iter(b600, "B680US"):
        links.append(
            FamilyLink(
                relation=FamilyRelation.PROVISIONAL,
                number=us_application_number(_pdat(node, "DOC/DNUM")),
                date=parse_date(_pdat(node, "DOC/DATE")),
            )
        )
    return tuple(links)


def _patdoc_pct(biblio: etree._Element | None) -> tuple[FamilyLink, ...]:
    doc = child(biblio, "B800/B860/B861/DOC")
    number = _pdat(doc, "DNUM")
    if not number:
        return ()
    return (
        FamilyLink(
            relation=FamilyRelation.PCT,
            number=us_application_number(number),
            date=parse_date(_pdat(doc, "DATE")),
        ),
    )


def _patdoc_parties(biblio: etree._Element | None) -> tuple[Party, ...]:
    groups = (
        ("B720", "B721", PartyRole.INVENTOR),
        ("B730", "B731", PartyRole.ASSIGNEE),
        ("B740", "B741", PartyRole.AGENT),
    )
    parties: list[Party] = []
    for group, item, role in groups:
        for i, node in enumerate(children(child(biblio, f"B700/{group}"), item), 1):
            party = child(node, "PARTY-US")
            name = _pdat(party, "NAM/ONM")
            if not name:
                last, first = _pdat(party, "NAM/SNM"), _pdat(party, "NAM/FNM")
                name = f"{last}, {first}" if last and first else last or first
            if name:
                country = _pdat(party, "ADR/CTRY") or None
                city = _pdat(party, "ADR/CITY") or None
                parties.append(
                    Party(role=role, name=name, country=country, address=city, sequence=i)
                )
    return tuple(parties)
