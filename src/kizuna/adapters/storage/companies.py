"""The ``companies`` table and the repository that reads and writes :class:`Company`.

Lists (aliases, former names, JSIC codes, products, URLs, signals) are JSON
arrays; the revenue amount is text so that the Decimal survives exactly on
SQLite and PostgreSQL. ``name_key`` is the normalised primary name
(:func:`kizuna.domain.company_names.normalise_name`), unique, so two stored
companies can never share a primary name; the corporate number is unique too.
Links to patents are computed on demand (docs/companies.md), not stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kizuna.adapters.storage.base import Base
from kizuna.domain.company import Company, JapanRevenue
from kizuna.domain.company_names import normalise_name

__all__ = ["CompanyRow", "SqlCompanyRepository", "company_fields"]


class CompanyRow(Base):
    """One company (table ``companies``)."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    name_ja: Mapped[str | None] = mapped_column(Text, nullable=True)
    name_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    name_kana: Mapped[str | None] = mapped_column(Text, nullable=True)
    aliases: Mapped[list[str]] = mapped_column(JSON)
    former_names: Mapped[list[str]] = mapped_column(JSON)
    corporate_number: Mapped[str | None] = mapped_column(String(13), unique=True, nullable=True)
    parent: Mapped[str | None] = mapped_column(Text, nullable=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), nullable=True
    )
    jsic: Mapped[list[str]] = mapped_column(JSON)
    country: Mapped[str] = mapped_column(String(2))
    revenue_amount: Mapped[str | None] = mapped_column(String(40), nullable=True)
    revenue_currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    revenue_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    revenue_line: Mapped[str | None] = mapped_column(Text, nullable=True)
    revenue_source: Mapped[str | None] = mapped_column(Text, nullable=True)
    products: Mapped[list[str]] = mapped_column(JSON)
    urls: Mapped[list[str]] = mapped_column(JSON)
    signals: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def company_fields(company: Company) -> dict[str, Any]:
    """The stored columns of ``company`` that an import may change (not id, times, parent_id)."""
    revenue = company.japan_revenue
    return {
        "name_key": normalise_name(company.display_name),
        "name_ja": company.name_ja,
        "name_en": company.name_en,
        "name_kana": company.name_kana,
        "aliases": list(company.aliases),
        "former_names": list(company.former_names),
        "corporate_number": company.corporate_number,
        "parent": company.parent,
        "jsic": list(company.jsic),
        "country": company.country,
        "revenue_amount": str(revenue.amount) if revenue else None,
        "revenue_currency": revenue.currency if revenue else None,
        "revenue_date": revenue.as_of if revenue else None,
        "revenue_line": revenue.line if revenue else None,
        "revenue_source": revenue.source if revenue else None,
        "products": list(company.products),
        "urls": list(company.urls),
        "signals": list(company.signals),
    }


def _to_company(row: CompanyRow) -> Company:
    revenue = None
    if row.revenue_amount is not None and row.revenue_currency and row.revenue_date:
        revenue = JapanRevenue(
            amount=Decimal(row.revenue_amount),
            currency=row.revenue_currency,
            as_of=row.revenue_date,
            line=row.revenue_line,
            source=row.revenue_source,
        )
    return Company(
        id=row.id,
        name_ja=row.name_ja,
        name_en=row.name_en,
        name_kana=row.name_kana,
        aliases=tuple(row.aliases),
        former_names=tuple(row.former_names),
        corporate_number=row.corporate_number,
        parent=row.parent,
        parent_id=row.parent_id,
        jsic=tuple(row.jsic),
        country=row.country,
        japan_revenue=revenue,
        products=tuple(row.products),
        urls=tuple(row.urls),
        signals=tuple(row.signals),
        source=row.source,
    )


class SqlCompanyRepository:
    """Companies in one session (the caller's transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[Company]:
        """Every company, by id."""
        rows = self.session.scalars(select(CompanyRow).order_by(CompanyRow.id))
        return [_to_company(r) for r in rows]

    def get(self, company_id: int) -> Company | None:
        """The company with ``company_id``, or None."""
        row = self.session.get(CompanyRow, company_id)
        return None if row is None else _to_company(row)

    def find_id(
        self, *, corporate_number: str | None, name_key: str
    ) -> tuple[int | None, int | None]:
        """Ids of the stored companies with this corporate number and with this name key."""
        by_number = None
        if corporate_number:
            by_number = self.session.scalar(
                select(CompanyRow.id).where(CompanyRow.corporate_number == corporate_number)
            )
        by_name = self.session.scalar(select(CompanyRow.id).where(CompanyRow.name_key == name_key))
        return by_number, by_name

    def add(self, company: Company) -> int:
        """Insert ``company``; returns its id."""
        now = datetime.now(UTC)
        row = CompanyRow(**company_fields(company), source=company.source,
                         created_at=now, updated_at=now)
        self.session.add(row)
        self.session.flush()
        return row.id

    def update(self, company_id: int, company: Company) -> bool:
        """Overwrite company ``company_id``'s fields; False when nothing changed."""
        row = self.session.get(CompanyRow, company_id)
        if row is None:
            raise KeyError(company_id)
        fields = company_fields(company)
        if all(getattr(row, k) == v for k, v in fields.items()):
            return False
        for key, value in fields.items():
            setattr(row, key, value)
        row.source = company.source
        row.updated_at = datetime.now(UTC)
        self.session.flush()
        return True

    def set_parent(self, company_id: int, parent_id: int | None) -> None:
        """Record the resolved parent of company ``company_id``."""
        row = self.session.get(CompanyRow, company_id)
        if row is not None and row.parent_id != parent_id:
            row.parent_id = parent_id
            self.session.flush()

    def patent_parties(self) -> list[tuple[str, str, str, str | None]]:
        """(patent number, role, name, Latin name) of every stored applicant and assignee."""
        from kizuna.adapters.storage import patent_tables as t

        query = (
            select(t.patents.c.number, t.parties.c.role, t.parties.c.name, t.parties.c.name_latin)
            .join(t.patents, t.patents.c.id == t.parties.c.patent_id)
            .where(t.parties.c.role.in_(("applicant", "assignee")))
            .order_by(t.patents.c.number, t.parties.c.role, t.parties.c.sequence)
        )
        return [(r[0], r[1], r[2], r[3]) for r in self.session.execute(query)]
