"""Letters to the licensee: introduction, offer, follow-up, mediation request (ja and en).

The wording lives in Jinja2 text templates per language
(``templates/letters/ja.txt.j2`` and ``en.txt.j2``) so a licensor can adapt
it; this module only gathers the variables and turns the rendered text into
document blocks (one paragraph per blank-line-separated block; a leading
``[right]``, ``[center]``, ``[subject]``, ``[indent]``, ``[note]``,
``[small]`` or ``[left]`` (no first-line indent) sets the style). The house
style they follow is written in docs/documents.md: 御中 for an organisation
and 様 for a person, never both; 貴社ますますご清栄 (清祥 is for people);
one date form (令和8年12月7日); patent numbers as 特許第7533889号; a
sender block; English letters greet ``Dear Ms. Suzuki,`` only from a stored
romanised name and honorific, and carry concrete terms or no terms section.

The mediation request names a neutral escalation path with its facts
(docs/legal-facts.md §5: JPO hantei fee ¥40,000 per request, fastest about 3
months, not binding; JIPAC mediation application fee ¥47,620; Tokyo District
Court SEP judicial mediation from 2026-02-01, about 3 sessions, target about 6
months). Every letter prints the negotiation record's current head (short
form) so the counterparty's copy witnesses the record.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from kizuna.adapters.exports.documents.context import (
    DocumentContext,
    check_lang,
    draft_elements,
    recipient,
)
from kizuna.adapters.exports.documents.model import Block, Document, Paragraph
from kizuna.adapters.exports.documents.numbers import patent_number_en, patent_number_ja
from kizuna.domain.campaign import Contact
from kizuna.domain.japanese import format_date_en, format_wareki, seasonal_greeting
from kizuna.errors import InvalidValueError

__all__ = ["ESCALATION_TEXT", "LETTER_KINDS", "build_letter", "letter_variables"]

LETTER_KINDS = ("introduction", "offer", "follow-up", "mediation-request")

#: Neutral escalation paths a mediation request can name (facts: docs/legal-facts.md §5).
ESCALATION_TEXT: dict[str, tuple[str, str]] = {
    "hantei": (
        "特許庁の判定制度（特許法第71条）の利用です。技術的範囲について特許庁の審判官合議体が中立的な"
        "見解を示すもので、法的拘束力はなく、手数料は1件4万円、最短で約3か月とされています",
        "a JPO advisory opinion (hantei, Patent Act Art. 71): a panel of JPO trial examiners "
        "gives a neutral, non-binding opinion on the technical scope; the fee is ¥40,000 per "
        "request and the fastest opinions take about three months",
    ),
    "jipac-mediation": (
        "日本知的財産仲裁センター（JIPAC）による調停です。弁護士・弁理士が関与する認証ADR機関であり、"
        "申立手数料は47,620円（税別）です",
        "mediation at the Japan Intellectual Property Arbitration Center (JIPAC), a certified "
        "ADR body with attorneys and patent attorneys; the application fee is ¥47,620 "
        "before tax",
    ),
    "jipac-arbitration": (
        "日本知的財産仲裁センター（JIPAC）による仲裁です（3名の仲裁人による拘束力ある判断であり、"
        "双方の合意が必要です）",
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
        "裁判所の知財調停です（東京地方裁判所のSEP調停は2026年2月1日開始、裁判官1名と専門家2名、"
        "約3回の期日で約6か月を目標とします）",
        "IP mediation at court (the Tokyo District Court's SEP judicial mediation, from "
        "1 February 2026: one IP judge and two experts, about three sessions, targeting about "
        "six months)",
    ),
}

_SUBJECTS = {
    "introduction": ("技術のご紹介と面談のお願い", "Introduction and request for a meeting"),
    "offer": ("特許ライセンスのご提案", "Proposal for a patent licence"),
    "follow-up": ("先般のご連絡に関するお伺い", "Following up on our earlier letter"),
    "mediation-request": (
        "第三者機関を交えた協議のご提案",
        "Proposal to continue our discussions with a neutral third party",
    ),
}
_ENCLOSURES = {
    "introduction": (("技術紹介資料　1部",), ("Technology brief",)),
    "offer": (
        ("技術紹介資料　1部", "クレームチャート（対比表）　1部"),
        ("Technology brief", "Claim chart"),
    ),
}
_STYLE = re.compile(r"^\[(right|center|subject|indent|note|small|left)\]")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kizuna.adapters.exports.documents", "templates/letters"),
        autoescape=False,  # plain text; the HTML renderer escapes every paragraph
        trim_blocks=False,  # keep the blank lines that separate paragraphs around block tags
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )


def _join(items: list[str], lang: str) -> str:
    if lang == "ja":
        return "、".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ascii(text: str | None) -> str | None:
    return text if text and text.isascii() else None


def _addressee_ja(ctx: DocumentContext, to: Contact | None) -> str:
    company = (ctx.company.name_ja if ctx.company else None) or ctx.campaign.licensee
    if to is None:
        return f"{company}　御中"  # an organisation: 御中 alone
    parts = [company, to.organisation, to.title, f"{to.name} 様"]  # a person: 様 alone
    return "　".join(p for p in parts if p)


def _addressee_en(ctx: DocumentContext, to: Contact | None) -> list[str]:
    company = (ctx.company.name_en if ctx.company else None) or ctx.campaign.licensee
    lines = []
    if to is not None and to.romanised:
        lines.append(" ".join(x for x in (to.honorific, to.romanised) if x))
        lines.extend(x for x in (_ascii(to.title), _ascii(to.organisation)) if x)
    return [*lines, company]


def _salutation(to: Contact | None) -> str:
    if to is None or not to.romanised:
        return "Dear Sir or Madam,"
    if to.honorific:
        return f"Dear {to.honorific} {to.family_name_latin},"
    return f"Dear {to.romanised},"


def _sender_lines(ctx: DocumentContext, lang: str) -> list[str]:
    sender = next((c for c in ctx.campaign.contacts if c.role == "sender"), None)
    if lang == "ja":
        if sender is None:
            return ["【部署名】　【役職】", "【氏名】", "【連絡先】"]
        head = "　".join(x for x in (sender.organisation, sender.title) if x)
        return [x for x in (head, sender.name, sender.email) if x]
    if sender is None:
        return ["[Name]", "[Title, department]", ctx.licensor, "[Contact]"]
    name = sender.romanised or sender.name
    role = ", ".join(x for x in (_ascii(sender.title), _ascii(sender.organisation)) if x)
    return [x for x in (name, role, ctx.licensor, sender.email) if x]


def _introducer(ctx: DocumentContext, lang: str) -> str | None:
    intro = next((c for c in ctx.campaign.contacts if c.role == "intermediary"), None)
    if intro is None:
        return None
    if lang == "ja":
        return f"{intro.organisation}の{intro.name}" if intro.organisation else intro.name
    name = intro.romanised or intro.name
    return " ".join(x for x in (intro.honorific, name) if x)


def _charts(ctx: DocumentContext, lang: str) -> list[dict[str, Any]]:
    number = patent_number_ja if lang == "ja" else patent_number_en
    return [
        {
            "patent": number(c.patent),
            "claim": c.claim,
            "product": c.product,
            "elements": len(c.elements),
            "draft": ("、" if lang == "ja" else ", ").join(draft_elements(c)),
        }
        for c in ctx.charts
    ]


def _last_contact(ctx: DocumentContext, lang: str) -> str | None:
    kinds = {"letter", "offer", "email", "meeting", "counteroffer"}
    entries = [e for e in ctx.campaign.entries if e.kind in kinds]
    if not entries:
        return None
    day = entries[-1].occurred_on
    return format_wareki(day) if lang == "ja" else format_date_en(day)


def letter_variables(ctx: DocumentContext, kind: str, lang: str) -> dict[str, Any]:
    """Everything the letter templates may use (documented in docs/documents.md)."""
    to = recipient(ctx.campaign)
    index = 0 if lang == "ja" else 1
    number = patent_number_ja if lang == "ja" else patent_number_en
    escalation = ctx.campaign.escalation
    path = escalation if escalation in ESCALATION_TEXT else "jipac-mediation"
    return {
        "kind": kind,
        "date": format_wareki(ctx.as_of) if lang == "ja" else format_date_en(ctx.as_of),
        "season": seasonal_greeting(ctx.as_of.month),
        "subject": _SUBJECTS[kind][index],
        "licensor": ctx.licensor,
        "addressee": _addressee_ja(ctx, to),
        "addressee_lines": _addressee_en(ctx, to),
        "salutation": _salutation(to),
        "sender_lines": _sender_lines(ctx, lang),
        "introducer": _introducer(ctx, lang),
        "patents": _join([number(p.compact) for p in ctx.patents], lang),
        "charts": _charts(ctx, lang),
        "terms": list(ctx.structure_ja if lang == "ja" else ctx.structure_en),
        "last_contact": _last_contact(ctx, lang),
        "escalation": ESCALATION_TEXT[path][index],
        "enclosures": list(_ENCLOSURES.get(kind, ((), ()))[index]),
        "head": ctx.record_head or "—",
        "entries": ctx.record_entries,
    }


def _blocks(text: str, lang: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        body = chunk.strip("\n")
        if not body.strip():
            continue
        style = "body"
        found = _STYLE.match(body)
        if found:
            style, body = found.group(1), body[found.end() :]
        blocks.append(Paragraph(text=body, lang=lang, style=style))
    return blocks


def build_letter(ctx: DocumentContext, kind: str, lang: str) -> Document:
    """A letter of ``kind`` (introduction, offer, follow-up, mediation-request) in ja or en."""
    if kind not in LETTER_KINDS:
        raise InvalidValueError(f"--kind {kind!r}: choose one of {', '.join(LETTER_KINDS)}")
    check_lang(lang, allowed=("ja", "en"))
    template = _environment().get_template(f"{lang}.txt.j2")
    text = template.render(**letter_variables(ctx, kind, lang))
    title = _SUBJECTS[kind][0 if lang == "ja" else 1]
    return Document(kind="letter", lang=lang, title=title, blocks=tuple(_blocks(text, lang)))
