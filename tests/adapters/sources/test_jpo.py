"""JPO readers against the real documents of 特願2020-123456 (特許7533889)."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

import kizuna.adapters.sources.jpo as jpo
from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.jpo import JSON_READER, XML_READER, parse_document
from kizuna.adapters.sources.xml import parse_bytes
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.domain.patent import (
    ClaimsBasis,
    FamilyRelation,
    PartyRole,
    Patent,
    PatentStatus,
    merge,
)
from kizuna.errors import EncodingError, SourceError, UnsupportedFormatError

DATA = Path(__file__).parents[2] / "data" / "jpo"
AMENDMENT = DATA / "2020123456-A523-amendment.xml"
OPINION = DATA / "2020123456-A53-written-opinion.xml"
NOTICE = DATA / "2020123456-notice-of-refusal.xml"
PROGRESS = DATA / "2020123456-progress.json"
APPLICATION = PatentNumber(country="JP", number="2020123456", type=NumberType.APPLICATION)
CLAIM_1_START = "金型のキャビティ内に溶融樹脂を射出することにより所定の配線パターン"


def read_one(reader: object, path: Path, data: bytes | None = None) -> Patent:
    results = list(reader.read(FileInput(path=path, data=data)))  # type: ignore[attr-defined]
    assert len(results) == 1
    assert isinstance(results[0], Patent), results[0]
    return results[0]


def isort_key(name: str) -> tuple[int, str]:
    """ruff RUF022 order: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_exports_are_sorted_and_complete():
    assert jpo.__all__ == sorted(jpo.__all__, key=isort_key)
    skip = {"annotations", "TYPE_CHECKING"}
    public = {n for n in vars(jpo) if not n.startswith("_") and n not in skip}
    modules = {"citations", "mapping", "parse", "progress", "read"}
    assert public - modules == set(jpo.__all__)


# --- XML: raw claims (independent of build_claims) ---------------------------


def test_amendment_raw_claims_are_faithful():
    doc = parse_document(parse_bytes(AMENDMENT.read_bytes(), AMENDMENT.name), name=AMENDMENT.name)
    assert doc.document_code == "A523"
    assert doc.document_name == "手続補正書"
    assert doc.application_number == "2020123456"
    assert doc.claims_complete
    assert [c.number for c in doc.claims] == [1, 2, 3, 4, 5]
    first = doc.claims[0]
    assert first.lang == "ja"
    assert first.text.startswith(CLAIM_1_START)  # leading full-width space stripped
    # <br/> becomes the only line break; <u> marks dropped, their text kept
    assert first.text.count("\n") == 1
    assert first.segments[0].endswith("立体配線構造体の製造方法であって、")
    assert first.segments[1] == (
        "前記ベース基材成形工程が、前記ベース基材（１）に、前記配線溝（２）を形成すると同時に、"
        "前記配線溝（２）を貫通するリードフレーム（４４）を取り付けるインサート成形を行う工程を含む"
        "ことを特徴する立体配線構造体の製造方法。"
    )
    assert "<u>" not in first.text and "\u3000" not in first.text
    assert doc.claims[2].text == (
        "ベース基材成形工程に、交差する一方の配線溝（２ａ）と他方の配線溝（２ｂ）の凹設寸法に差を"
        "設ける工程が含まれる請求項１又は２に記載の立体配線構造体の製造方法。"
    )
    assert doc.claims[2].segments == ()


def test_amended_title_keeps_underlined_text():
    doc = parse_document(parse_bytes(AMENDMENT.read_bytes(), AMENDMENT.name), name=AMENDMENT.name)
    assert doc.title == "立体配線構造体の製造方法"  # <u>体の製</u> kept
    assert doc.dispatch_number == "084096"  # the notice this amendment answers
    assert doc.document_date is None  # an amendment's XML states no date


# --- XML readers: Patent records ----------------------------------------------


def test_amendment_patent():
    patent = read_one(XML_READER, AMENDMENT)
    assert patent.number == APPLICATION
    assert patent.number.display == "特願2020-123456"
    assert patent.numbers == (APPLICATION,)
    assert patent.lang == "ja"
    assert patent.title == "立体配線構造体の製造方法"
    applicants = [p for p in patent.parties if p.role is PartyRole.APPLICANT]
    agents = [p for p in patent.parties if p.role is PartyRole.AGENT]
    assert [(p.name, p.office_code) for p in applicants] == [("メイショウ株式会社", "000114400")]
    assert [(p.name, p.office_code) for p in agents] == [("渡辺　一成", "100165607")]
    (ref,) = patent.sources
    assert ref.file == AMENDMENT.name
    assert ref.format == "jpo-xml"
    assert ref.document == "A523"
    assert ref.sha256 == hashlib.sha256(AMENDMENT.read_bytes()).hexdigest()


