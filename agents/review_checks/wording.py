"""Wording: the words an answer puts around its values say what the values are.

A value can match its evidence while the words beside it misname it: a mean called the maximum, a diameter
called a radius, mild splenomegaly called marked, "all lesions in segment 7" with one in segment 6, the smaller
kidney called the larger. Each module reads one kind of word against the evidence or the registry criterion.
"""

from __future__ import annotations

from agents.review_checks.attenuation_words import misstated_attenuation
from agents.review_checks.axes import misnamed_axes
from agents.review_checks.base import ReviewInput, failed, passed
from agents.review_checks.named_after import misnamed_after
from agents.review_checks.paired_sizes import false_side_sizes
from agents.review_checks.qualifiers import contradicted_qualifiers
from agents.review_checks.quantifiers import false_quantifiers
from agents.review_checks.stated_limits import misnamed_limits, misplaced_values, misplaced_worded_limits
from agents.review_checks.statistic_words import misnamed_statistics
from core.case import Check

__all__ = ["wording"]

NAME = "wording"


def wording(review: ReviewInput) -> Check:
    """Every statistic, axis, quantifier, qualitative word and side comparison said of a value is true of it."""
    if review.answer is None or review.intent.task == "knowledge question":
        return passed(NAME, "no measured value is worded (a knowledge answer quotes its criterion)")
    problems = (misnamed_statistics(review) + misnamed_axes(review) + false_quantifiers(review)
                + contradicted_qualifiers(review) + false_side_sizes(review) + misplaced_values(review)
                + misnamed_limits(review) + misplaced_worded_limits(review) + misstated_attenuation(review)
                + misnamed_after(review))
    if problems:
        return failed(NAME, "; ".join(dict.fromkeys(problems)), "reasoner")
    return passed(NAME, "every word said of a value agrees with its evidence")
