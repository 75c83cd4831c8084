"""Read 2004+ USPTO grants (``us-patent-grant``) and applications (``us-patent-application``).

One parser serves every DTD from v4.0 (2004-12-02) to today: the element
names it reads did not change, and where they did (``parties`` became
``us-parties`` in 2012, ``classification-ipc`` gave way to
``classifications-ipcr`` in 2006, CPC arrived in 2013) both forms are read.
"""

from __future__ import annotations

from lxml import etree

from kizuna.adapters.sources.uspto_xml.citations import references_cited
from kizuna.adapters.sources.uspto_xml.claims import raw_claims
from kizuna.adapters.sources.uspto_xml.mapping import (
    MissingPartError,
    UsptoDocument,
    ipc_parts,
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

__all__ = ["parse_modern"]

_RELATIONS = {
    "continuation": FamilyRelation.CONTINUATION,
    "continuation-in-part": FamilyRelation.CONTINUATION_IN_PART,
    "division": FamilyRelation.DIVISION,
    "reissue": FamilyRelation.REISSUE,
    "continuing-reissue": FamilyRelation.REISSUE,
}
_NO_COUNTRY = {"", "unknown", "omitted", "XX"}


def parse_modern(root: etree._Element) -> UsptoDocument:
    """Read one ``us-patent-grant`` or ``us-patent-application`` document."""
    is_grant = root.tag == "us-patent-grant"
    biblio = child(
        root, "us-bibliographic-data-grant" if is_grant else "us-bibliographic-data-application"
    )
    publication = child(biblio, "publication-reference/document-id")
    doc_number = find_text(publication, "doc-number")
    if publication is None or not doc_number:
        raise MissingPartError("no publication-reference/doc-number")
    application = child(biblio, "application-reference/document-id")
    app_number = find_text(application, "doc-number")
    related = child(biblio, "us-related-documents")
    earlier = [child(node, "document-id") for node in children(related, "related-publication")]
    term = child(biblio, "us-term-of-grant")
    extension = find_text(term, "us-term-extension")
    citations, citation_warnings = references_cited(biblio)
    return UsptoDocument(
        is_grant=is_grant,
        number=us_document_number(doc_number, find_text(publication, "kind"), grant=is_grant),
        document_date=parse_date(find_text(publication, "date")),
        application=(
            us_application_number(app_number, find_text(biblio, "us-application-series-code"))
            if app_number
            else None
        ),
        filing_date=parse_date(find_text(application, "date")),
        other_numbers=tuple(
            us_document_number(find_text(e, "doc-number"), find_text(e, "kind"), grant=False)
            for e in earlier
            if find_text(e, "doc-number")
        ),
        earlier_publication_date=min(
            (d for e in earlier if (d := parse_date(find_text(e, "date")))), default=None
        ),
        title=find_text(biblio, "invention-title") or None,
        abstract=abstract_text(child(root, "abstract")),
        parties=_parties(biblio),
        classifications=_classifications(biblio),
        priorities=_priorities(biblio, related),
        family=_family(biblio, related),
        raw_claims=raw_claims(children(child(root, "claims"), "claim")),
        pta_days=int(extension) if extension.isdigit() else None,
        terminal_disclaimer=None if term is None else child(term, "disclaimer") is not None,
        citations=citations,
        warnings=citation_warnings,
    )


def _classifications(biblio: etree._Element | None) -> tuple[Classification, ...]:
    found: list[Classification] = []
    for ipcr in children(child(biblio, "classifications-ipcr"), "classification-ipcr"):
        found += _ipcr(ipcr, ClassificationScheme.IPC, inventive=None)
    ipc = child(biblio, "classification-ipc")
    edition = find_text(ipc, "edition").lstrip("0") or None
    for node in (child(ipc, "main-classification"), *children(ipc, "further-classification")):
        code = ipc_symbol(full_text(node)) if node is not None else None
        if code and node is not None:
            main = node.tag == "main-classification"
            found.append(
                Classification(
                    scheme=ClassificationScheme.IPC, code=code, version=edition, inventive=main
                )
            )
    cpc = child(biblio, "classifications-cpc")
    for node in children(child(cpc, "main-cpc"), "classification-cpc"):
        found += _ipcr(node, ClassificationScheme.CPC, inventive=True)
    for node in children(child(cpc, "further-cpc"), "classification-cpc"):
        found += _ipcr(node, ClassificationScheme.CPC, inventive=False)
    national = child(biblio, "classification-national")
    for node in (
        child(national, "main-classification"),
        *children(national, "further-classification"),
    ):
        code = uspc_symbol(full_text(node)) if node is not None else None
        if code and node is not None:
            main = node.tag == "main-classification"
            found.append(
                Classification(scheme=ClassificationScheme.USPC, code=code, inventive=main)
            )
    return tuple(found)


def _ipcr(
    node: etree._Element, scheme: ClassificationScheme, *, inventive: bool | None
) -> list[Classification]:
    """One ``classification-ipcr`` / ``classification-cpc`` element (split into its parts)."""
    subclass = "".join(find_text(node, part) for part in ("section", "class", "subclass"))
    code = ipc_parts(subclass, find_text(node, "main-group"), find_text(node, "subgroup"))
    if code is None or len(subclass) != 4:
        return []
    if inventive is None:  # IPCR: I = inventive, N = non-inventive (additional)
        value = find_text(node, "classification-value")
        inventive = {"I": True, "N": False}.get(value)
    version = find_text(node, "ipc-version-indicator/date") or None
    version = version or find_text(node, "cpc-version-indicator/date") or None
    return [Classification(scheme=scheme, code=code, version=version, inventive=inventive)]


def _priorities(
    biblio: etree._Element | None, related: etree._Element | None
) -> tuple[PriorityClaim, ...]:
    claims: list[PriorityClaim] = []
    for node in children(child(biblio, "priority-claims"), "priority-claim"):
        country = find_text(node, "country")
        kind = "pct" if node.get("kind") == "international" else "paris"
        claims.append(
            PriorityClaim(
                country=country,
                number=find_text(node, "doc-number"),
                date=parse_date(find_text(node, "date")),
                kind=kind,
            )
        )
    for node in children(related, "us-provisional-application"):
        doc = child(node, "document-id")
        claims.append(
            PriorityClaim(
                country="US",
                number=us_application_number(find_text(doc, "doc-number")).number,
                date=parse_date(find_text(doc, "date")),
                kind="provisional",
            )
        )
    return tuple(claims)


def _family(
    biblio: etree._Element | None, related: etree._Element | None
) -> tuple[FamilyLink, ...]:
    links: list[FamilyLink] = []
    for node in related if related is not None else ():
        relation = _RELATIONS.get(str(node.tag))
        if relation is None:
            continue
        for link in children(node, "relation"):
            parent = child(link, "parent-doc/document-id")
            number = find_text(parent, "doc-number")
            if number:
                links.append(
                    FamilyLink(
                        relation=relation,
                        number=related_number(
                            number, find_text(parent, "kind"), find_text(parent, "country")
                        ),
                        date=parse_date(find_text(parent, "date")),
                    )
                )
    for node in children(related, "us-provisional-application"):
        doc = child(node, "document-id")
        links.append(
            FamilyLink(
                relation=FamilyRelation.PROVISIONAL,
                number=us_application_number(find_text(doc, "doc-number")),
                date=parse_date(find_text(doc, "date")),
            )
        )
    pct = child(biblio, "pct-or-regional-filing-data/document-id")
    if pct is not None and find_text(pct, "doc-number"):
        links.append(
            FamilyLink(
                relation=FamilyRelation.PCT,
                number=us_application_number(find_text(pct, "doc-number")),
                date=parse_date(find_text(pct, "date")),
            )
        )
    return tuple(links)


def _parties(biblio: etree._Element | None) -> tuple[Party, ...]:
    holder = child(biblio, "us-parties")
    if holder is None:
        holder = child(biblio, "parties")
    applicants = children(child(holder, "us-applicants"), "us-applicant")
    applicants += children(child(holder, "applicants"), "applicant")
    inventors = children(child(holder, "inventors"), "inventor")
    parties = [_party(node, PartyRole.APPLICANT, i) for i, node in enumerate(applicants, 1)]
    if not inventors:  # before 2012 the inventors are the applicants ("applicant-inventor")
        inventors = [node for node in applicants if node.get("app-type") == "applicant-inventor"]
    parties += [_party(node, PartyRole.INVENTOR, i) for i, node in enumerate(inventors, 1)]
    agents = children(child(holder, "agents"), "agent")
    parties += [_party(node, PartyRole.AGENT, i) for i, node in enumerate(agents, 1)]
    assignees = children(child(biblio, "assignees"), "assignee")
    parties += [_party(node, PartyRole.ASSIGNEE, i) for i, node in enumerate(assignees, 1)]
    return tuple(party for party in parties if party is not None)


def _party(node: etree._Element, role: PartyRole, position: int) -> Party | None:
    book = child(node, "addressbook")
    if book is None:  # v4.0 assignees hold orgname directly
        book = node
    name = find_text(book, "orgname")
    if not name:
        last = find_text(book, "last-name")
        given = " ".join(
            p for p in (find_text(book, "first-name"), find_text(book, "middle-name")) if p
        )
        name = f"{last}, {given}" if last and given else last or given or find_text(book, "name")
    if not name:
        return None
    country = find_text(node, "residence/country") or find_text(book, "address/country")
    place = [find_text(book, f"address/{part}") for part in ("city", "state")]
    return Party(
        role=role,
        name=name,
        country=None if country in _NO_COUNTRY else country,
        address=", ".join(p for p in place if p) or None,
        sequence=position,
    )
