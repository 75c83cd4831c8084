"""The draft hantei annex (判定請求書 別紙（案）): 請求の趣旨, elements, イ号説明書, 証拠方法.

A request for a JPO advisory opinion on technical scope (hantei 判定, Patent
Act Art. 71; fee ¥40,000 per request, fastest about 3 months, not binding:
docs/legal-facts.md §5) states what opinion it seeks (請求の趣旨), splits the
patented invention into its elements (構成要件 1A, 1B…) and describes the
accused subject: the accused method (イ号方法説明書) for a method claim, the
accused product (イ号物件説明書) for a product claim.

Kizuna drafts the description from the *reviewed* claim chart, in objective
である調: one sentence per element built from the element's wording (the
patent's reference numerals removed), followed by the evidence it rests on,
quoted and cited as 甲第N号証 with its location. Evidence is numbered in order
of first citation and listed with its title, URL and capture date (never a
local file path). Elements whose evidence is not ``supported`` reach this
annex only with ``--allow-draft-evidence`` and are marked 【証拠未確定】. It is a
draft for the licensor and their patent attorney (弁理士), never a filing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kizuna.adapters.exports.documents.context import TRANSLATION_NEEDED_JA, DocumentContext
from kizuna.adapters.exports.documents.model import Block, Document, Heading, Paragraph, Table
from kizuna.adapters.exports.documents.numbers import patent_number_ja
from kizuna.domain.evidence import ClaimChart, ElementMatch, EvidenceDoc, PassageMatch
from kizuna.domain.japanese import format_wareki

__all__ = ["build_hantei", "describe_element", "feature_letter"]

_NUMERALS = re.compile(r"[（(][0-9０-９]+[a-zａ-ｚ]?[）)]")
_CHARACTERISING = re.compile(r"ことを特徴と?する.*$")
DRAFT_MARK = "【証拠未確定】"


def feature_letter(element_id: str) -> str:
    """The accused subject's mark for an element: ``1A`` → ``1a`` (イ号の構成 a)."""
    return element_id.lower()


def describe_element(text: str, *, method: bool) -> str:
    """An element's wording as an objective である調 sentence about the accused subject.

    >>> describe_element("導電性インクを塗布して導電路（４）を形成する工程と、", method=True)
    'イ号方法は、導電性インクを塗布して導電路を形成する工程を有する。'
    """
    subject = "イ号方法" if method else "イ号物件"
    stem = _NUMERALS.sub("", text).strip().rstrip("。．.")
    if _CHARACTERISING.search(stem):
        return f"{subject}において、{_CHARACTERISING.sub('', stem)}。"
    stem = stem.replace("と、を有する", "を有する").replace("と、を備える", "を備える")
    for ending in ("であって、", "であって"):
        if stem.endswith(ending):
            return f"{subject}は、{stem[: -len(ending)]}である。"
    for ending in ("と、", "と"):
        if stem.endswith(ending):
            return f"{subject}は、{stem[: -len(ending)]}{'を有する' if method else 'を備える'}。"
    return f"{subject}は、「{stem.rstrip('、')}」に対応する構成を有する。"


def _evidence(element: ElementMatch) -> PassageMatch | None:
    chosen = [m for m in element.matches if m.status in ("accepted", "added")]
    proposed = [m for m in element.matches if m.status == "proposed"]
    ranked = chosen or proposed
    return ranked[0] if ranked else None


def _exhibits(chart: ClaimChart, ctx: DocumentContext) -> dict[int, int]:
    """Evidence document id → 甲号証 number, in order of first citation."""
    numbers: dict[int, int] = {}
    known = {d.id for d in ctx.evidence}
    for element in chart.elements:
        match = _evidence(element)
        if match is not None and match.doc_id in known and match.doc_id not in numbers:
            numbers[match.doc_id] = len(numbers) + 1
    return numbers


def _location(match: PassageMatch, doc: EvidenceDoc | None) -> str:
    citation = match.citation
    for prefix in (doc.title, doc.source) if doc else ():
        if prefix and citation.startswith(prefix + ", "):
            citation = citation[len(prefix) + 2 :]
    text = re.sub(r"p\. (\d+)", r"\1頁", citation)
    return re.sub(r"¶ (\d+)", r"第\1段落", text).replace('"', "").replace(", ", "、")


def _exhibit_text(doc: EvidenceDoc) -> str:
    where = doc.url or (doc.source if doc.source.startswith(("http://", "https://")) else None)
    title = doc.title or "表題のない資料"
    captured = format_wareki(doc.captured_at.date())
    return f"{title}（{where + '、' if where else ''}{captured}取得）"


def _element_text(element: ElementMatch, chart: ClaimChart, ja: Mapping[str, str]) -> str | None:
    if chart.lang == "ja":
        return element.text
    return ja.get(element.element_id)


