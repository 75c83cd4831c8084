"""Two reviewers on one chart: a stale version is refused (409) and both changes reach history."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.storage import charts as store
from kizuna.adapters.storage.db import Database
from kizuna.domain.evidence import ReviewEvent
from kizuna.errors import ConflictError
from tests.chart_support import MID, load_samples
from tests.web.auth_support import bearer, make_user

#: The reviewer in the history is the user who is logged in (13: every write attributed),
#: so each reviewer calls with a token of their own.
TOKENS: dict[str, dict[str, str]] = {}


@pytest.fixture
def chart_id(client: TestClient, database: Database, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))
    load_samples(database)
    for name in ("Sato", "Suzuki"):
        make_user(database, name.lower(), "admin")
        TOKENS[name] = bearer(database, name.lower())
    body = {"patent": "特許第7533889号", "claim": 1, "product": MID, "embedder": "hashing"}
    response = client.post("/api/charts", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["versions"]["1A"] == 0
    return int(response.json()["id"])


def _note(client: TestClient, chart_id: int, who: str, version: int) -> object:
    return client.post(f"/api/charts/{chart_id}/review", headers=TOKENS[who], json={
        "element": "1A", "action": "note", "value": f"checked by {who}", "version": version})


def test_second_reviewer_gets_a_conflict_then_both_changes_are_kept(
    client: TestClient, chart_id: int
) -> None:
    first = _note(client, chart_id, "Sato", 0)
    assert first.status_code == 200  # type: ignore[attr-defined]
    late = _note(client, chart_id, "Suzuki", 0)  # Suzuki opened the chart at version 0 too
    assert late.status_code == 409  # type: ignore[attr-defined]
    message = late.json()["error"]  # type: ignore[attr-defined]
    assert "element 1A changed since you opened it (version 0, now 1) by sato" in message
    assert "not saved" in message
    assert _note(client, chart_id, "Suzuki", 1).status_code == 200  # type: ignore[attr-defined]
    shown = client.get(f"/api/charts/{chart_id}").json()
    assert [(e["who"], e["value"]) for e in shown["history"]] == [
        ("sato", "checked by Sato"), ("suzuki", "checked by Suzuki")]
    assert shown["versions"]["1A"] == 2


def test_form_post_with_a_stale_version_shows_the_conflict(
    client: TestClient, chart_id: int
) -> None:
    page = client.get(f"/charts/{chart_id}").text
    assert 'name="version" value="0"' in page
    assert _note(client, chart_id, "Sato", 0).status_code == 200  # type: ignore[attr-defined]
    form = {"element": "1A", "action": "note", "value": "mine", "who": "Suzuki", "version": "0"}
    response = client.post(f"/api/charts/{chart_id}/review", data=form, follow_redirects=False)
    assert response.status_code == 409
    assert "by sato" in html.unescape(response.text)
    assert "Traceback" not in response.text
    assert client.post(f"/api/charts/{chart_id}/review", data={**form, "version": "x"}
                       ).status_code == 400


def test_a_writer_that_read_a_stale_version_loses_on_the_unique_index(
    client: TestClient, chart_id: int, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _note(client, chart_id, "Sato", 0).status_code == 200  # type: ignore[attr-defined]
    # Simulate a concurrent transaction that counted the versions before Sato committed.
    monkeypatch.setattr(store, "_element_version", lambda *_args: (0, None))
    subject = store.ChartSubject(patent="JP7533889B2", claim=1, lang="ja", product=MID)
    event = ReviewEvent(chart_id=chart_id, element_id="1A", action="note", value="late",
                        who="Suzuki", at=datetime.now(UTC))
    with pytest.raises(ConflictError, match="at the same moment"):
        store.append_event(database, subject, event, None, expected_version=0)
    history = client.get(f"/api/charts/{chart_id}").json()["history"]
    assert [e["who"] for e in history] == ["sato"]
