"""USPTO XML reader: every DTD vintage, bulk files, broken and hostile input."""

from __future__ import annotations

import hashlib
import io
import time
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

import kizuna.adapters.sources.uspto_xml as uspto_xml
from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.uspto_xml import READER, split_documents
from kizuna.adapters.sources.uspto_xml.claims import raw_claims, strip_claim_number
from kizuna.adapters.sources.uspto_xml.mapping import (
    ipc_symbol,
    parse_date,
    us_application_number,
    us_document_number,
    uspc_symbol,
)
from kizuna.adapters.sources.xml import parse_bytes
from kizuna.domain.ids import NumberType
from kizuna.domain.patent import (
    ClaimsBasis,
    ClassificationScheme,
    FamilyRelation,
    PartyRole,
    Patent,
    PatentStatus,
)
from kizuna.errors import (
    EmptyFileError,
    MalformedDocumentError,
    SourceError,
    UnsupportedFormatError,
)

DATA = Path(__file__).parents[2] / "data" / "uspto"
PATENT_FILES = sorted(p.name for p in DATA.glob("US*.xml"))


def read_one(name: str) -> Patent:
    results = list(READER.read(FileInput(path=DATA / name)))
    assert len(results) == 1
    patent = results[0]
    assert isinstance(patent, Patent), patent
    return patent


def first_name(patent: Patent, role: PartyRole) -> str | None:
    return next((p.name for p in patent.parties if p.role is role), None)


def first_code(patent: Patent, scheme: ClassificationScheme) -> str | None:
    return next((c.code for c in patent.classifications if c.scheme is scheme), None)


# file, number, application, filing, publication, grant, first applicant (inventor for
# pap/PATDOC), first assignee, first IPC, first CPC, first USPC, claim count,
# claim 1 start, (dependent claim, the claim it refers to), PTA days, terminal disclaimer
EXPECTED = [
    (
        "US06336130-excerpt.xml",
        "US6336130B1",
        "09413215",
        date(1999, 10, 5),
        None,
        date(2002, 1, 1),
        "Do, Thanh Van",
        "Telefonaktiebolaget LM Ericsson (publ)",
        "G06F 15/16",
        None,
        "709/202",
        22,
        "An arrangement in a network including",
        (10, 9),
        None,
        None,
    ),
    (
        "US06859910.xml",
        "US6859910B2",
        "09832323",
        date(2001, 4, 10),
        date(2001, 11, 1),
        date(2005, 2, 22),
        "Croy, John Charles",
        "Bluestreak.com",
        "G06F 15/00",
        None,
        "715/513",
        2,
        "A method of executing an electronic transaction, comprising:",
        (2, 1),
        802,
        False,
    ),
    (
        "US06970935.xml",
        "US6970935B1",
        "09703574",
        date(2000, 11, 1),
        None,
        date(2005, 11, 29),
        "Maes, Stephane H.",
        "International Business Machines Corporation",
        "G06F 15/16",
        None,
        "709/230",
        30,
        "A communication system, comprising:",
        (4, 3),
        730,
        False,
    ),
    (
        "US07272630B2.xml",
        "US7272630B2",
        "10991571",
        date(2004, 11, 18),
        date(2005, 5, 5),
        date(2007, 9, 18),
        "Douceur, John R.",
        "Microsoft Corporation",
        "G06F 15/13",
        None,
        "709/203",
        17,
        "A method implemented in a computer, the method comprising:",
        (2, 1),
        36,
        False,
    ),
    (
        "US08926509.xml",
        "US8926509B2",
        "12134151",
        date(2008, 6, 5),
        date(2009, 2, 26),
        date(2015, 1, 6),
        "Magar, Surendar",
        "Hmicro, Inc.",
        "A61B 5/00",
        "A61B 5/0205",
        "600/301",
        31,
        "A system for measuring physiological signals, comprising:",
        (3, 2),
        605,
        False,
    ),
    (
        "US08927118.xml",
        "US8927118B2",
        "13349377",
        date(2012, 1, 12),
        date(2012, 5, 3),
        date(2015, 1, 6),
        "Kato, Tomoki",
        "Idemitsu Kosan Co., Ltd.",
        "H05B 33/14",
        "C07D 493/04",
        "428/690",
        45,
        "A material for an organic electroluminescence device",
        (5, 1),
        None,
        None,
    ),
    (
        "US08930553.xml",
        "US8930553B2",
        "13648029",
        date(2012, 10, 9),
        date(2014, 4, 10),
        date(2015, 1, 6),
        "International Business Machines Corporation",
        "International Business Machines Corporation",
        "G06F 15/16",
        None,
        "709/228",
        8,
        "A system for processing mid-dialog SIP messages, the system comprising:",
        (5, 4),
        129,
        False,
    ),
    (
        "US20010000044A1.xml",
        "US20010000044A1",
        "09342866",
        date(1999, 6, 29),
        date(2001, 3, 15),
        None,
        "Lin, Wayne W",
        None,
        "G06F 17/60",
        None,
        "705/26",
        21,
        "A method of doing business over a global communications network",
        (4, 3),
        None,
        None,
    ),
    (
        "US20050004437A1.xml",
        "US20050004437A1",
        "10830857",
        date(2004, 4, 23),
        date(2005, 1, 6),
        None,
        "Kaufmann, Heiner",
        None,
        "A61B 5/00",
        None,
        "600/300",
        10,
        "A simulation device for displaying and evaluating blood sugar readings",
        (4, 3),
        None,
        None,
    ),
    (
        "US20050004974A1.xml",
        "US20050004974A1",
        "10687244",
        date(2003, 10, 16),
        date(2005, 1, 6),
        None,
        "Sharma, Naveen",
        "Xerox Corporation",
        "G06F 15/16",
        None,
        "709/202",
        21,
        "A device model agent (DMA) comprising:",
        (3, 2),
        None,
        None,
    ),
]


