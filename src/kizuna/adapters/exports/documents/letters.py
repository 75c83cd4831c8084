"""Letters to the licensee: introduction, offer, follow-up, mediation request (ja and en).

Japanese letters follow business form: date and addresses, 件名, 拝啓 with
the month's seasonal greeting (時候の挨拶) and 「ご清祥のこととお慶び申し上げ
ます」, the body in keigo, a closing courtesy and 敬具, then 記…以上 for the
enclosures. The wording is relationship first: the introduction proposes a
meeting and makes no demand; the offer refers to the claim chart and the
proposed structure as a basis for discussion; the mediation request names a
neutral escalation path with its facts (docs/legal-facts.md §5: JPO hantei
fee ¥40,000 per request, fastest about 3 months, not binding; JIPAC mediation
application fee ¥47,620; Tokyo District Court SEP judicial mediation from
2026-02-01, about 3 sessions, target about 6 months).
"""

from __future__ import annotations

from kizuna.adapters.exports.documents.context import (
    DocumentContext,
    check_lang,
    date_text,
    recipient,
)
from kizuna.adapters.exports.documents.model import Block, Document, Paragraph
from kizuna.domain.japanese import letter_closing, letter_opening
from kizuna.errors import InvalidValueError

__all__ = ["ESCALATION_TEXT", "LETTER_KINDS", "build_letter"]

LETTER_KINDS = ("introduction", "offer", "follow-up", "mediation-request")

#: Neutral escalation paths a mediation request can name (facts: docs/legal-facts.md §5).
ESCALATION_TEXT: dict[str, tuple[str, str]] = {
    "hantei": (
        "特許庁の判定制度（特許法第71条）。技術的範囲について特許庁の審判官合議体が中立的な見解を示す"
        "もので、法的拘束力はなく、手数料は1件4万円、最短で約3か月とされています",
        "a JPO advisory opinion (hantei, Patent Act Art. 71): a panel of JPO trial examiners "
        "gives a neutral, non-binding opinion on the technical scope; the fee is ¥40,000 per "
        "request and the fastest opinions take about three months",
    ),
    "jipac-mediation": (
        "日本知的財産仲裁センター（JIPAC）による調停。弁護士・弁理士が関与する認証ADR機関であり、"
        "申立手数料は47,620円（税別）です",
        "mediation at the Japan Intellectual Property Arbitration Center (JIPAC), a certified "
        "ADR body with attorneys and patent attorneys; the application fee is ¥47,620 "
        "before tax",
    ),
    "jipac-arbitration": (
        "日本知的財産仲裁センター（JIPAC）による仲裁（3名の仲裁人による拘束力ある判断。双方の合意が必要です）",
        "arbitration at JIPAC (a binding award by three arbitrators; it needs both parties' "
        "agreement)",
    ),
    "ip-mediation": (
        "東京地方裁判所または大阪地方裁判所の知財調停（知財部の裁判官1名と弁護士・弁理士等の専門家2名の"
        "調停委員会により、原則として3回程度の期日で見解が示されます。両社の管轄合意が必要です）",
        "IP mediation (chizai chōtei) at the Tokyo or Osaka District Court (a committee of one "
        "IP judge and two experts gives its view in about three sessions; both companies must "
        "agree to the court's jurisdiction)",
    ),
    "court-mediation": (
        "裁判所の知財調停（東京地方裁判所のSEP調停は2026年2月1日開始、裁判官1名と専門家2名、"
        "約3回の期日で約6か月を目標とします）",
        "IP mediation at court (the Tokyo District Court's SEP judicial mediation, from "
        "1 February 2026: one IP judge and two experts, about three sessions, targeting about "
        "six months)",
    ),
}


def _subject(kind: str, lang: str) -> str:
    subjects = {
        "introduction": ("技術のご紹介と面談のお願い", "Introduction and request for a meeting"),
        "offer": ("特許ライセンスのご提案", "Proposal for a patent licence"),
        "follow-up": ("先般のご連絡に関するお伺い", "Following up on our earlier letter"),
        "mediation-request": (
            "第三者機関を交えた協議のご提案",
            "Proposal to continue our discussions with a neutral third party",
        ),
    }
    ja, en = subjects[kind]
    return ja if lang == "ja" else en


