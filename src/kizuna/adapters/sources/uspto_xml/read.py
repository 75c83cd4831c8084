"""The USPTO XML source reader: recognise the file, split bulk files, parse each document.

A weekly bulk file (``ipg250107.xml``, ``ipa250109.xml``) is thousands of
complete XML documents back to back, each with its own ``<?xml`` declaration.
:func:`split_documents` cuts them apart while reading the file in 1 MiB
chunks, so memory stays at about one document however large the file is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.adapters.sources.uspto_xml.mapping import (
    FORMAT,
    MissingPartError,
    UsptoDocument,
    to_patent,
)
from kizuna.adapters.sources.uspto_xml.parse import parse_modern
from kizuna.adapters.sources.uspto_xml.parse_legacy import parse_pap, parse_patdoc
from kizuna.adapters.sources.uspto_xml.text import local_name
from kizuna.adapters.sources.xml import parse_bytes
from kizuna.domain.patent import Patent
from kizuna.errors import (
    EmptyFileError,
    MalformedDocumentError,
    SourceError,
    UnsupportedFormatError,
)

__all__ = [
    "READER",
    "DocumentJob",
    "DocumentMapper",
    "UsptoXmlReader",
    "parse_document",
    "split_documents",
]

_PARSERS: dict[str, Callable[[etree._Element], UsptoDocument]] = {
    "us-patent-grant": parse_modern,  # 2005+ grants (v4.0 2004-12-02 onwards)
    "us-patent-application": parse_modern,  # 2005+ applications
    "patent-application-publication": parse_pap,  # 2001-2004 applications (pap v1.5, v1.6)
    "PATDOC": parse_patdoc,  # 2001-2004 grants (ST.32 v2.4, v2.5)
}
_NOT_PATENTS = {
    "class-scheme": "a CPC scheme file, not a patent document",
    "cpc-master": "a CPC master classification file, not a patent document",
    "sequence-cwu": "a sequence listing, not a patent document",
}
_ROOT_IN_HEAD = re.compile(
    rb"<(?:!DOCTYPE\s+)?(?:us-patent-grant|us-patent-application|patent-application-publication"
    rb"|PATDOC)[\s>/]"
)
# Where a new document starts: its XML declaration, or a DOCTYPE not preceded by one.
_BOUNDARY = re.compile(rb"<\?xml\s|<!DOCTYPE\s")
_HEADER_ONLY = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?")
_LONGEST_BOUNDARY = 10
CHUNK_SIZE = 1 << 20


def split_documents(stream: BinaryIO, *, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Yield each XML document of a stream of documents written back to back.

    A document starts at ``<?xml``, or at ``<!DOCTYPE`` when no declaration
    precedes it (some 2001 ``pap`` files have none). Blank stretches are dropped.
    """
    for buffer, begin, end, _offset in _documents(stream, chunk_size):
        yield bytes(buffer[begin:end])


def document_spans(stream: BinaryIO, *, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[int, int]]:
    """Like :func:`split_documents`, yielding each document's (start, end) byte offsets."""
    for _buffer, begin, end, offset in _documents(stream, chunk_size):
        yield offset + begin, offset + end


def _documents(stream: BinaryIO, chunk_size: int) -> Iterator[tuple[bytearray, int, int, int]]:
    """(buffer, begin, end, offset of buffer[0] in the stream) for each document."""
    buffer = bytearray()
    offset = 0
    begin = scan_from = 0  # the current document starts at buffer[begin]
    while True:
        chunk = stream.read(chunk_size)
        if begin:  # drop the documents already yielded: once per chunk, not per document
            del buffer[:begin]
            offset += begin
            scan_from -= begin
            begin = 0
        buffer += chunk
        while (match := _BOUNDARY.search(buffer, scan_from)) is not None:
            start = match.start()
            if _HEADER_ONLY.fullmatch(buffer, begin, start) is not None:
                scan_from = match.end()  # still in this document's prolog
                continue
            yield buffer, begin, start, offset
            begin = scan_from = start
        if not chunk:
            break
        scan_from = max(scan_from, len(buffer) - _LONGEST_BOUNDARY)
    if buffer[begin:].strip():
        yield buffer, begin, len(buffer), offset


