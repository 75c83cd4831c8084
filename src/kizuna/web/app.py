"""The application factory: :func:`create_app` builds the FastAPI app.

Nothing happens at import time. The database is opened (and migrated) on the
first request that needs it, and closed when the server shuts down if the app
opened it itself.

    >>> app = create_app(get_settings(database_url="sqlite:///./kizuna.db"))  # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from kizuna import __version__
from kizuna.adapters.storage.db import Database, open_database
from kizuna.settings import Settings, get_settings
from kizuna.web.errors import install_error_handlers
from kizuna.web.i18n import LanguageMiddleware, install_i18n
from kizuna.web.routes import (
    api_deals,
    api_patents,
    api_royalty,
    campaigns,
    charts,
    companies,
    documents,
    evidence,
    landscape,
    pages,
    royalty_pages,
)
from kizuna.web.routes import eval as eval_routes

__all__ = ["DatabaseHolder", "create_app"]

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class DatabaseHolder:
    """Opens the database at ``url`` once, on first use, from any worker thread."""

    def __init__(self, url: str, database: Database | None = None) -> None:
        self.url = url
        self._database = database
        self._owned = database is None
        self._lock = threading.Lock()

    def get(self) -> Database:
        """The database, opened and migrated on the first call."""
        with self._lock:
            if self._database is None:
                self._database = open_database(self.url)
            return self._database

    def close(self) -> None:
        """Dispose of the engine if this holder opened it."""
        with self._lock:
            if self._owned and self._database is not None:
                self._database.dispose()
                self._database = None


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the Kizuna web app: pages at ``/``, the REST API under ``/api``.

    ``settings`` default to :func:`~kizuna.settings.get_settings` (environment
    ``KIZUNA_*``). Pass ``database`` to share an open database (tests do); the
    app then leaves it open at shutdown.
    """
    settings = settings if settings is not None else get_settings()
    holder = DatabaseHolder(settings.database_url, database)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        title="Kizuna",
        version=__version__,
        summary="Patent record for licensing in Japan: an analytical aid, not a legal opinion.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = holder
    templates = Jinja2Templates(directory=TEMPLATES)
    templates.env.globals["version"] = __version__
    install_i18n(templates.env)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_handlers(app)
    app.add_middleware(LanguageMiddleware)
    app.include_router(api_patents.router)
    app.include_router(api_royalty.router)
    app.include_router(api_deals.router)
    app.include_router(pages.router)
    app.include_router(royalty_pages.router)
    for module in (companies, landscape, evidence, charts, eval_routes, campaigns, documents):
        app.include_router(module.router)
    return app
