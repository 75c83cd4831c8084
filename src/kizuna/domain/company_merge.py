"""Merging a re-imported company row into the stored company (pure rules).

A company file is often a partial update: a row gives a few fields and leaves
the rest empty. An empty cell never erases what is stored. The rules, per
field (docs/companies.md, "Re-import"):

* **replace** when the row gives a value: ``name_ja``, ``name_en``,
  ``name_kana``, ``corporate_number``, ``parent``, ``country`` and the Japan
  revenue (amount, currency, date, line, source together: a newer figure
  replaces the older one);
* **add** to the stored list, keeping stored items first and in order:
  ``aliases``, ``former_names``, ``jsic``, ``products``, ``urls``, ``signals``;
* **keep** the stored value for every field the row leaves empty.

A primary name that is replaced by a different one is added to ``aliases`` so
resolution still finds the company under the name it was known by.

    >>> stored = Company(id=3, name_ja="キヤノン株式会社", products=("cameras", "copiers"))
    >>> new = Company(name_ja="キヤノン株式会社", products=("cameras",))
    >>> merge_company(stored, new, given=frozenset({"name_ja", "products"})).products
    ('cameras', 'copiers')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kizuna.domain.company import Company

__all__ = ["ADD_FIELDS", "REPLACE_FIELDS", "FieldChange", "company_changes", "merge_company"]

REPLACE_FIELDS = ("name_ja", "name_en", "name_kana", "corporate_number", "parent", "country")
ADD_FIELDS = ("aliases", "former_names", "jsic", "products", "urls", "signals")
_REVENUE_KEYS = ("japan_revenue", "revenue_currency", "revenue_date")
_NAMES = ("name_ja", "name_en", "name_kana")


@dataclass(frozen=True, kw_only=True)
class FieldChange:
    """One field of a stored company that an import changes: old and new value."""

    field: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        """``{field, old, new}`` (lists as lists, revenue as text)."""
        return {"field": self.field, "old": _plain(self.old), "new": _plain(self.new)}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _added(stored: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    return stored + tuple(item for item in new if item not in stored)


def merge_company(stored: Company, incoming: Company, *, given: frozenset[str]) -> Company:
    """``stored`` updated with the fields ``incoming`` gives (``given`` names them).

    ``given`` holds the column names that had a non-empty value in the row; a
    field outside it keeps its stored value.
    """
    updates: dict[str, Any] = {}
    for name in REPLACE_FIELDS:
        if name in given:
            updates[name] = getattr(incoming, name)
    for name in ADD_FIELDS:
        if name in given:
            updates[name] = _added(getattr(stored, name), getattr(incoming, name))
    if given & set(_REVENUE_KEYS) and incoming.japan_revenue is not None:
        updates["japan_revenue"] = incoming.japan_revenue
    merged = replace(stored, **updates)
    old_names = [getattr(stored, n) for n in _NAMES if getattr(stored, n)]
    new_names = set(merged.names)
    kept = tuple(n for n in old_names if n not in new_names)
    if kept:
        merged = replace(merged, aliases=_added(merged.aliases, kept))
    return replace(merged, source=incoming.source or stored.source)


def company_changes(before: Company, after: Company) -> list[FieldChange]:
    """The fields that differ between ``before`` and ``after`` (the import's diff)."""
    changes = []
    for name in (*REPLACE_FIELDS, *ADD_FIELDS, "japan_revenue"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            if name == "japan_revenue":
                old = None if old is None else f"{old.amount} {old.currency} {old.as_of}"
                new = None if new is None else f"{new.amount} {new.currency} {new.as_of}"
            changes.append(FieldChange(field=name, old=old, new=new))
    return changes
