"""``targets rank`` skips pairs ruled out by a pledge in effect or a stored pool's licence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kizuna.adapters.storage.db import Database
from kizuna.domain.targets import TargetScore
from kizuna.services.accounts.audit import Actor
from kizuna.services.companies import get_company
from kizuna.services.pools.pledges import add_commitment
from kizuna.services.pools.stored import create_pool
from kizuna.services.targets import TargetRanking, rank_targets
from tests.landscape_setup import AS_OF, landscape_db, landscape_path, landscape_template

__all__ = ["landscape_db", "landscape_path", "landscape_template"]

WHO = Actor("admin", "cli")
POOL = Path(__file__).resolve().parents[3] / "examples" / "pool" / "pool.toml"


def test_a_pledge_anyone_may_rely_on_blocks_every_company_for_that_patent(
    landscape_db: Database,
) -> None:
    before = rank_targets(landscape_db, as_of=AS_OF)
    pledged = [p for p in before.pairs if p.patent == "JP7533889B2"]
    assert pledged and not before.blocked
    add_commitment(
        landscape_db, patent="JP7533889B2", kind="pledge", name="Open COVID Pledge",
        beneficiaries="anyone", starts=date(2019, 12, 1), source="https://opencovidpledge.org/",
        source_date=date(2020, 3, 31), actor=WHO,
    )  # fmt: skip
    after = rank_targets(landscape_db, as_of=AS_OF)
    ranked = [p for p in after.pairs if p.patent == "JP7533889B2"]
    assert ranked and all(p.score == 0.0 and p.blocked_by for p in ranked)  # ranked last
    blocked = [b for b in after.blocked if b.patent == "JP7533889B2"]
    assert len(blocked) >= len(pledged)
    assert all(b.score == 0.0 and b.blocked_by is not None for b in blocked)
    assert blocked[0].blocked_by == (
        "pledge: Open COVID Pledge; field: every field; Open COVID Pledge "
        "(source: https://opencovidpledge.org/, 2020-03-31)"
    )


def test_a_pledge_that_has_ended_blocks_nothing(landscape_db: Database) -> None:
    add_commitment(
        landscape_db, patent="JP7533889B2", kind="pledge", name="Old pledge",
        beneficiaries="anyone", ends=date(2023, 1, 1), source="pledge text",
        source_date=date(2020, 3, 31), actor=WHO,
    )  # fmt: skip
    assert not rank_targets(landscape_db, as_of=AS_OF).blocked


def test_a_stored_pool_member_is_no_target_for_the_pooled_patents(
    landscape_db: Database, tmp_path: Path
) -> None:
    docomo = get_company(landscape_db, "ドコモ")
    text = POOL.read_text(encoding="utf-8").replace("JP9990003B2", "JP7533889B2")
    text = text.replace('name = "Member Three Co."', f'name = "{docomo.display_name}"')
    text = text.replace("expires = 2043-09-30", "expires = 2040-09-30")
    path = tmp_path / "pool.toml"
    path.write_text(text, encoding="utf-8")
    create_pool(landscape_db, path=path, actor=WHO)
    ranking = rank_targets(landscape_db, as_of=date(2026, 6, 1))
    blocked = [b for b in ranking.blocked if b.patent == "JP7533889B2"]
    assert [b.company.id for b in blocked] == [docomo.id]
    assert blocked[0].blocked_by is not None
    assert blocked[0].blocked_by.startswith("pool licence: Demo Magnetic Alignment Pool")


def _pairs(ranking: TargetRanking, patent: str) -> dict[str, TargetScore]:
    return {p.company.display_name: p for p in [*ranking.pairs, *ranking.blocked]
            if p.patent == patent}  # fmt: skip


def test_a_field_limited_pledge_blocks_inside_its_field_and_flags_outside(
    landscape_db: Database,
) -> None:
    # US8926509B2: WIPO 4, 6, 13; sectors include wireless-standards and software-digital.
    add_commitment(
        landscape_db, patent="US8926509B2", kind="pledge", name="Wireless pledge",
        field="wireless communication", beneficiaries="anyone", source="pledge text",
        source_date=date(2020, 3, 31), actor=WHO,
    )  # fmt: skip
    ranking = rank_targets(landscape_db, as_of=AS_OF)
    pairs = _pairs(ranking, "US8926509B2")
    docomo = pairs["株式会社NTTドコモ"]  # wireless-standards: inside the pledge's field
    assert docomo.score == 0.0 and docomo.blocked_by is not None
    assert "pair inside its field 'wireless communication' (sectors wireless-standards)" in (
        docomo.blocked_by)  # fmt: skip
    netflix = pairs["Netflix, Inc."]  # software-digital: outside it
    assert netflix.blocked_by is None and netflix.score > 0
    assert len(netflix.flagged_by) == 1
    assert netflix.flagged_by[0].startswith(
        "pledge: Wireless pledge; field: wireless communication")
    assert "outside its field" in netflix.flagged_by[0]
    assert "sectors software-digital" in netflix.flagged_by[0]
    assert netflix.to_json()["flagged_by"] == list(netflix.flagged_by)
    assert docomo.company.id in {b.company.id for b in ranking.blocked}
    assert netflix.company.id not in {b.company.id for b in ranking.blocked
                                      if b.patent == "US8926509B2"}  # fmt: skip


def test_a_pool_licence_blocks_a_member_only_for_the_pooled_fields(
    landscape_db: Database, tmp_path: Path
) -> None:
    docomo = get_company(landscape_db, "ドコモ")
    netflix = get_company(landscape_db, "Netflix")
    text = POOL.read_text(encoding="utf-8").replace("JP9990003B2", "US8926509B2")
    text = text.replace('name = "Member Three Co."', f'name = "{docomo.display_name}"')
    text = text.replace('name = "Member Two Ltd."', f'name = "{netflix.display_name}"')
    text = text.replace("expires = 2043-09-30", "expires = 2030-09-30")
    path = tmp_path / "pool.toml"
    path.write_text(text, encoding="utf-8")  # pool fields: "wireless charging accessories"
    create_pool(landscape_db, path=path, actor=WHO)
    pairs = _pairs(rank_targets(landscape_db, as_of=date(2026, 6, 1)), "US8926509B2")
    inside = pairs[docomo.display_name]
    assert inside.blocked_by is not None and inside.score == 0.0
    assert inside.blocked_by.startswith("pool licence: Demo Magnetic Alignment Pool")
    outside = pairs[netflix.display_name]
    assert outside.blocked_by is None and outside.score > 0
    assert outside.flagged_by and "pool licence: Demo Magnetic Alignment Pool" in (
        outside.flagged_by[0])  # fmt: skip
