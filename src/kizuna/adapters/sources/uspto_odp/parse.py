"""Validate a USPTO Open Data Portal Patent File Wrapper record (pydantic, unknown fields ignored).

Field names are those of the ODP OpenAPI document (``PatentDataResponse``):
``applicationNumberText``, ``applicationMetaData`` (``inventionTitle``,
``filingDate``, ``grantDate``, ``patentNumber``, ``applicationStatusDescriptionText``,
``earliestPublicationNumber``/``Date``, ``cpcClassificationBag``,
``uspcSymbolText``, ``applicantBag``, ``inventorBag``, ``firstApplicantName``),
``parentContinuityBag``, ``childContinuityBag``, ``foreignPriorityBag`` and
``patentTermAdjustmentData``. Dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from kizuna.errors import MalformedDocumentError, UnsupportedFormatError

__all__ = ["NO_CLAIMS_NOTE", "OdpRecord", "parse_records"]

NO_CLAIMS_NOTE = ("the USPTO Open Data Portal gives bibliographic data, status and continuity "
                  "but no claim text: ingest the USPTO bulk full-text XML for the claims")


def _to_date(value: object) -> date | None:
    if value in (None, ""):
        return None
    text = str(value).strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a YYYY-MM-DD date") from exc


def _to_text(value: object) -> str:
    return "" if value is None else str(value).strip()


OdpDate = Annotated[date | None, BeforeValidator(_to_date)]
OdpText = Annotated[str, BeforeValidator(_to_text)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class Applicant(_Model):
    name: OdpText = Field(default="", alias="applicantNameText")
    country: OdpText = Field(default="", alias="countryCode")


class Inventor(_Model):
    name: OdpText = Field(default="", alias="inventorNameText")
    first: OdpText = Field(default="", alias="firstName")
    middle: OdpText = Field(default="", alias="middleName")
    last: OdpText = Field(default="", alias="lastName")
    country: OdpText = Field(default="", alias="countryCode")

    def full_name(self) -> str:
        return self.name or " ".join(p for p in (self.first, self.middle, self.last) if p)


class MetaData(_Model):
    title: OdpText = Field(default="", alias="inventionTitle")
    filing_date: OdpDate = Field(default=None, alias="filingDate")
    grant_date: OdpDate = Field(default=None, alias="grantDate")
    patent_number: OdpText = Field(default="", alias="patentNumber")
    status_text: OdpText = Field(default="", alias="applicationStatusDescriptionText")
    status_code: OdpText = Field(default="", alias="applicationStatusCode")
    publication_number: OdpText = Field(default="", alias="earliestPublicationNumber")
    publication_date: OdpDate = Field(default=None, alias="earliestPublicationDate")
    cpc: tuple[OdpText, ...] = Field(default=(), alias="cpcClassificationBag")
    uspc: OdpText = Field(default="", alias="uspcSymbolText")
    applicants: tuple[Applicant, ...] = Field(default=(), alias="applicantBag")
    inventors: tuple[Inventor, ...] = Field(default=(), alias="inventorBag")
    first_applicant: OdpText = Field(default="", alias="firstApplicantName")


class Continuity(_Model):
    parent: OdpText = Field(default="", alias="parentApplicationNumberText")
    child: OdpText = Field(default="", alias="childApplicationNumberText")
    parent_date: OdpDate = Field(default=None, alias="parentApplicationFilingDate")
    child_date: OdpDate = Field(default=None, alias="childApplicationFilingDate")
    code: OdpText = Field(default="", alias="claimParentageTypeCode")


class ForeignPriority(_Model):
    office: OdpText = Field(default="", alias="ipOfficeName")
    filing_date: OdpDate = Field(default=None, alias="filingDate")
    number: OdpText = Field(default="", alias="applicationNumberText")


class TermAdjustment(_Model):
    total_days: int | None = Field(default=None, alias="adjustmentTotalQuantity")


class OdpRecord(_Model):
    """One element of ``patentFileWrapperDataBag``."""

    application_number: OdpText = Field(alias="applicationNumberText")
    meta: MetaData = Field(default_factory=MetaData, alias="applicationMetaData")
    parents: tuple[Continuity, ...] = Field(default=(), alias="parentContinuityBag")
    children: tuple[Continuity, ...] = Field(default=(), alias="childContinuityBag")
    foreign_priorities: tuple[ForeignPriority, ...] = Field(default=(),
                                                            alias="foreignPriorityBag")
    term_adjustment: TermAdjustment | None = Field(default=None,
                                                   alias="patentTermAdjustmentData")


def parse_records(payload: object, *, name: str) -> tuple[OdpRecord, ...]:
    """The records of a decoded ODP answer; raise a SourceError naming ``name``."""
    bag = payload.get("patentFileWrapperDataBag") if isinstance(payload, dict) else None
    if not isinstance(bag, list):
        raise UnsupportedFormatError(name, "not a USPTO ODP answer: no patentFileWrapperDataBag")
    if not bag:
        raise MalformedDocumentError(name, "the USPTO ODP answer holds no application")
    records = []
    for index, item in enumerate(bag):
        try:
            records.append(OdpRecord.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise MalformedDocumentError(
                name, f"ODP record {index + 1} field {where}: {first['msg']}") from exc
    return tuple(records)
