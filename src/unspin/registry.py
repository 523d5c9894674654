"""Versioned names -> factories. ``*.v1`` never changes behaviour; a change adds ``*.v2``.

Example:
    >>> from unspin.registry import detectors
    >>> @detectors.register("example.noop.v1")
    ... def make_noop(settings):
    ...     return NoopDetector()
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from unspin.errors import ConfigError

T = TypeVar("T")

# Modules that register built-in components on import.
_BUILTIN_MODULES = (
    "unspin.nlp.temporal",
    "unspin.detectors.events.coder",
    "unspin.detectors.claims.detectors",
    "unspin.detectors.persuasion.detector",
    "unspin.detectors.persuasion.encoder_detector",
    "unspin.detectors.stance",
)


class Registry(Generic[T]):
    """A named table of factories, filled by decorators at import time."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def decorator(factory: Callable[..., T]) -> Callable[..., T]:
            if name in self._factories and self._factories[name] is not factory:
                raise ConfigError(f"[E001] {self.kind} {name!r} is registered twice.")
            self._factories[name] = factory
            return factory

        return decorator

    def get(self, name: str) -> Callable[..., T]:
        load_builtins()
        try:
            return self._factories[name]
        except KeyError:
            available = ", ".join(sorted(self._factories)) or "none"
            raise ConfigError(
                f"[E002] No {self.kind} named {name!r}. Available names: {available}."
            ) from None

    def names(self) -> list[str]:
        load_builtins()
        return sorted(self._factories)


def load_builtins() -> None:
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


detectors: Registry[Any] = Registry("detector")
