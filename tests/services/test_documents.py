"""Documents of a campaign on real patents, real chart evidence and a stand-in campaign service."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kizuna.adapters.storage.db import Database
from kizuna.domain.ids import parse_number
from kizuna.domain.patent import FamilyLink, FamilyRelation
from kizuna.errors import ConflictError, InvalidValueError, NotFoundError
from kizuna.services import documents
from kizuna.services.document_sources import japanese_claim
from kizuna.services.patents import get_patent
from tests.services.documents_support import (
    CHART,
    FakeVerification,
    install_campaign,
    make_campaign,
    prepare,
    reject_element,
)

# The evidence store (another module) still calls Result.tuples(), deprecated in SQLAlchemy 2.1.
pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "examples" / "deal-pilot.toml"  # has components for another licensee
CANON_DEAL = ROOT / "tests" / "data" / "campaigns" / "deal-canon.toml"
AS_OF = date(2026, 11, 21)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def stored(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    prepare(database, reviewed=True)
    install_campaign(monkeypatch, make_campaign())
    return database


def test_brief_ja_pdf(stored: Database, tmp_path: Path) -> None:
    path = documents.write_brief(
        stored, 1, tmp_path / "brief.pdf", lang="ja", deal=CANON_DEAL, charts=[CHART], as_of=AS_OF
    )
    text = pdf_text(path).replace("\n", "")
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
        "全構成要件を充足すると考えられる",  # practice terms, not 充足率 100 %
        "試行ライセンス",
        "500万円",  # structure from the deal file, in 万 yen
        "法的助言ではありません",
        "交渉記録照合番号：" + make_campaign().entries[-1].hash[:16],
    ):
        assert wanted in text, wanted
    assert "充足率" not in text and "Fuji" not in text


def test_brief_both_docx_without_charts_or_terms(stored: Database, tmp_path: Path) -> None:
    path = documents.write_brief(stored, 1, tmp_path / "brief.docx", lang="both", fmt="docx")
    text = docx_text(path)
    assert "技術紹介資料 / Technology brief" in text
    assert "translation needed" in text and "翻訳要" in text
    assert "ライセンス条件は、現時点では提示していません。" in text
    assert "No licence terms have been proposed yet." in text
    assert "クレームチャートは添付していません。" in text


def test_brief_refuses_another_format_or_suffix(stored: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(InvalidValueError, match=r"x\.txt: cannot tell the format"):
        documents.write_brief(stored, 1, tmp_path / "x.txt")
    with pytest.raises(InvalidValueError, match=r"x\.txt: the file name does not end in \.pdf"):
        documents.write_brief(stored, 1, tmp_path / "x.txt", fmt="pdf")
    with pytest.raises(InvalidValueError, match=r"x\.docx: the file name does not end in \.pdf"):
        documents.write_brief(stored, 1, tmp_path / "x.docx", fmt="pdf")
    assert documents.format_of(tmp_path / "x.DOCX") == "docx"
    assert not list(tmp_path.iterdir())


def test_ringi_summary_is_one_page_with_terms(stored: Database, tmp_path: Path) -> None:
    path = documents.write_brief(
        stored, 1, tmp_path / "ringi.pdf", lang="ja", kind="ringi", deal=CANON_DEAL,
        charts=[CHART], as_of=AS_OF,
    )
    assert len(PdfReader(path).pages) == 1
    text = pdf_text(path).replace("\n", "")
    assert "稟議用概要" in text and "500万円" in text
    assert "紹介者を通じた紹介" in text and "技術説明の面談" in text  # stage and next step agree
    for english in ("Manufacturing", "Electronics", "stage", "shown"):
        assert english not in text, english


def test_ringi_says_plainly_that_terms_are_not_proposed(stored: Database, tmp_path: Path) -> None:
    text = pdf_text(documents.write_brief(stored, 1, tmp_path / "r.pdf", kind="ringi"))
    assert "ライセンス条件は、現時点では提示していません。" in text.replace("\n", "")


def test_introduction_letter_ja_follows_the_house_style(stored: Database, tmp_path: Path) -> None:
    text = pdf_text(
        documents.write_letter(
            stored, 1, tmp_path / "intro.pdf", kind="introduction", lang="ja", as_of=AS_OF
        )
    ).replace("\n", "")
    for wanted in (
        "令和8年11月21日",
        "キヤノン株式会社　知的財産法務本部　鈴木 美香 様",
        "拝啓　晩秋の候、貴社ますますご清栄のこととお慶び申し上げます。",
        "某商社の佐藤 花子様よりご紹介を賜り",
        "特許第7533889号、米国特許第8,930,553号",
        "面談の機会",
        "ご多用中誠に恐縮ではございますが、何卒ご検討のほどよろしくお願い申し上げます。",
        "敬具",
        "知的財産部　部長",
        "田中 一郎",
        "tanaka@example.jp",
        "以上",
        "交渉記録照合番号：" + make_campaign().entries[-1].hash[:16],
    ):
        assert wanted in text, wanted
    for wrong in ("御中", "ご清祥", "今後とも", "2026年", "JP 7533889", "侵害", "訴訟", "差止"):
        assert wrong not in text, wrong
    assert text.count("よろしく") == 1


def test_letter_without_a_contact_or_sender(
    stored: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_campaign(monkeypatch, make_campaign(contacts=()))
    ja = docx_text(documents.write_letter(stored, 1, tmp_path / "j.docx", kind="introduction"))
    assert "キヤノン株式会社　御中" in ja and "様" not in ja.split("拝啓")[0]
    assert "【部署名】　【役職】" in ja and "突然のご連絡にて失礼いたします。" in ja
    en = docx_text(
        documents.write_letter(stored, 1, tmp_path / "e.docx", kind="introduction", lang="en")
    )
    assert "Dear Sir or Madam," in en


def test_english_letters_greet_by_romanised_name_and_keep_terms_concrete(
    stored: Database, tmp_path: Path
) -> None:
    intro = docx_text(
        documents.write_letter(stored, 1, tmp_path / "intro.docx", kind="introduction", lang="en")
    )
    assert "Dear Ms. Suzuki," in intro and "鈴木" not in intro
    assert "CANON INC." in intro  # the company's English name as stored
    assert "US Patent No. 8,930,553" in intro and "Ichiro Tanaka" in intro
    bare = docx_text(
        documents.write_letter(
            stored, 1, tmp_path / "o.docx", kind="offer", lang="en", charts=[CHART]
        )
    )
    assert "propose" not in bare and "terms to be discussed" not in bare.lower()
    offer = docx_text(
        documents.write_letter(
            stored, 1, tmp_path / "o2.docx", kind="offer", lang="en", charts=[CHART],
            deal=CANON_DEAL,
        )
    )
    assert "we propose the following terms:" in offer and "Pilot licence" in offer


def test_offer_letter_ja_needs_a_chart_and_shows_terms(
    stored: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InvalidValueError, match="--chart: an offer letter refers to the claim"):
        documents.write_letter(stored, 1, tmp_path / "o.docx", kind="offer")
    offer = docx_text(
        documents.write_letter(
            stored, 1, tmp_path / "o.docx", kind="offer", charts=[CHART], deal=CANON_DEAL
        )
    )
    assert "クレームチャート" in offer and "MID-3000" in offer
    assert "特許第7533889号の請求項1" in offer
    assert "1. ライセンス条件（案）" in offer and "500万円（¥5,000,000）" in offer
    assert "令和9年1月15日〜令和10年1月14日" in offer and "2027年" not in offer  # one date form
    install_campaign(monkeypatch, make_campaign(escalation="hantei"))
    request = docx_text(
        documents.write_letter(stored, 1, tmp_path / "m.docx", kind="mediation-request", lang="ja")
    )
    assert "特許庁の判定制度（特許法第71条）" in request and "4万円" in request


def test_hantei_annex_from_the_reviewed_chart(stored: Database, tmp_path: Path) -> None:
    text = docx_text(documents.write_hantei_pack(stored, 1, tmp_path / "h.docx", chart=CHART))
    for wanted in (
        "判定請求書　別紙（案）",
        "第1　請求の趣旨",
        "イ号方法説明書に示すイ号方法（「MID-3000」に係る方法）は、特許第7533889号の請求項1に係る"
        "発明の技術的範囲に属する、との判定を求める。",
        "イ号方法説明書",  # claim 1 is a method claim
        "1a　イ号方法は、金型のキャビティ内に溶融樹脂を射出することにより"
        "所定の配線パターンに対応する"
        "複数の配線溝を有するベース基材を成形するベース基材成形工程を有する。",
        "甲第1号証（製造工程、第2段落）には、「金型のキャビティに溶融したLCP樹脂を射出し",
        "MID-3000 立体配線基板 製品説明書",
        "第5　証拠方法",
        "取得）",
        "確認済",
    ):
        assert wanted in text, wanted
    assert text.index("請求の趣旨") < text.index("構成要件")
    for wrong in ("イ号物件説明書", "/work", "tests/data", ".md（", "【証拠未確定】"):
        assert wrong not in text, wrong


def test_document_guards(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    prepare(database)
    reject_element(database, "1D")  # a reviewer found no evidence for 1D
    install_campaign(monkeypatch, make_campaign())
    with pytest.raises(ConflictError, match=r"chart 1: element\(s\) 1D \(unsupported\) are not"):
        documents.write_hantei_pack(database, 1, tmp_path / "h.docx", chart=CHART)
    draft = docx_text(
        documents.write_hantei_pack(
            database, 1, tmp_path.parent / "draft.docx", chart=CHART, allow_draft_evidence=True
        )
    )
    assert re.search(r"【証拠未確定】構成要件1Dの証拠は", draft)
    with pytest.raises(NotFoundError):
        documents.write_brief(database, 1, tmp_path / "b.pdf", charts=[99])
    other = make_campaign(licensee="トヨタ自動車株式会社")
    install_campaign(monkeypatch, other)
    with pytest.raises(ConflictError, match="belongs to キヤノン株式会社, not to"):
        documents.write_brief(
            database, 1, tmp_path / "b.pdf", charts=[CHART], allow_draft_evidence=True
        )
    install_campaign(monkeypatch, make_campaign(patents=("US8930553B2",)))
    with pytest.raises(ConflictError, match="not one of campaign 1's patents"):
        documents.write_brief(database, 1, tmp_path / "b.pdf", charts=[CHART])
    install_campaign(monkeypatch, make_campaign())
    other_terms = r"is for licensee '(Fuji Robotics|Sakura Devices) KK', not campaign 1's licensee"
    with pytest.raises(ConflictError, match=other_terms):
        documents.write_brief(database, 1, tmp_path / "b.pdf", deal=DEAL)
    assert not list(tmp_path.iterdir())


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
