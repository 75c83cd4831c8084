"""Verify a campaign's record in the database: chain, signatures, signed head, anchors, bytes.

Trusted keys are this installation's (from its key folder, never from the
database) and those that rotation entries signed by them introduce. Anchors
are those the user gives back (``given``) and those stored by ``campaign
anchor`` (``stored``; an insider could delete those, so keep the lines).

    >>> verify_campaign_record(db, 1, anchors=[parse_anchor(line)]).ok  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kizuna.domain.record_chain import ChainProblem, ChainVerification
from kizuna.domain.records.anchors import Anchor, parse_anchor
from kizuna.domain.records.signatures import (
    HeadStatement,
    TrustedKey,
    parse_head_statement,
)
from kizuna.domain.records.trust import RecordInput, check_record
from kizuna.services.records.keys import installation_keys

if TYPE_CHECKING:
    from kizuna.adapters.signing.keys import KeyRing
    from kizuna.adapters.storage.db import Database

__all__ = ["check_with_keys", "readable_anchors", "stored_anchors", "verify_campaign_record"]


def _token_problem(anchor: Anchor, token: bytes, source: str) -> ChainProblem | None:
    from kizuna.domain.records.timestamps import SHA256_OID, TokenError, read_token

    try:
        read = read_token(token)
        if read.hash_algorithm == SHA256_OID and read.imprint == bytes.fromhex(anchor.head):
            return None
    except TokenError:
        pass
    return ChainProblem(
        seq=anchor.entry,
        kind="anchor",
        message=f"the timestamp token of the {source} anchor of {anchor.at} does not timestamp "
        f"its head {anchor.head[:12]}… (the token or the anchor was changed)",
    )


def readable_anchors(
    items: Sequence[tuple[str, bytes | None]], source: str, where: str
) -> tuple[list[tuple[Anchor, str]], list[ChainProblem]]:
    """Anchors kept with the record (``source``): a problem for each unreadable line and
    each timestamp token whose message imprint is not its anchor's head."""
    found, problems = [], []
    for number, (line, token) in enumerate(items, start=1):
        try:
            anchor = parse_anchor(line)
        except ValueError as exc:
            message = f"{source} anchor {number} of {where} cannot be read (changed?): {exc}"
            problems.append(ChainProblem(seq=0, kind="anchor", message=message))
            continue
        found.append((anchor, source))
        problem = _token_problem(anchor, token, source) if token else None
        if problem is not None:
            problems.append(problem)
    return found, problems


def stored_anchors(
    database: Database, campaign_id: int
) -> tuple[list[tuple[Anchor, str]], list[ChainProblem]]:
    """The anchors ``campaign anchor`` stored for the campaign, each marked ``stored``."""
    from kizuna.adapters.storage.record_anchors import SqlAnchorStore

    items = [(line, token) for line, token, _time in SqlAnchorStore(database).of(campaign_id)]
    return readable_anchors(items, "stored", f"campaign {campaign_id}")


def check_with_keys(
    record: RecordInput,
    *,
    keys: KeyRing | None,
    extra: Mapping[str, TrustedKey] | None = None,
    local: bool = True,
    only: Sequence[str] = (),
) -> ChainVerification:
    """:func:`check_record` with this installation's keys (plus ``extra``) and Ed25519.

    ``local``: the record was written here, so an unsigned entry recorded after
    this installation began signing is a problem (not so for another's export).
    ``only``: trust just these key ids (and the keys their rotations introduce).
    """
    from kizuna.adapters.signing.keys import ed25519_verify, key_fingerprint

    ring = keys or installation_keys()
    trusted = {**(extra or {}), **ring.trusted()}
    if only:
        trusted = {key_id: key for key_id, key in trusted.items() if key_id in only}
    if local:
        record = replace(record, signing_since=ring.signing_since())
    return check_record(record, keys=trusted, verify=ed25519_verify, fingerprint=key_fingerprint)


def verify_campaign_record(
    database: Database,
    campaign_id: int,
    *,
    head: str | None = None,
    anchors: Sequence[Anchor] = (),
    keys: KeyRing | None = None,
) -> ChainVerification:
    """Every check on the campaign's record as stored; ``anchors`` are lines the user kept."""
    from kizuna.adapters.storage.campaigns import SqlCampaignStore

    store = SqlCampaignStore(database)
    campaign = store.get(campaign_id)
    signed = store.signed_head(campaign_id)
    statement: HeadStatement | None = None
    if signed is not None:
        statement = parse_head_statement(*signed) or HeadStatement(
            campaign_id=campaign_id,
            count=-1,
            head="",
            key_id=signed[1],
            signature=signed[2],
            text=signed[0],
        )
    stored, unreadable = stored_anchors(database, campaign_id)
    record = RecordInput(
        campaign_id=campaign_id,
        entries=campaign.entries,
        content_hashes=store.attachment_hashes(campaign_id),
        expected_head=head or store.head(campaign_id)[0],
        statement=statement,
        anchors=[*((a, "given") for a in anchors), *stored],
        where=f"campaign {campaign_id}",
        problems=unreadable,
    )
    return check_with_keys(record, keys=keys)
