"""The companies table: migration 0003 matches the model; a company round-trips exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.companies import SqlCompanyRepository
from kizuna.adapters.storage.db import Database
from kizuna.domain.company import Company, JapanRevenue


def test_migration_matches_the_model(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert [d for d in diff if "'companies'" in str(d) or "companies." in str(d)] == []


def test_company_round_trips(database: Database) -> None:
    company = Company(
        name_ja="トヨタ自動車株式会社",
        name_en="TOYOTA MOTOR CORPORATION",
        aliases=("トヨタ",),
        corporate_number="1180301018771",
        jsic=("3111",),
        japan_revenue=JapanRevenue(
            amount=Decimal("12.50"), currency="USD", as_of=date(2024, 3, 31), source="x"
        ),
        signals=("ja-ui",),
        source="companies.csv:2",
    )
    with database.session() as session:
        repo = SqlCompanyRepository(session)
        company_id = repo.add(company)
        assert repo.update(company_id, company) is False
    with database.session() as session:
        stored = SqlCompanyRepository(session).get(company_id)
    assert stored is not None
    assert stored.japan_revenue == company.japan_revenue
    assert (stored.name_ja, stored.aliases, stored.jsic) == (
        company.name_ja, company.aliases, company.jsic)
    assert stored.id == company_id
