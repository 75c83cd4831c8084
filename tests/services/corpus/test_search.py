"""corpus search / similar: known documents found, filters honoured, Japanese normalised forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.cli.app import main
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.corpus.build import build_corpus
from kizuna.services.corpus.search import fuse, search_corpus
from kizuna.services.corpus.similar import similar_patents
from tests.services.corpus.support import SOURCES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "corpus"
    build_corpus(sources=SOURCES, out=out, embedder="hashing", use_ray=False, partition_size=3)
    return out


def _numbers(corpus: Path, query: str, **kwargs: object) -> list[str]:
    results = search_corpus(corpus=corpus, query=query, **kwargs)  # type: ignore[arg-type]
    return [hit.number for hit in results.hits]


@pytest.mark.parametrize("mode", ["hybrid", "bm25"])
def test_known_documents_come_first(corpus: Path, mode: str) -> None:
    assert _numbers(corpus, "mid-dialog SIP message", mode=mode)[0] == "US8930553B2"
    assert _numbers(corpus, "wireless terminal handover base station", mode=mode)[0] == \
        "US9999001B2"


def test_a_japanese_query_finds_japanese_claims_by_normalised_forms(corpus: Path) -> None:
    # the claim spells サーバー; the query サーバ meets it through Sudachi's normalised form
    assert _numbers(corpus, "サーバ", mode="bm25", field="claims") == ["JP2099000001A"]
    # 配線 is a short unit of the compound 立体配線構造体 in the real JPO amendment's claims
    assert "JP2020123456" in _numbers(corpus, "配線", mode="bm25", field="claims")
    assert _numbers(corpus, "ｻｰﾊﾞ", mode="bm25") == ["JP2099000001A"]  # half-width too


def test_phrases_must_occur_with_their_words_adjacent(corpus: Path) -> None:
    assert _numbers(corpus, '"base station"', mode="bm25") == ["US9999001B2"]
    assert _numbers(corpus, '"station base"', mode="bm25") == []
    assert _numbers(corpus, '"配線パターン"', mode="bm25") == ["JP2020123456"]


def test_filters_are_honoured(corpus: Path) -> None:
    assert _numbers(corpus, "wireless", mode="bm25") == ["US9999001B2", "US20050004437A1"]
    assert _numbers(corpus, "wireless", mode="bm25", filters=["year>=2015"]) == ["US9999001B2"]
    older = _numbers(corpus, "wireless", filters=["year<2015"])  # hybrid: dense leads too
    assert older[0] == "US20050004437A1"
    assert not {"US9999001B2", "JP2099000001A"} & set(older)  # filed 2017 and 2016
    assert _numbers(corpus, "wireless", filters=["country=US", "kind=A1"]) == [
        "US20050004437A1"]
    assert _numbers(corpus, "terminal", mode="bm25", filters=["cpc=H04W"]) == ["US9999001B2"]
    assert _numbers(corpus, "terminal", filters=["cpc=H04W 36/08"]) == ["US9999001B2"]
    assert _numbers(corpus, "terminal", filters=["cpc=H04L"]) == []
    assert "JP2099000002A" in _numbers(corpus, "電池", filters=["year=2012"])  # filed 2012
    assert _numbers(corpus, "電池", mode="bm25", filters=["year>=2013"]) == []
    assert _numbers(corpus, "wireless", mode="bm25", lang="ja") == []
    assert set(_numbers(corpus, "サーバー 電池 配線", lang="ja")) <= {
        "JP2099000001A", "JP2099000002A", "JP2020123456", "JP7533889B2"}
    assert _numbers(corpus, "サーバー", filters=["applicant=㈱テスト通信"]) == ["JP2099000001A"]


def test_dense_mode_ranks_the_document_nearest_its_own_words(corpus: Path) -> None:
    assert _numbers(corpus, "Wireless terminal handover between base stations",
                    mode="dense")[0] == "US9999001B2"


def test_snippets_highlight_the_matched_terms(corpus: Path) -> None:
    hit = search_corpus(corpus=corpus, query="サーバ", mode="bm25").hits[0]
    marked = [hit.snippet[a:b] for a, b in hit.highlights]
    assert marked and set(marked) == {"サーバー"}


def test_similar_leaves_the_document_out(corpus: Path) -> None:
    numbers = [h.number for h in similar_patents(corpus=corpus, number="JP2099000001A").hits]
    assert "JP2099000001A" not in numbers and numbers
    with pytest.raises(NotFoundError, match="US1234567B2: not in the corpus"):
        similar_patents(corpus=corpus, number="US1234567B2")


def test_fusion_is_reciprocal_rank() -> None:
    assert fuse([(1, 9.0), (2, 5.0)], [(2, 0.9), (3, 0.8)]) == [
        (2, 1 / 62 + 1 / 61), (1, 1 / 61), (3, 1 / 62)]


@pytest.mark.parametrize(("kwargs", "fault"), [
    ({"query": "  "}, "query: empty"),
    ({"query": "x" * 1001}, "over the limit of 1,000"),
    ({"query": "x", "limit": 0}, "--limit: 0"),
    ({"query": "x", "mode": "magic"}, "--mode: 'magic'"),
    ({"query": "x", "field": "drawings"}, "--field: 'drawings'"),
    ({"query": "x", "filters": ["year>=15"]}, "four digits"),
    ({"query": "x", "filters": ["cpc>=H04"]}, "cpc takes only '='"),
    ({"query": "x", "filters": ["colour=red"]}, "unknown key 'colour'"),
    ({"query": "x", "filters": ["year=2015"] * 21}, "21 filters, at most 20"),
])
def test_bad_queries_are_one_line_errors(corpus: Path, kwargs: dict[str, object],
                                         fault: str) -> None:
    with pytest.raises(InvalidValueError, match=fault):
        search_corpus(corpus=corpus, **kwargs)  # type: ignore[arg-type]


def test_cli_json_shape_is_exactly_the_documented_one(corpus: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["corpus", "search", "wireless terminal", "--corpus", str(corpus), "--json",
                 "--limit", "3"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["results"] and data["results"]
    for row in data["results"]:
        assert list(row) == ["number", "title", "score", "snippet"]
    scores = [row["score"] for row in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert data["results"][0]["number"] == "US9999001B2"


def test_cli_text_output_marks_terms_and_errors_are_one_line(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "search", "handover", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "**handover**" in out and "not a finding" in out
    assert main(["corpus", "search", "x", "--corpus", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "not a built corpus" in err
