"""What every claim chart export shares: the disclaimer, column names, visible evidence.

Exports show a chart's *reviewed* state: rejected passages are left out (they
stay in the chart's history), accepted and added ones come first.

An export is written in English (the default) or Japanese (``lang="ja"``, for a
Japanese licensee's IP department): every word the export itself writes comes
from :data:`WORDS`; the claim, the evidence and the reviewers' notes stay as written.
The Japanese labels and verdicts are the web pages' (``web/templates/_chart.html``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kizuna.domain.evidence import ClaimChart, ElementMatch, PassageMatch
from kizuna.errors import InvalidValueError

__all__ = [
    "DISCLAIMER",
    "EXPORT_LANGUAGES",
    "HEADERS",
    "PARTIAL_MEANS",
    "WORDS",
    "ChartWords",
    "evidence_lines",
    "header_block",
    "visible",
    "words_for",
]

ExportLanguage = Literal["en", "ja"]
EXPORT_LANGUAGES: tuple[ExportLanguage, ...] = ("en", "ja")

DISCLAIMER = (
    "Kizuna claim chart: an analytical aid, not a legal opinion. Scores and labels are "
    "computed from the evidence cited and must be checked by a qualified professional."
)

#: What a ``partial`` label says (measured on the development set: docs/retrieval.md, "What
#: `partial` says"): on-topic passages are more common for elements a product lacks.
PARTIAL_MEANS = ("“partial” marks on-topic passages that do not show the element: "
                 "a pointer for review, not evidence of use")

#: Column headings of the element table (XLSX; DOCX/HTML merge some of them).
HEADERS = ("Element", "Element text", "Evidence (quotes with citations)", "Score", "Label",
           "Reviewer notes")


@dataclass(frozen=True, kw_only=True)
class ChartWords:
    """The words an export writes around a chart, in one language."""

    title: str  # "{patent}", "{claim}", "{product}"
    page_header: str  # the XLSX page header: "{patent}", "{claim}", "{product}"
    heading: str  # "{patent}", "{claim}"
    keys: tuple[str, str, str, str, str, str, str]  # patent, claim, product, coverage, …
    coverage: str  # "{share}", "{partial_means}"
    partial_means: str
    verdict_rule: str
    needs_evidence: str  # "{ids}"
    built: str  # "{id}", "{when}", "{method}"
    disclaimer: str
    headers: tuple[str, ...]  # the XLSX element table
    columns: tuple[str, str, str]  # DOCX / HTML: element | evidence | assessment
    claim_wording: str
    wording_bracket: str  # XLSX: the claim's own wording after an edited element, "{text}"
    no_evidence: str
    score: str  # "{score}"
    note: str  # "{note}"
    labels: dict[str, str]
    verdicts: dict[str, str]
    statuses: dict[str, str]
    sheet: str  # "{claim}"
    footer: str  # XLSX footer: left text, then the page numbers
    list_separator: str
    aside: str  # a parenthesis after a name or a quote: "{text}"
    colon: str  # after a header key in DOCX


WORDS: dict[str, ChartWords] = {
    "en": ChartWords(
        title="Claim chart: {patent} claim {claim} v. {product}",
        page_header="{patent} claim {claim} v. {product}",
        heading="Claim chart: {patent}, claim {claim}",
        keys=("Patent", "Claim", "Product", "Coverage", "Verdict", "Chart", "Note"),
        coverage="{share} of elements supported (partial counts half; {partial_means})",
        partial_means=PARTIAL_MEANS,
        verdict_rule=" (all-elements rule)",
        needs_evidence="; needs evidence: {ids}",
        built="#{id}, built {when} UTC, {method}",
        disclaimer=DISCLAIMER,
        headers=HEADERS,
        columns=("Claim element", "Evidence of use (with citations)", "Assessment"),
        claim_wording="Claim wording: ",
        wording_bracket="[claim wording: {text}]",
        no_evidence="No evidence found.",
        score="score {score}",
        note="Note: {note}",
        labels={"supported": "supported", "partial": "partial", "unsupported": "unsupported"},
        verdicts={"shown": "shown", "partly shown": "partly shown", "not shown": "not shown"},
        statuses={"accepted": "accepted by reviewer", "added": "added by reviewer"},
        sheet="Claim {claim}",
        footer="&LAnalytical aid, not a legal opinion&RPage &P of &N",
        list_separator=", ",
        aside=" ({text})",
        colon=": ",
    ),
    "ja": ChartWords(
        title="クレームチャート：{patent} 請求項{claim} 対 {product}",
        page_header="{patent} 請求項{claim} 対 {product}",
        heading="クレームチャート：{patent} 請求項{claim}",
        keys=("特許", "請求項", "製品", "裏付け率", "総合評価", "チャート", "注記"),
        coverage="構成要件の{share}に裏付けあり（一部裏付けは半分として計算。{partial_means}）",
        partial_means=("「一部裏付け」は、構成要件と同じ分野の記載があるものの当該構成要件を示していないことを"
                       "表します。確認のための手がかりであり、実施の証拠ではありません。"),
        verdict_rule="（全構成要件の原則による）",
        needs_evidence="；証拠が必要な構成要件：{ids}",
        built="#{id}、{when} UTC 作成、{method}",
        disclaimer=("Kizunaのクレームチャートは分析の補助であり、法的見解ではありません。スコアとラベルは"
                    "引用した証拠から計算したものであり、専門家（弁理士・弁護士）による確認が必要です。"),
        headers=("構成要件", "構成要件の記載", "実施の証拠（引用と出典）", "スコア", "裏付け",
                 "レビュー注記"),
        columns=("構成要件", "実施の証拠（出典付き）", "評価"),
        claim_wording="クレームの文言：",
        wording_bracket="［クレームの文言：{text}］",
        no_evidence="証拠は見つかりませんでした。",
        score="スコア {score}",
        note="注記：{note}",
        labels={"supported": "裏付けあり", "partial": "一部裏付け", "unsupported": "裏付けなし"},
        verdicts={"shown": "示されている", "partly shown": "一部のみ示されている",
                  "not shown": "示されていない"},
        statuses={"accepted": "レビュー担当者が採用", "added": "レビュー担当者が追加"},
        sheet="請求項{claim}",
        footer="&L分析の補助であり、法的見解ではありません&R&P / &N ページ",
        list_separator="、",
        aside="（{text}）",
        colon="：",
    ),
}

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def words_for(lang: str) -> ChartWords:
    """The export words of ``lang`` (``en`` or ``ja``); an invalid value error names both."""
    if lang not in WORDS:
        raise InvalidValueError(f"export language {lang!r} is not one of "
                                f"{', '.join(EXPORT_LANGUAGES)}")
    return WORDS[lang]


def visible(element: ElementMatch, limit: int = 3) -> tuple[PassageMatch, ...]:
    """The passages an export shows for ``element``: not rejected, best ``limit`` first.

    Reviewer-accepted and added passages are always shown, even beyond ``limit``.
    """
    shown = [m for m in element.matches if m.status != "rejected"]
    decided = [m for m in shown if m.status in ("accepted", "added")]
    return tuple(decided + [m for m in shown if m.status == "proposed"][: max(0, limit -
                                                                               len(decided))])


def evidence_lines(match: PassageMatch, lang: str = "en") -> tuple[str, str]:
    """``("“quote”", "— citation (score 0.71, accepted by reviewer)")`` for one passage.

    Japanese quotes take 「」 instead of “”.
    """
    words = words_for(lang)
    status = words.statuses.get(match.status)
    detail = words.score.format(score=f"{match.score:.2f}") + (
        f"{words.list_separator}{status}" if status else "")
    text = match.text.strip()
    quote = f"「{text}」" if _JAPANESE.search(text) else f"“{text}”"
    return quote, f"— {match.citation}{words.aside.format(text=detail)}"


def header_block(chart: ClaimChart, title: str | None = None,
                 lang: str = "en") -> list[tuple[str, str]]:
    """Label/value rows for the top of an export: patent, claim, product, coverage, verdict."""
    words = words_for(lang)
    patent, claim, product, coverage, verdict, built, note = words.keys
    needs = (words.needs_evidence.format(ids=words.list_separator.join(chart.needs_evidence))
             if chart.needs_evidence else "")
    company = words.aside.format(text=chart.company) if chart.company else ""
    return [(patent, chart.patent + (f" — {title}" if title else "")),
            (claim, f"{chart.claim} ({chart.lang})"),
            (product, chart.product + company),
            (coverage, words.coverage.format(share=f"{chart.coverage:.0%}",
                                             partial_means=words.partial_means)),
            (verdict, f"{words.verdicts.get(chart.verdict, chart.verdict)}{words.verdict_rule}"
             + needs),
            (built, words.built.format(id=chart.id, when=f"{chart.built_at:%Y-%m-%d %H:%M}",
                                       method=chart.method)),
            (note, words.disclaimer)]
