"""corpus landscape: documents that enter only through a citation link, with exact scores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from kizuna.adapters.storage.db import Database
from kizuna.services.corpus.build import build_corpus
from kizuna.services.corpus.citation_links import citation_part, number_keys
from kizuna.services.corpus.landscape import expand_landscape
from kizuna.services.ingest import ingest_paths
from tests.services.corpus.support import SOURCES

RECORD = {"lang": "en", "claims": [{"number": 1, "text": "A device comprising a part."}]}
SEED = {"number": "US9600001B2", "title": "Ranking search results",
        "abstract": "Results ranked through relevance scoring.", "cpc": ["G06F 16/00"],
        "citations": ["US 2015/0123456 A1", "US 9,600,077"]}
DOCUMENTS = [
    SEED,
    # cited by the seed (backward), nothing else in common
    {"number": "US20150123456A1", "title": "Bicycle saddle", "abstract": "Saddle springs.",
     "cpc": ["B62J 1/00"]},
    # cites the seed (forward), written without a kind code
    {"number": "US9600099B2", "title": "Garden hose coupling", "abstract": "Hose joins.",
     "cpc": ["F16L 37/00"], "citations": ["US9600001"]},
    # cited by the seed and citing it: two links
    {"number": "US9600077B2", "title": "Umbrella hinge", "abstract": "Hinge folds.",
     "cpc": ["A45B 19/00"], "citations": ["US 9,600,001 B2"]},
    # no link, nothing in common: stays out
    {"number": "US9600050B2", "title": "Kettle lid", "abstract": "Lid lifts.",
     "cpc": ["A47J 27/00"]},
    # cited by the examiner in the notice of reasons for refusal of 特願2020-123456
    {"number": "JP2002233033A", "title": "釣り竿", "abstract": "竿が曲がる。", "lang": "ja",
     "ipc": ["A01K 87/00"]},
]


def _jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps({**RECORD, **r}) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cites")
    out = folder / "corpus"
    build_corpus(sources=[*SOURCES, _jsonl(folder / "cites.jsonl", DOCUMENTS)], out=out,
                 embedder="none", use_ray=False, partition_size=3)
    return out


def test_citation_part_grows_with_links() -> None:
    assert [citation_part([{}] * n) for n in range(4)] == [0.0, 0.5, 0.75, 0.875]


def test_only_grant_and_publication_numbers_link() -> None:
    keys = number_keys(["JP7533889B2", "JP2021090037A", "JP2020123456", "US9600001", "??"])
    assert keys == {"JP|document|7533889", "JP|document|2021090037", "US|document|9600001"}


def test_cited_and_citing_documents_enter_only_through_citations(corpus: Path) -> None:
    result = expand_landscape(corpus=corpus, seeds=["US9600001B2"], top=50, use_ray=False)
    by_number = {row["number"]: row for row in result.patents}
    both = by_number["US9600077B2"]
    assert both["parts"] == {"classification": 0.0, "text": 0.0, "citation": 0.75}
    assert both["relevance"] == 0.15
    assert both["citations"] == [
        {"seed": "US9600001B2", "direction": "backward", "source": "other"},
        {"seed": "US9600001B2", "direction": "forward", "source": "other"}]
    cited = by_number["US20150123456A1"]
    assert cited["parts"] == {"classification": 0.0, "text": 0.0, "citation": 0.5}
    assert cited["relevance"] == 0.1
    assert cited["citations"] == [
        {"seed": "US9600001B2", "direction": "backward", "source": "other"}]
    citing = by_number["US9600099B2"]
    assert (citing["relevance"], citing["citations"]) == (
        0.1, [{"seed": "US9600001B2", "direction": "forward", "source": "other"}])
    assert "US9600050B2" not in by_number and "US9600001B2" not in by_number
    order = [r["number"] for r in result.patents]
    assert order.index("US9600077B2") < order.index("US20150123456A1") < \
        order.index("US9600099B2")  # 0.15, then the two of 0.1 by number
    assert result.to_json()["weights"] == {"classification": 0.4, "text": 0.4, "citation": 0.2}


def test_examiner_citations_of_a_jpo_notice_link_the_granted_patent(corpus: Path) -> None:
    result = expand_landscape(corpus=corpus, seeds=["JP7533889B2"], top=50, use_ray=False)
    row = next(r for r in result.patents if r["number"] == "JP2002233033A")
    assert row["relevance"] == 0.1 and row["parts"]["citation"] == 0.5
    assert row["citations"] == [
        {"seed": "JP7533889B2", "direction": "backward", "source": "examiner"}]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")
def test_same_links_with_ray(corpus: Path) -> None:
    local = expand_landscape(corpus=corpus, seeds=["US9600001B2"], top=10, use_ray=False)
    distributed = expand_landscape(corpus=corpus, seeds=["US9600001B2"], top=10, use_ray=True,
                                   workers=1)
    assert distributed.patents == local.patents


def test_corpus_without_citations_table_keeps_two_parts(corpus: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(corpus, old)
    shutil.rmtree(old / "citations")
    result = expand_landscape(corpus=old, seeds=["US9600001B2"], top=50, use_ray=False)
    assert result.to_json()["weights"] == {"classification": 0.5, "text": 0.5}
    assert all(r["parts"]["citation"] is None and r["citations"] == [] for r in result.patents)
    assert "US20150123456A1" not in {r["number"] for r in result.patents}


def test_citations_table_of_the_build(corpus: Path) -> None:
    rows = pq.read_table(corpus / "citations").to_pylist()
    seed = [r for r in rows if r["citing"] == "US9600001B2"]
    assert [(r["cited"], r["cited_key"], r["source"]) for r in seed] == [
        ("US20150123456A1", "US|document|20150123456", "other"),
        ("US9600077", "US|document|9600077", "other")]
    us = [r for r in rows if r["citing"] == "US8930553B2"]
    assert len(us) == 21 and sum(r["npl"] for r in us) == 5
    assert us[0] == {"citing": "US8930553B2", "cited": "US7844851B2",
                     "cited_key": "US|document|7844851", "cited_country": "US", "kind": "B2",
                     "source": "applicant", "category": "cited by applicant", "npl": False,
                     "text": "US 7844851 B2"}
    jp = {r["cited"] for r in rows if r["citing"] == "JP2020123456"}
    assert "JPS60046093A" in jp  # the notice of reasons for refusal: its own document row


def test_portfolio_seed_links_by_its_stored_citations(corpus: Path, database: Database,
                                                     tmp_path: Path) -> None:
    seed = {"number": "US9800002B2", "title": "Parcel sorting", "cpc": ["B07C 3/00"],
            "citations": ["US 2015/0123456 A1"]}
    ingest_paths(paths=[_jsonl(tmp_path / "seed.jsonl", [seed])], database=database, workers=1)
    result = expand_landscape(corpus=corpus, seeds=["US9800002B2"], database=database,
                              use_ray=False)
    first = result.patents[0]
    assert (first["number"], first["relevance"], first["citations"]) == (
        "US20150123456A1", 0.1,
        [{"seed": "US9800002B2", "direction": "backward", "source": "other"}])


def test_cli_json_csv_and_table_show_the_links(capsys: pytest.CaptureFixture[str],
                                               corpus: Path, tmp_path: Path) -> None:
    from kizuna.cli.app import main

    db = tmp_path / "none.db"
    code = main(["--db", str(db), "corpus", "landscape", "US9600001B2", "--corpus", str(corpus),
                 "--no-ray", "--json", "--out", str(tmp_path / "l.csv")])
    out, _ = capsys.readouterr()
    assert code == 0
    row = next(r for r in json.loads(out)["patents"] if r["number"] == "US9600077B2")
    assert row["parts"]["citation"] == 0.75 and len(row["citations"]) == 2
    lines = (tmp_path / "l.csv").read_text("utf-8-sig").splitlines()
    assert lines[0] == ("number,title,country,year,applicants,relevance,classification,text,"
                        "citation,citation_links,shared,ipc,cpc")
    line = next(x for x in lines if x.startswith("US9600077B2,"))
    assert ",0.15,0.0,0.0,0.75,US9600001B2 backward (other);US9600001B2 forward (other)," \
        in line
    code = main(["--db", str(db), "corpus", "landscape", "US9600001B2", "--corpus", str(corpus),
                 "--no-ray", "--top", "50"])
    out, _ = capsys.readouterr()
    assert code == 0 and "cit." in out and "0.75" in out
    assert "backward" in out and "forward" in out
