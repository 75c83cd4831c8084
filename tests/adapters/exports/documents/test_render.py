"""The document model rendered to PDF (text extractable, Japanese kept) and DOCX (eastAsia font)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from kizuna.adapters.exports.documents.model import Document, Heading, Paragraph, Table
from kizuna.adapters.exports.documents.render import render_html, write_pdf
from kizuna.adapters.exports.documents.word import EAST_ASIA_FONT, FALLBACK_FONT, build_docx

DOC = Document(
    kind="brief",
    lang="both",
    title="技術紹介資料 / Technology brief",
    blocks=(
        Heading(text="対象特許", lang="ja"),
        Paragraph(text="立体配線構造体の製造方法\n二行目", lang="ja"),
        Table(headers=("構成要件", "記載"), rows=(("1A", "<b>金型</b>のキャビティ"),), lang="ja"),
    ),
)


def pdf_text(path: Path) -> str:
    """All the text pypdf extracts from the PDF at ``path``."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_text_is_extractable_with_japanese(tmp_path: Path) -> None:
    path = write_pdf(DOC, tmp_path / "doc.pdf")
    text = pdf_text(path)
    for wanted in (
        "技術紹介資料",
        "立体配線構造体の製造方法",
        "構成要件",
        "法的助言ではありません",
        "not legal advice",
    ):
        assert wanted in text


def test_html_escapes_text_and_marks_languages() -> None:
    html = render_html(DOC)
    assert "&lt;b&gt;金型&lt;/b&gt;" in html
    assert '<html lang="ja">' in html and 'lang="ja"' in html


def test_docx_sets_the_east_asian_font_everywhere() -> None:
    data = build_docx(DOC)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "立体配線構造体の製造方法" in text and "法的助言ではありません" in text
    assert document.tables[0].cell(1, 1).text == "<b>金型</b>のキャビティ"
    runs = [r for p in document.paragraphs for r in p.runs]
    assert runs and all(
        r._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == EAST_ASIA_FONT for r in runs
    )
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == EAST_ASIA_FONT
    fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert f'w:name="{EAST_ASIA_FONT}"' in fonts and f'w:val="{FALLBACK_FONT}"' in fonts
