"""Which of a paired organ is the larger: "the right kidney is the larger" must be true of the two volumes.

Measurement gives each kidney's volume (`kidney_left.volume_ml`, `kidney_right.volume_ml`). An answer can keep
both volumes right and still call the smaller one the larger ("The right kidney is the larger (108.9 mL vs
109.4 mL)"). Each side said to be larger or smaller than the other is held against the two volumes; volumes equal
to the printed precision make no side the larger.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import denies

__all__ = ["false_side_sizes"]

PAIRED = r"(?P<organ>kidney|adrenal(?: gland)?|lung|hemiliver)"
SIDE_SIZE = re.compile(rf"\b(?P<side>left|right)\s+{PAIRED}\s+(?:is|was|appears|looks|measures)\s+(?:\w+ly\s+)?"
                       r"(?:the\s+)?(?:(?P<larger>larger|bigger|greater|largest|biggest)|(?P<smaller>smaller|smallest))\b",
                       re.IGNORECASE)
"""A side of a paired organ said to be the larger or the smaller ("the left kidney is slightly larger")."""
EQUAL_WITHIN = 0.05


def false_side_sizes(review: ReviewInput) -> list[str]:
    """Each "the <side> <organ> is the larger/smaller" that the two measured volumes contradict."""
    problems = []
    text = review.claim_text
    for match in SIDE_SIZE.finditer(text):
        if denies(text[max(0, match.start() - 15):match.start()] + match.group(0)):
            continue  # "neither the left kidney is larger", "the left kidney is not larger"
        organ = match["organ"].split()[0].lower()
        left, right = review.number(f"{organ}_left.volume_ml"), review.number(f"{organ}_right.volume_ml")
        if left is None or right is None or abs(left - right) <= EQUAL_WITHIN:
            continue
        side = match["side"].lower()
        own, other = (left, right) if side == "left" else (right, left)
        if (match["larger"] and own < other) or (match["smaller"] and own > other):
            problems.append(f"says {match.group(0)!r}, but the {side} {organ} measures {own:.1f} mL and the other "
                            f"{other:.1f} mL")
    return problems
