"""Target ranking on the real sample portfolio and the landscape company fixture."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kizuna.adapters.storage.db import Database
from kizuna.domain.targets import FACTORS, TargetWeights
from kizuna.errors import ConflictError, InvalidValueError
from kizuna.services.target_scoring import score_matrix, top_pairs
from kizuna.services.targets import (
    add_encumbrance,
    explain_pair,
    list_encumbrances,
    prepare,
    rank_targets,
)
from tests.landscape_setup import AS_OF, landscape_db, landscape_path, landscape_template

__all__ = ["landscape_db", "landscape_path", "landscape_template"]


def test_vectorised_score_equals_the_explained_sum_for_every_pair(
    landscape_db: Database,
) -> None:
    inputs, ctx = prepare(landscape_db, as_of=AS_OF)
    weights = TargetWeights(evidence=3.0, revenue=0.5)
    matrix = score_matrix(inputs, weights)
    checked = 0
    for i in range(len(ctx.profiles)):
        for j in range(len(ctx.companies)):
            if not np.isfinite(matrix.score[i, j]):
                continue
            explained = explain_pair(inputs, ctx, weights, i, j)
            assert explained.score == pytest.approx(matrix.score[i, j], abs=1e-9)
            assert sum(explained.contributions.values()) == pytest.approx(explained.score)
            assert set(explained.factors) == set(FACTORS)
            checked += 1
    assert checked > 400


def test_owner_group_is_never_a_target_of_its_own_patent(landscape_db: Database) -> None:
    ranking = rank_targets(landscape_db, as_of=AS_OF)
    pairs = {(p.patent, p.company.name_en) for p in ranking.pairs}
    assert ("EP2007181A2", "YASKAWA Electric Corporation") not in pairs  # applicant
    assert ("EP0449582B1", "CANON INC.") not in pairs  # assignee
    assert ("US8930553B2", "International Business Machines Corporation") not in pairs
    assert ("US8930553B2", "IBM Japan Ltd.") not in pairs  # the owner's subsidiary
    assert ("EP2007181A2", "FANUC CORPORATION") in pairs
    assert ranking.excluded_own >= 5
    assert ranking.pairs_scored == len(ranking.pairs)


def test_explanations_name_the_facts(landscape_db: Database) -> None:
    ranking = rank_targets(landscape_db, as_of=AS_OF)
    fanuc = next(p for p in ranking.pairs
                 if p.patent == "EP2007181A2" and p.company.name_en == "FANUC CORPORATION")
    assert "JP priority" in fanuc.details["live_jp"]
    assert "precision-robotics" in fanuc.details["activity"]
    assert fanuc.factors["activity"] > 0
    netflix = next(p for p in ranking.pairs if p.company.name_en == "Netflix, Inc.")
    assert "USD" in netflix.details["revenue"] and "ECB" in netflix.details["revenue"]
    assert netflix.details["exposure"].startswith("cross-border exposure")


def test_ranking_is_reproducible_and_ties_keep_patent_then_company_order(
    landscape_db: Database,
) -> None:
    first = rank_targets(landscape_db, top=25, as_of=AS_OF).to_json()
    second = rank_targets(landscape_db, top=25, as_of=AS_OF).to_json()
    assert first == second
    keys = [(-p["score"], p["patent"], p["company"]["id"]) for p in first["pairs"]]
    assert keys == sorted(keys)
    assert [p["rank"] for p in first["pairs"]] == list(range(1, 26))


def test_top_pairs_keeps_all_ties_at_the_cut_in_order() -> None:
    score = np.array([[1.0, 3.0], [3.0, -np.inf]])
    rows, cols = top_pairs(score, 2)
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 1), (1, 0)]
    rows, _ = top_pairs(score, None)
    assert len(rows) == 3


def test_an_encumbrance_blocks_the_pair_with_score_zero(landscape_db: Database) -> None:
    item = add_encumbrance(landscape_db, patent="特許第7533889号", company="ドコモ",
                           kind="licence", note="2025 licence")
    assert item.patent == "JP7533889B2"
    ranking = rank_targets(landscape_db, top=3, as_of=AS_OF)
    blocked = ranking.blocked[0]
    assert blocked.blocked_by == f"licence #{item.id}: 2025 licence"
    assert blocked.score == 0.0
    assert sum(blocked.contributions.values()) == pytest.approx(0.0, abs=1e-9)
    assert blocked.contributions["encumbrance"] < 0
    assert all(p.company.name_en != "NTT DOCOMO, INC." or p.patent != "JP7533889B2"
               for p in ranking.pairs)
    assert [e.id for e in list_encumbrances(landscape_db)] == [item.id]
    with pytest.raises(ConflictError, match="already recorded"):
        add_encumbrance(landscape_db, patent="JP7533889B2", company="ドコモ", kind="licence")


def test_bad_encumbrance_and_top_are_refused(landscape_db: Database) -> None:
    with pytest.raises(InvalidValueError, match="--kind 'gift'"):
        add_encumbrance(landscape_db, patent="JP7533889B2", company="ドコモ", kind="gift")
    with pytest.raises(InvalidValueError, match="--top 0"):
        rank_targets(landscape_db, top=0)


def test_funnel_narrows(landscape_db: Database) -> None:
    funnel = rank_targets(landscape_db, top=10, as_of=AS_OF).funnel
    counts = [s.count for s in funnel[:4]]
    assert counts == sorted(counts, reverse=True)
    assert funnel[-1].count == 10


def test_empty_database_ranks_nothing(database: Database, tmp_path: Path) -> None:
    ranking = rank_targets(database, top=5, as_of=AS_OF)
    assert ranking.pairs == [] and ranking.pairs_scored == 0
