"""Convert a :class:`Patent` to table rows and back, exactly.

Rows are plain dicts for SQLAlchemy Core ``executemany``; ``position`` columns
keep every tuple's order, so ``from_rows(to_rows(p)) == p``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from kizuna.domain.citations import Citation
from kizuna.domain.claims import Claim, ClaimCategory, ClaimElement, ElementKind
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.domain.patent import (
    ClaimsBasis,
    ClaimSet,
    Classification,
    ClassificationScheme,
    FamilyLink,
    FamilyRelation,
    LocalText,
    Party,
    PartyRole,
    Patent,
    PatentDates,
    PatentStatus,
    PriorityClaim,
    SourceRef,
    TermFacts,
)

__all__ = [
    "Row",
    "claim_rows",
    "claim_set_rows",
    "claims_from_rows",
    "element_rows",
    "patent_from_rows",
    "patent_row",
    "simple_child_rows",
    "source_rows",
]

Row = dict[str, Any]

_TERM_COLUMNS = tuple(TermFacts.__dataclass_fields__)  # same names in the patents table
_DATE_COLUMNS = {"filing": "filing_date", "priority": "priority_date",
                 "publication": "publication_date", "grant": "grant_date"}


def patent_row(patent: Patent, now: datetime) -> Row:
    """The ``patents`` row (without id)."""
    row: Row = {
        "number": patent.number.compact,
        "country": patent.number.country,
        "title": patent.title,
        "lang": patent.lang,
        "status": patent.status.value,
        "created_at": now,
        "updated_at": now,
    }
    for field, column in _DATE_COLUMNS.items():
        row[column] = getattr(patent.dates, field)
    for column in _TERM_COLUMNS:
        row[column] = getattr(patent.term, column)
    return row


def _number_row(n: PatentNumber) -> Row:
    country, space, number = n.key
    return {"country": country, "space": space, "number": number, "kind": n.kind,
            "type": n.type.value if n.type else None}


def simple_child_rows(patent_id: int, patent: Patent) -> dict[str, list[Row]]:
    """Rows of the child tables that need no ids of their own, by table name."""
    numbers = [
        {**_number_row(n), "patent_id": patent_id, "position": i, "canonical": n == patent.number}
        for i, n in enumerate(patent.numbers)
    ]
    if patent.number not in patent.numbers:
        numbers.append({**_number_row(patent.number), "patent_id": patent_id,
                        "position": None, "canonical": True})
    def texts(items: Iterable[LocalText]) -> list[Row]:
        return [{"patent_id": patent_id, "position": i, "lang": t.lang, "text": t.text}
                for i, t in enumerate(items)]
    return {
        "patent_numbers": numbers,
        "patent_titles": texts(patent.titles),
        "patent_abstracts": texts(patent.abstracts),
        "patent_parties": [
            {"patent_id": patent_id, "position": i, "role": p.role.value, "name": p.name,
             "name_latin": p.name_latin, "country": p.country, "address": p.address,
             "office_code": p.office_code, "sequence": p.sequence}
            for i, p in enumerate(patent.parties)
        ],
        "patent_classifications": [
            {"patent_id": patent_id, "position": i, "scheme": c.scheme.value, "code": c.code,
             "version": c.version, "inventive": c.inventive}
            for i, c in enumerate(patent.classifications)
        ],
        "patent_priorities": [
            {"patent_id": patent_id, "position": i, "country": p.country, "number": p.number,
             "date": p.date, "kind": p.kind}
            for i, p in enumerate(patent.priorities)
        ],
        "patent_family_links": [
            {"patent_id": patent_id, "position": i, "relation": f.relation.value,
             "country": f.number.country, "number": f.number.number, "kind": f.number.kind,
             "type": f.number.type.value if f.number.type else None, "date": f.date}
            for i, f in enumerate(patent.family)
        ],
        "patent_citations": [_citation_row(patent_id, i, c)
                             for i, c in enumerate(patent.citations)],
    }


def _citation_row(patent_id: int, position: int, citation: Citation) -> Row:
    n = citation.number
    return {"patent_id": patent_id, "position": position,
            "country": n.country if n else None, "number": n.number if n else None,
            "kind": n.kind if n else None, "type": n.type.value if n and n.type else None,
            "cited_country": citation.country, "cited_kind": citation.kind,
            "source": citation.source, "category": citation.category, "text": citation.text,
            "npl": citation.npl}


def claim_set_rows(patent_id: int, patent: Patent) -> list[Row]:
    return [
        {"patent_id": patent_id, "position": i, "lang": s.lang, "basis": s.basis.value,
         "source": s.source, "as_of": s.as_of}
        for i, s in enumerate(patent.claim_sets)
    ]


def claim_rows(claim_set_id: int, claim_set: ClaimSet) -> list[Row]:
    return [
        {"claim_set_id": claim_set_id, "position": i, "number": c.number, "lang": c.lang,
         "text": c.text, "independent": c.independent, "category": c.category._value_,
         "depends_on": list(c.depends_on)}
        for i, c in enumerate(claim_set.claims)
    ]


def element_rows(claim_id: int, claim: Claim) -> list[Row]:
    return [
        {"claim_id": claim_id, "position": i, "element_id": e.id, "text": e.text,
         "kind": e.kind._value_}  # ._value_: .value without the enum descriptor (hot path)
        for i, e in enumerate(claim.elements)
    ]


def source_rows(
    patent_id: int, patent: Patent, now: datetime, ingested: Mapping[tuple[str, str], datetime]
) -> list[Row]:
    """Source rows; ``ingested`` keeps the first ingestion time of sources stored before."""
    return [
        {"patent_id": patent_id, "position": i, "file": s.file, "sha256": s.sha256,
         "format": s.format, "document": s.document, "recovered": s.recovered,
         "warnings": list(s.warnings), "date": s.date,
         "ingested_at": ingested.get((s.sha256, s.document), now)}
        for i, s in enumerate(patent.sources)
    ]


# ---------------------------------------------------------------------------
# Rows to Patent
# ---------------------------------------------------------------------------


def _number(row: Mapping[str, Any]) -> PatentNumber:
    return PatentNumber(country=row["country"], number=row["number"], kind=row["kind"],
                        type=NumberType(row["type"]) if row["type"] else None)


def _claim(row: Mapping[str, Any], elements: Sequence[Mapping[str, Any]]) -> Claim:
    return Claim(
        number=row["number"], lang=row["lang"], text=row["text"],
        independent=bool(row["independent"]),
        depends_on=tuple(int(n) for n in row["depends_on"]),
        category=ClaimCategory(row["category"]),
        elements=tuple(ClaimElement(id=e["element_id"], text=e["text"],
                                    kind=ElementKind(e["kind"])) for e in elements),
    )


def patent_from_rows(
    row: Mapping[str, Any],
    children: Mapping[str, Sequence[Mapping[str, Any]]],
    claims_by_set: Mapping[int, Sequence[Claim]],
) -> Patent:
    """Rebuild a Patent from its row, its child rows (ordered by position) and its claims."""
    numbers = children["patent_numbers"]
    canonical = next(r for r in numbers if r["canonical"])
    return Patent(
        number=_number(canonical),
        numbers=tuple(_number(r) for r in numbers if r["position"] is not None),
        titles=tuple(LocalText(lang=r["lang"], text=r["text"]) for r in children["patent_titles"]),
        lang=row["lang"],
        dates=PatentDates(**{f: row[c] for f, c in _DATE_COLUMNS.items()}),
        parties=tuple(
            Party(role=PartyRole(r["role"]), name=r["name"], name_latin=r["name_latin"],
                  country=r["country"], address=r["address"], office_code=r["office_code"],
                  sequence=r["sequence"])
            for r in children["patent_parties"]
        ),
        classifications=tuple(
            Classification(scheme=ClassificationScheme(r["scheme"]), code=r["code"],
                           version=r["version"], inventive=r["inventive"])
            for r in children["patent_classifications"]
        ),
        priorities=tuple(
            PriorityClaim(country=r["country"], number=r["number"], date=r["date"], kind=r["kind"])
            for r in children["patent_priorities"]
        ),
        family=tuple(
            FamilyLink(relation=FamilyRelation(r["relation"]), number=_number(r), date=r["date"])
            for r in children["patent_family_links"]
        ),
        claim_sets=tuple(
            ClaimSet(lang=r["lang"], basis=ClaimsBasis(r["basis"]),
                     claims=tuple(claims_by_set.get(r["id"], ())), source=r["source"],
                     as_of=r["as_of"])
            for r in children["claim_sets"]
        ),
        abstracts=tuple(
            LocalText(lang=r["lang"], text=r["text"]) for r in children["patent_abstracts"]
        ),
        status=PatentStatus(row["status"]),
        term=TermFacts(**{c: row[c] for c in _TERM_COLUMNS}),
        sources=tuple(
            SourceRef(file=r["file"], sha256=r["sha256"], format=r["format"],
                      document=r["document"], recovered=bool(r["recovered"]),
                      warnings=tuple(r["warnings"]), date=r["date"])
            for r in children["patent_sources"]
        ),
        citations=tuple(
            Citation(number=_number(r) if r["number"] is not None else None,
                     country=r["cited_country"], kind=r["cited_kind"], source=r["source"],
                     category=r["category"], text=r["text"], npl=bool(r["npl"]))
            for r in children["patent_citations"]
        ),
    )


def claims_from_rows(
    claim_rows_: Sequence[Mapping[str, Any]], elements: Mapping[int, Sequence[Mapping[str, Any]]]
) -> dict[int, list[Claim]]:
    """Claims grouped by claim set id (rows ordered by set and position)."""
    grouped: dict[int, list[Claim]] = {}
    for r in claim_rows_:
        grouped.setdefault(r["claim_set_id"], []).append(_claim(r, elements.get(r["id"], ())))
    return grouped
