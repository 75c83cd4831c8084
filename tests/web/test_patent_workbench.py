"""The patent page as a workbench: family members with their status, and the claim tree."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from kizuna.adapters.exports.claim_tree import claim_tree_svg
from kizuna.adapters.storage.db import Database
from kizuna.domain.ids import NumberType
from kizuna.domain.patent import FamilyLink, FamilyRelation, PriorityClaim
from kizuna.services.patents import as_store
from tests.factories import make_number, make_patent, make_source

JP = "JP7533889B2"


def _store(database: Database, *patents: object) -> None:
    with as_store(database).unit_of_work() as uow:
        uow.patents.add_many(list(patents))  # type: ignore[arg-type]
        uow.commit()


def test_family_lists_the_priority_application_not_in_the_record(loaded: TestClient) -> None:
    members = loaded.get(f"/api/patents/{JP}").json()["family_members"]
    assert members == [{"number": None, "display": "JP 2019210418",
                        "relation": "priority (domestic)", "via": "JP 2019210418",
                        "stored": False, "status": None, "expiry": None, "title": None,
                        "date": "2019-11-21"}]
    page = loaded.get(f"/patents/{JP}").text
    assert "JP 2019210418" in page and "not in the record" in page


def test_family_finds_stored_members_by_priority_and_links(
    loaded: TestClient, database: Database
) -> None:
    sibling = make_patent("US 11,111,111 B2", "US 17/000,001",
                          priorities=(PriorityClaim(country="JP", number="2019-210418",
                                                    date=date(2019, 11, 21)),),
                          family=(), sources=(make_source(sha256="b" * 64),))
    child = make_patent("JP 7999999 B2", make_number("JP2023000001", NumberType.APPLICATION),
                        priorities=(), family=(FamilyLink(relation=FamilyRelation.DIVISION,
                                                          number=make_number("JP 7533889 B2")),),
                        sources=(make_source(sha256="c" * 64),))
    _store(database, sibling, child)
    members = {m["display"]: m for m in loaded.get(f"/api/patents/{JP}").json()["family_members"]}
    assert members["US 11,111,111 B2"]["relation"] == "same-priority"
    assert members["US 11,111,111 B2"]["status"] == "granted"
    assert members["JP 7999999 B2"]["relation"] == "division (their link)"
    assert "JP 2019210418" in members  # still listed: no stored record is that application
    back = loaded.get("/api/patents/US11111111B2").json()["family_members"]
    assert [m["number"] for m in back if m["stored"]] == [JP]
    page = loaded.get(f"/patents/{JP}").text
    assert 'href="/patents/US11111111B2"' in page


def test_patent_page_draws_the_claim_tree_without_script(loaded: TestClient) -> None:
    page = loaded.get(f"/patents/{JP}").text
    tree = page[page.index('<figure class="claim-tree"'):page.index("</figure>")]
    assert "<svg" in tree and "<script" not in tree
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []  # no inline script (CSP)
    claims = loaded.get(f"/api/patents/{JP}").json()["claims"]
    for claim in claims:
        if claim["lang"] == claims[0]["lang"]:
            assert f'id="claim-node-{claim["number"]}"' in tree
    ja = loaded.get(f"/patents/{JP}", params={"lang": "ja"}).text
    assert "請求項1" in ja[ja.index('<figure class="claim-tree"'):]


def test_claim_tree_layout() -> None:
    svg = claim_tree_svg([(1, ()), (2, (1,)), (3, (1, 2)), (4, ()), (5, (9,))],
                         label=lambda n: f"Claim {n}", title="t & <x>")
    boxes = {int(n): (int(x), int(y)) for n, x, y in
             re.findall(r'id="claim-node-(\d+)"><rect x="(\d+)" y="(\d+)"', svg)}
    assert boxes[2][0] > boxes[1][0] and boxes[3][0] == boxes[2][0]  # dependents indented
    assert boxes[4][0] == boxes[1][0] == boxes[5][0]  # roots, and a claim with a missing parent
    assert sorted(boxes, key=lambda n: boxes[n][1]) == [1, 2, 3, 4, 5]
    assert svg.count("stroke-dasharray") == 1  # claim 3 also refers to claim 2
    assert "<title>t &amp; &lt;x&gt;</title>" in svg
