"""Company use cases: import a company file, list, resolve, show, link to patents.

Resolution rules are in :mod:`kizuna.services.company_resolution` and
docs/companies.md. Links between stored patents' applicants/assignees and
companies are computed on demand with the same resolution (only confident
matches), never stored: companies and patents change independently, and a
stored link would go stale silently.

    >>> report = import_companies(db, Path("tests/data/companies/companies.csv"))  # doctest: +SKIP
    >>> resolve_company(db, "(株)トヨタ自動車").match.corporate_number  # doctest: +SKIP
    '1180301018771'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kizuna.domain.company import Company
from kizuna.domain.company_names import MATCH_THRESHOLD, corporate_number_query
from kizuna.domain.crossborder import ExposureAssessment, assess_exposure
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.company_import import ImportReport, RowChange, import_companies
from kizuna.services.company_resolution import (
    Candidate,
    CompanyIndex,
    Resolution,
    company_ref,
)

if TYPE_CHECKING:
    from kizuna.adapters.storage.companies import SqlCompanyRepository
    from kizuna.adapters.storage.db import Database

__all__ = [
    "Candidate",
    "CompanyDetail",
    "ImportReport",
    "PatentLink",
    "Resolution",
    "RowChange",
    "company_detail",
    "confirmed_company_name",
    "get_company",
    "import_companies",
    "list_companies",
    "patent_company_links",
    "resolve_company",
]


@dataclass(frozen=True, kw_only=True)
class PatentLink:
    """A stored patent's applicant or assignee resolved to a company."""

    patent: str  # compact canonical number
    company_id: int
    role: str  # "applicant" | "assignee"
    party_name: str
    score: float

    def to_json(self) -> dict[str, Any]:
        """``{patent, company_id, role, party_name, score}``."""
        return {"patent": self.patent, "company_id": self.company_id, "role": self.role,
                "party_name": self.party_name, "score": self.score}


@dataclass(frozen=True, kw_only=True)
class CompanyDetail:
    """One company with its parent, exposure assessment and linked patents."""

    company: Company
    parent: Company | None
    exposure: ExposureAssessment
    patents: list[PatentLink]

    def to_json(self) -> dict[str, Any]:
        """Every company field, plus ``parent_company``, ``exposure`` and ``patents``."""
        c = self.company
        revenue = c.japan_revenue
        return {
            **company_ref(c),
            "name_kana": c.name_kana,
            "aliases": list(c.aliases),
            "former_names": list(c.former_names),
            "parent": c.parent,
            "parent_id": c.parent_id,
            "parent_company": company_ref(self.parent) if self.parent else None,
            "jsic": list(c.jsic),
            "country": c.country,
            "japanese": c.is_japanese,
            "japan_revenue": None if revenue is None else {
                "amount": revenue.amount, "currency": revenue.currency,
                "as_of": revenue.as_of, "line": revenue.line, "source": revenue.source},
            "products": list(c.products),
            "urls": list(c.urls),
            "signals": list(c.signals),
            "source": c.source,
            "exposure": self.exposure.to_json(),
            "patents": [p.to_json() for p in self.patents],
        }


def _repo(session: Any) -> SqlCompanyRepository:
    from kizuna.adapters.storage.companies import SqlCompanyRepository  # composition point

    return SqlCompanyRepository(session)


def list_companies(database: Database) -> list[Company]:
    """Every stored company, by id."""
    with database.session() as session:
        return _repo(session).all()


def resolve_company(database: Database, name: str) -> Resolution:
    """Resolve ``name`` (any written form, or a 13-digit corporate number) to a company.

    ``match`` is set only when the best candidate is clearly ahead
    (:data:`~kizuna.domain.company_names.MARGIN`); otherwise the candidates show
    the ambiguity.
    """
    if not name.strip():
        raise InvalidValueError("company name: empty")
    return CompanyIndex(list_companies(database)).resolve(name)


def get_company(database: Database, name_or_id: str) -> Company:
    """The company with this id, corporate number or (resolved) name.

    Raises NotFoundError (with close names) when nothing matches and
    InvalidValueError listing the candidates when the name is ambiguous.
    """
    text = name_or_id.strip()
    if text.isdigit() and corporate_number_query(text) is None:
        with database.session() as session:
            company = _repo(session).get(int(text))
        if company is None:
            raise NotFoundError(f"no stored company has id {text}")
        return company
    resolution = resolve_company(database, text)
    if resolution.match is not None:
        return resolution.match
    names = [c.company.display_name for c in resolution.candidates]
    if any(c.score >= MATCH_THRESHOLD for c in resolution.candidates):
        raise InvalidValueError(
            f"company {text!r} is ambiguous: {', '.join(names)}; give the id or corporate number"
        )
    raise NotFoundError(f"no stored company matches {text!r}", candidates=names)


def confirmed_company_name(database: Database, name: str) -> str:
    """The stored name that ``name`` resolves to (as ``companies resolve`` does).

    For inputs that must name a stored company (evidence of use). The stored
    spelling of the name that matched is returned (``Aoba Closure`` gives
    ``Aoba Closures Co., Ltd.``; an id gives the display name). An unknown name
    is a :class:`NotFoundError` listing close matches, an ambiguous one an
    :class:`InvalidValueError` listing the candidates.
    """
    try:
        company = get_company(database, name)
        resolution = resolve_company(database, name)
        best = resolution.candidates[0] if resolution.candidates else None
        if resolution.match is not None and best is not None and best.company.id == company.id:
            return best.matched_name
        return company.display_name
    except NotFoundError as exc:
        raise NotFoundError(
            f"company {name.strip()!r} is not a stored company (import it with "
            "`kizuna companies import`, or check the spelling)", candidates=exc.candidates
        ) from None


def patent_company_links(database: Database) -> list[PatentLink]:
    """Applicants and assignees of stored patents that resolve confidently to a company.

    The printed name and the Latin name are both tried; a party whose two names
    resolve to different companies is left unlinked.
    """
    with database.session() as session:
        repo = _repo(session)
        index = CompanyIndex(repo.all())
        parties = repo.patent_parties()
    return _links(index, parties)


def _links(
    index: CompanyIndex, parties: list[tuple[str, str, str, str | None]]
) -> list[PatentLink]:
    if not index.companies:
        return []
    cache: dict[str, Resolution] = {}
    links: dict[tuple[str, int, str], PatentLink] = {}
    for number, role, name, latin in parties:
        found: dict[int, tuple[float, str]] = {}
        for written in {n for n in (name, latin) if n}:
            resolution = cache.get(written) or cache.setdefault(written, index.resolve(written))
            if resolution.match is not None and resolution.match.id is not None:
                found[resolution.match.id] = (resolution.score, written)
        if len(found) != 1:
            continue
        company_id, (score, written) = next(iter(found.items()))
        key = (number, company_id, role)
        if key not in links:
            links[key] = PatentLink(patent=number, company_id=company_id, role=role,
                                    party_name=written, score=score)
    return sorted(links.values(), key=lambda k: (k.patent, k.role, k.company_id))


def company_detail(database: Database, name_or_id: str) -> CompanyDetail:
    """The company (as :func:`get_company` finds it) with exposure and linked patents."""
    company = get_company(database, name_or_id)
    parent = None
    if company.parent_id is not None:
        with database.session() as session:
            parent = _repo(session).get(company.parent_id)
    patents = [p for p in patent_company_links(database) if p.company_id == company.id]
    return CompanyDetail(company=company, parent=parent, exposure=assess_exposure(company),
                         patents=patents)
