"""External anchors: record one (``campaign anchor``) and read the lines a user kept.

An anchor names the record's head, its position and the signing key at a time;
the user keeps the printed line elsewhere (paper, an e-mail to themselves) and
later gives it back to ``verify --anchor``. An optional RFC 3161 timestamp
token for the head (``openssl ts -query -digest HEAD -sha256``, sent to a
timestamp authority) is stored with the anchor once its message imprint is
checked to be the head: that token, unlike the line, dates the head by a third
party. Its TSA signature is not checked here (``openssl ts -verify`` does).

    >>> report = anchor_record(db, 3, token=Path("head.tsr").read_bytes())  # doctest: +SKIP
    >>> print(report.line)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.domain.record_chain import utc_text
from kizuna.domain.records.anchors import Anchor, format_anchor, parse_anchor
from kizuna.domain.records.timestamps import SHA256_OID, TimestampToken, TokenError, read_token
from kizuna.errors import ConflictError, InvalidValueError, SourceError

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["MAX_ANCHOR_FILE", "MAX_TOKEN", "AnchorReport", "anchor_record", "read_anchors"]

MAX_TOKEN = 64 * 1024  # an RFC 3161 response with its certificates is a few KiB
MAX_ANCHOR_FILE = 1024 * 1024
MAX_ANCHORS = 1000


@dataclass(frozen=True, kw_only=True)
class AnchorReport:
    """A recorded anchor: its line, and what was read from the token if one was given."""

    anchor: Anchor
    token: TimestampToken | None

    @property
    def line(self) -> str:
        return format_anchor(self.anchor)

    def to_json(self) -> dict[str, Any]:
        token = None
        if self.token is not None:
            token = {
                "hash_algorithm": self.token.hash_algorithm,
                "imprint": self.token.imprint.hex(),
                "gen_time": self.token.gen_time,
                "imprint_matches_head": True,
                "tsa_signature_checked": False,
            }
        return {
            "line": self.line,
            "campaign_id": self.anchor.campaign_id,
            "entry": self.anchor.entry,
            "head": self.anchor.head,
            "at": self.anchor.at,
            "key_id": self.anchor.key_id,
            "token": token,
        }


def _token(data: bytes, head: str, name: str) -> TimestampToken:
    if len(data) > MAX_TOKEN:
        raise InvalidValueError(f"{name}: {len(data)} bytes, more than {MAX_TOKEN} for a token")
    try:
        token = read_token(data)
    except TokenError as exc:
        raise InvalidValueError(f"{name}: not an RFC 3161 timestamp token ({exc})") from None
    if token.hash_algorithm != SHA256_OID or token.imprint != bytes.fromhex(head):
        raise InvalidValueError(
            f"{name}: the token's message imprint ({token.hash_algorithm}, "
            f"{token.imprint.hex()[:16]}…) is not the record's head {head[:16]}… (SHA-256): "
            "it timestamps something else"
        )
    return token


def anchor_record(
    database: Database, campaign_id: int, *, token: bytes | None = None, token_name: str = "token"
) -> AnchorReport:
    """Anchor the campaign's current head (refused if the record does not verify)."""
    from kizuna.adapters.storage.record_anchors import SqlAnchorStore
    from kizuna.services.campaigns import get_campaign, verify_campaign

    campaign = get_campaign(database, campaign_id)
    if not campaign.entries:
        raise InvalidValueError(f"campaign {campaign_id} has no entries to anchor")
    result = verify_campaign(database, campaign_id)
    if not result.ok:
        raise ConflictError(
            f"campaign {campaign_id}: the record does not verify (entry {result.break_at}: "
            f"{result.problem}); an anchor would certify a broken record"
        )
    last = campaign.entries[-1]
    anchor = Anchor(
        campaign_id=campaign_id,
        entry=last.seq,
        head=last.hash,
        at=utc_text(datetime.now(UTC).replace(microsecond=0)),
        key_id=last.key_id,
    )
    checked = None if token is None else _token(token, last.hash, token_name)
    SqlAnchorStore(database).add(
        campaign_id, format_anchor(anchor), token, checked.gen_time if checked else None
    )
    return AnchorReport(anchor=anchor, token=checked)


def _parse(line: str, where: str) -> Anchor:
    try:
        return parse_anchor(line)
    except ValueError as exc:
        raise InvalidValueError(f"{where}: {exc}") from None


def read_anchors(lines: Sequence[str] = (), files: Sequence[Path] = ()) -> list[Anchor]:
    """Anchors from ``--anchor`` lines and anchor files (one line each; blank and ``#`` skipped)."""
    anchors = [_parse(line, "--anchor") for line in lines]
    for path in files:
        try:
            size = path.stat().st_size
            if size > MAX_ANCHOR_FILE:
                raise SourceError(path, f"{size} bytes, more than {MAX_ANCHOR_FILE} for anchors")
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise SourceError(path, "not UTF-8 text") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                anchors.append(_parse(line, f"{path.name}:{number}"))
    if len(anchors) > MAX_ANCHORS:
        raise InvalidValueError(f"{len(anchors)} anchors given; at most {MAX_ANCHORS}")
    return anchors
