"""Read JPO procedural XML documents (手続書類) into a :class:`JpoDocument`.

The JPO's electronic filing and dispatch documents use the ``jp:`` namespace
(``http://www.jpo.go.jp``), Shift_JIS text, full-width digits, ``<u>`` marks
on amended text and ``<br/>`` line breaks inside claims. This module knows
their structure, not the :class:`~kizuna.domain.patent.Patent` record:
:mod:`.mapping` turns a :class:`JpoDocument` into one.

Read so far: the voluntary amendment (手続補正書, A523), the written opinion
(意見書, A53) and the notice of reasons for refusal (拒絶理由通知書, A131).
Other ``jp:`` documents yield their identifiers and parties; claims are taken
only from amendments.

    >>> doc = parse_document(root, name="2020123456-A523-amendment.xml")  # doctest: +SKIP
    >>> doc.document_code, doc.application_number, len(doc.claims)  # doctest: +SKIP
    ('A523', '2020123456', 5)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from kizuna.adapters.sources.jpo.citations import notice_citations
from kizuna.adapters.sources.xml import local_name
from kizuna.domain.citations import Citation
from kizuna.domain.claims import RawClaim
from kizuna.domain.ids import normalise_text, parse_number
from kizuna.domain.patent import Party, PartyRole
from kizuna.errors import InvalidNumberError, MalformedDocumentError, UnsupportedFormatError

__all__ = ["JPO_NAMESPACE", "JpoDocument", "claim_text", "parse_document"]

JPO_NAMESPACE = "http://www.jpo.go.jp"

# Names of the documents read so far, by JPO document code (中間書類コード).
DOCUMENT_NAMES = {
    "A523": "手続補正書",
    "A53": "意見書",
    "A131": "拒絶理由通知書",
}
# The date a document states about itself, most telling first.
_DATE_ELEMENTS = ("dispatch-date", "submission-date", "filing-date", "drafting-date")
_WHOLE_CLAIMS = "全文"  # item-of-amendment: the whole claims are replaced
_BLANKS = " \t\r\n\u3000\u00a0"


@dataclass(frozen=True, kw_only=True)
class JpoDocument:
    """What one JPO procedural document says, before mapping to a Patent.

    ``document_code`` is the code the JPO's progress record uses (``A523``,
    ``A53``, ``A131``); ``document_date`` is the date the XML itself states
    (起案日 for a notice; amendments and opinions carry none). ``claims`` are
    the claims an amendment sets out; ``claims_complete`` is True when the
    amendment replaces the whole claims (補正の対象 全文), so the claims are
    the complete set.
    """

    document_code: str
    document_name: str
    application_number: str  # 10 digits, full-width folded: 2020123456
    kind_of_law: str | None = None
    document_date: date | None = None
    dispatch_number: str | None = None  # 発送番号 of the notice a response answers
    title: str | None = None
    parties: tuple[Party, ...] = ()
    claims: tuple[RawClaim, ...] = ()
    claims_complete: bool = False
    citations: tuple[Citation, ...] = ()  # a notice's cited documents (引用文献等一覧)
    warnings: tuple[str, ...] = ()


def parse_document(root: etree._Element, *, name: str) -> JpoDocument:
    """Read one parsed JPO XML document; ``name`` is the file name used in errors."""
    if not _has_jpo_element(root):
        raise UnsupportedFormatError(name, "not a JPO document (no jp: namespace element)")
    body = _document_body(root)
    code = _document_code(body, name)
    warnings: list[str] = []
    claims, complete = _amended_claims(root, name, warnings)
    document_name = _text(_first(body, "document-name")) or DOCUMENT_NAMES.get(code, code)
    citations = _citations(root, warnings) if code == "A131" else ()
    return JpoDocument(
        document_code=code,
        document_name=document_name,
        application_number=_application_number(root, name),
        kind_of_law=_attribute(body, "kind-of-law"),
        document_date=_document_date(root, name),
        dispatch_number=_text(_first(root, "dispatch-number")) or None,
        title=_text(_first(root, "invention-title")) or None,
        parties=_parties(root),
        claims=claims,
        claims_complete=complete,
        citations=citations,
        warnings=tuple(warnings),
    )


def _citations(root: etree._Element, warnings: list[str]) -> tuple[Citation, ...]:
    """The documents a notice's body lists (see :mod:`.citations`)."""
    body = _first(root, "drafting-body")
    if body is None:
        return ()
    lines: list[str] = []
    for paragraph in body:
        lines.extend(claim_text(paragraph)[0].split("\n"))
    found, faults = notice_citations(lines)
    warnings.extend(faults)
    return found


def claim_text(element: etree._Element) -> tuple[str, tuple[str, ...]]:
    """The text of a ``<claim-text>``: markup dropped, ``<br/>`` as line breaks.

    ``<u>`` (amended text) and other inline marks keep their text; the XML's
    own line breaks are layout and are dropped (Japanese has no spaces between
    words); each line loses its leading full-width indent. Returns the text
    and, when it has more than one line, the lines as segments.
    """
    parts: list[str] = []
    _collect_text(element, parts)
    lines = [line.strip(_BLANKS) for line in "".join(parts).split("\n")]
    lines = [line for line in lines if line]
    return "\n".join(lines), tuple(lines) if len(lines) > 1 else ()


def _collect_text(element: etree._Element, parts: list[str]) -> None:
    if element.text:
        parts.append(_unwrap(element.text))
    for child in element:
        tag = local_name(child)
        if tag == "br" or tag == "claim-text":
            parts.append("\n")
        if tag != "br":
            _collect_text(child, parts)
        if child.tail:
            parts.append(_unwrap(child.tail))


