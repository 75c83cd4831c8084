"""The technology brief (技術紹介資料) and the one-page ringi summary (稟議用概要).

The brief: the patents (number, title, expiry, technology fields), the claim
(Japanese from the record, or the English claim marked 翻訳要), market
relevance in Japan (the licensee's products, JSIC codes, Japan revenue in
万/億 yen, exposure), a claim chart summary per patent (coverage, verdict,
element table) and the proposed structure (from a deal file, else "to be
discussed"). The ringi summary condenses the same facts onto one page for the
counterparty's internal approval circulation.
"""

from __future__ import annotations

from kizuna.adapters.exports.documents.context import (
    TRANSLATION_NEEDED_EN,
    TRANSLATION_NEEDED_JA,
    DocumentContext,
    PatentInfo,
    date_text,
    label,
    languages,
    paragraphs,
)
from kizuna.adapters.exports.documents.model import Block, Document, Heading, Paragraph, Table
from kizuna.adapters.exports.documents.numbers import patent_number_ja
from kizuna.adapters.exports.documents.terms_ja import FIELD_JA, SIGNAL_JA, next_step
from kizuna.adapters.exports.money import format_western
from kizuna.domain.evidence import ClaimChart
from kizuna.domain.money import Money, format_japanese

__all__ = ["LABEL_TEXT", "VERDICT_TEXT", "build_brief", "build_ringi", "money_text"]

#: Chart verdicts and element labels in Japanese and English.
VERDICT_TEXT = {
    "shown": ("全構成要件を充足すると考えられる", "every element appears to be met"),
    "partly shown": (
        "一部の構成要件について充足の根拠が確認できていない",
        "evidence for some elements is not yet confirmed",
    ),
    "not shown": (
        "充足の根拠が示されていない構成要件がある",
        "some elements are not shown to be met",
    ),
}
LABEL_TEXT = {
    "supported": ("充足すると考えられる", "appears to be met"),
    "partial": ("【証拠未確定】一部の記載のみ", "[draft evidence] partly described"),
    "unsupported": ("【証拠未確定】根拠となる記載なし", "[draft evidence] no supporting passage"),
}
NO_TERMS = (
    "ライセンス条件は、現時点では提示していません。",
    "No licence terms have been proposed yet.",
)


_EXPOSURE = {
    "domestic": ("国内企業", "domestic company"),
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
    "none": ("兆候なし", "no signals"),
}


def _exposure(level: str, lang: str) -> str:
    return label(lang, *_EXPOSURE.get(level, (level, level)))


def money_text(money: Money, lang: str) -> str:
    """An amount as the language writes it: 1億2,345万円 (ja), ¥123,450,000 (en), or both."""
    ja, en = format_japanese(money), format_western(money, "en_US")
    return label(lang, ja, en) if lang != "both" else f"{ja}（{en}）"


def _number(compact: str, display: str, lang: str) -> str:
    """A patent number as the language writes it: 特許第7533889号 in Japanese text."""
    return label(lang, patent_number_ja(compact), display)


def _fields(names: tuple[str, ...] | list[str], lang: str) -> str:
    if not names:
        return "—"
    ja = "、".join(FIELD_JA.get(n, n) for n in names)
    return label(lang, ja, ", ".join(names))


def head_blocks(ctx: DocumentContext, lang: str) -> list[Block]:
    """The record's current head, so the counterparty's copy witnesses the record."""
    return paragraphs(
        lang,
        f"交渉記録照合番号：{ctx.record_head or '—'}（本書作成時点における交渉記録の先頭ハッシュ、"
        f"記録{ctx.record_entries}件）",
        f"Record reference: {ctx.record_head or '—'} (head of the negotiation record when this "
        f"document was prepared; {ctx.record_entries} "
        f"{'entry' if ctx.record_entries == 1 else 'entries'})",
        "small",
    )


