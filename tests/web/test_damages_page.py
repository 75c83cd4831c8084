"""The /damages page: rebuttal reasons, history, limitation events; errors name form fields."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kizuna.adapters.royalty_data import data_version
from kizuna.services.royalty import DISCLAIMER

HISTORY = """year,sales
2015,800000000
2018,1000000000
2021,1200000000
2023,1500000000
2025,2000000000
"""


def test_form_then_102_2_with_both_rebuttal_reasons(client: TestClient) -> None:
    empty = client.get("/damages")
    assert empty.status_code == 200 and 'name="rebuttal_unsellable"' in empty.text
    assert DISCLAIMER in empty.text and data_version() in empty.text
    form = {
        "method": "102-2",
        "sales": "1,000,000,000",
        "direct_costs": "700,000,000",
        "rebuttal_unsellable": "30%",
        "rebuttal_contribution": "50%",
        "rate": "5%",
    }
    html = client.post("/damages", data=form).text
    # 300m x 20% kept + 1,000m x 30% x 5% on the part the patentee could not have sold
    assert "¥75,000,000" in html and "7,500万円" in html
    assert "令和2年(ネ)第10024号" in html


def test_history_and_limitation_events(client: TestClient) -> None:
    form = {
        "method": "102-3",
        "rate": "5%",
        "history": HISTORY,
        "as_of": "2026-11-21",
        "knowledge_date": "2019-06-01",
        "limitation_events": "demand:2026-06-01\n",
    }
    html = client.post("/damages", data=form).text
    assert "¥260,178,082" in html  # the demand keeps 214 days of 2021 alive
    assert "催告 demand (Civil Code Art. 150)" in html


def test_bad_input_names_the_form_field(client: TestClient) -> None:
    bad = client.post("/damages", data={"method": "102-3", "sales": "1000", "rate": "5%:3%:8%"})
    assert bad.status_code == 400
    assert "rate: range 0.05:0.03:0.08 is out of order" in bad.text and "--rate" not in bad.text
    history = client.post(
        "/damages", data={"method": "102-3", "rate": "5%", "history": "when,what\n1,2"}
    )
    assert history.status_code == 400 and "Sales history: the first line" in history.text
