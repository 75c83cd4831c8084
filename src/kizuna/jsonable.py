"""JSON encoding shared by the CLI's ``--json`` and the REST API (docs/json.md).

Dates become ISO strings, Decimals decimal strings (never floats), enums their
values, paths strings; callers dump with ``ensure_ascii=False`` so Japanese
text stays readable.

    >>> to_jsonable({"filing": date(2020, 7, 31), "years": Decimal("4.5")})
    {'filing': '2020-07-31', 'years': '4.5'}
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

__all__ = ["to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Convert dates, Decimals, enums, paths and tuples to JSON-ready values."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PurePath):
        return str(value)
    return value
