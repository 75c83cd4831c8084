"""Declarative base shared by every ORM table, on the one shared ``metadata``.

Each feature keeps its tables in its own module (``patents.py``,
``royalty.py``…); all register on this one ``Base.metadata``, which is
:data:`kizuna.adapters.storage.metadata.metadata` (Core tables use it directly).
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from kizuna.adapters.storage.metadata import NAMING_CONVENTION, metadata

__all__ = ["NAMING_CONVENTION", "Base"]


class Base(DeclarativeBase):
    metadata = metadata