def _unwrap(text: str) -> str:
    return text.replace("\r", "").replace("\n", "")


def _iter(root: etree._Element, tag: str) -> Iterator[etree._Element]:
    return (e for e in root.iter() if local_name(e) == tag)


def _first(root: etree._Element, tag: str) -> etree._Element | None:
    return next(_iter(root, tag), None)


def _text(element: etree._Element | None) -> str:
    """All text inside ``element`` on one line, blanks trimmed; '' for None."""
    if element is None:
        return ""
    return _unwrap("".join(str(t) for t in element.itertext())).strip(_BLANKS)


def _attribute(element: etree._Element, name: str) -> str | None:
    value = element.get(f"{{{JPO_NAMESPACE}}}{name}") or element.get(name)
    return str(value) if value else None


def _has_jpo_element(root: etree._Element) -> bool:
    return any(
        isinstance(e.tag, str) and e.tag.startswith(f"{{{JPO_NAMESPACE}}}") for e in root.iter()
    )


def _document_body(root: etree._Element) -> etree._Element:
    """The element that names the document kind (``jp:amendment-a523``), else the root."""
    for child in root:
        if re.search(r"-a\d{2,4}(?:-|$)", local_name(child)):
            return child
    return root


def _document_code(body: etree._Element, name: str) -> str:
    """JPO document code: from the element name (``response-a53`` -> ``A53``), else
    from ``jp:document-code``, whose filing form puts a law digit after the ``A``
    (``A1523`` is the patent-law ``A523``)."""
    if m := re.search(r"-a(\d{2,4})(?:-|$)", local_name(body)):
        return f"A{m[1]}"
    code = normalise_text(_text(_first(body, "document-code"))).upper()
    if m := re.fullmatch(r"A1(\d{2,4})", code):
        return f"A{m[1]}"
    if code:
        return code
    raise UnsupportedFormatError(name, "JPO document with no document code or known kind")


def _application_number(root: etree._Element, name: str) -> str:
    ref = _first(root, "application-reference")
    raw = normalise_text(_text(_first(ref, "doc-number"))) if ref is not None else ""
    if not raw:
        raise MalformedDocumentError(name, "no application number (application-reference)")
    digits = raw.replace("-", "").replace(" ", "")
    if len(digits) == 10 and digits.isdigit():
        return digits
    try:
        return parse_number(f"特願{raw}").number
    except InvalidNumberError as exc:
        raise MalformedDocumentError(
            name, f"application number {raw!r} cannot be read: {exc}"
        ) from exc


def _document_date(root: etree._Element, name: str) -> date | None:
    for tag in _DATE_ELEMENTS:
        holder = _first(root, tag)
        if holder is None:
            continue
        raw = normalise_text(_text(_first(holder, "date")) or _text(holder))
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        except ValueError as exc:
            raise MalformedDocumentError(name, f"{tag} {raw!r} is not a YYYYMMDD date") from exc
    return None


def _parties(root: etree._Element) -> tuple[Party, ...]:
    parties: list[Party] = []
    for tag, role in (("applicant", PartyRole.APPLICANT), ("agent", PartyRole.AGENT)):
        for sequence, element in enumerate(_iter(root, tag), start=1):
            party = _party(element, role, sequence)
            if party is not None:
                parties.append(party)
    # A notice names its addressee (the applicant's representative) instead.
    for sequence, group in enumerate(_iter(root, "addressed-to-person-group"), start=1):
        role = PartyRole.AGENT if _attribute(group, "kind-of-agent") else PartyRole.APPLICANT
        party = _party(group, role, sequence)
        if party is not None:
            parties.append(party)
    return tuple(parties)


def _party(element: etree._Element, role: PartyRole, sequence: int) -> Party | None:
    book = _first(element, "addressbook")
    if book is None:
        return None
    name = _text(_first(book, "name"))
    if not name:
        return None
    code = normalise_text(_text(_first(book, "registered-number"))) or None
    address = _text(_first(book, "address")) or None
    return Party(role=role, name=name, office_code=code, address=address, sequence=sequence)


def _amended_claims(
    root: etree._Element, name: str, warnings: list[str]
) -> tuple[tuple[RawClaim, ...], bool]:
    """Claims set out by an amendment, and whether they replace the whole claims."""
    for group in _iter(root, "amendment-group"):
        claims_element = _first(group, "claims")
        if claims_element is None:
            continue
        item = normalise_text(_text(_first(group, "item-of-amendment")))
        raw = tuple(_raw_claim(c, name) for c in _iter(claims_element, "claim"))
        if item == _WHOLE_CLAIMS:
            return raw, True
        warnings.append(
            f"claims amendment of {item or 'part of the claims'} only: "
            "not a complete claim set, claims not recorded"
        )
        return raw, False
    return (), False


def _raw_claim(element: etree._Element, name: str) -> RawClaim:
    number_text = normalise_text(element.get("num") or "")
    if not number_text.isdigit():
        raise MalformedDocumentError(name, f"claim with unreadable number {number_text!r}")
    texts = [c for c in element if local_name(c) == "claim-text"]
    if not texts:
        raise MalformedDocumentError(name, f"claim {int(number_text)} has no claim-text")
    lines: list[str] = []
    for part in texts:
        text, _ = claim_text(part)
        lines.extend(text.split("\n"))
    lines = [line for line in lines if line]
    return RawClaim(
        number=int(number_text),
        text="\n".join(lines),
        lang="ja",
        segments=tuple(lines) if len(lines) > 1 else (),
    )
