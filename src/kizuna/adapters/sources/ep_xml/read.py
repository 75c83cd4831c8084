"""The EP XML source reader: one ``ep-patent-document`` file in, one Patent out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from lxml import etree

from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.adapters.sources.ep_xml import mapping
from kizuna.adapters.sources.ep_xml.citations import citations
from kizuna.adapters.sources.ep_xml.claim_text import RawClaimSet, raw_claim_sets
from kizuna.adapters.sources.ep_xml.parse import ParsedDocument, parse_document
from kizuna.adapters.sources.xml import local_name, text_of
from kizuna.domain.claims import build_claims
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.domain.patent import (
    ClaimsBasis,
    ClaimSet,
    Patent,
    PatentStatus,
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

__all__ = ["EpXmlReader", "document_to_patent"]

_ROOT = "ep-patent-document"


class EpXmlReader:
    """Reads EPO ``ep-patent-document`` XML (DTD v1.0 to v1.5.1), one document per file.

    Every fault of the document (empty, wrong encoding, malformed beyond the
    documented repairs, not an EP document) is yielded as a
    :class:`~kizuna.errors.SourceError` naming the file.

    >>> from kizuna.adapters.sources.ep_xml import READER
    >>> READER.sniff(Path("x.xml"), b'<?xml version="1.0"?><ep-patent-document lang="en">')
    True
    """

    format = "ep-xml"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the first bytes contain the ``ep-patent-document`` root."""
        return b"<ep-patent-document" in head

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """Yield the file's Patent, or the SourceError that stopped it."""
        try:
            parsed = parse_document(source.read_bytes(), source.name)
            yield document_to_patent(parsed, name=source.name, sha256=source.sha256)
        except SourceError as error:
            yield error


def document_to_patent(parsed: ParsedDocument, *, name: str, sha256: str) -> Patent:
    """Map a parsed EP document to a :class:`Patent`; raise a SourceError naming ``name``."""
    root = parsed.root
    if local_name(root) != _ROOT:
        raise UnsupportedFormatError(name, f"root element is <{local_name(root)}>, not <{_ROOT}>")
    sdobi = root.find("SDOBI")
    if sdobi is None:
        raise MalformedDocumentError(name, "no bibliographic data (<SDOBI>)")
    kind = text_of(sdobi.find("B100/B130")) or (root.get("kind") or "").strip()
    if not kind:
        raise MalformedDocumentError(name, "no kind code (B130)")
    lang = (root.get("lang") or text_of(sdobi.find("B200/B260"))).strip().lower() or None
    numbers = _numbers(root, sdobi, kind, name)
    dates = mapping.dates(sdobi, kind=kind)
    warnings = list(parsed.warnings)
    family = mapping.family(sdobi, warnings)
    granted = kind.startswith("B")
    claim_sets = _claim_sets(
        raw_claim_sets(root, default_lang=lang or ""),
        basis=ClaimsBasis.GRANTED if granted else ClaimsBasis.AS_PUBLISHED,
        name=name,
        as_of=mapping.parse_date(text_of(sdobi.find("B100/B140/date"))),
        warnings=warnings,
    )
    cited = citations(root, warnings)
    source_ref = SourceRef(
        file=name, sha256=sha256, format=EpXmlReader.format, document=kind,
        recovered=parsed.recovered, warnings=tuple(warnings),
    )
    return Patent(
        number=canonical_number(numbers),
        numbers=numbers,
        titles=mapping.titles(sdobi),
        lang=lang,
        dates=dates,
        parties=mapping.parties(sdobi),
        classifications=mapping.classifications(sdobi),
        priorities=mapping.priorities(sdobi),
        family=family,
        claim_sets=claim_sets,
        abstracts=mapping.abstracts(root, default_lang=lang or ""),
        status=PatentStatus.GRANTED if granted else PatentStatus.PENDING,
        sources=(source_ref,),
        citations=cited,
    )


def _numbers(
    root: etree._Element, sdobi: etree._Element, kind: str, name: str
) -> tuple[PatentNumber, ...]:
    """The EP publication/grant number with its kind, and the application number."""
    country = text_of(sdobi.find("B100/B190")) or root.get("country") or "EP"
    digits = text_of(sdobi.find("B100/B110")) or root.get("doc-number") or ""
    application = text_of(sdobi.find("B200/B210")) or root.get("file") or ""
    if not digits:
        raise MalformedDocumentError(name, "no publication number (B110)")
    try:
        numbers = [parse_number(f"{country}{digits}{kind}")]
        if application:  # "04768329.7": the digit after the dot is a check digit
            numbers.append(parse_number(f"EP{application.split('.', 1)[0].strip()}"))
    except InvalidNumberError as exc:
        raise MalformedDocumentError(name, f"unreadable number: {exc}") from exc
    published = NumberType.GRANT if kind.startswith("B") else NumberType.PUBLICATION
    expected: tuple[NumberType, ...] = (published,)
    expected += (NumberType.APPLICATION,) * (len(numbers) - 1)
    if tuple(n.type for n in numbers) != expected:
        found = ", ".join(n.compact for n in numbers)
        raise MalformedDocumentError(name, f"unexpected number form: {found}")
    return tuple(numbers)


def _claim_sets(
    raw_sets: tuple[RawClaimSet, ...],
    *,
    basis: ClaimsBasis,
    name: str,
    as_of: date | None,
    warnings: list[str],
) -> tuple[ClaimSet, ...]:
    """One ClaimSet per language; a language whose claims do not resolve is left out
    and the reason added to the warnings (the other languages still load)."""
    sets: list[ClaimSet] = []
    for raw in raw_sets:
        warnings.extend(raw.warnings)
        try:
            claims = build_claims(raw.claims, source=name)
        except ClaimStructureError as exc:
            warnings.append(f"{raw.lang} claims left out: {exc.fault}")
            continue
        sets.append(
            ClaimSet(
                lang=raw.lang, basis=basis, claims=claims, source=name, as_of=as_of
            )
        )
    return tuple(sets)
