"""Royalty services on a migrated database: import, provenance, benchmark, FRAND presets."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.royalty import SqlComparableStore
from kizuna.domain.money import Money
from kizuna.domain.royalty import BenchmarkQuery, RateBase, Status
from kizuna.errors import EmptyFileError, MalformedDocumentError, NotFoundError
from kizuna.services.royalty import (
    benchmark_rates,
    frand_royalty,
    import_comparables,
    list_comparables,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "royalty"
USER_CSV = DATA / "user-comparables.csv"


def test_import_stores_valid_rows_and_reports_bad_ones(database: Database) -> None:
    store = SqlComparableStore(database)
    report = import_comparables(path=USER_CSV, store=store)
    assert (report.stored, report.replaced) == (3, 0)
    errors = {e.line: e.message for e in report.errors}
    assert "value 150% is above 100%" in errors[5]
    assert "kind 'rumour' is not one of" in errors[6]
    assert "currency 'XYZ': unknown currency" in errors[7]
    assert errors[8] == "missing source"
    assert "value: 'three' is not a number" in errors[9]
    imported = {c.id: c for c in store.imported()}
    assert imported["tdb2010-construction-knowhow"].value == Decimal("5.2")
    assert imported["tdb2010-construction-knowhow"].status is Status.UNVERIFIED  # no status given
    assert imported["tdb2010-software-copyright"].provenance == "import:user-comparables.csv"


def test_reimport_replaces_the_rows_of_the_same_file(database: Database) -> None:
    store = SqlComparableStore(database)
    import_comparables(path=USER_CSV, store=store)
    again = import_comparables(path=USER_CSV, store=store)
    assert (again.stored, again.replaced) == (3, 3)
    assert len(store.imported()) == 3


def test_listing_and_benchmark_show_where_rows_came_from(database: Database) -> None:
    store = SqlComparableStore(database)
    import_comparables(path=USER_CSV, store=store)
    listing = list_comparables(store=store, query=BenchmarkQuery(field="Computer technology"))
    assert [c.provenance for c in listing.comparables] == ["import:user-comparables.csv"]
    result = benchmark_rates(store=store, query=BenchmarkQuery(field="Electrical engineering"))
    ids = [c.id for c in result.benchmark.comparables]
    assert "tdb2010-software-copyright" in ids and "jpo2010-electrical-industry" in ids
    assert any("import:user-comparables.csv" in line for line in result.benchmark.explanation)
    assert result.data_version.startswith("kizuna-data ")
    assert "not legal or tax advice" in result.disclaimer


def test_listing_all_bases_includes_per_unit_offers() -> None:
    listing = list_comparables(
        store=None, query=BenchmarkQuery(base=None, field="Telecommunications")
    )
    assert RateBase.PER_UNIT in {c.base for c in listing.comparables}


def test_import_file_errors_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(EmptyFileError, match=r"empty.csv"):
        import_comparables(path=empty, store=SqlComparableStore.__new__(SqlComparableStore))
    no_columns = tmp_path / "cols.csv"
    no_columns.write_text("a,b\n1,2\n")
    with pytest.raises(MalformedDocumentError, match=r"cols.csv: missing column"):
        import_comparables(path=no_columns, store=SqlComparableStore.__new__(SqlComparableStore))


def test_shift_jis_import(tmp_path: Path, database: Database) -> None:
    path = tmp_path / "sjis.csv"
    shutil.copy(USER_CSV, path)
    text = path.read_text(encoding="utf-8").replace("not a patent figure", "特許以外")
    path.write_bytes(text.encode("cp932"))
    report = import_comparables(path=path, store=SqlComparableStore(database))
    assert report.stored == 3


def test_frand_preset_pantech_asus() -> None:
    report = frand_royalty(price=Money.of("13,000,000,000", "JPY"), preset="pantech-asus")
    amounts = {r.inputs.variant: r.per_unit.amount for r in report.results}
    assert amounts == {"LTE-only": Decimal("900000"), "5G-capable": Decimal("800000")}
    assert report.preset is not None and report.preset.source_date == "2025-04-10"


def test_frand_preset_leaves_required_inputs_to_the_user() -> None:
    with pytest.raises(Exception, match=r"--total-patents: required"):
        frand_royalty(price=Money.of("1", "JPY"), preset="apple-samsung")
    with pytest.raises(NotFoundError, match=r"no such FRAND preset; close matches: apple-samsung"):
        frand_royalty(price=Money.of("1", "JPY"), preset="nope")
