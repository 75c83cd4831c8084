"""The access policy: ONE table, keyed by (method, route), checked for every route.

:func:`enforce` is a dependency of the whole app, so it runs before every
route. It finds the route's rule in :data:`RULES` (a route without a rule is
refused, and ``tests/web/test_policy.py`` fails), then:

1. ``public`` routes pass; everything else needs a user — an API token
   (``Authorization: Bearer kz_…``) or a session cookie. Anonymous API calls get
   401; anonymous page requests are redirected to ``/login``.
2. the user's role (capped by a token's scope) must grant the rule's permission
   (``read``, ``review``, ``write`` or ``admin``; kizuna.domain.access.roles).
3. a state-changing request authenticated by cookie must echo the session's
   CSRF token (header ``X-CSRF-Token`` or form field ``csrf_token``); token
   calls are exempt.
4. a route with ``{campaign_id}`` or ``{chart_id}`` is allowed only when the
   campaign or chart belongs to one of the user's matters (admins: all).
5. every state-changing request, and every GET marked ``audit`` (downloads of
   confidential documents), is written to the audit log when it succeeds.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from kizuna.domain.access.roles import allowed
from kizuna.errors import AccessDeniedError, AuthenticationError, KizunaError
from kizuna.services.accounts.matters import matter_of
from kizuna.services.accounts.sessions import Principal
from kizuna.web.errors import is_api
from kizuna.web.i18n import translate
from kizuna.web.security.principal import authenticate

__all__ = ["RULES", "LoginRequiredError", "Rule", "enforce"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OWNED_PARAMS = {"campaign_id": "campaign", "chart_id": "chart"}


@dataclass(frozen=True)
class Rule:
    """What a route needs: a permission, and whether a GET is an audited export."""

    permission: str
    audit: bool = False


PUBLIC, READ, REVIEW, WRITE, ADMIN = (Rule("public"), Rule("read"), Rule("review"),
                                      Rule("write"), Rule("admin"))
EXPORT = Rule("read", audit=True)

RULES: dict[tuple[str, str], Rule] = {
    # accounts and administration
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): READ,
    ("GET", "/api/health"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", "/api/me"): READ,
    ("GET", "/api/matters"): READ,
    ("GET", "/api/audit"): ADMIN,
    ("GET", "/api/audit.csv"): Rule("admin", audit=True),
    ("GET", "/admin/users"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{username}/role"): ADMIN,
    ("POST", "/admin/users/{username}/disable"): ADMIN,
    ("GET", "/admin/matters"): ADMIN,
    ("POST", "/admin/matters"): ADMIN,
    ("POST", "/admin/matters/members"): ADMIN,
    ("POST", "/admin/matters/assign"): ADMIN,
    ("GET", "/admin/audit"): ADMIN,
    # patents, ingest, reference data (shared by every user)
    ("GET", "/api/patents"): READ,
    ("GET", "/api/patents/{number:path}"): READ,
    ("POST", "/api/ingest"): WRITE,
    ("POST", "/api/fetch"): WRITE,  # kizuna fetch --ingest with the server's credentials
    ("GET", "/api/corpus/search"): READ,
    ("GET", "/api/corpus/landscape"): READ,
    ("GET", "/corpus"): READ,
    ("GET", "/corpus/landscape"): READ,
    ("GET", "/api/corpus/similar"): READ,
    ("GET", "/corpus/similar"): READ,
    ("GET", "/api/corpus/applicants"): READ,
    ("GET", "/corpus/applicants"): READ,
    # screens stored evidence, stores nothing: read, as POST /api/screen (CSRF on cookie posts)
    ("POST", "/api/corpus/screen"): READ,
    ("GET", "/corpus/screen"): READ,
    ("POST", "/corpus/screen"): READ,
    ("GET", "/"): READ,
    ("GET", "/patents"): READ,
    ("GET", "/patents/{number:path}"): READ,
    ("GET", "/ingest"): READ,
    ("POST", "/ingest"): WRITE,
    ("GET", "/api/royalty/comparables"): READ,
    ("POST", "/api/royalty/comparables/import"): WRITE,
    ("GET", "/api/royalty/benchmark"): READ,
    ("POST", "/api/royalty/frand"): READ,
    ("POST", "/api/damages"): READ,
    ("POST", "/api/deals/model"): READ,
    ("GET", "/api/tax/withholding"): READ,
    ("GET", "/royalty"): READ,
    ("GET", "/royalty/frand"): READ,
    ("GET", "/deals"): READ,
    ("POST", "/deals"): READ,
    ("GET", "/tax"): READ,
    ("GET", "/api/companies"): READ,
    ("GET", "/api/companies/resolve"): READ,
    ("GET", "/api/companies/{company_id}"): READ,
    ("POST", "/api/companies/import"): WRITE,
    ("GET", "/companies"): READ,
    ("GET", "/companies/{company_id}"): READ,
    ("GET", "/api/landscape/fields"): READ,
    ("GET", "/api/landscape/plot"): READ,
    ("GET", "/api/targets"): READ,
    ("GET", "/landscape"): READ,
    ("GET", "/targets"): READ,
    ("GET", "/api/evidence"): READ,
    ("GET", "/api/evidence/{doc_id}"): READ,
    ("POST", "/api/evidence"): WRITE,
    ("GET", "/evidence"): READ,
    ("POST", "/evidence"): WRITE,
    ("GET", "/evidence/{doc_id}"): READ,
    ("POST", "/api/eval/eou"): READ,
    ("POST", "/api/screen"): READ,
    # charts (belong to a matter)
    ("POST", "/api/charts"): WRITE,
    ("GET", "/api/charts"): READ,
    ("GET", "/api/charts/{chart_id}"): READ,
    ("POST", "/api/charts/{chart_id}/review"): REVIEW,
    ("GET", "/api/charts/{chart_id}/export"): EXPORT,
    ("GET", "/charts"): READ,
    ("POST", "/charts"): WRITE,
    ("GET", "/charts/{chart_id}"): READ,
    # campaigns, records, attachments, documents (belong to a matter)
    ("GET", "/api/campaigns"): READ,
    ("POST", "/api/campaigns"): WRITE,
    ("GET", "/api/campaigns/due"): READ,
    ("GET", "/api/campaigns/{campaign_id}"): READ,
    ("POST", "/api/campaigns/{campaign_id}/contacts"): WRITE,
    ("POST", "/api/campaigns/{campaign_id}/log"): REVIEW,
    ("POST", "/api/campaigns/{campaign_id}/advance"): WRITE,
    ("GET", "/api/campaigns/{campaign_id}/verify"): READ,
    ("GET", "/api/campaigns/{campaign_id}/record.json"): EXPORT,
    ("GET", "/api/campaigns/{campaign_id}/record.pdf"): EXPORT,
    ("GET", "/api/campaigns/{campaign_id}/brief"): EXPORT,
    ("GET", "/api/campaigns/{campaign_id}/letter"): EXPORT,
    ("GET", "/api/campaigns/{campaign_id}/pack/hantei"): EXPORT,
    ("GET", "/campaigns"): READ,
    ("POST", "/campaigns"): WRITE,
    ("GET", "/campaigns/{campaign_id}"): READ,
    ("GET", "/campaigns/{campaign_id}/verify"): READ,
    ("POST", "/campaigns/{campaign_id}/log"): REVIEW,
    ("POST", "/campaigns/{campaign_id}/advance"): WRITE,
    ("POST", "/campaigns/{campaign_id}/contacts"): WRITE,
    ("GET", "/campaigns/{campaign_id}/document"): EXPORT,
    ("POST", "/campaigns/{campaign_id}/anchor"): WRITE,
    ("POST", "/api/campaigns/{campaign_id}/anchors"): WRITE,
    ("GET", "/campaigns/{campaign_id}/limitation"): READ,
    ("POST", "/campaigns/{campaign_id}/limitation"): WRITE,
    ("GET", "/api/campaigns/{campaign_id}/limitation-events"): READ,
    ("POST", "/api/campaigns/{campaign_id}/limitation-events"): WRITE,
    # calculators on the request's own inputs (nothing stored): read permission
    ("GET", "/damages"): READ,
    ("POST", "/damages"): READ,
    ("GET", "/pools"): READ,
    ("POST", "/pools"): READ,
    ("POST", "/api/pools/distribution"): READ,
    ("POST", "/api/pools/check"): READ,
    ("GET", "/valuation"): READ,
    ("POST", "/valuation"): READ,
    ("POST", "/api/valuation"): READ,
    ("POST", "/api/valuation/report"): READ,
    ("GET", "/match"): READ,
    ("POST", "/match"): READ,
    ("POST", "/api/match"): READ,
    # SME matching cases (a programme's, not a licensing matter's)
    ("GET", "/api/match/cases"): READ,
    ("POST", "/api/match/cases"): WRITE,
    ("POST", "/api/match/cases/{case_id}/advance"): WRITE,
    ("GET", "/api/match/stats"): READ,
    # stored matching programmes (catalogue and SME profiles)
    ("GET", "/api/match/programmes"): READ,
    ("POST", "/api/match/programmes"): WRITE,
    ("GET", "/api/match/programmes/{programme}"): READ,
    ("GET", "/api/match/programmes/{programme}/shortlists"): READ,
    ("GET", "/match/programmes"): READ,
    ("POST", "/match/programmes"): WRITE,
    ("GET", "/match/programmes/{programme}"): READ,
    # patent record data
    ("POST", "/api/patents/maintenance-fees"): WRITE,
    # stored pools (every write a signed ledger entry) and pledges per patent
    ("GET", "/api/pools/stored"): READ,
    ("POST", "/api/pools/stored"): WRITE,
    ("GET", "/api/pools/stored/{pool_id}"): READ,
    ("POST", "/api/pools/stored/{pool_id}/founders"): WRITE,
    ("POST", "/api/pools/stored/{pool_id}/members"): WRITE,
    ("POST", "/api/pools/stored/{pool_id}/contributions"): WRITE,
    ("POST", "/api/pools/stored/{pool_id}/leave"): WRITE,
    ("POST", "/api/pools/stored/{pool_id}/reports"): WRITE,
    ("POST", "/api/pools/stored/{pool_id}/collections"): WRITE,
    ("POST", "/api/pools/stored/{pool_id}/invoice"): WRITE,
    ("POST", "/api/pools/stored/{pool_id}/distribution"): WRITE,
    ("GET", "/api/pools/stored/{pool_id}/ledger"): READ,
    ("GET", "/pools/stored"): READ,
    ("POST", "/pools/stored"): WRITE,
    ("GET", "/pools/stored/{pool_id}"): READ,
    ("POST", "/pools/stored/{pool_id}/reports"): WRITE,
    ("POST", "/pools/stored/{pool_id}/distribute"): WRITE,
    ("GET", "/api/pledges"): READ,
    ("POST", "/api/pledges"): WRITE,
    ("DELETE", "/api/pledges/{commitment_id}"): WRITE,
}


class LoginRequiredError(KizunaError):
    """An anonymous page request: answered by a redirect to /login."""

    status = 303

    def __init__(self, next_path: str) -> None:
        super().__init__("log in first")
        self.location = f"/login?next={quote(next_path, safe='/')}"


def _rule(request: Request) -> Rule:
    route = request.scope.get("route")
    method = "GET" if request.method == "HEAD" else request.method
    rule = RULES.get((method, route.path)) if isinstance(route, APIRoute) else None
    if rule is None:
        raise AccessDeniedError(f"no access rule for {method} {request.url.path}")
    return rule


async def _check_csrf(request: Request, expected: str) -> None:
    given = request.headers.get("x-csrf-token", "")
    if not given and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get("csrf_token", "")
        given = value if isinstance(value, str) else ""
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise AccessDeniedError("missing or wrong CSRF token; reload the page and try again")


def _authorize(request: Request, rule: Rule) -> Principal:
    database = request.app.state.database.get()
    principal = authenticate(request, database)
    if principal is None:
        if is_api(request):
            raise AuthenticationError("log in or send an API token (Authorization: Bearer …)")
        raise LoginRequiredError(request.url.path)
    if not allowed(principal.role, rule.permission, principal.scope):
        scope = f" with a {principal.scope} token" if principal.scope else ""
        raise AccessDeniedError(f"role {principal.role}{scope} may not {rule.permission} here")
    for param, kind in OWNED_PARAMS.items():
        value = str(request.path_params.get(param, ""))
        if value.isdigit() and int(value) < 2**31:
            matter = matter_of(database, kind, int(value))
            if matter is not None and not principal.can_see(matter):
                raise AccessDeniedError(translate(
                    "%(kind)s %(id)s belongs to a matter you are not in",
                    kind=translate("campaign") if kind == "campaign" else translate("chart"),
                    id=value))
    return principal


async def enforce(request: Request) -> None:
    """The app-wide dependency described in the module docstring."""
    rule = _rule(request)
    if rule.permission == "public":
        return
    principal = await run_in_threadpool(_authorize, request, rule)
    unsafe = request.method not in SAFE_METHODS
    if unsafe and principal.csrf is not None:
        await _check_csrf(request, principal.csrf)
    if unsafe or rule.audit:
        request.state.audit = f"web.{getattr(request.scope.get('route'), 'name', 'request')}"
