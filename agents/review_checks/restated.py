"""A value said again in another unit of its dimension is the same value, not a second claim.

"61.9 cm³ (0.062 L)", "29.1 mm (2.91 cm)", "0.59 — about 59 % of the right one's volume": the second number is the
first (or a cited ratio) converted and rounded to its own printed digits. The first is checked as any value is; the
restatement is grounded when it converts back within its own rounding.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, numeric, stated_numbers
from questions.intents.answers import NumberMention

__all__ = ["restates_value"]

JOIN = re.compile(r"^\s*(?:\(|,|=|—|–|-|/|i\.e\.,?|or|that is,?|about|approximately|roughly|~|≈|\s)*\s*$", re.IGNORECASE)
"""What stands between a value and its restatement: a bracket, "=", "i.e.", "or", an approximation."""
HEDGED = re.compile(r"(?:about|approximately|roughly|around|nearly|some|~|≈)\s*$", re.IGNORECASE)


def _converts_to(mention: NumberMention, value: float, hedged: bool) -> bool:
    """Whether `value` (in the evidence unit of the mention's dimension) is the mention rounded to its digits."""
    converted = mention.in_evidence_unit()
    if converted is None or not mention.value:
        return False
    factor = converted[1] / mention.value
    slack = mention.tolerance * (2.0 if hedged else 1.0)
    return abs(value / factor - mention.value) <= slack + 1e-9


def restates_value(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether the number restates, in another unit of its dimension, the value said right before it or a cited
    ratio as a percentage ("59 %" of a cited 0.590)."""
    hedged = HEDGED.search(text[max(0, mention.start - 16):mention.start]) is not None
    if mention.unit == "%":
        ratios = [v for e in review.cited if e.unit == "ratio" and (v := numeric(e)) is not None]
        if any(abs(100 * v - mention.value) <= mention.tolerance * (2.0 if hedged else 1.0) + 1e-9 for v in ratios):
            return True
    converted = mention.in_evidence_unit()
    before = [m for m in stated_numbers(text) if m.end <= mention.start]
    if converted is None or not before:
        return False
    previous = before[-1]
    said = previous.in_evidence_unit()
    if said is None or said[0] != converted[0] or previous.unit == mention.unit:
        return False
    return JOIN.match(text[previous.end:mention.start]) is not None and _converts_to(mention, said[1], hedged)
