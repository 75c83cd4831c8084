"""Company services on the real sample set and the real sample patents."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.storage.companies import SqlCompanyRepository
from kizuna.adapters.storage.db import Database
from kizuna.domain.company import Company
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.companies import (
    company_detail,
    get_company,
    import_companies,
    list_companies,
    patent_company_links,
    resolve_company,
)
from kizuna.services.ingest import ingest_paths

DATA = Path(__file__).resolve().parents[1] / "data"
COMPANIES = DATA / "companies"


@pytest.fixture
def loaded(database: Database) -> Database:
    report = import_companies(database, COMPANIES / "companies.csv")
    assert (report.imported, report.failed, report.warnings) == (19, [], [])
    return database


def test_reimport_is_idempotent(loaded: Database) -> None:
    again = import_companies(loaded, COMPANIES / "companies.csv")
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 19)
    twin = import_companies(loaded, COMPANIES / "companies.jsonl")
    assert (twin.imported, twin.updated, twin.unchanged, twin.failed) == (0, 0, 5, [])
    assert len(list_companies(loaded)) == 19


def test_excel_file_updates_by_corporate_number_and_name(loaded: Database) -> None:
    report = import_companies(loaded, COMPANIES / "shift-jis-excel.csv")
    assert (report.imported, report.unchanged, report.failed) == (0, 2, [])
    yaskawa = get_company(loaded, "株式会社安川電機")
    assert yaskawa.former_names == ("株式会社安川電機製作所",)  # a missing column never erases
    assert yaskawa.products == ("AC servo drives", "inverters", "industrial robots")
    assert len(list_companies(loaded)) == 19


def test_parent_is_resolved(loaded: Database) -> None:
    dwango = get_company(loaded, "ドワンゴ")
    kadokawa = get_company(loaded, "KADOKAWA")
    assert dwango.parent_id == kadokawa.id
    assert company_detail(loaded, "ドワンゴ").to_json()["parent_company"]["id"] == kadokawa.id


def test_bad_rows_are_reported_and_valid_rows_stored(database: Database) -> None:
    report = import_companies(database, COMPANIES / "bad-rows.csv")
    assert [f.line for f in report.failed] == [3, 4, 5, 6, 7, 8, 10]
    assert "duplicate name" in report.failed[4].error and "line 2" in report.failed[4].error
    assert report.imported == 2
    names = {c.name_ja for c in list_companies(database)}
    assert names == {"キヤノン株式会社", "AGC株式会社"}


def test_clash_with_stored_companies_is_refused(loaded: Database) -> None:
    report = import_companies(loaded, COMPANIES / "clash.csv")
    assert report.imported == report.updated == 0
    assert "clashes" in report.failed[0].error
    assert get_company(loaded, "1180301018771").name_ja == "トヨタ自動車株式会社"


def test_import_is_atomic(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    original = SqlCompanyRepository.add

    def failing_add(self: SqlCompanyRepository, company: Company) -> int:
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return original(self, company)

    monkeypatch.setattr(SqlCompanyRepository, "add", failing_add)
    with pytest.raises(RuntimeError):
        import_companies(database, COMPANIES / "companies.csv")
    assert list_companies(database) == []


@pytest.mark.parametrize(
    "query",
    ["(株)トヨタ自動車", "TOYOTA MOTOR CORP", "ﾄﾖﾀ", "とよたじどうしゃ", "1180301018771",
     "TOYOTA JIDOSHA KABUSHIKI KAISHA", "ＴＯＹＯＴＡ　ＭＯＴＯＲ"],
)
def test_toyota_in_every_form(loaded: Database, query: str) -> None:
    resolution = resolve_company(loaded, query)
    assert resolution.match is not None
    assert resolution.match.corporate_number == "1180301018771"


def test_former_name_resolves(loaded: Database) -> None:
    resolution = resolve_company(loaded, "旭硝子(株)")
    assert resolution.match is not None and resolution.match.name_en == "AGC Inc."
    assert resolution.candidates[0].rule == "exact:former_name"


def test_ambiguous_name_is_not_merged(loaded: Database) -> None:
    resolution = resolve_company(loaded, "日立")
    assert resolution.match is None
    assert resolution.status == "ambiguous"
    shown = {c.company.name_en for c in resolution.candidates}
    assert {"Hitachi, Ltd.", "Hitachi-Johnson Controls Air Conditioning, Inc."} <= shown
    with pytest.raises(NotFoundError):
        get_company(loaded, "日立")


def test_resolution_json_shape(loaded: Database) -> None:
    data = resolve_company(loaded, "(株)トヨタ自動車").to_json()
    assert set(data) == {"query", "match", "score", "status", "candidates"}
    assert set(data["match"]) == {"id", "name_ja", "name_en", "corporate_number"}
    assert set(data["candidates"][0]) == {
        "id", "name_ja", "name_en", "corporate_number", "score", "matched_name", "rule"}
    assert data["score"] == 1.0


def test_get_company_errors(loaded: Database) -> None:
    with pytest.raises(NotFoundError):
        get_company(loaded, "999")
    with pytest.raises(NotFoundError):
        get_company(loaded, "Nonexistent Widgets GmbH")
    with pytest.raises(InvalidValueError):
        resolve_company(loaded, "  ")


def test_links_on_the_real_sample_patents(loaded: Database) -> None:
    report = ingest_paths(paths=[DATA / "epo", DATA / "uspto", DATA / "jpo"], database=loaded)
    assert report.ingested > 0
    links = {(link.patent, link.role): link for link in patent_company_links(loaded)}
    by_id = {c.id: c.name_ja for c in list_companies(loaded)}
    expected = {
        ("EP0449582B1", "assignee"): "キヤノン株式会社",  # CANON KABUSHIKI KAISHA
        ("EP2007181A2", "applicant"): "株式会社安川電機",  # KABUSHIKI KAISHA YASKAWA DENKI
        ("EP1325900A1", "applicant"): "AGC株式会社",  # ASAHI GLASS COMPANY LTD. (former name)
        ("EP3882239A1", "applicant"): "日本新薬株式会社",
        ("US8927118B2", "assignee"): "出光興産株式会社",
        ("JP7533889B2", "applicant"): "メイショウ株式会社",
    }
    for key, name in expected.items():
        assert by_id[links[key].company_id] == name
    # foreign applicants with no company in the set stay unlinked
    assert not any(link.party_name.startswith("Microsoft") for link in links.values())
    detail = company_detail(loaded, "キヤノン").to_json()
    assert [p["patent"] for p in detail["patents"]] == ["EP0449582B1"]
    assert detail["exposure"]["level"] == "domestic"


def test_reimport_of_bad_rows_never_erases(loaded: Database) -> None:
    before = get_company(loaded, "キヤノン株式会社")
    report = import_companies(loaded, COMPANIES / "bad-rows.csv")
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 2)
    assert get_company(loaded, "キヤノン株式会社") == before
    assert before.aliases == ("Canon Kabushiki Kaisha",)
    assert before.former_names == ("キヤノンカメラ株式会社",)
    assert before.urls == ("https://global.canon/",)
    assert before.jsic == ("2711", "2752")
    assert len(before.products) == 3


def test_merge_replaces_adds_and_keeps(loaded: Database, tmp_path: Path) -> None:
    header = (COMPANIES / "companies.csv").read_text(encoding="utf-8").splitlines()[0]
    update = tmp_path / "update.csv"
    update.write_text(header + "\n"
                      "株式会社ドワンゴ,DWANGO Co. Ltd.,,ニコニコ,,,,,5,JPY,2025-03-31,,,,\n",
                      encoding="utf-8")
    dry = import_companies(loaded, update, dry_run=True)
    assert dry.dry_run and dry.updated == 1
    assert [c.field for c in dry.changes[0].changes] == ["name_en", "aliases", "japan_revenue"]
    assert get_company(loaded, "ドワンゴ").japan_revenue is None  # rolled back
    report = import_companies(loaded, update)
    dwango = get_company(loaded, "ドワンゴ")
    kadokawa = get_company(loaded, "KADOKAWA")
    assert report.updated == 1
    assert dwango.name_en == "DWANGO Co. Ltd."  # replaced
    assert dwango.aliases == ("ニコニコ", "DWANGO Co., Ltd.")  # added; old name kept as alias
    assert dwango.products == ("niconico video-sharing service",)  # kept
    assert dwango.jsic == ("4011",) and dwango.parent_id == kadokawa.id  # kept
    assert dwango.japan_revenue is not None and str(dwango.japan_revenue.amount) == "5"
