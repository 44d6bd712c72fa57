"""Numbers said as thresholds, not measured values: a band's limit (`314.5 <= x < 500 mL`), a cut-off quoted in words
("below the 314.5 mL threshold"), and whether a number is one of the cited criteria's limits. Read by numeric
grounding (`numbers`), which grounds such a number by the cited limits instead of the measured values.
"""

from __future__ import annotations

import math
import re

from questions.intents.answers import NumberMention

__all__ = ["THRESHOLD_WORDS", "in_comparison", "is_threshold", "worded_as_threshold"]


def in_comparison(text: str, mention: NumberMention) -> bool:
    """Whether a number stands in a band (`314.5 ≤ x < 500 mL`): a threshold, not a measured value."""
    before, after = text[max(0, mention.start - 3):mention.start], text[mention.end:mention.end + 3]
    return any(sign in before + after for sign in "<>≤≥")


THRESHOLD_WORDS = re.compile(r"\b(thresholds?|cut-?offs?|limits?|triggers?|above|below|under|over|exceed\w*|than|at least|between|"
                             r"at most|or less|or more|up to|separates?|defin\w*|short of|needed|required|qualif\w*|reach\w*|from|"
                             r"starts? at|begins? at|onwards|maxim\w*|minim\w*|ceiling|upper normal|lower normal|(?:upper|lower) (?:end|bound)|"
                             r"normal range)\b")


def worded_as_threshold(text: str, mention: NumberMention, task: str) -> bool:
    """A cut-off quoted in words ("below the 314.5 mL threshold"), or any number of a knowledge answer."""
    if task == "knowledge question":
        return True
    around = text[max(0, mention.start - 40):mention.end + 25].lower()
    return THRESHOLD_WORDS.search(around) is not None


def is_threshold(mention: NumberMention, thresholds: list[tuple[str | None, float]]) -> bool:
    """Whether the number is a cited limit: exactly, or with a unit as printed to its precision ("0.315 L",
    "315 mL" for 314.5 mL); a bare number only exactly (a ratio's "1" is not 0.7 or 1.2)."""
    converted = mention.in_evidence_unit()
    for dim, value in thresholds:
        if converted is not None:  # a number with a unit is a threshold of that dimension, or nothing
            slack = mention.tolerance * (converted[1] / mention.value if mention.value else 1.0)
            if dim == converted[0] and abs(converted[1] - value) <= slack + 1e-9 * abs(value):
                return True
        elif math.isclose(mention.value, value, rel_tol=1e-9, abs_tol=1e-9):
            return True
    return False
