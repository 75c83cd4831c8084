"""Login, logout, the current user, and the admin pages for users, matters and the audit log.

| route | answer |
|---|---|
| ``GET /login`` | the login page |
| ``POST /login`` (form ``username``, ``password``, ``next``) | session cookie, redirect |
| ``POST /logout`` | ends the session, redirects to /login |
| ``GET /api/me`` | ``{"username", "role", "via", "scope", "matters", "csrf"}`` |
| ``GET /api/matters`` | the matters the user sees, as ``kizuna matters list --json`` |
| ``GET /api/audit?limit=&actor=&action=`` | as ``kizuna audit list --json`` (admins) |
| ``GET /api/audit.csv`` | the audit log as CSV (admins) |
| ``/admin/users``, ``/admin/matters``, ``/admin/audit`` | admin pages and their forms |
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from kizuna.domain.access.roles import ROLES
from kizuna.errors import KizunaError
from kizuna.services.accounts import audit
from kizuna.services.accounts import matters as matter_service
from kizuna.services.accounts import users as user_service
from kizuna.services.accounts.sessions import SESSION_LIFETIME, login, logout
from kizuna.web.deps import DatabaseDep, SettingsDep, TemplatesDep
from kizuna.web.i18n import translate
from kizuna.web.responses import json_response
from kizuna.web.security.principal import SESSION_COOKIE, client_ip, current, request_actor

__all__ = ["router"]

router = APIRouter(tags=["accounts"])
Text = Annotated[str, Form(max_length=300)]


def _next(target: str) -> str:
    """A local path to go to after login (never another site)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/patents"
    return target[:500]


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, templates: TemplatesDep, next: str = "/patents") -> Response:
    return templates.TemplateResponse(request, "login.html", {"next": _next(next), "error": ""})


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login_post(
    request: Request, database: DatabaseDep, settings: SettingsDep, templates: TemplatesDep,
    username: Text, password: Annotated[str, Form(max_length=1024)], next: Text = "/patents",
) -> Response:
    """Check the password; on success set the session cookie and go to ``next``."""
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        return templates.TemplateResponse(request, "login.html", {
            "next": "/patents", "error": translate("cross-site login refused")}, status_code=403)
    try:
        secret, _csrf = login(database, username, password, client_ip(request))
    except KizunaError as exc:
        return templates.TemplateResponse(request, "login.html", {
            "next": _next(next), "error": str(exc)}, status_code=exc.status)
    if not secret:
        return templates.TemplateResponse(request, "login.html", {
            "next": _next(next), "error": translate("wrong user name or password")},
            status_code=401)
    response = RedirectResponse(_next(next), status_code=303)
    secure = settings.cookie_secure or request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(SESSION_LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", secure=secure, path="/")
    return response


@router.post("/logout", include_in_schema=False)
def logout_post(request: Request, database: DatabaseDep) -> Response:
    logout(database, request.cookies.get(SESSION_COOKIE, ""), request_actor(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/api/me", summary="The current user")
def me(request: Request) -> JSONResponse:
    """Who the session or token belongs to, the matters they see (null: all), and for a
    browser session the CSRF token that cookie-authenticated API calls send as X-CSRF-Token."""
    principal = current(request)
    assert principal is not None
    matters = None if principal.matters is None else sorted(principal.matters)
    return json_response({"username": principal.username, "role": principal.role,
                          "via": principal.via, "scope": principal.scope, "matters": matters,
                          "csrf": principal.csrf})


@router.get("/api/matters", summary="Matters the user sees")
def api_matters(request: Request, database: DatabaseDep) -> JSONResponse:
    principal = current(request)
    assert principal is not None
    found = matter_service.list_matters(database, principal.matters)
    return json_response([m.to_json() for m in found])


AuditLimit = Annotated[int, Query(ge=1, le=10_000)]
AuditText = Annotated[str | None, Query(max_length=200)]


@router.get("/api/audit", summary="The audit log (admins)")
def api_audit(database: DatabaseDep, limit: AuditLimit = 200, actor: AuditText = None,
              action: AuditText = None) -> JSONResponse:
    rows = audit.events(database, limit=limit, actor=actor, action=action)
    return json_response([e.to_json() for e in rows])


@router.get("/api/audit.csv", summary="Export the audit log as CSV (admins)")
def api_audit_csv(database: DatabaseDep, limit: AuditLimit = 10_000) -> Response:
    text = audit.export_csv(audit.events(database, limit=limit))
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="kizuna-audit.csv"'})


def _admin(request: Request, templates: TemplatesDep, name: str, context: dict[str, Any],
           status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/admin/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, database: DatabaseDep, templates: TemplatesDep,
               actor: AuditText = None, action: AuditText = None) -> Response:
    rows = audit.events(database, limit=500, actor=actor, action=action)
    return _admin(request, templates, "admin_audit.html",
                  {"events": rows, "actor": actor or "", "action": action or ""})


def _users_page(request: Request, database: DatabaseDep, templates: TemplatesDep,
                message: str = "", error: str = "", status: int = 200) -> Response:
    return _admin(request, templates, "admin_users.html", {
        "users": user_service.list_users(database), "message": message, "error": error,
        "roles": list(ROLES)}, status)


@router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, database: DatabaseDep, templates: TemplatesDep) -> Response:
    return _users_page(request, database, templates)


@router.post("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_add(request: Request, database: DatabaseDep, templates: TemplatesDep,
              username: Text, role: Text) -> Response:
    """Add a user with a generated one-time password, shown once on the page."""
    try:
        user, password = user_service.add_user(database, username, role=role,
                                               actor=request_actor(request))
    except KizunaError as exc:
        return _users_page(request, database, templates, error=str(exc), status=exc.status)
    return _users_page(request, database, templates,
                       message=translate("added %(user)s; one-time password: %(password)s",
                                         user=user.username, password=password))


@router.post("/admin/users/{username}/role", response_class=HTMLResponse,
             include_in_schema=False)
def users_role(request: Request, database: DatabaseDep, templates: TemplatesDep,
               username: str, role: Text) -> Response:
    try:
        user_service.set_role(database, username, role, actor=request_actor(request))
    except KizunaError as exc:
        return _users_page(request, database, templates, error=str(exc), status=exc.status)
    done = translate("%(user)s is now %(role)s", user=username, role=role)
    return _users_page(request, database, templates, message=done)


@router.post("/admin/users/{username}/disable", response_class=HTMLResponse,
             include_in_schema=False)
def users_disable(request: Request, database: DatabaseDep, templates: TemplatesDep,
                  username: str) -> Response:
    try:
        user_service.disable_user(database, username, actor=request_actor(request))
    except KizunaError as exc:
        return _users_page(request, database, templates, error=str(exc), status=exc.status)
    done = translate("disabled %(user)s", user=username)
    return _users_page(request, database, templates, message=done)
