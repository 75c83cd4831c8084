"""The JPO source readers: procedural XML (``jpo-xml``) and progress JSON (``jpo-json``).

JPO XML declares Shift_JIS and lxml decodes it. Two faults are common and
reported plainly as :class:`~kizuna.errors.EncodingError`: a file re-saved
with a UTF-8 declaration (or none) whose bytes are still Shift_JIS or EUC-JP,
and a Shift_JIS file using Windows-31J extensions (①, 髙) that the strict
Shift_JIS decoder rejects; the latter is re-read as cp932, with a warning.

    >>> from kizuna.adapters.sources.jpo import XML_READER
    >>> from lxml import etree

from kizuna.adapters.sources.base import FileInput
    >>> [p.number.display for p in XML_READER.read(FileInput(path=path))]  # doctest: +SKIP
    ['特願2020-123456']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from lxml import etree

from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.adapters.sources.jpo.mapping import document_to_patent, progress_to_patent
from kizuna.adapters.sources.jpo.parse import JPO_NAMESPACE, parse_document
from kizuna.adapters.sources.jpo.progress import parse_progress
from kizuna.adapters.sources.xml import parse_bytes
from kizuna.errors import EmptyFileError, EncodingError, MalformedDocumentError

__all__ = ["JpoProgressReader", "JpoXmlReader", "guess_japanese_encoding"]

_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SHIFT_JIS_NAMES = {"shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932", "ms932"}
_UTF8_NAMES = {"utf-8", "utf8"}


def guess_japanese_encoding(data: bytes) -> str | None:
    """``"Shift_JIS"`` or ``"EUC-JP"`` when the bytes decode as one and read as Japanese.

    Both decoders accept much of the other's byte range, so each strict
    decoding is scored: kana and common kanji count for it, half-width katakana
    (what EUC-JP looks like through a Shift_JIS decoder) against it.
    """
    scores: dict[str, int] = {}
    for label, codec in (("Shift_JIS", "cp932"), ("EUC-JP", "euc_jp")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scores[label] = sum(_japanese_weight(ch) for ch in text)
    if not scores:
        return None
    label, score = max(scores.items(), key=lambda item: item[1])
    return label if score > 0 else None


def _japanese_weight(ch: str) -> int:
    code = ord(ch)
    if 0x3040 <= code <= 0x30FF or 0x4E00 <= code <= 0x9FFF or 0xFF01 <= code <= 0xFF5E:
        return 1
    if 0xFF61 <= code <= 0xFF9F:  # half-width katakana: rare in patent text
        return -2
    return 0


def _not_utf8(
    name: str, data: bytes, declared: str | None, exc: UnicodeDecodeError
) -> EncodingError:
    if declared:
        said = f"declares {declared}"
    else:
        said = "has no encoding declaration, so it must be UTF-8"
    guess = guess_japanese_encoding(data)
    looks = f"; the bytes look like {guess}" if guess else ""
    return EncodingError(
        name,
        f"the file {said} but is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
        f"{exc.start}){looks}. Fix the declaration or re-save the file as UTF-8",
    )


class JpoXmlReader:
    """Reads one JPO procedural XML document (amendment, opinion, notice) per file."""

    format = "jpo-xml"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for XML in the JPO ``jp:`` namespace or with a JPO DTD."""
        return head.lstrip().startswith(b"<") and (
            JPO_NAMESPACE.encode() in head or b"-//JPO//DTD" in head
        )

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """Yield the document's application as a Patent; raise for a faulty file."""
        data = source.read_bytes()
        root, warnings = _parse_xml(data, source.name)
        patent = document_to_patent(parse_document(root, name=source.name), source, fmt=self.format)
        if warnings:
            ref = patent.sources[0]
            ref = replace(ref, recovered=True, warnings=(*ref.warnings, *warnings))
            patent = replace(patent, sources=(ref,))
        yield patent


def _parse_xml(data: bytes, name: str) -> tuple[etree._Element, tuple[str, ...]]:
    """Parse with lxml after checking the declared encoding against the bytes."""
    match = _DECLARATION.match(data[:200])
    declared = match[1].decode("ascii") if match else None
    lowered = (declared or "utf-8").lower()
    if lowered in _UTF8_NAMES and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(name, data, declared, exc) from exc
    try:
        return parse_bytes(data, name), ()
    except EncodingError:
        if lowered not in _SHIFT_JIS_NAMES:
            raise
    # Shift_JIS declared but rejected: Windows-31J extensions, or not Shift_JIS at all.
    guess = guess_japanese_encoding(data)
    try:
        if guess == "EUC-JP":
            raise UnicodeDecodeError("cp932", data, 0, 1, "reads as EUC-JP")
        text = data.decode("cp932")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            name,
            f"the file declares {declared} but its bytes are not Shift_JIS"
            + (f"; they look like {guess}" if guess else ""),
        ) from exc
    assert match is not None  # a Shift_JIS name was declared
    utf8 = data[: match.start(1)] + b"UTF-8" + text.encode("utf-8")[match.end(1):]
    note = f"declared {declared} but uses Windows-31J (cp932) characters; read as cp932"
    return parse_bytes(utf8, name), (note,)


class JpoProgressReader:
    """Reads the JPO patent information API's progress record (``app_progress`` JSON)."""

    format = "jpo-json"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for a JSON object naming a JPO ``applicationNumber`` or API ``statusCode``."""
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if path.suffix.lower() in {".jsonl", ".ndjson"}:
            return False
        return text.startswith(b"{") and (
            b'"applicationNumber"' in head or b'"statusCode"' in head
        )

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """Yield the record's Patent; raise a SourceError if it is not a progress record."""
        data = source.read_bytes()
        if not data.strip():
            raise EmptyFileError(source.name, "the file is empty")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _not_utf8(source.name, data, "JSON (UTF-8)", exc) from exc
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedDocumentError(
                source.name, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from exc
        record = parse_progress(payload, name=source.name)
        yield progress_to_patent(record, source, fmt=self.format)
