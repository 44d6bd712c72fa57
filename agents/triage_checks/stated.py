"""A case with no image whose question states the measurement it needs ("a spleen of 520 mL; splenomegaly?").

Such a question is answerable from the criterion with the stated value as the evidence: triage records each value
the question states (`questions.stated_values`) as a measurement whose provenance says the user stated it, and the
case is not refused for its missing image. Nothing is measured; segmentation and measurement are skipped.
"""

from __future__ import annotations

from core.case import Evidence
from core.state import Intent
from core.tasks import KNOWLEDGE, REGISTRY
from questions.stated_values import stated_values

STATED_BY_USER = "stated by the user"
"""The provenance `source` of a value the question states (not measured on any image)."""
DERIVED_FROM = {"liver/spleen.hu_ratio": ("liver.mean_hu", "spleen.mean_hu"),
                "pancreas/spleen.hu_ratio": ("pancreas.mean_hu", "spleen.mean_hu")}
"""A ratio the reasoner derives from two stated values (`agents.reasoners.derive`)."""


def stated_evidence(question: str | None) -> list[Evidence]:
    """One measurement item per value the question states, provenance `source: stated by the user`."""
    out = []
    for v in stated_values(question):
        target, name = v.key.split(".", 1)
        out.append(Evidence.make("measurement", "triage", name, target, value=v.value, unit=v.unit,
                                 reason=f"stated in the question: {v.words!r}",
                                 provenance={"method": "read from the question text", "source": STATED_BY_USER,
                                             "words": v.words}))
    return out


def answerable_from_stated(intent: Intent, stated: list[Evidence]) -> bool:
    """Whether the stated values give the task a quantity it decides on (an arm of its criterion, or both terms of
    a ratio it reads); a knowledge question with a stated value applies the cited criterion to it."""
    keys = {f"{e.target}.{e.name}" for e in stated}
    if not keys:
        return False
    if intent.task == KNOWLEDGE:
        return True
    derived = {ratio for ratio, terms in DERIVED_FROM.items() if set(terms) <= keys}
    return bool(set(intent.quantities) & (keys | derived))


def stated_intent(intent: Intent, stated: list[Evidence]) -> Intent:
    """A number task that would only read the stated value back ("a spleen volume of 250 mL; does this meet criteria
    for splenomegaly?") gives way to its alternative decided by a criterion; otherwise the intent unchanged."""
    spec = REGISTRY.get(intent.task)
    keys = {f"{e.target}.{e.name}" for e in stated}
    if spec is None or spec.form != "number" or not set(intent.quantities) <= keys:
        return intent
    other = next((t for t in intent.alternatives if t in REGISTRY and REGISTRY[t].criteria
                  and set(REGISTRY[t].expand(intent.organ, intent.lesion)) & keys), None)
    if other is None:
        return intent
    spec = REGISTRY[other]
    return intent.model_copy(update={"task": other, "quantities": spec.expand(intent.organ, intent.lesion),
                                     "alternatives": [t for t in intent.alternatives if t != other],
                                     "unit": spec.unit if spec.form == "number" else None})
