"""Parse EPO OPS answers in the exchange format: ``biblio`` and ``claims`` (text-only).

Biblio (``ops:world-patent-data/exchange-documents/exchange-document``, namespace
``http://www.epo.org/exchange``): ``country``/``doc-number``/``kind`` attributes,
``bibliographic-data`` with ``publication-reference`` and ``application-reference``
(docdb and epodoc ``document-id``), ``priority-claims``, ``classifications-ipcr``,
``patent-classifications`` (CPC), ``parties`` (``data-format`` ``original`` and
``epodoc``), ``invention-title`` per language, and ``abstract``.

Claims (``ftxt:fulltext-documents/ftxt:fulltext-document``, namespace
``http://www.epo.org/fulltext``): ``bibliographic-data/publication-reference``
and ``claims lang="EN"`` holding one ``claim`` whose ``claim-text`` paragraphs
carry the numbering in the text (``1. A device …``); paragraphs without a number
continue the claim before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from kizuna.adapters.sources.ep_xml.mapping import normalise_symbol, parse_date
from kizuna.adapters.sources.xml import local_name, text_of
from kizuna.domain.claims import RawClaim
from kizuna.domain.patent import Classification, ClassificationScheme
from kizuna.errors import MalformedDocumentError, UnsupportedFormatError

__all__ = ["EXCHANGE", "FULLTEXT", "OPS", "OpsBiblio", "OpsClaims", "parse_biblio", "parse_claims"]

OPS = "http://ops.epo.org"
EXCHANGE = "http://www.epo.org/exchange"
FULLTEXT = "http://www.epo.org/fulltext"
_X = {"x": EXCHANGE}
_F = {"f": FULLTEXT}
_CLAIM_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.)]\s*")
_EPODOC_NAME_TAIL = re.compile(r"\s*\[[A-Z]{2}\]\s*$")


@dataclass(frozen=True, kw_only=True)
class OpsBiblio:
    """One ``exchange-document`` of a biblio answer."""

    country: str
    doc_number: str
    kind: str
    publication_date: date | None
    application: str  # docdb application number, e.g. "17171508"
    application_date: date | None
    priorities: tuple[tuple[str, str, date | None], ...]  # (country, number, date)
    titles: tuple[tuple[str, str], ...]  # (lang, text)
    applicants: tuple[str, ...]
    inventors: tuple[str, ...]
    classifications: tuple[Classification, ...]
    abstracts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, kw_only=True)
class OpsClaims:
    """The claims of one ``fulltext-document``, per language."""

    country: str
    doc_number: str
    kind: str
    claim_sets: tuple[tuple[str, tuple[RawClaim, ...]], ...]  # (lang, claims)
    warnings: tuple[str, ...]


def parse_biblio(root: etree._Element, name: str) -> tuple[OpsBiblio, ...]:
    """Every exchange-document of a biblio answer; raise a SourceError naming ``name``."""
    documents = root.findall("x:exchange-documents/x:exchange-document", _X)
    if not documents:
        raise UnsupportedFormatError(name, "an OPS answer without exchange-documents")
    parsed = []
    for element in documents:
        if (element.get("status") or "").strip():
            raise MalformedDocumentError(
                name, f"OPS says {element.get('status')!r} for {element.get('doc-number')}")
        parsed.append(_biblio(element, name))
    return tuple(parsed)


def _biblio(element: etree._Element, name: str) -> OpsBiblio:
    data = element.find("x:bibliographic-data", _X)
    if data is None:
        raise MalformedDocumentError(name, "exchange-document without bibliographic-data")
    country = (element.get("country") or "").strip()
    doc_number = (element.get("doc-number") or "").strip()
    kind = (element.get("kind") or "").strip()
    if not (country and doc_number and kind):
        raise MalformedDocumentError(name, "exchange-document without country, doc-number "
                                           "and kind")
    publication = data.find("x:publication-reference/x:document-id[@document-id-type='docdb']",
                            _X)
    application = data.find("x:application-reference/x:document-id[@document-id-type='docdb']",
                            _X)
    filed = data.find("x:application-reference/x:document-id[@document-id-type='epodoc']", _X)
    return OpsBiblio(
        country=country, doc_number=doc_number, kind=kind,
        publication_date=parse_date(_text(publication, "date")),
        application=_text(application, "doc-number"),
        application_date=parse_date(_text(filed, "date") or _text(application, "date")),
        priorities=_priorities(data),
        titles=tuple(((t.get("lang") or "").lower(), text_of(t))
                     for t in data.findall("x:invention-title", _X) if text_of(t)),
        applicants=_names(data, "applicant"),
        inventors=_names(data, "inventor"),
        classifications=_classifications(data),
        abstracts=tuple(((a.get("lang") or "").lower(), text_of(a))
                        for a in element.findall("x:abstract", _X) if text_of(a)),
    )


def _text(element: etree._Element | None, child: str) -> str:
    if element is None:
        return ""
    return text_of(element.find(f"x:{child}", _X))


def _priorities(data: etree._Element) -> tuple[tuple[str, str, date | None], ...]:
    found: list[tuple[str, str, date | None]] = []
    for claim in data.findall("x:priority-claims/x:priority-claim", _X):
        docdb = claim.find("x:document-id[@document-id-type='docdb']", _X)
        epodoc = claim.find("x:document-id[@document-id-type='epodoc']", _X)
        if docdb is not None and _text(docdb, "country"):
            found.append((_text(docdb, "country"), _text(docdb, "doc-number"),
                          parse_date(_text(docdb, "date") or _text(epodoc, "date"))))
        elif epodoc is not None and len(_text(epodoc, "doc-number")) > 2:
            number = _text(epodoc, "doc-number")
            found.append((number[:2], number[2:], parse_date(_text(epodoc, "date"))))
    return tuple(found)


def _names(data: etree._Element, role: str) -> tuple[str, ...]:
    """Names as filed (``data-format="original"``), else the epodoc form without ``[CC]``."""
    people = data.findall(f"x:parties/x:{role}s/x:{role}", _X)
    for wanted in ("original", "epodoc"):
        names = [text_of(p.find(f"x:{role}-name/x:name", _X)) for p in people
                 if p.get("data-format") == wanted]
        names = [_EPODOC_NAME_TAIL.sub("", n) for n in names if n]
        if names:
            return tuple(dict.fromkeys(names))
    return ()


def _classifications(data: etree._Element) -> tuple[Classification, ...]:
    found: dict[tuple[ClassificationScheme, str], Classification] = {}
    for item in data.findall("x:classifications-ipcr/x:classification-ipcr", _X):
        code = normalise_symbol(text_of(item.find("x:text", _X)))
        if code:
            found.setdefault((ClassificationScheme.IPC, code),
                             Classification(scheme=ClassificationScheme.IPC, code=code))
    for item in data.findall("x:patent-classifications/x:patent-classification", _X):
        scheme = item.find("x:classification-scheme", _X)
        if scheme is None or not (scheme.get("scheme") or "").startswith("CPC"):
            continue
        parts = [_text(item, p) for p in ("section", "class", "subclass", "main-group",
                                          "subgroup")]
        code = normalise_symbol(f"{parts[0]}{parts[1]}{parts[2]} {parts[3]}/{parts[4]}")
        if code:
            found.setdefault((ClassificationScheme.CPC, code),
                             Classification(scheme=ClassificationScheme.CPC, code=code))
    return tuple(found.values())


def parse_claims(root: etree._Element, name: str) -> OpsClaims:
    """The claims of a ``claims`` answer; raise a SourceError naming ``name``."""
    document = root.find("f:fulltext-documents/f:fulltext-document", _F)
    if document is None:
        raise UnsupportedFormatError(name, "an OPS answer without fulltext-documents")
    reference = document.find("f:bibliographic-data/f:publication-reference/f:document-id", _F)
    if reference is None:
        raise MalformedDocumentError(name, "fulltext-document without publication-reference")
    country, doc_number, kind = (text_of(reference.find(f"f:{p}", _F))
                                 for p in ("country", "doc-number", "kind"))
    if not (country and doc_number):
        raise MalformedDocumentError(name, "fulltext-document without country and doc-number")
    warnings: list[str] = []
    sets = []
    for claims in document.findall("f:claims", _F):
        lang = (claims.get("lang") or "").lower()
        paragraphs = ["".join(str(x) for x in t.itertext())
                      for t in claims.iter(f"{{{FULLTEXT}}}claim-text")]
        raw = _split_claims([p for p in paragraphs if p.strip()], lang, warnings)
        if raw:
            sets.append((lang, raw))
    return OpsClaims(country=country, doc_number=doc_number, kind=kind,
                     claim_sets=tuple(sets), warnings=tuple(warnings))


def _split_claims(paragraphs: list[str], lang: str, warnings: list[str]) -> tuple[RawClaim, ...]:
    """Group text-only paragraphs into numbered claims (``1. …`` starts claim 1).

    Line breaks inside a paragraph separate the claim's parts (its elements).
    """
    groups: list[tuple[int, list[str]]] = []
    for paragraph in paragraphs:
        match = _CLAIM_NUMBER.match(paragraph)
        expected = len(groups) + 1
        if match and int(match[1]) == expected:
            groups.append((expected, _lines(paragraph[match.end():])))
        elif groups:
            groups[-1][1].extend(_lines(paragraph))
        else:
            warnings.append(f"{lang} claims: text before claim 1 left out: "
                            f"{' '.join(paragraph.split())[:40]!r}")
    return tuple(
        RawClaim(number=number, text=" ".join(parts), lang=lang,
                 segments=tuple(parts) if len(parts) > 1 else ())
        for number, parts in groups
    )


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def root_kind(root: etree._Element) -> str:
    """``biblio`` or ``claims`` for an OPS answer's root, else ''."""
    if local_name(root) != "world-patent-data":
        return ""
    if root.find("x:exchange-documents", _X) is not None:
        return "biblio"
    if root.find("f:fulltext-documents", _F) is not None:
        return "claims"
    return ""
