"""The lesion kind asked is the kind measured: a tumour's size is not a cyst's.

"What is the size of the kidney tumour?" on a kidney holding only a simple cyst answered "24.5 mm" gives the cyst's
diameter: the group's largest lesion (`kidney_lesion.largest_lesion_*`) lies in the `kidney_cyst` mask
(`largest_lesion_mask`). Which mask holds which kind is `questions.resolve.TYPED_MASK`, the table understanding plans
the typed quantities from; a value of the group's largest lesion answers a question naming one kind only when that
lesion lies in that kind's mask.
"""

from __future__ import annotations

from agents.review_checks.base import ReviewInput
from core.case import Evidence
from questions.intents import extract
from questions.resolve import TYPED_MASK


def other_kind_given(review: ReviewInput, given: list[Evidence]) -> str | None:
    """Why the values `given` are of another lesion kind than the one the question names; None when they are not."""
    group = review.intent.lesion
    kinds = list(dict.fromkeys(extract(review.question or "").lesion_kinds))
    if group is None or len(kinds) != 1:
        return None
    asked = TYPED_MASK.get((group, kinds[0]))
    held = review.by_key.get(f"{group}.largest_lesion_mask")
    if asked is None or held is None or not isinstance(held.value, str) or held.value == asked:
        return None
    largest = [e for e in given if e.target == group and e.name.startswith("largest_lesion_")]
    if not largest:
        return None
    return (f"the question asks about the {kinds[0]}, but {largest[0].id!r} is the largest {group.replace('_', ' ')}, "
            f"which lies in the {held.value} mask")


__all__ = ["other_kind_given"]
