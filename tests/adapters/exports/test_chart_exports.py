"""Claim chart exports (XLSX, DOCX, HTML, JSON) of a reviewed chart of JP 7533889 B2 claim 1."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from kizuna.adapters.exports.chart_docx import EAST_ASIAN_FONT
from kizuna.adapters.exports.chart_xlsx import TABLE_HEADER_ROW
from kizuna.adapters.storage.db import Database
from kizuna.domain.evidence import ClaimChart
from kizuna.errors import InvalidValueError
from kizuna.services.charts import build_chart, export_chart, review_chart
from tests.chart_support import JP, MID, OverlapRetriever, load_samples

DISCLAIMER = "analytical aid, not a legal opinion"
NOTE = "リードフレームの貫通を断面写真で確認"
EDIT = "ベース基材成形時にリードフレームをインサート成形する工程"


@pytest.fixture
def reviewed(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ClaimChart:
    """Claim 1 charted, the best passage of 1A rejected, a note and an edit on 1D."""
    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))
    load_samples(database)
    chart = build_chart(database, JP, claim=1, product=MID, retriever=OverlapRetriever())
    assert chart.id is not None
    rejected = chart.elements[0].matches[0].passage_id
    review_chart(database, chart.id, element="1A", action="reject", value=rejected, who="Sato")
    review_chart(database, chart.id, element="1D", action="note", value=NOTE, who="Sato")
    return review_chart(database, chart.id, element="1D", action="edit-text", value=EDIT,
                        who="Sato")


def _export(database: Database, chart: ClaimChart, fmt: str, path: Path) -> Path:
    assert chart.id is not None
    return export_chart(database, chart.id, fmt, path)


def test_xlsx_has_a_header_block_and_one_wrapped_row_per_element(
    database: Database, reviewed: ClaimChart, tmp_path: Path
) -> None:
    path = _export(database, reviewed, "xlsx", tmp_path / "out" / "chart.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header = TABLE_HEADER_ROW + 1  # openpyxl rows are 1-based
    block = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(2, header)}
    assert block["Patent"] == JP and block["Claim"] == "1 (ja)"
    assert block["Product"] == "MID-3000 (Example Moulding K.K.)"
    assert block["Verdict"].startswith(reviewed.verdict)
    assert DISCLAIMER in block["Note"]
    assert ("(partial counts half; “partial” marks on-topic passages that do not show the "
            "element: a pointer for review, not evidence of use)") in block["Coverage"]
    assert [c.value for c in sheet[header]] == [
        "Element", "Element text", "Evidence (quotes with citations)", "Score", "Label",
        "Reviewer notes"]
    rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    assert [r[0] for r in rows] == ["1A", "1B", "1C", "1D"]
    a, d = rows[0], rows[3]
    rejected = reviewed.elements[0].matches[-1]
    assert rejected.status == "rejected" and rejected.text not in a[2]
    assert "MID-3000 立体配線基板 製品説明書" in a[2] and "¶" in a[2]
    assert d[1].startswith(EDIT) and "claim wording: 前記ベース基材成形工程" in d[1]
    assert d[5] == NOTE and d[4] == reviewed.elements[3].label
    assert d[3] == pytest.approx(reviewed.elements[3].score)
    assert sheet.cell(header + 1, 3).alignment.wrap_text
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide (fitToWidth 1 default)
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width


def test_docx_is_a_three_column_chart_with_an_east_asian_font(
    database: Database, reviewed: ClaimChart, tmp_path: Path
) -> None:
    document = Document(str(_export(database, reviewed, "docx", tmp_path / "chart.docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert DISCLAIMER in text and "MID-3000" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Claim element", "Evidence of use (with citations)", "Assessment"]
    assert len(table.rows) == 1 + len(reviewed.elements)
    first = table.rows[1].cells
    assert first[0].text.startswith("1A") and "金型のキャビティ" in first[0].text
    assert "製品説明書" in first[1].text
    assert reviewed.elements[0].matches[-1].text not in first[1].text  # rejected
    last = table.rows[4].cells
    assert EDIT in last[0].text and NOTE in last[2].text
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == EAST_ASIAN_FONT
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert DISCLAIMER in document.sections[0].footer.paragraphs[0].text


def test_html_contains_the_chart_table_in_japanese(
    database: Database, reviewed: ClaimChart, tmp_path: Path
) -> None:
    html = _export(database, reviewed, "html", tmp_path / "chart.html").read_text("utf-8")
    assert '<table class="chart">' in html and DISCLAIMER in html
    assert html.count('<tr id="element-') == len(reviewed.elements)
    assert 'lang="ja">金型のキャビティ' in html
    assert NOTE in html and EDIT in html
    assert reviewed.elements[0].matches[-1].text not in html  # rejected passages left out


def test_json_export_keeps_everything_including_history(
    database: Database, reviewed: ClaimChart, tmp_path: Path
) -> None:
    data = json.loads(_export(database, reviewed, "json", tmp_path / "c.json").read_text("utf-8"))
    assert data["id"] == reviewed.id and data["patent"] == JP and DISCLAIMER in data["disclaimer"]
    assert [e["id"] for e in data["elements"]] == ["1A", "1B", "1C", "1D"]
    assert data["elements"][0]["evidence"][-1]["status"] == "rejected"
    assert [h["action"] for h in data["history"]] == ["reject", "note", "edit-text"]
    assert data["history"][0]["who"] == "Sato"


def test_unknown_format_is_refused(database: Database, reviewed: ClaimChart,
                                   tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="'pdf' is not one of xlsx, docx, html, json"):
        _export(database, reviewed, "pdf", tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


JA_LABELS = {"supported": "裏付けあり", "partial": "一部裏付け", "unsupported": "裏付けなし"}
JA_VERDICTS = {"shown": "示されている", "partly shown": "一部のみ示されている",
               "not shown": "示されていない"}
JA_DISCLAIMER = "分析の補助であり、法的見解ではありません"


def _export_ja(database: Database, chart: ClaimChart, fmt: str, path: Path) -> Path:
    assert chart.id is not None
    return export_chart(database, chart.id, fmt, path, lang="ja")


def test_xlsx_in_japanese_writes_its_own_words_in_japanese(
    database: Database, reviewed: ClaimChart, tmp_path: Path
) -> None:
    sheet = openpyxl.load_workbook(_export_ja(database, reviewed, "xlsx",
                                              tmp_path / "ja.xlsx")).active
    assert sheet is not None and sheet.title == "請求項1"
    assert sheet["A1"].value == f"クレームチャート：{JP} 請求項1 対 {MID}"
    header = TABLE_HEADER_ROW + 1
    block = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(2, header)}
    assert [k for k in block if k] == ["特許", "請求項", "製品", "裏付け率", "総合評価", "チャート",
                                      "注記"]
    assert block["製品"] == "MID-3000（Example Moulding K.K.）"
    verdict = JA_VERDICTS[reviewed.verdict] + "（全構成要件の原則による）"
    assert block["総合評価"].startswith(verdict)
    coverage = block["裏付け率"]
    assert coverage.startswith("構成要件の") and "実施の証拠ではありません" in coverage
    assert JA_DISCLAIMER in block["注記"]
    assert [c.value for c in sheet[header]] == [
        "構成要件", "構成要件の記載", "実施の証拠（引用と出典）", "スコア", "裏付け",
        "レビュー注記"]
    rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    assert [r[4] for r in rows] == [JA_LABELS[e.label] for e in reviewed.elements]
    assert "［クレームの文言：前記ベース基材成形工程" in rows[3][1] and rows[3][5] == NOTE
    assert "（スコア " in rows[0][2]  # the citation's detail
    assert "分析の補助であり" in sheet.oddFooter.left.text


def test_docx_and_html_in_japanese(database: Database, reviewed: ClaimChart,
                                   tmp_path: Path) -> None:
    document = Document(str(_export_ja(database, reviewed, "docx", tmp_path / "ja.docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"クレームチャート：{JP} 請求項1" in text and "裏付け率：" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["構成要件", "実施の証拠（出典付き）", "評価"]
    last = table.rows[4].cells
    assert last[2].text.startswith(JA_LABELS[reviewed.elements[3].label])
    assert "スコア " in last[2].text and f"注記：{NOTE}" in last[2].text
    assert "クレームの文言：" in last[0].text
    assert JA_DISCLAIMER in document.sections[0].footer.paragraphs[0].text
    assert "Claim element" not in text + "".join(c.text for c in table.rows[0].cells)
    html = _export_ja(database, reviewed, "html", tmp_path / "ja.html").read_text("utf-8")
    assert '<html lang="ja">' in html and "<th>実施の証拠（出典付き）</th>" in html
    assert f">{JA_LABELS[reviewed.elements[0].label]}</span>" in html and JA_DISCLAIMER in html
    assert "Claim element" not in html and "No evidence found." not in html


def test_unknown_export_language_is_refused(database: Database, reviewed: ClaimChart,
                                            tmp_path: Path) -> None:
    assert reviewed.id is not None
    with pytest.raises(InvalidValueError, match="'fr' is not one of en, ja"):
        export_chart(database, reviewed.id, "xlsx", tmp_path / "c.xlsx", lang="fr")
    assert not (tmp_path / "c.xlsx").exists()
