"""Deal use case: model a deal TOML file (cash flows, withholding, NPV, FX).

>>> report = model_deal_file(path=Path("examples/deal-pilot.toml"))  # doctest: +SKIP
>>> report.model.totals["npv"]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kizuna.adapters.royalty_data import data_version, fx_table, treaty_table
from kizuna.domain.deals import DealModel, model_deal
from kizuna.domain.money import FxTable
from kizuna.errors import InvalidValueError
from kizuna.services.deal_file import DealFile, read_deal, read_deal_text
from kizuna.services.royalty import DISCLAIMER

__all__ = ["DealReport", "model_deal_file", "model_deal_text"]


@dataclass(frozen=True, kw_only=True)
class DealReport:
    model: DealModel
    file: str
    data_version: str
    disclaimer: str = DISCLAIMER


def model_deal_file(*, path: Path) -> DealReport:
    """Read ``path`` and model the deal with the shipped treaty and FX tables.

    FX rates given in the file's ``[[fx]]`` tables are used beside the shipped
    ECB rates (a rate of the same pair and a later date wins).
    """
    return _model(read_deal(path), path)


def model_deal_text(*, text: str, name: str = "deal.toml") -> DealReport:
    """Model the deal TOML ``text`` (the web's request body) as :func:`model_deal_file` does.

    ``name`` stands for the file name in errors and in the report.
    """
    path = Path(name)
    return _model(read_deal_text(text, path=path), path)


def _model(parsed: DealFile, path: Path) -> DealReport:
    shipped = fx_table()
    fx = FxTable([*shipped.rates, *parsed.fx_rates]) if parsed.fx_rates else shipped
    try:
        model = model_deal(parsed.deal, fx=fx, treaties=treaty_table())
    except InvalidValueError as exc:
        raise InvalidValueError(f"{path.name}: {exc}") from exc
    return DealReport(model=model, file=path.name, data_version=data_version())
