"""Typed lists of patent numbers: commas inside numbers are kept."""

from __future__ import annotations

import pytest

from kizuna.domain.number_lists import split_numbers


@pytest.mark.parametrize(("text", "numbers"), [
    ('特許第7533889号,"US 8,930,553 B2"', ["特許第7533889号", "US 8,930,553 B2"]),
    ("US8930553B2,EP3383757B1", ["US8930553B2", "EP3383757B1"]),
    ("JP7533889; US 8,930,553\nEP 3 383 757", ["JP7533889", "US 8,930,553", "EP 3 383 757"]),
    ("US 8,930,553 B2", ["US 8,930,553 B2"]),
    (" ; ,", []),
])
def test_split_numbers(text: str, numbers: list[str]) -> None:
    assert split_numbers(text) == numbers
