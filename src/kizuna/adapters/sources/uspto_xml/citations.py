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
    """The citations of a ``us-bibliographic-data-grant`` and warnings for unreadable ones."""
    holder = child(biblio, "us-references-cited")
    if holder is None:
        holder = child(biblio, "references-cited")
    if holder is None:
        return (), ()
    found: list[Citation] = []
    warnings: list[str] = []
    for node in [*children(holder, "us-citation"), *children(holder, "citation")]:
        category = collapse(find_text(node, "category"))
        source = _SOURCES.get(category.lower(), "other")
        patent = child(node, "patcit")
        if patent is not None:
            citation = _patent_citation(patent, source, category, warnings)
            if citation is not None:
                found.append(citation)
            continue
        npl = child(node, "nplcit")
        if npl is not None:
            text = collapse(full_text(npl))[:_MAX_NPL_CHARS]
            found.append(Citation(number=None, source=source, category=category, text=text,
                                  npl=True))
    return tuple(found), tuple(warnings)


def _patent_citation(node: etree._Element, source: str, category: str,
                     warnings: list[str]) -> Citation | None:
    document = child(node, "document-id")
    country = find_text(document, "country").strip().upper()
    number = find_text(document, "doc-number").strip()
    kind = find_text(document, "kind").strip().upper()
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
