"""The installation's Ed25519 signing key, kept in a folder outside the database.

The folder (setting ``key_dir``, ``KIZUNA_KEY_DIR``; default
:func:`default_key_dir`) is created 0700 and holds:

- ``record-signing.key``: the current private key (PKCS#8 PEM, 0600);
- ``keyring.json``: every public key this installation has used, with its key
  id, creation and retirement times (0600).

Files are written through a temporary file and renamed (atomic); the first key
is created with a hard link so that two processes starting together end up
with one key. Key id = the first 32 hex digits of SHA-256 of the raw 32-byte
public key.

    >>> ring = KeyRing(Path("~/.local/share/kizuna/keys").expanduser())  # doctest: +SKIP
    >>> key_id, signature = ring.sign(b"message")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kizuna.domain.record_chain import utc_text
from kizuna.domain.records.signatures import TrustedKey
from kizuna.errors import StorageError

__all__ = ["KeyRing", "SigningKey", "default_key_dir", "ed25519_verify", "key_fingerprint"]

KEY_FILE = "record-signing.key"
RING_FILE = "keyring.json"


def default_key_dir() -> Path:
    """The per-user data folder's ``kizuna/keys`` (XDG on Linux, the OS's folder elsewhere)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kizuna" / "keys"


def key_fingerprint(public_key: bytes) -> str:
    """The key id of a raw Ed25519 public key."""
    return hashlib.sha256(public_key).hexdigest()[:32]


@functools.lru_cache(maxsize=64)
def _public(public_key: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(public_key)  # loaded once per key, not per entry


def ed25519_verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``message`` under ``public_key``."""
    try:
        _public(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class SigningKey:
    """A private key with its key id and raw public key."""

    private: Ed25519PrivateKey
    key_id: str
    public_key: bytes

    @classmethod
    def of(cls, private: Ed25519PrivateKey) -> SigningKey:
        public = _raw_public(private)
        return cls(private, key_fingerprint(public), public)

    def sign(self, message: bytes) -> str:
        """Base64 Ed25519 signature of ``message``."""
        return base64.b64encode(self.private.sign(message)).decode("ascii")


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _temp(folder: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


class KeyRing:
    """The key folder: the current signing key and every public key used before."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _fail(self, what: str, exc: Exception) -> StorageError:
        return StorageError(f"signing key folder {self.folder}: cannot {what}: {exc}")

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise self._fail("create it", exc) from None

    def _read_ring(self) -> dict[str, Any]:
        path = self.folder / RING_FILE
        if not path.exists():
            return {"current": None, "keys": []}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise self._fail(f"read {RING_FILE}", exc) from None
        keys = data.get("keys") if isinstance(data, dict) else None
        if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
            raise StorageError(f"{path}: not a Kizuna key ring")
        return {"current": data.get("current"), "keys": keys}

    def _write_ring(self, data: dict[str, Any]) -> None:
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        _temp(self.folder, text.encode("utf-8")).replace(self.folder / RING_FILE)

    def _record(self, key: SigningKey, *, current: bool) -> None:
        ring = self._read_ring()
        if all(k.get("key_id") != key.key_id for k in ring["keys"]):
            ring["keys"].append(
                {
                    "key_id": key.key_id,
                    "public_key": base64.b64encode(key.public_key).decode("ascii"),
                    "created_at": utc_text(datetime.now(UTC)),  # exact: compared with entries
                    "retired_at": None,
                }
            )
        if current:
            now = utc_text(datetime.now(UTC).replace(microsecond=0))
            for item in ring["keys"]:
                if item["key_id"] != key.key_id and item.get("retired_at") is None:
                    item["retired_at"] = now
            ring["current"] = key.key_id
        self._write_ring(ring)

    def exists(self) -> bool:
        return (self.folder / KEY_FILE).exists()

    def _load(self) -> SigningKey:
        path = self.folder / KEY_FILE
        try:
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise self._fail(f"read {KEY_FILE}", exc) from None
        if not isinstance(private, Ed25519PrivateKey):
            raise StorageError(f"{path}: not an Ed25519 private key")
        return SigningKey.of(private)

    def current(self) -> SigningKey:
        """The current signing key, created (once, atomically) on first use."""
        if not self.exists():
            self._ensure_folder()
            key = SigningKey.of(Ed25519PrivateKey.generate())
            temp = _temp(self.folder, _pem(key.private))
            try:
                os.link(temp, self.folder / KEY_FILE)  # fails if another process won
            except FileExistsError:
                pass
            except OSError as exc:
                raise self._fail(f"write {KEY_FILE}", exc) from None
            finally:
                temp.unlink(missing_ok=True)
        key = self._load()
        if key.key_id not in self.trusted():
            self._record(key, current=True)
        return key

    def sign(self, message: bytes) -> tuple[str, str]:
        """``(key id, base64 signature)`` of ``message`` with the current key."""
        key = self.current()
        return key.key_id, key.sign(message)

    def trusted(self) -> dict[str, TrustedKey]:
        """Every public key of this installation (current and retired), by key id."""
        keys: dict[str, TrustedKey] = {}
        for item in self._read_ring()["keys"]:
            try:
                public = base64.b64decode(str(item.get("public_key", "")), validate=True)
            except (binascii.Error, ValueError, AttributeError):
                where = self.folder / RING_FILE
                raise StorageError(f"{where}: a public key is not base64") from None
            if key_fingerprint(public) == item.get("key_id"):
                keys[item["key_id"]] = TrustedKey(
                    key_id=item["key_id"], public_key=public, source="installation"
                )
        return keys

    def signing_since(self) -> datetime | None:
        """When this installation's first key was created (None before any)."""
        times = [str(k["created_at"]) for k in self._read_ring()["keys"] if k.get("created_at")]
        try:
            return datetime.fromisoformat(min(times)) if times else None
        except ValueError:
            raise StorageError(f"{self.folder / RING_FILE}: a created_at is not a time") from None

    def describe(self) -> dict[str, Any]:
        """The key ring as JSON (public parts only)."""
        ring = self._read_ring()
        return {"key_dir": str(self.folder), "current": ring.get("current"), "keys": ring["keys"]}

    def rotate(self, record: Callable[[SigningKey, SigningKey], None]) -> SigningKey:
        """Replace the current key by a new one; ``record(old, new)`` writes the rotation entries.

        The new public key joins the key ring before ``record`` runs (so its
        entries verify even if the process dies afterwards); the private key
        file is replaced only after ``record`` succeeded.
        """
        old = self.current()
        new = SigningKey.of(Ed25519PrivateKey.generate())
        temp = _temp(self.folder, _pem(new.private))
        try:
            self._record(new, current=False)
            record(old, new)
            temp.replace(self.folder / KEY_FILE)
        finally:
            temp.unlink(missing_ok=True)
        self._record(new, current=True)
        return new
