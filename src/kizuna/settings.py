"""Settings, read from the environment (prefix ``KIZUNA_``) by :func:`get_settings`.

| setting | env variable | default |
|---|---|---|
| ``database_url`` | ``KIZUNA_DATABASE_URL`` | ``sqlite:///./kizuna.db`` |
| ``max_file_bytes`` | ``KIZUNA_MAX_FILE_BYTES`` | 2 GiB (larger files are refused) |
| ``campaign_periods`` | ``KIZUNA_CAMPAIGN_PERIODS`` | none (TOML overriding campaign periods) |
| ``max_attachment_bytes`` | ``KIZUNA_MAX_ATTACHMENT_BYTES`` | 25 MiB (campaign attachments) |
| ``cache_dir`` | ``KIZUNA_CACHE_DIR`` | ``./.kizuna-cache`` (retrieval vectors, tokens) |
| ``embedder_path`` | ``KIZUNA_EMBEDDER_PATH`` | unset (local sentence-transformers/ONNX dir) |

The CLI's ``--db PATH`` option overrides ``database_url`` with a SQLite file.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "sqlite_url"]


class Settings(BaseSettings):
    """Kizuna's settings; see the module docstring for the table."""

    model_config = SettingsConfigDict(env_prefix="KIZUNA_", extra="ignore")

    database_url: str = "sqlite:///./kizuna.db"
    max_file_bytes: int = 2 * 1024**3
    campaign_periods: Path | None = None
    max_attachment_bytes: int = 25 * 1024**2
    cache_dir: Path = Path(".kizuna-cache")
    embedder_path: Path | None = None


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)  # type: ignore[arg-type]


def sqlite_url(path: str | Path) -> str:
    """SQLAlchemy URL of a SQLite database file."""
    return f"sqlite:///{Path(path)}"
