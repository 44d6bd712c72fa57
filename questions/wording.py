"""What the wording adds to the task: sentence polarity, sides, sub-segments, comparison, subject.

Read once by understanding and carried on the intent, so the reasoner and the reviewer never
re-parse the question.
"""

from __future__ import annotations

import re
from typing import Any

from questions.intents import ChoiceSet, Entities

POLAR = re.compile(r"^\s*(is|are|was|were|does|do|did|has|have|can|could|should|would|will|any)\b", re.IGNORECASE)
SMALLER = re.compile(r"\b(smaller|smallest|less|lower|lowest|fewer|fewest|lighter)\b", re.IGNORECASE)
LARGER = re.compile(r"\b(larger|bigger|greater|more|heavier|higher)\b", re.IGNORECASE)
BURDEN = re.compile(r"\b(lesions?|burden|load|disease|tumou?rs?|masse?s?|cysts?)\b", re.IGNORECASE)


def locations_named(ents: Entities) -> list[str]:
    """Sub-segments the question names, canonical: Couinaud segments, pancreas parts, a kidney's side.

    A side counts as a location only for the kidneys ("lesions in the left kidney"), in order named.
    """
    found = [f"liver_segment_{n}" for n in ents.liver_segments] + [f"pancreas_{p}" for p in ents.pancreas_parts]
    if "kidney" in ents.organs and len(ents.sides) == 1:
        found.append(f"kidney_{ents.sides[0]}")
    return list(dict.fromkeys(found))


def wording(text: str, ents: Entities, choice_set: ChoiceSet | None, asking: str | None = None) -> dict[str, Any]:
    """Intent fields read from the wording: `polar`, `sides`, `locations`, `comparison`, `lesion_burden`, `by_volume`.

    `asking` is the asking sentences without the clinical history before them (`questions.context`); whether
    the question is polar is read there. Default: the text.
    """
    first = re.split(r"(?<=\?)\s+", (asking or text).strip(), maxsplit=1)[0]
    locations = locations_named(ents)
    comparison = "smaller" if SMALLER.search(text) else "larger" if LARGER.search(text) else None
    alternatives = re.search(r"\bor\b", first) and not re.search(r"\bor (not|no|absent|none)\b", first, re.IGNORECASE)
    polar = (choice_set.form == "yes_no") if choice_set is not None else bool(POLAR.match(first) and not alternatives)
    return {"polar": polar, "sides": list(ents.sides), "locations": locations,
            "comparison": comparison, "lesion_burden": bool(BURDEN.search(text)),
            "by_volume": bool(re.search(r"\b(volume|load|burden)\b", text, re.IGNORECASE))}