def test_every_sample_has_expectations() -> None:
    assert sorted(row[0] for row in EXPECTED) == PATENT_FILES


@pytest.mark.parametrize(
    (
        "name",
        "number",
        "application",
        "filing",
        "publication",
        "grant",
        "first_party",
        "assignee",
        "ipc",
        "cpc",
        "uspc",
        "claim_count",
        "claim1",
        "dependent",
        "pta",
        "td",
    ),
    EXPECTED,
)
def test_sample_values(
    name,
    number,
    application,
    filing,
    publication,
    grant,
    first_party,
    assignee,
    ipc,
    cpc,
    uspc,
    claim_count,
    claim1,
    dependent,
    pta,
    td,
) -> None:
    patent = read_one(name)
    is_grant = grant is not None
    assert patent.number.compact == number
    assert patent.number.type is (NumberType.GRANT if is_grant else NumberType.PUBLICATION)
    app = patent.number_of(NumberType.APPLICATION)
    assert app is not None and app.number == application and app.country == "US"
    assert patent.dates.filing == filing
    assert patent.dates.publication == publication
    assert patent.dates.grant == grant
    # grants and 2004+ applications name applicants; pap and PATDOC only inventors
    names = {first_name(patent, PartyRole.APPLICANT), first_name(patent, PartyRole.INVENTOR)}
    assert first_party in names, names
    assert first_name(patent, PartyRole.ASSIGNEE) == assignee
    assert first_code(patent, ClassificationScheme.IPC) == ipc
    assert first_code(patent, ClassificationScheme.CPC) == cpc
    assert first_code(patent, ClassificationScheme.USPC) == uspc
    assert patent.lang == "en" and patent.titles[0].lang == "en" and patent.title
    assert patent.abstract
    assert patent.status is (PatentStatus.GRANTED if is_grant else PatentStatus.PENDING)
    assert patent.term.pta_days == pta
    assert patent.term.terminal_disclaimer is td
    (claim_set,) = patent.claim_sets
    assert claim_set.lang == "en"
    assert claim_set.basis is (ClaimsBasis.GRANTED if is_grant else ClaimsBasis.AS_PUBLISHED)
    assert claim_set.source == name
    assert claim_set.as_of == (grant or publication)
    assert len(claim_set.claims) == claim_count
    assert claim_set.claims[0].text.startswith(claim1)
    number, parent = dependent
    claim = next(c for c in claim_set.claims if c.number == number)
    assert claim.depends_on == (parent,)
    assert claim_set.claims[0].independent


