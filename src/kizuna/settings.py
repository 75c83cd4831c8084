"""Settings, read from the environment (prefix ``KIZUNA_``) by :func:`get_settings`.

| setting | env variable | default |
|---|---|---|
| ``database_url`` | ``KIZUNA_DATABASE_URL`` | ``sqlite:///./kizuna.db`` |
| ``max_file_bytes`` | ``KIZUNA_MAX_FILE_BYTES`` | 2 GiB (larger files are refused) |
| ``campaign_periods`` | ``KIZUNA_CAMPAIGN_PERIODS`` | none (TOML overriding campaign periods) |
| ``max_attachment_bytes`` | ``KIZUNA_MAX_ATTACHMENT_BYTES`` | 25 MiB (campaign attachments) |
| ``cache_dir`` | ``KIZUNA_CACHE_DIR`` | ``./.kizuna-cache`` (retrieval vectors, tokens) |
| ``key_dir`` | ``KIZUNA_KEY_DIR`` | the user's data folder ``kizuna/keys`` (record signing key) |
| ``evidence_max_bytes`` | ``KIZUNA_EVIDENCE_MAX_BYTES`` | 128 MiB per file |
| ``evidence_max_pages`` | ``KIZUNA_EVIDENCE_MAX_PAGES`` | 2,000 pages per PDF |
| ``evidence_max_chars`` | ``KIZUNA_EVIDENCE_MAX_CHARS`` | 64 Mi characters per file |
| ``evidence_max_passages`` | ``KIZUNA_EVIDENCE_MAX_PASSAGES`` | 250,000 per file |
| ``max_json_body_bytes`` | ``KIZUNA_MAX_JSON_BODY_BYTES`` | 1 MiB (JSON/form body) |
| ``max_upload_body_bytes`` | ``KIZUNA_MAX_UPLOAD_BODY_BYTES`` | 512 MiB (upload body) |
| ``sqlite_busy_timeout`` | ``KIZUNA_SQLITE_BUSY_TIMEOUT`` | 30 s (lock wait) |
| ``screen_max_pairs`` | ``KIZUNA_SCREEN_MAX_PAIRS`` | 200 (``/api/screen``) |
| ``allowed_hosts`` | ``KIZUNA_ALLOWED_HOSTS`` | ``localhost,127.0.0.1,::1`` (Host names, commas) |
| ``cookie_secure`` | ``KIZUNA_COOKIE_SECURE`` | false (true: cookie only over HTTPS, behind TLS) |
| ``embedder_path`` | ``KIZUNA_EMBEDDER_PATH`` | unset (local sentence-transformers/ONNX dir) |
| ``corpus_dir`` | ``KIZUNA_CORPUS_DIR`` | unset (the corpus ``/corpus`` searches) |
| ``epo_ops_key`` | ``KIZUNA_EPO_OPS_KEY`` | unset (EPO OPS consumer key, ``kizuna fetch``) |
| ``epo_ops_secret`` | ``KIZUNA_EPO_OPS_SECRET`` | unset (EPO OPS consumer secret) |
| ``uspto_odp_api_key`` | ``KIZUNA_USPTO_ODP_API_KEY`` | unset (USPTO ODP ``X-API-KEY``) |
| ``jpo_api_user`` | ``KIZUNA_JPO_API_USER`` | unset (JPO 特許情報取得API user ID) |
| ``jpo_api_password`` | ``KIZUNA_JPO_API_PASSWORD`` | unset (JPO API password) |
| ``jpo_api_token_url`` | ``KIZUNA_JPO_API_TOKEN_URL`` | ``https://ip-data.jpo.go.jp/auth/token`` |
| ``fetch_timeout`` | ``KIZUNA_FETCH_TIMEOUT`` | 30 s per request to an office |
| ``fetch_max_bytes`` | ``KIZUNA_FETCH_MAX_BYTES`` | 16 MiB per office answer (more: refused) |

Limits are explained in docs/limits.md. The ``kizuna fetch`` credentials are the user's
own (docs/cli/fetch.md); the JPO names its token URL when it grants API access.

The CLI's ``--db PATH`` option overrides ``database_url`` with a SQLite file.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from kizuna.errors import InvalidValueError

__all__ = ["Settings", "get_settings", "sqlite_url"]


class Settings(BaseSettings):
    """Kizuna's settings; see the module docstring for the table."""

    model_config = SettingsConfigDict(env_prefix="KIZUNA_", extra="ignore")

    database_url: str = "sqlite:///./kizuna.db"
    max_file_bytes: int = 2 * 1024**3
    campaign_periods: Path | None = None
    max_attachment_bytes: int = 25 * 1024**2
    cache_dir: Path = Path(".kizuna-cache")
    key_dir: Path | None = None  # None: adapters.signing.keys.default_key_dir()
    evidence_max_bytes: int = Field(default=128 * 1024**2, ge=1)
    evidence_max_pages: int = Field(default=2_000, ge=1)
    evidence_max_chars: int = Field(default=64 * 1024**2, ge=1)
    evidence_max_passages: int = Field(default=250_000, ge=1)
    max_json_body_bytes: int = Field(default=1024**2, ge=1024)
    max_upload_body_bytes: int = Field(default=512 * 1024**2, ge=1024)
    sqlite_busy_timeout: float = Field(default=30.0, ge=0, le=3600)
    screen_max_pairs: int = Field(default=200, ge=1)
    allowed_hosts: str = "localhost,127.0.0.1,::1"
    cookie_secure: bool = False
    embedder_path: Path | None = None
    corpus_dir: Path | None = None
    # kizuna fetch: the user's own credentials; SecretStr keeps them out of reprs and logs
    epo_ops_key: SecretStr | None = None
    epo_ops_secret: SecretStr | None = None
    uspto_odp_api_key: SecretStr | None = None
    jpo_api_user: SecretStr | None = None
    jpo_api_password: SecretStr | None = None
    jpo_api_token_url: str = "https://ip-data.jpo.go.jp/auth/token"
    fetch_timeout: float = Field(default=30.0, gt=0, le=600)
    fetch_max_bytes: int = Field(default=16 * 1024**2, ge=1024, le=1024**3)

    def host_names(self) -> list[str]:
        """``allowed_hosts`` as a list of names."""
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning.

    An invalid value raises :class:`~kizuna.errors.InvalidValueError` naming its
    variable (``KIZUNA_FETCH_TIMEOUT: Input should be greater than 0``), never a
    traceback; the value itself is not repeated (it may be a secret).
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        raise InvalidValueError(f"KIZUNA_{name.upper()}: {first['msg']}") from exc


def sqlite_url(path: str | Path) -> str:
    """SQLAlchemy URL of a SQLite database file."""
    return f"sqlite:///{Path(path)}"
