"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file."""


def screen() -> None:
    """Screen claims against products."""
    raise NotImplementedError
