"""Single-document fetchers for the offices' public APIs (``kizuna fetch``), optional.

One module per office: :mod:`~kizuna.adapters.fetch.epo_ops` (EPO OPS v3.2),
:mod:`~kizuna.adapters.fetch.uspto_odp` (USPTO Open Data Portal) and
:mod:`~kizuna.adapters.fetch.jpo_api` (JPO 特許情報取得API), all over the bounded,
retrying client of :mod:`~kizuna.adapters.fetch.http`. Each uses the user's own
credentials from the settings; :func:`build_fetchers` makes them (no connection
is opened until a number is fetched).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kizuna.adapters.fetch.epo_ops import EpoOpsFetcher
from kizuna.adapters.fetch.http import OfficeHttp
from kizuna.adapters.fetch.jpo_api import JpoApiFetcher
from kizuna.adapters.fetch.uspto_odp import UsptoOdpFetcher

if TYPE_CHECKING:
    import httpx2
    from pydantic import SecretStr

    from kizuna.services.fetch.ports import DocumentFetcher
    from kizuna.settings import Settings

__all__ = ["EpoOpsFetcher", "JpoApiFetcher", "OfficeHttp", "UsptoOdpFetcher", "build_fetchers"]


def build_fetchers(
    settings: Settings, *, transport: httpx2.BaseTransport | None = None
) -> dict[str, DocumentFetcher]:
    """The three fetchers by office (``ep``, ``us``, ``jp``), from ``settings``.

    ``transport`` replaces the network (tests pass ``httpx2.MockTransport``).
    """

    def http(office: str, unit: float = 1.0) -> OfficeHttp:
        return OfficeHttp(office=office, timeout=settings.fetch_timeout,
                          max_bytes=settings.fetch_max_bytes, transport=transport,
                          retry_after_unit=unit)

    return {
        "ep": EpoOpsFetcher(key=_secret(settings.epo_ops_key),
                            secret=_secret(settings.epo_ops_secret),
                            http=http("EPO OPS", 0.001)),
        "us": UsptoOdpFetcher(api_key=_secret(settings.uspto_odp_api_key),
                              http=http("USPTO ODP")),
        "jp": JpoApiFetcher(user=_secret(settings.jpo_api_user),
                            password=_secret(settings.jpo_api_password),
                            token_url=settings.jpo_api_token_url, http=http("JPO API")),
    }


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None
