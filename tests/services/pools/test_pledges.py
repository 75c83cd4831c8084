"""Pledges and FRAND commitments: recorded with their source, enforced in deals, named in the
brief, shown with the patent. Runs on SQLite and (with KIZUNA_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.accounts.audit import Actor, events
from kizuna.services.deals import model_deal_file
from kizuna.services.documents import brief_document
from kizuna.services.pools.pledges import (
    add_commitment,
    list_commitments,
    remove_commitment,
)
from kizuna.services.royalty_views import deal_json
from tests.services.campaign_support import ingest_samples, sample_campaign

ROOT = Path(__file__).resolve().parents[3]
WHO = Actor("admin", "cli")
OCL = "https://opencovidpledge.org/ (Open COVID License 1.0, 2020-03-31)"


def _frand(database: Database) -> None:
    add_commitment(
        database, patent="特許第7533889号", kind="frand", name="IPR licensing declaration",
        sdo="ETSI", standard="TS 38.213 (example)", source="ETSI IPR database, declaration 1",
        source_date=date(2021, 6, 1), actor=WHO,
    )  # fmt: skip


def _pledge(database: Database, *, beneficiaries: str, field: str) -> None:
    add_commitment(
        database, patent="JP7533889B2", kind="pledge", name="Open COVID Pledge",
        scope="royalty-free licence for ending the COVID-19 pandemic", field=field,
        beneficiaries=beneficiaries, starts=date(2019, 12, 1), source=OCL,
        source_date=date(2020, 3, 31), actor=WHO,
    )  # fmt: skip


def test_commitments_are_recorded_listed_removed_and_audited(database: Database) -> None:
    ingest_samples(database)
    _frand(database)
    items = list_commitments(database, "JP7533889B2")
    assert [(i.kind, i.sdo, i.source_date) for i in items] == [("frand", "ETSI", date(2021, 6, 1))]
    assert items[0].id is not None
    remove_commitment(database, items[0].id, actor=WHO)
    assert list_commitments(database) == []
    assert [e.action for e in events(database, action="frand.")] == ["frand.remove", "frand.add"]
    with pytest.raises(NotFoundError, match="commitment 99 not found"):
        remove_commitment(database, 99, actor=WHO)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": " "}, "--source is required"),
        ({"source_date": None}, "--source-date is required"),
        ({"kind": "frand", "sdo": ""}, "--sdo is required"),
        ({"beneficiaries": ""}, "--beneficiaries is required for a pledge"),
        ({"kind": "promise"}, "--kind 'promise'"),
        ({"patent": "JP9990001B2"}, "JP9990001"),
    ],
)
def test_a_bad_commitment_is_refused(database: Database, changes: dict, message: str) -> None:
    ingest_samples(database)
    given = {
        "patent": "JP7533889B2", "kind": "pledge", "name": "Pledge", "source": OCL,
        "source_date": date(2020, 3, 31), "beneficiaries": "anyone", "sdo": "ETSI",
        "standard": "5G", **changes,
    }  # fmt: skip
    with pytest.raises((InvalidValueError, NotFoundError), match=message):
        add_commitment(database, actor=WHO, **given)
    assert list_commitments(database) == []


def _deal(tmp_path: Path) -> Path:
    text = (ROOT / "examples" / "deal-pilot.toml").read_text(encoding="utf-8")
    path = tmp_path / "deal.toml"
    path.write_text(text.replace("[deal]\n", '[deal]\npatents = ["特許第7533889号"]\n', 1),
                    encoding="utf-8")  # fmt: skip
    return path


def test_a_deal_on_a_frand_patent_states_it_and_flags_different_rates(
    database: Database, tmp_path: Path
) -> None:
    ingest_samples(database)
    _frand(database)
    report = model_deal_file(path=_deal(tmp_path), database=database)
    found = deal_json(report)["commitments"]
    assert [f["severity"] for f in found] == ["state", "flag"]
    assert "FRAND-committed: IPR licensing declaration, ETSI TS 38.213" in found[0]["message"]
    assert "ETSI IPR database, declaration 1, 2021-06-01" in found[0]["message"]
    assert "Sakura Devices KK 2.5%" in found[1]["message"]
    assert "Fuji Robotics KK 3%" in found[1]["message"]
    assert model_deal_file(path=_deal(tmp_path)).commitments == ()  # no database: no check


def test_a_deal_in_a_pledged_field_with_a_licensee_who_may_rely_is_refused(
    database: Database, tmp_path: Path
) -> None:
    ingest_samples(database)
    _pledge(database, beneficiaries="Fuji Robotics KK", field="industrial robots")
    with pytest.raises(InvalidValueError, match=r"deal\.toml: refused: Fuji Robotics KK may rely"):
        model_deal_file(path=_deal(tmp_path), database=database)


def test_a_pledge_outside_the_deal_field_is_no_finding(database: Database, tmp_path: Path) -> None:
    ingest_samples(database)
    _pledge(database, beneficiaries="anyone", field="COVID-19 diagnosis")
    assert model_deal_file(path=_deal(tmp_path), database=database).commitments == ()


def test_the_brief_names_the_frand_commitment_and_the_pledge(database: Database) -> None:
    campaign = sample_campaign(database)
    assert campaign.id is not None
    _frand(database)
    _pledge(database, beneficiaries="anyone", field="COVID-19")
    text = brief_document(database, campaign.id, lang="both").text()
    assert "FRAND宣言の対象です" in text and "is FRAND-committed" in text
    assert "source: ETSI IPR database, declaration 1, 2021-06-01" in text
    assert "権利不行使の誓約" in text and "non-assertion pledge: Open COVID Pledge" in text
