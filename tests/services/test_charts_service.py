"""Claim charts from the real sample patents against product evidence: build, review, rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.exports.chart_common import visible
from kizuna.adapters.storage.db import Database
from kizuna.domain.charting import THRESHOLDS_VERSION
from kizuna.domain.evidence import ClaimChart, ElementMatch
from kizuna.errors import ConflictError, InvalidValueError, NotFoundError, PatentNotFoundError
from kizuna.services.charts import (
    build_chart,
    coverage_index,
    get_chart,
    latest_chart,
    list_charts,
    review_chart,
)
from kizuna.services.evidence import add_evidence
from tests.chart_support import CHARTS, EP, JP, MID, SIP, US, OverlapRetriever, load_samples


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def db(database: Database) -> Database:
    load_samples(database)
    return database


def _jp_chart(db: Database, claim: int = 1) -> ClaimChart:
    return build_chart(db, "特許第7533889号", claim=claim, product=MID,
                       retriever=OverlapRetriever())


def _element(chart: ClaimChart, element_id: str) -> ElementMatch:
    return next(e for e in chart.elements if e.element_id == element_id)


def test_japanese_claim_is_charted_element_by_element(db: Database) -> None:
    retriever = OverlapRetriever()
    chart = build_chart(db, "特許第7533889号", claim=1, product="mid-3000", retriever=retriever)
    assert (chart.patent, chart.claim, chart.lang, chart.product) == (JP, 1, "ja", MID)
    assert chart.company == "Example Moulding K.K."
    assert [e.element_id for e in chart.elements] == ["1A", "1B", "1C", "1D"]
    best = {e.element_id: e.matches[0].text for e in chart.elements}
    assert "溶融したLCP樹脂を射出" in best["1A"]
    assert "導電性インク" in best["1B"]
    assert "ソルダーレジストインク" in best["1C"]
    assert "インサート成形" in best["1D"]
    first = chart.elements[0].matches[0]
    assert first.citation == 'MID-3000 立体配線基板 製品説明書, "製造工程", ¶ 2'
    assert 0.0 < first.score <= 1.0 and first.explanation.matched_terms
    assert all(e.score == e.matches[0].score for e in chart.elements)
    # the element 1C (前記導電路…) is scored with the element that introduced 導電路 (1B)
    queries = {q.id: q for q in retriever.calls[0]}
    assert "導電路（４）を形成する" in queries["1C"].context
    assert chart.id is not None and get_chart(db, chart.id) == chart


def test_dependent_claim_includes_the_parent_elements(db: Database) -> None:
    chart = _jp_chart(db, claim=3)
    assert [e.element_id for e in chart.elements] == ["1A", "1B", "1C", "1D", "2A", "3A"]


def test_english_claim_against_english_evidence(db: Database) -> None:
    chart = build_chart(db, "US 8,930,553 B2", claim=1, product=SIP, retriever=OverlapRetriever())
    assert chart.patent == US and chart.lang == "en" and len(chart.elements) == 7
    assert "acknowledgement" in _element(chart, "1G").matches[0].text
    assert chart.verdict in ("shown", "partly shown", "not shown")


def test_ep_grant_charts_english_by_default_and_other_languages_on_request(db: Database) -> None:
    chart = build_chart(db, EP, claim=1, product=SIP, retriever=OverlapRetriever())
    assert chart.lang == "en" and chart.elements[0].text.startswith("A high voltage assembly")
    german = build_chart(db, EP, claim=1, product=SIP, lang="de", retriever=OverlapRetriever())
    assert german.lang == "de" and german.elements[0].text.startswith("Hochspannungsanordnung")
    with pytest.raises(InvalidValueError, match="claims in de, en, fr, not in 'ja'"):
        build_chart(db, EP, claim=1, product=SIP, lang="ja", retriever=OverlapRetriever())


def test_unknown_patent_claim_and_product_list_close_matches(db: Database) -> None:
    with pytest.raises(PatentNotFoundError) as patent:
        build_chart(db, "JP 7533880 B2", claim=1, product=MID, retriever=OverlapRetriever())
    assert "JP 7533889 B2" in patent.value.candidates
    with pytest.raises(NotFoundError, match="has no claim 9") as claim:
        _jp_chart(db, claim=9)
    assert claim.value.candidates == ("1", "2", "3", "4", "5")
    with pytest.raises(NotFoundError, match="MID-3000") as product:
        build_chart(db, JP, claim=1, product="MID-300", retriever=OverlapRetriever())
    assert MID in product.value.candidates


def test_review_accept_reject_add_note_and_edit(db: Database) -> None:
    chart = _jp_chart(db)
    assert chart.id is not None
    element = _element(chart, "1A")
    second = element.matches[1].passage_id
    first = element.matches[0].passage_id
    chart = review_chart(db, chart.id, element="1a", action="accept", value=second, who="Sato")
    reviewed = _element(chart, "1A")
    assert reviewed.label == "supported"
    assert (reviewed.matches[0].passage_id, reviewed.matches[0].status) == (second, "accepted")
    chart = review_chart(db, chart.id, element="1A", action="reject", value=first, who="Sato")
    reviewed = _element(chart, "1A")
    assert next(m.passage_id for m in visible(reviewed)) == second
    assert first not in [m.passage_id for m in visible(reviewed)]
    assert reviewed.matches[-1].status == "rejected"  # kept, hidden from exports
    # add a passage the retriever did not propose for 1C
    chart = review_chart(db, chart.id, element="1C", action="add", value=first, who="Sato")
    assert _element(chart, "1C").matches[0].status == "added"
    chart = review_chart(db, chart.id, element="1D", action="note", value="型内配置を確認済み")
    chart = review_chart(db, chart.id, element="1D", action="edit-text",
                         value="ベース基材成形工程でリードフレームをインサート成形する")
    d = _element(chart, "1D")
    assert d.notes == ("型内配置を確認済み",)
    assert d.text.startswith("ベース基材成形工程で") and d.original_text.startswith("前記ベース")
    assert [(e.element_id, e.action) for e in chart.history] == [
        ("1A", "accept"), ("1A", "reject"), ("1C", "add"), ("1D", "note"), ("1D", "edit-text")]
    assert chart.history[0].who == "Sato" and chart.history[3].who  # OS user by default
    assert chart.history[0].at.tzinfo is not None
    assert chart.coverage >= 0.5


def test_reject_every_good_passage_lowers_the_label(db: Database) -> None:
    chart = _jp_chart(db)
    assert chart.id is not None
    before = _element(chart, "1B")
    chart = review_chart(db, chart.id, element="1B", action="reject",
                         value=before.matches[0].passage_id)
    after = _element(chart, "1B")
    assert after.score == before.matches[1].score < before.score


def test_bad_reviews_are_refused(db: Database) -> None:
    chart = _jp_chart(db)
    assert chart.id is not None
    with pytest.raises(NotFoundError, match="no element '1Z'") as element:
        review_chart(db, chart.id, element="1Z", action="note", value="x")
    assert element.value.candidates == ("1A", "1B", "1C", "1D")
    with pytest.raises(NotFoundError, match="no passage 'nope'"):
        review_chart(db, chart.id, element="1A", action="add", value="nope")
    with pytest.raises(NotFoundError, match="has no passage"):
        review_chart(db, chart.id, element="1A", action="reject", value="nope")
    with pytest.raises(InvalidValueError, match="empty"):
        review_chart(db, chart.id, element="1A", action="note", value="  ")
    with pytest.raises(InvalidValueError, match="not one of"):
        review_chart(db, chart.id, element="1A", action="approve", value="x")
    with pytest.raises(NotFoundError, match="no chart 999"):
        review_chart(db, 999, element="1A", action="note", value="x")


def test_review_decisions_survive_a_rebuild_after_new_evidence(db: Database) -> None:
    chart = _jp_chart(db)
    assert chart.id is not None
    a = _element(chart, "1A")
    chart = review_chart(db, chart.id, element="1A", action="accept",
                         value=a.matches[1].passage_id, who="Sato")
    chart = review_chart(db, chart.id, element="1A", action="reject",
                         value=a.matches[0].passage_id, who="Sato")
    chart = review_chart(db, chart.id, element="1B", action="note", value="要確認", who="Sato")
    chart = review_chart(db, chart.id, element="1C", action="edit-text", value="絶縁層形成",
                         who="Sato")
    add_evidence(db, [CHARTS / "mid3000-update-ja.md"], product=MID)
    rebuilt = _jp_chart(db)
    assert rebuilt.id is not None and rebuilt.id > chart.id
    assert {m.citation.split(",")[0] for e in rebuilt.elements for m in e.matches} >= {
        "MID-3000 アプリケーションノート"}
    assert _element(rebuilt, "1A").matches[0].passage_id == a.matches[1].passage_id
    assert _element(rebuilt, "1A").label == "supported"
    assert a.matches[0].passage_id not in [m.passage_id for m in visible(_element(rebuilt, "1A"))]
    assert _element(rebuilt, "1B").notes == ("要確認",)
    assert _element(rebuilt, "1C").text == "絶縁層形成"
    assert rebuilt.history == chart.history
    with pytest.raises(ConflictError, match=f"rebuilt as chart {rebuilt.id}"):
        review_chart(db, chart.id, element="1A", action="note", value="late")
    # the earlier build still shows its own state
    assert get_chart(db, chart.id).history == chart.history


def test_latest_chart_listing_and_coverage_index(db: Database) -> None:
    first = _jp_chart(db)
    second = _jp_chart(db)
    other = build_chart(db, US, claim=1, product=SIP, retriever=OverlapRetriever())
    assert latest_chart(db, "特願2020-123456", 1) == second
    assert latest_chart(db, JP, None, product="mid-3000") == second
    assert latest_chart(db, JP, None, company="example moulding k.k.") == second
    assert latest_chart(db, JP, 2) is None
    assert latest_chart(db, "US 1,111,111", 1) is None
    assert [c.id for c in list_charts(db)] == [other.id, second.id, first.id]
    index = coverage_index(db)
    assert [(c.chart_id, c.patent, c.product) for c in index] == [
        (other.id, US, SIP), (second.id, JP, MID)]
    assert index[1].coverage == second.coverage and index[1].verdict == second.verdict


def test_real_retriever_with_hashing_embedder(db: Database) -> None:
    chart = build_chart(db, JP, claim=1, product=MID, method="hybrid", embedder="hashing")
    assert chart.method == f"hybrid/{THRESHOLDS_VERSION}"
    best = {e.element_id: e.matches[0].text for e in chart.elements}
    assert "射出" in best["1A"] and "インサート成形" in best["1D"]
    assert all(0.0 <= m.score <= 1.0 for e in chart.elements for m in e.matches)
    # claim contrast: a passage lowered for fitting another element says which, and keeps
    # saying it once stored and once a reviewer accepts it (the snapshot)
    lowered = [(e.element_id, m) for e in chart.elements for m in e.matches
               if m.explanation.contrast > 0]
    assert lowered and all(m.explanation.rival in best and m.explanation.rival != element
                           for element, m in lowered)
    assert chart.id is not None and get_chart(db, chart.id) == chart
    element, match = lowered[0]
    reviewed = review_chart(db, chart.id, element=element, action="accept",
                            value=match.passage_id, who="Sato")
    accepted = next(m for m in _element(reviewed, element).matches
                    if m.passage_id == match.passage_id)
    assert (accepted.explanation.contrast, accepted.explanation.rival) == (
        match.explanation.contrast, match.explanation.rival)
    bm25 = build_chart(db, US, claim=1, product=SIP, method="bm25", embedder="hashing")
    assert "new SIP session" in _element(bm25, "1C").matches[0].text
    with pytest.raises(InvalidValueError, match="method 'fuzzy'"):
        build_chart(db, JP, claim=1, product=MID, method="fuzzy")


def test_the_last_decision_on_a_passage_counts(db: Database) -> None:
    chart = _jp_chart(db)
    assert chart.id is not None
    passage = _element(chart, "1D").matches[0].passage_id
    review_chart(db, chart.id, element="1D", action="reject", value=passage)
    chart = review_chart(db, chart.id, element="1D", action="accept", value=passage)
    d = _element(chart, "1D")
    assert (d.matches[0].passage_id, d.matches[0].status, d.label) == (
        passage, "accepted", "supported")
    assert [m.status for m in d.matches].count("rejected") == 0
