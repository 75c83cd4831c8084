"""Kizuna: an analytical workbench for licensing patents in Japan.

Kizuna presents evidence and estimates; it does not give legal opinions.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
