"""The run context: the dependencies every node receives through LangGraph's runtime.

    context = agents.backends.make_context(config, store)     # the one resolver wires it
    segmenter = runtime.context.segmenter                      # built on first use, then cached

Each capability is a typed property, built on first use by the context's `Resolver` from the
`Config` and kept in a cache shared across runs. The cache key is the capability and the whole
configuration that selects and parameterises it (name and options), so a run configured with
another backend or other options never reuses a backend built for a different configuration.

The foundation cannot name the agents' protocols (they live in a layer above), so the properties
are annotated with the protocol's name in their docstring; the resolver builds the real type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

from core.config import Config
from core.provenance import plain
from core.store import ArtifactStore

Capability = Literal["segmenter", "reasoner", "knowledge", "retriever", "understanding", "second_opinion"]
CAPABILITIES: tuple[Capability, ...] = get_args(Capability)


class Resolver(Protocol):
    """Builds a capability's backend from the configuration (one resolver for every capability)."""

    def key(self, capability: Capability, config: Config) -> Mapping[str, Any] | None:
        """The configuration that identifies the backend; None when the capability is not configured."""
        ...

    def build(self, capability: Capability, context: Context) -> Any:
        """Builds the backend (it may read other capabilities from `context`)."""
        ...


def cache_key(capability: Capability, options: Mapping[str, Any]) -> tuple[str, str]:
    """The shared-cache key of a backend: its capability and its full configuration, canonical JSON."""
    return capability, json.dumps(plain(dict(options)), sort_keys=True)


@dataclass
class Context:
    """Configuration, the case's artifact store, and the backends, built lazily by the resolver.

    Args:
        config: The run configuration.
        store: The case's artifact store.
        resolver: Builds backends from `config`; None means only `backends` overrides are available.
        backends: A dict shared across runs. String keys (`"understanding"`, `"second_opinion"`,
            any capability) are instances the caller supplies; the context adds what it builds under
            `cache_key(capability, configuration)` keys.
    """

    config: Config
    store: ArtifactStore
    resolver: Resolver | None = None
    backends: dict[Any, Any] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    """The real file paths behind the tokens the state's case holds (``<image 0>``): folders are
    often named after the patient, and the state is checkpointed; the context is not."""
    headers: dict[str, Any] = field(default_factory=dict)
    """What the images' headers say, read once before the graph by `orchestrator.run` (to scrub
    header identifiers from the free text) and reused by triage: triage's `Peek` of each image,
    by real path. Holds identifiers, so like `paths` it is never checkpointed."""

    def real_path(self, path: str) -> str:
        """The file behind a path token; a path that is no token is returned as it is."""
        return self.paths.get(path, path)

    def get(self, capability: Capability) -> Any:
        """The backend for `capability`: a supplied one, else built once for this configuration.

        Raises:
            LookupError: the capability is neither supplied nor configured.
        """
        if capability not in CAPABILITIES:
            raise ValueError(f"unknown capability {capability!r}; known: {CAPABILITIES!r}")
        if capability in self.backends:
            return self.backends[capability]
        options = self.resolver.key(capability, self.config) if self.resolver is not None else None
        if options is None:
            raise LookupError(f"no {capability} configured: supply one in `backends[{capability!r}]` "
                              "or build the context with agents.backends.make_context")
        key = cache_key(capability, options)
        if key not in self.backends:
            self.backends[key] = self.resolver.build(capability, self)  # type: ignore[union-attr]
        return self.backends[key]

    def optional(self, capability: Capability) -> Any | None:
        """The backend for `capability`, or None when it is not supplied or configured."""
        try:
            return self.get(capability)
        except LookupError:
            return None

    @property
    def segmenter(self) -> Any:
        """The configured `agents.segmenters.Segmenter` (`Config.segmenter`, `segmenter_options`)."""
        return self.get("segmenter")

    @property
    def reasoner(self) -> Any:
        """The configured `agents.reasoners.base.Reasoner` (`Config.reasoner`, `reasoner_options`)."""
        return self.get("reasoner")

    @property
    def knowledge(self) -> Any:
        """The `knowledge.KnowledgeBase` of `Config.knowledge_profile` and `knowledge_dirs`."""
        return self.get("knowledge")

    @property
    def retriever(self) -> Any:
        """The `retrieval.Retriever` over the knowledge base (`Config.retrieval_mode`, `cache_dir`)."""
        return self.get("retriever")

    @property
    def understanding(self) -> Any:
        """Question understanding: `(question, choices) -> Intent`."""
        return self.get("understanding")

    @property
    def second_opinion(self) -> Any | None:
        """An optional second reviewer backend; None unless supplied."""
        return self.optional("second_opinion")
