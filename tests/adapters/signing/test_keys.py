"""The signing key: made once, 0600, outside the database; rotation keeps old public keys."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kizuna.adapters.signing.keys import (
    KEY_FILE,
    RING_FILE,
    KeyRing,
    default_key_dir,
    ed25519_verify,
    key_fingerprint,
)
from kizuna.errors import StorageError


def test_the_key_is_made_once_with_private_permissions(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    first = ring.current()
    assert ring.current().key_id == first.key_id  # loaded, not made again
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    for name in (KEY_FILE, RING_FILE):
        assert stat.S_IMODE((tmp_path / "keys" / name).stat().st_mode) == 0o600
    assert list((tmp_path / "keys").glob("*.part")) == []  # no temporary file left
    assert first.key_id == key_fingerprint(first.public_key) and len(first.key_id) == 32


def test_signatures_verify_only_for_the_same_message_and_key(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path)
    key_id, signature = ring.sign(b"kizuna.record-entry/1 abc")
    import base64

    raw = base64.b64decode(signature)
    public = ring.trusted()[key_id].public_key
    assert ed25519_verify(public, raw, b"kizuna.record-entry/1 abc")
    assert not ed25519_verify(public, raw, b"kizuna.record-entry/1 abd")
    assert not ed25519_verify(bytes(32), raw, b"kizuna.record-entry/1 abc")


def test_rotation_keeps_the_old_public_key_and_retires_it(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path)
    old = ring.current()
    seen = []
    new = ring.rotate(lambda o, n: seen.append((o.key_id, n.key_id)))
    assert seen == [(old.key_id, new.key_id)]
    assert ring.current().key_id == new.key_id
    assert set(ring.trusted()) == {old.key_id, new.key_id}
    keys = {k["key_id"]: k for k in json.loads((tmp_path / RING_FILE).read_text())["keys"]}
    assert keys[old.key_id]["retired_at"] and keys[new.key_id]["retired_at"] is None


def test_a_failed_rotation_keeps_the_current_key(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path)
    old = ring.current()

    def refuse(*_: object) -> None:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        ring.rotate(refuse)
    assert ring.current().key_id == old.key_id
    assert list(tmp_path.glob("*.part")) == []


def test_a_damaged_key_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_text("not a key")
    with pytest.raises(StorageError, match=r"record-signing\.key"):
        KeyRing(tmp_path).current()


def test_the_default_folder_is_the_users_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "/data/home")
    assert default_key_dir() == Path("/data/home/kizuna/keys")


def test_a_damaged_key_ring_is_a_clear_error(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path)
    ring.current()
    data = json.loads((tmp_path / RING_FILE).read_text())
    data["keys"][0]["public_key"] = "%%%"
    (tmp_path / RING_FILE).write_text(json.dumps(data))
    with pytest.raises(StorageError, match=r"keyring\.json: a public key is not base64"):
        ring.trusted()
    (tmp_path / RING_FILE).write_text("[]")
    with pytest.raises(StorageError, match="not a Kizuna key ring"):
        ring.trusted()
