"""Capabilities as protocols, and a registry by name for each.

An embedder turns texts into unit-length vectors; an index stores vectors and returns nearest
neighbours by inner product; a re-ranker scores (query, passage) pairs. Configuration names a
backend; `resolve_*` builds it. Heavy models load on first use, never at import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

import numpy as np

T = TypeVar("T")


class RetrievalError(RuntimeError):
    """A retrieval backend cannot be built or used (e.g. a model is not installed)."""


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to an `(n, d)` float32 array of L2-normalised rows; same text, same vector."""

    name: str
    """Identifies the model and its version: part of the index cache key."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class VectorIndex(Protocol):
    """Exact or approximate inner-product search over added vectors, persisted to one file."""

    def add(self, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and row ids, each `(len(queries), k)`; ids are -1 where fewer than k exist."""
        ...

    def save(self, path: Path) -> None: ...

    def __len__(self) -> int: ...


class IndexFactory(Protocol):
    """Builds an empty index of a dimension, or loads a saved one."""

    def create(self, dimension: int) -> VectorIndex: ...

    def load(self, path: Path) -> VectorIndex: ...


@runtime_checkable
class Reranker(Protocol):
    """Scores each passage for the query; higher is more relevant."""

    name: str

    def score(self, query: str, passages: Sequence[str]) -> list[float]: ...


class Registry(Generic[T]):
    """Named factories for one capability."""

    def __init__(self, capability: str) -> None:
        self.capability = capability
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator: registers a factory under `name` (a later registration replaces it)."""

        def add(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return add

    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, name: str, **options: Any) -> T:
        """Builds the backend registered as `name`."""
        try:
            factory = self._factories[name]
        except KeyError:
            raise RetrievalError(f"no {self.capability} named {name!r}; known: {self.names()!r}") from None
        return factory(**options)


EMBEDDERS: Registry[Embedder] = Registry("embedder")
INDEXES: Registry[IndexFactory] = Registry("index")
RERANKERS: Registry[Reranker] = Registry("reranker")


def resolve_embedder(spec: str | Embedder, **options: Any) -> Embedder:
    """An embedder from a registered name (default backends: `minilm`) or an instance."""
    _load_builtins()
    return EMBEDDERS.create(spec, **options) if isinstance(spec, str) else spec


def resolve_index(spec: str | IndexFactory, **options: Any) -> IndexFactory:
    """An index factory from a registered name (`faiss`, `faiss-hnsw`) or an instance."""
    _load_builtins()
    return INDEXES.create(spec, **options) if isinstance(spec, str) else spec


def resolve_reranker(spec: str | Reranker | None, **options: Any) -> Reranker | None:
    """A re-ranker from a registered name (`cross-encoder`, needs `model_path=`), an instance, or None."""
    _load_builtins()
    return RERANKERS.create(spec, **options) if isinstance(spec, str) else spec


def _load_builtins() -> None:
    # Registering the shipped backends imports no heavy library: they load lazily.
    from retrieval import backends  # noqa: F401
