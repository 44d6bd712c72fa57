"""One registry style for every capability: backends by name, shipped ones loaded lazily.

    SEGMENTERS = Registry[Segmenter]("segmenter", builtin={"classical": "agents.segmenters.classical:ClassicalSegmenter"})
    segmenter = SEGMENTERS.create("classical")           # imports the module on first use
    SEGMENTERS.register("mine")(MySegmenter)              # a user's backend, by decorator or call

A shipped backend is a `module:attribute` string, imported only when it is built, so listing
or resolving names stays cheap and importing a package registers nothing by side effect.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Named factories for one capability.

    Args:
        capability: What the backends are (`segmenter`, `reasoner`, `embedder`...), for messages.
        builtin: Shipped backends, name -> `"module:attribute"` of a factory (class or function).
        error: The exception raised for an unknown name (each capability keeps its own type).
    """

    def __init__(self, capability: str, builtin: Mapping[str, str] | None = None,
                 error: type[Exception] = ValueError) -> None:
        self.capability = capability
        self._builtin = dict(builtin or {})
        self._factories: dict[str, Callable[..., T]] = {}
        self._error = error

    def register(self, name: str, factory: Callable[..., T] | None = None) -> Callable[..., Any]:
        """Registers `factory` under `name` (replacing any); without `factory`, a decorator."""

        def add(made: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = made
            return made

        return add(factory) if factory is not None else add

    def names(self) -> list[str]:
        """Every name `create` accepts."""
        return sorted({*self._builtin, *self._factories})

    def factory(self, name: str) -> Callable[..., T]:
        """The factory registered as `name`, importing a shipped one on first use.

        Raises:
            The registry's error type: no backend has that name.
        """
        if name in self._factories:
            return self._factories[name]
        if name not in self._builtin:
            raise self._error(f"no {self.capability} named {name!r}; available: {self.names()!r}")
        module, _, attr = self._builtin[name].partition(":")
        return getattr(importlib.import_module(module), attr)

    def create(self, name: str, **options: Any) -> T:
        """Builds the backend registered as `name` with `options`."""
        return self.factory(name)(**options)
