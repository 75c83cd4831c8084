"""Write a :class:`~.model.Document` as DOCX with python-docx, Japanese fonts set.

Word picks the font for kanji and kana from the ``w:eastAsia`` attribute of
``w:rFonts``, not from the Latin font name python-docx sets, so every style
and run used here gets ``w:eastAsia="Noto Sans CJK JP"`` (the font the PDFs
use, installed by ``fonts-noto-cjk``). The font table names ``Yu Mincho``
(游明朝, shipped with Windows and macOS Office) as its ``w:altName``, so Word
on a machine without Noto substitutes a Japanese font rather than a Latin one.
The file is written atomically.

    >>> write_docx(document, Path("letter.docx"))  # doctest: +SKIP
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx as python_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from kizuna.adapters.exports.documents.model import Document, Heading, Paragraph, Table
from kizuna.adapters.exports.pdf import write_atomic

__all__ = ["EAST_ASIA_FONT", "FALLBACK_FONT", "LATIN_FONT", "build_docx", "write_docx"]

EAST_ASIA_FONT = "Noto Sans CJK JP"
FALLBACK_FONT = "Yu Mincho"
LATIN_FONT = "Noto Sans CJK JP"

_ALIGN = {
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "subject": WD_ALIGN_PARAGRAPH.CENTER,
}
_SIZE = {"note": 8.5, "small": 8, "mono": 7.5}


def set_east_asia(element: Any, font: str = EAST_ASIA_FONT) -> None:
    """Set ``w:rFonts`` (ascii, hAnsi, eastAsia) on a run or style's ``w:rPr``."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _font_table(docx: Any) -> None:
    """Declare the CJK font with its fallback in word/fontTable.xml."""
    for part in docx.part.package.iter_parts():
        if str(part.partname).endswith("/fontTable.xml"):
            entry = (
                f'<w:font w:name="{EAST_ASIA_FONT}"><w:altName w:val="{FALLBACK_FONT}"/>'
                '<w:charset w:val="80"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>'
                "</w:font></w:fonts>"
            ).encode()
            # python-docx keeps this part as plain bytes; there is no XML API for it.
            part._blob = part.blob.replace(b"</w:fonts>", entry)


def _styles(docx: Any) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        style = docx.styles[name]
        style.font.name = LATIN_FONT
        set_east_asia(style.element)
    docx.styles["Normal"].font.size = Pt(10)
    for section in docx.sections:
        section.left_margin = section.right_margin = Pt(54)
        section.top_margin = section.bottom_margin = Pt(54)


def _paragraph(docx: Any, block: Paragraph) -> None:
    lines = block.text.split("\n")
    paragraph = docx.add_paragraph()
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_east_asia(run._element)
        if number < len(lines) - 1:
            run.add_break()
        if block.style in _SIZE:
            run.font.size = Pt(_SIZE[block.style])
        if block.style == "subject":
            run.bold = True
    if block.style in _ALIGN:
        paragraph.alignment = _ALIGN[block.style]
    if block.style == "indent":
        paragraph.paragraph_format.left_indent = Pt(14)


def _table(docx: Any, block: Table) -> None:
    table = docx.add_table(rows=1, cols=len(block.headers))
    table.style = docx.styles["Table Grid"]
    size = 7.5 if block.style == "small" else 9
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        cell.text = ""
        _cell_text(cell, header, size=size, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _cell_text(cell, value, size=6.5 if len(value) == 64 else size)
    docx.add_paragraph()


def _cell_text(cell: Any, text: str, *, size: float, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_east_asia(run._element)
        run.font.size = Pt(size)
        run.bold = bold or None
        if number < len(lines) - 1:
            run.add_break()


def _heading(docx: Any, text: str, level: int) -> None:
    heading = docx.add_heading(text, level=level)
    for run in heading.runs:
        set_east_asia(run._element)


def build_docx(document: Document) -> bytes:
    """The DOCX bytes of ``document``: draft notice, title, then its blocks in order."""
    docx = python_docx.Document()
    _styles(docx)
    _font_table(docx)
    docx.core_properties.title = document.title
    docx.core_properties.comments = " ".join(document.notices)
    for notice in document.notices:
        paragraph = docx.add_paragraph()
        run = paragraph.add_run(notice)
        set_east_asia(run._element)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x77, 0x00, 0x00)
    if document.kind != "letter":
        _heading(docx, document.title, 1)
        if document.subtitle:
            _paragraph(docx, Paragraph(text=document.subtitle, lang=document.html_lang))
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(docx, block.text, min(max(block.level, 1), 3))
        elif isinstance(block, Table):
            _table(docx, block)
        else:
            _paragraph(docx, block)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def write_docx(document: Document, path: Path) -> Path:
    """Write ``document`` as DOCX to ``path`` (atomic); returns ``path``."""
    return write_atomic(path, build_docx(document))
