"""The shipped landscape mappings are complete and consistent; weights files are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.landscape_data import jsic_names, landscape_map, read_weights
from kizuna.adapters.reference import field_concordance
from kizuna.errors import EmptyFileError, MalformedDocumentError, SourceError


def test_every_field_maps_to_jsic_and_sectors_are_known() -> None:
    lmap = landscape_map()
    numbers = {row.field.number for row in field_concordance().rows}
    assert set(lmap.field_jsic) == numbers == set(range(1, 36))
    assert {s.code for s in lmap.sectors} == {
        "automotive", "precision-robotics", "semiconductor", "consumer-electronics",
        "pharma-chemistry", "ai-ml", "software-digital", "wireless-standards"}
    assert {r.sector for r in lmap.rules} <= {s.code for s in lmap.sectors}
    assert all(0 < r.weight <= 1 for r in lmap.rules)
    assert {r.field_number for r in lmap.rules} >= numbers - {35}
    names = jsic_names()
    assert all(code in names for codes in lmap.field_jsic.values() for code in codes)


def test_ipc_rows_reach_ai_and_wireless_sectors() -> None:
    lmap = landscape_map()
    assert lmap.sector_weights([], ["G06N 3/08"]) == {"ai-ml": 1.0}
    assert lmap.sector_weights([], ["H04W 72/04"])["wireless-standards"] == 1.0
    assert "wireless-standards" not in lmap.sector_weights([], ["H04L 51/00"])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "weights.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_weights_file_is_read(tmp_path: Path) -> None:
    assert read_weights(_write(tmp_path, "[weights]\nevidence = 4\n")).evidence == 4.0


@pytest.mark.parametrize(
    ("text", "error", "fault"),
    [
        ("", EmptyFileError, "empty"),
        ("evidence = = 1", MalformedDocumentError, "not valid TOML"),
        ("luck = 1", SourceError, "unknown factor 'luck'"),
        ("evidence = -2", SourceError, "must be 0 or more"),
    ],
)
def test_bad_weights_files_name_the_file(
    tmp_path: Path, text: str, error: type[Exception], fault: str
) -> None:
    with pytest.raises(error, match=fault) as caught:
        read_weights(_write(tmp_path, text))
    assert str(caught.value).startswith("weights.toml: ")


def test_missing_weights_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nothing\.toml: cannot read"):
        read_weights(tmp_path / "nothing.toml")
