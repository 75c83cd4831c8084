"""Logins, sessions, API tokens, CSRF, roles, security headers, Host check, safe links."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.services.accounts import audit
from kizuna.services.accounts.sessions import MAX_FAILURES
from kizuna.services.companies import import_companies
from kizuna.services.evidence import add_uploaded_evidence
from kizuna.web.app import create_app
from tests.web.auth_support import PASSWORD, bearer, login, make_user, web_settings
from tests.web.conftest import US, upload


def test_anonymous_api_is_401_and_pages_go_to_login(anonymous: TestClient) -> None:
    assert anonymous.get("/api/patents").status_code == 401
    page = anonymous.get("/patents?x=1", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/patents"
    assert anonymous.get("/login").status_code == 200


def test_login_logout_and_wrong_password(database: Database, anonymous: TestClient) -> None:
    make_user(database, "ana", "analyst")
    wrong = anonymous.post("/login", data={"username": "ana", "password": "nope"})
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    csrf = login(anonymous, "ana")
    assert anonymous.get("/api/me").json()["username"] == "ana"
    assert anonymous.get("/patents").status_code == 200
    anonymous.post("/logout", data={"csrf_token": csrf})
    assert anonymous.get("/api/me").status_code == 401
    actions = [e.action for e in audit.events(database)]
    assert {"login", "login.failed", "logout"} <= set(actions)


def test_login_next_never_leaves_the_site(database: Database, anonymous: TestClient) -> None:
    make_user(database, "ana", "analyst")
    response = anonymous.post("/login", follow_redirects=False, data={
        "username": "ana", "password": PASSWORD, "next": "//evil.example/"})
    assert response.headers["location"] == "/patents"


def test_failed_logins_are_throttled(database: Database, anonymous: TestClient) -> None:
    make_user(database, "ana", "analyst")
    for _ in range(MAX_FAILURES):
        anonymous.post("/login", data={"username": "ana", "password": "wrong password"})
    refused = anonymous.post("/login", data={"username": "ana", "password": PASSWORD})
    assert refused.status_code == 429 and "try again in 15 minutes" in refused.text


def test_sessions_survive_a_restart(database: Database, anonymous: TestClient) -> None:
    make_user(database, "ana", "analyst")
    login(anonymous, "ana")
    cookie = anonymous.cookies.get("kizuna_session")
    with TestClient(create_app(web_settings(), database=database)) as restarted:
        restarted.cookies.set("kizuna_session", cookie or "")
        assert restarted.get("/api/me").json()["username"] == "ana"


def test_csrf_is_required_for_cookie_posts_not_for_tokens(
    database: Database, anonymous: TestClient
) -> None:
    make_user(database, "ana", "analyst")
    login(anonymous, "ana")
    token = anonymous.headers.pop("X-CSRF-Token")
    refused = anonymous.post("/api/ingest", files=upload(US))
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]
    wrong = anonymous.post("/api/ingest", files=upload(US), headers={"X-CSRF-Token": "x" * 43})
    assert wrong.status_code == 403
    form = anonymous.post("/ingest", files=upload(US), data={"csrf_token": token})
    assert form.status_code == 200
    anonymous.cookies.clear()
    scripted = anonymous.post("/api/ingest", files=upload(US), headers=bearer(database, "ana"))
    assert scripted.status_code == 200


def test_roles_and_token_scopes(database: Database, anonymous: TestClient) -> None:
    make_user(database, "val", "viewer")
    make_user(database, "ana", "analyst")
    login(anonymous, "val")
    assert anonymous.post("/api/ingest", files=upload(US)).status_code == 403
    assert anonymous.get("/api/audit").status_code == 403
    anonymous.cookies.clear()
    read = bearer(database, "ana", "read")
    assert anonymous.get("/api/patents", headers=read).status_code == 200
    assert anonymous.post("/api/ingest", files=upload(US), headers=read).status_code == 403
    bad = {"Authorization": "Bearer kz_nope"}
    assert anonymous.get("/api/patents", headers=bad).status_code == 401


def test_web_changes_and_exports_are_audited_with_user_and_ip(
    database: Database, client: TestClient
) -> None:
    assert client.post("/api/ingest", files=upload(US)).status_code == 200
    events = client.get("/api/audit?action=web.").json()
    assert events[0]["action"] == "web.ingest" and events[0]["actor"] == "admin"
    assert events[0]["ip"] == "testclient" and events[0]["detail"]["method"] == "POST"
    csv_text = client.get("/api/audit.csv").text
    assert csv_text.startswith("\ufeffid,at,actor") and "web.ingest" in csv_text
    assert client.get("/admin/audit").status_code == 200


def test_audit_log_is_append_only(database: Database, client: TestClient) -> None:
    client.get("/api/audit.csv")
    with pytest.raises(sa.exc.DBAPIError), database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(sa.exc.DBAPIError), database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM audit_log")


def test_every_response_has_security_headers(client: TestClient) -> None:
    for path in ("/patents", "/api/patents", "/api/nothing", "/static/kizuna.css", "/docs",
                 "/openapi.json", "/login"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp, path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/patents", "/charts", "/campaigns", "/admin/users", "/admin/matters"):
        text = client.get(path).text
        assert "<script>" not in text and "<style" not in text and " style=" not in text, path


def test_unknown_host_header_is_refused(client: TestClient) -> None:
    response = client.get("/api/patents", headers={"Host": "rebind.attacker.example"})
    assert response.status_code == 400 and "KIZUNA_ALLOWED_HOSTS" in response.text


def test_docs_are_served_from_local_files(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/static-docs/swagger-ui-bundle.js" in page
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger-init.js").status_code == 200
    redoc = client.get("/redoc").text
    assert "/static-docs/redoc.standalone.js" in redoc and "cdn" not in redoc.lower()


def test_error_pages_show_no_traceback(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kizuna.web.routes.api_patents as api_patents

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api_patents, "search_portfolio", boom)
    app = create_app(web_settings(), database=database)
    with TestClient(app, raise_server_exceptions=False) as client:
        make_user(database, "ana", "analyst")
        login(client, "ana")
        response = client.get("/api/patents")
    assert response.status_code == 500
    assert response.json()["error"] == "internal error (RuntimeError)"
    assert "Traceback" not in response.text and "secret internals" not in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_javascript_links_are_not_rendered(
    database: Database, client: TestClient, tmp_path: Path
) -> None:
    csv_file = tmp_path / "c.csv"
    csv_file.write_text(
        "name_ja,name_en,name_kana,aliases,corporate_number,parent,jsic,country,japan_revenue,"
        "revenue_currency,revenue_date,products,urls,signals\n"
        "テスト株式会社,TEST CO.,,,,,,JP,,,,,javascript:alert(9);https://ok.example/,\n",
        encoding="utf-8",
    )
    report = import_companies(database, csv_file)
    assert report.imported == 1, report
    company_id = client.get("/api/companies").json()[0]["id"]
    page = client.get(f"/companies/{company_id}").text
    assert 'href="javascript:' not in page and 'href="https://ok.example/"' in page
    added = add_uploaded_evidence(database, [("a.txt", b"A product page. " * 20)],
                                  product="P1", url="javascript:alert(9)")
    doc_id = added.documents[0].id
    for path in ("/evidence", f"/evidence/{doc_id}"):
        text = client.get(path).text
        assert 'href="javascript:' not in text, path
