"""corpus applicants: documents per applicant, field and year; filters; name variants grouped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.errors import InvalidValueError
from kizuna.services.corpus.applicants import applicant_activity
from kizuna.services.corpus.build import build_corpus
from tests.services.corpus.support import SOURCES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("applicants")
    variants = folder / "variants.jsonl"
    record = {"title": "Wireless terminal", "lang": "en", "cpc": ["H04W 36/08"],
              "claims": [{"number": 1, "text": "A wireless terminal comprising a receiver."}]}
    lines = [{**record, "number": f"US{9_700_000 + n}B2", "filing_date": f"{2016 + n}-01-05",
              "assignees": [name]}
             for n, name in enumerate(["Example Wireless Inc.", "EXAMPLE WIRELESS, INC",
                                       "Other Radio Ltd."])]
    variants.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    out = folder / "corpus"
    build_corpus(sources=[*SOURCES, variants], out=out, embedder="none", use_ray=False)
    return out


def test_name_variants_meet_and_fields_and_years_are_counted(corpus: Path) -> None:
    report = applicant_activity(corpus=corpus, jurisdiction="US", fields=["H04W"],
                                use_ray=False)
    top = report.applicants[0]
    assert top["applicant"] == "Example Wireless Inc." and top["documents"] == 3
    assert top["fields"] == {"Digital communication": 3}
    assert top["years"] == {"2016": 1, "2017": 2}  # US9999001B2 (2017) and two variants
    assert [a["applicant"] for a in report.applicants] == ["Example Wireless Inc.",
                                                           "Other Radio Ltd."]
    assert report.documents == 4


def test_filters_by_office_year_and_wipo_field_number(corpus: Path) -> None:
    japanese = applicant_activity(corpus=corpus, jurisdiction="JP", use_ray=False)
    assert {a["key"] for a in japanese.applicants} >= {"テスト通信", "テスト電池"}
    assert applicant_activity(corpus=corpus, fields=["4"], year_from=2017, year_to=2017,
                              use_ray=False).documents == 2  # field 4: digital communication
    with pytest.raises(InvalidValueError, match="--fields: 'wireless'"):
        applicant_activity(corpus=corpus, fields=["wireless"], use_ray=False)
    with pytest.raises(InvalidValueError, match="--jurisdiction"):
        applicant_activity(corpus=corpus, jurisdiction="Japan", use_ray=False)
