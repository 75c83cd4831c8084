"""A pool period's statements as one XLSX workbook (opens in Excel/LibreOffice).

Sheets: 配分 Distribution (per founder), 請求 Invoices (per member), 特許 Patents
(weights and why a patent counted or not), 注記 Notes. Amounts are numbers with
the currency format, so the sheet can be totalled; ja/en headers side by side.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs or py.typed

from kizuna.domain.money import minor_unit
from kizuna.services.pools.run import PeriodResult

__all__ = ["statement_xlsx_bytes"]

DISCLAIMER = (
    "Estimate for the pool administrator's review, not an invoice or legal advice. "
    "本書は管理者の確認用の試算であり、請求書・法的助言ではありません。"
)


def _money_format(book: Any, currency: str) -> Any:
    digits = minor_unit(currency)
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return book.add_format({"num_format": f'{pattern} "{currency}"'})


def _sheet(
    book: Any, name: str, headers: list[str], rows: list[list[Any]], formats: dict[int, Any]
) -> None:
    sheet = book.add_worksheet(name)
    bold = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEEEEE"}
    )
    for col, title in enumerate(headers):
        sheet.write(0, col, title, bold)
        sheet.set_column(col, col, 22 if col else 30)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value, formats.get(c))
    sheet.freeze_panes(1, 0)
    sheet.write(len(rows) + 2, 0, DISCLAIMER)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def statement_xlsx_bytes(result: PeriodResult) -> bytes:
    """The workbook's bytes for ``result``."""
    d = result.distribution
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    money = _money_format(book, d.currency)
    _sheet(
        book,
        "配分 Distribution",
        ["創設者 Founder", "重み Weight", f"配分額 Amount ({d.currency})"],
        [[p.founder, float(p.weight), float(p.amount)] for p in d.payouts]
        + [
            ["回収額 Collected", "", float(d.collected)],
            ["管理手数料 Fee", "", float(d.fee)],
            ["未配分 Remainder", "", float(d.remainder)],
        ],
        {2: money},
    )
    _sheet(
        book,
        "請求 Invoices",
        [
            "会員 Member",
            "区分 Tier",
            "数量 Units",
            f"純売上 Net sales ({d.currency})",
            f"請求額 Amount ({d.currency})",
            "計算 Working",
        ],
        [
            [
                i.member,
                i.tier,
                float(i.units),
                float(i.net_sales),
                float(i.amount),
                "; ".join(i.steps),
            ]
            for i in d.invoices
        ],
        {3: money, 4: money},
    )
    _sheet(
        book,
        "特許 Patents",
        [
            "特許 Patent",
            "創設者 Founder",
            "国 Country",
            "対象日数 Days",
            "必須 Essential",
            "国別重み Country weight",
            "重み Weight",
            "注記 Note",
        ],
        [
            [
                p.patent,
                p.founder,
                p.country,
                p.active_days,
                "yes" if p.essential else "no",
                float(p.country_weight),
                float(p.weight),
                p.note,
            ]
            for p in d.patents
        ],
        {},
    )
    _sheet(book, "注記 Notes", ["注記 Notes"], [[n] for n in result.notes], {})
    book.close()
    return buffer.getvalue()
