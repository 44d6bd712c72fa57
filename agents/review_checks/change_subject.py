"""The change answered is the change asked: "How has the volume of the largest liver lesion changed?" answered with
the change in the total lesion volume answers another question (kind: largest lesion vs total, volume vs diameter vs
count).

The question's own change quantity (`Intent.quantities[0]`, read by `questions.longitudinal`: the largest lesion's
volume, the total volume, the largest diameter, the count) must be among the change items the answer cites, and the
answer's words must not call it the other one ("total" for the largest lesion, "largest" for the total).
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, passed
from core.case import Check

__all__ = ["change_subject"]

WORDS = {"largest_lesion_volume_change": "the largest lesion's volume", "total_lesion_volume_change": "the total lesion volume",
         "largest_lesion_diameter_change": "the largest lesion's diameter", "lesion_count_change": "the lesion count"}
TOTAL = re.compile(r"\b(total|combined|overall|sum of|all (the )?lesions)\b", re.IGNORECASE)
LARGEST = re.compile(r"\b(largest|biggest|dominant|index) (\w+ ){0,3}(lesions?|tumou?rs?|mass(es)?|metasta\w*)\b", re.IGNORECASE)


def _kind(name: str) -> str | None:
    return next((k for k in WORDS if name.startswith(k)), None)


def change_subject(review: ReviewInput) -> Check:
    """The change item cited is of the quantity the question asks; the words do not name the other quantity."""
    name = "change_subject"
    asked = review.intent.quantities[0].split(".", 1)[-1] if review.intent.task == "lesion change" and \
        review.intent.quantities else ""
    wanted = _kind(asked)
    if wanted is None or review.answer is None:
        return passed(name, "no lesion change of a named quantity asked")
    cited = {k for e in review.cited if (k := _kind(e.name)) is not None}
    if cited and wanted not in cited:
        other = sorted(cited)[0]
        return failed(name, f"answers the change in {WORDS[other]}, but the question asks the change in {WORDS[wanted]}",
                      "reasoner")
    text = review.claim_text
    if wanted.startswith("largest") and TOTAL.search(text):
        return failed(name, f"speaks of the {TOTAL.search(text).group(0)!r} lesion volume, but the question asks the "  # type: ignore[union-attr]
                            f"change in {WORDS[wanted]}", "reasoner")
    if wanted.startswith("total") and LARGEST.search(text) and not TOTAL.search(text):
        return failed(name, f"speaks of {LARGEST.search(text).group(0)!r}, but the question asks the change in "  # type: ignore[union-attr]
                            f"{WORDS[wanted]}", "reasoner")
    return passed(name, f"the change answered is {WORDS[wanted]}, as asked")
