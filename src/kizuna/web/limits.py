"""Request body limits, enforced before a body is parsed (ASGI middleware).

:class:`BodyLimitMiddleware` bounds every HTTP request body:

* ``multipart/form-data`` (file uploads) up to ``upload_limit``
  (``KIZUNA_MAX_UPLOAD_BODY_BYTES``, default 512 MiB); Starlette spools the
  parts of such a body to temporary files, so memory stays flat;
* every other body (JSON calculators, URL-encoded forms) up to ``json_limit``
  (``KIZUNA_MAX_JSON_BODY_BYTES``, default 1 MiB).

A declared ``Content-Length`` over the limit is refused before one byte is
read; a body without one (chunked) is counted as it streams and refused as
soon as it passes the limit. The refusal is an
:class:`~starlette.exceptions.HTTPException` 413 raised from ``receive``, so the
app's one error handler renders it (JSON ``{"error"}`` under ``/api``, the error
page elsewhere). Other layers (authentication, CSRF) rely on this one being
the outermost bound on what a client can make the server hold.

    >>> app.add_middleware(BodyLimitMiddleware,
    ...                    json_limit=1024, upload_limit=4096)  # doctest: +SKIP
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "BodyTooLargeError", "body_limit"]


class BodyTooLargeError(HTTPException):
    """A request body over its limit: HTTP 413, the message names the limit and setting."""

    def __init__(self, limit: int, setting: str) -> None:
        super().__init__(
            status_code=413,
            detail=f"request body over the limit of {limit:,} bytes ({setting})",
        )


def body_limit(scope: Scope, *, json_limit: int, upload_limit: int) -> tuple[int, str]:
    """The byte limit for this request's body and the setting that sets it."""
    content_type = b""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            content_type = value.lower()
    if content_type.startswith(b"multipart/form-data"):
        return upload_limit, "KIZUNA_MAX_UPLOAD_BODY_BYTES"
    return json_limit, "KIZUNA_MAX_JSON_BODY_BYTES"


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    """Refuse request bodies over their limit (see the module doc) with 413."""

    def __init__(self, app: ASGIApp, *, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = body_limit(
            scope, json_limit=self.json_limit, upload_limit=self.upload_limit
        )
        declared = _declared_length(scope)
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise BodyTooLargeError(limit, setting)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit, setting)
            return message

        await self.app(scope, limited_receive, send)
