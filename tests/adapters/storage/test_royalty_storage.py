"""The royalty_comparables table: migration 0002 matches the model; Decimals survive."""

from __future__ import annotations

from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.royalty import SqlComparableStore
from kizuna.domain.royalty import Comparable, ComparableKind, RateBase, Status


def test_migration_matches_the_model(database: Database) -> None:
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diff if "royalty_comparables" in str(d)] == []


def test_values_round_trip_exactly(database: Database) -> None:
    item = Comparable(
        id="r1",
        value=Decimal("2.275"),
        unit="percent",
        base=RateBase.NET_SALES,
        kind=ComparableKind.LICENCE_OFFER,
        territory="WW",
        fields=("Telecommunications",),
        sectors=("Electrical engineering",),
        year=2018,
        description="d",
        source="[S100]",
        source_date="2018-08-22",
        status=Status.VERIFIED,
        provenance="import:x.csv",
    )
    store = SqlComparableStore(database)
    assert store.replace_import("import:x.csv", [(2, item)]) == 0
    assert store.imported() == [item]


def test_rows_stored_with_former_kind_names_read_as_the_new_kinds(database: Database) -> None:
    from datetime import UTC, datetime

    from kizuna.adapters.storage.royalty import ComparableRow

    with database.session() as session:
        session.add(
            ComparableRow(
                comparable_id="old",
                value="10",
                unit="percent",
                base="net_sales",
                kind="court_rate",
                territory="JP",
                source="[S19]",
                status="verified",
                provenance="import:old.csv",
                line=2,
                imported_at=datetime.now(UTC),
            )
        )
    (item,) = SqlComparableStore(database).imported()
    assert item.kind is ComparableKind.COURT_AWARD
