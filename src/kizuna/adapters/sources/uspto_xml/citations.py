"""The references a USPTO grant cites: ``us-references-cited`` (2006+) or ``references-cited``.

Each ``us-citation`` / ``citation`` holds a ``patcit`` (a patent document:
``document-id`` with ``country``, ``doc-number``, ``kind``) or an ``nplcit``
(non-patent literature: ``othercit`` text), and a ``category``: ``cited by
examiner``, ``cited by applicant`` or (grants before the split) ``cited by
other``. Numbers are normalised with :func:`kizuna.domain.citations.cited_number`;
one that cannot be read is left out with a warning naming it.

Grants of 2001-2004 (``PATDOC``, ST.32) list them in ``B560``: ``B561`` holds a
``PCIT`` (``DOC`` with ``DNUM``, ``KIND``, ``CTRY``; US when no country) and
``B562`` an ``NCIT`` (text), each followed by ``CITED-BY-EXAMINER`` or
``CITED-BY-OTHER`` (:func:`patdoc_references`).
"""

from __future__ import annotations

from lxml import etree

from kizuna.adapters.sources.uspto_xml.text import child, children, collapse, find_text, full_text
from kizuna.domain.citations import Citation, cited_number
from kizuna.errors import InvalidNumberError

__all__ = ["patdoc_references", "references_cited"]

_SOURCES = {"cited by examiner": "examiner", "cited by applicant": "applicant",
            "cited by third party": "other", "cited by other": "other"}
_MAX_NPL_CHARS = 2_000


def references_cited(biblio: etree._Element | None) -> tuple[tuple[Citation, ...], tuple[str, ...]]:
    """The citations of a ``us-bibliographic-data-grant`` and warnings for unreadable ones.

    A grant lists dozens of citations, so each is read in one pass over its
    direct children (and its ``document-id``'s) rather than one path lookup per
    field: citations cost about a tenth of a grant's parse, not a fifth.
    """
    holder = child(biblio, "us-references-cited")
    if holder is None:
        holder = child(biblio, "references-cited")
    if holder is None:
        return (), ()
    if not str(holder.tag).startswith("{"):  # the offices' files: no namespace, one XPath each
        return _plain_references(holder)
    found: list[Citation] = []
    warnings: list[str] = []
    for node in holder.iterchildren("{*}us-citation", "{*}citation"):
        fields = _children_by_name(node)
        category = full_text(fields.get("category"))
        source = _SOURCES.get(category.lower(), "other")
        patent = fields.get("patcit")
        if patent is not None:
            citation = _patent_citation(patent, source, category, warnings)
            if citation is not None:
                found.append(citation)
            continue
        npl = fields.get("nplcit")
        if npl is not None:
            text = collapse(full_text(npl))[:_MAX_NPL_CHARS]
            found.append(Citation(number=None, source=source, category=category, text=text,
                                  npl=True))
    return tuple(found), tuple(warnings)


# One XSLT call per grant lists every citation's fields (␟ between fields, ␞ after each
# citation, neither possible in the values: translate() removes them from free text), so a
# grant's few dozen citations cost one C-level pass, not several lookups per field.
_CLEAN = "translate(normalize-space({}), '&#x241F;&#x241E;', '  ')"
_COLUMNS = (*(_CLEAN.format(path) for path in (
    "category", "patcit/document-id/country", "patcit/document-id/doc-number",
    "patcit/document-id/kind")), "count(patcit)", _CLEAN.format("patcit/@num"), "count(nplcit)")
_FIELDS = etree.XSLT(etree.XML(
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    '<xsl:output method="text" encoding="utf-8"/>'
    '<xsl:template match="/*"><xsl:for-each select="us-citation|citation">'
    + "<xsl:text>&#x241F;</xsl:text>".join(f'<xsl:value-of select="{c}"/>' for c in _COLUMNS)
    + "<xsl:text>&#x241E;</xsl:text></xsl:for-each></xsl:template></xsl:stylesheet>"))