def _patent_table(ctx: DocumentContext, lang: str) -> Table:
    headers = (
        label(lang, "特許番号", "Patent"),
        label(lang, "発明の名称", "Title"),
        label(lang, "存続期間満了日（推定）", "Expiry (computed)"),
        label(lang, "技術分野", "Technology fields"),
    )
    rows = tuple(
        (
            _number(p.compact, p.number, lang),
            p.title or "—",
            date_text(p.expiry, lang),
            _fields(p.fields, lang),
        )
        for p in ctx.patents
    )
    return Table(
        headers=headers, rows=rows, lang="ja" if lang != "en" else "en", widths=(2, 4, 3, 3)
    )


def _commitment_blocks(patent: PatentInfo, lang: str) -> list[Block]:
    """A line per pledge or FRAND commitment on the patent, with its source."""
    blocks: list[Block] = []
    for kind, cite in patent.commitments:
        if kind == "frand":
            ja = f"{patent.number}はFRAND宣言の対象です"
            ja += f"（公正・合理的・非差別的な条件での許諾）: {cite}"
            en = f"{patent.number} is FRAND-committed (licences on fair, reasonable and "
            en += f"non-discriminatory terms): {cite}"
        else:
            ja = f"{patent.number}には権利不行使の誓約（プレッジ）があります: {cite}"
            en = f"{patent.number} is subject to a non-assertion pledge: {cite}"
        blocks.extend(paragraphs(lang, ja, en, "note"))
    return blocks


def _claim_blocks(patent: PatentInfo, lang: str) -> list[Block]:
    if patent.claim_number is None or patent.claim_text is None:
        return paragraphs(lang, "（請求項の記録がありません）", "(no claims are stored)", "note")
    blocks: list[Block] = [
        Heading(
            text=label(
                lang,
                f"{patent_number_ja(patent.compact)} 請求項{patent.claim_number}",
                f"{patent.number} claim {patent.claim_number}",
            ),
            lang="ja" if lang != "en" else "en",
            level=3,
        )
    ]
    if "ja" in languages(lang):
        if patent.claim_ja:
            source = f"（出典：{patent.claim_ja_source}）" if patent.claim_ja_source else ""
            blocks.append(Paragraph(text=patent.claim_ja + source, lang="ja", style="indent"))
        else:
            blocks.append(
                Paragraph(
                    text=f"【{TRANSLATION_NEEDED_JA}】日本語の請求項は記録にありません。"
                    "以下は原文であり、翻訳は行っていません。",
                    lang="ja",
                    style="note",
                )
            )
            blocks.append(
                Paragraph(text=patent.claim_text, lang=patent.claim_lang or "en", style="indent")
            )
    if "en" in languages(lang):
        if patent.claim_lang == "en":
            blocks.append(Paragraph(text=patent.claim_text, lang="en", style="indent"))
        else:
            blocks.append(
                Paragraph(
                    text=f"[{TRANSLATION_NEEDED_EN}] The claim is stored in "
                    f"{patent.claim_lang or 'another language'} only; shown untranslated.",
                    lang="en",
                    style="note",
                )
            )
            if lang == "en":
                blocks.append(
                    Paragraph(
                        text=patent.claim_text, lang=patent.claim_lang or "ja", style="indent"
                    )
                )
    return blocks


def _market_blocks(ctx: DocumentContext, lang: str) -> list[Block]:
    company = ctx.company
    if company is None:
        return paragraphs(
            lang,
            "相手方企業の情報は登録されていません。",
            "No company record is stored for the licensee.",
            "note",
        )
    rows: list[tuple[str, str]] = [
        (
            label(lang, "企業名", "Company"),
            " / ".join(n for n in (company.name_ja, company.name_en) if n) or company.display_name,
        ),
        (
            label(lang, "製品・サービス", "Products and services"),
            ", ".join(company.products) or "—",
        ),
        (label(lang, "日本標準産業分類", "JSIC industry codes"), ", ".join(company.jsic) or "—"),
    ]
    revenue = company.japan_revenue
    if revenue is not None:
        amount = money_text(Money(amount=revenue.amount, currency=revenue.currency), lang)
        rows.append(
            (
                label(lang, "日本国内売上", "Japan revenue"),
                f"{amount} ({label(lang, '時点', 'as of')} {date_text(revenue.as_of, lang)}"
                f"{'; ' + revenue.source if revenue.source else ''})",
            )
        )
    if ctx.exposure_level:
        rows.append(
            (
                label(lang, "日本での実施の兆候", "Exposure in Japan"),
                "; ".join(
                    (
                        _exposure(ctx.exposure_level, lang),
                        *(label(lang, *SIGNAL_JA.get(s, (s, s))) for s in ctx.exposure_factors),
                    )
                ),
            )
        )
    return [
        Table(
            headers=(label(lang, "項目", "Item"), label(lang, "内容", "Detail")),
            rows=tuple(rows),
            lang="ja" if lang != "en" else "en",
            style="facts",
        )
    ]


