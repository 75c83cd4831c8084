"""RFC 3161 timestamp tokens: read the TSTInfo's message imprint and time (no signature check).

A token (``.tsr`` TimeStampResp or a bare TimeStampToken, DER) is a CMS
SignedData whose encapsulated content (type id-ct-TSTInfo,
1.2.840.113549.1.9.16.1.4) is ``TSTInfo ::= SEQUENCE { version, policy,
messageImprint SEQUENCE { hashAlgorithm, hashedMessage OCTET STRING },
serialNumber, genTime GeneralizedTime, … }`` (RFC 3161 §2.4.2). This module
finds that content, walks its DER and returns the imprint's algorithm, bytes
and ``genTime``. What it does NOT check: the TSA's signature and certificate
chain — check those with ``openssl ts -verify`` and the TSA's certificate.

    >>> read_token(Path("head.tsr").read_bytes()).imprint.hex()  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SHA256_OID", "TimestampToken", "TokenError", "read_token"]

#: id-ct-TSTInfo as a DER OBJECT IDENTIFIER (tag, length, value).
_TSTINFO_OID = bytes.fromhex("060b2a864886f70d0109100104")
SHA256_OID = "2.16.840.1.101.3.4.2.1"
_OIDS = {
    bytes.fromhex("608648016503040201"): SHA256_OID,
    bytes.fromhex("608648016503040202"): "2.16.840.1.101.3.4.2.2",  # SHA-384
    bytes.fromhex("608648016503040203"): "2.16.840.1.101.3.4.2.3",  # SHA-512
    bytes.fromhex("2b0e03021a"): "1.3.14.3.2.26",  # SHA-1
}


class TokenError(ValueError):
    """The bytes are not an RFC 3161 timestamp token this reader understands."""


@dataclass(frozen=True, kw_only=True)
class TimestampToken:
    """The parts of a token's TSTInfo that an anchor check uses."""

    hash_algorithm: str  # dotted OID
    imprint: bytes
    gen_time: str  # GeneralizedTime text, e.g. 20261207125000Z


def _tlv(data: bytes, at: int) -> tuple[int, int, int]:
    """``(tag, start of value, end of value)`` of the DER element at ``at``."""
    if at + 2 > len(data):
        raise TokenError("truncated DER")
    tag, first = data[at], data[at + 1]
    at += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or at + count > len(data):
            raise TokenError("unsupported DER length")
        length = int.from_bytes(data[at : at + count], "big")
        at += count
    if at + length > len(data):
        raise TokenError("truncated DER")
    return tag, at, at + length


def _expect(data: bytes, at: int, tag: int, what: str) -> tuple[int, int]:
    found, start, end = _tlv(data, at)
    if found != tag:
        raise TokenError(f"{what}: expected DER tag {tag:#04x}, found {found:#04x}")
    return start, end


def read_token(data: bytes) -> TimestampToken:
    """The message imprint and time of an RFC 3161 token (TimeStampResp or TimeStampToken)."""
    where = data.find(_TSTINFO_OID)
    if where < 0:
        raise TokenError("no TSTInfo (id-ct-TSTInfo) content found: not an RFC 3161 token")
    start, _ = _expect(data, where + len(_TSTINFO_OID), 0xA0, "eContent")
    start, _ = _expect(data, start, 0x04, "eContent octets")
    info, _ = _expect(data, start, 0x30, "TSTInfo")
    _, _, at = _tlv(data, info)  # version
    _, _, at = _tlv(data, at)  # policy
    imprint, after_imprint = _expect(data, at, 0x30, "messageImprint")
    algorithm, after_algorithm = _expect(data, imprint, 0x30, "hashAlgorithm")
    oid_start, oid_end = _expect(data, algorithm, 0x06, "hashAlgorithm OID")
    oid = bytes(data[oid_start:oid_end])
    digest_start, digest_end = _expect(data, after_algorithm, 0x04, "hashedMessage")
    _, _, at = _tlv(data, after_imprint)  # serialNumber
    time_start, time_end = _expect(data, at, 0x18, "genTime")
    return TimestampToken(
        hash_algorithm=_OIDS.get(oid, oid.hex()),
        imprint=bytes(data[digest_start:digest_end]),
        gen_time=data[time_start:time_end].decode("ascii", errors="replace"),
    )
