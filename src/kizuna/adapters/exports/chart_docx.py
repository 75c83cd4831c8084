"""A claim chart as a DOCX attachment to a licensing letter (python-docx).

The layout of a claim chart as licensing practice sends it: a heading, the
header block (patent, claim, product, coverage, verdict, the disclaimer), then
a three-column table, *claim element | evidence of use with citations |
assessment* (label, score, reviewer notes), its header row repeated on every
page. Pages are A4 landscape. Japanese renders in Word because every style
used names an East Asian font through ``w:eastAsia`` (python-docx's ``font.name``
sets only the Latin fonts).
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kizuna.adapters.exports.chart_common import (
    ChartWords,
    evidence_lines,
    header_block,
    visible,
    words_for,
)
from kizuna.domain.evidence import ClaimChart, ElementMatch

__all__ = ["EAST_ASIAN_FONT", "LATIN_FONT", "chart_docx_bytes"]

#: Japanese text: MS Mincho ships with every Japanese Windows and Office install.
EAST_ASIAN_FONT = "MS Mincho"
LATIN_FONT = "Times New Roman"
_STYLES = ("Normal", "Title", "Heading 1", "Table Grid")
_COLUMNS_CM = (7.5, 14.0, 4.5)


def _set_fonts(style: Any) -> None:
    style.font.name = LATIN_FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _landscape(document: Any, words: ChartWords) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    section.footer.paragraphs[0].text = words.disclaimer


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _element_cell(cell: Any, element: ElementMatch, words: ChartWords) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.add_run(f"{element.element_id}  ").bold = True
    paragraph.add_run(element.text)
    if element.text != element.original_text:
        note = cell.add_paragraph().add_run(f"{words.claim_wording}{element.original_text}")
        note.italic = True
        note.font.size = Pt(8)


def _evidence_cell(cell: Any, element: ElementMatch, lang: str) -> None:
    matches = visible(element)
    if not matches:
        cell.paragraphs[0].add_run(words_for(lang).no_evidence).italic = True
    for number, match in enumerate(matches):
        quote, cite = evidence_lines(match, lang)
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.add_run(quote)
        citation = cell.add_paragraph().add_run(cite)
        citation.font.size = Pt(8)


def _assessment_cell(cell: Any, element: ElementMatch, words: ChartWords) -> None:
    cell.paragraphs[0].add_run(words.labels[element.label]).bold = True
    cell.add_paragraph(words.score.format(score=f"{element.score:.2f}"))
    for note in element.notes:
        cell.add_paragraph(words.note.format(note=note)).runs[0].font.size = Pt(8)


def chart_docx_bytes(chart: ClaimChart, lang: str = "en") -> bytes:
    """The DOCX bytes for ``chart`` (reviewed state; rejected passages left out), its own
    words in ``lang`` (``en`` or ``ja``)."""
    words = words_for(lang)
    document = Document()
    for name in _STYLES:
        _set_fonts(document.styles[name])
    document.styles["Normal"].font.size = Pt(9.5)
    _landscape(document, words)
    document.add_heading(words.heading.format(patent=chart.patent, claim=chart.claim), level=1)
    for key, value in header_block(chart, lang=lang):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{key}{words.colon}").bold = True
        paragraph.add_run(value)
        paragraph.paragraph_format.space_after = Pt(0)
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    for cell, heading in zip(table.rows[0].cells, words.columns, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(table.rows[0])
    for element in chart.elements:
        cells = table.add_row().cells
        _element_cell(cells[0], element, words)
        _evidence_cell(cells[1], element, lang)
        _assessment_cell(cells[2], element, words)
    for row in table.rows:
        for cell, width in zip(row.cells, _COLUMNS_CM, strict=True):
            cell.width = Cm(width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
