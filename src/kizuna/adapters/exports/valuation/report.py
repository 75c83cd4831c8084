"""Render a :class:`~kizuna.services.valuation.run.Valuation` as a report (PDF or DOCX).

The sections follow the JPO's IP business evaluation report (知財ビジネス評価書,
used by financial institutions in IP-based lending): business overview, the IP
and its scope, market and competition, how the IP supports the business,
risks, and the valuation summary; then every input with its source, and the
statement that this is an estimate, not an appraisal.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kizuna.adapters.exports.money import format_western
from kizuna.adapters.exports.pdf import html_to_pdf, write_atomic
from kizuna.domain.japanese import format_date_en, format_date_ja, format_wareki
from kizuna.domain.money import Money, format_japanese
from kizuna.services.valuation.run import DISCLAIMER, Valuation
from kizuna.services.valuation.value_file import REPORT_TITLES

__all__ = ["render_html", "write_docx", "write_pdf"]

LANGUAGES = ("ja", "en")


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("kizuna.adapters.exports.valuation", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _money(currency: str, lang: str):  # type: ignore[no-untyped-def]
    def show(value: Decimal) -> str:
        money = Money(amount=Decimal(value), currency=currency)
        if currency == "JPY" and lang == "ja":
            return f"{format_japanese(money)}（{format_western(money, 'ja_JP')}）"
        return format_western(money)

    return show


def _short(currency: str, lang: str):  # type: ignore[no-untyped-def]
    def show(value: Decimal) -> str:
        money = Money(amount=Decimal(value), currency=currency)
        if currency == "JPY" and lang == "ja":
            return format_japanese(money)
        return format_western(money)

    return show


def _context(v: Valuation, lang: str) -> dict[str, Any]:
    i = v.case.inputs
    day = i.valuation_date
    return {
        "v": v,
        "i": i,
        "lang": lang,
        "money": _money(i.currency, lang),
        "short": _short(i.currency, lang),
        "pct": lambda d: f"{Decimal(d) * 100:.2f}%",
        "date": (
            f"{format_wareki(day)}（{format_date_ja(day)}）"
            if lang == "ja"
            else format_date_en(day)
        ),
        "sections": [
            (REPORT_TITLES[key][0 if lang == "ja" else 1], v.case.report.get(key, ""))
            for key in REPORT_TITLES
        ],
        "disclaimer": DISCLAIMER,
    }


def render_html(v: Valuation, lang: str = "ja") -> str:
    """The report as one HTML document in ``lang`` (``ja`` or ``en``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: ja or en")
    return _env().get_template("valuation.html.j2").render(**_context(v, lang))


def write_pdf(v: Valuation, path: Path, lang: str = "ja") -> Path:
    """The report as PDF (Noto CJK), written atomically."""
    return html_to_pdf(render_html(v, lang), path)


def write_docx(v: Valuation, path: Path, lang: str = "ja") -> Path:
    """The report as DOCX (Word), East Asian font set for Japanese, written atomically."""
    from docx import Document
    from docx.oxml.ns import qn

    ctx = _context(v, lang)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK JP"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK JP")
    ja = lang == "ja"
    doc.add_heading("知財ビジネス評価書（推計）" if ja else "IP business evaluation (estimate)", 0)
    doc.add_paragraph(f"{v.case.name} — {v.case.patent} — {ctx['date']}")
    doc.add_paragraph(DISCLAIMER)
    for title, text in ctx["sections"]:
        doc.add_heading(title, 1)
        doc.add_paragraph(text or ("（記載なし）" if ja else "(not stated)"))
    doc.add_heading("評価の概要" if ja else "Valuation summary", 1)
    lender = v.lender
    rows = [
        (
            "DCF（ロイヤルティ免除法）" if ja else "DCF (relief from royalty)",
            ctx["money"](lender.base),
        ),
        ("P10 – P90", f"{ctx['money'](lender.low)} – {ctx['money'](lender.high)}"),
        ("ヘアカット" if ja else "Haircut", ctx["pct"](lender.haircut)),
        ("掛目（LTV）" if ja else "Loan-to-value", ctx["pct"](lender.loan_to_value)),
        (
            "融資額の目安" if ja else "Suggested maximum loan",
            ctx["money"](lender.suggested_maximum),
        ),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    buffer = io.BytesIO()
    doc.save(buffer)
    return write_atomic(path, buffer.getvalue())
