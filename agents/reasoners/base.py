"""The reasoner capability: a protocol, the input every backend gets, a registry by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from core.case import Answer, Evidence
from core.registry import Registry
from core.state import Intent
from questions.intents import ChoiceSet, choices_asked, extract


class ReasonerError(RuntimeError):
    """A backend failed (unreachable server, unparseable output after retries, missing model)."""


class ReasonerUnavailable(ReasonerError):  # noqa: N818 - the segmenters' SegmenterUnavailable twin
    """The backend itself cannot serve: no usable model at its path, its server unreachable or refusing.

    Infrastructure, not a clinical outcome (DESIGN.md principle 9): it is never turned into an
    abstention; the run stops and the CLI names the fix with a non-zero exit.
    """


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


class Indeterminate(InsufficientEvidence):
    """The cited criterion itself leaves the question open on this evidence (a lesion in its indeterminate band):
    an option that says so ("Cannot be determined from this CT") is then the answer, and only then."""

    def __init__(self, reason: str, evidence_ids: list[str], criterion_id: str | None = None) -> None:
        super().__init__(reason, agent="reasoner")
        self.evidence_ids = evidence_ids
        self.criterion_id = criterion_id


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
        return choices_asked(self.choices, extract(self.question or "").units)

    def by_key(self) -> dict[str, Evidence]:
        """Measured and derived evidence by quantity key `{target}.{name}`; for a question about "the largest
        <kind>", the group's largest-lesion keys read the lesion asked about (`agents.reasoners.asked_kind`)."""
        from agents.reasoners.asked_kind import asked_view, content_entry

        measured = {f"{e.target}.{e.name}": e for e in self.evidence
                    if e.kind in ("measurement", "finding", "segmentation") and e.target}
        return asked_view(self.intent, measured, content_entry(self.intent, self.criteria))


@runtime_checkable
class Reasoner(Protocol):
    """Composes an `Answer` (text, choice letter, evidence ids, criterion id) from the evidence.

    Contract: never states a number, organ or category the evidence does not support; raises
    `InsufficientEvidence` when it cannot answer, `ReasonerError` when the backend fails.
    """

    name: str

    def answer(self, task: ReasonerInput) -> Answer: ...


REASONERS: Registry[Reasoner] = Registry("reasoner", builtin={
    "guideline": "agents.reasoners.guideline:GuidelineReasoner",
    "transformers": "agents.reasoners.hf:TransformersReasoner",
    "openai": "agents.reasoners.openai_compat:OpenAIReasoner",
}, error=UnknownReasonerError)
"""Reasoner backends by name (`core.registry.Registry`, the one registry style)."""


def register(name: str) -> Callable[[Callable[..., Reasoner]], Callable[..., Reasoner]]:
    """Class or factory decorator: makes a backend available under `name`."""
    return REASONERS.register(name)


def available() -> list[str]:
    """Names of the registered backends."""
    return REASONERS.names()


def resolve(name: str, **options: Any) -> Reasoner:
    """The backend registered as `name`, built with `options` (Config.reasoner_options).

    Raises:
        UnknownReasonerError: nothing is registered under `name`.
    """
    return REASONERS.create(name, **options)
