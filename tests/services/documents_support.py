"""Shared set-up for the documents tests: real patents, real chart evidence, a fake campaign.

The patents are the real samples (JP 7533889 B2 from tests/data/jpo, US 8,930,553 B2
from tests/data/ingest/us); the chart is built by the real charts service on the
test evidence in tests/data/charts (BM25, hashing embedder: deterministic).
The campaign comes from a stand-in for ``kizuna.services.campaigns`` (owned by
another module) installed with ``monkeypatch``.
"""

from __future__ import annotations

import hashlib
import sys
import types
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Attachment, Campaign, Contact, RecordEntry
from kizuna.errors import NotFoundError
from kizuna.services.ingest import ingest_paths
from tests.conftest import DATA

__all__ = [
    "CHART",
    "LICENSEE",
    "PRODUCT",
    "install_campaign",
    "make_campaign",
    "prepare",
    "review_all",
]

LICENSEE = "キヤノン株式会社"
PRODUCT = "MID-3000"
CHART = 1  # the chart prepare() builds


def _entry(seq: int, kind: str, summary: str, day: date, prev: str, **extra: object) -> RecordEntry:
    digest = hashlib.sha256(f"{prev}|{seq}|{kind}|{summary}".encode()).hexdigest()
    return RecordEntry(
        seq=seq,
        kind=kind,
        summary=summary,
        occurred_on=day,
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        actor="tester",
        prev_hash=prev,
        hash=digest,
        **extra,
    )  # type: ignore[arg-type]


def make_campaign(**overrides: object) -> Campaign:
    """Campaign 1 with Canon over both sample patents, three record entries."""
    first = _entry(1, "meeting", "初回面談（東京本社）。技術説明を実施。", date(2026, 10, 5), "")
    second = _entry(
        2,
        "letter",
        "Introduction letter sent with the brief.",
        date(2026, 10, 20),
        first.hash,
        attachments=(Attachment(name="brief.pdf", sha256="a" * 64, size=12345),),
    )
    third = _entry(
        3,
        "stage",
        "",
        date(2026, 11, 2),
        second.hash,
        stage_from="research",
        stage_to="introduction",
    )
    fields: dict[str, object] = {
        "id": 1,
        "licensee": LICENSEE,
        "company_id": None,
        "patents": ("JP7533889B2", "US8930553B2"),
        "track": "relationship",
        "stage": "introduction",
        "opened_on": date(2026, 10, 1),
        "contacts": (
            Contact(name="佐藤 花子", role="intermediary", organisation="某商社"),
            Contact(
                name="鈴木 美香",
                role="ip-department",
                organisation="知的財産法務本部",
                romanised="Mika Suzuki",
                honorific="Ms.",
            ),
            Contact(
                name="田中 一郎",
                role="sender",
                organisation="知的財産部",
                title="部長",
                email="tanaka@example.jp",
                romanised="Ichiro Tanaka",
            ),
        ),
        "entries": (first, second, third),
    }
    fields.update(overrides)
    return Campaign(**fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class FakeVerification:
    ok: bool
    entries: int
    break_at: int | None
    problem: str | None
    head: str


def install_campaign(
    monkeypatch: pytest.MonkeyPatch,
    campaign: Campaign,
    verification: FakeVerification | None = None,
) -> None:
    """Make ``kizuna.services.campaigns`` answer with ``campaign`` (id 1 only)."""
    module = types.ModuleType("kizuna.services.campaigns")

    def get_campaign(database: Database, campaign_id: int) -> Campaign:
        if campaign_id != campaign.id:
            raise NotFoundError(f"no campaign {campaign_id}")
        return campaign

    def verify_campaign(database: Database, campaign_id: int) -> FakeVerification:
        get_campaign(database, campaign_id)
        return verification or FakeVerification(
            True, len(campaign.entries), None, None, campaign.entries[-1].hash
        )

    def current_head(database: Database, campaign_id: int) -> RecordHead:
        get_campaign(database, campaign_id)
        last = campaign.entries[-1].hash if campaign.entries else "0" * 64
        return RecordHead(campaign_id=campaign_id, hash=last, entries=len(campaign.entries))

    module.get_campaign = get_campaign  # type: ignore[attr-defined]
    module.verify_campaign = verify_campaign  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kizuna.services.campaigns", module)
    records = types.ModuleType("kizuna.services.campaign_record")
    records.current_head = current_head  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kizuna.services.campaign_record", records)


@dataclass(frozen=True, kw_only=True)
class RecordHead:
    campaign_id: int
    hash: str
    entries: int

    @property
    def short(self) -> str:
        return self.hash[:16]


def review_all(database: Database, chart_id: int = CHART) -> None:
    """Accept each element's best passage (a reviewer confirming the chart)."""
    from kizuna.services.charts import get_chart, review_chart

    for element in get_chart(database, chart_id).elements:
        best = element.matches[0]
        review_chart(
            database, chart_id, element=element.element_id, action="accept",
            value=best.passage_id, who="tester",
        )


def reject_element(database: Database, element: str = "1D", chart_id: int = CHART) -> None:
    """Reject every passage of ``element`` (a reviewer finding no evidence): it is unsupported."""
    from kizuna.services.charts import get_chart, review_chart

    found = next(e for e in get_chart(database, chart_id).elements if e.element_id == element)
    for match in found.matches:
        review_chart(database, chart_id, element=element, action="reject",
                     value=match.passage_id, who="tester")


def prepare(database: Database, *, chart: bool = True, reviewed: bool = False) -> Database:
    """Ingest the sample patents and companies; chart JP 7533889 claim 1 against MID-3000."""
    report = ingest_paths(paths=[DATA / "jpo", DATA / "ingest" / "us"], database=database)
    assert not report.failed
    from kizuna.services.companies import import_companies

    import_companies(database, DATA / "companies" / "companies.csv")
    if chart:
        from kizuna.services.charts import build_chart
        from kizuna.services.evidence import add_evidence

        add_evidence(
            database,
            [DATA / "charts" / "mid3000-datasheet-ja.md"],
            product=PRODUCT,
            company=LICENSEE,
        )
        build_chart(
            database, "JP7533889B2", claim=1, product=PRODUCT, method="bm25", embedder="hashing"
        )
        if reviewed:
            review_all(database)
    return database
