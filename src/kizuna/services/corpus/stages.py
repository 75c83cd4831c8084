"""The stages of a corpus build: plain batch-in, batch-out functions.

Each stage takes a list of row dicts and returns a list; none needs Ray, so tests
call them directly and ``--no-ray`` runs them in a loop. The pipeline
(:mod:`kizuna.services.corpus.build`) chains them per partition:

1. :func:`document_rows` — Patent records (from the existing source readers)
   to one document row (:data:`~kizuna.adapters.corpus.store.DOCUMENT_SCHEMA`)
   and claim rows each;
   (and :func:`citation_rows`: one row per citation, for the citations table);
2. :func:`analyse_rows` — Japanese title, abstract and claims as Sudachi
   normalised forms (the same :func:`~kizuna.adapters.text.search_tokens.search_tokens`
   the portfolio search uses), so a Japanese query finds サーバ and サーバー alike;
3. :func:`resolve_applicants` — applicant names to normalised keys (name
   variants of one unresolved company meet under one key) and, when a company
   index is given, to companies-table ids with the existing resolver;
4. :func:`embed_rows` — a dense vector per document (title, abstract and first
   independent claim) from the project's :class:`~kizuna.adapters.text.embed.Embedder`.

    >>> rows, claims = document_rows(patents, source_file="US08930553.xml")  # doctest: +SKIP
    >>> embed_rows(resolve_applicants(analyse_rows(rows), index=None), embedder)  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kizuna.domain.company_names import normalise_name
from kizuna.domain.patent import ClassificationScheme, PartyRole, Patent

if TYPE_CHECKING:
    from kizuna.adapters.text.embed import Embedder
    from kizuna.services.company_resolution import CompanyIndex

__all__ = [
    "MAX_CLAIMS_CHARS",
    "MAX_EMBED_CHARS",
    "analyse_rows",
    "citation_rows",
    "document_rows",
    "embed_rows",
    "embedding_text",
    "resolve_applicants",
]

#: Claims text kept per document (characters): bounds the row and the index per document.
MAX_CLAIMS_CHARS = 100_000
#: Characters of title + abstract + first claim given to the embedder: a sentence encoder's
#: cost grows with the text (USE: about 55 ms for 2,000 characters on one core) while its
#: vector stands for the gist, which the title and the start of the abstract carry.
MAX_EMBED_CHARS = 600
_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def _year(*dates: date | None) -> int | None:
    return next((d.year for d in dates if d is not None), None)


def _claim_rows(patent: Patent) -> list[dict[str, Any]]:
    return [
        {"number": patent.number.compact, "claim": claim.number, "lang": claim.lang,
         "independent": claim.independent, "depends_on": list(claim.depends_on),
         "category": str(claim.category), "text": claim.text,
         "elements": [{"id": e.id, "text": e.text} for e in claim.elements]}
        for claim in patent.claims
    ]


def document_rows(patents: Sequence[Patent], *, source_file: str,
                  source_format: str = "") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One document row per patent, and the claim rows of all of them."""
    rows: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for patent in patents:
        own = [c for c in patent.claims if c.lang == (patent.lang or c.lang)] or list(patent.claims)
        dates = patent.dates
        source = patent.sources[0] if patent.sources else None
        rows.append({
            "number": patent.number.compact,
            "numbers": sorted({n.compact for n in patent.numbers}),
            "country": patent.number.country,
            "kind": patent.number.kind or "",
            "lang": patent.lang or "",
            "title": patent.title or "",
            "abstract": patent.abstract or "",
            "claims_text": "\n".join(c.text for c in own)[:MAX_CLAIMS_CHARS],
            "claim_count": len(own),
            "filing_date": dates.filing, "priority_date": dates.priority,
            "publication_date": dates.publication, "grant_date": dates.grant,
            "year": _year(dates.priority, dates.filing, dates.publication, dates.grant),
            "applicants": list(dict.fromkeys(
                p.name for p in patent.parties
                if p.role in (PartyRole.APPLICANT, PartyRole.ASSIGNEE))),
            "applicant_keys": [], "company_ids": [],
            "inventors": [p.name for p in patent.parties if p.role is PartyRole.INVENTOR],
            "ipc": sorted({c.code for c in patent.classifications
                           if c.scheme is ClassificationScheme.IPC}),
            "cpc": sorted({c.code for c in patent.classifications
                           if c.scheme is ClassificationScheme.CPC}),
            "title_terms": "", "abstract_terms": "", "claims_terms": "",
            "source_file": source_file,
            "source_format": source.format if source else source_format,
            "document": source.document if source else "",
            "vector": [],
        })
        claims.extend(_claim_rows(patent))
    return rows, claims


def citation_rows(patents: Sequence[Patent]) -> list[dict[str, Any]]:
    """One row per citation of each patent (the corpus's citations table)."""
    rows: list[dict[str, Any]] = []
    for patent in patents:
        citing = patent.number.compact
        for citation in patent.citations:
            key = citation.key
            rows.append({
                "citing": citing,
                "cited": citation.number.compact if citation.number is not None else None,
                "cited_key": "|".join(key) if key is not None else None,
                "cited_country": citation.country, "kind": citation.kind,
                "source": citation.source, "category": citation.category,
                "npl": citation.npl, "text": citation.text,
            })
    return rows


def analyse_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill ``*_terms`` with the Sudachi normalised forms of Japanese title, abstract, claims."""
    from kizuna.adapters.text.search_tokens import search_tokens

    for row in rows:
        for source, target in (("title", "title_terms"), ("abstract", "abstract_terms"),
                               ("claims_text", "claims_terms")):
            text = row[source]
            row[target] = " ".join(search_tokens(text)) if _JA_CHAR.search(text) else ""
    return rows


def resolve_applicants(rows: list[dict[str, Any]],
                       index: CompanyIndex | None) -> list[dict[str, Any]]:
    """Normalised applicant keys and, with ``index``, the resolved companies' ids."""
    for row in rows:
        keys: list[str] = []
        ids: list[int] = []
        for name in row["applicants"]:
            key = normalise_name(name)
            if key and key not in keys:
                keys.append(key)
            if index is not None:
                match = index.resolve(name).match
                if match is not None and match.id is not None and match.id not in ids:
                    ids.append(match.id)
        row["applicant_keys"] = keys
        row["company_ids"] = ids
    return rows


def embedding_text(row: dict[str, Any]) -> str:
    """What a document's vector stands for: title, abstract and the first claim."""
    first_claim = row["claims_text"].split("\n", 1)[0]
    return "\n".join(t for t in (row["title"], row["abstract"], first_claim) if t)[
        :MAX_EMBED_CHARS]


def embed_rows(rows: list[dict[str, Any]], embedder: Embedder | None) -> list[dict[str, Any]]:
    """A normalised vector per row (empty when ``embedder`` is None)."""
    if embedder is None or not rows:
        return rows
    vectors = embedder.embed_passages([embedding_text(r) for r in rows])
    for row, vector in zip(rows, vectors, strict=True):
        row["vector"] = vector.tolist()
    return rows
