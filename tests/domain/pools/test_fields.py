"""Field-of-use texts against WIPO fields and sectors: inside blocks, outside flags."""

from __future__ import annotations

from kizuna.adapters.landscape_data import landscape_map
from kizuna.adapters.reference import field_concordance
from kizuna.domain.pools.fields import pair_area, pair_in_field, resolve_field

WIPO = {row.field for row in field_concordance().rows}
SECTORS = landscape_map().sectors


def _scope(text: str):  # type: ignore[no-untyped-def]
    return resolve_field(text, wipo=WIPO, sectors=SECTORS)


def test_a_field_text_names_sectors_by_keyword_name_or_code_and_wipo_fields_by_name() -> None:
    assert _scope("wireless charging accessories").sectors == {"wireless-standards"}
    assert _scope("ロボット用途").sectors == {"precision-robotics"}
    assert _scope("Semiconductor fabrication").sectors >= {"semiconductor"}
    assert _scope("ai-ml").sectors == {"ai-ml"}
    assert _scope("Computer technology").wipo == {6}
    assert _scope("WIPO field 4 only").wipo == {4}
    assert not _scope("COVID-19").resolved


def test_the_pair_area_narrows_the_patent_sectors_to_the_company_s() -> None:
    assert pair_area(wipo=[4, 6], patent_sectors=["software-digital", "wireless-standards"],
                     company_sectors=["wireless-standards"]) == (
        frozenset({4, 6}), frozenset({"wireless-standards"}))  # fmt: skip
    # no shared sector: the patent's own sectors count
    assert pair_area(wipo=[6], patent_sectors=["ai-ml"], company_sectors=["automotive"])[1] == {
        "ai-ml"}  # fmt: skip


def test_inside_blocks_outside_does_not_and_unknown_blocks_as_a_precaution() -> None:
    wireless = (_scope("wireless communication"),)
    assert pair_in_field(wireless, wipo=frozenset({6}), sectors=frozenset({"wireless-standards"}))
    assert not pair_in_field(wireless, wipo=frozenset({6}), sectors=frozenset({"software-digital"}))
    assert pair_in_field((_scope("Computer technology"),), wipo=frozenset({6}),
                         sectors=frozenset({"software-digital"}))  # fmt: skip
    assert pair_in_field((_scope("COVID-19"),), wipo=frozenset({6}), sectors=frozenset())
    assert pair_in_field(wireless, wipo=frozenset(), sectors=frozenset())  # nothing on record
    assert pair_in_field((), wipo=frozenset({6}), sectors=frozenset())  # every field
