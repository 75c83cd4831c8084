"""/api/corpus/similar|applicants|screen answer what the CLI's --json prints; their pages."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.cli.app import main
from kizuna.services.corpus.build import build_corpus
from kizuna.services.corpus.screen import MAX_PAIRS, NOTICE
from kizuna.services.evidence import add_evidence
from tests.services.corpus.support import DATA, SOURCES
from tests.web.auth_support import bearer, logged_in, login, make_user
from tests.web.corpus_support import corpus_client

EVIDENCE = DATA / "evidence"
FLIPVIEW, MAGSEAL = "FlipView Console", "MagSeal Cap 38"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web-jobs") / "corpus"
    build_corpus(sources=SOURCES, out=out, embedder="hashing", use_ray=False, partition_size=3)
    return out



def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_similar_api_is_the_cli_json_and_honours_filters(
        database: Database, tmp_path: Path, corpus_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    none = str(tmp_path / "none.db")
    with corpus_client(database, tmp_path, corpus_dir) as client:
        assert client.get("/api/corpus/similar", params={"patent": "US9999001B2"}
                          ).status_code == 401
        logged_in(client, database)
        for params, options in (({"limit": 5}, ["--limit", "5"]),
                                ({"filter": "country=JP"}, ["--filter", "country=JP"])):
            answer = client.get("/api/corpus/similar", params={"patent": "US9999001B2", **params})
            assert answer.status_code == 200, answer.text
            expected = _cli_json(capsys, "--db", none, "corpus", "similar", "US9999001B2",
                                 "--corpus", str(corpus_dir), "--json", *options)
            assert answer.json() == expected and expected["results"]
        numbers = [r["number"] for r in answer.json()["results"]]
        assert all(n.startswith("JP") for n in numbers) and "US9999001B2" not in numbers
        missing = client.get("/api/corpus/similar", params={"patent": "US1234567B2"})
        assert missing.status_code == 404 and "US1234567B2" in missing.json()["error"]
        assert "\n" not in missing.json()["error"]
        assert client.get("/api/corpus/similar",
                          params={"patent": "US9999001B2", "limit": 101}).status_code == 422
        bad = client.get("/api/corpus/similar", params={"patent": "US9999001B2",
                                                         "filter": "colour=red"})
        assert bad.status_code == 400 and "unknown key 'colour'" in bad.json()["error"]


def test_similar_page_marks_terms_in_both_languages(database: Database, tmp_path: Path,
                                                    corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        logged_in(client, database)
        corpus = client.get("/corpus")
        assert all(f'href="/corpus/{p}"' in corpus.text
                   for p in ("similar", "landscape", "applicants", "screen"))
        assert client.get("/corpus/similar").status_code == 200
        page = client.get("/corpus/similar", params={"patent": "US9999001B2", "limit": 5})
        assert page.status_code == 200
        table = page.text.split("<table", 1)[1]
        assert '<td class="number">' in table and "<mark>" in table
        ja = client.get("/corpus/similar", params={"patent": "US9999001B2", "lang": "ja"})
        assert 'lang="ja"' in ja.text and "類似特許" in ja.text and "<mark>" in ja.text
        missing = client.get("/corpus/similar", params={"patent": "US1234567B2"})
        assert missing.status_code == 404 and "US1234567B2" in missing.text


def test_applicants_api_is_the_cli_json_and_csv_opens_in_excel(
        database: Database, tmp_path: Path, corpus_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    none = str(tmp_path / "none.db")
    with corpus_client(database, tmp_path, corpus_dir) as client:
        logged_in(client, database)
        everything = client.get("/api/corpus/applicants").json()
        assert everything == _cli_json(capsys, "--db", none, "corpus", "applicants", "--corpus",
                                       str(corpus_dir), "--no-ray", "--json")
        params = {"jurisdiction": "JP", "from": 2015, "to": 2030, "top": 3}
        answer = client.get("/api/corpus/applicants", params=params)
        assert answer.status_code == 200, answer.text
        expected = _cli_json(capsys, "--db", none, "corpus", "applicants", "--corpus",
                             str(corpus_dir), "--no-ray", "--json", "--jurisdiction", "JP",
                             "--from", "2015", "--to", "2030", "--top", "3")
        assert answer.json() == expected and expected["notice"]
        assert 0 < expected["documents"] < everything["documents"]
        assert len(expected["applicants"]) <= 3
        csv = client.get("/api/corpus/applicants", params={**params, "format": "csv"})
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        assert csv.content.startswith(b"\xef\xbb\xbf")
        lines = csv.content.decode("utf-8-sig").splitlines()
        assert lines[0] == "applicant,key,documents,company_ids,fields,years"
        assert len(lines) == 1 + len(expected["applicants"])
        assert lines[1].startswith(expected["applicants"][0]["applicant"].split(",")[0])
        bad = client.get("/api/corpus/applicants", params={"jurisdiction": "JPN"})
        assert bad.status_code == 400 and "two-letter" in bad.json()["error"]
        assert client.get("/api/corpus/applicants", params={"top": 0}).status_code == 422
        assert client.get("/api/corpus/applicants", params={"format": "pdf"}).status_code == 422
        fields = client.get("/api/corpus/applicants", params={"fields": "Q99"})
        assert fields.status_code == 400 and "Q99" in fields.json()["error"]


def test_applicants_page_table_csv_link_and_japanese(database: Database, tmp_path: Path,
                                                     corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        logged_in(client, database)
        blank = client.get("/corpus/applicants")
        assert blank.status_code == 200 and "<table" not in blank.text
        page = client.get("/corpus/applicants", params={"jurisdiction": "JP", "from": "",
                                                        "to": "", "top": 5})
        assert page.status_code == 200
        assert "/api/corpus/applicants?jurisdiction=JP&amp;top=5&amp;format=csv" in page.text
        assert '<td class="number">' in page.text.split("<table", 1)[1]
        bad = client.get("/corpus/applicants", params={"from": "20x5"})
        assert bad.status_code == 400 and "“from” field" in bad.text
        ja = client.get("/corpus/applicants", params={"top": 5, "lang": "ja"})
        assert ja.status_code == 200 and "出願人" in ja.text and "CSV" in ja.text


def _store(database: Database) -> None:
    add_evidence(database, [EVIDENCE / "flipview-console" / "product-en.html"], product=FLIPVIEW)
    add_evidence(database, [EVIDENCE / "magseal-cap-38"], product=MAGSEAL)


def test_screen_api_is_the_cli_json_for_stored_products(
        database: Database, tmp_path: Path, corpus_dir: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _store(database)
    body = {"evidence": [FLIPVIEW, MAGSEAL], "top_k": 2, "claims": 5, "method": "hybrid",
            "embedder": "hashing"}
    with corpus_client(database, tmp_path, corpus_dir) as client:
        assert client.post("/api/corpus/screen", json=body).status_code == 401
        logged_in(client, database)
        answer = client.post("/api/corpus/screen", json=body)
        assert answer.status_code == 200, answer.text
        monkeypatch.setenv("KIZUNA_DATABASE_URL",
                           database.engine.url.render_as_string(hide_password=False))
        expected = _cli_json(capsys, "corpus", "screen", "--corpus", str(corpus_dir),
                             "--evidence", f"{FLIPVIEW},{MAGSEAL}", "--top-k", "2",
                             "--claims", "5", "--embedder", "hashing", "--no-ray", "--json")
        data = answer.json()
        assert data == expected and data["notice"] == NOTICE
        assert "not a finding of infringement" in data["notice"]
        assert data["runner"] == "in-process"
        first = {p["product"]: p["patent"] for p in reversed(data["pairs"])}
        assert first[FLIPVIEW] == "EP3782854A1" and first[MAGSEAL] == "EP3383757B1"
        every = client.post("/api/corpus/screen", json={**body, "evidence": "all"})
        assert every.status_code == 200 and every.json() == expected


def test_screen_api_refuses_unknown_products_and_oversized_requests(
        database: Database, tmp_path: Path, corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        logged_in(client, database)
        empty = client.post("/api/corpus/screen", json={"evidence": "all"})
        assert empty.status_code == 404 and "no product evidence is stored" in empty.text
        _store(database)
        unknown = client.post("/api/corpus/screen", json={"evidence": ["FlipView Consol"]})
        assert unknown.status_code == 404
        assert unknown.json()["candidates"] == [FLIPVIEW]
        assert "'FlipView Consol'" in unknown.json()["error"]
        too_many = {"evidence": [f"product {i}" for i in range(21)]}
        assert client.post("/api/corpus/screen", json=too_many).status_code == 422
        for wrong in ({"top_k": 101}, {"claims": 1001}, {"method": "grep"}, {"evidence": []},
                      {"evidence": "/etc/passwd"}, {"evidence": ["x" * 301]}):
            response = client.post("/api/corpus/screen", json={"evidence": [FLIPVIEW], **wrong})
            assert response.status_code == 422, wrong
    from kizuna.cli.corpus_jobs import screen  # the CLI's default bound is the web's

    assert inspect.signature(screen).parameters["max_pairs"].default == MAX_PAIRS


def test_screen_needs_csrf_on_cookie_posts_and_a_login(database: Database, tmp_path: Path,
                                                       corpus_dir: Path) -> None:
    _store(database)
    body = {"evidence": [FLIPVIEW], "top_k": 2, "claims": 2, "method": "bm25"}
    with corpus_client(database, tmp_path, corpus_dir) as client:
        anonymous = client.post("/corpus/screen", data=body, follow_redirects=False)
        assert anonymous.status_code == 303 and "/login" in anonymous.headers["location"]
        make_user(database, "vera", "viewer")
        csrf = login(client, "vera")
        del client.headers["X-CSRF-Token"]
        assert client.post("/api/corpus/screen", json=body).status_code == 403
        assert client.post("/corpus/screen", data=body).status_code == 403
        page = client.post("/corpus/screen", data={**body, "csrf_token": csrf})
        assert page.status_code == 200, page.text
        table = page.text.split("<table", 1)[1]
        assert "EP3782854A1" in table and FLIPVIEW in table and '<td class="number">' in table
        assert "not a finding of infringement" in page.text
        client.cookies.clear()
        token = bearer(database, "vera", "read")  # a read like POST /api/screen: no CSRF
        assert client.post("/api/corpus/screen", json=body, headers=token).status_code == 200


def test_screen_page_form_errors_and_japanese(database: Database, tmp_path: Path,
                                              corpus_dir: Path) -> None:
    with corpus_client(database, tmp_path, corpus_dir) as client:
        logged_in(client, database)
        nothing = client.get("/corpus/screen")
        assert nothing.status_code == 200 and 'href="/evidence"' in nothing.text
        _store(database)
        form = client.get("/corpus/screen", params={"lang": "ja"})
        assert form.status_code == 200 and 'lang="ja"' in form.text
        assert f'value="{FLIPVIEW}"' in form.text and "請求項" in form.text
        assert 'name="csrf_token"' in form.text
        none = client.post("/corpus/screen", data={"method": "bm25"})
        assert none.status_code == 400 and "choose at least one" in none.text
        ja = client.post("/corpus/screen", params={"lang": "ja"},
                         data={"evidence": [FLIPVIEW], "top_k": 2, "claims": 2,
                               "method": "bm25"})
        assert ja.status_code == 200 and "推奨" in ja.text and "EP3782854A1" in ja.text


def test_without_a_corpus_each_job_says_how_to_set_one(database: Database,
                                                        tmp_path: Path) -> None:
    with corpus_client(database, tmp_path, None) as client:
        logged_in(client, database)
        for answer in (client.get("/api/corpus/similar", params={"patent": "US9999001B2"}),
                       client.get("/api/corpus/applicants"),
                       client.post("/api/corpus/screen", json={"evidence": "all"}),
                       client.get("/corpus/applicants", params={"top": 5})):
            assert answer.status_code == 404 and "KIZUNA_CORPUS_DIR" in answer.text
