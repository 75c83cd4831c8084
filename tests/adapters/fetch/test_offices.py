"""The three office clients against recorded answers: URLs, credentials, errors, secrecy."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import pytest

from kizuna.adapters.fetch import build_fetchers
from kizuna.domain.ids import parse_number
from kizuna.errors import InvalidValueError, NotFoundError, OfficeError
from kizuna.settings import Settings
from tests.adapters.fetch.recorded import (
    CREDENTIALS,
    JPO,
    JPO_TOKEN,
    ODP,
    OPS,
    OPS_REST,
    Recorded,
    office_routes,
    recorded,
    reply,
)


def _settings(**overrides: object) -> Settings:
    values = {k.removeprefix("KIZUNA_").lower(): v for k, v in CREDENTIALS.items()}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _fetchers(router: Recorded, **overrides: object):
    return build_fetchers(_settings(**overrides), transport=router.transport())


def _no_secret_in(text: str) -> None:
    for secret in CREDENTIALS.values():
        assert secret not in text


# --- EPO OPS -------------------------------------------------------------------------------


def test_ops_token_then_biblio_and_claims_in_docdb_form() -> None:
    router = Recorded(office_routes())
    document = _fetchers(router)["ep"].fetch(parse_number("EP3404678B1"))
    assert [f.name for f in document.files] == ["EP3404678B1.ops-biblio.xml",
                                               "EP3404678B1.ops-claims.xml"]
    assert document.files[0].data == recorded("ops-biblio-EP3404678B1.xml")
    token, biblio, claims = router.seen
    assert str(token.url) == f"{OPS}/auth/accesstoken"
    basic = base64.b64decode(token.headers["authorization"].removeprefix("Basic ")).decode()
    assert basic == "ops-key-SECRET1:ops-secret-SECRET2"
    assert parse_qs(token.content.decode()) == {"grant_type": ["client_credentials"]}
    assert str(biblio.url) == f"{OPS_REST}/docdb/EP.3404678.B1/biblio"
    assert biblio.headers["authorization"] == "Bearer 4AWoepfVNgf09DRmimEnGdXcgoFU"
    assert str(claims.url) == f"{OPS_REST}/docdb/EP.3404678.B1/claims"


def test_ops_number_without_kind_uses_the_epodoc_form() -> None:
    routes = office_routes()
    routes[("GET", f"{OPS_REST}/epodoc/EP3404678/biblio")] = reply(
        200, "ops-biblio-EP3404678B1.xml")
    routes[("GET", f"{OPS_REST}/epodoc/EP3404678/claims")] = reply(
        404, "ops-not-found-404.xml")
    router = Recorded(routes)
    document = _fetchers(router)["ep"].fetch(parse_number("EP3404678"))
    assert [f.name for f in document.files] == ["EP3404678.ops-biblio.xml"]
    assert document.notes == ("EP3404678: the EPO has no claim text for this publication",)


def test_ops_unknown_number_is_not_found_at_the_office() -> None:
    routes = office_routes()
    routes[("GET", f"{OPS_REST}/docdb/EP.9999999.A1/biblio")] = reply(
        404, "ops-not-found-404.xml")
    with pytest.raises(NotFoundError) as caught:
        _fetchers(Recorded(routes))["ep"].fetch(parse_number("EP9999999A1"))
    assert str(caught.value) == ("EP9999999A1: not found at the EPO "
                                 "(OPS SERVER.EntityNotFound)")


def test_ops_quota_exceeded_names_the_quota() -> None:
    routes = office_routes()
    routes[("GET", f"{OPS_REST}/docdb/EP.3404678.B1/biblio")] = reply(
        403, "ops-quota-403.xml", X_Rejection_Reason="RegisteredQuotaPerWeek")
    with pytest.raises(OfficeError, match=r"^EPO OPS quota exceeded \(RegisteredQuotaPerWeek\)"):
        _fetchers(Recorded(routes))["ep"].fetch(parse_number("EP3404678B1"))


def test_ops_refused_credentials_name_the_settings_not_the_secret() -> None:
    routes = office_routes()
    routes[("POST", f"{OPS}/auth/accesstoken")] = reply(401, b'{"error": "invalid_client"}')
    with pytest.raises(OfficeError) as caught:
        _fetchers(Recorded(routes))["ep"].fetch(parse_number("EP3404678B1"))
    assert "KIZUNA_EPO_OPS_KEY" in str(caught.value)
    _no_secret_in(str(caught.value))


def test_ops_expired_token_is_renewed_once() -> None:
    routes = office_routes()
    url = f"{OPS_REST}/docdb/EP.3404678.B1/biblio"
    routes[("GET", url)] = [reply(400, b"<fault><code>invalid_access_token</code></fault>"),
                            reply(200, "ops-biblio-EP3404678B1.xml")]
    router = Recorded(routes)
    _fetchers(router)["ep"].fetch(parse_number("EP3404678B1"))
    tokens = [r for r in router.seen if r.url.path.endswith("accesstoken")]
    assert len(tokens) == 2


def test_ops_refuses_an_application_number() -> None:
    with pytest.raises(InvalidValueError, match="EP publication numbers"):
        _fetchers(Recorded({}))["ep"].fetch(parse_number("EP17171508"))


# --- USPTO ODP ------------------------------------------------------------------------------


def test_odp_application_number_with_the_api_key_header() -> None:
    router = Recorded(office_routes())
    document = _fetchers(router)["us"].fetch(parse_number("US 14/104,993"))
    (request,) = router.seen
    assert str(request.url) == f"{ODP}/14104993"
    assert request.headers["x-api-key"] == "odp-key-SECRET3"
    assert document.files[0].name == "US14104993.odp.json"
    assert "no claim text" in document.notes[0]


def test_odp_grant_number_is_searched_by_patent_number() -> None:
    router = Recorded(office_routes())
    _fetchers(router)["us"].fetch(parse_number("US9362380B2"))
    (request,) = router.seen
    assert request.url.path == "/api/v1/patent/applications/search"
    assert request.url.params["q"] == "applicationMetaData.patentNumber:9362380"


def test_odp_not_found_and_refused_key() -> None:
    routes = office_routes()
    routes[("GET", f"{ODP}/99999999")] = reply(404, "odp-not-found-404.json")
    routes[("GET", f"{ODP}/14104993")] = reply(403, "odp-forbidden-403.json")
    fetcher = _fetchers(Recorded(routes))["us"]
    with pytest.raises(NotFoundError, match=r"^US99999999: not found at the USPTO"):
        fetcher.fetch(parse_number("US 99/999,999"))
    with pytest.raises(OfficeError, match="KIZUNA_USPTO_ODP_API_KEY") as caught:
        fetcher.fetch(parse_number("US 14/104,993"))
    _no_secret_in(str(caught.value))


def test_odp_refuses_publication_numbers_plainly() -> None:
    with pytest.raises(InvalidValueError, match="publication numbers is not supported"):
        _fetchers(Recorded({}))["us"].fetch(parse_number("US20140167116A1"))


# --- JPO API --------------------------------------------------------------------------------


def test_jpo_token_then_progress_by_application_number() -> None:
    router = Recorded(office_routes())
    document = _fetchers(router)["jp"].fetch(parse_number("特願2020-123456"))
    token, progress = router.seen
    assert str(token.url) == JPO_TOKEN
    assert parse_qs(token.content.decode()) == {
        "grant_type": ["password"], "username": ["jpo-user-SECRET4"],
        "password": ["jpo-password-SECRET5"]}
    assert str(progress.url) == f"{JPO}/api/patent/v1/app_progress/2020123456"
    assert progress.headers["authorization"] == "Bearer REDACTED_ACCESS_TOKEN"
    assert document.files[0].name == "JP2020123456.jpo-progress.json"


def test_jpo_registration_number_goes_through_the_number_reference() -> None:
    router = Recorded(office_routes())
    _fetchers(router)["jp"].fetch(parse_number("JP7533889B2"))
    assert [r.url.path for r in router.seen[1:]] == [
        "/api/patent/v1/case_number_reference/registration/7533889",
        "/api/patent/v1/app_progress/2020123456"]


def test_jpo_status_107_is_not_found_and_203_is_the_daily_limit() -> None:
    routes = office_routes()
    routes[("GET", f"{JPO}/api/patent/v1/app_progress/9999999999")] = reply(
        200, "jpo-not-found-107.json")
    routes[("GET", f"{JPO}/api/patent/v1/app_progress/2020123456")] = reply(
        200, "jpo-daily-limit-203.json")
    fetcher = _fetchers(Recorded(routes))["jp"]
    expected = r"^JP9999999999: not found at the JPO \(statusCode 107"
    with pytest.raises(NotFoundError, match=expected):
        fetcher.fetch(parse_number("特願9999-999999"))
    with pytest.raises(OfficeError, match="daily access limit exceeded"):
        fetcher.fetch(parse_number("特願2020-123456"))


def test_jpo_refused_login_names_the_settings() -> None:
    routes = office_routes()
    routes[("POST", JPO_TOKEN)] = reply(401, b'{"error": "invalid_grant"}')
    with pytest.raises(OfficeError, match="KIZUNA_JPO_API_USER") as caught:
        _fetchers(Recorded(routes))["jp"].fetch(parse_number("特願2020-123456"))
    _no_secret_in(str(caught.value))


# --- credentials ------------------------------------------------------------------------------


@pytest.mark.parametrize(("office", "unset", "setting"), [
    ("ep", "epo_ops_secret", "KIZUNA_EPO_OPS_SECRET"),
    ("us", "uspto_odp_api_key", "KIZUNA_USPTO_ODP_API_KEY"),
    ("jp", "jpo_api_password", "KIZUNA_JPO_API_PASSWORD"),
])
def test_missing_credentials_name_the_setting_before_any_request(
    office: str, unset: str, setting: str
) -> None:
    router = Recorded(office_routes())
    with pytest.raises(InvalidValueError, match=setting):
        _fetchers(router, **{unset: None})[office].check()
    assert router.seen == []


def test_settings_never_show_the_secrets() -> None:
    _no_secret_in(repr(_settings()))


def test_ops_spaces_requests_when_the_retrieval_light_is_not_green() -> None:
    from kizuna.adapters.fetch import EpoOpsFetcher, OfficeHttp
    from kizuna.adapters.fetch.epo_ops import throttle_pause

    routes = office_routes()
    routes[("GET", f"{OPS_REST}/docdb/EP.3404678.B1/biblio")] = reply(
        200, "ops-biblio-EP3404678B1.xml",
        X_Throttling_Control="busy (retrieval=red:30, search=green:15, inpadoc=green:45, "
                             "images=green:100, other=green:1000)")
    waits: list[float] = []
    http = OfficeHttp(office="EPO OPS", timeout=5, max_bytes=1 << 20,
                      transport=Recorded(routes).transport(), sleep=waits.append)
    EpoOpsFetcher(key="k", secret="s", http=http).fetch(parse_number("EP3404678B1"))
    assert len(waits) == 1 and 1.5 < waits[0] <= 2.0  # 60 s / 30 requests before the claims
    black = {"x-throttling-control": "overloaded (retrieval=black:0)", "retry-after": "60000"}
    assert throttle_pause(black) == 60.0
    assert throttle_pause({"x-throttling-control": "idle (retrieval=green:200)"}) == 0.0
