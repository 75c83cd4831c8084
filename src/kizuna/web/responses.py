"""JSON responses with the same encoding as the CLI's ``--json`` (docs/json.md).

Dates become ISO strings, Decimals decimal strings (never floats), enums their
values; UTF-8 without ``\\u`` escapes, so Japanese text stays readable.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from kizuna.jsonable import to_jsonable

__all__ = ["json_response", "to_jsonable"]


def json_response(
    value: Any, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON response of ``value`` encoded as the CLI encodes ``--json`` output."""
    return JSONResponse(content=to_jsonable(value), status_code=status_code, headers=headers)
