"""Validate the JPO patent information API's progress record (特許経過情報).

The JPO patent information API (特許情報取得API, https://ip-data.jpo.go.jp)
answers ``app_progress`` with ``{"result": {"statusCode", "errorMessage",
"data": {...}}}``. Every value is a string; absent values are ``""``; dates
are ``YYYYMMDD``. The models below validate the fields Kizuna maps, with
reusable ``Annotated`` types for the messy ones (:data:`JpoDate`,
:data:`JpoDigits`); unknown fields are ignored.

    >>> record = parse_progress(json.loads(data), name="2020123456-progress.json")  # doctest: +SKIP
    >>> record.registration_number, record.expire_date  # doctest: +SKIP
    ('7533889', datetime.date(2040, 7, 20))
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from kizuna.domain.ids import normalise_text
from kizuna.errors import MalformedDocumentError, UnsupportedFormatError

__all__ = [
    "ApplicantAttorney",
    "BibliographyDocument",
    "DivisionalApplication",
    "JpoDate",
    "JpoDigits",
    "ParentApplication",
    "PriorityRight",
    "ProgressRecord",
    "parse_progress",
]

# API status codes (ステータスコード), from the JPO API manual's status table.
SUCCESS = "100"
STATUS_MESSAGES = {
    "107": "no data for this number (該当するデータがありません)",
    "108": "no document body (該当する書類実体がありません)",
    "111": "number not served by the API (提供対象外の案件番号)",
    "203": "daily access limit exceeded",
    "204": "invalid parameter value",
    "210": "invalid access token",
    "212": "invalid credentials",
    "302": "the API timed out",
    "303": "the API is busy",
    "400": "invalid request",
    "999": "unexpected error at the JPO",
}


def _to_date(value: object) -> date | None:
    """``"20200720"`` (full or half width) -> date; ``""`` -> None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = normalise_text(str(value)).replace("-", "").replace("/", "")
    if not text:
        return None
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"{value!r} is not a YYYYMMDD date")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _to_digits(value: object) -> str:
    """Fold full-width digits, drop separators: ``"２０２０－１２３４５６"`` -> ``"2020123456"``."""
    return normalise_text(str(value or "")).replace("-", "").replace(" ", "")


