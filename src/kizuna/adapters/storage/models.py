"""Imports every table module so that ``Base.metadata`` is complete (for Alembic)."""

from kizuna.adapters.storage import (
    campaigns,  # noqa: F401
    charts,  # noqa: F401
    companies,  # noqa: F401
    evidence,  # noqa: F401
    landscape,  # noqa: F401
    patents,  # noqa: F401
    royalty,  # noqa: F401
    search,  # noqa: F401
)
