"""Replay recorded office answers (tests/data/fetch/) through httpx2.MockTransport.

A :class:`Recorded` router maps ``(method, path)`` to an answer and keeps every
request it saw, so tests check URLs, headers and bodies. Nothing reaches the network:
an unexpected request fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
import pytest

FETCH = Path(__file__).resolve().parents[2] / "data" / "fetch"
OPS = "https://ops.epo.org/3.2"
OPS_REST = f"{OPS}/rest-services/published-data/publication"
ODP = "https://api.uspto.gov/api/v1/patent/applications"
JPO = "https://ip-data.jpo.go.jp"
JPO_TOKEN = f"{JPO}/auth/token"

Reply = tuple[int, bytes, dict[str, str]]


def recorded(name: str) -> bytes:
    return (FETCH / name).read_bytes()


def reply(status: int, name: str | bytes = b"", **headers: str) -> Reply:
    body = recorded(name) if isinstance(name, str) else name
    return status, body, {k.replace("_", "-"): v for k, v in headers.items()}


@dataclass
class Recorded:
    """Answers by (method, URL without query); a list of answers is served in order."""

    routes: dict[tuple[str, str], Reply | list[Reply]] = field(default_factory=dict)
    seen: list[httpx2.Request] = field(default_factory=list)

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        self.seen.append(request)
        url = str(request.url.copy_with(query=None))
        answer = self.routes.get((request.method, url))
        if answer is None:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        status, body, headers = answer
        return httpx2.Response(status, content=body, headers=headers)

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self)

    def urls(self) -> list[str]:
        return [f"{r.method} {r.url}" for r in self.seen]


def office_routes() -> dict[tuple[str, str], Reply | list[Reply]]:
    """The happy answers of all three offices for EP3404678B1, US 9,362,380 and 特願2020-123456."""
    return {
        ("POST", f"{OPS}/auth/accesstoken"): reply(200, "ops-token.json"),
        ("GET", f"{OPS_REST}/docdb/EP.3404678.B1/biblio"): reply(
            200, "ops-biblio-EP3404678B1.xml",
            X_Throttling_Control="idle (retrieval=green:200, search=green:30, inpadoc=green:60, "
                                 "images=green:200, other=green:1000)"),
        ("GET", f"{OPS_REST}/docdb/EP.3404678.B1/claims"): reply(200, "ops-claims-EP3404678B1.xml"),
        ("GET", f"{ODP}/search"): reply(200, "odp-application-14104993.json"),
        ("GET", f"{ODP}/14104993"): reply(200, "odp-application-14104993.json"),
        ("POST", JPO_TOKEN): reply(200, "jpo-token.json"),
        ("GET", f"{JPO}/api/patent/v1/app_progress/2020123456"): reply(
            200, "jpo-app-progress-2020123456.json"),
        ("GET", f"{JPO}/api/patent/v1/case_number_reference/registration/7533889"): reply(
            200, "jpo-case-number-registration-7533889.json"),
    }


CREDENTIALS = {
    "KIZUNA_EPO_OPS_KEY": "ops-key-SECRET1",
    "KIZUNA_EPO_OPS_SECRET": "ops-secret-SECRET2",
    "KIZUNA_USPTO_ODP_API_KEY": "odp-key-SECRET3",
    "KIZUNA_JPO_API_USER": "jpo-user-SECRET4",
    "KIZUNA_JPO_API_PASSWORD": "jpo-password-SECRET5",
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any request that would leave through a real transport."""

    def refuse(self: object, request: httpx2.Request) -> httpx2.Response:
        raise AssertionError(f"a test tried the network: {request.url}")

    monkeypatch.setattr(httpx2.HTTPTransport, "handle_request", refuse)
    yield