def test_source_ref_names_file_hash_format_and_kind() -> None:
    patent = read_one("US08930553.xml")
    (source,) = patent.sources
    assert source.file == "US08930553.xml"
    assert source.sha256 == hashlib.sha256((DATA / "US08930553.xml").read_bytes()).hexdigest()
    assert source.format == "uspto-xml" == READER.format
    assert source.document == "B2"
    assert not source.warnings


def test_grant_lists_its_pre_grant_publication() -> None:
    patent = read_one("US08930553.xml")
    assert [n.compact for n in patent.numbers] == ["US8930553B2", "US20140101323A1", "US13648029"]
    assert patent.number_of(NumberType.PUBLICATION).compact == "US20140101323A1"


def test_ipcr_and_cpc_flags_and_versions() -> None:
    patent = read_one("US08927118.xml")
    ipc = [c for c in patent.classifications if c.scheme is ClassificationScheme.IPC]
    assert ipc[0].code == "H05B 33/14" and ipc[0].inventive is True
    assert ipc[0].version == "20060101"
    cpc = [c for c in patent.classifications if c.scheme is ClassificationScheme.CPC]
    assert (cpc[0].code, cpc[0].inventive) == ("C07D 493/04", True)
    assert (cpc[1].code, cpc[1].inventive) == ("C07D 487/04", False)


def test_continuation_chain_sets_earliest_nonprovisional_and_priority() -> None:
    patent = read_one("US08927118.xml")
    links = [(link.relation, link.number.number, link.date) for link in patent.family]
    assert links == [
        (FamilyRelation.CONTINUATION, "13173486", date(2011, 6, 30)),
        (FamilyRelation.CONTINUATION, "12253586", date(2008, 10, 17)),
    ]
    assert patent.term.earliest_us_nonprovisional == date(2008, 10, 17)
    (priority,) = patent.priorities
    assert (priority.country, priority.number, priority.date, priority.kind) == (
        "JP",
        "2008-148514",
        date(2008, 6, 5),
        "paris",
    )
    assert patent.dates.priority == date(2008, 6, 5)


def test_division_and_provisional_links() -> None:
    division = read_one("US07272630B2.xml")
    assert [(f.relation, f.number.number, f.date) for f in division.family] == [
        (FamilyRelation.DIVISION, "09876376", date(2001, 6, 6)),
    ]
    assert division.term.earliest_us_nonprovisional == date(2001, 6, 6)
    provisional = read_one("US06859910.xml")
    (priority,) = provisional.priorities
    assert (priority.number, priority.date, priority.kind) == (
        "60195933",
        date(2000, 4, 10),
        "provisional",
    )
    assert provisional.family[0].relation is FamilyRelation.PROVISIONAL
    # a provisional is not a non-provisional filing: the term counts from the own filing
    assert provisional.term.earliest_us_nonprovisional == date(2001, 4, 10)
    assert provisional.dates.priority == date(2000, 4, 10)


def test_continuation_of_pct_application() -> None:
    patent = read_one("US20050004437A1.xml")
    (link,) = patent.family
    assert link.relation is FamilyRelation.CONTINUATION
    assert link.number.country == "WO" and link.number.type is NumberType.APPLICATION
    assert link.number.compact == "PCT/CH2002/000573"
    assert patent.term.earliest_us_nonprovisional == date(2002, 10, 21)
    assert patent.term.terminal_disclaimer is None


def test_applicant_inventors_before_2012_are_also_inventors() -> None:
    patent = read_one("US06859910.xml")
    assert [p.name for p in patent.parties if p.role is PartyRole.INVENTOR] == [
        "Croy, John Charles",
    ]
    agents = [p.name for p in patent.parties if p.role is PartyRole.AGENT]
    assert agents == ["Born, Joseph H.", "Foley Hoag LLP"]


def test_pap_abstract_drops_its_heading() -> None:
    patent = read_one("US20010000044A1.xml")
    assert patent.abstract is not None
    assert patent.abstract.startswith("A business model / process is described")
    assert "buyer's performance" in patent.abstract


# ---------------------------------------------------------------------------
# Raw claims: segments follow the XML structure (no dependency on build_claims)
# ---------------------------------------------------------------------------


def claims_of(name: str, tag: str) -> list[etree._Element]:
    root = parse_bytes((DATA / name).read_bytes(), name)
    return [e for e in root.iter() if e.tag == tag]


