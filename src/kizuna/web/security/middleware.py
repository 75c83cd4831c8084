"""ASGI middleware: Host check, security headers and the audit of web changes.

- The ``Host`` header must be one of ``settings.allowed_hosts`` (port ignored),
  else 400 — a DNS-rebinding page cannot reach the workbench through its own name.
- Every response carries the headers of :data:`SECURITY_HEADERS`: a CSP that
  allows scripts and styles only from this origin (no inline script anywhere;
  /docs and /redoc also allow inline *styles*, which Swagger UI and ReDoc
  inject, and ReDoc's blob: search worker), ``frame-ancestors 'none'``,
  ``nosniff``, a strict referrer policy.
- A request that the policy marked for audit (``request.state.audit``) and that
  succeeded (status < 400) is recorded with its user, path and client address.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kizuna.services.accounts.audit import Actor, record

__all__ = ["CSP", "SECURITY_HEADERS", "SecurityMiddleware"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + (
    "; worker-src 'self' blob:"  # ReDoc's search worker
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
DOCS_PATHS = frozenset({"/docs", "/redoc"})


def host_name(host: str) -> str:
    """``host`` without its port (IPv6 brackets kept off), lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SecurityMiddleware:
    """See the module docstring; ``allowed_hosts`` may contain ``*`` to allow any."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path") in DOCS_PATHS else CSP
        host = host_name(Headers(scope=scope).get("host", ""))
        if "*" not in self.allowed and host not in self.allowed:
            response = PlainTextResponse(
                "unknown Host header; add the server's name to KIZUNA_ALLOWED_HOSTS", 400
            )
            response.headers.update({"content-security-policy": csp, **SECURITY_HEADERS})
            await response(scope, receive, send)
            return
        status: list[int] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers.append((b"content-security-policy", csp.encode()))
                headers.extend((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items())
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # an unexpected error: a 500 page, still with our headers
            if status:
                raise
            from starlette.requests import Request

            from kizuna.web.errors import unexpected_error

            error_page = await unexpected_error(Request(scope), exc)
            await error_page(scope, receive, send_with_headers)
            return
        state: dict[str, Any] = scope.get("state", {})
        if state.get("audit") and status and status[0] < 400:
            await run_in_threadpool(_audit, scope, state, status[0])


def _audit(scope: Scope, state: dict[str, Any], status: int) -> None:
    principal = state.get("principal")
    client = scope.get("client")
    actor = Actor(principal.username if principal else "anonymous",
                  principal.via if principal else "web", client[0] if client else None)
    database = scope["app"].state.database.get()
    record(database, actor, state["audit"], scope.get("path", "")[:300],
           {"method": scope.get("method"), "status": status})
