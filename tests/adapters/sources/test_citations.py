"""Citations read from the real USPTO, EP and JPO sample documents, numbers normalised."""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.adapters.corpus.inputs import read_documents
from kizuna.domain.citations import Citation, cited_number, ep_cited_number, jp_cited_number
from kizuna.domain.patent import Patent
from kizuna.errors import InvalidNumberError

DATA = Path(__file__).resolve().parents[2] / "data"


def _read(path: Path) -> Patent:
    results = list(read_documents(path, max_file_bytes=50 * 1024**2))
    assert len(results) == 1 and isinstance(results[0], Patent), results
    return results[0]


def _numbers(patent: Patent, source: str | None = None) -> list[str]:
    return [c.number.compact for c in patent.citations
            if c.number is not None and (source is None or c.source == source)]


def test_us_grant_with_examiner_and_applicant_citations() -> None:
    patent = _read(DATA / "uspto" / "US08930553.xml")
    assert _numbers(patent, "applicant") == [
        "US7844851B2", "US7995466B2", "US8078737B2", "US20070140112A1", "US20070253328A1",
        "US20090193057A1", "US20100070563A1", "US20110007732A1", "US20110029812A1",
        "US20140101322A1"]
    assert _numbers(patent, "examiner") == [
        "US20070220302A1", "US20090022145A1", "US20100205263A1", "US20130311825A1",
        "US20140047122A1", "US20140095723A1"]
    first = patent.citations[0]
    assert (first.country, first.kind, first.category, first.text) == (
        "US", "B2", "cited by applicant", "US 7844851 B2")
    npl = [c for c in patent.citations if c.npl]
    assert len(npl) == 5 and all(c.number is None and c.key is None for c in npl)
    assert npl[0].text.startswith("Rosenberg, J. “Reconsituting Call State in SIP User Agents”")


def test_us_grant_of_2005_says_cited_by_examiner_in_references_cited() -> None:
    patent = _read(DATA / "uspto" / "US06859910.xml")
    assert _numbers(patent, "examiner") == [
        "US5793966A", "US6205482B1", "US20020055909A1", "US20020069244A1",
        "US20020078093A1", "US20020095387A1", "US20020152126A1", "US20030208684A1"]
    assert len(patent.citations) == 8


def test_us_foreign_citations_in_printed_forms_are_normalised() -> None:
    patent = _read(DATA / "uspto" / "US08927118.xml")
    numbers = _numbers(patent)
    assert "JPH11167215A" in numbers  # printed "JP 11-167215 A": Heisei 11
    assert "JP2007088222A" in numbers  # printed "JP 2007-88222 A"
    assert "WO2005023894A2" in numbers  # printed "WO WO 2005/023894 A2"
    assert "WO2006001333A1" in numbers  # printed "WO WO/2006/001333 A1"
    assert Counter(c.source for c in patent.citations) == {"applicant": 100, "examiner": 4}
    assert patent.sources[0].warnings == ()


def test_unreadable_citation_is_left_out_with_a_warning(tmp_path: Path) -> None:
    data = (DATA / "uspto" / "US08930553.xml").read_bytes()
    broken = data.replace(b"<doc-number>7995466</doc-number>", b"<doc-number>??</doc-number>")
    path = tmp_path / "US08930553.xml"
    path.write_bytes(broken)
    patent = _read(path)
    assert "US7995466B2" not in _numbers(patent)
    assert len(patent.citations) == 20
    assert patent.sources[0].warnings == (
        "citation 00002 ('US ?? B2') left out: US '??': not a readable document number",)


def test_ep_grant_b561_search_report_and_reference_list() -> None:
    patent = _read(DATA / "ingest" / "ep" / "grant-v1-5-1-B1.xml")
    assert _numbers(patent, "search-report") == [
        "WO2014114885A1", "CN202128028U", "FR2973005A1", "US20070204872A1",
        "US20120279876A1", "US6382450B1"]  # "US-A1- 2007 204 872" printed twice: once
    assert _numbers(patent, "applicant") == ["US20070204872A1", "FR2973005A1"]
    reference = next(c for c in patent.citations if c.source == "applicant")
    assert reference.category == "cited in the description"
    b561 = patent.citations[0]
    assert (b561.text, b561.country, b561.kind) == ("WO-A1-2014/114885", "WO", "A1")


def test_ep_b562_is_non_patent_literature_and_old_forms_read() -> None:
    patent = _read(DATA / "epo" / "grant-v1-0-B1.xml")
    assert _numbers(patent) == ["WO2003008444", "US5948634A"]
    npl = [c.text for c in patent.citations if c.npl]
    assert len(npl) == 2 and npl[0].startswith("LASSERRE C ET AL.")
    assert _numbers(_read(DATA / "epo" / "grant-v1-5-1-B2.xml"), "search-report")[-1] == \
        "USRE36154E"  # printed "US-E- R E36 154"


def test_ep_application_numbers_in_the_reference_list_are_counted_not_linked() -> None:
    patent = _read(DATA / "epo" / "application-v1-5-A1.xml")
    assert patent.citations == ()
    assert "1 cited application number(s) (dnum-type L) not linked" in \
        patent.sources[0].warnings
    a2 = _read(DATA / "epo" / "application-v1-3-A2.xml")
    assert _numbers(a2) == ["JPS58181591A", "JPH04365581A"]  # DOCDB JP58181591A: Showa 58


