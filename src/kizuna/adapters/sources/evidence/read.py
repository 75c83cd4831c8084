"""Choose the reader for an evidence file by its suffix and build the :class:`ExtractedDoc`."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kizuna.adapters.sources.evidence.limits import (
    DEFAULT_LIMITS,
    EvidenceLimits,
    LimitExceededError,
)
from kizuna.adapters.sources.evidence.lines import iter_lines, strip_comments
from kizuna.adapters.sources.evidence.passages import (
    Block,
    LangTally,
    PassageRow,
    iter_passage_rows,
    passages_of_rows,
)
from kizuna.adapters.sources.evidence.stream import ByteSource, Scan, decoded_chunks, scan
from kizuna.domain.evidence import Passage
from kizuna.errors import (
    EmptyFileError,
    MalformedDocumentError,
    TooLargeError,
    UnsupportedFormatError,
)

__all__ = [
    "DOCX",
    "STREAMED",
    "SUPPORTED_SUFFIXES",
    "EvidenceReader",
    "ExtractedDoc",
    "check_size",
    "media_type_for",
    "open_evidence",
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

#: Media types read in chunks (the others are parsed whole, within the byte limit).
STREAMED = frozenset({"text/plain", "text/markdown"})

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


class EvidenceReader:
    """One evidence file, hashed and checked, whose passages are read on demand.

    Made by :func:`open_evidence`. :meth:`passages` streams the passages (text
    and Markdown in chunks, in memory bounded by the chunk and piece sizes;
    HTML, PDF and DOCX are parsed whole, within ``limits.max_bytes``); ``title``
    and ``lang`` are known once they have all been read. :meth:`chunks` gives
    the original bytes again, a chunk at a time.
    """

    def __init__(
        self, path: Path, source: ByteSource, media_type: str, found: Scan, limits: EvidenceLimits
    ) -> None:
        self.path = path
        self.media_type = media_type
        self.sha256 = found.sha256
        self.size = found.size
        self.title: str | None = None
        self.lang = "en"
        self._source = source
        self._scan = found
        self._limits = limits

    def passages(self) -> Iterator[Passage]:
        """The passages in order; SourceError naming the file (TooLargeError, EmptyFileError)."""
        return passages_of_rows(self.rows())

    def rows(self) -> Iterator[PassageRow]:
        """:meth:`passages` as plain rows (what storage inserts), with the same errors."""
        tally = LangTally()
        count = 0
        try:
            for row in iter_passage_rows(
                self._blocks(), self.sha256, limits=self._limits, tally=tally
            ):
                count += 1
                yield row
        except LimitExceededError as exc:
            raise TooLargeError(self.path, str(exc)) from exc
        if not count:
            raise EmptyFileError(self.path, "no text found (only headings, navigation or images)")
        self.lang = tally.lang()

    def chunks(self) -> Iterator[bytes]:
        """The original bytes, a chunk at a time."""
        return self._source.chunks()

    def _blocks(self) -> Iterator[Block]:
        if self.media_type not in STREAMED:
            title, blocks = _extractor(self.media_type)(
                self._source.read_all(), self.path, self._limits
            )
            self.title = title
            yield from blocks
            return
        from kizuna.adapters.sources.evidence.text import (
            Title,
            iter_markdown_blocks,
            iter_text_blocks,
        )

        holder = Title()
        chunks: Iterator[str] = decoded_chunks(self._source, self._scan)
        if self.media_type == "text/markdown":
            chunks = strip_comments(chunks, self._scan.last_comment_close)
            yield from iter_markdown_blocks(iter_lines(chunks), holder)
        else:
            yield from iter_text_blocks(iter_lines(chunks), holder)
        self.title = holder.value


def open_evidence(
    path: Path, data: bytes | BinaryIO | None = None, *, limits: EvidenceLimits = DEFAULT_LIMITS
) -> EvidenceReader:
    """Open one evidence file (``data``: its bytes or a seekable file; ``path`` is read if None).

    Reads the bytes once, in chunks, to hash them and (text, Markdown) choose the
    encoding and count the characters, and raises before any passage is cut:
    :class:`~kizuna.errors.UnsupportedFormatError` for an unknown suffix,
    :class:`~kizuna.errors.TooLargeError` over ``limits.max_bytes`` (checked
    before reading) or ``limits.max_chars``, :class:`~kizuna.errors.EmptyFileError`
    for no bytes, :class:`~kizuna.errors.EncodingError` for undecodable text.

    >>> reader = open_evidence(Path("spec.md"), "# Pump\\n\\nIt pumps.".encode())
    >>> [p.text for p in reader.passages()], reader.title, reader.lang
    (['It pumps.'], 'Pump', 'en')
    """
    media_type = media_type_for(path)
    if media_type is None:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedFormatError(path, f"unsupported file type {path.suffix!r} (reads {known})")
    check_size(path, _size(path, data), limits.max_bytes)
    source = ByteSource(path if data is None else data)
    try:
        found = scan(source, path, decode=media_type in STREAMED)
    except OSError as exc:
        raise MalformedDocumentError(path, f"cannot read the file: {exc.strerror}") from exc
    if found.blank:
        raise EmptyFileError(path, "the file is empty")
    if found.chars > limits.max_chars:
        raise TooLargeError(
            path,
            f"{found.chars:,} characters of text, over the limit of {limits.max_chars:,} "
            "(KIZUNA_EVIDENCE_MAX_CHARS)",
        )
    return EvidenceReader(path, source, media_type, found, limits)


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
    Every step is linear in the size of the file. All passages are held in
    memory: to store a large file, stream :func:`open_evidence` instead.

    >>> doc = read_evidence(Path("spec.md"), "# Pump\\n\\nIt pumps.".encode())
    >>> doc.lang, doc.passages[0].location.heading
    ('en', 'Pump')
    """
    reader = open_evidence(path, data, limits=limits)
    passages = list(reader.passages())
    return ExtractedDoc(
        title=reader.title,
        media_type=reader.media_type,
        lang=reader.lang,
        sha256=reader.sha256,
        size=reader.size,
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


def _size(path: Path, data: bytes | BinaryIO | None) -> int:
    if data is None:
        try:
            return path.stat().st_size
        except OSError as exc:
            raise MalformedDocumentError(path, f"cannot read the file: {exc.strerror}") from exc
    if isinstance(data, bytes):
        return len(data)
    size = data.seek(0, io.SEEK_END)
    data.seek(0)
    return size
