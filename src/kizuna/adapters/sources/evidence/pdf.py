"""PDF evidence with pypdf: text by page, headings by font size, paragraphs by layout.

pypdf reports each piece of text with its font size and position. Pieces on
the same baseline form a line. A line set at least 15 % larger than the body
text (the size most characters use) and shorter than 120 characters is a
heading. A new paragraph starts after a heading, when the font size changes,
after a vertical gap well above the usual line spacing, or after a line that
ends well short of the page's full line width (the end of a paragraph or a
list item). Page numbers (``3``, ``3 / 12``, ``Page 3 of 12``) and lone bullet
glyphs are dropped. Each paragraph keeps its 1-based page.

A corrupt PDF, or an encrypted one that does not open with an empty
password, raises :class:`~kizuna.errors.MalformedDocumentError` naming the file.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kizuna.adapters.sources.evidence.limits import (
    DEFAULT_LIMITS,
    EvidenceLimits,
    LimitExceededError,
)
from kizuna.adapters.sources.evidence.passages import Block, normalise_space
from kizuna.errors import MalformedDocumentError

__all__ = ["read_pdf"]

HEADING_RATIO = 1.15
HEADING_MAX_CHARS = 120
SHORT_LINE = 0.75
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
_BULLET = re.compile(r"^[•●◦▪‣○■□◆◇\-–*]$")


@dataclass(kw_only=True)
class _Line:
    y: float
    size: float
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return normalise_space("".join(self.parts))


def _width(text: str) -> int:
    """Visual width: Japanese characters count double."""
    return sum(1 if ch.isascii() else 2 for ch in text)


def _page_lines(page: Any) -> list[_Line]:
    lines: list[_Line] = []

    def visit(text: str, _cm: Any, tm: Any, _font: Any, font_size: float) -> None:
        if not text.strip():
            return
        scale = abs(tm[3]) or abs(tm[0]) or 1.0
        size, y = round(font_size * scale, 1), round(float(tm[5]), 1)
        if (
            lines
            and abs(lines[-1].y - y) < 0.5
            and lines[-1].parts
            and not lines[-1].parts[-1].endswith("\n")
        ):
            lines[-1].parts.append(text)
            lines[-1].size = max(lines[-1].size, size)
        else:
            lines.append(_Line(y=y, size=size, parts=[text]))

    page.extract_text(visitor_text=visit)
    return [
        line
        for line in lines
        if line.text and not _PAGE_NUMBER.match(line.text) and not _BULLET.match(line.text)
    ]


def _body_size(lines: list[_Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _paragraphs(lines: list[_Line], page_number: int, body: float) -> list[Block]:
    gaps = [abs(b.y - a.y) for a, b in itertools.pairwise(lines) if a.size == b.size]
    spacing = statistics.median(gaps) if gaps else 0.0
    full = max((_width(line.text) for line in lines if line.size == body), default=0)
    blocks: list[Block] = []
    current: list[str] = []
    previous: _Line | None = None

    def flush() -> None:
        if current:
            blocks.append(Block(text=" ".join(current), page=page_number))
            current.clear()

    for line in lines:
        text = line.text
        if body and line.size >= body * HEADING_RATIO and len(text) <= HEADING_MAX_CHARS:
            flush()
            blocks.append(Block(text=text, heading=True, page=page_number))
            previous = None
            continue
        if previous is not None and (
            line.size != previous.size
            or (spacing and abs(line.y - previous.y) > spacing * 1.4)
            or _width(previous.text) < full * SHORT_LINE
        ):
            flush()
        current.append(text)
        previous = line
    flush()
    return blocks


def _open(data: bytes, path: Path) -> Any:
    import pypdf

    # pypdf logs every repair of a damaged file ("EOF marker not found"); the error we
    # raise, or the text we read, is what the user needs.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise MalformedDocumentError(path, "the PDF is encrypted and needs a password")
        _ = len(reader.pages)
    except (DependencyError, FileNotDecryptedError) as exc:
        raise MalformedDocumentError(
            path, f"the PDF is encrypted and cannot be opened ({exc})"
        ) from exc
    except MalformedDocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise MalformedDocumentError(path, f"corrupt or unreadable PDF: {exc}") from exc
    return reader


def read_pdf(
    data: bytes, path: Path, limits: EvidenceLimits = DEFAULT_LIMITS
) -> tuple[str | None, list[Block]]:
    """Title (document info, else the first heading) and blocks of a PDF, page by page.

    The page count is checked against ``limits.max_pages`` before any page is
    read, and the text against ``limits.max_chars`` page by page.
    """
    from pypdf.errors import PdfReadError

    reader = _open(data, path)
    if len(reader.pages) > limits.max_pages:
        raise LimitExceededError(
            f"{len(reader.pages):,} pages, over the limit of {limits.max_pages:,} "
            "(KIZUNA_EVIDENCE_MAX_PAGES)"
        )
    pages: list[list[_Line]] = []
    chars = 0
    try:
        for page in reader.pages:
            pages.append(_page_lines(page))
            chars += sum(len(line.text) for line in pages[-1])
            if chars > limits.max_chars:
                raise LimitExceededError(
                    f"more than {limits.max_chars:,} characters of text (KIZUNA_EVIDENCE_MAX_CHARS)"
                )
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MalformedDocumentError(
            path, f"corrupt PDF: page {len(pages) + 1} cannot be read: {exc}"
        ) from exc
    body = _body_size([line for lines in pages for line in lines])
    blocks = [
        block
        for number, lines in enumerate(pages, start=1)
        for block in _paragraphs(lines, number, body)
    ]
    info_title = _info_title(reader)
    title = info_title or next((b.text for b in blocks if b.heading), None)
    return title, blocks


def _info_title(reader: Any) -> str | None:
    from pypdf.errors import PdfReadError

    try:
        metadata = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a broken info dictionary only loses the title
    title = getattr(metadata, "title", None) if metadata is not None else None
    return normalise_space(str(title)) if title else None
