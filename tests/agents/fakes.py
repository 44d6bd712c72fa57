"""Scripted reasoner backends for graph tests: one that always hallucinates, one that repents.

    from tests.agents.fakes import register_fakes
    register_fakes()          # then Config(reasoner="hallucinating") or Config(reasoner="repentant")
"""

from __future__ import annotations

from typing import Any

from agents.reasoners.base import ReasonerInput, register, resolve
from core.case import Answer


class HallucinatingReasoner:
    """States a measurement nobody made, citing real evidence ids to look grounded."""

    name = "hallucinating"

    def __init__(self, **options: Any) -> None:
        self.calls = 0

    def answer(self, task: ReasonerInput) -> Answer:
        self.calls += 1
        ids = [e.id for e in task.evidence if e.kind == "measurement"][:2]
        letter = sorted(task.choices)[0] if task.choices else None
        text = f"{letter + ': ' if letter else ''}The spleen measures 987.6 mL and the liver lesion 73.9 mm."
        return Answer(text=text, choice=letter, evidence_ids=ids, backend=self.name)


class RepentantReasoner(HallucinatingReasoner):
    """Hallucinates until the reviewer's feedback arrives, then answers like the guideline reasoner."""

    name = "repentant"

    def answer(self, task: ReasonerInput) -> Answer:
        if not task.feedback:
            return super().answer(task)
        self.calls += 1
        return resolve("guideline").answer(task).model_copy(update={"backend": self.name})


def register_fakes() -> None:
    """Registers both fakes under their names (idempotent)."""
    register("hallucinating")(HallucinatingReasoner)
    register("repentant")(RepentantReasoner)