def _description(
    element: ElementMatch, chart: ClaimChart, ctx: DocumentContext, ja: Mapping[str, str],
    *, method: bool, exhibits: Mapping[int, int],
) -> tuple[str, str]:
    wording = _element_text(element, chart, ja)
    draft = DRAFT_MARK if element.label != "supported" else ""
    sentence = (
        describe_element(wording, method=method)
        if wording
        else f"【{TRANSLATION_NEEDED_JA}】構成要件{element.element_id}の日本語訳が記録にないため、"
        "記載を要作成。"
    )
    match = _evidence(element)
    if match is None:
        return f"{draft}{sentence}（対応する証拠は未確認であり、要補充。）", "要補充"
    docs = {d.id: d for d in ctx.evidence}
    number = exhibits.get(match.doc_id)
    exhibit = f"甲第{number}号証" if number else "証拠（未登録）"
    where = _location(match, docs.get(match.doc_id))
    basis = f"{exhibit}（{where}）には、「{match.text.strip()}」との記載がある。"
    return f"{draft}{sentence}\n{basis}", exhibit


def _claim_table(chart: ClaimChart, ja: Mapping[str, str]) -> Table:
    rows = tuple(
        (e.element_id, _element_text(e, chart, ja) or f"【{TRANSLATION_NEEDED_JA}】{e.text}")
        for e in chart.elements
    )
    return Table(headers=("構成要件", "記載"), rows=rows, lang="ja", widths=(1, 8))


def _sources(exhibits: Mapping[int, int], ctx: DocumentContext) -> list[Block]:
    docs = {d.id: d for d in ctx.evidence}
    rows = tuple(
        (f"甲第{n}号証", _exhibit_text(docs[doc_id]), docs[doc_id].sha256)
        for doc_id, n in sorted(exhibits.items(), key=lambda item: item[1])
    )
    if not rows:
        return [Paragraph(text="（引用する証拠はない。）", lang="ja")]
    return [Table(headers=("号証", "標目（所在・取得日）", "SHA-256"), rows=rows, lang="ja",
                  widths=(2, 7, 4), style="small")]


def build_hantei(
    ctx: DocumentContext,
    chart: ClaimChart,
    *,
    ja_elements: Mapping[str, str] | None = None,
    product_claim: bool = True,
) -> Document:
    """The draft annex for ``chart`` (one claim of one patent against one product)."""
    ja = ja_elements or {}
    method = not product_claim
    subject, paper = ("イ号方法", "イ号方法説明書") if method else ("イ号物件", "イ号物件説明書")
    number = patent_number_ja(chart.patent)
    exhibits = _exhibits(chart, ctx)
    aim = (
        f"{paper}に示す{subject}（「{chart.product}」{'に係る方法' if method else ''}）は、"
        f"{number}の請求項{chart.claim}に係る発明の技術的範囲に属する、との判定を求める。"
    )
    drafts = [e.element_id for e in chart.elements if e.label != "supported"]
    warning = (
        [Paragraph(text=f"{DRAFT_MARK}構成要件{'、'.join(drafts)}の証拠は、レビューにより裏付けられて"
                   "いない（草案）。提出前に証拠を確認すること。", lang="ja", style="subject")]
        if drafts else []
    )
    blocks: list[Block] = [
        Paragraph(text="【草案】本書は判定請求書（特許法第71条）に添付する別紙の下書きである。"
              "提出前に弁理士による確認・補正を要する。", lang="ja", style="note"),
        *warning,
        Heading(text="第1　請求の趣旨", lang="ja"),
        Paragraph(text=aim, lang="ja"),
        Heading(text=f"第2　本件特許発明（{number}　請求項{chart.claim}）の構成要件", lang="ja"),
        Paragraph(text="本件特許発明を構成要件に分説すると、次のとおりである。", lang="ja"),
        _claim_table(chart, ja),
        Heading(text=f"第3　{paper}", lang="ja"),
        Paragraph(text=f"{subject}の構成は、証拠によれば次のとおりである。", lang="ja"),
    ]
    rows = []
    for element in chart.elements:
        mark = feature_letter(element.element_id)
        text, exhibit = _description(element, chart, ctx, ja, method=method, exhibits=exhibits)
        blocks.append(Paragraph(text=f"{mark}　{text}", lang="ja", style="indent"))
        state = "確認済" if element.label == "supported" else "証拠未確定"
        rows.append((element.element_id, mark, exhibit, state))
    blocks.append(Heading(text="第4　対比", lang="ja"))
    blocks.append(Table(headers=("構成要件", f"{subject}の構成", "証拠", "状態"),
                        rows=tuple(rows), lang="ja"))
    blocks.append(Heading(text="第5　証拠方法", lang="ja"))
    blocks.extend(_sources(exhibits, ctx))
    blocks.append(Paragraph(
        text=f"{paper}の記載は、レビュー済みのクレームチャートに基づき Kizuna が作成した"
        "分析補助である。"
        "構成要件の充足についての法的判断を示すものではない。",
        lang="ja", style="note",
    ))
    return Document(
        kind="hantei",
        lang="ja",
        title="判定請求書　別紙（案）",
        subtitle=f"DRAFT annex for a JPO hantei request — {chart.patent} claim {chart.claim} / "
        f"{chart.product}",
        blocks=tuple(blocks),
    )
