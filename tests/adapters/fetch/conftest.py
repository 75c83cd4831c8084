"""Every test here runs with the network refused (tests/adapters/fetch/recorded.py)."""

from __future__ import annotations

import pytest

from tests.adapters.fetch.recorded import no_network

__all__ = ["no_network"]


@pytest.fixture(autouse=True)
def _offline(no_network: None) -> None:
    """Fail any request that would leave the machine."""
