"""The run context: dependencies every node receives through LangGraph's runtime."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from core.config import Config
from core.store import ArtifactStore


@dataclass
class Context:
    """Configuration, the case's artifact store, and lazily built backends."""

    config: Config
    store: ArtifactStore
    backends: dict[str, Any] = field(default_factory=dict)
    """Backends resolved so far, by capability (`segmenter`, `reasoner`, `retriever`)."""

    def backend(self, capability: str, build: Callable[[], Any]) -> Any:
        """Returns the backend for `capability`, building it on first use."""
        if capability not in self.backends:
            self.backends[capability] = build()
        return self.backends[capability]
