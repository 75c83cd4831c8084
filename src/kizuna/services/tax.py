"""Withholding-tax use case: the rate for a licensor country and the forms needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kizuna.adapters.royalty_data import data_version, treaty_table
from kizuna.domain.tax import TreatyRate, WithholdingRule, withholding_rule
from kizuna.services.royalty import DISCLAIMER

__all__ = ["WithholdingReport", "withholding"]


@dataclass(frozen=True, kw_only=True)
class WithholdingReport:
    rule: WithholdingRule
    treaty: TreatyRate | None
    data_version: str
    disclaimer: str = DISCLAIMER


def withholding(
    *,
    country: str,
    payment_date: date,
    allow_domestic: bool = False,
    form3_filed: bool = True,
) -> WithholdingReport:
    """Rate, basis, forms and statements for a royalty paid from Japan to ``country``."""
    table = treaty_table()
    rule = withholding_rule(
        country, payment_date, table, allow_domestic=allow_domestic, form3_filed=form3_filed
    )
    return WithholdingReport(rule=rule, treaty=table.get(country), data_version=data_version())
