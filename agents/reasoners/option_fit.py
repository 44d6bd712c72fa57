"""The task whose criterion the options are written in, when understanding chose a sibling they are not.

Two registry tasks can read the same quantity through different criteria: a kidney lesion's mean HU is a
solid tumour or a cyst (lesion type, `dtvqa-kidney-lesion-solid-vs-cyst`) and also fat-containing, simple
cyst, indeterminate or hyperattenuating (renal mass characterization, `dtvqa-renal-mass-hu`). Options that
name every category of one criterion and cannot hold some of the other's ("Renal calculus / Angiomyolipoma
(fat-containing) / Renal cyst / Solid renal mass") say which question is asked: the answer is then decided by
the criterion the options are written in, and says so. Nothing changes when the chosen task's criterion fits
the options, or when no single sibling does.

A quantity asked with options that are categories is the same kind of question: "how would you characterise
the liver, using the liver/spleen ratio?" with "No hepatic steatosis / Mild steatosis / Moderate to severe
steatosis" asks the category the ratio's criterion gives (fatty liver), not the ratio, which is none of the
options.
"""

from __future__ import annotations

from typing import Any

from agents.reasoners.counts import asked_as_count
from core.state import Intent
from core.tasks import REGISTRY
from questions.intents import ChoiceSet
from questions.intents.answers import best_option


def fits(task: str, intent: Intent, choice_set: ChoiceSet, base: Any) -> bool:
    """Whether every category of the task's criterion (for the intent's organ) names its own option."""
    entry_id = REGISTRY[task].criterion(intent.organ or intent.lesion)
    if entry_id is None or entry_id not in base:
        return False
    letters = [best_option(label, choice_set)[0] for label in base.get(entry_id).criterion.labels]
    return None not in letters and len(set(letters)) == len(letters)


DECIDED_BY_CRITERION = ("by_criterion", "lesion_type")
"""Handlers whose category is the criterion's label (a lesion's type also by its typed mask, `typed_lesions`)."""


def fitted_to_options(intent: Intent, choice_set: ChoiceSet | None, base: Any) -> Intent:
    """The intent, re-tasked to the one sibling task (same quantities, a category decided by a criterion) whose
    criterion the options are written in, when the chosen task's criterion does not fit them or the chosen task
    answers a number and the options are categories; a lesion question whose options are counts asks the count
    (`counts.asked_as_count`)."""
    counted = asked_as_count(intent, choice_set)
    if counted is not intent:
        return counted
    spec = REGISTRY.get(intent.task)
    if choice_set is None or choice_set.form != "category" or spec is None or spec.form not in ("category", "number") \
            or not intent.quantities or (spec.form == "category" and fits(intent.task, intent, choice_set, base)):
        return intent
    siblings = [name for name, other in REGISTRY.items()
                if name != intent.task and other.form == "category" and other.handler in DECIDED_BY_CRITERION
                and set(other.expand(intent.organ, intent.lesion)) == set(intent.quantities)
                and fits(name, intent, choice_set, base)]
    if len(siblings) != 1:
        return intent
    return intent.model_copy(update={"task": siblings[0]})
