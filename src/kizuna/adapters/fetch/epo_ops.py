"""EPO Open Patent Services (OPS) v3.2: bibliographic data and claims of one EP publication.

From the OPS RESTful Web Services Reference Guide v1.3.20 (June 2024):

* token: ``POST https://ops.epo.org/3.2/auth/accesstoken`` with HTTP Basic
  ``consumer key:consumer secret`` and ``grant_type=client_credentials``; the
  JSON answer's ``access_token`` lasts about 20 minutes (``expires_in`` 1199 s);
  an expired token is answered 400 ``invalid_access_token`` (one new token, once);
* data: ``GET …/rest-services/published-data/publication/docdb/EP.3404678.B1/biblio``
  and ``…/claims`` (docdb form when the kind is known, else epodoc ``EP3404678``);
* self-throttling (§2.3.3): every answer carries ``X-Throttling-Control: idle
  (retrieval=green:200, search=green:30, …)``, a traffic light and a request limit per
  60 s per service; biblio and claims are ``retrieval``. At green Kizuna goes on; at
  yellow or red it spaces its next requests 60/limit seconds apart; at black it waits
  the ``Retry-After`` (milliseconds) or 60 s;
* errors (§2.2.3, always XML): 404 ``SERVER.EntityNotFound`` / ``CLIENT.NotFound``
  (not found), 403 with ``X-Rejection-Reason`` (a fair-use quota used up,
  e.g. ``RegisteredQuotaPerWeek``), 403 ``CLIENT.RobotDetected``, 503
  ``SERVER.LimitedServerResources`` (retried); ``Retry-After`` is in milliseconds.

Claims may be missing for a publication (no full text at the EPO): that is a
note, not a failure.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping

import httpx2

from kizuna.adapters.fetch.http import Answer, OfficeHttp
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.errors import InvalidValueError, NotFoundError, OfficeError
from kizuna.services.fetch.ports import FetchedDocument, FetchedFile

__all__ = ["OPS_BASE", "EpoOpsFetcher", "throttle_pause"]

OPS_BASE = "https://ops.epo.org/3.2"
_TOKEN_MARGIN = 60.0  # renew a token this many seconds before OPS says it expires
_FAULT_CODE = re.compile(rb"<(?:\w+:)?code>\s*([^<]+?)\s*</")
_LIGHT = re.compile(r"\bretrieval=(green|yellow|red|black):(\d+)")


class EpoOpsFetcher:
    """Fetches an EP publication's biblio and claims from OPS with the user's key and secret."""

    office = "ep"
    name = "EPO OPS"

    def __init__(self, *, key: str | None, secret: str | None, http: OfficeHttp,
                 base: str = OPS_BASE) -> None:
        self._key = key or ""
        self._secret = secret or ""
        self._http = http
        self._base = base.rstrip("/")
        self._token = ""
        self._expires = 0.0
        self._next_request = 0.0  # monotonic time before which OPS asked us to wait

    def check(self) -> None:
        if not self._key or not self._secret:
            raise InvalidValueError(
                "EPO OPS needs your consumer key and secret: set KIZUNA_EPO_OPS_KEY and "
                "KIZUNA_EPO_OPS_SECRET (register at https://developers.epo.org)"
            )

    def close(self) -> None:
        self._http.close()

    def fetch(self, number: PatentNumber) -> FetchedDocument:
        """Biblio (required) and claims (when the EPO has them) of one EP publication."""
        if number.country != "EP" or number.type is NumberType.APPLICATION:
            raise InvalidValueError(
                f"{number.compact}: EPO OPS is asked for EP publication numbers "
                "(EP3404678, EP3404678B1)"
            )
        reference = (f"docdb/EP.{number.number}.{number.kind}" if number.kind
                     else f"epodoc/EP{number.number}")
        label = f"EP{number.number}{number.kind or ''}"
        biblio = self._get(f"published-data/publication/{reference}/biblio", label)
        files = [FetchedFile(name=f"{label}.ops-biblio.xml", data=biblio.body)]
        notes: list[str] = []
        try:
            claims = self._get(f"published-data/publication/{reference}/claims", label)
            files.append(FetchedFile(name=f"{label}.ops-claims.xml", data=claims.body))
        except NotFoundError:
            notes.append(f"{label}: the EPO has no claim text for this publication")
        return FetchedDocument(number=label, office=self.office, files=tuple(files),
                               notes=tuple(notes))

    def _get(self, path: str, label: str) -> Answer:
        url = f"{self._base}/rest-services/{path}"
        answer = self._paced_get(url)
        if answer.status == 400 and b"invalid_access_token" in answer.body:
            self._token = ""
            answer = self._paced_get(url)
        if answer.status == 200:
            return answer
        raise _fault(answer, label)

    def _paced_get(self, url: str) -> Answer:
        """GET after the pause the last ``X-Throttling-Control`` asked for; note the next."""
        headers = self._headers()
        wait = self._next_request - time.monotonic()
        if wait > 0:
            self._http.sleep(wait)
        answer = self._http.request("GET", url, headers=headers)
        self._next_request = time.monotonic() + throttle_pause(answer.headers)
        return answer

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._access_token()}", "Accept": "application/xml"}

    def _access_token(self) -> str:
        if self._token and time.monotonic() < self._expires:
            return self._token
        self.check()
        answer = self._http.request(
            "POST", f"{self._base}/auth/accesstoken",
            headers={"Accept": "application/json"},
            data={"grant_type": "client_credentials"},
            auth=httpx2.BasicAuth(self._key, self._secret),
        )
        if answer.status in {400, 401, 403}:
            raise OfficeError(
                f"EPO OPS refused the consumer key and secret (HTTP {answer.status}); check "
                "KIZUNA_EPO_OPS_KEY and KIZUNA_EPO_OPS_SECRET"
            )
        token, lifetime = _token_of(answer)
        self._token = token
        self._expires = time.monotonic() + max(lifetime - _TOKEN_MARGIN, 1.0)
        return token


def throttle_pause(headers: Mapping[str, str]) -> float:
    """Seconds to leave before the next retrieval request, from ``X-Throttling-Control``.

    >>> throttle_pause({"x-throttling-control": "busy (retrieval=red:30, search=green:15)"})
    2.0
    """
    match = _LIGHT.search(headers.get("x-throttling-control", ""))
    if match is None or match[1] == "green":
        return 0.0
    limit = int(match[2])
    if match[1] == "black" or limit == 0:
        after = headers.get("retry-after", "").strip()
        return min(float(after) / 1000, 120.0) if after.isdigit() else 60.0
    return 60.0 / limit


def _token_of(answer: Answer) -> tuple[str, float]:
    import json

    if answer.status != 200:
        raise OfficeError(f"EPO OPS token request failed (HTTP {answer.status})")
    try:
        payload = json.loads(answer.body)
        token = str(payload["access_token"])
        lifetime = float(payload.get("expires_in") or 1199)
    except (ValueError, KeyError, TypeError) as exc:
        raise OfficeError("EPO OPS answered the token request with no access_token") from exc
    return token, lifetime


def _fault(answer: Answer, label: str) -> Exception:
    """The one-line error for a non-200 OPS answer (codes from the reference guide §2.2.3)."""
    match = _FAULT_CODE.search(answer.body[:4096])
    code = match[1].decode("ascii", "replace") if match else ""
    if answer.status == 404 or code in {"SERVER.EntityNotFound", "CLIENT.NotFound"}:
        return NotFoundError(f"{label}: not found at the EPO (OPS {code or 'HTTP 404'})")
    rejection = answer.headers.get("x-rejection-reason", "")
    if answer.status == 403 and rejection:
        return OfficeError(
            f"EPO OPS quota exceeded ({rejection}); try again when it is released "
            "(hourly quotas roll over within the hour, weekly ones at midnight UTC at the "
            "start of the calendar week)"
        )
    if answer.status == 403 and code == "CLIENT.RobotDetected":
        return OfficeError("EPO OPS is refusing automated requests for now "
                           "(CLIENT.RobotDetected); try again later")
    if answer.status in {401, 403}:
        return OfficeError(f"EPO OPS refused the request (HTTP {answer.status}); check "
                           "KIZUNA_EPO_OPS_KEY and KIZUNA_EPO_OPS_SECRET")
    if answer.status in {429, 503}:
        return OfficeError(f"EPO OPS is overloaded (HTTP {answer.status} after retries); "
                           "try again later")
    detail = f" {code}" if code else ""
    return OfficeError(f"EPO OPS answered HTTP {answer.status}{detail} for {label}")
