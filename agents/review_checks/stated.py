"""Criteria the question states itself: the reviewer applies the question's own cut-off, as the reasoner does.

"Using a 15% threshold on (larger − smaller) / larger kidney volume, are the kidneys symmetric?" is
decided by `knowledge.stated`, the one definition both read; a side or a symmetry the measured
volumes do not support under that cut-off is a finding.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, passed
from core.case import Check
from core.tasks import REGISTRY
from knowledge.stated import SYMMETRIC, paired_asymmetry

NAME = "rule_grounding"


def _first_sentence(review: ReviewInput) -> str:
    return re.split(r"\.(?:\s|$)|\n", review.claim_text.lstrip(" .:"), maxsplit=1)[0].lower()


def stated_asymmetry(review: ReviewInput) -> Check | None:
    """Symmetric or the larger side, as the question's stated cut-off decides; None when no cut-off is stated."""
    intent = review.intent
    spec = REGISTRY.get(intent.task)
    if intent.cutoff_pct is None or spec is None or spec.cutoff_quantity is None or intent.lesion_burden \
            or (intent.polar and intent.task == "kidney volume comparison"):  # "is the left one 10 % larger?"
        return None
    left, right = review.number("kidney_left.volume_ml"), review.number("kidney_right.volume_ml")
    if left is None or right is None:
        return failed(NAME, "the question states a cut-off on kidney volumes, but both volumes are not cited",
                      "measurement")
    label, pct = paired_asymmetry(spec.cutoff_quantity, left, right, intent.cutoff_pct)
    said = _first_sentence(review)
    says_asymmetric = re.search(r"\basymmetr\w*|\b(left|right) (kidney )?(is )?larger\b", said) is not None
    says_symmetric = re.search(r"(?<!a)symmetr\w*|\bneither\b", said) is not None and not says_asymmetric
    sides = {s for s in ("left", "right") if re.search(rf"\b{s}\b", said)}
    rule = f"(larger − smaller) / larger = {pct:.1f}% against the stated {intent.cutoff_pct:g}%"
    if label == SYMMETRIC:
        if says_asymmetric or sides or not says_symmetric:
            return failed(NAME, f"the kidneys are symmetric by the question's cut-off: {rule}", "reasoner")
        return passed(NAME, f"symmetric, as stated: {rule}")
    side = label.split()[0]
    if says_symmetric or sides != {side}:
        return failed(NAME, f"the {side} kidney is larger beyond the question's cut-off: {rule}", "reasoner")
    return passed(NAME, f"{label}, as stated: {rule}")
