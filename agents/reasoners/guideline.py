"""The embedded default reasoner: answers by applying the cited criteria to the measured values.

Deterministic and CPU-only. For each task it reads the evidence the intent names, applies the
criterion the knowledge agent cited (`KnowledgeEntry.classify`), and writes an answer whose
every number, organ and category comes from an evidence item it lists. When the evidence does
not settle the question it raises `InsufficientEvidence` instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.reasoners import handlers, priors
from agents.reasoners.base import ReasonerInput, register
from agents.reasoners.compose import Draft, finish, numeric, polarity

NUMERIC_TASKS = frozenset({
    "lesion volume measurement", "organ HU measurement", "organ HU ratio", "organ volume measurement",
    "tumor burden percentage", "largest lesion diameter", "largest lesion slice", "lesion counting",
    "lesion count by location", "organ aggregation", "tumor organ HU difference",
})
HANDLERS: dict[str, Callable[[ReasonerInput], Draft]] = {
    "knowledge question": handlers.knowledge_answer,
    "report": handlers.report,
    "liver lesion existence": handlers.lesion_existence,
    "kidney lesion existence": handlers.lesion_existence,
    "pancreatic lesion existence": handlers.lesion_existence,
    "colon lesion existence": handlers.lesion_existence,
    "kidney cyst existence": handlers.kidney_lesion_type_existence,
    "kidney tumor existence": handlers.kidney_lesion_type_existence,
    "PDAC existence": handlers.pancreatic_type_existence,
    "PNET existence": handlers.pancreatic_type_existence,
    "PDAC vs PNET classification": handlers.pdac_vs_pnet,
    "kidney volume comparison": handlers.kidney_comparison,
    "bilateral kidney asymmetry": handlers.kidney_asymmetry,
    "largest lesion attenuation": handlers.attenuation,
    "multi-organ lesion burden comparison": handlers.burden_comparison,
    "inter-segment comparison": handlers.segment_comparison,
    "largest lesion location": handlers.location,
    "adjacent organ": handlers.location,
    "recist response": priors.recist_response,
    "organ volume change": priors.organ_volume_change,
}
"""Tasks with their own composition; every other non-numeric task applies its cited criterion."""


@register("guideline")
class GuidelineReasoner:
    """Criterion applied to measurement; the matching choice; the evidence ids it rests on."""

    name = "guideline"

    def __init__(self, **options: Any) -> None:
        self.options = options

    def draft(self, task: ReasonerInput) -> Draft:
        """The answer's content before it is fitted to the choices (a negated yes/no question flips the yes)."""
        if task.intent.task in NUMERIC_TASKS:
            return numeric(task)
        return polarity(HANDLERS.get(task.intent.task, handlers.by_criterion)(task), task)

    def answer(self, task: ReasonerInput):  # noqa: ANN201 - Answer, see the protocol
        """Composes the answer for the intent's task; raises `InsufficientEvidence` when it cannot."""
        return finish(self.draft(task), task, backend=self.name)
