"""One place that turns errors into HTTP responses (STYLE.md §9).

A :class:`~kizuna.errors.KizunaError` becomes its ``status`` (400 input, 404 not
found, 409 conflict, 500 storage). Under ``/api`` the body is JSON::

    {"error": "no stored patent US 8,930,554 B2; close matches: …",
     "type": "PatentNotFoundError", "candidates": ["US 8,930,553 B2"]}

(``candidates`` only for 404). Elsewhere an HTML error page says the same and
links the candidates. HTTP errors (unknown route, 405, 403) and request
validation errors (422) take the same two forms; a number too large for the
database or a calculation (``ArithmeticError``, e.g. an id of 2**63) is a
400; unexpected
exceptions give a 500 without a traceback.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kizuna.errors import OUT_OF_RANGE, KizunaError, NotFoundError
from kizuna.web.i18n import translate

__all__ = ["field_message", "install_error_handlers", "is_api"]

logger = logging.getLogger(__name__)

def _title(status: int) -> str:
    """The error page's heading for ``status``, in the page's language."""
    titles = {
        400: translate("Bad request"),
        403: translate("Forbidden"),
        404: translate("Not found"),
        405: translate("Method not allowed"),
        409: translate("Conflict"),
        413: translate("Too large"),
        422: translate("Invalid request"),
        500: translate("Server error"),
    }
    return titles.get(status) or translate("Error")


_GIVE_FLAG = re.compile(r"\b[Gg]ive --([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")
_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")


def field_message(text: str) -> str:
    """A service's message as a page shows it: CLI flags become form-field names.

    Services name their inputs as the CLI spells them (``--captured-at``); on a
    page the user filled in a form, so ``--captured-at '2025-13-01': …`` reads
    ``the “captured_at” field '2025-13-01': …``. The JSON API keeps the text as it is.
    """
    text = _GIVE_FLAG.sub(lambda m: f"Fill in the “{m.group(1).replace('-', '_')}” field", text)
    return _FLAG.sub(lambda m: f"the “{m.group(1).replace('-', '_')}” field", text)


def is_api(request: Request) -> bool:
    """True when the request is for the JSON API (path under ``/api``)."""
    path: str = request.scope.get("path", "")
    return path == "/api" or path.startswith("/api/")


def _render(
    request: Request, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    if is_api(request):
        return JSONResponse(body, status_code=status, headers=headers)
    templates = request.app.state.templates
    context = {
        "status": status,
        "title": _title(status),
        "message": field_message(body["error"]),
        "candidates": body.get("candidates", []),
    }
    response: HTMLResponse = templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )
    return response


async def kizuna_error(request: Request, exc: Exception) -> Response:
    """A KizunaError: its ``status``, its message, and candidates for a 404."""
    assert isinstance(exc, KizunaError)
    body: dict[str, Any] = {"error": str(exc), "type": type(exc).__name__}
    if isinstance(exc, NotFoundError):
        body["candidates"] = list(exc.candidates)
    if exc.status >= 500:
        logger.error("%s %s: %s", request.method, request.url.path, exc)
    return _render(request, exc.status, body)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette/FastAPI HTTP errors (404 route, 405 method, 403 refused)."""
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else None
    return _render(request, exc.status_code, {"error": str(exc.detail)}, headers)


async def validation_error(request: Request, exc: Exception) -> Response:
    """Request parameters that do not validate (422), with FastAPI's details under /api."""
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()
    )
    body: dict[str, Any] = {"error": f"invalid request: {problems}"}
    if is_api(request):
        body["detail"] = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
    return _render(request, 422, body)


async def out_of_range(request: Request, exc: Exception) -> Response:
    """A number out of range (an id of 2**63 for the database, a Decimal result): 400."""
    assert isinstance(exc, ArithmeticError)
    message = f"{OUT_OF_RANGE} ({type(exc).__name__})"
    return _render(request, 400, {"error": message, "type": "InvalidValueError"})


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """Anything else: 500, logged, no traceback in the response."""
    logger.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _render(request, 500, {"error": f"internal error ({type(exc).__name__})"})


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers above on ``app``."""
    app.add_exception_handler(KizunaError, kizuna_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ArithmeticError, out_of_range)
    app.add_exception_handler(Exception, unexpected_error)
