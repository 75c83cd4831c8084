"""Document downloads of a campaign (the files ``kizuna brief``, ``letter``, ``pack hantei`` write).

| route | answer |
|---|---|
| ``GET /api/campaigns/{id}/brief?lang=&format=&kind=&chart=ID…&allow_draft_evidence=`` | brief |
| ``GET /api/campaigns/{id}/letter?kind=…&lang=&format=&chart=ID…&allow_draft_evidence=`` | letter |
| ``GET /api/campaigns/{id}/pack/hantei?chart=ID&allow_draft_evidence=`` | hantei annex (DOCX) |
| ``GET /api/campaigns/{id}/record.pdf`` | the negotiation record chronology |

Every file is a draft for the licensor's review, not legal advice; nothing is sent.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from kizuna.adapters.exports.documents.model import Document
from kizuna.services.documents import (
    MEDIA_TYPES,
    brief_document,
    document_bytes,
    hantei_document,
    letter_document,
    record_document,
)
from kizuna.web.deps import DatabaseDep

__all__ = ["router"]

router = APIRouter(prefix="/api/campaigns", tags=["documents"])


def _file(document: Document, fmt: str, name: str) -> Response:
    data = document_bytes(document, fmt)
    return Response(
        content=data,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


ChartIds = Annotated[
    list[int], Query(description="Claim chart id (repeatable: chart=3&chart=5)", max_length=20)
]
AllowDraft = Annotated[
    bool, Query(description="Accept elements not labelled supported, marked as drafts")
]


@router.get("/{campaign_id}/brief")
def brief(
    campaign_id: int,
    database: DatabaseDep,
    lang: Annotated[str, Query(description="ja, en or both")] = "ja",
    format: Annotated[str, Query(description="pdf or docx")] = "pdf",
    kind: Annotated[str, Query(description="full or ringi")] = "full",
    chart: ChartIds = [],  # noqa: B006 - FastAPI copies Query defaults
    allow_draft_evidence: AllowDraft = False,
) -> Response:
    """The technology brief (or ringi summary) as a file."""
    document = brief_document(
        database,
        campaign_id,
        lang=lang,
        kind=kind,
        charts=chart,
        allow_draft_evidence=allow_draft_evidence,
    )
    return _file(document, format, f"campaign-{campaign_id}-{kind}-{lang}")


@router.get("/{campaign_id}/letter")
def letter(
    campaign_id: int,
    database: DatabaseDep,
    kind: Annotated[str, Query(description="introduction, offer, follow-up, mediation-request")],
    lang: Annotated[str, Query(description="ja or en")] = "ja",
    format: Annotated[str, Query(description="pdf or docx")] = "pdf",
    chart: ChartIds = [],  # noqa: B006 - FastAPI copies Query defaults
    allow_draft_evidence: AllowDraft = False,
) -> Response:
    """A letter to the licensee as a file (an offer needs at least one chart)."""
    document = letter_document(
        database,
        campaign_id,
        kind=kind,
        lang=lang,
        charts=chart,
        allow_draft_evidence=allow_draft_evidence,
    )
    return _file(document, format, f"campaign-{campaign_id}-{kind}-{lang}")


@router.get("/{campaign_id}/pack/hantei")
def hantei(
    campaign_id: int,
    database: DatabaseDep,
    chart: Annotated[int, Query(description="Claim chart id")],
    allow_draft_evidence: AllowDraft = False,
) -> Response:
    """The draft hantei annex (DOCX)."""
    document = hantei_document(
        database, campaign_id, chart=chart, allow_draft_evidence=allow_draft_evidence
    )
    return _file(document, "docx", f"campaign-{campaign_id}-hantei-chart{chart}")


@router.get("/{campaign_id}/record.pdf")
def record(campaign_id: int, database: DatabaseDep) -> Response:
    """The negotiation record chronology (PDF)."""
    return _file(record_document(database, campaign_id), "pdf", f"campaign-{campaign_id}-record")
