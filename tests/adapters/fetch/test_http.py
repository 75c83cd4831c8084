"""The bounded, retrying HTTP seam of kizuna fetch: limits, retries, one-line errors."""

from __future__ import annotations

import httpx2
import pytest

from kizuna.adapters.fetch.http import MAX_RETRIES, OfficeHttp
from kizuna.errors import OfficeError

URL = "https://office.example/api/doc"


def _http(handler, *, max_bytes: int = 1024, unit: float = 1.0) -> tuple[OfficeHttp, list[float]]:
    waits: list[float] = []
    http = OfficeHttp(office="Test office", timeout=5, max_bytes=max_bytes,
                      transport=httpx2.MockTransport(handler), retry_after_unit=unit,
                      sleep=waits.append)
    return http, waits


def test_retries_503_honouring_retry_after_then_succeeds() -> None:
    answers = [httpx2.Response(503, headers={"Retry-After": "7"}),
               httpx2.Response(429), httpx2.Response(200, content=b"ok")]
    http, waits = _http(lambda request: answers.pop(0))
    answer = http.request("GET", URL)
    assert (answer.status, answer.body) == (200, b"ok")
    assert waits == [7.0, 2.0]  # Retry-After first, then the backoff of the second attempt


def test_ops_retry_after_is_read_in_milliseconds() -> None:
    answers = [httpx2.Response(503, headers={"Retry-After": "60000"}), httpx2.Response(200)]
    http, waits = _http(lambda request: answers.pop(0), unit=0.001)
    http.request("GET", URL)
    assert waits == [60.0]


def test_gives_up_after_the_last_retry_and_returns_the_answer() -> None:
    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        return httpx2.Response(429, headers={"Retry-After": "100000"})

    http, waits = _http(handler)
    assert http.request("GET", URL).status == 429
    assert len(calls) == MAX_RETRIES + 1
    assert waits == [120.0] * MAX_RETRIES  # a huge Retry-After is capped


@pytest.mark.parametrize("status", [400, 401, 403, 404, 500, 502])
def test_other_statuses_are_not_retried(status: int) -> None:
    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        return httpx2.Response(status)

    http, waits = _http(handler)
    assert http.request("GET", URL).status == status
    assert (len(calls), waits) == (1, [])


def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    http, _ = _http(lambda request: httpx2.Response(200, content=b"x" * 2048))
    with pytest.raises(OfficeError, match=r"2,048 bytes, over the limit of 1,024 bytes "
                                          r"\(KIZUNA_FETCH_MAX_BYTES\)"):
        http.request("GET", URL)


def test_a_streamed_body_is_cut_off_at_the_limit() -> None:
    def chunks():
        for _ in range(100):
            yield b"x" * 100

    http, _ = _http(lambda request: httpx2.Response(200, content=chunks()))
    with pytest.raises(OfficeError, match="more than 1,024 bytes"):
        http.request("GET", URL)


def test_a_timeout_is_one_line_naming_the_setting() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ReadTimeout("timed out", request=request)

    http, _ = _http(handler)
    with pytest.raises(OfficeError) as caught:
        http.request("GET", URL)
    assert str(caught.value) == "Test office: no answer within 5 s (KIZUNA_FETCH_TIMEOUT)"


def test_a_connection_failure_is_one_line() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("refused", request=request)

    http, _ = _http(handler)
    expected = r"^Test office: cannot reach the office \(ConnectError\)$"
    with pytest.raises(OfficeError, match=expected):
        http.request("GET", URL)
