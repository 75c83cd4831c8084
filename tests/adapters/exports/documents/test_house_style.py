"""The Japanese house style of docs/documents.md, checked phrase by phrase on built letters.

Pure builders (no database): a :class:`DocumentContext` with a campaign of Minato Seiko, the
contact of the issue's example and a sender. Every phrase quoted here is quoted in
docs/documents.md too, so the document and the templates cannot drift apart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kizuna.adapters.exports.documents.context import DocumentContext, PatentInfo
from kizuna.adapters.exports.documents.hantei import describe_element
from kizuna.adapters.exports.documents.letters import build_letter
from kizuna.adapters.exports.documents.numbers import patent_number_en, patent_number_ja
from kizuna.domain.campaign import Campaign, Contact, RecordEntry

DOCS = (Path(__file__).resolve().parents[4] / "docs" / "documents.md").read_text(encoding="utf-8")
HEAD = "ab12cd34ef56ab78" + "0" * 48


def _context(**campaign: object) -> DocumentContext:
    entry = RecordEntry(
        seq=1, kind="opened", summary="opened", occurred_on=date(2026, 12, 1),
        recorded_at=datetime(2026, 12, 1, tzinfo=UTC), actor="t", hash=HEAD,
    )
    fields: dict[str, object] = {
        "id": 1, "licensee": "湊精工株式会社", "company_id": None,
        "patents": ("JP7533889B2", "US8930553B2"), "track": "relationship",
        "stage": "introduction", "opened_on": date(2026, 12, 1), "entries": (entry,),
        "contacts": (
            Contact(name="佐藤 花子", role="intermediary", organisation="某商社"),
            Contact(name="鈴木 美香", role="ip-department", organisation="知的財産法務本部",
                    romanised="SUZUKI Mika", honorific="Ms."),
            Contact(name="田中 一郎", role="sender", organisation="知的財産部", title="部長",
                    email="tanaka@example.jp"),
        ),
    }
    fields.update(campaign)
    patents = tuple(
        PatentInfo(number=n, compact=n, title=None, expiry=None, status="granted")
        for n in ("JP7533889B2", "US8930553B2")
    )
    return DocumentContext(
        campaign=Campaign(**fields),  # type: ignore[arg-type]
        as_of=date(2026, 12, 7), licensor="メイショウ株式会社", patents=patents,
        record_head=HEAD[:16], record_entries=1,
    )


def _text(ctx: DocumentContext, kind: str, lang: str) -> str:
    return build_letter(ctx, kind, lang).text()


QUOTED_JA = (
    "令和8年12月7日",
    "湊精工株式会社　知的財産法務本部　鈴木 美香 様",
    "拝啓　師走の候、貴社ますますご清栄のこととお慶び申し上げます。",
    "某商社の佐藤 花子様よりご紹介を賜り、ご連絡を差し上げました。",
    "特許第7533889号",
    "米国特許第8,930,553号",
    "ご多用中誠に恐縮ではございますが、何卒ご検討のほどよろしくお願い申し上げます。",
    "敬具",
    "交渉記録照合番号：",
)


@pytest.mark.parametrize("phrase", QUOTED_JA)
def test_japanese_introduction_uses_each_documented_phrase(phrase: str) -> None:
    assert phrase in DOCS
    assert phrase in _text(_context(), "introduction", "ja")


def test_japanese_letter_never_breaks_the_house_style() -> None:
    for kind in ("introduction", "offer", "follow-up", "mediation-request"):
        text = _text(_context(), kind, "ja")
        assert "御中" not in text and "ご清祥" not in text and "今後とも" not in text, kind
        assert text.count("よろしく") == 1, kind
        # one date form; patent numbers as 特許第N号
        assert "2026年" not in text and "JP 7533889" not in text, kind
        assert "ab12cd34ef56ab78（本書作成時点における弊社交渉記録の先頭ハッシュ、記録1件）" in text
        assert "知的財産部　部長\n田中 一郎\ntanaka@example.jp" in text
    first = _text(_context(), "introduction", "ja")
    assert "平素は格別のご高配" not in first  # no "thank you for your patronage" to a stranger
    later = _text(_context(), "follow-up", "ja")
    assert "平素は格別のご高配を賜り、厚く御礼申し上げます。" in later


def test_organisation_alone_gets_onchu_and_no_sender_gets_placeholders() -> None:
    text = _text(_context(contacts=()), "introduction", "ja")
    assert "湊精工株式会社　御中" in text and " 様" not in text
    assert "【部署名】　【役職】\n【氏名】\n【連絡先】" in text
    assert "突然のご連絡にて失礼いたします。" in text


def test_english_letter_greets_by_romanised_name_and_proposes_no_empty_terms() -> None:
    ctx = _context()
    text = _text(ctx, "introduction", "en")
    assert "Dear Ms. Suzuki," in text and "Dear Ms. Suzuki," in DOCS
    assert "Ms. SUZUKI Mika\n湊精工株式会社" in text
    assert "Record reference: ab12cd34ef56ab78" in text
    offer = _text(ctx, "offer", "en")
    assert "propose" not in offer and "terms to be discussed" not in offer.lower()
    with_terms = _text(replace(ctx, structure_en=("Lump sum: ¥5,000,000",)), "offer", "en")
    assert "As a basis for discussion, we propose the following terms:" in with_terms
    assert "As a basis for discussion, we" in DOCS
    anonymous = _text(_context(contacts=()), "introduction", "en")
    assert "Dear Sir or Madam," in anonymous and "Dear Sir or Madam," in DOCS


def test_patent_numbers_as_letters_write_them() -> None:
    assert patent_number_ja("JP7533889B2") == "特許第7533889号"
    assert patent_number_ja("US 8,930,553 B2") == "米国特許第8,930,553号"
    assert patent_number_ja("EP3383757B1") == "欧州特許第3383757号"
    assert patent_number_ja("JP2020123456A") == "特開2020-123456号"
    assert patent_number_en("US8930553B2") == "US Patent No. 8,930,553"
    numbers = ("特許第7533889号", "米国特許第8,930,553号", "欧州特許第3383757号",
               "特開2020-123456号")
    for phrase in numbers:
        assert phrase in DOCS


def test_family_name_from_romanised_name() -> None:
    assert Contact(name="x", role="legal", romanised="Mika Suzuki").family_name_latin == "Suzuki"
    assert Contact(name="x", role="legal", romanised="SUZUKI Mika").family_name_latin == "Suzuki"
    assert Contact(name="x", role="legal").family_name_latin is None


def test_hantei_description_is_objective_de_aru() -> None:
    element = "導電性インクを塗布して導電路（４）を形成する工程と、"
    assert describe_element(element, method=True) == (
        "イ号方法は、導電性インクを塗布して導電路を形成する工程を有する。"
    )
    assert describe_element("基板（１）と、", method=False) == "イ号物件は、基板を備える。"
    assert describe_element(
        "絶縁層形成工程と、を有する立体配線構造体の製造方法であって、", method=True
    ) == "イ号方法は、絶縁層形成工程を有する立体配線構造体の製造方法である。"
    assert describe_element(
        "前記工程が、インサート成形を行う工程を含むことを特徴する立体配線構造体の製造方法。",
        method=True,
    ) == "イ号方法において、前記工程が、インサート成形を行う工程を含む。"


def test_hantei_for_a_product_claim_cites_exhibits_by_url_never_a_path() -> None:
    from kizuna.adapters.exports.documents.hantei import build_hantei
    from kizuna.domain.evidence import (
        ClaimChart,
        ElementMatch,
        EvidenceDoc,
        PassageMatch,
        ScoreExplanation,
    )

    doc = EvidenceDoc(
        id=7, product="SIPGate", company="湊精工株式会社", source="/home/user/evidence/sip.html",
        url="https://example.jp/sipgate/spec", media_type="text/html", sha256="f" * 64,
        captured_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC), lang="ja",
        title="SIPGate 仕様書", version=1,
    )
    match = PassageMatch(
        passage_id="7:3", doc_id=7, text="本装置は着信メッセージを受信するプロセッサを備えます。",
        citation='SIPGate 仕様書, "機能", ¶ 3', score=0.9,
        explanation=ScoreExplanation(lexical=0.9, semantic=0.9, position=1.0),
        status="accepted",
    )
    element = ElementMatch(
        element_id="1A", text="着信メッセージを受信するプロセッサ（１０）と、",
        original_text="着信メッセージを受信するプロセッサ（１０）と、", score=0.9,
        label="supported", matches=(match,),
    )
    chart = ClaimChart(
        id=3, patent="JP7533889B2", claim=1, lang="ja", product="SIPGate",
        company="湊精工株式会社", elements=(element,), coverage=1.0, verdict="shown",
        needs_evidence=(), built_at=datetime(2026, 11, 3, tzinfo=UTC),
    )
    ctx = replace(_context(), charts=(chart,), evidence=(doc,))
    text = build_hantei(ctx, chart, product_claim=True).text()
    assert "イ号物件説明書に示すイ号物件（「SIPGate」）は、特許第7533889号の請求項1" in text
    assert "1a　イ号物件は、着信メッセージを受信するプロセッサを備える。" in text
    assert "甲第1号証（機能、第3段落）には、「本装置は着信メッセージを受信する" in text
    assert "SIPGate 仕様書（https://example.jp/sipgate/spec、令和8年11月2日取得）" in text
    assert "/home/user" not in text and "イ号方法" not in text
