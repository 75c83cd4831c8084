"""Imports every table module so that ``Base.metadata`` is complete (for Alembic)."""

from kizuna.adapters.storage import (
    patents,  # noqa: F401
    royalty,  # noqa: F401
)
