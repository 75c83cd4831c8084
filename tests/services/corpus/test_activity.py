"""targets rank --activity-from-corpus: a company filing in a patent's fields is more active."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kizuna.adapters.storage.db import Database
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.companies import list_companies
from kizuna.services.corpus.activity import corpus_filings
from kizuna.services.corpus.build import build_corpus
from kizuna.services.targets import rank_targets
from tests.landscape_setup import AS_OF, landscape_db, landscape_path, landscape_template

__all__ = ["landscape_db", "landscape_path", "landscape_template"]

PATENT = "US8930553B2"  # G06F 15/16: WIPO field 6, computer technology
COMPANY = "Nippon Shinyaku Co., Ltd."  # a drug maker with no filings in the portfolio


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("activity")
    record = {"lang": "en", "claims": [{"number": 1, "text": "A server comprising a processor."}],
              "title": "Session handling server", "ipc": ["G06F 15/16"]}
    lines = [{**record, "number": f"US{9_600_000 + n}B2", "filing_date": "2019-03-01",
              "assignees": [name]}
             for n, name in enumerate(["Nippon Shinyaku Co., Ltd.", "NIPPON SHINYAKU CO LTD",
                                       "Unknown Software GmbH"])]
    source = folder / "filings.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    out = folder / "corpus"
    build_corpus(sources=[source], out=out, embedder="none", use_ray=False)
    return out


def _pair(ranking: object, company: str) -> dict[str, object]:
    pairs = ranking.to_json()["pairs"]  # type: ignore[attr-defined]
    return next(p for p in pairs if p["patent"] == PATENT and p["company"]["name_en"] == company)


def test_corpus_filings_raise_the_activity_factor(landscape_db: Database, corpus: Path) -> None:
    before = rank_targets(landscape_db, as_of=AS_OF)
    after = rank_targets(landscape_db, as_of=AS_OF, activity_corpus=corpus)
    was, now = _pair(before, COMPANY), _pair(after, COMPANY)
    assert was["factors"]["activity"] < now["factors"]["activity"]  # type: ignore[index]
    # two filings (name variants resolve to one company) in field 6: n / (n + 2) = 0.5
    assert now["factors"]["activity"] >= 0.5  # type: ignore[index]
    assert "2 own filings (portfolio links or corpus)" in now["details"]["activity"]  # type: ignore[index]
    summary = after.to_json()["activity_corpus"]
    assert summary["documents"] == 3 and summary["applicants_matched"] == 1
    assert summary["companies_active"] == 1
    assert "activity_corpus" not in before.to_json()


def test_filings_matrix_and_bad_options(landscape_db: Database, corpus: Path,
                                        tmp_path: Path) -> None:
    companies = list_companies(landscape_db)
    filings, _ = corpus_filings(corpus=corpus, companies=companies)
    row = next(j for j, c in enumerate(companies) if c.name_en == COMPANY)
    assert filings[row, 5] == 2 and filings.sum() == 2  # field 6 is column 5
    japan, summary = corpus_filings(corpus=corpus, companies=companies, jurisdiction="jp")
    assert not np.any(japan) and summary["jurisdiction"] == "JP"
    with pytest.raises(InvalidValueError, match="--activity-jurisdiction"):
        corpus_filings(corpus=corpus, companies=companies, jurisdiction="Japan")
    with pytest.raises(NotFoundError, match="--activity-from-corpus"):
        corpus_filings(corpus=tmp_path, companies=companies)


def test_targets_rank_cli_option(capsys: pytest.CaptureFixture[str], landscape_path: Path,
                                 corpus: Path) -> None:
    from kizuna.cli.app import main

    code = main(["--db", str(landscape_path), "targets", "rank", "--as-of", "2026-11-21",
                 "--top", "3", "--activity-from-corpus", str(corpus), "--json"])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["activity_corpus"]["applicants_matched"] == 1
    code = main(["--db", str(landscape_path), "targets", "rank", "--activity-from-corpus",
                 str(corpus / "missing")])
    _, err = capsys.readouterr()
    assert code == 1 and "not a built corpus" in err and "Traceback" not in err
