"""Tokenisers: Sudachi mode C with normalised forms for Japanese, the light English analyser."""

from __future__ import annotations

from kizuna.adapters.text.tokenise import guess_lang, stem, tokenise, tokenise_en, tokenise_ja


def test_sudachi_normalises_spelling_variants() -> None:
    assert tokenise_ja("サーバ") == tokenise_ja("サーバー") == tokenise_ja("ｻｰﾊﾞｰ") == ["サーバー"]


def test_sudachi_mode_c_keeps_compounds_and_drops_particles_and_boilerplate() -> None:
    tokens = tokenise_ja("前記半導体の表面に外国人参政権と書く")
    assert "外国人参政権" in tokens  # mode C: one token (mode A gives 外国/人/参政/権)
    assert "半導体" in tokens  # not 半 + 導体 as in mode A
    assert "前記" not in tokens and "の" not in tokens and "に" not in tokens


def test_latin_words_in_japanese_go_through_the_english_analyser() -> None:
    assert tokenise_ja("USBポートを備える") == ["usb", "ポート"]


def test_long_japanese_text_is_tokenised_under_sudachis_limit() -> None:
    text = "半導体装置の製造方法。" * 6000  # ~180 KB in UTF-8, one paragraph
    assert tokenise_ja(text).count("半導体") == 6000


def test_english_analyser_lowercases_drops_stopwords_and_stems() -> None:
    assert tokenise_en("The Servers are CONNECTED to said network") == [
        "serv",
        "connect",
        "network",
    ]
    assert {stem(w) for w in ("receive", "received", "receives", "receiving")} == {"receiv"}
    assert stem("supplies") == stem("supply") == "supply"


def test_tokenise_picks_the_analyser_from_the_language() -> None:
    assert tokenise("サーバー", "ja") == ["サーバー"]
    assert tokenise("servers", "en") == ["serv"]
    assert guess_lang("無線LANでデータを送信する") == "ja"
    assert guess_lang("wireless data link") == "en"
