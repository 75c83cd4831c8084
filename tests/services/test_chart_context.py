"""Element lists and scoring context for charts, on the real JP, US and EP sample claims."""

from __future__ import annotations

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.domain.patent import Patent
from kizuna.services.chart_context import antecedent_terms, chart_elements, claim_contexts
from kizuna.services.charts import choose_claim_set
from kizuna.services.patents import get_patent
from tests.chart_support import EP, JP, US, load_samples


@pytest.fixture
def patents(database: Database) -> dict[str, Patent]:
    load_samples(database, products=False)
    return {n: get_patent(database=database, number=n) for n in (JP, US, EP)}


def _claim(patent: Patent, number: int) -> tuple[object, ...]:
    claim_set = choose_claim_set(patent)
    claim = next(c for c in claim_set.claims if c.number == number)
    return chart_elements(claim, claim_set.claims)


def test_antecedent_terms() -> None:
    text = "前記導電路（４）の表面にレジストインクを塗布して前記導電路（４）を被覆する"
    assert antecedent_terms(text) == ["導電路", "導電路"]
    assert antecedent_terms("associate the new SIP session with the mid-dialog SIP message") == [
        "new SIP session", "mid-dialog SIP message"]
    assert antecedent_terms("wherein said hinge is sprung") == ["hinge"]


def test_dependent_claims_list_every_ancestor_first(patents: dict[str, Patent]) -> None:
    ids = [e.id for e in _claim(patents[JP], 3)]  # type: ignore[attr-defined]
    assert ids == ["1A", "1B", "1C", "1D", "2A", "3A"]
    assert [e.id for e in _claim(patents[US], 2)][-1] == "2A"  # type: ignore[attr-defined]


def test_context_is_the_preamble_and_the_introducing_element(patents: dict[str, Patent]) -> None:
    jp = claim_contexts(_claim(patents[JP], 1))  # type: ignore[arg-type]
    assert "導電路（４）を形成する導電路形成工程" in jp["1C"]  # 前記導電路 -> 1B
    assert "ベース基材成形工程と" in jp["1D"]  # 前記ベース基材成形工程 -> 1A
    assert "立体配線構造体の製造方法であって" in jp["1D"]  # the preamble
    us_elements = _claim(patents[US], 1)
    us = claim_contexts(us_elements)  # type: ignore[arg-type]
    # the preamble's context is the first body element: what the claimed system consists of
    assert us["1A"] and us_elements[1].text.startswith(us["1A"])  # type: ignore[attr-defined]
    assert us["1B"].startswith("A system for processing mid-dialog SIP messages")
    assert "create a new SIP session" in us["1D"]  # "the new SIP session" -> 1C
    ep = claim_contexts(_claim(patents[EP], 2))  # type: ignore[arg-type]
    assert "a second pipe section (20) connecting" in ep["2A"]  # "the second pipe section"
