"""Only http(s) links: ``safe_url`` (a Jinja filter) answers "" for anything else.

Stored company URLs and evidence source URLs come from user files; a value such
as ``javascript:alert(9)`` must never become a live ``<a href>``. Templates
write ``{% if u | safe_url %}<a href="{{ u | safe_url }}">…{% else %}{{ u }}{% endif %}``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["safe_url"]


def safe_url(value: object) -> str:
    """``value`` when it is an absolute http or https URL with a host, else ""."""
    if not isinstance(value, str) or len(value) > 2000:
        return ""
    text = value.strip()
    if any(ord(ch) < 0x21 for ch in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return ""
    return text
