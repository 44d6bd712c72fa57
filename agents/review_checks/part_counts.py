"""How many lesions lie in one part of an organ: "no lesion is present in the tail" speaks of the tail only.

A denial that names a part (a pancreatic head, body or tail, a Couinaud segment) is held against that part's own
lesion count (`pancreas_lesion.count_in_pancreas_tail`), else against the lesions whose measured places
(`pancreas_lesion_1.locations`) include it, never against the whole organ's count.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from core.anatomy import family
from questions.intents import locations_of

__all__ = ["part_count"]

GROUPS = {"liver": "liver_lesion", "kidney": "kidney_lesion", "pancreas": "pancreas_lesion"}


def part_count(review: ReviewInput, clause: str) -> tuple[str, float] | None:
    """(part, lesions measured in it) for the one organ part the clause names; None when it names none or several,
    or when the part's lesions cannot be counted."""
    parts = list(dict.fromkeys(locations_of(clause)))
    if len(parts) != 1:
        return None
    part = parts[0]
    group = GROUPS.get(str(family(part)))
    if group is None:
        return None
    counted = review.number(f"{part}.lesion_count")
    if counted is None:  # a side's own count (`kidney_right.lesion_count`), else the part's (`count_in_pancreas_tail`)
        counted = review.number(f"{group}.count_in_{part}")
    if counted is not None:
        return part.replace("_", " "), counted
    places = [e for e in review.evidence if e.name == "locations" and re.fullmatch(rf"{group}_\d+", e.target or "")]
    total = review.number(f"{group}.lesion_count")
    if not places or total is None or len(places) != total or not all(locations_of(str(e.value)) for e in places):
        return None
    return part.replace("_", " "), float(sum(part in str(e.value) for e in places))
