"""Options that are counts: the answer's quantity must be a count too.

"How many liver lesions involve segment VIII (more than 10% of the lesion's voxels inside it)?" with the options
0 / 1 / 2 / 3 asks a count, whatever the percentage in its own definition: a set of small whole numbers with no
unit ("0", "Two", "3 or more", "None") is a count's dimension. A lesion question understood as another quantity
(a tumour-burden percentage, a segment) is asked as the lesion count, in the place it names; and a value of
another dimension (a percentage, a volume) is never matched to a count option (`fitting.pick_letter`).
"""

from __future__ import annotations

import re

from core.state import Intent
from core.tasks import REGISTRY
from questions.intents import ChoiceSet

MAX_COUNT = 20
"""The largest whole number an option may state and still read as a count (lesions in one organ)."""
COUNT_WORDS = {"none": 0, "zero": 0, "no": 0, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
               "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
"""Counts written as words in an option ("Two", "None", "No lesions")."""
_COUNT_OPTION = re.compile(
    r"^\s*(?P<n>\d{1,2}|" + "|".join(COUNT_WORDS) + r")(?P<more>\s*(?:\+|or more|or greater|and above|\(or more\)))?"
    r"(?:\s+(?:lesions?|tumou?rs?|masses|nodules?|cysts?|foci))?\s*\.?\s*$", re.IGNORECASE)
INDEX_UNITS = ("slice",)
"""Units of whole numbers that are not counts: a slice index asked with options "6 / 14 / 17 / 19" is a slice."""
COUNT_TASKS = ("lesion counting", "lesion count by location")
"""The registry tasks whose answer is a lesion count (`core.tasks`)."""


def count_options(choice_set: ChoiceSet | None) -> dict[str, tuple[int, bool]] | None:
    """Option letter -> (the count it states, whether it is open-ended: "3 or more"), when every option is a
    count; None when any option is not (a unit, a decimal, words beyond the count, a number above `MAX_COUNT`)."""
    if choice_set is None or len(choice_set.options) < 2:
        return None
    out: dict[str, tuple[int, bool]] = {}
    for option in choice_set.options:
        match = _COUNT_OPTION.match(option.text)
        if match is None:
            return None
        said = match.group("n").lower()
        n = int(said) if said.isdigit() else COUNT_WORDS[said]
        if n > MAX_COUNT:
            return None
        out[option.letter] = (n, match.group("more") is not None)
    return out


def count_letter(count: float, options: dict[str, tuple[int, bool]]) -> str | None:
    """The option a whole count is: the one stating it exactly, else an open-ended one it reaches ("3 or more")."""
    if count != int(count):
        return None
    exact = [letter for letter, (n, more) in options.items() if n == count and not more]
    if exact:
        return exact[0]
    reached = [(n, letter) for letter, (n, more) in options.items() if more and count >= n]
    return max(reached)[1] if reached else None


def asked_as_count(intent: Intent, choice_set: ChoiceSet | None) -> Intent:
    """The intent re-tasked to its lesion group's count (in the places it names) when the options are counts and
    understanding chose another lesion quantity; else the intent unchanged."""
    spec = REGISTRY.get(intent.task)
    if spec is None or intent.task in COUNT_TASKS or not intent.lesion or not spec.lesion \
            or spec.unit in INDEX_UNITS or count_options(choice_set) is None:
        return intent
    task = "lesion count by location" if intent.locations else "lesion counting"
    quantities = REGISTRY[task].expand(intent.organ, intent.lesion)
    return intent.model_copy(update={"task": task, "quantities": quantities, "unit": "count", "comparison": None,
                                     "lesion_burden": False, "by_volume": False})