def test_raw_claims_2014_grant_nested_claim_text() -> None:
    raw = raw_claims(claims_of("US08930553.xml", "claim"))
    assert [c.number for c in raw] == list(range(1, 9))
    first = raw[0]
    assert first.lang == "en"
    assert first.text.startswith("A system for processing mid-dialog SIP messages")
    assert not first.text.startswith("1")
    assert (
        first.segments[0]
        == "A system for processing mid-dialog SIP messages, the system comprising:"
    )
    assert first.segments[1].startswith("an incoming message hardware processor configured")
    assert len(first.segments) == 8
    assert raw[1].text.startswith("The system according to claim 1 wherein")
    assert raw[1].segments == ()


def test_raw_claims_pap_sibling_claim_text_and_bold_numbers() -> None:
    raw = raw_claims(claims_of("US20010000044A1.xml", "claim"))
    assert len(raw) == 21
    assert raw[0].text.startswith("A method of doing business over a global")
    assert raw[0].segments[0].endswith("comprising the steps:")
    assert len(raw[0].segments) == 6
    assert raw[3].number == 4 and raw[3].text.startswith("The method of claim 3,")


def test_raw_claims_patdoc_para_and_steps() -> None:
    raw = raw_claims(claims_of("US06336130-excerpt.xml", "CLM"))
    assert len(raw) == 22
    assert raw[17].number == 18
    assert raw[17].segments[0].endswith("comprising:")
    assert len(raw[17].segments) == 4


def test_strip_claim_number_forms() -> None:
    assert strip_claim_number("1. A device") == (1, "A device")
    assert strip_claim_number("12.A method") == (12, "A method")
    assert strip_claim_number("2-5. (canceled)") == (2, "(canceled)")
    assert strip_claim_number("A device") == (None, "A device")


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


def test_number_normalisation() -> None:
    assert us_application_number("13/123,456").number == "13123456"
    assert us_application_number("123456", "13").number == "13123456"
    grant = us_document_number("08930553", "B2", grant=True)
    assert (grant.compact, grant.type) == ("US8930553B2", NumberType.GRANT)
    assert us_document_number("RE043123", "E", grant=True).compact == "USRE43123E"
    publication = us_document_number("20050004437", "A1", grant=False)
    assert (publication.compact, publication.type) == ("US20050004437A1", NumberType.PUBLICATION)


def test_classification_normalisation() -> None:
    assert ipc_symbol("G06F015/16") == "G06F 15/16"
    assert ipc_symbol("G06F 1516") == "G06F 15/16"
    assert ipc_symbol("H01L  21/56") == "H01L 21/56"
    assert uspc_symbol("709228") == "709/228"
    assert uspc_symbol("600300000") == "600/300"
    assert uspc_symbol("714  4") == "714/4"
    assert uspc_symbol("705", "026000") == "705/26"


def test_partial_dates_are_none() -> None:
    assert parse_date("20050222") == date(2005, 2, 22)
    assert parse_date("20101100") is None
    assert parse_date("") is None


# ---------------------------------------------------------------------------
# Sniffing and refusing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PATENT_FILES)
def test_sniff_recognises_every_vintage(name: str) -> None:
    path = DATA / name
    assert READER.sniff(path, path.read_bytes()[:4096])


def test_sniff_rejects_cpc_scheme() -> None:
    path = DATA / "cpc-scheme-A01L.xml"
    assert not READER.sniff(path, path.read_bytes()[:4096])


def test_reading_cpc_scheme_is_refused_with_reason() -> None:
    with pytest.raises(UnsupportedFormatError, match="a CPC scheme file, not a patent document"):
        list(READER.read(FileInput(path=DATA / "cpc-scheme-A01L.xml")))


# ---------------------------------------------------------------------------
# Bulk files, broken files, hostile files
# ---------------------------------------------------------------------------

BULK_PARTS = ["US08930553.xml", "US20050004437A1.xml", "US07272630B2.xml"]


def bulk_bytes(*parts: bytes) -> bytes:
    return b"".join(parts)


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_bulk_file_yields_one_patent_per_document(tmp_path: Path) -> None:
    path = tmp_path / "ipg150106.xml"
    path.write_bytes(bulk_bytes(*(sample(n) for n in BULK_PARTS)))
    results = list(READER.read(FileInput(path=path)))
    assert [r.number.compact for r in results] == [
        "US8930553B2",
        "US20050004437A1",
        "US7272630B2",
    ]
    assert [r.sources[0].document for r in results] == ["#1", "#2", "#3"]
    assert all(r.sources[0].file == "ipg150106.xml" for r in results)


