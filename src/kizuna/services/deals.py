"""Deal use case: model a deal TOML file (cash flows, withholding, NPV, FX).

>>> report = model_deal_file(path=Path("examples/deal-pilot.toml"))  # doctest: +SKIP
>>> report.model.totals["npv"]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kizuna.adapters.royalty_data import data_version, fx_table, treaty_table
from kizuna.domain.deals import Component, DealModel, Pilot, RunningRoyalty, model_deal
from kizuna.domain.money import FxTable
from kizuna.domain.pools.pledges import DealFinding, deal_findings
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.deal_file import DealFile, read_deal, read_deal_text
from kizuna.services.royalty import DISCLAIMER

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["DealReport", "commitment_findings", "model_deal_file", "model_deal_text"]


@dataclass(frozen=True, kw_only=True)
class DealReport:
    model: DealModel
    file: str
    data_version: str
    disclaimer: str = DISCLAIMER
    commitments: tuple[DealFinding, ...] = ()  # pledges/FRAND on the deal's [deal].patents


def model_deal_file(*, path: Path, database: Database | None = None) -> DealReport:
    """Read ``path`` and model the deal with the shipped treaty and FX tables.

    FX rates given in the file's ``[[fx]]`` tables are used beside the shipped
    ECB rates (a rate of the same pair and a later date wins). With a
    ``database``, the patents of ``[deal].patents`` are checked against their
    recorded pledges and FRAND commitments (:func:`commitment_findings`).
    """
    return _model(read_deal(path), path, database)


def model_deal_text(
    *, text: str, name: str = "deal.toml", database: Database | None = None
) -> DealReport:
    """Model the deal TOML ``text`` (the web's request body) as :func:`model_deal_file` does.

    ``name`` stands for the file name in errors and in the report.
    """
    path = Path(name)
    return _model(read_deal_text(text, path=path), path, database)


def commitment_findings(database: Database, parsed: DealFile) -> tuple[DealFinding, ...]:
    """What the deal's patents' pledges and FRAND commitments say about it; a pledge that
    the licensee may rely on in the licensed field refuses the deal (an error naming it)."""
    from kizuna.services.patents import get_patent
    from kizuna.services.pools.pledges import commitments_for

    numbers, unknown = [], []
    for text in parsed.patents:
        try:
            numbers.append(get_patent(database=database, number=text).number.compact)
        except KizunaError:
            unknown.append(text)
    deal = parsed.deal
    parts = _parts(deal.components)
    licensees = _licensed_fields(parts)
    rates = [(who, c.rate) for who, c in parts if isinstance(c, RunningRoyalty)]
    found = deal_findings(
        commitments_for(database, numbers), licensees=licensees, rates=rates,
        on=deal.valuation_date,
    )  # fmt: skip
    refused = [f for f in found if f.severity == "refuse"]
    if refused:
        raise InvalidValueError(f"{parsed.path.name}: refused: {refused[0].message}")
    notes = [
        DealFinding(severity="flag", patent=text,
                    message=f"{text} is not stored: its pledges and FRAND commitments are unknown")
        for text in unknown
    ]  # fmt: skip
    return (*found, *notes)


def _parts(components: tuple[Component, ...]) -> list[tuple[str, object]]:
    """(licensee, component) of each component and each pilot's full-licence part (whose
    licensee is the pilot's unless it names one)."""
    found: list[tuple[str, object]] = []
    for item in components:
        found.append((item.licensee, item))
        if isinstance(item, Pilot):
            found.extend((part.licensee or item.licensee, part) for part in item.full_licence)
    return found


def _licensed_fields(parts: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """(licensee, field) once each: the fields a licensee's components state, or one
    (licensee, "") when none of them states a field."""
    fields: dict[str, list[str]] = {}
    for who, part in parts:
        if who:
            stated = str(getattr(part, "field", "") or "")
            known = fields.setdefault(who, [])
            if stated and stated not in known:
                known.append(stated)
    return [(who, f) for who, known in fields.items() for f in (known or [""])]


def _model(parsed: DealFile, path: Path, database: Database | None = None) -> DealReport:
    shipped = fx_table()
    fx = FxTable([*shipped.rates, *parsed.fx_rates]) if parsed.fx_rates else shipped
    try:
        model = model_deal(parsed.deal, fx=fx, treaties=treaty_table())
    except InvalidValueError as exc:
        raise InvalidValueError(f"{path.name}: {exc}") from exc
    findings = commitment_findings(database, parsed) if database and parsed.patents else ()
    return DealReport(
        model=model, file=path.name, data_version=data_version(), commitments=findings
    )
