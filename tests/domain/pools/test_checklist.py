"""The JFTC patent-pool checklist reads the pool's stated facts, never assumes them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kizuna.domain.pools.checklist import GUIDELINE, check_pool
from kizuna.domain.pools.model import Assessment, PoolTerms
from tests.domain.pools.test_distribution import _pool


def _status(pool: object) -> dict[str, str]:
    return {r.key: r.status for r in check_pool(pool)}  # type: ignore[arg-type]


def test_unstated_terms_are_not_stated_and_chart_only_is_not_independent() -> None:
    pool = _pool()
    chart = Assessment(kind="chart", by="analyst", on=date(2025, 1, 1), essential=True)
    first = replace(pool.contributions[0], assessment=chart)
    status = _status(replace(pool, contributions=(first, *pool.contributions[1:])))
    assert status["essential-only"] == "not met"
    assert status["bilateral-licensing"] == "not stated"
    assert status["grant-back"] == "not stated"


def test_stated_terms_are_checked() -> None:
    terms = PoolTerms(
        bilateral_licensing_allowed=True,
        alternative_technologies_allowed=False,
        grant_back="broad",
        confidentiality_firewall=True,
        patent_removal_when_not_essential=True,
    )
    results = check_pool(replace(_pool(), terms=terms))
    status = {r.key: r.status for r in results}
    assert status == {
        "essential-only": "met",
        "non-discriminatory": "met",
        "bilateral-licensing": "met",
        "alternative-technology": "not met",
        "grant-back": "not met",
        "information-firewall": "met",
        "removal-of-non-essential": "met",
    }
    assert all(r.source == GUIDELINE and "2005-06-29" in r.source for r in results)