class UsptoXmlReader:
    """Reads USPTO full-text XML: grants and applications of every DTD vintage since 2001.

    Usage::

        for result in READER.read(FileInput(path=Path("ipg150106.xml"))):
            if isinstance(result, SourceError):
                report(result)  # "ipg150106.xml: document #12: not well-formed XML: ..."
            else:
                store(result)
    """

    format = FORMAT

    def sniff(self, path: Path, head: bytes) -> bool:
        """True if the first 4 KiB show a USPTO grant or application root element."""
        return _ROOT_IN_HEAD.search(head) is not None

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """Yield one Patent per document; in a bulk file, a SourceError for a broken one.

        A file holding a single document raises instead (the whole file is at
        fault), as does an empty file.
        """
        return self.read_mapped(source, _map_in_process)

    def read_mapped(
        self, source: FileInput, mapper: DocumentMapper, *, by_reference: bool = False
    ) -> Iterator[ReadResult]:
        """:meth:`read`, with the documents of a bulk file parsed by ``mapper``.

        ``mapper(parse_document, jobs)`` must yield ``parse_document(job)`` for
        each job in order (e.g. from a process pool) and raise what pulling the
        next job raises where that job would come; the results are then exactly
        those of :meth:`read`. With ``by_reference`` (a file on disk), a job
        carries the document's byte offsets instead of its bytes, and the
        worker reads them itself: the documents do not travel through the pipe.
        """
        if not by_reference or source.data is not None:
            with source.open() as stream:
                yield from self._read_split(source, mapper, split_documents(stream))
            return
        with source.open() as stream:
            spans = document_spans(stream)
            first = next(spans, None)
            if first is None:
                raise EmptyFileError(source.path, "the file is empty")
            second = next(spans, None)
            if second is None:
                yield _patent(_span_job(source, first, index=None).loaded())
                return
            jobs = (
                _span_job(source, span, index=index)
                for index, span in enumerate(chain((first, second), spans), start=1)
            )
            yield from mapper(parse_document, jobs)

    def _read_split(
        self, source: FileInput, mapper: DocumentMapper, documents: Iterator[bytes]
    ) -> Iterator[ReadResult]:
        first = next(documents, None)
        if first is None:
            raise EmptyFileError(source.path, "the file is empty")
        second = next(documents, None)
        if second is None:
            yield _patent(_job(source, first, index=None))
            return
        jobs = (
            _job(source, data, index=index)
            for index, data in enumerate(chain((first, second), documents), start=1)
        )
        yield from mapper(parse_document, jobs)


@dataclass(frozen=True, kw_only=True)
class DocumentJob:
    """One document of a file, with what its Patent needs from the file (picklable)."""

    path: Path
    sha256: str
    data: bytes
    index: int | None  # position in a bulk file; None for a file of one document
    span: tuple[int, int] | None = None  # (start, end) in the file when data is not carried

    def loaded(self) -> DocumentJob:
        """This job with its bytes (read from the file when the job carries a span)."""
        if self.span is None:
            return self
        start, end = self.span
        with self.path.open("rb") as handle:
            handle.seek(start)
            data = handle.read(end - start)
        if len(data) != end - start:
            raise MalformedDocumentError(self.path, "the file changed while it was being read")
        return DocumentJob(path=self.path, sha256=self.sha256, data=data, index=self.index)


DocumentMapper = Callable[
    [Callable[[DocumentJob], ReadResult], Iterator[DocumentJob]], Iterator[ReadResult]
]


def _job(source: FileInput, data: bytes, *, index: int | None) -> DocumentJob:
    return DocumentJob(path=source.path, sha256=source.sha256, data=data, index=index)


def _span_job(source: FileInput, span: tuple[int, int], *, index: int | None) -> DocumentJob:
    return DocumentJob(path=source.path, sha256=source.sha256, data=b"", index=index, span=span)


def _map_in_process(
    parse: Callable[[DocumentJob], ReadResult], jobs: Iterator[DocumentJob]
) -> Iterator[ReadResult]:
    return map(parse, jobs)


def parse_document(job: DocumentJob) -> ReadResult:
    """The Patent of one document of a bulk file, or its fault labelled ``document #N``."""
    try:
        return _patent(job.loaded())
    except SourceError as exc:
        return type(exc)(exc.path, f"document #{job.index}: {exc.fault}")


def _patent(job: DocumentJob) -> Patent:
    root = parse_bytes(job.data, str(job.path))
    name = local_name(root)
    parser = _PARSERS.get(name)
    if parser is None:
        reason = _NOT_PATENTS.get(name, f"root element <{name}> is not a USPTO patent document")
        raise UnsupportedFormatError(job.path, reason)
    try:
        document = parser(root)
    except MissingPartError as exc:
        raise MalformedDocumentError(job.path, f"<{name}> has {exc}") from exc
    label = f"#{job.index}" if job.index is not None else (document.number.kind or "")
    return to_patent(document, file_name=job.path.name, sha256=job.sha256, document=label)


READER = UsptoXmlReader()