def _plain_references(holder: etree._Element) -> tuple[tuple[Citation, ...], tuple[str, ...]]:
    """:func:`references_cited` for un-namespaced XML (the offices' files), via ``_FIELDS``."""
    found: list[Citation] = []
    warnings: list[str] = []
    nodes: list[etree._Element] | None = None  # only for non-patent literature (rare)
    rows = str(_FIELDS(holder)).split("\u241e")[:-1]
    for position, row in enumerate(rows):
        category, country, number, kind, patents, num, npls = row.split("\u241f")
        source = _SOURCES.get(category.lower(), "other")
        if patents != "0":
            country, kind = country.upper(), kind.upper()
            printed = " ".join(p for p in (country, number, kind) if p)
            try:
                parsed = cited_number(country, number, kind or None)
            except InvalidNumberError as exc:
                warnings.append(f"citation {num or '?'} ({printed!r}) left out: {exc}")
                continue
            found.append(Citation(number=parsed, country=country, kind=kind, source=source,
                                  category=category, text=printed))
        elif npls != "0":
            if nodes is None:
                nodes = list(holder.iterchildren("us-citation", "citation"))
            npl = next(nodes[position].iterchildren("nplcit"))
            text = collapse(full_text(npl))[:_MAX_NPL_CHARS]
            found.append(Citation(number=None, source=source, category=category, text=text,
                                  npl=True))
    return tuple(found), tuple(warnings)


def _children_by_name(node: etree._Element | None) -> dict[str, etree._Element]:
    """Direct children by local name, the first of each name."""
    fields: dict[str, etree._Element] = {}
    if node is None:
        return fields
    for element in node.iterchildren(tag=etree.Element):
        fields.setdefault(etree.QName(element).localname, element)
    return fields


def _patent_citation(node: etree._Element, source: str, category: str,
                     warnings: list[str]) -> Citation | None:
    parts = _children_by_name(next(node.iterchildren("{*}document-id"), None))
    country = full_text(parts.get("country")).strip().upper()
    number = full_text(parts.get("doc-number")).strip()
    kind = full_text(parts.get("kind")).strip().upper()
    printed = " ".join(p for p in (country, number, kind) if p)
    try:
        parsed = cited_number(country, number, kind or None)
    except InvalidNumberError as exc:
        warnings.append(f"citation {node.get('num') or '?'} ({printed!r}) left out: {exc}")
        return None
    return Citation(number=parsed, country=country, kind=kind, source=source,
                    category=category, text=printed)


def patdoc_references(biblio: etree._Element | None) -> tuple[tuple[Citation, ...],
                                                              tuple[str, ...]]:
    """The citations in a PATDOC grant's ``B560`` and warnings for unreadable ones."""
    holder = child(child(biblio, "B500"), "B560")
    if holder is None:
        holder = child(biblio, "B560")
    found: list[Citation] = []
    warnings: list[str] = []
    for node in children(holder, "B561") + children(holder, "B562"):
        examiner = child(node, "CITED-BY-EXAMINER") is not None
        source, category = ("examiner", "cited by examiner") if examiner else (
            "other", "cited by other")
        document = child(node, "PCIT/DOC")
        if node.tag == "B562":
            text = collapse(full_text(child(node, "NCIT")))[:_MAX_NPL_CHARS]
            if text:
                found.append(Citation(number=None, source=source, category=category,
                                      text=text, npl=True))
            continue
        country = find_text(document, "CTRY").strip().upper() or "US"
        number, kind = find_text(document, "DNUM").strip(), find_text(document, "KIND").strip()
        printed = " ".join(p for p in (country, number, kind) if p)
        try:
            parsed = cited_number(country, number, kind or None)
        except InvalidNumberError as exc:
            warnings.append(f"B561 citation ({printed!r}) left out: {exc}")
            continue
        found.append(Citation(number=parsed, country=country, kind=kind, source=source,
                              category=category, text=printed))
    return tuple(found), tuple(warnings)
