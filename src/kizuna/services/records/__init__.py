"""The negotiation record's trust: the signing key, rotation, anchors and full verification.

``keys`` (the installation's key, rotation), ``anchors`` (``campaign anchor``),
``verify`` (``campaign verify`` on the database and on an exported file).
"""
