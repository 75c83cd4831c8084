"""Relevance gating, text relevance and charted evidence in the target ranking (real data)."""

from __future__ import annotations

import numpy as np
import pytest

from kizuna.adapters.storage.db import Database
from kizuna.domain.landscape import BODY_WEIGHT, TITLE_WEIGHT, field_codes, text_profile
from kizuna.domain.targets import PATENT_SIDE, TargetWeights
from kizuna.services.target_scoring import score_matrix
from kizuna.services.target_text import lexical_matrix
from kizuna.services.targets import explain_pair, prepare, rank_targets
from tests.landscape_setup import (
    AS_OF,
    DATA,
    EVIDENCE_COMPANIES,
    landscape_db,
    landscape_path,
    landscape_template,
    sample_db,
    sample_template,
)

__all__ = ["landscape_db", "landscape_path", "landscape_template", "sample_db",
           "sample_template"]

JP = "JP7533889B2"


def test_text_profile_of_the_unclassified_jp_right_names_its_sectors(
    sample_db: Database,
) -> None:
    from kizuna.adapters.landscape_data import landscape_map
    from kizuna.adapters.storage.landscape import load_portfolio

    patent = next(p for p in load_portfolio(sample_db) if p.number.compact == JP)
    assert not field_codes(patent)
    text = text_profile(patent, landscape_map().sectors)
    assert text.terms["立体"] == TITLE_WEIGHT and text.terms["配線"] == TITLE_WEIGHT
    assert text.terms["金型"] == BODY_WEIGHT  # claim 1
    assert "前記" not in text.terms
    assert set(text.keywords["semiconductor"]) == {"リードフレーム", "導電性インク"}
    assert text.sectors["semiconductor"] == pytest.approx(0.4 * 2 / 3)


def test_irrelevant_companies_get_only_the_patent_side_factors(sample_db: Database) -> None:
    ranking = rank_targets(sample_db, as_of=AS_OF)
    by_patent: dict[str, list[float]] = {}
    for pair in ranking.pairs:
        assert pair.relevance is not None
        if pair.relevance == 0:
            assert pair.contributions["revenue"] == 0 and pair.contributions["exposure"] == 0
            patent_side = sum(pair.contributions[name] for name in PATENT_SIDE)
            assert pair.score == pytest.approx(patent_side)
            assert "ranked below every relevant pair" in pair.details["relevance"]
        by_patent.setdefault(pair.patent, []).append(pair.relevance)
    for relevances in by_patent.values():  # best first: once 0, never relevant again
        first_zero = relevances.index(0.0) if 0.0 in relevances else len(relevances)
        assert all(r == 0.0 for r in relevances[first_zero:])


def test_sample_top_ten_is_diverse_and_explained(sample_db: Database) -> None:
    top = rank_targets(sample_db, top=10, as_of=AS_OF).pairs
    assert len({p.patent for p in top}) >= 3
    assert len({p.company.id for p in top}) >= 7
    relevant = [p for p in top if p.relevance]
    assert len(relevant) >= 8
    takeda = next(p for p in top if p.company.name_en == "Takeda Pharmaceutical Company Limited")
    assert takeda.patent == "EP3882239A1"  # 1,3,4-oxadiazolone compound and medicine
    assert "pharma-chemistry" in takeda.details["activity"]
    canon = next(p for p in top if p.patent == JP and p.company.name_en == "CANON INC.")
    assert "リードフレーム" in canon.details["text"]  # the unclassified JP right, by its text


def test_text_relevance_matches_products_to_the_patent_text(landscape_db: Database) -> None:
    from kizuna.services.companies import import_companies

    import_companies(landscape_db, EVIDENCE_COMPANIES)
    ranking = rank_targets(landscape_db, as_of=AS_OF)
    minato = next(p for p in ranking.pairs
                  if p.patent == JP and p.company.name_en == "Minato Seiko K.K.")
    assert minato.factors["text"] > 0.4
    assert "立体" in minato.details["text"] and "配線" in minato.details["text"]
    kanto = next(p for p in ranking.pairs
                 if p.patent == "EP3782854A1" and p.company.name_en == "Kanto Auto Interiors Corp.")
    assert "display" in kanto.details["text"]


def test_lexical_matrix_equals_the_scalar_overlap(sample_db: Database) -> None:
    inputs, ctx = prepare(sample_db, as_of=AS_OF)
    assert ctx.lexical is not None and inputs.pair_lexical is not None
    matrix = lexical_matrix(ctx.lexical, [p.text.terms for p in ctx.profiles])
    for i, profile in enumerate(ctx.profiles):
        for j in range(len(ctx.companies)):
            expected = ctx.lexical.explain(j, profile.text.terms).value
            assert matrix[i, j] == pytest.approx(expected, abs=1e-12)
    assert np.count_nonzero(matrix) > 0


def test_vectorised_score_equals_explained_sum_with_text(sample_db: Database) -> None:
    inputs, ctx = prepare(sample_db, as_of=AS_OF)
    weights = TargetWeights(text=3.0, exposure=2.0)
    matrix = score_matrix(inputs, weights)
    assert matrix.relevance is not None
    for i in range(len(ctx.profiles)):
        for j in range(len(ctx.companies)):
            if np.isfinite(matrix.score[i, j]):
                explained = explain_pair(inputs, ctx, weights, i, j)
                assert explained.score == pytest.approx(matrix.score[i, j], abs=1e-9)
                assert explained.relevance == pytest.approx(matrix.relevance[i, j], abs=1e-12)


def test_a_real_claim_chart_adds_evidence_to_the_makers_pair(landscape_db: Database) -> None:
    from kizuna.services.charts import build_chart
    from kizuna.services.companies import import_companies
    from kizuna.services.evidence import add_evidence

    import_companies(landscape_db, EVIDENCE_COMPANIES)
    before = _pair(rank_targets(landscape_db, as_of=AS_OF).pairs, "Minato Seiko K.K.")
    assert before.contributions["evidence"] == 0
    add_evidence(landscape_db, [DATA / "evidence" / "mid-form-3d"], product="MID-Form 3D",
                 company="Minato Seiko K.K.")
    chart = build_chart(landscape_db, JP, claim=1, product="MID-Form 3D", method="bm25",
                        embedder="hashing")
    ranking = rank_targets(landscape_db, as_of=AS_OF)
    after = _pair(ranking.pairs, "Minato Seiko K.K.")
    assert after.factors["evidence"] == pytest.approx(chart.coverage) and chart.coverage > 0
    assert after.contributions["evidence"] > 0 and after.score > before.score
    assert f"chart #{chart.id}" in after.details["evidence"]
    assert after.relevance == pytest.approx(1.0, abs=0.2)
    assert ranking.pairs[0] == after or ranking.pairs[0].score == after.score
    assert ranking.funnel[3].count >= 1  # evidence stage


def _pair(pairs: list, company: str):  # type: ignore[no-untyped-def, type-arg]
    return next(p for p in pairs if p.patent == JP and p.company.name_en == company)
