"""The /corpus/landscape page and GET /api/corpus/landscape show the citation links."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.services.corpus.build import build_corpus
from tests.services.corpus.support import SOURCES
from tests.services.corpus.test_landscape_citations import DOCUMENTS, _jsonl
from tests.web.auth_support import logged_in
from tests.web.corpus_support import corpus_client


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-cites")
    out = folder / "corpus"
    build_corpus(sources=[*SOURCES, _jsonl(folder / "cites.jsonl", DOCUMENTS)], out=out,
                 embedder="none", use_ray=False, partition_size=3)
    return out



def test_api_answer_carries_the_links(database: Database, tmp_path: Path,
                                      corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        logged_in(client, database)
        answer = client.get("/api/corpus/landscape", params={"seed": "US9600001B2", "top": 50})
        assert answer.status_code == 200, answer.text
        row = next(r for r in answer.json()["patents"] if r["number"] == "US9600099B2")
        assert row["parts"]["citation"] == 0.5 and row["relevance"] == 0.1
        assert row["citations"] == [
            {"seed": "US9600001B2", "direction": "forward", "source": "other"}]


def test_page_lists_the_links_in_both_languages(database: Database, tmp_path: Path,
                                                corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        anonymous = client.get("/corpus/landscape", follow_redirects=False)
        assert anonymous.status_code in (302, 303, 401)
        logged_in(client, database)
        assert client.get("/corpus/landscape").status_code == 200
        page = client.get("/corpus/landscape", params={"seeds": "US9600001B2", "top": 50})
        assert page.status_code == 200
        table = page.text.split("<table", 1)[1]
        assert "US20150123456A1" in table and "US9600001B2 cites it (other)" in table
        assert "cites US9600001B2 (other)" in table and "0.75" in table
        ja = client.get("/corpus/landscape",
                        params={"seeds": "US9600001B2", "top": 50, "lang": "ja"})
        assert "US9600001B2 が引用" in ja.text and "引用関係" in ja.text
        missing = client.get("/corpus/landscape", params={"seeds": "US1234567B2"})
        assert missing.status_code == 404 and "US1234567B2" in missing.text
