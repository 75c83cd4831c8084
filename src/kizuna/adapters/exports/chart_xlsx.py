"""A claim chart as an XLSX workbook (XlsxWriter), one row per element, ready to print.

Layout: a title and a header block (patent, claim, product, coverage, verdict,
chart id, the disclaimer), then the element table with the columns of
:data:`~kizuna.adapters.exports.chart_common.HEADERS`. Text wraps, the table
header is frozen and repeats on every printed page; pages are A4 landscape,
fitted to one page wide, with the disclaimer and page numbers in the footer.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs or py.typed

from kizuna.adapters.exports.chart_common import (
    ChartWords,
    evidence_lines,
    header_block,
    visible,
    words_for,
)
from kizuna.domain.evidence import ClaimChart

__all__ = ["TABLE_HEADER_ROW", "chart_xlsx_bytes"]

#: 0-based row of the element table's header (rows above: title and header block).
TABLE_HEADER_ROW = 9
_WIDTHS = (9, 45, 70, 8, 13, 32)
_LABEL_COLOURS = {"supported": "#C6EFCE", "partial": "#FFEB9C", "unsupported": "#FFC7CE"}
_QUOTE_CHARS = 600  # a quote longer than this is cut (Excel cells hold 32,767 characters)


def _formats(book: Any) -> dict[str, Any]:
    base = {"text_wrap": True, "valign": "top", "border": 1, "font_size": 10}
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "key": book.add_format({"bold": True, "valign": "top"}),
        "value": book.add_format({"text_wrap": True, "valign": "top"}),
        "head": book.add_format({**base, "bold": True, "bg_color": "#D9D9D9"}),
        "cell": book.add_format(base),
        "score": book.add_format({**base, "num_format": "0.00"}),
    }
    for label, colour in _LABEL_COLOURS.items():
        formats[label] = book.add_format({**base, "bg_color": colour, "bold": True})
    return formats


def _evidence_text(chart: ClaimChart, index: int, lang: str) -> str:
    element = chart.elements[index]
    parts = []
    for match in visible(element):
        quote, cite = evidence_lines(match, lang)
        if len(quote) > _QUOTE_CHARS:
            quote = quote[: _QUOTE_CHARS - 2] + "…" + quote[-1]
        parts.append(f"{quote}\n{cite}")
    return "\n\n".join(parts) if parts else words_for(lang).no_evidence


def _page_setup(sheet: Any, chart: ClaimChart, words: ChartWords) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.repeat_rows(TABLE_HEADER_ROW)
    header = words.page_header.format(patent=chart.patent, claim=chart.claim,
                                      product=chart.product)
    sheet.set_header(f"&L{header}"[:250])
    sheet.set_footer(words.footer)


def chart_xlsx_bytes(chart: ClaimChart, lang: str = "en") -> bytes:
    """The workbook bytes for ``chart`` (reviewed state; rejected passages left out), its
    own words in ``lang`` (``en`` or ``ja``)."""
    words = words_for(lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = _formats(book)
    sheet = book.add_worksheet(words.sheet.format(claim=chart.claim))
    for column, width in enumerate(_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.write(0, 0, words.title.format(patent=chart.patent, claim=chart.claim,
                                         product=chart.product), fmt["title"])
    for offset, (key, value) in enumerate(header_block(chart, lang=lang), start=1):
        sheet.write(offset, 0, key, fmt["key"])
        sheet.merge_range(offset, 1, offset, len(words.headers) - 1, value, fmt["value"])
    sheet.set_row(7, 30)  # the disclaimer wraps onto two lines
    for column, heading in enumerate(words.headers):
        sheet.write(TABLE_HEADER_ROW, column, heading, fmt["head"])
    for index, element in enumerate(chart.elements):
        row = TABLE_HEADER_ROW + 1 + index
        sheet.write(row, 0, element.element_id, fmt["cell"])
        text = element.text
        if element.text != element.original_text:
            text += "\n" + words.wording_bracket.format(text=element.original_text)
        sheet.write(row, 1, text, fmt["cell"])
        sheet.write(row, 2, _evidence_text(chart, index, lang), fmt["cell"])
        sheet.write_number(row, 3, element.score, fmt["score"])
        sheet.write(row, 4, words.labels[element.label], fmt[element.label])
        sheet.write(row, 5, "\n".join(element.notes), fmt["cell"])
    sheet.freeze_panes(TABLE_HEADER_ROW + 1, 0)
    _page_setup(sheet, chart, words)
    book.close()
    return buffer.getvalue()
