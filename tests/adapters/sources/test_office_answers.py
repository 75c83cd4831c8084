"""Readers of the answers kizuna fetch saves: EPO OPS exchange XML and USPTO ODP JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.epo_ops import READER as OPS_READER
from kizuna.adapters.sources.registry import HEAD_BYTES, default_readers, detect
from kizuna.adapters.sources.uspto_odp import READER as ODP_READER
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.domain.patent import (
    ClaimsBasis,
    ClassificationScheme,
    FamilyRelation,
    PartyRole,
    Patent,
    PatentStatus,
)
from kizuna.errors import MalformedDocumentError, SourceError, UnsupportedFormatError

FETCH = Path(__file__).parents[2] / "data" / "fetch"
BIBLIO = FETCH / "ops-biblio-EP3404678B1.xml"
CLAIMS = FETCH / "ops-claims-EP3404678B1.xml"
ODP = FETCH / "odp-application-14104993.json"


def read(reader: object, path: Path, data: bytes | None = None) -> list[Patent | SourceError]:
    return list(reader.read(FileInput(path=path, data=data)))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("path", "fmt"), [
    (BIBLIO, "ops-xml"), (CLAIMS, "ops-xml"), (ODP, "odp-json"),
    (FETCH / "jpo-app-progress-2020123456.json", "jpo-json"),
])
def test_saved_answers_are_recognised_by_ingest(path: Path, fmt: str) -> None:
    head = path.read_bytes()[:HEAD_BYTES]
    assert detect(path, head, default_readers()).format == fmt


def test_ops_biblio_maps_numbers_dates_parties_and_classes() -> None:
    (patent,) = read(OPS_READER, BIBLIO)
    assert isinstance(patent, Patent)
    assert patent.number == PatentNumber(country="EP", number="3404678", kind="B1",
                                         type=NumberType.GRANT)
    assert PatentNumber(country="EP", number="17171508",
                        type=NumberType.APPLICATION) in patent.numbers
    assert patent.status is PatentStatus.GRANTED
    assert (patent.dates.filing, patent.dates.grant) == (date(2017, 5, 17), date(2021, 6, 30))
    assert patent.priorities == ()  # the first filing's own number is not a priority
    titles = {t.lang: t.text for t in patent.titles}
    assert titles["en"] == "HIGH VOLTAGE ASSEMBLY AND METHOD TO OPERATE THE HIGH VOLTAGE ASSEMBLY"
    assert set(titles) == {"de", "en", "fr"}
    names = [(p.role, p.name) for p in patent.parties]
    assert names == [(PartyRole.APPLICANT, "General Electric Technology GmbH"),
                     (PartyRole.INVENTOR, "HARTHUM, Jörg"), (PartyRole.INVENTOR, "STIRL, Tobias")]
    assert [(c.scheme, c.code) for c in patent.classifications] == [
        (ClassificationScheme.IPC, "H01F 27/14"), (ClassificationScheme.IPC, "H01F 27/40")]
    assert patent.sources[0].format == "ops-xml"


def test_ops_claims_split_the_text_only_paragraphs_into_numbered_claims() -> None:
    (patent,) = read(OPS_READER, CLAIMS)
    assert isinstance(patent, Patent)
    (claim_set,) = patent.claim_sets
    assert (claim_set.lang, claim_set.basis) == ("en", ClaimsBasis.GRANTED)
    claims = claim_set.claims
    assert len(claims) == 12
    assert claims[0].text.startswith("A high voltage assembly (2) comprising: - a sealed")
    assert claims[0].independent and len(claims[0].elements) > 3
    assert claims[1].depends_on == (1,)
    assert claims[2].depends_on == (1, 2)


def test_ops_answer_that_is_neither_biblio_nor_claims_is_refused() -> None:
    data = (b'<ops:world-patent-data xmlns:ops="http://ops.epo.org">'
            b'<ops:fulltext-inquiry/></ops:world-patent-data>')
    with pytest.raises(UnsupportedFormatError, match="neither exchange-documents"):
        read(OPS_READER, Path("x.xml"), data)


def test_ops_document_not_found_inside_an_answer_is_reported() -> None:
    data = BIBLIO.read_bytes().replace(b'kind="B1">', b'kind="B1" status="not found">', 1)
    with pytest.raises(MalformedDocumentError, match="OPS says 'not found' for 3404678"):
        read(OPS_READER, BIBLIO, data)


def test_odp_record_maps_numbers_status_family_and_priority() -> None:
    (patent,) = read(ODP_READER, ODP)
    assert isinstance(patent, Patent)
    assert patent.number == PatentNumber(country="US", number="9362380", kind="B2",
                                         type=NumberType.GRANT)
    assert {n.compact for n in patent.numbers} == {"US14104993", "US20140167116A1",
                                                  "US9362380B2"}
    assert patent.status is PatentStatus.GRANTED
    assert (patent.dates.filing, patent.dates.grant) == (date(2012, 12, 19), date(2016, 6, 7))
    assert patent.titles[0].text == "HETEROJUNCTION BIPOLAR TRANSISTOR"
    assert [(p.role, p.name) for p in patent.parties] == [
        (PartyRole.APPLICANT, "STMicroelectronics S.A."), (PartyRole.INVENTOR, "Pascal Chevalier")]
    assert patent.classifications[0].code == "H01L 29/66325"
    assert patent.classifications[-1].scheme is ClassificationScheme.USPC
    assert patent.classifications[-1].code == "257/197"
    (child,) = patent.family
    assert (child.relation, child.number.compact) == (FamilyRelation.PARENT_OF, "US14853719")
    (priority,) = patent.priorities
    assert (priority.country, priority.number, priority.date) == ("FR", "1262321",
                                                                 date(2012, 12, 19))
    assert patent.claim_sets == ()
    assert "no claim text" in patent.sources[0].warnings[0]


@pytest.mark.parametrize(("text", "status"), [
    ("Patent Expired Due to NonPayment of Maintenance Fees Under 37 CFR 1.362", "lapsed"),
    ("Abandoned  --  Failure to Respond to an Office Action", "lapsed"),
    ("Docketed New Case - Ready for Examination", "pending"),
])
def test_odp_status_text(text: str, status: str) -> None:
    payload = json.loads(ODP.read_bytes())
    meta = payload["patentFileWrapperDataBag"][0]["applicationMetaData"]
    meta["applicationStatusDescriptionText"] = text
    if status == "pending":
        del meta["patentNumber"]
    (patent,) = read(ODP_READER, ODP, json.dumps(payload).encode())
    assert isinstance(patent, Patent)
    assert patent.status.value == status


def test_odp_bad_date_names_the_record_and_field() -> None:
    payload = json.loads(ODP.read_bytes())
    payload["patentFileWrapperDataBag"][0]["applicationMetaData"]["filingDate"] = "19/12/2012"
    with pytest.raises(MalformedDocumentError,
                       match=r"odp-application-14104993.json: ODP record 1 field "
                             r"applicationMetaData.filingDate"):
        read(ODP_READER, ODP, json.dumps(payload).encode())


def test_odp_empty_bag_is_refused() -> None:
    with pytest.raises(MalformedDocumentError, match="holds no application"):
        read(ODP_READER, ODP, b'{"count": 0, "patentFileWrapperDataBag": []}')
