"""Checks that a listing reads in an 80-column terminal and that its CSV holds the full data."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from rich.cells import cell_len

from kizuna.cli.common import console

__all__ = ["assert_fits_80", "at_80_columns", "csv_rows"]


def at_80_columns(call: Callable[[], tuple[int, Any, str]]) -> tuple[int, Any, str]:
    """Run ``call`` with the console 80 columns wide (as ``COLUMNS=80`` would make it)."""
    width = console.width
    console.width = 80
    try:
        return call()
    finally:
        console.width = width


def assert_fits_80(text: str, whole: Iterable[str]) -> None:
    """No line of ``text`` is wider than 80 cells, and each of ``whole`` (identifiers such as
    patent numbers) appears unbroken on one line."""
    lines = text.splitlines()
    assert lines, "no output"
    widest = max(lines, key=cell_len)
    assert cell_len(widest) <= 80, widest
    for value in whole:
        assert any(value in line for line in lines), f"{value!r} is broken or missing"


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV document (header first)."""
    return list(csv.DictReader(io.StringIO(text)))
