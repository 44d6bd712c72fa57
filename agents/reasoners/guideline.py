"""The embedded default reasoner: answers by applying the cited criteria to the measured values.

Deterministic and CPU-only. For each task it reads the evidence the intent names, applies the
criterion the knowledge agent cited (`KnowledgeEntry.classify`), and writes an answer whose
every number, organ and category comes from an evidence item it lists. When the evidence does
not settle the question it raises `InsufficientEvidence` instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.reasoners import handlers
from agents.reasoners.base import InsufficientEvidence, ReasonerInput, register
from agents.reasoners.compose import Draft, finish, numeric, polarity
from core.tasks import REGISTRY

NUMERIC = "numeric"
"""The registry's handler name for a number read from the evidence (`compose.numeric`)."""


def handler_for(name: str) -> Callable[[ReasonerInput], Draft]:
    """The function the task registry names for a task (`core.tasks.Task.handler`).

    Raises:
        InsufficientEvidence: the task is not registered, or this backend has no such handler.
    """
    spec = REGISTRY.get(name)
    if spec is None:
        raise InsufficientEvidence(f"{name!r} is not a task this reasoner knows", agent="reasoner")
    if spec.handler == NUMERIC:
        return numeric
    found = getattr(handlers, spec.handler, None)
    if found is None:
        raise InsufficientEvidence(f"the guideline reasoner cannot answer {name!r} yet (no {spec.handler!r})",
                                   agent="reasoner")
    return found


@register("guideline")
class GuidelineReasoner:
    """Criterion applied to measurement; the matching choice; the evidence ids it rests on."""

    name = "guideline"

    def __init__(self, **options: Any) -> None:
        self.options = options

    def draft(self, task: ReasonerInput) -> Draft:
        """The answer's content before it is fitted to the choices (a negated yes/no question flips the yes)."""
        handler = handler_for(task.intent.task)
        draft = handler(task)
        return draft if handler is numeric else polarity(draft, task)

    def answer(self, task: ReasonerInput):  # noqa: ANN201 - Answer, see the protocol
        """Composes the answer for the intent's task; raises `InsufficientEvidence` when it cannot."""
        return finish(self.draft(task), task, backend=self.name)
