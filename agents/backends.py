"""The one resolver: every capability of `core.context.Context`, built from `Config`.

    context = make_context(config, store)                 # nothing loads yet
    context.segmenter                                     # SEGMENTERS.create(config.segmenter, **options)

Each capability names the configuration fields that select and parameterise it (`KEYS`); the
context caches what is built under that full configuration, so two runs that differ in any of
those fields never share a backend. Heavy models load on first use, never here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.config import Config
from core.context import Capability, Context
from core.store import ArtifactStore

KEYS: dict[Capability, tuple[str, ...]] = {
    "segmenter": ("segmenter", "segmenter_options"),
    "reasoner": ("reasoner", "reasoner_options"),
    "knowledge": ("knowledge_profile", "knowledge_dirs"),
    "retriever": ("knowledge_profile", "knowledge_dirs", "retrieval_mode", "cache_dir"),
    "understanding": (),
}
"""Configuration fields that identify each configurable capability's backend."""


class ConfigResolver:
    """Builds backends from the configuration through each capability's registry."""

    def key(self, capability: Capability, config: Config) -> Mapping[str, Any] | None:
        """The fields of `config` that select the backend; None for a capability not configured here."""
        if capability not in KEYS:
            return None
        return {"backend": capability, **{name: getattr(config, name) for name in KEYS[capability]}}

    def build(self, capability: Capability, context: Context) -> Any:
        """The backend for `capability` under `context.config`."""
        config = context.config
        if capability == "segmenter":
            from agents.segmenters import SEGMENTERS

            return SEGMENTERS.create(config.segmenter, **config.segmenter_options)
        if capability == "reasoner":
            from agents.reasoners.base import REASONERS

            return REASONERS.create(config.reasoner, **config.reasoner_options)
        if capability == "knowledge":
            from knowledge import shared_base

            return shared_base(config.knowledge_profile, tuple(str(d) for d in config.knowledge_dirs))
        if capability == "retriever":
            from retrieval import Retriever

            return Retriever(context.knowledge, cache_dir=config.cache_dir, mode=config.retrieval_mode)
        if capability == "understanding":
            from questions.understanding import understand

            return understand
        raise LookupError(f"no {capability} is configured by Config")


RESOLVER = ConfigResolver()


def make_context(config: Config, store: ArtifactStore, backends: dict[Any, Any] | None = None) -> Context:
    """A context whose capabilities the one resolver builds from `config` on first use.

    Args:
        config: The run configuration.
        store: The case's artifact store.
        backends: A dict shared across runs (supplied instances under capability names; built
            backends are cached in it under their full configuration).
    """
    return Context(config=config, store=store, resolver=RESOLVER, backends=backends if backends is not None else {})