def test_amendment_claim_set_built():
    """Needs kizuna.domain.claim_parsing (build_claims)."""
    patent = read_one(XML_READER, AMENDMENT)
    (claim_set,) = patent.claim_sets
    assert claim_set.lang == "ja"
    assert claim_set.basis is ClaimsBasis.AMENDED
    assert claim_set.source == AMENDMENT.name
    assert claim_set.as_of is None  # the XML has no date; the progress record has 2024-04-24
    claims = claim_set.claims
    assert len(claims) == 5
    assert claims[0].text.startswith(CLAIM_1_START)
    assert claims[0].independent
    assert claims[1].depends_on == (1,)
    assert claims[2].depends_on == (1, 2)
    assert claims[4].depends_on == (1, 2, 3, 4)


def test_written_opinion_is_a_record_without_claims():
    patent = read_one(XML_READER, OPINION)
    assert patent.number == APPLICATION
    assert patent.claim_sets == ()
    assert patent.sources[0].document == "A53"
    assert {(p.role, p.office_code) for p in patent.parties} == {
        (PartyRole.APPLICANT, "000114400"),
        (PartyRole.AGENT, "100165607"),
    }


def test_notice_of_refusal_carries_its_drafting_date():
    patent = read_one(XML_READER, NOTICE)
    assert patent.number == APPLICATION
    assert patent.claim_sets == ()
    (ref,) = patent.sources
    assert ref.document == "A131"
    assert ref.date == date(2024, 2, 20)  # 起案日
    assert [(p.role, p.name) for p in patent.parties] == [(PartyRole.AGENT, "渡辺　一成")]


def test_sniff():
    for path in (AMENDMENT, OPINION, NOTICE):
        head = path.read_bytes()[:4096]
        assert XML_READER.sniff(path, head)
        assert not JSON_READER.sniff(path, head)
    head = PROGRESS.read_bytes()[:4096]
    assert JSON_READER.sniff(PROGRESS, head)
    assert not XML_READER.sniff(PROGRESS, head)


# --- encodings -------------------------------------------------------------------


def _redeclared(encoding_name: str | None, codec: str = "cp932") -> bytes:
    text = AMENDMENT.read_bytes().decode("cp932")
    if encoding_name is None:
        text = text.split("\n", 1)[1]  # drop the XML declaration
    else:
        text = text.replace('encoding="Shift_JIS"', f'encoding="{encoding_name}"')
    return text.encode(codec)


def test_shift_jis_declared_as_utf8_is_named():
    with pytest.raises(EncodingError) as info:
        read_one(XML_READER, AMENDMENT, _redeclared("UTF-8"))
    message = str(info.value)
    assert message.startswith(f"{AMENDMENT.name}: ")
    assert "declares UTF-8" in message
    assert "look like Shift_JIS" in message


def test_undeclared_shift_jis_is_named():
    with pytest.raises(EncodingError, match=r"no encoding declaration.*look like Shift_JIS"):
        read_one(XML_READER, AMENDMENT, _redeclared(None))


def test_euc_jp_declared_as_utf8_is_named():
    with pytest.raises(EncodingError, match="look like EUC-JP"):
        read_one(XML_READER, AMENDMENT, _redeclared("UTF-8", codec="euc_jp"))


def test_euc_jp_declared_as_shift_jis_is_named():
    with pytest.raises(EncodingError, match=r"declares Shift_JIS.*look like EUC-JP"):
        read_one(XML_READER, AMENDMENT, _redeclared("Shift_JIS", codec="euc_jp"))


def test_windows_31j_characters_in_shift_jis_are_read_with_a_warning():
    original = AMENDMENT.read_bytes().decode("cp932")
    text = original.replace("メイショウ株式会社", "メイショウ株式会社①")
    patent = read_one(XML_READER, AMENDMENT, text.encode("cp932"))
    assert patent.parties[0].name == "メイショウ株式会社①"
    assert patent.sources[0].recovered
    assert "cp932" in patent.sources[0].warnings[0]


def test_real_utf8_file_reads():
    data = AMENDMENT.read_bytes().decode("cp932").replace(
        'encoding="Shift_JIS"', 'encoding="UTF-8"'
    ).encode("utf-8")
    assert read_one(XML_READER, AMENDMENT, data).title == "立体配線構造体の製造方法"


# --- progress JSON ----------------------------------------------------------------


def test_progress_numbers_and_dates():
    patent = read_one(JSON_READER, PROGRESS)
    assert patent.number.compact == "JP7533889B2"
    assert [n.compact for n in patent.numbers] == ["JP2020123456", "JP2021090037A", "JP7533889B2"]
    assert patent.number_of(NumberType.APPLICATION) == APPLICATION
    assert patent.number_of(NumberType.PUBLICATION).display_ja == "特開2021-090037"
    assert patent.title == "立体配線構造体の製造方法"
    assert patent.dates.filing == date(2020, 7, 20)
    assert patent.dates.publication == date(2021, 6, 10)
    assert patent.dates.grant == date(2024, 8, 5)
    assert patent.dates.priority == date(2019, 11, 21)
    assert patent.status is PatentStatus.GRANTED
    assert patent.sources[0].format == "jpo-json"


