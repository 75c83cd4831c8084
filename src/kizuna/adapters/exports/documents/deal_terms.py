"""A deal's components as proposal lines, in Japanese (万/億 yen) and English (babel).

>>> describe_deal(read_deal(Path("examples/deal-pilot.toml")).deal)  # doctest: +SKIP
(('試行ライセンス「…」：…'), ('Pilot licence "…": …'))
"""

from __future__ import annotations

from kizuna.adapters.exports.money import format_western
from kizuna.domain.deals import Component, CrossLicence, Deal, LumpSum, Milestone, Pilot
from kizuna.domain.deals import RunningRoyalty as Running
from kizuna.domain.japanese import format_wareki
from kizuna.domain.money import Money, format_japanese, format_percent

__all__ = ["describe_component", "describe_deal"]


def _ja(money: Money) -> str:
    """Japanese 万/億 notation with the Western figure beside it: 500万円（¥5,000,000）."""
    return f"{format_japanese(money)}（{format_western(money)}）"


_BASE = {
    "japan": ("日本国内売上", "Japan revenue"),
    "worldwide": ("全世界売上", "worldwide revenue"),
}


def _running(c: Running) -> tuple[str, str]:
    base_ja, base_en = _BASE.get(c.base, (c.base, c.base))
    years = f"{c.revenue[0][0]}–{c.revenue[-1][0]}" if c.revenue else ""
    ja = f"ランニング・ロイヤルティ「{c.name}」：{base_ja}の{format_percent(c.rate)}（{years}年）"
    en = f'Running royalty "{c.name}": {format_percent(c.rate)} of {base_en} ({years})'
    if c.cap_per_year is not None:
        ja += f"、年間上限 {_ja(c.cap_per_year)}"
        en += f", yearly cap {format_western(c.cap_per_year)}"
    if c.minimum_per_year is not None:
        ja += f"、年間最低額 {_ja(c.minimum_per_year)}"
        en += f", yearly minimum {format_western(c.minimum_per_year)}"
    return ja, en


def describe_component(component: Component) -> tuple[str, str]:
    """One component as a Japanese and an English proposal line."""
    if isinstance(component, Running):
        return _running(component)
    if isinstance(component, LumpSum):
        return (
            f"一時金「{component.name}」：{_ja(component.amount)}"
            f"（{format_wareki(component.on)}）",
            f'Lump sum "{component.name}": {format_western(component.amount)} on '
            f"{component.on.isoformat()}",
        )
    if isinstance(component, Milestone):
        return (
            f"マイルストーン「{component.name}」：{_ja(component.amount)}",
            f'Milestone "{component.name}": {format_western(component.amount)}',
        )
    if isinstance(component, CrossLicence):
        return (
            f"クロスライセンス「{component.name}」（双方の特許価値の差額を調整）",
            f'Cross-licence "{component.name}" (balancing payment for the difference in value)',
        )
    if isinstance(component, Pilot):
        return (
            f"試行ライセンス「{component.name}」：{format_wareki(component.start)}〜"
            f"{format_wareki(component.end)}、料金 {_ja(component.fee)}"
            "（その後、本ライセンスへの移行を協議）",
            f'Pilot licence "{component.name}": {component.start.isoformat()} to '
            f"{component.end.isoformat()}, fee {format_western(component.fee)} "
            "(then a full licence to be discussed)",
        )
    name = getattr(component, "name", type(component).__name__)
    return str(name), str(name)


def describe_deal(deal: Deal) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every component of ``deal`` as Japanese lines and English lines."""
    pairs = [describe_component(c) for c in deal.components]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
