"""Signing keys for the negotiation record (Ed25519 via ``cryptography``)."""