def _numbers(ctx: DocumentContext) -> str:
    return "、".join(p.number for p in ctx.patents)


def _last_contact(ctx: DocumentContext) -> str | None:
    kinds = {"letter", "offer", "email", "meeting", "counteroffer"}
    entries = [e for e in ctx.campaign.entries if e.kind in kinds]
    return None if not entries else entries[-1].occurred_on.isoformat()


def _chart_line(ctx: DocumentContext, lang: str) -> str:
    chart = next(iter(ctx.charts), None)
    if chart is None:
        return (
            "対比資料は準備が整い次第お届けいたします。"
            if lang == "ja"
            else "We will send the comparison as soon as it is ready."
        )
    n = len(chart.elements)
    if lang == "ja":
        return (
            f"弊社にて、特許{chart.patent}の請求項{chart.claim}と貴社製品「{chart.product}」の"
            f"公開資料とを構成要件ごとに対比いたしました（構成要件{n}件、対比表を同封いたします）。"
            "弊社の理解に誤りがございましたら、ご指摘いただけますと幸いです。"
        )
    return (
        f"We have compared claim {chart.claim} of patent {chart.patent}, element by element "
        f'({n} elements), with public material on your product "{chart.product}"; the claim '
        "chart is enclosed. Please tell us where you see it differently."
    )


def _body_ja(ctx: DocumentContext, kind: str) -> list[str]:
    intro = next((c for c in ctx.campaign.contacts if c.role == "intermediary"), None)
    numbers = _numbers(ctx)
    if kind == "introduction":
        via = f"{intro.name}様のご紹介により、" if intro else "突然のご連絡にて失礼いたします。"
        return [
            f"{via}弊社{ctx.licensor}より、ご挨拶かたがたご連絡を差し上げます。",
            f"弊社は、別紙の技術紹介資料にございます特許（{numbers}）を保有しており、"
            "貴社の事業に関連の深い技術と拝察しております。",
            "つきましては、ご多忙のところ誠に恐縮ではございますが、技術内容のご説明と意見交換の場として、"
            "一度面談の機会を賜りたく存じます。日程と場所は貴社のご都合に合わせて調整させていただきます。",
        ]
    if kind == "offer":
        terms = "、".join(ctx.structure_ja) or "具体的な条件は貴社のご意見を伺いながら協議"
        return [
            "先般は貴重なお時間を賜り、誠にありがとうございました。",
            _chart_line(ctx, "ja"),
            f"ライセンス条件につきましては、{terms}を一案としてご提案申し上げます。"
            "双方にとって望ましい形となるよう、貴社のご意見を賜れますと幸いです。",
        ]
    if kind == "follow-up":
        when = _last_contact(ctx)
        ref = f"{when}付でお送りいたしました書面" if when else "先般お送りいたしました書面"
        return [
            f"{ref}（特許{numbers}に関するご案内）につきまして、その後のご検討状況はいかがでしょうか。",
            "ご多用のところ恐縮ではございますが、ご都合のよい時期にご意見をお聞かせいただけますと幸いです。"
            "ご不明の点がございましたら、何なりとお申し付けください。",
        ]
    path = ESCALATION_TEXT[_escalation(ctx)][0]
    return [
        f"これまで特許{numbers}に関し、誠実に協議の機会を賜りましたことに厚く御礼申し上げます。",
        "双方の見解になお隔たりが残っておりますことから、中立的な第三者の関与のもとで協議を継続することを"
        f"ご提案申し上げます。具体的には、{path}。",
        "弊社としては引き続き話し合いによる解決を第一に考えております。ご検討のほど、よろしくお願い申し上げます。",
    ]


