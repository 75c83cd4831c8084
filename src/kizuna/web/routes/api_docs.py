"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from local files, so they work offline.

The JavaScript and CSS come from the ``fastapi-offline`` package (served at
``/static-docs``); Swagger UI is started by ``/static/swagger-init.js`` because
the Content-Security-Policy allows no inline script.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["DOCS_STATIC", "install_docs"]

DOCS_STATIC = "/static-docs"


def _offline_files() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title>{head}</head><body>{body}</body></html>"
    )


def install_docs(app: FastAPI) -> None:
    """Mount the files and add the two pages (the app is built with docs_url=None)."""
    app.mount(DOCS_STATIC, StaticFiles(directory=_offline_files()), name="static-docs")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _page(
            f"{app.title} API",
            f'<link rel="stylesheet" href="{DOCS_STATIC}/swagger-ui.css">',
            f'<div id="swagger-ui"></div><script src="{DOCS_STATIC}/swagger-ui-bundle.js">'
            '</script><script src="/static/swagger-init.js"></script>',
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _page(
            f"{app.title} API",
            "",
            f'<redoc spec-url="/openapi.json"></redoc>'
            f'<script src="{DOCS_STATIC}/redoc.standalone.js"></script>',
        )
