"""USPTO Open Data Portal (ODP), Patent File Wrapper API: one application's data.

From the ODP API documentation (the OpenAPI file published at
https://data.uspto.gov/apis/getting-started, ``api.uspto.gov``):

* every request carries the user's key in the ``X-API-KEY`` header;
* ``GET /api/v1/patent/applications/{applicationNumberText}`` answers
  ``{"count", "patentFileWrapperDataBag": [{"applicationNumberText",
  "applicationMetaData", "parentContinuityBag", "childContinuityBag",
  "foreignPriorityBag", "patentTermAdjustmentData", …}]}``;
* a grant number is looked up with ``GET /api/v1/patent/applications/search``
  and ``q=applicationMetaData.patentNumber:NNNNNNN``;
* errors are JSON ``{"code", "error", "errorDetails"}``: 404 "No matching
  records found", 403 Forbidden (key refused), 429 too many requests (retried).

What the ODP does not give: the claim text. Claims come from the USPTO's bulk
full-text files (``kizuna ingest`` of the weekly XML); the fetched record says so.
"""

from __future__ import annotations

import json

from kizuna.adapters.fetch.http import Answer, OfficeHttp
from kizuna.adapters.sources.uspto_odp.parse import NO_CLAIMS_NOTE
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.errors import InvalidValueError, NotFoundError, OfficeError
from kizuna.services.fetch.ports import FetchedDocument, FetchedFile

__all__ = ["ODP_BASE", "UsptoOdpFetcher"]

ODP_BASE = "https://api.uspto.gov"


class UsptoOdpFetcher:
    """Fetches a US application's file-wrapper data with the user's ODP API key."""

    office = "us"
    name = "USPTO ODP"

    def __init__(self, *, api_key: str | None, http: OfficeHttp, base: str = ODP_BASE) -> None:
        self._key = api_key or ""
        self._http = http
        self._base = base.rstrip("/")

    def check(self) -> None:
        if not self._key:
            raise InvalidValueError(
                "the USPTO Open Data Portal needs your API key: set KIZUNA_USPTO_ODP_API_KEY "
                "(get one at https://data.uspto.gov)"
            )

    def close(self) -> None:
        self._http.close()

    def fetch(self, number: PatentNumber) -> FetchedDocument:
        """The application's record, by application number or by grant number."""
        self.check()
        if number.country != "US":
            raise InvalidValueError(f"{number.compact}: the USPTO ODP is asked for US numbers")
        headers = {"X-API-KEY": self._key, "Accept": "application/json"}
        if number.type is NumberType.APPLICATION:
            url = f"{self._base}/api/v1/patent/applications/{number.number}"
            answer = self._http.request("GET", url, headers=headers)
        elif number.type is NumberType.GRANT or (number.type is None and number.number.isdigit()
                                                 and len(number.number) <= 8):
            url = f"{self._base}/api/v1/patent/applications/search"
            query = {"q": f"applicationMetaData.patentNumber:{number.number}"}
            answer = self._http.request("GET", url, headers=headers, params=query)
        else:
            raise InvalidValueError(
                f"{number.compact}: fetch US patents by grant number (US9362380) or application "
                "number (US 14/104,993); the ODP lookup of publication numbers is not supported"
            )
        label = number.compact
        _check(answer, label)
        return FetchedDocument(
            number=label, office=self.office,
            files=(FetchedFile(name=f"{label}.odp.json", data=answer.body),),
            notes=(f"{label}: {NO_CLAIMS_NOTE}",),
        )


def _check(answer: Answer, label: str) -> None:
    if answer.status == 404:
        raise NotFoundError(f"{label}: not found at the USPTO (Open Data Portal)")
    if answer.status in {401, 403}:
        raise OfficeError(f"the USPTO Open Data Portal refused the API key (HTTP "
                          f"{answer.status}); check KIZUNA_USPTO_ODP_API_KEY")
    if answer.status == 429:
        raise OfficeError("USPTO Open Data Portal rate limit exceeded (HTTP 429 after retries); "
                          "try again later")
    if answer.status != 200:
        raise OfficeError(f"the USPTO Open Data Portal answered HTTP {answer.status} for {label}")
    try:
        payload = json.loads(answer.body)
    except ValueError as exc:
        raise OfficeError(f"the USPTO Open Data Portal answered {label} with invalid JSON") from exc
    bag = payload.get("patentFileWrapperDataBag") if isinstance(payload, dict) else None
    if not bag:
        raise NotFoundError(f"{label}: not found at the USPTO (Open Data Portal)")
