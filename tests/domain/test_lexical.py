"""Lexical terms for product-to-patent matching (ja and en)."""

from __future__ import annotations

from kizuna.domain.lexical import normalise, terms, word_stem


def test_latin_words_are_case_folded_stemmed_and_stop_words_dropped() -> None:
    assert terms("Industrial Robots and the Systems") == {"industrial", "robot"}
    assert terms("ＰＡＳＳＥＮＧＥＲ CARS") == {"passenger", "car"}  # full-width, NFKC
    assert word_stem("batteries") == "battery" and word_stem("glasses") == "glass"
    assert word_stem("bus") == "bus" and word_stem("analysis") == "analysis"


def test_japanese_runs_become_bigrams_split_by_script() -> None:
    assert terms("立体配線モジュール") == {"立体", "体配", "配線", "モジ", "ジュ", "ュー", "ール"}
    assert terms("ﾓｼﾞｭｰﾙ") == terms("モジュール")  # half-width katakana
    assert "前記" not in terms("前記配線溝")  # claim boilerplate
    assert "内" not in terms("キャビティ内に")  # one-character runs are dropped


def test_normalise_is_nfkc_and_casefold() -> None:
    assert normalise("ＡＢＣ１２３") == "abc123"
