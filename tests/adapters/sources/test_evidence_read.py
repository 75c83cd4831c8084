"""Evidence extraction from the test set in tests/data/evidence: every format, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.sources.evidence import read_evidence
from kizuna.adapters.sources.evidence.decoding import decode_text
from kizuna.adapters.sources.evidence.lang import detect_lang
from kizuna.adapters.sources.evidence.passages import MAX_CHARS, Block, split_passages
from kizuna.errors import EmptyFileError, EncodingError, MalformedDocumentError, SourceError

EVIDENCE = Path(__file__).resolve().parents[2] / "data" / "evidence"
BOILERPLATE = ("cookie", "Privacy", "All rights reserved", "Careers", "Related products", "ホーム")


def texts(path: Path) -> str:
    return "\n".join(p.text for p in read_evidence(path).passages)


@pytest.mark.parametrize(
    "name",
    [
        "mid-form-3d/product-en.html",
        "magseal-cap-38/product-en.html",
        "magseal-cap-38/seihin-ja.html",
        "flipview-console/product-en.html",
        "distractors/twistguard-cr/product-en.html",
    ],
)
def test_html_keeps_main_content_and_drops_site_furniture(name: str) -> None:
    body = texts(EVIDENCE / name)
    assert len(body) > 300
    for word in BOILERPLATE:
        assert word not in body, word
    assert "クッキー" not in body


def test_html_keeps_headings_for_citation() -> None:
    doc = read_evidence(EVIDENCE / "mid-form-3d" / "product-en.html")
    assert doc.title == "MID-Form 3D moulded wiring modules"
    assert doc.media_type == "text/html" and doc.lang == "en"
    resist = next(p for p in doc.passages if "resist ink is applied" in p.text)
    assert resist.location.heading == "How MID-Form 3D modules are made"
    assert resist.location.cite() == '"How MID-Form 3D modules are made", ¶ 5'
    rows = [p.text for p in doc.passages if p.location.heading == "Key figures"]
    assert "Minimum groove width | 0.3 mm" in rows


def test_pdf_keeps_pages_and_headings() -> None:
    doc = read_evidence(EVIDENCE / "mid-form-3d" / "datasheet.pdf")
    assert doc.media_type == "application/pdf" and doc.title == "MID-Form 3D datasheet"
    lead = next(p for p in doc.passages if "insert-moulded into the base" in p.text)
    assert lead.location.page == 1 and lead.location.heading == "Process overview"
    # The wrapped lines of one paragraph come back as one passage.
    assert "passes through the wiring grooves" in lead.text
    thermal = next(p for p in doc.passages if "Thermal shock" in p.text)
    assert thermal.location.page == 2 and thermal.location.heading == "Reliability"
    assert not any(p.text.strip() in {"1 / 2", "2 / 2"} for p in doc.passages)


def test_japanese_pdf() -> None:
    doc = read_evidence(EVIDENCE / "flipview-console" / "datasheet.pdf")
    assert doc.lang == "ja"
    laid = next(p for p in doc.passages if "平置き状態のディスプレイ装置" in p.text)
    assert laid.lang == "ja" and laid.location.heading == "構成" and laid.location.page == 1
    assert next(p for p in doc.passages if p.location.heading == "English summary").lang == "en"


def test_markdown_headings_lists_and_tables() -> None:
    doc = read_evidence(EVIDENCE / "mid-form-3d" / "seihin-ja.md")
    assert doc.media_type == "text/markdown" and doc.lang == "ja"
    assert doc.title == "MID-Form 3D 立体配線モジュール 製品紹介"
    step = next(p for p in doc.passages if "インサート成形" in p.text)
    assert step.location.heading == "製造工程"
    assert not step.text.startswith("2.")
    assert any(p.text == "最小溝幅 | 0.3 mm" for p in doc.passages)


def test_docx_paragraphs_headings_and_tables() -> None:
    doc = read_evidence(EVIDENCE / "magseal-cap-38" / "manual.docx")
    assert doc.title == "MagSeal Cap 38 user and filling-line manual"
    spring = next(p for p in doc.passages if p.text.startswith("A spring inside"))
    assert spring.location.heading == "2 How the closure works"
    assert any(p.text == "Capping torque | 1.2 N·m" for p in doc.passages)


def test_shift_jis_text_with_bracket_headings() -> None:
    doc = read_evidence(EVIDENCE / "mid-form-3d" / "press-release-sjis.txt")
    assert doc.lang == "ja" and doc.title is not None and "ニュースリリース" in doc.title
    solar = next(p for p in doc.passages if "太陽光発電" in p.text)
    assert solar.location.heading == "新ラインの概要"


@pytest.mark.parametrize(
    "name",
    ["spec-euc-jp.txt", "spec-utf-16.txt", "spec-utf-16le-nobom.txt", "spec-shift_jis.html"],
)
def test_japanese_encodings_decode(name: str) -> None:
    body = texts(EVIDENCE / "encodings" / name)
    assert "導電性インクを配線溝の底部に塗布して導電路を形成します。" in body


def test_decoding_prefers_the_right_japanese_encoding() -> None:
    text = "前記導電路の表面にレジストインクを塗布する。"
    for encoding in ("cp932", "euc_jp", "utf-8", "utf-16"):
        assert decode_text(text.encode(encoding), "x.txt") == text


@pytest.mark.parametrize(
    ("name", "error", "fault"),
    [
        ("corrupt.pdf", MalformedDocumentError, "corrupt"),
        ("encrypted.pdf", MalformedDocumentError, "encrypted"),
        ("empty.txt", EmptyFileError, "empty"),
        ("no-text.html", EmptyFileError, "no main text"),
        ("undecodable.txt", EncodingError, "cannot decode"),
    ],
)
def test_bad_input_names_the_file_and_the_fault(
    name: str, error: type[SourceError], fault: str
) -> None:
    with pytest.raises(error) as caught:
        read_evidence(EVIDENCE / "bad" / name)
    assert str(caught.value).startswith(f"{name}: ")
    assert fault in str(caught.value)


def test_corrupt_docx_and_unsupported_suffix() -> None:
    with pytest.raises(MalformedDocumentError, match=r"^broken\.docx: not a readable DOCX"):
        read_evidence(Path("broken.docx"), b"PK\x03\x04 not really a zip")
    with pytest.raises(SourceError, match=r"^photo\.png: unsupported file type"):
        read_evidence(Path("photo.png"), b"\x89PNG")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The valve closes when a leak is detected.", "en"),
        ("漏水を検知すると弁を閉じます。", "ja"),
        ("本装置はBluetooth Low Energyで通信する。", "ja"),
        ("製品概要 Product overview: 磁石でロック locked by magnets", "mixed"),
        ("MagSeal Cap 38 は magnetic closure for 38 mm bottles です。", "en"),
        ("12 V / 2 A", "en"),
    ],
)
def test_language_by_script_share(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_passages_split_sentences_and_keep_locations() -> None:
    english = " ".join(f"Sentence number {i} is here." for i in range(1, 8))
    japanese = "弁を閉じます。" * 4 + "速い！本当？"
    blocks = [
        Block(text="Overview", heading=True, page=3),
        Block(text=english, page=3),
        Block(text="仕様", heading=True, page=4),
        Block(text=japanese, page=4),
        Block(text="x" * 1200, page=4),
    ]
    passages = split_passages(blocks, "0123456789abcdef" * 4)
    assert [p.id for p in passages][:2] == ["0123456789ab-1", "0123456789ab-2"]
    first = passages[0]
    assert (
        first.text
        == "Sentence number 1 is here. Sentence number 2 is here. Sentence number 3 is here."
    )
    assert (first.location.page, first.location.heading, first.location.paragraph) == (
        3,
        "Overview",
        1,
    )
    ja = [p for p in passages if p.lang == "ja"]
    assert ja[0].text == "弁を閉じます。弁を閉じます。弁を閉じます。"
    assert ja[-1].text == "弁を閉じます。速い！本当？"
    assert all(p.location.heading == "仕様" and p.location.paragraph == 2 for p in ja)
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert [p.index for p in passages] == list(range(1, len(passages) + 1))


def test_same_bytes_give_the_same_passage_ids() -> None:
    path = EVIDENCE / "flipview-console" / "product-en.html"
    first, second = read_evidence(path), read_evidence(path, path.read_bytes())
    assert [p.id for p in first.passages] == [p.id for p in second.passages]
    assert first.passages[0].id.startswith(first.sha256[:12])
