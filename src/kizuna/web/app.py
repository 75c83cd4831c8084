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

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from kizuna import __version__
from kizuna.adapters.storage.db import Database, open_database
from kizuna.settings import Settings, get_settings
from kizuna.web.errors import install_error_handlers, is_api
from kizuna.web.i18n import LanguageMiddleware, install_i18n
from kizuna.web.limits import BodyLimitMiddleware
from kizuna.web.routes import (
    accounts,
    admin_matters,
    api_deals,
    api_fetch,
    api_patents,
    api_royalty,
    campaigns,
    charts,
    companies,
    corpus,
    corpus_jobs,
    damages_pages,
    documents,
    evidence,
    landscape,
    limitation,
    match_programmes,
    matching,
    pages,
    pool_store,
    pools,
    royalty_pages,
    valuation,
)
from kizuna.web.routes import eval as eval_routes
from kizuna.web.routes.api_docs import install_docs
from kizuna.web.security.links import safe_url
from kizuna.web.security.middleware import SecurityMiddleware
from kizuna.web.security.policy import LoginRequiredError, enforce
from kizuna.web.security.principal import current

__all__ = ["DatabaseHolder", "create_app"]

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class DatabaseHolder:
    """Opens the database at ``url`` once, on first use, from any worker thread."""

    def __init__(
        self, url: str, database: Database | None = None, *, busy_timeout: float = 30.0
    ) -> None:
        self.url = url
        self.busy_timeout = busy_timeout
        self._database = database
        self._owned = database is None
        self._lock = threading.Lock()

    def get(self) -> Database:
        """The database, opened and migrated on the first call."""
        with self._lock:
            if self._database is None:
                self._database = open_database(self.url, busy_timeout=self.busy_timeout)
            return self._database

    def close(self) -> None:
        """Dispose of the engine if this holder opened it."""
        with self._lock:
            if self._owned and self._database is not None:
                self._database.dispose()
                self._database = None


def _user_context(request: Request) -> dict[str, object]:
    """Template context of every page: the user and the CSRF token of the session."""
    principal = current(request)
    return {"current_user": principal, "csrf_token": principal.csrf if principal else ""}


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES, context_processors=[_user_context])
    templates.env.globals["version"] = __version__
    templates.env.filters["safe_url"] = safe_url
    templates.env.globals["csrf_input"] = _csrf_input
    install_i18n(templates.env)
    return templates


@pass_context
def _csrf_input(context: Context) -> Markup:
    """A hidden ``csrf_token`` field with the session's token (from the page's context)."""
    token = str(context.get("csrf_token", ""))
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(token)


async def _login_required(request: Request, exc: Exception) -> Response:
    """Anonymous pages go to the login page (API calls get 401 from the policy)."""
    assert isinstance(exc, LoginRequiredError)
    if is_api(request):
        return JSONResponse({"error": "log in first"}, status_code=401)
    return RedirectResponse(exc.location, status_code=303)


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the Kizuna web app: pages at ``/``, the REST API under ``/api``.

    ``settings`` default to :func:`~kizuna.settings.get_settings` (environment
    ``KIZUNA_*``). Pass ``database`` to share an open database (tests do); the
    app then leaves it open at shutdown.
    """
    settings = settings if settings is not None else get_settings()
    holder = DatabaseHolder(
        settings.database_url, database, busy_timeout=settings.sqlite_busy_timeout
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        title="Kizuna",
        version=__version__,
        summary="Patent record for licensing in Japan: an analytical aid, not a legal opinion.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(enforce)],
    )
    app.state.settings = settings
    app.state.database = holder
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_docs(app)
    install_error_handlers(app)
    app.add_middleware(LanguageMiddleware)
    app.add_exception_handler(LoginRequiredError, _login_required)
    app.add_middleware(SecurityMiddleware, allowed_hosts=settings.host_names())
    app.include_router(accounts.router)
    app.include_router(admin_matters.router)
    app.add_middleware(
        BodyLimitMiddleware,
        json_limit=settings.max_json_body_bytes,
        upload_limit=settings.max_upload_body_bytes,
    )
    app.include_router(api_patents.router)
    app.include_router(api_fetch.router)
    app.include_router(api_royalty.router)
    app.include_router(api_deals.router)
    app.include_router(pages.router)
    app.include_router(royalty_pages.router)
    app.include_router(damages_pages.router)
    for module in (
        companies,
        landscape,
        evidence,
        charts,
        eval_routes,
        campaigns,
        documents,
        limitation,
        pool_store,
        pools,
        valuation,
        matching,
        match_programmes,
        corpus,
        corpus_jobs,
    ):
        app.include_router(module.router)
    return app
