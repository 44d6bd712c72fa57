"""The axis a lesion size is called is the axis measured: a diameter said as a radius, a short axis as the long.

Measurement gives each lesion's longest axial diameter and its short axis (perpendicular to it) in mm
(`liver_lesion_1.longest_diameter_mm`, `largest_lesion_short_axis_mm`); no radius. "A radius of 28.8 mm" for a
28.8 mm diameter halves nothing and names the lesion twice its size; "short axis 24.3 mm" for the long axis, or
"longest diameter 25.3 mm" for the short axis, swaps the two. Each axis word is read with the value it is said of
(`bound_words`): the value must state an item of that axis (a round lesion's equal axes state both).
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, items_stating
from agents.review_checks.bound_words import bound_mentions, sentences
from core.case import Evidence

__all__ = ["misnamed_axes"]

AXIS = re.compile(r"\b(?:(?P<radius>radius|radii|radial extent)|"
                  r"(?P<short>short[- ]axis|shortest (?:axial )?(?:diameter|dimension)|minor axis|short dimension|"
                  r"(?:perpendicular|transverse short) diameter)|"
                  r"(?P<long>long[- ]axis|longest (?:axial )?(?:diameter|dimension)|major axis|long dimension|"
                  r"greatest (?:axial )?diameter|maximal (?:axial )?diameter))\b", re.IGNORECASE)
"""A size called by its axis."""


BOUND_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:over|under|above|below|at least|at most|up to|more than|less than))\s*$",
                          re.IGNORECASE)
"""A comparison before a number: a bound, not a measured size."""


def _axis(item: Evidence) -> str | None:
    """"short" for a short-axis item, "long" for a longest-diameter item, None for another quantity."""
    if item.unit != "mm":
        return None
    if "short_axis" in item.name:
        return "short"
    return "long" if "diameter" in item.name and "change" not in item.name and "distance" not in item.name else None


def misnamed_axes(review: ReviewInput) -> list[str]:
    """Each lesion size called a radius, or by an axis its items do not measure."""
    problems = []
    for _, sentence in sentences(review.claim_text):
        for word, mention in bound_mentions(sentence, AXIS):
            if mention.unit not in ("mm", "cm") or BOUND_BEFORE.search(sentence[:mention.start]):
                continue  # ">2 cm and <=4 cm": a band's limit quoted beside the size, no size of this lesion
            items = items_stating(mention, review.cited) or items_stating(mention, review.evidence)
            axes = {a for e in items if (a := _axis(e)) is not None}
            said = next(k for k, v in word.groupdict().items() if v)
            if not axes or said in axes:
                continue
            value = sentence[mention.start:mention.end]
            measured = "short axis" if axes == {"short"} else "longest diameter"
            problems.append(f"calls {value!r} a {word.group(0).lower()}, but it is the measured {measured} "
                            f"({items[0].id!r})")
    return problems
