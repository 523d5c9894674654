"""The public surface is exactly ``__all__``, sorted, and every name in it exists."""

from __future__ import annotations

import unspin


def test_all_is_sorted_and_exact() -> None:
    assert unspin.__all__ == sorted(unspin.__all__)
    public = {name for name in vars(unspin) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(unspin, name)).__name__ == "module"}
    assert public - modules == set(unspin.__all__) - {"__version__"}


def test_every_exported_name_resolves() -> None:
    for name in unspin.__all__:
        assert getattr(unspin, name) is not None
