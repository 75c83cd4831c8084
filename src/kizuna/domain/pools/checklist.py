"""A competition-law checklist for a patent pool against the JFTC's pool guidelines.

Source: 公正取引委員会「標準化に伴うパテントプールの形成等に関する独占禁止法上の
考え方」(Japan Fair Trade Commission, *Guidelines on Standardization and Patent
Pool Arrangements*), 平成17年6月29日 (2005-06-29), 改正 平成19年9月28日
(2007-09-28), https://www.jftc.go.jp/dk/guideline/unyoukijun/patent.html
(checked 2026-12-07). Each item paraphrases one point of that text; it is a
checklist for counsel's review, not a finding of legality.

Each check reads facts stated in the pool file (:class:`PoolTerms`, tiers,
assessments) and answers ``met``, ``not met`` or ``not stated`` with the
pool's own evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kizuna.domain.pools.model import Pool

__all__ = ["GUIDELINE", "CheckResult", "check_pool"]

GUIDELINE = (
    "JFTC, 標準化に伴うパテントプールの形成等に関する独占禁止法上の考え方, "
    "2005-06-29, revised 2007-09-28, jftc.go.jp/dk/guideline/unyoukijun/patent.html"
)


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    key: str
    title_en: str
    title_ja: str
    status: str  # "met" | "not met" | "not stated"
    evidence: str
    source: str = GUIDELINE


def _essential_only(pool: Pool) -> tuple[str, str]:
    missing = [c.patent for c in pool.contributions if c.assessment is None]
    not_essential = [
        c.patent for c in pool.contributions if c.assessment and not c.assessment.essential
    ]
    chart_only = [
        c.patent for c in pool.contributions if c.assessment and c.assessment.kind != "evaluator"
    ]
    if missing or not_essential:
        parts = []
        if missing:
            parts.append("no assessment: " + ", ".join(missing))
        if not_essential:
            parts.append("assessed not essential: " + ", ".join(not_essential))
        return "not met", "; ".join(parts)
    if chart_only:
        return "not met", "assessed by claim chart only, no independent evaluator: " + ", ".join(
            chart_only
        )
    evaluators = sorted({c.assessment.by for c in pool.contributions if c.assessment})
    return (
        "met",
        f"{len(pool.contributions)} patents, each found essential by an independent "
        f"evaluator ({', '.join(evaluators)})",
    )


def _non_discriminatory(pool: Pool) -> tuple[str, str]:
    vague = [t.name for t in pool.tiers if not t.criteria.strip()]
    if vague:
        return "not met", "tiers without objective criteria: " + ", ".join(vague)
    return "met", "; ".join(f"{t.name}: {t.criteria}" for t in pool.tiers)


def _flag(value: bool | None, yes: str, no: str) -> tuple[str, str]:
    if value is None:
        return "not stated", "the pool file does not say"
    return ("met", yes) if value else ("not met", no)


def _grant_back(pool: Pool) -> tuple[str, str]:
    value = pool.terms.grant_back
    if value is None:
        return "not stated", "the pool file does not say"
    if value in ("none", "essential-nonexclusive"):
        return "met", f"grant-back: {value}"
    return (
        "not met",
        f"grant-back: {value} (beyond non-exclusive licences of essential improvements)",
    )


_CHECKS: tuple[tuple[str, str, str, Callable[[Pool], tuple[str, str]]], ...] = (
    (
        "essential-only",
        "Only patents essential to the standard, confirmed by an independent expert",
        "規格に必須な特許に限り、独立した専門家が必須性を確認していること",
        _essential_only,
    ),
    (
        "non-discriminatory",
        "Standard terms applied to all licensees alike, tiers by objective criteria",
        "すべてのライセンシーに同一条件(区分は客観的基準による)",
        _non_discriminatory,
    ),
    (
        "bilateral-licensing",
        "Founders remain free to license their patents outside the pool",
        "特許権者がプール外で個別にライセンスすることを妨げないこと",
        lambda p: _flag(
            p.terms.bilateral_licensing_allowed,
            "bilateral licences allowed",
            "bilateral licences restricted",
        ),
    ),
    (
        "alternative-technology",
        "Licensees remain free to develop and use alternative technologies",
        "ライセンシーによる代替技術の開発・採用を制限しないこと",
        lambda p: _flag(
            p.terms.alternative_technologies_allowed,
            "alternatives allowed",
            "alternatives restricted",
        ),
    ),
    (
        "grant-back",
        "No grant-back beyond non-exclusive licences of essential improvements",
        "改良技術のグラントバックは必須特許の非独占的ライセンスにとどめること",
        _grant_back,
    ),
    (
        "information-firewall",
        "Licensees' competitively sensitive data are not shared among members or founders",
        "ライセンシーの競争上重要な情報を他の事業者と共有しない体制",
        lambda p: _flag(
            p.terms.confidentiality_firewall,
            "administrator keeps member reports confidential",
            "no firewall",
        ),
    ),
    (
        "removal-of-non-essential",
        "Patents found not essential (or obsolete) leave the pool",
        "必須でなくなった特許をプールから外す仕組み",
        lambda p: _flag(
            p.terms.patent_removal_when_not_essential, "removal rule stated", "no removal rule"
        ),
    ),
)


def check_pool(pool: Pool) -> tuple[CheckResult, ...]:
    """Every checklist item for ``pool``, in the guideline's order of topics."""
    results = []
    for key, en, ja, check in _CHECKS:
        status, evidence = check(pool)
        results.append(
            CheckResult(key=key, title_en=en, title_ja=ja, status=status, evidence=evidence)
        )
    return tuple(results)
