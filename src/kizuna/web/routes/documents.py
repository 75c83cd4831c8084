"""Document downloads of a campaign (the files ``kizuna brief``, ``letter``, ``pack hantei`` write).

| route | answer |
|---|---|
| ``GET /api/campaigns/{id}/brief?lang=ja|en|both&format=pdf|docx&kind=full|ringi`` | the brief |
| ``GET /api/campaigns/{id}/letter?kind=…&lang=ja|en&format=pdf|docx`` | a letter |
| ``GET /api/campaigns/{id}/pack/hantei?claim=N&product=&patent=`` | the draft hantei annex (DOCX) |
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


@router.get("/{campaign_id}/brief")
def brief(
    campaign_id: int,
    database: DatabaseDep,
    lang: Annotated[str, Query(description="ja, en or both")] = "ja",
    format: Annotated[str, Query(description="pdf or docx")] = "pdf",
    kind: Annotated[str, Query(description="full or ringi")] = "full",
) -> Response:
    """The technology brief (or ringi summary) as a file."""
    document = brief_document(database, campaign_id, lang=lang, kind=kind)
    return _file(document, format, f"campaign-{campaign_id}-{kind}-{lang}")


@router.get("/{campaign_id}/letter")
def letter(
    campaign_id: int,
    database: DatabaseDep,
    kind: Annotated[str, Query(description="introduction, offer, follow-up, mediation-request")],
    lang: Annotated[str, Query(description="ja or en")] = "ja",
    format: Annotated[str, Query(description="pdf or docx")] = "pdf",
) -> Response:
    """A letter to the licensee as a file."""
    document = letter_document(database, campaign_id, kind=kind, lang=lang)
    return _file(document, format, f"campaign-{campaign_id}-{kind}-{lang}")


@router.get("/{campaign_id}/pack/hantei")
def hantei(
    campaign_id: int,
    database: DatabaseDep,
    claim: Annotated[int, Query(description="Claim number charted")],
    product: Annotated[str | None, Query(description="Product charted")] = None,
    patent: Annotated[str | None, Query(description="Patent of the campaign")] = None,
) -> Response:
    """The draft hantei annex (DOCX)."""
    document = hantei_document(database, campaign_id, claim=claim, product=product, patent=patent)
    return _file(document, "docx", f"campaign-{campaign_id}-hantei-claim{claim}")


@router.get("/{campaign_id}/record.pdf")
def record(campaign_id: int, database: DatabaseDep) -> Response:
    """The negotiation record chronology (PDF)."""
    return _file(record_document(database, campaign_id), "pdf", f"campaign-{campaign_id}-record")
