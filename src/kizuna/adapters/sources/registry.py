"""The source readers Kizuna knows, and format detection from a file's first bytes.

    >>> reader = detect(path, path.read_bytes()[:4096], default_readers())  # doctest: +SKIP
    >>> reader.format  # doctest: +SKIP
    'uspto-xml'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kizuna.adapters.sources.base import SourceReader
from kizuna.errors import EmptyFileError, UnsupportedFormatError

__all__ = ["HEAD_BYTES", "default_readers", "describe_head", "detect"]

HEAD_BYTES = 4096
"""How much of a file :func:`detect` looks at."""

_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (unpack it first)"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)


def default_readers() -> tuple[SourceReader, ...]:
    """Every reader, in the order :func:`detect` tries them (most specific first)."""
    from kizuna.adapters.sources import ep_xml, epo_ops, jpo, tabular, uspto_odp, uspto_xml

    return (
        jpo.XML_READER,
        uspto_odp.READER,  # before jpo-json: both are JSON objects
        jpo.JSON_READER,
        ep_xml.READER,
        epo_ops.READER,
        uspto_xml.READER,
        tabular.CSV_READER,
        tabular.JSONL_READER,
    )


def detect(path: Path, head: bytes, readers: Sequence[SourceReader]) -> SourceReader:
    """The first reader whose ``sniff`` accepts ``head`` (the file's first 4 KiB).

    Raises :class:`EmptyFileError` for an empty (or blank) file and
    :class:`UnsupportedFormatError` naming what the file looked like otherwise.
    """
    if not head.strip():
        raise EmptyFileError(path, "the file is empty")
    for reader in readers:
        if reader.sniff(path, head):
            return reader
    raise UnsupportedFormatError(
        path, f"not a patent document Kizuna reads (looked like: {describe_head(head)})"
    )


def describe_head(head: bytes) -> str:
    """A short human description of what a file's first bytes look like."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\x00" in body[:512]:
        return "binary data or UTF-16 text"
    if body.startswith(b"<"):
        root = _ROOT.search(body)
        if root:
            tag = root[1].decode("ascii", "replace")
            return "an HTML page" if tag.lower() == "html" else f"XML with root element <{tag}>"
        return "XML without a root element in its first 4 KiB"
    if body[:1] in {b"{", b"["}:
        return "JSON of an unknown shape"
    first_line = body.split(b"\n", 1)[0][:60].decode("utf-8", "replace").strip()
    return f"text starting {first_line!r}"
