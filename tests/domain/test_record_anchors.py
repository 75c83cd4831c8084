"""Anchor lines and RFC 3161 token reading (pure)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kizuna.domain.records.anchors import Anchor, format_anchor, parse_anchor
from kizuna.domain.records.timestamps import SHA256_OID, TokenError, read_token

HEAD = "ab" * 32


def test_an_anchor_line_round_trips() -> None:
    anchor = Anchor(campaign_id=3, entry=6, head=HEAD, at="2026-12-07T12:50:00Z", key_id="c" * 32)
    line = format_anchor(anchor)
    assert line == (
        f"kizuna-anchor/1 campaign=3 entry=6 head={HEAD} at=2026-12-07T12:50:00Z key={'c' * 32}"
    )
    assert parse_anchor(f"  {line}\n") == anchor
    unsigned = Anchor(campaign_id=3, entry=1, head=HEAD, at="2026-12-07T12:50:00Z", key_id=None)
    assert parse_anchor(format_anchor(unsigned)) == unsigned


@pytest.mark.parametrize(
    "line",
    [
        "",
        "kizuna-anchor/1 campaign=3 entry=6",
        f"kizuna-anchor/1 campaign=3 entry=0 head={HEAD} at=2026-12-07T12:50:00Z key=none",
        f"kizuna-anchor/1 campaign=3 entry=6 head={HEAD[:-1]} at=2026-12-07T12:50:00Z key=none",
        "x" * 400,
    ],
)
def test_a_bad_anchor_line_is_refused(line: str) -> None:
    with pytest.raises(ValueError, match="anchor line"):
        parse_anchor(line)


def make_token(folder: Path, digest_hex: str) -> bytes:
    """A real RFC 3161 response from `openssl ts` with a throwaway TSA (skips without openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    config = folder / "ts.cnf"
    config.write_text(
        "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = ./serial\nsigner_digest = sha256\n"
        "default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\n"
        "ess_cert_id_alg = sha256\n"
    )
    (folder / "serial").write_text("01\n")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    run(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "tsa.key",
        "-out",
        "tsa.crt",
        "-subj",
        "/CN=Test TSA",
        "-addext",
        "extendedKeyUsage=critical,timeStamping",
        "-days",
        "2",
    )
    run("ts", "-query", "-digest", digest_hex, "-sha256", "-cert", "-out", "q.tsq")
    run(
        "ts",
        "-reply",
        "-queryfile",
        "q.tsq",
        "-signer",
        "tsa.crt",
        "-inkey",
        "tsa.key",
        "-out",
        "r.tsr",
        "-config",
        "ts.cnf",
    )
    return (folder / "r.tsr").read_bytes()


def test_a_real_token_gives_its_imprint_and_time(tmp_path: Path) -> None:
    token = read_token(make_token(tmp_path, HEAD))
    assert token.hash_algorithm == SHA256_OID
    assert token.imprint == bytes.fromhex(HEAD)
    assert len(token.gen_time) == 15 and token.gen_time.endswith("Z")


@pytest.mark.parametrize("data", [b"", b"\x30\x03\x02\x01\x01", b"%PDF-1.7 not a token" * 10])
def test_other_bytes_are_not_a_token(data: bytes) -> None:
    with pytest.raises(TokenError):
        read_token(data)


def test_a_truncated_token_is_refused(tmp_path: Path) -> None:
    data = make_token(tmp_path, HEAD)
    cut = data.find(bytes.fromhex(HEAD))
    with pytest.raises(TokenError):
        read_token(data[: cut + 10])
