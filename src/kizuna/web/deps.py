"""Typed dependency aliases for routes (STYLE.md §7).

``SettingsDep``, ``DatabaseDep`` and ``TemplatesDep`` come from the app built by
:func:`~kizuna.web.app.create_app`; ``AsOfDep`` reads ``?as_of=YYYY-MM-DD``
(default today); ``SameSiteDep`` refuses form posts from other web sites.

    @router.get("/api/patents")
    def patents(database: DatabaseDep) -> ...: ...
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.templating import Jinja2Templates

from kizuna.adapters.storage.db import Database
from kizuna.errors import InvalidValueError
from kizuna.settings import Settings

__all__ = ["AsOfDep", "DatabaseDep", "SameSiteDep", "SettingsDep", "TemplatesDep"]


def app_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def app_database(request: Request) -> Database:
    """The app's database, opened and migrated on first use."""
    database: Database = request.app.state.database.get()
    return database


def app_templates(request: Request) -> Jinja2Templates:
    """The Jinja2 templates of the pages."""
    templates: Jinja2Templates = request.app.state.templates
    return templates


def as_of_date(
    as_of: Annotated[
        str | None,
        Query(description="Date for the remaining term, YYYY-MM-DD (default today)."),
    ] = None,
) -> date:
    """``?as_of=`` as a date; today when absent, 400 when not a date."""
    if as_of is None or as_of == "":
        return date.today()
    try:
        return date.fromisoformat(as_of)
    except ValueError as exc:
        raise InvalidValueError(f"as_of {as_of!r} is not a date (YYYY-MM-DD)") from exc


def same_site(request: Request) -> None:
    """Refuse a state-changing request that a browser sent from another site.

    Browsers send ``Sec-Fetch-Site``; scripts (curl, httpx) do not, and pass.
    The workbench has no login, so this is the guard against cross-site posts.
    """
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        raise HTTPException(status_code=403, detail="cross-site request refused")


SettingsDep = Annotated[Settings, Depends(app_settings)]
DatabaseDep = Annotated[Database, Depends(app_database)]
TemplatesDep = Annotated[Jinja2Templates, Depends(app_templates)]
AsOfDep = Annotated[date, Depends(as_of_date)]
SameSiteDep = Annotated[None, Depends(same_site)]
