"""Shared helpers of the corpus tests: the sample inputs and a byte-level corpus snapshot."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCES = [DATA / "ingest", DATA / "corpus"]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every partition file's bytes, by relative path (what "identical output" compares)."""
    files = sorted([*root.glob("documents/*.parquet"), *root.glob("claims/*.parquet"),
                    *root.glob("citations/*.parquet")])
    return {str(p.relative_to(root)): p.read_bytes() for p in files}