def test_bulk_file_with_broken_document_goes_on(tmp_path: Path) -> None:
    broken = sample("US20050004437A1.xml").replace(b"</invention-title>", b"</title>", 1)
    path = tmp_path / "ipa050106.xml"
    path.write_bytes(bulk_bytes(sample("US08930553.xml"), broken, sample("US07272630B2.xml")))
    results = list(READER.read(FileInput(path=path)))
    assert isinstance(results[0], Patent) and isinstance(results[2], Patent)
    error = results[1]
    assert isinstance(error, MalformedDocumentError)
    assert str(error).startswith("ipa050106.xml: document #2:")
    assert error.path == str(path)


def test_bulk_pap_without_declaration_is_split_at_doctype(tmp_path: Path) -> None:
    path = tmp_path / "bulk.xml"
    path.write_bytes(bulk_bytes(sample("US08930553.xml"), sample("US20010000044A1.xml")))
    results = list(READER.read(FileInput(path=path)))
    assert [r.number.compact for r in results] == ["US8930553B2", "US20010000044A1"]


def test_empty_and_blank_files_are_refused() -> None:
    for data in (b"", b"  \n\n"):
        with pytest.raises(EmptyFileError, match=r"empty\.xml: the file is empty"):
            list(READER.read(FileInput(path=Path("empty.xml"), data=data)))


def test_truncated_file_is_malformed() -> None:
    data = sample("US08930553.xml")
    truncated = data[: len(data) // 2]
    with pytest.raises(MalformedDocumentError, match=r"^US08930553\.xml: "):
        list(READER.read(FileInput(path=Path("US08930553.xml"), data=truncated)))


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    data = sample("US08930553.xml").replace(b"[ ]>", f"[{entities}]>".encode(), 1)
    return data.replace(b"Managing mid-dialog", b"&lol9; Managing mid-dialog", 1)


def test_entity_expansion_attack_is_not_expanded() -> None:
    attack = billion_laughs()
    assert b"<!ENTITY lol9" in attack
    started = time.monotonic()
    try:
        results = list(READER.read(FileInput(path=Path("laughs.xml"), data=attack)))
    except SourceError as exc:  # libxml2 refuses the amplification outright
        assert str(exc).startswith("laughs.xml: ")
    else:
        (patent,) = results
        assert isinstance(patent, Patent)
        assert "lollol" not in (patent.title or "")
    assert time.monotonic() - started < 5


def test_entity_expansion_attack_inside_bulk_file() -> None:
    data = bulk_bytes(sample("US08930553.xml"), billion_laughs(), sample("US07272630B2.xml"))
    started = time.monotonic()
    results = list(READER.read(FileInput(path=Path("bulk.xml"), data=data)))
    assert time.monotonic() - started < 5
    assert len(results) == 3
    assert isinstance(results[0], Patent) and isinstance(results[2], Patent)
    middle = results[1]
    if isinstance(middle, Patent):
        assert "lollol" not in (middle.title or "")
    else:
        assert isinstance(middle, SourceError) and "document #2" in str(middle)


# ---------------------------------------------------------------------------
# Streaming split
# ---------------------------------------------------------------------------


class CountingStream(io.BytesIO):
    """A stream that records how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.sizes: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.sizes.append(-1 if size is None else size)
        return super().read(size)


@pytest.mark.parametrize("chunk_size", [7, 64, 4096, 1 << 20])
def test_split_is_independent_of_chunk_size(chunk_size: int) -> None:
    parts = [sample(n) for n in BULK_PARTS] + [sample("US20010000044A1.xml")]
    stream = CountingStream(b"".join(parts) + b"\n\n")
    documents = list(split_documents(stream, chunk_size=chunk_size))
    assert documents == [*parts[:3], parts[3] + b"\n\n"]
    assert all(size == chunk_size for size in stream.sizes)  # never reads it all at once


def test_package_exports_are_complete_and_sorted() -> None:
    assert uspto_xml.__all__ == sorted(uspto_xml.__all__)
    assert all(hasattr(uspto_xml, name) for name in uspto_xml.__all__)
