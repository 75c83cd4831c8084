"""Companies: the licensees a programme approaches (pure data).

A :class:`Company` carries Japanese and Latin names, the 法人番号 (corporate
number, validated with :func:`kizuna.domain.ids.is_valid_corporate_number`),
its group (parent), JSIC industry codes, Japan revenue (dated, currency-tagged),
products/services, URLs and *exposure signals*: facts that bear on whether a
foreign service's acts are worked in Japan (Dwango v. FC2, Supreme Court,
2025-03-03; see docs/legal-facts.md section 4). Signal codes are the values of
:class:`Signal`; a company file may also carry free-text signals, kept as given.

Entity resolution (normalising names, ranking candidates) lives in
:mod:`kizuna.domain.company_names`; scoring lives in :mod:`kizuna.domain.landscape`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

__all__ = ["Company", "JapanRevenue", "Signal"]


class Signal(StrEnum):
    """Exposure signals recorded for a (foreign) service serving users in Japan."""

    JA_UI = "ja-ui"  # Japanese-language user interface
    JPY_PRICING = "jpy-pricing"  # prices in yen
    JP_TERMS = "jp-terms"  # Japanese terms of sale / 特定商取引法に基づく表記
    JP_DOMAIN = "jp-domain"  # .jp domain
    JP_APP_STORE = "jp-app-store"  # listed in a Japanese app store
    JP_SUBSIDIARY = "jp-subsidiary"  # a Japanese subsidiary or branch
    SERVERS_ABROAD = "servers-abroad"  # servers abroad deliver programs to terminals in Japan
    EFFECT_IN_JAPAN = "effect-in-japan"  # the invention's effect is realised in Japan


@dataclass(frozen=True, kw_only=True)
class JapanRevenue:
    """Revenue earned in Japan, as of a date, in a currency (ISO 4217)."""

    amount: Decimal
    currency: str
    as_of: date
    line: str | None = None  # line of business the figure covers, when known
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class Company:
    """A company (Japanese, or foreign and serving users in Japan).

    At least one of ``name_ja`` / ``name_en`` / ``name_kana`` is set.
    ``country`` is ISO 3166 alpha-2 (``"JP"`` for a Japanese company).
    ``parent`` is the parent's name or corporate number as given in the import;
    ``parent_id`` is the stored parent once resolved.
    ``former_names`` are searched by resolution like aliases but shown as such.
    """

    id: int | None = None
    name_ja: str | None = None
    name_en: str | None = None
    name_kana: str | None = None
    aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    corporate_number: str | None = None
    parent: str | None = None
    parent_id: int | None = None
    jsic: tuple[str, ...] = ()
    country: str = "JP"
    japan_revenue: JapanRevenue | None = None
    products: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    source: str | None = None  # file (and line) the record came from

    @property
    def display_name(self) -> str:
        """The name to show: Japanese first, then English, then kana."""
        return self.name_ja or self.name_en or self.name_kana or f"company {self.id}"

    @property
    def is_japanese(self) -> bool:
        """True for a company established in Japan (country ``JP``)."""
        return self.country == "JP"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the company is known by (for resolution), primary names first."""
        primary = (self.name_ja, self.name_en, self.name_kana)
        return tuple(n for n in primary if n) + self.aliases + self.former_names
