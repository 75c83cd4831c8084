"""The one ``MetaData`` every table registers on, with a constraint naming convention.

Kept apart from :mod:`kizuna.adapters.storage.base` (the ORM's declarative base) so
that Core tables, such as the patent record's in ``patent_tables``, load without
SQLAlchemy's ORM: a read such as ``kizuna patents list`` starts faster (issue 11.15).
The naming convention makes Alembic batch migrations on SQLite reproducible.
"""

from __future__ import annotations

from sqlalchemy import MetaData

__all__ = ["NAMING_CONVENTION", "metadata"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
