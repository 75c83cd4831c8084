"""Chart terms as written in the element: whole compounds, never fragments or reference signs."""

from __future__ import annotations

import pytest

from kizuna.adapters.text.query_terms import query_tokens
from kizuna.adapters.text.specificity import element_terms
from kizuna.adapters.text.term_display import term_display
from kizuna.adapters.text.tokenise import retrieval_tokens, tokenise_en


def _shown(text: str, lang: str) -> set[str]:
    display = term_display(text, lang)
    return {display.get(t, t) for t in query_tokens(text, lang)}


@pytest.mark.parametrize(
    ("text", "whole", "never"),
    [
        ("導電性インクを塗布して前記配線溝（２）の底部に導電路（４）を形成する導電路形成工程と、",
         {"導電性", "配線溝", "導電路", "底部"}, {"性", "導", "溝", "電路", "前記配線溝"}),
        ("前記配線溝（２）を貫通するリードフレーム（４４）を取り付けるインサート成形",
         {"リードフレーム", "インサート", "貫通"}, {"リード", "フレーム", "44", "４４"}),
        ("凹設された溝をコンサベータに向けて付勢する", {"凹設", "コンサベータ", "付勢"},
         {"凹", "設", "コンサ", "付", "勢"}),
        ("A container-closure system (1) comprising a lead frame (44)",
         {"container-closure", "system", "lead", "frame"}, {"contain", "closur", "44", "1"}),
        ("a spring (7) that tends to bias the overshell (9c) upward relative to the level (L14)",
         {"spring", "bias", "overshell", "tends"}, {"bia", "9c", "L14", "l14", "7"}),
    ],
)
def test_terms_are_shown_as_the_words_written_in_the_element(
    text: str, whole: set[str], never: set[str],
) -> None:
    shown = _shown(text, "en" if text.isascii() else "ja")
    assert whole <= shown
    assert not shown & never
    assert not any(t.isdigit() for t in shown)


@pytest.mark.parametrize("sign", ["（44）", "(44)", "（４４）", "(L14)", "（２ａ）", "(9c)"])
def test_reference_signs_never_become_terms_in_either_width(sign: str) -> None:
    for text, lang in ((f"リードフレーム{sign}を取り付ける", "ja"),
                       (f"a lead frame {sign} is attached", "en")):
        shown = _shown(text, lang)
        assert shown and not any(any(c.isdigit() for c in t) for t in shown), (text, shown)


def test_a_unit_is_stated_only_when_every_word_written_in_it_is() -> None:
    text = "導電性インクを塗布する"
    tokens = list(query_tokens(text, "ja"))
    terms = element_terms(tokens, [], {}, 10, None, term_display(text, "ja"))
    stated = [t in ("性", "インク") for t in terms.terms]  # 活性化 states 性, not 導電性
    matched, missing = terms.written(stated)
    assert "導電性" in missing and "導電性" not in matched
    assert "インク" in matched
    assert len(set(matched + missing)) == len(matched + missing)


def test_retrieval_splits_hyphen_compounds_of_free_words_only() -> None:
    assert retrieval_tokens("A container-closure system", "en") == ["contain", "closur", "system"]
    assert "mid-dialog" in retrieval_tokens("the mid-dialog SIP message", "en")
    assert "non-platable" in retrieval_tokens("a non-platable resin", "en")
    assert retrieval_tokens("insert-moulded", "en") == ["insert", "mould"]
    assert tokenise_en("container-closure") == ["container-closure"]  # other users unchanged


def test_latin_script_claims_in_other_languages_show_their_words() -> None:
    text = "ein Verschluss-System (1) mit einer Feder (7)"
    shown = _shown(text, "de")
    assert {"Verschluss-System", "Feder"} <= shown
    assert not any(t.isdigit() for t in shown)