def test_jpo_notice_of_refusal_lists_examiner_citations_and_search_record() -> None:
    patent = _read(DATA / "ingest" / "jpo" / "2020123456-notice-of-refusal.xml")
    assert [(c.number.compact if c.number else "", c.source, c.category)
            for c in patent.citations] == [
        ("JP2002233033A", "examiner", "refusal"),
        ("JP2004064039A", "examiner", "refusal"),
        ("JPH04087383A", "examiner", "refusal"),
        ("JPS60046093A", "examiner", "well-known art"),
        ("JPH08167522A", "examiner", "well-known art"),
        ("JPH09074283A", "search-report", "search record"),
    ]


def test_jpo_amendment_and_progress_record_carry_no_citations() -> None:
    for name in ("2020123456-A523-amendment.xml", "2020123456-progress.json"):
        assert _read(DATA / "ingest" / "jpo" / name).citations == ()


def test_cited_number_forms() -> None:
    assert cited_number("US", "2007/0140112", "A1").compact == "US20070140112A1"
    assert cited_number("WO", "WO 02/64032", "A3").compact == "WO2002064032A3"
    assert cited_number("JP", "58181591", "A").compact == "JPS58181591A"
    assert cited_number("KR", "1020050012345").compact == "KR1020050012345"
    assert ep_cited_number("JP-A- 7 300 979").compact == "JPH07300979A"
    assert ep_cited_number("DE-A1-102009 041 527").compact == "DE102009041527A1"
    assert jp_cited_number("米国特許第5,123,456号明細書").compact == "US5123456"
    assert jp_cited_number("国際公開第2010/123456号").compact == "WO2010123456"
    for bad in (lambda: cited_number("U1", "123"), lambda: cited_number("US", "  "),
                lambda: ep_cited_number("5 948 634"), lambda: jp_cited_number("論文")):
        with pytest.raises(InvalidNumberError):
            bad()


def test_citation_key_ignores_the_kind() -> None:
    a1 = Citation(number=cited_number("US", "2007/0204872", "A1"))
    bare = Citation(number=cited_number("US", "20070204872"))
    assert a1.key == bare.key == ("US", "document", "20070204872")


def test_tabular_citations_column(tmp_path: Path) -> None:
    path = tmp_path / "cites.jsonl"
    path.write_text('{"number": "US9700010B2", "title": "A widget", "lang": "en", '
                    '"citations": ["US 8,930,553 B2", "EP 3383757", "nonsense"]}\n', "utf-8")
    patent = _read(path)
    assert _numbers(patent) == ["US8930553B2", "EP3383757"]
    assert {c.source for c in patent.citations} == {"other"}
    assert patent.sources[0].warnings[0].startswith("citation 'nonsense' cannot be read")


def test_us_grant_of_2002_patdoc_b560() -> None:
    patent = _read(DATA / "uspto" / "US06336130-excerpt.xml")
    assert _numbers(patent, "examiner") == [
        "US5825759A", "US5974441A", "US6049819A", "US6076099A", "US6085086A"]
    assert _numbers(patent, "other") == ["WO1996025012"]  # printed "96/25012", country WO
    npl = [c.text for c in patent.citations if c.npl]
    assert len(npl) == 3 and npl[2].startswith("Telektronikk, vol. 90, No. 2, 1994")


@given(country=st.text(max_size=4), number=st.text(max_size=30),
       kind=st.none() | st.text(max_size=3))
def test_cited_number_refuses_junk_with_one_error_kind(country: str, number: str,
                                                       kind: str | None) -> None:
    try:
        parsed = cited_number(country, number, kind)
    except InvalidNumberError:
        return
    assert parsed.country.isalpha() and len(parsed.country) == 2


@given(text=st.text(max_size=60))
def test_printed_forms_refuse_junk_with_one_error_kind(text: str) -> None:
    for read in (ep_cited_number, jp_cited_number):
        with suppress(InvalidNumberError):
            read(text)


@pytest.mark.parametrize("name", ["US08930553.xml", "US08927118.xml", "US06859910.xml"])
def test_the_fast_us_path_reads_what_the_namespace_agnostic_path_reads(name: str) -> None:
    from lxml import etree

    from kizuna.adapters.sources.uspto_xml.citations import references_cited

    root = etree.parse(str(DATA / "uspto" / name)).getroot()
    plain = references_cited(root.find("us-bibliographic-data-grant"))
    assert plain[0], name  # the samples cite documents
    text = etree.tostring(root).replace(b"<us-patent-grant", b'<us-patent-grant xmlns="urn:x"', 1)
    spaced = etree.fromstring(text)
    biblio = next(spaced.iterchildren("{urn:x}us-bibliographic-data-grant"))
    assert references_cited(biblio) == plain  # the one-XSLT path and the per-field path agree


def test_ingest_relaxes_the_collector_only_while_it_runs() -> None:
    import gc

    from kizuna.services.ingest import GC_YOUNG_THRESHOLD, relaxed_gc

    before = gc.get_threshold()
    with relaxed_gc():
        assert gc.get_threshold()[0] >= GC_YOUNG_THRESHOLD
    assert gc.get_threshold() == before