def _chart_blocks(chart: ClaimChart, lang: str) -> list[Block]:
    verdict_ja, verdict_en = VERDICT_TEXT.get(chart.verdict, (chart.verdict, chart.verdict))
    total = len(chart.elements)
    met = sum(1 for e in chart.elements if e.label == "supported")
    blocks: list[Block] = paragraphs(
        lang,
        f"{patent_number_ja(chart.patent)} 請求項{chart.claim} × 製品「{chart.product}」："
        f"構成要件{total}件のうち"
        f"{met}件についてレビュー済みの証拠があり、{verdict_ja}。",
        f'{chart.patent} claim {chart.claim} against "{chart.product}": reviewed evidence for '
        f"{met} of {total} elements; {verdict_en}.",
    )
    drafts = [e.element_id for e in chart.elements if e.label != "supported"]
    if drafts:
        blocks.extend(
            paragraphs(
                lang,
                f"【証拠未確定】構成要件{'、'.join(drafts)}の証拠はレビューで裏付けられていません（草案）。",
                f"[DRAFT EVIDENCE] Elements {', '.join(drafts)} are not supported by reviewed "
                "evidence (draft).",
                "subject",
            )
        )
    rows = []
    for element in chart.elements:
        top = next((m for m in element.matches if m.status in ("accepted", "added")), None)
        top = top or next((m for m in element.matches if m.status == "proposed"), None)
        evidence = f"{top.text[:160]}\n[{top.citation}]" if top else "—"
        rows.append(
            (
                element.element_id,
                element.text,
                label(lang, *LABEL_TEXT.get(element.label, (element.label,) * 2)),
                evidence,
            )
        )
    blocks.append(
        Table(
            headers=(
                label(lang, "構成要件", "Element"),
                label(lang, "記載", "Claim wording"),
                label(lang, "評価", "Assessment"),
                label(lang, "証拠（出典）", "Evidence (citation)"),
            ),
            rows=tuple(rows),
            lang=chart.lang,
            widths=(1, 4, 2, 5),
            style="small",
        )
    )
    return blocks


def _structure_blocks(ctx: DocumentContext, lang: str) -> list[Block]:
    if not ctx.structure_ja:
        return paragraphs(lang, *NO_TERMS)
    blocks: list[Block] = []
    for code in languages(lang):
        lines = ctx.structure_ja if code == "ja" else ctx.structure_en
        blocks.extend(Paragraph(text=f"・{line}", lang=code, style="indent") for line in lines)
    blocks.extend(
        paragraphs(
            lang,
            "上記は協議のための一案であり、貴社のご意見を踏まえて調整いたします。",
            "This is one proposal for discussion, to be adjusted with your views.",
        )
    )
    return blocks


