"""Company-name normalisation and the resolution decision rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.company_names import (
    MARGIN,
    MATCH_THRESHOLD,
    ScoredName,
    corporate_number_query,
    decide,
    normalise_name,
    prefix_score,
)


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["トヨタ自動車株式会社", "(株)トヨタ自動車", "（株）トヨタ自動車", "㈱トヨタ自動車",
          "トヨタ自動車(株)", "株式会社 トヨタ自動車", "ﾄﾖﾀ自動車株式会社"], "トヨタ自動車"),
        (["TOYOTA MOTOR CORPORATION", "Toyota Motor Corp.", "TOYOTA MOTOR CORP",
          "ＴＯＹＯＴＡ　ＭＯＴＯＲ　ＣＯＲＰ．"], "toyotamotor"),
        (["KABUSHIKI KAISHA YASKAWA DENKI", "Yaskawa Denki K.K.", "YASKAWA DENKI KK"],
         "yaskawadenki"),
        (["ASAHI GLASS COMPANY LTD.", "Asahi Glass Co., Ltd.", "Asahi Glass Company, Limited"],
         "asahiglass"),
        (["とよた", "トヨタ", "ﾄﾖﾀ"], "トヨタ"),
        (["ソニーグループ", "ソニ－グループ", "ソニｰグループ", "ソニー・グループ"],
         "ソニーグループ"),
        (["Phoenix Contact GmbH & Co. KG", "PHOENIX CONTACT GMBH"], "phoenixcontact"),
        (["有限会社メイショウ", "メイショウ合同会社", "メイショウ株式会社"], "メイショウ"),
    ],
)
def test_variants_share_one_key(variants: list[str], key: str) -> None:
    assert {normalise_name(v) for v in variants} == {key}


def test_a_name_that_is_only_a_legal_form_keeps_a_key() -> None:
    assert normalise_name("株式会社") == "株式会社"
    assert normalise_name("Inc.") == "inc"


@given(st.text(max_size=40))
def test_normalising_is_idempotent(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


@given(st.text(alphabet="トヨタ自動車株式会社(株)ｰー- ・.,とよたAaBb", max_size=20))
def test_normalising_japanese_like_text_is_idempotent(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


def test_corporate_number_query() -> None:
    assert corporate_number_query("1180-3010-18771") == "1180301018771"
    assert corporate_number_query("１１８０３０１０１８７７１") == "1180301018771"
    assert corporate_number_query("118030101877") is None


def test_prefix_rule_counts_only_a_shorter_query() -> None:
    assert prefix_score("トヨタ", "トヨタジドウシャ") == pytest.approx(0.825)
    assert prefix_score("トヨタ紡織", "トヨタ") == 0.0  # a longer query is not evidence
    assert prefix_score("ab", "abcdef") == 0.0  # too short for Latin text


def _scored(company_id: int, score: float) -> ScoredName:
    return ScoredName(company_id=company_id, score=score, matched_name="x", rule="fuzzy")


def test_decide_needs_threshold_and_margin() -> None:
    assert decide([_scored(1, 1.0), _scored(2, 1.0 - MARGIN)]) == _scored(1, 1.0)
    assert decide([_scored(1, 1.0), _scored(2, 1.0 - MARGIN / 2)]) is None  # ambiguous
    assert decide([_scored(1, 1.0), _scored(2, 1.0)]) is None  # same exact name twice
    assert decide([_scored(1, MATCH_THRESHOLD - 0.01)]) is None
    assert decide([]) is None