def _body_en(ctx: DocumentContext, kind: str) -> list[str]:
    intro = next((c for c in ctx.campaign.contacts if c.role == "intermediary"), None)
    numbers = ", ".join(p.number for p in ctx.patents)
    if kind == "introduction":
        via = f"{intro.name} kindly suggested that we write to you. " if intro else ""
        return [
            f"{via}I am writing on behalf of {ctx.licensor} to introduce ourselves.",
            f"We own the patents {numbers}, described in the enclosed technology brief, and "
            "believe the technology is closely related to your business.",
            "We would be grateful for the opportunity to meet, explain the technology and hear "
            "your views. We will gladly arrange the date and place to suit you.",
        ]
    if kind == "offer":
        terms = "; ".join(ctx.structure_en) or "terms to be discussed with you"
        return [
            "Thank you for the time you gave us at our recent meeting.",
            _chart_line(ctx, "en"),
            f"As a basis for discussion we propose the following: {terms}. We would welcome "
            "your views so that we can reach terms that work for both companies.",
        ]
    if kind == "follow-up":
        when = _last_contact(ctx)
        ref = f"our letter of {when}" if when else "our earlier letter"
        return [
            f"I am writing to follow up on {ref} about the patents {numbers}.",
            "We would be grateful to hear your views when convenient, and are happy to answer "
            "any questions.",
        ]
    path = ESCALATION_TEXT[_escalation(ctx)][1]
    return [
        f"Thank you for the discussions we have had in good faith about the patents {numbers}.",
        "As our positions still differ, we propose to continue the discussion with the help of "
        f"a neutral third party, namely {path}.",
        "Our priority remains an agreed solution. We look forward to your reply.",
    ]


def _escalation(ctx: DocumentContext) -> str:
    chosen = ctx.campaign.escalation
    return chosen if chosen in ESCALATION_TEXT else "jipac-mediation"


def _enclosures(ctx: DocumentContext, kind: str, lang: str) -> list[str]:
    if kind == "introduction":
        return ["技術紹介資料　1部"] if lang == "ja" else ["Technology brief"]
    if kind == "offer":
        items = ["技術紹介資料　1部", "クレームチャート（対比表）　1部"]
        return items if lang == "ja" else ["Technology brief", "Claim chart"]
    return []


def build_letter(ctx: DocumentContext, kind: str, lang: str) -> Document:
    """A letter of ``kind`` (introduction, offer, follow-up, mediation-request) in ja or en."""
    if kind not in LETTER_KINDS:
        raise InvalidValueError(f"--kind {kind!r}: choose one of {', '.join(LETTER_KINDS)}")
    check_lang(lang, allowed=("ja", "en"))
    to = recipient(ctx.campaign)
    blocks: list[Block] = [Paragraph(text=date_text(ctx.as_of, lang), lang=lang, style="right")]
    if lang == "ja":
        person = f"\n{to.organisation or ''} {to.name} 様".rstrip() if to else ""
        blocks.append(Paragraph(text=f"{ctx.campaign.licensee} 御中{person}", lang="ja"))
        blocks.append(Paragraph(text=ctx.licensor, lang="ja", style="right"))
        blocks.append(Paragraph(text=_subject(kind, lang), lang="ja", style="subject"))
        blocks.append(Paragraph(text=letter_opening(ctx.as_of), lang="ja"))
        blocks.extend(Paragraph(text=line, lang="ja") for line in _body_ja(ctx, kind))
        courtesy, keigu = letter_closing()
        blocks.append(Paragraph(text=courtesy, lang="ja"))
        blocks.append(Paragraph(text=keigu, lang="ja", style="right"))
        items = _enclosures(ctx, kind, lang)
        if items:
            blocks.append(Paragraph(text="記", lang="ja", style="center"))
            blocks.extend(
                Paragraph(text=f"{n}. {item}", lang="ja", style="indent")
                for n, item in enumerate(items, start=1)
            )
            blocks.append(Paragraph(text="以上", lang="ja", style="right"))
    else:
        blocks.append(Paragraph(text=ctx.campaign.licensee, lang="en"))
        blocks.append(
            Paragraph(text=f"Subject: {_subject(kind, lang)}", lang="en", style="subject")
        )
        blocks.append(Paragraph(text=f"Dear {to.name if to else 'Sir or Madam'},", lang="en"))
        blocks.extend(Paragraph(text=line, lang="en") for line in _body_en(ctx, kind))
        blocks.append(Paragraph(text=f"Yours sincerely,\n\n{ctx.licensor}", lang="en"))
        items = _enclosures(ctx, kind, lang)
        if items:
            blocks.append(
                Paragraph(text="Enclosures: " + "; ".join(items), lang="en", style="note")
            )
    return Document(kind="letter", lang=lang, title=_subject(kind, lang), blocks=tuple(blocks))
