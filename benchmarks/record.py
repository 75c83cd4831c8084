"""Negotiation-record benchmark: what signing costs over the plain hash chain.

Run: ``.venv/bin/python benchmarks/record.py [--sizes 1000,10000]``. For each size,
in one run and on in-memory chains (no database): sealing N entries with SHA-256
only vs sealing and signing each entry (Ed25519, ``cryptography``); verifying the
hash chain only vs the full check (chain + every signature + the signed head).
Figures are per-entry times and the ratio signed/unsigned, measured here, now.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from kizuna.adapters.signing.keys import SigningKey, ed25519_verify, key_fingerprint  # noqa: E402
from kizuna.domain.campaign import RecordEntry  # noqa: E402
from kizuna.domain.record_chain import GENESIS, seal, verify_chain  # noqa: E402
from kizuna.domain.records.signatures import (  # noqa: E402
    TrustedKey,
    entry_message,
    head_statement,
    parse_head_statement,
)
from kizuna.domain.records.trust import RecordInput, check_record  # noqa: E402

CAMPAIGN = 1


def _raw(seq: int) -> RecordEntry:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return RecordEntry(
        seq=seq,
        kind="meeting",
        summary=f"第{seq}回 面談: offer 3 % of net sales",
        occurred_on=date(2026, 1, 1) + timedelta(days=seq % 300),
        recorded_at=start + timedelta(minutes=seq),
        actor="bench",
    )


def _build(count: int, key: SigningKey | None) -> list[RecordEntry]:
    entries, prev = [], GENESIS
    for seq in range(1, count + 1):
        sealed = seal(CAMPAIGN, _raw(seq), prev)
        if key is not None:
            signature = key.sign(entry_message(sealed.hash))
            sealed = replace(sealed, key_id=key.key_id, signature=signature)
        entries.append(sealed)
        prev = sealed.hash
    return entries


def _timed(action: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    return time.perf_counter() - start, result


def run(count: int) -> None:
    key = SigningKey.of(Ed25519PrivateKey.generate())
    plain_s, _ = _timed(lambda: _build(count, None))
    signed_s, entries = _timed(lambda: _build(count, key))
    text = head_statement(CAMPAIGN, count, entries[-1].hash)  # type: ignore[index]
    statement = parse_head_statement(text, key.key_id, key.sign(text.encode()))
    keys = {key.key_id: TrustedKey(key_id=key.key_id, public_key=key.public_key, source="b")}
    record = RecordInput(
        campaign_id=CAMPAIGN,
        entries=entries,  # type: ignore[arg-type]
        content_hashes={},
        expected_head=None,
        statement=statement,
    )
    chain_s, chain = _timed(lambda: verify_chain(CAMPAIGN, entries))  # type: ignore[arg-type]
    full_s, full = _timed(
        lambda: check_record(record, keys=keys, verify=ed25519_verify, fingerprint=key_fingerprint)
    )
    assert chain.ok and full.ok  # type: ignore[attr-defined]
    per = 1e6 / count
    print(
        f"{count:>7} entries | seal {plain_s * per:6.1f} µs/entry, seal+sign {signed_s * per:6.1f} "
        f"µs/entry (×{signed_s / plain_s:.1f}) | verify chain {chain_s * per:6.1f} µs/entry, "
        f"chain+signatures+head {full_s * per:6.1f} µs/entry (×{full_s / chain_s:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size)


if __name__ == "__main__":
    main()
