"""Document downloads: GET /api/campaigns/{id}/brief, /letter, /pack/hantei, /record.pdf."""

from __future__ import annotations

import io

import docx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from kizuna.adapters.storage.db import Database
from kizuna.settings import Settings
from kizuna.web.app import create_app
from tests.services.documents_support import (
    install_campaign,
    make_campaign,
    prepare,
    reject_element,
)
from tests.web.auth_support import logged_in

pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


@pytest.fixture
def client(database: Database, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    prepare(database, reviewed=True)
    install_campaign(monkeypatch, make_campaign())
    settings = Settings(database_url="sqlite://", allowed_hosts="testserver")
    return logged_in(TestClient(create_app(settings, database=database)), database)


def test_downloads(client: TestClient) -> None:
    brief = client.get(
        "/api/campaigns/1/brief", params={"lang": "ja", "format": "pdf", "chart": [1]}
    )
    assert brief.status_code == 200 and brief.headers["content-type"] == "application/pdf"
    assert "技術紹介資料" in PdfReader(io.BytesIO(brief.content)).pages[0].extract_text()
    letter = client.get(
        "/api/campaigns/1/letter", params={"kind": "introduction", "lang": "ja", "format": "docx"}
    )
    assert letter.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.content)).paragraphs)
    assert "拝啓" in text and "敬具" in text
    hantei = client.get("/api/campaigns/1/pack/hantei", params={"chart": 1})
    assert hantei.status_code == 200 and "attachment" in hantei.headers["content-disposition"]
    assert client.get("/api/campaigns/1/record.pdf").status_code == 200


def test_errors(client: TestClient) -> None:
    assert client.get("/api/campaigns/5/brief").status_code == 404
    assert client.get("/api/campaigns/1/letter", params={"kind": "threat"}).status_code == 400
    assert client.get("/api/campaigns/1/pack/hantei", params={"chart": 9}).status_code == 404
    offer = client.get("/api/campaigns/1/letter", params={"kind": "offer"})
    assert offer.status_code == 400 and "offer letter refers to the claim chart" in offer.text


def test_draft_evidence_is_refused_or_marked(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepare(database)
    reject_element(database, "1D")  # a reviewer found no evidence for 1D
    install_campaign(monkeypatch, make_campaign())
    settings = Settings(database_url="sqlite://", allowed_hosts="testserver")
    client = logged_in(TestClient(create_app(settings, database=database)), database)
    refused = client.get("/api/campaigns/1/pack/hantei", params={"chart": 1})
    assert refused.status_code == 409 and "not supported by reviewed evidence" in refused.text
    marked = client.get(
        "/api/campaigns/1/pack/hantei", params={"chart": 1, "allow_draft_evidence": "true"}
    )
    assert marked.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(marked.content)).paragraphs)
    assert "【証拠未確定】" in text
