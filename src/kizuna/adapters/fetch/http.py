"""The one HTTP seam of ``kizuna fetch``: timeouts, bounded answers, retries, one-line errors.

Every office client sends its requests through :class:`OfficeHttp`, which

* gives each request the configured timeout (``KIZUNA_FETCH_TIMEOUT``);
* refuses an answer over ``KIZUNA_FETCH_MAX_BYTES`` before parsing it: a
  ``Content-Length`` over the limit is refused unread, and a streamed body is
  cut off as soon as it passes the limit;
* retries only HTTP 429 and 503, at most :data:`MAX_RETRIES` times, waiting
  what ``Retry-After`` says (capped at :data:`MAX_WAIT_SECONDS`) or else an
  exponential backoff (1 s, 2 s, 4 s);
* turns transport faults into :class:`~kizuna.errors.OfficeError` lines that
  name the office, never the credentials (nothing here logs headers or bodies).

Tests pass an ``httpx2.MockTransport``; nothing else in Kizuna opens a connection.

    >>> http = OfficeHttp(office="EPO OPS", timeout=30, max_bytes=1 << 20)  # doctest: +SKIP
    >>> answer = http.request("GET", "https://ops.epo.org/3.2/rest-services/…")  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx2

from kizuna.errors import OfficeError

__all__ = ["MAX_RETRIES", "MAX_WAIT_SECONDS", "Answer", "OfficeHttp"]

MAX_RETRIES = 3
MAX_WAIT_SECONDS = 120.0
_RETRY_STATUSES = frozenset({429, 503})


@dataclass(frozen=True, kw_only=True)
class Answer:
    """An office's answer, read in full (within the size limit)."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass(kw_only=True)
class OfficeHttp:
    """A bounded, retrying HTTP client for one office; see the module docstring.

    ``retry_after_unit`` is 1 for offices that send ``Retry-After`` in seconds
    (RFC 9110) and 0.001 for EPO OPS, whose reference guide (v1.3.20, §2.3.3)
    gives it in milliseconds (``Retry-After: 60000``).
    """

    office: str
    timeout: float
    max_bytes: int
    transport: httpx2.BaseTransport | None = None
    retry_after_unit: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    _client: httpx2.Client | None = field(default=None, init=False, repr=False)

    def client(self) -> httpx2.Client:
        if self._client is None:
            self._client = httpx2.Client(
                transport=self.transport, timeout=self.timeout, follow_redirects=False
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        auth: httpx2.Auth | None = None,
    ) -> Answer:
        """Send one request, retrying 429/503; return the answer whatever its status."""
        for attempt in range(MAX_RETRIES + 1):
            answer = self._once(method, url, headers=headers, data=data, params=params,
                                auth=auth)
            if answer.status not in _RETRY_STATUSES or attempt == MAX_RETRIES:
                return answer
            self.sleep(self._wait(answer, attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
        params: Mapping[str, str] | None,
        auth: httpx2.Auth | None,
    ) -> Answer:
        try:
            with self.client().stream(
                method, url, headers=dict(headers or {}), data=dict(data) if data else None,
                params=dict(params) if params else None,
                auth=auth if auth is not None else httpx2.USE_CLIENT_DEFAULT,
            ) as response:
                self._check_length(response)
                body = self._read(response)
                return Answer(status=response.status_code, headers=dict(response.headers),
                              body=body, url=str(response.url))
        except httpx2.TimeoutException as exc:
            raise OfficeError(
                f"{self.office}: no answer within {self.timeout:g} s (KIZUNA_FETCH_TIMEOUT)"
            ) from exc
        except httpx2.HTTPError as exc:
            raise OfficeError(
                f"{self.office}: cannot reach the office ({type(exc).__name__})"
            ) from exc

    def _check_length(self, response: httpx2.Response) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise OfficeError(self._too_large(f"{int(declared):,} bytes"))

    def _read(self, response: httpx2.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise OfficeError(self._too_large(f"more than {self.max_bytes:,} bytes"))
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, what: str) -> str:
        return (f"{self.office}: the answer is {what}, over the limit of {self.max_bytes:,} "
                "bytes (KIZUNA_FETCH_MAX_BYTES)")

    def _wait(self, answer: Answer, attempt: int) -> float:
        """Seconds to wait before retrying: ``Retry-After`` when given, else 1, 2, 4 s."""
        value = answer.headers.get("retry-after", "").strip()
        if value.replace(".", "", 1).isdigit():
            return min(float(value) * self.retry_after_unit, MAX_WAIT_SECONDS)
        if value:
            try:
                delta = parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError):
                delta = -1.0
            if delta >= 0:
                return min(delta, MAX_WAIT_SECONDS)
        return float(2**attempt)
