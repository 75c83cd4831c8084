"""SqlPatentRepository on SQLite and PostgreSQL: exact round trips, lookups, deletes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.registry import default_readers, detect
from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.patents import SqlPatentStore
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.domain.patent import Patent, merge
from kizuna.errors import StorageError
from tests.conftest import DATA
from tests.factories import make_claim_set, make_number, make_patent, make_source

SAMPLES = sorted(p for p in (DATA / "ingest").rglob("*") if p.suffix in {".xml", ".json"}
                 and p.parent.name != "other")


def _count(db: Database, table: sa.Table) -> int:
    with db.session() as session:
        return int(session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _save(db: Database, *patents: Patent) -> list[int]:
    with SqlPatentStore(db).unit_of_work() as uow:
        return uow.patents.add_many(list(patents))


def _load(db: Database, ids: list[int]) -> list[Patent]:
    with SqlPatentStore(db).unit_of_work() as uow:
        return uow.patents.load(ids)


def _read(path: Path) -> list[Patent]:
    reader = detect(path, path.read_bytes()[:4096], default_readers())
    results = list(reader.read(FileInput(path=path)))
    assert all(isinstance(r, Patent) for r in results), results
    return [r for r in results if isinstance(r, Patent)]


def test_full_record_round_trips_exactly(database: Database) -> None:
    patent = make_patent()
    ids = _save(database, patent, make_patent("EP 3383757 B1", full=False))
    assert _load(database, ids)[0] == patent
    assert _load(database, [ids[1]])[0] == make_patent("EP 3383757 B1", full=False)


def test_unusual_records_round_trip(database: Database) -> None:
    typeless = make_number("JP2020123456")  # type unknown: stored in the document space
    outside = make_patent(full=False)
    outside = replace(outside, number=make_number("US 8930553"), numbers=outside.numbers[1:])
    empty_claims = make_patent("JP 7533889 B2", claim_sets=(make_claim_set(0, lang="ja"),))
    patents = [make_patent(typeless, full=False), outside, empty_claims]
    assert typeless.type is None
    assert _load(database, _save(database, *patents)) == patents


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_real_documents_round_trip_exactly(database: Database, path: Path) -> None:
    patents = _read(path)
    assert _load(database, _save(database, *patents)) == patents


def test_real_merged_record_round_trips(database: Database) -> None:
    jpo = sorted((DATA / "ingest" / "jpo").iterdir())
    records = [p for path in jpo for p in _read(path)]
    merged = records[0]
    for record in records[1:]:
        merged = merge(merged, record)
    assert _load(database, _save(database, merged)) == [merged]
    assert merged.number.compact == "JP7533889B2"


def test_find_by_any_number_form(database: Database) -> None:
    patent = make_patent()
    _save(database, patent)
    with SqlPatentStore(database).unit_of_work() as uow:
        for text in ("US 8,930,553 B2", "US8930553", "US 8930553 B1", "US 13/524,951"):
            assert uow.patents.find(parse_number(text)) == patent, text
        assert uow.patents.find(parse_number("US 8930554")) is None
        assert uow.patents.find(parse_number("EP 8930553 B1")) is None


def test_number_of_unknown_type_matches_both_spaces(database: Database) -> None:
    application = make_patent(make_number("JP2020123456", NumberType.APPLICATION), full=False)
    _save(database, application)
    with SqlPatentStore(database).unit_of_work() as uow:
        assert uow.patents.find(make_number("JP2020123456")) == application
        assert uow.patents.find(make_number("JP2020123456", NumberType.PUBLICATION)) is None


def test_find_ids_and_stored_sources(database: Database) -> None:
    ids = _save(database, make_patent())
    with SqlPatentStore(database).unit_of_work() as uow:
        keys = [("US", "document", "8930553"), ("US", "application", "13524951"),
                ("US", "document", "1")]
        assert uow.patents.find_ids(keys) == {keys[0]: ids[0], keys[1]: ids[0]}
        wanted = {("a" * 64, "B2"), ("a" * 64, "A1")}
        assert uow.patents.stored_sources(wanted) == {("a" * 64, "B2")}


def test_a_number_can_belong_to_one_patent_only(database: Database) -> None:
    _save(database, make_patent("US 8,930,553 B2", full=False))
    with SqlPatentStore(database).unit_of_work() as uow:
        with pytest.raises(StorageError, match="refused"), uow.savepoint():
            uow.patents.add_many([make_patent("US 8930553", "US 1234567", full=False)])
        # The savepoint undid the attempt; the transaction goes on.
        assert uow.patents.find(parse_number("US 1234567")) is None
    assert _count(database, t.patents) == 1


def test_replace_absorbs_other_patents(database: Database) -> None:
    grant = make_patent("US 8,930,553 B2", full=False, sources=(make_source(document="B2"),))
    application = make_patent("US 13/524,951", full=False,
                              sources=(make_source(sha256="b" * 64, document="A1"),))
    keep, gone = _save(database, grant, application)
    merged = merge(grant, application)
    with SqlPatentStore(database).unit_of_work() as uow:
        uow.patents.replace(keep, merged, absorb=[gone])
    assert _load(database, [keep]) == [merged]
    assert _count(database, t.patents) == 1
    assert _count(database, t.sources) == 2


def test_delete_cascades_to_every_table(database: Database) -> None:
    _save(database, make_patent())
    with SqlPatentStore(database).unit_of_work() as uow:
        assert uow.patents.delete(parse_number("US 13/524,951"))
        assert not uow.patents.delete(parse_number("US 13/524,951"))
    for table in (t.patents, *t.PATENT_CHILD_TABLES, t.claims, t.claim_elements):
        assert _count(database, table) == 0, table.name


def test_summaries(database: Database) -> None:
    _save(database, make_patent(), make_patent("EP 3383757 B1", full=False))
    with SqlPatentStore(database).unit_of_work() as uow:
        summaries = uow.patents.summaries()
    assert [s.number.compact for s in summaries] == ["EP3383757B1", "US8930553B2"]
    us = summaries[1].to_json()
    assert us == {"number": "US8930553B2", "display": "US 8,930,553 B2",
                  "title": "Adjustable lid", "country": "US", "status": "granted",
                  "filing": "2012-06-15", "claims": 3, "sources": 1}
    assert (summaries[0].claims, summaries[0].sources, summaries[0].title) == (0, 0, None)


def test_close_matches_for_an_unknown_number(database: Database) -> None:
    _save(database, make_patent(),
          make_patent("EP 3383757 B1", full=False),
          make_patent("US 8,930,535 B1", full=False),
          make_patent("JP 8930553 B2", full=False))
    with SqlPatentStore(database).unit_of_work() as uow:
        typo = uow.patents.close_matches(parse_number("US 8930554"))
        other_country = uow.patents.close_matches(parse_number("EP 8930553"))
        nothing = uow.patents.close_matches(parse_number("US 1111111"))
        capped = uow.patents.close_matches(parse_number("US 8930554"), limit=1)
    assert typo == ["US 8,930,553 B2", "JP 8930553 B2", "US 8,930,535 B1"]
    assert other_country[:2] == ["JP 8930553 B2", "US 8,930,553 B2"]
    assert "EP 3 383 757 B1" not in other_country
    assert nothing == []
    assert capped == ["US 8,930,553 B2"]


def test_migration_matches_the_tables(database: Database) -> None:
    ours = {table.name for table in Base.metadata.sorted_tables if table.name in _OUR_TABLES}
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if _table_of(d) in ours]
    assert diffs == []


_OUR_TABLES = {table.name for table in (t.patents, *t.PATENT_CHILD_TABLES, t.claims,
                                        t.claim_elements)}


def _table_of(diff: object) -> str | None:
    """Table named by an Alembic diff: ("add_table", Table), ("add_column", schema, "t", …)…"""
    item = diff[0] if isinstance(diff, list) else diff
    assert isinstance(item, tuple)
    for part in item[1:]:
        if isinstance(part, sa.Table):
            return part.name
        if isinstance(part, str) and part in _OUR_TABLES:
            return part
        table = getattr(part, "table", None)
        if isinstance(table, sa.Table):
            return table.name
    return None


def test_patent_number_equality_is_exact() -> None:
    # Guard for the round-trip tests: kind and type take part in equality.
    assert PatentNumber(country="US", number="1", kind="B1") != PatentNumber(
        country="US", number="1", kind="B1", type=NumberType.GRANT
    )


# Every field of the record has a column; a new domain field must be added to the
# tables, the migration, patent_rows.py and tests/factories.py (then update this list).
_STORED_FIELDS = {
    "Patent": "number numbers titles lang dates parties classifications priorities family "
              "claim_sets abstracts status term sources citations",
    "Citation": "number country kind source category text npl",
    "PatentNumber": "country number kind type",
    "Party": "role name name_latin country address office_code sequence",
    "Classification": "scheme code version inventive",
    "PatentDates": "filing priority publication grant",
    "PriorityClaim": "country number date kind",
    "FamilyLink": "relation number date",
    "TermFacts": "examination_request pta_days terminal_disclaimer earliest_us_nonprovisional "
                 "delay_extension_days regulatory_extension_days office_expiry lapse_date",
    "LocalText": "lang text",
    "ClaimSet": "lang basis claims source as_of",
    "SourceRef": "file sha256 format document recovered warnings date",
    "Claim": "number lang text independent depends_on category elements",
    "ClaimElement": "id text kind",
}


@pytest.mark.parametrize("name", sorted(_STORED_FIELDS))
def test_every_domain_field_is_stored(name: str) -> None:
    import dataclasses

    from kizuna.domain import citations, claims, ids
    from kizuna.domain import patent as patent_module

    cls = next(getattr(m, name) for m in (patent_module, claims, ids, citations)
               if hasattr(m, name))
    assert {f.name for f in dataclasses.fields(cls)} == set(_STORED_FIELDS[name].split())
