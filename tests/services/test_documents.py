"""Documents of a campaign on real patents, real chart evidence and a stand-in campaign service."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kizuna.adapters.storage.db import Database
from kizuna.domain.ids import parse_number
from kizuna.domain.patent import FamilyLink, FamilyRelation
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services import documents
from kizuna.services.document_sources import japanese_claim
from kizuna.services.patents import get_patent
from tests.services.documents_support import (
    FakeVerification,
    install_campaign,
    make_campaign,
    prepare,
)

# The evidence store (another module) still calls Result.tuples(), deprecated in SQLAlchemy 2.1.
pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "examples" / "deal-pilot.toml"
AS_OF = date(2026, 11, 21)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def stored(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    prepare(database)
    install_campaign(monkeypatch, make_campaign())
    return database


def test_brief_ja_pdf(stored: Database, tmp_path: Path) -> None:
    path = documents.write_brief(
        stored, 1, tmp_path / "brief.pdf", lang="ja", deal=DEAL, as_of=AS_OF
    )
    text = pdf_text(path)
    for wanted in (
        "技術紹介資料",
        "令和8年11月21日",
        "立体配線構造体の製造方法",  # JP claim from the record
        "翻訳要",  # the US claim has no Japanese version: marked, not translated
        "mid-dialog SIP message",  # the English claim shown as filed
        "キヤノン株式会社",
        "2711",  # market: company and JSIC from the companies file
        "MID-3000",
        "構成要件",
        "充足率",  # chart summary
        "試行ライセンス",
        "500万円",  # structure from the deal file, in 万 yen
        "法的助言ではありません",
    ):
        assert wanted in text, wanted


def test_brief_both_docx_and_to_be_discussed(stored: Database, tmp_path: Path) -> None:
    path = documents.write_brief(stored, 1, tmp_path / "brief.docx", lang="both", fmt="docx")
    text = docx_text(path)
    assert "技術紹介資料 / Technology brief" in text
    assert "translation needed" in text and "翻訳要" in text
    assert "Terms to be discussed." in text and "契約条件は別途協議" in text


def test_ringi_summary_is_one_page(stored: Database, tmp_path: Path) -> None:
    path = documents.write_brief(stored, 1, tmp_path / "ringi.pdf", lang="ja", kind="ringi")
    assert len(PdfReader(path).pages) == 1
    assert "稟議用概要" in pdf_text(path)


def test_introduction_letter_ja_is_formal_and_relationship_first(
    stored: Database, tmp_path: Path
) -> None:
    text = pdf_text(
        documents.write_letter(
            stored, 1, tmp_path / "intro.pdf", kind="introduction", lang="ja", as_of=AS_OF
        )
    )
    for wanted in (
        "拝啓",
        "晩秋の候",
        "ご清祥のこととお慶び申し上げます",
        "敬具",
        "佐藤 花子様のご紹介により",
        "山田 太郎 様",
        "面談の機会",
        "以上",
    ):
        assert wanted in text.replace("\n", ""), wanted
    for threat in ("侵害", "訴訟", "差止"):
        assert threat not in text


def test_letters_en_and_escalation(
    stored: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    intro = docx_text(
        documents.write_letter(stored, 1, tmp_path / "intro.docx", kind="introduction", lang="en")
    )
    assert "Dear 山田 太郎," in intro and "opportunity to meet" in intro
    offer = docx_text(
        documents.write_letter(stored, 1, tmp_path / "offer.docx", kind="offer", lang="ja")
    )
    assert "クレームチャート" in offer and "MID-3000" in offer
    install_campaign(monkeypatch, make_campaign(escalation="hantei"))
    request = docx_text(
        documents.write_letter(stored, 1, tmp_path / "m.docx", kind="mediation-request", lang="ja")
    )
    assert "特許庁の判定制度（特許法第71条）" in request and "4万円" in request


def test_hantei_pack_docx(stored: Database, tmp_path: Path) -> None:
    path = documents.write_hantei_pack(stored, 1, tmp_path / "hantei.docx", claim=1)
    text = docx_text(path)
    for wanted in (
        "判定請求書　別紙（案）",
        "DRAFT annex",
        "構成要件",
        "1A",
        "1D",
        "イ号物件説明書",
        "出典",
        "MID-3000",
        "金型のキャビティ",
        "SHA-256",
    ):
        assert wanted in text, wanted
    with pytest.raises(NotFoundError, match="no claim chart of claim 7"):
        documents.write_hantei_pack(stored, 1, tmp_path / "h7.docx", claim=7)


def test_record_pdf_shows_chronology_and_verification(
    stored: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = make_campaign()
    text = pdf_text(documents.write_record_pdf(stored, 1, tmp_path / "record.pdf"))
    assert "交渉記録" in text and "令和8年10月5日" in text and "面談" in text
    assert "No edit, deletion or reordering".lower() in text.lower().replace("\n", " ")
    assert campaign.entries[0].hash[:32] in text.replace("\n", "")
    install_campaign(
        monkeypatch, campaign, FakeVerification(False, 3, 2, "entry 2 hash does not match", "")
    )
    text = pdf_text(documents.write_record_pdf(stored, 1, tmp_path / "bad.pdf"))
    assert "FAILED at entry No.2" in text.replace("\n", " ")


def test_bad_input(stored: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    with pytest.raises(NotFoundError):
        documents.write_brief(stored, 9, tmp_path / "b.pdf")
    with pytest.raises(InvalidValueError, match=r"b\.txt: cannot tell the format"):
        documents.write_letter(stored, 1, tmp_path / "b.txt", kind="offer")
    with pytest.raises(InvalidValueError, match="--kind 'threat'"):
        documents.write_letter(stored, 1, tmp_path / "b.pdf", kind="threat")
    with pytest.raises(InvalidValueError, match="--lang 'fr'"):
        documents.write_brief(stored, 1, tmp_path / "b.pdf", lang="fr")
    assert not tmp_path.exists()  # nothing half-written


def test_japanese_claim_from_a_jp_family_member(stored: Database) -> None:
    us = get_patent(database=stored, number="US8930553B2")
    jp = get_patent(database=stored, number="JP7533889B2")
    assert japanese_claim(us, [jp]) == (None, None)
    linked = us.__class__(
        **{
            **us.__dict__,
            "family": (
                FamilyLink(relation=FamilyRelation.EQUIVALENT, number=parse_number("JP7533889B2")),
            ),
        }
    )
    claim, source = japanese_claim(linked, [jp])
    assert claim is not None and claim.lang == "ja" and source == jp.number.display
