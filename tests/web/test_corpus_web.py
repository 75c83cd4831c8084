"""GET /api/corpus/search and the /corpus page over a corpus built from the samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.services.corpus.build import build_corpus
from tests.services.corpus.support import SOURCES
from tests.web.auth_support import logged_in
from tests.web.corpus_support import corpus_client


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web") / "corpus"
    build_corpus(sources=SOURCES, out=out, embedder="hashing", use_ray=False, partition_size=4)
    return out



def test_api_search_has_the_cli_json_shape(database: Database, tmp_path: Path,
                                           corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        assert client.get("/api/corpus/search", params={"q": "x"}).status_code == 401
        logged_in(client, database)
        answer = client.get("/api/corpus/search",
                            params={"q": "サーバ", "mode": "bm25", "filter": "year>=2015"})
        assert answer.status_code == 200, answer.text
        data = answer.json()
        assert list(data) == ["results"]
        assert [r["number"] for r in data["results"]] == ["JP2099000001A"]
        assert list(data["results"][0]) == ["number", "title", "score", "snippet"]
        bad = client.get("/api/corpus/search", params={"q": "x", "filter": "colour=red"})
        assert bad.status_code == 400 and "unknown key 'colour'" in bad.text


def test_page_marks_the_matched_terms(database: Database, tmp_path: Path,
                                      corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        logged_in(client, database)
        page = client.get("/corpus", params={"q": "handover <b>", "field": "claims"})
        assert page.status_code == 200
        assert "US9999001B2" in page.text and "<mark>handover</mark>" in page.text
        assert "<b>" not in page.text.split("<table", 1)[1]  # the query is escaped
        assert client.get("/corpus").status_code == 200


def test_without_a_corpus_the_answer_says_how_to_set_one(database: Database,
                                                         tmp_path: Path) -> None:
    with corpus_client(database, tmp_path, None) as client:
        logged_in(client, database)
        answer = client.get("/api/corpus/search", params={"q": "x"})
        assert answer.status_code == 404 and "KIZUNA_CORPUS_DIR" in answer.text


def test_api_landscape_has_the_cli_json_shape(database: Database, tmp_path: Path,
                                              corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        assert client.get("/api/corpus/landscape",
                          params={"seed": "US9999001B2"}).status_code == 401
        logged_in(client, database)
        answer = client.get("/api/corpus/landscape", params={"seed": "US9999001B2", "top": 3})
        assert answer.status_code == 200, answer.text
        data = answer.json()
        assert data["seeds"] == [{"number": "US9999001B2", "source": "corpus"}]
        assert len(data["patents"]) == 3 and data["runner"] == "in-process"
        assert set(data["landscape"]) == {"fields", "sectors", "industries", "unclassified",
                                          "data"}
        missing = client.get("/api/corpus/landscape", params={"seed": "US1234567B2"})
        assert missing.status_code == 404 and "US1234567B2" in missing.text
        assert client.get("/api/corpus/landscape").status_code in (400, 422)
