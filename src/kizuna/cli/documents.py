"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file."""


def brief() -> None:
    """Technology brief."""
    raise NotImplementedError


def letter() -> None:
    """Letter."""
    raise NotImplementedError
