"""Any list as a file: CSV that Excel opens in UTF-8, or an XLSX workbook.

CSV is UTF-8 with a byte-order mark and CRLF line ends, because Excel on a
Japanese Windows reads a CSV without a BOM as Shift_JIS and garbles every
kanji. Cells that start with ``=``, ``+``, ``-``, ``@`` (and tab or CR) get a
leading apostrophe so a spreadsheet never runs them as formulas (OWASP, "CSV
Injection"). The XLSX has a bold frozen header row, an autofilter, and the
disclaimer in the footer when one is given.

    >>> table_csv(["number", "title"], [{"number": "JP7533889B2", "title": "立体"}])[:3]
    b'\\xef\\xbb\\xbf'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs or py.typed

__all__ = ["TABLE_FORMATS", "table_bytes", "table_csv", "table_xlsx"]

TABLE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_CELL = 32_000  # Excel holds 32,767 characters per cell


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = " / ".join(str(v) for v in value)
    if isinstance(value, str):
        value = value[:_MAX_CELL]
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def table_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    """``rows`` as CSV (UTF-8 with BOM, CRLF), one column per key in ``columns``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(columns: Sequence[str], rows: Sequence[Mapping[str, Any]], *,
               sheet: str = "list", footer: str = "") -> bytes:
    """``rows`` as an XLSX workbook of one sheet with a frozen, filterable header."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    page = book.add_worksheet(sheet[:31])
    head = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
    page.write_row(0, 0, list(columns), head)
    for index, row in enumerate(rows, start=1):
        page.write_row(index, 0, [_cell(row.get(column)) for column in columns])
    page.freeze_panes(1, 0)
    page.autofilter(0, 0, max(len(rows), 1), max(len(columns) - 1, 0))
    page.set_column(0, max(len(columns) - 1, 0), 18)
    if footer:
        page.set_footer("&L" + footer.replace("&", "&&")[:200])
    book.close()
    return out.getvalue()


def table_bytes(fmt: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], *,
                sheet: str = "list", footer: str = "") -> bytes:
    """``rows`` in ``fmt`` (``csv`` or ``xlsx``)."""
    if fmt == "csv":
        return table_csv(columns, rows)
    return table_xlsx(columns, rows, sheet=sheet, footer=footer)
