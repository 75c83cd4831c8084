"""JPO patent information API (特許情報取得API, https://ip-data.jpo.go.jp): one progress record.

The JPO issues an ID and password on registration and names the token
endpoint then (``KIZUNA_JPO_API_TOKEN_URL``; ``https://ip-data.jpo.go.jp/auth/token``
is the one recorded in public API traces). The flow:

* token: ``POST`` the token URL with ``grant_type=password``, ``username`` and
  ``password`` (form encoded); the JSON answer's ``access_token`` is a Bearer token;
* ``GET /api/patent/v1/app_progress/{application number}`` answers the progress
  record (特許経過情報) that :mod:`kizuna.adapters.sources.jpo.progress` validates;
* a registration or publication number is first turned into its application
  number with ``GET /api/patent/v1/case_number_reference/{registration|publication}/{number}``.

The API answers HTTP 200 and puts its own status in ``result.statusCode``
(``100`` success, ``107`` no data, ``203`` daily limit, ``210``/``212``
credentials; the table is in ``progress.STATUS_MESSAGES``).
"""

from __future__ import annotations

import json
from typing import Any

from kizuna.adapters.fetch.http import Answer, OfficeHttp
from kizuna.adapters.sources.jpo.progress import STATUS_MESSAGES, SUCCESS
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.errors import InvalidValueError, NotFoundError, OfficeError
from kizuna.services.fetch.ports import FetchedDocument, FetchedFile

__all__ = ["JPO_BASE", "JpoApiFetcher"]

JPO_BASE = "https://ip-data.jpo.go.jp"
_NOT_FOUND = {"107", "108", "111"}
_CREDENTIALS = {"210", "212"}
_QUOTA = "203"


class JpoApiFetcher:
    """Fetches a JP application's progress record with the user's JPO API ID and password."""

    office = "jp"
    name = "JPO API"

    def __init__(self, *, user: str | None, password: str | None, token_url: str,
                 http: OfficeHttp, base: str = JPO_BASE) -> None:
        self._user = user or ""
        self._password = password or ""
        self._token_url = token_url
        self._http = http
        self._base = base.rstrip("/")
        self._token = ""

    def check(self) -> None:
        if not self._user or not self._password:
            raise InvalidValueError(
                "the JPO patent information API needs your ID and password: set "
                "KIZUNA_JPO_API_USER and KIZUNA_JPO_API_PASSWORD (apply to the JPO for access)"
            )

    def close(self) -> None:
        self._http.close()

    def fetch(self, number: PatentNumber) -> FetchedDocument:
        """The progress record of the application behind ``number``."""
        if number.country != "JP":
            raise InvalidValueError(f"{number.compact}: the JPO API is asked for JP numbers")
        application = self._application_number(number)
        answer = self._get(f"/api/patent/v1/app_progress/{application}", number.compact)
        return FetchedDocument(
            number=number.compact, office=self.office,
            files=(FetchedFile(name=f"JP{application}.jpo-progress.json", data=answer.body),),
        )

    def _application_number(self, number: PatentNumber) -> str:
        if number.type is NumberType.APPLICATION or (
            number.type is None and len(number.number) == 10 and number.number.isdigit()
        ):
            return number.number
        kind = "registration" if number.type is NumberType.GRANT else "publication"
        answer = self._get(f"/api/patent/v1/case_number_reference/{kind}/{number.number}",
                           number.compact)
        data = _result(answer, number.compact).get("data") or {}
        application = str(data.get("applicationNumber") or "").strip()
        if not application.isdigit():
            raise NotFoundError(f"{number.compact}: not found at the JPO (no application number)")
        return application

    def _get(self, path: str, label: str) -> Answer:
        headers = {"Authorization": f"Bearer {self._access_token()}",
                   "Accept": "application/json"}
        answer = self._http.request("GET", f"{self._base}{path}", headers=headers)
        if answer.status == 401:  # the token expired: one new token, once
            self._token = ""
            headers["Authorization"] = f"Bearer {self._access_token()}"
            answer = self._http.request("GET", f"{self._base}{path}", headers=headers)
        _result(answer, label)
        return answer

    def _access_token(self) -> str:
        if self._token:
            return self._token
        self.check()
        answer = self._http.request(
            "POST", self._token_url, headers={"Accept": "application/json"},
            data={"grant_type": "password", "username": self._user, "password": self._password},
        )
        if answer.status in {400, 401, 403}:
            raise OfficeError(f"the JPO API refused the ID and password (HTTP {answer.status}); "
                              "check KIZUNA_JPO_API_USER and KIZUNA_JPO_API_PASSWORD")
        if answer.status != 200:
            raise OfficeError(f"the JPO API token request failed (HTTP {answer.status}); check "
                              "KIZUNA_JPO_API_TOKEN_URL")
        try:
            self._token = str(json.loads(answer.body)["access_token"])
        except (ValueError, KeyError, TypeError) as exc:
            raise OfficeError("the JPO API answered the token request with no access_token") \
                from exc
        return self._token


def _result(answer: Answer, label: str) -> dict[str, Any]:
    """The answer's ``result`` object; raise for an HTTP or API status that is not success."""
    if answer.status in {401, 403}:
        raise OfficeError(f"the JPO API refused the request (HTTP {answer.status}); check "
                          "KIZUNA_JPO_API_USER and KIZUNA_JPO_API_PASSWORD")
    if answer.status != 200:
        raise OfficeError(f"the JPO API answered HTTP {answer.status} for {label}")
    try:
        payload = json.loads(answer.body)
    except ValueError as exc:
        raise OfficeError(f"the JPO API answered {label} with invalid JSON") from exc
    result = payload.get("result") if isinstance(payload, dict) else None
    if not isinstance(result, dict):
        raise OfficeError(f"the JPO API answered {label} without a result object")
    status = str(result.get("statusCode", ""))
    if status == SUCCESS:
        return result
    meaning = STATUS_MESSAGES.get(status, "unexpected status")
    if status in _NOT_FOUND:
        raise NotFoundError(f"{label}: not found at the JPO (statusCode {status}: {meaning})")
    if status == _QUOTA:
        raise OfficeError(f"JPO API daily access limit exceeded (statusCode {status}); "
                          "try again tomorrow")
    if status in _CREDENTIALS:
        raise OfficeError(f"the JPO API refused the credentials (statusCode {status}: {meaning}); "
                          "check KIZUNA_JPO_API_USER and KIZUNA_JPO_API_PASSWORD")
    raise OfficeError(f"the JPO API answered statusCode {status} ({meaning}) for {label}")
