"""One PDF per founder (distribution statement) and per member (royalty statement), ja or en.

A member's statement shows only that member's own invoice (reports of other members
are competitively sensitive and never shown to another member, as the JFTC checklist's
information firewall asks); a founder's statement shows the pool totals, the founder's
patents and weights, and the amount, not other members' sales.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kizuna.adapters.exports.money import format_western
from kizuna.adapters.exports.pdf import html_to_pdf
from kizuna.domain.japanese import format_date_en, format_wareki
from kizuna.domain.money import Money, format_japanese
from kizuna.services.pools.run import PeriodResult

__all__ = ["write_statements"]


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("kizuna.adapters.exports.pools", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")[:60] or "party"


def write_statements(result: PeriodResult, folder: Path, lang: str = "ja") -> list[Path]:
    """Write every founder's and member's statement for the period; return the paths."""
    d = result.distribution
    currency = d.currency

    def money(value: Decimal) -> str:
        m = Money(amount=Decimal(value), currency=currency)
        if currency == "JPY" and lang == "ja":
            return f"{format_japanese(m)}（{format_western(m, 'ja_JP')}）"
        return format_western(m)

    end = d.period.end
    base: dict[str, Any] = {
        "lang": lang,
        "d": d,
        "pool": result.pool,
        "money": money,
        "period_end": format_wareki(end) if lang == "ja" else format_date_en(end),
    }
    template = _env().get_template("statement.html.j2")
    paths = []
    for payout in d.payouts:
        patents = [p for p in d.patents if p.founder == payout.founder]
        html = template.render(
            **base,
            kind="founder",
            party=payout.founder,
            payout=payout,
            patents=patents,
            invoice=None,
        )
        path = folder / f"statement-{d.period.label}-founder-{_safe(payout.founder)}-{lang}.pdf"
        paths.append(html_to_pdf(html, path))
    for invoice in d.invoices:
        html = template.render(
            **base, kind="member", party=invoice.member, payout=None, patents=[], invoice=invoice
        )
        path = folder / f"statement-{d.period.label}-member-{_safe(invoice.member)}-{lang}.pdf"
        paths.append(html_to_pdf(html, path))
    return paths
