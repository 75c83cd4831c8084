"""The negotiation record's trust: signatures, signed heads, external anchors, timestamp tokens.

The hash chain itself is :mod:`kizuna.domain.record_chain`.
"""