JpoDate = Annotated[date | None, BeforeValidator(_to_date)]
JpoDigits = Annotated[str, BeforeValidator(_to_digits)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class ApplicantAttorney(_Model):
    """申請人: an applicant (class ``1``) or an agent (class ``2``)."""

    code: JpoDigits = Field(default="", alias="applicantAttorneyCd")
    repeat_number: JpoDigits = Field(default="", alias="repeatNumber")
    name: str = ""
    attorney_class: str = Field(default="", alias="applicantAttorneyClass")


class PriorityRight(_Model):
    """優先権情報: a Paris priority or a domestic priority (国内優先権)."""

    paris_number: str = Field(default="", alias="parisPriorityApplicationNumber")
    paris_date: JpoDate = Field(default=None, alias="parisPriorityDate")
    paris_country: str = Field(default="", alias="parisPriorityCountryCd")
    national_law: str = Field(default="", alias="nationalPriorityLawCd")
    national_number: JpoDigits = Field(default="", alias="nationalPriorityApplicationNumber")
    national_international_number: str = Field(
        default="", alias="nationalPriorityInternationalApplicationNumber"
    )
    national_date: JpoDate = Field(default=None, alias="nationalPriorityDate")


class ParentApplication(_Model):
    """原出願情報: the application this one was divided from."""

    number: JpoDigits = Field(default="", alias="parentApplicationNumber")
    filing_date: JpoDate = Field(default=None, alias="filingDate")


class DivisionalApplication(_Model):
    """分割出願群情報: one member of the divisional chain (generation 0 is the first)."""

    number: JpoDigits = Field(default="", alias="applicationNumber")
    generation: str = Field(default="", alias="divisionalGeneration")


class BibliographyDocument(_Model):
    """書類一覧: one document in the file wrapper."""

    legal_date: JpoDate = Field(default=None, alias="legalDate")
    code: str = Field(default="", alias="documentCode")
    description: str = Field(default="", alias="documentDescription")


class BibliographyGroup(_Model):
    number_type: str = Field(default="", alias="numberType")
    number: str = ""
    documents: tuple[BibliographyDocument, ...] = Field(default=(), alias="documentList")


class ProgressRecord(_Model):
    """The ``data`` of a JPO ``app_progress`` answer: one application's progress."""

    application_number: JpoDigits = Field(alias="applicationNumber")
    title: str = Field(default="", alias="inventionTitle")
    applicants: tuple[ApplicantAttorney, ...] = Field(default=(), alias="applicantAttorney")
    filing_date: JpoDate = Field(default=None, alias="filingDate")
    publication_number: JpoDigits = Field(default="", alias="ADPublicationNumber")
    national_publication_number: JpoDigits = Field(
        default="", alias="ADNationalPublicationNumber"
    )
    publication_date: JpoDate = Field(default=None, alias="publicationDate")
    registration_number: JpoDigits = Field(default="", alias="registrationNumber")
    registration_date: JpoDate = Field(default=None, alias="registrationDate")
    international_application_number: str = Field(
        default="", alias="internationalApplicationNumber"
    )
    international_publication_number: str = Field(
        default="", alias="internationalPublicationNumber"
    )
    international_publication_date: JpoDate = Field(
        default=None, alias="internationalPublicationDate"
    )
    erasure_identifier: str = Field(default="", alias="erasureIdentifier")
    expire_date: JpoDate = Field(default=None, alias="expireDate")
    disappearance_date: JpoDate = Field(default=None, alias="disappearanceDate")
    priorities: tuple[PriorityRight, ...] = Field(default=(), alias="priorityRightInformation")
    parent: ParentApplication | None = Field(default=None, alias="parentApplicationInformation")
    divisionals: tuple[DivisionalApplication, ...] = Field(
        default=(), alias="divisionalApplicationInformation"
    )
    bibliography: tuple[BibliographyGroup, ...] = Field(
        default=(), alias="bibliographyInformation"
    )

    def documents(self) -> tuple[BibliographyDocument, ...]:
        """Every document of every number group, in file order."""
        return tuple(d for group in self.bibliography for d in group.documents)


def parse_progress(payload: object, *, name: str) -> ProgressRecord:
    """Validate a decoded progress JSON; raise a SourceError naming ``name`` otherwise.

    Accepts the API's envelope (``{"result": {"statusCode": "100", "data": …}}``),
    the envelope's inner ``result``, or the bare ``data`` object.
    """
    data = _unwrap(payload, name)
    if not isinstance(data, dict) or not str(data.get("applicationNumber") or "").strip():
        raise UnsupportedFormatError(
            name, "not a JPO progress record: no applicationNumber in its data"
        )
    try:
        return ProgressRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise MalformedDocumentError(
            name, f"JPO progress record field {where}: {first['msg']}"
        ) from exc


def _unwrap(payload: object, name: str) -> Any:
    if not isinstance(payload, dict):
        raise UnsupportedFormatError(name, "not a JPO progress record: the JSON is not an object")
    result = payload.get("result", payload)
    if not isinstance(result, dict):
        raise UnsupportedFormatError(name, "not a JPO progress record: 'result' is not an object")
    if "statusCode" not in result:
        return result.get("data", result)
    status = str(result.get("statusCode"))
    if status != SUCCESS:
        detail = str(result.get("errorMessage") or "") or STATUS_MESSAGES.get(status, "")
        raise UnsupportedFormatError(
            name,
            f"not a JPO progress record: the API answered statusCode {status}"
            + (f" ({detail})" if detail else ""),
        )
    return result.get("data")
