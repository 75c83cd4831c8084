"""The listing helper: tables fit the terminal with identifiers whole; CSV keeps every value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.cli.common import Column, column_widths, console, print_csv, print_table
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows

NUMBERS = st.sampled_from(["JP7533889B2", "US8930553B2", "EP0430402B2", "WO2020123456A1",
                           "US20050004974A1"])
TEXT = st.text(st.sampled_from(list("abc xyz,\"特許湊精工株式会社ー…「」")), max_size=120)
COLUMNS = (Column("number", fixed=True), Column("title"), Column("owner"),
           Column("claims", fixed=True, right=True))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({"number": NUMBERS, "title": TEXT, "owner": TEXT,
                                            "claims": st.integers(0, 999)}), max_size=8))
def test_any_rows_fit_80_columns_with_numbers_whole(rows: list[dict[str, object]]) -> None:
    def show() -> tuple[int, str, str]:
        with console.capture() as captured:
            print_table(rows, COLUMNS, title="patents")
        return 0, captured.get(), ""

    _, out, _ = at_80_columns(show)
    assert_fits_80(out, [str(r["number"]) for r in rows])
    widths = column_widths(rows, COLUMNS, 80)
    assert sum(widths) + 3 * len(COLUMNS) + 1 <= 80


def test_csv_keeps_commas_quotes_lines_and_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"number": "US8930553B2", "title": 'Managing "mid-dialog", SIP\nmessages',
             "owner": ["湊精工株式会社", "Minato Seiko K.K."], "claims": 20},
            {"number": "JP7533889B2", "title": None, "owner": [], "claims": 0}]
    print_csv(rows, COLUMNS)
    parsed = csv_rows(capsys.readouterr().out)
    assert parsed == [
        {"number": "US8930553B2", "title": 'Managing "mid-dialog", SIP\nmessages',
         "owner": "湊精工株式会社; Minato Seiko K.K.", "claims": "20"},
        {"number": "JP7533889B2", "title": "", "owner": "", "claims": "0"}]


def test_japanese_names_are_cut_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    name = "日本アイ・ビー・エム株式会社知的財産部ライセンス担当" * 2
    rows = [{"number": "US20050004974A1", "title": name, "owner": name, "claims": 12}]

    def show() -> tuple[int, str, str]:
        print_table(rows, COLUMNS)
        out, err = capsys.readouterr()
        return 0, out, err

    _, out, _ = at_80_columns(show)
    assert_fits_80(out, ["US20050004974A1", "日本アイ・ビー・エム"])
    assert "…" in out