def build_brief(ctx: DocumentContext, lang: str) -> Document:
    """The technology brief (技術紹介資料) in ``lang`` (ja, en or both)."""
    code = "ja" if lang != "en" else "en"
    blocks: list[Block] = [Heading(text=label(lang, "1. 対象特許", "1. The patents"), lang=code)]
    blocks.append(_patent_table(ctx, lang))
    for patent in ctx.patents:
        blocks.extend(_commitment_blocks(patent, lang))
    for patent in ctx.patents:
        blocks.extend(_claim_blocks(patent, lang))
    blocks.append(
        Heading(
            text=label(lang, "2. 日本市場との関連", "2. Relevance to the Japanese market"),
            lang=code,
        )
    )
    blocks.extend(_market_blocks(ctx, lang))
    blocks.append(
        Heading(text=label(lang, "3. クレームチャートの概要", "3. Claim chart summary"), lang=code)
    )
    if not ctx.charts:
        blocks.extend(
            paragraphs(
                lang, "クレームチャートは添付していません。", "No claim chart is attached.", "note"
            )
        )
    for chart in ctx.charts:
        blocks.extend(_chart_blocks(chart, lang))
    blocks.extend(
        paragraphs(
            lang,
            "クレームチャートは公開資料に基づく分析補助であり、侵害の有無についての法的意見ではありません。",
            "Claim charts are an analytical aid built from public material, not a legal opinion "
            "on infringement.",
            "note",
        )
    )
    blocks.append(
        Heading(text=label(lang, "4. ご提案する契約形態", "4. Proposed structure"), lang=code)
    )
    blocks.extend(_structure_blocks(ctx, lang))
    blocks.extend(head_blocks(ctx, lang))
    return Document(
        kind="brief",
        lang=lang,
        blocks=tuple(blocks),
        title=label(lang, "技術紹介資料", "Technology brief"),
        subtitle=label(
            lang,
            f"{ctx.campaign.licensee} 御中　{ctx.licensor}",
            f"Prepared for {ctx.campaign.licensee} by {ctx.licensor}",
        )
        + f" · {date_text(ctx.as_of, lang).replace(chr(10), ' / ')}",
    )


def build_ringi(ctx: DocumentContext, lang: str) -> Document:
    """A one-page summary for the counterparty's internal approval (稟議) circulation."""
    code = "ja" if lang != "en" else "en"
    patents = "\n".join(
        f"{_number(p.compact, p.number, lang)} {p.title or ''}（{label(lang, '満了', 'expires')} "
        f"{date_text(p.expiry, lang).replace(chr(10), ' / ')}）"
        for p in ctx.patents
    )
    fields = sorted({f for p in ctx.patents for f in p.fields})
    charts = "\n".join(
        f"{_number(c.patent, c.patent, lang)} {label(lang, '請求項', 'claim ')}{c.claim} × "
        f"{c.product}："
        f"{label(lang, *VERDICT_TEXT.get(c.verdict, (c.verdict,) * 2))}"
        for c in ctx.charts
    ) or label(lang, "クレームチャートは添付していません。", "No claim chart is attached.")
    terms = "\n".join(ctx.structure_ja if code == "ja" else ctx.structure_en) or label(
        lang, *NO_TERMS
    )
    rows = (
        (
            label(lang, "件名", "Subject"),
            label(
                lang,
                "特許ライセンスのご提案（検討用）",
                "Patent licence proposal (for consideration)",
            ),
        ),
        (label(lang, "提案者（特許権者）", "Proposed by (patent owner)"), ctx.licensor),
        (label(lang, "相手方", "Counterparty"), ctx.campaign.licensee),
        (label(lang, "対象特許", "Patents"), patents),
        (label(lang, "技術分野", "Technology fields"), _fields(fields, lang)),
        (label(lang, "対象製品・評価", "Products and chart results"), charts),
        (label(lang, "提案条件", "Proposed terms"), terms),
        (
            label(lang, "貴社にとっての意義", "Why it matters to you"),
            label(
                lang,
                "ライセンスにより対象特許の実施が明確に許諾され、紛争の予防と事業の安定につながります。",
                "A licence gives clear permission to use the patents, preventing disputes and "
                "securing the business.",
            ),
        ),
        (
            label(lang, "次のステップ", "Next step"),
            label(lang, *next_step(ctx.campaign.stage)),
        ),
        (label(lang, "現在の段階", "Current stage"), label(lang, ctx.stage_ja, ctx.stage_en)),
        (
            label(lang, "交渉記録照合番号", "Record reference"),
            f"{ctx.record_head or '—'}（{label(lang, '記録', 'entries')} {ctx.record_entries}）",
        ),
        (label(lang, "作成日", "Date"), date_text(ctx.as_of, lang)),
    )
    return Document(
        kind="ringi",
        lang=lang,
        title=label(lang, "稟議用概要", "One-page summary for internal approval"),
        blocks=(
            Table(
                headers=(label(lang, "項目", "Item"), label(lang, "内容", "Detail")),
                rows=rows,
                lang=code,
                style="facts",
            ),
        ),
    )
