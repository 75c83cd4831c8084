"""Lists of patent numbers as people type them: ``特許第7533889号, US 8,930,553 B2``.

A semicolon or a line break always separates numbers. A comma separates them
too, unless it is a thousands separator inside a number (a digit, the comma,
then exactly three digits and no fourth: ``8,930,553``). So
``特許第7533889号,"US 8,930,553 B2"`` is two numbers, and ``US8930553B2,EP3383757B1``
is two as well.

    >>> split_numbers("特許第7533889号,US 8,930,553 B2")
    ['特許第7533889号', 'US 8,930,553 B2']
"""

from __future__ import annotations

import re

__all__ = ["split_numbers"]

_BETWEEN_NUMBERS = re.compile(r"[;\n]|(?<!\d),|,(?!\d{3}(?:\D|$))")


def split_numbers(text: str) -> list[str]:
    """The numbers in ``text`` (rules in the module docstring), stripped, empties dropped."""
    return [part.strip().strip('"').strip() for part in _BETWEEN_NUMBERS.split(text)
            if part.strip().strip('"').strip()]
