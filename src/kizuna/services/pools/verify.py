"""Verify a stored pool's ledger: hash chain, Ed25519 signatures and the signed head.

The same checks as ``campaign verify`` (:func:`kizuna.services.records.verify.check_with_keys`
with this installation's key ring): a rewritten entry (even with every later hash
recomputed), a removed last entry (caught by the signed head statement and the
pool row's head), a reordered or deleted entry, or a forged signature is named.

    >>> verify_pool_ledger(db, "Demo Pool").ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kizuna.domain.pools.ledger import parse_pool_head
from kizuna.domain.record_chain import ChainVerification
from kizuna.domain.records.signatures import HeadStatement
from kizuna.domain.records.trust import RecordInput
from kizuna.services.pools.stored import pool_store
from kizuna.services.records.verify import check_with_keys

if TYPE_CHECKING:
    from kizuna.adapters.signing.keys import KeyRing
    from kizuna.adapters.storage.db import Database

__all__ = ["ledger_json", "verify_pool_ledger"]

NOTICE = (
    "The ledger check says whether the stored entries are those Kizuna wrote and signed; "
    "it is evidence for the pool's members and auditors, not a legal conclusion."
)


def _statement(signed: tuple[str, str, str] | None, pool_id: int) -> HeadStatement | None:
    if signed is None:
        return None
    text, key_id, signature = signed
    parsed = parse_pool_head(text)
    pool, count, head = parsed if parsed else (pool_id, -1, "")
    return HeadStatement(
        campaign_id=pool, count=count, head=head, key_id=key_id, signature=signature, text=text
    )


def verify_pool_ledger(
    database: Database, pool: str, *, head: str | None = None, keys: KeyRing | None = None
) -> ChainVerification:
    """Every check on the pool's ledger as stored; ``head`` is a head hash kept elsewhere."""
    store = pool_store(database)
    stored = store.get(store.find(pool))
    record = RecordInput(
        campaign_id=stored.id,
        entries=stored.entries,
        content_hashes=None,
        expected_head=head or stored.head_hash,
        statement=_statement(stored.signed_head, stored.id),
        where=f"pool {stored.name!r}",
    )
    return check_with_keys(record, keys=keys)


def ledger_json(name: str, result: ChainVerification) -> dict[str, Any]:
    """``{"pool", "verification", "notice"}`` (docs/json.md)."""
    verification = result.to_json()
    verification.pop("attachments", None)
    verification.pop("anchors", None)
    return {"pool": name, "verification": verification, "notice": NOTICE}
