"""Choose the reader for an evidence file by its suffix and build the :class:`ExtractedDoc`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kizuna.adapters.sources.evidence.lang import detect_lang
from kizuna.adapters.sources.evidence.limits import (
    DEFAULT_LIMITS,
    EvidenceLimits,
    LimitExceededError,
)
from kizuna.adapters.sources.evidence.passages import Block, split_passages
from kizuna.domain.evidence import Passage
from kizuna.errors import (
    EmptyFileError,
    MalformedDocumentError,
    TooLargeError,
    UnsupportedFormatError,
)

__all__ = [
    "DOCX",
    "SUPPORTED_SUFFIXES",
    "ExtractedDoc",
    "check_size",
    "media_type_for",
    "read_evidence",
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Suffix (lower case) -> media type stored with the document.
SUPPORTED_SUFFIXES: dict[str, str] = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".docx": DOCX,
}

Extractor = Callable[[bytes, Path, EvidenceLimits], tuple[str | None, list[Block]]]


@dataclass(frozen=True, kw_only=True)
class ExtractedDoc:
    """What an evidence file says: its title, type, language and citable passages."""

    title: str | None
    media_type: str
    lang: str
    sha256: str  # of the original bytes
    size: int  # bytes
    passages: list[Passage] = field(default_factory=list)


def media_type_for(path: Path) -> str | None:
    """The media type Kizuna reads ``path`` as, or None when its suffix is not supported."""
    return SUPPORTED_SUFFIXES.get(path.suffix.lower())


def _extractor(media_type: str) -> Extractor:
    # Imported here so that reading a text file does not load pypdf, python-docx or trafilatura.
    if media_type == "text/html":
        from kizuna.adapters.sources.evidence.html import read_html

        return read_html
    if media_type == "application/pdf":
        from kizuna.adapters.sources.evidence.pdf import read_pdf

        return read_pdf
    if media_type == DOCX:
        from kizuna.adapters.sources.evidence.docx import read_docx

        return read_docx
    from kizuna.adapters.sources.evidence.text import read_markdown, read_plain_text

    return read_markdown if media_type == "text/markdown" else read_plain_text


def read_evidence(
    path: Path, data: bytes | None = None, *, limits: EvidenceLimits = DEFAULT_LIMITS
) -> ExtractedDoc:
    """Extract the passages of one evidence file (``data``: its bytes, read from ``path`` if None).

    Raises a :class:`~kizuna.errors.SourceError` subclass naming the file:
    :class:`~kizuna.errors.UnsupportedFormatError` for an unknown suffix,
    :class:`~kizuna.errors.EmptyFileError` for no bytes or no text,
    :class:`~kizuna.errors.EncodingError` for undecodable text,
    :class:`~kizuna.errors.MalformedDocumentError` for a corrupt or encrypted file,
    :class:`~kizuna.errors.TooLargeError` beyond ``limits`` (the size is checked
    before the file is read; pages, characters and passages as they are met).
    Every step is linear in the size of the file.

    >>> doc = read_evidence(Path("spec.md"), "# Pump\\n\\nIt pumps.".encode())
    >>> doc.lang, doc.passages[0].location.heading
    ('en', 'Pump')
    """
    media_type = media_type_for(path)
    if media_type is None:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedFormatError(path, f"unsupported file type {path.suffix!r} (reads {known})")
    if data is None:
        data = _read_bytes(path, limits.max_bytes)
    check_size(path, len(data), limits.max_bytes)
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        title, blocks = _extractor(media_type)(data, path, limits)
        passages = split_passages(blocks, sha256, limits=limits)
    except LimitExceededError as exc:
        raise TooLargeError(path, str(exc)) from exc
    if not passages:
        raise EmptyFileError(path, "no text found (only headings, navigation or images)")
    text = " ".join(p.text for p in passages)
    return ExtractedDoc(
        title=title,
        media_type=media_type,
        lang=detect_lang(text),
        sha256=sha256,
        size=len(data),
        passages=passages,
    )


def check_size(path: Path | str, size: int, max_bytes: int) -> None:
    """Raise :class:`~kizuna.errors.TooLargeError` when ``size`` is over ``max_bytes``."""
    if size > max_bytes:
        raise TooLargeError(
            path,
            f"the file is {size:,} bytes, over the evidence limit of {max_bytes:,} "
            "(KIZUNA_EVIDENCE_MAX_BYTES)",
        )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        check_size(path, path.stat().st_size, max_bytes)
        return path.read_bytes()
    except OSError as exc:
        raise MalformedDocumentError(path, f"cannot read the file: {exc.strerror}") from exc
