"""Lists on the web: pages of rows, sort links, and the same list as CSV or XLSX.

Every list page takes ``?page=`` and ``?per_page=`` (at most 200) and
``?format=csv|xlsx`` to download the whole filtered list (at most
:data:`MAX_EXPORT_ROWS` rows); the API answers pages with ``X-Total-Count``
and a ``Link`` header (RFC 8288, ``rel="next"``/``"prev"``).

    >>> pager = Pager.of(request, total=1005, page=2, per_page=50)  # doctest: +SKIP
    >>> pager.next_url  # doctest: +SKIP
    '/targets?page=3'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from kizuna.adapters.exports.table import TABLE_FORMATS, table_bytes
from kizuna.errors import InvalidValueError

__all__ = ["MAX_EXPORT_ROWS", "Pager", "download", "export_format", "page_numbers", "page_of",
           "paged_headers",
           "sort_url"]

MAX_EXPORT_ROWS = 100_000
DISCLAIMER = "Kizuna: evidence and estimates for licensing; an analytical aid, not a legal opinion."
T = TypeVar("T")


def _with(request: Request, **changes: str | int | None) -> str:
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


@dataclass(frozen=True, kw_only=True)
class Pager:
    """Where a page sits in its list, with the links a template needs."""

    total: int
    page: int
    per_page: int
    pages: int
    first: int  # 1-based index of the first row shown (0 when none)
    last: int
    prev_url: str | None
    next_url: str | None
    csv_url: str
    xlsx_url: str

    @classmethod
    def of(cls, request: Request, *, total: int, page: int, per_page: int) -> Pager:
        """The pager of ``page`` in a list of ``total`` rows on ``request``'s URL."""
        pages = max(1, -(-total // per_page))
        first = 0 if total == 0 else (page - 1) * per_page + 1
        return cls(
            total=total, page=page, per_page=per_page, pages=pages, first=first,
            last=min(total, page * per_page),
            prev_url=_with(request, page=page - 1) if page > 1 else None,
            next_url=_with(request, page=page + 1) if page < pages else None,
            csv_url=_with(request, format="csv", page=None),
            xlsx_url=_with(request, format="xlsx", page=None),
        )


def page_numbers(request: Request) -> tuple[int, int]:
    """``?page=`` and ``?per_page=`` of ``request``, validated (defaults 1 and 50)."""
    values = []
    for name, default, high in (("page", 1, 1_000_000), ("per_page", 50, 200)):
        raw = request.query_params.get(name, "") or str(default)
        if not raw.isdigit() or not 1 <= int(raw) <= high:
            raise InvalidValueError(f"{name} {raw!r} is not a whole number in 1..{high}")
        values.append(int(raw))
    return values[0], values[1]


def page_of(items: Sequence[T], request: Request) -> tuple[list[T], Pager]:
    """The rows of ``items`` on the page ``request`` asks for, and its pager."""
    page, per_page = page_numbers(request)
    start = (page - 1) * per_page
    pager = Pager.of(request, total=len(items), page=page, per_page=per_page)
    return list(items[start:start + per_page]), pager


def sort_url(request: Request, key: str) -> str:
    """The URL sorting the list by ``key``; descending when it is already sorted ascending."""
    current = request.query_params.get("sort", "")
    wanted = f"-{key}" if current == key else key
    return _with(request, sort=wanted, page=None)


def export_format(request: Request) -> str | None:
    """``?format=`` when it asks for a download (csv or xlsx), None when absent."""
    fmt = request.query_params.get("format", "")
    if not fmt or fmt == "html":
        return None
    if fmt not in TABLE_FORMATS:
        raise InvalidValueError(f"format {fmt!r} is not one of csv, xlsx")
    return fmt


def download(fmt: str, name: str, columns: Sequence[str],
             rows: Sequence[Mapping[str, Any]]) -> Response:
    """The rows as a ``name.csv`` or ``name.xlsx`` attachment."""
    if len(rows) > MAX_EXPORT_ROWS:
        raise InvalidValueError(f"{name}: {len(rows)} rows is over the export limit of "
                                f"{MAX_EXPORT_ROWS}; filter the list first")
    data = table_bytes(fmt, columns, rows, sheet=name, footer=DISCLAIMER)
    return Response(data, media_type=TABLE_FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def paged_headers(request: Request, pager: Pager) -> dict[str, str]:
    """``X-Total-Count`` and ``Link`` headers for an API page."""
    links = []
    base = str(request.base_url).rstrip("/")
    if pager.next_url:
        links.append(f'<{base}{pager.next_url}>; rel="next"')
    if pager.prev_url:
        links.append(f'<{base}{pager.prev_url}>; rel="prev"')
    headers = {"X-Total-Count": str(pager.total)}
    if links:
        headers["Link"] = ", ".join(links)
    return headers
