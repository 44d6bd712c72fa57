"""The reasoner capability: a protocol, the input every backend gets, a registry by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from core.case import Answer, Evidence
from core.state import Intent
from questions.intents import ChoiceSet, parse_choices


class ReasonerError(RuntimeError):
    """A backend failed (unreachable server, unparseable output after retries, missing model)."""


class UnknownReasonerError(ValueError):
    """No backend is registered under the requested name."""


class InsufficientEvidence(Exception):  # noqa: N818 - a verdict, not a crash
    """The evidence does not settle the question; the message says what is missing and why."""

    def __init__(self, reason: str, missing: list[str] | None = None, agent: str = "measurement") -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing or []
        self.agent = agent
        """The agent whose evidence is missing (`segmentation`, `measurement`, `knowledge`, `reasoner`)."""


@dataclass
class Rendered:
    """One picture for a vision-language model: a key slice or organ crop with contours drawn."""

    caption: str
    image: Any
    """A PIL image."""


@dataclass
class ReasonerInput:
    """Everything a backend may use to answer; built by the node from the graph state."""

    question: str | None
    choices: dict[str, str] | None
    intent: Intent
    evidence: list[Evidence]
    """Measured and derived evidence plus the cited criteria."""
    criteria: dict[str, Any] = field(default_factory=dict)
    """Knowledge entries of the criterion evidence, by entry id (`knowledge.KnowledgeEntry`)."""
    feedback: list[str] = field(default_factory=list)
    """The reviewer's reasons on a revise round."""
    render: Callable[[], list[Rendered]] | None = None
    """Draws key slices and organ crops on demand (only image-reading backends call it)."""

    @property
    def choice_set(self) -> ChoiceSet | None:
        return parse_choices(self.choices)

    def by_key(self) -> dict[str, Evidence]:
        """Measured and derived evidence by quantity key `{target}.{name}`."""
        return {f"{e.target}.{e.name}": e for e in self.evidence
                if e.kind in ("measurement", "finding", "segmentation") and e.target}


@runtime_checkable
class Reasoner(Protocol):
    """Composes an `Answer` (text, choice letter, evidence ids, criterion id) from the evidence.

    Contract: never states a number, organ or category the evidence does not support; raises
    `InsufficientEvidence` when it cannot answer, `ReasonerError` when the backend fails.
    """

    name: str

    def answer(self, task: ReasonerInput) -> Answer: ...


_REGISTRY: dict[str, Callable[..., Reasoner]] = {}


def register(name: str) -> Callable[[Callable[..., Reasoner]], Callable[..., Reasoner]]:
    """Class or factory decorator: makes a backend available under `name`."""

    def add(factory: Callable[..., Reasoner]) -> Callable[..., Reasoner]:
        _REGISTRY[name] = factory
        return factory

    return add


def available() -> list[str]:
    """Names of the registered backends."""
    _load_builtin()
    return sorted(_REGISTRY)


def resolve(name: str, **options: Any) -> Reasoner:
    """The backend registered as `name`, built with `options` (Config.reasoner_options).

    Raises:
        UnknownReasonerError: nothing is registered under `name`.
    """
    _load_builtin()
    if name not in _REGISTRY:
        raise UnknownReasonerError(f"no reasoner backend {name!r}; registered: {sorted(_REGISTRY)!r}")
    return _REGISTRY[name](**options)


def _load_builtin() -> None:
    """Registers the shipped backends (importing them is light: heavy libraries load on first use)."""
    from agents.reasoners import guideline, hf, openai_compat  # noqa: F401
