"""The public API: every name in ``kizuna.__all__`` exists, the list is sorted and complete."""

from __future__ import annotations

import kizuna


def test_all_names_exist_and_are_sorted() -> None:
    assert kizuna.__all__ == sorted(kizuna.__all__)
    for name in kizuna.__all__:
        assert hasattr(kizuna, name), name


def test_every_public_member_is_exported() -> None:
    public = {
        name
        for name, value in vars(kizuna).items()
        if not name.startswith("_") and not isinstance(value, type(kizuna))
    }
    assert public <= set(kizuna.__all__)
