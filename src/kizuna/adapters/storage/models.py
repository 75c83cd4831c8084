"""Imports every table module so that ``Base.metadata`` is complete (for Alembic)."""

from kizuna.adapters.storage import (
    accounts,  # noqa: F401
    campaigns,  # noqa: F401
    charts,  # noqa: F401
    companies,  # noqa: F401
    evidence,  # noqa: F401
    landscape,  # noqa: F401
    limitation,  # noqa: F401
    maintenance_fees,  # noqa: F401
    match_programmes,  # noqa: F401
    matching,  # noqa: F401
    patents,  # noqa: F401
    pools,  # noqa: F401
    record_anchors,  # noqa: F401
    royalty,  # noqa: F401
    search,  # noqa: F401
)
