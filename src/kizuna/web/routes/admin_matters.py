"""Admin page for matters: create, members, reassign campaigns and charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.accounts import matters as service
from kizuna.services.accounts import users as user_service
from kizuna.web.deps import DatabaseDep, TemplatesDep
from kizuna.web.i18n import translate
from kizuna.web.security.principal import request_actor

__all__ = ["router"]

router = APIRouter(tags=["accounts"])
Text = Annotated[str, Form(max_length=300)]


def _page(request: Request, database: DatabaseDep, templates: TemplatesDep,
          message: str = "", error: str = "", status: int = 200) -> Response:
    context = {"matters": service.list_matters(database), "message": message, "error": error,
               "users": user_service.list_users(database)}
    return templates.TemplateResponse(request, "admin_matters.html", context, status_code=status)


@router.get("/admin/matters", response_class=HTMLResponse, include_in_schema=False)
def matters_page(request: Request, database: DatabaseDep, templates: TemplatesDep) -> Response:
    return _page(request, database, templates)


@router.post("/admin/matters", response_class=HTMLResponse, include_in_schema=False)
def matters_create(request: Request, database: DatabaseDep, templates: TemplatesDep,
                   name: Text, description: Annotated[str, Form(max_length=5000)] = ""
                   ) -> Response:
    try:
        matter = service.create_matter(database, name, description=description,
                                       actor=request_actor(request))
    except KizunaError as exc:
        return _page(request, database, templates, error=str(exc), status=exc.status)
    return _page(request, database, templates, message=translate("created matter %(name)s",
                                                                 name=matter.name))


@router.post("/admin/matters/members", response_class=HTMLResponse, include_in_schema=False)
def matters_members(request: Request, database: DatabaseDep, templates: TemplatesDep,
                    matter: Text, username: Text, action: Text = "add") -> Response:
    actor = request_actor(request)
    try:
        if action == "remove":
            service.remove_member(database, matter, username, actor=actor)
        else:
            service.add_member(database, matter, username, actor=actor)
    except KizunaError as exc:
        return _page(request, database, templates, error=str(exc), status=exc.status)
    done = (translate("removed %(user)s from matter %(matter)s", user=username, matter=matter)
            if action == "remove" else
            translate("added %(user)s to matter %(matter)s", user=username, matter=matter))
    return _page(request, database, templates, message=done)


@router.post("/admin/matters/assign", response_class=HTMLResponse, include_in_schema=False)
def matters_assign(request: Request, database: DatabaseDep, templates: TemplatesDep,
                   matter: Text, kind: Text, item: Text) -> Response:
    try:
        if not item.isdigit() or len(item) > 9:
            raise InvalidValueError(translate("item %(item)r is not an id", item=item[:20]))
        service.assign(database, kind, int(item), matter, actor=request_actor(request))
    except KizunaError as exc:
        return _page(request, database, templates, error=str(exc), status=exc.status)
    done = translate("%(kind)s %(item)s moved to %(matter)s", kind=kind, item=item, matter=matter)
    return _page(request, database, templates, message=done)
