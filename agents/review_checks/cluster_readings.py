"""Liver lesion clustering stated while its two readings disagree (`knowledge.clustering`).

When a lesion spans Couinaud segments, counting it in its main segment and counting it in every segment holding
> 10 % of it can give different clustering labels. An answer that states one of them then picks a reading the
criterion does not name: it is refused, and the case abstains naming both.
"""

from __future__ import annotations

from agents.review_checks.base import ReviewInput, failed, numeric, passed
from core.case import Check
from knowledge.clustering import ENTRY_ID, READINGS, readings

__all__ = ["cluster_readings"]

LABELS = ("highly clustered", "somewhat clustered", "widely distributed")


def cluster_readings(review: ReviewInput) -> Check:
    """A clustering label is stated only when both readings of the criterion give it."""
    name = "cluster_readings"
    text = review.claim_text.lower()
    stated = [label for label in LABELS if label in text]
    if not stated or review.answer is None:
        return passed(name, "states no clustering label")
    entry = review.base.get(ENTRY_ID) if review.base is not None and ENTRY_ID in review.base else None
    values = {k: v for k in [*READINGS, *READINGS.values()]
              if (item := review.by_key.get(k)) is not None and (v := numeric(item)) is not None}
    from knowledge import KnowledgeError

    try:
        both = readings(entry, values) if entry is not None else None
    except KnowledgeError:
        both = None
    if both is None or both[0] == both[1]:
        return passed(name, "one clustering reading, or both readings agree")
    ids = [review.by_key[k].id for k in values]
    return failed(name, f"states {stated[0]!r}, but the readings disagree: counted in its main segment, the lesions are "
                        f"{both[0]}; counted in every segment holding > 10 % of a lesion, {both[1]}", "reasoner", ids)
