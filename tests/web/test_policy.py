"""The access policy: every route has a rule, and every route is tried as an anonymous
user, a non-member of the matter and a member (tests/web/auth_support.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from kizuna.adapters.storage.charts import ChartRow
from kizuna.adapters.storage.db import Database
from kizuna.services.accounts import matters
from kizuna.web.app import create_app
from kizuna.web.security.policy import RULES
from tests.services.campaign_support import sample_campaign
from tests.web.auth_support import SETUP, join, login, make_user, web_settings


def routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) of the app's API routes and pages, through included routers."""
    found: set[tuple[str, str]] = set()

    def walk(items: list[object]) -> None:
        for route in items:
            if isinstance(route, APIRoute):
                found.update((m, route.path) for m in route.methods if m != "HEAD")
            elif hasattr(route, "original_router"):
                walk(route.original_router.routes)

    walk(list(app.routes))
    return found


def test_every_route_has_a_rule_and_every_rule_a_route() -> None:
    app = create_app(web_settings())
    table = routes(app)
    assert sorted(table - set(RULES)) == [], "routes without an access rule"
    assert sorted(set(RULES) - table) == [], "rules for routes that do not exist"


@pytest.fixture
def world(database: Database) -> Iterator[tuple[TestClient, dict[str, int]]]:
    """ana (analyst) in matter A with a campaign and a chart; bob (analyst) in matter B."""
    campaign = sample_campaign(database)
    with database.session() as session:
        chart = ChartRow(patent="US8930553B2", claim=1, lang="en", product="P", company=None,
                         method="bm25", built_at=datetime.now(UTC))
        session.add(chart)
        session.flush()
        chart_id = chart.id
    for name in ("ana", "bob"):
        make_user(database, name, "analyst")
    a = join(database, "Matter A", "ana")
    join(database, "Matter B", "bob")
    matters.assign(database, "campaign", campaign.id or 0, a, actor=SETUP)
    matters.assign(database, "chart", chart_id, a, actor=SETUP)
    with TestClient(create_app(web_settings(), database=database)) as client:
        yield client, {"campaign_id": campaign.id or 0, "chart_id": chart_id}


def _url(path: str, ids: dict[str, int]) -> str:
    values = {"number:path": "US8930553B2", "company_id": "1", "doc_id": "1", "case_id": "1",
              "username": "bob", "programme": "P", "pool_id": "1", "commitment_id": "1",
              **{k: str(v) for k, v in ids.items()}}
    return re.sub(r"\{([^}]+)\}", lambda m: values[m.group(1)], path)


def _call(client: TestClient, method: str, url: str) -> int:
    return client.request(method, url, follow_redirects=False).status_code


def test_every_route_as_anonymous_non_member_and_member(
    world: tuple[TestClient, dict[str, int]],
) -> None:
    client, ids = world
    wrong: list[str] = []
    guarded = sorted(k for k, rule in RULES.items() if rule.permission != "public")
    for method, path in guarded:  # anonymous: 401 for the API, a redirect to /login for pages
        response = client.request(method, _url(path, ids), follow_redirects=False)
        if path.startswith("/api/"):
            ok = response.status_code == 401
        else:
            ok = response.status_code == 303 and response.headers["location"].startswith("/login")
        if not ok:
            wrong.append(f"anonymous {method} {path}: {response.status_code}")
    owned = [k for k in guarded if "{campaign_id}" in k[1] or "{chart_id}" in k[1]]
    login(client, "bob")
    for method, path in owned + [k for k in guarded if RULES[k].permission == "admin"]:
        status = _call(client, method, _url(path, ids))
        if status != 403:
            wrong.append(f"non-member {method} {path}: {status}")
    login(client, "ana")
    for method, path in owned:
        status = _call(client, method, _url(path, ids))
        if status in (401, 403) or status >= 500:
            wrong.append(f"member {method} {path}: {status}")
    assert wrong == []


def test_lists_show_only_the_users_matters(world: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = world
    login(client, "bob")
    assert client.get("/api/campaigns").json() == []
    assert client.get("/api/charts").json() == []
    assert client.get("/api/campaigns/due?as_of=2030-01-01").json()["due"] == []
    assert f"/campaigns/{ids['campaign_id']}" not in client.get("/campaigns").text
    login(client, "ana")
    assert [c["id"] for c in client.get("/api/campaigns").json()] == [ids["campaign_id"]]
    assert [c["id"] for c in client.get("/api/charts").json()] == [ids["chart_id"]]
    assert client.get("/api/me").json()["matters"] == [2]


def test_reviewer_adds_notes_only_and_entries_name_the_user(
    database: Database, world: tuple[TestClient, dict[str, int]]
) -> None:
    client, ids = world
    make_user(database, "rita", "reviewer")
    join(database, "Matter A", "rita")
    login(client, "rita")
    url = f"/api/campaigns/{ids['campaign_id']}/log"
    refused = client.post(url, data={"kind": "meeting", "summary": "met them"})
    assert refused.status_code == 403 and "notes only" in refused.json()["error"]
    noted = client.post(url, data={"kind": "note", "summary": "claim 1 reads on it"})
    assert noted.status_code == 201 and noted.json()["actor"] == "rita"
    assert client.post(f"/api/campaigns/{ids['campaign_id']}/advance",
                       json={"to": "meeting"}).status_code == 403
