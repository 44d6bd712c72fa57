"""What an answer says around its value, each against what was measured (session 14b's kinds, one entry point for
`claims.support`): a pertinent negative nothing looked for (`negatives`), a plane, part or Couinaud name the value
does not have (`measured_qualifiers`), a tissue word the attenuation contradicts (`tissue_words`), a threshold of
another organ or none (`foreign_thresholds`), stable or changed against measurement noise (`change_noise`)."""

from __future__ import annotations

from agents.review_checks.base import ReviewInput
from agents.review_checks.change_noise import noise_contradicted
from agents.review_checks.foreign_thresholds import foreign_thresholds
from agents.review_checks.measured_qualifiers import misnamed_segments, unmeasured_parts, unmeasured_planes
from agents.review_checks.negatives import unassessed_negatives
from agents.review_checks.tissue_words import contradicted_tissue

__all__ = ["context_claims"]


def context_claims(review: ReviewInput) -> list[str]:
    """Every reason, one per problem, that what the answer says around its value contradicts or lacks evidence."""
    return [*unassessed_negatives(review), *unmeasured_planes(review), *unmeasured_parts(review),
            *misnamed_segments(review), *contradicted_tissue(review), *foreign_thresholds(review),
            *noise_contradicted(review)]
