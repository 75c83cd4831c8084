"""Tabular sources: CSV and JSON Lines with a documented column mapping.

``CSV_READER`` (format ``csv``) reads Google Patents' CSV export and CSVs in
Kizuna's own columns; ``JSONL_READER`` (format ``jsonl``) reads one JSON
object per line with Kizuna's field names (plus ``claims``). The mapping is
detected from the header; see ``docs/formats/tabular.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kizuna.adapters.sources.tabular.columns import (
    GOOGLE,
    KIZUNA,
    ColumnMapping,
    detect_mapping,
    parse_cell_date,
    parse_cell_number,
)
from kizuna.adapters.sources.tabular.read import CsvReader, JsonlReader, decode_text

if TYPE_CHECKING:
    from kizuna.adapters.sources.base import SourceReader

__all__ = [
    "CSV_READER",
    "GOOGLE",
    "JSONL_READER",
    "KIZUNA",
    "ColumnMapping",
    "CsvReader",
    "JsonlReader",
    "decode_text",
    "detect_mapping",
    "parse_cell_date",
    "parse_cell_number",
]

CSV_READER: SourceReader = CsvReader()
JSONL_READER: SourceReader = JsonlReader()
