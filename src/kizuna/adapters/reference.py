"""Packaged reference data (``kizuna/data``), loaded on first use and cached."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from kizuna.domain.fields import ConcordanceRow, FieldConcordance, TechnologyField, split_symbol

__all__ = ["IPC_CONCORDANCE_VERSION", "field_concordance", "read_data_text"]

IPC_CONCORDANCE_VERSION = "WIPO IPC-Technology concordance (Schmoch 2008, updated 2019-07-10)"


def read_data_text(name: str) -> str:
    """Text of a packaged data file (UTF-8, BOM stripped)."""
    return resources.files("kizuna.data").joinpath(name).read_text(encoding="utf-8-sig")


@cache
def field_concordance() -> FieldConcordance:
    """The IPC -> WIPO 35 technology fields concordance shipped with Kizuna."""
    rows = []
    for record in csv.DictReader(io.StringIO(read_data_text("ipc_technology.csv"))):
        field = TechnologyField(
            number=int(record["Field_number"]),
            name=record["Field_en"].strip(),
            sector=record["Sector_en"].strip(),
        )
        subclass, group = split_symbol(record["IPC_code"].replace("%", ""))
        rows.append(ConcordanceRow(field=field, subclass=subclass, main_group=group))
    return FieldConcordance(tuple(rows), version=IPC_CONCORDANCE_VERSION)
