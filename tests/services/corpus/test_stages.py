"""The build stages as plain functions (no Ray), on the real samples."""

from __future__ import annotations

from kizuna.adapters.corpus.inputs import read_documents
from kizuna.adapters.text.embed import HashingEmbedder
from kizuna.domain.company import Company
from kizuna.domain.patent import Patent
from kizuna.services.company_resolution import CompanyIndex
from kizuna.services.corpus.stages import (
    analyse_rows,
    document_rows,
    embed_rows,
    resolve_applicants,
)
from tests.services.corpus.support import DATA


def _patents(name: str) -> list[Patent]:
    return [p for p in read_documents(DATA / name) if isinstance(p, Patent)]


def test_document_rows_flatten_a_real_grant_and_its_claims() -> None:
    rows, claims = document_rows(_patents("ingest/us/US08930553.xml"), source_file="x.xml")
    (row,) = rows
    assert row["number"] == "US8930553B2" and row["country"] == "US" and row["kind"] == "B2"
    assert row["claim_count"] == len(claims) == 8
    assert row["claims_text"].startswith("A system for processing mid-dialog SIP messages")
    assert row["applicants"] == ["International Business Machines Corporation"]
    assert row["inventors"][:1] == ["Nissim, Nitzan"]


def test_analyse_rows_puts_japanese_text_in_sudachi_normalised_forms() -> None:
    rows, _ = document_rows(_patents("ingest/jpo/2020123456-A523-amendment.xml"),
                            source_file="a.xml")
    (row,) = analyse_rows(rows)
    terms = row["claims_terms"].split()
    assert "配線" in terms and "構造体" in terms  # short units and the compound 構造体
    english, _ = document_rows(_patents("ingest/us/US08930553.xml"), source_file="x.xml")
    assert analyse_rows(english)[0]["claims_terms"] == ""


def test_resolve_applicants_keys_variants_together_and_links_companies() -> None:
    rows = [{"applicants": ["International Business Machines Corporation"]},
            {"applicants": ["INTERNATIONAL BUSINESS MACHINES CORP."]}]
    ibm = Company(id=7, name_en="International Business Machines Corporation")
    resolved = resolve_applicants([dict(r) for r in rows], CompanyIndex([ibm]))
    assert resolved[0]["applicant_keys"] == resolved[1]["applicant_keys"]
    assert [r["company_ids"] for r in resolved] == [[7], [7]]
    assert resolve_applicants([dict(r) for r in rows], None)[0]["company_ids"] == []


def test_embed_rows_gives_normalised_vectors() -> None:
    rows, _ = document_rows(_patents("ingest/us/US08930553.xml"), source_file="x.xml")
    (row,) = embed_rows(rows, HashingEmbedder(64))
    assert len(row["vector"]) == 64
    assert abs(sum(v * v for v in row["vector"]) - 1.0) < 1e-5
