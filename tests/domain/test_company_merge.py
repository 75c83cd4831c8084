"""Merge rules for re-imported companies (replace / add / keep)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kizuna.domain.company import Company, JapanRevenue
from kizuna.domain.company_merge import company_changes, merge_company

CANON = Company(id=3, name_ja="キヤノン株式会社", name_en="CANON INC.",
                aliases=("Canon Kabushiki Kaisha",), former_names=("キヤノンカメラ株式会社",),
                jsic=("2711", "2752"), products=("cameras", "copying machines"),
                urls=("https://global.canon/",), country="JP")


def test_empty_fields_keep_and_lists_add() -> None:
    row = Company(name_ja="キヤノン株式会社", jsic=("2711",), products=("cameras", "printers"))
    merged = merge_company(CANON, row, given=frozenset({"name_ja", "jsic", "products"}))
    assert merged.aliases == CANON.aliases and merged.urls == CANON.urls
    assert merged.jsic == ("2711", "2752")
    assert merged.products == ("cameras", "copying machines", "printers")
    assert merged.name_en == "CANON INC." and merged.id == 3
    assert [c.to_json() for c in company_changes(CANON, merged)] == [
        {"field": "products", "old": ["cameras", "copying machines"],
         "new": ["cameras", "copying machines", "printers"]}]


def test_given_scalars_and_revenue_replace() -> None:
    revenue = JapanRevenue(amount=Decimal("1000"), currency="JPY", as_of=date(2025, 3, 31))
    row = Company(name_en="Canon Inc.", country="US", japan_revenue=revenue)
    merged = merge_company(CANON, row, given=frozenset(
        {"name_en", "country", "japan_revenue", "revenue_currency", "revenue_date"}))
    assert (merged.name_en, merged.country, merged.japan_revenue) == ("Canon Inc.", "US", revenue)
    assert merged.aliases == ("Canon Kabushiki Kaisha", "CANON INC.")  # old name still found
    # country defaults to JP when the cell is empty: an empty cell is not "given"
    same = merge_company(CANON, Company(name_ja="キヤノン株式会社", country="JP"),
                         given=frozenset({"name_ja"}))
    assert company_changes(CANON, same) == []
