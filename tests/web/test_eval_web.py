"""POST /api/eval/eou: the JSON of ``kizuna eval eou --json``."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.settings import Settings
from kizuna.web.app import create_app
from tests.web.auth_support import logged_in

CASES = Path(__file__).resolve().parents[1] / "data" / "eou" / "cases.json"


def test_api_eval_eou(database: Database, tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite://", cache_dir=tmp_path, allowed_hosts="testserver")
    app = create_app(settings, database=database)
    body = json.loads(CASES.read_text(encoding="utf-8"))
    with TestClient(app) as client:
        logged_in(client, database)
        answer = client.post("/api/eval/eou?method=bm25&embedder=hashing", json=body)
        assert answer.status_code == 200
        assert set(answer.json()["overall"]) == {"ndcg@3", "recall@3", "mrr", "verdict_agreement",
                                                 "balanced_accuracy", "label_consistency"}
        bad = client.post("/api/eval/eou?embedder=hashing", json={"cases": []})
        assert bad.status_code == 400
        assert "empty" in bad.text
