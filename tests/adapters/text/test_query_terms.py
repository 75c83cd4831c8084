"""Element text as a query: reference signs and drafting words out, English words expanded."""

from __future__ import annotations

import pytest

from kizuna.adapters.text import jmdict
from kizuna.adapters.text.query_terms import expansions, query_text, query_tokens
from kizuna.adapters.text.specificity import written_word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a lead frame (44) passing through the wiring grooves (2a)",
         "a lead frame passing through the wiring grooves"),
        ("前記外殻（9）を前記内キャップ（６）に対して", "前記外殻を前記内キャップに対して"),
        ("配線溝（２ａ）と他方の配線溝（２ｂ）", "配線溝と他方の配線溝"),
        ("above a level (L14) of a cover (14, 15)", "above a level of a cover"),
        ("a USB-C port (USB 3.2)", "a USB-C port (USB 3.2)"),  # not a reference sign
        ("heated to 200 (°C)", "heated to 200 (°C)"),
    ],
)
def test_reference_signs_are_removed_in_both_languages(text: str, expected: str) -> None:
    assert query_text(text) == expected


def test_japanese_and_english_elements_lose_the_same_non_limitations() -> None:
    ja = query_tokens("第1の内部機器（３）を収容する第1の筐体（２）", "ja")
    en = query_tokens("a first housing (2) which accommodates a first internal device (3)", "en")
    assert "第" not in ja and "first" not in en
    assert not any(t.isdigit() for t in (*ja, *en))
    assert "筐体" in ja and "hous" in en


@pytest.mark.skipif(not jmdict.available(), reason="JMdict data wheel not installed")
def test_english_words_reach_japanese_through_the_reverse_dictionary() -> None:
    bags = expansions("a second housing which accommodates an internal device")
    assert "内部" in bags["internal"]
    assert "insid" in bags["internal"]  # 内部 glosses "inside": English synonyms via the pivot
    assert "筐体" in bags["hous"]
    assert jmdict.japanese_equivalents("overshell") == ()
    assert jmdict.japanese_equivalents("44") == ()


@pytest.mark.skipif(not jmdict.available(), reason="JMdict data wheel not installed")
def test_the_round_trip_keeps_the_sense_that_translates_the_word() -> None:
    """器 translates "container" in its sense "bowl; vessel; container", not "ability"."""
    senses = dict(jmdict.japanese_senses("container"))
    assert "contain" in senses["器"] and "vessel" in senses["器"]
    assert not senses["器"] & {"ability", "capacity", "devic"}
    assert tuple(senses) == jmdict.japanese_equivalents("container")


@pytest.mark.skipif(not jmdict.available(), reason="JMdict data wheel not installed")
def test_expansions_mark_the_round_trip_within_two_dictionary_steps() -> None:
    bag = expansions("a container-closure system")["closur"]
    assert "閉鎖" in bag and "clos" in bag  # the plain glosses: ranking and labels as before
    assert written_word("closur") in bag  # the translated sense, as a word to be written
    inside = expansions("an internal device")["internal"]
    assert written_word("insid") in inside
