"""One question as the gates read it (`Ask`), and the two score moves they make.

Kept apart from the gates so that gate modules (`questions.gates`, `questions.gates_kind`) share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.anatomy import family
from questions.cues import LESION_WORDS
from questions.intents import ChoiceSet, Entities
from questions.intents.entities import EXCLUDED_LESIONS
from questions.wording import main_clause

__all__ = ["Ask", "boost", "lead", "penalise"]


@dataclass
class Ask:
    """One question as the gates read it."""

    low: str
    ents: Entities
    choice_set: ChoiceSet | None
    forms: dict[str, str]
    units: dict[str, str | None]
    options: str = ""
    lesion_named: bool = False
    organs: list[str] = field(default_factory=list)
    opening: str = ""
    """The asking clause without a leading phrase (`questions.wording.main_clause`): question openers are read here."""

    @classmethod
    def read(cls, low: str, ents: Entities, choice_set: ChoiceSet | None, forms: dict[str, str],
             units: dict[str, str | None]) -> Ask:
        """The question's words, entities and options, with the derived facts the gates share."""
        options = " ".join(o.text.lower() for o in choice_set.options) if choice_set is not None else ""
        named = EXCLUDED_LESIONS.sub(" ", low)
        lesion_named = bool(re.search(LESION_WORDS, named) or re.search(LESION_WORDS, options))
        organs = list(dict.fromkeys(family(s) for s in ents.structures))
        return cls(low, ents, choice_set, forms, units, options, lesion_named, organs, main_clause(low))

    def has(self, pattern: str, with_options: bool = False) -> bool:
        """Whether the question (and, if asked, its options) matches `pattern`."""
        return re.search(pattern, f"{self.low} {self.options}" if with_options else self.low) is not None

    def yes_no_tasks(self) -> list[str]:
        return [t for t, form in self.forms.items() if form == "yes_no"]

    def existence_tasks(self) -> list[str]:
        return [t for t in self.forms if t.endswith("existence")]


def penalise(scores: dict[str, float], tasks: Iterable[str], amount: float) -> None:
    for task in tasks:
        if task in scores:
            scores[task] -= amount


def lead(scores: dict[str, float], task: str, margin: float) -> None:
    """Puts `task` (when scored) `margin` above the best score: a gate whose words settle the task."""
    if task in scores:
        scores[task] = max(scores.values()) + margin


def boost(scores: dict[str, float], task: str, amount: float) -> None:
    if task in scores:
        scores[task] += amount