def test_progress_priority_parties_and_term():
    patent = read_one(JSON_READER, PROGRESS)
    (priority,) = patent.priorities
    assert (priority.country, priority.number, priority.date, priority.kind) == (
        "JP", "2019210418", date(2019, 11, 21), "domestic"
    )
    assert [(p.role, p.name, p.office_code) for p in patent.parties] == [
        (PartyRole.APPLICANT, "メイショウ株式会社", "000114400"),
        (PartyRole.AGENT, "渡辺　一豊", "100076598"),
        (PartyRole.AGENT, "渡辺　一成", "100165607"),
        (PartyRole.AGENT, "森合　透", "100196690"),
    ]
    assert patent.term.examination_request == date(2023, 4, 19)  # A621 出願審査請求書
    assert patent.term.office_expiry == date(2040, 7, 20)
    assert patent.term.lapse_date is None
    assert patent.family == ()


def _variant(change: dict[str, object]) -> bytes:
    payload = json.loads(PROGRESS.read_text(encoding="utf-8"))
    data = copy.deepcopy(payload)
    data["result"]["data"].update(change)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_progress_without_publication_is_b1():
    variant = _variant({"ADPublicationNumber": "", "publicationDate": ""})
    patent = read_one(JSON_READER, PROGRESS, variant)
    assert patent.number.compact == "JP7533889B1"
    assert patent.dates.publication is None


def test_progress_lapsed_and_expired():
    lapsed = read_one(JSON_READER, PROGRESS, _variant({"disappearanceDate": "20270805"}))
    assert lapsed.status is PatentStatus.LAPSED
    assert lapsed.term.lapse_date == date(2027, 8, 5)
    expired = read_one(JSON_READER, PROGRESS, _variant({"disappearanceDate": "20400720"}))
    assert expired.status is PatentStatus.EXPIRED
    pending = read_one(
        JSON_READER, PROGRESS, _variant({"registrationNumber": "", "registrationDate": ""})
    )
    assert pending.status is PatentStatus.PENDING
    assert pending.number.compact == "JP2021090037A"


def test_progress_paris_priority_and_parent():
    patent = read_one(JSON_READER, PROGRESS, _variant({
        "priorityRightInformation": [{
            "parisPriorityApplicationNumber": "62/938,123",
            "parisPriorityDate": "20191101",
            "parisPriorityCountryCd": "US",
        }],
        "parentApplicationInformation": {
            "parentApplicationNumber": "2019210418", "filingDate": "20191121",
        },
    }))
    (priority,) = patent.priorities
    assert (priority.country, priority.kind, priority.date) == ("US", "paris", date(2019, 11, 1))
    assert patent.dates.priority == date(2019, 11, 1)
    (link,) = patent.family
    assert link.relation is FamilyRelation.DIVISION
    assert link.number.compact == "JP2019210418"
    assert link.date == date(2019, 11, 21)


def test_progress_error_status_is_refused():
    data = json.dumps({"result": {"statusCode": "107", "errorMessage": "", "data": {}}}).encode()
    with pytest.raises(UnsupportedFormatError, match="statusCode 107") as info:
        read_one(JSON_READER, PROGRESS, data)
    assert str(info.value).startswith(f"{PROGRESS.name}: ")


def test_json_without_application_number_is_refused():
    with pytest.raises(SourceError, match="no applicationNumber"):
        read_one(JSON_READER, PROGRESS, _variant({"applicationNumber": ""}))
    with pytest.raises(SourceError, match="not a JPO progress record"):
        read_one(JSON_READER, PROGRESS, b'{"hello": "world"}')


def test_progress_bad_date_is_named():
    with pytest.raises(SourceError, match="filingDate"):
        read_one(JSON_READER, PROGRESS, _variant({"filingDate": "2020-13-45"}))


def test_shift_jis_json_is_named():
    data = PROGRESS.read_text(encoding="utf-8").encode("cp932")
    with pytest.raises(EncodingError, match="look like Shift_JIS"):
        read_one(JSON_READER, PROGRESS, data)


def test_progress_and_amendment_merge_into_one_patent():
    """Needs build_claims: the amendment's claims join the progress record."""
    merged = merge(read_one(JSON_READER, PROGRESS), read_one(XML_READER, AMENDMENT))
    assert merged.number.compact == "JP7533889B2"
    assert len(merged.claims) == 5
    assert merged.term.office_expiry == date(2040, 7, 20)
