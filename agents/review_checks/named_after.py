"""What a number is said to be after it: "-47.3 HU is the mean attenuation of the pancreatic lesion".

A value can match a cited item while the words after it call it another quantity or another structure's: the
lesion-minus-organ difference called the lesion's mean attenuation, the pancreas's volume called the tumour's
(reviewer set 25h). The label after "is / was / represents (the)" names a quantity, a structure, or both; some item
the number states must be of that quantity and that structure.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, stated_numbers, target_families
from agents.review_checks.bound_words import sentences
from core.case import Evidence
from questions.intents import extract

__all__ = ["misnamed_after"]

LABEL_AFTER = re.compile(r"\s*(?:is|was|represents|corresponds to|equals)\s+(?:the|its|an?)\s+([^.;,()\n]{3,80})",
                         re.IGNORECASE)
"""A label said after a number: "is the mean attenuation of the pancreatic lesion"."""
QUANTITY_WORDS: dict[str, re.Pattern[str]] = {
    "mean_hu": re.compile(r"\b(?:mean |average )?(?:attenuation|density)\b(?!\s+(?:difference|ratio|gap))|\bmean hu\b",
                          re.IGNORECASE),
    "difference": re.compile(r"\bdifference\b|\bgap\b|\bminus\b", re.IGNORECASE),
    "volume": re.compile(r"\bvolume\b", re.IGNORECASE),
    "diameter": re.compile(r"\b(?:diameter|long(?:est)? axis|size)\b", re.IGNORECASE),
    "ratio": re.compile(r"\bratio\b", re.IGNORECASE),
}
"""Quantity words -> the word an item's name holds for it."""
LESION_WORD = re.compile(r"\b(?:lesion|tumou?r|mass|cyst|nodule|metastas[ie]s)\b", re.IGNORECASE)


def _fits(e: Evidence, label: str) -> bool:
    """Whether the item is of the quantity and the structure the label names (whatever it leaves unnamed)."""
    named = [q for q, words in QUANTITY_WORDS.items() if words.search(label)]
    if named and not any(q in e.name for q in named):
        return False
    organs = set(extract(label).organs)
    if organs and not organs & target_families(e.target):
        return False
    lesion_said, lesion_item = LESION_WORD.search(label) is not None, "_lesion" in (e.target or "")
    return lesion_said == lesion_item or not (organs or lesion_said)


def misnamed_after(review: ReviewInput) -> list[str]:
    """Numbers whose label after them names a quantity or structure none of the cited items it states is."""
    from agents.review_checks.numbers import states_value

    if review.answer is None:
        return []
    problems = []
    for _, sentence in sentences(review.claim_text):
        for mention in stated_numbers(sentence):
            label = LABEL_AFTER.match(sentence, mention.end)
            if label is None or mention.unit is None:
                continue
            items = [e for e in review.cited if states_value(mention, e)]
            if items and not any(_fits(e, label.group(1)) for e in items):
                problems.append(f"{sentence[mention.start:mention.end]!r} is the value of {items[0].id!r}, but the answer "
                                f"calls it the {label.group(1).strip()!r}")
    return problems
