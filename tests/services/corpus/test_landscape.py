"""corpus landscape: seeds expanded by shared classification and text, scored and grouped."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from kizuna.adapters.corpus.results import write_result
from kizuna.adapters.storage.db import Database
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.corpus.build import build_corpus
from kizuna.services.corpus.landscape import classification_share, expand_landscape
from kizuna.services.ingest import ingest_paths
from tests.services.corpus.support import SOURCES

RECORD = {"lang": "en", "claims": [{"number": 1, "text": "A device comprising a part."}]}
NEIGHBOURS = [
    {"number": "US9700001B2", "title": "Handover of a wireless terminal between base stations",
     "abstract": "The wireless terminal hands over to a neighbouring base station.",
     "cpc": ["H04W 36/08"], "filing_date": "2018-01-05", "assignees": ["Near Radio Ltd."]},
    {"number": "US9700002B2", "title": "Scheduling radio resources",
     "abstract": "A scheduler allocates resource blocks.", "cpc": ["H04W 72/04"],
     "filing_date": "2018-01-05", "assignees": ["Sched Co."]},
    {"number": "US9700003B2", "title": "Electrode slurry mixing",
     "abstract": "Slurry for a cathode is mixed.", "cpc": ["H01M 4/04"],
     "filing_date": "2018-01-05", "assignees": ["Cell Works"]},
]


def _jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps({**RECORD, **r}) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("landscape")
    out = folder / "corpus"
    build_corpus(sources=[*SOURCES, _jsonl(folder / "near.jsonl", NEIGHBOURS)], out=out,
                 embedder="hashing", use_ray=False, partition_size=3)
    return out


def test_shared_main_group_ranks_first_then_subclass_then_text(corpus: Path) -> None:
    result = expand_landscape(corpus=corpus, seeds=["US9999001B2"], top=20, use_ray=False)
    by_number = {row["number"]: row for row in result.patents}
    first = result.patents[0]
    assert first["number"] == "US9700001B2"
    assert first["parts"]["classification"] == 1.0 and first["shared"] == ["H04W36"]
    assert first["parts"]["text"] > by_number["US9700003B2"]["parts"]["text"]
    assert by_number["US9700002B2"]["parts"]["classification"] == 0.5  # subclass H04W only
    assert by_number["US9700003B2"]["parts"]["classification"] == 0.0
    assert by_number["US9700002B2"]["relevance"] > by_number["US9700003B2"]["relevance"]
    assert "US9999001B2" not in by_number  # the seed itself is left out
    assert first["relevance"] == pytest.approx(
        0.4 * first["parts"]["classification"] + 0.4 * first["parts"]["text"], abs=1e-5)
    assert first["parts"]["citation"] == 0.0 and first["citations"] == []
    assert result.to_json()["weights"] == {"classification": 0.4, "text": 0.4, "citation": 0.2}
    fields = {f["name"]: f["patents"] for f in result.landscape["fields"]}
    assert fields["Digital communication"] == 3  # the two H04W neighbours and H04L JP2099000001A
    assert result.to_json()["seeds"] == [{"number": "US9999001B2", "source": "corpus"}]


def test_top_cuts_the_list_and_relevance_decreases(corpus: Path) -> None:
    result = expand_landscape(corpus=corpus, seeds=["US9999001B2"], top=2, use_ray=False)
    assert [r["number"] for r in result.patents][:1] == ["US9700001B2"]
    assert len(result.patents) == 2
    assert result.patents[0]["relevance"] >= result.patents[1]["relevance"]


def test_seed_from_the_portfolio(corpus: Path, database: Database, tmp_path: Path) -> None:
    seed = {"number": "US9800001B2", "title": "Wireless terminal handover method",
            "abstract": "A terminal hands over between base stations.", "cpc": ["H04W 36/00"]}
    ingest_paths(paths=[_jsonl(tmp_path / "seed.jsonl", [seed])], database=database, workers=1)
    result = expand_landscape(corpus=corpus, seeds=["US9800001B2"], database=database,
                              use_ray=False)
    assert result.seeds == [{"number": "US9800001B2", "source": "portfolio"}]
    top_two = {r["number"] for r in result.patents[:2]}
    assert top_two == {"US9999001B2", "US9700001B2"}


def test_bad_seeds_and_options_are_refused(corpus: Path) -> None:
    with pytest.raises(NotFoundError, match="seed US1234567B2: not in the corpus"):
        expand_landscape(corpus=corpus, seeds=["US1234567B2"], use_ray=False)
    with pytest.raises(InvalidValueError, match="--top"):
        expand_landscape(corpus=corpus, seeds=["US9999001B2"], top=0, use_ray=False)
    with pytest.raises(InvalidValueError, match="SEEDS"):
        expand_landscape(corpus=corpus, seeds=[" "], use_ray=False)


def test_classification_share_counts_groups_then_subclasses() -> None:
    groups, subclasses = frozenset({"H04W36"}), frozenset({"H04W"})
    assert classification_share(["H04W 36/08", "H04B 7/00"], groups, subclasses) == \
        (0.5, ["H04W36"])
    assert classification_share(["H04W 72/04"], groups, subclasses) == (0.5, ["H04W"])
    assert classification_share([], groups, subclasses) == (0.0, [])


def test_result_table_as_csv_and_parquet(corpus: Path, tmp_path: Path) -> None:
    result = expand_landscape(corpus=corpus, seeds=["US9999001B2"], top=3, use_ray=False)
    rows = [{**r, **r["parts"]} for r in result.patents]
    columns = ["number", "applicants", "relevance", "classification"]
    write_result(tmp_path / "l.csv", rows, columns)
    text = (tmp_path / "l.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbfnumber,applicants,relevance,classification\r\n")
    assert b"US9700001B2,Near Radio Ltd.," in text
    write_result(tmp_path / "l.parquet", rows, columns)
    table = pq.read_table(tmp_path / "l.parquet").to_pylist()
    assert table[0]["number"] == "US9700001B2" and table[0]["applicants"] == ["Near Radio Ltd."]
    with pytest.raises(InvalidValueError, match=r"must end in \.parquet or \.csv"):
        write_result(tmp_path / "l.xlsx", rows, columns)


def test_field_by_applicant_plot(corpus: Path) -> None:
    from kizuna.services.corpus.landscape import landscape_plot

    result = expand_landscape(corpus=corpus, seeds=["US9999001B2"], top=5, use_ray=False)
    assert landscape_plot(result, fmt="png").startswith(b"\x89PNG")
    svg = landscape_plot(result, fmt="svg").decode("utf-8")
    assert "<svg" in svg
    with pytest.raises(InvalidValueError, match="plot format"):
        landscape_plot(result, fmt="gif")
