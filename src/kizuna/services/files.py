"""Reading a user's input file with its size checked first (one clear line when too large).

    >>> data = read_bounded(Path("pool.toml"), limit=20 * 1024 * 1024)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from kizuna.errors import InvalidValueError

__all__ = ["read_bounded"]


def read_bounded(path: Path, *, limit: int) -> bytes:
    """The bytes of ``path``, refused before reading when larger than ``limit``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidValueError(f"{path}: cannot be read ({exc.strerror})") from None
    if size > limit:
        raise InvalidValueError(f"{path}: {size} bytes, above the {limit} byte limit")
    return path.read_bytes()
