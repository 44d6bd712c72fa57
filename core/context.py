"""The run context: dependencies every node receives through LangGraph's runtime."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.config import Config
from core.store import ArtifactStore


@dataclass
class Context:
    """Configuration, the case's artifact store, and lazily built backends."""

    config: Config
    store: ArtifactStore
    backends: dict[str, Any] = field(default_factory=dict)
    """Backends resolved so far, by capability (`segmenter`, `reasoner`, `retriever`)."""
    paths: dict[str, str] = field(default_factory=dict)
    """The real file paths behind the tokens the state's case holds (``<image 0>``): folders are
    often named after the patient, and the state is checkpointed; the context is not."""

    def real_path(self, path: str) -> str:
        """The file behind a path token; a path that is no token is returned as it is."""
        return self.paths.get(path, path)

    def backend(self, capability: str, build: Callable[[], Any]) -> Any:
        """Returns the backend for `capability`, building it on first use."""
        if capability not in self.backends:
            self.backends[capability] = build()
        return self.backends[capability]
