"""DOCX evidence with python-docx: paragraphs and tables in reading order, headings by style.

A paragraph whose style is ``Title`` or ``Heading 1``…``Heading 9`` (or the
Japanese Word names ``見出し 1``…, ``表題``) is a heading; every other
non-empty paragraph is a paragraph; each table row is one paragraph with its
cells joined by `` | ``. The title is the document property, else the first
heading. A file that is not a readable DOCX raises
:class:`~kizuna.errors.MalformedDocumentError` naming the file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from kizuna.adapters.sources.evidence.limits import (
    DEFAULT_LIMITS,
    EvidenceLimits,
    LimitExceededError,
)
from kizuna.adapters.sources.evidence.passages import Block, normalise_space
from kizuna.errors import MalformedDocumentError

__all__ = ["read_docx"]

_HEADING_STYLES = ("heading", "title", "見出し", "表題")


def _is_heading(paragraph: Any) -> bool:
    style = paragraph.style
    name = (style.name if style is not None else "") or ""
    return name.casefold().startswith(_HEADING_STYLES)


def _body_items(document: Any) -> Iterator[Any]:
    """Paragraphs and tables of the body, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def _blocks(document: Any) -> list[Block]:
    from docx.table import Table

    blocks: list[Block] = []
    for item in _body_items(document):
        if isinstance(item, Table):
            for row in item.rows:
                cells = _unique_cells(row)
                text = " | ".join(c for c in cells if c)
                if text:
                    blocks.append(Block(text=text))
            continue
        text = normalise_space(item.text)
        if text:
            blocks.append(Block(text=text, heading=_is_heading(item)))
    return blocks


def _unique_cells(row: Any) -> list[str]:
    # Merged cells repeat in python-docx's row.cells; keep each cell once.
    seen: set[int] = set()
    texts: list[str] = []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(normalise_space(cell.text))
    return texts


def _check_expansion(data: bytes, limits: EvidenceLimits) -> None:
    """Refuse a zip that would expand past ``limits.max_bytes`` (a zip bomb) before unpacking."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        expanded = sum(info.file_size for info in archive.infolist())
    if expanded > limits.max_bytes:
        raise LimitExceededError(
            f"the DOCX expands to {expanded:,} bytes, over the limit of {limits.max_bytes:,} "
            "(KIZUNA_EVIDENCE_MAX_BYTES)"
        )


def read_docx(
    data: bytes, path: Path, limits: EvidenceLimits = DEFAULT_LIMITS
) -> tuple[str | None, list[Block]]:
    """Title and blocks of a DOCX file; its unpacked size is checked first."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        _check_expansion(data, limits)
        document = docx.Document(io.BytesIO(data))
    except (
        PackageNotFoundError, zipfile.BadZipFile, zlib.error, EOFError, etree.XMLSyntaxError,
        KeyError, ValueError,
    ) as exc:  # a damaged archive or part (found by tests/robustness/test_fuzz_inputs.py)
        raise MalformedDocumentError(path, f"not a readable DOCX file: {exc}") from exc
    blocks = _blocks(document)
    title = normalise_space(document.core_properties.title or "") or next(
        (b.text for b in blocks if b.heading), None
    )
    return title, blocks
