"""The draft hantei annex (判定請求書 別紙（案）): claim elements and the イ号物件説明書.

A request for a JPO advisory opinion on technical scope (hantei 判定, Patent
Act Art. 71; fee ¥40,000 per request, fastest about 3 months, not binding:
docs/legal-facts.md §5) attaches the patented invention split into its
elements (構成要件 1A, 1B…) and a description of the accused product
(イ号物件説明書). Kizuna drafts both from the claim chart: each element's
product feature is taken from its accepted evidence (else the best-ranked
passage) with its citation; elements without evidence are marked for the
licensor to complete. It is a draft for the licensor and their patent
attorney (弁理士), never a filing.
"""

from __future__ import annotations

from collections.abc import Mapping

from kizuna.adapters.exports.documents.context import TRANSLATION_NEEDED_JA, DocumentContext
from kizuna.adapters.exports.documents.model import Block, Document, Heading, Paragraph, Table
from kizuna.domain.evidence import ClaimChart, ElementMatch, PassageMatch

__all__ = ["build_hantei", "feature_letter"]


def feature_letter(element_id: str) -> str:
    """The product feature's mark for an element: ``1A`` → ``1a`` (イ号物件の構成 a)."""
    return element_id.lower()


def _evidence(element: ElementMatch) -> PassageMatch | None:
    chosen = [m for m in element.matches if m.status in ("accepted", "added")]
    proposed = [m for m in element.matches if m.status == "proposed"]
    ranked = chosen or proposed
    return ranked[0] if ranked else None


def _element_text(element: ElementMatch, chart: ClaimChart, ja: Mapping[str, str]) -> str:
    if chart.lang == "ja":
        return element.text
    if element.element_id in ja:
        return ja[element.element_id]
    return f"【{TRANSLATION_NEEDED_JA}】{element.text}"


def _sources(chart: ClaimChart, ctx: DocumentContext) -> list[Block]:
    cited = {m.doc_id for e in chart.elements for m in e.matches if m is _evidence(e)}
    docs = [d for d in ctx.evidence if d.id in cited]
    if not docs:
        return []
    rows = tuple(
        (
            d.title or d.source,
            d.url or d.source,
            d.captured_at.date().isoformat(),
            d.sha256,
        )
        for d in docs
    )
    return [
        Heading(text="第4　証拠資料（出典）", lang="ja"),
        Table(
            headers=("資料", "所在（URL等）", "取得日", "SHA-256"),
            rows=rows,
            lang="ja",
            widths=(3, 4, 2, 4),
            style="small",
        ),
    ]


def build_hantei(
    ctx: DocumentContext,
    chart: ClaimChart,
    *,
    ja_elements: Mapping[str, str] | None = None,
) -> Document:
    """The draft annex for ``chart`` (one claim of one patent against one product)."""
    ja = ja_elements or {}
    patent = next((p for p in ctx.patents if p.compact == chart.patent), None)
    number = patent.number if patent else chart.patent
    blocks: list[Block] = [
        Paragraph(
            text="【草案】本書は判定請求書（特許法第71条）に添付する別紙の下書きです。"
            "提出前に弁理士による確認・補正が必要です。",
            lang="ja",
            style="note",
        ),
        Heading(text=f"第1　本件特許発明（{number}　請求項{chart.claim}）の構成要件", lang="ja"),
        Paragraph(text="本件特許発明を構成要件に分説すると、次のとおりである。", lang="ja"),
        Table(
            headers=("構成要件", "記載"),
            rows=tuple((e.element_id, _element_text(e, chart, ja)) for e in chart.elements),
            lang="ja",
            widths=(1, 8),
        ),
        Heading(text="第2　イ号物件説明書", lang="ja"),
        Paragraph(
            text=f"イ号物件：「{chart.product}」"
            + (f"（{chart.company}）" if chart.company else "")
            + "。その構成は、公開資料によれば次のとおりである。",
            lang="ja",
        ),
    ]
    rows = []
    for element in chart.elements:
        mark = feature_letter(element.element_id)
        match = _evidence(element)
        if match is None:
            text = "（対応する証拠は未確認。要補充）"
        else:
            text = f"{match.text}\n［出典：{match.citation}］"
        blocks.append(Paragraph(text=f"{mark}　{text}", lang="ja", style="indent"))
        rows.append((element.element_id, mark, "有" if match else "要補充"))
    blocks.append(Heading(text="第3　対比", lang="ja"))
    blocks.append(
        Table(
            headers=("構成要件", "イ号物件の構成", "証拠"),
            rows=tuple(rows),
            lang="ja",
        )
    )
    blocks.extend(_sources(chart, ctx))
    blocks.append(
        Paragraph(
            text="イ号物件の構成の記載は公開資料の引用であり、Kizuna による分析補助です。"
            "構成要件の充足についての法的判断を示すものではありません。",
            lang="ja",
            style="note",
        )
    )
    return Document(
        kind="hantei",
        lang="ja",
        title="判定請求書　別紙（案）",
        subtitle=f"DRAFT annex for a JPO hantei request — {number} claim {chart.claim} / "
        f"{chart.product}",
        blocks=tuple(blocks),
    )
