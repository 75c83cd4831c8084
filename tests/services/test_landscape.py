"""The fields report on the real sample portfolio."""

from __future__ import annotations

from kizuna.adapters.storage.db import Database
from kizuna.jsonable import to_jsonable
from kizuna.services.landscape import fields_report
from tests.landscape_setup import AS_OF, landscape_db, landscape_path, landscape_template

__all__ = ["landscape_db", "landscape_path", "landscape_template"]


def test_fields_sectors_and_industries_of_the_sample_portfolio(landscape_db: Database) -> None:
    report = to_jsonable(fields_report(landscape_db, as_of=AS_OF).to_json())
    assert report["schema"] == "kizuna.landscape.fields/1"
    assert report["patents"] == 44
    assert report["live_jp"] == 1  # 特許第7533889号
    assert report["unclassified"] == ["JP7533889B2"]  # the JPO sample carries no IPC/FI
    computer = next(r for r in report["fields"] if r["key"] == "6")
    assert computer["name"] == "Computer technology" and "US8930553B2" in computer["numbers"]
    assert computer["latest_expiry"] == "2033-02-15"
    sectors = {r["key"]: r for r in report["sectors"]}
    assert sectors["precision-robotics"]["name_ja"] == "精密機械・ロボット"
    assert "EP2007181A2" in sectors["precision-robotics"]["numbers"]
    industries = {r["key"]: r for r in report["industries"]}
    assert industries["16"]["name_ja"] == "化学工業"
    assert "not a legal opinion" in report["notice"]
