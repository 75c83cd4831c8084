"""Read an evidence file in chunks: hash it and choose its text encoding without holding it whole.

:class:`ByteSource` hands out the bytes of a file, an in-memory upload or a
spooled (seekable) upload in chunks of :data:`CHUNK_BYTES`, as many times as
needed. :func:`scan` is the first pass over them: the SHA-256, the size,
whether there is any text, and for text files the encoding, chosen exactly as
:func:`~kizuna.adapters.sources.evidence.decoding.decode_text` chooses it
(byte-order mark; UTF-16 without one; UTF-8; else the most plausible of
Shift_JIS, EUC-JP and UTF-16) but by incremental decoders, so memory stays one
chunk whatever the size. A file that is not UTF-8 costs one more pass per
candidate encoding. :func:`decoded_chunks` is the second pass: the text, chunk
by chunk, in the chosen encoding.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kizuna.adapters.sources.evidence.decoding import (
    _BOMS,
    _CONTROL,
    _FALLBACKS,
    _HALF_WIDTH_KANA,
    _KANA,
    _USUAL,
    MIN_PLAUSIBILITY,
)
from kizuna.errors import EncodingError

__all__ = ["CHUNK_BYTES", "ByteSource", "Scan", "decoded_chunks", "scan"]

#: Bytes read at a time: memory per pass is about this much (times four for decoded text).
CHUNK_BYTES = 1024 * 1024


class ByteSource:
    """The bytes of one input (a path, bytes, or a seekable binary file), readable many times.

    A binary file is read from its start each time and never closed here.
    """

    def __init__(self, data: Path | bytes | BinaryIO) -> None:
        self._data = data

    def chunks(self) -> Iterator[bytes]:
        """The bytes from the start, :data:`CHUNK_BYTES` at a time."""
        if isinstance(self._data, bytes):
            view = memoryview(self._data)
            for start in range(0, len(view), CHUNK_BYTES):
                yield bytes(view[start : start + CHUNK_BYTES])
            return
        if isinstance(self._data, Path):
            with self._data.open("rb") as stream:
                yield from _read_chunks(stream)
            return
        self._data.seek(0)
        yield from _read_chunks(self._data)

    def read_all(self) -> bytes:
        """Every byte at once, for formats that must be parsed whole (HTML, PDF, DOCX)."""
        if isinstance(self._data, bytes):
            return self._data
        if isinstance(self._data, Path):
            return self._data.read_bytes()
        self._data.seek(0)
        return self._data.read()


def _read_chunks(stream: BinaryIO | io.BufferedReader) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk


@dataclass(frozen=True, kw_only=True)
class Scan:
    """What the first pass found: hash, size, text present, and for text its decoding."""

    sha256: str
    size: int
    blank: bool  # no byte other than ASCII whitespace
    encoding: str | None = None  # None: not decoded (HTML, PDF, DOCX)
    skip: int = 0  # bytes of a byte-order mark before the text
    chars: int = 0  # characters of decoded text
    last_comment_close: int = -1  # character offset of the last "-->", -1 if none


class _Decoding:
    """One strict incremental decoding, with the counts that choosing an encoding needs."""

    def __init__(self, encoding: str, *, plausibility: bool = False) -> None:
        self.encoding = encoding
        self.ok = True
        self.control = False
        self.chars = 0
        self.last_close = -1
        self.usual = 0
        self.kana = 0
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._plausibility = plausibility
        self._tail = ""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if not self.ok:
            return
        try:
            text = self._decoder.decode(chunk, final)
        except UnicodeDecodeError:
            self.ok = False
            return
        if not self.control and _CONTROL.search(text):
            self.control = True
        if self._plausibility:
            self.usual += _USUAL.subn("", text)[1] - 2 * _HALF_WIDTH_KANA.subn("", text)[1]
            self.kana += _KANA.subn("", text)[1]
        self._track_close(text)
        self.chars += len(text)

    def _track_close(self, text: str) -> None:
        # The last "-->" (Markdown comments end there); one may straddle two chunks.
        found = text.rfind("-->")
        if found != -1:
            self.last_close = self.chars + found
        else:
            edge = (self._tail + text[:2]).find("-->")
            if edge != -1:
                self.last_close = self.chars - len(self._tail) + edge
        self._tail = (self._tail + text)[-2:] if len(text) < 2 else text[-2:]

    def plausibility(self) -> float:
        return (self.usual + self.kana) / self.chars if self.chars else 0.0


def _bom(first: bytes) -> tuple[str, int] | None:
    for mark, encoding in _BOMS:
        if first.startswith(mark):
            return encoding, len(mark)
    return None


def _pass(source: ByteSource, encoding: str, skip: int, *, plausibility: bool) -> _Decoding:
    decoding = _Decoding(encoding, plausibility=plausibility)
    for index, chunk in enumerate(source.chunks()):
        decoding.feed(chunk[skip:] if index == 0 else chunk)
        if not decoding.ok:
            return decoding
    decoding.feed(b"", final=True)
    return decoding


def scan(source: ByteSource, path: Path | str, *, decode: bool) -> Scan:
    """First pass over ``source``; with ``decode``, choose the encoding (EncodingError if none).

    >>> scan(ByteSource("製品".encode("cp932")), "a.txt", decode=True).encoding
    'cp932'
    """
    digest = hashlib.sha256()
    size = even_nuls = odd_nuls = 0
    blank = True
    first: _Decoding | None = None
    bom: tuple[str, int] | None = None
    for chunk in source.chunks():
        digest.update(chunk)
        if blank and not chunk.isspace():
            blank = False
        if decode:
            if first is None:  # the first chunk holds any byte-order mark
                bom = _bom(chunk)
                first = _Decoding(bom[0] if bom else "utf-8")
                first.feed(chunk[bom[1] :] if bom else chunk)
            else:
                first.feed(chunk)
            if chunk.count(0):  # chunks are even-sized, so positions keep their parity
                shift = size % 2
                even_nuls += chunk[shift::2].count(0)
                odd_nuls += chunk[1 - shift :: 2].count(0)
        size += len(chunk)
    base = Scan(sha256=digest.hexdigest(), size=size, blank=blank)
    if not decode or first is None:
        return base
    first.feed(b"", final=True)
    chosen = _choose(source, path, first, bom, (size, even_nuls, odd_nuls))
    return Scan(
        sha256=base.sha256,
        size=size,
        blank=blank,
        encoding=chosen.encoding,
        skip=bom[1] if bom else 0,
        chars=chosen.chars,
        last_comment_close=chosen.last_close,
    )


def _utf16_guess(size: int, even_nuls: int, odd_nuls: int) -> str | None:
    if size < 4 or size % 2:
        return None
    half = size // 2
    if odd_nuls > half * 0.4 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls == 0:
        return "utf-16-be"
    return None


def _checked(path: Path | str, decoding: _Decoding) -> _Decoding:
    if decoding.control:
        raise EncodingError(
            path, f"binary content (control characters) after decoding as {decoding.encoding}"
        )
    return decoding


def _choose(
    source: ByteSource,
    path: Path | str,
    first: _Decoding,
    bom: tuple[str, int] | None,
    nuls: tuple[int, int, int],
) -> _Decoding:
    if bom is not None:
        if not first.ok:
            raise EncodingError(path, f"not valid {bom[0]} despite its byte-order mark")
        return _checked(path, first)
    guess = _utf16_guess(*nuls)
    if guess is not None and (wide := _pass(source, guess, 0, plausibility=False)).ok:
        return _checked(path, wide)
    if first.ok:
        return _checked(path, first)
    tried = [_pass(source, encoding, 0, plausibility=True) for encoding in _FALLBACKS]
    decoded = [d for d in tried if d.ok and not d.control]
    best = max(decoded, key=lambda d: d.plausibility(), default=None)
    if best is None or best.plausibility() < MIN_PLAUSIBILITY:
        raise EncodingError(
            path, "cannot decode the text as UTF-8, UTF-16, Shift_JIS or EUC-JP; save it as UTF-8"
        )
    return best


def decoded_chunks(source: ByteSource, found: Scan) -> Iterator[str]:
    """The text of ``source`` chunk by chunk, in the encoding :func:`scan` chose."""
    assert found.encoding is not None, "scan(decode=True) chooses the encoding"
    decoder = codecs.getincrementaldecoder(found.encoding)(errors="strict")
    for index, chunk in enumerate(source.chunks()):
        if text := decoder.decode(chunk[found.skip :] if index == 0 else chunk):
            yield text
    if tail := decoder.decode(b"", True):
        yield tail
