"""Decode the bytes of a text or HTML evidence file, strictly.

Order of tries (the first that decodes every byte wins):

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE;
2. UTF-16 without a mark, when every other byte is NUL (ASCII text in UTF-16);
3. the charset an HTML page declares (``<meta charset>``), when given;
4. UTF-8;
5. Shift_JIS (as Windows code page 932, a superset), EUC-JP and UTF-16
   without a mark (LE, BE): of those that decode, the text that looks most
   like Japanese or English wins (the share of characters in the usual
   scripts, plus the share of kana; half-width katakana, which is what EUC-JP
   bytes read as Shift_JIS look like, count against).

Nothing is ever replaced or ignored: bytes that none of these decode raise
:class:`~kizuna.errors.EncodingError` naming the file. Text with control
characters (other than tab, newline, carriage return, form feed) is refused as
binary.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kizuna.adapters.sources.evidence.limits import EvidenceLimits, LimitExceededError
from kizuna.errors import EncodingError

__all__ = ["declared_charset", "decode_limited", "decode_text"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
#: Below this plausibility (share of usual characters, see _plausibility) a decoding is refused.
MIN_PLAUSIBILITY = 0.9
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_KANA = re.compile(r"[\u3041-\u30ff]")
_HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_FALLBACKS = ("cp932", "euc_jp", "utf-16-le", "utf-16-be")
_USUAL = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2010-\u2044\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]"
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB, normalised; None when none."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages labelled Shift_JIS are nearly always Windows-31J (cp932) in practice.
    return "cp932" if codec == "shift_jis" else codec


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > half * 0.4 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls == 0:
        return "utf-16-be"
    return None


def _plausibility(text: str) -> float:
    """Higher for text in the usual scripts with kana; half-width katakana count against."""
    if not text:
        return 0.0
    usual = len(_USUAL.findall(text)) - 2 * len(_HALF_WIDTH_KANA.findall(text))
    return (usual + len(_KANA.findall(text))) / len(text)


def _checked(path: Path | str, text: str, encoding: str) -> str:
    if _CONTROL.search(text):
        raise EncodingError(
            path, f"binary content (control characters) after decoding as {encoding}"
        )
    return text


def decode_text(data: bytes, path: Path | str, *, html: bool = False) -> str:
    """The text of ``data``; EncodingError naming ``path`` when no encoding above fits.

    >>> decode_text("製品".encode("cp932"), "a.txt")
    '製品'
    """
    marked = _bom(data)
    if marked is not None:
        encoding, skip = marked
        marked_text = _strict(data[skip:], encoding)
        if marked_text is None:
            raise EncodingError(path, f"not valid {encoding} despite its byte-order mark")
        return _checked(path, marked_text, encoding)
    tries = [_utf16_without_bom(data), declared_charset(data) if html else None, "utf-8"]
    for candidate in tries:
        if candidate and (first := _strict(data, candidate)) is not None:
            return _checked(path, first, candidate)
    decoded: list[tuple[str, str]] = [
        (enc, text)
        for enc in _FALLBACKS
        if (text := _strict(data, enc)) is not None and not _CONTROL.search(text)
    ]
    best = max(decoded, key=lambda item: _plausibility(item[1]), default=None)
    if best is None or _plausibility(best[1]) < MIN_PLAUSIBILITY:
        raise EncodingError(
            path, "cannot decode the text as UTF-8, UTF-16, Shift_JIS or EUC-JP; save it as UTF-8"
        )
    return best[1]


def decode_limited(data: bytes, path: Path, limits: EvidenceLimits, *, html: bool = False) -> str:
    """Decoded text of ``data``; LimitExceededError past ``limits.max_chars`` characters."""
    text = decode_text(data, path, html=html)
    if len(text) > limits.max_chars:
        raise LimitExceededError(
            f"{len(text):,} characters of text, over the limit of {limits.max_chars:,} "
            "(KIZUNA_EVIDENCE_MAX_CHARS)"
        )
    return text
